/* parlance-key-store-keys.c — saving, reading and removing a provider's key.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "parlance-key-store.h"
#include "parlance-key-store-private.h"
#include "parlance-provider.h"

/* The public store / lookup / delete API and what libsecret answers to each. A lookup tries the
 * provider's environment variable, then its session key, and only then the keyring. Lookups bound
 * to a provider's address are in parlance-key-store-bound.c, secret headers in
 * parlance-key-store-headers.c. */

static void
return_key (GTask             *task,
            char              *key,
            ParlanceKeySource  source)
{
  LookupResult *result = g_new0 (LookupResult, 1);

  result->key = key;
  result->source = key != NULL ? source : PARLANCE_KEY_SOURCE_NONE;
  g_task_return_pointer (task, result, _parlance_key_lookup_result_free);
}

static void
on_password_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceKeyStore *self = g_task_get_source_object (task);
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);

  if (op->completed)
    return;

  if (error != NULL)
    {
      _parlance_key_op_return_error (task, error);
      return;
    }

  g_debug ("Saved the key for “%s” in the keyring", op->provider_id);

  /* The keyring holds the key now; a session key would hide later changes to it. */
  g_hash_table_remove (self->session_keys, op->provider_id);

  _parlance_key_op_complete (task);
  _parlance_key_store_emit_key_changed (self, op->provider_id);
  g_task_return_boolean (task, TRUE);
}

void
_parlance_key_on_password_looked_up (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secure;
  char *key;

  /* libsecret's string lives in its own secure memory and needs secret_password_free(); hand out
   * plain memory so that every key this API returns is freed the same way. */
  secure = secret_password_lookup_finish (result, &error);
  key = g_strdup (secure);
  secret_password_free (secure);

  if (op->completed)
    {
      _parlance_key_wipe_free (key);
      return;
    }

  if (error != NULL)
    {
      _parlance_key_wipe_free (key);
      _parlance_key_op_return_error (task, error);
      return;
    }

  g_debug ("%s the key for “%s” in the keyring", key != NULL ? "Found" : "Did not find",
           op->provider_id);

  _parlance_key_op_complete (task);
  return_key (task, key, PARLANCE_KEY_SOURCE_KEYRING);
}

void
_parlance_key_on_password_cleared (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceKeyStore *self = g_task_get_source_object (task);
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = _parlance_key_items_finish (result, &error);

  if (op->completed)
    return;

  if (error != NULL)
    {
      _parlance_key_op_return_error (task, error);
      return;
    }

  g_debug ("%s the key for “%s” from the keyring", removed ? "Removed" : "Had no",
           op->provider_id);

  if (!op->headers_pass)
    op->removed = op->removed || removed;
  if (op->with_headers && !op->headers_pass)
    {
      op->headers_pass = TRUE;
      _parlance_key_items_async (KEY_ITEMS_CLEAR, &_parlance_header_schema, op->provider_id,
                                 op->cancellable, _parlance_key_on_password_cleared,
                                 g_steal_pointer (&task));
      return;
    }

  _parlance_key_op_complete (task);
  if (op->removed)
    _parlance_key_store_emit_key_changed (self, op->provider_id);
  g_task_return_boolean (task, TRUE);
}

void
_parlance_key_store_key_now (GTask *task)
{
  KeyOp *op = g_task_get_task_data (task);

  if (op->origin != NULL)
    secret_password_store (&_parlance_key_schema, SECRET_COLLECTION_DEFAULT, op->label, op->key,
                           op->cancellable, on_password_stored, task,
                           "provider", op->provider_id,
                           "origin", op->origin,
                           NULL);
  else
    secret_password_store (&_parlance_key_schema, SECRET_COLLECTION_DEFAULT, op->label, op->key,
                           op->cancellable, on_password_stored, task,
                           "provider", op->provider_id,
                           NULL);
  /* libsecret copied the key into its own secure memory. */
  g_clear_pointer (&op->key, _parlance_key_wipe_free);
}

