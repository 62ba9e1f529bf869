/* parlance-conversation-list.h — the saved conversations as a GListModel, kept in step with the store.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-conversation.h"
#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CONVERSATION_LIST (parlance_conversation_list_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceConversationList, parlance_conversation_list,
                      PARLANCE, CONVERSATION_LIST, GObject)

ParlanceConversationList *parlance_conversation_list_new        (ParlanceStore            *store,
                                                                 ParlanceStoreListFlags    flags);
ParlanceStore            *parlance_conversation_list_get_store  (ParlanceConversationList *self);
gboolean                  parlance_conversation_list_get_loaded (ParlanceConversationList *self);
void                      parlance_conversation_list_reload     (ParlanceConversationList *self);
void                      parlance_conversation_list_read_rest  (ParlanceConversationList *self);
guint                     parlance_conversation_list_find       (ParlanceConversationList *self,
                                                                 gint64                    id);
ParlanceConversation     *parlance_conversation_list_lookup     (ParlanceConversationList *self,
                                                                 gint64                    id);
void                      parlance_conversation_list_hide       (ParlanceConversationList *self,
                                                                 gint64                    id);
void                      parlance_conversation_list_unhide     (ParlanceConversationList *self,
                                                                 gint64                    id);

G_END_DECLS
