/* test-conversation-settings.c — a conversation's own settings (the header's popover), the
 * defaults new conversations take from Preferences, and what reaches the provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "parlance-model-catalog.h"
#include "parlance-preferences-defaults.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static void
test_conversation_settings_saved (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkMenuButton *button;
  GtkWidget *popover;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Settings");

  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_MENU_BUTTON, "conversation-settings-button"));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, "Conversation Settings");
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  /* Tests share one X display: another test's grab must not close it. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);

  /* A system prompt and a temperature; top-p and the token limit stay unset. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (parlance_test_ui_find (popover, GTK_TYPE_TEXT_VIEW, NULL))),
                            "Answer like a pirate.", -1);
  gtk_switch_set_active (GTK_SWITCH (parlance_test_ui_find (popover, GTK_TYPE_SWITCH, NULL)), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (parlance_test_ui_find (popover, GTK_TYPE_SPIN_BUTTON, NULL)), 0.3);
  g_free (parlance_test_ui_screenshot (popover, "sidebar-settings"));
  gtk_menu_button_popdown (button);
  parlance_test_wait_for (!gtk_widget_get_mapped (popover), 5000);

  parlance_test_sidebar_flush (&ui);
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);
    double d = 0;
    gint64 n = 0;

    g_assert_nonnull (c);
    g_assert_cmpstr (parlance_conversation_get_system_prompt (c), ==, "Answer like a pirate.");
    g_assert_true (parlance_conversation_get_temperature (c, &d));
    g_assert_cmpfloat_with_epsilon (d, 0.3, 1e-9);
    g_assert_false (parlance_conversation_get_top_p (c, &d));
    g_assert_false (parlance_conversation_get_max_tokens (c, &n));
  }

  /* The next request carries what is set, and nothing of what is not. */
  parlance_test_sidebar_send (&ui, "Ahoy?");
  request = parlance_test_sidebar_last_chat_request ();
  g_assert_nonnull (request);
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_test_message ("request: %s", body);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_true (json_object_has_member (object, "temperature"));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "temperature"), 0.3, 1e-9);
    g_assert_false (json_object_has_member (object, "top_p"));
    g_assert_false (json_object_has_member (object, "max_tokens"));
  }
  g_assert_nonnull (strstr (body, "Answer like a pirate."));
  g_assert_null (strstr (body, "top_p"));
  g_assert_null (strstr (body, "max_tokens"));
  g_assert_null (strstr (body, "reasoning"));

  parlance_test_sidebar_stop (&ui);
}

/* Conversations of every group, written to the store before the window opens. */
static void
test_conversation_settings_reasoning (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(ParlanceModelCatalog) catalog = NULL;
  g_autoptr(GBytes) models = parlance_test_load_fixture ("models-openrouter-sample.200.json");
  g_autofree char *cache = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *header = g_strdup_printf ("parlance-models %" G_GINT64_FORMAT "\n", g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GString) contents = g_string_new (header);
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  GtkMenuButton *button;
  GtkWidget *popover, *effort;

  parlance_test_sidebar_start (&ui);
  catalog = parlance_model_catalog_new (parlance_chat_session_get_provider (ui.session));
  cache = parlance_model_catalog_dup_cache_path (catalog);
  cache_dir = g_path_get_dirname (cache);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  g_string_append_len (contents, g_bytes_get_data (models, NULL), g_bytes_get_size (models));
  g_assert_true (g_file_set_contents (cache, contents->str, contents->len, NULL));

  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_MENU_BUTTON, "conversation-settings-button"));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  effort = parlance_test_ui_find (popover, ADW_TYPE_COMBO_ROW, NULL);

  /* A model that does not reason: no effort row. */
  parlance_chat_session_set_model (ui.session, "anthropic/claude-3.5-sonnet");
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);
  parlance_test_ui_wait_drawn (popover);
  g_assert_false (gtk_widget_get_visible (effort));
  gtk_menu_button_popdown (button);

  /* One that does: the row, set to High. */
  parlance_chat_session_set_model (ui.session, "deepseek/deepseek-r1");
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_visible (effort), 5000);
  adw_combo_row_set_selected (ADW_COMBO_ROW (effort), 4);
  g_free (parlance_test_ui_screenshot (popover, "sidebar-settings-reasoning"));
  gtk_menu_button_popdown (button);
  g_assert_cmpstr (parlance_conversation_get_reasoning_effort (parlance_chat_session_get_conversation (ui.session)), ==, "high");

  parlance_test_sidebar_send (&ui, "Think hard");
  request = parlance_test_sidebar_last_chat_request ();
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_test_message ("request: %s", body);
  g_assert_nonnull (strstr (body, "\"high\""));

  g_remove (cache);
  parlance_test_sidebar_stop (&ui);
}

