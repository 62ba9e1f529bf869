/* test-fallback-ui.c — fallbacks and routing in the window (issue #14): a conversation's own
 * chain saved from its settings, the defaults from Preferences, and the footer that says which
 * model answered and why.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-message-footer.h"
#include "parlance-preferences-routing.h"
#include "parlance-routing-editor.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static const char *routing_keys[] = {
  "fallback-models", "fallback-free-only", "routing-server-models", "routing-sort",
  "routing-allow-fallbacks", "routing-order", "routing-ignore", "routing-deny-data-collection",
  "routing-max-price-prompt", "routing-max-price-completion",
};

static void
reset_routing_keys (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  for (guint i = 0; i < G_N_ELEMENTS (routing_keys); i++)
    g_settings_reset (settings, routing_keys[i]);
}

static ParlanceMessage *
last_message (ParlanceTestSidebar *ui)
{
  GListModel *messages = parlance_chat_session_get_messages (ui->session);

  return g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
}

/* The footer's words, from what the message keeps. */
static void
test_footer (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Hi");
  g_autofree char *text = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *plain = NULL;

  parlance_message_set_model (message, "test/answered-model");
  parlance_message_set_provider_id (message, "openrouter");
  parlance_message_set_provider_name (message, "Chutes");
  parlance_message_set_requested_model (message, "a/model");
  parlance_message_set_attempts (message,
                                 "[{\"model\":\"a/model\",\"error\":\"x\",\"reason\":\"rate_limited\"},"
                                 "{\"model\":\"b/model\",\"error\":\"y\",\"reason\":\"unavailable\"},"
                                 "{\"model\":\"c/model\",\"error\":\"z\",\"reason\":\"quota\"},"
                                 "{\"model\":\"d/model\",\"error\":\"w\",\"reason\":\"no_endpoints\"}]");
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  text = parlance_message_footer_dup_text (message, NULL);
  g_assert_cmpstr (text, ==,
                   "Answered by test/answered-model — a/model was rate-limited, b/model was unavailable, "
                   "c/model had used its daily quota, d/model had no provider to serve it · OpenRouter via Chutes");

  /* A failed reply says nothing of who answered: its status does. */
  parlance_message_set_status (message, PARLANCE_MESSAGE_ERROR, "Rate limited");
  failed = parlance_message_footer_dup_text (message, NULL);
  g_assert_null (strstr (failed, "Answered by"));

  /* Stored text we did not write is read with care: no array, no sentence. */
  parlance_message_set_attempts (message, "{\"model\":1}");
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  plain = parlance_message_footer_dup_text (message, NULL);
  g_assert_cmpstr (plain, ==, "test/answered-model · OpenRouter via Chutes");
}

/* The conversation's own chain: set in its settings, saved with it, asked when its model is
 * rate-limited; the footer says so. */
