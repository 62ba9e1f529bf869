/* test-chat-session-versions.c — message actions and versions: regenerate, edit & resend,
 * switch, delete, continue; with a store (saved, reloaded, exported, searched) and without.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test runs twice: with the session saving to a database of its own, and with no store
 * (the session keeps the tree itself). The fake provider stands for OpenRouter.
 */

#include "config.h"

#include <string.h>

#include "parlance-export.h"
#include "parlance-test-session.h"
#include "parlance-test-utils.h"

#define WAIT_MS PARLANCE_TEST_WAIT_MS

static gconstpointer WITH_STORE = GINT_TO_POINTER (1);
static gconstpointer IN_MEMORY = GINT_TO_POINTER (2);

static void
setup (ParlanceTestSession *f,
       gconstpointer        data)
{
  parlance_test_session_setup (f, data);
  if (data == IN_MEMORY)
    parlance_chat_session_set_store (f->session, NULL);
}

static GListModel *
shown (ParlanceTestSession *f)
{
  return parlance_chat_session_get_messages (f->session);
}

static ParlanceMessage *
shown_at (ParlanceTestSession *f,
          guint                i)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (shown (f), i);

  g_assert_nonnull (message);
  return message;   /* the list holds it */
}

/* The shown branch's text, one message a line. */
static char *
shown_text (ParlanceTestSession *f)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (shown (f)); i++)
    g_string_append_printf (text, "%s\n", parlance_message_get_content (shown_at (f, i)));
  return g_string_free (text, FALSE);
}

#define assert_shown(f, expected) \
  G_STMT_START { \
    g_autofree char *_text = shown_text (f); \
    g_assert_cmpstr (_text, ==, (expected)); \
  } G_STMT_END

static void
assert_versions (ParlanceMessage *message,
                 guint            index,
                 guint            count)
{
  g_assert_cmpuint (parlance_message_get_sibling_index (message), ==, index);
  g_assert_cmpuint (parlance_message_get_n_siblings (message), ==, count);
}

static void
wait_idle (ParlanceTestSession *f)
{
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
}

static void
regenerate (ParlanceTestSession *f,
            guint                i,
            const char          *model)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_regenerate (f->session, shown_at (f, i), model, &error));
  g_assert_no_error (error);
  wait_idle (f);
}

static void
switched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!parlance_chat_session_switch_version_finish (PARLANCE_CHAT_SESSION (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, 0, "ok");   /* marks it done */
}

/* Switches message @i by @delta; returns the error, NULL when it worked. */
static GError *
switch_version (ParlanceTestSession *f,
                guint                i,
                int                  delta)
{
  GError *error = NULL;

  parlance_chat_session_switch_version_async (f->session, shown_at (f, i), delta, NULL,
                                              switched, &error);
  parlance_test_wait_for (error != NULL, WAIT_MS);
  if (error->domain == G_IO_ERROR && error->code == 0)
    g_clear_error (&error);
  return error;
}

static void
switch_ok (ParlanceTestSession *f,
           guint                i,
           int                  delta)
{
  g_autoptr(GError) error = switch_version (f, i, delta);

  g_assert_no_error (error);
}

typedef struct
{
  guint position, removed, added, count;
} Changes;

static void
items_changed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->count++;
}

