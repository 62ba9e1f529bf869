/* parlance-provider-page.h — Preferences for one provider: its key, kept in the keyring.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_PROVIDER_PAGE (parlance_provider_page_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceProviderPage, parlance_provider_page, PARLANCE, PROVIDER_PAGE, AdwPreferencesPage)

GtkWidget        *parlance_provider_page_new          (ParlanceProvider     *provider);
ParlanceProvider *parlance_provider_page_get_provider (ParlanceProviderPage *self);

G_END_DECLS
