/* test-chat-client.c — ParlanceChatClient against the fake provider: streams and every fault.
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

#define SIMPLE_TEXT "Hello! Parlance streams this reply — with UTF-8: héllo 👋\n\nSecond paragraph."

#define TEST_KEY "sk-test-0123456789-parlance"

typedef ParlanceTestClient Fixture;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     n_deltas;
  GString  *deltas;
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
count_delta (ParlanceChatReply *reply,
             const char        *delta,
             gpointer           user_data)
{
  Outcome *outcome = user_data;

  outcome->n_deltas++;
  if (outcome->deltas != NULL)   /* when the test wants them */
    g_string_append (outcome->deltas, delta);
}

static ParlanceChatReply *
run_stream (Fixture      *f,
            FakeResponse *response,
            GCancellable *cancellable,
            Outcome      *outcome)
{
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("meta-llama/llama-3.3-70b-instruct:free");
  ParlanceChatReply *reply = parlance_chat_reply_new ();

  if (response != NULL)
    fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  g_signal_connect (reply, "content-delta", G_CALLBACK (count_delta), outcome);
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, cancellable, stream_done, outcome);
  parlance_test_wait_for (outcome->done, 20000);
  g_signal_handlers_disconnect_by_data (reply, outcome);
  return reply;
}

#define assert_api_error(outcome, code_) \
  G_STMT_START { \
    g_assert_false ((outcome)->ok); \
    g_assert_error ((outcome)->error, PARLANCE_API_ERROR, (int) (code_)); \
  } G_STMT_END

static void
test_simple_stream (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  JsonObject *body;
  double cost = -1;

  outcome.deltas = g_string_new (NULL);
  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, SIMPLE_TEXT);
  /* The deltas of one network read come as one signal, and add up to the whole text. */
  g_assert_cmpuint (outcome.n_deltas, >=, 1);
  g_assert_cmpuint (outcome.n_deltas, <=, 13);
  g_assert_cmpstr (outcome.deltas->str, ==, parlance_chat_reply_get_content (reply));
  g_string_free (outcome.deltas, TRUE);
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "stop");
  g_assert_cmpstr (parlance_chat_reply_get_generation_id (reply), ==, "gen-1764000000-ParlanceFixture0001");
  g_assert_cmpstr (parlance_chat_reply_get_model (reply), ==, "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_cmpstr (parlance_chat_reply_get_provider_name (reply), ==, "Fixture");
  g_assert_true (parlance_chat_reply_get_has_usage (reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 12);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 14);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 26);
  g_assert_true (parlance_chat_reply_get_cost (reply, &cost));
  g_assert_cmpfloat (cost, ==, 0.0);
  g_assert_null (parlance_chat_reply_get_error (reply));

  /* What was sent. */
  request = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/api/v1/chat/completions");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-Title"), ==, "Parlance");
  g_assert_nonnull (soup_message_headers_get_one (request->headers, "HTTP-Referer"));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                                             (gssize) g_bytes_get_size (request->body), &error));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "stream_options"),
                                                 "include_usage"));
}

static void
test_request_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("m");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) reasoning = json_from_string ("{\"effort\":\"high\"}", NULL);
  JsonObject *body;

  parlance_chat_request_add_message (request, "system", "Be brief.");
  parlance_chat_request_add_message (request, "user", "Hi");
  parlance_chat_request_set_temperature (request, 0.5);
  parlance_chat_request_set_max_tokens (request, 256);
  parlance_chat_request_set_extra (request, "reasoning", reasoning);
  bytes = parlance_chat_request_to_bytes (request, NULL);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 256);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "reasoning"), "effort"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (body, "messages"), 0), "role"),
                   ==, "system");
}

static void
test_reasoning_stream (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-reasoning.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  JsonArray *details;
  double cost = 0;

  fake_response_set_random_chunks (response, 7, 13);
  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_reasoning (reply), ==, "The user asks for 2+2.");
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "2 + 2 = **4**.");
  details = parlance_chat_reply_get_reasoning_details (reply);
  g_assert_cmpuint (json_array_get_length (details), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (details, 3), "signature"),
                   ==, "EqQBCkYIBxgCKkDfixture");
  g_assert_cmpint (parlance_chat_reply_get_reasoning_tokens (reply), ==, 13);
  g_assert_true (parlance_chat_reply_get_cost (reply, &cost));
  g_assert_cmpfloat_with_epsilon (cost, 0.000669, 1e-12);
}

