/* parlance-store-conversations.c — conversations: create, save, delete, get, list.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-store-private.h"

/* The message count is the tip's depth: the length of the shown branch. */
#define CONVERSATION_SELECT \
  "SELECT c.id, c.title, c.created, c.updated, c.provider_id, c.model, c.system_prompt," \
  " c.parameters, c.pinned, c.archived, c.tip_id, COALESCE (t.depth, 0)" \
  " FROM conversations c LEFT JOIN messages t ON t.id = c.tip_id AND t.conversation_id = c.id"

static const char get_sql[] = CONVERSATION_SELECT " WHERE c.id = ?1";
static const char list_sql[] =
  CONVERSATION_SELECT " WHERE c.archived = ?1 ORDER BY c.updated DESC, c.id DESC LIMIT ?2";
/* The limit applies before the join: the first rows of the sidebar read 24 tips, not 2,000.
 * Sorting the conversations of one archived state needs no index of its own (<1 ms at 2,000). */
static const char list_pinned_sql[] =
  "SELECT c.id, c.title, c.created, c.updated, c.provider_id, c.model, c.system_prompt,"
  " c.parameters, c.pinned, c.archived, c.tip_id, COALESCE (t.depth, 0)"
  " FROM (SELECT * FROM conversations WHERE archived = ?1"
  "       ORDER BY pinned DESC, updated DESC, id DESC LIMIT ?2) c"
  " LEFT JOIN messages t ON t.id = c.tip_id AND t.conversation_id = c.id"
  " ORDER BY c.pinned DESC, c.updated DESC, c.id DESC";
static const char latest_sql[] =
  "SELECT id FROM conversations WHERE archived = 0 ORDER BY updated DESC, id DESC LIMIT 1";
static const char insert_sql[] =
  "INSERT INTO conversations (title, created, updated, provider_id, model, system_prompt,"
  " parameters, pinned, archived, tip_id) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char update_sql[] =
  "UPDATE conversations SET title = ?2, created = ?3, updated = MAX (updated, ?4),"
  " provider_id = ?5, model = ?6, system_prompt = ?7, parameters = ?8, pinned = ?9, archived = ?10"
  " WHERE id = ?1";
static const char tip_sql[] =
  "UPDATE conversations SET tip_id = ?2 WHERE id = ?1"
  " AND EXISTS (SELECT 1 FROM messages WHERE id = ?2 AND conversation_id = ?1)";

static void
not_found (StoreConnection  *conn,
           gint64            id,
           GError          **error)
{
  g_autofree char *detail = g_strdup_printf (_("conversation %" G_GINT64_FORMAT), id);

  _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path, detail);
}

static void
bind_conversation (sqlite3_stmt         *stmt,
                   ParlanceConversation *conversation)
{
  const char *title = parlance_conversation_get_title (conversation);
  gint64 tip_id = parlance_conversation_get_tip_id (conversation);

  sqlite3_bind_int64 (stmt, 1, parlance_conversation_get_id (conversation));
  sqlite3_bind_text (stmt, 2, title != NULL ? title : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, parlance_conversation_get_created (conversation));
  sqlite3_bind_int64 (stmt, 4, parlance_conversation_get_updated (conversation));
  _parlance_store_bind_text (stmt, 5, parlance_conversation_get_provider_id (conversation));
  _parlance_store_bind_text (stmt, 6, parlance_conversation_get_model (conversation));
  _parlance_store_bind_text (stmt, 7, parlance_conversation_get_system_prompt (conversation));
  sqlite3_bind_text (stmt, 8, parlance_conversation_dup_parameters_json (conversation), -1, g_free);
  sqlite3_bind_int (stmt, 9, parlance_conversation_get_pinned (conversation));
  sqlite3_bind_int (stmt, 10, parlance_conversation_get_archived (conversation));
  if (tip_id > 0)
    sqlite3_bind_int64 (stmt, 11, tip_id);
}

