/* parlance-store-requests.c — the requests sent to providers, and the limits they announced.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of `requests` per request: added when it is sent, completed when it ends. The rate
 * budgets count these rows; the usage page sums them. `rate_limits` keeps what a provider said
 * about its limits (headers, /key), so a restart still knows them.
 */

#include "config.h"

#include "parlance-api-error.h"
#include "parlance-limit-error.h"
#include "parlance-store-private.h"

/* The public record, and what only the writer thread touches. */
typedef struct
{
  ParlanceRequestRecord pub;
  gint64                writer_id;  /* the row the writer added; read and written there only */
} Record;

/**
 * parlance_request_record_new:
 * @at: when it was sent, microseconds since the epoch
 * @provider_id: the provider it goes to
 * @requested_model: (nullable): the model asked for
 * @budget_group: (nullable): the budget it counts against
 *
 * Returns: (transfer full): a record whose end is unknown yet
 */
ParlanceRequestRecord *
parlance_request_record_new (gint64      at,
                             const char *provider_id,
                             const char *requested_model,
                             const char *budget_group)
{
  Record *record;
  ParlanceRequestRecord *pub;

  g_return_val_if_fail (provider_id != NULL, NULL);

  record = g_atomic_rc_box_new0 (Record);
  pub = &record->pub;
  pub->at = at;
  pub->provider_id = g_strdup (provider_id);
  pub->requested_model = g_strdup (requested_model);
  pub->budget_group = g_strdup (budget_group);
  pub->tokens_in = pub->tokens_out = pub->tokens_reasoning = pub->tokens_cached = -1;
  pub->cost_pico = -1;
  return pub;
}

ParlanceRequestRecord *
parlance_request_record_ref (ParlanceRequestRecord *record)
{
  return g_atomic_rc_box_acquire (record);
}

static void
record_clear (ParlanceRequestRecord *pub)
{
  g_free (pub->provider_id);
  g_free (pub->requested_model);
  g_free (pub->budget_group);
  g_free (pub->error_kind);
  g_free (pub->model);
  g_free (pub->generation_id);
}

void
parlance_request_record_unref (ParlanceRequestRecord *record)
{
  g_atomic_rc_box_release_full (record, (GDestroyNotify) record_clear);
}

/* A copy of the fields, for the writer thread, made on the caller's. */
static ParlanceRequestRecord *
record_copy (const ParlanceRequestRecord *pub)
{
  ParlanceRequestRecord *copy = parlance_request_record_new (pub->at, pub->provider_id,
                                                             pub->requested_model,
                                                             pub->budget_group);

  copy->id = pub->id;
  copy->status = pub->status;
  copy->error_kind = g_strdup (pub->error_kind);
  copy->model = g_strdup (pub->model);
  copy->tokens_in = pub->tokens_in;
  copy->tokens_out = pub->tokens_out;
  copy->tokens_reasoning = pub->tokens_reasoning;
  copy->tokens_cached = pub->tokens_cached;
  copy->cost_pico = pub->cost_pico;
  copy->generation_id = g_strdup (pub->generation_id);
  copy->message_id = pub->message_id;
  return copy;
}

/**
 * parlance_request_error_kind:
 * @error: (nullable): why a request failed
 *
 * Returns: (nullable): a stable name for @error's kind, for the `error_kind` column; %NULL
 *   without an error
 */
const char *
parlance_request_error_kind (const GError *error)
{
  static const char * const api_kinds[] = {
    [PARLANCE_API_ERROR_UNAUTHORIZED] = "unauthorized",
    [PARLANCE_API_ERROR_PAYMENT_REQUIRED] = "payment_required",
    [PARLANCE_API_ERROR_FORBIDDEN] = "forbidden",
    [PARLANCE_API_ERROR_NOT_FOUND] = "not_found",
    [PARLANCE_API_ERROR_RATE_LIMITED] = "rate_limited",
    [PARLANCE_API_ERROR_BAD_REQUEST] = "bad_request",
    [PARLANCE_API_ERROR_SERVER] = "server",
    [PARLANCE_API_ERROR_STREAM] = "stream",
    [PARLANCE_API_ERROR_MALFORMED] = "malformed",
    [PARLANCE_API_ERROR_NETWORK] = "network",
    [PARLANCE_API_ERROR_TIMEOUT] = "timeout",
    [PARLANCE_API_ERROR_CANCELLED] = "cancelled",
  };

  if (error == NULL)
    return NULL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain == PARLANCE_API_ERROR && error->code >= 0 &&
      (gsize) error->code < G_N_ELEMENTS (api_kinds) && api_kinds[error->code] != NULL)
    return api_kinds[error->code];
  return "failed";
}

