/* parlance-chat-request.h — what is sent to /chat/completions.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_CHAT_REQUEST (parlance_chat_request_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceChatRequest, parlance_chat_request, PARLANCE, CHAT_REQUEST, GObject)

ParlanceChatRequest *parlance_chat_request_new             (const char          *model);
const char          *parlance_chat_request_get_model       (ParlanceChatRequest *self);
void                 parlance_chat_request_add_message     (ParlanceChatRequest *self,
                                                            const char          *role,
                                                            const char          *content);
guint                parlance_chat_request_get_n_messages  (ParlanceChatRequest *self);
void                 parlance_chat_request_set_temperature (ParlanceChatRequest *self,
                                                            double               temperature);
void                 parlance_chat_request_set_max_tokens  (ParlanceChatRequest *self,
                                                            gint64               max_tokens);
gint64               parlance_chat_request_get_max_tokens  (ParlanceChatRequest *self);
gint64               parlance_chat_request_estimate_prompt_tokens (ParlanceChatRequest *self);
void                 parlance_chat_request_set_top_p       (ParlanceChatRequest *self,
                                                            double               top_p);
void                 parlance_chat_request_set_reasoning_effort (ParlanceChatRequest *self,
                                                                 const char          *effort,
                                                                 gboolean             nested);
void                 parlance_chat_request_set_extra       (ParlanceChatRequest *self,
                                                            const char          *name,
                                                            JsonNode            *value);
GBytes              *parlance_chat_request_to_bytes        (ParlanceChatRequest *self,
                                                            const char          *model_override);

G_END_DECLS