static ParlanceConversation *
read_conversation (sqlite3_stmt *stmt)
{
  ParlanceConversation *conversation = parlance_conversation_new ();

  parlance_conversation_set_id (conversation, sqlite3_column_int64 (stmt, 0));
  parlance_conversation_set_title (conversation, _parlance_store_column_text (stmt, 1));
  parlance_conversation_set_created (conversation, sqlite3_column_int64 (stmt, 2));
  parlance_conversation_set_updated (conversation, sqlite3_column_int64 (stmt, 3));
  parlance_conversation_set_provider_id (conversation, _parlance_store_column_text (stmt, 4));
  parlance_conversation_set_model (conversation, _parlance_store_column_text (stmt, 5));
  parlance_conversation_set_system_prompt (conversation, _parlance_store_column_text (stmt, 6));
  /* A value that is no JSON object (written by hand?) reads as no settings. */
  parlance_conversation_set_parameters_json (conversation, _parlance_store_column_text (stmt, 7));
  parlance_conversation_set_pinned (conversation, sqlite3_column_int (stmt, 8) != 0);
  parlance_conversation_set_archived (conversation, sqlite3_column_int (stmt, 9) != 0);
  parlance_conversation_set_tip_id (conversation, MAX (sqlite3_column_int64 (stmt, 10), 0));
  parlance_conversation_set_message_count (conversation,
                                           (guint) CLAMP (sqlite3_column_int64 (stmt, 11), 0, G_MAXUINT));
  return conversation;
}

/* Inserts @conversation; created and updated, when 0, are now. Sets its id. */
gboolean
_parlance_store_db_create_conversation (StoreConnection       *conn,
                                        ParlanceConversation  *conversation,
                                        GError               **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, insert_sql, error);
  gint64 created = parlance_conversation_get_created (conversation);
  gint64 updated = parlance_conversation_get_updated (conversation);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (created <= 0)
    created = g_get_real_time ();
  if (updated <= 0)
    updated = created;
  bind_conversation (stmt, conversation);
  sqlite3_bind_int64 (stmt, 3, created);
  sqlite3_bind_int64 (stmt, 4, updated);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  parlance_conversation_set_id (conversation, sqlite3_last_insert_rowid (conn->db));
  parlance_conversation_set_created (conversation, created);
  parlance_conversation_set_updated (conversation, updated);
  return TRUE;
}

gboolean
_parlance_store_db_save_conversation (StoreConnection       *conn,
                                      ParlanceConversation  *conversation,
                                      GError               **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, update_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_conversation (stmt, conversation);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  if (sqlite3_changes (conn->db) == 0)
    return not_found (conn, parlance_conversation_get_id (conversation), error), FALSE;
  return TRUE;
}

/* The messages and attachments go by cascade; blobs nothing uses any more after them. */
gboolean
_parlance_store_db_delete_conversation (StoreConnection  *conn,
                                        gint64            id,
                                        GError          **error)
{
  static const char delete_sql[] = "DELETE FROM conversations WHERE id = ?1";
  static const char blobs_sql[] =
    "DELETE FROM blobs WHERE NOT EXISTS"
    " (SELECT 1 FROM attachments a WHERE a.sha256 = blobs.sha256)";
  sqlite3_stmt *stmt;
  int rc;

  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if ((stmt = _parlance_store_prepare (conn, delete_sql, error)) == NULL)
    return _parlance_store_rollback (conn), FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), _parlance_store_rollback (conn), FALSE;
  if (sqlite3_changes (conn->db) == 0)
    return not_found (conn, id, error), _parlance_store_rollback (conn), FALSE;
  if (!_parlance_store_exec (conn, blobs_sql, error))
    return _parlance_store_rollback (conn), FALSE;
  return _parlance_store_commit (conn, error);
}

/* Returns: (transfer full) (nullable): the conversation, or %NULL with NOT_FOUND */
ParlanceConversation *
_parlance_store_db_get_conversation (StoreConnection  *conn,
                                     gint64            id,
                                     GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, get_sql, error);
  ParlanceConversation *conversation = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    conversation = read_conversation (stmt);
  else if (rc == SQLITE_DONE)
    not_found (conn, id, error);
  else
    _parlance_store_set_error (conn, rc, error);
  sqlite3_reset (stmt);
  return conversation;
}

GPtrArray *
_parlance_store_db_list_conversations (StoreConnection         *conn,
                                       ParlanceStoreListFlags   flags,
                                       guint                    limit,
                                       GError                 **error)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  _parlance_store_db_settle_streaming (conn, 0);
  stmt = _parlance_store_prepare (conn, (flags & PARLANCE_STORE_LIST_PINNED_FIRST) ? list_pinned_sql
                                                                                 : list_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (flags & PARLANCE_STORE_LIST_ARCHIVED) != 0);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conversations, read_conversation (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_steal_pointer (&conversations);
}