/**
 * parlance_request_error_kind_for_reply:
 * @reply: (nullable): what came back
 * @error: (nullable): why a request failed
 *
 * A provider's refusal is named by its limit kind (parlance_limit_kind_to_string (): "per-minute",
 * "daily", "upstream", "credits", "overloaded", "context-length"), which says what to do about
 * it; any other failure (a refusal of kind "other", a lost connection, a stop) by
 * parlance_request_error_kind ().
 *
 * Returns: (nullable): a stable name for the `error_kind` column; %NULL without an error
 */
const char *
parlance_request_error_kind_for_reply (ParlanceChatReply *reply,
                                       const GError      *error)
{
  ParlanceLimitError *limit;

  g_return_val_if_fail (reply == NULL || PARLANCE_IS_CHAT_REPLY (reply), NULL);

  if (error == NULL)
    return NULL;
  /* Stopped by the user is a stop, whatever came before it. */
  if (reply != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED) &&
      (limit = parlance_chat_reply_get_limit_error (reply)) != NULL &&
      parlance_limit_error_get_kind (limit) != PARLANCE_LIMIT_KIND_OTHER)
    return parlance_limit_kind_to_string (parlance_limit_error_get_kind (limit));
  return parlance_request_error_kind (error);
}

/**
 * parlance_request_record_set_end:
 * @record: a record
 * @reply: (nullable): what came back
 * @error: (nullable): why it failed
 *
 * Fills in the end of @record from @reply and @error.
 */
void
parlance_request_record_set_end (ParlanceRequestRecord *record,
                                 ParlanceChatReply     *reply,
                                 const GError          *error)
{
  double cost;

  g_return_if_fail (record != NULL);
  g_return_if_fail (reply == NULL || PARLANCE_IS_CHAT_REPLY (reply));

  g_free (record->error_kind);
  record->error_kind = g_strdup (parlance_request_error_kind_for_reply (reply, error));
  if (reply == NULL)
    return;

  record->status = parlance_chat_reply_get_http_status (reply);
  /* A reply that streamed came with 200 even when the client does not keep it. */
  if (record->status == 0 && error == NULL)
    record->status = 200;
  if (parlance_chat_reply_get_model (reply) != NULL)
    {
      g_free (record->model);
      record->model = g_strdup (parlance_chat_reply_get_model (reply));
    }
  if (parlance_chat_reply_get_generation_id (reply) != NULL)
    {
      g_free (record->generation_id);
      record->generation_id = g_strdup (parlance_chat_reply_get_generation_id (reply));
    }
  if (parlance_chat_reply_get_has_usage (reply))
    {
      record->tokens_in = parlance_chat_reply_get_prompt_tokens (reply);
      record->tokens_out = parlance_chat_reply_get_completion_tokens (reply);
      record->tokens_reasoning = parlance_chat_reply_get_reasoning_tokens (reply);
      record->tokens_cached = parlance_chat_reply_get_cached_tokens (reply);
    }
  if (parlance_chat_reply_get_cost (reply, &cost))
    record->cost_pico = parlance_cost_pico_from_double (cost);
}

/* Writing rows */

static const char insert_sql[] =
  "INSERT INTO requests (at, provider_id, model, requested_model, budget_group, status,"
  " error_kind, tokens_in, tokens_out, tokens_reasoning, tokens_cached, cost_pico,"
  " generation_id, message_id)"
  " VALUES (?1, ?2, coalesce (?3, ?4), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
  "  (SELECT id FROM messages WHERE id = ?14))";

/* A message deleted meanwhile leaves the request without one, as ON DELETE SET NULL would. */
static const char end_sql[] =
  "UPDATE requests SET model = coalesce (?3, requested_model), status = ?6, error_kind = ?7,"
  " tokens_in = ?8, tokens_out = ?9, tokens_reasoning = ?10, tokens_cached = ?11,"
  " cost_pico = ?12, generation_id = ?13, message_id = (SELECT id FROM messages WHERE id = ?14)"
  " WHERE id = ?1";

static void
bind_record (sqlite3_stmt                *stmt,
             const ParlanceRequestRecord *r,
             gboolean                     with_start)
{
  if (with_start)
    {
      sqlite3_bind_int64 (stmt, 1, r->at);
      _parlance_store_bind_text (stmt, 2, r->provider_id);
      _parlance_store_bind_text (stmt, 4, r->requested_model);
      _parlance_store_bind_text (stmt, 5, r->budget_group);
    }
  else
    sqlite3_bind_int64 (stmt, 1, r->id);
  _parlance_store_bind_text (stmt, 3, r->model);
  _parlance_store_bind_known (stmt, 6, r->status > 0 ? (gint64) r->status : -1);
  _parlance_store_bind_text (stmt, 7, r->error_kind);
  _parlance_store_bind_known (stmt, 8, r->tokens_in);
  _parlance_store_bind_known (stmt, 9, r->tokens_out);
  _parlance_store_bind_known (stmt, 10, r->tokens_reasoning);
  _parlance_store_bind_known (stmt, 11, r->tokens_cached);
  _parlance_store_bind_known (stmt, 12, r->cost_pico);
  _parlance_store_bind_text (stmt, 13, r->generation_id);
  _parlance_store_bind_known (stmt, 14, r->message_id > 0 ? r->message_id : -1);
}

