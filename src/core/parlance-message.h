/* parlance-message.h — one message of a conversation, growing in place while it streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_ROLE_USER,
  PARLANCE_ROLE_ASSISTANT,
  PARLANCE_ROLE_SYSTEM,
  PARLANCE_ROLE_TOOL,
} ParlanceRole;

typedef enum
{
  PARLANCE_MESSAGE_COMPLETE,
  PARLANCE_MESSAGE_WAITING,      /* sent; nothing has come back yet */
  PARLANCE_MESSAGE_STREAMING,
  PARLANCE_MESSAGE_INTERRUPTED,  /* stopped by the user; keeps what arrived */
  PARLANCE_MESSAGE_ERROR,        /* failed; keeps what arrived, status text says why */
} ParlanceMessageStatus;

#define PARLANCE_TYPE_MESSAGE (parlance_message_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessage, parlance_message, PARLANCE, MESSAGE, GObject)

ParlanceMessage       *parlance_message_new              (ParlanceRole           role,
                                                          const char            *content);
ParlanceRole           parlance_message_get_role         (ParlanceMessage       *self);
const char            *parlance_message_get_role_name    (ParlanceMessage       *self);
const char            *parlance_message_get_content      (ParlanceMessage       *self);
gsize                  parlance_message_get_content_length (ParlanceMessage     *self);
void                   parlance_message_append_content   (ParlanceMessage       *self,
                                                          const char            *text);
const char            *parlance_message_get_reasoning    (ParlanceMessage       *self);
void                   parlance_message_append_reasoning (ParlanceMessage       *self,
                                                          const char            *text);
void                   parlance_message_clear            (ParlanceMessage       *self);
ParlanceMessageStatus  parlance_message_get_status       (ParlanceMessage       *self);
const char            *parlance_message_get_status_text  (ParlanceMessage       *self);
void                   parlance_message_set_status       (ParlanceMessage       *self,
                                                          ParlanceMessageStatus  status,
                                                          const char            *status_text);
const char            *parlance_message_get_model        (ParlanceMessage       *self);
void                   parlance_message_set_model        (ParlanceMessage       *self,
                                                          const char            *model);
gboolean               parlance_message_get_can_retry    (ParlanceMessage       *self);
void                   parlance_message_set_can_retry    (ParlanceMessage       *self,
                                                          gboolean               can_retry);
gint64                 parlance_message_get_retry_at     (ParlanceMessage       *self);
void                   parlance_message_set_retry_at     (ParlanceMessage       *self,
                                                          gint64                 retry_at);

/* What the store keeps beside the text (filled by the store and by the chat session).
 * Ids are the store's row ids, 0 when not saved. Counts, costs and times are -1 when unknown.
 * Cost is exact: integer pico-dollars (10^-12 USD), never a float sum. Times are microseconds:
 * created since the Unix epoch (UTC), time to first token and duration as spans. */
gint64                 parlance_message_get_id           (ParlanceMessage       *self);
void                   parlance_message_set_id           (ParlanceMessage       *self,
                                                          gint64                 id);
gint64                 parlance_message_get_parent_id    (ParlanceMessage       *self);
void                   parlance_message_set_parent_id    (ParlanceMessage       *self,
                                                          gint64                 parent_id);
guint                  parlance_message_get_lane         (ParlanceMessage       *self);
void                   parlance_message_set_lane         (ParlanceMessage       *self,
                                                          guint                  lane);
gint64                 parlance_message_get_created      (ParlanceMessage       *self);
void                   parlance_message_set_created      (ParlanceMessage       *self,
                                                          gint64                 created);
const char            *parlance_message_get_provider_id  (ParlanceMessage       *self);
void                   parlance_message_set_provider_id  (ParlanceMessage       *self,
                                                          const char            *provider_id);
const char            *parlance_message_get_finish_reason (ParlanceMessage      *self);
void                   parlance_message_set_finish_reason (ParlanceMessage      *self,
                                                           const char           *finish_reason);
void                   parlance_message_get_tokens       (ParlanceMessage       *self,
                                                          gint64                *tokens_in,
                                                          gint64                *tokens_out,
                                                          gint64                *tokens_reasoning,
                                                          gint64                *tokens_cached);
void                   parlance_message_set_tokens       (ParlanceMessage       *self,
                                                          gint64                 tokens_in,
                                                          gint64                 tokens_out,
                                                          gint64                 tokens_reasoning,
                                                          gint64                 tokens_cached);
gint64                 parlance_message_get_cost_pico    (ParlanceMessage       *self);
void                   parlance_message_set_cost_pico    (ParlanceMessage       *self,
                                                          gint64                 cost_pico);
gint64                 parlance_message_get_first_token_time (ParlanceMessage   *self);
void                   parlance_message_set_first_token_time (ParlanceMessage   *self,
                                                              gint64             span);
gint64                 parlance_message_get_duration     (ParlanceMessage       *self);
void                   parlance_message_set_duration     (ParlanceMessage       *self,
                                                          gint64                 span);
const char            *parlance_message_get_tool_calls   (ParlanceMessage       *self);
void                   parlance_message_set_tool_calls   (ParlanceMessage       *self,
                                                          const char            *json);
const char            *parlance_message_get_tool_call_id (ParlanceMessage       *self);
void                   parlance_message_set_tool_call_id (ParlanceMessage       *self,
                                                          const char            *tool_call_id);
const char            *parlance_message_get_generation_id (ParlanceMessage      *self);
void                   parlance_message_set_generation_id (ParlanceMessage      *self,
                                                           const char           *generation_id);
/* A reply another model of the fallback chain gave (issue #14): the model asked first, the
 * upstream provider that answered (OpenRouter's "provider", from the response), and the models
 * that failed before as a JSON array [{"model", "error", "reason", "status"}]. NULL: none. */
const char            *parlance_message_get_requested_model (ParlanceMessage    *self);
void                   parlance_message_set_requested_model (ParlanceMessage    *self,
                                                             const char         *model);
const char            *parlance_message_get_provider_name (ParlanceMessage      *self);
void                   parlance_message_set_provider_name (ParlanceMessage      *self,
                                                           const char           *provider_name);
const char            *parlance_message_get_attempts     (ParlanceMessage      *self);
void                   parlance_message_set_attempts     (ParlanceMessage      *self,
                                                          const char           *attempts_json);
/* Versions (issue #13): the message's place among its siblings (the messages with the same
 * parent: a regenerated reply, an edited question), @index from 0 in id order, @count >= 1.
 * Filled by the store's load_branch and by the chat session; notifies "siblings". */
guint                  parlance_message_get_sibling_index (ParlanceMessage      *self);
guint                  parlance_message_get_n_siblings   (ParlanceMessage       *self);
void                   parlance_message_set_siblings     (ParlanceMessage       *self,
                                                          guint                  index,
                                                          guint                  count);
/* Replaces the text at once (loading from the store); emits `cleared` then `content-appended`. */
void                   parlance_message_set_content      (ParlanceMessage       *self,
                                                          const char            *content);
void                   parlance_message_set_reasoning    (ParlanceMessage       *self,
                                                          const char            *reasoning);

/* Exact cost conversions: "0.0000123" <-> 12300000 pico-dollars; from a JSON double, rounded to
 * the nearest pico-dollar (exact for every realistic price). */
gint64                 parlance_cost_pico_from_double    (double                 dollars);
char                  *parlance_cost_pico_to_string      (gint64                 cost_pico);
/* For people: "$0.0123", "$1.50" — every digit kept, at least two decimals; NULL when unknown. */
char                  *parlance_cost_pico_format         (gint64                 cost_pico);

G_END_DECLS
