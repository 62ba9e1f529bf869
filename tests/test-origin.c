/* test-origin.c — the app asks before a key goes to a provider's new address.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A custom provider listens on 127.0.0.1, but its key was saved while its address was
 * localhost: another origin. Sending shows a dialog and nothing reaches the server; confirming
 * binds the key to the new address and asks for the reply again.
 */

#include "config.h"

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-chat-session.h"
#include "parlance-key-store.h"
#include "parlance-provider-registry.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-model-picker.h"
#include "parlance-window.h"

#define MOVED_KEY "sk-moved-server-origin-test-5Kq"

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static ParlanceMessage *
last_message (ParlanceChatSession *session)
{
  GListModel *messages = parlance_chat_session_get_messages (session);
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

  return message;   /* the list keeps it */
}

static void
test_origin_confirm (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(FakeResponse) reply = parlance_test_fixture_response (200, "chat-simple.200.sse");
  g_autoptr(ParlanceProvider) old_address = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "parlance", NULL);
  g_autofree char *path = g_build_filename (dir, "providers.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *old_url = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *shot = NULL;
  ParlanceApplication *app;
  ParlanceWindow *window;
  ParlanceChatSession *session;
  GtkWindow *dialog = NULL;
  gboolean done = FALSE;

  if (!parlance_test_require_keyring ())
    return;

  fake_provider_queue (fake, "POST", "/chat/completions", reply);
  json = g_strdup_printf ("{\"version\": 1, \"providers\": [{\"id\": \"moved-server\", "
                          "\"name\": \"Moved Server\", \"base_url\": \"%s\"}]}",
                          fake_provider_get_base_url (fake));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));

  /* Saved while the provider was at localhost. */
  old_url = g_strdup_printf ("http://localhost:%u/v1", fake_provider_get_port (fake));
  old_address = parlance_provider_new_custom ("moved-server", "Moved Server", old_url);
  parlance_key_store_store_for_async (parlance_key_store_get_default (), old_address, MOVED_KEY,
                                      NULL, stored, &done);
  parlance_test_wait_for (done, 30000);

  app = parlance_test_ui_start_app ();
  window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  session = parlance_window_get_session (window);
  parlance_test_wait_for (parlance_provider_registry_lookup (parlance_provider_registry_get_default (),
                                                             "moved-server") != NULL, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.use-provider", "s", "moved-server"));
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (session)), ==, "moved-server");
  /* A custom server has no default model: the picker opened; one is chosen, as there. */
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) != NULL, 5000);
  gtk_window_destroy (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER));
  parlance_chat_session_set_model (session, "test/model");

  g_assert_true (parlance_chat_session_send (session, "Hello", NULL));
  parlance_test_wait_for ((dialog = parlance_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 30000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);

  /* Nothing was sent, and the dialog says where the key would go. */
  g_assert_cmpuint (fake_provider_get_n_requests (fake), ==, 0);
  g_assert_cmpint (parlance_message_get_status (last_message (session)), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_null (strstr (parlance_message_get_status_text (last_message (session)), MOVED_KEY));
  heading = g_strdup_printf ("Send your Moved Server key to http://127.0.0.1:%u?", fake_provider_get_port (fake));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, heading);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (dialog), "origin-confirm");

  /* Confirmed: the key is bound to the new address, and the reply is asked for again. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  parlance_test_wait_for (fake_provider_get_n_requests (fake) == 1, 30000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);
  g_assert_cmpint (parlance_message_get_status (last_message (session)), ==, PARLANCE_MESSAGE_COMPLETE);
  request = fake_provider_dup_request (fake, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " MOVED_KEY);

  parlance_test_ui_stop_app (app);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), MOVED_KEY);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/parlance/origin/confirm", test_origin_confirm);

  return g_test_run ();
}
