/* test-sidebar.c — saved conversations in the window under Xvfb: the sidebar, its actions and
 * shortcuts, reopening after a restart, the narrow layout, the banners and screenshots.
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

#include "parlance-conversation-view.h"
#include "parlance-sidebar-private.h"
#include "parlance-sidebar-row.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static ParlanceConversation *
listed (ParlanceTestSidebar *ui,
        gint64  id)
{
  return parlance_conversation_list_lookup (PARLANCE_CONVERSATION_LIST (ui->list), id);
}

static gboolean
is_listed (GListModel *list,
           gint64      id)
{
  return parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (list), id) != G_MAXUINT;
}

/* The row widget on screen for @id. */
static ParlanceSidebarRow *
row_for (ParlanceTestSidebar *ui,
         gint64  id)
{
  GtkWidget *view = parlance_test_ui_find (GTK_WIDGET (ui->sidebar), GTK_TYPE_LIST_VIEW, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (view); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (PARLANCE_IS_SIDEBAR_ROW (row) && parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (row)) != NULL &&
          parlance_conversation_get_id (parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (row))) == id)
        return PARLANCE_SIDEBAR_ROW (row);
    }
  return NULL;
}

/* The group heading shown on @row, or NULL. */
static const char *
row_header (ParlanceSidebarRow *row)
{
  GtkWidget *label = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_LABEL, "sidebar-header");

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static const char *
row_title (ParlanceSidebarRow *row)
{
  GtkWidget *label = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_LABEL, "sidebar-title");

  return gtk_label_get_label (GTK_LABEL (label));
}

static char *
stored_title (gint64 id)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);

  return c != NULL ? g_strdup (parlance_conversation_get_title (c)) : NULL;
}

static gboolean
stored_exists (gint64 id)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);

  return c != NULL;
}

