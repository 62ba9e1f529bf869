/* test-provider-dialects.c — what Gemini, Ollama, OpenAI and custom endpoints send and expect.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every provider speaks "OpenAI-compatible", each with its own accent (tests/fixtures/ holds our
 * own answers in their shapes). The fake provider matches request paths by their end, so one
 * server plays every provider under the base path that provider really uses.
 */

#include "config.h"

#include <string.h>

#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-test-utils.h"

#define TEST_KEY "dialect-test-key-never-sent-elsewhere"

typedef struct
{
  FakeProvider *fake;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = fake_provider_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->fake);
}

/* A built-in provider at the fake server, under @base_path (such as "/v1beta/openai"). */
static ParlanceProvider *
builtin_at (Fixture    *f,
            const char *id,
            const char *base_path)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (id);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", fake_provider_get_port (f->fake), base_path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (provider);
  g_assert_true (parlance_provider_set_base_url (provider, url, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&provider);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  JsonNode *node;
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
  outcome->ok = outcome->node != NULL;
  outcome->done = TRUE;
}

/* Streams one request with @model to @provider, which answers @response. */
static ParlanceChatReply *
run_stream (Fixture          *f,
            ParlanceProvider *provider,
            const char       *model,
            const char       *api_key,
            FakeResponse     *response,
            Outcome          *outcome)
{
  g_autoptr(ParlanceChatClient) client = parlance_chat_client_new (provider);
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new (model);
  ParlanceChatReply *reply = parlance_chat_reply_new ();

  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "What is the weather?");
  parlance_chat_client_stream_async (client, request, api_key, reply, NULL, stream_done, outcome);
  parlance_test_wait_for (outcome->done, 20000);
  return reply;
}

static JsonNode *
run_get_json (Fixture          *f,
              ParlanceProvider *provider,
              const char       *path,
              const char       *api_key,
              Outcome          *outcome)
{
  g_autoptr(ParlanceChatClient) client = parlance_chat_client_new (provider);

  parlance_chat_client_get_json_async (client, path, api_key, NULL, get_json_done, outcome);
  parlance_test_wait_for (outcome->done, 20000);
  return outcome->node;
}

static JsonObject *
request_body (Fixture    *f,
              guint       index,
              JsonParser *parser)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (request->body, &len);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) len, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
dup_header (Fixture    *f,
            guint       index,
            const char *name)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  return g_strdup (soup_message_headers_get_one (request->headers, name));
}

static char *
dup_path (Fixture *f,
          guint    index)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  return g_strdup (request->path);
}

/* Gemini */

static void
test_gemini_strips_models_prefix (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "gemini", "/v1beta/openai");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-gemini-tools.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL;
  g_autofree char *authorization = NULL;
  Outcome outcome = { 0 };
  JsonObject *body;

  g_assert_cmpint (parlance_provider_get_kind (provider), ==, PARLANCE_PROVIDER_KIND_GEMINI);
  reply = run_stream (f, provider, "models/gemini-2.0-flash", TEST_KEY, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  path = dup_path (f, 0);
  g_assert_cmpstr (path, ==, "/v1beta/openai/chat/completions");
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "gemini-2.0-flash");
  authorization = dup_header (f, 0, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " TEST_KEY);
}

static void
test_gemini_prefix_kept_elsewhere (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "openrouter", "/api/v1");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Outcome outcome = { 0 };
  JsonObject *body;

  /* Only Gemini drops the prefix: another provider's model is sent as it is. */
  reply = run_stream (f, provider, "models/odd-but-real", TEST_KEY, response, &outcome);
  g_assert_no_error (outcome.error);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "models/odd-but-real");
}

