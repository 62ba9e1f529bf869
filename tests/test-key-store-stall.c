/* test-key-store-stall.c — a keyring that finds several items, then stalls on them.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsecret 0.20's own search and clear load or remove every matching item at once, and return
 * their task once for each item that fails: with two items and a keyring too slow for our
 * deadline, cancelling them made "g_task_return_error: assertion '!task->ever_returned' failed"
 * (fatal here, G_DEBUG=fatal-warnings). Each case runs in a subprocess, on a private bus where a
 * fake Secret Service answers SearchItems with two items and never answers anything about them.
 */

#include "config.h"

#include <libsecret/secret.h>

#include "parlance-key-store.h"
#include "parlance-key-store-saved.h"
#include "parlance-provider.h"
#include "parlance-test-utils.h"

#define WAIT_MS        30000
#define DEADLINE_MS    300
#define SERVICE_PATH   "/org/freedesktop/secrets"
#define ITEM_PREFIX    "/org/freedesktop/secrets/collection/login/"

static const char service_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Secret.Service'>"
  "    <method name='SearchItems'>"
  "      <arg name='attributes' type='a{ss}' direction='in'/>"
  "      <arg name='unlocked' type='ao' direction='out'/>"
  "      <arg name='locked' type='ao' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GTestDBus       *bus;
  GDBusConnection *service;
  guint            registration;
  guint            stalled;     /* calls about the items, never answered */
} FakeKeyring;

static void
search_items (GDBusConnection       *connection,
              const char            *sender,
              const char            *object_path,
              const char            *interface_name,
              const char            *method_name,
              GVariant              *parameters,
              GDBusMethodInvocation *invocation,
              gpointer               user_data)
{
  const char *unlocked[] = { ITEM_PREFIX "1", ITEM_PREFIX "2", NULL };

  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(^ao^ao)", unlocked, (const char *[]) { NULL }));
}

/* Runs in GDBus's worker thread: anything about an item is dropped, as a stuck keyring does. */
static GDBusMessage *
stall_items (GDBusConnection *connection,
             GDBusMessage    *message,
             gboolean         incoming,
             gpointer         user_data)
{
  FakeKeyring *keyring = user_data;

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_str_has_prefix (g_dbus_message_get_path (message), ITEM_PREFIX))
    {
      g_atomic_int_inc (&keyring->stalled);
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static void
fake_keyring_up (FakeKeyring *keyring)
{
  static const GDBusInterfaceVTable vtable = { search_items, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (service_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 request_result = 0;

  keyring->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (keyring->bus);
  keyring->service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (keyring->bus),
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (keyring->service, stall_items, keyring, NULL);
  keyring->registration = g_dbus_connection_register_object (keyring->service, SERVICE_PATH,
                                                             info->interfaces[0], &vtable,
                                                             keyring, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (keyring->service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &request_result);
  g_assert_cmpuint (request_result, ==, 1);
}

/* Waits until libsecret let go of every operation: each one holds its SecretService. */
static void
fake_keyring_down (FakeKeyring *keyring)
{
  g_autoptr(GError) error = NULL;
  SecretService *service;
  gpointer weak;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  weak = service;
  g_object_add_weak_pointer (G_OBJECT (service), &weak);
  g_object_unref (service);
  secret_service_disconnect ();
  parlance_test_wait_for (weak == NULL, 10000);

  g_dbus_connection_unregister_object (keyring->service, keyring->registration);
  g_dbus_connection_close_sync (keyring->service, NULL, NULL);
  g_clear_object (&keyring->service);
  g_test_dbus_down (keyring->bus);
  g_clear_object (&keyring->bus);
}

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
run_in_subprocess (void)
{
  if (g_test_subprocess ())
    return FALSE;
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*ever_returned*");
  return TRUE;
}

/* A lookup for a provider's address searches the keys, then reads them. */
static void
test_stall_lookup (void)
{
  FakeKeyring keyring = { 0 };
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceKeyStore *store;
  char *key;

  if (run_in_subprocess ())
    return;

  fake_keyring_up (&keyring);
  store = parlance_key_store_new ();
  parlance_key_store_set_timeout (store, DEADLINE_MS);
  provider = parlance_provider_new_custom ("parlance-test-stall", "Stall Test", "http://127.0.0.1:1234/v1");

  parlance_key_store_lookup_for_async (store, provider, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  key = parlance_key_store_lookup_for_finish (store, result, NULL, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  g_assert_cmpuint (g_atomic_int_get (&keyring.stalled), >, 0);

  /* The result holds the store. */
  g_clear_object (&result);
  parlance_test_unref_and_wait (store);
  fake_keyring_down (&keyring);
}

/* Removing a key removes every item of the provider. */
static void
test_stall_delete (void)
{
  FakeKeyring keyring = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceKeyStore *store;

  if (run_in_subprocess ())
    return;

  fake_keyring_up (&keyring);
  store = parlance_key_store_new ();
  parlance_key_store_set_timeout (store, DEADLINE_MS);

  parlance_key_store_delete_async (store, "parlance-test-stall", NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  g_assert_false (parlance_key_store_delete_finish (store, result, &error));
  g_assert_error (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT);
  g_assert_cmpuint (g_atomic_int_get (&keyring.stalled), >, 0);

  /* The result holds the store. */
  g_clear_object (&result);
  parlance_test_unref_and_wait (store);
  fake_keyring_down (&keyring);
}

static void
cancel_once (gpointer data)
{
  g_cancellable_cancel (data);
}

/* Whether a key is saved needs the search only: the answer comes without touching the items.
 * Preferences cancels it when the page goes (here, when the keyring stalls). */
static void
test_stall_has_saved_key (void)
{
  FakeKeyring keyring = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceKeyStore *store;
  guint cancel_id;

  if (run_in_subprocess ())
    return;

  fake_keyring_up (&keyring);
  store = parlance_key_store_new ();

  cancel_id = g_timeout_add_once (DEADLINE_MS, cancel_once, cancellable);
  parlance_key_store_has_saved_key_async (store, "parlance-test-stall", cancellable, on_ready, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  g_assert_true (parlance_key_store_has_saved_key_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_atomic_int_get (&keyring.stalled), ==, 0);
  g_assert_false (g_cancellable_is_cancelled (cancellable));
  g_source_remove (cancel_id);

  /* The result holds the store. */
  g_clear_object (&result);
  parlance_test_unref_and_wait (store);
  fake_keyring_down (&keyring);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/key-store-stall/lookup", test_stall_lookup);
  g_test_add_func ("/parlance/key-store-stall/delete", test_stall_delete);
  g_test_add_func ("/parlance/key-store-stall/has-saved-key", test_stall_has_saved_key);

  return g_test_run ();
}