static void
test_sidebar_create (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceSidebarRow *row;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  /* No conversations: the empty state. */
  g_assert_cmpuint (g_list_model_get_n_items (ui.list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_STACK, NULL))),
                   ==, "empty");

  id = parlance_test_sidebar_send (&ui, "What is the capital of France?\nAnswer in one word.");
  g_assert_cmpuint (g_list_model_get_n_items (ui.list), ==, 1);
  g_assert_cmpstr (parlance_conversation_get_title (listed (&ui, id)), ==, "What is the capital of France?");
  /* Under Today, selected, in the store. */
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL, 5000);
  g_assert_cmpstr (row_header (row), ==, "Today");
  g_assert_cmpstr (row_title (row), ==, "What is the capital of France?");
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, id);
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_LIST_VIEW, NULL))));
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  }
  parlance_test_sidebar_flush (&ui);
  {
    g_autofree char *title = stored_title (id);
    g_assert_cmpstr (title, ==, "What is the capital of France?");
  }

  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_rename (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkWindow *dialog;
  GtkEditable *entry;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Old title");

  /* F2 on the window asks for the open conversation's new title. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_F2, 0));
  parlance_test_wait_for ((dialog = parlance_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 5000);
  entry = GTK_EDITABLE (parlance_test_ui_find (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Old title");
  gtk_editable_set_text (entry, "  Trip to Paris  ");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "rename");

  parlance_test_wait_for (g_strcmp0 (parlance_conversation_get_title (listed (&ui, id)), "Trip to Paris") == 0, 5000);
  g_assert_cmpstr (parlance_conversation_get_title (parlance_chat_session_get_conversation (ui.session)), ==, "Trip to Paris");
  g_assert_cmpstr (row_title (row_for (&ui, id)), ==, "Trip to Paris");
  parlance_test_sidebar_flush (&ui);
  {
    g_autofree char *title = stored_title (id);
    g_assert_cmpstr (title, ==, "Trip to Paris");
  }

  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_pin_and_archive (void)
{
  ParlanceTestSidebar ui = { 0 };
  GListModel *archived;
  ParlanceSidebarRow *row;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "First conversation");
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_n, GDK_CONTROL_MASK));
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)), ==, 0);
  second = parlance_test_sidebar_send (&ui, "Second conversation");
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) == 2, 5000);
  /* Newest first. */
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), second) == 0, 5000);

  /* Pinning the older one moves it on top, under Pinned. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.pin", "x", first));
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), first) == 0, 5000);
  parlance_test_wait_for ((row = row_for (&ui, first)) != NULL && g_strcmp0 (row_header (row), "Pinned") == 0, 5000);
  parlance_test_wait_for ((row = row_for (&ui, second)) != NULL && g_strcmp0 (row_header (row), "Today") == 0, 5000);
  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = NULL;

    parlance_test_sidebar_flush (&ui);
    c = parlance_store_get_conversation (store, first, NULL);
    g_assert_true (parlance_conversation_get_pinned (c));
  }
  /* The selection stayed on the open conversation through the move. */
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, second);

  /* Archiving takes it out of the list and into the Archived view. */
  archived = G_LIST_MODEL (parlance_sidebar_get_archived_list (ui.sidebar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.archive", "x", first));
  parlance_test_wait_for (!is_listed (ui.list, first), 5000);
  parlance_test_wait_for (is_listed (archived, first), 5000);
  /* The main menu's check item shows them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.show-archived", NULL));
  g_assert_true (parlance_sidebar_get_show_archived (ui.sidebar));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_STACK, NULL))),
                   ==, "archived");

  /* And back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.unarchive", "x", first));
  parlance_test_wait_for (is_listed (ui.list, first) && !is_listed (archived, first), 5000);

  parlance_test_sidebar_stop (&ui);
}

/* The close button of the toast on screen. */
static GtkWidget *
find_toast_button (GtkWidget  *root,
                   const char *label)
{
  return parlance_test_ui_find (root, GTK_TYPE_BUTTON, label);
}

static void
test_sidebar_delete_undo (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkWidget *undo;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Keep me");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.delete", "x", (gint64) 0));
  /* The row goes at once; a new conversation takes the open one's place. */
  g_assert_false (is_listed (ui.list, id));
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)), ==, 0);

  parlance_test_wait_for ((undo = find_toast_button (GTK_WIDGET (ui.window), "_Undo")) != NULL &&
                          gtk_widget_get_mapped (undo), 5000);
  gtk_widget_activate (undo);
  parlance_test_wait_for (is_listed (ui.list, id), 5000);
  /* Reopened, and never deleted. */
  parlance_test_wait_for (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)) == id, 5000);
  parlance_test_wait_for (find_toast_button (GTK_WIDGET (ui.window), "_Undo") == NULL, 5000);
  parlance_test_sidebar_flush (&ui);
  g_assert_true (stored_exists (id));

  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_delete (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkWidget *undo;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "Delete me when the toast goes");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL);
  second = parlance_test_sidebar_send (&ui, "Delete me when the window closes");

  /* The toast goes without Undo: deleted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.delete", "x", first));
  g_assert_false (is_listed (ui.list, first));
  g_assert_true (stored_exists (first));
  parlance_test_wait_for ((undo = find_toast_button (GTK_WIDGET (ui.window), "_Undo")) != NULL, 5000);
  parlance_test_wait_for (!stored_exists (first), 15000);
  g_assert_true (stored_exists (second));

  /* The window closes (the app quits) while the toast is up: deleted too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.delete", "x", second));
  g_assert_false (is_listed (ui.list, second));
  gtk_window_close (GTK_WINDOW (ui.window));
  /* Off the main thread, and the application waits for it before it may quit. */
  g_assert_cmpuint (parlance_application_get_saving (ui.app), >, 0);
  parlance_test_wait_for (parlance_application_get_saving (ui.app) == 0, 15000);
  g_assert_false (stored_exists (second));

  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_reopen (void)
{
  ParlanceTestSidebar ui = { 0 };
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Remember this conversation");
  parlance_test_sidebar_flush (&ui);
  parlance_test_ui_close_windows ();

  /* A new window on the same data opens it again, with its messages. */
  parlance_test_sidebar_start (&ui);
  parlance_test_wait_for (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)) == id, 10000);
  parlance_test_wait_for (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)) == 2, 10000);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, "Remember this conversation") != NULL, 10000);
  parlance_test_wait_for (parlance_sidebar_get_selected_id (ui.sidebar) == id, 5000);
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (ui.session)), ==, "openrouter");

  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_narrow (void)
{
  ParlanceTestSidebar ui = { 0 };
  AdwLeaflet *leaflet;
  GtkWidget *back;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Narrow window");
  leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_LEAFLET, NULL));
  g_assert_false (adw_leaflet_get_folded (leaflet));

  /* Resized once it is on screen (a busy machine can take seconds). */
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 30000);
  /* Folded, with the back button, it still fits 360 px. */
  parlance_test_wait_for (gtk_widget_get_width (GTK_WIDGET (ui.window)) < 400, 10000);
  g_test_message ("folded width: %d", gtk_widget_get_width (GTK_WIDGET (ui.window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.window)), <=, 360);
  {
    int minimum;

    gtk_widget_measure (GTK_WIDGET (ui.window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  back = NULL;
  for (GtkWidget *w = parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_HEADER_BAR, "conversation-header"); w != NULL; w = NULL)
    back = parlance_test_ui_find (w, GTK_TYPE_BUTTON, "back-button");
  g_assert_nonnull (back);

  /* The conversation shows, with a back button to the list. */
  adw_leaflet_set_visible_child_name (leaflet, "content");
  parlance_test_wait_for (gtk_widget_get_mapped (back), 5000);
  gtk_widget_activate (back);
  parlance_test_wait_for (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0, 5000);
  /* Choosing a conversation goes back to it. */
  g_signal_emit_by_name (ui.sidebar, "activated", id);
  parlance_test_wait_for (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "content") == 0, 5000);

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (leaflet), 30000);
  parlance_test_sidebar_stop (&ui);
}

