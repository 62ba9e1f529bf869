/* parlance-conversation-settings.h — the open conversation's system prompt and sampling settings.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-chat-session.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CONVERSATION_SETTINGS (parlance_conversation_settings_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceConversationSettings, parlance_conversation_settings,
                      PARLANCE, CONVERSATION_SETTINGS, GtkPopover)

void     parlance_conversation_settings_set_session (ParlanceConversationSettings *self,
                                                     ParlanceChatSession          *session);
/* Whether the model's catalogue entry lists reasoning effort (the row shows only then). */
gboolean parlance_conversation_settings_supports_reasoning (const char * const *supported_parameters);

G_END_DECLS
