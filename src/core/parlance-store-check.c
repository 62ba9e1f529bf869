/* parlance-store-check.c — the integrity check, sizes and counts (parlance-cli doctor).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-store-private.h"

/* Returns: (transfer full): "ok", or the problems PRAGMA integrity_check found, one a line */
static char *
integrity_check (StoreConnection  *conn,
                 GError          **error)
{
  g_autoptr(GString) found = g_string_new (NULL);
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, "PRAGMA integrity_check", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = _parlance_store_column_text (stmt, 0);

      if (found->len > 0)
        g_string_append_c (found, '\n');
      g_string_append (found, line != NULL ? line : "");
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static gint64
file_size (const char *path,
           const char *suffix)
{
  g_autofree char *file = g_strconcat (path, suffix, NULL);
  GStatBuf st;

  return g_stat (file, &st) == 0 ? (gint64) st.st_size : 0;
}

/* Counts replies cut off by a gone process: those marked so, and those not marked yet. */
static gint64
count_interrupted (StoreConnection  *conn,
                   GError          **error)
{
  static const char streaming_sql[] =
    "SELECT writer_pid, writer_boot, writer_start FROM messages WHERE status = 'streaming'";
  gint64 count = _parlance_store_query_int (conn,
    "SELECT COUNT (*) FROM messages WHERE status = 'interrupted' AND writer_pid IS NOT NULL",
    error);
  sqlite3_stmt *stmt;
  int rc;

  if (count < 0 || (stmt = _parlance_store_prepare (conn, streaming_sql, error)) == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!_parlance_store_writer_is_alive (_parlance_store_column_known (stmt, 0),
                                          _parlance_store_column_text (stmt, 1),
                                          _parlance_store_column_known (stmt, 2)))
      count++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), -1;
  return count;
}

static gboolean
fill_report (StoreConnection      *conn,
             ParlanceStoreReport  *report,
             GError              **error)
{
  const struct { gint64 *field; const char *sql; } counts[] = {
    { &report->n_conversations, "SELECT COUNT (*) FROM conversations" },
    { &report->n_messages, "SELECT COUNT (*) FROM messages" },
    { &report->n_attachments, "SELECT COUNT (*) FROM attachments" },
    { &report->attachment_bytes, "SELECT COALESCE (SUM (size), 0) FROM blobs" },
  };
  gint64 version;

  _parlance_store_db_settle_streaming (conn, 0);
  if ((report->integrity = integrity_check (conn, error)) == NULL)
    return FALSE;
  if ((version = _parlance_store_query_int (conn, "PRAGMA user_version", error)) < 0)
    return FALSE;
  report->schema_version = (int) MIN (version, G_MAXINT);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if ((*counts[i].field = _parlance_store_query_int (conn, counts[i].sql, error)) < 0)
      return FALSE;
  if ((report->n_interrupted = count_interrupted (conn, error)) < 0)
    return FALSE;
  report->database_bytes = file_size (conn->path, "");
  report->wal_bytes = file_size (conn->path, "-wal");
  return TRUE;
}

/**
 * parlance_store_check:
 *
 * Runs `PRAGMA integrity_check` and gathers the schema version, sizes and counts. A damaged
 * database gives a report whose integrity is not "ok", or a %PARLANCE_STORE_ERROR_CORRUPT.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
ParlanceStoreReport *
parlance_store_check (ParlanceStore  *self,
                      GError        **error)
{
  g_autoptr(ParlanceStoreReport) report = NULL;
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  report = g_new0 (ParlanceStoreReport, 1);
  ok = fill_report (conn, report, error);
  _parlance_store_shared_give (self->shared, conn);
  return ok ? g_steal_pointer (&report) : NULL;
}
