/* test-sidebar.c — saved conversations in the window under Xvfb: the sidebar, its actions and
 * shortcuts, reopening after a restart, the narrow layout and the per-conversation settings.
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

#include "fake-provider.h"
#include "parlance-conversation-settings.h"
#include "parlance-conversation-view.h"
#include "parlance-model-catalog.h"
#include "parlance-preferences-defaults.h"
#include "parlance-sidebar-row.h"
#include "parlance-sidebar.h"
#include "parlance-store.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define TEST_KEY "sk-or-v1-test-key-that-must-never-leak-0002"

static FakeProvider *fake;

typedef struct
{
  ParlanceApplication *app;
  ParlanceWindow      *window;
  ParlanceSidebar     *sidebar;
  ParlanceChatSession *session;
  GListModel          *list;
} Ui;

static ParlanceStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (NULL, &error);

  g_assert_no_error (error);
  return store;
}

/* Each test starts on an empty database and default settings. */
static void
reset_data (void)
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

static void
ui_start (Ui *ui)
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

static void
ui_stop (Ui *ui)
{
  parlance_test_ui_stop_app (ui->app);
  reset_data ();
}

static ParlanceStore *
ui_store (Ui *ui)
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
static void
ui_flush (Ui *ui)
{
  gboolean done = FALSE;

  parlance_store_flush_async (ui_store (ui), NULL, flushed, &done);
  parlance_test_wait_for (done, 10000);
}

static void
queue_reply (void)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (200, "chat-simple.200.sse");

  fake_provider_queue (fake, "POST", "/chat/completions", response);
}

/* Sends @text, waits for the reply and for the conversation to be listed. */
static gint64
send_and_wait (Ui         *ui,
               const char *text)
{
  ParlanceConversationView *view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                                      PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));
  ParlanceConversation *c;

  queue_reply ();
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

static ParlanceConversation *
listed (Ui     *ui,
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
row_for (Ui     *ui,
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
  g_autoptr(ParlanceStore) store = open_store ();
  g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);

  return c != NULL ? g_strdup (parlance_conversation_get_title (c)) : NULL;
}

static gboolean
stored_exists (gint64 id)
{
  g_autoptr(ParlanceStore) store = open_store ();
  g_autoptr(ParlanceConversation) c = parlance_store_get_conversation (store, id, NULL);

  return c != NULL;
}

static void
test_sidebar_create (void)
{
  Ui ui = { 0 };
  ParlanceSidebarRow *row;
  gint64 id;

  ui_start (&ui);
  /* No conversations: the empty state. */
  g_assert_cmpuint (g_list_model_get_n_items (ui.list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui.sidebar), GTK_TYPE_STACK, NULL))),
                   ==, "empty");

  id = send_and_wait (&ui, "What is the capital of France?\nAnswer in one word.");
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
  ui_flush (&ui);
  {
    g_autofree char *title = stored_title (id);
    g_assert_cmpstr (title, ==, "What is the capital of France?");
  }

  ui_stop (&ui);
}

static void
test_sidebar_rename (void)
{
  Ui ui = { 0 };
  GtkWindow *dialog;
  GtkEditable *entry;
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Old title");

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
  ui_flush (&ui);
  {
    g_autofree char *title = stored_title (id);
    g_assert_cmpstr (title, ==, "Trip to Paris");
  }

  ui_stop (&ui);
}

