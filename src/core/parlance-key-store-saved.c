/* parlance-key-store-saved.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key in the environment wins over the saved one, so a lookup never says that a saved key
 * exists too. Preferences shows both, and offers to remove the saved one: this asks the keyring
 * only, by the item's attributes, without unlocking it and without reading any secret.
 */

#include "config.h"

#include "parlance-key-store-private.h"
#include "parlance-key-store-saved.h"

static void
searched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean found;

  found = _parlance_key_items_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, found);
}

/**
 * parlance_key_store_has_saved_key_async:
 * @self: a #ParlanceKeyStore
 * @provider_id: a provider id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring answered
 * @user_data: data for @callback
 *
 * Asks whether the keyring holds a key for @provider_id (for any address), even when the
 * environment or this session provides the key in use.
 */
void
parlance_key_store_has_saved_key_async (ParlanceKeyStore    *self,
                                        const char          *provider_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_key_store_has_saved_key_async);
  if (!g_utf8_validate (provider_id, -1, NULL))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  /* The search alone answers: the items are not loaded, let alone unlocked. */
  _parlance_key_items_async (KEY_ITEMS_ANY, &_parlance_key_schema, provider_id, cancellable,
                             searched, g_steal_pointer (&task));
}

/**
 * parlance_key_store_has_saved_key_finish:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the keyring holds a key for the provider; %FALSE without one or on error.
 */
gboolean
parlance_key_store_has_saved_key_finish (ParlanceKeyStore  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
