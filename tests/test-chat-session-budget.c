/* test-chat-session-budget.c — every request a chat session sends is a row of the store's
 * requests, a failed one too, and a 429's limits are learned.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-limits.h"
#include "parlance-openrouter-generation.h"
#include "parlance-rate-budget.h"
#include "parlance-test-session.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

static char *
request_row (ParlanceStore *store,
             const char    *where)
{
  sqlite3 *raw = parlance_test_store_raw (parlance_store_get_path (store));
  g_autofree char *sql = g_strdup_printf (
    "SELECT provider_id || '|' || ifnull (model, '-') || '|' || ifnull (requested_model, '-') ||"
    " '|' || ifnull (budget_group, '-') || '|' || ifnull (status, '-') || '|' ||"
    " ifnull (error_kind, '-') || '|' || ifnull (tokens_in, '-') || '|' ||"
    " ifnull (tokens_out, '-') || '|' || ifnull (cost_pico, '-') || '|' ||"
    " ifnull (generation_id, '-') || '|' || (message_id IS NOT NULL)"
    " FROM requests %s ORDER BY id", where);
  char *text = parlance_test_store_raw_text (raw, sql);

  sqlite3_close (raw);
  return text;
}

/* A reply that streamed: one row, with who answered, its usage and cost, and its message. */
static void
test_chat_writes_a_row (ParlanceTestSession *f,
                        gconstpointer        data)
{
  const char *parts[] = { "Four.", NULL };
  g_autofree char *row = NULL;
  gint64 n = 0, before;
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (f->store);

  before = g_get_real_time ();
  parlance_test_queue_sse (f->server, parts,
                           "{\"prompt_tokens\":12,\"completion_tokens\":3,\"cost\":0.0000369}");
  parlance_test_send_and_wait (f, "2 + 2?");
  parlance_test_settle (f->session, f->store);

  g_assert_true (parlance_store_count_requests (f->store, "openrouter", NULL, before,
                                                G_MAXINT64, &n, NULL, NULL, NULL));
  g_assert_cmpint (n, ==, 1);
  row = request_row (f->store, "");
  g_assert_cmpstr (row, ==, "openrouter|test/answered-model|test/model|openrouter|200|-|12|3|36900000|gen-store-test-0001|1");

  /* The budget counts it. */
  state = parlance_rate_budget_get_state_for_model (budget, "openrouter", "test/model", NULL);
  g_assert_cmpint (state->minute_used, ==, 1);
  g_assert_cmpint (state->day_used, ==, 1);
}

/* A 429 counts too (OpenRouter counts it), and what its headers said is kept. */
static void
test_failed_request_counts (ParlanceTestSession *f,
                            gconstpointer        data)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);
  g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (f->store);
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autofree char *row = NULL;
  g_autofree char *reset = NULL;
  gint64 reset_ms = (g_get_real_time () / 1000) + 24 * 3600 * 1000;

  parlance_chat_session_set_model (f->session, "test/model:free");
  fake_response_set_body_string (response,
    "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day.\"}}");
  fake_response_set_content_type (response, "application/json");
  fake_response_add_header (response, "X-RateLimit-Limit", "50");
  fake_response_add_header (response, "X-RateLimit-Remaining", "0");
  reset = g_strdup_printf ("%" G_GINT64_FORMAT, reset_ms);
  fake_response_add_header (response, "X-RateLimit-Reset", reset);
  fake_provider_queue (f->server, "POST", "/chat/completions", response);

  parlance_test_send_and_wait (f, "Hello?");
  parlance_test_settle (f->session, f->store);

  row = request_row (f->store, "");
  g_assert_cmpstr (row, ==, "openrouter|test/model:free|test/model:free|free|429|daily|-|-|-|-|1");

  state = parlance_rate_budget_get_state_for_model (budget, "openrouter", "test/model:free", NULL);
  g_assert_cmpint (state->day_limit, ==, 50);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->day_used, ==, 50);
  g_assert_cmpint (state->next_allowed_at, ==, reset_ms * 1000);
}

