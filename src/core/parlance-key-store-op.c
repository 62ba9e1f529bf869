/* parlance-key-store-op.c — the machinery every keyring operation runs on.
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

/* A KeyOp is one keyring operation behind a GTask. libsecret can wait forever for an unlock
 * prompt that no one will ever see (a headless session, a locked keyring without a prompter), so
 * every operation has a deadline. When it passes, or when the caller cancels, the operation
 * completes at once and libsecret is told to stop through our own GCancellable; its late answer is
 * then drained and ignored. Errors become ParlanceKeyStoreError codes with messages for people;
 * what libsecret or GDBus said goes to the debug log only (it never holds the key). */

void
_parlance_key_wipe_free (gpointer data)
{
  char *key = data;

  if (key != NULL)
    {
      secret_password_wipe (key);
      g_free (key);
    }
}

void
_parlance_key_lookup_result_free (gpointer data)
{
  LookupResult *result = data;

  _parlance_key_wipe_free (result->key);
  g_clear_pointer (&result->headers, g_ptr_array_unref);
  g_free (result);
}

void
_parlance_key_item_job_free (gpointer data)
{
  ItemJob *job = data;

  g_clear_object (&job->item);
  g_clear_pointer (&job->value, secret_value_unref);
  g_free (job);
}

/* name, value, name, value…: values are secrets, wiped when dropped. */
GPtrArray *
_parlance_key_secret_pairs_new (void)
{
  return g_ptr_array_new_with_free_func (_parlance_key_wipe_free);
}

static void
key_op_stop_sources (KeyOp *op)
{
  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
  if (op->cancelled_source != NULL)
    {
      g_source_destroy (op->cancelled_source);
      g_clear_pointer (&op->cancelled_source, g_source_unref);
    }
}

static void
key_op_free (gpointer data)
{
  KeyOp *op = data;

  key_op_stop_sources (op);
  g_free (op->provider_id);
  g_free (op->label);
  _parlance_key_wipe_free (op->key);
  g_free (op->origin);
  g_free (op->provider_name);
  g_free (op->legacy_origin);
  g_list_free_full (op->key_items, g_object_unref);
  g_list_free_full (op->header_items, g_object_unref);
  g_queue_clear_full (&op->jobs, _parlance_key_item_job_free);
  _parlance_key_wipe_free (op->found_key);
  g_clear_pointer (&op->found_headers, g_ptr_array_unref);
  g_clear_pointer (&op->new_headers, g_ptr_array_unref);
  g_clear_object (&op->bus);
  g_clear_object (&op->cancellable);
  g_free (op);
}

/* Marks the operation as answered; a later answer from libsecret is drained and dropped. */
void
_parlance_key_op_complete (GTask *task)
{
  KeyOp *op = g_task_get_task_data (task);

  g_assert (!op->completed);

  op->completed = TRUE;
  g_clear_pointer (&op->key, _parlance_key_wipe_free);
  key_op_stop_sources (op);
}

static const char *
key_op_describe (KeyOpKind kind)
{
  switch (kind)
    {
    case KEY_OP_STORE:
      return "saving";
    case KEY_OP_LOOKUP:
      return "reading";
    case KEY_OP_DELETE:
      return "removing";
    case KEY_OP_LOOKUP_BOUND:
      return "reading";
    case KEY_OP_CONFIRM:
      return "moving";
    case KEY_OP_STORE_HEADERS:
      return "saving the secret headers with";
    default:
      g_assert_not_reached ();
    }
}

