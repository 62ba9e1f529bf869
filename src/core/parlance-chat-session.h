/* parlance-chat-session.h — one conversation: its messages, and sending, stopping, retrying.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-message.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CHAT_SESSION (parlance_chat_session_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceChatSession, parlance_chat_session, PARLANCE, CHAT_SESSION, GObject)

ParlanceChatSession *parlance_chat_session_new          (ParlanceProvider    *provider,
                                                         const char          *model);
GListModel          *parlance_chat_session_get_messages (ParlanceChatSession *self);
ParlanceProvider    *parlance_chat_session_get_provider (ParlanceChatSession *self);
void                 parlance_chat_session_set_provider (ParlanceChatSession *self,
                                                         ParlanceProvider    *provider);
const char          *parlance_chat_session_get_model    (ParlanceChatSession *self);
void                 parlance_chat_session_set_model    (ParlanceChatSession *self,
                                                         const char          *model);
ParlanceChatClient  *parlance_chat_session_get_client   (ParlanceChatSession *self);
void                 parlance_chat_session_set_key_store (ParlanceChatSession *self,
                                                          ParlanceKeyStore    *key_store);
gboolean             parlance_chat_session_get_busy     (ParlanceChatSession *self);
gboolean             parlance_chat_session_send         (ParlanceChatSession *self,
                                                         const char          *text,
                                                         GError             **error);
void                 parlance_chat_session_stop         (ParlanceChatSession *self);
gboolean             parlance_chat_session_retry        (ParlanceChatSession *self,
                                                         GError             **error);

G_END_DECLS
