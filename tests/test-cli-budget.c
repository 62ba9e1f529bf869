/* test-cli-budget.c — `parlance-cli budget`, and the requests `chat` records for it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "parlance-test-cli-store.h"

/* The budget of @provider's @group in `budget --json`. */
static JsonObject *
find_budget (JsonObject *root,
             const char *provider,
             const char *group)
{
  JsonArray *budgets = json_object_get_array_member (root, "budgets");

  for (guint i = 0; i < json_array_get_length (budgets); i++)
    {
      JsonObject *b = json_array_get_object_element (budgets, i);

      if (g_str_equal (json_object_get_string_member (b, "provider"), provider) &&
          g_str_equal (json_object_get_string_member (b, "group"), group))
        return b;
    }
  g_error ("no budget %s/%s", provider, group);
  return NULL;
}

static JsonObject *
run_budget (StoreFixture *f,
            JsonParser   *parser,
            const char   *provider)
{
  g_autoptr(Run) run = provider != NULL ? store_run (f, ARGS ("budget", "-p", provider, "--json"))
                                        : store_run (f, ARGS ("budget", "--json"));

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  return parse_object (parser, run->out->str);
}

static void
queue_429 (StoreFixture *f,
           const char   *limit,
           const char   *remaining,
           gint64        reset_ms)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);

  fake_response_set_content_type (response, "application/json");
  fake_response_set_body_string (response, "{\"error\":{\"code\":429,\"message\":"
                                 "\"Rate limit exceeded: free-models-per-day.\"}}");
  if (limit != NULL)
    {
      g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT, reset_ms);

      fake_response_add_header (response, "X-RateLimit-Limit", limit);
      fake_response_add_header (response, "X-RateLimit-Remaining", remaining);
      fake_response_add_header (response, "X-RateLimit-Reset", reset);
    }
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);
}

/* Nothing sent yet: every budget at zero, documented limits, unknown ones null, and no
 * database made to say so. */
static void
test_empty (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_budget (f, parser, NULL);
  JsonObject *free_budget = find_budget (root, "openrouter", "free");
  JsonObject *openai = find_budget (root, "openai", "openai");
  g_autofree char *names = dup_member_names (free_budget);

  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (json_object_get_int_member (free_budget, "minute_used"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (free_budget, "minute_limit"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (free_budget, "day_used"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (free_budget, "day_limit"), ==, 50);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT00:00:00Z$",
                                       json_object_get_string_member (free_budget, "resets_at"), 0, 0));
  g_assert_true (json_object_get_null_member (openai, "minute_limit"));
  g_assert_true (json_object_get_null_member (openai, "day_limit"));
  /* Gemini's day starts at midnight Pacific time: -08:00 or -07:00. */
  g_assert_true (g_regex_match_simple ("T00:00:00-0[78]:00$",
                                       json_object_get_string_member (find_budget (root, "gemini", "gemini"),
                                                                      "resets_at"), 0, 0));
  g_assert_cmpstr (names, ==, "day_limit,day_tokens_used,day_used,group,minute_limit,"
                   "minute_tokens_limit,minute_tokens_used,minute_used,next_allowed_at,provider,"
                   "resets_at");
}

/* Every chat is counted, a failed one too; the table lines its columns up. */
static void
test_counts_chats (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) ok = queue_text_reply (f, "Fine.", "0.0000369");
  g_autoptr(Run) chat = store_run (f, ARGS ("chat", "Hello"));
  g_autoptr(Run) failed = NULL;
  g_autoptr(Run) table = NULL;
  JsonObject *root, *free_budget;

  g_assert_cmpint (chat->status, ==, 0);
  queue_429 (f, NULL, NULL, 0);
  failed = store_run (f, ARGS ("chat", "Again"));
  g_assert_cmpint (failed->status, ==, 6);

  root = run_budget (f, parser, "openrouter");
  free_budget = find_budget (root, "openrouter", "free");
  g_assert_cmpint (json_object_get_int_member (free_budget, "minute_used"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (free_budget, "day_used"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "budgets")), ==, 1);

  table = store_run (f, ARGS ("budget", "-p", "openrouter"));
  g_assert_cmpint (table->status, ==, 0);
  g_assert_true (g_regex_match_simple ("^PROVIDER +GROUP +MINUTE +TODAY +RESETS\n"
                                       "openrouter +free +2/20 +2/50 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\n$",
                                       table->out->str, 0, 0));
  /* Lined up: the columns start at the same place on both lines. */
  g_assert_cmpint (strstr (table->out->str, "GROUP") - table->out->str, ==,
                   strstr (table->out->str, "free") - strchr (table->out->str, '\n') - 1);
}

