/* test-search-ui-edges.c — the search in the sidebar at its edges, under Xvfb: a result of one
 * huge word, a narrow window, a result on a branch not shown, a title with escape sequences.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-test-search.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

/* A message of one unbroken word of 2,000,000 characters, and a title of 20,000: the window keeps its
 * size, the row shows (and says) a bounded part of it. */
static void
test_search_long_word (void)
{
  ParlanceTestSearch ui = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GString) word = g_string_new ("wide");
  g_autoptr(GString) title = g_string_new ("Title");
  GtkWidget *row, *label, *header;
  gint64 conversation, parent = 0;
  int width, height;

  for (guint i = 0; i < 2000000; i++)
    g_string_append_c (word, 'w');
  for (guint i = 0; i < 20000; i++)
    g_string_append_c (title, 't');
  parlance_test_search_start (&ui);
  width = gtk_widget_get_width (GTK_WIDGET (window (&ui)));
  height = gtk_widget_get_height (GTK_WIDGET (window (&ui)));
  store = parlance_test_sidebar_open_store ();
  conversation = parlance_test_search_add_conversation (store, title->str);
  parlance_test_search_add_message (store, conversation, &parent, PARLANCE_ROLE_USER, word->str);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "wideww"));
  parlance_test_wait_for (searching (&ui) && !parlance_search_pane_get_busy (ui.pane) &&
                          parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-long-word");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window (&ui))), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window (&ui))), ==, height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.pane)), <=, width);

  row = parlance_search_pane_get_row (ui.pane, 0);
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));
  g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (GTK_LABEL (label)), -1), <=, 1000);
  g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (GTK_LABEL (header)), -1), <=, 1000);
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (label)), ==, PANGO_WRAP_WORD_CHAR);
  /* What a screen reader says is the row's text, as bounded. */
  {
    char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                      gtk_label_get_text (GTK_LABEL (label)));
    g_assert_null (wrong);
  }
  /* After the search too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "quokka"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  parlance_test_search_settle (&ui);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window (&ui))), ==, width);
  parlance_test_search_stop (&ui);
}

/* Whether the sidebar (the search or the list) lies within the window. */
static gboolean
sidebar_fits (ParlanceTestSearch *ui)
{
  GtkWidget *win = GTK_WIDGET (ui->leaflet);
  GtkWidget *sidebar = GTK_WIDGET (ui->sidebar_stack);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (sidebar, win, &bounds))
    return FALSE;
  return bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (win);
}

/* A folded window, @width wide, on the conversation: Ctrl+K shows the search with the keyboard
 * in it, typing goes there; after Back, the sidebar is within the window. */
static void
narrow (int width)
{
  ParlanceTestSearch ui = { 0 };
  g_autofree char *name = g_strdup_printf ("search-narrow-%d", width);
  g_autofree char *back = g_strdup_printf ("search-narrow-%d-back", width);

  parlance_test_search_start (&ui);
  gtk_window_set_default_size (window (&ui), width, 700);
  parlance_test_wait_for (adw_leaflet_get_folded (ui.leaflet) &&
                          gtk_widget_get_width (GTK_WIDGET (ui.leaflet)) <= width, 30000);
  g_test_message ("window %d, leaflet %d", gtk_widget_get_width (GTK_WIDGET (window (&ui))),
                  gtk_widget_get_width (GTK_WIDGET (ui.leaflet)));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "content");
  parlance_test_search_take_keyboard (&ui);
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar") &&
                          focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_type (&ui, "quokka");
  parlance_test_wait_for (!adw_leaflet_get_child_transition_running (ui.leaflet), 5000);
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, name);
  g_assert_cmpstr (parlance_search_pane_get_text (ui.pane), ==, "quokka");
  g_assert_true (sidebar_fits (&ui));
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (entry (&ui), GTK_WIDGET (ui.leaflet), &bounds));
    g_assert_cmpfloat (bounds.origin.x, >=, 0);
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (ui.leaflet)));
  }

  parlance_test_search_press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "content") &&
                          parlance_message_list_get_highlighted (ui.messages) != 0, 10000);
  /* Back, then the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.show-conversations", NULL));
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar"), 5000);
  parlance_test_search_press (&ui, GDK_KEY_Escape, FALSE);
  parlance_test_wait_for (!searching (&ui) && !adw_leaflet_get_child_transition_running (ui.leaflet), 5000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, back);
  g_assert_true (sidebar_fits (&ui));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.sidebar_stack)), >=, gtk_widget_get_width (GTK_WIDGET (ui.leaflet)) - 2);

  gtk_window_set_default_size (window (&ui), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (ui.leaflet), 30000);
  parlance_test_search_settle (&ui);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.sidebar_stack)), <=, 300);
  parlance_test_search_stop (&ui);
}

static void
test_search_narrow_400 (void)
{
  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  narrow (400);
}

static void
test_search_narrow_560 (void)
{
  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  narrow (560);
}

/* A result on a branch not shown (a first draft, regenerated): the conversation switches to that
 * branch, at its newest reply, and lands on the message, highlighted. A message no longer there
 * clears the highlight before. */
