/* parlance-key-store.c
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

/* The only place in Parlance that reads or writes an API key.
 *
 * Keys come from, in this order: the provider's environment variable (never stored), a key the
 * user gave for this session only (kept in memory, wiped when dropped), and the Secret Service.
 * There is no plaintext fallback: without a keyring the caller gets NO_SERVICE and may offer a
 * session key instead.
 *
 * libsecret can wait forever for an unlock prompt that no one will ever see (a headless session,
 * a locked keyring without a prompter), so every keyring operation has a deadline. When it passes,
 * or when the caller cancels, the operation completes at once and libsecret is told to stop through
 * our own GCancellable; its late answer is then drained and ignored.
 *
 * Keys never appear in logs or error messages; only provider ids do. */

#define DEFAULT_TIMEOUT_MS 15000

struct _ParlanceKeyStore
{
  GObject     parent_instance;

  GHashTable *session_keys;   /* provider id → key; values are wiped when dropped */
  guint       timeout_ms;
};

/* "origin" is the scheme, host and port of the address the key was saved for (see
 * parlance_origin_for_url()). Keys saved before Parlance recorded it have none: the first lookup
 * bound to a provider binds them to its address of the moment (a migration). */
const SecretSchema _parlance_key_schema = {
  "io.github.parlance.Parlance.ApiKey",
  SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Extra headers that carry credentials (api-key, x-api-key…), one item each, bound like keys. */
const SecretSchema _parlance_header_schema = {
  "io.github.parlance.Parlance.SecretHeader",
  SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "header", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

G_DEFINE_FINAL_TYPE (ParlanceKeyStore, parlance_key_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (parlance-key-store-error-quark, parlance_key_store_error)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  KEY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;

  return TRUE;
}

/**
 * parlance_key_store_check_key:
 * @key: a key as the user gave it
 * @clean: (out) (transfer full) (optional): @key without surrounding white space; free it with
 *   parlance_key_store_free_key()
 * @error: return location for a %PARLANCE_KEY_STORE_ERROR_INVALID error
 *
 * A key is one line of text: surrounding white space is dropped, and a key with a line break or
 * another control character inside is refused (a raw newline corrupts gnome-keyring's files).
 * The error never repeats the key.
 *
 * Returns: whether @key can be saved and sent
 */
gboolean
parlance_key_store_check_key (const char  *key,
                              char       **clean,
                              GError     **error)
{
  g_autofree char *copy = NULL;

  if (clean != NULL)
    *clean = NULL;

  if (is_blank (key))
    {
      g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                           _("The key is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                           _("The key contains characters that can’t be saved."));
      return FALSE;
    }

  copy = g_strstrip (g_strdup (key));
  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        _parlance_key_wipe_free (g_steal_pointer (&copy));
        g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                             _("The key contains a line break or another control character. "
                               "A key is one line of text: copy it again from the provider."));
        return FALSE;
      }

  if (clean != NULL)
    *clean = g_steal_pointer (&copy);
  else
    _parlance_key_wipe_free (g_steal_pointer (&copy));
  return TRUE;
}

/* libsecret drops attributes that aren't UTF-8 with a warning and never calls back. */
gboolean
_parlance_key_store_check_provider_id (GTask      *task,
                   const char *provider_id)
{
  if (is_blank (provider_id))
    {
      _parlance_key_op_return_invalid (task, _("No provider was given for the key."));
      return FALSE;
    }

  if (!g_utf8_validate (provider_id, -1, NULL))
    {
      _parlance_key_op_return_invalid (task, _("The provider’s id isn’t valid text."));
      return FALSE;
    }

  return TRUE;
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

  g_bus_get (G_BUS_TYPE_SESSION, op->cancellable, on_bus_ready, g_object_ref (task));
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
  g_signal_emit (self, signals[KEY_CHANGED], 0, op->provider_id);
  g_task_return_boolean (task, TRUE);
}

static void
on_password_looked_up (GObject      *object,
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

static void
on_password_cleared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceKeyStore *self = g_task_get_source_object (task);
  KeyOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);

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
      secret_password_clear (&_parlance_header_schema, op->cancellable,
                             on_password_cleared, g_steal_pointer (&task),
                             "provider", op->provider_id,
                             NULL);
      return;
    }

  _parlance_key_op_complete (task);
  if (op->removed)
    g_signal_emit (self, signals[KEY_CHANGED], 0, op->provider_id);
  g_task_return_boolean (task, TRUE);
}

