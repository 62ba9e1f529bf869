/* test-window-archive.c — Export…, Export All… in the window under Xvfb, through the file
 * chooser (GTK's own dialog: the tests run without portals).
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

#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static char *
export_dir (const char *name)
{
  char *dir = g_build_filename (parlance_test_get_tmp_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static gboolean
is_toplevel (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (other == window)
        return TRUE;
    }
  return FALSE;
}

static GtkFileChooser *
wait_chooser (void)
{
  GtkWindow *dialog = NULL;

  parlance_test_wait_for ((dialog = parlance_test_ui_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL &&
                          gtk_widget_get_mapped (GTK_WIDGET (dialog)), 10000);
  /* Its widget sets its start folder when it is first drawn: not before. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (dialog));
  return GTK_FILE_CHOOSER (dialog);
}

static gboolean
in_folder (GtkFileChooser *chooser,
           GFile          *folder)
{
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (chooser);

  return current != NULL && g_file_equal (current, folder);
}

/* Saves into @dir under the name the chooser offers (or @name). */
static char *
accept_in (GtkFileChooser *chooser,
           const char     *dir,
           const char     *name)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *offered = gtk_file_chooser_get_current_name (chooser);

  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, NULL));
  /* It loads the folder first; an answer before that is not taken. */
  parlance_test_wait_for (in_folder (chooser, folder), 10000);
  if (name != NULL)
    gtk_file_chooser_set_current_name (chooser, name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  /* The chooser is destroyed with its GtkFileChooserNative: nothing keeps it. */
  parlance_test_wait_for (!is_toplevel (chooser), 10000);
  return g_build_filename (dir, name != NULL ? name : offered, NULL);
}

/* A label under @root whose text starts with @prefix. */
static GtkWidget *
find_label_prefix (GtkWidget  *root,
                   const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_prefix (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_empty (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

  g_assert_null (g_dir_read_name (d));
}

/* Picks the format in the chooser's drop-down, as a person would. */
static void
choose_format (GtkWidget *root,
               guint      position)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (root));

      if (GTK_IS_STRING_LIST (model) &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), "Markdown, to read") == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (root), position);
          return;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    choose_format (child, position);
}

static gboolean
has_toast (ParlanceTestSidebar *ui,
           const char          *text)
{
  GtkWidget *label = find_label_prefix (GTK_WIDGET (ui->window), text);

  return label != NULL && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), text);
}

static void
test_export_conversation (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *dir = export_dir ("export-one");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *offered = NULL;
  GtkFileChooser *chooser;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Plans for Rome: what to see?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.export", "x", id));
  chooser = wait_chooser ();
  offered = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (offered, ==, "Plans for Rome what to see.md");
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "format"), ==, "markdown");
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (chooser), "export-chooser"));

  path = accept_in (chooser, dir, NULL);
  parlance_test_wait_for (g_file_test (path, G_FILE_TEST_EXISTS), 10000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# Plans for Rome: what to see?\n"));
  g_assert_nonnull (strstr (contents, "\n## You · "));
  g_assert_nonnull (strstr (contents, "\n## Assistant · "));
  parlance_test_wait_for (has_toast (&ui, "Exported to “Plans for Rome what to see.md”"), 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "export-done"));

  /* JSON, chosen in the dialog (the Markdown file gone: the chooser would ask to replace it). */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.export", "x", (gint64) 0));
  chooser = wait_chooser ();
  choose_format (GTK_WIDGET (chooser), 1);
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "format"), ==, "json");
  g_clear_pointer (&path, g_free);
  g_free (accept_in (chooser, dir, NULL));
  /* The name follows the format chosen. */
  path = g_build_filename (dir, "Plans for Rome what to see.json", NULL);
  parlance_test_wait_for (g_file_test (path, G_FILE_TEST_EXISTS), 10000);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\n  \"format\" : \"parlance\""));

  parlance_test_sidebar_stop (&ui);
}

static void
test_export_all (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *dir = export_dir ("export-all");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkFileChooser *chooser;
  JsonObject *top;

  parlance_test_sidebar_start (&ui);
  parlance_test_sidebar_send (&ui, "First conversation");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL);
  parlance_test_sidebar_send (&ui, "Second conversation");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.export-all", NULL));
  chooser = wait_chooser ();
  {
    g_autofree char *offered = gtk_file_chooser_get_current_name (chooser);

    g_assert_true (g_str_has_prefix (offered, "Parlance conversations "));
    g_assert_true (g_str_has_suffix (offered, ".json"));
  }
  path = accept_in (chooser, dir, "backup.json");
  parlance_test_wait_for (has_toast (&ui, "Exported to “backup.json”"), 10000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "conversations")), ==, 2);

  parlance_test_sidebar_stop (&ui);
}

/* The conversation went while the chooser was open (another program deleted it): the toast
 * names the file and says why, and stays; no file is left. */
static void
test_export_fails (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *dir = export_dir ("export-gone");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  GtkWindow *dialog = NULL;
  gint64 id;

  parlance_test_sidebar_start (&ui);
  id = parlance_test_sidebar_send (&ui, "Nowhere to go");
  parlance_test_sidebar_flush (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.export", "x", id));
  chooser = wait_chooser ();
  {
    g_autoptr(ParlanceStore) other = parlance_test_sidebar_open_store ();

    g_assert_true (parlance_store_delete_conversation (other, id, &error));
    g_assert_no_error (error);
  }
  path = accept_in (chooser, dir, NULL);
  parlance_test_wait_for ((dialog = parlance_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Export Failed");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   "“Nowhere to go.md” could not be written: "));
  parlance_test_ui_wait_drawn (GTK_WIDGET (dialog));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (dialog), "export-failed"));
  gtk_window_close (dialog);
  assert_empty (dir);

  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/window-archive/export-conversation", test_export_conversation);
  g_test_add_func ("/parlance/window-archive/export-all", test_export_all);
  g_test_add_func ("/parlance/window-archive/export-fails", test_export_fails);

  return g_test_run ();
}
