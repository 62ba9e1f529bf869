/* test-chat-session.c — a reply goes to the provider it started on, with that provider's key.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two fake providers stand for OpenRouter and a custom server. The key is a session key, whose
 * lookup answers on a later main-loop iteration, or a keyring key, whose lookup takes many D-Bus
 * round trips: the provider is switched (or its address edited) while the key is being read, and
 * each server's requests show which key reached it.
 */

#include "config.h"

#include "fake-provider.h"
#include "parlance-chat-session.h"
#include "parlance-key-store.h"
#include "parlance-test-utils.h"

#define OPENROUTER_KEY "sk-or-v1-session-binding-test-Qw7"

typedef struct
{
  FakeProvider        *openrouter_server;
  FakeProvider        *custom_server;
  ParlanceProvider    *openrouter;
  ParlanceProvider    *custom;
  ParlanceKeyStore    *key_store;
  ParlanceChatSession *session;
} Fixture;

static void
queue_reply (FakeProvider *server)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");

  fake_provider_queue (server, "POST", "/chat/completions", response);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->openrouter_server = fake_provider_new ();
  f->custom_server = fake_provider_new ();
  queue_reply (f->openrouter_server);
  queue_reply (f->custom_server);

  f->openrouter = parlance_provider_new_builtin ("openrouter");
  g_assert_true (parlance_provider_set_base_url (f->openrouter,
                                                 fake_provider_get_base_url (f->openrouter_server),
                                                 &error));
  g_assert_no_error (error);
  f->custom = parlance_provider_new_custom ("local", "Local",
                                            fake_provider_get_base_url (f->custom_server));

  f->key_store = parlance_key_store_new ();
  parlance_key_store_set_session_key (f->key_store, "openrouter", OPENROUTER_KEY, NULL);

  f->session = parlance_chat_session_new (f->openrouter, "test/model");
  parlance_chat_session_set_key_store (f->session, f->key_store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->key_store);
  g_assert_finalize_object (f->custom);
  g_assert_finalize_object (f->openrouter);
  g_assert_finalize_object (f->custom_server);
  g_assert_finalize_object (f->openrouter_server);
}

static ParlanceMessage *
last_message (ParlanceChatSession *session)
{
  GListModel *messages = parlance_chat_session_get_messages (session);
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

  return message;   /* the list keeps it */
}

/* No request @server received carried an Authorization header with @key. */
static void
assert_key_never_reached (FakeProvider *server,
                          const char   *key)
{
  for (guint i = 0; i < fake_provider_get_n_requests (server); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (server, i);
      const char *authorization = soup_message_headers_get_one (request->headers, "Authorization");

      g_assert_true (authorization == NULL || strstr (authorization, key) == NULL);
    }
}

static void
send (Fixture    *f,
      const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_send (f->session, text, &error));
  g_assert_no_error (error);
}

/* Switching to the custom provider while OpenRouter's key is read stops that reply: the key
 * goes nowhere, and the next reply goes to the custom server without it. */
static void
test_switch_during_lookup (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FakeRequest) request = NULL;

  send (f, "Hello");
  parlance_chat_session_set_provider (f->session, f->custom);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 10000);

  assert_key_never_reached (f->custom_server, OPENROUTER_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->openrouter_server), ==, 0);
  g_assert_cmpint (parlance_message_get_status (last_message (f->session)), ==,
                   PARLANCE_MESSAGE_INTERRUPTED);
  /* The stopped reply can be asked for again, from the new provider. */
  g_assert_true (parlance_message_get_can_retry (last_message (f->session)));

  send (f, "Hello again");
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 10000);
  g_assert_cmpint (parlance_message_get_status (last_message (f->session)), ==,
                   PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 1);
  request = fake_provider_dup_request (f->custom_server, 0);
  g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->openrouter_server), ==, 0);
}

/* The same provider object moves to another address while its key is read: the reply that
 * started goes where it started, with its key; the new address sees neither. */