static void
test_tool_calls (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-tool-calls.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  const ParlanceToolCall *call;

  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "tool_calls");
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 2);
  call = parlance_chat_reply_get_tool_call (reply, 0);
  g_assert_cmpstr (call->id, ==, "call_weather_1");
  g_assert_cmpstr (call->name, ==, "get_weather");
  g_assert_cmpstr (call->type, ==, "function");
  g_assert_cmpstr (call->arguments->str, ==, "{\"city\": \"Paris\"}");
  call = parlance_chat_reply_get_tool_call (reply, 1);
  g_assert_cmpstr (call->id, ==, "call_time_2");
  g_assert_cmpstr (call->name, ==, "get_time");
  g_assert_cmpstr (call->arguments->str, ==, "{\"tz\": \"Europe/Paris\"}");
  /* Usage on a chunk with an empty choices list. */
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 110);
}

static void
test_gemini_whole_tool_call (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-gemini-tools.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  const ParlanceToolCall *call;

  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Let me check.");
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 1);
  call = parlance_chat_reply_get_tool_call (reply, 0);
  g_assert_cmpstr (call->name, ==, "get_weather");
  g_assert_cmpstr (call->arguments->str, ==, "{\"city\":\"Oslo\"}");
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 29);
}

static void
test_stream_error_int_code (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-stream-error.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_STREAM);
  g_assert_nonnull (strstr (outcome.error->message, "Token limit reached"));
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Partial answer");
  /* Sent twice, kept once. */
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "length");
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 53);
  g_assert_cmpstr (parlance_chat_reply_get_server_message (reply), ==, "Token limit reached");
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
  g_clear_error (&outcome.error);
}

static void
test_stream_error_string_code (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-stream-error-string.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_STREAM);
  g_assert_nonnull (strstr (outcome.error->message, "Provider disconnected unexpectedly"));
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Half a sentence");
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "error");
  g_clear_error (&outcome.error);
}

static void
test_malformed_chunk (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-malformed.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_MALFORMED);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Fine so far");
  g_clear_error (&outcome.error);
}

typedef struct
{
  guint             status;
  const char       *fixture;
  ParlanceApiError  code;
  const char       *in_message;
  const char       *server_message;
} HttpCase;

static const HttpCase http_cases[] = {
  { 401, "error-unauthorized.401.json", PARLANCE_API_ERROR_UNAUTHORIZED, "refused the key", "No auth credentials found" },
  { 402, "error-payment.402.json", PARLANCE_API_ERROR_PAYMENT_REQUIRED, "credits", "Insufficient credits" },
  { 403, "error-moderation.403.json", PARLANCE_API_ERROR_FORBIDDEN, "harassment, violence", "Input was flagged" },
  { 404, "error-no-endpoints.404.json", PARLANCE_API_ERROR_NOT_FOUND, "No endpoints found", "No endpoints found" },
  { 502, "error-provider.502.json", PARLANCE_API_ERROR_SERVER, "Chutes", "upstream connect error" },
  { 400, "error-unauthorized.401.json", PARLANCE_API_ERROR_BAD_REQUEST, "did not accept", NULL },
  { 529, "error-provider.502.json", PARLANCE_API_ERROR_SERVER, "529", NULL },
  { 408, "error-provider.502.json", PARLANCE_API_ERROR_SERVER, "408", NULL },
  { 429, "error-gemini.429.json", PARLANCE_API_ERROR_RATE_LIMITED, "Rate limited", "Resource has been exhausted" },
};

static void
test_http_errors (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      const HttpCase *c = &http_cases[i];
      g_autoptr(FakeResponse) response = parlance_test_fixture_response (c->status, c->fixture);
      g_autoptr(ParlanceChatReply) reply = NULL;
      Outcome outcome = { 0 };

      reply = run_stream (f, response, NULL, &outcome);
      assert_api_error (&outcome, c->code);
      g_test_message ("%u → %s", c->status, outcome.error->message);
      g_assert_nonnull (strstr (outcome.error->message, c->in_message));
      g_assert_null (strstr (outcome.error->message, TEST_KEY));
      if (c->server_message != NULL)
        g_assert_nonnull (strstr (parlance_chat_reply_get_server_message (reply), c->server_message));
      g_assert_cmpuint (parlance_chat_reply_get_http_status (reply), ==, c->status);
      g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
      g_assert_nonnull (parlance_chat_reply_get_error (reply));
      g_clear_error (&outcome.error);
    }
}

