/* test-shell.c — what a first hour with the window trips over (issue 10), under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "parlance-conversation-view.h"
#include "parlance-model-picker.h"
#include "parlance-preferences-window.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkShortcutsShortcut *
shortcut_titled (GPtrArray  *shortcuts,
                 const char *title)
{
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *t = NULL;

      g_object_get (shortcuts->pdata[i], "title", &t, NULL);
      if (g_strcmp0 (t, title) == 0)
        return shortcuts->pdata[i];
    }
  return NULL;
}

/* Every key in the shortcuts window is shown (GTK 4.8 leaves `action-name` entries blank), and
 * the conversation's keys are there. */
static void
test_shell_shortcuts_window (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  GtkWindow *window;
  gboolean has_conversation = FALSE;
  struct { const char *title; const char *accel; } expected[] = {
    { "Preferences", "<Control>comma" },
    { "Keyboard Shortcuts", "<Control>question" },
    { "Quit", "<Control>q" },
    { "Send the Message", "Return" },
    { "New Line", "<Shift>Return" },
    { "Stop the Reply", "Escape" },
    { "Choose a Model", "<Control>l" },
    { "Search All Conversations", "<Control>k" },
    { "Scroll by a Page", "Page_Up Page_Down" },
    { "First or Last Message", "<Control>Home <Control>End" },
    { "Back to the List", "<Alt>Left" },
  };

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  parlance_test_wait_for ((window = parlance_test_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW)) != NULL, 5000);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);

  collect (GTK_WIDGET (window), GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 0);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accel = NULL;

      g_object_get (shortcuts->pdata[i], "title", &title, "accelerator", &accel, NULL);
      g_test_message ("%s: %s", title, accel);
      g_assert_nonnull (accel);
      g_assert_cmpstr (accel, !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkShortcutsShortcut *shortcut = shortcut_titled (shortcuts, expected[i].title);
      g_autofree char *accel = NULL;

      g_assert_nonnull (shortcut);
      g_object_get (shortcut, "accelerator", &accel, NULL);
      g_assert_cmpstr (accel, ==, expected[i].accel);
    }

  collect (GTK_WIDGET (window), GTK_TYPE_SHORTCUTS_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    {
      g_autofree char *title = NULL;

      g_object_get (groups->pdata[i], "title", &title, NULL);
      has_conversation |= g_strcmp0 (title, "Conversation") == 0;
    }
  g_assert_true (has_conversation);

  {
    g_autofree char *shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "shortcuts-window");
  }
  parlance_test_ui_stop_app (app);
}

static GtkWidget *
composer (GtkWindow *window)
{
  return parlance_test_ui_find (parlance_test_ui_find (GTK_WIDGET (window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL),
                                GTK_TYPE_TEXT_VIEW, NULL);
}

/* 360 px wide (a phone, half a small screen) fits; at a usual width the model in the header is
 * written out whole, and it is a button that opens the picker. */
static void
test_shell_narrow_and_header (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *conversation = composer (window);
  GtkWidget *header = parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, "conversation-header");
  GtkWidget *title, *label;
  int minimum;
  g_autofree char *shot = NULL;

  parlance_test_wait_for (gtk_widget_get_mapped (conversation), 10000);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("minimum width: %d", minimum);
  g_assert_cmpint (minimum, <=, 360);

  title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (header));
  g_assert_true (GTK_IS_BUTTON (title));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (title)), ==, "win.choose-model");
  label = parlance_test_ui_find (title, GTK_TYPE_LABEL, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (title), "meta-llama/llama-3.3-70b-instruct:free"));
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));

  /* Clicked: the button has the keyboard. */
  gtk_widget_grab_focus (title);
  gtk_widget_activate (title);
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) != NULL, 5000);
  gtk_window_close (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER));
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) == NULL, 5000);
  /* Back to writing. */
  g_assert_true (gtk_window_get_focus (window) == conversation);

  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "window-header");

  /* At 360 px, everything is still there. */
  gtk_window_set_default_size (window, 360, 560);
  parlance_test_wait_for (gtk_widget_get_width (GTK_WIDGET (window)) < 400, 5000);
  g_free (shot);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "window-narrow");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (shot);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "window-narrow-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  parlance_test_ui_stop_app (app);
}

/* Closing Preferences gives the keyboard back to the composer (not to the main menu's button). */
static void
test_shell_focus_after_preferences (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *menu_button = NULL;
  GtkWindow *prefs;

  parlance_test_wait_for (gtk_widget_get_mapped (composer (window)), 10000);
  collect (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_menu_button_get_primary (buttons->pdata[i]))
      menu_button = buttons->pdata[i];
  g_assert_nonnull (menu_button);
  gtk_widget_grab_focus (menu_button);
  g_assert_true (gtk_window_get_focus (window) != composer (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (prefs)), 5000);
  gtk_window_close (prefs);
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW) == NULL, 5000);
  g_assert_true (gtk_window_get_focus (window) == composer (window));

  parlance_test_ui_stop_app (app);
}

/* Nothing answers at the provider's address: the picker's page says so itself. */
static void
test_shell_picker_failed (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWindow *picker;
  GtkStack *stack;
  AdwStatusPage *page;
  g_autofree char *shot = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-model", NULL));
  parlance_test_wait_for ((picker = parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER)) != NULL, 5000);
  {
    g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

    collect (GTK_WIDGET (picker), GTK_TYPE_STACK, stacks);
    stack = NULL;
    for (guint i = 0; i < stacks->len; i++)
      if (gtk_stack_get_child_by_name (stacks->pdata[i], "failed") != NULL)
        stack = stacks->pdata[i];
    g_assert_nonnull (stack);
  }
  parlance_test_wait_for (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "failed") == 0, 20000);
  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (stack));
  g_test_message ("%s", adw_status_page_get_description (page));
  g_assert_null (strstr (adw_status_page_get_description (page), "shown above"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "127.0.0.1"));
  g_assert_cmpstr (gtk_window_get_title (picker), ==, "Models");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (picker), "model-picker-failed");

  parlance_test_ui_stop_app (app);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();

  /* The conversation shows, not the first-run page. */
  g_setenv ("OPENROUTER_API_KEY", "shell-test-key", TRUE);
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", "http://127.0.0.1:9/api/v1", TRUE);

  g_test_add_func ("/parlance/shell/shortcuts-window", test_shell_shortcuts_window);
  g_test_add_func ("/parlance/shell/narrow-and-header", test_shell_narrow_and_header);
  g_test_add_func ("/parlance/shell/focus-after-preferences", test_shell_focus_after_preferences);
  g_test_add_func ("/parlance/shell/picker-failed", test_shell_picker_failed);

  return g_test_run ();
}
