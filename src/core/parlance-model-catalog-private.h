/* parlance-model-catalog-private.h — shared by the files of ParlanceModelCatalog.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-model-catalog.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

/* Sends GET /models to @bound and completes @task (whose source is @self) with the result. */
void parlance_model_catalog_fetch_from (ParlanceModelCatalog *self,
                                        ParlanceProvider     *bound,
                                        const char           *api_key,
                                        GPtrArray            *secret_headers,
                                        GTask                *task);

G_END_DECLS
