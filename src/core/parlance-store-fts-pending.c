/* parlance-store-fts-pending.c — messages written before their text is indexed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Indexing is seven eighths of an import's time. So an import writes its rows with the
 * fts_pending range it fills open (the triggers skip rows in a range: see the schema), records
 * the range's real end before it commits, and the text is indexed right after in small
 * transactions that other writers and searches interleave with. Each batch indexes the start of
 * a range and shrinks the range in the same transaction: a crash loses nothing, and the next
 * import, search or opening of the store goes on from there.
 */

#include "config.h"

#include "parlance-store-private.h"

/* Messages a transaction indexes: short enough that other writers' 5 s wait is never near. */
#define PENDING_BATCH 2000

/* The end of the range an import is filling. */
#define OPEN_END "9223372036854775807"

/**
 * _parlance_store_db_pending_open:
 *
 * Inside a write transaction: messages inserted from now on are not indexed, until
 * _parlance_store_db_pending_close() in the same transaction.
 */
gboolean
_parlance_store_db_pending_open (StoreConnection  *conn,
                                 GError          **error)
{
  static const char sql[] =
    "INSERT INTO fts_pending (first_id, last_id)"
    " VALUES (coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0) + 1, ?1)";
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, G_MAXINT64);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _parlance_store_set_error (conn, rc, error);
}

/* Ends the open range at the last message inserted (or drops it when there was none). */
gboolean
_parlance_store_db_pending_close (StoreConnection  *conn,
                                  GError          **error)
{
  static const char sql[] =
    "UPDATE fts_pending"
    " SET last_id = coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0)"
    " WHERE last_id = " OPEN_END ";"
    "DELETE FROM fts_pending WHERE first_id > last_id";

  return _parlance_store_exec (conn, sql, error);
}

/* One batch in its own transaction. Returns: 1 when one was indexed, 0 when none is left,
 * -1 with @error set */
static int
index_batch (StoreConnection  *conn,
             GError          **error)
{
  static const char next_sql[] =
    "SELECT rowid, first_id, last_id FROM fts_pending ORDER BY first_id LIMIT 1";
  static const char index_sql[] =
    "INSERT INTO messages_fts (rowid, content)"
    " SELECT id, content FROM messages WHERE id BETWEEN ?1 AND ?2";
  static const char shrink_sql[] =
    "UPDATE fts_pending SET first_id = ?2 + 1 WHERE rowid = ?1";
  static const char drop_sql[] =
    "DELETE FROM fts_pending WHERE first_id > last_id";
  sqlite3_stmt *stmt;
  gint64 range, first, last, end;
  int rc;

  if (!_parlance_store_begin (conn, error))
    return -1;
  if ((stmt = _parlance_store_prepare (conn, next_sql, error)) == NULL)
    goto failed;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return _parlance_store_commit (conn, error) ? 0 : -1;
    }
  if (rc != SQLITE_ROW)
    {
      _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      goto failed;
    }
  range = sqlite3_column_int64 (stmt, 0);
  first = sqlite3_column_int64 (stmt, 1);
  last = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  end = first > last - PENDING_BATCH ? last : first + PENDING_BATCH - 1;

  if ((stmt = _parlance_store_prepare (conn, index_sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, end);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _parlance_store_set_error (conn, rc, error);
      goto failed;
    }
  if ((stmt = _parlance_store_prepare (conn, shrink_sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, range);
  sqlite3_bind_int64 (stmt, 2, end);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _parlance_store_set_error (conn, rc, error);
      goto failed;
    }
  if (!_parlance_store_exec (conn, drop_sql, error))
    goto failed;
  return _parlance_store_commit (conn, error) ? 1 : -1;

failed:
  _parlance_store_rollback (conn);
  return -1;
}

/**
 * _parlance_store_db_index_pending:
 *
 * Indexes every pending message, a batch a transaction, until none is left or @cancellable is
 * cancelled (what is left stays pending).
 */
gboolean
_parlance_store_db_index_pending (StoreConnection  *conn,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  gint64 any;
  int rc;

  /* A read first: most calls find nothing to do and take no lock. */
  any = _parlance_store_query_int (conn, "SELECT EXISTS (SELECT 1 FROM fts_pending)", error);
  if (any <= 0)
    return any == 0;
  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rc = index_batch (conn, error);
    }
  while (rc > 0);
  return rc == 0;
}

/**
 * _parlance_store_index_pending:
 *
 * _parlance_store_db_index_pending() on a connection of @self's pool.
 */
gboolean
_parlance_store_index_pending (ParlanceStore  *self,
                               GCancellable   *cancellable,
                               GError        **error)
{
  StoreConnection *conn = _parlance_store_shared_take (self->shared, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = _parlance_store_db_index_pending (conn, cancellable, error);
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}