static gint64
db_add_request (StoreConnection        *conn,
                ParlanceRequestRecord  *record,
                GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = _parlance_store_prepare (conn, insert_sql, error)) == NULL)
    return 0;
  bind_record (stmt, record, TRUE);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _parlance_store_set_error (conn, rc, error);
      return 0;
    }
  return record->id = sqlite3_last_insert_rowid (conn->db);
}

static gboolean
db_end_request (StoreConnection        *conn,
                ParlanceRequestRecord  *record,
                GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = _parlance_store_prepare (conn, end_sql, error)) == NULL)
    return FALSE;
  bind_record (stmt, record, FALSE);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  return TRUE;
}

/**
 * parlance_store_add_request:
 * @record: the request; its id is set
 *
 * Returns: the new row's id, 0 on error
 */
gint64
parlance_store_add_request (ParlanceStore          *self,
                            ParlanceRequestRecord  *record,
                            GError                **error)
{
  StoreConnection *conn;
  gint64 id;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), 0);
  g_return_val_if_fail (record != NULL && record->id == 0, 0);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return 0;
  id = db_add_request (conn, record, error);
  /* An asynchronous end may follow: the writer's queue orders it after this. */
  ((Record *) record)->writer_id = id;
  _parlance_store_shared_give (self->shared, conn);
  return id;
}

/**
 * parlance_store_end_request:
 * @record: a request added before
 *
 * Writes its end (status, error kind, model, tokens, cost, generation and message ids).
 */
gboolean
parlance_store_end_request (ParlanceStore          *self,
                            ParlanceRequestRecord  *record,
                            GError                **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->id > 0, FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  ok = db_end_request (conn, record, error);
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}

/* The same through the writer thread */

typedef struct
{
  ParlanceRequestRecord *record;  /* the caller's: its id is set in the caller's context */
  ParlanceRequestRecord *copy;    /* what is written */
} RecordWrite;

static void
record_write_free (RecordWrite *write)
{
  g_clear_pointer (&write->record, parlance_request_record_unref);
  g_clear_pointer (&write->copy, parlance_request_record_unref);
  g_free (write);
}

static gboolean
add_request_func (StoreConnection  *conn,
                  gpointer          data,
                  GError          **error)
{
  RecordWrite *write = data;

  /* Later writes of the same record (its end) run after this one on this thread. */
  ((Record *) write->record)->writer_id = db_add_request (conn, write->copy, error);
  return write->copy->id > 0;
}

static void
add_request_done (GTask    *task,
                  gpointer  data)
{
  RecordWrite *write = data;

  write->record->id = write->copy->id;
}

static gboolean
end_request_func (StoreConnection  *conn,
                  gpointer          data,
                  GError          **error)
{
  RecordWrite *write = data;

  if (write->copy->id <= 0)
    write->copy->id = ((Record *) write->record)->writer_id;
  /* Its add failed: the error was told then. */
  if (write->copy->id <= 0)
    return TRUE;
  return db_end_request (conn, write->copy, error);
}

/* In the main context, the request's end on disk. */
static void
end_request_done (GTask    *task,
                  gpointer  data)
{
  g_signal_emit (g_task_get_source_object (task), _parlance_store_signals[STORE_SIGNAL_USAGE_CHANGED], 0);
}

static void
push_record_write (ParlanceStore          *self,
                   ParlanceRequestRecord  *record,
                   gpointer                source_tag,
                   StoreWriteFunc          func,
                   StoreWriteDone          done,
                   GCancellable           *cancellable,
                   GAsyncReadyCallback     callback,
                   gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RecordWrite *write = g_new0 (RecordWrite, 1);

  g_task_set_source_tag (task, source_tag);
  write->record = parlance_request_record_ref (record);
  write->copy = record_copy (record);
  g_task_set_task_data (task, write, (GDestroyNotify) record_write_free);
  _parlance_store_writer_push (self, task, func, done, FALSE);
}

/**
 * parlance_store_add_request_async:
 *
 * parlance_store_add_request () on the writer thread; @record's id is set when it completes.
 */
