/* parlance-key-store-bound.c — reading keys and secret headers for a provider's address.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys and secret headers bound to the origin (scheme, host, port) of the address they were saved
 * for: reading them for a provider's address, binding old items on first use, moving them to a new
 * address once the user confirmed it. Saving secret headers is in parlance-key-store-headers.c.
 * The keyring operations share ParlanceKeyStore's deadline and cancellation
 * (parlance-key-store-op.c).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store-private.h"
#include "parlance-provider.h"

/* Reading bound items */

static char *
dup_attribute (SecretRetrievable *item,
               const char        *name)
{
  g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);

  return g_strdup (g_hash_table_lookup (attributes, name));
}

static void
finish_bound (GTask *task)
{
  KeyOp *op = g_task_get_task_data (task);
  LookupResult *found;

  _parlance_key_op_complete (task);
  if (op->kind == KEY_OP_CONFIRM)
    {
      ParlanceKeyStore *self = g_task_get_source_object (task);

      _parlance_key_store_emit_key_changed (self, op->provider_id);
      g_task_return_boolean (task, TRUE);
      return;
    }

  found = g_new0 (LookupResult, 1);
  found->key = g_steal_pointer (&op->found_key);
  found->source = found->key != NULL ? PARLANCE_KEY_SOURCE_KEYRING : PARLANCE_KEY_SOURCE_NONE;
  found->headers = g_steal_pointer (&op->found_headers);
  g_task_return_pointer (task, found, _parlance_key_lookup_result_free);
}

static void run_next_job (GTask *task);

static void
on_old_item_deleted (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A stale copy left behind is harmless: lookups prefer the item bound to the address. */
  if (!secret_item_delete_finish (SECRET_ITEM (object), result, &error))
    g_debug ("Could not remove an old keyring item of “%s”: %s", op->provider_id, error->message);
  if (op->completed)
    {
      g_object_unref (task);
      return;
    }
  _parlance_key_item_job_free (g_queue_pop_head (&op->jobs));
  run_next_job (task);
}

static void
on_rebound (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ItemJob *job;

  secret_password_store_finish (result, &error);
  if (op->completed)
    {
      g_object_unref (task);
      return;
    }
  if (error != NULL)
    {
      _parlance_key_op_return_error (task, error);
      g_object_unref (task);
      return;
    }

  job = g_queue_peek_head (&op->jobs);
  g_debug ("Bound a keyring item of “%s” to %s", op->provider_id, op->origin);
  if (SECRET_IS_ITEM (job->item))
    {
      secret_item_delete (SECRET_ITEM (job->item), op->cancellable, on_old_item_deleted, task);
      return;
    }
  _parlance_key_item_job_free (g_queue_pop_head (&op->jobs));
  run_next_job (task);
}

/* Saves the job's secret again, with the same attributes but bound to op->origin. */
static void
rebind (GTask   *task,
        ItemJob *job)
{
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (job->item);
  g_autofree char *label = secret_retrievable_get_label (job->item);

  g_hash_table_replace (attributes, g_strdup ("origin"), g_strdup (op->origin));
  /* libsecret adds the schema's name itself. */
  g_hash_table_remove (attributes, "xdg:schema");
  secret_password_storev_binary (job->is_header ? &_parlance_header_schema : &_parlance_key_schema, attributes,
                                 SECRET_COLLECTION_DEFAULT, label, job->value, op->cancellable,
                                 on_rebound, task);
}

static void
on_secret_retrieved (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ItemJob *job;
  const char *data;
  gsize length = 0;

  job = g_queue_peek_head (&op->jobs);
  job->value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (op->completed)
    {
      g_object_unref (task);
      return;
    }
  if (job->value == NULL)
    {
      if (error != NULL)
        _parlance_key_op_return_error (task, error);
      else
        _parlance_key_op_return_error_code (task, PARLANCE_KEY_STORE_ERROR_FAILED);
      g_object_unref (task);
      return;
    }

  data = secret_value_get (job->value, &length);
  if (op->kind == KEY_OP_LOOKUP_BOUND)
    {
      if (!job->is_header)
        op->found_key = g_strndup (data, length);
      else
        {
          g_ptr_array_add (op->found_headers, dup_attribute (job->item, "header"));
          g_ptr_array_add (op->found_headers, g_strndup (data, length));
        }
    }

  if (job->rebind && op->origin != NULL)
    {
      rebind (task, job);
      return;
    }
  _parlance_key_item_job_free (g_queue_pop_head (&op->jobs));
  run_next_job (task);
}

