/* parlance-store.c — the SQLite database of conversations: the object, opening, errors, signals.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening never replaces or recreates a file that is there: a damaged one, a newer one or one
 * that can't be written is an error that names the file and says what to do, and is left as
 * it was. Only a missing file is created (0600, in a 0700 folder; SQLite gives -wal and -shm
 * the file's mode).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parlance-paths.h"
#include "parlance-store-private.h"

/* How often another process' changes are looked for, while a main loop runs. */
#define POLL_INTERVAL_SECONDS 2

G_DEFINE_FINAL_TYPE (ParlanceStore, parlance_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (parlance-store-error-quark, parlance_store_error)

guint _parlance_store_signals[STORE_N_SIGNALS];

StoreShared *
_parlance_store_shared_ref (StoreShared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

void
_parlance_store_shared_unref (StoreShared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;
  g_ptr_array_unref (shared->idle);
  g_mutex_clear (&shared->mutex);
  g_weak_ref_clear (&shared->store_ref);
  g_main_context_unref (shared->context);
  g_free (shared->path);
  g_free (shared);
}

/**
 * _parlance_store_set_error_literal:
 * @detail: (nullable): what SQLite or the system said
 *
 * Sets @error to the sentence for @code: what happened to which file, and what to do.
 */
void
_parlance_store_set_error_literal (GError             **error,
                                   ParlanceStoreError   code,
                                   const char          *path,
                                   const char          *detail)
{
  g_autofree char *message = NULL;

  switch (code)
    {
    case PARLANCE_STORE_ERROR_NEWER:
      message = g_strdup_printf (_("The conversation database “%s” was written by a newer version "
                                   "of Parlance (%s). Update Parlance to open it; it was left as "
                                   "it is."), path, detail);
      break;
    case PARLANCE_STORE_ERROR_BUSY:
      message = g_strdup_printf (_("The conversation database “%s” stayed locked by another "
                                   "program for too long. Close other Parlance windows or "
                                   "parlance-cli commands using it, then try again."), path);
      break;
    case PARLANCE_STORE_ERROR_CORRUPT:
      message = g_strdup_printf (_("The conversation database “%s” is damaged or is not a "
                                   "database (%s). Parlance left it untouched: restore it from a "
                                   "backup, or move it away to start an empty one."), path, detail);
      break;
    case PARLANCE_STORE_ERROR_READ_ONLY:
      message = g_strdup_printf (_("The conversation database “%s” can't be written (%s). Check "
                                   "that you may write the file and its folder."), path, detail);
      break;
    case PARLANCE_STORE_ERROR_FULL:
      message = g_strdup_printf (_("The disk holding the conversation database “%s” is full. Free "
                                   "some space: what was not saved is kept and saved again."),
                                 path);
      break;
    case PARLANCE_STORE_ERROR_NOT_FOUND:
      message = g_strdup_printf (_("The conversation database “%s” has no such conversation or "
                                   "message (%s). It may have been deleted."), path, detail);
      break;
    case PARLANCE_STORE_ERROR_FAILED:
    default:
      message = g_strdup_printf (_("Could not use the conversation database “%s”: %s"), path,
                                 detail);
      break;
    }
  g_set_error_literal (error, PARLANCE_STORE_ERROR, code, message);
}

static ParlanceStoreError
error_code_for (int rc,
                int system_errno)
{
  if (system_errno == ENOSPC || system_errno == EDQUOT)
    return PARLANCE_STORE_ERROR_FULL;
  if (system_errno == EROFS || system_errno == EACCES || system_errno == EPERM)
    return PARLANCE_STORE_ERROR_READ_ONLY;
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return PARLANCE_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return PARLANCE_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return PARLANCE_STORE_ERROR_READ_ONLY;
    case SQLITE_FULL:
      return PARLANCE_STORE_ERROR_FULL;
    default:
      return PARLANCE_STORE_ERROR_FAILED;
    }
}

/**
 * _parlance_store_set_error:
 * @rc: what SQLite returned (an extended code)
 *
 * Sets @error from @rc and @conn's last message. Returns: %FALSE, to return at once
 */
gboolean
_parlance_store_set_error (StoreConnection  *conn,
                           int               rc,
                           GError          **error)
{
  int system_errno = conn->db != NULL ? sqlite3_system_errno (conn->db) : 0;
  const char *detail = sqlite3_errstr (rc);

  /* The connection's message says more, when it is about this error. */
  if (conn->db != NULL && sqlite3_extended_errcode (conn->db) == rc)
    detail = sqlite3_errmsg (conn->db);
  /* The errno of an earlier call may linger; it counts for I/O and open errors only. */
  if ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_CANTOPEN)
    system_errno = 0;
  _parlance_store_set_error_literal (error, error_code_for (rc, system_errno), conn->path, detail);
  return FALSE;
}

