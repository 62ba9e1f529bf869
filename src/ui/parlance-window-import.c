/* parlance-window-import.c — Import…: files chosen with GtkFileChooserNative, imported one after
 * another in a worker thread, with a progress dialog and then a summary.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window stays live however big the file (the import reads in a worker and reports at most
 * every 100 ms). Each file is one transaction: a rejected or cancelled file leaves nothing, and
 * the summary names it with the reason. The sidebar follows the store's ::conversations-changed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-import.h"
#include "parlance-window-private.h"

typedef struct
{
  GWeakRef               window;
  ParlanceStore         *store;
  GPtrArray             *files;      /* GFile, in the order chosen */
  guint                  next;
  GCancellable          *cancellable;
  AdwMessageDialog      *progress_dialog;
  GtkProgressBar        *progress_bar;
  ParlanceImportSummary  total;
  guint                  n_failed;
  char                  *last_error; /* the reason, when one file alone failed */
} ImportRun;

static void close_progress (ImportRun *run);

static void
import_run_free (ImportRun *run)
{
  g_weak_ref_clear (&run->window);
  g_clear_object (&run->store);
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  close_progress (run);
  g_clear_pointer (&run->total.skipped, g_ptr_array_unref);
  g_free (run->last_error);
  g_free (run);
}

static void
close_progress (ImportRun *run)
{
  if (run->progress_dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (run->progress_dialog, run);
  gtk_window_destroy (GTK_WINDOW (run->progress_dialog));
  g_clear_object (&run->progress_dialog);
  run->progress_bar = NULL;
}

static char *
dup_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_utf8_make_valid (name != NULL ? name : "", -1);
}

/* The import's errors begin with the file's name; ours say it already. */
static char *
dup_reason (const char *name,
            const char *message)
{
  g_autofree char *prefix = g_strdup_printf ("“%s”: ", name);

  if (g_str_has_prefix (message, prefix))
    return g_strdup (message + strlen (prefix));
  return g_strdup (message);
}

static void
add_skip (ImportRun  *run,
          const char *what,
          const char *why)
{
  ParlanceImportSkip *skip = g_new0 (ParlanceImportSkip, 1);

  skip->what = g_strdup (what);
  skip->why = g_strdup (why);
  g_ptr_array_add (run->total.skipped, skip);
}

/* The summary */

static GtkWidget *
skipped_list (GPtrArray *skipped)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_widget_add_css_class (scrolled, "import-skipped");
  for (guint i = 0; i < skipped->len; i++)
    {
      ParlanceImportSkip *skip = g_ptr_array_index (skipped, i);
      /* Translators: one thing an import left out, and why: "3 image parts in “Rome” — not text" */
      g_autofree char *text = g_strdup_printf (_("%s — %s"), skip->what, skip->why);
      /* Plain text: names come from the file, never markup. */
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  return scrolled;
}

static char *
dup_summary_body (ImportRun *run)
{
  ParlanceImportSummary *total = &run->total;
  GString *body = g_string_new (NULL);

  g_string_append_printf (body,
                          /* Translators: the first part of "2 conversations and 40 messages imported." */
                          g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " conversation",
                                       "%" G_GINT64_FORMAT " conversations",
                                       (gulong) total->imported_conversations),
                          total->imported_conversations);
  g_string_append_c (body, ' ');
  g_string_append_printf (body,
                          /* Translators: the second part of "2 conversations and 40 messages imported." */
                          g_dngettext (GETTEXT_PACKAGE, "and %" G_GINT64_FORMAT " message imported.",
                                       "and %" G_GINT64_FORMAT " messages imported.",
                                       (gulong) total->imported_messages),
                          total->imported_messages);
  if (total->existing_conversations > 0)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" G_GINT64_FORMAT " conversation was already here.",
                                           "%" G_GINT64_FORMAT " conversations were already here.",
                                           (gulong) total->existing_conversations),
                              total->existing_conversations);
    }
  if (total->skipped->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Left out:"));
    }
  return g_string_free (body, FALSE);
}

static void
show_summary (ParlanceWindow *self,
              ImportRun      *run)
{
  g_autofree char *body = NULL;
  const char *heading;
  GtkWidget *dialog;

  if (run->n_failed == run->files->len && run->files->len == 1)
    {
      g_autofree char *name = dup_file_name (g_ptr_array_index (run->files, 0));

      g_autofree char *reason = dup_reason (name, run->last_error);

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Failed"), NULL);
      /* Translators: "“conversations.json” could not be imported: The file ends early, at
       * line 2. Nothing of it was added." */
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” could not be imported: %s\n\nNothing of it was added."),
                                      name, reason);
    }
  else
    {
      if (run->total.imported_conversations == 0 && run->total.imported_messages == 0)
        heading = run->n_failed > 0 ? _("Import Failed") : _("Nothing New to Import");
      else
        heading = _("Import Complete");
      body = dup_summary_body (run);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
      if (run->total.skipped->len > 0)
        adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                            skipped_list (run->total.skipped));
    }
  gtk_widget_add_css_class (dialog, "import-summary");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One file after another */

static void import_next (ImportRun *run);

