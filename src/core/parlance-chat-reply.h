/* parlance-chat-reply.h — an assistant reply as it streams in, and what ended it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-limit-error.h"

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_REPLY_STATUS_WAITING,     /* sent, nothing back yet */
  PARLANCE_REPLY_STATUS_STREAMING,
  PARLANCE_REPLY_STATUS_COMPLETE,
  PARLANCE_REPLY_STATUS_CANCELLED,   /* stopped by the user; keeps what arrived */
  PARLANCE_REPLY_STATUS_FAILED,      /* keeps what arrived; see the error */
} ParlanceReplyStatus;

typedef struct
{
  guint  index;
  char  *id;
  char  *type;
  char  *name;
  GString *arguments;
} ParlanceToolCall;

/* No model asks for more at once; a stream that does is not read further. */
#define PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS 1024

#define PARLANCE_TYPE_CHAT_REPLY (parlance_chat_reply_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceChatReply, parlance_chat_reply, PARLANCE, CHAT_REPLY, GObject)

ParlanceChatReply   *parlance_chat_reply_new                  (void);
ParlanceReplyStatus  parlance_chat_reply_get_status           (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_content          (ParlanceChatReply *self);
gsize                parlance_chat_reply_get_content_length   (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_reasoning        (ParlanceChatReply *self);
gsize                parlance_chat_reply_get_reasoning_length (ParlanceChatReply *self);
JsonArray           *parlance_chat_reply_get_reasoning_details (ParlanceChatReply *self);
guint                parlance_chat_reply_get_n_tool_calls     (ParlanceChatReply *self);
const ParlanceToolCall *parlance_chat_reply_get_tool_call     (ParlanceChatReply *self,
                                                               guint              position);
const char          *parlance_chat_reply_get_finish_reason    (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_generation_id    (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_model            (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_provider_name    (ParlanceChatReply *self);
gboolean             parlance_chat_reply_get_has_usage        (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_prompt_tokens    (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_completion_tokens (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_reasoning_tokens (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_cached_tokens    (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_total_tokens     (ParlanceChatReply *self);
gboolean             parlance_chat_reply_get_cost             (ParlanceChatReply *self,
                                                               double            *cost);
gint64               parlance_chat_reply_get_cost_pico        (ParlanceChatReply *self);
const GError        *parlance_chat_reply_get_error            (ParlanceChatReply *self);
const char          *parlance_chat_reply_get_server_message   (ParlanceChatReply *self);
guint                parlance_chat_reply_get_http_status      (ParlanceChatReply *self);
gint64               parlance_chat_reply_get_retry_after      (ParlanceChatReply *self);
gboolean             parlance_chat_reply_get_rate_limit       (ParlanceChatReply *self,
                                                               gint64            *limit,
                                                               gint64            *remaining,
                                                               gint64            *reset_ms);
ParlanceLimitError  *parlance_chat_reply_get_limit_error      (ParlanceChatReply *self);
const char * const  *parlance_chat_reply_get_moderation_reasons (ParlanceChatReply *self);
char                *parlance_chat_reply_to_json              (ParlanceChatReply *self);

/* For ParlanceChatClient, which fills the reply in. */
void _parlance_chat_reply_begin_batch       (ParlanceChatReply   *self);
void _parlance_chat_reply_end_batch         (ParlanceChatReply   *self);
void _parlance_chat_reply_set_status        (ParlanceChatReply   *self,
                                             ParlanceReplyStatus  status);
void _parlance_chat_reply_append_content    (ParlanceChatReply   *self,
                                             const char          *text,
                                             gssize               len);
void _parlance_chat_reply_append_reasoning  (ParlanceChatReply   *self,
                                             const char          *text,
                                             gssize               len);
void _parlance_chat_reply_add_reasoning_detail (ParlanceChatReply *self,
                                                JsonNode         *detail);
gboolean _parlance_chat_reply_merge_tool_call (ParlanceChatReply *self,
                                               gint64             index,
                                               const char        *id,
                                               const char        *type,
                                               const char        *name,
                                               const char        *arguments,
                                               gsize              max_arguments);
void _parlance_chat_reply_set_finish_reason (ParlanceChatReply   *self,
                                             const char          *finish_reason);
void _parlance_chat_reply_set_origin        (ParlanceChatReply   *self,
                                             const char          *generation_id,
                                             const char          *model,
                                             const char          *provider_name);
void _parlance_chat_reply_set_usage         (ParlanceChatReply   *self,
                                             JsonObject          *usage);
void _parlance_chat_reply_set_error         (ParlanceChatReply   *self,
                                             const GError        *error,
                                             const char          *server_message);
void _parlance_chat_reply_set_http_status   (ParlanceChatReply   *self,
                                             guint                status);
void _parlance_chat_reply_set_limit_error   (ParlanceChatReply   *self,
                                             ParlanceLimitError  *limit_error);
void _parlance_chat_reply_set_moderation_reasons (ParlanceChatReply *self,
                                                  GStrv             reasons);

G_END_DECLS
