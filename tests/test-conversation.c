/* test-conversation.c — the whole app under Xvfb, talking to the fake provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-message-row.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define TEST_KEY "sk-or-v1-test-key-that-must-never-leak-0001"

static FakeProvider *fake;

typedef struct
{
  ParlanceApplication      *app;
  ParlanceWindow           *window;
  ParlanceConversationView *view;
  ParlanceChatSession      *session;
} Ui;

static void
ui_start (Ui *ui)
{
  ui->app = parlance_test_ui_start_app ();
  ui->window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui->app)));
  ui->view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui->session = parlance_window_get_session (ui->window);
  /* The key comes from OPENROUTER_API_KEY: the conversation shows, not the first-run page. */
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (ui->view)), 5000);
}

static void
type_and_send (Ui         *ui,
               const char *text)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_TEXT_VIEW, NULL));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->view), "conversation.send", NULL));
  /* The composer empties and the session starts a reply. */
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
}

static ParlanceMessage *
last_message (Ui *ui)
{
  GListModel *messages = parlance_chat_session_get_messages (ui->session);
  guint n = g_list_model_get_n_items (messages);
  ParlanceMessage *message;

  g_assert_cmpuint (n, >, 0);
  message = g_list_model_get_item (messages, n - 1);
  g_object_unref (message);  /* the list keeps it */
  return message;
}

static GtkWidget *
row_for (Ui              *ui,
         ParlanceMessage *message)
{
  for (GtkWidget *w = parlance_test_ui_find (GTK_WIDGET (ui->view), PARLANCE_TYPE_MESSAGE_ROW, NULL);
       w != NULL; w = NULL)
    {
      /* Walk every row: find() returns the first, so look among its siblings' children too. */
      GtkWidget *list = gtk_widget_get_parent (gtk_widget_get_parent (w));

      for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *row = gtk_widget_get_first_child (child);
          if (PARLANCE_IS_MESSAGE_ROW (row) && parlance_message_row_get_message (PARLANCE_MESSAGE_ROW (row)) == message)
            return row;
        }
    }
  return NULL;
}

static void
test_conversation_streams_reply (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-reasoning.200.sse");
  g_autoptr(GBytes) simple = NULL;
  Ui ui = { 0 };
  ParlanceMessage *reply;
  GtkWidget *row;
  g_autofree char *shot = NULL;

  fake_response_set_chunking (response, 180, 15);
  fake_provider_queue (fake, "POST", "/chat/completions", response);

  ui_start (&ui);
  type_and_send (&ui, "What is 2+2?");
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 20000);

  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "2 + 2 = **4**.");
  g_assert_cmpstr (parlance_message_get_reasoning (reply), ==, "The user asks for 2+2.");
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "anthropic/claude-sonnet-4.5");

  /* What the user sees: the text in a label of the reply's row. */
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  parlance_test_wait_for (parlance_test_ui_find (row, GTK_TYPE_LABEL, "2 + 2 = **4**.") != NULL, 5000);
  g_assert_nonnull (parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_LABEL, "What is 2+2?"));

  /* A second, multi-paragraph reply. */
  simple = parlance_test_load_fixture ("chat-simple.200.sse");
  {
    g_autoptr(FakeResponse) second = fake_response_new (200);
    fake_response_set_content_type (second, "text/event-stream");
    fake_response_set_body (second, simple);
    fake_provider_queue (fake, "POST", "/chat/completions", second);
  }
  type_and_send (&ui, "Tell me more, in two paragraphs.");
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 20000);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  parlance_test_wait_for (parlance_test_ui_find (row, GTK_TYPE_LABEL, "Second paragraph.") != NULL, 5000);
  /* The view followed the reply to the end. */
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation");
  parlance_test_ui_stop_app (ui.app);
}

