/* parlance-cli-chats-private.h — what `parlance-cli chats` shares between its files.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-conversation.h"

G_BEGIN_DECLS

/* Columns a model's name takes in the list (twice that in a message's heading). */
#define MAX_MODEL_WIDTH 32

char *_parlance_cli_chats_dup_cell            (const char           *text,
                                               guint                 max_width);
void  _parlance_cli_chats_print_text          (const char           *text);
void  _parlance_cli_chats_print_show_json     (ParlanceConversation *conversation,
                                               GPtrArray            *messages);
void  _parlance_cli_chats_print_show_text     (ParlanceConversation *conversation,
                                               GPtrArray            *messages,
                                               gboolean              render);

G_END_DECLS
