/* parlance-store-writer.c — the writer thread: asynchronous writes in order, following a
 * streaming reply, flushing, retrying what failed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs run one at a time on one connection, in the order they were pushed. A job is finished
 * in the main context of its task: the caller's objects get their ids there, the store's
 * signals are emitted there, then the task returns.
 *
 * A followed message is looked at once every PARLANCE_STORE_FLUSH_INTERVAL (not on every token:
 * a token costs the store nothing) and when its status changes; when its text grew, it is
 * copied on the main thread and the copy written on the writer thread. While the text only
 * grows, a batch copies and appends only what came since the last one (a part); the first
 * write, the last one, and any after the text was replaced write it whole. A failed write keeps
 * the message followed: it is written again after a pause that grows to RETRY_MAX, or at once
 * by a flush.
 */

#include "config.h"

#include <string.h>

#include "parlance-store-private.h"

#define RETRY_FIRST (G_USEC_PER_SEC / 2)
#define RETRY_MAX (30 * G_USEC_PER_SEC)

typedef struct
{
  StoreWriteFunc  func;      /* NULL: the thread ends */
  gpointer        data;
  GDestroyNotify  data_free;
  GTask          *task;      /* NULL for a write no one waits for */
  StoreWriteDone  done;
  gboolean        changes_list;
  gboolean        signals;   /* ::write-failed and ::write-recovered (follows have their own) */
  gboolean        ok;
  GError         *error;
} Job;

typedef struct
{
  StoreWriter     *writer;
  ParlanceMessage *message;
  gulong           handlers[3];
  GSource         *timeout;
  gint64           last_write;     /* monotonic: when it was last written or looked at */
  gint64           retry_delay;
  gboolean         dirty;          /* its status changed, or its text was replaced */
  gboolean         in_flight;
  gboolean         failed;
  gboolean         finished;       /* its status left streaming: the last write is asked for */
  gboolean         need_full;      /* the text on disk is no prefix of the message's any more */
  gboolean         sent_full;      /* the write in flight is whole */
  gsize            content_written;  /* how much of the text is on disk */
  gsize            reasoning_written;
  gsize            content_sent;     /* and will be, when the write in flight succeeds */
  gsize            reasoning_sent;
  gint64           seq;
  char            *fields_written;  /* the other fields, as text, as they are on disk */
  char            *fields_sent;
} Follow;

typedef struct
{
  ParlanceMessage *fields;         /* the whole text, or what came since the last write */
  gboolean         full;
  gboolean         fields_changed;
  gint64           seq;
} FollowWrite;

struct _StoreWriter
{
  ParlanceStore   *store;          /* not a reference: the store owns the writer */
  StoreShared     *shared;
  StoreConnection *conn;           /* the writer thread's only */
  GAsyncQueue     *queue;
  GThread         *thread;
  GHashTable      *follows;        /* ParlanceMessage → Follow */
  GError          *last_error;     /* of the follows that failed */
  gboolean         failing;        /* a write failed and nothing was written since */
  guint            n_failed_writes;
  gint             poll_pending;
  gint64           data_version;   /* touched on the writer thread only */
};

static void follow_write (Follow *follow);
static void follow_schedule (Follow *follow);

/* Whether the message holds anything its last successful write did not. */
static gboolean
follow_has_changes (Follow *follow)
{
  return follow->dirty || follow->failed ||
         parlance_message_get_content_length (follow->message) != follow->content_written ||
         strlen (parlance_message_get_reasoning (follow->message)) != follow->reasoning_written;
}

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_clear_error (&job->error);
  g_free (job);
}

/* A write ended, in the main context: ::write-failed when it failed, ::write-recovered when it is
 * the first to succeed after failures and no followed message is still waiting to be written. */
