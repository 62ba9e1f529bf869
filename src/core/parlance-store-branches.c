/* parlance-store-branches.c — a conversation's message tree: versions, tips, deleting one message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A regenerated reply or an edited question is a sibling of the message it replaces (same
 * parent). Switching versions moves the conversation's tip to the newest leaf under the chosen
 * sibling. Ids grow with time and a child is always younger than its parent, so the largest id
 * under a message is a leaf, and the newest one.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-store-private.h"

static const char message_sql[] =
  "SELECT conversation_id, parent_id FROM messages WHERE id = ?1";
/* Roots are siblings of each other within their conversation. */
static const char siblings_sql[] =
  "SELECT id FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2 ORDER BY id";
static const char newest_leaf_sql[] =
  "WITH RECURSIVE below (id) AS ("
  "  SELECT ?1"
  "  UNION ALL"
  "  SELECT m.id FROM messages m JOIN below b ON m.parent_id = b.id WHERE m.id > b.id)"
  " SELECT MAX (id) FROM below";
static const char newest_sql[] =
  "SELECT MAX (id) FROM messages WHERE conversation_id = ?1";
/* Everything below the message moves one level up with its children. */
static const char lift_sql[] =
  "WITH RECURSIVE below (id) AS ("
  "  SELECT id FROM messages WHERE parent_id = ?1"
  "  UNION ALL"
  "  SELECT m.id FROM messages m JOIN below b ON m.parent_id = b.id WHERE m.id > b.id)"
  " UPDATE messages SET depth = depth - 1 WHERE id IN (SELECT id FROM below)";
static const char reparent_sql[] = "UPDATE messages SET parent_id = ?2 WHERE parent_id = ?1";
static const char delete_sql[] = "DELETE FROM messages WHERE id = ?1";
static const char tip_sql[] =
  "UPDATE conversations SET tip_id = CASE WHEN tip_id = ?2 THEN ?3 ELSE tip_id END,"
  " updated = MAX (updated, ?4) WHERE id = ?1";
static const char blobs_sql[] =
  "DELETE FROM blobs WHERE NOT EXISTS"
  " (SELECT 1 FROM attachments a WHERE a.sha256 = blobs.sha256)";

static void
message_not_found (StoreConnection  *conn,
                   gint64            id,
                   GError          **error)
{
  g_autofree char *detail = g_strdup_printf (_("message %" G_GINT64_FORMAT), id);

  _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path, detail);
}

/* The message's conversation and parent (0 for a root); FALSE when it is not there. */
static gboolean
read_message (StoreConnection  *conn,
              gint64            id,
              gint64           *conversation_id,
              gint64           *parent_id,
              GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, message_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *conversation_id = sqlite3_column_int64 (stmt, 0);
      *parent_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return message_not_found (conn, id, error), FALSE;
  if (rc != SQLITE_ROW)
    return _parlance_store_set_error (conn, rc, error);
  return TRUE;
}

static void
bind_parent (sqlite3_stmt *stmt,
             int           index,
             gint64        parent_id)
{
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, index, parent_id);
  else
    sqlite3_bind_null (stmt, index);
}

