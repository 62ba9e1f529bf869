/* test-chat-session-wait.c — a reply refused for a per-minute limit waits, visibly, and sends
 * itself again (issue #14); Stop ends the wait; a full minute in the budget is waited out before
 * sending. Waits are real but short, driven by the main loop (no sleeps).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-rate-budget.h"
#include "parlance-test-session.h"
#include "parlance-test-utils.h"

static ParlanceMessage *
last_reply (ParlanceTestSession *f)
{
  GListModel *messages = parlance_chat_session_get_messages (f->session);

  return g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
}

static gboolean
waiting_to_resend (ParlanceMessage *reply)
{
  return parlance_message_get_status (reply) == PARLANCE_MESSAGE_WAITING &&
         parlance_message_get_retry_at (reply) > 0;
}

/* Retry-After: 1 — the reply waits a second, saying why, then goes by itself and answers. */
static void
test_waits_then_sends (ParlanceTestSession *f,
                       gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;
  gint64 left;

  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_test_queue_per_minute (f->server, "1");
  parlance_test_queue_text (f->server, "After the wait.");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);

  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  g_assert_cmpstr (parlance_message_get_status_text (reply), ==, "Rate limited by OpenRouter");
  left = parlance_message_get_retry_at (reply) - g_get_monotonic_time ();
  g_assert_cmpint (left, >, 0);
  g_assert_cmpint (left, <=, G_USEC_PER_SEC);
  g_assert_true (parlance_chat_session_get_busy (f->session));
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);

  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), PARLANCE_TEST_WAIT_MS);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "After the wait.");
  g_assert_cmpint (parlance_message_get_retry_at (reply), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 2);
  /* The wait is one of the attempts: the same model, and how long. */
  g_assert_nonnull (strstr (parlance_message_get_attempts (reply), "\"waited\":1"));
  g_assert_nonnull (strstr (parlance_message_get_attempts (reply), "\"model\":\"test/model\""));
}

/* A refusal whose upstream name is the key sent back: the reply waits, and what it says while
 * it waits does not show the key. */
static void
test_wait_keeps_key_out (ParlanceTestSession *f,
                         gconstpointer        data)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);
  g_autoptr(ParlanceMessage) reply = NULL;

  fake_response_set_content_type (response, "application/json");
  fake_response_set_body_string (response,
    "{\"error\":{\"code\":429,\"message\":\"Provider returned error\",\"metadata\":"
    "{\"raw\":\"rate-limited upstream\",\"provider_name\":\"" PARLANCE_TEST_OPENROUTER_KEY "\"}}}");
  fake_response_add_header (response, "Retry-After", "30");
  fake_provider_queue (f->server, "POST", "/chat/completions", response);
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);

  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  g_test_message ("%s", parlance_message_get_status_text (reply));
  g_assert_true (g_str_has_prefix (parlance_message_get_status_text (reply), "Rate limited by "));
  g_assert_null (strstr (parlance_message_get_status_text (reply), "store-test"));
  parlance_chat_session_stop (f->session);
  g_assert_null (strstr (parlance_message_get_status_text (reply), "store-test"));
  g_assert_null (strstr (parlance_message_get_attempts (reply) ? parlance_message_get_attempts (reply) : "",
                         "store-test"));
}

/* Without waiting (the default of the session), the same refusal is the reply's failure. */
static void
test_no_wait_fails (ParlanceTestSession *f,
                    gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;

  parlance_test_queue_per_minute (f->server, "1");
  parlance_test_send_and_wait (f, "Hello");
  reply = last_reply (f);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
}

/* Stop while waiting: nothing more is sent; the reply fails with the limit's words, can be
 * retried, and still counts down to when a retry is allowed. */
static void
test_cancel_wait (ParlanceTestSession *f,
                  gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;

  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_test_queue_per_minute (f->server, "30");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);
  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);

  parlance_chat_session_stop (f->session);
  g_assert_false (parlance_chat_session_get_busy (f->session));
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_true (g_str_has_prefix (parlance_message_get_status_text (reply), "Rate limited"));
  g_assert_true (parlance_message_get_can_retry (reply));
  g_assert_cmpint (parlance_message_get_retry_at (reply), >, g_get_monotonic_time ());
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
}

/* OpenRouter said the free models' minute is used up until 30 s from now (a 429's X-RateLimit
 * headers, learned): the reply waits before it is sent at all, and Stop leaves it unsent. */
