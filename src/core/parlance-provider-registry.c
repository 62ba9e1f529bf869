/* parlance-provider-registry.c — the registry: its providers and the changes made to them.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * providers.json holds names, addresses, extra headers and enabled flags, and never a key: keys
 * live in the keyring (ParlanceKeyStore) only, which is why a header that carries a credential
 * (Authorization, api-key, x-api-key…; parlance_is_secret_header()) is refused here: it is saved
 * in the keyring as a secret header instead. A file written before this rule may hold some: they
 * are moved to the keyring after loading, and the file is written again without them.
 *
 * Where things live, in parlance-provider-registry-*.c:
 *   (this file)  the object, its providers and the changes made to them (add, remove, enable,
 *                set an address or headers)
 *   -check.c     what names, ids and extra headers must be
 *   -load.c      reading providers.json
 *   -save.c      writing it
 *   -migrate.c   moving secret headers from an older file to the keyring
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-paths.h"
#include "parlance-provider-registry-private.h"

G_DEFINE_FINAL_TYPE (ParlanceProviderRegistry, parlance_provider_registry, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (parlance-provider-registry-error-quark, parlance_provider_registry_error)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->base_url);
  g_clear_pointer (&entry->pending_secrets, g_ptr_array_unref);
  g_free (entry);
}

gboolean
_parlance_provider_registry_is_builtin_id (const char *id)
{
  return g_strv_contains (parlance_provider_get_builtin_ids (), id);
}

static gboolean
env_overrides (ParlanceProvider *provider)
{
  const char *value = g_getenv (parlance_provider_get_base_url_env_var (provider));

  return value != NULL && *value != '\0';
}

/* The environment wins: with PARLANCE_<ID>_BASE_URL set, the stored address is kept (and saved)
 * but not used. */
void
_parlance_provider_registry_apply_base_url (ParlanceProvider *provider,
                                            const char       *base_url)
{
  if (env_overrides (provider))
    return;
  if (!parlance_provider_set_base_url (provider, base_url, NULL))
    parlance_provider_set_base_url (provider, NULL, NULL);
}

void
_parlance_provider_registry_emit_changed (ParlanceProviderRegistry *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

ParlanceProvider *
_parlance_provider_registry_find_by_id (ParlanceProviderRegistry *self,
                                        const char               *id,
                                        guint                    *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (g_str_equal (parlance_provider_get_id (provider), id))
        {
          if (position != NULL)
            *position = i;
          return provider;   /* the store keeps a reference */
        }
    }
  return NULL;
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static ParlanceProvider *
find_by_name (ParlanceProviderRegistry *self,
              const char               *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (names_equal (parlance_provider_get_name (provider), name))
        return provider;
    }
  return NULL;
}

gboolean
_parlance_provider_registry_check_unique (ParlanceProviderRegistry  *self,
                                          const char                *id,
                                          const char                *name,
                                          GError                   **error)
{
  ParlanceProvider *other;

  if (_parlance_provider_registry_is_builtin_id (id) ||
      (other = _parlance_provider_registry_find_by_id (self, id, NULL)) != NULL)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE,
                   _("A provider with the id “%s” already exists: choose another name."), id);
      return FALSE;
    }
  if ((other = find_by_name (self, name)) != NULL)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE,
                   _("A provider named “%s” already exists (id “%s”): choose another name."),
                   parlance_provider_get_name (other), parlance_provider_get_id (other));
      return FALSE;
    }
  return TRUE;
}

ParlanceProvider *
_parlance_provider_registry_insert_custom (ParlanceProviderRegistry *self,
                                           const char               *id,
                                           const char               *name,
                                           const char               *base_url,
                                           GPtrArray                *headers,
                                           gboolean                  enabled)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_custom (id, name, base_url);
  Entry *entry = g_new0 (Entry, 1);

  for (guint i = 0; headers != NULL && i + 1 < headers->len; i += 2)
    parlance_provider_add_header (provider, g_ptr_array_index (headers, i),
                                  g_ptr_array_index (headers, i + 1));

  entry->enabled = enabled;
  entry->base_url = g_strdup (base_url);
  g_hash_table_insert (self->entries, g_strdup (id), entry);
  g_list_store_append (self->providers, provider);

  return provider;
}

