/* parlance-limit-error.h — why a provider refused an answer: which limit, until when, what to do.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * ParlanceLimitKind:
 * @PARLANCE_LIMIT_KIND_OTHER: none of the others (a bad request, a key refused, a 500…)
 * @PARLANCE_LIMIT_KIND_PER_MINUTE: too many requests in a short window: wait, then retry
 * @PARLANCE_LIMIT_KIND_DAILY: the day's quota is used up until its reset
 * @PARLANCE_LIMIT_KIND_UPSTREAM: the router's upstream provider is rate-limiting the model
 * @PARLANCE_LIMIT_KIND_CREDITS: out of credits (402, or OpenAI's `insufficient_quota`)
 * @PARLANCE_LIMIT_KIND_OVERLOADED: the provider is overloaded, or no endpoint serves the model
 *   (502, 503, 529, "No endpoints found")
 * @PARLANCE_LIMIT_KIND_CONTEXT_LENGTH: the conversation does not fit the model's context
 */
typedef enum
{
  PARLANCE_LIMIT_KIND_OTHER,
  PARLANCE_LIMIT_KIND_PER_MINUTE,
  PARLANCE_LIMIT_KIND_DAILY,
  PARLANCE_LIMIT_KIND_UPSTREAM,
  PARLANCE_LIMIT_KIND_CREDITS,
  PARLANCE_LIMIT_KIND_OVERLOADED,
  PARLANCE_LIMIT_KIND_CONTEXT_LENGTH,
} ParlanceLimitKind;

/* The most of an error body that is read; the rest is not looked at. */
#define PARLANCE_LIMIT_ERROR_MAX_BODY (64 * 1024)

/* Where OpenRouter sells credits. */
#define PARLANCE_OPENROUTER_CREDITS_URL "https://openrouter.ai/settings/credits"

#define PARLANCE_TYPE_LIMIT_ERROR (parlance_limit_error_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceLimitError, parlance_limit_error, PARLANCE, LIMIT_ERROR, GObject)

ParlanceLimitError *parlance_limit_error_new_from_http   (const char         *provider_id,
                                                          const char         *provider_name,
                                                          guint               status,
                                                          SoupMessageHeaders *headers,
                                                          const char         *body,
                                                          gsize               len,
                                                          GDateTime          *now);
ParlanceLimitError *parlance_limit_error_new_from_object (const char         *provider_id,
                                                          const char         *provider_name,
                                                          guint               status,
                                                          SoupMessageHeaders *headers,
                                                          JsonObject         *error,
                                                          GDateTime          *now);

ParlanceLimitKind   parlance_limit_error_get_kind           (ParlanceLimitError *self);
const char         *parlance_limit_error_get_message        (ParlanceLimitError *self);
const char         *parlance_limit_error_get_provider_id    (ParlanceLimitError *self);
guint               parlance_limit_error_get_http_status    (ParlanceLimitError *self);
const char         *parlance_limit_error_get_server_message (ParlanceLimitError *self);
const char         *parlance_limit_error_get_error_type     (ParlanceLimitError *self);
const char         *parlance_limit_error_get_upstream       (ParlanceLimitError *self);
gint64              parlance_limit_error_get_retry_after    (ParlanceLimitError *self);
GDateTime          *parlance_limit_error_get_retry_at       (ParlanceLimitError *self);
gboolean            parlance_limit_error_get_rate_limit     (ParlanceLimitError *self,
                                                             gint64             *limit,
                                                             gint64             *remaining,
                                                             gint64             *reset_ms);
GDateTime          *parlance_limit_error_get_daily_reset    (ParlanceLimitError *self);
gboolean            parlance_limit_error_is_rate_limit      (ParlanceLimitError *self);

const char         *parlance_limit_kind_to_string           (ParlanceLimitKind   kind);
GDateTime          *parlance_limit_dup_daily_reset          (const char         *provider_id,
                                                             GDateTime          *now);

/* For the core (parlance-http-error.c, the chat client): the words shown, with no key in them. */
gboolean            _parlance_limit_kind_has_own_words      (ParlanceLimitKind   kind);
void                _parlance_limit_error_set_message       (ParlanceLimitError *self,
                                                             const char         *message);
void                _parlance_limit_error_set_server_message (ParlanceLimitError *self,
                                                              const char         *server_message);
void                _parlance_limit_error_set_upstream      (ParlanceLimitError *self,
                                                             const char         *upstream);

G_END_DECLS