static void
test_moderation_reasons (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (403, "error-moderation.403.json");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  const char * const *reasons;

  reply = run_stream (f, response, NULL, &outcome);
  reasons = parlance_chat_reply_get_moderation_reasons (reply);
  g_assert_nonnull (reasons);
  g_assert_cmpstr (reasons[0], ==, "harassment");
  g_assert_cmpstr (reasons[1], ==, "violence");
  g_assert_cmpstr (parlance_chat_reply_get_provider_name (reply), ==, "OpenAI");
  g_clear_error (&outcome.error);
}

static void
test_rate_limited_headers (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (429, "error-rate-limited.429.json");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  gint64 limit, remaining, reset_ms;

  fake_response_add_header (response, "Retry-After", "37");
  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_RATE_LIMITED);
  g_assert_cmpstr (outcome.error->message, ==, "Rate limited: try again in 37 seconds.");
  g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), ==, 37);
  /* X-RateLimit-* from error.metadata.headers; the reset is in epoch milliseconds. */
  g_assert_true (parlance_chat_reply_get_rate_limit (reply, &limit, &remaining, &reset_ms));
  g_assert_cmpint (limit, ==, 20);
  g_assert_cmpint (remaining, ==, 0);
  g_assert_cmpint (reset_ms, ==, G_GINT64_CONSTANT (1764000060000));
  g_clear_error (&outcome.error);
}

static void
test_rate_limited_reset_only (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000 + 90500);
  Outcome outcome = { 0 };
  gint64 retry;

  fake_response_set_body_string (response, "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day\"}}");
  fake_response_add_header (response, "X-RateLimit-Limit", "50");
  fake_response_add_header (response, "X-RateLimit-Remaining", "0");
  fake_response_add_header (response, "X-RateLimit-Reset", reset);
  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_RATE_LIMITED);
  retry = parlance_chat_reply_get_retry_after (reply);
  g_assert_cmpint (retry, >=, 89);
  g_assert_cmpint (retry, <=, 91);
  /* "per-day": the daily quota, told with its reset rather than a countdown. */
  g_assert_cmpint (parlance_limit_error_get_kind (parlance_chat_reply_get_limit_error (reply)), ==,
                   PARLANCE_LIMIT_KIND_DAILY);
  g_assert_nonnull (strstr (outcome.error->message, "daily quota"));
  g_assert_nonnull (strstr (outcome.error->message, "resets at"));
  g_clear_error (&outcome.error);
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  gsize kept;

  fake_response_set_chunking (response, 200, 1);
  fake_response_set_close_after (response, 1500);
  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_NETWORK);
  kept = parlance_chat_reply_get_content_length (reply);
  g_assert_cmpuint (kept, >, 0);
  /* What arrived, and only that: a beginning of the whole text, shorter than it. */
  g_assert_true (g_str_has_prefix (SIMPLE_TEXT, parlance_chat_reply_get_content (reply)));
  g_assert_cmpuint (kept, <, strlen (SIMPLE_TEXT));
  g_assert_nonnull (strstr (outcome.error->message, "Connection lost after"));
  g_clear_error (&outcome.error);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = NULL;
  Outcome outcome = { 0 };
  guint16 port;

  /* A port that was free a moment ago and has nobody listening. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  g_assert_true (parlance_provider_set_base_url (f->provider, url, NULL));

  reply = run_stream (f, NULL, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_NETWORK);
  g_assert_nonnull (strstr (outcome.error->message, "127.0.0.1"));
  g_clear_error (&outcome.error);
}

static void
cancel_after_first_delta (ParlanceChatReply *reply,
                          const char        *delta,
                          gpointer           user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("m");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };

  fake_response_set_chunking (response, 150, 20);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  g_signal_connect (reply, "content-delta", G_CALLBACK (cancel_after_first_delta), cancellable);
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, cancellable, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, 10000);

  assert_api_error (&outcome, PARLANCE_API_ERROR_CANCELLED);
  g_assert_cmpstr (outcome.error->message, ==, "Stopped");
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_CANCELLED);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Hello");
  /* The server sees the client leave. */
  parlance_test_wait_for (fake_provider_get_n_open_streams (f->fake) == 0, 5000);
  g_clear_error (&outcome.error);
}

