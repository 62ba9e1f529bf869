/* parlance-store-usage.c — usage and cost read from the store: requests grouped by day, model
 * or provider over a date range, and what one conversation cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sums are of integers (tokens, pico-dollars), done by SQLite: a thousand replies at
 * $0.0000123 add up to 12300000000 pico-dollars, $0.0123 exactly. Days are local: SQLite's
 * 'localtime' follows the same TZ as GLib's local time zone.
 */

#include "config.h"

#include "parlance-store-private.h"

static void
usage_row_free (ParlanceUsageRow *row)
{
  g_free (row->key);
  g_free (row);
}

/**
 * parlance_usage_report_free:
 * @report: (nullable): a report
 */
void
parlance_usage_report_free (ParlanceUsageReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report);
}

/* A sum that stops at G_MAXINT64 instead of wrapping round to a negative. */
static gint64
add_saturated (gint64 a,
               gint64 b)
{
  return b > 0 && a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}

/**
 * parlance_usage_day_start:
 * @now: the time it is (an injectable clock)
 * @days_back: how many days before @now's day; 0 for that day
 *
 * Returns: the local midnight that starts that day, in microseconds since the epoch (UTC)
 */
gint64
parlance_usage_day_start (GDateTime *now,
                          guint      days_back)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) day = NULL;

  g_return_val_if_fail (now != NULL, 0);

  local = g_date_time_to_local (now);
  midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  day = g_date_time_add_days (midnight, -(gint) MIN (days_back, 365u * 1000));
  /* Recomputed from the date: a day that starts in the other DST offset keeps its midnight. */
  g_clear_pointer (&midnight, g_date_time_unref);
  midnight = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                    g_date_time_get_day_of_month (day), 0, 0, 0);
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* One statement per grouping, static: the connection caches statements by the SQL's address. */
#define USAGE_SQL(key, order) \
  "SELECT " key " AS key, COUNT (*), COALESCE (SUM (tokens_in), 0)," \
  " COALESCE (SUM (tokens_out), 0), COALESCE (SUM (cost_pico), 0)" \
  " FROM requests WHERE at >= ?1 AND at < ?2 GROUP BY key ORDER BY " order

static const char *
usage_sql (ParlanceUsageGrouping grouping)
{
  switch (grouping)
    {
    case PARLANCE_USAGE_BY_DAY:
      return USAGE_SQL ("strftime ('%Y-%m-%d', at / 1000000, 'unixepoch', 'localtime')", "key");
    case PARLANCE_USAGE_BY_MODEL:
      return USAGE_SQL ("COALESCE (model, requested_model, '')", "5 DESC, 2 DESC, key");
    case PARLANCE_USAGE_BY_PROVIDER:
    default:
      return USAGE_SQL ("provider_id", "5 DESC, 2 DESC, key");
    }
}

static ParlanceUsageReport *
db_get_usage (StoreConnection        *conn,
              ParlanceUsageGrouping   grouping,
              gint64                  since,
              gint64                  until,
              GError                **error)
{
  g_autoptr(ParlanceUsageReport) report = g_new0 (ParlanceUsageReport, 1);
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = _parlance_store_prepare (conn, usage_sql (grouping), error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since > 0 ? since : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, until > 0 ? until : G_MAXINT64);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) usage_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ParlanceUsageRow *row = g_new0 (ParlanceUsageRow, 1);
      const char *key = _parlance_store_column_text (stmt, 0);

      row->key = g_strdup (key != NULL ? key : "");
      /* Negative numbers can only come from a damaged row: they count as nothing. */
      row->requests = sqlite3_column_int64 (stmt, 1);
      row->tokens_in = MAX (sqlite3_column_int64 (stmt, 2), 0);
      row->tokens_out = MAX (sqlite3_column_int64 (stmt, 3), 0);
      row->cost_pico = MAX (sqlite3_column_int64 (stmt, 4), 0);
      report->requests = add_saturated (report->requests, row->requests);
      report->tokens_in = add_saturated (report->tokens_in, row->tokens_in);
      report->tokens_out = add_saturated (report->tokens_out, row->tokens_out);
      report->cost_pico = add_saturated (report->cost_pico, row->cost_pico);
      g_ptr_array_add (report->rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_steal_pointer (&report);
}