static const char *
message_for (ParlanceKeyStoreError code,
             KeyOpKind             kind)
{
  switch (code)
    {
    case PARLANCE_KEY_STORE_ERROR_NO_SERVICE:
      if (kind == KEY_OP_STORE)
        return _("No keyring service is running, so the key can’t be saved. "
                 "You can use it for this session only.");
      if (kind == KEY_OP_LOOKUP)
        return _("No keyring service is running, so saved keys can’t be read. "
                 "You can enter the key for this session only.");
      return _("No keyring service is running, so the saved key can’t be removed.");

    case PARLANCE_KEY_STORE_ERROR_LOCKED:
      if (kind == KEY_OP_STORE)
        return _("The keyring is locked, so the key wasn’t saved. Unlock it and try again.");
      if (kind == KEY_OP_LOOKUP)
        return _("The keyring is locked, so the saved key can’t be read. Unlock it and try again.");
      return _("The keyring is locked, so the key wasn’t removed. Unlock it and try again.");

    case PARLANCE_KEY_STORE_ERROR_TIMED_OUT:
      if (kind == KEY_OP_STORE)
        return _("The keyring didn’t answer in time, so the key wasn’t saved. "
                 "If it is locked, unlock it and try again.");
      if (kind == KEY_OP_LOOKUP)
        return _("The keyring didn’t answer in time, so the saved key can’t be read. "
                 "If it is locked, unlock it and try again.");
      return _("The keyring didn’t answer in time, so the key wasn’t removed. "
               "If it is locked, unlock it and try again.");

    case PARLANCE_KEY_STORE_ERROR_INVALID:
    case PARLANCE_KEY_STORE_ERROR_FAILED:
    case PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED:
    default:
      if (kind == KEY_OP_STORE)
        return _("The keyring couldn’t save the key. Try again, or use it for this session only.");
      if (kind == KEY_OP_LOOKUP)
        return _("The keyring couldn’t read the saved key. Try again, or enter the key "
                 "for this session only.");
      return _("The keyring couldn’t remove the key. Try again.");
    }
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_SPAWN_ERROR)
    return TRUE;

  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_CLOSED ||
           error->code == G_IO_ERROR_CONNECTION_CLOSED ||
           error->code == G_IO_ERROR_CONNECTION_REFUSED;

  if (error->domain == G_DBUS_ERROR)
    return error->code == G_DBUS_ERROR_SERVICE_UNKNOWN ||
           error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
           error->code == G_DBUS_ERROR_NO_SERVER ||
           error->code == G_DBUS_ERROR_DISCONNECTED ||
           error->code == G_DBUS_ERROR_SPAWN_EXEC_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_FORK_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_CHILD_EXITED ||
           error->code == G_DBUS_ERROR_SPAWN_CHILD_SIGNALED ||
           error->code == G_DBUS_ERROR_SPAWN_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_SETUP_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_CONFIG_INVALID ||
           error->code == G_DBUS_ERROR_SPAWN_SERVICE_INVALID ||
           error->code == G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND ||
           error->code == G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID ||
           error->code == G_DBUS_ERROR_SPAWN_FILE_INVALID ||
           error->code == G_DBUS_ERROR_SPAWN_NO_MEMORY;

  return FALSE;
}

static gboolean
is_timeout_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY);
}

/* The caller's cancellation wins over any other outcome. */
gboolean
_parlance_key_op_return_if_cancelled (GTask *task)
{
  if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return FALSE;

  _parlance_key_op_complete (task);
  g_task_return_error_if_cancelled (task);
  return TRUE;
}

void
_parlance_key_op_return_invalid (GTask      *task,
                       const char *message)
{
  _parlance_key_op_complete (task);
  g_task_return_new_error (task, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                           "%s", message);
}

void
_parlance_key_op_return_error_code (GTask                 *task,
                          ParlanceKeyStoreError  code)
{
  KeyOp *op = g_task_get_task_data (task);
  KeyOpKind kind = op->kind;

  _parlance_key_op_complete (task);

  if (kind == KEY_OP_LOOKUP_BOUND)
    kind = KEY_OP_LOOKUP;
  else if (kind == KEY_OP_CONFIRM || kind == KEY_OP_STORE_HEADERS)
    kind = KEY_OP_STORE;
  g_task_return_new_error (task, PARLANCE_KEY_STORE_ERROR, code,
                           "%s", message_for (code, kind));
}

/* Turns whatever libsecret or GDBus said into one of our codes, with a message for people.
 * The original message goes to the debug log only: it names D-Bus internals, never the key. */