/* Back to the built-ins alone, with their defaults. */
void
_parlance_provider_registry_reset (ParlanceProviderRegistry *self)
{
  guint n_builtins = g_strv_length ((char **) parlance_provider_get_builtin_ids ());
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = n_builtins; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      g_hash_table_remove (self->entries, parlance_provider_get_id (provider));
    }
  if (n > n_builtins)
    g_list_store_splice (self->providers, n_builtins, n - n_builtins, NULL, 0);

  for (guint i = 0; i < n_builtins; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      Entry *entry = g_hash_table_lookup (self->entries, parlance_provider_get_id (provider));

      entry->enabled = TRUE;
      g_clear_pointer (&entry->base_url, g_free);
      _parlance_provider_registry_apply_base_url (provider, NULL);
    }
}

/* Changes */

/* Returns: (transfer none): the provider's list model; it does not change identity */
GListModel *
parlance_provider_registry_get_providers (ParlanceProviderRegistry *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->providers);
}

/**
 * parlance_provider_registry_lookup:
 * @id_or_name: an id, or a name in any case
 *
 * Returns: (transfer none) (nullable): the provider
 */
ParlanceProvider *
parlance_provider_registry_lookup (ParlanceProviderRegistry *self,
                                   const char               *id_or_name)
{
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  if (!g_utf8_validate (id_or_name, -1, NULL))
    return NULL;
  provider = _parlance_provider_registry_find_by_id (self, id_or_name, NULL);
  if (provider == NULL)
    provider = find_by_name (self, id_or_name);
  return provider;
}

static Entry *
lookup_entry (ParlanceProviderRegistry  *self,
              const char                *id,
              GError                   **error)
{
  Entry *entry = g_hash_table_lookup (self->entries, id);

  if (entry == NULL)
    g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_NOT_FOUND,
                 _("There is no provider “%s”."), g_utf8_validate (id, -1, NULL) ? id : "?");
  return entry;
}

gboolean
parlance_provider_registry_get_enabled (ParlanceProviderRegistry *self,
                                        const char               *id)
{
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, id);
  return entry != NULL && entry->enabled;
}

gboolean
parlance_provider_registry_set_enabled (ParlanceProviderRegistry  *self,
                                        const char                *id,
                                        gboolean                   enabled,
                                        GError                   **error)
{
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if ((entry = lookup_entry (self, id, error)) == NULL)
    return FALSE;

  self->changed_since_load = TRUE;
  if (entry->enabled != !!enabled)
    {
      entry->enabled = !!enabled;
      _parlance_provider_registry_emit_changed (self);
    }
  return TRUE;
}

/**
 * parlance_provider_registry_add_custom:
 * @name: what the user calls it; the id is derived from it
 * @base_url: an https:// address (http:// for this computer or the local network)
 * @headers: (nullable) (array zero-terminated=1): extra headers as "Name=Value" or "Name: Value"
 *
 * Returns: (transfer none) (nullable): the new provider, enabled, or %NULL with @error set
 */
ParlanceProvider *
parlance_provider_registry_add_custom (ParlanceProviderRegistry  *self,
                                       const char                *name,
                                       const char                *base_url,
                                       const char * const        *headers,
                                       GError                   **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  clean_name = g_strstrip (g_strdup (name));
  if (!_parlance_provider_registry_check_name (clean_name, &id, error) ||
      !_parlance_provider_registry_check_unique (self, id, clean_name, error) ||
      !parlance_validate_base_url (base_url, error) ||
      (pairs = _parlance_provider_registry_parse_headers (headers, error)) == NULL)
    return NULL;

  provider = _parlance_provider_registry_insert_custom (self, id, clean_name, base_url, pairs,
                                                        TRUE);
  self->changed_since_load = TRUE;
  _parlance_provider_registry_emit_changed (self);
  return provider;
}

gboolean
parlance_provider_registry_remove (ParlanceProviderRegistry  *self,
                                   const char                *id,
                                   GError                   **error)
{
  guint position;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (_parlance_provider_registry_is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN,
                   _("“%s” is built in and can’t be removed; it can be disabled instead."), id);
      return FALSE;
    }
  if (lookup_entry (self, id, error) == NULL ||
      _parlance_provider_registry_find_by_id (self, id, &position) == NULL)
    return FALSE;

  g_hash_table_remove (self->entries, id);
  g_list_store_remove (self->providers, position);
  self->changed_since_load = TRUE;
  _parlance_provider_registry_emit_changed (self);
  return TRUE;
}