/* Runs @func on a pooled connection; emits ::conversations-changed when @changes and it worked. */
static gboolean
with_connection (ParlanceStore          *self,
                 gboolean                changes,
                 gboolean              (*func) (StoreConnection *, ParlanceConversation *, GError **),
                 ParlanceConversation   *conversation,
                 GError                **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (conversation), FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  ok = func (conn, conversation, error);
  _parlance_store_shared_give (self->shared, conn);
  if (ok && changes)
    _parlance_store_shared_changed (self->shared);
  return ok;
}

/**
 * parlance_store_create_conversation:
 *
 * Inserts @conversation (its id must be 0) and fills in its id, created and updated (kept
 * when already set, as an import does).
 */
gboolean
parlance_store_create_conversation (ParlanceStore         *self,
                                    ParlanceConversation  *conversation,
                                    GError               **error)
{
  g_return_val_if_fail (parlance_conversation_get_id (conversation) == 0, FALSE);
  return with_connection (self, TRUE, _parlance_store_db_create_conversation, conversation, error);
}

/* Writes the fields a person edits (title, provider, model, settings, pinned, archived) of
 * @conversation, a saved one. Never the tip, and never `updated` backwards: the app may hold an
 * object read before a CLI process added messages, and saving it must not hide them. */
gboolean
parlance_store_save_conversation (ParlanceStore         *self,
                                  ParlanceConversation  *conversation,
                                  GError               **error)
{
  g_return_val_if_fail (parlance_conversation_get_id (conversation) > 0, FALSE);
  return with_connection (self, TRUE, _parlance_store_db_save_conversation, conversation, error);
}

gboolean
parlance_store_delete_conversation (ParlanceStore  *self,
                                    gint64          id,
                                    GError        **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  ok = _parlance_store_db_delete_conversation (conn, id, error);
  _parlance_store_shared_give (self->shared, conn);
  if (ok)
    _parlance_store_shared_changed (self->shared);
  return ok;
}

/* Returns: (transfer full) (nullable): the conversation with its message count */
ParlanceConversation *
parlance_store_get_conversation (ParlanceStore  *self,
                                 gint64          id,
                                 GError        **error)
{
  StoreConnection *conn;
  ParlanceConversation *conversation;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  conversation = _parlance_store_db_get_conversation (conn, id, error);
  _parlance_store_shared_give (self->shared, conn);
  return conversation;
}

/* Returns: (transfer full) (element-type ParlanceConversation): most recently updated first */
GPtrArray *
parlance_store_list_conversations (ParlanceStore           *self,
                                   ParlanceStoreListFlags   flags,
                                   guint                    limit,
                                   GError                 **error)
{
  StoreConnection *conn;
  GPtrArray *conversations;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  conversations = _parlance_store_db_list_conversations (conn, flags, limit, error);
  _parlance_store_shared_give (self->shared, conn);
  return conversations;
}

/* Returns: the most recently updated conversation not archived, 0 when none (or on error) */
gint64
parlance_store_get_latest_conversation (ParlanceStore  *self,
                                        GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), 0);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return 0;
  if ((stmt = _parlance_store_prepare (conn, latest_sql, error)) != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
    }
  _parlance_store_shared_give (self->shared, conn);
  return id;
}

/**
 * parlance_store_set_tip:
 *
 * Shows the branch that ends at @message_id, a message of @conversation_id (choosing another
 * version of a reply). NOT_FOUND when either is not there.
 */
gboolean
parlance_store_set_tip (ParlanceStore  *self,
                        gint64          conversation_id,
                        gint64          message_id,
                        GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  if ((stmt = _parlance_store_prepare (conn, tip_sql, error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, conversation_id);
      sqlite3_bind_int64 (stmt, 2, message_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        _parlance_store_set_error (conn, rc, error);
      else if (sqlite3_changes (conn->db) == 0)
        not_found (conn, conversation_id, error);
      else
        ok = TRUE;
    }
  _parlance_store_shared_give (self->shared, conn);
  if (ok)
    _parlance_store_shared_changed (self->shared);
  return ok;
}