void
_parlance_key_op_return_error (GTask        *task,
                     const GError *error)
{
  KeyOp *op = g_task_get_task_data (task);
  ParlanceKeyStoreError code;

  g_debug ("Keyring failed while %s the key for “%s”: %s (%s, %d)",
           key_op_describe (op->kind), op->provider_id, error->message,
           g_quark_to_string (error->domain), error->code);

  if (_parlance_key_op_return_if_cancelled (task))
    return;

  if (is_no_service_error (error))
    code = PARLANCE_KEY_STORE_ERROR_NO_SERVICE;
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    code = PARLANCE_KEY_STORE_ERROR_LOCKED;
  else if (is_timeout_error (error))
    code = PARLANCE_KEY_STORE_ERROR_TIMED_OUT;
  else
    code = PARLANCE_KEY_STORE_ERROR_FAILED;

  _parlance_key_op_return_error_code (task, code);
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);

  g_debug ("Keyring did not answer in time while %s the key for “%s”",
           key_op_describe (op->kind), op->provider_id);

  /* Answer first: cancelling can make libsecret wait again (it dismisses its prompt). */
  _parlance_key_op_return_error_code (task, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  g_cancellable_cancel (op->cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KeyOp *op = g_task_get_task_data (task);

  _parlance_key_op_return_if_cancelled (task);
  g_cancellable_cancel (op->cancellable);

  return G_SOURCE_REMOVE;
}

GTask *
_parlance_key_op_new (ParlanceKeyStore    *self,
            KeyOpKind            kind,
            const char          *provider_id,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  KeyOp *op = g_new0 (KeyOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->kind = kind;
  op->provider_id = g_strdup (provider_id);
  g_task_set_task_data (task, op, key_op_free);

  return g_steal_pointer (&task);
}

static void on_bus_ready (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Starts the deadline and the caller's cancellation watch, then makes sure there is a session bus
 * at all: failing here means no keyring service, whatever GDBus calls the error. */
void
_parlance_key_op_start (GTask *task)
{
  ParlanceKeyStore *self = g_task_get_source_object (task);
  GCancellable *caller_cancellable = g_task_get_cancellable (task);
  KeyOp *op = g_task_get_task_data (task);

  op->cancellable = g_cancellable_new ();

  if (self->timeout_ms > 0)
    {
      op->timeout_source = g_timeout_source_new (self->timeout_ms);
      g_source_set_static_name (op->timeout_source, "[parlance] key store timeout");
      g_task_attach_source (task, op->timeout_source, on_timeout);
    }

  if (caller_cancellable != NULL)
    {
      op->cancelled_source = g_cancellable_source_new (caller_cancellable);
      g_source_set_static_name (op->cancelled_source, "[parlance] key store cancelled");
      g_task_attach_source (task, op->cancelled_source, G_SOURCE_FUNC (on_caller_cancelled));
    }

  /* Not op->cancellable: GLib shares the first pending g_bus_get() between all callers, so a
   * first operation cancelled early would fail every later one in the process with "cancelled".
   * Cancellation is checked when the bus is ready. */
  g_bus_get (G_BUS_TYPE_SESSION, NULL, on_bus_ready, g_object_ref (task));
}

static void
on_bus_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  bus = g_bus_get_finish (result, &error);

  if (op->completed)
    return;

  if (_parlance_key_op_return_if_cancelled (task))
    return;

  if (bus == NULL)
    {
      g_debug ("No session bus while %s the key for “%s”: %s",
               key_op_describe (op->kind), op->provider_id, error->message);
      _parlance_key_op_return_error_code (task, PARLANCE_KEY_STORE_ERROR_NO_SERVICE);
      return;
    }

  op->bus = g_steal_pointer (&bus);

  switch (op->kind)
    {
    case KEY_OP_STORE:
      /* It replaces the item with the same attributes. A copy bound to another address stays,
       * unread while the provider's address is this one: lookups prefer the item bound to it. */
      _parlance_key_store_key_now (g_steal_pointer (&task));
      break;

    case KEY_OP_LOOKUP_BOUND:
    case KEY_OP_CONFIRM:
      _parlance_key_items_async (KEY_ITEMS_UNLOCK, &_parlance_key_schema, op->provider_id,
                                 op->cancellable, _parlance_key_on_keys_searched,
                                 g_steal_pointer (&task));
      break;

    case KEY_OP_STORE_HEADERS:
      _parlance_key_items_async (KEY_ITEMS_CLEAR, &_parlance_header_schema, op->provider_id,
                                 op->cancellable, _parlance_key_on_headers_cleared,
                                 g_steal_pointer (&task));
      break;

    case KEY_OP_LOOKUP:
      secret_password_lookup (&_parlance_key_schema, op->cancellable,
                              _parlance_key_on_password_looked_up, g_steal_pointer (&task),
                              "provider", op->provider_id,
                              NULL);
      break;

    case KEY_OP_DELETE:
      _parlance_key_items_async (KEY_ITEMS_CLEAR, &_parlance_key_schema, op->provider_id,
                                 op->cancellable, _parlance_key_on_password_cleared,
                                 g_steal_pointer (&task));
      break;

    default:
      g_assert_not_reached ();
    }
}