static void
store_with_origin (ParlanceKeyStore    *self,
                   const char          *provider_id,
                   const char          *provider_name,
                   const char          *key,
                   char                *origin,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  KeyOp *op;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _parlance_key_op_new (self, KEY_OP_STORE, provider_id, cancellable, callback, user_data,
                     parlance_key_store_store_async);
  ((KeyOp *) g_task_get_task_data (task))->origin = origin;

  if (!_parlance_key_store_check_provider_id (task, provider_id))
    return;

  op = g_task_get_task_data (task);
  if (!parlance_key_store_check_key (key, &op->key, &error))
    {
      _parlance_key_op_return_invalid (task, error->message);
      return;
    }
  /* Translators: the name of the saved key in the keyring (as Passwords and Keys shows it);
   * %s is the provider's name, such as “OpenRouter” */
  if (_parlance_key_is_blank (provider_name) || !g_utf8_validate (provider_name, -1, NULL))
    provider_name = provider_id;
  op->label = g_strdup_printf (_("API key for %s"), provider_name);

  _parlance_key_op_start (task);
}


/**
 * parlance_key_store_store_async:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id, such as `openrouter`
 * @provider_name: (nullable): the provider's name for people, used in the keyring's label
 * @key: the API key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is saved or could not be
 * @user_data: data for @callback
 *
 * Saves @key in the default collection of the keyring, replacing the provider's previous key.
 * On success the provider's session key, if any, is forgotten.
 */

/* Without an origin: bound to the provider's address at its first use. */
void
parlance_key_store_store_async (ParlanceKeyStore    *self,
                                const char          *provider_id,
                                const char          *provider_name,
                                const char          *key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  store_with_origin (self, provider_id, provider_name, key, NULL, cancellable, callback, user_data);
}

/**
 * parlance_key_store_store_finish:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @error: return location for a #GError in %PARLANCE_KEY_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the keyring holds the key
 */
gboolean
parlance_key_store_store_finish (ParlanceKeyStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_key_store_lookup_async:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key, or without one
 * @user_data: data for @callback
 *
 * Finds the key of @provider_id: its environment variable when set and not empty, else its
 * session key, else the keyring. Only the keyring needs D-Bus.
 */
void
parlance_key_store_lookup_async (ParlanceKeyStore    *self,
                                 const char          *provider_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *env_var;
  const char *key;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _parlance_key_op_new (self, KEY_OP_LOOKUP, provider_id, cancellable, callback, user_data,
                     parlance_key_store_lookup_async);

  if (!_parlance_key_store_check_provider_id (task, provider_id))
    return;

  env_var = parlance_key_store_get_env_var (provider_id);
  if (env_var != NULL && (key = g_getenv (env_var)) != NULL && key[0] != '\0')
    {
      g_autoptr(GError) error = NULL;
      char *clean = NULL;

      if (!parlance_key_store_check_key (key, &clean, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The key in $%s can’t be used: %s"),
                                                      env_var, error->message);
          _parlance_key_op_return_invalid (task, message);
          return;
        }
      g_debug ("Using the key for “%s” from $%s", provider_id, env_var);
      _parlance_key_op_complete (task);
      return_key (task, clean, PARLANCE_KEY_SOURCE_ENVIRONMENT);
      return;
    }

  if ((key = g_hash_table_lookup (self->session_keys, provider_id)) != NULL)
    {
      g_debug ("Using the session key for “%s”", provider_id);
      _parlance_key_op_complete (task);
      return_key (task, g_strdup (key), PARLANCE_KEY_SOURCE_SESSION);
      return;
    }

  _parlance_key_op_start (task);
}

/**
 * parlance_key_store_lookup_finish:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @source: (out) (optional): where the key came from; %PARLANCE_KEY_SOURCE_NONE without one
 * @error: return location for a #GError in %PARLANCE_KEY_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when there is none (then @error is not
 *   set) or on error. Free it with parlance_key_store_free_key(), which wipes it first.
 */
char *
parlance_key_store_lookup_finish (ParlanceKeyStore   *self,
                                  GAsyncResult       *result,
                                  ParlanceKeySource  *source,
                                  GError            **error)
{
  LookupResult *found;
  char *key;

  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_lookup_async,
                        NULL);

  if (source != NULL)
    *source = PARLANCE_KEY_SOURCE_NONE;

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  if (source != NULL)
    *source = found->source;
  key = g_steal_pointer (&found->key);
  _parlance_key_lookup_result_free (found);

  return key;
}