static void
test_search_other_branch (void)
{
  ParlanceTestSearch ui = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 poem, question, draft, follow_up, second, thanks, parent = 0;

  parlance_test_search_start (&ui);
  store = parlance_test_sidebar_open_store ();
  poem = parlance_test_search_add_conversation (store, "Poem");
  question = parlance_test_search_add_message (store, poem, &parent, PARLANCE_ROLE_USER, "Write a poem about rivers");
  draft = parlance_test_search_add_message (store, poem, &parent, PARLANCE_ROLE_ASSISTANT, "A first draft about herons by the water");
  follow_up = parlance_test_search_add_message (store, poem, &parent, PARLANCE_ROLE_USER, "Shorter, please");
  parent = question;
  second = parlance_test_search_add_message (store, poem, &parent, PARLANCE_ROLE_ASSISTANT, "Rivers run, and so do we");
  thanks = parlance_test_search_add_message (store, poem, &parent, PARLANCE_ROLE_USER, "Thanks");

  /* A highlight from before, elsewhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.open-message", "(xx)",
                                             poem, second));
  parlance_test_wait_for (open_id (&ui) == poem && parlance_test_search_highlighted_in_sight (&ui, second), 10000);
  g_assert_null (parlance_message_list_get_row (ui.messages, draft));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "herons"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  g_signal_emit_by_name (entry (&ui), "activate");
  parlance_test_wait_for (parlance_message_list_get_highlighted (ui.messages) == draft &&
                          parlance_test_search_highlighted_in_sight (&ui, draft), 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-other-branch");
  g_assert_nonnull (parlance_message_list_get_row (ui.messages, follow_up));
  g_assert_null (parlance_message_list_get_row (ui.messages, second));
  g_assert_null (parlance_message_list_get_row (ui.messages, thanks));
  g_assert_false (gtk_widget_has_css_class (parlance_message_list_get_row (ui.messages, question), "search-hit"));
  /* Saved: the conversation opens on that branch from now on. */
  conversation = parlance_store_get_conversation (store, poem, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parlance_conversation_get_tip_id (conversation), ==, follow_up);

  /* A message not in the conversation: the highlight before goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.open-message", "(xx)",
                                             poem, ui.seeds.trip_quokka));
  parlance_test_wait_for (parlance_message_list_get_highlighted (ui.messages) == 0, 10000);
  parlance_test_search_settle (&ui);
  g_assert_false (gtk_widget_has_css_class (parlance_message_list_get_row (ui.messages, draft), "search-hit"));
  g_assert_cmpint (open_id (&ui), ==, poem);
  parlance_test_search_stop (&ui);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/search-ui-edges/long-word", test_search_long_word);
  g_test_add_func ("/parlance/search-ui-edges/narrow-400", test_search_narrow_400);
  g_test_add_func ("/parlance/search-ui-edges/narrow-560", test_search_narrow_560);
  g_test_add_func ("/parlance/search-ui-edges/other-branch", test_search_other_branch);

  return g_test_run ();
}
