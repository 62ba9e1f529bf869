/* parlance-store-search-async.c — full-text search in a worker thread.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-store-private.h"

typedef struct
{
  char  *query;
  guint  limit;
} SearchRequest;

static void
search_request_free (SearchRequest *request)
{
  g_free (request->query);
  g_free (request);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ParlanceStore *self = source_object;
  SearchRequest *request = task_data;
  GError *error = NULL;
  StoreConnection *conn;
  GPtrArray *results;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((conn = _parlance_store_shared_take (self->shared, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  results = _parlance_store_db_search (conn, request->query, request->limit, cancellable, &error);
  _parlance_store_shared_give (self->shared, conn);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * parlance_store_search_async:
 * @cancellable: (nullable): cancelling it interrupts the query at once
 *
 * parlance_store_search() in a worker thread. Cancelling interrupts SQLite in the statement it
 * runs (sqlite3_interrupt()); the search then finishes with %G_IO_ERROR_CANCELLED, its
 * connection back in the pool.
 */
void
parlance_store_search_async (ParlanceStore       *self,
                             const char          *query,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchRequest *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_store_search_async);
  request = g_new0 (SearchRequest, 1);
  request->query = g_strdup (query);
  request->limit = limit;
  g_task_set_task_data (task, request, (GDestroyNotify) search_request_free);
  g_task_run_in_thread (task, search_thread);
}

/**
 * parlance_store_search_finish:
 *
 * Returns: (transfer full) (element-type ParlanceSearchResult): best first, or %NULL with
 *   @error set
 */
GPtrArray *
parlance_store_search_finish (ParlanceStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_store_search_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
