/* parlance-window-export.c — Export… (a conversation, Markdown or JSON) and Export All… (a
 * backup in JSON), through GtkFileChooserNative.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export runs in a worker thread and writes the file only when it is complete; a toast
 * says where it went, a dialog why it could not, naming the file.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-export.h"
#include "parlance-window-private.h"

typedef struct
{
  GWeakRef              window;
  GtkFileChooserNative *chooser;
  gint64                id;       /* 0: every conversation */
  gboolean              choose_format;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_weak_ref_clear (&request->window);
  g_clear_object (&request->chooser);
  g_free (request);
}

/* @text is plain: toasts take markup. */
static void
toast (ParlanceWindow *self,
       const char     *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  parlance_window_add_toast (self, adw_toast_new (escaped));
}

typedef struct
{
  GWeakRef  window;   /* a window closed meanwhile is not told */
  GFile    *file;
} Exporting;

static void
exported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Exporting *exporting = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&exporting->window);
  g_autofree char *name = g_file_get_basename (exporting->file);
  g_autoptr(GError) error = NULL;


  if (parlance_export_file_finish (result, &error))
    {
      if (self != NULL)
        {
          /* Translators: %s is a file name */
          g_autofree char *text = g_strdup_printf (_("Exported to “%s”"), name);

          toast (self, text);
        }
    }
  else if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A dialog: the reason is often longer than a toast shows. */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), NULL);

      /* Translators: "“backup.json” could not be written: No space left on device" */
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” could not be written: %s"), name, error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_weak_ref_clear (&exporting->window);
  g_object_unref (exporting->file);
  g_free (exporting);
}

static void
start_export (ParlanceWindow       *self,
              gint64                id,
              ParlanceExportFormat  format,
              GFile                *file)
{
  Exporting *exporting = g_new0 (Exporting, 1);

  g_weak_ref_init (&exporting->window, self);
  exporting->file = g_object_ref (file);
  parlance_export_file_async (self->store, id > 0 ? &id : NULL, id > 0 ? 1 : 0, format, file,
                              self->cancellable, exported, exporting);
}

/* The chooser can't change the name when the format changes: the extension follows the
 * format (a file of the other format's name never gets this one's contents); when that name
 * is taken, we ask before replacing it, as the chooser would have. */
static GFile *
dup_other_extension (GFile                *file,
                     ParlanceExportFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);
  const char *wanted = format == PARLANCE_EXPORT_MARKDOWN ? ".md" : ".json";
  const char *other = format == PARLANCE_EXPORT_MARKDOWN ? ".json" : ".md";
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *stem = NULL;
  g_autofree char *renamed = NULL;

  if (parent == NULL || !g_str_has_suffix (name, other))
    return NULL;
  stem = g_strndup (name, strlen (name) - strlen (other));
  renamed = g_strconcat (stem, wanted, NULL);
  return g_file_get_child (parent, renamed);
}

typedef struct
{
  GWeakRef              window;
  gint64                id;
  ParlanceExportFormat  format;
  GFile                *file;
  GFile                *renamed;
} Renaming;

static void
renaming_free (Renaming *renaming)
{
  g_weak_ref_clear (&renaming->window);
  g_object_unref (renaming->file);
  g_object_unref (renaming->renamed);
  g_free (renaming);
}

static void
replace_answered (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  Renaming *renaming = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&renaming->window);

  if (self != NULL && self->store != NULL && g_strcmp0 (response, "replace") == 0)
    start_export (self, renaming->id, renaming->format, renaming->renamed);
  renaming_free (renaming);
}

static void
renamed_checked (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Renaming *renaming = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&renaming->window);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (self == NULL || self->store == NULL || info == NULL)
    {
      if (self != NULL && self->store != NULL)
        start_export (self, renaming->id, renaming->format, renaming->renamed);
      renaming_free (renaming);
      return;
    }
  name = g_file_get_basename (renaming->renamed);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: %s is a file name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Replace “%s”?"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("A file with this name already exists in the folder. The "
                                 "export’s name follows the format chosen; replacing the file "
                                 "overwrites its contents."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (replace_answered), renaming);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ExportRequest *request = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&request->window);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) renamed = NULL;
  const char *choice;
  ParlanceExportFormat format = PARLANCE_EXPORT_JSON;

  if (response == GTK_RESPONSE_ACCEPT && self != NULL && self->store != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      choice = request->choose_format ?
               gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format") : NULL;
      if (g_strcmp0 (choice, "markdown") == 0)
        format = PARLANCE_EXPORT_MARKDOWN;
      if ((renamed = dup_other_extension (file, format)) != NULL)
        {
          Renaming *renaming = g_new0 (Renaming, 1);

          g_weak_ref_init (&renaming->window, self);
          renaming->id = request->id;
          renaming->format = format;
          renaming->file = g_steal_pointer (&file);
          renaming->renamed = g_object_ref (renamed);
          g_file_query_info_async (renamed, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, G_PRIORITY_DEFAULT,
                                   self->cancellable, renamed_checked, renaming);
        }
      else
        start_export (self, request->id, format, file);
    }
  gtk_native_dialog_destroy (dialog);
  export_request_free (request);
}

static void
show_chooser (ParlanceWindow *self,
              gint64          id,
              const char     *title,
              const char     *name,
              gboolean        choose_format)
{
  ExportRequest *request = g_new0 (ExportRequest, 1);
  static const char *options[] = { "markdown", "json", NULL };
  const char *labels[] = { _("Markdown, to read"), _("JSON, lossless (Parlance)"), NULL };

  g_weak_ref_init (&request->window, self);
  request->id = id;
  request->choose_format = choose_format;
  request->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_SAVE,
                                                  _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (request->chooser), TRUE);
  if (choose_format)
    {
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (request->chooser), "format", _("Format"),
                                   options, labels);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (request->chooser), "format", "markdown");
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (request->chooser), name);
  g_signal_connect (request->chooser, "response", G_CALLBACK (chooser_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (request->chooser));
}

/* conversation.export (x): 0 is the open conversation. */
static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  gint64 id = _parlance_window_resolve_id (self, parameter);
  ParlanceConversation *conversation = _parlance_window_lookup (self, id);
  g_autofree char *name = NULL;

  if (id <= 0 || conversation == NULL || self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  name = parlance_export_suggest_name (parlance_conversation_get_title (conversation),
                                       PARLANCE_EXPORT_MARKDOWN);
  show_chooser (self, id, _("Export Conversation"), name, TRUE);
}

static void
export_all_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the file name offered for a backup of every conversation; %s is the date */
  g_autofree char *name = g_strdup_printf (_("Parlance conversations %s.json"), date);

  if (self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  show_chooser (self, 0, _("Export All Conversations"), name, FALSE);
}

void
_parlance_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "conversation.export", "x", export_activated);
  gtk_widget_class_install_action (widget_class, "win.export-all", NULL, export_all_activated);
}
