/* parlance-provider-registry-migrate.c — moving an old file's secret headers to the keyring.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An older version wrote credential headers (api-key, x-api-key…) into providers.json. After a
 * load they are saved in the keyring, bound to their provider's address, and the file is written
 * again without them; those the keyring could not take stay in the file for the next try. */

#include "config.h"

#include "parlance-key-store.h"
#include "parlance-provider-registry-private.h"

typedef struct
{
  ParlanceKeyStore *key_store;
  GQueue            ids;        /* of char*: providers whose secrets still have to move */
  char             *current;
  gboolean          moved;
} Migration;

static void
migration_free (gpointer data)
{
  Migration *migration = data;

  g_clear_object (&migration->key_store);
  g_queue_clear_full (&migration->ids, g_free);
  g_free (migration->current);
  g_free (migration);
}

static void migrate_next (GTask *task);

static void
migration_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (parlance_provider_registry_save_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
headers_moved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ParlanceProviderRegistry *self = g_task_get_source_object (task);
  Migration *migration = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Entry *entry;

  if (!parlance_key_store_store_headers_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      /* They stay in the file, and are tried again at the next start. */
      g_debug ("The secret headers of “%s” stay in the providers file for now: %s",
               migration->current, error->message);
    }
  else if ((entry = g_hash_table_lookup (self->entries, migration->current)) != NULL)
    {
      g_clear_pointer (&entry->pending_secrets, g_ptr_array_unref);
      migration->moved = TRUE;
    }
  migrate_next (task);
}

static void
migrate_next (GTask *task)
{
  ParlanceProviderRegistry *self = g_task_get_source_object (task);
  Migration *migration = g_task_get_task_data (task);
  ParlanceProvider *provider;
  Entry *entry;

  g_clear_pointer (&migration->current, g_free);
  while ((migration->current = g_queue_pop_head (&migration->ids)) != NULL)
    {
      entry = g_hash_table_lookup (self->entries, migration->current);
      provider = _parlance_provider_registry_find_by_id (self, migration->current, NULL);
      if (entry != NULL && entry->pending_secrets != NULL && provider != NULL)
        {
          parlance_key_store_store_headers_async (migration->key_store, provider, entry->pending_secrets,
                                                  g_task_get_cancellable (task), headers_moved, task);
          return;
        }
      g_clear_pointer (&migration->current, g_free);
    }

  if (!migration->moved)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The file is written again without them. */
  self->changed_since_load = TRUE;
  parlance_provider_registry_save_async (self, g_task_get_cancellable (task), migration_saved, task);
}

/**
 * parlance_provider_registry_migrate_secrets_async:
 * @key_store: where the secret headers go
 *
 * Moves the secret headers (api-key, x-api-key…) that an older providers.json held into the
 * keyring, bound to their provider's address, then writes the file again without them. Headers
 * the keyring could not take stay in the file until the next try. A load through
 * parlance_provider_registry_load_async() does this itself.
 */
void
parlance_provider_registry_migrate_secrets_async (ParlanceProviderRegistry *self,
                                                  ParlanceKeyStore         *key_store,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data)
{
  GTask *task;
  Migration *migration;
  GHashTableIter iter;
  gpointer id, value;

  g_return_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self));
  g_return_if_fail (PARLANCE_IS_KEY_STORE (key_store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_provider_registry_migrate_secrets_async);
  migration = g_new0 (Migration, 1);
  migration->key_store = g_object_ref (key_store);
  g_queue_init (&migration->ids);
  g_task_set_task_data (task, migration, migration_free);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (((Entry *) value)->pending_secrets != NULL)
      g_queue_push_tail (&migration->ids, g_strdup (id));

  migrate_next (task);
}

gboolean
parlance_provider_registry_migrate_secrets_finish (ParlanceProviderRegistry  *self,
                                                   GAsyncResult              *result,
                                                   GError                   **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_provider_registry_has_pending_secrets:
 *
 * Returns: whether the loaded file held secret headers that are not in the keyring yet
 */
gboolean
parlance_provider_registry_has_pending_secrets (ParlanceProviderRegistry *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Entry *) value)->pending_secrets != NULL)
      return TRUE;
  return FALSE;
}