static void
test_conversation_chain (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkMenuButton *button;
  GtkWidget *popover;
  ParlanceRoutingEditor *editor;
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *body = NULL;
  g_autofree char *model = NULL;
  gint64 id;

  reset_routing_keys ();
  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "First");
  model = g_strdup (parlance_chat_session_get_model (ui.session));

  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_MENU_BUTTON, "conversation-settings-button"));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);
  editor = PARLANCE_ROUTING_EDITOR (parlance_test_ui_find (popover, PARLANCE_TYPE_ROUTING_EDITOR, NULL));
  g_assert_nonnull (editor);
  gtk_switch_set_active (GTK_SWITCH (parlance_test_ui_find (popover, GTK_TYPE_SWITCH, "routing-switch")), TRUE);
  parlance_routing_editor_add_model (editor, "backup/model");
  parlance_test_wait_for (gtk_widget_get_child_visible (GTK_WIDGET (editor)) &&
                          gtk_widget_get_mapped (GTK_WIDGET (editor)), 5000);
  g_free (parlance_test_ui_screenshot (popover, "fallback-settings"));
  gtk_menu_button_popdown (button);
  parlance_test_wait_for (!gtk_widget_get_mapped (popover), 5000);

  parlance_test_sidebar_flush (&ui);
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);
    g_autoptr(ParlanceRouting) routing = parlance_conversation_dup_routing (c);

    g_assert_nonnull (routing);
    g_assert_cmpstr (routing->fallback_models[0], ==, "backup/model");
    g_assert_null (routing->fallback_models[1]);
    g_assert_true (routing->free_only);
  }

  fake_provider_set_model_fault (parlance_test_sidebar_fake, model, FAKE_MODEL_FAULT_RATE_LIMITED);
  parlance_test_sidebar_send (&ui, "Second");
  fake_provider_set_model_fault (parlance_test_sidebar_fake, model, FAKE_MODEL_FAULT_NONE);
  request = parlance_test_sidebar_last_chat_request ();
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_nonnull (strstr (body, "\"backup/model\""));
  reply = last_message (&ui);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  footer = parlance_message_footer_dup_text (reply, NULL);
  g_test_message ("footer: %s", footer);
  g_assert_true (g_str_has_prefix (footer, "Answered by "));
  g_assert_nonnull (strstr (footer, " was rate-limited"));

  parlance_test_sidebar_stop (&ui);
  reset_routing_keys ();
}

/* Preferences writes the defaults; a conversation without its own follows them, and the
 * free-only guard keeps out a default model the catalogue does not list. */
static void
test_preferences_default (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *group;
  ParlanceRoutingEditor *editor;
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(ParlanceMessage) failed = NULL;
  g_autoptr(ParlanceMessage) answered = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  g_autofree char *model = NULL;
  g_auto(GStrv) saved = NULL;

  reset_routing_keys ();
  group = g_object_ref_sink (g_object_new (PARLANCE_TYPE_PREFERENCES_ROUTING, NULL));
  editor = PARLANCE_ROUTING_EDITOR (parlance_test_ui_find (group, PARLANCE_TYPE_ROUTING_EDITOR, NULL));
  g_assert_nonnull (editor);
  parlance_routing_editor_add_model (editor, "default/model");
  saved = g_settings_get_strv (settings, "fallback-models");
  g_assert_cmpstr (saved[0], ==, "default/model");
  g_assert_true (g_settings_get_boolean (settings, "fallback-free-only"));
  g_object_unref (group);

  parlance_test_sidebar_start (&ui);
  parlance_test_sidebar_send (&ui, "First");
  model = g_strdup (parlance_chat_session_get_model (ui.session));
  fake_provider_set_model_fault (parlance_test_sidebar_fake, model, FAKE_MODEL_FAULT_RATE_LIMITED);
  /* The failure at once, not the minute waited out. */
  parlance_chat_session_set_wait_on_limits (ui.session, FALSE);

  /* Free models only, and nobody named it here: not asked, the failure stands. The reply queued
   * for it is taken by the next send. */
  parlance_test_sidebar_send (&ui, "Second");
  failed = last_message (&ui);
  g_assert_cmpint (parlance_message_get_status (failed), ==, PARLANCE_MESSAGE_ERROR);

  g_settings_set_boolean (settings, "fallback-free-only", FALSE);
  parlance_test_sidebar_send (&ui, "Third");
  fake_provider_set_model_fault (parlance_test_sidebar_fake, model, FAKE_MODEL_FAULT_NONE);
  answered = last_message (&ui);
  g_assert_cmpint (parlance_message_get_status (answered), ==, PARLANCE_MESSAGE_COMPLETE);
  request = parlance_test_sidebar_last_chat_request ();
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_nonnull (strstr (body, "\"default/model\""));

  parlance_test_sidebar_stop (&ui);
  reset_routing_keys ();
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/fallback-ui/footer", test_footer);
  g_test_add_func ("/parlance/fallback-ui/conversation-chain", test_conversation_chain);
  g_test_add_func ("/parlance/fallback-ui/preferences-default", test_preferences_default);

  return g_test_run ();
}