void
parlance_store_add_request_async (ParlanceStore          *self,
                                  ParlanceRequestRecord  *record,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (record != NULL && record->id == 0);

  push_record_write (self, record, parlance_store_add_request_async, add_request_func,
                     add_request_done, cancellable, callback, user_data);
}

/**
 * parlance_store_end_request_async:
 *
 * parlance_store_end_request () on the writer thread, for a record added with
 * parlance_store_add_request_async () (whether or not that completed yet).
 */
void
parlance_store_end_request_async (ParlanceStore          *self,
                                  ParlanceRequestRecord  *record,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (record != NULL);

  push_record_write (self, record, parlance_store_end_request_async, end_request_func,
                     end_request_done, cancellable, callback, user_data);
}

/* Reading them */

static const char count_sql[] =
  "SELECT count (*), total (coalesce (tokens_in, 0)),"
  " total (coalesce (tokens_in, 0) + coalesce (tokens_out, 0))"
  " FROM requests WHERE provider_id = ?1 AND (?2 IS NULL OR budget_group = ?2)"
  " AND at >= ?3 AND at < ?4";

static const char times_sql[] =
  "SELECT at FROM requests WHERE provider_id = ?1 AND (?2 IS NULL OR budget_group = ?2)"
  " AND at >= ?3 AND at < ?4 ORDER BY at";

static const char groups_sql[] =
  "SELECT budget_group FROM requests WHERE provider_id = ?1 AND budget_group IS NOT NULL"
  " UNION SELECT budget_group FROM rate_limits WHERE provider_id = ?1"
  " ORDER BY 1";

static sqlite3_stmt *
prepare_range (StoreConnection  *conn,
               const char       *sql,
               const char       *provider_id,
               const char       *budget_group,
               gint64            since,
               gint64            until,
               GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  _parlance_store_bind_text (stmt, 1, provider_id);
  _parlance_store_bind_text (stmt, 2, budget_group);
  sqlite3_bind_int64 (stmt, 3, since);
  sqlite3_bind_int64 (stmt, 4, until);
  return stmt;
}

/**
 * parlance_store_count_requests:
 * @budget_group: (nullable): the group; %NULL for all of @provider_id's
 * @since: the first instant counted
 * @until: the first instant not counted
 * @n_requests: (out) (optional): how many requests
 * @tokens_in: (out) (optional): their prompt tokens
 * @tokens_total: (out) (optional): their prompt and completion tokens
 *
 * Counts requests, failed ones too: providers count them against their limits.
 */
gboolean
parlance_store_count_requests (ParlanceStore  *self,
                               const char     *provider_id,
                               const char     *budget_group,
                               gint64          since,
                               gint64          until,
                               gint64         *n_requests,
                               gint64         *tokens_in,
                               gint64         *tokens_total,
                               GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return FALSE;
  stmt = prepare_range (conn, count_sql, provider_id, budget_group, since, until, error);
  if (stmt != NULL)
    {
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (n_requests != NULL)
            *n_requests = sqlite3_column_int64 (stmt, 0);
          if (tokens_in != NULL)
            *tokens_in = (gint64) sqlite3_column_double (stmt, 1);
          if (tokens_total != NULL)
            *tokens_total = (gint64) sqlite3_column_double (stmt, 2);
          ok = TRUE;
        }
      else
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}

/**
 * parlance_store_list_request_times:
 * @budget_group: (nullable): the group; %NULL for all of @provider_id's
 *
 * Returns: (transfer full) (element-type gint64) (nullable): when the requests counted by
 *   parlance_store_count_requests () were sent, oldest first
 */
GArray *
parlance_store_list_request_times (ParlanceStore  *self,
                                   const char     *provider_id,
                                   const char     *budget_group,
                                   gint64          since,
                                   gint64          until,
                                   GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc = SQLITE_DONE;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  stmt = prepare_range (conn, times_sql, provider_id, budget_group, since, until, error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 at = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (times, at);
        }
      if (rc != SQLITE_DONE)
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  _parlance_store_shared_give (self->shared, conn);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&times);
}

/**
 * parlance_store_list_budget_groups:
 *
 * Returns: (transfer full) (nullable): the budget groups of @provider_id's requests and
 *   learned limits, sorted
 */
GStrv
parlance_store_list_budget_groups (ParlanceStore  *self,
                                   const char     *provider_id,
                                   GError        **error)
{
  StoreConnection *conn;
  sqlite3_stmt *stmt;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc = SQLITE_DONE;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  if ((stmt = _parlance_store_prepare (conn, groups_sql, error)) != NULL)
    {
      _parlance_store_bind_text (stmt, 1, provider_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, _parlance_store_column_text (stmt, 0));
      if (rc != SQLITE_DONE)
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  _parlance_store_shared_give (self->shared, conn);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_strv_builder_end (builder);
}
