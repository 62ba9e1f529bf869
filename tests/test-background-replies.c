/* test-background-replies.c — a reply goes on streaming and saving while another conversation
 * is shown, under Xvfb with the fake provider streaming slowly.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-conversation-view.h"
#include "parlance-test-conversation.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

typedef struct
{
  ParlanceTestSidebar  ui;
  gint64               other;    /* B: a finished conversation */
  gint64               replying; /* A: its reply streams slowly */
  ParlanceChatSession *session;  /* A's */
  ParlanceMessage     *reply;    /* A's reply */
  char                *text;     /* what A's reply says in full */
} Fixture;

static gboolean
is_streaming (ParlanceMessage *message)
{
  ParlanceMessageStatus status = parlance_message_get_status (message);

  return status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING;
}

static ParlanceChatSession *
shown (Fixture *f)
{
  return parlance_window_get_session (f->ui.window);
}

static gint64
shown_id (Fixture *f)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (shown (f)));
}

/* B is saved and finished; then A is sent with a reply of about @seconds, and is under way. */
static void
fixture_set_up (Fixture *f,
                guint    seconds)
{
  GString *text = g_string_new (NULL);
  g_autoptr(FakeResponse) slow = NULL;
  GtkTextView *text_view;
  GtkWidget *view;
  guint n;

  parlance_test_sidebar_start (&f->ui);
  f->other = parlance_test_sidebar_send (&f->ui, "The other conversation");
  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.new-conversation", NULL);

  /* 5 characters an event, about 230 bytes an event, 64 bytes every 10 ms: 40 ms an event. */
  n = seconds * 25;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "w%03u ", i % 1000);
  f->text = g_string_free (text, FALSE);
  slow = parlance_test_streamed_reply (f->text, 5, 64, 10);
  fake_provider_queue (parlance_test_sidebar_fake, "POST", "/chat/completions", slow);

  view = parlance_test_ui_find (GTK_WIDGET (f->ui.window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "Write at length, slowly", -1);
  g_assert_true (gtk_widget_activate_action (view, "conversation.send", NULL));
  f->session = g_object_ref (shown (f));
  parlance_test_wait_for (g_list_model_get_n_items (parlance_chat_session_get_messages (f->session)) == 2, 5000);
  f->reply = g_list_model_get_item (parlance_chat_session_get_messages (f->session), 1);
  /* Saved, and some text came. */
  parlance_test_wait_for (shown_id (f) != 0 && strlen (parlance_message_get_content (f->reply)) > 20, 10000);
  f->replying = shown_id (f);
  g_assert_true (is_streaming (f->reply));
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->reply);
  g_clear_object (&f->session);
  g_clear_pointer (&f->text, g_free);
  parlance_test_sidebar_stop (&f->ui);
}

/* The sidebar's choice of @id; waits until it shows. */
static void
open_conversation (Fixture *f,
                   gint64   id)
{
  g_signal_emit_by_name (f->ui.sidebar, "activated", id);
  parlance_test_wait_for (shown_id (f) == id &&
                          g_list_model_get_n_items (parlance_chat_session_get_messages (shown (f))) >= 2, 10000);
  parlance_test_wait_for (parlance_sidebar_get_selected_id (f->ui.sidebar) == id, 5000);
}

static ParlanceMessage *
stored_reply (gint64 id)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (branch->len, ==, 2);
  return g_object_ref (g_ptr_array_index (branch, 1));
}

/* A's reply goes on while B shows, and is saved whole. */
static void
test_completes_in_background (void)
{
  Fixture f = { 0 };
  g_autoptr(ParlanceMessage) saved = NULL;

  fixture_set_up (&f, 3);
  open_conversation (&f, f.other);
  g_assert_true (shown (&f) != f.session);
  /* B's view is B's: A's reply is not in it. */
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (shown (&f))), ==, 2);
  g_assert_true (is_streaming (f.reply));

  parlance_test_wait_for (!is_streaming (f.reply), 30000);
  g_assert_cmpint (parlance_message_get_status (f.reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (f.reply), ==, f.text);
  parlance_test_sidebar_flush (&f.ui);
  saved = stored_reply (f.replying);
  g_assert_cmpint (parlance_message_get_status (saved), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (saved), ==, f.text);
  /* B stays shown and selected. */
  g_assert_cmpint (shown_id (&f), ==, f.other);
  g_assert_cmpint (parlance_sidebar_get_selected_id (f.ui.sidebar), ==, f.other);

  fixture_tear_down (&f);
}

