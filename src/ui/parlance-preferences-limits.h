/* parlance-preferences-limits.h — Preferences → Rate Limits: the user's figures per provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_PREFERENCES_LIMITS (parlance_preferences_limits_get_type ())

G_DECLARE_FINAL_TYPE (ParlancePreferencesLimits, parlance_preferences_limits,
                      PARLANCE, PREFERENCES_LIMITS, AdwPreferencesGroup)

GtkSpinButton *parlance_preferences_limits_get_spin (ParlancePreferencesLimits *self,
                                                     const char                *provider_id,
                                                     guint                      column);

G_END_DECLS