static void
test_gemini_usage_on_last_content_chunk (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "gemini", "/v1beta/openai");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-gemini-usage.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  const ParlanceToolCall *call;
  Outcome outcome = { 0 };

  reply = run_stream (f, provider, "models/gemini-2.0-flash", TEST_KEY, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Let me look it up.");
  g_assert_cmpstr (parlance_chat_reply_get_model (reply), ==, "gemini-2.0-flash");

  /* A whole tool call in one chunk, without "index". */
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 1);
  call = parlance_chat_reply_get_tool_call (reply, 0);
  g_assert_cmpstr (call->id, ==, "function-call-77");
  g_assert_cmpstr (call->name, ==, "get_weather");
  g_assert_cmpstr (call->arguments->str, ==, "{\"city\":\"Bergen\",\"unit\":\"celsius\"}");

  /* Gemini ends tool calls with "stop" and puts usage on the last content chunk. */
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "stop");
  g_assert_true (parlance_chat_reply_get_has_usage (reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 31);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 11);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 42);
}

static void
test_gemini_error_array_rate_limited (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "gemini", "/v1beta/openai");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (429, "error-gemini.429.json");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_stream (f, provider, "models/gemini-2.0-flash", TEST_KEY, response, &outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (outcome.error->message, "Rate limited"));
  g_assert_nonnull (strstr (outcome.error->message, "Google Gemini"));
  /* The provider's own words are kept with the reply. */
  g_assert_cmpstr (parlance_chat_reply_get_server_message (reply), ==,
                   "Resource has been exhausted (e.g. check quota).");
  g_assert_cmpuint (parlance_chat_reply_get_http_status (reply), ==, 429);
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
  g_assert_error (parlance_chat_reply_get_error (reply), PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED);
  g_clear_error (&outcome.error);
}

static void
test_gemini_error_array_bad_request (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "gemini", "/v1beta/openai");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (400, "error-gemini-invalid.400.json");
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_stream (f, provider, "models/gemini-2.0-flash", TEST_KEY, response, &outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST);
  /* Not the raw JSON array: the message inside it. */
  g_assert_nonnull (strstr (outcome.error->message, "Invalid JSON payload received."));
  g_assert_null (strstr (outcome.error->message, "INVALID_ARGUMENT"));
  g_assert_null (strstr (outcome.error->message, "[{"));
  g_assert_cmpstr (parlance_chat_reply_get_server_message (reply), ==,
                   "Invalid JSON payload received. Unknown name \"frobnicate\": Cannot find field.");
  g_clear_error (&outcome.error);
}

/* Ollama */

static void
test_ollama_no_key_no_authorization (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "ollama", "/v1");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *authorization = NULL;
  g_autofree char *path = NULL;
  Outcome outcome = { 0 };
  JsonObject *body;

  g_assert_false (parlance_provider_get_needs_key (provider));
  reply = run_stream (f, provider, "llama3.2", NULL, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  path = dup_path (f, 0);
  g_assert_cmpstr (path, ==, "/v1/chat/completions");
  authorization = dup_header (f, 0, "Authorization");
  g_assert_null (authorization);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "llama3.2");

  /* An empty key is no key either. */
  g_clear_object (&reply);
  outcome = (Outcome) { 0 };
  {
    g_autoptr(FakeResponse) again = parlance_test_fixture_response (200, "chat-simple.200.sse");
    reply = run_stream (f, provider, "llama3.2", "", again, &outcome);
  }
  g_assert_no_error (outcome.error);
  g_clear_pointer (&authorization, g_free);
  authorization = dup_header (f, 1, "Authorization");
  g_assert_null (authorization);
}