static void
run_next_job (GTask *task)
{
  KeyOp *op = g_task_get_task_data (task);
  ItemJob *job;

  if (_parlance_key_op_return_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (g_queue_is_empty (&op->jobs))
    {
      finish_bound (task);
      g_object_unref (task);
      return;
    }
  job = g_queue_peek_head (&op->jobs);
  secret_retrievable_retrieve_secret (job->item, op->cancellable, on_secret_retrieved, task);
}

static void
add_job (KeyOp             *op,
         SecretRetrievable *item,
         gboolean           is_header,
         gboolean           rebind_it)
{
  ItemJob *job = g_new0 (ItemJob, 1);

  job->item = g_object_ref (item);
  job->is_header = is_header;
  job->rebind = rebind_it;
  g_queue_push_tail (&op->jobs, job);
}

/* Which items a bound lookup reads, or a confirmation moves; FALSE when an item is bound to
 * another address (then @old_origin says which). */
static gboolean
plan_jobs (KeyOp  *op,
           char  **old_origin)
{
  SecretRetrievable *exact = NULL, *legacy = NULL, *other = NULL;
  g_autoptr(GHashTable) bound_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GList *l = op->key_items; l != NULL; l = l->next)
    {
      g_autofree char *origin = dup_attribute (l->data, "origin");

      if (origin == NULL)
        legacy = legacy ? legacy : l->data;
      else if (op->origin != NULL && g_str_equal (origin, op->origin))
        exact = exact ? exact : l->data;
      else if (other == NULL)
        {
          other = l->data;
          if (*old_origin == NULL)
            *old_origin = g_steal_pointer (&origin);
        }
    }

  if (op->kind == KEY_OP_CONFIRM)
    {
      if (exact == NULL && (legacy != NULL || other != NULL))
        add_job (op, legacy ? legacy : other, FALSE, TRUE);
      for (GList *l = op->header_items; l != NULL; l = l->next)
        {
          g_autofree char *origin = dup_attribute (l->data, "origin");

          if (g_strcmp0 (origin, op->origin) != 0)
            add_job (op, l->data, TRUE, TRUE);
        }
      return TRUE;
    }

  if (!op->check_origin)
    {
      /* The address comes from PARLANCE_<ID>_BASE_URL: the user's choice for this run. */
      if (exact || legacy || other)
        add_job (op, exact ? exact : legacy ? legacy : other, FALSE, FALSE);
      for (GList *l = op->header_items; l != NULL; l = l->next)
        add_job (op, l->data, TRUE, FALSE);
      return TRUE;
    }

  /* A built-in's key saved before origins were recorded belongs to the built-in address. */
  if (exact == NULL && legacy != NULL && op->legacy_origin != NULL &&
      g_strcmp0 (op->legacy_origin, op->origin) != 0)
    {
      if (other == NULL)
        {
          other = legacy;
          g_free (*old_origin);
          *old_origin = g_strdup (op->legacy_origin);
        }
      legacy = NULL;
    }
  if (exact == NULL && legacy == NULL && other != NULL)
    return FALSE;
  if (exact != NULL || legacy != NULL)
    /* A custom provider's key saved before origins were recorded is bound to the address of its
     * first use. */
    add_job (op, exact ? exact : legacy, FALSE, exact == NULL && op->origin != NULL);

  for (GList *l = op->header_items; l != NULL; l = l->next)
    {
      g_autofree char *origin = dup_attribute (l->data, "origin");

      if (g_strcmp0 (origin, op->origin) == 0)
        {
          g_hash_table_add (bound_headers, dup_attribute (l->data, "header"));
          add_job (op, l->data, TRUE, FALSE);
        }
    }
  for (GList *l = op->header_items; l != NULL; l = l->next)
    {
      g_autofree char *origin = dup_attribute (l->data, "origin");
      g_autofree char *name = dup_attribute (l->data, "header");

      if (g_strcmp0 (origin, op->origin) != 0 && !g_hash_table_contains (bound_headers, name))
        {
          if (*old_origin == NULL)
            *old_origin = g_steal_pointer (&origin);
          return FALSE;
        }
    }
  return TRUE;
}