static void
store_key_now (GTask *task)
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
      store_key_now (g_steal_pointer (&task));
      break;

    case KEY_OP_LOOKUP_BOUND:
    case KEY_OP_CONFIRM:
      secret_password_search (&_parlance_key_schema,
                              SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                              op->cancellable, _parlance_key_on_keys_searched, g_steal_pointer (&task),
                              "provider", op->provider_id,
                              NULL);
      break;

    case KEY_OP_STORE_HEADERS:
      secret_password_clear (&_parlance_header_schema, op->cancellable,
                             _parlance_key_on_headers_cleared, g_steal_pointer (&task),
                             "provider", op->provider_id,
                             NULL);
      break;

    case KEY_OP_LOOKUP:
      secret_password_lookup (&_parlance_key_schema, op->cancellable,
                              on_password_looked_up, g_steal_pointer (&task),
                              "provider", op->provider_id,
                              NULL);
      break;

    case KEY_OP_DELETE:
      secret_password_clear (&_parlance_key_schema, op->cancellable,
                             on_password_cleared, g_steal_pointer (&task),
                             "provider", op->provider_id,
                             NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
parlance_key_store_finalize (GObject *object)
{
  ParlanceKeyStore *self = (ParlanceKeyStore *)object;

  g_clear_pointer (&self->session_keys, g_hash_table_unref);

  G_OBJECT_CLASS (parlance_key_store_parent_class)->finalize (object);
}

static void
parlance_key_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ParlanceKeyStore *self = PARLANCE_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_key_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ParlanceKeyStore *self = PARLANCE_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      parlance_key_store_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_key_store_class_init (ParlanceKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_key_store_finalize;
  object_class->get_property = parlance_key_store_get_property;
  object_class->set_property = parlance_key_store_set_property;

  /**
   * ParlanceKeyStore:timeout:
   *
   * How long a keyring operation may take, in milliseconds, before it fails with
   * %PARLANCE_KEY_STORE_ERROR_TIMED_OUT; 0 waits for ever.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ParlanceKeyStore::key-changed:
   * @provider_id: whose key was stored, deleted, or set for the session
   *
   * Lets windows follow a key added in Preferences or removed from the command line of this
   * process. (Changes made by other processes are not seen.)
   */
  signals[KEY_CHANGED] =
    g_signal_new ("key-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlance_key_store_init (ParlanceKeyStore *self)
{
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _parlance_key_wipe_free);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * parlance_key_store_get_default:
 *
 * The key store the whole process shares, so that session keys are seen everywhere.
 * Use it from the main thread only.
 *
 * Returns: (transfer none): the process-wide key store
 */
ParlanceKeyStore *
parlance_key_store_get_default (void)
{
  static ParlanceKeyStore *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, parlance_key_store_new ());

  return instance;
}

/**
 * parlance_key_store_new:
 *
 * A key store with session keys of its own; the app uses parlance_key_store_get_default().
 *
 * Returns: (transfer full): a new key store
 */
ParlanceKeyStore *
parlance_key_store_new (void)
{
  return g_object_new (PARLANCE_TYPE_KEY_STORE, NULL);
}

/**
 * parlance_key_store_get_env_var:
 * @provider_id: a provider id
 *
 * Returns: (nullable): the environment variable that overrides the key of @provider_id, such as
 *   `OPENROUTER_API_KEY`, or %NULL when the provider has none
 */
const char *
parlance_key_store_get_env_var (const char *provider_id)
{
  if (g_strcmp0 (provider_id, "openrouter") == 0)
    return "OPENROUTER_API_KEY";
  if (g_strcmp0 (provider_id, "gemini") == 0)
    return "GEMINI_API_KEY";
  if (g_strcmp0 (provider_id, "openai") == 0)
    return "OPENAI_API_KEY";

  return NULL;
}

/**
 * parlance_key_store_get_timeout:
 * @self: a #ParlanceKeyStore
 *
 * Returns: the deadline of keyring operations in milliseconds, 0 for none
 */
guint
parlance_key_store_get_timeout (ParlanceKeyStore *self)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), 0);

  return self->timeout_ms;
}

/**
 * parlance_key_store_set_timeout:
 * @self: a #ParlanceKeyStore
 * @timeout_ms: milliseconds, or 0 to wait for ever
 *
 * Sets how long later keyring operations may take (15 seconds by default).
 */
void
parlance_key_store_set_timeout (ParlanceKeyStore *self,
                                guint             timeout_ms)
{
  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * parlance_key_store_free_key:
 * @key: (nullable) (transfer full): a key from parlance_key_store_lookup_finish()
 *
 * Overwrites @key with zeros, then frees it.
 */
void
parlance_key_store_free_key (char *key)
{
  _parlance_key_wipe_free (key);
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
  if (is_blank (provider_name) || !g_utf8_validate (provider_name, -1, NULL))
    provider_name = provider_id;
  op->label = g_strdup_printf (_("API key for %s"), provider_name);

  _parlance_key_op_start (task);
}

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
 * parlance_key_store_set_session_key:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 * @key: (nullable): the key, or %NULL or empty to forget it
 * @error: return location for a %PARLANCE_KEY_STORE_ERROR_INVALID error
 *
 * Keeps @key in memory for the rest of this run, for when it can't or shouldn't be saved.
 * It replaces the keyring's key in lookups (not the environment's), and is wiped when replaced,
 * forgotten or when the store goes away. It is checked as parlance_key_store_check_key() does.
 *
 * Returns: %FALSE, and nothing changed, for a key that can't be used
 */
gboolean
parlance_key_store_set_session_key (ParlanceKeyStore  *self,
                                    const char        *provider_id,
                                    const char        *key,
                                    GError           **error)
{
  char *clean = NULL;

  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && provider_id[0] != '\0', FALSE);

  if (is_blank (key))
    {
      parlance_key_store_forget_session_key (self, provider_id);
      return TRUE;
    }
  if (!parlance_key_store_check_key (key, &clean, error))
    return FALSE;

  g_hash_table_replace (self->session_keys, g_strdup (provider_id), clean);
  g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
  return TRUE;
}

/**
 * parlance_key_store_forget_session_key:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 *
 * Wipes and drops the session key of @provider_id, if there is one.
 */
void
parlance_key_store_forget_session_key (ParlanceKeyStore *self,
                                       const char       *provider_id)
{
  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);

  if (g_hash_table_remove (self->session_keys, provider_id))
    g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
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

void
_parlance_key_store_emit_key_changed (ParlanceKeyStore *self,
                                      const char       *provider_id)
{
  g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
}

gboolean
_parlance_key_store_has_session_key (ParlanceKeyStore *self,
                                     const char       *provider_id)
{
  return g_hash_table_contains (self->session_keys, provider_id);
}
