/* parlance-preferences-routing.h — Preferences → Fallbacks: the default chain and routing.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_PREFERENCES_ROUTING (parlance_preferences_routing_get_type ())

G_DECLARE_FINAL_TYPE (ParlancePreferencesRouting, parlance_preferences_routing, PARLANCE, PREFERENCES_ROUTING, AdwPreferencesGroup)

G_END_DECLS
