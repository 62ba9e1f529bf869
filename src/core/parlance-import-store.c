/* parlance-import-store.c — an imported conversation into the database, once.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside the import's transaction on its connection. A conversation already there (same
 * source and id there, or for Parlance's own files without a source, the same creation time to
 * the microsecond) gets only the messages it lacks; a new one is written without looking up
 * anything. Rows are written directly, with their times, so nothing is renumbered or re-dated.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-conversation-private.h"
#include "parlance-import-private.h"

static const char find_conversation_sql[] =
  "SELECT id FROM conversations WHERE source = ?1 AND source_id = ?2";
static const char find_local_conversation_sql[] =
  "SELECT id FROM conversations WHERE source IS NULL AND created = ?1 ORDER BY id LIMIT 1";
static const char insert_conversation_sql[] =
  "INSERT INTO conversations (title, created, updated, provider_id, model, system_prompt,"
  " parameters, pinned, archived, source, source_id)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char find_message_sql[] =
  "SELECT id, depth FROM messages WHERE conversation_id = ?1 AND source = ?2 AND source_id = ?3";
static const char find_local_message_sql[] =
  "SELECT id, depth FROM messages WHERE conversation_id = ?1 AND source IS NULL AND created = ?2"
  " AND role = ?3 AND parent_id IS ?4 ORDER BY id LIMIT 1";
static const char insert_message_sql[] =
  "INSERT INTO messages (conversation_id, parent_id, depth, lane, role, content, reasoning,"
  " provider_id, model, status, error, finish_reason, tokens_in, tokens_out, tokens_reasoning,"
  " tokens_cached, cost_pico, first_token_us, duration_us, created, tool_calls, tool_call_id,"
  " generation_id, source, source_id, requested_model, provider_name, attempts)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
  " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)";
static const char insert_blob_sql[] =
  "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?1, ?2, ?3)";
static const char insert_attachment_sql[] =
  "INSERT INTO attachments (message_id, name, mime_type, size, sha256) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char tip_sql[] =
  "UPDATE conversations SET tip_id = ?2, updated = MAX (updated, ?3) WHERE id = ?1";

typedef struct
{
  gint64 id;
  gint64 depth;
} Placed;

/* Steps @stmt once: the first column (and the second into @second) of its row, 0 for none,
 * -1 on an error. */
static gint64
step_find (StoreConnection  *conn,
           sqlite3_stmt     *stmt,
           gint64           *second,
           GError          **error)
{
  gint64 id = 0;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (second != NULL)
        *second = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      _parlance_store_set_error (conn, rc, error);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

static gint64
step_insert (StoreConnection  *conn,
             sqlite3_stmt     *stmt,
             GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _parlance_store_set_error (conn, rc, error);
      return -1;
    }
  return sqlite3_last_insert_rowid (conn->db);
}

static gint64
find_conversation (StoreConnection     *conn,
                   ImportConversation  *c,
                   GError             **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, c->source != NULL ? find_conversation_sql
                                                                          : find_local_conversation_sql,
                                                error);

  if (stmt == NULL)
    return -1;
  if (c->source != NULL)
    {
      _parlance_store_bind_text (stmt, 1, c->source);
      _parlance_store_bind_text (stmt, 2, c->source_id);
    }
  else
    sqlite3_bind_int64 (stmt, 1, c->created);
  return step_find (conn, stmt, NULL, error);
}

static gint64
insert_conversation (StoreConnection     *conn,
                     ImportConversation  *c,
                     GError             **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, insert_conversation_sql, error);
  /* Stored as every other title is, so that each place shows (and the index holds) the same:
   * escape sequences gone whole, not "[31m" left over. */
  g_autofree char *title = _parlance_conversation_clean_title (c->title != NULL ? c->title : "");

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, c->created);
  sqlite3_bind_int64 (stmt, 3, MAX (c->updated, c->created));
  _parlance_store_bind_text (stmt, 4, c->provider_id);
  _parlance_store_bind_text (stmt, 5, c->model);
  _parlance_store_bind_text (stmt, 6, c->system_prompt);
  sqlite3_bind_text (stmt, 7, c->parameters != NULL ? c->parameters : "{}", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, c->pinned);
  sqlite3_bind_int (stmt, 9, c->archived);
  _parlance_store_bind_text (stmt, 10, c->source);
  _parlance_store_bind_text (stmt, 11, c->source_id);
  return step_insert (conn, stmt, error);
}

static gint64
find_message (StoreConnection  *conn,
              gint64            conversation_id,
              gint64            parent_id,
              ImportMessage    *m,
              gint64           *depth,
              GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, m->source != NULL ? find_message_sql
                                                                          : find_local_message_sql,
                                                error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (m->source != NULL)
    {
      _parlance_store_bind_text (stmt, 2, m->source);
      _parlance_store_bind_text (stmt, 3, m->source_id);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 2, m->created);
      _parlance_store_bind_text (stmt, 3, m->role);
      if (parent_id > 0)
        sqlite3_bind_int64 (stmt, 4, parent_id);
      else
        sqlite3_bind_null (stmt, 4);
    }
  return step_find (conn, stmt, depth, error);
}

