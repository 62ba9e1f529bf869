/* test-sidebar-keyboard.c — the sidebar by keyboard under Xvfb: the arrow keys browse the list,
 * Enter opens, the Archived view and its way back, and what assistive technologies read.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-conversation-view.h"
#include "parlance-sidebar-row.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static gint64
open_id (ParlanceTestSidebar *ui)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (ui->session));
}

static GtkWidget *
list_view (ParlanceTestSidebar *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->sidebar), GTK_TYPE_LIST_VIEW, NULL);
}

/* The row widget on screen for @id. */
static ParlanceSidebarRow *
row_for (ParlanceTestSidebar *ui,
         gint64               id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list_view (ui)); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (PARLANCE_IS_SIDEBAR_ROW (row) && parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (row)) != NULL &&
          parlance_conversation_get_id (parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (row))) == id)
        return PARLANCE_SIDEBAR_ROW (row);
    }
  return NULL;
}

static gboolean
focus_in (ParlanceTestSidebar *ui,
          GtkWidget           *ancestor)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (ui->window));

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static GtkWidget *
conversation_view (ParlanceTestSidebar *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
}

/* Three conversations, newest (open) first: ids[0] is on top. */
static void
start_with_three (ParlanceTestSidebar *ui,
                  gint64               ids[3])
{
  ParlanceSidebarRow *row;

  parlance_test_sidebar_start (ui);
  ids[2] = parlance_test_sidebar_send (ui, "Oldest");
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui->window), GDK_KEY_n, GDK_CONTROL_MASK));
  ids[1] = parlance_test_sidebar_send (ui, "Middle");
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui->window), GDK_KEY_n, GDK_CONTROL_MASK));
  ids[0] = parlance_test_sidebar_send (ui, "Newest");
  parlance_test_wait_for (g_list_model_get_n_items (ui->list) == 3 &&
                          parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui->list), ids[0]) == 0 &&
                          parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui->list), ids[2]) == 2, 20000);
  parlance_test_wait_for ((row = row_for (ui, ids[0])) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 20000);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
}

/* Lets a conversation that opens finish, and whatever it does with the focus happen. */
static void
settle (ParlanceTestSidebar *ui)
{
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_keyboard_arrows_wide (void)
{
  ParlanceTestSidebar ui = { 0 };
  gint64 ids[3];

  start_with_three (&ui, ids);
  g_assert_cmpint (open_id (&ui), ==, ids[0]);

  /* Down shows the next conversation beside the list; the keyboard stays in the list. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Down, 0));
  parlance_test_wait_for (open_id (&ui) == ids[1], 20000);
  settle (&ui);
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, ids[1]);
  g_assert_true (focus_in (&ui, list_view (&ui)));

  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Down, 0));
  parlance_test_wait_for (open_id (&ui) == ids[2], 20000);
  settle (&ui);
  g_assert_true (focus_in (&ui, list_view (&ui)));

  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Up, 0));
  parlance_test_wait_for (open_id (&ui) == ids[1], 20000);
  settle (&ui);
  g_assert_true (focus_in (&ui, list_view (&ui)));

  /* Enter: the keyboard goes to the composer. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Return, 0));
  parlance_test_wait_for (focus_in (&ui, conversation_view (&ui)), 20000);
  g_assert_cmpint (open_id (&ui), ==, ids[1]);

  parlance_test_sidebar_stop (&ui);
}

static void
test_keyboard_arrows_narrow (void)
{
  ParlanceTestSidebar ui = { 0 };
  AdwLeaflet *leaflet;
  ParlanceSidebarRow *row;
  gint64 ids[3];

  start_with_three (&ui, ids);
  leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_LEAFLET, NULL));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 30000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.show-conversations", NULL));
  parlance_test_wait_for ((row = row_for (&ui, ids[0])) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 20000);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));

  /* Down moves in the list, which stays on screen. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Down, 0));
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, ids[1]);
  settle (&ui);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  g_assert_true (focus_in (&ui, list_view (&ui)));

  /* Enter shows the conversation, ready to write in. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Return, 0));
  parlance_test_wait_for (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "content") == 0, 20000);
  parlance_test_wait_for (open_id (&ui) == ids[1] && focus_in (&ui, conversation_view (&ui)), 20000);

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (leaflet), 30000);
  parlance_test_sidebar_stop (&ui);
}

static gboolean
shows_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child))
      return TRUE;
  return FALSE;
}

/* Every button that shows no text has a name for screen readers. */
static guint
check_button_names (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    {
      if (!shows_text (widget))
        {
          g_test_message ("%s %s", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_tooltip_text (widget));
          g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
        }
      n++;
      /* A menu button's own toggle button is inside it. */
      if (GTK_IS_MENU_BUTTON (widget))
        return n;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += check_button_names (child);
  return n;
}

static void
assert_row_name (ParlanceTestSidebar *ui,
                 gint64               id,
                 const char          *title,
                 gboolean             pinned)
{
  ParlanceSidebarRow *row = row_for (ui, id);
  GtkWidget *time = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_LABEL, "numeric");
  const char *model = parlance_chat_session_get_model (ui->session);
  g_autofree char *expected = NULL;
  char *wrong;

  model = strrchr (model, '/') != NULL ? strrchr (model, '/') + 1 : model;
  expected = g_strdup_printf ("%s, %s, %s%s", title, model, gtk_label_get_text (GTK_LABEL (time)),
                              pinned ? ", pinned" : "");
  /* The list item has the keyboard focus. */
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row))),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  g_assert_null (wrong);
}