static void
write_done (StoreWriter  *writer,
            const GError *error,
            gboolean      signal_failure)
{
  GHashTableIter iter;
  gpointer value;

  /* Nothing to write it in (its conversation was deleted): the caller hears of it, and no
   * retry could help, so it is no failure of the disk. */
  if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
    return;
  if (error != NULL)
    {
      writer->failing = TRUE;
      if (signal_failure)
        g_signal_emit (writer->store, _parlance_store_signals[STORE_SIGNAL_WRITE_FAILED], 0, error);
      return;
    }
  if (!writer->failing)
    return;
  g_hash_table_iter_init (&iter, writer->follows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Follow *) value)->failed)
      return;
  writer->failing = FALSE;
  g_signal_emit (writer->store, _parlance_store_signals[STORE_SIGNAL_WRITE_RECOVERED], 0);
}

static gboolean
complete_job (gpointer data)
{
  Job *job = data;
  ParlanceStore *store = g_task_get_source_object (job->task);

  if (job->ok && job->done != NULL)
    job->done (job->task, job->data);
  if (store->writer != NULL && job->signals)
    write_done (store->writer, job->error, TRUE);
  if (job->ok && job->changes_list)
    g_signal_emit (store, _parlance_store_signals[STORE_SIGNAL_CONVERSATIONS_CHANGED], 0);
  if (job->ok)
    g_task_return_boolean (job->task, TRUE);
  else
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  job_free (job);
  return G_SOURCE_REMOVE;
}

static gpointer
writer_thread (gpointer data)
{
  StoreWriter *writer = data;
  Job *job;

  while ((job = g_async_queue_pop (writer->queue))->func != NULL)
    {
      _parlance_store_connection_sync (writer->shared, writer->conn);
      job->ok = job->func (writer->conn, job->data, &job->error);
      if (job->task == NULL)
        {
          if (job->ok && job->changes_list)
            _parlance_store_shared_changed (writer->shared);
          job_free (job);
          continue;
        }
      g_main_context_invoke (g_task_get_context (job->task), complete_job, job);
    }
  job_free (job);
  return NULL;
}

StoreWriter *
_parlance_store_writer_new (ParlanceStore  *self,
                            GError        **error)
{
  StoreWriter *writer;
  StoreConnection *conn = _parlance_store_shared_take (self->shared, error);

  if (conn == NULL)
    return NULL;
  writer = g_new0 (StoreWriter, 1);
  writer->store = self;
  writer->shared = _parlance_store_shared_ref (self->shared);
  writer->conn = conn;
  /* Taken now, so that a change made right after opening is news to the first poll. */
  writer->data_version = _parlance_store_query_int (conn, "PRAGMA data_version", NULL);
  writer->queue = g_async_queue_new ();
  writer->follows = g_hash_table_new (NULL, NULL);
  writer->thread = g_thread_new ("parlance-store-writer", writer_thread, writer);
  return writer;
}

static void
push (StoreWriter    *writer,
      Job            *job)
{
  g_async_queue_push (writer->queue, job);
}

void
_parlance_store_writer_push (ParlanceStore  *self,
                             GTask          *task,
                             StoreWriteFunc  func,
                             StoreWriteDone  done,
                             gboolean        changes_list)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = g_task_get_task_data (task);
  job->task = g_object_ref (task);
  job->done = done;
  job->changes_list = changes_list;
  job->signals = TRUE;
  push (self->writer, job);
}

static gboolean
poll_func (StoreConnection  *conn,
           gpointer          data,
           GError          **error)
{
  StoreWriter *writer = data;
  gint64 version = _parlance_store_query_int (conn, "PRAGMA data_version", NULL);

  g_atomic_int_set (&writer->poll_pending, FALSE);
  /* data_version changes only with the commits of other connections: ours are not news. */
  if (version >= 0 && writer->data_version >= 0 && version != writer->data_version)
    _parlance_store_shared_changed (writer->shared);
  if (version >= 0)
    writer->data_version = version;
  return TRUE;
}

/* Asks the writer thread whether another connection changed the database; one at a time. */
void
_parlance_store_writer_poll (ParlanceStore *self)
{
  Job *job;

  if (self->writer == NULL || !g_atomic_int_compare_and_exchange (&self->writer->poll_pending,
                                                                  FALSE, TRUE))
    return;
  job = g_new0 (Job, 1);
  job->func = poll_func;
  job->data = self->writer;
  push (self->writer, job);
}