/* A reopened copy of what is on disk: a new store object on the same file. */
static GPtrArray *
reload_branch (ParlanceTestSession *f)
{
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *branch;

  parlance_test_settle (f->session, f->store);
  store = parlance_store_open (parlance_store_get_path (f->store), &error);
  g_assert_no_error (error);
  branch = parlance_store_load_branch (store, parlance_test_conversation_id (f), &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
  return branch;
}

/* Regenerated twice: three versions, the newest shown; switching goes back and forth and stops
 * at the ends; the list changes from the reply down only; the choice is saved. */
static void
test_regenerate_twice (ParlanceTestSession *f,
                       gconstpointer        data)
{
  Changes changes = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;

  parlance_test_queue_text (f->server, "First answer.");
  parlance_test_queue_text (f->server, "Second answer.");
  parlance_test_queue_text (f->server, "Third answer.");
  parlance_test_send_and_wait (f, "Name a colour.");
  g_signal_connect (shown (f), "items-changed", G_CALLBACK (items_changed), &changes);
  regenerate (f, 1, NULL);
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  regenerate (f, 1, "other/model");
  assert_shown (f, "Name a colour.\nThird answer.\n");
  assert_versions (shown_at (f, 1), 2, 3);
  assert_versions (shown_at (f, 0), 0, 1);
  /* The same question each time; the reply records the model that answered. */
  parlance_test_assert_history (f->server, 1, "user: Name a colour.\n");
  parlance_test_assert_history (f->server, 2, "user: Name a colour.\n");
  body = parlance_test_request_body (f->server, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "other/model");
  g_assert_cmpstr (parlance_chat_session_get_model (f->session), ==, "test/model");
  g_assert_cmpstr (parlance_message_get_model (shown_at (f, 1)), ==, "test/answered-model");

  switch_ok (f, 1, -1);
  assert_shown (f, "Name a colour.\nSecond answer.\n");
  assert_versions (shown_at (f, 1), 1, 3);
  switch_ok (f, 1, -1);
  assert_shown (f, "Name a colour.\nFirst answer.\n");
  assert_versions (shown_at (f, 1), 0, 3);
  g_assert_cmpuint (changes.position, ==, 1);
  error = switch_version (f, 1, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  assert_shown (f, "Name a colour.\nFirst answer.\n");
  switch_ok (f, 1, +1);
  assert_shown (f, "Name a colour.\nSecond answer.\n");
  g_signal_handlers_disconnect_by_func (shown (f), items_changed, &changes);

  if (data == WITH_STORE)
    {
      g_autoptr(GPtrArray) branch = reload_branch (f);

      g_assert_cmpuint (branch->len, ==, 2);
      g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (branch, 1)), ==, "Second answer.");
      assert_versions (g_ptr_array_index (branch, 1), 1, 3);
    }
}

/* Switching a version high up shows the conversation that went on under it. */
static void
test_branch_follows (ParlanceTestSession *f,
                     gconstpointer        data)
{
  Changes changes = { 0 };

  parlance_test_queue_text (f->server, "A1");
  parlance_test_queue_text (f->server, "A2");
  parlance_test_queue_text (f->server, "A1 again");
  parlance_test_send_and_wait (f, "Q1");
  parlance_test_send_and_wait (f, "Q2");
  regenerate (f, 1, NULL);
  assert_shown (f, "Q1\nA1 again\n");

  g_signal_connect (shown (f), "items-changed", G_CALLBACK (items_changed), &changes);
  switch_ok (f, 1, -1);
  assert_shown (f, "Q1\nA1\nQ2\nA2\n");
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  assert_versions (shown_at (f, 1), 0, 2);
  assert_versions (shown_at (f, 3), 0, 1);
  switch_ok (f, 1, +1);
  assert_shown (f, "Q1\nA1 again\n");
  g_signal_handlers_disconnect_by_func (shown (f), items_changed, &changes);

  if (data == WITH_STORE)
    {
      g_autoptr(GPtrArray) branch = NULL;

      switch_ok (f, 1, -1);
      branch = reload_branch (f);
      g_assert_cmpuint (branch->len, ==, 4);
      g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (branch, 3)), ==, "A2");
      g_assert_cmpint (parlance_conversation_get_message_count (parlance_chat_session_get_conversation (f->session)), ==, 4);
    }
}

/* Edit & Resend: the new text is a sibling of the question, a new reply follows; the old
 * question and its reply stay a version away. */
static void
test_edit_and_resend (ParlanceTestSession *f,
                      gconstpointer        data)
{
  g_autoptr(GError) error = NULL;

  parlance_test_queue_text (f->server, "Hi.");
  parlance_test_queue_text (f->server, "Paris.");
  parlance_test_queue_text (f->server, "Rome.");
  parlance_test_send_and_wait (f, "Hello");
  parlance_test_send_and_wait (f, "Capital of France?");
  g_assert_false (parlance_chat_session_edit_and_resend (f->session, shown_at (f, 3), "x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (parlance_chat_session_edit_and_resend (f->session, shown_at (f, 2),
                                                        "  Capital of Italy?  ", &error));
  g_assert_no_error (error);
  /* No second action while the reply streams. */
  g_assert_false (parlance_chat_session_regenerate (f->session, shown_at (f, 1), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  wait_idle (f);
  assert_shown (f, "Hello\nHi.\nCapital of Italy?\nRome.\n");
  assert_versions (shown_at (f, 2), 1, 2);
  assert_versions (shown_at (f, 3), 0, 1);
  parlance_test_assert_history (f->server, 2, "user: Hello\nassistant: Hi.\nuser: Capital of Italy?\n");
  switch_ok (f, 2, -1);
  assert_shown (f, "Hello\nHi.\nCapital of France?\nParis.\n");

  if (data == WITH_STORE)
    {
      g_autoptr(GPtrArray) branch = reload_branch (f);

      g_assert_cmpuint (branch->len, ==, 4);
      g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (branch, 2)), ==, "Capital of France?");
      assert_versions (g_ptr_array_index (branch, 2), 0, 2);
    }
}

