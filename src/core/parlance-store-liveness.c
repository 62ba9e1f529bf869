/* parlance-store-liveness.c — who writes a streaming message, and whether it still can.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A streaming message records its writer: process id, boot id and the process' start time
 * (field 22 of /proc/PID/stat, in clock ticks since boot). The writer is gone when the machine
 * booted since, when no such process exists (or only its zombie), or when the pid now belongs
 * to a process that started at another time. Another process still streaming into the same
 * database is alive by all three, so its reply is never taken for cut off.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "parlance-store-private.h"

static GMutex self_mutex;
static StoreWriterId self_id = { 0, NULL, -1 };

/* Reads the state and start time of @pid from /proc; FALSE when there is no such process. */
static gboolean
read_process (gint64  pid,
              char   *state,
              gint64 *start)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  *state = '?';
  *start = -1;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  /* The name, in parentheses, may itself hold spaces and parentheses: fields follow the last. */
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return TRUE;
  fields = g_strsplit (after_name + 1, " ", 0);
  /* fields[0] is empty, [1] is field 3 (state), [20] is field 22 (starttime). */
  if (g_strv_length (fields) > 20)
    {
      *state = fields[1][0];
      *start = g_ascii_strtoll (fields[20], NULL, 10);
    }
  return TRUE;
}

static char *
read_boot_id (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

/**
 * _parlance_store_writer_id_self:
 *
 * Returns: (transfer none): this process as a writer (computed again in a forked child)
 */
const StoreWriterId *
_parlance_store_writer_id_self (void)
{
  const StoreWriterId *id;

  g_mutex_lock (&self_mutex);
  if (self_id.pid != (gint64) getpid ())
    {
      char state;

      self_id.pid = getpid ();
      g_free (self_id.boot);
      self_id.boot = read_boot_id ();
      read_process (self_id.pid, &state, &self_id.start);
    }
  id = &self_id;
  g_mutex_unlock (&self_mutex);
  return id;
}

/**
 * _parlance_store_writer_is_alive:
 * @boot: (nullable): the boot id recorded, if any
 * @start: the start time recorded, -1 if none
 *
 * Returns: %TRUE while the process that recorded these may still be writing
 */
gboolean
_parlance_store_writer_is_alive (gint64      pid,
                                 const char *boot,
                                 gint64      start)
{
  const StoreWriterId *self = _parlance_store_writer_id_self ();
  gint64 now_start;
  char state;

  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  if (boot != NULL && self->boot != NULL && strcmp (boot, self->boot) != 0)
    return FALSE;
  if (pid == self->pid)
    return start < 0 || start == self->start;
  if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
    return FALSE;
  if (!read_process (pid, &state, &now_start))
    return self->boot == NULL;  /* no /proc to ask: trust the pid */
  if (state == 'Z' || state == 'X')
    return FALSE;
  return start < 0 || now_start < 0 || start == now_start;
}

const char *
_parlance_store_cut_off_text (void)
{
  return _("Cut off: the program writing this reply stopped before it ended.");
}

static const char settle_select_sql[] =
  "SELECT id, writer_pid, writer_boot, writer_start FROM messages"
  " WHERE status = 'streaming' AND (?1 = 0 OR conversation_id = ?1)";
/* writer_pid stays: it tells a reply cut off by a lost process from one the user stopped. The
 * parts it streamed go into its text. */
static const char settle_update_sql[] =
  "UPDATE messages SET status = 'interrupted', error = COALESCE (error, ?2),"
  " content = content || ?5,"
  " reasoning = CASE WHEN ?6 = '' THEN reasoning ELSE COALESCE (reasoning, '') || ?6 END"
  " WHERE id = ?1 AND status = 'streaming' AND writer_pid IS ?3 AND writer_start IS ?4";
static const char settle_parts_sql[] = "DELETE FROM message_parts WHERE message_id = ?1";

/* Returns: (element-type gint64): id, pid, start, in threes, of the messages of gone writers */
static GArray *
find_gone (StoreConnection *conn,
           gint64           conversation_id)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, settle_select_sql, NULL);

  if (stmt == NULL)
    return g_steal_pointer (&gone);
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 row[3] = {
        sqlite3_column_int64 (stmt, 0),
        _parlance_store_column_known (stmt, 1),
        _parlance_store_column_known (stmt, 3),
      };

      if (!_parlance_store_writer_is_alive (row[1], _parlance_store_column_text (stmt, 2), row[2]))
        g_array_append_vals (gone, row, 3);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&gone);
}

/* Marks one gone writer's message interrupted, its parts merged into its text. */
static gboolean
settle_one (StoreConnection *conn,
            const gint64    *row)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GString) reasoning = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!_parlance_store_db_read_parts (conn, row[0], content, reasoning, NULL) ||
      (stmt = _parlance_store_prepare (conn, settle_update_sql, NULL)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row[0]);
  sqlite3_bind_text (stmt, 2, _parlance_store_cut_off_text (), -1, SQLITE_STATIC);
  _parlance_store_bind_known (stmt, 3, row[1]);
  _parlance_store_bind_known (stmt, 4, row[2]);
  sqlite3_bind_text (stmt, 5, content->str, (int) content->len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, reasoning->str, (int) reasoning->len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  /* Settled or taken over by a live writer meanwhile: the parts stay with the message. */
  if (sqlite3_changes (conn->db) == 0)
    return TRUE;
  if ((stmt = _parlance_store_prepare (conn, settle_parts_sql, NULL)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row[0]);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

void
_parlance_store_db_settle_streaming (StoreConnection *conn,
                                     gint64           conversation_id)
{
  g_autoptr(GArray) gone = find_gone (conn, conversation_id);
  gboolean ok = TRUE;

  if (gone->len == 0)
    return;
  /* A read must not wait for another process' write lock: the fix waits for a later read. */
  sqlite3_busy_timeout (conn->db, 0);
  if (_parlance_store_begin (conn, NULL))
    {
      for (guint i = 0; ok && i < gone->len; i += 3)
        ok = settle_one (conn, &g_array_index (gone, gint64, i));
      if (ok)
        _parlance_store_commit (conn, NULL);
    }
  _parlance_store_rollback (conn);
  sqlite3_busy_timeout (conn->db, conn->busy_timeout_ms);
}
