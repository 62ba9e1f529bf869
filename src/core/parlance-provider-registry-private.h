/* parlance-provider-registry-private.h — what the parlance-provider-registry*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-provider-registry.h"

G_BEGIN_DECLS

/* The version of providers.json this code reads and writes. */
#define PARLANCE_PROVIDERS_FILE_VERSION 1

typedef struct
{
  gboolean   enabled;
  char      *base_url;        /* as stored: the custom provider's, or a built-in's override (nullable) */
  GPtrArray *pending_secrets; /* secret headers read from the file, not yet in the keyring */
} Entry;

struct _ParlanceProviderRegistry
{
  GObject     parent_instance;

  char       *path;
  GListStore *providers;
  GHashTable *entries;       /* id → Entry */
  GError     *load_error;
  gboolean    changed_since_load;
};

/* parlance-provider-registry.c */
gboolean          _parlance_provider_registry_is_builtin_id  (const char                *id);
void              _parlance_provider_registry_apply_base_url (ParlanceProvider          *provider,
                                                              const char                *base_url);
void              _parlance_provider_registry_emit_changed   (ParlanceProviderRegistry  *self);
ParlanceProvider *_parlance_provider_registry_find_by_id     (ParlanceProviderRegistry  *self,
                                                              const char                *id,
                                                              guint                     *position);
gboolean          _parlance_provider_registry_check_unique   (ParlanceProviderRegistry  *self,
                                                              const char                *id,
                                                              const char                *name,
                                                              GError                   **error);
ParlanceProvider *_parlance_provider_registry_insert_custom  (ParlanceProviderRegistry  *self,
                                                              const char                *id,
                                                              const char                *name,
                                                              const char                *base_url,
                                                              GPtrArray                 *headers,
                                                              gboolean                   enabled);
void              _parlance_provider_registry_reset          (ParlanceProviderRegistry  *self);

/* parlance-provider-registry-check.c */
gboolean          _parlance_provider_registry_is_token       (const char                *name);
gboolean          _parlance_provider_registry_check_header   (const char                *name,
                                                              const char                *value,
                                                              GError                   **error);
GPtrArray        *_parlance_provider_registry_parse_headers  (const char * const        *headers,
                                                              GError                   **error);
gboolean          _parlance_provider_registry_check_name     (const char                *name,
                                                              char                     **id_out,
                                                              GError                   **error);

G_END_DECLS
