/* parlance-preferences-window.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-application.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_PREFERENCES_WINDOW (parlance_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ParlancePreferencesWindow, parlance_preferences_window,
                      PARLANCE, PREFERENCES_WINDOW, AdwPreferencesWindow)

ParlancePreferencesWindow *parlance_preferences_window_new (ParlanceApplication *application,
                                                            GtkWindow           *parent);
void                       parlance_preferences_window_show_provider (ParlancePreferencesWindow *self,
                                                                      const char                *provider_id);
void                       parlance_preferences_window_show_limits (ParlancePreferencesWindow *self);

G_END_DECLS
