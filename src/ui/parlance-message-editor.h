/* parlance-message-editor.h — editing a question in its row, to send it again.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-message.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MESSAGE_EDITOR (parlance_message_editor_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessageEditor, parlance_message_editor, PARLANCE, MESSAGE_EDITOR, GtkWidget)

void     parlance_message_editor_set_message (ParlanceMessageEditor *self,
                                              ParlanceMessage       *message);
/* Shows the message's text in a text view in place of the text shown (the widget just before
 * the editor in its parent), focused. */
void     parlance_message_editor_start       (ParlanceMessageEditor *self);
void     parlance_message_editor_cancel      (ParlanceMessageEditor *self);
gboolean parlance_message_editor_get_editing (ParlanceMessageEditor *self);

G_END_DECLS
