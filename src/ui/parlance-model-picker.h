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

G_END_DECLS