static void
emit_changed (ParlanceStore *self)
{
  g_signal_emit (self, _parlance_store_signals[STORE_SIGNAL_CONVERSATIONS_CHANGED], 0);
}

static gboolean
emit_changed_cb (gpointer data)
{
  StoreShared *shared = data;
  g_autoptr(ParlanceStore) self = g_weak_ref_get (&shared->store_ref);

  if (self != NULL)
    emit_changed (self);
  return G_SOURCE_REMOVE;
}

void
_parlance_store_shared_changed (StoreShared *shared)
{
  g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT, emit_changed_cb,
                              _parlance_store_shared_ref (shared),
                              (GDestroyNotify) _parlance_store_shared_unref);
}

static gboolean
poll_cb (gpointer data)
{
  _parlance_store_writer_poll (PARLANCE_STORE (data));
  return G_SOURCE_CONTINUE;
}

/* Creates @path, 0600, when there is no file; a file that is there is left alone. */
static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (!parlance_paths_ensure_dir (dir, error))
    return FALSE;
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      _parlance_store_set_error_literal (error, saved_errno == ENOSPC ?
                                         PARLANCE_STORE_ERROR_FULL :
                                         PARLANCE_STORE_ERROR_READ_ONLY,
                                         path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

/* A database someone else can read: closed to group and others, as far as we may. */
static void
restrict_mode (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0 && (st.st_mode & 077) != 0)
        g_chmod (file, st.st_mode & 0700);
    }
}

/* Switching a new database to WAL needs it alone for a moment, and SQLite answers "busy" at
 * once, without its busy handler, while another program opens it too: wait as that would. */
static gboolean
enter_wal (StoreConnection  *conn,
           GError          **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) conn->busy_timeout_ms * 1000;
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, "PRAGMA journal_mode = WAL", error);

  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        return sqlite3_reset (stmt), TRUE;
      rc = sqlite3_extended_errcode (conn->db);
      sqlite3_reset (stmt);
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
        return _parlance_store_set_error (conn, rc, error);
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }
}

static ParlanceStore *
open_in_context (const char    *path,
                 GMainContext  *context,
                 GError       **error)
{
  g_autoptr(StoreConnection) conn = NULL;
  g_autofree char *default_path = NULL;
  g_autoptr(ParlanceStore) self = NULL;

  if (path == NULL)
    path = default_path = parlance_store_dup_default_path ();
  if (!create_file (path, error))
    return NULL;
  conn = _parlance_store_connection_open (path, STORE_DEFAULT_BUSY_TIMEOUT_MS, error);
  if (conn == NULL)
    return NULL;

  /* The version first: a newer or damaged database is said so before WAL changes its header. */
  if (_parlance_store_query_int (conn, "PRAGMA user_version", error) < 0)
    return NULL;
  if (_parlance_store_query_int (conn, "PRAGMA user_version", NULL) > PARLANCE_STORE_SCHEMA_VERSION)
    return _parlance_store_migrate (conn, error), NULL;
  if (!enter_wal (conn, error) || !_parlance_store_migrate (conn, error))
    return NULL;
  /* Only now: a database refused above is left as it was, its mode included. */
  restrict_mode (path);

  self = g_object_new (PARLANCE_TYPE_STORE, NULL);
  self->shared = g_new0 (StoreShared, 1);
  g_atomic_ref_count_init (&self->shared->ref_count);
  self->shared->path = g_strdup (path);
  self->shared->context = g_main_context_ref (context);
  g_weak_ref_init (&self->shared->store_ref, self);
  g_mutex_init (&self->shared->mutex);
  self->shared->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) _parlance_store_connection_free);
  self->shared->busy_timeout_ms = STORE_DEFAULT_BUSY_TIMEOUT_MS;

  /* Replies cut off while no Parlance was running read as interrupted from now on. */
  _parlance_store_db_settle_streaming (conn, 0);
  /* An import's text a crash left unindexed (the app opens the store in a worker thread). */
  {
    g_autoptr(GError) index_error = NULL;

    if (!_parlance_store_db_index_pending (conn, NULL, &index_error))
      g_debug ("Indexing later: %s", index_error->message);
  }
  _parlance_store_shared_give (self->shared, g_steal_pointer (&conn));

  self->writer = _parlance_store_writer_new (self, error);
  if (self->writer == NULL)
    return NULL;
  {
    g_autoptr(GSource) source = g_timeout_source_new_seconds (POLL_INTERVAL_SECONDS);

    g_source_set_callback (source, poll_cb, self, NULL);
    g_source_set_static_name (source, "[parlance-store-poll]");
    self->poll_id = g_source_attach (source, context);
  }
  return g_steal_pointer (&self);
}