static void
follow_cancel_timeout (Follow *follow)
{
  if (follow->timeout == NULL)
    return;
  g_source_destroy (follow->timeout);
  g_clear_pointer (&follow->timeout, g_source_unref);
}

static void
follow_free (Follow *follow)
{
  for (guint i = 0; i < G_N_ELEMENTS (follow->handlers); i++)
    g_clear_signal_handler (&follow->handlers[i], follow->message);
  follow_cancel_timeout (follow);
  g_object_unref (follow->message);
  g_free (follow->fields_written);
  g_free (follow->fields_sent);
  g_free (follow);
}

static gboolean
update_func (StoreConnection  *conn,
             gpointer          data,
             GError          **error)
{
  return _parlance_store_db_update_message (conn, data, error);
}

static void
follow_write_free (FollowWrite *write)
{
  g_object_unref (write->fields);
  g_free (write);
}

static gboolean
follow_write_func (StoreConnection  *conn,
                   gpointer          data,
                   GError          **error)
{
  FollowWrite *write = data;

  if (write->full)
    return _parlance_store_db_update_message (conn, write->fields, error);
  return _parlance_store_db_append_message (conn, write->fields, write->seq,
                                            write->fields_changed, error);
}

/* Ends the thread after every write pushed before: on disk when the store goes. */
void
_parlance_store_writer_free (StoreWriter *writer)
{
  GHashTableIter iter;
  gpointer value;
  Job *quit = g_new0 (Job, 1);

  g_hash_table_iter_init (&iter, writer->follows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Follow *follow = value;

      if (follow_has_changes (follow))
        {
          Job *job = g_new0 (Job, 1);

          job->func = update_func;
          job->data = _parlance_store_message_copy (follow->message);
          job->data_free = g_object_unref;
          push (writer, job);
        }
      follow_free (follow);
    }
  g_hash_table_unref (writer->follows);
  push (writer, quit);
  g_thread_join (writer->thread);
  g_async_queue_unref (writer->queue);
  _parlance_store_connection_free (writer->conn);
  _parlance_store_shared_unref (writer->shared);
  g_clear_error (&writer->last_error);
  g_free (writer);
}

static gboolean
is_streaming (ParlanceMessage *message)
{
  ParlanceMessageStatus status = parlance_message_get_status (message);

  return status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING;
}

static gboolean
follow_timeout_cb (gpointer data)
{
  Follow *follow = data;

  g_clear_pointer (&follow->timeout, g_source_unref);
  if (follow_has_changes (follow))
    follow_write (follow);
  else
    {
      follow->last_write = g_get_monotonic_time ();
      follow_schedule (follow);
    }
  return G_SOURCE_REMOVE;
}

static void
follow_schedule (Follow *follow)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due;

  if (follow->timeout != NULL || follow->in_flight)
    return;
  due = follow->last_write + (follow->failed ? follow->retry_delay : PARLANCE_STORE_FLUSH_INTERVAL);
  follow->timeout = g_timeout_source_new (due > now ? (guint) ((due - now + 999) / 1000) : 0);
  g_source_set_callback (follow->timeout, follow_timeout_cb, follow, NULL);
  g_source_set_static_name (follow->timeout, "[parlance-store-follow]");
  g_source_attach (follow->timeout, follow->writer->shared->context);
}

static void
follow_write_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ParlanceStore *store = PARLANCE_STORE (object);
  g_autoptr(ParlanceMessage) message = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  Follow *follow = store->writer != NULL ?
    g_hash_table_lookup (store->writer->follows, message) : NULL;

  if (follow == NULL)
    return;
  follow->in_flight = FALSE;
  /* Its conversation was deleted: nothing to save it in, ever. */
  if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
    {
      g_hash_table_remove (store->writer->follows, message);
      follow_free (follow);
      write_done (store->writer, NULL, FALSE);
      return;
    }
  if (!ok)
    {
      gboolean first = !follow->failed;

      store->writer->n_failed_writes++;
      follow->dirty = TRUE;
      follow->need_full |= follow->sent_full;
      follow->retry_delay = follow->failed ? MIN (follow->retry_delay * 2, RETRY_MAX) : RETRY_FIRST;
      follow->failed = TRUE;
      g_clear_error (&store->writer->last_error);
      store->writer->last_error = g_error_copy (error);
      write_done (store->writer, error, first);
    }
  else
    {
      follow->failed = FALSE;
      follow->content_written = follow->content_sent;
      follow->reasoning_written = follow->reasoning_sent;
      g_free (follow->fields_written);
      follow->fields_written = g_steal_pointer (&follow->fields_sent);
      write_done (store->writer, NULL, FALSE);
    }
  if (follow->finished && !follow_has_changes (follow))
    {
      g_hash_table_remove (store->writer->follows, message);
      follow_free (follow);
      return;
    }
  /* The last write is not made to wait for the interval. */
  if (follow->finished && !follow->failed)
    follow_write (follow);
  else
    follow_schedule (follow);
}

