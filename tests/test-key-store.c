/* test-key-store.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "parlance-key-store.h"
#include "parlance-test-utils.h"

/* Keyring tests need the private D-Bus session and throwaway gnome-keyring that build-aux/test
 * sets up; anywhere else they skip rather than write into someone's real keyring.
 * Tests that need a bus without a Secret Service, or a stalled one, run in a subprocess that
 * points DBUS_SESSION_BUS_ADDRESS at a private bus before anything connects. */

#define WAIT_MS 30000

/* The schema as the rest of the desktop sees it (Seahorse, secret-tool), written out again so
 * that a change to the real one fails here. */
static const SecretSchema expected_schema = {
  "io.github.parlance.Parlance.ApiKey",
  SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
store_key (ParlanceKeyStore  *store,
           const char        *provider_id,
           const char        *provider_name,
           const char        *key,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_store_async (store, provider_id, provider_name, key, cancellable,
                                  on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);

  return parlance_key_store_store_finish (store, result, error);
}

static char *
lookup_key (ParlanceKeyStore   *store,
            const char         *provider_id,
            GCancellable       *cancellable,
            ParlanceKeySource  *source,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_lookup_async (store, provider_id, cancellable, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);

  return parlance_key_store_lookup_finish (store, result, source, error);
}

static gboolean
delete_key (ParlanceKeyStore  *store,
            const char        *provider_id,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_delete_async (store, provider_id, cancellable, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);

  return parlance_key_store_delete_finish (store, result, error);
}

static void
assert_lookup (ParlanceKeyStore  *store,
               const char        *provider_id,
               const char        *expected_key,
               ParlanceKeySource  expected_source)
{
  g_autoptr(GError) error = NULL;
  ParlanceKeySource source = (ParlanceKeySource) -1;
  char *key;

  key = lookup_key (store, provider_id, NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, expected_key);
  g_assert_cmpint (source, ==, expected_source);
  parlance_key_store_free_key (key);
}

static void
assert_human_message (const GError *error,
                      const char   *key)
{
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strstr (error->message, "org.freedesktop"));
  g_assert_null (strstr (error->message, "GDBus"));
  g_assert_null (strstr (error->message, "io.github"));
  if (key != NULL)
    g_assert_null (strstr (error->message, key));
}

/* A key nobody could have typed, so that finding it in a file or a log means we put it there. */
static char *
make_key (const char *tag)
{
  return g_strdup_printf ("sk-parlance-test-%s-%08x%08x", tag, g_random_int (), g_random_int ());
}

static gboolean
require_keyring (void)
{
  return parlance_test_require_keyring ();
}

/* Items under our schema for @provider_id, found without going through ParlanceKeyStore. */
static GList *
search_items (const char *provider_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  secret_password_search (&expected_schema, SECRET_SEARCH_ALL, NULL, on_ready, &result,
                          "provider", provider_id,
                          NULL);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  items = secret_password_search_finish (result, &error);
  g_assert_no_error (error);

  return items;
}

static void
test_env_var_names (void)
{
  g_assert_cmpstr (parlance_key_store_get_env_var ("openrouter"), ==, "OPENROUTER_API_KEY");
  g_assert_cmpstr (parlance_key_store_get_env_var ("gemini"), ==, "GEMINI_API_KEY");
  g_assert_cmpstr (parlance_key_store_get_env_var ("openai"), ==, "OPENAI_API_KEY");
  g_assert_null (parlance_key_store_get_env_var ("ollama"));
  g_assert_null (parlance_key_store_get_env_var ("my-custom-provider"));
  g_assert_null (parlance_key_store_get_env_var (""));
  g_assert_null (parlance_key_store_get_env_var (NULL));
}

