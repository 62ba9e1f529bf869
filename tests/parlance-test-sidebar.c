/* parlance-test-sidebar.c — the window with saved conversations, for the sidebar's and the
 * conversation settings' tests: fresh data for each test, sending through the fake provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-conversation-view.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-or-v1-test-key-that-must-never-leak-0002"

FakeProvider *parlance_test_sidebar_fake;

/* The test program's set-up: a fake OpenRouter with a key from the environment, no data. */
void
parlance_test_sidebar_init (int    *argc,
                            char ***argv)
{
  parlance_test_init (argc, argv);
  gtk_init ();

  parlance_test_sidebar_fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (parlance_test_sidebar_fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", TEST_KEY, TRUE);
  parlance_test_sidebar_reset_data ();
}


ParlanceStore *
parlance_test_sidebar_open_store (void)
{
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (NULL, &error);

  g_assert_no_error (error);
  return store;
}

/* Each test starts on an empty database and default settings. */
void
parlance_test_sidebar_reset_data (void)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_settings_reset (settings, "last-conversation");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

void
parlance_test_sidebar_start (ParlanceTestSidebar *ui)
{
  ui->app = parlance_test_ui_start_app ();
  ui->window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui->app)));
  ui->sidebar = PARLANCE_SIDEBAR (parlance_test_ui_find (GTK_WIDGET (ui->window), PARLANCE_TYPE_SIDEBAR, NULL));
  ui->session = parlance_window_get_session (ui->window);
  g_assert_nonnull (ui->sidebar);
  /* The store opens off the main thread; then the list loads. */
  parlance_test_wait_for (parlance_sidebar_get_list (ui->sidebar) != NULL &&
                          parlance_conversation_list_get_loaded (parlance_sidebar_get_list (ui->sidebar)), 10000);
  ui->list = G_LIST_MODEL (parlance_sidebar_get_list (ui->sidebar));
}

void
parlance_test_sidebar_stop (ParlanceTestSidebar *ui)
{
  parlance_test_ui_stop_app (ui->app);
  parlance_test_sidebar_reset_data ();
}

ParlanceStore *
parlance_test_sidebar_store (ParlanceTestSidebar *ui)
{
  return parlance_conversation_list_get_store (PARLANCE_CONVERSATION_LIST (ui->list));
}

static void
flushed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  parlance_store_flush_finish (PARLANCE_STORE (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Every write the window asked for is on disk. */
void
parlance_test_sidebar_flush (ParlanceTestSidebar *ui)
{
  gboolean done = FALSE;

  parlance_store_flush_async (parlance_test_sidebar_store (ui), NULL, flushed, &done);
  parlance_test_wait_for (done, 10000);
}

void
parlance_test_sidebar_queue_reply (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");

  fake_provider_queue (parlance_test_sidebar_fake, "POST", "/chat/completions", response);
}

/* Sends @text, waits for the reply and for the conversation to be listed. */
gint64
parlance_test_sidebar_send (ParlanceTestSidebar *ui,
               const char *text)
{
  ParlanceConversationView *view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                                      PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));
  ParlanceConversation *c;

  parlance_test_sidebar_queue_reply ();
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (view)), 10000);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 20000);
  c = parlance_chat_session_get_conversation (ui->session);
  parlance_test_wait_for (parlance_conversation_get_id (c) != 0, 10000);
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui->list),
                                                           parlance_conversation_get_id (c)) != G_MAXUINT, 10000);
  return parlance_conversation_get_id (c);
}

FakeRequest *
parlance_test_sidebar_last_chat_request (void)
{
  for (guint i = fake_provider_get_n_requests (parlance_test_sidebar_fake); i > 0; i--)
    {
      FakeRequest *request = fake_provider_dup_request (parlance_test_sidebar_fake, i - 1);

      if (g_str_has_suffix (request->path, "/chat/completions"))
        return request;
      fake_request_free (request);
    }
  return NULL;
}