static void
test_sidebar_pin_and_archive (void)
{
  Ui ui = { 0 };
  GListModel *archived;
  ParlanceSidebarRow *row;
  gint64 first, second;

  ui_start (&ui);
  first = send_and_wait (&ui, "First conversation");
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_n, GDK_CONTROL_MASK));
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)), ==, 0);
  second = send_and_wait (&ui, "Second conversation");
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) == 2, 5000);
  /* Newest first. */
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), second) == 0, 5000);

  /* Pinning the older one moves it on top, under Pinned. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.pin", "x", first));
  parlance_test_wait_for (parlance_conversation_list_find (PARLANCE_CONVERSATION_LIST (ui.list), first) == 0, 5000);
  parlance_test_wait_for ((row = row_for (&ui, first)) != NULL && g_strcmp0 (row_header (row), "Pinned") == 0, 5000);
  parlance_test_wait_for ((row = row_for (&ui, second)) != NULL && g_strcmp0 (row_header (row), "Today") == 0, 5000);
  {
    g_autoptr(ParlanceStore) store = open_store ();
    g_autoptr(ParlanceConversation) c = NULL;

    ui_flush (&ui);
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

  ui_stop (&ui);
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
  Ui ui = { 0 };
  GtkWidget *undo;
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Keep me");

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
  ui_flush (&ui);
  g_assert_true (stored_exists (id));

  ui_stop (&ui);
}

static void
test_sidebar_delete (void)
{
  Ui ui = { 0 };
  GtkWidget *undo;
  gint64 first, second;

  ui_start (&ui);
  first = send_and_wait (&ui, "Delete me when the toast goes");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL);
  second = send_and_wait (&ui, "Delete me when the window closes");

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
  g_assert_false (stored_exists (second));

  ui_stop (&ui);
}

static void
test_sidebar_reopen (void)
{
  Ui ui = { 0 };
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Remember this conversation");
  ui_flush (&ui);
  parlance_test_ui_close_windows ();

  /* A new window on the same data opens it again, with its messages. */
  ui_start (&ui);
  parlance_test_wait_for (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)) == id, 10000);
  parlance_test_wait_for (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)) == 2, 10000);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_LABEL, "Remember this conversation") != NULL, 10000);
  parlance_test_wait_for (parlance_sidebar_get_selected_id (ui.sidebar) == id, 5000);
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (ui.session)), ==, "openrouter");

  ui_stop (&ui);
}

static void
test_sidebar_narrow (void)
{
  Ui ui = { 0 };
  AdwLeaflet *leaflet;
  GtkWidget *back;
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Narrow window");
  leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui.window), ADW_TYPE_LEAFLET, NULL));
  g_assert_false (adw_leaflet_get_folded (leaflet));

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 10000);
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
  parlance_test_wait_for (!adw_leaflet_get_folded (leaflet), 10000);
  ui_stop (&ui);
}

static void
test_sidebar_context_menu_keyboard (void)
{
  Ui ui = { 0 };
  ParlanceSidebarRow *row;
  GtkWidget *menu = NULL;
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Menu by keyboard");
  parlance_test_wait_for ((row = row_for (&ui, id)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)), 5000);

  /* The keyboard on the row; Shift+F10 opens its menu. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_F10, GDK_SHIFT_MASK));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
                          gtk_widget_get_mapped (menu), 5000);
  gtk_popover_popdown (GTK_POPOVER (menu));
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_POPOVER_MENU, "conversation-menu") == NULL, 5000);

  /* The Menu key too; its items act on the row's conversation. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Menu, 0));
  parlance_test_wait_for ((menu = parlance_test_ui_find (GTK_WIDGET (row), GTK_TYPE_POPOVER_MENU, "conversation-menu")) != NULL &&
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

  ui_stop (&ui);
}

static FakeRequest *
last_chat_request (void)
{
  for (guint i = fake_provider_get_n_requests (fake); i > 0; i--)
    {
      FakeRequest *request = fake_provider_dup_request (fake, i - 1);

      if (g_str_has_suffix (request->path, "/chat/completions"))
        return request;
      fake_request_free (request);
    }
  return NULL;
}

static void
test_sidebar_settings (void)
{
  Ui ui = { 0 };
  GtkMenuButton *button;
  GtkWidget *popover;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  ui_start (&ui);
  id = send_and_wait (&ui, "Settings");

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
  parlance_test_ui_screenshot (popover, "sidebar-settings");
  gtk_menu_button_popdown (button);
  parlance_test_wait_for (!gtk_widget_get_mapped (popover), 5000);

  ui_flush (&ui);
  {
    g_autoptr(ParlanceStore) store = open_store ();
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
  send_and_wait (&ui, "Ahoy?");
  request = last_chat_request ();
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

  ui_stop (&ui);
}

/* Conversations of every group, written to the store before the window opens. */
static void
add_conversations (void)
{
  g_autoptr(ParlanceStore) store = open_store ();
  gint64 now = g_get_real_time ();
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
      g_assert_true (parlance_store_create_conversation (store, c, &error));
      g_assert_no_error (error);
      parlance_conversation_set_updated (c, now - items[i].ago_hours * G_TIME_SPAN_HOUR - i * G_TIME_SPAN_MINUTE);
      g_assert_true (parlance_store_save_conversation (store, c, &error));
      g_assert_no_error (error);
    }
}

