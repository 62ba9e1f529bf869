/* test-secrets.c — the key and secret headers of a request stay with its provider: a 3xx is not
 * followed (no header reaches the address it names), and a server quoting them back is not
 * repeated.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-test-0123456789-parlance"

typedef struct
{
  FakeProvider       *fake;
  FakeProvider       *elsewhere;   /* where the 3xx points */
  ParlanceProvider   *provider;
  ParlanceChatClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ParlanceProvider) plain = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  f->fake = fake_provider_new ();
  f->elsewhere = fake_provider_new ();
  plain = parlance_provider_new_builtin ("openrouter");
  g_assert_true (parlance_provider_set_base_url (plain, fake_provider_get_base_url (f->fake), &error));
  g_assert_no_error (error);
  g_ptr_array_add (headers, (gpointer) "X-Api-Key");
  g_ptr_array_add (headers, (gpointer) "secret-header-value");
  f->provider = parlance_provider_dup_with_headers (plain, headers);
  f->client = parlance_chat_client_new (f->provider);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->fake);
  g_assert_finalize_object (f->elsewhere);
}

static FakeResponse *
redirect_response (Fixture *f,
                   guint    status)
{
  FakeResponse *response = fake_response_new (status);
  g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u/steal?token=q",
                                               fake_provider_get_port (f->elsewhere));

  fake_response_add_header (response, "Location", location);
  fake_response_set_body_string (response, "moved");
  return response;
}

static void
assert_redirect_refused (Fixture      *f,
                         const GError *error)
{
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u/steal", fake_provider_get_port (f->elsewhere));

  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "OpenRouter redirected the request to"));
  g_assert_nonnull (strstr (error->message, target));
  g_assert_nonnull (strstr (error->message, "does not follow redirects"));
  g_assert_null (strstr (error->message, "token"));
  g_assert_null (strstr (error->message, TEST_KEY));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_assert_cmpuint (fake_provider_get_n_requests (f->elsewhere), ==, 0);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  JsonNode *node;
  GError   *error;
} Outcome;

static void
stream_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
get_json_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->node = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
test_chat_not_followed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FakeResponse) response = redirect_response (f, GPOINTER_TO_UINT (data));
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("some/model");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  Outcome outcome = { 0 };

  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, NULL, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_false (outcome.ok);
  assert_redirect_refused (f, outcome.error);
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
  g_clear_error (&outcome.error);
}

static void
test_model_list_not_followed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeResponse) response = redirect_response (f, GPOINTER_TO_UINT (data));
  Outcome outcome = { 0 };

  fake_provider_queue (f->fake, "GET", "/models", response);
  parlance_chat_client_get_json_async (f->client, "models", TEST_KEY, NULL, get_json_done, &outcome);
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_null (outcome.node);
  assert_redirect_refused (f, outcome.error);
  g_clear_error (&outcome.error);
}

/* A short secret-header value quoted back: taken out of the error and the provider's words. */
static void
test_header_value_redacted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (400);
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("some/model");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  Outcome outcome = { 0 };

  fake_response_set_body_string (response, "{\"error\":{\"code\":400,\"message\":"
                                 "\"Header value secret-header-value is wrong\"}}");
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (f->client, request, NULL, reply, NULL, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST);
  g_assert_null (strstr (outcome.error->message, "secret-header-value"));
  g_assert_nonnull (strstr (parlance_chat_reply_get_server_message (reply), "Header value [key] is wrong"));
  g_clear_error (&outcome.error);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

#define ADD(path, status, func) \
  g_test_add ("/parlance/secrets/" path, Fixture, GUINT_TO_POINTER (status), fixture_setup, func, \
              fixture_teardown)

  ADD ("redirect-chat-302", 302, test_chat_not_followed);
  ADD ("redirect-chat-307", 307, test_chat_not_followed);
  ADD ("redirect-model-list-302", 302, test_model_list_not_followed);
  ADD ("redirect-model-list-307", 307, test_model_list_not_followed);
  ADD ("header-value-redacted", 0, test_header_value_redacted);

  return g_test_run ();
}
