/* parlance-providers-page.h — Preferences → Providers: every provider, and adding your own.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-provider-registry.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_PROVIDERS_PAGE (parlance_providers_page_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceProvidersPage, parlance_providers_page, PARLANCE, PROVIDERS_PAGE, AdwPreferencesPage)

GtkWidget *parlance_providers_page_new             (ParlanceProviderRegistry *registry);
void       parlance_providers_page_remove_provider (ParlanceProvidersPage    *self,
                                                    const char               *id);

G_END_DECLS
