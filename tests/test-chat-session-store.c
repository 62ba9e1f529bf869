/* test-chat-session-store.c — a chat session saves to the store and opens from it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test has a database of its own in a folder of its own, and a fake provider standing for
 * OpenRouter (parlance-test-session.c). What is on disk is read back with the store's
 * synchronous calls, as another process would see it.
 */

#include "config.h"

#include "parlance-test-session.h"
#include "parlance-test-utils.h"

#define WAIT_MS PARLANCE_TEST_WAIT_MS

/* The user's message is on disk while the reply is still being written, and the reply's text
 * reaches the disk in batches before it ends; stopped, it keeps that text as interrupted. */
static void
test_user_first_and_batches (ParlanceTestSession *f,
                             gconstpointer        data)
{
  const char *parts[] = { "The first half of a reply, ", "and the rest.", NULL };
  g_autofree char *body = parlance_test_sse_body (parts, NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(GPtrArray) messages = NULL;
  gsize stall_at = strstr (body, "and the rest") - body;
  ParlanceMessage *user, *reply;

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  /* The rest never comes: the stream stays open after the first part. */
  fake_response_set_stall_after (response, stall_at);
  fake_provider_queue (f->server, "POST", "/chat/completions", response);

  parlance_test_send (f->session, "Tell me a story");
  parlance_test_wait_for (parlance_test_stored_reply_is (f->store, parlance_test_conversation_id (f), "The first half of a reply, ",
                                           PARLANCE_MESSAGE_STREAMING), WAIT_MS);
  g_assert_true (parlance_chat_session_get_busy (f->session));

  messages = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  user = parlance_test_message_at (messages, 0);
  reply = parlance_test_message_at (messages, 1);
  g_assert_cmpint (parlance_message_get_role (user), ==, PARLANCE_ROLE_USER);
  g_assert_cmpstr (parlance_message_get_content (user), ==, "Tell me a story");
  g_assert_cmpint (parlance_message_get_status (user), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpint (parlance_message_get_parent_id (user), ==, 0);
  g_assert_cmpint (parlance_message_get_role (reply), ==, PARLANCE_ROLE_ASSISTANT);
  g_assert_cmpint (parlance_message_get_parent_id (reply), ==, parlance_message_get_id (user));
  g_assert_cmpint (parlance_message_get_id (reply), >, parlance_message_get_id (user));
  g_assert_cmpstr (parlance_message_get_provider_id (reply), ==, "openrouter");

  parlance_chat_session_stop (f->session);
  parlance_test_wait_for (parlance_test_stored_reply_is (f->store, parlance_test_conversation_id (f), "The first half of a reply, ",
                                           PARLANCE_MESSAGE_INTERRUPTED), WAIT_MS);
}

/* The end of the reply is written with who answered, why it ended, its usage and its exact
 * cost. */
static void
test_reply_usage_and_cost (ParlanceTestSession *f,
                           gconstpointer        data)
{
  const char *parts[] = { "Four", " is", " the answer.", NULL };
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  ParlanceMessage *reply;
  gint64 in, out, reasoning, cached;

  response = fake_response_ref (parlance_test_queue_sse (f->server, parts,
                                           "{\"prompt_tokens\":120,\"completion_tokens\":45,"
                                           "\"total_tokens\":165,\"cost\":0.000123456789,"
                                           "\"prompt_tokens_details\":{\"cached_tokens\":64},"
                                           "\"completion_tokens_details\":{\"reasoning_tokens\":7}}"));
  /* In pieces, with pauses: a first token that comes after the request. */
  fake_response_set_chunking (response, 200, 20);

  parlance_test_send_and_wait (f, "What is 2 + 2?");
  parlance_test_settle (f->session, f->store);

  messages = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  g_assert_cmpuint (messages->len, ==, 2);
  reply = parlance_test_message_at (messages, 1);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Four is the answer.");
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "test/answered-model");
  g_assert_cmpstr (parlance_message_get_provider_id (reply), ==, "openrouter");
  g_assert_cmpstr (parlance_message_get_finish_reason (reply), ==, "stop");
  g_assert_cmpstr (parlance_message_get_generation_id (reply), ==, "gen-store-test-0001");
  parlance_message_get_tokens (reply, &in, &out, &reasoning, &cached);
  g_assert_cmpint (in, ==, 120);
  g_assert_cmpint (out, ==, 45);
  g_assert_cmpint (reasoning, ==, 7);
  g_assert_cmpint (cached, ==, 64);
  g_assert_cmpint (parlance_message_get_cost_pico (reply), ==, G_GINT64_CONSTANT (123456789));
  g_assert_cmpint (parlance_message_get_first_token_time (reply), >, 0);
  g_assert_cmpint (parlance_message_get_duration (reply), >=,
                   parlance_message_get_first_token_time (reply));
  g_assert_null (parlance_message_get_status_text (reply));
}

/* A reply cut off by the network keeps its text, saved as an error with the reason. */
static void
test_failed_reply_kept (ParlanceTestSession *f,
                        gconstpointer        data)
{
  const char *parts[] = { "Half a thought", " that never ends", NULL };
  g_autofree char *body = parlance_test_sse_body (parts, NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(GPtrArray) messages = NULL;
  ParlanceMessage *reply;

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_close_after (response, strstr (body, " that never") - body);
  fake_provider_queue (f->server, "POST", "/chat/completions", response);

  parlance_test_send_and_wait (f, "Think");
  parlance_test_settle (f->session, f->store);

  messages = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  reply = parlance_test_message_at (messages, 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Half a thought");
  g_assert_nonnull (parlance_message_get_status_text (reply));
  g_assert_cmpstr (parlance_message_get_status_text (reply), !=, "");
}

/* Retry asks again for the same message: it is updated where it is, not added twice. */
static void
test_retry_updates (ParlanceTestSession *f,
                    gconstpointer        data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (502);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Upstream went away\",\"code\":502}}");
  fake_response_set_content_type (failure, "application/json");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);
  parlance_test_queue_text (f->server, "Second time lucky.");

  parlance_test_send_and_wait (f, "Try");
  parlance_test_settle (f->session, f->store);
  before = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  g_assert_cmpint (parlance_message_get_status (parlance_test_message_at (before, 1)), ==, PARLANCE_MESSAGE_ERROR);

  g_assert_true (parlance_chat_session_retry (f->session, &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
  parlance_test_settle (f->session, f->store);

  after = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (parlance_message_get_id (parlance_test_message_at (after, 1)), ==,
                   parlance_message_get_id (parlance_test_message_at (before, 1)));
  g_assert_cmpint (parlance_message_get_status (parlance_test_message_at (after, 1)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (parlance_test_message_at (after, 1)), ==, "Second time lucky.");
  g_assert_null (parlance_message_get_status_text (parlance_test_message_at (after, 1)));
  /* The retried request did not carry the failed reply. */
  parlance_test_assert_history (f->server, 1, "user: Try\n");
}

/* Retried the moment it failed, while the store still writes the failed reply: the retried
 * reply is followed to its end all the same. */
static void
test_retry_at_once (ParlanceTestSession *f,
                    gconstpointer        data)
{
  const char *parts[] = { "Half", " and the rest", NULL };
  const char *whole[] = { "Whole", ", at", " last.", NULL };
  g_autofree char *body = parlance_test_sse_body (parts, NULL);
  g_autoptr(FakeResponse) cut = fake_response_new (200);
  g_autoptr(GError) error = NULL;

  fake_response_set_body_string (cut, body);
  fake_response_set_content_type (cut, "text/event-stream");
  /* Slow enough that the store follows it before it breaks. */
  fake_response_set_chunking (cut, 32, 20);
  fake_response_set_close_after (cut, strstr (body, " and the rest") - body);
  fake_provider_queue (f->server, "POST", "/chat/completions", cut);
  /* The retried one still streams when the store is done with the failed one's end. */
  fake_response_set_chunking (parlance_test_queue_sse (f->server, whole, NULL), 64, 40);

  parlance_test_send_and_wait (f, "Try");
  g_assert_true (parlance_chat_session_retry (f->session, &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
  parlance_test_settle (f->session, f->store);

  /* (The flush can come back before the last write of a follow that was writing then.) */
  parlance_test_wait_for (parlance_test_stored_reply_is (f->store, parlance_test_conversation_id (f),
                                                         "Whole, at last.", PARLANCE_MESSAGE_COMPLETE),
                          WAIT_MS);
}

static void
opened (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_open_finish (PARLANCE_CHAT_SESSION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* Another session on the same store opens the conversation: the same messages, at once, and
 * it goes on from there with the history and under the right parent. */
static void
test_reopen (ParlanceTestSession *f,
             gconstpointer        data)
{
  g_autoptr(ParlanceChatSession) other = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  GListModel *messages;
  gint64 id;
  guint changes = 0;
  gboolean done = FALSE;

  parlance_test_queue_text (f->server, "Paris.");
  parlance_test_queue_text (f->server, "About two million.");
  parlance_test_queue_text (f->server, "Draft reply.");
  parlance_test_queue_text (f->server, "Since 508.");
  parlance_test_send_and_wait (f, "Capital of France?");
  parlance_test_send_and_wait (f, "How many people live there?");
  parlance_test_settle (f->session, f->store);
  id = parlance_test_conversation_id (f);

  other = parlance_chat_session_new (f->provider, "another/model");
  parlance_chat_session_set_key_store (other, f->key_store);
  parlance_chat_session_set_store (other, f->store);
  parlance_test_send (other, "Unrelated draft");   /* replaced by the conversation opened */
  parlance_test_wait_for (!parlance_chat_session_get_busy (other), WAIT_MS);
  messages = parlance_chat_session_get_messages (other);
  g_signal_connect (messages, "items-changed", G_CALLBACK (count_changes), &changes);

  parlance_chat_session_open_async (other, id, NULL, opened, &done);
  parlance_test_wait_for (done, WAIT_MS);
  g_signal_handlers_disconnect_by_func (messages, count_changes, &changes);

  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (other)), ==, id);
  g_assert_cmpstr (parlance_chat_session_get_model (other), ==, "test/model");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(ParlanceMessage) a = g_list_model_get_item (G_LIST_MODEL (parlance_chat_session_get_messages (f->session)), i);
      g_autoptr(ParlanceMessage) b = g_list_model_get_item (messages, i);

      g_assert_cmpint (parlance_message_get_id (a), ==, parlance_message_get_id (b));
      g_assert_cmpint (parlance_message_get_parent_id (a), ==, parlance_message_get_parent_id (b));
      g_assert_cmpint (parlance_message_get_role (a), ==, parlance_message_get_role (b));
      g_assert_cmpstr (parlance_message_get_content (a), ==, parlance_message_get_content (b));
      g_assert_cmpint (parlance_message_get_status (a), ==, parlance_message_get_status (b));
    }

  /* Going on from the opened conversation: its history is sent, the new messages hang under
   * its tip. */
  parlance_test_send (other, "Since when?");
  parlance_test_wait_for (!parlance_chat_session_get_busy (other), WAIT_MS);
  parlance_test_settle (other, f->store);
  parlance_test_assert_history (f->server, 3,
                                "user: Capital of France?\n"
                                "assistant: Paris.\n"
                                "user: How many people live there?\n"
                                "assistant: About two million.\n"
                                "user: Since when?\n");
  stored = parlance_test_stored_branch (f->store, id);
  g_assert_cmpuint (stored->len, ==, 6);
  g_assert_cmpstr (parlance_message_get_content (parlance_test_message_at (stored, 5)), ==, "Since 508.");
  g_assert_cmpint (parlance_message_get_parent_id (parlance_test_message_at (stored, 4)), ==,
                   parlance_message_get_id (parlance_test_message_at (stored, 3)));
  g_assert_finalize_object (g_steal_pointer (&other));
}






/* The title is the first message, shortened, at once; changing the model saves it. */
static void
test_title_and_model_saved (ParlanceTestSession *f,
                            gconstpointer        data)
{
  const char *text = "  How do I   keep a sourdough starter alive while I am away for two weeks?\nDetails follow.";
  g_autofree char *expected = parlance_conversation_title_from_text (text);
  g_autoptr(ParlanceConversation) stored = NULL;
  g_autoptr(ParlanceConversation) changed = NULL;

  parlance_test_queue_text (f->server, "Feed it.");
  parlance_test_send_and_wait (f, text);
  parlance_test_settle (f->session, f->store);

  stored = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, expected);
  g_assert_cmpstr (parlance_conversation_get_model (stored), ==, "test/model");
  g_assert_cmpstr (parlance_conversation_get_provider_id (stored), ==, "openrouter");
  g_assert_cmpint (parlance_conversation_get_tip_id (stored), !=, 0);

  parlance_chat_session_set_model (f->session, "other/model");
  parlance_test_settle (f->session, f->store);
  changed = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_model (changed), ==, "other/model");
  g_assert_cmpint (parlance_conversation_get_tip_id (changed), ==, parlance_conversation_get_tip_id (stored));

  /* And the provider. */
  {
    g_autoptr(ParlanceProvider) custom = parlance_provider_new_custom ("local", "Local",
                                                                       "http://127.0.0.1:9/v1");
    g_autoptr(ParlanceConversation) moved = NULL;

    parlance_chat_session_set_provider (f->session, custom);
    parlance_test_settle (f->session, f->store);
    moved = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
    g_assert_cmpstr (parlance_conversation_get_provider_id (moved), ==, "local");
    parlance_chat_session_set_provider (f->session, f->provider);
  }
}

/* What is changed on the conversation shown (a rename, a pin, its settings) is saved by the
 * session in turn with its messages: a rename made while a message is being added does not
 * carry the old tip over it. */
static void
test_changes_saved_in_order (ParlanceTestSession *f,
                             gconstpointer        data)
{
  ParlanceConversation *conversation = parlance_chat_session_get_conversation (f->session);
  g_autoptr(ParlanceConversation) stored = NULL;
  g_autoptr(GPtrArray) branch = NULL;
  double temperature = 0;

  parlance_test_queue_text (f->server, "One.");
  parlance_test_queue_text (f->server, "Two.");
  parlance_test_send_and_wait (f, "First");
  parlance_test_settle (f->session, f->store);

  parlance_test_send (f->session, "Second");
  parlance_conversation_set_title (conversation, "Renamed");
  parlance_conversation_set_pinned (conversation, TRUE);
  parlance_conversation_set_temperature (conversation, TRUE, 0.75);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
  parlance_test_settle (f->session, f->store);

  stored = parlance_test_stored_conversation (f->store, parlance_test_conversation_id (f));
  branch = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  g_assert_cmpuint (branch->len, ==, 4);
  g_assert_cmpint (parlance_conversation_get_tip_id (stored), ==,
                   parlance_message_get_id (parlance_test_message_at (branch, 3)));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Renamed");
  g_assert_true (parlance_conversation_get_pinned (stored));
  g_assert_true (parlance_conversation_get_temperature (stored, &temperature));
  g_assert_cmpfloat_with_epsilon (temperature, 0.75, 1e-9);
}




/* A new conversation starts empty and unsaved, from the draft's settings. */
static void
test_new_conversation (ParlanceTestSession *f,
                       gconstpointer        data)
{
  g_autoptr(ParlanceConversation) draft = parlance_conversation_new ();
  g_autoptr(GPtrArray) first = NULL;
  ParlanceConversation *conversation;
  gint64 first_id;

  parlance_test_queue_text (f->server, "One.");
  parlance_test_queue_text (f->server, "Two.");
  parlance_test_send_and_wait (f, "First chat");
  parlance_test_settle (f->session, f->store);
  first_id = parlance_test_conversation_id (f);

  parlance_conversation_set_model (draft, "draft/model");
  parlance_conversation_set_system_prompt (draft, "Be brief.");
  parlance_chat_session_new_conversation (f->session, draft);
  conversation = parlance_chat_session_get_conversation (f->session);
  g_assert_true (conversation != draft);
  g_assert_cmpint (parlance_conversation_get_id (conversation), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (f->session)), ==, 0);
  g_assert_cmpstr (parlance_chat_session_get_model (f->session), ==, "draft/model");

  parlance_test_send_and_wait (f, "Second chat");
  parlance_test_settle (f->session, f->store);
  g_assert_cmpint (parlance_test_conversation_id (f), !=, first_id);
  parlance_test_assert_history (f->server, 1, "system: Be brief.\nuser: Second chat\n");
  first = parlance_test_stored_branch (f->store, first_id);
  g_assert_cmpuint (first->len, ==, 2);
}

/* The conversation is deleted (by the sidebar, another process) while it is open: the session
 * goes on in memory and does not retry writes that can never succeed. */
static void
test_deleted_meanwhile (ParlanceTestSession *f,
                        gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceConversation) gone = NULL;
  g_autoptr(ParlanceMessage) last = NULL;
  GListModel *messages = parlance_chat_session_get_messages (f->session);
  gint64 id;

  parlance_test_queue_text (f->server, "One.");
  parlance_test_queue_text (f->server, "Two.");
  parlance_test_send_and_wait (f, "First");
  parlance_test_settle (f->session, f->store);
  id = parlance_test_conversation_id (f);
  g_assert_true (parlance_store_delete_conversation (f->store, id, &error));
  g_assert_no_error (error);

  parlance_test_send_and_wait (f, "Second");
  parlance_test_settle (f->session, f->store);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  last = g_list_model_get_item (messages, 3);
  g_assert_cmpstr (parlance_message_get_content (last), ==, "Two.");
  gone = parlance_store_get_conversation (f->store, id, &error);
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/chat-session-store/" path, ParlanceTestSession, NULL, \
                                    parlance_test_session_setup, func, parlance_test_session_teardown)
  ADD ("user-first-and-batches", test_user_first_and_batches);
  ADD ("reply-usage-and-cost", test_reply_usage_and_cost);
  ADD ("failed-reply-kept", test_failed_reply_kept);
  ADD ("retry-updates", test_retry_updates);
  ADD ("retry-at-once", test_retry_at_once);
  ADD ("reopen", test_reopen);
  ADD ("title-and-model-saved", test_title_and_model_saved);
  ADD ("changes-saved-in-order", test_changes_saved_in_order);
  ADD ("new-conversation", test_new_conversation);
  ADD ("deleted-meanwhile", test_deleted_meanwhile);
#undef ADD

  return g_test_run ();
}
