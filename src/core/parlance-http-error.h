/* parlance-http-error.h — an HTTP error answer, turned into words (private to the core).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "parlance-limit-error.h"

G_BEGIN_DECLS

/* Waits a server announces are believed up to a week; beyond, "in more than a week". */
#define PARLANCE_MAX_WAIT_SECONDS ((gint64) 7 * 24 * 3600)

typedef struct
{
  GError  *error;            /* a PARLANCE_API_ERROR, in words for the user */
  char    *server_message;   /* the provider's own words, or NULL */
  char    *upstream;         /* OpenRouter's upstream provider, or NULL */
  GStrv    moderation_reasons;
  ParlanceLimitError *limit; /* the classification, waits and rate limits; its message is error's */
} ParlanceHttpError;

ParlanceHttpError *_parlance_http_error_new   (const char         *provider_id,
                                               const char         *provider_name,
                                               guint               status,
                                               const char         *reason_phrase,
                                               SoupMessageHeaders *headers,
                                               const char         *body,
                                               gsize               len,
                                               const char         *endpoint_url);
void               _parlance_http_error_free  (ParlanceHttpError  *self);

JsonObject *_parlance_http_find_error_object  (JsonNode           *root);
char       *_parlance_http_server_message_of  (JsonObject         *error);
char       *_parlance_http_error_code_string  (JsonObject         *error);
char       *_parlance_http_describe_wait      (gint64              seconds);
gint64      _parlance_http_parse_wait         (const char         *retry_after,
                                               const char         *reset_ms,
                                               gint64              now_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceHttpError, _parlance_http_error_free)

G_END_DECLS
