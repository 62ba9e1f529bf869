/* test-chat-session-requests.c — what a chat session sends: each conversation's settings (only
 * those set), its history, and the title it may ask for.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The requests are read as the fake provider received them (parlance-test-session.c).
 */

#include "config.h"

#include "fake-limits.h"
#include "parlance-chat-session-private.h"   /* _parlance_chat_session_sanitize_title () */
#include "parlance-send-estimate.h"
#include "parlance-test-session.h"
#include "parlance-test-utils.h"

#define WAIT_MS PARLANCE_TEST_WAIT_MS

/* Nothing unset is sent; what is set is, the system prompt first. */
static void
test_settings_unset (ParlanceTestSession *f,
                     gconstpointer        data)
{
  g_autoptr(JsonObject) body = NULL;
  static const char *never[] = { "temperature", "top_p", "max_tokens", "reasoning",
                                 "reasoning_effort" };

  parlance_test_queue_text (f->server, "Fine.");
  parlance_test_send_and_wait (f, "Hello");
  body = parlance_test_request_body (f->server, 0);
  for (guint i = 0; i < G_N_ELEMENTS (never); i++)
    g_assert_false (json_object_has_member (body, never[i]));
  parlance_test_assert_history (f->server, 0, "user: Hello\n");
}

static void
set_all (ParlanceConversation *conversation,
         const char           *effort)
{
  parlance_conversation_set_system_prompt (conversation, "Answer like a pirate.");
  parlance_conversation_set_temperature (conversation, TRUE, 0.25);
  parlance_conversation_set_top_p (conversation, TRUE, 0.5);
  parlance_conversation_set_max_tokens (conversation, TRUE, 256);
  parlance_conversation_set_reasoning_effort (conversation, effort);
}

static void
test_settings_openrouter (ParlanceTestSession *f,
                          gconstpointer        data)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *reasoning;

  set_all (parlance_chat_session_get_conversation (f->session), "high");
  parlance_test_queue_text (f->server, "Arr.");
  parlance_test_send_and_wait (f, "Hello");

  body = parlance_test_request_body (f->server, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "top_p"), 0.5, 1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 256);
  reasoning = json_object_get_object_member (body, "reasoning");
  g_assert_nonnull (reasoning);
  g_assert_cmpstr (json_object_get_string_member (reasoning, "effort"), ==, "high");
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
  parlance_test_assert_history (f->server, 0,
                                "system: Answer like a pirate.\nuser: Hello\n");
}

/* Other OpenAI-compatible servers spell reasoning effort `reasoning_effort`. */
static void
test_settings_openai_style (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new ();
  g_autoptr(ParlanceProvider) ollama = parlance_provider_new_builtin ("ollama");
  g_autoptr(ParlanceChatSession) session = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_provider_set_base_url (ollama, fake_provider_get_base_url (server), &error));
  g_assert_no_error (error);
  session = parlance_chat_session_new (ollama, "llama3.2");
  set_all (parlance_chat_session_get_conversation (session), "low");
  parlance_conversation_set_temperature (parlance_chat_session_get_conversation (session), FALSE, 0);
  parlance_test_queue_text (server, "Hi.");
  parlance_test_send (session, "Hello");
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), WAIT_MS);

  body = parlance_test_request_body (server, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "low");
  g_assert_false (json_object_has_member (body, "reasoning"));
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_true (json_object_has_member (body, "top_p"));
  /* Without a store nothing is saved, and nothing waits to be. */
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (session)), ==, 0);
  g_assert_false (parlance_test_saving (session));
}

/* The next request carries the shown branch; a reply that failed before saying anything is
 * left out. */
static void
test_history (ParlanceTestSession *f,
              gconstpointer        data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (500);

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Oops\",\"code\":500}}");
  fake_response_set_content_type (failure, "application/json");
  parlance_test_queue_text (f->server, "One.");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);
  parlance_test_queue_text (f->server, "Three.");

  parlance_test_send_and_wait (f, "First");
  parlance_test_send_and_wait (f, "Second");
  parlance_test_send_and_wait (f, "Third");
  parlance_test_assert_history (f->server, 2,
                                "user: First\nassistant: One.\nuser: Second\nuser: Third\n");
}