static void
test_default (void)
{
  ParlanceKeyStore *store = parlance_key_store_get_default ();

  g_assert_true (PARLANCE_IS_KEY_STORE (store));
  g_assert_true (store == parlance_key_store_get_default ());
  g_assert_cmpuint (parlance_key_store_get_timeout (store), ==, 15000);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_timeout_property (void)
{
  g_autoptr(ParlanceKeyStore) store = parlance_key_store_new ();
  guint notified = 0;
  guint value = 0;

  g_signal_connect (store, "notify::timeout", G_CALLBACK (on_notify), &notified);

  parlance_key_store_set_timeout (store, 250);
  g_assert_cmpuint (notified, ==, 1);
  parlance_key_store_set_timeout (store, 250);
  g_assert_cmpuint (notified, ==, 1);

  g_object_get (store, "timeout", &value, NULL);
  g_assert_cmpuint (value, ==, 250);
  g_object_set (store, "timeout", 0u, NULL);
  g_assert_cmpuint (parlance_key_store_get_timeout (store), ==, 0);
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
assert_invalid (GError *error)
{
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  assert_human_message (error, NULL);
}

static void
test_invalid (void)
{
  ParlanceKeyStore *store = parlance_key_store_new ();
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_KEYRING;
  GError *error = NULL;
  char *key;

  /* Checked before any D-Bus traffic, so these need no keyring. */
  g_assert_false (store_key (store, "", "Empty", "sk-1", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, NULL, NULL, "sk-1", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", "", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", NULL, NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", " \t\n", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", "sk-\xff\xfe", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  g_assert_false (store_key (store, "bad-\xc3", "Bad", "sk-1", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  key = lookup_key (store, "", NULL, &source, &error);
  assert_invalid (error);
  g_assert_null (key);
  g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_NONE);
  g_clear_error (&error);

  g_assert_false (delete_key (store, "", NULL, &error));
  assert_invalid (error);
  g_clear_error (&error);

  parlance_test_unref_and_wait (store);
}

static void
test_round_trip (void)
{
  ParlanceKeyStore *store;
  g_autofree char *alpha = make_key ("alpha");
  g_autofree char *beta = make_key ("beta");
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GList *items;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();

  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);

  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha Provider", alpha, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store_key (store, "parlance-test-beta", NULL, beta, NULL, &error));
  g_assert_no_error (error);

  assert_lookup (store, "parlance-test-alpha", alpha, PARLANCE_KEY_SOURCE_KEYRING);
  assert_lookup (store, "parlance-test-beta", beta, PARLANCE_KEY_SOURCE_KEYRING);
  assert_lookup (store, "parlance-test-gamma", NULL, PARLANCE_KEY_SOURCE_NONE);

  /* Another instance (another run of the app) finds the same keys. */
  assert_lookup (parlance_key_store_get_default (), "parlance-test-alpha", alpha,
                 PARLANCE_KEY_SOURCE_KEYRING);

  /* What the rest of the desktop sees: our schema, one item, a label for people. */
  items = search_items ("parlance-test-alpha");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "API key for Alpha Provider");
  g_list_free_full (items, g_object_unref);
  g_clear_pointer (&label, g_free);

  items = search_items ("parlance-test-beta");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "API key for parlance-test-beta");
  g_list_free_full (items, g_object_unref);

  g_assert_true (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);
  assert_lookup (store, "parlance-test-beta", beta, PARLANCE_KEY_SOURCE_KEYRING);
  g_assert_null (search_items ("parlance-test-alpha"));

  g_assert_true (delete_key (store, "parlance-test-beta", NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-beta", NULL, PARLANCE_KEY_SOURCE_NONE);
  g_assert_null (search_items ("parlance-test-beta"));

  /* Deleting what isn't there is not an error. */
  g_assert_true (delete_key (store, "parlance-test-beta", NULL, &error));
  g_assert_no_error (error);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), alpha);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), beta);

  parlance_test_unref_and_wait (store);
}

static void
test_overwrite (void)
{
  ParlanceKeyStore *store;
  g_autofree char *first = make_key ("first");
  g_autofree char *second = make_key ("second");
  g_autoptr(GError) error = NULL;
  GList *items;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();

  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", second, NULL, &error));
  g_assert_no_error (error);

  assert_lookup (store, "parlance-test-alpha", second, PARLANCE_KEY_SOURCE_KEYRING);
  items = search_items ("parlance-test-alpha");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  g_assert_true (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);

  parlance_test_unref_and_wait (store);
}

