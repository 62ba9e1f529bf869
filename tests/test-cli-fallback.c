/* test-cli-fallback.c — `parlance-cli chat --fallback MODEL[,MODEL…]` and `--free-only`, and
 * what `chat --json` says of them: the model that answered, the one asked first, the attempts
 * that failed before and the exact cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-limits.h"
#include "parlance-test-cli.h"

/* A reply from @model, costing @cost as the server writes it. */
static void
queue_reply (Fixture    *f,
             const char *model,
             const char *cost)
{
  g_autofree char *sse = g_strdup_printf (
    "data: {\"id\":\"gen-fallback-1\",\"provider\":\"Chutes\",\"model\":\"%s\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi from %s\"},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7,\"cost\":%s}}\n\n"
    "data: [DONE]\n\n", model, model, cost);
  g_autoptr(FakeResponse) response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, sse);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
}

/* The models of the chat requests the fake received, joined by spaces. */
static char *
asked (Fixture *f)
{
  g_autoptr(GString) models = g_string_new (NULL);

  for (guint i = 0; i < fake_provider_get_n_requests (f->fake); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *body;

      if (!g_str_has_suffix (request->path, "/chat/completions"))
        continue;
      body = request_body (f, i, parser);
      g_string_append_printf (models, "%s%s", models->len > 0 ? " " : "",
                              json_object_get_string_member (body, "model"));
    }
  return g_string_free (g_steal_pointer (&models), FALSE);
}

static JsonObject *
parse_output (Run        *run,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* A stream cut before its usage: `chat` asks OpenRouter for the generation (again after a 404)
 * before it prints --json and saves, so both hold the exact cost; what OpenRouter never says is
 * left out within the bound. */
static void
test_cut_stream_cost (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) cut = fake_limits_response_new ("stream-cut", 0);
  g_autoptr(FakeResponse) not_yet = fake_limits_response_new ("generation-not-found", 0);
  g_autoptr(FakeResponse) generation = fake_limits_response_new ("generation", 0);
  g_autoptr(FakeResponse) cut_again = fake_limits_response_new ("stream-cut", 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", env_key, NULL);
  g_autoptr(Run) run = NULL;
  JsonObject *root, *usage;
  gint64 started;

  fake_provider_queue (f->fake, "POST", "/chat/completions", cut);
  fake_provider_queue (f->fake, "GET", "/generation", not_yet);
  fake_provider_queue (f->fake, "GET", "/generation", generation);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "Tell me everything"));
  g_assert_cmpint (run->status, ==, 9);
  root = parse_output (run, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "content"), ==, "Cut off");
  usage = json_object_get_object_member (root, "usage");
  g_assert_nonnull (usage);
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 17);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), ==, 2177);
  assert_contains (run->out->str, "\"cost\" : " FAKE_LIMITS_GENERATION_COST "\n");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);
  request = fake_provider_dup_request (f->fake, 2);
  g_assert_cmpstr (request->query, ==, "id=" FAKE_LIMITS_GENERATION_ID);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, authorization);
  g_clear_pointer (&run, run_free);

  /* The request's row has it too. */
  run = run_cli (f->url, NULL, NULL, ARGS ("usage", "--by", "model", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "\"key\" : \"openai/gpt-5-mini\",\n      \"requests\" : 1,\n"
                                  "      \"tokens_in\" : 17,\n      \"tokens_out\" : 2177,\n"
                                  "      \"cost\" : " FAKE_LIMITS_GENERATION_COST "\n");
  g_clear_pointer (&run, run_free);

  /* Never known (404 each time): a few questions within 3 s, and no cost rather than a guess. */
  fake_provider_queue (f->fake, "POST", "/chat/completions", cut_again);
  started = g_get_monotonic_time ();
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "Again"));
  g_assert_cmpint (run->status, ==, 9);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_assert_null (strstr (run->out->str, "\"cost\""));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), <=, 3 + 1 + 5);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), >=, 3 + 1 + 1);
}

static void
test_help (void)
{
  g_autoptr(Run) run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--help"));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--fallback=MODEL[,MODEL…]");
  assert_contains (run->out->str, "--free-only");
  assert_contains (run->out->str, "\"attempts\"");
}

/* 429 then 503 then "No endpoints": the fourth answers; --json names it, the model asked first,
 * the attempts in order, and the cost as exact digits. */
