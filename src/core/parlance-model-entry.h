/* parlance-model-entry.h — one line of a list of models: a section heading, a model, or blank.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-model.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MODEL_ENTRY (parlance_model_entry_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelEntry, parlance_model_entry, PARLANCE, MODEL_ENTRY, GObject)

ParlanceModelEntry *parlance_model_entry_new              (void);
ParlanceModel      *parlance_model_entry_get_model        (ParlanceModelEntry *self);
const char         *parlance_model_entry_get_heading      (ParlanceModelEntry *self);
gboolean            parlance_model_entry_get_is_favourite (ParlanceModelEntry *self);
gboolean            parlance_model_entry_get_is_recent    (ParlanceModelEntry *self);
gboolean            parlance_model_entry_update           (ParlanceModelEntry *self,
                                                           ParlanceModel      *model,
                                                           const char         *heading,
                                                           gboolean            is_favourite,
                                                           gboolean            is_recent);

G_END_DECLS
