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
#include <stdlib.h>
#include <string.h>

#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

/* The longest main-loop stall allowed while an import reads. AddressSanitizer makes every
 * allocation several times slower, so its builds get more room; the bound still catches a read
 * on the main thread (a 15 MB file takes seconds). */
#ifdef __SANITIZE_ADDRESS__
#define STALL_LIMIT_US (2000 * 1000)
#else
#define STALL_LIMIT_US (500 * 1000)
#endif

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
selected (GtkFileChooser *chooser,
          GFile          *file)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (chooser);
  g_autoptr(GFile) first = g_list_model_get_n_items (files) > 0 ? g_list_model_get_item (files, 0) : NULL;

  return first != NULL && g_file_equal (first, file);
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

static gboolean
file_starts_with (const char *path,
                  const char *prefix)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && g_str_has_prefix (contents, prefix);
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

  /* JSON again while that .json exists: never into the .md the chooser still names; we ask
   * before replacing the .json (#12 trial: JSON went into X.md). */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "conversation.export", "x", (gint64) 0));
  chooser = wait_chooser ();
  choose_format (GTK_WIDGET (chooser), 1);
  {
    g_autofree char *md = accept_in (chooser, dir, NULL);
    GtkWindow *dialog = NULL;

    parlance_test_wait_for ((dialog = parlance_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10000);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                     "Replace “Plans for Rome what to see.json”?");
    g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "replace");
    parlance_test_wait_for (file_starts_with (path, "{"), 10000);
    g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
  }

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

/* Import */

#define N_MESSAGES 10

/* 2,000 conversations (15 MB) unless PARLANCE_TEST_IMPORT_CONVERSATIONS says more: 27000 makes
 * the 200 MB of the issue, for a measurement by hand. */
static guint
n_conversations (void)
{
  const char *n = g_getenv ("PARLANCE_TEST_IMPORT_CONVERSATIONS");

  return n != NULL && atoi (n) > 0 ? (guint) atoi (n) : 2000;
}

/* A Parlance export of N_MESSAGES messages per conversation, 740 bytes each. */
static char *
write_big_export (void)
{
  guint n = n_conversations ();
  g_autoptr(GString) json = g_string_new ("{\"format\": \"parlance\", \"version\": 1, \"conversations\": [\n");
  g_autofree char *filler = g_strnfill (600, 'w');
  char *path = g_build_filename (parlance_test_get_tmp_dir (), "big-export.json", NULL);

  for (guint c = 0; c < n; c++)
    {
      /* Each its own creation time: a restored backup is recognised by it. */
      g_string_append_printf (json, "%s{\"id\": %u, \"title\": \"Imported %u\","
                              " \"created\": \"2024-01-01T10:00:00.%06uZ\","
                              " \"updated\": \"2024-01-01T10:00:00.%06uZ\", \"tip\": %u,"
                              " \"messages\": [", c > 0 ? ",\n" : "", c + 1, c, c, c,
                              (c + 1) * 100 + N_MESSAGES - 1);
      for (guint m = 0; m < N_MESSAGES; m++)
        {
          guint id = (c + 1) * 100 + m;

          g_string_append_printf (json, "%s{\"id\": %u, \"parent\": ", m > 0 ? ", " : "", id);
          if (m > 0)
            g_string_append_printf (json, "%u", id - 1);
          else
            g_string_append (json, "null");
          g_string_append_printf (json, ", \"role\": \"%s\", \"content\": \"Message %u %s\","
                                  " \"created\": \"2024-01-01T10:00:00.000000Z\"}",
                                  m % 2 == 0 ? "user" : "assistant", m, filler);
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "\n]}\n");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  return path;
}

static GtkWidget *
find_class (GType       type,
            const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_has_css_class (window, css_class) &&
          gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

/* The longest the main loop went without running, while the file was read (before the store
 * said conversations changed: what follows is the sidebar taking them in) and after. */
typedef struct
{
  gint64   last;
  gint64   longest_reading;
  gint64   longest_after;
  gint64   start;
  gint64   changed_at;
  gboolean changed;
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->changed)
    ticks->longest_after = MAX (ticks->longest_after, now - ticks->last);
  else
    ticks->longest_reading = MAX (ticks->longest_reading, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static void
store_changed (ParlanceStore *store,
               Ticks         *ticks)
{
  tick (ticks);
  ticks->changed = TRUE;
  ticks->changed_at = g_get_monotonic_time ();
}

static void
import_uris (ParlanceTestSidebar *ui,
             const char          *first,
             ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uris = NULL;
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      g_strv_builder_add (builder, uri);
    }
  va_end (args);
  uris = g_strv_builder_end (builder);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (ui->window), "win.import-files",
                                                     g_variant_new_strv ((const char * const *) uris, -1)));
}

