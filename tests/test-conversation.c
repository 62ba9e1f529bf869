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
#include "parlance-message-footer.h"
#include "parlance-message-row.h"
#include "parlance-model-picker.h"
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

static GtkLabel *
status_label (GtkWidget *row)
{
  GtkWidget *box = parlance_test_ui_find (row, GTK_TYPE_BOX, "message-status");

  return GTK_LABEL (parlance_test_ui_find (box, GTK_TYPE_LABEL, NULL));
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
  /* As Markdown: "4" in bold, the asterisks gone. */
  parlance_test_wait_for (parlance_test_ui_find (row, GTK_TYPE_LABEL, "2 + 2 = <b>4</b>.") != NULL, 5000);
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
  /* No empty line between the header and the error (the Retry button beside it is taller). */
  {
    GtkWidget *header = parlance_test_ui_find (row, GTK_TYPE_LABEL, "meta-llama/llama-3.3-70b-instruct:free");
    GtkWidget *error = GTK_WIDGET (status_label (row));
    graphene_point_t bottom, top;
    int text_y;

    g_assert_nonnull (header);
    g_assert_true (gtk_widget_compute_point (header, row, &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (header)), &bottom));
    /* Where the text is drawn, within the label. */
    gtk_label_get_layout_offsets (GTK_LABEL (error), NULL, &text_y);
    g_assert_true (gtk_widget_compute_point (error, row, &GRAPHENE_POINT_INIT (0, text_y), &top));
    g_test_message ("from the header to the error: %g px", top.y - bottom.y);
    g_assert_cmpfloat (top.y - bottom.y, <=, 12);
  }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-error-401-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  parlance_test_ui_stop_app (ui.app);
}

/* "Rate limited: try again in 2 seconds." counts down to "you can try again now", and Retry gives
 * the keyboard back to the composer. */
static void
test_conversation_rate_limit_counts_down (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (429, "error-rate-limited.429.json");
  Ui ui = { 0 };
  ParlanceMessage *reply;
  GtkWidget *row, *retry, *text_view;
  GtkLabel *label;
  g_autofree char *shot = NULL;

  fake_response_add_header (response, "Retry-After", "2");
  fake_provider_queue (fake, "POST", "/chat/completions", response);

  ui_start (&ui);
  /* The failure itself, not the wait the window makes of it (test-chat-session-wait.c). */
  parlance_chat_session_set_wait_on_limits (ui.session, FALSE);
  type_and_send (&ui, "Hello?");
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 10000);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_status_text (reply), ==, "Rate limited: try again in 2 seconds.");

  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  label = status_label (row);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (label), "Rate limited: try again in "));
  parlance_test_wait_for (g_strcmp0 (gtk_label_get_text (label), "Rate limited: try again in 1 second.") == 0, 3000);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-rate-limited");
  parlance_test_wait_for (g_strcmp0 (gtk_label_get_text (label), "Rate limited: you can try again now.") == 0, 3000);

  /* Retry from its button: the keyboard then is in the composer, not on a button that went. */
  {
    g_autoptr(FakeResponse) again = parlance_test_fixture_response (200, "chat-simple.200.sse");
    fake_provider_queue (fake, "POST", "/chat/completions", again);
  }
  retry = parlance_test_ui_find (row, GTK_TYPE_BUTTON, "_Retry");
  text_view = parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_TEXT_VIEW, NULL);
  gtk_widget_grab_focus (retry);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (ui.window)) == retry);
  gtk_widget_activate (retry);
  parlance_test_wait_for (parlance_message_get_status (reply) == PARLANCE_MESSAGE_COMPLETE, 10000);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (ui.window)) == text_view);

  parlance_test_ui_stop_app (ui.app);
}

static FakeResponse *
per_minute_response (const char *retry_after)
{
  FakeResponse *response = fake_response_new (429);

  fake_response_set_content_type (response, "application/json");
  fake_response_set_body_string (response, "{\"error\":{\"code\":429,\"message\":"
                                 "\"Rate limit exceeded: free-models-per-min.\"}}");
  fake_response_add_header (response, "Retry-After", retry_after);
  return response;
}

static GtkWidget *
status_button (GtkWidget  *row,
               const char *label)
{
  GtkWidget *box = parlance_test_ui_find (row, GTK_TYPE_BOX, "message-status");

  return parlance_test_ui_find (box, GTK_TYPE_BUTTON, label);
}

static gboolean
label_starts (GtkLabel   *label,
              const char *prefix)
{
  return g_str_has_prefix (gtk_label_get_text (label), prefix);
}

/* A per-minute limit: the reply waits, counting down, with Cancel and "Send with another model"
 * (keyboard-reachable, named for screen readers), then goes by itself. Cancel stops a second
 * wait: the reply fails with Retry, and nothing more is sent. */
