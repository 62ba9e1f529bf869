/* parlance-message-row.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-message.h"
#include "parlance-model-catalog.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MESSAGE_ROW (parlance_message_row_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessageRow, parlance_message_row, PARLANCE, MESSAGE_ROW, GtkWidget)

GtkWidget       *parlance_message_row_new         (void);
ParlanceMessage *parlance_message_row_get_message (ParlanceMessageRow *self);
void             parlance_message_row_set_message (ParlanceMessageRow *self,
                                                   ParlanceMessage    *message);
void             parlance_message_row_set_catalog (ParlanceMessageRow   *self,
                                                   ParlanceModelCatalog *catalog);
/* The words a search found the message by, highlighted in its text (NULL: none). */
void             parlance_message_row_set_highlight (ParlanceMessageRow *self,
                                                     const char * const *terms);

G_END_DECLS