static void
test_ollama_reasoning_tools_usage (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "ollama", "/v1");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-ollama.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const ParlanceToolCall *call;
  Outcome outcome = { 0 };
  JsonObject *body, *stream_options;

  reply = run_stream (f, provider, "qwen3:8b", NULL, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  /* Ollama only reports usage when asked to. */
  body = request_body (f, 0, parser);
  stream_options = json_object_get_object_member (body, "stream_options");
  g_assert_nonnull (stream_options);
  g_assert_true (json_object_get_boolean_member (stream_options, "include_usage"));

  g_assert_cmpstr (parlance_chat_reply_get_reasoning (reply), ==, "The user wants the weather in two cities.");
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Checking both.");
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, "tool_calls");

  /* Two whole tool calls, one per chunk: two calls, not one merged. */
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 2);
  call = parlance_chat_reply_get_tool_call (reply, 0);
  g_assert_cmpstr (call->id, ==, "call_ol1");
  g_assert_cmpstr (call->name, ==, "get_weather");
  g_assert_cmpstr (call->arguments->str, ==, "{\"city\":\"Lima\"}");
  call = parlance_chat_reply_get_tool_call (reply, 1);
  g_assert_cmpstr (call->id, ==, "call_ol2");
  g_assert_cmpstr (call->arguments->str, ==, "{\"city\":\"Quito\"}");

  /* Usage only in the final chunk, whose choices are empty. */
  g_assert_true (parlance_chat_reply_get_has_usage (reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 57);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 40);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 97);
}

static void
test_ollama_models_data_null (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "ollama", "/v1");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "models-ollama-null.200.json");
  g_autofree char *path = NULL;
  g_autofree char *authorization = NULL;
  Outcome outcome = { 0 };
  JsonObject *object;
  JsonNode *node;

  fake_provider_queue (f->fake, "GET", "/models", response);
  node = run_get_json (f, provider, "models", NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "object"), ==, "list");
  g_assert_true (json_object_has_member (object, "data"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "data")));
  json_node_unref (node);

  path = dup_path (f, 0);
  g_assert_cmpstr (path, ==, "/v1/models");
  authorization = dup_header (f, 0, "Authorization");
  g_assert_null (authorization);
}

/* OpenAI */

static void
test_openai_asks_for_usage (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "openai", "/v1");
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *authorization = NULL;
  g_autofree char *accept = NULL;
  Outcome outcome = { 0 };
  JsonObject *body, *stream_options;
  JsonArray *messages;

  reply = run_stream (f, provider, "gpt-4o-mini", TEST_KEY, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "gpt-4o-mini");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  stream_options = json_object_get_object_member (body, "stream_options");
  g_assert_nonnull (stream_options);
  g_assert_true (json_object_get_boolean_member (stream_options, "include_usage"));
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);

  authorization = dup_header (f, 0, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " TEST_KEY);
  accept = dup_header (f, 0, "Accept");
  g_assert_nonnull (strstr (accept, "text/event-stream"));
}

/* Answers that are not JSON */

static void
test_models_html_or_garbage (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "openai", "/v1");
  g_autoptr(FakeResponse) html = parlance_test_fixture_response (200, "models-html.200.html");
  g_autoptr(FakeResponse) garbage = fake_response_new (200);
  FakeResponse *answers[] = { html, garbage };

  fake_response_set_body_string (garbage, "\x01\x02 not json at all }{");
  fake_response_set_content_type (garbage, "application/octet-stream");

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      Outcome outcome = { 0 };
      JsonNode *node;

      fake_provider_queue (f->fake, "GET", "/models", answers[i]);
      node = run_get_json (f, provider, "models", TEST_KEY, &outcome);
      g_assert_null (node);
      g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      /* A sentence that names the provider, not a dump of what it sent. */
      g_assert_true (g_str_has_prefix (outcome.error->message, "OpenAI "));
      g_assert_null (strstr (outcome.error->message, "<html"));
      g_assert_null (strstr (outcome.error->message, "nginx"));
      g_assert_null (strstr (outcome.error->message, "\x01"));
      g_assert_true (g_utf8_validate (outcome.error->message, -1, NULL));
      g_clear_error (&outcome.error);
    }
}

/* An empty 200 answer is an answer Parlance can't read, not a crash. */
static void
test_models_empty_body (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "openai", "/v1");
  g_autoptr(FakeResponse) empty = fake_response_new (200);
  Outcome outcome = { 0 };

  fake_provider_queue (f->fake, "GET", "/models", empty);
  g_assert_null (run_get_json (f, provider, "models", TEST_KEY, &outcome));
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (outcome.error->message, "OpenAI "));
  g_clear_error (&outcome.error);
}

