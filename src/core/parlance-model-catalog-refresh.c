/* parlance-model-catalog-refresh.c — refreshing a catalogue with the provider's key.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Split from parlance-model-catalog.c: the key and secret headers are looked up for a snapshot
 * of the provider, then the catalogue fetches from that snapshot.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store.h"
#include "parlance-model-catalog.h"
#include "parlance-model-catalog-private.h"

typedef struct
{
  ParlanceProvider  *bound;    /* the provider as it was when the lookup started */
  ParlanceKeySource  source;
} KeyedRefresh;

static void
keyed_refresh_free (KeyedRefresh *keyed)
{
  g_clear_object (&keyed->bound);
  g_free (keyed);
}

/* A custom provider may work without a key; a built-in that needs one does not. */
static gboolean
key_is_optional (ParlanceProvider *provider)
{
  return !parlance_provider_get_needs_key (provider) ||
         parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_CUSTOM;
}

static void
refresh_key_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  ParlanceModelCatalog *self = g_task_get_source_object (task);
  KeyedRefresh *keyed = g_task_get_task_data (task);
  g_autoptr(GPtrArray) secret_headers = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, &keyed->source,
                                              &secret_headers, &error);
  /* Without a keyring, an optional key is simply not there; a key bound to another address and
   * a stop are said, whatever the provider. */
  if (error != NULL && key_is_optional (keyed->bound) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    g_clear_error (&error);
  if (error == NULL && key == NULL && !key_is_optional (keyed->bound))
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("There is no API key for %s. Add one in Preferences."),
                         parlance_provider_get_name (keyed->bound));

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
  else
    parlance_model_catalog_fetch_from (self, keyed->bound, key, secret_headers, task);
  parlance_key_store_free_key (key);
}

/**
 * parlance_model_catalog_refresh_with_key_async:
 * @key_store: where the provider's key and secret headers are looked up
 *
 * Looks up the provider's key and secret headers (checked against the address they were saved
 * for), then refreshes as parlance_model_catalog_refresh_async() does. The request is bound to
 * the provider as it is when this is called: an address edited while the key is read can't
 * redirect the key or the headers. A built-in provider that needs no key (Ollama) never touches
 * the keyring.
 *
 * Errors are those of the refresh, of the key store (%PARLANCE_KEY_STORE_ERROR, such as
 * %PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED), %G_IO_ERROR_CANCELLED, or %G_IO_ERROR_NOT_FOUND
 * when a provider that needs a key has none.
 */
void
parlance_model_catalog_refresh_with_key_async (ParlanceModelCatalog *self,
                                               ParlanceKeyStore     *key_store,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  KeyedRefresh *keyed;
  GTask *task;

  g_return_if_fail (PARLANCE_IS_MODEL_CATALOG (self));
  g_return_if_fail (PARLANCE_IS_KEY_STORE (key_store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_model_catalog_refresh_with_key_async);
  keyed = g_new0 (KeyedRefresh, 1);
  keyed->bound = parlance_provider_dup_snapshot (parlance_model_catalog_get_provider (self));
  g_task_set_task_data (task, keyed, (GDestroyNotify) keyed_refresh_free);

  if (!parlance_provider_get_needs_key (keyed->bound) &&
      parlance_provider_get_kind (keyed->bound) != PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      parlance_model_catalog_fetch_from (self, keyed->bound, NULL, NULL, task);
      return;
    }
  parlance_key_store_lookup_for_async (key_store, keyed->bound, cancellable, refresh_key_looked_up, task);
}

/**
 * parlance_model_catalog_refresh_with_key_finish:
 * @source: (out) (optional): where the key came from
 *
 * Returns: %TRUE when the models were fetched; on failure the previous items are kept
 */
gboolean
parlance_model_catalog_refresh_with_key_finish (ParlanceModelCatalog  *self,
                                                GAsyncResult          *result,
                                                ParlanceKeySource     *source,
                                                GError               **error)
{
  KeyedRefresh *keyed;

  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  keyed = g_task_get_task_data (G_TASK (result));
  if (source != NULL)
    *source = keyed != NULL ? keyed->source : PARLANCE_KEY_SOURCE_NONE;
  return g_task_propagate_boolean (G_TASK (result), error);
}