/* A big file: progress shows, the window keeps drawing, then a summary, and the sidebar lists
 * what came in, the last one open. */
static void
test_import_progress (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *path = write_big_export ();
  g_autofree char *last_title = g_strdup_printf ("Imported %u", n_conversations () - 1);
  g_autofree char *size = NULL;
  guint timeout = MAX (60000, n_conversations () * 30);
  Ticks ticks = { 0 };
  GStatBuf st;
  GtkWidget *progress_dialog = NULL, *summary = NULL;
  GtkProgressBar *bar;
  double seen_fraction = 0;
  guint tick_id;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  size = g_format_size (st.st_size);
  parlance_test_sidebar_start (&ui);
  import_uris (&ui, path, NULL);
  parlance_test_wait_for ((progress_dialog = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-progress")) != NULL, 10000);
  bar = GTK_PROGRESS_BAR (parlance_test_ui_find (progress_dialog, GTK_TYPE_PROGRESS_BAR, NULL));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (progress_dialog)), ==, "big-export.json");
  ticks.last = ticks.start = g_get_monotonic_time ();
  tick_id = g_timeout_add (10, tick, &ticks);
  g_signal_connect (parlance_test_sidebar_store (&ui), "conversations-changed", G_CALLBACK (store_changed), &ticks);
  /* Part of the way: shown, with how much was read. */
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL ||
                          (seen_fraction = gtk_progress_bar_get_fraction (bar)) > 0.1, timeout);
  if (summary == NULL)
    {
      g_assert_nonnull (strstr (gtk_progress_bar_get_text (bar), " of "));
      g_free (parlance_test_ui_screenshot (progress_dialog, "import-progress"));
    }
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL, timeout);
  g_source_remove (tick_id);
  g_signal_handlers_disconnect_by_func (parlance_test_sidebar_store (&ui), store_changed, &ticks);
  g_test_message ("import of %u messages (%s) in %" G_GINT64_FORMAT " ms: longest main-loop stall %"
                  G_GINT64_FORMAT " ms while reading, %" G_GINT64_FORMAT " ms after; progress"
                  " seen at %.2f", n_conversations () * N_MESSAGES, size,
                  (ticks.changed_at - ticks.start) / 1000, ticks.longest_reading / 1000,
                  ticks.longest_after / 1000, seen_fraction);
  g_assert_true (ticks.changed);
  g_assert_cmpfloat (seen_fraction, >, 0);
  /* Never frozen while it reads: 93 ms at most over a 200 MB import on a loaded machine
   * (the suite shares two cores: a margin); reading on the main thread would stall for the
   * whole import (seconds). */
  g_assert_cmpint (ticks.longest_reading, <, STALL_LIMIT_US);

  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (summary)), ==, "Import Complete");
  {
    g_autofree char *expected = g_strdup_printf ("%u conversations and %u messages imported.",
                                                 n_conversations (), n_conversations () * N_MESSAGES);

    g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (summary)), ==, expected);
  }
  parlance_test_ui_wait_drawn (summary);
  g_free (parlance_test_ui_screenshot (summary, "import-summary"));
  gtk_window_close (GTK_WINDOW (summary));
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) > 0, 10000);
  parlance_test_wait_for (g_strcmp0 (parlance_conversation_get_title (parlance_chat_session_get_conversation (ui.session)),
                                     last_title) == 0, 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "import-done"));

  /* Again: nothing new. */
  import_uris (&ui, path, NULL);
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL, timeout);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (summary)), ==, "Nothing New to Import");
  gtk_window_close (GTK_WINDOW (summary));

  parlance_test_sidebar_stop (&ui);
}