static void
test_models_error_statuses (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ParlanceProvider) provider = builtin_at (f, "openai", "/v1");
  g_autoptr(FakeResponse) bad_gateway = parlance_test_fixture_response (502, "models-html.200.html");
  g_autoptr(FakeResponse) bad_request = fake_response_new (400);
  Outcome outcome = { 0 };

  /* A proxy's HTML error page: the status decides, the page is not shown. */
  fake_provider_queue (f->fake, "GET", "/models", bad_gateway);
  g_assert_null (run_get_json (f, provider, "models", TEST_KEY, &outcome));
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER);
  g_assert_nonnull (strstr (outcome.error->message, "502"));
  g_assert_nonnull (strstr (outcome.error->message, "OpenAI"));
  g_clear_error (&outcome.error);

  outcome = (Outcome) { 0 };
  fake_response_set_body_string (bad_request, "garbage, and not JSON");
  fake_response_set_content_type (bad_request, "text/plain");
  fake_provider_queue (f->fake, "GET", "/models", bad_request);
  g_assert_null (run_get_json (f, provider, "models", TEST_KEY, &outcome));
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (outcome.error->message, "OpenAI"));
  g_clear_error (&outcome.error);
}

/* Custom */

static void
test_custom_extra_header (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/lab/v1", fake_provider_get_port (f->fake));
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_custom ("lab", "Lab Server", url);
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(FakeResponse) models = parlance_test_fixture_response (200, "models-small.200.json");
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *authorization = NULL;
  Outcome outcome = { 0 };
  JsonNode *node;

  g_assert_cmpint (parlance_provider_get_kind (provider), ==, PARLANCE_PROVIDER_KIND_CUSTOM);
  parlance_provider_add_header (provider, "X-Lab-Tenant", "parlance-tests");

  reply = run_stream (f, provider, "local-model", NULL, response, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  path = dup_path (f, 0);
  g_assert_cmpstr (path, ==, "/lab/v1/chat/completions");
  tenant = dup_header (f, 0, "X-Lab-Tenant");
  g_assert_cmpstr (tenant, ==, "parlance-tests");
  authorization = dup_header (f, 0, "Authorization");
  g_assert_null (authorization);

  /* The header goes with every request, and with a key beside it. */
  outcome = (Outcome) { 0 };
  fake_provider_queue (f->fake, "GET", "/models", models);
  node = run_get_json (f, provider, "models", TEST_KEY, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (node);
  json_node_unref (node);
  g_clear_pointer (&tenant, g_free);
  tenant = dup_header (f, 1, "X-Lab-Tenant");
  g_assert_cmpstr (tenant, ==, "parlance-tests");
  g_clear_pointer (&authorization, g_free);
  authorization = dup_header (f, 1, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " TEST_KEY);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/parlance/provider-dialects/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("gemini/strips-models-prefix", test_gemini_strips_models_prefix);
  ADD ("gemini/prefix-kept-elsewhere", test_gemini_prefix_kept_elsewhere);
  ADD ("gemini/usage-on-last-content-chunk", test_gemini_usage_on_last_content_chunk);
  ADD ("gemini/error-array-rate-limited", test_gemini_error_array_rate_limited);
  ADD ("gemini/error-array-bad-request", test_gemini_error_array_bad_request);
  ADD ("ollama/no-key-no-authorization", test_ollama_no_key_no_authorization);
  ADD ("ollama/reasoning-tools-usage", test_ollama_reasoning_tools_usage);
  ADD ("ollama/models-data-null", test_ollama_models_data_null);
  ADD ("openai/asks-for-usage", test_openai_asks_for_usage);
  ADD ("models/html-or-garbage", test_models_html_or_garbage);
  ADD ("models/empty-body", test_models_empty_body);
  ADD ("models/error-statuses", test_models_error_statuses);
  ADD ("custom/extra-header", test_custom_extra_header);

  return g_test_run ();
}
