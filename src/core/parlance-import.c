/* parlance-import.c — importing a file or a folder: what it is, and one transaction for it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is streamed (parlance-import-reader.c) and each entry becomes an ImportConversation
 * (one file per format) that is written at once (parlance-import-store.c), so memory holds one
 * conversation. All of a file is written in one transaction on a connection of the store's pool:
 * an error anywhere rolls all of it back.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-conversation-private.h"
#include "parlance-import-private.h"
#include "parlance-export.h"
#include "parlance-json.h"

G_DEFINE_QUARK (parlance-import-error-quark, parlance_import_error)

gboolean _parlance_import_skip_indexing = FALSE;

typedef struct
{
  ParlanceImportFormat        format;
  ParlanceImportSummary      *summary;
  StoreConnection            *conn;
  ParlanceImportProgressFunc  progress;
  gpointer                    progress_data;
  guint64                     total;
  gboolean                    is_object;
  char                       *doc_format;        /* Parlance's `format` member */
  gint64                      doc_version;
  ImportConversation         *openai;            /* the one conversation of an OpenAI array */
  ImportChatgptMapping       *mapping;           /* the entry's ChatGPT nodes, read one by one */
  GChecksum                  *openai_digest;
  guint64                     entry_line;
} ImportJob;

void
parlance_import_skip_free (ParlanceImportSkip *skip)
{
  if (skip == NULL)
    return;
  g_free (skip->what);
  g_free (skip->why);
  g_free (skip);
}

void
parlance_import_summary_free (ParlanceImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
  g_free (summary);
}

static ParlanceImportSummary *
summary_new (void)
{
  ParlanceImportSummary *summary = g_new0 (ParlanceImportSummary, 1);

  summary->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_import_skip_free);
  return summary;
}

/**
 * parlance_import_format_to_string:
 *
 * Returns: a short name for @format: "auto", "parlance", "openai", "chatgpt" or "claude"
 */
const char *
parlance_import_format_to_string (ParlanceImportFormat format)
{
  switch (format)
    {
    case PARLANCE_IMPORT_FORMAT_PARLANCE:
      return "parlance";
    case PARLANCE_IMPORT_FORMAT_OPENAI:
      return "openai";
    case PARLANCE_IMPORT_FORMAT_CHATGPT:
      return "chatgpt";
    case PARLANCE_IMPORT_FORMAT_CLAUDE:
      return "claude";
    case PARLANCE_IMPORT_FORMAT_AUTO:
    default:
      return "auto";
    }
}

/* Reading one file */

/* The shape of an array's first entry says which export it is. */
static ParlanceImportFormat
detect_entry (JsonNode *entry)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    return PARLANCE_IMPORT_FORMAT_AUTO;
  object = json_node_get_object (entry);
  if (json_object_has_member (object, "mapping") || json_object_has_member (object, "current_node"))
    return PARLANCE_IMPORT_FORMAT_CHATGPT;
  if (json_object_has_member (object, "chat_messages"))
    return PARLANCE_IMPORT_FORMAT_CLAUDE;
  if (json_object_has_member (object, "role") &&
      (json_object_has_member (object, "content") || json_object_has_member (object, "tool_calls")))
    return PARLANCE_IMPORT_FORMAT_OPENAI;
  /* A ChatGPT entry without a mapping still has its times as numbers. */
  if (json_object_has_member (object, "create_time") && json_object_has_member (object, "title"))
    return PARLANCE_IMPORT_FORMAT_CHATGPT;
  if (json_object_has_member (object, "uuid") && json_object_has_member (object, "created_at"))
    return PARLANCE_IMPORT_FORMAT_CLAUDE;
  return PARLANCE_IMPORT_FORMAT_AUTO;
}

/* What a file that is none of them gets told: what Parlance does read. */
static void
set_unknown_shape (GError     **error,
                   const char  *what)
{
  g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
               /* Translators: %s says what is wrong with the file, e.g. "This is not an export
                * Parlance knows". */
               _("%s. Parlance reads ChatGPT’s and Claude’s conversations.json (a list of "
                 "conversations), OpenAI messages (a list of {role, content}, or an object with "
                 "“messages”) and its own export (an object with “format”, “version” and "
                 "“conversations”)"), what);
}