static void
test_waits_before_sending (ParlanceTestSession *f,
                           gconstpointer        data)
{
  g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (f->store);
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 left;

  g_assert_true (parlance_rate_budget_learn (budget, "openrouter", PARLANCE_BUDGET_GROUP_FREE,
                                             PARLANCE_BUDGET_WINDOW_MINUTE, 20, 0,
                                             g_get_real_time () + 30 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  parlance_test_settle (f->session, f->store);  /* what was learned is in the database */
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_chat_session_set_model (f->session, "test/model:free");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);
  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  left = parlance_message_get_retry_at (reply) - g_get_monotonic_time ();
  g_assert_cmpint (left, >, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (left, <=, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 0);

  parlance_chat_session_stop (f->session);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 0);
}

/* The documented default (20 a minute for OpenRouter's free models) is a limit the budget
 * knows: with the minute full of them, the reply waits until the oldest leaves it, unsent. */
static void
test_default_limit_waits (ParlanceTestSession *f,
                          gconstpointer        data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(ParlanceMessage) reply = NULL;
  gint64 left;

  parlance_test_record_requests (f->store, "openrouter", "x/model:free", now - 30 * G_USEC_PER_SEC, 20);
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_chat_session_set_model (f->session, "test/model:free");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);
  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  g_assert_cmpstr (parlance_message_get_status_text (reply), ==, "This minute's limit on OpenRouter is reached");
  left = parlance_message_get_retry_at (reply) - g_get_monotonic_time ();
  g_assert_cmpint (left, >, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (left, <=, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 0);

  parlance_chat_session_stop (f->session);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 0);
}

/* A model without a documented limit (a paid one) and no other figure: sent at once, however
 * many requests the minute holds. */
static void
test_unknown_limit_sends (ParlanceTestSession *f,
                          gconstpointer        data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(ParlanceMessage) reply = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(ParlanceRequestRecord) record =
        parlance_request_record_new (now - 30 * G_USEC_PER_SEC + i, "openrouter", "test/model",
                                     "openrouter");
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (parlance_store_add_request (f->store, record, &error), >, 0);
      g_assert_no_error (error);
    }
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_test_queue_text (f->server, "Sent.");
  parlance_test_send_and_wait (f, "Hello");
  reply = last_reply (f);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
}

/* A 429 for the minute that announces nothing (no Retry-After, no X-RateLimit-Reset): the budget
 * knows when the minute frees up (19 requests of the free models' documented 20 were sent from
 * 50 s ago, the refused one is the 20th), so the reply waits until then, not a backoff of a
 * second or two that would only be refused again. */
static void
test_waits_until_budget_allows (ParlanceTestSession *f,
                                gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;
  gint64 left;

  parlance_test_record_requests (f->store, "openrouter", "x/model:free",
                                 g_get_real_time () - 50 * G_USEC_PER_SEC, 19);
  parlance_test_queue_per_minute (f->server, NULL);
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_chat_session_set_model (f->session, "test/model:free");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);
  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
  left = parlance_message_get_retry_at (reply) - g_get_monotonic_time ();
  g_assert_cmpint (left, >, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (left, <=, 10 * G_USEC_PER_SEC);
  parlance_chat_session_stop (f->session);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
}

/* The user's own figure in Preferences (2 a minute) is one the app's budget carries: given
 * that budget, the session waits for the minute to free up before sending. */
static void
test_user_limit_waits (ParlanceTestSession *f,
                       gconstpointer        data)
{
  g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (f->store);
  g_autoptr(ParlanceMessage) reply = NULL;
  gint64 now = g_get_real_time ();
  gint64 left;

  parlance_test_record_requests (f->store, "openrouter", "x/model:free", now - 10 * G_USEC_PER_SEC, 2);
  parlance_rate_budget_set_override (budget, "openrouter", 2, -1, -1);
  parlance_chat_session_set_rate_budget (f->session, budget);
  parlance_chat_session_set_wait_on_limits (f->session, TRUE);
  parlance_chat_session_set_model (f->session, "test/model:free");
  parlance_test_send (f->session, "Hello");
  reply = last_reply (f);
  parlance_test_wait_for (waiting_to_resend (reply), PARLANCE_TEST_WAIT_MS);
  left = parlance_message_get_retry_at (reply) - g_get_monotonic_time ();
  g_assert_cmpint (left, >, 40 * G_USEC_PER_SEC);
  g_assert_cmpint (left, <=, 50 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 0);
  parlance_chat_session_stop (f->session);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/chat-session-wait/" path, ParlanceTestSession, NULL, \
                                    parlance_test_session_setup, func, parlance_test_session_teardown)
  ADD ("waits-then-sends", test_waits_then_sends);
  ADD ("wait-keeps-key-out", test_wait_keeps_key_out);
  ADD ("no-wait-fails", test_no_wait_fails);
  ADD ("cancel-wait", test_cancel_wait);
  ADD ("waits-before-sending", test_waits_before_sending);
  ADD ("default-limit-waits", test_default_limit_waits);
  ADD ("unknown-limit-sends", test_unknown_limit_sends);
  ADD ("user-limit-waits", test_user_limit_waits);
  ADD ("waits-until-budget-allows", test_waits_until_budget_allows);
#undef ADD

  return g_test_run ();
}
