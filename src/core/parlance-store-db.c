/* parlance-store-db.c — SQLite connections: pragmas, cached statements, transactions, the pool.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection belongs to one thread at a time: the writer thread has its own, and reads and
 * synchronous calls take one from the pool and give it back, so two threads never share one.
 */

#include "config.h"

#include "parlance-store-private.h"

/* More idle connections than this are closed rather than kept. */
#define POOL_MAX_IDLE 4

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/**
 * _parlance_store_connection_open:
 * @path: a database that exists (parlance_store_open() creates it)
 *
 * Opens @path for reading and writing, with foreign keys on and a busy timeout.
 */
StoreConnection *
_parlance_store_connection_open (const char  *path,
                                 int          busy_timeout_ms,
                                 GError     **error)
{
  g_autoptr(StoreConnection) conn = g_new0 (StoreConnection, 1);
  int rc;

  _parlance_store_tokenizer_init ();
  conn->path = g_strdup (path);
  conn->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  rc = sqlite3_open_v2 (path, &conn->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE,
                        NULL);
  if (rc != SQLITE_OK)
    return _parlance_store_set_error (conn, rc, error), NULL;
  sqlite3_extended_result_codes (conn->db, 1);
  /* Opening "for writing" a file that can't be written silently gives a read-only connection. */
  if (sqlite3_db_readonly (conn->db, "main") == 1)
    {
      _parlance_store_set_error (conn, SQLITE_READONLY, error);
      return NULL;
    }
  conn->busy_timeout_ms = busy_timeout_ms;
  sqlite3_busy_timeout (conn->db, busy_timeout_ms);
  /* FULL: a power cut after a reply's batch was written keeps it, not only a crash. */
  if (!_parlance_store_exec (conn, "PRAGMA foreign_keys = ON", error) ||
      !_parlance_store_exec (conn, "PRAGMA synchronous = FULL", error))
    return NULL;
  return g_steal_pointer (&conn);
}

void
_parlance_store_connection_free (StoreConnection *conn)
{
  if (conn == NULL)
    return;
  g_hash_table_unref (conn->statements);
  if (conn->db != NULL)
    sqlite3_close_v2 (conn->db);
  g_free (conn->path);
  g_free (conn);
}

/**
 * _parlance_store_prepare:
 * @sql: a static string: the cache is keyed by its address
 *
 * Returns: (transfer none): the statement, reset and with no bindings
 */
sqlite3_stmt *
_parlance_store_prepare (StoreConnection  *conn,
                         const char       *sql,
                         GError          **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _parlance_store_set_error (conn, rc, error);
      return NULL;
    }
  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

/**
 * _parlance_store_prepare_id:
 * @sql: a static string, as for _parlance_store_prepare ()
 *
 * Returns: (transfer none): the statement with ?1 bound to @id
 */
sqlite3_stmt *
_parlance_store_prepare_id (StoreConnection  *conn,
                            const char       *sql,
                            gint64            id,
                            GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

/* Steps @stmt (bound) once, for no row: a write; resets it. */
gboolean
_parlance_store_step_done (StoreConnection  *conn,
                           sqlite3_stmt     *stmt,
                           GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _parlance_store_set_error (conn, rc, error);
}

/* Runs @sql, a write, with ?1 = @id. */
gboolean
_parlance_store_exec_id (StoreConnection  *conn,
                         const char       *sql,
                         gint64            id,
                         GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare_id (conn, sql, id, error);

  return stmt != NULL && _parlance_store_step_done (conn, stmt, error);
}

/* Runs @sql with ?1 = @id and returns its single number (0 for no row or NULL), -1 on error. */
gint64
_parlance_store_query_id (StoreConnection  *conn,
                          const char       *sql,
                          gint64            id,
                          GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare_id (conn, sql, id, error);
  gint64 value = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), -1;
  return value;
}

/**
 * _parlance_store_step_ids:
 * @stmt: a statement, bound, whose rows' first column is an id
 *
 * Steps @stmt to its end and resets it.
 *
 * Returns: (transfer full) (nullable): the ids in the order of the rows; %NULL with @error
 */
GArray *
_parlance_store_step_ids (StoreConnection  *conn,
                          sqlite3_stmt     *stmt,
                          GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_steal_pointer (&ids);
}