static void
test_conversation_waits_and_sends (void)
{
  g_autoptr(FakeResponse) limited = per_minute_response ("6");
  g_autoptr(FakeResponse) answer = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(FakeResponse) limited_again = per_minute_response ("30");
  Ui ui = { 0 };
  ParlanceMessage *reply;
  GtkWidget *row, *cancel, *other;
  GtkLabel *label;
  GtkWindow *picker;
  guint sent;
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;
  g_autofree char *footer = NULL;

  fake_provider_queue (fake, "POST", "/chat/completions", limited);
  fake_provider_queue (fake, "POST", "/chat/completions", answer);
  ui_start (&ui);
  sent = fake_provider_count_requests (fake, "POST", "/chat/completions");
  type_and_send (&ui, "Hello?");
  reply = last_message (&ui);
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  label = status_label (row);
  parlance_test_wait_for (label_starts (label, "Rate limited by OpenRouter — sending in "), 5000);
  g_assert_true (parlance_chat_session_get_busy (ui.session));
  cancel = status_button (row, "_Cancel");
  other = status_button (row, "Send With _Another Model…");
  g_assert_true (gtk_widget_is_visible (cancel) && gtk_widget_get_focusable (cancel));
  g_assert_true (gtk_widget_is_visible (other) && gtk_widget_get_focusable (other));
  g_assert_false (gtk_widget_is_visible (status_button (row, "_Retry")));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-waiting");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-waiting-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Send with another model: the picker, to choose the model to regenerate with; closed, the
   * wait goes on (the same reply is sent by itself below). */
  gtk_widget_activate (other);
  parlance_test_wait_for ((picker = parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER)) != NULL, 5000);
  gtk_window_destroy (picker);

  parlance_test_wait_for (parlance_message_get_status (reply) == PARLANCE_MESSAGE_COMPLETE, 20000);
  g_assert_cmpuint (fake_provider_count_requests (fake, "POST", "/chat/completions") - sent, ==, 2);
  footer = parlance_message_footer_dup_text (reply, NULL);
  g_test_message ("footer: %s", footer);
  g_assert_nonnull (strstr (footer, " was rate-limited and asked again"));

  fake_provider_queue (fake, "POST", "/chat/completions", limited_again);
  type_and_send (&ui, "Again?");
  reply = last_message (&ui);
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  label = status_label (row);
  parlance_test_wait_for (label_starts (label, "Rate limited by OpenRouter — sending in "), 5000);
  gtk_widget_activate (status_button (row, "_Cancel"));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 5000);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  parlance_test_wait_for (label_starts (label, "Rate limited: try again in "), 5000);
  g_assert_true (gtk_widget_is_visible (status_button (row, "_Retry")));
  g_assert_false (gtk_widget_is_visible (status_button (row, "_Cancel")));
  g_assert_cmpuint (fake_provider_count_requests (fake, "POST", "/chat/completions") - sent, ==, 3);

  parlance_test_ui_stop_app (ui.app);
}

/* The composer says what it is for, the send button is a send icon, the conversation has a
 * reading width, and "You" is not written on every message of the user's. */
static void
test_conversation_layout (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");
  Ui ui = { 0 };
  ParlanceMessage *question, *reply;
  GtkWidget *row, *send, *placeholder;
  GtkTextView *text_view;
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  fake_provider_queue (fake, "POST", "/chat/completions", response);
  /* A window as wide as the screen (Xvfb's is 1280). */
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 720);
  ui_start (&ui);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));

  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_TEXT_VIEW, NULL));
  placeholder = parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_LABEL, "composer-placeholder");
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_visible (placeholder));
  /* No catalogue saved yet: the model's id. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "Message meta-llama/llama-3.3-70b-instruct:free…");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "x", -1);
  g_assert_false (gtk_widget_get_visible (placeholder));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "", -1);
  g_assert_true (gtk_widget_get_visible (placeholder));

  send = parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_BUTTON, "suggested-action");
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (send)), ==, "paper-plane-symbolic");
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (send)),
                                          "paper-plane-symbolic"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send), ==, "Send (Enter)");

  type_and_send (&ui, "A question that is long enough to show where the lines of a reply would end.");
  question = g_list_model_get_item (parlance_chat_session_get_messages (ui.session), 0);
  g_object_unref (question);  /* the list keeps it */
  reply = last_message (&ui);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 20000);

  /* The reply is at most a reading width wide, in a window of 1280. */
  parlance_test_wait_for ((row = row_for (&ui, reply)) != NULL, 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.window)), >=, 1200);
  g_assert_cmpint (gtk_widget_get_width (row), <=, 760);
  g_assert_cmpint (gtk_widget_get_width (row), >=, 600);

  /* The user's message has no "You" on it. */
  parlance_test_wait_for ((row = row_for (&ui, question)) != NULL, 5000);
  {
    GtkWidget *you = parlance_test_ui_find (row, GTK_TYPE_LABEL, "You");
    g_assert_true (you == NULL || !gtk_widget_get_visible (you));
  }

  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-wide");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-wide-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  parlance_test_ui_stop_app (ui.app);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
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
  g_test_add_func ("/parlance/conversation/rate-limit-counts-down", test_conversation_rate_limit_counts_down);
  g_test_add_func ("/parlance/conversation/waits-and-sends", test_conversation_waits_and_sends);
  g_test_add_func ("/parlance/conversation/layout", test_conversation_layout);
  g_test_add_func ("/parlance/conversation/error-redacted", test_conversation_error_redacted);
  g_test_add_func ("/parlance/conversation/key-never-written", test_conversation_key_never_written);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
