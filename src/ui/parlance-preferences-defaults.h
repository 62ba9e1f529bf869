/* parlance-preferences-defaults.h — Preferences → New Conversations: the settings they start with.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_PREFERENCES_DEFAULTS (parlance_preferences_defaults_get_type ())

G_DECLARE_FINAL_TYPE (ParlancePreferencesDefaults, parlance_preferences_defaults,
                      PARLANCE, PREFERENCES_DEFAULTS, AdwPreferencesGroup)

G_END_DECLS