/* The fields a batch writes beside the text, as one string to compare (a part alone is written
 * while they stay the same: fewer pages a batch). */
static char *
fields_text (ParlanceMessage *message)
{
  gint64 tokens[4];

  parlance_message_get_tokens (message, &tokens[0], &tokens[1], &tokens[2], &tokens[3]);
  return g_strdup_printf ("%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%u\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                          "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                          "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s"
                          "\x1f%s\x1f%s\x1f%s",
                          parlance_message_get_status (message) == PARLANCE_MESSAGE_WAITING ?
                          PARLANCE_MESSAGE_STREAMING : parlance_message_get_status (message),
                          parlance_message_get_status_text (message),
                          parlance_message_get_provider_id (message),
                          parlance_message_get_model (message),
                          parlance_message_get_finish_reason (message),
                          parlance_message_get_lane (message), tokens[0], tokens[1], tokens[2],
                          tokens[3], parlance_message_get_cost_pico (message),
                          parlance_message_get_first_token_time (message),
                          parlance_message_get_duration (message),
                          parlance_message_get_tool_calls (message),
                          parlance_message_get_tool_call_id (message),
                          parlance_message_get_generation_id (message),
                          parlance_message_get_requested_model (message),
                          parlance_message_get_provider_name (message),
                          parlance_message_get_attempts (message));
}

/* Copies the message as it is now (its new text only, when it just grew) and writes the copy on
 * the writer thread. */
static void
follow_write (Follow *follow)
{
  g_autoptr(GTask) task = g_task_new (follow->writer->store, NULL, follow_write_done,
                                      g_object_ref (follow->message));
  FollowWrite *write = g_new0 (FollowWrite, 1);
  Job *job = g_new0 (Job, 1);

  follow_cancel_timeout (follow);
  g_task_set_source_tag (task, follow_write);
  write->full = follow->need_full || follow->finished;
  write->seq = follow->seq++;
  follow->content_sent = parlance_message_get_content_length (follow->message);
  follow->reasoning_sent = strlen (parlance_message_get_reasoning (follow->message));
  if (write->full)
    write->fields = _parlance_store_message_copy (follow->message);
  else
    write->fields = _parlance_store_message_copy_from (follow->message, follow->content_written,
                                                       follow->reasoning_written);
  g_free (follow->fields_sent);
  follow->fields_sent = fields_text (write->fields);
  write->fields_changed = g_strcmp0 (follow->fields_sent, follow->fields_written) != 0;
  follow->sent_full = write->full;
  follow->need_full = FALSE;
  g_task_set_task_data (task, write, (GDestroyNotify) follow_write_free);
  follow->dirty = FALSE;
  follow->in_flight = TRUE;
  follow->last_write = g_get_monotonic_time ();
  job->func = follow_write_func;
  job->data = write;
  job->task = g_steal_pointer (&task);
  push (follow->writer, job);
}

static void
follow_changed (Follow *follow)
{
  follow->dirty = TRUE;
  if (!is_streaming (follow->message))
    {
      follow->finished = TRUE;
      if (!follow->in_flight)
        follow_write (follow);
      return;
    }
  /* Live again (a retried reply reuses its message): followed on, not let go after the write
   * of its earlier end. */
  follow->finished = FALSE;
  follow_schedule (follow);
}