static void
progress (guint64  read,
          guint64  total,
          gpointer user_data)
{
  ImportRun *run = user_data;

  if (run->progress_bar == NULL)
    return;
  if (total > 0)
    {
      g_autofree char *done = g_format_size (read);
      g_autofree char *all = g_format_size (total);
      /* Translators: how much of the file was read: "12.3 MB of 200.0 MB" */
      g_autofree char *text = g_strdup_printf (_("%s of %s"), done, all);

      gtk_progress_bar_set_fraction (run->progress_bar, MIN ((double) read / (double) total, 1.0));
      gtk_progress_bar_set_text (run->progress_bar, text);
    }
  else
    gtk_progress_bar_pulse (run->progress_bar);
}

static void
finish (ImportRun *run)
{
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&run->window);

  close_progress (run);
  if (self != NULL && !g_cancellable_is_cancelled (run->cancellable))
    {
      show_summary (self, run);
      if (run->total.imported_conversations > 0 && run->total.last_conversation_id > 0)
        _parlance_window_open_conversation (self, run->total.last_conversation_id);
    }
  else if (self != NULL)
    {
      g_autofree char *text = g_strdup (_("Import cancelled: nothing of the file being read was added"));
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      parlance_window_add_toast (self, adw_toast_new (escaped));
    }
  import_run_free (run);
}

static void
imported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ImportRun *run = user_data;
  g_autoptr(ParlanceImportSummary) part = NULL;
  g_autoptr(GError) error = NULL;

  part = parlance_import_file_finish (result, &error);
  if (part != NULL)
    {
      run->total.imported_conversations += part->imported_conversations;
      run->total.imported_messages += part->imported_messages;
      run->total.existing_conversations += part->existing_conversations;
      if (part->last_conversation_id > 0)
        run->total.last_conversation_id = part->last_conversation_id;
      g_ptr_array_extend_and_steal (run->total.skipped, g_steal_pointer (&part->skipped));
      part->skipped = g_ptr_array_new ();
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = dup_file_name (g_ptr_array_index (run->files, run->next - 1));
      /* Translators: in the list of what an import left out: a whole file */
      g_autofree char *what = g_strdup_printf (_("the file “%s”"), name);

      g_autofree char *reason = dup_reason (name, error->message);

      run->n_failed++;
      g_free (run->last_error);
      run->last_error = g_strdup (error->message);
      add_skip (run, what, reason);
    }
  if (g_cancellable_is_cancelled (run->cancellable) || run->next >= run->files->len)
    finish (run);
  else
    import_next (run);
}

static void
import_next (ImportRun *run)
{
  GFile *file = g_ptr_array_index (run->files, run->next++);
  g_autofree char *name = dup_file_name (file);

  adw_message_dialog_set_body (run->progress_dialog, name);
  gtk_progress_bar_set_fraction (run->progress_bar, 0);
  gtk_progress_bar_set_text (run->progress_bar, NULL);
  parlance_import_file_async (run->store, file, PARLANCE_IMPORT_FORMAT_AUTO, progress, run, NULL,
                              run->cancellable, imported, run);
}

static void
progress_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  ImportRun *run = user_data;

  /* Closing the dialog (Escape) cancels too: nothing else would show the import going on. */
  g_cancellable_cancel (run->cancellable);
}

static void
start_import (ParlanceWindow *self,
              GPtrArray      *files)
{
  ImportRun *run = g_new0 (ImportRun, 1);
  GtkWidget *bar = gtk_progress_bar_new ();

  g_weak_ref_init (&run->window, self);
  run->store = g_object_ref (self->store);
  run->files = g_ptr_array_ref (files);
  /* The window's: closing it stops the import (the file being read adds nothing). */
  run->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           run->cancellable, G_CONNECT_SWAPPED);
  run->total.skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_import_skip_free);

  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  run->progress_bar = GTK_PROGRESS_BAR (bar);
  run->progress_dialog = g_object_ref_sink (ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), _("Importing Conversations…"), NULL)));
  gtk_widget_add_css_class (GTK_WIDGET (run->progress_dialog), "import-progress");
  adw_message_dialog_set_extra_child (run->progress_dialog, bar);
  adw_message_dialog_add_response (run->progress_dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (run->progress_dialog, "cancel");
  g_signal_connect (run->progress_dialog, "response", G_CALLBACK (progress_response), run);
  gtk_window_present (GTK_WINDOW (run->progress_dialog));
  import_next (run);
}

/* The actions */

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  GWeakRef *window = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (window);
  g_autoptr(GListModel) chosen = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT && self != NULL && self->store != NULL)
    {
      chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      if (files->len > 0)
        start_import (self, files);
    }
  g_weak_ref_clear (window);
  g_free (window);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GWeakRef *window;

  if (self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Import Conversations"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  /* Translators: a file filter: Parlance's, ChatGPT's and Claude's exports */
  gtk_file_filter_set_name (json, _("Exported conversations (JSON)"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  window = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window, self);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), window);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.import-files (as): URIs, imported as Import… would (files opened with the app, tests). */
static void
import_files_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree const char **uris = g_variant_get_strv (parameter, NULL);

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
  if (self->store == NULL || files->len == 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  start_import (self, files);
}

void
_parlance_window_import_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "win.import-files", "as", import_files_activated);
}