static void
test_environment (void)
{
  ParlanceKeyStore *store;
  g_autofree char *env_key = make_key ("env");
  g_autofree char *saved = make_key ("saved");
  g_autofree char *session = make_key ("session");
  g_autoptr(GError) error = NULL;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();
  g_assert_true (delete_key (store, "openrouter", NULL, &error));
  g_assert_no_error (error);

  /* Set: it wins, and is never written anywhere. */
  g_setenv ("OPENROUTER_API_KEY", env_key, TRUE);
  assert_lookup (store, "openrouter", env_key, PARLANCE_KEY_SOURCE_ENVIRONMENT);
  g_unsetenv ("OPENROUTER_API_KEY");
  assert_lookup (store, "openrouter", NULL, PARLANCE_KEY_SOURCE_NONE);
  g_assert_null (search_items ("openrouter"));

  /* Empty counts as unset. */
  g_setenv ("OPENROUTER_API_KEY", "", TRUE);
  assert_lookup (store, "openrouter", NULL, PARLANCE_KEY_SOURCE_NONE);

  /* Over the keyring and over a session key. */
  g_assert_true (store_key (store, "openrouter", "OpenRouter", saved, NULL, &error));
  g_assert_no_error (error);
  parlance_key_store_set_session_key (store, "openrouter", session, NULL);
  g_setenv ("OPENROUTER_API_KEY", env_key, TRUE);
  assert_lookup (store, "openrouter", env_key, PARLANCE_KEY_SOURCE_ENVIRONMENT);
  /* Other providers' variables don't apply. */
  assert_lookup (store, "gemini", NULL, PARLANCE_KEY_SOURCE_NONE);
  g_unsetenv ("OPENROUTER_API_KEY");
  assert_lookup (store, "openrouter", session, PARLANCE_KEY_SOURCE_SESSION);
  parlance_key_store_forget_session_key (store, "openrouter");
  assert_lookup (store, "openrouter", saved, PARLANCE_KEY_SOURCE_KEYRING);

  g_assert_true (delete_key (store, "openrouter", NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "openrouter", NULL, PARLANCE_KEY_SOURCE_NONE);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), env_key);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), saved);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), session);

  parlance_test_unref_and_wait (store);
}

static void
test_session_key (void)
{
  ParlanceKeyStore *store;
  g_autofree char *saved = make_key ("saved");
  g_autofree char *session = make_key ("session");
  g_autofree char *session2 = make_key ("session2");
  g_autoptr(GError) error = NULL;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();

  parlance_key_store_set_session_key (store, "parlance-test-alpha", session, NULL);
  assert_lookup (store, "parlance-test-alpha", session, PARLANCE_KEY_SOURCE_SESSION);
  assert_lookup (store, "parlance-test-beta", NULL, PARLANCE_KEY_SOURCE_NONE);
  /* Session keys belong to one store: the keyring never saw this one. */
  assert_lookup (parlance_key_store_get_default (), "parlance-test-alpha", NULL,
                 PARLANCE_KEY_SOURCE_NONE);
  g_assert_null (search_items ("parlance-test-alpha"));

  parlance_key_store_set_session_key (store, "parlance-test-alpha", session2, NULL);
  assert_lookup (store, "parlance-test-alpha", session2, PARLANCE_KEY_SOURCE_SESSION);

  parlance_key_store_forget_session_key (store, "parlance-test-alpha");
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);
  parlance_key_store_forget_session_key (store, "parlance-test-alpha");

  /* An empty key forgets too. */
  parlance_key_store_set_session_key (store, "parlance-test-alpha", session, NULL);
  parlance_key_store_set_session_key (store, "parlance-test-alpha", "", NULL);
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);

  /* Over the keyring… */
  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", saved, NULL, &error));
  g_assert_no_error (error);
  parlance_key_store_set_session_key (store, "parlance-test-alpha", session, NULL);
  assert_lookup (store, "parlance-test-alpha", session, PARLANCE_KEY_SOURCE_SESSION);

  /* …until a key is saved, which replaces it… */
  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", saved, NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-alpha", saved, PARLANCE_KEY_SOURCE_KEYRING);

  /* …or the key is deleted, which forgets both. */
  parlance_key_store_set_session_key (store, "parlance-test-alpha", session, NULL);
  g_assert_true (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);

  /* Finalizing wipes what is left. */
  parlance_key_store_set_session_key (store, "parlance-test-beta", session, NULL);
  parlance_test_unref_and_wait (store);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), session);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), session2);
}