/* A 429's X-RateLimit headers are learned: the limit they give, and what they say is used. */
static void
test_learns_from_429 (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) failed = NULL;
  JsonObject *free_budget;

  queue_429 (f, "1000", "990", g_get_real_time () / 1000 + 6 * 3600 * 1000);
  failed = store_run (f, ARGS ("chat", "Hello"));
  g_assert_cmpint (failed->status, ==, 6);

  free_budget = find_budget (run_budget (f, parser, "openrouter"), "openrouter", "free");
  g_assert_cmpint (json_object_get_int_member (free_budget, "day_limit"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (free_budget, "day_used"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (free_budget, "minute_limit"), ==, 20);
}

/* An unknown provider is a usage error, said plainly. */
static void
test_unknown_provider (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(Run) run = store_run (f, ARGS ("budget", "-p", "nowhere"));

  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "nowhere");
  g_assert_cmpstr (run->out->str, ==, "");
}

/* A 429 said the free models' minute is used up: the next chat counts the wait down before it
 * sends anything (as the app does), and Ctrl+C then stops it with nothing sent. */
static void
test_waits_before_sending (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(Run) failed = NULL;
  g_autoptr(Run) chat = NULL;

  queue_429 (f, "20", "0", g_get_real_time () / 1000 + 30000);
  failed = store_run (f, ARGS ("chat", "--no-wait", "Hello"));
  g_assert_cmpint (failed->status, ==, 6);
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);

  chat = store_run_start (f, ARGS ("chat", "Again"));
  parlance_test_wait_for (strstr (chat->err->str, "This minute's limit on OpenRouter is reached — sending in ") != NULL, WAIT_MS);
  g_subprocess_send_signal (chat->process, SIGINT);
  run_cli_wait (chat);
  g_assert_cmpint (chat->status, ==, 130);
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);
}

/* Nothing was said, but the free models' documented 20 a minute are used up (by requests in
 * the database): the chat counts the wait down before sending (Ctrl+C stops it, nothing
 * sent); with --no-wait it goes at once and the provider decides. */
static void
test_default_limit_waits (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(Run) chat = NULL;
  g_autoptr(Run) sent = NULL;
  g_autoptr(FakeResponse) ok = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  {
    g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 20; i++)
      {
        g_autoptr(ParlanceRequestRecord) record =
          parlance_request_record_new (now - 20 * G_USEC_PER_SEC + i, "openrouter",
                                       "x/model:free", "free");

        g_assert_cmpint (parlance_store_add_request (store, record, &error), >, 0);
        g_assert_no_error (error);
      }
  }

  chat = store_run_start (f, ARGS ("chat", "Hello"));
  parlance_test_wait_for (strstr (chat->err->str, "This minute's limit on OpenRouter is reached — sending in ") != NULL, WAIT_MS);
  /* The oldest of them leaves the minute in 40 s. */
  g_assert_true (g_regex_match_simple ("sending in (3[0-9]|40) s", chat->err->str, 0, 0));
  g_subprocess_send_signal (chat->process, SIGINT);
  run_cli_wait (chat);
  g_assert_cmpint (chat->status, ==, 130);
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 0);

  ok = queue_text_reply (f, "Fine.", NULL);
  sent = store_run (f, ARGS ("chat", "--no-wait", "Hello"));
  g_assert_cmpint (sent->status, ==, 0);
  g_assert_null (strstr (sent->err->str, "— sending in"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);
}

/* A 429 for the minute that announces nothing: the budget knows when the minute frees up (19
 * of the documented 20 sent from 50 s ago, the refused request the 20th), and the countdown
 * goes to then, not to a backoff of a second or two. */
static void
test_waits_until_budget_allows (StoreFixture  *f,
                                gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);
  g_autoptr(Run) chat = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  {
    g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 19; i++)
      {
        g_autoptr(ParlanceRequestRecord) record =
          parlance_request_record_new (now - 50 * G_USEC_PER_SEC + i, "openrouter",
                                       "x/model:free", "free");

        g_assert_cmpint (parlance_store_add_request (store, record, &error), >, 0);
        g_assert_no_error (error);
      }
  }
  fake_response_set_content_type (response, "application/json");
  fake_response_set_body_string (response, "{\"error\":{\"code\":429,\"message\":"
                                 "\"Rate limit exceeded: free-models-per-min.\"}}");
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);

  chat = store_run_start (f, ARGS ("chat", "Hello"));
  parlance_test_wait_for (strstr (chat->err->str, "Rate limited by OpenRouter — sending in ") != NULL, WAIT_MS);
  g_assert_true (g_regex_match_simple ("sending in ([5-9]|10) s", chat->err->str, 0, 0));
  g_subprocess_send_signal (chat->process, SIGINT);
  run_cli_wait (chat);
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli-budget/empty", test_empty);
  add_store_test ("/parlance/cli-budget/counts-chats", test_counts_chats);
  add_store_test ("/parlance/cli-budget/learns-from-429", test_learns_from_429);
  add_store_test ("/parlance/cli-budget/waits-before-sending", test_waits_before_sending);
  add_store_test ("/parlance/cli-budget/default-limit-waits", test_default_limit_waits);
  add_store_test ("/parlance/cli-budget/waits-until-budget-allows", test_waits_until_budget_allows);
  add_store_test ("/parlance/cli-budget/unknown-provider", test_unknown_provider);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