/**
 * parlance_key_store_delete_async:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is gone or could not be removed
 * @user_data: data for @callback
 *
 * Forgets the session key of @provider_id at once and removes its key from the keyring.
 * A key in the environment stays: it is not ours to remove.
 */
void
parlance_key_store_delete_async (ParlanceKeyStore    *self,
                                 const char          *provider_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _parlance_key_op_new (self, KEY_OP_DELETE, provider_id, cancellable, callback, user_data,
                     parlance_key_store_delete_async);

  if (!_parlance_key_store_check_provider_id (task, provider_id))
    return;

  if (g_hash_table_remove (self->session_keys, provider_id))
    ((KeyOp *) g_task_get_task_data (task))->removed = TRUE;

  _parlance_key_op_start (task);
}

/**
 * parlance_key_store_delete_finish:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @error: return location for a #GError in %PARLANCE_KEY_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the keyring holds no key for the provider any more, whether or not it had one
 */
gboolean
parlance_key_store_delete_finish (ParlanceKeyStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_delete_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_key_store_delete_finish_full:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @removed: (out) (optional): whether there was a key (saved or for the session) that is gone now
 * @error: return location for a #GError in %PARLANCE_KEY_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the keyring holds no key for the provider any more
 */
gboolean
parlance_key_store_delete_finish_full (ParlanceKeyStore  *self,
                                       GAsyncResult      *result,
                                       gboolean          *removed,
                                       GError           **error)
{
  KeyOp *op;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_delete_async,
                        FALSE);

  op = g_task_get_task_data (G_TASK (result));
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (removed != NULL)
    *removed = ok && op->removed;
  return ok;
}

/**
 * parlance_key_store_store_for_async:
 * @self: a #ParlanceKeyStore
 * @provider: the provider; the key is bound to the origin of its address
 * @key: the API key, checked as parlance_key_store_check_key() does
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is saved or could not be
 * @user_data: data for @callback
 *
 * parlance_key_store_store_async() for @provider's address: finish with
 * parlance_key_store_store_finish().
 */
void
parlance_key_store_store_for_async (ParlanceKeyStore    *self,
                                    ParlanceProvider    *provider,
                                    const char          *key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  store_with_origin (self, parlance_provider_get_id (provider), parlance_provider_get_name (provider),
                     key, parlance_provider_dup_origin (provider), cancellable, callback, user_data);
}

/**
 * parlance_key_store_delete_all_async:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when they are gone; finish with parlance_key_store_delete_finish_full()
 * @user_data: data for @callback
 *
 * Removes the key and the secret headers of a provider that was removed.
 */
void
parlance_key_store_delete_all_async (ParlanceKeyStore    *self,
                                     const char          *provider_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));

  task = _parlance_key_op_new (self, KEY_OP_DELETE, provider_id, cancellable, callback, user_data,
                     parlance_key_store_delete_async);
  if (!_parlance_key_store_check_provider_id (task, provider_id))
    return;
  ((KeyOp *) g_task_get_task_data (task))->with_headers = TRUE;
  if (g_hash_table_remove (self->session_keys, provider_id))
    ((KeyOp *) g_task_get_task_data (task))->removed = TRUE;
  _parlance_key_op_start (task);
}