static void
test_sidebar_context_menu_keyboard (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceSidebarRow *row;
  GtkWidget *menu = NULL;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Menu by keyboard");
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 5000);

  /* The keyboard on the row; Shift+F10 opens its menu. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_F10, GDK_SHIFT_MASK));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);
  gtk_popover_popdown (GTK_POPOVER (menu));
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu") == NULL, 5000);

  /* The Menu key too; its items act on the row's conversation. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Menu, 0));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);
  {
    GMenuModel *model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (model, 1, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_INT64);
    char *action = NULL;

    g_assert_true (g_menu_model_get_item_attribute (model, 1, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "conversation.pin");
    g_assert_cmpint (g_variant_get_int64 (target), ==, id);
    g_free (action);
  }
  gtk_popover_popdown (GTK_POPOVER (menu));

  parlance_test_sidebar_stop (&ui);
}

/* A right click on a row that is not open: it opens, and its menu shows where the pointer is. */
static void
test_sidebar_context_menu_pointer (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkWidget *view, *menu = NULL;
  GtkGesture *click = NULL;
  ParlanceSidebarRow *row;
  graphene_point_t point;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "Right-click me");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL);
  second = parlance_test_sidebar_send (&ui, "Open now");
  parlance_test_wait_for ((row = row_for (&ui, first)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (row));
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, second);

  view = parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_LIST_VIEW, NULL);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (controller) &&
            gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
          click = GTK_GESTURE (controller);
      }
  }
  g_assert_nonnull (click);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row), view,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (row)) / 2.0,
                                                                 gtk_widget_get_height (GTK_WIDGET (row)) - 10),
                                           &point));
  g_signal_emit_by_name (click, "pressed", 1, (double) point.x, (double) point.y);

  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);
  parlance_test_wait_for (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)) == first, 5000);
  g_assert_cmpint (parlance_sidebar_get_selected_id (ui.sidebar), ==, first);
  gtk_popover_popdown (GTK_POPOVER (menu));

  parlance_test_sidebar_stop (&ui);
}

/* The menu of a conversation that goes away while it is open (deleted here; elsewhere the list
 * reloads and recycles its rows) closes: it must not stay over a row that now shows another. */
