/* parlance-key-store-items.c — finding and removing a provider's keyring items, one at a time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsecret 0.20's secret_password_search() and secret_password_clear() load or delete every
 * matching item at once, and return their task once for each item that fails. With two items or
 * more, a keyring slow enough for our deadline (whose cancellation fails them all) or one that
 * fails them returns that task twice ("g_task_return_error: assertion '!task->ever_returned'
 * failed") and runs the rest of the operation on a task that already ended. These do the same
 * work with one search and then one item at a time, so that each operation ends exactly once.
 * In a Flatpak or Snap sandbox, or with SECRET_BACKEND set, libsecret may use its file backend,
 * which has no such race: its own calls are used there.
 */

#include "config.h"

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

#include "parlance-key-store-private.h"

typedef struct
{
  KeyItemsOp          op;
  const SecretSchema *schema;
  GHashTable         *attributes;
  SecretService      *service;
  GPtrArray          *paths;     /* what is left to load or remove, in order */
  guint               next;
  GList              *items;     /* loaded, last first */
  gboolean            removed;
} ItemsJob;

static void
items_job_free (gpointer data)
{
  ItemsJob *job = data;

  g_clear_pointer (&job->attributes, g_hash_table_unref);
  g_clear_object (&job->service);
  g_clear_pointer (&job->paths, g_ptr_array_unref);
  g_list_free_full (job->items, g_object_unref);
  g_free (job);
}

static gboolean
libsecret_may_use_files (void)
{
  const char *backend = g_getenv ("SECRET_BACKEND");

  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_getenv ("SNAP_NAME") != NULL ||
         (backend != NULL && *backend != '\0' && g_strcmp0 (backend, "service") != 0);
}

static void
return_items (GTask *task)
{
  ItemsJob *job = g_task_get_task_data (task);

  g_task_return_pointer (task, g_list_reverse (g_steal_pointer (&job->items)),
                         (GDestroyNotify) _parlance_key_items_free);
}

static void next_item (GTask *task);

static void
on_item_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  SecretItem *item;

  item = secret_item_new_for_dbus_path_finish (result, &error);
  if (item == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->items = g_list_prepend (job->items, item);
  next_item (g_steal_pointer (&task));
}

static void
on_item_deleted (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_service_delete_item_dbus_path_finish (SECRET_SERVICE (object), result, &error))
    {
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    job->removed = TRUE;
  next_item (g_steal_pointer (&task));
}

/* Takes the reference to @task. */
static void
next_item (GTask *task)
{
  ItemsJob *job = g_task_get_task_data (task);
  const char *path;

  if (job->next >= job->paths->len)
    {
      if (job->op == KEY_ITEMS_CLEAR)
        g_task_return_boolean (task, job->removed);
      else
        return_items (task);
      g_object_unref (task);
      return;
    }

  path = g_ptr_array_index (job->paths, job->next++);
  if (job->op == KEY_ITEMS_CLEAR)
    secret_service_delete_item_dbus_path (job->service, path, g_task_get_cancellable (task),
                                          on_item_deleted, task);
  else
    secret_item_new_for_dbus_path (job->service, path, SECRET_ITEM_NONE,
                                   g_task_get_cancellable (task), on_item_loaded, task);
}

static void
on_unlocked (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* As libsecret's search does: items that stay locked are listed, their secrets unread. */
  secret_service_unlock_dbus_paths_finish (SECRET_SERVICE (object), result, NULL, &error);
  if (error != NULL)
    g_debug ("Could not unlock the keyring: %s", error->message);
  next_item (user_data);
}

static void
add_paths (GPtrArray  *paths,
           char      **found)
{
  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (found[i]));
}

static void
on_paths_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  GError *error = NULL;

  if (!secret_service_search_for_dbus_paths_finish (job->service, result, &unlocked, &locked,
                                                    &error))
    {
      g_task_return_error (task, error);
      return;
    }

  switch (job->op)
    {
    case KEY_ITEMS_ANY:
      g_task_return_boolean (task, (unlocked != NULL && unlocked[0] != NULL) ||
                                   (locked != NULL && locked[0] != NULL));
      return;

    case KEY_ITEMS_CLEAR:
      /* As libsecret's clear does: locked items stay. */
      add_paths (job->paths, unlocked);
      next_item (g_steal_pointer (&task));
      return;

    case KEY_ITEMS_UNLOCK:
      add_paths (job->paths, unlocked);
      add_paths (job->paths, locked);
      if (locked != NULL && locked[0] != NULL)
        secret_service_unlock_dbus_paths (job->service, (const char **) locked, cancellable,
                                          on_unlocked, g_steal_pointer (&task));
      else
        next_item (g_steal_pointer (&task));
      return;

    default:
      g_assert_not_reached ();
    }
}

static void
on_service (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  job->service = secret_service_get_finish (result, &error);
  if (job->service == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  secret_service_search_for_dbus_paths (job->service, job->schema, job->attributes, cancellable,
                                        on_paths_found, g_steal_pointer (&task));
}

/* The file backend: libsecret's own calls. */

static void
on_files_searched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->op == KEY_ITEMS_ANY)
    {
      g_task_return_boolean (task, items != NULL);
      _parlance_key_items_free (items);
      return;
    }
  g_task_return_pointer (task, items, (GDestroyNotify) _parlance_key_items_free);
}

static void
on_files_cleared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, removed);
}

/**
 * _parlance_key_items_async:
 * @op: what to do with the items of @schema whose "provider" is @provider_id
 *
 * Finish %KEY_ITEMS_UNLOCK with _parlance_key_items_list_finish() (the items, the locked ones
 * unlocked first if the keyring lets us), %KEY_ITEMS_ANY (whether there is one; nothing is loaded
 * or unlocked) and %KEY_ITEMS_CLEAR (whether one was removed) with _parlance_key_items_finish().
 */
void
_parlance_key_items_async (KeyItemsOp           op,
                           const SecretSchema  *schema,
                           const char          *provider_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ItemsJob *job = g_new0 (ItemsJob, 1);

  g_task_set_source_tag (task, _parlance_key_items_async);
  job->op = op;
  job->schema = schema;
  job->attributes = secret_attributes_build (schema, "provider", provider_id, NULL);
  job->paths = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, job, items_job_free);

  if (libsecret_may_use_files ())
    {
      if (op == KEY_ITEMS_CLEAR)
        secret_password_clearv (schema, job->attributes, cancellable, on_files_cleared,
                                g_steal_pointer (&task));
      else
        secret_password_searchv (schema, job->attributes,
                                 op == KEY_ITEMS_ANY ? SECRET_SEARCH_ALL
                                                     : SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                 cancellable, on_files_searched, g_steal_pointer (&task));
      return;
    }

  secret_service_get (SECRET_SERVICE_NONE, cancellable, on_service, g_steal_pointer (&task));
}

gboolean
_parlance_key_items_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: (transfer full): the items (#SecretItem, or #SecretRetrievable from the file backend);
 * free them with _parlance_key_items_free() */
GList *
_parlance_key_items_list_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_parlance_key_items_free (GList *items)
{
  g_list_free_full (items, g_object_unref);
}