static gboolean
job_begin (gboolean   is_object,
           gpointer   data,
           GError   **error)
{
  ImportJob *job = data;

  job->is_object = is_object;
  if (is_object && job->format != PARLANCE_IMPORT_FORMAT_AUTO &&
      job->format != PARLANCE_IMPORT_FORMAT_PARLANCE && job->format != PARLANCE_IMPORT_FORMAT_OPENAI)
    {
      g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("This is not a %s export: it is an object, not a list of conversations"),
                   parlance_import_format_to_string (job->format));
      return FALSE;
    }
  if (!is_object && job->format == PARLANCE_IMPORT_FORMAT_PARLANCE)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("This is not a Parlance export: it has no “format” and “version”"));
      return FALSE;
    }
  return TRUE;
}

/* An object's list: `conversations` makes it Parlance's export, `messages` OpenAI's. */
static gboolean
job_list (const char  *name,
          gpointer     data,
          GError     **error)
{
  ImportJob *job = data;
  ParlanceImportFormat format = g_str_equal (name, "messages") ? PARLANCE_IMPORT_FORMAT_OPENAI
                                                                : PARLANCE_IMPORT_FORMAT_PARLANCE;

  if (job->format != PARLANCE_IMPORT_FORMAT_AUTO && job->format != format)
    {
      g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("This is not a %s export: its list is “%s”"),
                   parlance_import_format_to_string (job->format), name);
      return FALSE;
    }
  job->format = format;
  return TRUE;
}

static gboolean
check_parlance_header (ImportJob  *job,
                       gboolean    at_end,
                       GError    **error)
{
  if (job->doc_format != NULL && strcmp (job->doc_format, "parlance") != 0)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("This is not a Parlance export: its “format” is not “parlance”"));
      return FALSE;
    }
  if (job->doc_version > PARLANCE_EXPORT_FORMAT_VERSION)
    {
      g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("This export was written by a newer Parlance (format version %"
                     G_GINT64_FORMAT "); update Parlance to import it"), job->doc_version);
      return FALSE;
    }
  if (at_end && (job->doc_format == NULL || job->doc_version < 1))
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("This is not a Parlance export: it has no “format” and “version”"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
job_member (const char  *name,
            JsonNode    *value,
            gpointer     data,
            GError     **error)
{
  ImportJob *job = data;

  if (g_strcmp0 (name, "format") == 0)
    {
      g_free (job->doc_format);
      job->doc_format = g_strdup (JSON_NODE_HOLDS_VALUE (value) &&
                                  json_node_get_value_type (value) == G_TYPE_STRING ?
                                  json_node_get_string (value) : "");
    }
  else if (g_strcmp0 (name, "version") == 0)
    job->doc_version = JSON_NODE_HOLDS_VALUE (value) &&
                       json_node_get_value_type (value) == G_TYPE_INT64 ?
                       json_node_get_int (value) : 0;
  else if (g_strcmp0 (name, "conversations") == 0)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("This is not a Parlance export: its “conversations” is not a list"));
      return FALSE;
    }
  /* OpenAI's object may have members of its own (a model…): only Parlance's header counts. */
  if (job->format == PARLANCE_IMPORT_FORMAT_OPENAI)
    return TRUE;
  return check_parlance_header (job, FALSE, error);
}

/* An entry's error, named with its number and line. */
static void
prefix_entry (GError  **error,
              guint     index,
              guint64   line)
{
  if (error != NULL && *error != NULL && (*error)->domain == PARLANCE_IMPORT_ERROR)
    g_prefix_error (error, _("Entry %u (line %" G_GUINT64_FORMAT "): "), index + 1, line);
}