static void
test_sidebar_context_menu_gone (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceSidebarRow *row;
  GtkWidget *menu = NULL;
  gint64 first, second;

  parlance_test_sidebar_start (&ui);
  first = parlance_test_sidebar_send (&ui, "Menu open while deleted");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL);
  second = parlance_test_sidebar_send (&ui, "Stays");
  parlance_test_wait_for ((row = row_for (&ui, first)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (row));

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Menu, 0));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);

  /* Pinned, it moves to the top of the list: the row under the menu shows another conversation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.pin", "x", first));
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) == 2 &&
                          parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), first) == 0, 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu");
  g_assert_true (menu == NULL || !gtk_widget_get_mapped (menu));

  /* Deleted while its menu is open: the menu goes with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.unpin", "x", first));
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), first) == 1, 5000);
  parlance_test_wait_for ((row = row_for (&ui, first)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 5000);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Menu, 0));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.delete", "x", first));
  parlance_test_wait_for (row_for (&ui, first) == NULL, 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  menu = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_POPOVER_MENU, "conversation-menu");
  g_assert_true (menu == NULL || !gtk_widget_get_mapped (menu));
  g_assert_nonnull (row_for (&ui, second));

  parlance_test_sidebar_stop (&ui);
}

/* Noon today: the groups below don't depend on the time of day the suite runs at (at 00:30,
 * "26 hours ago" is two days back, not yesterday). The sidebar is told the same time. */
static GDateTime *
noon_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 12, 0, 0);
}

static void
add_conversations (GDateTime *noon)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  gint64 now = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  struct { const char *title, *model; gint64 ago_hours; gboolean pinned; } items[] = {
    { "Packing list for the mountains", "anthropic/claude-sonnet-4.5", 30, TRUE },
    { "Why is the sky blue?", "google/gemini-2.0-flash-exp:free", 0, FALSE },
    { "Rewrite this paragraph so that it reads well and is not so long that it needs ellipsis", "openai/gpt-4o", 0, FALSE },
    { "SQL query for monthly totals", "deepseek/deepseek-chat-v3-0324:free", 26, FALSE },
    { "Birthday message for Anna", "meta-llama/llama-3.3-70b-instruct:free", 80, FALSE },
    { "Explain the borrow checker", "anthropic/claude-sonnet-4.5", 120, FALSE },
    { "Recipe: lentil soup", "mistralai/mistral-small-3.1-24b-instruct:free", 24 * 20, FALSE },
    { "Tax questions", "openai/gpt-4o-mini", 24 * 400, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(ParlanceConversation) c = parlance_conversation_new ();
      g_autoptr(GError) error = NULL;

      parlance_conversation_set_title (c, items[i].title);
      parlance_conversation_set_provider_id (c, "openrouter");
      parlance_conversation_set_model (c, items[i].model);
      parlance_conversation_set_pinned (c, items[i].pinned);
      parlance_conversation_set_created (c, now - items[i].ago_hours * G_TIME_SPAN_HOUR - i * G_TIME_SPAN_MINUTE);
      parlance_conversation_set_updated (c, parlance_conversation_get_created (c));
      g_assert_true (parlance_store_create_conversation (store, c, &error));
      g_assert_no_error (error);
    }
}

static void
shoot (ParlanceTestSidebar *ui,
       const char *name)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui->window), ADW_TYPE_LEAFLET, NULL));
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *dark_name = g_strconcat (name, "-dark", NULL);

  /* Not half-way through the leaflet's slide. */
  parlance_test_wait_for (!adw_leaflet_get_child_transition_running (leaflet), 10000);
  light = parlance_test_ui_screenshot (GTK_WIDGET (ui->window), name);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  dark = parlance_test_ui_screenshot (GTK_WIDGET (ui->window), dark_name);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_strcmp0 (g_getenv ("PARLANCE_TEST_DARK"), "1") == 0 ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                                          : ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (g_file_test (light, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (dark, G_FILE_TEST_EXISTS));
}

static void
test_sidebar_screenshots (void)
{
  ParlanceTestSidebar ui = { 0 };
  AdwLeaflet *leaflet;
  const char *headers[] = { "Pinned", "Today", "Yesterday", "Previous 7 Days", "Older" };
  g_autoptr(GDateTime) noon = noon_today ();

  add_conversations (noon);
  parlance_test_sidebar_start (&ui);
  _parlance_sidebar_set_now (ui.sidebar, noon);
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) == 8, 10000);
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 640);
  {
    g_autoptr(ParlanceConversation) second = g_list_model_get_item (ui.list, 1);

    g_signal_emit_by_name (ui.sidebar, "activated", parlance_conversation_get_id (second));
    parlance_test_wait_for (parlance_sidebar_get_selected_id (ui.sidebar) == parlance_conversation_get_id (second), 5000);
  }
  /* Every group has its heading, once. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.sidebar));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    g_assert_nonnull (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_LABEL, headers[i]));
  shoot (&ui, "sidebar-wide");

  leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_LEAFLET, NULL));
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 30000);
  adw_leaflet_set_visible_child_name (leaflet, "sidebar");
  shoot (&ui, "sidebar-narrow");
  adw_leaflet_set_visible_child_name (leaflet, "content");
  shoot (&ui, "sidebar-narrow-content");

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);
  parlance_test_sidebar_stop (&ui);
}

/* A database that can't be opened: a banner says so and what it means, the user chats unsaved,
 * and the file is left as it was (never a silent new one). */
