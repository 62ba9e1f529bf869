/* parlance-key-store-headers.c — saving a provider's secret headers in the keyring.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Headers that carry credentials (api-key, x-api-key…; parlance_is_secret_header()) are kept one
 * keyring item each, bound to the origin of the provider's address like its key. Saving replaces
 * them all: the old items are cleared, then the new ones go in one after the other. Reading them
 * is part of the bound lookup (parlance-key-store-bound.c).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-key-store-private.h"
#include "parlance-provider.h"

static void on_header_stored (GObject *object, GAsyncResult *result, gpointer user_data);

/* Saving secret headers: the old ones are gone, the new ones go in one after the other. */
static void
store_next_header (GTask *task)
{
  ParlanceKeyStore *self = g_task_get_source_object (task);
  KeyOp *op = g_task_get_task_data (task);
  const char *name, *value;
  g_autofree char *label = NULL;

  if (op->next_header + 1 >= op->new_headers->len)
    {
      _parlance_key_op_complete (task);
      _parlance_key_store_emit_key_changed (self, op->provider_id);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  name = g_ptr_array_index (op->new_headers, op->next_header);
  value = g_ptr_array_index (op->new_headers, op->next_header + 1);
  op->next_header += 2;
  /* Translators: the name of a saved header in the keyring; %s are a header name, such as
   * “api-key”, and the provider's name */
  label = g_strdup_printf (_("“%s” header for %s"), name, op->provider_name);
  secret_password_store (&_parlance_header_schema, SECRET_COLLECTION_DEFAULT, label, value,
                         op->cancellable, on_header_stored, task,
                         "provider", op->provider_id,
                         "origin", op->origin,
                         "header", name,
                         NULL);
}

static void
on_header_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

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
  store_next_header (task);
}

void
_parlance_key_on_headers_cleared (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _parlance_key_items_finish (result, &error);
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
  store_next_header (task);
}

/**
 * parlance_is_secret_header:
 * @name: a header name
 *
 * Returns: whether a header of that name carries a credential (Authorization, api-key,
 *   x-api-key, Cookie…), and so belongs in the keyring, never in providers.json
 */
gboolean
parlance_is_secret_header (const char *name)
{
  static const char * const names[] = {
    "authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key", "cookie",
    "x-auth-token", "x-access-token", NULL
  };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * parlance_key_store_store_headers_async:
 * @self: a #ParlanceKeyStore
 * @provider: the provider; the headers are bound to the origin of its address
 * @headers: (nullable): name, value, name, value… : the provider's secret headers, which replace
 *   the saved ones (none removes them all)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when they are saved
 * @user_data: data for @callback
 */
void
parlance_key_store_store_headers_async (ParlanceKeyStore    *self,
                                        ParlanceProvider    *provider,
                                        GPtrArray           *headers,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyOp *op;

  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  task = _parlance_key_bound_op_new (self, KEY_OP_STORE_HEADERS, provider, cancellable, callback,
                                     user_data, parlance_key_store_store_headers_async);
  op = g_task_get_task_data (task);
  if (!_parlance_key_bound_op_check (task))
    return;
  op->new_headers = _parlance_key_secret_pairs_new ();
  for (guint i = 0; headers != NULL && i + 1 < headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (headers, i);
      const char *value = g_ptr_array_index (headers, i + 1);
      g_autoptr(GError) error = NULL;
      char *clean = NULL;

      for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
          {
            _parlance_key_op_return_invalid (task, _("A header name is made of letters, digits and - only, "
                                           "as in api-key."));
            return;
          }
      if (*name == '\0')
        {
          _parlance_key_op_return_invalid (task, _("A header name is missing."));
          return;
        }

      if (!parlance_key_store_check_key (value, &clean, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The value of the “%s” header can’t be saved: %s"),
                                                      (char *) g_ptr_array_index (headers, i),
                                                      error->message);
          _parlance_key_op_return_invalid (task, message);
          return;
        }
      g_ptr_array_add (op->new_headers, g_ascii_strdown (g_ptr_array_index (headers, i), -1));
      g_ptr_array_add (op->new_headers, clean);
    }
  _parlance_key_op_start (task);
}

gboolean
parlance_key_store_store_headers_finish (ParlanceKeyStore  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