/* An OpenRouter stream cut before its usage: OpenRouter is asked for the generation afterwards
 * (again after its first 404), and the message and its request row get the exact figures. */
static void
test_cut_stream_generation (ParlanceTestSession *f,
                            gconstpointer        data)
{
  g_autoptr(FakeResponse) cut = fake_limits_response_new ("stream-cut", 0);
  g_autoptr(FakeResponse) not_yet = fake_limits_response_new ("generation-not-found", 0);
  g_autoptr(FakeResponse) generation = fake_limits_response_new ("generation", 0);
  GListModel *messages = parlance_chat_session_get_messages (f->session);
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(FakeRequest) asked = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *row = NULL;
  gint64 in = -1, out = -1, reasoning = -1;

  _parlance_openrouter_generation_set_no_delays (TRUE);
  fake_provider_queue (f->server, "POST", "/chat/completions", cut);
  fake_provider_queue (f->server, "GET", "/generation", not_yet);
  fake_provider_queue (f->server, "GET", "/generation", generation);
  parlance_test_send_and_wait (f, "Tell me everything");
  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Cut off");

  parlance_test_wait_for (parlance_message_get_cost_pico (reply) >= 0, PARLANCE_TEST_WAIT_MS);
  g_assert_cmpint (parlance_message_get_cost_pico (reply), ==, FAKE_LIMITS_GENERATION_COST_PICO);
  parlance_message_get_tokens (reply, &in, &out, &reasoning, NULL);
  g_assert_cmpint (in, ==, 17);
  g_assert_cmpint (out, ==, 2177);
  g_assert_cmpint (reasoning, ==, 960);
  g_assert_cmpstr (parlance_message_get_provider_name (reply), ==, "OpenAI");
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "openai/gpt-5-mini");
  /* The text and the failure stay as they were. */
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Cut off");
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  parlance_test_settle (f->session, f->store);
  _parlance_openrouter_generation_set_no_delays (FALSE);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 3);
  asked = fake_provider_dup_request (f->server, 2);
  g_assert_cmpstr (asked->query, ==, "id=" FAKE_LIMITS_GENERATION_ID);
  g_assert_cmpstr (soup_message_headers_get_one (asked->headers, "Authorization"), ==,
                   "Bearer " PARLANCE_TEST_OPENROUTER_KEY);
  row = request_row (f->store, "");
  g_assert_cmpstr (row, ==, "openrouter|openai/gpt-5-mini|test/model|openrouter|-|network|17|2177|4358250000|"
                            FAKE_LIMITS_GENERATION_ID "|1");
  stored = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  g_assert_cmpint (parlance_message_get_cost_pico (parlance_test_message_at (stored, 1)), ==,
                   FAKE_LIMITS_GENERATION_COST_PICO);
  g_assert_cmpstr (parlance_message_get_provider_name (parlance_test_message_at (stored, 1)), ==, "OpenAI");
}

/* A session without a store records nothing, and sends all the same. */
static void
test_no_store (ParlanceTestSession *f,
               gconstpointer        data)
{
  const char *parts[] = { "Yes.", NULL };
  gint64 n = -1;

  parlance_chat_session_set_store (f->session, NULL);
  parlance_test_queue_sse (f->server, parts, NULL);
  parlance_test_send_and_wait (f, "Still there?");
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
  g_assert_true (parlance_store_count_requests (f->store, "openrouter", NULL, 0, G_MAXINT64, &n,
                                                NULL, NULL, NULL));
  g_assert_cmpint (n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/chat-session-budget/" path, ParlanceTestSession, NULL, \
                                    parlance_test_session_setup, func, parlance_test_session_teardown)
  ADD ("chat-writes-a-row", test_chat_writes_a_row);
  ADD ("failed-request-counts", test_failed_request_counts);
  ADD ("cut-stream-generation", test_cut_stream_generation);
  ADD ("no-store", test_no_store);
#undef ADD

  return g_test_run ();
}