/**
 * parlance_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/parlance/parlance.db`
 */
char *
parlance_store_dup_default_path (void)
{
  g_autofree char *dir = parlance_paths_dup_data_dir ();

  return g_build_filename (dir, "parlance.db", NULL);
}

/**
 * parlance_store_open:
 * @path: (nullable): the database, or %NULL for parlance_store_dup_default_path()
 *
 * Opens the database, creating its folder and file when there is none, and migrates it.
 * Signals are emitted in the thread-default main context of the caller.
 *
 * Returns: (transfer full): the store, or %NULL with a #PARLANCE_STORE_ERROR
 */
ParlanceStore *
parlance_store_open (const char  *path,
                     GError     **error)
{
  return open_in_context (path, g_main_context_get_thread_default () ?
                                g_main_context_get_thread_default () :
                                g_main_context_default (), error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  ParlanceStore *store = open_in_context (task_data, g_task_get_context (task), &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/**
 * parlance_store_open_async:
 * @path: (nullable): the database, or %NULL for the default
 *
 * parlance_store_open() in a worker thread.
 */
void
parlance_store_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, parlance_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/* Returns: (transfer full): the store, or %NULL with a #PARLANCE_STORE_ERROR */
ParlanceStore *
parlance_store_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
parlance_store_get_path (ParlanceStore *self)
{
  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);
  return self->shared->path;
}

void
_parlance_store_set_max_page_count (ParlanceStore *self,
                                    gint64         max_page_count)
{
  g_mutex_lock (&self->shared->mutex);
  self->shared->max_page_count = max_page_count;
  g_mutex_unlock (&self->shared->mutex);
}

void
_parlance_store_set_query_only (ParlanceStore *self,
                                gboolean       query_only)
{
  g_mutex_lock (&self->shared->mutex);
  self->shared->query_only = query_only;
  g_mutex_unlock (&self->shared->mutex);
}

void
_parlance_store_set_busy_timeout (ParlanceStore *self,
                                  int            ms)
{
  g_mutex_lock (&self->shared->mutex);
  self->shared->busy_timeout_ms = ms;
  g_mutex_unlock (&self->shared->mutex);
}

/**
 * parlance_store_report_free:
 */
void
parlance_store_report_free (ParlanceStoreReport *report)
{
  if (report == NULL)
    return;
  g_free (report->integrity);
  g_free (report);
}

static void
parlance_store_dispose (GObject *object)
{
  ParlanceStore *self = PARLANCE_STORE (object);

  if (self->poll_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->shared->context, self->poll_id);

      if (source != NULL)
        g_source_destroy (source);
      self->poll_id = 0;
    }
  /* Every write asked for is done when the writer thread has ended. */
  g_clear_pointer (&self->writer, _parlance_store_writer_free);

  G_OBJECT_CLASS (parlance_store_parent_class)->dispose (object);
}

static void
parlance_store_finalize (GObject *object)
{
  ParlanceStore *self = PARLANCE_STORE (object);

  g_clear_pointer (&self->shared, _parlance_store_shared_unref);

  G_OBJECT_CLASS (parlance_store_parent_class)->finalize (object);
}

static void
parlance_store_class_init (ParlanceStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlance_store_dispose;
  object_class->finalize = parlance_store_finalize;

  /**
   * ParlanceStore::conversations-changed:
   *
   * The list of conversations may have changed: after a write of this store that changes it,
   * or a change by another process (seen within a few seconds while a main loop runs).
   */
  _parlance_store_signals[STORE_SIGNAL_CONVERSATIONS_CHANGED] =
    g_signal_new ("conversations-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * ParlanceStore::write-failed:
   * @error: why, a #PARLANCE_STORE_ERROR
   *
   * A write failed; what it held stays in memory, and a followed message is written again.
   */
  _parlance_store_signals[STORE_SIGNAL_WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * ParlanceStore::write-recovered:
   *
   * A write succeeded after writes had failed: what they held is on disk now.
   */
  _parlance_store_signals[STORE_SIGNAL_WRITE_RECOVERED] =
    g_signal_new ("write-recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * ParlanceStore::usage-changed:
   *
   * A request's end was written by this store's writer (its status, tokens and cost, such as
   * the exact cost OpenRouter's /generation told after a cut stream, written with its
   * message's): what the Usage page and a conversation's cost show may have changed.
   */
  _parlance_store_signals[STORE_SIGNAL_USAGE_CHANGED] =
    g_signal_new ("usage-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_store_init (ParlanceStore *self)
{
}