static gboolean
job_entry (JsonNode  *entry,
           guint      index,
           guint64    line,
           gpointer   data,
           GError   **error)
{
  ImportJob *job = data;
  g_autoptr(ImportConversation) conversation = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_skipped = job->summary->skipped->len;
  gint64 n_messages = job->summary->imported_messages;
  gint64 n_existing = job->summary->existing_conversations;

  if (job->format == PARLANCE_IMPORT_FORMAT_AUTO)
    {
      if ((job->format = detect_entry (entry)) == PARLANCE_IMPORT_FORMAT_AUTO)
        {
          g_autofree char *what = g_strdup_printf (_("This is not an export Parlance knows: "
                                                     "the entry at line %" G_GUINT64_FORMAT
                                                     " is neither a conversation nor a message"),
                                                   line);

          set_unknown_shape (error, what);
          return FALSE;
        }
    }
  switch (job->format)
    {
    case PARLANCE_IMPORT_FORMAT_PARLANCE:
      if (!check_parlance_header (job, FALSE, &local_error))
        break;
      conversation = _parlance_import_parlance_entry (entry, job->summary, &local_error);
      break;
    case PARLANCE_IMPORT_FORMAT_CHATGPT:
      conversation = _parlance_import_chatgpt_entry (entry, job->mapping, job->summary,
                                                     &local_error);
      break;
    case PARLANCE_IMPORT_FORMAT_CLAUDE:
      conversation = _parlance_import_claude_entry (entry, job->summary, &local_error);
      break;
    case PARLANCE_IMPORT_FORMAT_OPENAI:
      {
        g_autofree char *text = json_to_string (entry, FALSE);

        if (job->openai == NULL)
          {
            job->openai = _parlance_import_conversation_new ();
            job->openai_digest = g_checksum_new (G_CHECKSUM_SHA256);
          }
        g_checksum_update (job->openai_digest, (const guchar *) text, -1);
        _parlance_import_openai_add (job->openai, entry, index, &local_error);
      }
      break;
    case PARLANCE_IMPORT_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }
  g_clear_pointer (&job->mapping, _parlance_import_chatgpt_mapping_free);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      prefix_entry (error, index, line);
      return FALSE;
    }
  if (conversation != NULL && !_parlance_import_write (job->conn, conversation, job->summary, error))
    return FALSE;
  /* Imported before and nothing new: what was left out of it was said then. */
  if (job->summary->existing_conversations > n_existing &&
      job->summary->imported_messages == n_messages)
    g_ptr_array_set_size (job->summary->skipped, n_skipped);
  return TRUE;
}

static void
job_progress (guint64  read,
              gpointer data)
{
  ImportJob *job = data;

  if (job->progress != NULL)
    job->progress (read, job->total, job->progress_data);
}

/* A node of an entry's `mapping`, before the entry itself. */
static gboolean
job_mapping_node (const char  *id,
                  JsonNode    *node,
                  gpointer     data,
                  GError     **error)
{
  ImportJob *job = data;

  if (job->mapping == NULL)
    job->mapping = _parlance_import_chatgpt_mapping_new ();
  _parlance_import_chatgpt_mapping_add (job->mapping, id, node);
  return TRUE;
}

static const ImportReaderFuncs job_funcs = {
  job_begin, job_member, job_entry, job_progress, job_list, job_mapping_node
};

/* After the last entry: what needed all of the file. */
static gboolean
job_finish (ImportJob  *job,
            GError    **error)
{
  /* An object with no list of ours: Parlance's header if it has one, else nothing we read. */
  if (job->is_object && job->format == PARLANCE_IMPORT_FORMAT_AUTO && job->doc_format == NULL)
    {
      set_unknown_shape (error, _("This is not an export Parlance knows"));
      return FALSE;
    }
  if (job->is_object && job->format == PARLANCE_IMPORT_FORMAT_AUTO)
    job->format = PARLANCE_IMPORT_FORMAT_PARLANCE;
  if (job->format == PARLANCE_IMPORT_FORMAT_PARLANCE)
    return check_parlance_header (job, TRUE, error);
  if (job->openai != NULL && job->openai->messages->len == 0)
    {
      _parlance_import_skip (job->summary, g_strdup (_("the conversation")),
                             _("It has no messages"));
      return TRUE;
    }
  if (job->openai != NULL)
    {
      _parlance_import_openai_finish (job->openai, g_checksum_get_string (job->openai_digest),
                                      job->summary);
      return _parlance_import_write (job->conn, job->openai, job->summary, error);
    }
  return TRUE;
}

static void
job_clear (ImportJob *job)
{
  g_clear_pointer (&job->doc_format, g_free);
  g_clear_pointer (&job->openai, _parlance_import_conversation_free);
  g_clear_pointer (&job->openai_digest, g_checksum_free);
  g_clear_pointer (&job->mapping, _parlance_import_chatgpt_mapping_free);
}

