/* test-external-changes.c — the open conversation while another program (parlance-cli, here a
 * second ParlanceStore on the same database) deletes it or continues it; what opening a
 * conversation does to the default model; start-up when the last conversation is gone.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-conversation-view.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define DELETED_TOAST "This conversation was deleted by another program"

static gint64
open_id (ParlanceTestSidebar *ui)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (ui->session));
}

static guint
n_shown (ParlanceTestSidebar *ui)
{
  return g_list_model_get_n_items (parlance_chat_session_get_messages (ui->session));
}

static const char *
shown_content (ParlanceTestSidebar *ui,
               guint                i)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (parlance_chat_session_get_messages (ui->session), i);

  return parlance_message_get_content (message);
}

/* Sends @text without waiting for the conversation to be listed (it may be a new one). */
static void
send_text (ParlanceTestSidebar *ui,
           const char          *text)
{
  ParlanceConversationView *view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                                      PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));

  parlance_test_sidebar_queue_reply ();
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 20000);
}

static gboolean
saving (ParlanceTestSidebar *ui)
{
  gboolean saving = FALSE;

  g_object_get (ui->session, "saving", &saving, NULL);
  return saving;
}

/* Every write the session asked for is on disk. */
static void
flush (ParlanceTestSidebar *ui)
{
  parlance_test_wait_for (!saving (ui), 10000);
  parlance_test_sidebar_flush (ui);
}

static GPtrArray *
stored_branch (gint64 id)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  g_autoptr(GError) error = NULL;
  GPtrArray *branch = parlance_store_load_branch (store, id, &error);

  g_assert_no_error (error);
  return branch;
}

static const char *
branch_content (GPtrArray *branch,
                guint      i)
{
  return parlance_message_get_content (g_ptr_array_index (branch, i));
}

static void
delete_elsewhere (gint64 id)
{
  g_autoptr(ParlanceStore) other = parlance_test_sidebar_open_store ();
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_delete_conversation (other, id, &error));
  g_assert_no_error (error);
}

/* The messages stay, a toast says so, and the next message saves them all anew. */
static void
test_external_deleted_while_open (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GPtrArray) branch = NULL;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "Keep this question");
  flush (&ui);

  delete_elsewhere (first);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, DELETED_TOAST) != NULL, 15000);
  g_assert_cmpint (open_id (&ui), ==, 0);
  g_assert_cmpuint (n_shown (&ui), ==, 2);
  g_assert_cmpstr (shown_content (&ui, 0), ==, "Keep this question");

  send_text (&ui, "And this one");
  parlance_test_wait_for (open_id (&ui) != 0, 10000);
  second = open_id (&ui);
  g_assert_cmpint (second, !=, first);
  flush (&ui);
  branch = stored_branch (second);
  g_assert_cmpuint (branch->len, ==, 4);
  g_assert_cmpstr (branch_content (branch, 0), ==, "Keep this question");
  g_assert_cmpstr (branch_content (branch, 1), ==, shown_content (&ui, 1));
  g_assert_cmpstr (branch_content (branch, 2), ==, "And this one");

  parlance_test_sidebar_stop (&ui);
}

/* Deleted, then a message sent before the window noticed: the write that fails is not silent,
 * and nothing is lost either. */
static void
test_external_deleted_then_send (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GPtrArray) branch = NULL;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "First question");
  flush (&ui);

  delete_elsewhere (first);
  send_text (&ui, "Second question");
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, DELETED_TOAST) != NULL, 15000);
  g_assert_cmpuint (n_shown (&ui), ==, 4);

  send_text (&ui, "Third question");
  parlance_test_wait_for (open_id (&ui) != 0 && open_id (&ui) != first, 10000);
  second = open_id (&ui);
  flush (&ui);
  branch = stored_branch (second);
  g_assert_cmpuint (branch->len, ==, 6);
  g_assert_cmpstr (branch_content (branch, 0), ==, "First question");
  g_assert_cmpstr (branch_content (branch, 2), ==, "Second question");
  g_assert_cmpstr (branch_content (branch, 4), ==, "Third question");

  parlance_test_sidebar_stop (&ui);
}

/* `parlance-cli chat --continue ID` while ID is open: the view shows the CLI's exchange, the
 * model gets it as history, and the next message follows it instead of forking. */