/* Queues the reply of test_drains_what_is_readable () and starts reading it. Returns FALSE when
 * the client got through it all before the test saw it streaming: on a loaded machine the test
 * came too late to hold the client's main loop, and the attempt shows nothing. */
static gboolean
start_draining (Fixture            *f,
                ParlanceChatReply **reply,
                Outcome            *outcome,
                GString            *text)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("m");

  g_string_truncate (text, 0);
  g_string_append (body, ": OPENROUTER PROCESSING\n\n");
  for (guint i = 0; i < 400; i++)
    {
      g_string_append_printf (body, "data: {\"choices\":[{\"delta\":{\"content\":\"w%u \"},"
                                    "\"finish_reason\":null}]}\n\n", i);
      g_string_append_printf (text, "w%u ", i);
    }
  g_string_append (body, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, body->str);
  fake_response_set_random_chunks (response, 7, 64);
  fake_response_set_one_write_each (response, TRUE);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);

  *reply = parlance_chat_reply_new ();
  outcome->deltas = g_string_new (NULL);
  parlance_chat_request_add_message (request, "user", "Hello");
  g_signal_connect (*reply, "content-delta", G_CALLBACK (count_delta), outcome);
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, *reply, NULL, stream_done, outcome);
  parlance_test_wait_for (parlance_chat_reply_get_status (*reply) != PARLANCE_REPLY_STATUS_WAITING ||
                          outcome->done, 10000);
  if (!outcome->done)
    return TRUE;
  g_assert_no_error (outcome->error);
  g_string_free (outcome->deltas, TRUE);
  g_signal_handlers_disconnect_by_data (*reply, outcome);
  g_clear_object (reply);
  return FALSE;
}

/* A reply in chunks of 1 to 64 bytes that is all there by the time it is read: it is read in one
 * go, and its deltas reach "content-delta" as one, not one a read (a trip through the main loop
 * for each network read cost more than the bytes). */
