/* test-cli-precheck.c — `parlance-cli chat` checks what it would send against the model's context
 * from the saved list of models: a warning from 80 %, a refusal over 100 % (nothing sent, nothing
 * saved, exit status 1), no check for a model the list does not give a context for.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-test-cli.h"

/* A prompt of @n ASCII characters: n / 4 tokens, plus 3 for the message and 3 for the reply. */
static char *
prompt_of (gsize n)
{
  return g_strnfill (n, 'a');
}

static void
queue_reply (Fixture *f)
{
  g_autoptr(FakeResponse) response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response,
    "data: {\"id\":\"gen-precheck\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Fits\"},"
    "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
}

/* The saved list gives small/model a context of 100 tokens; `models --refresh` saves it. */
static void
save_catalogue (Fixture *f)
{
  g_autoptr(FakeResponse) models = fake_response_new (200);
  g_autoptr(Run) run = NULL;

  fake_response_set_body_string (models,
    "{\"data\":[{\"id\":\"small/model\",\"name\":\"Small Model\",\"context_length\":100,"
    "\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}},"
    "{\"id\":\"mystery/model\",\"name\":\"Mystery\"}]}");
  fake_provider_queue (f->fake, "GET", "/models", models);
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
}

/* Every test but --help starts from the saved list. */
static void
precheck_setup (Fixture       *f,
                gconstpointer  data)
{
  fixture_setup (f, data);
  save_catalogue (f);
}

/* `chat --ephemeral -m @model @prompt`, answered "Fits" if it is sent. */
static Run *
run_chat (Fixture    *f,
          const char *model,
          const char *prompt)
{
  queue_reply (f);
  return run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "-m", model, prompt));
}

static void
test_help (void)
{
  g_autoptr(Run) run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--help"));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "from 80 % a warning");
  assert_contains (run->out->str, "over 100 % nothing is");
  assert_contains (run->out->str, "estimated_prompt_tokens");
}

/* 320 characters: 86 tokens of 100 — warned, and sent. */
static void
test_warns (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *prompt = prompt_of (320);
  g_autoptr(Run) run = NULL;

  run = run_chat (f, "small/model", prompt);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Fits");
  assert_contains (run->err->str,
                   "This conversation uses about 86 % of small/model’s 100-token context (about 86 tokens).\n");
  g_assert_cmpuint (fake_provider_count_requests (f->fake, "POST", "/chat/completions"), ==, 1);
}

/* 200 characters: 56 tokens — nothing said. */
static void
test_quiet_under_80 (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *prompt = prompt_of (200);
  g_autoptr(Run) run = NULL;

  run = run_chat (f, "small/model", prompt);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (strstr (run->err->str, "context"));
}

/* 400 characters: 106 tokens — refused: nothing sent, nothing saved, status 1. */
static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *prompt = prompt_of (400);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) chats = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-m", "small/model", prompt));
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out->str, ==, "");
  assert_contains (run->err->str, "Not sent: this conversation is too long for small/model’s "
                                  "100-token context: it needs about 106 tokens. Start a new "
                                  "conversation, or pick a model with a longer context (-m).\n");
  g_assert_null (strstr (run->err->str, "Saved as"));
  g_assert_cmpuint (fake_provider_count_requests (f->fake, "POST", "/chat/completions"), ==, 0);

  chats = run_cli (f->url, NULL, NULL, ARGS ("chats", "--json"));
  g_assert_cmpint (chats->status, ==, 0);
  g_assert_null (strstr (chats->out->str, "\"small/model\""));
}

/* The system prompt counts too: 180 + 200 characters, 104 tokens in two messages. */
static void
test_system_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *prompt = prompt_of (200);
  g_autofree char *system = prompt_of (180);
  g_autoptr(Run) run = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "-m", "small/model", "-s", system, prompt));
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "it needs about 104 tokens");
  g_assert_cmpuint (fake_provider_count_requests (f->fake, "POST", "/chat/completions"), ==, 0);
}

/* A model without a context length, or not listed: never refused. */
static void
test_unknown_context (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *prompt = prompt_of (4000);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) unlisted = NULL;

  run = run_chat (f, "mystery/model", prompt);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (strstr (run->err->str, "context"));
  unlisted = run_chat (f, "other/model", prompt);
  g_assert_cmpint (unlisted->status, ==, 0);
  g_assert_cmpuint (fake_provider_count_requests (f->fake, "POST", "/chat/completions"), ==, 2);
}

/* --json says the estimate; the other members stay. */
static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  queue_reply (f);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "--json", "-m", "small/model", "Hello there"));
  g_assert_cmpint (run->status, ==, 0);
  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "estimated_prompt_tokens"), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (object, "requested_model"), ==, "small/model");
  g_assert_true (json_object_has_member (object, "conversation_id"));
  g_assert_true (json_object_has_member (object, "attempts"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  g_test_add_func ("/parlance/cli/precheck/help", test_help);
#define ADD(path, func) g_test_add (path, Fixture, NULL, precheck_setup, func, fixture_teardown)
  ADD ("/parlance/cli/precheck/warns", test_warns);
  ADD ("/parlance/cli/precheck/quiet-under-80", test_quiet_under_80);
  ADD ("/parlance/cli/precheck/refuses", test_refuses);
  ADD ("/parlance/cli/precheck/system-counts", test_system_counts);
  ADD ("/parlance/cli/precheck/unknown-context", test_unknown_context);
  ADD ("/parlance/cli/precheck/json", test_json);
#undef ADD

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