/* Preferences → New Conversations: what a new conversation starts with, and what it sends. */
static void
test_conversation_settings_new_defaults (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  ParlanceConversation *c;
  gboolean generate = FALSE;
  double d = 0;
  gint64 n = 0;

  parlance_test_sidebar_start (&ui);
  g_settings_set_string (settings, "default-system-prompt", "You are terse.");
  g_settings_set_double (settings, "default-temperature", 0.5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL));
  c = parlance_chat_session_get_conversation (ui.session);
  g_assert_cmpstr (parlance_conversation_get_system_prompt (c), ==, "You are terse.");
  g_assert_true (parlance_conversation_get_temperature (c, &d));
  g_assert_cmpfloat_with_epsilon (d, 0.5, 1e-9);
  g_assert_false (parlance_conversation_get_top_p (c, &d));
  g_assert_false (parlance_conversation_get_max_tokens (c, &n));
  g_assert_null (parlance_conversation_get_reasoning_effort (c));

  parlance_test_sidebar_send (&ui, "Defaults");
  request = parlance_test_sidebar_last_chat_request ();
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_nonnull (strstr (body, "You are terse."));
  g_assert_nonnull (strstr (body, "\"temperature\":0.5"));
  g_assert_null (strstr (body, "top_p"));
  g_assert_null (strstr (body, "max_tokens"));

  /* Suggesting titles follows the preference. */
  g_settings_set_boolean (settings, "generate-titles", TRUE);
  g_object_get (ui.session, "generate-titles", &generate, NULL);
  g_assert_true (generate);

  g_settings_reset (settings, "default-system-prompt");
  g_settings_reset (settings, "default-temperature");
  g_settings_reset (settings, "generate-titles");
  parlance_test_sidebar_stop (&ui);
}

/* The Preferences group writes "unset" when a switch is off. */
static void
test_conversation_settings_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *group = g_object_ref_sink (g_object_new (PARLANCE_TYPE_PREFERENCES_DEFAULTS, NULL));
  GtkSwitch *temperature = GTK_SWITCH (parlance_test_ui_find (group, GTK_TYPE_SWITCH, NULL));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (parlance_test_ui_find (group, GTK_TYPE_SPIN_BUTTON, NULL));

  g_assert_cmpfloat (g_settings_get_double (settings, "default-temperature"), ==, -1);
  g_assert_false (gtk_switch_get_active (temperature));
  gtk_switch_set_active (temperature, TRUE);
  gtk_spin_button_set_value (spin, 0.7);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "default-temperature"), 0.7, 1e-9);
  gtk_switch_set_active (temperature, FALSE);
  g_assert_cmpfloat (g_settings_get_double (settings, "default-temperature"), ==, -1);
  g_assert_cmpint (g_settings_get_int64 (settings, "default-max-tokens"), ==, 0);

  g_object_unref (group);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/conversation-settings/saved", test_conversation_settings_saved);
  g_test_add_func ("/parlance/conversation-settings/reasoning", test_conversation_settings_reasoning);
  g_test_add_func ("/parlance/conversation-settings/new-defaults", test_conversation_settings_new_defaults);
  g_test_add_func ("/parlance/conversation-settings/preferences", test_conversation_settings_preferences);

  return g_test_run ();
}