static gboolean
insert_attachments (StoreConnection  *conn,
                    gint64            message_id,
                    GPtrArray        *attachments,
                    GError          **error)
{
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ImportAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);
      gsize size = g_bytes_get_size (a->data);
      sqlite3_stmt *stmt;

      if ((stmt = _parlance_store_prepare (conn, insert_blob_sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sha, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (gint64) size);
      sqlite3_bind_blob64 (stmt, 3, size > 0 ? g_bytes_get_data (a->data, NULL) : "", size,
                           SQLITE_STATIC);
      if (step_insert (conn, stmt, error) < 0)
        return FALSE;
      if ((stmt = _parlance_store_prepare (conn, insert_attachment_sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, message_id);
      sqlite3_bind_text (stmt, 2, a->name != NULL ? a->name : "", -1, SQLITE_STATIC);
      _parlance_store_bind_text (stmt, 3, a->mime_type);
      sqlite3_bind_int64 (stmt, 4, (gint64) size);
      sqlite3_bind_text (stmt, 5, sha, -1, SQLITE_STATIC);
      if (step_insert (conn, stmt, error) < 0)
        return FALSE;
    }
  return TRUE;
}

static gint64
insert_message (StoreConnection  *conn,
                gint64            conversation_id,
                const Placed     *parent,
                ImportMessage    *m,
                GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, insert_message_sql, error);
  gint64 id;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (parent != NULL)
    sqlite3_bind_int64 (stmt, 2, parent->id);
  sqlite3_bind_int64 (stmt, 3, parent != NULL ? parent->depth + 1 : 1);
  sqlite3_bind_int64 (stmt, 4, MAX (m->lane, 0));
  sqlite3_bind_text (stmt, 5, m->role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, m->content != NULL ? m->content : "", -1, SQLITE_STATIC);
  _parlance_store_bind_text (stmt, 7, m->reasoning != NULL && *m->reasoning ? m->reasoning : NULL);
  _parlance_store_bind_text (stmt, 8, m->provider_id);
  _parlance_store_bind_text (stmt, 9, m->model);
  sqlite3_bind_text (stmt, 10, m->status != NULL ? m->status : "complete", -1, SQLITE_STATIC);
  _parlance_store_bind_text (stmt, 11, m->error);
  _parlance_store_bind_text (stmt, 12, m->finish_reason);
  for (guint i = 0; i < 4; i++)
    _parlance_store_bind_known (stmt, 13 + i, m->tokens[i]);
  _parlance_store_bind_known (stmt, 17, m->cost_pico);
  _parlance_store_bind_known (stmt, 18, m->first_token_us);
  _parlance_store_bind_known (stmt, 19, m->duration_us);
  sqlite3_bind_int64 (stmt, 20, m->created);
  _parlance_store_bind_text (stmt, 21, m->tool_calls);
  _parlance_store_bind_text (stmt, 22, m->tool_call_id);
  _parlance_store_bind_text (stmt, 23, m->generation_id);
  _parlance_store_bind_text (stmt, 24, m->source);
  _parlance_store_bind_text (stmt, 25, m->source_id);
  _parlance_store_bind_text (stmt, 26, m->requested_model);
  _parlance_store_bind_text (stmt, 27, m->provider_name);
  _parlance_store_bind_text (stmt, 28, m->attempts);
  id = step_insert (conn, stmt, error);
  if (id > 0 && !insert_attachments (conn, id, m->attachments, error))
    return -1;
  return id;
}

static gboolean
set_tip (StoreConnection  *conn,
         gint64            conversation_id,
         gint64            tip_id,
         gint64            updated,
         GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, tip_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, tip_id);
  sqlite3_bind_int64 (stmt, 3, updated);
  return step_insert (conn, stmt, error) >= 0;
}

/**
 * _parlance_import_write:
 *
 * Writes what of @c is not in the database yet, counting it in @summary.
 */
gboolean
_parlance_import_write (StoreConnection       *conn,
                        ImportConversation    *c,
                        ParlanceImportSummary *summary,
                        GError               **error)
{
  g_autoptr(GHashTable) placed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 conversation_id = find_conversation (conn, c, error);
  gint64 tip_id = 0, last_id = 0, latest = c->updated;
  gboolean is_new = conversation_id == 0, added = FALSE;
  guint non_text = 0, tool_parts = 0;

  if (conversation_id < 0)
    return FALSE;
  if (is_new && (conversation_id = insert_conversation (conn, c, error)) < 0)
    return FALSE;

  for (guint i = 0; i < c->messages->len; i++)
    {
      ImportMessage *m = g_ptr_array_index (c->messages, i);
      const Placed *parent = m->parent_key != NULL ? g_hash_table_lookup (placed, m->parent_key)
                                                   : NULL;
      Placed *here = g_new0 (Placed, 1);

      here->depth = parent != NULL ? parent->depth + 1 : 1;
      if (!is_new)
        here->id = find_message (conn, conversation_id, parent != NULL ? parent->id : 0, m,
                                 &here->depth, error);
      if (here->id == 0)
        {
          here->id = insert_message (conn, conversation_id, parent, m, error);
          if (here->id > 0)
            {
              summary->imported_messages++;
              added = TRUE;
              non_text += m->non_text;
              tool_parts += m->tool_parts;
            }
        }
      if (here->id < 0)
        {
          g_free (here);
          return FALSE;
        }
      latest = MAX (latest, m->created);
      last_id = here->id;
      if (c->tip_key != NULL && m->key != NULL && strcmp (c->tip_key, m->key) == 0)
        tip_id = here->id;
      if (m->key != NULL)
        g_hash_table_replace (placed, m->key, here);
      else
        g_free (here);
    }

  if (is_new)
    summary->imported_conversations++;
  else
    summary->existing_conversations++;
  /* What was left out of messages already there was said when they came. */
  c->non_text = (is_new ? c->non_text : 0) + non_text;
  c->tool_parts = (is_new ? c->tool_parts : 0) + tool_parts;
  if (!is_new)
    c->empty = 0;
  _parlance_import_say_non_text (c, summary);
  if (is_new || added)
    {
      summary->last_conversation_id = conversation_id;
      if (tip_id == 0)
        tip_id = last_id;
      if (tip_id > 0 && !set_tip (conn, conversation_id, tip_id, latest, error))
        return FALSE;
    }
  return TRUE;
}