static void
test_drains_what_is_readable (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  gint64 deadline;
  guint before, attempt;

  for (attempt = 0; attempt < 5; attempt++)
    {
      outcome = (Outcome) { 0 };
      if (start_draining (f, &reply, &outcome, text))
        break;
      g_test_message ("attempt %u: the whole reply was read before the test looked", attempt + 1);
    }
  g_assert_cmpuint (attempt, <, 5);

  /* The server writes the rest, about 700 chunks, while the client's main loop stands still. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fake_provider_get_n_open_streams (f->fake) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpuint (fake_provider_get_n_open_streams (f->fake), ==, 0);

  before = outcome.n_deltas;
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, text->str);
  g_assert_cmpstr (outcome.deltas->str, ==, text->str);
  g_test_message ("deltas: %u before the server was done, %u after", before, outcome.n_deltas - before);
  g_assert_cmpuint (outcome.n_deltas - before, <=, 2);
  g_string_free (outcome.deltas, TRUE);
  g_signal_handlers_disconnect_by_data (reply, &outcome);
}

static void
test_cancel_before_send (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  g_cancellable_cancel (cancellable);
  reply = run_stream (f, NULL, cancellable, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_CANCELLED);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_stall_times_out (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  parlance_chat_client_set_idle_timeout (f->client, 1);
  fake_response_set_stall_after (response, 700);
  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (outcome.error->message, "1 second"));
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Hello");
  g_clear_error (&outcome.error);
}

static void
test_keepalives_do_not_time_out (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(ParlanceChatReply) reply = NULL;
  const char *keepalive = ": OPENROUTER PROCESSING\n\n";
  Outcome outcome = { 0 };

  /* 2.5 s of keep-alives, one every 250 ms, with a 1 s idle timeout, then the reply. */
  for (guint i = 0; i < 10; i++)
    g_string_append (body, keepalive);
  g_string_append (body, "data: {\"choices\":[{\"delta\":{\"content\":\"Thought about it.\"},"
                         "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, body->str);
  fake_response_set_chunking (response, strlen (keepalive), 250);

  parlance_chat_client_set_idle_timeout (f->client, 1);
  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Thought about it.");
}

static void
test_non_streamed_json_answer (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  fake_response_set_body_string (response,
    "{\"id\":\"x1\",\"model\":\"llama\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
    "\"content\":\"Whole answer.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
    "\"completion_tokens\":2,\"total_tokens\":5}}");
  reply = run_stream (f, response, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Whole answer.");
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 5);
}

static void
test_html_error_page (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (503);
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  fake_response_set_content_type (response, "text/html");
  fake_response_set_body_string (response, "<html><body><h1>503 Service Unavailable</h1></body></html>");
  reply = run_stream (f, response, NULL, &outcome);
  assert_api_error (&outcome, PARLANCE_API_ERROR_SERVER);
  g_assert_nonnull (strstr (outcome.error->message, "503"));
  g_clear_error (&outcome.error);
}

static void
test_insecure_url_refused (void)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(GError) error = NULL;
  const char *accepted[] = {
    "https://openrouter.ai/api/v1", "http://localhost:11434/v1", "http://127.0.0.1:8080/v1",
    "http://[::1]:8080/v1", "http://192.168.1.20:1234/v1", "http://10.0.0.5/v1",
    "http://172.16.3.4/v1", "http://gpubox:8000/v1", "http://llm.local/v1", "http://box.lan/v1",
  };
  const char *insecure[] = { "http://openrouter.ai/api/v1", "http://8.8.8.8/v1", "http://example.com/v1" };
  const char *invalid[] = { "openrouter.ai", "ftp://host/v1", "https://", "not a url" };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_assert_true (parlance_validate_base_url (accepted[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_assert_false (parlance_validate_base_url (insecure[i], &error));
      g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INSECURE_URL);
      g_assert_nonnull (strstr (error->message, "https://"));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (parlance_validate_base_url (invalid[i], &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  /* A refused URL changes nothing. */
  g_assert_false (parlance_provider_set_base_url (provider, "http://example.com/v1", &error));
  g_assert_cmpstr (parlance_provider_get_base_url (provider), ==, "https://openrouter.ai/api/v1");
}

static void
test_base_url_from_environment (void)
{
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autofree char *url = NULL;

  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", "http://127.0.0.1:9/api/v1/", TRUE);
  provider = parlance_provider_new_builtin ("openrouter");
  g_unsetenv ("PARLANCE_OPENROUTER_BASE_URL");

  g_assert_cmpstr (parlance_provider_get_base_url (provider), ==, "http://127.0.0.1:9/api/v1");
  url = parlance_provider_dup_endpoint_url (provider, "chat/completions");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9/api/v1/chat/completions");
  g_assert_null (parlance_provider_new_builtin ("nope"));
}

static void
test_insecure_url_from_environment_blocks (void)
{
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(ParlanceChatClient) client = NULL;
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("m");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };

  /* Not silently the real service: the request fails and says why. */
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", "http://example.com/api/v1", TRUE);
  provider = parlance_provider_new_builtin ("openrouter");
  g_unsetenv ("PARLANCE_OPENROUTER_BASE_URL");
  g_assert_false (parlance_provider_check_base_url (provider, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INSECURE_URL);
  g_assert_nonnull (strstr (error->message, "PARLANCE_OPENROUTER_BASE_URL"));

  client = parlance_chat_client_new (provider);
  parlance_chat_request_add_message (request, "user", "hi");
  parlance_chat_client_stream_async (client, request, "k", reply, NULL, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, 5000);
  assert_api_error (&outcome, PARLANCE_API_ERROR_INSECURE_URL);
  g_clear_error (&outcome.error);
}

typedef struct
{
  gboolean  done;
  JsonNode *node;
  GError   *error;
} JsonOutcome;

static void
get_json_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  JsonOutcome *outcome = user_data;

  outcome->node = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
test_get_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FakeResponse) key = parlance_test_fixture_response (200, "key-free.200.json");
  g_autoptr(FakeResponse) unauthorized = parlance_test_fixture_response (401, "error-unauthorized.401.json");
  JsonOutcome outcome = { 0 };
  JsonObject *object;

  fake_provider_queue (f->fake, "GET", "/key", key);
  fake_provider_queue (f->fake, "GET", "/key", unauthorized);

  parlance_chat_client_get_json_async (f->client, "key", TEST_KEY, NULL, get_json_done, &outcome);
  parlance_test_wait_for (outcome.done, 5000);
  g_assert_no_error (outcome.error);
  object = json_object_get_object_member (json_node_get_object (outcome.node), "data");
  g_assert_true (json_object_get_boolean_member (object, "is_free_tier"));
  g_clear_pointer (&outcome.node, json_node_unref);

  outcome.done = FALSE;
  parlance_chat_client_get_json_async (f->client, "key", TEST_KEY, NULL, get_json_done, &outcome);
  parlance_test_wait_for (outcome.done, 5000);
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED);
  g_assert_null (outcome.node);
  g_clear_error (&outcome.error);
}

static void
record_delta (ParlanceChatReply *reply,
              const char        *delta,
              gpointer           user_data)
{
  g_string_append_printf (user_data, "[%s]", delta);
}

/* Deltas gathered over one network read keep the order they came in, across content and
 * reasoning, and are all said before the reply ends. */
static void
test_batched_deltas_keep_order (void)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GString) heard = g_string_new (NULL);

  g_signal_connect (reply, "content-delta", G_CALLBACK (record_delta), heard);
  g_signal_connect (reply, "reasoning-delta", G_CALLBACK (record_delta), heard);

  _parlance_chat_reply_begin_batch (reply);
  _parlance_chat_reply_append_reasoning (reply, "r1", -1);
  _parlance_chat_reply_append_reasoning (reply, "r2", -1);
  _parlance_chat_reply_append_content (reply, "c1", -1);
  _parlance_chat_reply_append_content (reply, "c2", -1);
  _parlance_chat_reply_append_reasoning (reply, "r3", -1);
  g_assert_cmpstr (heard->str, ==, "[r1r2][c1c2]");
  _parlance_chat_reply_append_content (reply, "c3", -1);
  _parlance_chat_reply_set_status (reply, PARLANCE_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (heard->str, ==, "[r1r2][c1c2][r3][c3]");
  _parlance_chat_reply_end_batch (reply);
  g_assert_cmpstr (heard->str, ==, "[r1r2][c1c2][r3][c3]");
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "c1c2c3");
  g_assert_cmpstr (parlance_chat_reply_get_reasoning (reply), ==, "r1r2r3");
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/parlance/chat-client/" path, Fixture, NULL, parlance_test_client_setup, func, parlance_test_client_teardown)

  ADD ("simple-stream", test_simple_stream);
  ADD ("request-fields", test_request_fields);
  ADD ("reasoning-stream", test_reasoning_stream);
  ADD ("tool-calls", test_tool_calls);
  ADD ("gemini-whole-tool-call", test_gemini_whole_tool_call);
  ADD ("stream-error-int-code", test_stream_error_int_code);
  ADD ("stream-error-string-code", test_stream_error_string_code);
  ADD ("malformed-chunk", test_malformed_chunk);
  ADD ("http-errors", test_http_errors);
  ADD ("moderation-reasons", test_moderation_reasons);
  ADD ("rate-limited-headers", test_rate_limited_headers);
  ADD ("rate-limited-reset-only", test_rate_limited_reset_only);
  ADD ("dropped-connection", test_dropped_connection);
  ADD ("connection-refused", test_connection_refused);
  ADD ("cancel-mid-stream", test_cancel_mid_stream);
  ADD ("cancel-before-send", test_cancel_before_send);
  ADD ("drains-what-is-readable", test_drains_what_is_readable);
  ADD ("stall-times-out", test_stall_times_out);
  ADD ("keepalives-do-not-time-out", test_keepalives_do_not_time_out);
  ADD ("non-streamed-json-answer", test_non_streamed_json_answer);
  ADD ("html-error-page", test_html_error_page);
  ADD ("get-json", test_get_json);
  g_test_add_func ("/parlance/chat-reply/batched-deltas-keep-order", test_batched_deltas_keep_order);
  g_test_add_func ("/parlance/provider/insecure-url-refused", test_insecure_url_refused);
  g_test_add_func ("/parlance/provider/base-url-from-environment", test_base_url_from_environment);
  g_test_add_func ("/parlance/provider/insecure-url-from-environment-blocks",
                   test_insecure_url_from_environment_blocks);

  return g_test_run ();
}