/**
 * parlance_provider_registry_set_base_url:
 * @base_url: (nullable): the address; %NULL gives a built-in its default back
 *
 * When `PARLANCE_<ID>_BASE_URL` is set, the address is stored but the environment's is used.
 *
 * Returns: %FALSE with @error set, and nothing changed, for an unusable address
 */
gboolean
parlance_provider_registry_set_base_url (ParlanceProviderRegistry  *self,
                                         const char                *id,
                                         const char                *base_url,
                                         GError                   **error)
{
  ParlanceProvider *provider;
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if ((entry = lookup_entry (self, id, error)) == NULL)
    return FALSE;
  provider = _parlance_provider_registry_find_by_id (self, id, NULL);

  if (base_url != NULL && *base_url == '\0')
    base_url = NULL;
  if (base_url == NULL && !_parlance_provider_registry_is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
                   _("%s needs an address, such as https://example.com/v1."),
                   parlance_provider_get_name (provider));
      return FALSE;
    }
  if (base_url != NULL && !parlance_validate_base_url (base_url, error))
    return FALSE;

  g_free (entry->base_url);
  entry->base_url = g_strdup (base_url);
  _parlance_provider_registry_apply_base_url (provider, base_url);
  self->changed_since_load = TRUE;
  _parlance_provider_registry_emit_changed (self);
  return TRUE;
}

/**
 * parlance_provider_registry_set_headers:
 * @headers: (nullable) (array zero-terminated=1): extra headers as "Name=Value" or "Name: Value"
 *
 * Replaces a custom provider's extra headers (built-ins keep theirs).
 *
 * Returns: %FALSE with @error set, and nothing changed, for a built-in or a bad header
 */
gboolean
parlance_provider_registry_set_headers (ParlanceProviderRegistry  *self,
                                        const char                *id,
                                        const char * const        *headers,
                                        GError                   **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (lookup_entry (self, id, error) == NULL)
    return FALSE;
  if (_parlance_provider_registry_is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN,
                   _("“%s” is built in; its headers can’t be changed."), id);
      return FALSE;
    }
  if ((pairs = _parlance_provider_registry_parse_headers (headers, error)) == NULL)
    return FALSE;

  provider = _parlance_provider_registry_find_by_id (self, id, NULL);
  parlance_provider_clear_headers (provider);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    parlance_provider_add_header (provider, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
  self->changed_since_load = TRUE;
  _parlance_provider_registry_emit_changed (self);
  return TRUE;
}

/**
 * parlance_provider_registry_new:
 * @path: (nullable): the file, or %NULL for `$XDG_CONFIG_HOME/parlance/providers.json`
 *
 * Returns: (transfer full): a registry of the built-ins; load it for the rest
 */
ParlanceProviderRegistry *
parlance_provider_registry_new (const char *path)
{
  ParlanceProviderRegistry *self = g_object_new (PARLANCE_TYPE_PROVIDER_REGISTRY, NULL);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    {
      g_autofree char *dir = parlance_paths_dup_config_dir ();
      self->path = g_build_filename (dir, "providers.json", NULL);
    }
  return self;
}

/**
 * parlance_provider_registry_get_default:
 *
 * Returns: (transfer none): the process's registry on the default path, not loaded until someone
 *   loads it
 */
ParlanceProviderRegistry *
parlance_provider_registry_get_default (void)
{
  static ParlanceProviderRegistry *instance;

  if (instance == NULL)
    instance = parlance_provider_registry_new (NULL);
  return instance;
}

static void
parlance_provider_registry_finalize (GObject *object)
{
  ParlanceProviderRegistry *self = PARLANCE_PROVIDER_REGISTRY (object);

  g_free (self->path);
  g_clear_object (&self->providers);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (parlance_provider_registry_parent_class)->finalize (object);
}

static void
parlance_provider_registry_class_init (ParlanceProviderRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_provider_registry_finalize;

  /**
   * ParlanceProviderRegistry::changed:
   *
   * Anything changed: a provider added or removed, enabled or disabled, an address, or a load.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_provider_registry_init (ParlanceProviderRegistry *self)
{
  const char * const *ids = parlance_provider_get_builtin_ids ();

  self->providers = g_list_store_new (PARLANCE_TYPE_PROVIDER);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (ids[i]);
      Entry *entry = g_new0 (Entry, 1);

      entry->enabled = TRUE;
      g_hash_table_insert (self->entries, g_strdup (ids[i]), entry);
      g_list_store_append (self->providers, provider);
    }
}