static void
test_sidebar_store_unavailable (void)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *after = NULL;
  const char *garbage = "this is not a database, and nobody may replace it silently\n";
  ParlanceTestSidebar ui = { 0 };
  GtkRevealer *banner;
  GtkWidget *label;
  ParlanceConversationView *view;
  GtkTextView *text_view;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  ui.app = parlance_test_ui_start_app ();
  ui.window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui.app)));
  ui.sidebar = PARLANCE_SIDEBAR (parlance_test_ui_find (GTK_WIDGET (ui.window), PARLANCE_TYPE_SIDEBAR, NULL));
  ui.session = parlance_window_get_session (ui.window);
  banner = GTK_REVEALER (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_REVEALER, "store-banner"));
  parlance_test_wait_for (gtk_revealer_get_reveal_child (banner), 10000);
  label = parlance_test_ui_find (GTK_WIDGET (banner), GTK_TYPE_LABEL, NULL);
  g_test_message ("banner: %s", gtk_label_get_label (GTK_LABEL (label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Conversations are not being saved."));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "keep chatting"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_STACK, NULL))),
                   ==, "unavailable");
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-store-unavailable"));

  /* Chatting still works, in memory. */
  view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui.window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));
  parlance_test_sidebar_queue_reply ();
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (view)), 10000);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "Unsaved question", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui.session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 20000);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)), ==, 2);
  /* The actions that need the store refuse quietly instead of crashing. */
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.delete", "x", (gint64) 0);
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.pin", "x", (gint64) 0);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);

  /* Once the file is moved away, Try Again opens a new, empty database. */
  {
    g_autofree char *aside = g_strconcat (path, ".damaged", NULL);

    g_assert_cmpint (g_rename (path, aside), ==, 0);
    gtk_widget_activate (parlance_test_ui_find (GTK_WIDGET (banner), GTK_TYPE_BUTTON, "_Try Again"));
    parlance_test_wait_for (parlance_sidebar_get_list (ui.sidebar) != NULL &&
                            parlance_conversation_list_get_loaded (parlance_sidebar_get_list (ui.sidebar)), 10000);
    g_assert_false (gtk_revealer_get_reveal_child (banner));
    g_unlink (aside);
  }

  ui.list = NULL;
  parlance_test_ui_stop_app (ui.app);
  parlance_test_sidebar_reset_data ();
}

/* ::write-failed shows a banner until ::write-recovered. */
static void
test_sidebar_write_failed (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GError) error = g_error_new_literal (PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FULL, "The disk is full.");
  GtkRevealer *banner;
  GtkWidget *label;

  parlance_test_sidebar_start (&ui);
  banner = GTK_REVEALER (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_REVEALER, "write-banner"));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_signal_emit_by_name (parlance_test_sidebar_store (&ui), "write-failed", error);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  label = parlance_test_ui_find (GTK_WIDGET (banner), GTK_TYPE_LABEL, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   "Couldn’t save the conversation: The disk is full. Parlance keeps the text and retries.");
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-write-failed"));
  g_signal_emit_by_name (parlance_test_sidebar_store (&ui), "write-recovered");
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  parlance_test_sidebar_stop (&ui);
}

/* The catalogue says which models reason: the effort row shows for those only, and what it
 * says is sent. */
/* The wait for the next midnight, in the time zone of the time given: a day is 23 or 25 hours
 * long when the clocks change (Central Europe, 2026-03-29 and 2026-10-25). */
