/* parlance-model-catalog.h — the models of one provider, cached on disk.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-key-store.h"
#include "parlance-model.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

/* The largest list of models read, from a provider or from the cache. */
#define PARLANCE_MODEL_CATALOG_DEFAULT_MAX_SIZE ((gsize) 32 * 1000 * 1000)

#define PARLANCE_TYPE_MODEL_CATALOG (parlance_model_catalog_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelCatalog, parlance_model_catalog, PARLANCE, MODEL_CATALOG, GObject)

GPtrArray            *parlance_model_catalog_parse             (const char            *json,
                                                                gsize                  len,
                                                                const char            *provider_id,
                                                                GError               **error);

ParlanceModelCatalog *parlance_model_catalog_new               (ParlanceProvider      *provider);
ParlanceProvider     *parlance_model_catalog_get_provider      (ParlanceModelCatalog  *self);
char                 *parlance_model_catalog_dup_cache_path    (ParlanceModelCatalog  *self);
void                  parlance_model_catalog_set_max_size      (ParlanceModelCatalog  *self,
                                                                gsize                  bytes);
gsize                 parlance_model_catalog_get_max_size      (ParlanceModelCatalog  *self);
gint64                parlance_model_catalog_get_fetched_at    (ParlanceModelCatalog  *self);
gboolean              parlance_model_catalog_get_is_stale      (ParlanceModelCatalog  *self,
                                                                gint64                 max_age_seconds);
ParlanceModel        *parlance_model_catalog_lookup            (ParlanceModelCatalog  *self,
                                                                const char            *id);
GPtrArray            *parlance_model_catalog_dup_filtered      (ParlanceModelCatalog  *self,
                                                                const ParlanceModelFilter *filter,
                                                                ParlanceModelSort      sort);

void                  parlance_model_catalog_load_cached_async (ParlanceModelCatalog  *self,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
gboolean              parlance_model_catalog_load_cached_finish (ParlanceModelCatalog *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);
void                  parlance_model_catalog_refresh_async     (ParlanceModelCatalog  *self,
                                                                const char            *api_key,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
gboolean              parlance_model_catalog_refresh_finish    (ParlanceModelCatalog  *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);
void                  parlance_model_catalog_refresh_with_key_async  (ParlanceModelCatalog *self,
                                                                      ParlanceKeyStore     *key_store,
                                                                      GCancellable         *cancellable,
                                                                      GAsyncReadyCallback   callback,
                                                                      gpointer              user_data);
gboolean              parlance_model_catalog_refresh_with_key_finish (ParlanceModelCatalog *self,
                                                                      GAsyncResult         *result,
                                                                      ParlanceKeySource    *source,
                                                                      GError              **error);

G_END_DECLS