/* A file that is not JSON: a dialog names it and says why; nothing was added. */
static void
test_import_fails (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *bad = g_build_filename (parlance_test_get_tmp_dir (), "notes.json", NULL);
  g_autofree char *good = g_build_filename (parlance_test_get_tmp_dir (), "openai.json", NULL);
  GtkWidget *summary = NULL;

  g_assert_true (g_file_set_contents (bad, "[{\"role\": \"user\", \"content\": \"Hi\"},\n  oops", -1, NULL));
  g_assert_true (g_file_set_contents (good, "[{\"role\": \"user\", \"content\": \"Hello there\"},"
                                      " {\"role\": \"assistant\", \"content\": \"Hi!\"}]", -1, NULL));
  parlance_test_sidebar_start (&ui);
  import_uris (&ui, bad, NULL);
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (summary)), ==, "Import Failed");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (summary)),
                                   "“notes.json” could not be imported: The file ends early, at line 2"));
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (summary)),
                                   "\n\nNothing of it was added."));
  parlance_test_ui_wait_drawn (summary);
  g_free (parlance_test_ui_screenshot (summary, "import-failed"));
  gtk_window_close (GTK_WINDOW (summary));
  parlance_test_wait_for (find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary") == NULL, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (ui.list), ==, 0);

  /* With a good one: the summary counts it and lists the bad file. */
  import_uris (&ui, good, bad, NULL);
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (summary)), ==, "Import Complete");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (summary)), ==,
                   "1 conversation and 2 messages imported.\n\nLeft out:");
  g_assert_nonnull (find_label_prefix (summary, "the file “notes.json” — The file ends early, at line 2"));
  parlance_test_ui_wait_drawn (summary);
  g_free (parlance_test_ui_screenshot (summary, "import-partial"));
  gtk_window_close (GTK_WINDOW (summary));
  parlance_test_wait_for (g_list_model_get_n_items (ui.list) == 1, 10000);

  parlance_test_sidebar_stop (&ui);
}

/* Import… through the chooser: the file picked there is imported. */
static void
test_import_chooser (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *dir = export_dir ("import-chooser");
  g_autofree char *path = g_build_filename (dir, "claude.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileChooser *chooser;
  GtkWidget *summary = NULL;

  g_assert_true (g_file_set_contents (path,
    "[{\"uuid\": \"c-1\", \"name\": \"From Claude\", \"created_at\": \"2024-05-01T10:00:00Z\","
    " \"updated_at\": \"2024-05-01T10:01:00Z\", \"chat_messages\": ["
    "{\"uuid\": \"m-1\", \"sender\": \"human\", \"text\": \"Hello Claude\", \"created_at\": \"2024-05-01T10:00:00Z\"},"
    "{\"uuid\": \"m-2\", \"sender\": \"assistant\", \"text\": \"Hello!\", \"created_at\": \"2024-05-01T10:01:00Z\"}]}]",
    -1, NULL));
  parlance_test_sidebar_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.import", NULL));
  chooser = wait_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_file_chooser_get_select_multiple (chooser));
  g_assert_true (gtk_file_chooser_set_file (chooser, file, NULL));
  parlance_test_wait_for (selected (chooser, file), 10000);
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (chooser), "import-chooser"));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  parlance_test_wait_for ((summary = find_class (ADW_TYPE_MESSAGE_DIALOG, "import-summary")) != NULL, 20000);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (summary)), ==,
                   "1 conversation and 2 messages imported.");
  gtk_window_close (GTK_WINDOW (summary));
  parlance_test_wait_for (g_strcmp0 (parlance_conversation_get_title (parlance_chat_session_get_conversation (ui.session)),
                                     "From Claude") == 0, 10000);

  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  /* The main loop's stalls are measured for Parlance's work, not for Mesa's software GL on a
   * loaded machine (which took up to 4 s a frame there); GTK reads this when it starts. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/window-archive/export-conversation", test_export_conversation);
  g_test_add_func ("/parlance/window-archive/export-all", test_export_all);
  g_test_add_func ("/parlance/window-archive/export-fails", test_export_fails);
  g_test_add_func ("/parlance/window-archive/import-progress", test_import_progress);
  g_test_add_func ("/parlance/window-archive/import-fails", test_import_fails);
  g_test_add_func ("/parlance/window-archive/import-chooser", test_import_chooser);

  return g_test_run ();
}