static gboolean
cancel_in_idle (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  ParlanceKeyStore *store;
  g_autofree char *key = make_key ("cancel");
  g_autofree char *found = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_KEYRING;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();

  /* Cancelled before it starts: nothing reaches the keyring. */
  cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", key, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_lookup (store, "parlance-test-alpha", NULL, PARLANCE_KEY_SOURCE_NONE);

  found = lookup_key (store, "parlance-test-alpha", cancellable, &source, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_NONE);
  g_clear_error (&error);

  g_assert_false (delete_key (store, "parlance-test-alpha", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while under way. */
  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", key, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_idle_add (cancel_in_idle, cancellable);
  source = PARLANCE_KEY_SOURCE_KEYRING;
  found = lookup_key (store, "parlance-test-alpha", cancellable, &source, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_NONE);
  g_clear_error (&error);

  g_assert_true (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_no_error (error);

  /* libsecret's late answers were drained: nothing holds the store any more. */
  parlance_test_unref_and_wait (store);
}

static void
test_no_service (void)
{
  g_autofree char *key = make_key ("no-service");
  g_autoptr(GTestDBus) bus = NULL;
  ParlanceKeyStore *store;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_KEYRING;
  GError *error = NULL;
  char *found;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* A session bus on which nothing provides org.freedesktop.secrets, not even by activation. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  store = parlance_key_store_new ();

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", key, NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE);
  assert_human_message (error, key);
  g_assert_nonnull (strstr (error->message, "session"));
  g_clear_error (&error);

  found = lookup_key (store, "parlance-test-alpha", NULL, &source, &error);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE);
  assert_human_message (error, NULL);
  g_assert_null (found);
  g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_NONE);
  g_clear_error (&error);

  g_assert_false (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE);
  assert_human_message (error, NULL);
  g_clear_error (&error);

  /* What the UI offers instead: a key for this session only, no keyring involved. */
  parlance_key_store_set_session_key (store, "parlance-test-alpha", key, NULL);
  assert_lookup (store, "parlance-test-alpha", key, PARLANCE_KEY_SOURCE_SESSION);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), key);

  parlance_test_unref_and_wait (store);
  /* libsecret caches its service proxy, and with it the bus, for the life of the process. */
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

static void
test_no_session_bus (void)
{
  ParlanceKeyStore *store;
  GError *error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parlance-test-bus", TRUE);

  store = parlance_key_store_new ();
  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", "sk-1", NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE);
  assert_human_message (error, "sk-1");
  g_clear_error (&error);

  parlance_test_unref_and_wait (store);
}

/* A Secret Service that owns its name and never answers, like a keyring stuck on a prompt. */
static GDBusMessage *
drop_method_calls (GDBusConnection *connection,
                   GDBusMessage    *message,
                   gboolean         incoming,
                   gpointer         user_data)
{
  guint *dropped = user_data;

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_atomic_int_inc (dropped);
      g_object_unref (message);
      return NULL;
    }

  return message;
}