/* After a keyring search: FALSE, with the task returned and its reference dropped, when the
 * operation already ended (cancelled) or the search failed. */
static gboolean
search_went_on (GTask        *task,
                const GError *error)
{
  KeyOp *op = g_task_get_task_data (task);

  if (op->completed)
    {
      g_object_unref (task);
      return FALSE;
    }
  if (error != NULL)
    {
      _parlance_key_op_return_error (task, error);
      g_object_unref (task);
      return FALSE;
    }
  return TRUE;
}

static void
on_header_items_searched (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_origin = NULL;

  op->header_items = _parlance_key_items_list_finish (result, &error);
  if (!search_went_on (task, error))
    return;

  if (!plan_jobs (op, &old_origin))
    {
      g_debug ("Not reading the items of “%s”: they are bound to %s, not %s",
               op->provider_id, old_origin, op->origin);
      _parlance_key_op_complete (task);
      /* Translators: the first %s is a provider's name, the next two are addresses such as
       * https://openrouter.ai:443 */
      g_task_return_new_error (task, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED,
                               _("The key for %s was saved for %s, but its address is now %s, so "
                                 "the key was not sent. Confirm the new address to use the key there."),
                               op->provider_name, old_origin,
                               op->origin != NULL ? op->origin : "?");
      g_object_unref (task);
      return;
    }
  run_next_job (task);
}

void
_parlance_key_on_keys_searched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->key_items = _parlance_key_items_list_finish (result, &error);
  if (!search_went_on (task, error))
    return;
  _parlance_key_items_async (KEY_ITEMS_UNLOCK, &_parlance_header_schema, op->provider_id,
                             op->cancellable, on_header_items_searched, task);
}

/* Bound to an address */

GTask *
_parlance_key_bound_op_new (ParlanceKeyStore    *self,
                            KeyOpKind            kind,
                            ParlanceProvider    *provider,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data,
                            gpointer             source_tag)
{
  GTask *task = _parlance_key_op_new (self, kind, parlance_provider_get_id (provider), cancellable, callback,
                            user_data, source_tag);
  KeyOp *op = g_task_get_task_data (task);

  op->origin = parlance_provider_dup_origin (provider);
  op->provider_name = g_strdup (parlance_provider_get_name (provider));
  op->check_origin = !parlance_provider_get_base_url_from_env (provider);
  /* A built-in provider's key saved before origins were recorded was saved for its own address:
   * an address moved since (say, a planted providers.json) is not where that key belongs. */
  if (parlance_provider_get_kind (provider) != PARLANCE_PROVIDER_KIND_CUSTOM)
    op->legacy_origin = parlance_provider_get_default_base_url (provider) != NULL
                        ? parlance_origin_for_url (parlance_provider_get_default_base_url (provider))
                        : NULL;
  op->found_headers = _parlance_key_secret_pairs_new ();
  return task;
}

/**
 * parlance_key_store_lookup_for_async:
 * @self: a #ParlanceKeyStore
 * @provider: the provider the key is for, best a snapshot (parlance_provider_dup_snapshot()) of
 *   the one the request will use
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key and secret headers, or without
 * @user_data: data for @callback
 *
 * Finds what a request to @provider sends: its key (as parlance_key_store_lookup_async() does)
 * and its secret headers. Keyring items are bound to the origin (scheme, host, port) of the
 * address they were saved for: an item bound to another origin is not read, and the lookup fails
 * with %PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED until parlance_key_store_confirm_origin_async()
 * binds it to the new one. An item saved before origins were recorded belongs, for a built-in
 * provider, to the origin of its built-in address (parlance_provider_get_default_base_url()),
 * and is bound there; for a custom provider it is bound to @provider's origin now. An address
 * from `PARLANCE_<ID>_BASE_URL` is the user's explicit choice for the run: the keyring's key is
 * sent there without the check.
 */
