/* test-preferences-env.c — a key in the environment and a saved one, in Preferences, under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program of its own: OPENROUTER_API_KEY is set before any thread starts (setenv is not
 * thread-safe), for every case here.
 */

#include "config.h"

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-or-v1-preferences-env-test-key-never-leak-43"

static GtkWidget *
find_apply_button (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "adw-entry-apply-symbolic") == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_apply_button (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button of an entry row that applies it (the ✓): is it shown? */
static gboolean
apply_button_shown (GtkWidget *row)
{
  GtkWidget *button = find_apply_button (row);
  GtkWidget *revealer;

  g_assert_nonnull (button);
  revealer = gtk_widget_get_ancestor (button, GTK_TYPE_REVEALER);
  if (revealer != NULL && !gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return FALSE;
  return gtk_widget_get_mapped (button);
}

/* With OPENROUTER_API_KEY set, saving a key shows both: the environment's is in use, and the
 * saved one is there (and can be removed). Focus leaves the field before it empties. */
static void
test_preferences_env_and_saved_key (void)
{
  ParlanceApplication *app;
  GtkWindow *prefs;
  GtkWidget *page, *key_row, *saved;

  if (!parlance_test_require_keyring ())
    return;

  app = parlance_test_ui_start_app ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-key", g_variant_new_string ("openrouter"));
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  parlance_test_wait_for ((page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "openrouter")) != NULL &&
                          gtk_widget_get_mapped (page), 5000);
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key from the environment")) != NULL, 10000);
  saved = GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "A saved key is in the keyring too")));
  g_assert_nonnull (saved);
  g_assert_false (gtk_widget_get_visible (saved));

  /* Typed with the keyboard's focus in the field, as a user does. */
  key_row = parlance_test_ui_find (page, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  parlance_test_ui_wait_drawn (page);
  g_assert_true (gtk_widget_grab_focus (key_row));
  gtk_editable_set_text (GTK_EDITABLE (key_row), TEST_KEY);
  g_signal_emit_by_name (key_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  parlance_test_wait_for (gtk_widget_get_visible (saved), 10000);
  g_assert_nonnull (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key from the environment")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (saved)), "OPENROUTER_API_KEY"));
  g_assert_nonnull (parlance_test_ui_find (saved, GTK_TYPE_BUTTON, "_Remove"));
  parlance_test_ui_wait_drawn (page);
  g_assert_false (apply_button_shown (key_row));
  {
    g_autofree char *shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-env-and-saved-key");
  }

  /* Removing the saved key leaves the environment's in use. */
  gtk_widget_activate (parlance_test_ui_find (saved, GTK_TYPE_BUTTON, "_Remove"));
  parlance_test_wait_for (!gtk_widget_get_visible (saved), 10000);
  g_assert_nonnull (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key from the environment")));

  parlance_test_ui_stop_app (app);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), TEST_KEY);
}

int
main (int    argc,
      char **argv)
{
  FakeProvider *fake;
  int status;

  parlance_test_init (&argc, &argv);
  /* After the test set-up, which clears the real environment's keys; before GTK and threads. */
  g_setenv ("OPENROUTER_API_KEY", "sk-or-v1-from-the-environment-test-7", TRUE);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);

  g_test_add_func ("/parlance/preferences-env/env-and-saved-key", test_preferences_env_and_saved_key);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
