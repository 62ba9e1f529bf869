/* parlance-export.c — conversations written out: the envelope, streaming, files and names.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One read transaction for the whole export, so a backup is one moment of the database even
 * while the app writes; one conversation at a time in memory.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-export-private.h"

#define MAX_NAME_CHARS 80

static gboolean
write_text (GOutputStream  *stream,
            const char     *text,
            gsize           length,
            GCancellable   *cancellable,
            GError        **error)
{
  return g_output_stream_write_all (stream, text, length, NULL, cancellable, error);
}

/* The conversation pretty-printed, indented to sit inside the envelope's array. JSON strings
 * hold no raw newline, so every newline of the text is the printer's. */
static void
append_json (GString  *out,
             JsonNode *conversation)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, conversation);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, "    ");
  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\n')
        g_string_append (out, "    ");
    }
}

static char *
dup_header (void)
{
  g_autofree char *now = _parlance_export_format_time (g_get_real_time ());

  return g_strdup_printf ("{\n  \"format\" : \"parlance\",\n  \"version\" : %d,\n"
                          "  \"exported\" : \"%s\",\n  \"conversations\" : [\n",
                          PARLANCE_EXPORT_FORMAT_VERSION, now);
}

static gboolean
write_conversations (StoreConnection       *conn,
                     GArray                *ids,
                     ParlanceExportFormat   format,
                     GOutputStream         *stream,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      node = _parlance_store_export_conversation (conn, g_array_index (ids, gint64, i), error);
      if (node == NULL)
        return FALSE;
      g_string_truncate (out, 0);
      if (format == PARLANCE_EXPORT_JSON)
        {
          append_json (out, node);
          g_string_append (out, i + 1 < ids->len ? ",\n" : "\n");
        }
      else
        {
          if (i > 0)
            g_string_append (out, "\n---\n\n");
          _parlance_export_markdown (json_node_get_object (node), out);
        }
      if (!write_text (stream, out->str, out->len, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
export_locked (StoreConnection       *conn,
               const gint64          *ids,
               guint                  n_ids,
               ParlanceExportFormat   format,
               GOutputStream         *stream,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GArray) all = NULL;

  if (n_ids > 0)
    {
      all = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (all, ids, n_ids);
    }
  else if ((all = _parlance_store_export_list_ids (conn, error)) == NULL)
    return FALSE;
  return write_conversations (conn, all, format, stream, cancellable, error);
}

/**
 * parlance_export_write:
 * @store: (nullable): the store; %NULL when there is no database yet (an empty export)
 * @ids: (array length=n_ids) (nullable): the conversations, in this order
 * @n_ids: how many; 0 for every conversation
 *
 * Writes the conversations to @stream in @format, one at a time, from one snapshot of the
 * database. Blocking. A conversation that does not exist fails with
 * %PARLANCE_STORE_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE when all was written
 */
gboolean
parlance_export_write (ParlanceStore         *store,
                       const gint64          *ids,
                       guint                  n_ids,
                       ParlanceExportFormat   format,
                       GOutputStream         *stream,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autofree char *header = NULL;
  StoreConnection *conn = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (store == NULL || PARLANCE_IS_STORE (store), FALSE);
  g_return_val_if_fail (store != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  header = dup_header ();
  if (format == PARLANCE_EXPORT_JSON &&
      !write_text (stream, header, strlen (header), cancellable, error))
    return FALSE;
  if (store != NULL)
    {
      if ((conn = _parlance_store_shared_take (store->shared, error)) == NULL)
        return FALSE;
      _parlance_store_db_settle_streaming (conn, 0);
      ok = _parlance_store_exec (conn, "BEGIN", error) &&
           export_locked (conn, ids, n_ids, format, stream, cancellable, error);
      if (!sqlite3_get_autocommit (conn->db))
        _parlance_store_rollback (conn);
      _parlance_store_shared_give (store->shared, conn);
    }
  if (ok && format == PARLANCE_EXPORT_JSON)
    ok = write_text (stream, "  ]\n}\n", 6, cancellable, error);
  return ok;
}

typedef struct
{
  ParlanceStore        *store;
  GArray               *ids;
  ParlanceExportFormat  format;
  GFile                *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->ids, g_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

/* GIO names the file it failed on: the user asked for @target, not for our temporary. */
static void
name_target_in_error (GError *error,
                      GFile  *tmp,
                      GFile  *target)
{
  g_autofree char *tmp_path = g_file_get_path (tmp);
  g_autofree char *target_path = g_file_get_path (target);
  g_autofree char *from = tmp_path != NULL ? g_filename_display_name (tmp_path) : NULL;
  g_autofree char *to = target_path != NULL ? g_filename_display_name (target_path) : NULL;
  GString *message;

  if (error == NULL || from == NULL || to == NULL || strstr (error->message, from) == NULL)
    return;
  message = g_string_new (error->message);
  g_string_replace (message, from, to, 0);
  g_free (error->message);
  error->message = g_string_free (message, FALSE);
}

/* Written beside @file under a name of its own, then moved over it: a reader never sees half
 * an export, and a failed one leaves nothing. Private: a backup holds every conversation. */
static gboolean
export_file (ExportData    *data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (data->file);
  g_autofree char *base = g_file_get_basename (data->file);
  g_autofree char *tmp_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  gboolean ok;

  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("A conversation can’t be saved as the root folder."));
      return FALSE;
    }
  tmp = g_file_get_child (parent, tmp_name);
  file_stream = g_file_create (tmp, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (file_stream == NULL)
    {
      name_target_in_error (error != NULL ? *error : NULL, tmp, data->file);
      return FALSE;
    }
  stream = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_stream), 64 * 1024);
  ok = parlance_export_write (data->store, (const gint64 *) data->ids->data, data->ids->len,
                              data->format, stream, cancellable, error) &&
       g_output_stream_close (stream, cancellable, error) &&
       g_file_move (tmp, data->file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    cancellable, NULL, NULL, error);
  if (!ok)
    {
      name_target_in_error (error != NULL ? *error : NULL, tmp, data->file);
      g_output_stream_close (stream, NULL, NULL);
      g_file_delete (tmp, NULL, NULL);
    }
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (export_file (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * parlance_export_file_async:
 * @ids: (array length=n_ids) (nullable): the conversations; @n_ids 0 for all
 *
 * Exports in a worker thread to @file, which is replaced only when all was written.
 */
void
parlance_export_file_async (ParlanceStore         *store,
                            const gint64          *ids,
                            guint                  n_ids,
                            ParlanceExportFormat   format,
                            GFile                 *file,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (store == NULL || PARLANCE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->store = store != NULL ? g_object_ref (store) : NULL;
  data->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids > 0)
    g_array_append_vals (data->ids, ids, n_ids);
  data->format = format;
  data->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_export_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
parlance_export_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_export_suggest_name:
 * @title: (nullable): the conversation's title
 *
 * A file name for the conversation: its title on one line, without the characters file
 * systems refuse or treat specially, at most 80 characters, with ".md" or ".json".
 *
 * Returns: (transfer full): the name
 */
char *
parlance_export_suggest_name (const char           *title,
                              ParlanceExportFormat  format)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  g_autoptr(GString) name = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0' && n_chars < MAX_NAME_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c) ||
          (c < 128 && strchr ("/\\:*?\"<>|", (int) c) != NULL))
        c = ' ';
      if (c == ' ' && (name->len == 0 || name->str[name->len - 1] == ' '))
        continue;
      /* A leading dot would hide the file. */
      if (c == '.' && name->len == 0)
        continue;
      g_string_append_unichar (name, c);
      n_chars++;
    }
  while (name->len > 0 && (name->str[name->len - 1] == ' ' || name->str[name->len - 1] == '.'))
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_assign (name, _("Conversation"));
  g_string_append (name, format == PARLANCE_EXPORT_MARKDOWN ? ".md" : ".json");
  return g_string_free (g_steal_pointer (&name), FALSE);
}