static void
test_address_change_during_lookup (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strconcat ("Bearer ", OPENROUTER_KEY, NULL);

  send (f, "Hello");
  g_assert_true (parlance_provider_set_base_url (f->openrouter,
                                                 fake_provider_get_base_url (f->custom_server),
                                                 &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 10000);

  g_assert_cmpint (parlance_message_get_status (last_message (f->session)), ==,
                   PARLANCE_MESSAGE_COMPLETE);
  assert_key_never_reached (f->custom_server, OPENROUTER_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->openrouter_server), ==, 1);
  request = fake_provider_dup_request (f->openrouter_server, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, expected);
}

/* #10 item 1: without any keyring service, a provider that needs no key still works. */
static void
test_keyless_without_keyring (void)
{
  g_autoptr(FakeProvider) server = NULL;
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(ParlanceKeyStore) key_store = NULL;
  g_autoptr(ParlanceChatSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeRequest) request = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* No session bus at all, before anything connects to one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parlance-test-bus", TRUE);

  server = fake_provider_new ();
  queue_reply (server);
  provider = parlance_provider_new_custom ("local", "Local", fake_provider_get_base_url (server));
  key_store = parlance_key_store_new ();
  session = parlance_chat_session_new (provider, "test/model");
  parlance_chat_session_set_key_store (session, key_store);

  g_assert_true (parlance_chat_session_send (session, "Hello", &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);

  g_assert_cmpstr (parlance_message_get_status_text (last_message (session)), ==, NULL);
  g_assert_cmpint (parlance_message_get_status (last_message (session)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpuint (fake_provider_get_n_requests (server), ==, 1);
  request = fake_provider_dup_request (server, 0);
  g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));

  /* Ollama, built in, needs no key and never asks the keyring. */
  {
    g_autoptr(ParlanceProvider) ollama = parlance_provider_new_builtin ("ollama");
    g_autoptr(ParlanceChatSession) local = NULL;

    queue_reply (server);
    g_assert_true (parlance_provider_set_base_url (ollama, fake_provider_get_base_url (server), &error));
    local = parlance_chat_session_new (ollama, "llama3.2");
    parlance_chat_session_set_key_store (local, key_store);
    g_assert_true (parlance_chat_session_send (local, "Hello", &error));
    g_assert_no_error (error);
    parlance_test_wait_for (!parlance_chat_session_get_busy (local), 10000);
    g_assert_cmpint (parlance_message_get_status (last_message (local)), ==, PARLANCE_MESSAGE_COMPLETE);
    g_assert_cmpuint (fake_provider_get_n_requests (server), ==, 2);
  }
}

static void
stored_deleted (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, NULL));
  *done = TRUE;
}

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The same, with the key in the keyring: its lookup goes over D-Bus and takes many main-loop
 * turns, during which the provider is switched, then its address moved. */