static void
test_timeout (void)
{
  g_autofree char *key = make_key ("timeout");
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GDBusConnection) service = NULL;
  g_autoptr(GVariant) reply = NULL;
  ParlanceKeyStore *store;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_KEYRING;
  GError *error = NULL;
  guint dropped = 0;
  guint32 request_result = 0;
  gint64 start;
  char *found;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (service, drop_method_calls, &dropped, NULL);
  reply = g_dbus_connection_call_sync (service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &request_result);
  g_assert_cmpuint (request_result, ==, 1);

  store = parlance_key_store_new ();
  parlance_key_store_set_timeout (store, 300);

  start = g_get_monotonic_time ();
  found = lookup_key (store, "parlance-test-alpha", NULL, &source, &error);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  assert_human_message (error, NULL);
  g_assert_null (found);
  g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_NONE);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  /* The service really was asked, and really stayed silent. */
  g_assert_cmpuint (g_atomic_int_get (&dropped), >, 0);

  g_assert_false (store_key (store, "parlance-test-alpha", "Alpha", key, NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  assert_human_message (error, key);
  g_clear_error (&error);

  g_assert_false (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  g_clear_error (&error);

  /* The abandoned calls were cancelled, not left waiting on the service. */
  parlance_test_unref_and_wait (store);

  g_dbus_connection_close_sync (service, NULL, NULL);
  g_clear_object (&service);
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

/* Debug logging on: provider ids appear, keys never do. */
static void
test_never_logged (void)
{
  g_autofree char *saved = NULL;
  g_autofree char *env_key = NULL;
  g_autofree char *session = NULL;
  ParlanceKeyStore *store;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      if (!require_keyring ())
        return;

      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*Saved the key for “parlance-test-alpha”*");
      g_test_trap_assert_stdout_unmatched ("*sk-parlance-test-*");
      g_test_trap_assert_stderr_unmatched ("*sk-parlance-test-*");
      return;
    }

  g_log_set_debug_enabled (TRUE);
  saved = make_key ("saved");
  env_key = make_key ("env");
  session = make_key ("session");

  store = parlance_key_store_new ();
  g_assert_true (store_key (store, "parlance-test-alpha", "Alpha", saved, NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-alpha", saved, PARLANCE_KEY_SOURCE_KEYRING);
  g_setenv ("GEMINI_API_KEY", env_key, TRUE);
  assert_lookup (store, "gemini", env_key, PARLANCE_KEY_SOURCE_ENVIRONMENT);
  parlance_key_store_set_session_key (store, "parlance-test-beta", session, NULL);
  assert_lookup (store, "parlance-test-beta", session, PARLANCE_KEY_SOURCE_SESSION);
  g_assert_true (delete_key (store, "parlance-test-alpha", NULL, &error));
  g_assert_no_error (error);

  parlance_test_unref_and_wait (store);
}

/* Keys are one line of text: trimmed, and refused with a control character inside, whether saved,
 * kept for the session or read from the environment. The error never repeats the key. */
static void
test_validate (void)
{
  g_autoptr(ParlanceKeyStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = make_key ("valid");
  g_autofree char *padded = g_strdup_printf (" \t%s \n", key);
  g_autofree char *broken = g_strdup_printf ("%s\nsecond-line", key);
  g_autofree char *escaped = g_strdup_printf ("%s\033[2J", key);
  g_autofree char *c1 = g_strdup_printf ("%s\xc2\x85", key);   /* U+0085, NEXT LINE */
  char *clean = NULL;
  char *found;

  g_assert_true (parlance_key_store_check_key (padded, &clean, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clean, ==, key);
  parlance_key_store_free_key (clean);

  g_assert_false (parlance_key_store_check_key (broken, &clean, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  g_assert_null (clean);
  assert_human_message (error, key);
  g_clear_error (&error);
  g_assert_false (parlance_key_store_check_key (escaped, NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (parlance_key_store_check_key (c1, NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  g_clear_error (&error);

  store = parlance_key_store_new ();

  /* Session keys. */
  g_assert_false (parlance_key_store_set_session_key (store, "openrouter", broken, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  assert_human_message (error, key);
  g_clear_error (&error);
  g_assert_true (parlance_key_store_set_session_key (store, "openrouter", padded, &error));
  g_assert_no_error (error);
  assert_lookup (store, "openrouter", key, PARLANCE_KEY_SOURCE_SESSION);
  parlance_key_store_forget_session_key (store, "openrouter");

  /* The environment. */
  g_setenv ("OPENROUTER_API_KEY", broken, TRUE);
  found = lookup_key (store, "openrouter", NULL, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  assert_human_message (error, key);
  g_assert_nonnull (strstr (error->message, "OPENROUTER_API_KEY"));
  g_clear_error (&error);
  g_setenv ("OPENROUTER_API_KEY", padded, TRUE);
  assert_lookup (store, "openrouter", key, PARLANCE_KEY_SOURCE_ENVIRONMENT);
  g_unsetenv ("OPENROUTER_API_KEY");

  /* The keyring: refused before anything is written. */
  g_assert_false (store_key (store, "parlance-test-valid", "Valid", broken, NULL, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID);
  assert_human_message (error, key);
  g_clear_error (&error);

  if (!require_keyring ())
    return;
  g_assert_null (search_items ("parlance-test-valid"));
  g_assert_true (store_key (store, "parlance-test-valid", "Valid", padded, NULL, &error));
  g_assert_no_error (error);
  assert_lookup (store, "parlance-test-valid", key, PARLANCE_KEY_SOURCE_KEYRING);
  g_assert_true (delete_key (store, "parlance-test-valid", NULL, &error));
  g_assert_no_error (error);
}

static char *
lookup_for (ParlanceKeyStore  *store,
            ParlanceProvider  *provider,
            GPtrArray        **headers,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_lookup_for_async (store, provider, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  return parlance_key_store_lookup_for_finish (store, result, NULL, headers, error);
}

static gboolean
confirm_origin (ParlanceKeyStore *store,
                ParlanceProvider *provider,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_confirm_origin_async (store, provider, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  return parlance_key_store_confirm_origin_finish (store, result, error);
}

static char *
only_origin (const char *provider_id)
{
  GList *items = search_items (provider_id);
  g_autoptr(GHashTable) attributes = NULL;
  char *origin;

  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_retrievable_get_attributes (items->data);
  origin = g_strdup (g_hash_table_lookup (attributes, "origin"));
  g_list_free_full (items, g_object_unref);
  return origin;
}

/* A key goes only to the origin it was saved for: old keys are bound on first use, a moved
 * address needs a confirmation, and PARLANCE_<ID>_BASE_URL is the user's choice for the run. */
static void
test_origin (void)
{
  g_autoptr(ParlanceKeyStore) store = NULL;
  g_autoptr(ParlanceProvider) here = NULL;
  g_autoptr(ParlanceProvider) moved = NULL;
  g_autoptr(ParlanceProvider) from_env = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) found_headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *key = make_key ("origin");
  g_autofree char *origin = NULL;
  char *found;

  if (!require_keyring ())
    return;

  store = parlance_key_store_new ();
  here = parlance_provider_new_custom ("parlance-test-origin", "Origin Test", "http://127.0.0.1:1234/v1");
  moved = parlance_provider_new_custom ("parlance-test-origin", "Origin Test", "https://moved.example/api");
  delete_key (store, "parlance-test-origin", NULL, NULL);

  /* Saved the old way, without an origin: bound to the address of its first use. */
  g_assert_true (store_key (store, "parlance-test-origin", "Origin Test", key, NULL, &error));
  g_assert_no_error (error);
  origin = only_origin ("parlance-test-origin");
  g_assert_null (origin);
  found = lookup_for (store, here, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  parlance_key_store_free_key (found);
  origin = only_origin ("parlance-test-origin");
  g_assert_cmpstr (origin, ==, "http://127.0.0.1:1234");
  g_clear_pointer (&origin, g_free);

  /* The address moved to another origin: the key is not read. */
  found = lookup_for (store, moved, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED);
  assert_human_message (error, key);
  g_assert_nonnull (strstr (error->message, "https://moved.example:443"));
  g_clear_error (&error);

  /* Unless the environment set the address, for this run. */
  g_setenv ("PARLANCE_PARLANCE_TEST_ORIGIN_BASE_URL", "https://env.example/v1", TRUE);
  from_env = parlance_provider_new_custom ("parlance-test-origin", "Origin Test", "https://ignored.example/v1");
  g_unsetenv ("PARLANCE_PARLANCE_TEST_ORIGIN_BASE_URL");
  g_assert_cmpstr (parlance_provider_get_base_url (from_env), ==, "https://env.example/v1");
  found = lookup_for (store, from_env, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  parlance_key_store_free_key (found);

  /* Confirmed: bound to the new origin, and no longer to the old one. */
  g_assert_true (confirm_origin (store, moved, &error));
  g_assert_no_error (error);
  origin = only_origin ("parlance-test-origin");
  g_assert_cmpstr (origin, ==, "https://moved.example:443");
  g_clear_pointer (&origin, g_free);
  found = lookup_for (store, moved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  parlance_key_store_free_key (found);
  found = lookup_for (store, here, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED);
  g_clear_error (&error);

  /* Secret headers are bound the same way. */
  headers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (headers, g_strdup ("X-Api-Key"));
  g_ptr_array_add (headers, g_strdup ("  secret-header-value-Zq7  "));
  parlance_key_store_store_headers_async (store, moved, headers, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  g_assert_true (parlance_key_store_store_headers_finish (store, result, &error));
  g_assert_no_error (error);
  found = lookup_for (store, moved, &found_headers, &error);
  g_assert_no_error (error);
  parlance_key_store_free_key (found);
  g_assert_nonnull (found_headers);
  g_assert_cmpuint (found_headers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (found_headers, 0), ==, "x-api-key");
  g_assert_cmpstr (g_ptr_array_index (found_headers, 1), ==, "secret-header-value-Zq7");

  /* Everything goes with the provider. */
  g_clear_object (&result);
  parlance_key_store_delete_all_async (store, "parlance-test-origin", NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  g_assert_true (parlance_key_store_delete_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found_headers, g_ptr_array_unref);
  found = lookup_for (store, moved, &found_headers, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_null (found_headers);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), key);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), "secret-header-value-Zq7");
}

/* A built-in's key saved before origins were recorded was saved for the built-in address: an
 * address moved since (a planted providers.json) needs a confirmation, not a silent binding;
 * PARLANCE_<ID>_BASE_URL stays the user's choice for the run. */
static void
test_origin_legacy_builtin (void)
{
  g_autoptr(ParlanceKeyStore) store = NULL;
  g_autoptr(ParlanceProvider) planted = NULL;
  g_autoptr(ParlanceProvider) builtin = NULL;
  g_autoptr(ParlanceProvider) from_env = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = make_key ("legacy");
  g_autofree char *origin = NULL;
  char *found;

  if (!require_keyring ())
    return;

  g_unsetenv ("OPENROUTER_API_KEY");
  g_unsetenv ("PARLANCE_OPENROUTER_BASE_URL");
  store = parlance_key_store_new ();
  planted = parlance_provider_new_builtin ("openrouter");
  g_assert_true (parlance_provider_set_base_url (planted, "https://planted.example/api/v1", &error));
  g_assert_no_error (error);
  builtin = parlance_provider_new_builtin ("openrouter");
  delete_key (store, "openrouter", NULL, NULL);

  /* Saved the old way; the address moved: not read, not bound. */
  g_assert_true (store_key (store, "openrouter", "OpenRouter", key, NULL, &error));
  g_assert_no_error (error);
  found = lookup_for (store, planted, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED);
  assert_human_message (error, key);
  g_assert_nonnull (strstr (error->message, "https://planted.example:443"));
  g_clear_error (&error);
  origin = only_origin ("openrouter");
  g_assert_null (origin);

  /* An address from the environment is the user's choice: sent there without asking. */
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", "http://127.0.0.1:9/v1", TRUE);
  from_env = parlance_provider_new_builtin ("openrouter");
  g_unsetenv ("PARLANCE_OPENROUTER_BASE_URL");
  found = lookup_for (store, from_env, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  parlance_key_store_free_key (found);

  /* At the built-in address, it is read and bound there. */
  found = lookup_for (store, builtin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  parlance_key_store_free_key (found);
  origin = only_origin ("openrouter");
  g_assert_cmpstr (origin, ==, "https://openrouter.ai:443");

  g_assert_true (delete_key (store, "openrouter", NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/key-store/env-var-names", test_env_var_names);
  g_test_add_func ("/parlance/key-store/default", test_default);
  g_test_add_func ("/parlance/key-store/timeout-property", test_timeout_property);
  g_test_add_func ("/parlance/key-store/invalid", test_invalid);
  g_test_add_func ("/parlance/key-store/round-trip", test_round_trip);
  g_test_add_func ("/parlance/key-store/overwrite", test_overwrite);
  g_test_add_func ("/parlance/key-store/environment", test_environment);
  g_test_add_func ("/parlance/key-store/session-key", test_session_key);
  g_test_add_func ("/parlance/key-store/cancel", test_cancel);
  g_test_add_func ("/parlance/key-store/no-service", test_no_service);
  g_test_add_func ("/parlance/key-store/no-session-bus", test_no_session_bus);
  g_test_add_func ("/parlance/key-store/timeout", test_timeout);
  g_test_add_func ("/parlance/key-store/never-logged", test_never_logged);
  g_test_add_func ("/parlance/key-store/validate", test_validate);
  g_test_add_func ("/parlance/key-store/origin", test_origin);
  g_test_add_func ("/parlance/key-store/origin-legacy-builtin", test_origin_legacy_builtin);

  status = g_test_run ();
  secret_service_disconnect ();

  return status;
}
