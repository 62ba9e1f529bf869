/* test-cli-wait.c — `parlance-cli chat` waits out a per-minute limit, counting down on standard
 * error (in place on a terminal, a plain line otherwise), then asks again; --no-wait fails at
 * once; --json's attempts say how long it waited (issue #14). The waits are a second or two.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-test-cli.h"

static void
queue_text (Fixture    *f,
            const char *text)
{
  g_autofree char *sse = g_strdup_printf (
    "data: {\"id\":\"gen-wait-1\",\"model\":\"a/model\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":\"stop\"}]}\n\n"
    "data: [DONE]\n\n", text);
  g_autoptr(FakeResponse) response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, sse);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
}

static void
test_help (void)
{
  g_autoptr(Run) run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--help"));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--no-wait");
}

/* Into a pipe: one plain line, then the answer. */
static void
test_waits_then_answers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  parlance_test_queue_per_minute (f->fake, "1");
  queue_text (f, "After the wait.");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "-m", "a/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "After the wait.");
  assert_contains (run->err->str, "Rate limited by OpenRouter — sending in 1 s\n");
  g_assert_null (strchr (run->err->str, '\r'));
  g_assert_null (strchr (run->err->str, '\033'));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 2);
}

/* --no-wait: the limit's failure at once, with the exit status of a rate limit. */
static void
test_no_wait (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  parlance_test_queue_per_minute (f->fake, "1");
  queue_text (f, "Never asked for.");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "--no-wait", "-m", "a/model", "Hello"));
  g_assert_cmpint (run->status, ==, 6);
  g_assert_cmpstr (run->out->str, ==, "");
  g_assert_null (strstr (run->err->str, "— sending in"));
  assert_contains (run->err->str, "try again in 1 second");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
}

/* On a terminal the count goes down in place: carriage return, line cleared. */
static void
test_terminal_countdown (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  parlance_test_queue_per_minute (f->fake, "2");
  queue_text (f, "After the wait.");
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "--ephemeral", "--raw", "-m", "a/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "\r\033[KRate limited by OpenRouter — sending in 2 s");
  assert_contains (run->err->str, "\r\033[KRate limited by OpenRouter — sending in 1 s");
  g_assert_null (strstr (run->err->str, "sending in 2 s\n"));
  assert_contains (run->out->str, "After the wait.");
}

/* --json: the wait is an attempt of the same model, with the seconds waited; the fields the
 * attempts had stay. */
static void
test_json_attempts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *attempt;
  JsonArray *attempts;

  parlance_test_queue_per_minute (f->fake, "1");
  queue_text (f, "After the wait.");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "--json", "-m", "a/model", "Hello"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (strstr (run->err->str, "— sending in"));
  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  attempts = json_object_get_array_member (root, "attempts");
  g_assert_cmpuint (json_array_get_length (attempts), ==, 1);
  attempt = json_array_get_object_element (attempts, 0);
  g_assert_cmpstr (json_object_get_string_member (attempt, "model"), ==, "a/model");
  g_assert_cmpstr (json_object_get_string_member (attempt, "reason"), ==, "rate_limited");
  g_assert_cmpint (json_object_get_int_member (attempt, "status"), ==, 429);
  g_assert_true (json_object_has_member (attempt, "error"));
  g_assert_cmpint (json_object_get_int_member (attempt, "waited"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "requested_model"), ==, "a/model");
}

/* Three waits at most: the fourth refusal stands. */
static void
test_retry_cap (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  for (guint i = 0; i < 4; i++)
    parlance_test_queue_per_minute (f->fake, "1");
  queue_text (f, "Never asked for.");
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--ephemeral", "-m", "a/model", "Hello"));
  g_assert_cmpint (run->status, ==, 6);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  g_test_add_func ("/parlance/cli/wait/help", test_help);
  add_test ("/parlance/cli/wait/waits-then-answers", test_waits_then_answers);
  add_test ("/parlance/cli/wait/no-wait", test_no_wait);
  add_test ("/parlance/cli/wait/terminal-countdown", test_terminal_countdown);
  add_test ("/parlance/cli/wait/json-attempts", test_json_attempts);
  add_test ("/parlance/cli/wait/retry-cap", test_retry_cap);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
