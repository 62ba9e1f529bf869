/* parlance-conversation-view.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-chat-session.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CONVERSATION_VIEW (parlance_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceConversationView, parlance_conversation_view,
                      PARLANCE, CONVERSATION_VIEW, GtkWidget)

GtkWidget           *parlance_conversation_view_new          (void);
ParlanceChatSession *parlance_conversation_view_get_session  (ParlanceConversationView *self);
void                 parlance_conversation_view_set_session  (ParlanceConversationView *self,
                                                              ParlanceChatSession      *session);
void                 parlance_conversation_view_focus_composer (ParlanceConversationView *self);
void                 parlance_conversation_view_set_missing_key (ParlanceConversationView *self,
                                                                 ParlanceProvider         *provider);
gboolean             parlance_conversation_view_get_missing_key (ParlanceConversationView *self);
gboolean             parlance_conversation_view_get_following (ParlanceConversationView *self);
char                *parlance_conversation_view_dup_model_name (ParlanceConversationView *self);
gboolean             parlance_conversation_view_show_message   (ParlanceConversationView *self,
                                                                gint64                    message_id,
                                                                const char * const       *terms,
                                                                gboolean                  focus);

G_END_DECLS