/* Imports one file in one transaction, adding to @summary only when it is all in. */
static gboolean
import_one (ParlanceStore              *store,
            GFile                      *file,
            ParlanceImportFormat        format,
            ParlanceImportSummary      *summary,
            ParlanceImportProgressFunc  progress,
            gpointer                    progress_data,
            GCancellable               *cancellable,
            GError                    **error)
{
  g_autoptr(ParlanceImportSummary) part = summary_new ();
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  ImportJob job = { format, part, NULL, progress, progress_data, 0, FALSE, NULL, 0, NULL, NULL,
                    NULL, 0 };
  gboolean ok;

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    job.total = (guint64) g_file_info_get_size (info);
  if ((job.conn = _parlance_store_shared_take (store->shared, error)) == NULL)
    return FALSE;
  /* The rows now, their text indexed right after in small transactions: the write lock is
   * held for the rows only (parlance-store-fts-pending.c). */
  ok = _parlance_store_begin (job.conn, error) &&
       _parlance_store_db_pending_open (job.conn, error) &&
       _parlance_import_read_stream (G_INPUT_STREAM (stream), &job_funcs, &job, cancellable,
                                     error) &&
       job_finish (&job, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       _parlance_store_db_pending_close (job.conn, error) &&
       _parlance_store_commit (job.conn, error);
  if (!ok)
    _parlance_store_rollback (job.conn);
  /* The rows are in: an indexing cut short is finished by the next search, import or opening. */
  if (ok && !_parlance_import_skip_indexing)
    {
      g_autoptr(GError) index_error = NULL;

      if (!_parlance_store_db_index_pending (job.conn, cancellable, &index_error))
        g_debug ("Indexing the import later: %s", index_error->message);
    }
  _parlance_store_shared_give (store->shared, job.conn);
  job_clear (&job);
  if (!ok)
    return FALSE;

  if (part->imported_conversations > 0 || part->imported_messages > 0)
    _parlance_store_shared_changed (store->shared);
  summary->format = job.format;
  summary->imported_conversations += part->imported_conversations;
  summary->imported_messages += part->imported_messages;
  summary->existing_conversations += part->existing_conversations;
  if (part->last_conversation_id > 0)
    summary->last_conversation_id = part->last_conversation_id;
  g_ptr_array_extend_and_steal (summary->skipped, g_steal_pointer (&part->skipped));
  part->skipped = g_ptr_array_new ();
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The conversations*.json of a folder, in name order. */
static GPtrArray *
list_folder (GFile         *folder,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return NULL;
  while (g_file_enumerator_iterate (children, &info, NULL, cancellable, error) && info != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          g_str_has_prefix (name, "conversations") && g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (error != NULL && *error != NULL)
    return NULL;
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* "conversations.json: " before an error, so it names the file. */
static void
prefix_file (GError **error,
             GFile   *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *safe = _parlance_import_name (name);

  g_prefix_error (error, "%s: ", safe);
}

/**
 * parlance_import_file:
 * @store: the store to import into
 * @file: a file, or a folder of conversations*.json
 * @format: the format, or %PARLANCE_IMPORT_FORMAT_AUTO to recognise it
 * @progress: (nullable) (scope call): called with the bytes read
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the import; nothing of the file is kept
 * @error: a #PARLANCE_IMPORT_ERROR naming the file, and the line or entry
 *
 * Imports @file in one transaction (a folder: one per file, in name order, stopping at the
 * first that is rejected). Blocking.
 *
 * Returns: (transfer full): what was imported and what was skipped, or %NULL
 */
ParlanceImportSummary *
parlance_import_file (ParlanceStore              *store,
                      GFile                      *file,
                      ParlanceImportFormat        format,
                      ParlanceImportProgressFunc  progress,
                      gpointer                    progress_data,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_autoptr(ParlanceImportSummary) summary = summary_new ();
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (PARLANCE_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  summary->format = format;
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) != G_FILE_TYPE_DIRECTORY)
    {
      if (!import_one (store, file, format, summary, progress, progress_data, cancellable, error))
        {
          prefix_file (error, file);
          return NULL;
        }
      return g_steal_pointer (&summary);
    }

  if ((names = list_folder (file, cancellable, error)) == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("The folder holds no conversations*.json file to import"));
      prefix_file (error, file);
      return NULL;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_ptr_array_index (names, i));

      if (!import_one (store, child, format, summary, progress, progress_data, cancellable, error))
        {
          prefix_file (error, child);
          return NULL;
        }
    }
  return g_steal_pointer (&summary);
}