static void
test_keyboard_accessible_names (void)
{
  ParlanceTestSidebar ui = { 0 };
  AdwLeaflet *leaflet;
  ParlanceSidebarRow *row;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Accessible names");
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL, 20000);
  g_assert_cmpuint (check_button_names (GTK_WIDGET (ui.window)), >=, 5);
  assert_row_name (&ui, id, "Accessible names", FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.pin", "x", id));
  parlance_test_wait_for (row_for (&ui, id) != NULL && parlance_conversation_get_pinned (parlance_sidebar_row_get_conversation (row_for (&ui, id))), 20000);
  assert_row_name (&ui, id, "Accessible names", TRUE);

  /* Folded, the provider is an icon. */
  leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_LEAFLET, NULL));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 30000);
  check_button_names (GTK_WIDGET (ui.window));

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (leaflet), 30000);
  parlance_test_sidebar_stop (&ui);
}

/* Archiving the open conversation says so, with Undo. */
static void
test_keyboard_archive_undo (void)
{
  ParlanceTestSidebar ui = { 0 };
  GListModel *archived;
  GtkWidget *undo;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Archive me");
  archived = G_LIST_MODEL (parlance_sidebar_get_archived_list (ui.sidebar));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.archive", "x", (gint64) 0));
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), id) == G_MAXUINT, 20000);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, "Conversation archived") != NULL, 20000);
  parlance_test_wait_for ((undo = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_BUTTON, "_Undo")) != NULL &&
                          gtk_widget_get_mapped (undo), 20000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-archived-toast"));
  gtk_widget_activate (undo);
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), id) != G_MAXUINT &&
                          parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (archived), id) == G_MAXUINT, 20000);
  parlance_test_wait_for (parlance_sidebar_get_selected_id (ui.sidebar) == id, 20000);

  parlance_test_sidebar_stop (&ui);
}

/* The Archived view has a way back: a back button in its header, and Escape. */
static void
test_keyboard_archived_way_back (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkWidget *back, *sidebar_header;
  gint64 archived;

  parlance_test_sidebar_start (&ui);
  archived = parlance_test_sidebar_send (&ui, "Archived");
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_n, GDK_CONTROL_MASK));
  parlance_test_sidebar_send (&ui, "Stays in the list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.archive", "x", archived));
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (parlance_sidebar_get_archived_list (ui.sidebar)), archived) != G_MAXUINT, 20000);
  /* The header is above the stack that holds the list or the search. */
  sidebar_header = gtk_widget_get_prev_sibling (gtk_widget_get_parent (GTK_WIDGET (ui.sidebar)));
  g_assert_true (ADW_IS_HEADER_BAR (sidebar_header));
  back = parlance_test_ui_find (sidebar_header, GTK_TYPE_BUTTON, "archived-back-button");
  g_assert_nonnull (back);
  g_assert_false (gtk_widget_get_visible (back));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.show-archived", NULL));
  g_assert_true (parlance_sidebar_get_show_archived (ui.sidebar));
  g_assert_nonnull (parlance_test_ui_find (sidebar_header, GTK_TYPE_LABEL, "Archived"));
  g_assert_nonnull (parlance_test_ui_find (sidebar_header, GTK_TYPE_LABEL, "Conversations"));
  parlance_test_wait_for (gtk_widget_get_mapped (back), 20000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-archived-view"));
  gtk_widget_activate (back);
  parlance_test_wait_for (!parlance_sidebar_get_show_archived (ui.sidebar), 20000);
  g_assert_false (gtk_widget_get_visible (back));

  /* Escape from within the view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.show-archived", NULL));
  settle (&ui);
  g_assert_true (focus_in (&ui, GTK_WIDGET (ui.sidebar)));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Escape, 0));
  g_assert_false (parlance_sidebar_get_show_archived (ui.sidebar));
  settle (&ui);
  g_assert_true (focus_in (&ui, list_view (&ui)));

  parlance_test_sidebar_stop (&ui);
}

/* The row's menu shows the keys for Rename and Delete. */
static void
test_keyboard_menu_accels (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceSidebarRow *row;
  GtkWidget *menu = NULL;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Menu with keys");
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 20000);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Menu, 0));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 20000);
  g_assert_nonnull (parlance_test_ui_find (menu, GTK_TYPE_LABEL, "F2"));
  g_assert_nonnull (parlance_test_ui_find (menu, GTK_TYPE_LABEL, "Delete"));
  gtk_popover_popdown (GTK_POPOVER (menu));

  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/sidebar-keyboard/arrows-wide", test_keyboard_arrows_wide);
  g_test_add_func ("/parlance/sidebar-keyboard/arrows-narrow", test_keyboard_arrows_narrow);

  g_test_add_func ("/parlance/sidebar-keyboard/accessible-names", test_keyboard_accessible_names);

  g_test_add_func ("/parlance/sidebar-keyboard/archive-undo", test_keyboard_archive_undo);
  g_test_add_func ("/parlance/sidebar-keyboard/archived-way-back", test_keyboard_archived_way_back);

  g_test_add_func ("/parlance/sidebar-keyboard/menu-accels", test_keyboard_menu_accels);

  return g_test_run ();
}
