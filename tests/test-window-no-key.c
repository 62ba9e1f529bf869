/* test-window-no-key.c — stored conversations open without an API key (history imported before
 * any key is set up): from the sidebar, from a search result and from app.open-message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-test-search.h"
#include "parlance-test-utils.h"

static const char *
main_page (ParlanceTestSearch *ui)
{
  GtkWidget *page = parlance_test_ui_find (GTK_WIDGET (window (ui)), ADW_TYPE_STATUS_PAGE, "first-run");

  return gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (page, GTK_TYPE_STACK)));
}

static GtkWidget *
key_button (ParlanceTestSearch *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_BUTTON, "_Add Key…");
}

/* The history shows; in place of the composer, a bar leads to the key. */
static void
assert_readable (ParlanceTestSearch *ui)
{
  GtkWidget *button;

  parlance_test_wait_for (g_strcmp0 (main_page (ui), "conversation") == 0 &&
                          parlance_conversation_view_get_missing_key (ui->view), 10000);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (ui->messages)), 10000);
  g_assert_false (gtk_widget_get_mapped (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_TEXT_VIEW, NULL)));
  button = key_button (ui);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.add-key");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL),
                   ==, "openrouter");
}

static void
test_no_key_sidebar (void)
{
  ParlanceTestSearch ui = { 0 };

  parlance_test_search_start (&ui);
  /* Nothing open: the first-run page, as before. */
  parlance_test_wait_for (g_strcmp0 (main_page (&ui), "first-run") == 0, 10000);

  g_signal_emit_by_name (ui.sidebar.sidebar, "activated", ui.seeds.zoo);
  parlance_test_wait_for (open_id (&ui) == ui.seeds.zoo, 10000);
  assert_readable (&ui);
  parlance_test_wait_for (parlance_message_list_get_row (ui.messages, ui.seeds.zoo_quokka[1]) != NULL, 10000);
  parlance_test_search_screenshot (&ui, "window-no-key");

  /* A new conversation can't be written without a key: the first-run page again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.new-conversation", NULL));
  parlance_test_wait_for (g_strcmp0 (main_page (&ui), "first-run") == 0, 10000);
  parlance_test_search_stop (&ui);
}

static void
test_no_key_open_message (void)
{
  ParlanceTestSearch ui = { 0 };

  parlance_test_search_start (&ui);
  parlance_test_wait_for (g_strcmp0 (main_page (&ui), "first-run") == 0, 10000);

  /* As a search result (or GNOME Shell's) opens it: scrolled to the message, highlighted. */
  g_action_group_activate_action (G_ACTION_GROUP (ui.sidebar.app), "open-message",
                                  g_variant_new ("(xx)", ui.seeds.trip, ui.seeds.trip_quokka));
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip, 10000);
  assert_readable (&ui);
  parlance_test_wait_for (parlance_test_search_highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);

  g_action_group_activate_action (G_ACTION_GROUP (window (&ui)), "open-message",
                                  g_variant_new ("(xx)", ui.seeds.recipes, (gint64) 0));
  parlance_test_wait_for (open_id (&ui) == ui.seeds.recipes, 10000);
  assert_readable (&ui);
  parlance_test_search_stop (&ui);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_sidebar_init (&argc, &argv);
  /* No provider has a key. */
  g_unsetenv ("OPENROUTER_API_KEY");

  g_test_add_func ("/parlance/window-no-key/sidebar", test_no_key_sidebar);
  g_test_add_func ("/parlance/window-no-key/open-message", test_no_key_open_message);

  return g_test_run ();
}