static void
shoot (Ui         *ui,
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
  Ui ui = { 0 };
  AdwLeaflet *leaflet;
  const char *headers[] = { "Pinned", "Today", "Yesterday", "Previous 7 Days", "Older" };

  add_conversations ();
  ui_start (&ui);
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
  parlance_test_wait_for (adw_leaflet_get_folded (leaflet), 10000);
  adw_leaflet_set_visible_child_name (leaflet, "sidebar");
  shoot (&ui, "sidebar-narrow");
  adw_leaflet_set_visible_child_name (leaflet, "content");
  shoot (&ui, "sidebar-narrow-content");

  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);
  ui_stop (&ui);
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
  Ui ui = { 0 };
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
  parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-store-unavailable");

  /* Chatting still works, in memory. */
  view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui.window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL));
  queue_reply ();
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

  ui.list = NULL;
  parlance_test_ui_stop_app (ui.app);
  reset_data ();
}

/* ::write-failed shows a banner until ::write-recovered. */
static void
test_sidebar_write_failed (void)
{
  Ui ui = { 0 };
  g_autoptr(GError) error = g_error_new_literal (PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FULL, "The disk is full.");
  GtkRevealer *banner;
  GtkWidget *label;

  ui_start (&ui);
  banner = GTK_REVEALER (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_REVEALER, "write-banner"));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_signal_emit_by_name (ui_store (&ui), "write-failed", error);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  label = parlance_test_ui_find (GTK_WIDGET (banner), GTK_TYPE_LABEL, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   "Couldn’t save the conversation: The disk is full. Parlance keeps the text and retries.");
  parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "sidebar-write-failed");
  g_signal_emit_by_name (ui_store (&ui), "write-recovered");
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  ui_stop (&ui);
}

/* The catalogue says which models reason: the effort row shows for those only, and what it
 * says is sent. */
static void
test_sidebar_settings_reasoning (void)
{
  Ui ui = { 0 };
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

  ui_start (&ui);
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
  parlance_test_ui_screenshot (popover, "sidebar-settings-reasoning");
  gtk_menu_button_popdown (button);
  g_assert_cmpstr (parlance_conversation_get_reasoning_effort (parlance_chat_session_get_conversation (ui.session)), ==, "high");

  send_and_wait (&ui, "Think hard");
  request = last_chat_request ();
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_test_message ("request: %s", body);
  g_assert_nonnull (strstr (body, "\"high\""));

  g_remove (cache);
  ui_stop (&ui);
}

/* Preferences → New Conversations: what a new conversation starts with, and what it sends. */
static void
test_sidebar_new_conversation_defaults (void)
{
  Ui ui = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *body = NULL;
  ParlanceConversation *c;
  gboolean generate = FALSE;
  double d = 0;
  gint64 n = 0;

  ui_start (&ui);
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

  send_and_wait (&ui, "Defaults");
  request = last_chat_request ();
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
  ui_stop (&ui);
}

/* The Preferences group writes "unset" when a switch is off. */
static void
test_sidebar_preferences_defaults (void)
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
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", TEST_KEY, TRUE);
  reset_data ();

  g_test_add_func ("/parlance/sidebar/create", test_sidebar_create);
  g_test_add_func ("/parlance/sidebar/rename", test_sidebar_rename);
  g_test_add_func ("/parlance/sidebar/pin-and-archive", test_sidebar_pin_and_archive);
  g_test_add_func ("/parlance/sidebar/delete-undo", test_sidebar_delete_undo);
  g_test_add_func ("/parlance/sidebar/delete", test_sidebar_delete);
  g_test_add_func ("/parlance/sidebar/reopen", test_sidebar_reopen);
  g_test_add_func ("/parlance/sidebar/narrow", test_sidebar_narrow);
  g_test_add_func ("/parlance/sidebar/context-menu-keyboard", test_sidebar_context_menu_keyboard);
  g_test_add_func ("/parlance/sidebar/settings", test_sidebar_settings);
  g_test_add_func ("/parlance/sidebar/settings-reasoning", test_sidebar_settings_reasoning);
  g_test_add_func ("/parlance/sidebar/new-conversation-defaults", test_sidebar_new_conversation_defaults);
  g_test_add_func ("/parlance/sidebar/preferences-defaults", test_sidebar_preferences_defaults);
  g_test_add_func ("/parlance/sidebar/screenshots", test_sidebar_screenshots);
  g_test_add_func ("/parlance/sidebar/store-unavailable", test_sidebar_store_unavailable);
  g_test_add_func ("/parlance/sidebar/write-failed", test_sidebar_write_failed);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