/* Renaming and pinning A while its reply goes on out of sight: kept when the reply ends. */
static void
test_change_while_streaming (void)
{
  Fixture f = { 0 };
  GtkWindow *dialog;

  fixture_set_up (&f, 6);
  open_conversation (&f, f.other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.ui.window), "conversation.pin", "x", f.replying));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.ui.window), "conversation.rename", "x", f.replying));
  parlance_test_wait_for ((dialog = parlance_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 5000);
  gtk_editable_set_text (GTK_EDITABLE (parlance_test_ui_find (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL)),
                         "Renamed while replying");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  g_assert_true (is_streaming (f.reply));

  /* Back to A: its own copy of the conversation says so too (a later save keeps it). */
  open_conversation (&f, f.replying);
  g_assert_true (shown (&f) == f.session);
  g_assert_true (parlance_conversation_get_pinned (parlance_chat_session_get_conversation (f.session)));
  g_assert_cmpstr (parlance_conversation_get_title (parlance_chat_session_get_conversation (f.session)), ==,
                   "Renamed while replying");

  parlance_test_wait_for (!is_streaming (f.reply), 30000);
  g_assert_cmpint (parlance_message_get_status (f.reply), ==, PARLANCE_MESSAGE_COMPLETE);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f.session), 5000);
  {
    gboolean saving = TRUE;

    parlance_test_wait_for ((g_object_get (f.session, "saving", &saving, NULL), !saving), 10000);
  }
  parlance_test_sidebar_flush (&f.ui);
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, f.replying, NULL);

    g_assert_nonnull (c);
    g_assert_true (parlance_conversation_get_pinned (c));
    g_assert_cmpstr (parlance_conversation_get_title (c), ==, "Renamed while replying");
  }

  fixture_tear_down (&f);
}

/* Back to A mid-stream: the same session and messages, still growing, followed to the end. */
static void
test_return_mid_stream (void)
{
  Fixture f = { 0 };
  gsize before;

  fixture_set_up (&f, 6);
  open_conversation (&f, f.other);
  open_conversation (&f, f.replying);
  g_assert_true (shown (&f) == f.session);
  g_assert_true (parlance_chat_session_get_busy (shown (&f)));
  g_assert_true (g_list_model_get_item (parlance_chat_session_get_messages (shown (&f)), 1) == (gpointer) f.reply);
  g_object_unref (f.reply);  /* the reference get_item gave */
  g_assert_true (is_streaming (f.reply));
  before = strlen (parlance_message_get_content (f.reply));
  parlance_test_wait_for (strlen (parlance_message_get_content (f.reply)) > before, 5000);

  /* Stop stops the shown reply: it is A's again. */
  g_assert_true (gtk_widget_activate_action (parlance_test_ui_find (GTK_WIDGET (f.ui.window),
                                                                   PARLANCE_TYPE_CONVERSATION_VIEW, NULL),
                                             "conversation.stop", NULL));
  parlance_test_wait_for (!is_streaming (f.reply), 5000);
  g_assert_cmpint (parlance_message_get_status (f.reply), ==, PARLANCE_MESSAGE_INTERRUPTED);

  fixture_tear_down (&f);
}

/* Deleting A while its reply streams out of sight stops it, then deletes it. */
static void
test_delete_while_streaming (void)
{
  Fixture f = { 0 };
  ParlanceChatSession *weak;

  fixture_set_up (&f, 6);
  open_conversation (&f, f.other);
  g_assert_true (is_streaming (f.reply));
  weak = f.session;
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&f.session);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.ui.window), "conversation.delete", "x", f.replying));
  parlance_test_wait_for (!is_streaming (f.reply), 5000);
  g_assert_cmpint (parlance_message_get_status (f.reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
  /* The hidden session went with its reply. */
  parlance_test_wait_for (weak == NULL, 5000);
  g_assert_cmpint (shown_id (&f), ==, f.other);

  /* The window closes while the Undo toast is up: deleted for good, off the main thread, the
   * application held until it is on disk. */
  parlance_test_ui_close_windows ();
  parlance_test_wait_for (parlance_application_get_saving (f.ui.app) == 0, 10000);
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, f.replying, NULL);

    g_assert_null (c);
  }

  fixture_tear_down (&f);
}

/* Quitting while A streams out of sight: stopped, saved as interrupted with all its text. */
static void
test_quit_while_streaming (void)
{
  Fixture f = { 0 };
  g_autoptr(ParlanceMessage) saved = NULL;
  gsize before;

  fixture_set_up (&f, 6);
  open_conversation (&f, f.other);
  before = strlen (parlance_message_get_content (f.reply));
  parlance_test_wait_for (strlen (parlance_message_get_content (f.reply)) > before + 20, 5000);
  g_assert_true (is_streaming (f.reply));

  parlance_test_ui_close_windows ();
  g_assert_cmpint (parlance_message_get_status (f.reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
  /* The application is held until the last write is on disk (a live writer's message would
   * read as streaming). */
  parlance_test_wait_for (parlance_application_get_saving (f.ui.app) == 0, 10000);
  saved = stored_reply (f.replying);
  g_assert_cmpint (parlance_message_get_status (saved), ==, PARLANCE_MESSAGE_INTERRUPTED);
  g_assert_cmpstr (parlance_message_get_content (saved), ==, parlance_message_get_content (f.reply));
  g_assert_cmpuint (strlen (parlance_message_get_content (saved)), >, before);

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/background-replies/completes-in-background", test_completes_in_background);
  g_test_add_func ("/parlance/background-replies/change-while-streaming", test_change_while_streaming);
  g_test_add_func ("/parlance/background-replies/return-mid-stream", test_return_mid_stream);
  g_test_add_func ("/parlance/background-replies/delete-while-streaming", test_delete_while_streaming);
  g_test_add_func ("/parlance/background-replies/quit-while-streaming", test_quit_while_streaming);

  return g_test_run ();
}