/* With generate-titles on, the model names the conversation after its first reply: the request
 * goes to the provider the reply went to, with its key, even after the session moved to
 * another; the answer is cleaned. */
static void
test_title_generated (ParlanceTestSession *f,
                      gconstpointer        data)
{
  g_autoptr(FakeProvider) elsewhere = fake_provider_new ();
  g_autoptr(ParlanceProvider) custom = parlance_provider_new_custom ("local", "Local",
                                                                     fake_provider_get_base_url (elsewhere));
  g_autoptr(ParlanceConversation) stored = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *expected_key = g_strconcat ("Bearer ", PARLANCE_TEST_OPENROUTER_KEY, NULL);

  g_object_set (f->session, "generate-titles", TRUE, NULL);
  parlance_test_queue_text (f->server, "Borrowing lets you use a value without owning it.");
  parlance_test_queue_text (f->server, "**\"Rust\u202e Borrow\tChecker\"**\nSecond line");

  parlance_test_send_and_wait (f, "Explain the borrow checker");
  /* Moved elsewhere before the title's key was even looked up. */
  parlance_chat_session_set_provider (f->session, custom);
  parlance_test_settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 2);
  g_assert_cmpuint (fake_provider_get_n_requests (elsewhere), ==, 0);
  request = fake_provider_dup_request (f->server, 1);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, expected_key);
  prompt = parlance_test_request_history (f->server, 1);
  g_assert_nonnull (strstr (prompt, "Explain the borrow checker"));

  stored = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Rust Borrow Checker");
  g_assert_cmpstr (parlance_conversation_get_title (parlance_chat_session_get_conversation (f->session)),
                   ==, "Rust Borrow Checker");
}

/* Off (the default): no second request, the first message's title stays. */
static void
test_title_not_generated (ParlanceTestSession *f,
                          gconstpointer        data)
{
  g_autoptr(ParlanceConversation) stored = NULL;
  gboolean generate = TRUE;

  g_object_get (f->session, "generate-titles", &generate, NULL);
  g_assert_false (generate);
  parlance_test_queue_text (f->server, "Sure.");
  parlance_test_queue_text (f->server, "A Title Nobody Asked For");
  parlance_test_send_and_wait (f, "Say something");
  parlance_test_settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
  stored = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Say something");
}

/* A title that fails to come leaves the first message's, quietly. */
static void
test_title_failure_quiet (ParlanceTestSession *f,
                          gconstpointer        data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (429);
  g_autoptr(ParlanceConversation) stored = NULL;

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Rate limited\",\"code\":429}}");
  fake_response_set_content_type (failure, "application/json");
  g_object_set (f->session, "generate-titles", TRUE, NULL);
  parlance_test_queue_text (f->server, "Sure.");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);

  parlance_test_send_and_wait (f, "Say something");
  parlance_test_settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 2);
  stored = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Say something");
}

/* A per-minute limit counts down to its retry; a daily quota says when it resets instead of
 * counting down hours. */
static void
test_limits_told (ParlanceTestSession *f,
                  gconstpointer        data)
{
  g_autoptr(FakeResponse) per_minute = fake_limits_response_new ("per-minute", g_get_real_time () / 1000);
  g_autoptr(FakeResponse) per_day = fake_limits_response_new ("per-day", g_get_real_time () / 1000);
  GListModel *messages = parlance_chat_session_get_messages (f->session);
  g_autoptr(ParlanceMessage) reply = NULL;

  fake_provider_queue (f->server, "POST", "/chat/completions", per_minute);
  parlance_test_send_and_wait (f, "Hello");
  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_true (g_str_has_prefix (parlance_message_get_status_text (reply), "Rate limited: try again in "));
  g_assert_cmpint (parlance_message_get_retry_at (reply), >, 0);
  g_clear_object (&reply);
  parlance_test_settle (f->session, f->store);

  fake_provider_queue (f->server, "POST", "/chat/completions", per_day);
  parlance_test_send_and_wait (f, "Hello again");
  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_nonnull (strstr (parlance_message_get_status_text (reply), "daily quota of OpenRouter is used up; it resets at "));
  g_assert_cmpint (parlance_message_get_retry_at (reply), ==, 0);
  parlance_test_settle (f->session, f->store);
}