static void
test_external_continued_elsewhere (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(ParlanceMessage) user = parlance_message_new (PARLANCE_ROLE_USER, "Asked from the terminal");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Answered in the terminal");
  g_autoptr(GPtrArray) branch = NULL;
  FakeRequest *request;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Asked in the window");
  flush (&ui);

  {
    g_autoptr(ParlanceStore) other = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (other, id, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (c);
    parlance_message_set_parent_id (user, parlance_conversation_get_tip_id (c));
    g_assert_true (parlance_store_add_message (other, id, user, &error));
    g_assert_no_error (error);
    parlance_message_set_parent_id (reply, parlance_message_get_id (user));
    parlance_message_set_status (reply, PARLANCE_MESSAGE_COMPLETE, NULL);
    g_assert_true (parlance_store_add_message (other, id, reply, &error));
    g_assert_no_error (error);
  }

  parlance_test_wait_for (n_shown (&ui) == 4, 15000);
  g_assert_cmpint (open_id (&ui), ==, id);
  g_assert_cmpstr (shown_content (&ui, 2), ==, "Asked from the terminal");
  g_assert_cmpstr (shown_content (&ui, 3), ==, "Answered in the terminal");
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, "Answered in the terminal") != NULL, 10000);

  send_text (&ui, "Asked in the window again");
  request = parlance_test_sidebar_last_chat_request ();
  g_assert_nonnull (request);
  {
    g_autofree char *body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));

    g_assert_nonnull (strstr (body, "Answered in the terminal"));
  }
  fake_request_free (request);
  flush (&ui);
  branch = stored_branch (id);
  g_assert_cmpuint (branch->len, ==, 6);
  g_assert_cmpint (parlance_message_get_parent_id (g_ptr_array_index (branch, 4)), ==, parlance_message_get_id (reply));
  g_assert_cmpstr (branch_content (branch, 4), ==, "Asked in the window again");

  parlance_test_sidebar_stop (&ui);
}

static char *
dup_default_model (GSettings *settings)
{
  g_autoptr(GVariant) models = g_settings_get_value (settings, "provider-models");
  const char *model = NULL;

  return g_variant_lookup (models, "openrouter", "&s", &model) ? g_strdup (model) : NULL;
}

/* Opening a conversation that another model answered leaves the default alone. */
static void
test_external_open_keeps_default_model (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *before = NULL, *after = NULL;
  gint64 id;

  g_settings_reset (settings, "provider-models");
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_conversation_new ();
    g_autoptr(ParlanceMessage) user = parlance_message_new (PARLANCE_ROLE_USER, "Hello qwen");
    g_autoptr(GError) error = NULL;

    parlance_conversation_set_title (c, "Hello qwen");
    parlance_conversation_set_provider_id (c, "openrouter");
    parlance_conversation_set_model (c, "qwen/qwen3-coder:free");
    g_assert_true (parlance_store_create_conversation (store, c, &error));
    g_assert_no_error (error);
    id = parlance_conversation_get_id (c);
    g_assert_true (parlance_store_add_message (store, id, user, &error));
    g_assert_no_error (error);
  }

  parlance_test_sidebar_start (&ui);
  before = g_strdup (parlance_chat_session_get_model (ui.session));
  g_assert_cmpstr (before, !=, "qwen/qwen3-coder:free");
  g_signal_emit_by_name (ui.sidebar, "activated", id);
  parlance_test_wait_for (open_id (&ui) == id && n_shown (&ui) == 1, 10000);
  g_assert_cmpstr (parlance_chat_session_get_model (ui.session), ==, "qwen/qwen3-coder:free");
  after = dup_default_model (settings);
  g_assert_cmpstr (after, !=, "qwen/qwen3-coder:free");

  /* A new conversation takes the default again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL));
  g_assert_cmpstr (parlance_chat_session_get_model (ui.session), ==, before);

  parlance_test_sidebar_stop (&ui);
  g_settings_reset (settings, "provider-models");
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;
  return FALSE;
}

/* The last conversation is gone: a new one, quietly. */
static void
test_external_last_conversation_gone (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Soon gone");
  flush (&ui);
  parlance_test_ui_close_windows ();
  g_assert_cmpint (g_settings_get_int64 (settings, "last-conversation"), ==, id);
  delete_elsewhere (id);

  parlance_test_sidebar_start (&ui);
  parlance_test_wait_for (g_settings_get_int64 (settings, "last-conversation") == 0, 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (label_contains (GTK_WIDGET (ui.window), "no such conversation"));
  g_assert_cmpint (open_id (&ui), ==, 0);
  g_assert_cmpuint (n_shown (&ui), ==, 0);

  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/external/deleted-while-open", test_external_deleted_while_open);
  g_test_add_func ("/parlance/external/deleted-then-send", test_external_deleted_then_send);
  g_test_add_func ("/parlance/external/continued-elsewhere", test_external_continued_elsewhere);
  g_test_add_func ("/parlance/external/open-keeps-default-model", test_external_open_keeps_default_model);
  g_test_add_func ("/parlance/external/last-conversation-gone", test_external_last_conversation_gone);

  return g_test_run ();
}