static void
test_keyring_lookup_held (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strconcat ("Bearer ", OPENROUTER_KEY, NULL);
  gboolean done = FALSE;

  if (!parlance_test_require_keyring ())
    return;

  g_unsetenv ("OPENROUTER_API_KEY");
  parlance_key_store_forget_session_key (f->key_store, "openrouter");
  parlance_key_store_store_for_async (f->key_store, f->openrouter, OPENROUTER_KEY, NULL, stored, &done);
  parlance_test_wait_for (done, 30000);

  /* Switched while the keyring is read: the reply stops, the key goes nowhere. */
  send (f, "Hello");
  g_main_context_iteration (NULL, FALSE);
  parlance_chat_session_set_provider (f->session, f->custom);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 30000);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->openrouter_server), ==, 0);

  /* Back on OpenRouter, whose address moves while the keyring is read: the reply goes where it
   * started, with its key. */
  parlance_chat_session_set_provider (f->session, f->openrouter);
  send (f, "Hello again");
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (parlance_provider_set_base_url (f->openrouter,
                                                 fake_provider_get_base_url (f->custom_server),
                                                 &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 30000);
  g_assert_cmpint (parlance_message_get_status (last_message (f->session)), ==,
                   PARLANCE_MESSAGE_COMPLETE);
  assert_key_never_reached (f->custom_server, OPENROUTER_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->openrouter_server), ==, 1);
  request = fake_provider_dup_request (f->openrouter_server, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, expected);

  /* The next reply would go to the new address: a key bound to the old one is not sent there. */
  send (f, "And again");
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), 30000);
  g_assert_cmpint (parlance_message_get_status (last_message (f->session)), ==, PARLANCE_MESSAGE_ERROR);
  assert_key_never_reached (f->custom_server, OPENROUTER_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);

  {
    gboolean deleted = FALSE;

    parlance_key_store_delete_all_async (f->key_store, "openrouter", NULL, stored_deleted, &deleted);
    parlance_test_wait_for (deleted, 30000);
  }
}

/* A short custom key that no pattern recognises, quoted back by the server in a 400: the
 * message shown never holds it (the session no longer has the key; the client redacts it). */
#define SHORT_KEY "k3y-abc123"

static void
test_short_key_quoted_back (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new ();
  g_autoptr(FakeResponse) response = fake_response_new (400);
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(ParlanceKeyStore) key_store = parlance_key_store_new ();
  g_autoptr(ParlanceChatSession) session = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceMessage *message;

  fake_response_set_body_string (response,
                                 "{\"error\": {\"message\": \"Key " SHORT_KEY " is not valid for this model\"}}");
  fake_response_set_content_type (response, "application/json");
  fake_provider_queue (server, "POST", "/chat/completions", response);
  provider = parlance_provider_new_custom ("short", "Short", fake_provider_get_base_url (server));
  g_assert_true (parlance_key_store_set_session_key (key_store, "short", SHORT_KEY, &error));
  g_assert_no_error (error);
  session = parlance_chat_session_new (provider, "test/model");
  parlance_chat_session_set_key_store (session, key_store);

  g_assert_true (parlance_chat_session_send (session, "Hello", &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);

  message = last_message (session);
  g_assert_cmpint (parlance_message_get_status (message), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpuint (fake_provider_get_n_requests (server), ==, 1);
  /* The server's words are shown, without the key. */
  g_assert_nonnull (strstr (parlance_message_get_status_text (message), "is not valid for this model"));
  g_assert_null (strstr (parlance_message_get_status_text (message), SHORT_KEY));
  g_assert_null (strstr (parlance_message_get_status_text (message), "abc123"));
}

/* A provider without a model chosen yet sends nothing (it used to get the last provider's). */
static void
test_no_model (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  parlance_chat_session_set_provider (f->session, f->custom);
  parlance_chat_session_set_model (f->session, "");
  g_assert_false (parlance_chat_session_send (f->session, "Hello", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (parlance_chat_session_get_busy (f->session));
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (f->session)), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->custom_server), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add ("/parlance/chat-session/switch-during-lookup", Fixture, NULL,
              fixture_setup, test_switch_during_lookup, fixture_teardown);
  g_test_add ("/parlance/chat-session/address-change-during-lookup", Fixture, NULL,
              fixture_setup, test_address_change_during_lookup, fixture_teardown);
  g_test_add_func ("/parlance/chat-session/keyless-without-keyring", test_keyless_without_keyring);
  g_test_add ("/parlance/chat-session/no-model", Fixture, NULL, fixture_setup, test_no_model, fixture_teardown);
  g_test_add_func ("/parlance/chat-session/short-key-quoted-back", test_short_key_quoted_back);
  g_test_add ("/parlance/chat-session/keyring-lookup-held", Fixture, NULL,
              fixture_setup, test_keyring_lookup_held, fixture_teardown);

  return g_test_run ();
}