static void
test_sidebar_until_next_day (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");
  struct { int month, day, hour, minute, second; GTimeSpan until; } cases[] = {
    { 3, 10, 23, 59, 30, 30 * G_TIME_SPAN_SECOND },
    { 3, 10, 0, 0, 0, G_TIME_SPAN_DAY },
    { 3, 10, 12, 0, 0, 12 * G_TIME_SPAN_HOUR },
    { 3, 29, 0, 0, 0, 23 * G_TIME_SPAN_HOUR },
    { 3, 29, 12, 0, 0, 12 * G_TIME_SPAN_HOUR },
    { 10, 25, 0, 0, 0, 25 * G_TIME_SPAN_HOUR },
    { 12, 31, 23, 0, 0, G_TIME_SPAN_HOUR },
  };

  g_assert_nonnull (tz);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, cases[i].month, cases[i].day,
                                                  cases[i].hour, cases[i].minute, cases[i].second);

      g_assert_cmpint (parlance_sidebar_until_next_day (now), ==, cases[i].until);
    }
}

static const char *
row_time (ParlanceSidebarRow *row)
{
  GtkWidget *label = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_LABEL, "numeric");

  return gtk_label_get_label (GTK_LABEL (label));
}

/* What midnight does: a conversation of today is under Yesterday the next day, with its time
 * saying so, and within the week under Previous 7 Days with its weekday. */
static void
test_sidebar_midnight (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *weekday = g_date_time_format (now, "%A");
  g_autofree char *clock = g_date_time_format (now, "%H:%M");
  ParlanceSidebarRow *row;
  gint64 id;

  {
    g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
    g_autoptr(ParlanceConversation) c = parlance_conversation_new ();

    parlance_conversation_set_title (c, "Before midnight");
    parlance_conversation_set_created (c, g_date_time_to_unix (now) * G_USEC_PER_SEC);
    parlance_conversation_set_updated (c, parlance_conversation_get_created (c));
    g_assert_true (parlance_store_create_conversation (store, c, NULL));
    id = parlance_conversation_get_id (c);
  }
  parlance_test_sidebar_start (&ui);
  _parlance_sidebar_set_now (ui.sidebar, now);
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL, 10000);
  g_assert_cmpstr (row_header (row), ==, "Today");
  g_assert_cmpstr (row_time (row), ==, clock);

  _parlance_sidebar_set_now (ui.sidebar, tomorrow);
  g_assert_cmpstr (row_header (row), ==, "Yesterday");
  g_assert_cmpstr (row_time (row), ==, "Yesterday");

  _parlance_sidebar_set_now (ui.sidebar, later);
  g_assert_cmpstr (row_header (row), ==, "Previous 7 Days");
  g_assert_cmpstr (row_time (row), ==, weekday);

  _parlance_sidebar_set_now (ui.sidebar, NULL);
  g_assert_cmpstr (row_header (row), ==, "Today");
  parlance_test_sidebar_stop (&ui);
  parlance_test_sidebar_reset_data ();
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/sidebar/create", test_sidebar_create);
  g_test_add_func ("/parlance/sidebar/rename", test_sidebar_rename);
  g_test_add_func ("/parlance/sidebar/pin-and-archive", test_sidebar_pin_and_archive);
  g_test_add_func ("/parlance/sidebar/delete-undo", test_sidebar_delete_undo);
  g_test_add_func ("/parlance/sidebar/delete", test_sidebar_delete);
  g_test_add_func ("/parlance/sidebar/reopen", test_sidebar_reopen);
  g_test_add_func ("/parlance/sidebar/narrow", test_sidebar_narrow);
  g_test_add_func ("/parlance/sidebar/context-menu-keyboard", test_sidebar_context_menu_keyboard);
  g_test_add_func ("/parlance/sidebar/context-menu-pointer", test_sidebar_context_menu_pointer);
  g_test_add_func ("/parlance/sidebar/context-menu-gone", test_sidebar_context_menu_gone);
  g_test_add_func ("/parlance/sidebar/screenshots", test_sidebar_screenshots);
  g_test_add_func ("/parlance/sidebar/store-unavailable", test_sidebar_store_unavailable);
  g_test_add_func ("/parlance/sidebar/write-failed", test_sidebar_write_failed);
  g_test_add_func ("/parlance/sidebar/until-next-day", test_sidebar_until_next_day);
  g_test_add_func ("/parlance/sidebar/midnight", test_sidebar_midnight);

  return g_test_run ();
}
