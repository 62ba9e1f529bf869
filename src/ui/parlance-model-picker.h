/* parlance-model-picker.h — find the right model among hundreds in a keystroke.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-chat-session.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MODEL_PICKER (parlance_model_picker_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelPicker, parlance_model_picker, PARLANCE, MODEL_PICKER, AdwWindow)

ParlanceModelPicker *parlance_model_picker_new (GtkWindow           *parent,
                                                ParlanceChatSession *session);
/* Choosing only (Regenerate With…): a pick emits ::model-chosen (the model's provider, its
 * id) and closes; the session's provider and model stay. */
void                 parlance_model_picker_set_choose_only (ParlanceModelPicker *self,
                                                            gboolean             choose_only);

G_END_DECLS