static void
test_order_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autofree char *models = NULL;
  JsonObject *root;
  JsonArray *attempts;

  fake_provider_set_model_fault (f->fake, "a/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  fake_provider_set_model_fault (f->fake, "b/model", FAKE_MODEL_FAULT_UNAVAILABLE);
  fake_provider_set_model_fault (f->fake, "c/model", FAKE_MODEL_FAULT_NO_ENDPOINTS);
  queue_reply (f, "d/model-answered", "3.69e-05");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "-m", "a/model",
                                           "--fallback", "b/model, c/model,d/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  models = asked (f);
  g_assert_cmpstr (models, ==, "a/model b/model c/model d/model");

  root = parse_output (run, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "content"), ==, "Hi from d/model-answered");
  g_assert_cmpstr (json_object_get_string_member (root, "model"), ==, "d/model-answered");
  g_assert_cmpstr (json_object_get_string_member (root, "requested_model"), ==, "a/model");
  attempts = json_object_get_array_member (root, "attempts");
  g_assert_cmpuint (json_array_get_length (attempts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attempts, 0), "model"), ==, "a/model");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attempts, 1), "model"), ==, "b/model");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attempts, 2), "model"), ==, "c/model");
  assert_contains (json_object_get_string_member (json_array_get_object_element (attempts, 0), "error"), "Rate limited");
  assert_contains (json_object_get_string_member (json_array_get_object_element (attempts, 0), "server_message"),
                   "free-models-per-min");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attempts, 1), "reason"), ==, "unavailable");
  g_assert_nonnull (json_object_get_object_member (root, "usage"));
  /* Exact: the digits of the pico-dollars, never "3.69e-05". */
  assert_contains (run->out->str, "\"cost\" : 0.0000369,");
  g_assert_null (strstr (run->out->str, "e-05"));
  g_assert_cmpfloat (json_object_get_double_member (root, "cost"), ==, 0.0000369);
}

/* Without a chain the output says the same things: no attempts, the model asked. */
static void
test_plain_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonObject *root;

  queue_reply (f, "x/model", "0.00021");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "-m", "x/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  root = parse_output (run, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "requested_model"), ==, "x/model");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "attempts")), ==, 0);
  assert_contains (run->out->str, "\"cost\" : 0.00021,");
}

/* Not a failure another model may help with: no fallback, the error stands. */
static void
test_no_fallback_on_500 (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (500);
  g_autoptr(Run) run = NULL;
  g_autofree char *models = NULL;

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Oops\",\"code\":500}}");
  fake_provider_queue (f->fake, "POST", "/chat/completions", failure);
  queue_reply (f, "b/model", "0");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-m", "a/model", "--fallback", "b/model", "Hello"));
  g_assert_cmpint (run->status, !=, 0);
  models = asked (f);
  g_assert_cmpstr (models, ==, "a/model");
}

/* Without --json the person is told who failed and who is asked next. */
static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  fake_provider_set_model_fault (f->fake, "a/model", FAKE_MODEL_FAULT_DAILY_QUOTA);
  queue_reply (f, "b/model", "0");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-m", "a/model", "--fallback", "b/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Hi from b/model");
  assert_contains (run->err->str, "a/model had used its daily quota; asking b/model.\n");
}

static void
queue_catalogue (Fixture *f)
{
  g_autoptr(FakeResponse) models = fake_response_new (200);

  fake_response_set_body_string (models,
    "{\"data\":[{\"id\":\"paid/model\",\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}},"
    "{\"id\":\"free/model:free\",\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}]}");
  fake_provider_queue (f->fake, "GET", "/models", models);
}

/* --free-only: a paid model is never asked, -m included; an unlisted one only when named. */
static void
test_free_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autofree char *models = NULL;

  queue_catalogue (f);
  fake_provider_set_model_fault (f->fake, "unlisted/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  queue_reply (f, "free/model:free", "0");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--free-only", "-m", "paid/model",
                                           "--fallback", "unlisted/model,paid/model,free/model:free", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Hi from free/model:free");
  models = asked (f);
  g_assert_cmpstr (models, ==, "unlisted/model free/model:free");
}

/* A model nobody named (the default) is unlisted, so not asked; with nothing left, a clear
 * error and no request. */
static void
test_free_only_nothing_left (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autofree char *models = NULL;

  queue_catalogue (f);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--free-only", "--fallback", "paid/model", "Hello"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--free-only");
  assert_contains (run->err->str, DEFAULT_MODEL ", paid/model");
  models = asked (f);
  g_assert_cmpstr (models, ==, "");
}

/* Without --free-only the guard is off on the command line: a paid fallback is asked. */
static void
test_paid_without_free_only (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autofree char *models = NULL;

  fake_provider_set_model_fault (f->fake, "a/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  queue_reply (f, "paid/model", "0.5");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-m", "a/model", "--fallback", "paid/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  models = asked (f);
  g_assert_cmpstr (models, ==, "a/model paid/model");
}

static void
test_bad_fallback (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Run) run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--fallback", " , ", "Hello"));

  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--fallback");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  g_test_add_func ("/parlance/cli/fallback/help", test_help);
  add_test ("/parlance/cli/fallback/order-json", test_order_json);
  add_test ("/parlance/cli/fallback/plain-json", test_plain_json);
  add_test ("/parlance/cli/fallback/no-fallback-on-500", test_no_fallback_on_500);
  add_test ("/parlance/cli/fallback/note", test_note);
  add_test ("/parlance/cli/fallback/free-only", test_free_only);
  add_test ("/parlance/cli/fallback/free-only-nothing-left", test_free_only_nothing_left);
  add_test ("/parlance/cli/fallback/paid-without-free-only", test_paid_without_free_only);
  add_test ("/parlance/cli/fallback/bad-fallback", test_bad_fallback);
  add_test ("/parlance/cli/fallback/cut-stream-cost", test_cut_stream_cost);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