static gboolean
db_get_conversation_cost (StoreConnection  *conn,
                          gint64            conversation_id,
                          gint64           *cost_pico,
                          GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn,
    "SELECT COUNT (cost_pico), COALESCE (SUM (MAX (cost_pico, 0)), 0) FROM messages"
    " WHERE conversation_id = ?1 AND cost_pico IS NOT NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *cost_pico = sqlite3_column_int64 (stmt, 0) > 0 ? sqlite3_column_int64 (stmt, 1) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _parlance_store_set_error (conn, rc, error);
  return TRUE;
}

/**
 * parlance_store_get_usage:
 * @grouping: by day, model or provider
 * @since: the first microsecond counted (UTC), or 0 for no bound
 * @until: the first microsecond not counted, or 0 for no bound
 *
 * Returns: (transfer full) (nullable): the rows and their totals, or %NULL with @error set
 */
ParlanceUsageReport *
parlance_store_get_usage (ParlanceStore          *self,
                          ParlanceUsageGrouping   grouping,
                          gint64                  since,
                          gint64                  until,
                          GError                **error)
{
  StoreConnection *conn;
  ParlanceUsageReport *report;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  report = db_get_usage (conn, grouping, since, until, error);
  _parlance_store_shared_give (self->shared, conn);
  return report;
}

/**
 * parlance_store_get_conversation_cost:
 * @cost_pico: (out): the sum of its messages' known costs, or -1 when none is known
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
parlance_store_get_conversation_cost (ParlanceStore  *self,
                                      gint64          conversation_id,
                                      gint64         *cost_pico,
                                      GError        **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (cost_pico != NULL, FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  ok = db_get_conversation_cost (conn, conversation_id, cost_pico, error);
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}

/* Asynchronous forms */

typedef struct
{
  ParlanceUsageGrouping grouping;
  gint64                since;
  gint64                until;
  gint64                conversation_id;
} UsageRequest;

static void
usage_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParlanceStore *self = source_object;
  UsageRequest *request = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_task_get_source_tag (task) == parlance_store_get_usage_async)
    {
      ParlanceUsageReport *report = parlance_store_get_usage (self, request->grouping,
                                                              request->since, request->until,
                                                              &error);
      if (report == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, report, (GDestroyNotify) parlance_usage_report_free);
    }
  else
    {
      gint64 cost = -1;

      if (!parlance_store_get_conversation_cost (self, request->conversation_id, &cost, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, g_memdup2 (&cost, sizeof cost), g_free);
    }
}

static void
run_usage_task (ParlanceStore       *self,
                gpointer             source_tag,
                UsageRequest        *request,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, usage_thread);
}

/**
 * parlance_store_get_usage_async:
 * @cancellable: (nullable): a #GCancellable
 *
 * parlance_store_get_usage() in a worker thread.
 */
void
parlance_store_get_usage_async (ParlanceStore         *self,
                                ParlanceUsageGrouping  grouping,
                                gint64                 since,
                                gint64                 until,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  UsageRequest *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  request = g_new0 (UsageRequest, 1);
  request->grouping = grouping;
  request->since = since;
  request->until = until;
  run_usage_task (self, parlance_store_get_usage_async, request, cancellable, callback,
                  user_data);
}

/**
 * parlance_store_get_usage_finish:
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
ParlanceUsageReport *
parlance_store_get_usage_finish (ParlanceStore  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_store_get_usage_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * parlance_store_get_conversation_cost_async:
 * @cancellable: (nullable): a #GCancellable
 *
 * parlance_store_get_conversation_cost() in a worker thread.
 */
void
parlance_store_get_conversation_cost_async (ParlanceStore       *self,
                                            gint64               conversation_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  UsageRequest *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  request = g_new0 (UsageRequest, 1);
  request->conversation_id = conversation_id;
  run_usage_task (self, parlance_store_get_conversation_cost_async, request, cancellable,
                  callback, user_data);
}

/**
 * parlance_store_get_conversation_cost_finish:
 * @cost_pico: (out): the cost, or -1 when none is known
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
parlance_store_get_conversation_cost_finish (ParlanceStore  *self,
                                             GAsyncResult   *result,
                                             gint64         *cost_pico,
                                             GError        **error)
{
  g_autofree gint64 *cost = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (cost_pico != NULL, FALSE);

  if ((cost = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  *cost_pico = *cost;
  return TRUE;
}
