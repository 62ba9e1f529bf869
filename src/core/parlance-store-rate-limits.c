/* parlance-store-rate-limits.c — the limits providers announced, kept across restarts.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of `rate_limits` per provider, budget group and window; the newest word replaces the
 * older. Read by the rate budgets (parlance-rate-budget.c).
 */

#include "config.h"

#include "parlance-store-private.h"

static const char save_sql[] =
  "INSERT OR REPLACE INTO rate_limits"
  " (provider_id, budget_group, window, quota, remaining, reset_at, learned_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static const char load_sql[] =
  "SELECT quota, remaining, reset_at, learned_at FROM rate_limits"
  " WHERE provider_id = ?1 AND budget_group = ?2 AND window = ?3";

typedef struct
{
  char   *provider_id;
  char   *budget_group;
  char   *window;
  gint64  limit;
  gint64  remaining;
  gint64  reset_at;
  gint64  learned_at;
} Limit;

static void
limit_free (Limit *limit)
{
  g_free (limit->provider_id);
  g_free (limit->budget_group);
  g_free (limit->window);
  g_free (limit);
}

static gboolean
db_save (StoreConnection  *conn,
         const Limit      *limit,
         GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = _parlance_store_prepare (conn, save_sql, error)) == NULL)
    return FALSE;
  _parlance_store_bind_text (stmt, 1, limit->provider_id);
  _parlance_store_bind_text (stmt, 2, limit->budget_group);
  _parlance_store_bind_text (stmt, 3, limit->window);
  _parlance_store_bind_known (stmt, 4, limit->limit);
  _parlance_store_bind_known (stmt, 5, limit->remaining);
  _parlance_store_bind_known (stmt, 6, limit->reset_at);
  sqlite3_bind_int64 (stmt, 7, limit->learned_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  return TRUE;
}

static Limit *
limit_new (const char *provider_id,
           const char *budget_group,
           const char *window,
           gint64      limit,
           gint64      remaining,
           gint64      reset_at,
           gint64      learned_at)
{
  Limit *l = g_new0 (Limit, 1);

  l->provider_id = g_strdup (provider_id);
  l->budget_group = g_strdup (budget_group);
  l->window = g_strdup (window);
  l->limit = limit;
  l->remaining = remaining;
  l->reset_at = reset_at;
  l->learned_at = learned_at;
  return l;
}

/**
 * parlance_store_save_rate_limit:
 * @window: "minute", "day" or "minute_tokens"
 * @limit: the limit, -1 unknown
 * @remaining: what was left, -1 unknown
 * @reset_at: when it resets (microseconds since the epoch), -1 unknown
 * @learned_at: when the provider said so
 *
 * Keeps what a provider said about a limit, replacing what it said before.
 */
gboolean
parlance_store_save_rate_limit (ParlanceStore  *self,
                                const char     *provider_id,
                                const char     *budget_group,
                                const char     *window,
                                gint64          limit,
                                gint64          remaining,
                                gint64          reset_at,
                                gint64          learned_at,
                                GError        **error)
{
  StoreConnection *conn;
  Limit *l;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && budget_group != NULL && window != NULL, FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  l = limit_new (provider_id, budget_group, window, limit, remaining, reset_at, learned_at);
  ok = db_save (conn, l, error);
  limit_free (l);
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}

static gboolean
save_func (StoreConnection  *conn,
           gpointer          data,
           GError          **error)
{
  return db_save (conn, data, error);
}

/**
 * parlance_store_save_rate_limit_async:
 *
 * parlance_store_save_rate_limit () on the writer thread. Finish with
 * parlance_store_write_finish ().
 */
void
parlance_store_save_rate_limit_async (ParlanceStore       *self,
                                      const char          *provider_id,
                                      const char          *budget_group,
                                      const char          *window,
                                      gint64               limit,
                                      gint64               remaining,
                                      gint64               reset_at,
                                      gint64               learned_at,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (provider_id != NULL && budget_group != NULL && window != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_store_save_rate_limit_async);
  g_task_set_task_data (task, limit_new (provider_id, budget_group, window, limit, remaining,
                                         reset_at, learned_at),
                        (GDestroyNotify) limit_free);
  _parlance_store_writer_push (self, task, save_func, NULL, FALSE);
}

/**
 * parlance_store_load_rate_limit:
 * @limit: (out): the limit, -1 unknown
 * @remaining: (out): what was left, -1 unknown
 * @reset_at: (out): when it resets, -1 unknown
 * @learned_at: (out): when the provider said so
 *
 * Returns: %TRUE when something was learned; %FALSE otherwise, with @error set on failure only
 */
gboolean
parlance_store_load_rate_limit (ParlanceStore  *self,
                                const char     *provider_id,
                                const char     *budget_group,
                                const char     *window,
                                gint64         *limit,
                                gint64         *remaining,
                                gint64         *reset_at,
                                gint64         *learned_at,
                                GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && budget_group != NULL && window != NULL, FALSE);

  *limit = *remaining = *reset_at = *learned_at = -1;
  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  if ((stmt = _parlance_store_prepare (conn, load_sql, error)) != NULL)
    {
      _parlance_store_bind_text (stmt, 1, provider_id);
      _parlance_store_bind_text (stmt, 2, budget_group);
      _parlance_store_bind_text (stmt, 3, window);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *limit = _parlance_store_column_known (stmt, 0);
          *remaining = _parlance_store_column_known (stmt, 1);
          *reset_at = _parlance_store_column_known (stmt, 2);
          *learned_at = _parlance_store_column_known (stmt, 3);
          found = TRUE;
        }
      else if (rc != SQLITE_DONE)
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  _parlance_store_shared_give (self->shared, conn);
  return found;
}
