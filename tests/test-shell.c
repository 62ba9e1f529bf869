/* test-shell.c — what a first hour with the window trips over (issue 10), under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

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

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/parlance/shell/shortcuts-window", test_shell_shortcuts_window);

  return g_test_run ();
}