/* Deleting a message keeps the rest of the branch; deleting the last shows where its parent's
 * other version went. */
static void
test_delete_keeps_rest (ParlanceTestSession *f,
                        gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  Changes changes = { 0 };

  parlance_test_queue_text (f->server, "A1");
  parlance_test_queue_text (f->server, "A2");
  parlance_test_queue_text (f->server, "A2 again");
  parlance_test_send_and_wait (f, "Q1");
  parlance_test_send_and_wait (f, "Q2");
  regenerate (f, 3, NULL);

  g_signal_connect (shown (f), "items-changed", G_CALLBACK (items_changed), &changes);
  g_assert_true (parlance_chat_session_delete_message (f->session, shown_at (f, 1), &error));
  g_assert_no_error (error);
  assert_shown (f, "Q1\nQ2\nA2 again\n");
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  if (data == WITH_STORE)
    parlance_test_settle (f->session, f->store);
  assert_shown (f, "Q1\nQ2\nA2 again\n");
  assert_versions (shown_at (f, 2), 1, 2);

  /* The last one: its sibling shows in its place. */
  g_assert_true (parlance_chat_session_delete_message (f->session, shown_at (f, 2), &error));
  g_assert_no_error (error);
  if (data == WITH_STORE)
    parlance_test_wait_for (g_list_model_get_n_items (shown (f)) == 3, WAIT_MS);
  assert_shown (f, "Q1\nQ2\nA2\n");
  assert_versions (shown_at (f, 2), 0, 1);
  g_signal_handlers_disconnect_by_func (shown (f), items_changed, &changes);

  if (data == WITH_STORE)
    {
      g_autoptr(GPtrArray) branch = reload_branch (f);
      g_autoptr(GPtrArray) all = parlance_store_load_all_messages (f->store, parlance_test_conversation_id (f), &error);
      g_autoptr(GPtrArray) found = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (branch->len, ==, 3);
      g_assert_cmpuint (all->len, ==, 3);
      g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (branch, 2)), ==, "A2");
      g_assert_cmpint (parlance_message_get_parent_id (g_ptr_array_index (branch, 1)), ==,
                       parlance_message_get_id (g_ptr_array_index (branch, 0)));
      /* The search index forgot the deleted text. */
      found = parlance_store_search (f->store, "again", 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 0);
    }
}

