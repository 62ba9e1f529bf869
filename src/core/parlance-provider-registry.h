/* parlance-provider-registry.h — the providers a user has: built-ins and custom ones.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-key-store.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_PROVIDER_REGISTRY_ERROR (parlance_provider_registry_error_quark ())

typedef enum
{
  PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME,   /* empty, or no letters or digits to make an id of */
  PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE,      /* a provider with that name or id exists */
  PARLANCE_PROVIDER_REGISTRY_ERROR_NOT_FOUND,
  PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN,        /* built-ins can't be removed or renamed */
  PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE,    /* providers.json could not be read */
  PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER,
  PARLANCE_PROVIDER_REGISTRY_ERROR_SECRET_HEADER,  /* a credential: it belongs in the keyring */
} ParlanceProviderRegistryError;

#define PARLANCE_TYPE_PROVIDER_REGISTRY (parlance_provider_registry_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceProviderRegistry, parlance_provider_registry,
                      PARLANCE, PROVIDER_REGISTRY, GObject)

GQuark                    parlance_provider_registry_error_quark (void);

/* A registry over $XDG_CONFIG_HOME/parlance/providers.json (or @path). It holds the built-ins
 * from the start; load adds the custom providers and the enabled flags. */
ParlanceProviderRegistry *parlance_provider_registry_new          (const char               *path);
ParlanceProviderRegistry *parlance_provider_registry_get_default  (void);

void                      parlance_provider_registry_load_async   (ParlanceProviderRegistry *self,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
gboolean                  parlance_provider_registry_load_finish  (ParlanceProviderRegistry *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);
gboolean                  parlance_provider_registry_load_sync    (ParlanceProviderRegistry *self,
                                                                   GError                  **error);
const GError             *parlance_provider_registry_get_load_error (ParlanceProviderRegistry *self);

/* A GListModel of ParlanceProvider: built-ins first (openrouter, gemini, openai, ollama), then
 * custom ones in the order they were added. */
GListModel               *parlance_provider_registry_get_providers (ParlanceProviderRegistry *self);
ParlanceProvider         *parlance_provider_registry_lookup        (ParlanceProviderRegistry *self,
                                                                    const char               *id_or_name);
gboolean                  parlance_provider_registry_get_enabled   (ParlanceProviderRegistry *self,
                                                                    const char               *id);
gboolean                  parlance_provider_registry_set_enabled   (ParlanceProviderRegistry *self,
                                                                    const char               *id,
                                                                    gboolean                  enabled,
                                                                    GError                  **error);
ParlanceProvider         *parlance_provider_registry_add_custom    (ParlanceProviderRegistry *self,
                                                                    const char               *name,
                                                                    const char               *base_url,
                                                                    const char * const       *headers,
                                                                    GError                  **error);
gboolean                  parlance_provider_registry_remove        (ParlanceProviderRegistry *self,
                                                                    const char               *id,
                                                                    GError                  **error);
gboolean                  parlance_provider_registry_set_base_url  (ParlanceProviderRegistry *self,
                                                                    const char               *id,
                                                                    const char               *base_url,
                                                                    GError                  **error);
gboolean                  parlance_provider_registry_set_headers   (ParlanceProviderRegistry *self,
                                                                    const char               *id,
                                                                    const char * const       *headers,
                                                                    GError                  **error);
char                     *parlance_provider_registry_derive_id     (const char               *name);

void                      parlance_provider_registry_migrate_secrets_async  (ParlanceProviderRegistry *self,
                                                                             ParlanceKeyStore         *key_store,
                                                                             GCancellable             *cancellable,
                                                                             GAsyncReadyCallback       callback,
                                                                             gpointer                  user_data);
gboolean                  parlance_provider_registry_migrate_secrets_finish (ParlanceProviderRegistry *self,
                                                                             GAsyncResult             *result,
                                                                             GError                  **error);
gboolean                  parlance_provider_registry_has_pending_secrets    (ParlanceProviderRegistry *self);

/* Changes above stay in memory and emit ::changed; saving writes providers.json atomically, off the
 * main thread. A registry whose file was broken at load refuses to save until the user changes
 * something (so that a hand-edited file is never silently replaced). */
void                      parlance_provider_registry_save_async   (ParlanceProviderRegistry *self,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
gboolean                  parlance_provider_registry_save_finish  (ParlanceProviderRegistry *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);
gboolean                  parlance_provider_registry_save_sync    (ParlanceProviderRegistry *self,
                                                                   GError                  **error);

G_END_DECLS
