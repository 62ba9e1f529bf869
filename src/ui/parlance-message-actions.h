/* parlance-message-actions.h — the buttons under a message: its versions, Copy, Regenerate,
 * Regenerate With…, Edit, Delete, Continue.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-chat-session.h"
#include "parlance-message.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MESSAGE_ACTIONS (parlance_message_actions_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessageActions, parlance_message_actions, PARLANCE, MESSAGE_ACTIONS, GtkWidget)

void parlance_message_actions_set_message     (ParlanceMessageActions *self,
                                               ParlanceMessage        *message);
/* Deletes at once the messages of @session whose Undo toast is still up (before a message is
 * sent, so that a deleted message is no part of the history sent). */
void parlance_message_actions_finish_deletes  (ParlanceChatSession    *session);
void parlance_message_actions_send_with_another_model (ParlanceMessageActions *self);

G_END_DECLS
