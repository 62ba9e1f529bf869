/* parlance-import-async.c — the import in a worker thread, its progress in the caller's context.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-import-private.h"

#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

typedef struct
{
  ParlanceStore              *store;
  GFile                      *file;
  ParlanceImportFormat        format;
  ParlanceImportProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_destroy;
  GMainContext               *context;
  gint64                      last_report;
  /* The latest figures, read by the idle in the caller's context. */
  GMutex                      mutex;
  guint64                     read;
  guint64                     total;
  gboolean                    pending;
} ImportAsync;

static void
import_async_free (ImportAsync *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->file);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->mutex);
  g_free (data);
}

static gboolean
report_progress (gpointer user_data)
{
  GTask *task = user_data;
  ImportAsync *data = g_task_get_task_data (task);
  guint64 read, total;

  g_mutex_lock (&data->mutex);
  read = data->read;
  total = data->total;
  data->pending = FALSE;
  g_mutex_unlock (&data->mutex);
  if (!g_task_get_completed (task))
    data->progress (read, total, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: at most one report every PROGRESS_INTERVAL, and one waiting at a time. */
static void
on_progress (guint64  read,
             guint64  total,
             gpointer user_data)
{
  GTask *task = user_data;
  ImportAsync *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  gboolean schedule;

  if (now - data->last_report < PROGRESS_INTERVAL)
    return;
  data->last_report = now;
  g_mutex_lock (&data->mutex);
  data->read = read;
  data->total = total;
  schedule = !data->pending;
  data->pending = TRUE;
  g_mutex_unlock (&data->mutex);
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, report_progress, g_object_ref (task), g_object_unref);
      g_source_attach (source, data->context);
      g_source_unref (source);
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportAsync *data = task_data;
  GError *error = NULL;
  ParlanceImportSummary *summary;

  summary = parlance_import_file (data->store, data->file, data->format,
                                  data->progress != NULL ? on_progress : NULL, task,
                                  cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) parlance_import_summary_free);
}

/**
 * parlance_import_file_async:
 * @progress: (nullable): called in the caller's main context, at most every 100 ms
 * @progress_destroy: (nullable): frees @progress_data when the import is over
 *
 * parlance_import_file() in a worker thread.
 */
void
parlance_import_file_async (ParlanceStore              *store,
                            GFile                      *file,
                            ParlanceImportFormat        format,
                            ParlanceImportProgressFunc  progress,
                            gpointer                    progress_data,
                            GDestroyNotify              progress_destroy,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportAsync *data;

  g_return_if_fail (PARLANCE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportAsync, 1);
  data->store = g_object_ref (store);
  data->file = g_object_ref (file);
  data->format = format;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->mutex);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_async_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * parlance_import_file_finish:
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
ParlanceImportSummary *
parlance_import_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_import_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