void
parlance_key_store_lookup_for_async (ParlanceKeyStore    *self,
                                     ParlanceProvider    *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *provider_id;
  const char *env_var;
  const char *key;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  provider_id = parlance_provider_get_id (provider);

  /* The environment and the session hold keys the user gave for this run, wherever it goes. */
  env_var = parlance_key_store_get_env_var (provider_id);
  if ((env_var != NULL && (key = g_getenv (env_var)) != NULL && key[0] != '\0') ||
      _parlance_key_store_has_session_key (self, provider_id))
    {
      parlance_key_store_lookup_async (self, provider_id, cancellable, callback, user_data);
      return;
    }

  task = _parlance_key_bound_op_new (self, KEY_OP_LOOKUP_BOUND, provider, cancellable, callback,
                                     user_data, parlance_key_store_lookup_for_async);
  if (!_parlance_key_store_check_provider_id (task, provider_id))
    return;
  _parlance_key_op_start (task);
}

/**
 * parlance_key_store_lookup_for_finish:
 * @self: a #ParlanceKeyStore
 * @result: the #GAsyncResult
 * @source: (out) (optional): where the key came from
 * @headers: (out) (optional) (transfer full): the secret headers as name, value, name, value…
 *   (values are wiped when the array is freed), or %NULL when there are none
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the key, or %NULL; free it with
 *   parlance_key_store_free_key()
 */
char *
parlance_key_store_lookup_for_finish (ParlanceKeyStore   *self,
                                      GAsyncResult       *result,
                                      ParlanceKeySource  *source,
                                      GPtrArray         **headers,
                                      GError            **error)
{
  LookupResult *found;
  char *key;

  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (headers != NULL)
    *headers = NULL;
  if (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_lookup_async)
    return parlance_key_store_lookup_finish (self, result, source, error);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_key_store_lookup_for_async,
                        NULL);

  if (source != NULL)
    *source = PARLANCE_KEY_SOURCE_NONE;
  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  if (source != NULL)
    *source = found->source;
  if (headers != NULL && found->headers != NULL && found->headers->len > 0)
    *headers = g_steal_pointer (&found->headers);
  key = g_steal_pointer (&found->key);
  _parlance_key_lookup_result_free (found);
  return key;
}

/* A bound operation needs a valid provider id and an address to bind to: FALSE, with the task
 * returned, when it lacks either. */
gboolean
_parlance_key_bound_op_check (GTask *task)
{
  KeyOp *op = g_task_get_task_data (task);

  if (!_parlance_key_store_check_provider_id (task, op->provider_id))
    return FALSE;
  if (op->origin == NULL)
    {
      _parlance_key_op_return_invalid (task, _("The provider’s address can’t be used."));
      return FALSE;
    }
  return TRUE;
}

/**
 * parlance_key_store_confirm_origin_async:
 * @self: a #ParlanceKeyStore
 * @provider: the provider, at the address the user confirmed
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key and secret headers are bound to the new address
 * @user_data: data for @callback
 *
 * The user confirmed that @provider's key (and secret headers) may go to its new address: they
 * are saved again, bound to its origin, and the copies bound to the old one are removed.
 */
void
parlance_key_store_confirm_origin_async (ParlanceKeyStore    *self,
                                         ParlanceProvider    *provider,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  task = _parlance_key_bound_op_new (self, KEY_OP_CONFIRM, provider, cancellable, callback,
                                     user_data, parlance_key_store_confirm_origin_async);
  if (!_parlance_key_bound_op_check (task))
    return;
  _parlance_key_op_start (task);
}

gboolean
parlance_key_store_confirm_origin_finish (ParlanceKeyStore  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
