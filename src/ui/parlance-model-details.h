/* parlance-model-details.h — everything known of one model: description and all the numbers.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-model.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MODEL_DETAILS (parlance_model_details_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelDetails, parlance_model_details, PARLANCE, MODEL_DETAILS, GtkWidget)

ParlanceModel *parlance_model_details_get_model (ParlanceModelDetails *self);
void           parlance_model_details_set_model (ParlanceModelDetails *self,
                                                 ParlanceModel        *model);

void           parlance_model_details_set_favourite (ParlanceModelDetails *self,
                                                     gboolean              favourite);

G_END_DECLS