static void
on_cleared (ParlanceMessage *message,
            Follow          *follow)
{
  follow->need_full = TRUE;
  follow_changed (follow);
}

static void
on_notify (ParlanceMessage *message,
           GParamSpec      *pspec,
           Follow          *follow)
{
  follow_changed (follow);
}

/**
 * parlance_store_follow_message:
 * @message: a message already added to the store
 *
 * Writes @message's text at most every %PARLANCE_STORE_FLUSH_INTERVAL while it streams, and
 * once more when its status leaves WAITING/STREAMING, then lets it go. Must be called in the
 * store's main context.
 */
void
parlance_store_follow_message (ParlanceStore   *self,
                               ParlanceMessage *message)
{
  Follow *follow;

  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (PARLANCE_IS_MESSAGE (message));
  g_return_if_fail (parlance_message_get_id (message) > 0);
  g_return_if_fail (self->writer != NULL);

  if (g_hash_table_contains (self->writer->follows, message))
    return;
  follow = g_new0 (Follow, 1);
  follow->writer = self->writer;
  follow->message = g_object_ref (message);
  follow->last_write = g_get_monotonic_time ();
  follow->need_full = TRUE;
  follow->handlers[0] = g_signal_connect (message, "cleared", G_CALLBACK (on_cleared), follow);
  follow->handlers[1] = g_signal_connect (message, "notify::status", G_CALLBACK (on_notify), follow);
  follow->handlers[2] = g_signal_connect (message, "notify::status-text", G_CALLBACK (on_notify), follow);
  g_hash_table_insert (self->writer->follows, message, follow);
  /* Its state now: it may have grown, or ended, since it was added. */
  follow_changed (follow);
}

static gboolean
barrier_func (StoreConnection  *conn,
              gpointer          data,
              GError          **error)
{
  return TRUE;
}

/* The barrier's job is done after every job before it; a follow still failed fails the flush. */
static void
barrier_done (GTask    *task,
              gpointer  data)
{
  ParlanceStore *store = g_task_get_source_object (task);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, store->writer->follows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Follow *) value)->failed && store->writer->last_error != NULL)
      {
        g_task_set_task_data (task, g_error_copy (store->writer->last_error),
                              (GDestroyNotify) g_error_free);
        return;
      }
}

static void flush_ready (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* A follow whose write was in flight when the barrier went in may have asked for its last
 * write (its status changed meanwhile) only once that write came back: behind the barrier. */
static gboolean
follow_in_flight (StoreWriter *writer)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, writer->follows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Follow *) value)->in_flight)
      return TRUE;
  return FALSE;
}

static void
flush_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = PARLANCE_STORE (object);
  GError *failed;

  if (g_task_get_task_data (G_TASK (result)) == NULL && store->writer != NULL &&
      follow_in_flight (store->writer))
    {
      g_autoptr(GTask) barrier = g_task_new (store, NULL, flush_ready, g_steal_pointer (&task));

      _parlance_store_writer_push (store, barrier, barrier_func, barrier_done, FALSE);
      return;
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if ((failed = g_task_get_task_data (G_TASK (result))) != NULL)
    g_task_return_error (task, g_error_copy (failed));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * parlance_store_flush_async:
 *
 * Writes every followed message that changed (or failed) now, without waiting for its next
 * turn, and completes when every write asked for before is done. Fails with the error of a
 * followed message that could still not be written (it stays in memory and is retried).
 */
void
parlance_store_flush_async (ParlanceStore       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) barrier = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_store_flush_async);
  g_hash_table_iter_init (&iter, self->writer->follows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Follow *follow = value;

      if (!follow->in_flight && follow_has_changes (follow))
        follow_write (follow);
    }
  barrier = g_task_new (self, NULL, flush_ready, g_steal_pointer (&task));
  _parlance_store_writer_push (self, barrier, barrier_func, barrier_done, FALSE);
}

guint
_parlance_store_get_failed_writes (ParlanceStore *self)
{
  return self->writer != NULL ? self->writer->n_failed_writes : 0;
}

gboolean
parlance_store_flush_finish (ParlanceStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