static void
test_sanitize_title (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Rust Borrow Checker", "Rust Borrow Checker" },
    { "\"Quoted Title\"", "Quoted Title" },
    { "“Curly Quotes”.", "Curly Quotes" },
    { "Title: **Bold Title**", "Bold Title" },
    { "# Heading Title", "Heading Title" },
    { "\n\n  First Real Line  \nSecond", "First Real Line" },
    { "Bidi\u202eTrick\u200b Here", "Bidi Trick Here" },
    { "Tab\tand\x1b[31mescape", "Tab and [31mescape" },
    { "A very long title that goes on and on well past sixty characters for sure", NULL },
    { "", NULL },
    { "\"\"", NULL },
    { "   \n  ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = _parlance_chat_session_sanitize_title (cases[i].in);

      if (i == 8)
        {
          g_assert_nonnull (title);
          g_assert_cmpuint (g_utf8_strlen (title, -1), <=, 60);
          g_assert_true (g_str_has_suffix (title, "…"));
          continue;
        }
      g_assert_cmpstr (title, ==, cases[i].out);
    }
}

/* What the composer estimates before sending is what the request will count: the system prompt,
 * the shown branch and the new message, each as parlance_estimate_message_tokens () counts it. */
static void
test_estimate_matches_request (ParlanceTestSession *f,
                               gconstpointer        data)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("any/model");
  JsonArray *messages;
  gint64 before;
  gint64 again;

  parlance_conversation_set_system_prompt (parlance_chat_session_get_conversation (f->session),
                                           "Answer like a pirate.");
  parlance_test_queue_text (f->server, "Arr, 日本語 👋 and more.");
  parlance_test_send_and_wait (f, "Hello there");
  before = parlance_chat_session_estimate_history_tokens (f->session) +
           parlance_estimate_message_tokens ("Second question, with émoji 🎉");
  /* Counted again from the counts kept on the messages: the same. */
  again = parlance_chat_session_estimate_history_tokens (f->session) +
          parlance_estimate_message_tokens ("Second question, with émoji 🎉");
  g_assert_cmpint (again, ==, before);

  parlance_test_queue_text (f->server, "Fine.");
  parlance_test_send_and_wait (f, "Second question, with émoji 🎉");
  body = parlance_test_request_body (f->server, fake_provider_get_n_requests (f->server) - 1);
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      parlance_chat_request_add_message (request, json_object_get_string_member (message, "role"),
                                         json_object_get_string_member (message, "content"));
    }
  g_assert_cmpint (parlance_chat_request_estimate_prompt_tokens (request), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/chat-session-requests/" path, ParlanceTestSession, NULL, \
                                    parlance_test_session_setup, func, parlance_test_session_teardown)
  ADD ("settings-unset", test_settings_unset);
  ADD ("settings-openrouter", test_settings_openrouter);
  g_test_add_func ("/parlance/chat-session-requests/settings-openai-style", test_settings_openai_style);
  ADD ("history", test_history);
  ADD ("title-generated", test_title_generated);
  ADD ("title-not-generated", test_title_not_generated);
  ADD ("title-failure-quiet", test_title_failure_quiet);
  ADD ("limits-told", test_limits_told);
  ADD ("estimate-matches-request", test_estimate_matches_request);
  g_test_add_func ("/parlance/chat-session-requests/sanitize-title", test_sanitize_title);
#undef ADD

  return g_test_run ();
}
