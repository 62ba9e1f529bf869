/* parlance-application.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_APPLICATION (parlance_application_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceApplication, parlance_application, PARLANCE, APPLICATION, AdwApplication)

ParlanceApplication *parlance_application_new          (void);
GSettings           *parlance_application_get_settings (ParlanceApplication *self);
void                 parlance_application_hold_saving    (ParlanceApplication *self);
void                 parlance_application_release_saving (ParlanceApplication *self);
guint                parlance_application_get_saving     (ParlanceApplication *self);

G_END_DECLS