static void
test_conversation_stop_keeps_text (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  Ui ui = { 0 };
  ParlanceMessage *reply;
  GtkWidget *row, *retry;
  g_autofree char *shot = NULL;
  g_autofree char *kept = NULL;

  /* A slow trickle: the user stops it half-way. */
  fake_response_set_chunking (response, 64, 40);
  fake_provider_queue (fake, "POST", "/chat/completions", response);

  ui_start (&ui);
  type_and_send (&ui, "Write something long.");
  reply = last_message (&ui);
  parlance_test_wait_for (parlance_message_get_content_length (reply) > 10, 10000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.view), "conversation.stop", NULL));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 5000);

  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
  g_assert_cmpstr (parlance_message_get_status_text (reply), ==, "Stopped");
  kept = g_strdup (parlance_message_get_content (reply));
  g_assert_true (g_str_has_prefix ("Hello! Parlance streams this reply — with UTF-8: héllo 👋\n\nSecond paragraph.", kept));
  g_assert_cmpuint (strlen (kept), >, 0);
  g_assert_true (parlance_message_get_can_retry (reply));
  /* The server saw the client go. */
  parlance_test_wait_for (fake_provider_get_n_open_streams (fake) == 0, 5000);

  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  g_assert_nonnull (parlance_test_ui_find (row, GTK_TYPE_LABEL, "Stopped"));
  retry = parlance_test_ui_find (row, GTK_TYPE_BUTTON, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_visible (retry));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-stopped");

  /* Retry asks again and completes. */
  {
    g_autoptr(FakeResponse) again = parlance_test_fixture_response (200, "chat-simple.200.sse");
    fake_provider_queue (fake, "POST", "/chat/completions", again);
  }
  gtk_widget_activate (retry);
  parlance_test_wait_for (parlance_message_get_status (reply) == PARLANCE_MESSAGE_COMPLETE, 10000);
  g_assert_true (g_str_has_suffix (parlance_message_get_content (reply), "Second paragraph."));

  parlance_test_ui_stop_app (ui.app);
}

static void
test_conversation_unauthorized (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (401, "error-unauthorized.401.json");
  Ui ui = { 0 };
  ParlanceMessage *reply;
  GtkWidget *row;
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  fake_provider_queue (fake, "POST", "/chat/completions", response);

  ui_start (&ui);
  type_and_send (&ui, "Hello?");
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 10000);

  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_status_text (reply), ==, "OpenRouter refused the key — check it in Preferences.");
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  g_assert_nonnull (parlance_test_ui_find (row, GTK_TYPE_LABEL, "OpenRouter refused the key — check it in Preferences."));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-error-401");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-error-401-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  parlance_test_ui_stop_app (ui.app);
}

/* The provider's words are shown, a key it quotes is not. */
#define QUOTED_KEY "sk-proj-Zq9xWvPkQuotedByTheServer0123456789"

static void
test_conversation_error_redacted (void)
{
  g_autoptr(FakeResponse) response = fake_response_new (400);
  Ui ui = { 0 };
  ParlanceMessage *reply;
  const char *text;

  fake_response_set_body_string (response, "{\"error\":{\"code\":400,\"message\":"
                                 "\"Incorrect API key provided: " QUOTED_KEY ". Check it.\"}}");
  fake_provider_queue (fake, "POST", "/chat/completions", response);

  ui_start (&ui);
  type_and_send (&ui, "Hello?");
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 10000);

  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  text = parlance_message_get_status_text (reply);
  g_assert_nonnull (strstr (text, "Incorrect API key provided: [key]. Check it."));
  g_assert_null (strstr (text, QUOTED_KEY));
  g_assert_null (strstr (text, "Zq9xWvPk"));

  parlance_test_ui_stop_app (ui.app);
}

static void
test_conversation_key_never_written (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  Ui ui = { 0 };

  /* A chat of its own, so that this holds when it runs alone too. */
  fake_provider_queue (fake, "POST", "/chat/completions", response);
  ui_start (&ui);
  type_and_send (&ui, "Hello?");
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 10000);
  g_assert_cmpint (parlance_message_get_status (last_message (&ui)), ==, PARLANCE_MESSAGE_COMPLETE);
  parlance_test_ui_stop_app (ui.app);

  /* After it and whatever ran before: the key sits in no file or setting of ours, and went to the
   * server in the Authorization header of every request. */
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), TEST_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (fake), >, 0);

  for (guint i = 0; i < fake_provider_get_n_requests (fake); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, i);
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " TEST_KEY);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", TEST_KEY, TRUE);

  g_test_add_func ("/parlance/conversation/streams-reply", test_conversation_streams_reply);
  g_test_add_func ("/parlance/conversation/stop-keeps-text", test_conversation_stop_keeps_text);
  g_test_add_func ("/parlance/conversation/unauthorized", test_conversation_unauthorized);
  g_test_add_func ("/parlance/conversation/error-redacted", test_conversation_error_redacted);
  g_test_add_func ("/parlance/conversation/key-never-written", test_conversation_key_never_written);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