static void
queue_length_cut_usage (FakeProvider *server,
                        const char   *text,
                        const char   *usage)
{
  const char *parts[] = { text, NULL };
  g_autofree char *body = parlance_test_sse_body (parts, usage);
  g_autoptr(GString) cut = g_string_new (body);
  FakeResponse *response = fake_response_new (200);

  g_string_replace (cut, "\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"", 0);
  fake_response_set_body_string (response, cut->str);
  fake_response_set_content_type (response, "text/event-stream");
  fake_provider_queue (server, "POST", "/chat/completions", response);
  fake_response_unref (response);
}

static void
queue_length_cut (FakeProvider *server,
                  const char   *text)
{
  queue_length_cut_usage (server, text, NULL);
}

/* Continue: a length-cut reply is sent back last, and what comes is appended to it. */
static void
test_continue_appends (ParlanceTestSession *f,
                       gconstpointer        data)
{
  g_autoptr(GError) error = NULL;

  parlance_test_queue_text (f->server, "Done.");
  queue_length_cut (f->server, "Once upon a time");
  parlance_test_queue_text (f->server, ", there was a test.");
  parlance_test_send_and_wait (f, "Hello");
  g_assert_false (parlance_chat_session_can_continue (f->session, shown_at (f, 1)));
  g_assert_false (parlance_chat_session_continue (f->session, shown_at (f, 1), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  parlance_test_send_and_wait (f, "Tell me a story");
  g_assert_cmpstr (parlance_message_get_finish_reason (shown_at (f, 3)), ==, "length");
  g_assert_true (parlance_chat_session_can_continue (f->session, shown_at (f, 3)));
  /* Not an earlier reply. */
  g_assert_false (parlance_chat_session_can_continue (f->session, shown_at (f, 1)));

  g_assert_true (parlance_chat_session_continue (f->session, shown_at (f, 3), &error));
  g_assert_no_error (error);
  wait_idle (f);
  assert_shown (f, "Hello\nDone.\nTell me a story\nOnce upon a time, there was a test.\n");
  g_assert_cmpint (parlance_message_get_status (shown_at (f, 3)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_false (parlance_chat_session_can_continue (f->session, shown_at (f, 3)));
  parlance_test_assert_history (f->server, 2,
                                "user: Hello\nassistant: Done.\nuser: Tell me a story\n"
                                "assistant: Once upon a time\n");

  if (data == WITH_STORE)
    {
      g_autoptr(GPtrArray) branch = reload_branch (f);

      g_assert_cmpuint (branch->len, ==, 4);
      g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (branch, 3)), ==,
                       "Once upon a time, there was a test.");
    }
}

/* Continue asks the model that wrote the reply, not the one chosen since, and the reply counts
 * the tokens, cost and time of both parts. */
static void
test_continue_same_model_totals (ParlanceTestSession *f,
                                 gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *usage2 = "{\"prompt_tokens\":130,\"completion_tokens\":7,\"total_tokens\":137,\"cost\":0.0002}";
  const char *parts[] = { " and on.", NULL };
  ParlanceMessage *reply;
  gint64 tokens_in, tokens_out;

  queue_length_cut_usage (f->server, "On",
                          "{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,\"cost\":0.001}");
  parlance_test_queue_sse (f->server, parts, usage2);
  parlance_test_send_and_wait (f, "Go on");
  reply = shown_at (f, 1);
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "test/answered-model");
  /* The first part took a known time (a fake server answers at once). */
  parlance_message_set_duration (reply, 5 * G_USEC_PER_SEC);
  parlance_chat_session_set_model (f->session, "other/model-chosen-since");

  g_assert_true (parlance_chat_session_continue (f->session, reply, &error));
  g_assert_no_error (error);
  wait_idle (f);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "On and on.");
  body = parlance_test_request_body (f->server, 1);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "test/answered-model");
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "test/answered-model");
  g_assert_cmpstr (parlance_chat_session_get_model (f->session), ==, "other/model-chosen-since");

  parlance_message_get_tokens (reply, &tokens_in, &tokens_out, NULL, NULL);
  g_assert_cmpint (tokens_in, ==, 230);
  g_assert_cmpint (tokens_out, ==, 27);
  g_assert_cmpint (parlance_message_get_cost_pico (reply), ==,
                   parlance_cost_pico_from_double (0.001) + parlance_cost_pico_from_double (0.0002));
  g_assert_cmpint (parlance_message_get_duration (reply), >=, 5 * G_USEC_PER_SEC);
}

/* Export and search see every version, not only the one shown. */
static void
test_export_and_search_every_branch (ParlanceTestSession *f,
                                     gconstpointer        data)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 id;
  char nul = '\0';
  const char *json;

  parlance_test_queue_text (f->server, "Alpha version.");
  parlance_test_queue_text (f->server, "Bravo version.");
  parlance_test_send_and_wait (f, "Say something.");
  regenerate (f, 1, NULL);
  parlance_test_settle (f->session, f->store);
  id = parlance_test_conversation_id (f);

  g_assert_true (parlance_export_write (f->store, &id, 1, PARLANCE_EXPORT_JSON, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, &nul, 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  json = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_nonnull (strstr (json, "Alpha version."));
  g_assert_nonnull (strstr (json, "Bravo version."));

  found = parlance_store_search (f->store, "alpha", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/parlance/chat-session-versions/store/" path, ParlanceTestSession, WITH_STORE, \
              setup, func, parlance_test_session_teardown); \
  g_test_add ("/parlance/chat-session-versions/memory/" path, ParlanceTestSession, IN_MEMORY, \
              setup, func, parlance_test_session_teardown)
  ADD ("regenerate-twice", test_regenerate_twice);
  ADD ("branch-follows", test_branch_follows);
  ADD ("edit-and-resend", test_edit_and_resend);
  ADD ("delete-keeps-rest", test_delete_keeps_rest);
  ADD ("continue-appends", test_continue_appends);
  ADD ("continue-same-model-totals", test_continue_same_model_totals);
#undef ADD
  g_test_add ("/parlance/chat-session-versions/store/export-and-search-every-branch",
              ParlanceTestSession, WITH_STORE, setup, test_export_and_search_every_branch,
              parlance_test_session_teardown);

  return g_test_run ();
}