static GArray *
db_list_siblings (StoreConnection  *conn,
                  gint64            message_id,
                  GError          **error)
{
  gint64 conversation_id, parent_id;
  sqlite3_stmt *stmt;

  if (!read_message (conn, message_id, &conversation_id, &parent_id, error) ||
      (stmt = _parlance_store_prepare (conn, siblings_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  bind_parent (stmt, 2, parent_id);
  return _parlance_store_step_ids (conn, stmt, error);
}

static gint64
db_newest_leaf (StoreConnection  *conn,
                gint64            message_id,
                GError          **error)
{
  gint64 conversation_id, parent_id;

  if (!read_message (conn, message_id, &conversation_id, &parent_id, error))
    return 0;
  return MAX (_parlance_store_query_id (conn, newest_leaf_sql, message_id, error), 0);
}

static gboolean
delete_locked (StoreConnection  *conn,
               gint64            message_id,
               GError          **error)
{
  gint64 conversation_id, parent_id, tip;
  sqlite3_stmt *stmt;

  if (!read_message (conn, message_id, &conversation_id, &parent_id, error))
    return FALSE;
  /* Depths first: they are found through the parent links that are about to change. */
  if (!_parlance_store_exec_id (conn, lift_sql, message_id, error) ||
      (stmt = _parlance_store_prepare_id (conn, reparent_sql, message_id, error)) == NULL)
    return FALSE;
  bind_parent (stmt, 2, parent_id);
  /* Attachments and parts go by cascade; the index by its trigger. */
  if (!_parlance_store_step_done (conn, stmt, error) ||
      !_parlance_store_exec_id (conn, delete_sql, message_id, error))
    return FALSE;

  tip = parent_id > 0 ? _parlance_store_query_id (conn, newest_leaf_sql, parent_id, error)
                      : _parlance_store_query_id (conn, newest_sql, conversation_id, error);
  if (tip < 0 || (stmt = _parlance_store_prepare (conn, tip_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, message_id);
  if (tip > 0)
    sqlite3_bind_int64 (stmt, 3, tip);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return _parlance_store_step_done (conn, stmt, error) && _parlance_store_exec (conn, blobs_sql, error);
}

static gboolean
db_delete_message (StoreConnection  *conn,
                   gint64            message_id,
                   GError          **error)
{
  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if (!delete_locked (conn, message_id, error))
    return _parlance_store_rollback (conn), FALSE;
  return _parlance_store_commit (conn, error);
}

/* Moves the tip, as parlance_store_set_tip () does. */
static gboolean
db_set_tip (StoreConnection  *conn,
            gint64            conversation_id,
            gint64            message_id,
            GError          **error)
{
  static const char set_sql[] =
    "UPDATE conversations SET tip_id = ?2 WHERE id = ?1"
    " AND EXISTS (SELECT 1 FROM messages WHERE id = ?2 AND conversation_id = ?1)";
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, set_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, message_id);
  if (!_parlance_store_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (conn->db) == 0)
    return message_not_found (conn, message_id, error), FALSE;
  return TRUE;
}

/**
 * parlance_store_list_siblings:
 * @message_id: a message
 *
 * The versions of a message: every message of its conversation with the same parent (the roots
 * for a root), itself included, oldest first.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, or %NULL with
 *   %PARLANCE_STORE_ERROR_NOT_FOUND when there is no such message
 */
GArray *
parlance_store_list_siblings (ParlanceStore  *self,
                              gint64          message_id,
                              GError        **error)
{
  StoreConnection *conn;
  GArray *ids;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  ids = db_list_siblings (conn, message_id, error);
  _parlance_store_shared_give (self->shared, conn);
  return ids;
}

/**
 * parlance_store_get_newest_leaf:
 * @message_id: a message
 *
 * Returns: the newest message under @message_id with no children (@message_id itself when it
 *   has none), or 0 with @error set
 */
gint64
parlance_store_get_newest_leaf (ParlanceStore  *self,
                                gint64          message_id,
                                GError        **error)
{
  StoreConnection *conn;
  gint64 leaf;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), 0);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return 0;
  leaf = db_newest_leaf (conn, message_id, error);
  _parlance_store_shared_give (self->shared, conn);
  return leaf;
}

/**
 * parlance_store_delete_message:
 * @message_id: the message to delete
 *
 * Deletes one message in one transaction. Its children become its parent's (the conversation
 * below it stays, one level up); its attachments go, and the blobs no message uses any more;
 * its text leaves the search index. A tip on it moves to its parent's newest leaf (for a root,
 * the conversation's newest message), or to none when nothing is left.
 *
 * Returns: %FALSE with @error set (%PARLANCE_STORE_ERROR_NOT_FOUND when there is no such message)
 */
gboolean
parlance_store_delete_message (ParlanceStore  *self,
                               gint64          message_id,
                               GError        **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  ok = db_delete_message (conn, message_id, error);
  _parlance_store_shared_give (self->shared, conn);
  if (ok)
    _parlance_store_shared_changed (self->shared);
  return ok;
}

typedef struct
{
  gint64 conversation_id;
  gint64 message_id;
} BranchWrite;

static gboolean
set_tip_func (StoreConnection  *conn,
              gpointer          data,
              GError          **error)
{
  BranchWrite *write = data;

  return db_set_tip (conn, write->conversation_id, write->message_id, error);
}

static gboolean
delete_message_func (StoreConnection  *conn,
                     gpointer          data,
                     GError          **error)
{
  BranchWrite *write = data;

  return db_delete_message (conn, write->message_id, error);
}

static void
push_branch_write (ParlanceStore       *self,
                   gpointer             source_tag,
                   StoreWriteFunc       func,
                   gint64               conversation_id,
                   gint64               message_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  BranchWrite *write = g_new0 (BranchWrite, 1);

  g_task_set_source_tag (task, source_tag);
  write->conversation_id = conversation_id;
  write->message_id = message_id;
  g_task_set_task_data (task, write, g_free);
  _parlance_store_writer_push (self, task, func, NULL, TRUE);
}

/**
 * parlance_store_set_tip_async:
 *
 * parlance_store_set_tip () through the writer thread, in order with the other writes.
 * Finish with parlance_store_write_finish ().
 */
void
parlance_store_set_tip_async (ParlanceStore       *self,
                              gint64               conversation_id,
                              gint64               message_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));

  push_branch_write (self, parlance_store_set_tip_async, set_tip_func, conversation_id,
                     message_id, cancellable, callback, user_data);
}

/**
 * parlance_store_delete_message_async:
 *
 * parlance_store_delete_message () through the writer thread. Finish with
 * parlance_store_write_finish ().
 */
void
parlance_store_delete_message_async (ParlanceStore       *self,
                                     gint64               message_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));

  push_branch_write (self, parlance_store_delete_message_async, delete_message_func, 0,
                     message_id, cancellable, callback, user_data);
}