gboolean
_parlance_store_exec (StoreConnection  *conn,
                      const char       *sql,
                      GError          **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || _parlance_store_set_error (conn, rc, error);
}

/* IMMEDIATE: the write lock is taken (or waited for) now, not half-way through. */
gboolean
_parlance_store_begin (StoreConnection  *conn,
                       GError          **error)
{
  return _parlance_store_exec (conn, "BEGIN IMMEDIATE", error);
}

gboolean
_parlance_store_commit (StoreConnection  *conn,
                        GError          **error)
{
  if (_parlance_store_exec (conn, "COMMIT", error))
    return TRUE;
  _parlance_store_rollback (conn);
  return FALSE;
}

void
_parlance_store_rollback (StoreConnection *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Returns: the first column of the first row, or -1 with @error set */
gint64
_parlance_store_query_int (StoreConnection  *conn,
                           const char       *sql,
                           GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, sql, error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _parlance_store_set_error (conn, rc == SQLITE_DONE ? SQLITE_ERROR : rc, error);
      sqlite3_reset (stmt);
      return -1;
    }
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

void
_parlance_store_bind_known (sqlite3_stmt *stmt,
                            int           index,
                            gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

void
_parlance_store_bind_text (sqlite3_stmt *stmt,
                           int           index,
                           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Returns: the column, or -1 when it is NULL (unknown) */
gint64
_parlance_store_column_known (sqlite3_stmt *stmt,
                              int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, index);
}

/* Returns: (nullable): the column as UTF-8 text */
const char *
_parlance_store_column_text (sqlite3_stmt *stmt,
                             int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

/* Takes the test settings under the lock and applies them to @conn when they differ. */
void
_parlance_store_connection_sync (StoreShared     *shared,
                                 StoreConnection *conn)
{
  int busy_timeout_ms;
  gint64 max_page_count;
  gboolean query_only;

  g_mutex_lock (&shared->mutex);
  busy_timeout_ms = shared->busy_timeout_ms;
  max_page_count = shared->max_page_count;
  query_only = shared->query_only;
  g_mutex_unlock (&shared->mutex);

  if (conn->busy_timeout_ms != busy_timeout_ms)
    {
      sqlite3_busy_timeout (conn->db, busy_timeout_ms);
      conn->busy_timeout_ms = busy_timeout_ms;
    }
  if (conn->max_page_count != max_page_count)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                                              max_page_count > 0 ? max_page_count : G_MAXUINT32 - 1);

      sqlite3_exec (conn->db, sql, NULL, NULL, NULL);
      conn->max_page_count = max_page_count;
    }
  if (conn->query_only != query_only)
    {
      sqlite3_exec (conn->db, query_only ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0",
                    NULL, NULL, NULL);
      conn->query_only = query_only;
    }
}

/**
 * _parlance_store_shared_take:
 *
 * Returns: (transfer full): an idle connection of the pool, or a new one
 */
StoreConnection *
_parlance_store_shared_take (StoreShared  *shared,
                             GError      **error)
{
  StoreConnection *conn = NULL;
  int busy_timeout_ms;

  g_mutex_lock (&shared->mutex);
  if (shared->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (shared->idle, shared->idle->len - 1);
  busy_timeout_ms = shared->busy_timeout_ms;
  g_mutex_unlock (&shared->mutex);

  if (conn == NULL)
    conn = _parlance_store_connection_open (shared->path, busy_timeout_ms, error);
  if (conn != NULL)
    _parlance_store_connection_sync (shared, conn);
  return conn;
}

/* Gives @conn back to the pool; one left inside a transaction (an error path) is closed. */
void
_parlance_store_shared_give (StoreShared     *shared,
                             StoreConnection *conn)
{
  if (conn == NULL)
    return;
  if (!sqlite3_get_autocommit (conn->db))
    {
      _parlance_store_connection_free (conn);
      return;
    }
  g_mutex_lock (&shared->mutex);
  if (shared->idle->len < POOL_MAX_IDLE)
    {
      g_ptr_array_add (shared->idle, conn);
      conn = NULL;
    }
  g_mutex_unlock (&shared->mutex);
  _parlance_store_connection_free (conn);
}
