/* parlance-model-row.h — one row of the model picker: a section heading or a model.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-model-entry.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MODEL_ROW (parlance_model_row_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelRow, parlance_model_row, PARLANCE, MODEL_ROW, GtkWidget)

GtkWidget          *parlance_model_row_new       (void);
ParlanceModelEntry *parlance_model_row_get_entry (ParlanceModelRow   *self);
void                parlance_model_row_set_entry (ParlanceModelRow   *self,
                                                  ParlanceModelEntry *entry);

G_END_DECLS
