/* parlance-store-messages.c — messages: adding, updating, and reading the shown branch.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A conversation is a tree: every message has a parent (none for a root) and a depth, one more
 * than its parent's. The shown branch is the path from the conversation's tip to the root,
 * and its length is the tip's depth, so the list never walks a tree to count.
 *
 * While a reply streams, its batches are appended as rows of message_parts (only the text that
 * came since the last one), so the writes of a long reply grow with its length, not with its
 * square; the whole text goes back into the message row when it ends (or when its writer is
 * found gone). Whoever reads a streaming message reads its parts after its content.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-store-private.h"

#define MESSAGE_COLUMNS \
  "m.id, m.parent_id, m.lane, m.role, m.content, m.reasoning, m.provider_id, m.model," \
  " m.status, m.error, m.finish_reason, m.tokens_in, m.tokens_out, m.tokens_reasoning," \
  " m.tokens_cached, m.cost_pico, m.first_token_us, m.duration_us, m.created, m.tool_calls," \
  " m.tool_call_id, m.generation_id, m.writer_pid, m.writer_boot, m.writer_start," \
  " m.requested_model, m.provider_name, m.attempts"

/* A parent is always older than its child (its id smaller): the walk ends even in a database
 * edited by hand into a loop. */
static const char branch_sql[] =
  "WITH RECURSIVE branch (id) AS ("
  "  SELECT tip_id FROM conversations WHERE id = ?1"
  "  UNION ALL"
  "  SELECT p.parent_id FROM messages p JOIN branch b ON p.id = b.id"
  "   WHERE p.parent_id IS NOT NULL AND p.parent_id < p.id)"
  " SELECT " MESSAGE_COLUMNS ","
  /* The versions of each (parlance-store-branches.c): its place and count among its siblings,
   * by the parent index, in the same query. */
  "  (SELECT COUNT (*) FROM messages s WHERE s.parent_id IS m.parent_id"
  "    AND s.conversation_id = ?1 AND s.id < m.id),"
  "  (SELECT COUNT (*) FROM messages s WHERE s.parent_id IS m.parent_id"
  "    AND s.conversation_id = ?1)"
  " FROM branch b JOIN messages m ON m.id = b.id"
  " WHERE m.conversation_id = ?1 ORDER BY m.depth";

static const char all_sql[] =
  "SELECT " MESSAGE_COLUMNS " FROM messages m WHERE m.conversation_id = ?1 ORDER BY m.id";

/* The fields both statements write, numbered from ?3; writer is ?21-?23; the fallback's
 * (schema version 3) ?27-?29. */
#define FIELD_COLUMNS \
  "lane, role, content, reasoning, provider_id, model, status, error, finish_reason," \
  " tokens_in, tokens_out, tokens_reasoning, tokens_cached, cost_pico, first_token_us," \
  " duration_us, tool_calls, tool_call_id, generation_id, writer_pid, writer_boot, writer_start," \
  " requested_model, provider_name, attempts"

static const char insert_sql[] =
  "INSERT INTO messages (conversation_id, parent_id, depth, created, " FIELD_COLUMNS ")"
  " VALUES (?1, ?2, ?24, ?25, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
  " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?26, ?27, ?28, ?29)";

static const char update_sql[] =
  "UPDATE messages SET lane = ?3, role = ?4, content = ?5, reasoning = ?6, provider_id = ?7,"
  " model = ?8, status = ?9, error = ?10, finish_reason = ?11, tokens_in = ?12, tokens_out = ?13,"
  " tokens_reasoning = ?14, tokens_cached = ?15, cost_pico = ?16, first_token_us = ?17,"
  " duration_us = ?18, tool_calls = ?19, tool_call_id = ?20, generation_id = ?21,"
  " writer_pid = ?22, writer_boot = ?23, writer_start = ?26, requested_model = ?27,"
  " provider_name = ?28, attempts = ?29 WHERE id = ?1";

/* Every field but the text, for the batches of a streaming reply. */
static const char update_fields_sql[] =
  "UPDATE messages SET lane = ?3, role = ?4, provider_id = ?7, model = ?8, status = ?9,"
  " error = ?10, finish_reason = ?11, tokens_in = ?12, tokens_out = ?13, tokens_reasoning = ?14,"
  " tokens_cached = ?15, cost_pico = ?16, first_token_us = ?17, duration_us = ?18,"
  " tool_calls = ?19, tool_call_id = ?20, generation_id = ?21, writer_pid = ?22,"
  " writer_boot = ?23, writer_start = ?26, requested_model = ?27, provider_name = ?28,"
  " attempts = ?29 WHERE id = ?1";
static const char insert_part_sql[] =
  "INSERT INTO message_parts (message_id, seq, content, reasoning) VALUES (?1, ?2, ?3, ?4)";
static const char delete_parts_sql[] = "DELETE FROM message_parts WHERE message_id = ?1";
static const char parts_sql[] =
  "SELECT content, reasoning FROM message_parts WHERE message_id = ?1 ORDER BY seq";

static const char *role_names[] = { "user", "assistant", "system", "tool" };

static ParlanceRole
role_from_string (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (role, role_names[i]) == 0)
      return (ParlanceRole) i;
  return PARLANCE_ROLE_USER;
}

const char *
_parlance_store_status_to_string (ParlanceMessageStatus status)
{
  switch (status)
    {
    case PARLANCE_MESSAGE_WAITING:
    case PARLANCE_MESSAGE_STREAMING:
      return "streaming";
    case PARLANCE_MESSAGE_INTERRUPTED:
      return "interrupted";
    case PARLANCE_MESSAGE_ERROR:
      return "error";
    case PARLANCE_MESSAGE_COMPLETE:
    default:
      return "complete";
    }
}

static gboolean
is_streaming (ParlanceMessageStatus status)
{
  return status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING;
}

/* Binds ?3…?23 and ?26…?29 from @message; a streaming one is written by this process. */
static void
bind_fields (sqlite3_stmt    *stmt,
             ParlanceMessage *message)
{
  ParlanceMessageStatus status = parlance_message_get_status (message);
  const char *reasoning = parlance_message_get_reasoning (message);
  gint64 tokens[4];

  parlance_message_get_tokens (message, &tokens[0], &tokens[1], &tokens[2], &tokens[3]);
  sqlite3_bind_int64 (stmt, 3, parlance_message_get_lane (message));
  sqlite3_bind_text (stmt, 4, parlance_message_get_role_name (message), -1, SQLITE_STATIC);
  _parlance_store_bind_text (stmt, 5, parlance_message_get_content (message));
  _parlance_store_bind_text (stmt, 6, *reasoning != '\0' ? reasoning : NULL);
  _parlance_store_bind_text (stmt, 7, parlance_message_get_provider_id (message));
  _parlance_store_bind_text (stmt, 8, parlance_message_get_model (message));
  sqlite3_bind_text (stmt, 9, _parlance_store_status_to_string (status), -1, SQLITE_STATIC);
  _parlance_store_bind_text (stmt, 10, parlance_message_get_status_text (message));
  _parlance_store_bind_text (stmt, 11, parlance_message_get_finish_reason (message));
  for (guint i = 0; i < 4; i++)
    _parlance_store_bind_known (stmt, 12 + i, tokens[i]);
  _parlance_store_bind_known (stmt, 16, parlance_message_get_cost_pico (message));
  _parlance_store_bind_known (stmt, 17, parlance_message_get_first_token_time (message));
  _parlance_store_bind_known (stmt, 18, parlance_message_get_duration (message));
  _parlance_store_bind_text (stmt, 19, parlance_message_get_tool_calls (message));
  _parlance_store_bind_text (stmt, 20, parlance_message_get_tool_call_id (message));
  _parlance_store_bind_text (stmt, 21, parlance_message_get_generation_id (message));
  _parlance_store_bind_text (stmt, 27, parlance_message_get_requested_model (message));
  _parlance_store_bind_text (stmt, 28, parlance_message_get_provider_name (message));
  _parlance_store_bind_text (stmt, 29, parlance_message_get_attempts (message));
  if (is_streaming (status))
    {
      const StoreWriterId *self = _parlance_store_writer_id_self ();

      sqlite3_bind_int64 (stmt, 22, self->pid);
      _parlance_store_bind_text (stmt, 23, self->boot);
      _parlance_store_bind_known (stmt, 26, self->start);
    }
}

/* Checks the conversation exists and @parent_id is one of its messages; returns its depth. */
static gint64
parent_depth (StoreConnection  *conn,
              gint64            conversation_id,
              gint64            parent_id,
              GError          **error)
{
  static const char conversation_sql[] = "SELECT 0 FROM conversations WHERE id = ?1";
  static const char parent_sql[] =
    "SELECT depth FROM messages WHERE id = ?2 AND conversation_id = ?1";
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, parent_id > 0 ? parent_sql : conversation_sql,
                                                error);
  gint64 depth = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 2, parent_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    depth = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *detail = parent_id > 0 ?
        g_strdup_printf (_("message %" G_GINT64_FORMAT " in conversation %" G_GINT64_FORMAT),
                         parent_id, conversation_id) :
        g_strdup_printf (_("conversation %" G_GINT64_FORMAT), conversation_id);

      _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path, detail);
    }
  else
    _parlance_store_set_error (conn, rc, error);
  sqlite3_reset (stmt);
  return depth;
}

static gboolean
insert_locked (StoreConnection  *conn,
               gint64            conversation_id,
               ParlanceMessage  *message,
               gint64            created,
               GError          **error)
{
  static const char tip_sql[] =
    "UPDATE conversations SET tip_id = ?2, updated = MAX (updated, ?3) WHERE id = ?1";
  gint64 parent_id = parlance_message_get_parent_id (message);
  gint64 depth = parent_depth (conn, conversation_id, parent_id, error);
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (depth < 0 || (stmt = _parlance_store_prepare (conn, insert_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 2, parent_id);
  bind_fields (stmt, message);
  sqlite3_bind_int64 (stmt, 24, depth + 1);
  sqlite3_bind_int64 (stmt, 25, created);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  id = sqlite3_last_insert_rowid (conn->db);

  if ((stmt = _parlance_store_prepare (conn, tip_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, created);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  parlance_message_set_id (message, id);
  return TRUE;
}

/* Inserts @message in one transaction, and sets its id and created time. */
gboolean
_parlance_store_db_add_message (StoreConnection  *conn,
                                gint64            conversation_id,
                                ParlanceMessage  *message,
                                GError          **error)
{
  gint64 created = parlance_message_get_created (message);

  if (created <= 0)
    created = g_get_real_time ();
  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if (!insert_locked (conn, conversation_id, message, created, error))
    {
      _parlance_store_rollback (conn);
      parlance_message_set_id (message, 0);
      return FALSE;
    }
  if (!_parlance_store_commit (conn, error))
    {
      parlance_message_set_id (message, 0);
      return FALSE;
    }
  parlance_message_set_created (message, created);
  return TRUE;
}

static gboolean
update_locked (StoreConnection  *conn,
               const char       *sql,
               ParlanceMessage  *message,
               GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, parlance_message_get_id (message));
  bind_fields (stmt, message);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error);
  if (sqlite3_changes (conn->db) == 0)
    {
      g_autofree char *detail = g_strdup_printf (_("message %" G_GINT64_FORMAT),
                                                 parlance_message_get_id (message));

      _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path, detail);
      return FALSE;
    }
  return TRUE;
}

/* Writes every field, the whole text included, and drops the parts it now holds. */
gboolean
_parlance_store_db_update_message (StoreConnection  *conn,
                                   ParlanceMessage  *message,
                                   GError          **error)
{
  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if (!update_locked (conn, update_sql, message, error) ||
      !_parlance_store_exec_id (conn, delete_parts_sql, parlance_message_get_id (message), error))
    {
      _parlance_store_rollback (conn);
      return FALSE;
    }
  return _parlance_store_commit (conn, error);
}

/**
 * _parlance_store_db_append_message:
 * @delta: the message's fields, with only the text that came since the last write
 * @seq: the part's place among the message's parts
 * @fields_changed: whether to write the other fields too (status, usage…)
 *
 * Appends @delta's text as a part, and writes every other field of the message row if asked.
 */
gboolean
_parlance_store_db_append_message (StoreConnection  *conn,
                                   ParlanceMessage  *delta,
                                   gint64            seq,
                                   gboolean          fields_changed,
                                   GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if ((fields_changed && !update_locked (conn, update_fields_sql, delta, error)) ||
      (stmt = _parlance_store_prepare (conn, insert_part_sql, error)) == NULL)
    return _parlance_store_rollback (conn), FALSE;
  sqlite3_bind_int64 (stmt, 1, parlance_message_get_id (delta));
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_text (stmt, 3, parlance_message_get_content (delta), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, parlance_message_get_reasoning (delta), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  /* The message went (its conversation was deleted): said as for an update. */
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_autofree char *detail = g_strdup_printf (_("message %" G_GINT64_FORMAT),
                                                 parlance_message_get_id (delta));

      _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path, detail);
      return _parlance_store_rollback (conn), FALSE;
    }
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), _parlance_store_rollback (conn), FALSE;
  return _parlance_store_commit (conn, error);
}

/* Appends the parts of message @id, in order, to @content and @reasoning. */
gboolean
_parlance_store_db_read_parts (StoreConnection  *conn,
                               gint64            id,
                               GString          *content,
                               GString          *reasoning,
                               GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, parts_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (content, _parlance_store_column_text (stmt, 0));
      g_string_append (reasoning, _parlance_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _parlance_store_set_error (conn, rc, error);
}

static ParlanceMessageStatus
read_status (sqlite3_stmt *stmt)
{
  const char *status = _parlance_store_column_text (stmt, 8);

  if (g_strcmp0 (status, "streaming") == 0)
    {
      if (_parlance_store_writer_is_alive (_parlance_store_column_known (stmt, 22),
                                           _parlance_store_column_text (stmt, 23),
                                           _parlance_store_column_known (stmt, 24)))
        return PARLANCE_MESSAGE_STREAMING;
      return PARLANCE_MESSAGE_INTERRUPTED;
    }
  if (g_strcmp0 (status, "interrupted") == 0)
    return PARLANCE_MESSAGE_INTERRUPTED;
  if (g_strcmp0 (status, "error") == 0)
    return PARLANCE_MESSAGE_ERROR;
  return PARLANCE_MESSAGE_COMPLETE;
}

static ParlanceMessage *
read_message (StoreConnection *conn,
              sqlite3_stmt    *stmt)
{
  g_autoptr(GString) content = g_string_new (_parlance_store_column_text (stmt, 4));
  g_autoptr(GString) reasoning = g_string_new (_parlance_store_column_text (stmt, 5));
  gboolean streaming = g_strcmp0 (_parlance_store_column_text (stmt, 8), "streaming") == 0;
  ParlanceMessage *message;
  ParlanceMessageStatus status = read_status (stmt);
  const char *error = _parlance_store_column_text (stmt, 9);

  /* A part that can't be read leaves the text as far as it could be. */
  if (streaming)
    _parlance_store_db_read_parts (conn, sqlite3_column_int64 (stmt, 0), content, reasoning, NULL);
  message = parlance_message_new (role_from_string (_parlance_store_column_text (stmt, 3)),
                                  content->str);

  parlance_message_set_id (message, sqlite3_column_int64 (stmt, 0));
  parlance_message_set_parent_id (message, MAX (sqlite3_column_int64 (stmt, 1), 0));
  parlance_message_set_lane (message, (guint) CLAMP (sqlite3_column_int64 (stmt, 2), 0, G_MAXUINT));
  parlance_message_append_reasoning (message, reasoning->str);
  parlance_message_set_provider_id (message, _parlance_store_column_text (stmt, 6));
  parlance_message_set_model (message, _parlance_store_column_text (stmt, 7));
  if (error == NULL && status == PARLANCE_MESSAGE_INTERRUPTED && streaming)
    error = _parlance_store_cut_off_text ();
  parlance_message_set_status (message, status, error);
  parlance_message_set_finish_reason (message, _parlance_store_column_text (stmt, 10));
  parlance_message_set_tokens (message, _parlance_store_column_known (stmt, 11),
                               _parlance_store_column_known (stmt, 12),
                               _parlance_store_column_known (stmt, 13),
                               _parlance_store_column_known (stmt, 14));
  parlance_message_set_cost_pico (message, _parlance_store_column_known (stmt, 15));
  parlance_message_set_first_token_time (message, _parlance_store_column_known (stmt, 16));
  parlance_message_set_duration (message, _parlance_store_column_known (stmt, 17));
  parlance_message_set_created (message, sqlite3_column_int64 (stmt, 18));
  parlance_message_set_tool_calls (message, _parlance_store_column_text (stmt, 19));
  parlance_message_set_tool_call_id (message, _parlance_store_column_text (stmt, 20));
  parlance_message_set_generation_id (message, _parlance_store_column_text (stmt, 21));
  parlance_message_set_requested_model (message, _parlance_store_column_text (stmt, 25));
  parlance_message_set_provider_name (message, _parlance_store_column_text (stmt, 26));
  parlance_message_set_attempts (message, _parlance_store_column_text (stmt, 27));
  return message;
}

/* Returns: (transfer full) (element-type ParlanceMessage): the shown branch, oldest first */
GPtrArray *
_parlance_store_db_load_branch (StoreConnection  *conn,
                                gint64            conversation_id,
                                GError          **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ParlanceConversation) conversation = NULL;
  sqlite3_stmt *stmt;
  int rc;

  _parlance_store_db_settle_streaming (conn, conversation_id);
  conversation = _parlance_store_db_get_conversation (conn, conversation_id, error);
  if (conversation == NULL)
    return NULL;
  /* One snapshot: the branch and the conversation's tip can't change between two reads. */
  if (!_parlance_store_exec (conn, "BEGIN", error))
    return NULL;
  stmt = _parlance_store_prepare (conn, branch_sql, error);
  if (stmt == NULL)
    return _parlance_store_rollback (conn), NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ParlanceMessage *message = read_message (conn, stmt);

      parlance_message_set_siblings (message, (guint) sqlite3_column_int64 (stmt, 28),
                                     (guint) sqlite3_column_int64 (stmt, 29));
      g_ptr_array_add (messages, message);
    }
  sqlite3_reset (stmt);
  _parlance_store_rollback (conn);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_steal_pointer (&messages);
}

/* Returns: (transfer full) (element-type ParlanceMessage): every message, in id order */
GPtrArray *
_parlance_store_db_load_all_messages (StoreConnection  *conn,
                                      gint64            conversation_id,
                                      GError          **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ParlanceConversation) conversation = NULL;
  sqlite3_stmt *stmt;
  int rc;

  _parlance_store_db_settle_streaming (conn, conversation_id);
  if (!_parlance_store_exec (conn, "BEGIN", error))
    return NULL;
  conversation = _parlance_store_db_get_conversation (conn, conversation_id, error);
  if (conversation == NULL || (stmt = _parlance_store_prepare (conn, all_sql, error)) == NULL)
    return _parlance_store_rollback (conn), NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, read_message (conn, stmt));
  sqlite3_reset (stmt);
  _parlance_store_rollback (conn);
  if (rc != SQLITE_DONE)
    return _parlance_store_set_error (conn, rc, error), NULL;
  return g_steal_pointer (&messages);
}

/**
 * _parlance_store_message_copy_from:
 * @content_from: where in the content the copy's text starts
 * @reasoning_from: where in the reasoning the copy's reasoning starts
 *
 * Returns: (transfer full): a message with every field the store writes, for another thread
 */
ParlanceMessage *
_parlance_store_message_copy_from (ParlanceMessage *message,
                                   gsize            content_from,
                                   gsize            reasoning_from)
{
  const char *content = parlance_message_get_content (message);
  const char *reasoning = parlance_message_get_reasoning (message);
  ParlanceMessage *copy;
  gint64 tokens[4];

  g_assert (content_from <= strlen (content) && reasoning_from <= strlen (reasoning));
  copy = parlance_message_new (parlance_message_get_role (message), content + content_from);
  parlance_message_append_reasoning (copy, reasoning + reasoning_from);
  parlance_message_set_status (copy, parlance_message_get_status (message),
                               parlance_message_get_status_text (message));
  parlance_message_set_model (copy, parlance_message_get_model (message));
  parlance_message_set_id (copy, parlance_message_get_id (message));
  parlance_message_set_parent_id (copy, parlance_message_get_parent_id (message));
  parlance_message_set_lane (copy, parlance_message_get_lane (message));
  parlance_message_set_created (copy, parlance_message_get_created (message));
  parlance_message_set_provider_id (copy, parlance_message_get_provider_id (message));
  parlance_message_set_finish_reason (copy, parlance_message_get_finish_reason (message));
  parlance_message_get_tokens (message, &tokens[0], &tokens[1], &tokens[2], &tokens[3]);
  parlance_message_set_tokens (copy, tokens[0], tokens[1], tokens[2], tokens[3]);
  parlance_message_set_cost_pico (copy, parlance_message_get_cost_pico (message));
  parlance_message_set_first_token_time (copy, parlance_message_get_first_token_time (message));
  parlance_message_set_duration (copy, parlance_message_get_duration (message));
  parlance_message_set_tool_calls (copy, parlance_message_get_tool_calls (message));
  parlance_message_set_tool_call_id (copy, parlance_message_get_tool_call_id (message));
  parlance_message_set_generation_id (copy, parlance_message_get_generation_id (message));
  parlance_message_set_requested_model (copy, parlance_message_get_requested_model (message));
  parlance_message_set_provider_name (copy, parlance_message_get_provider_name (message));
  parlance_message_set_attempts (copy, parlance_message_get_attempts (message));
  return copy;
}

ParlanceMessage *
_parlance_store_message_copy (ParlanceMessage *message)
{
  return _parlance_store_message_copy_from (message, 0, 0);
}

static StoreConnection *
take (ParlanceStore  *self,
      GError        **error)
{
  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);
  return _parlance_store_shared_take (self->shared, error);
}

/**
 * parlance_store_load_branch:
 *
 * Returns: (transfer full) (element-type ParlanceMessage): the shown branch, oldest first
 */
GPtrArray *
parlance_store_load_branch (ParlanceStore  *self,
                            gint64          conversation_id,
                            GError        **error)
{
  StoreConnection *conn = take (self, error);
  GPtrArray *messages;

  if (conn == NULL)
    return NULL;
  messages = _parlance_store_db_load_branch (conn, conversation_id, error);
  _parlance_store_shared_give (self->shared, conn);
  return messages;
}

/**
 * parlance_store_add_message:
 *
 * Inserts @message (its id must be 0) under its parent, fills in its id and created time
 * (kept when already set), makes it the tip and bumps the conversation's `updated`.
 */
gboolean
parlance_store_add_message (ParlanceStore    *self,
                            gint64            conversation_id,
                            ParlanceMessage  *message,
                            GError          **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (parlance_message_get_id (message) == 0, FALSE);

  if ((conn = take (self, error)) == NULL)
    return FALSE;
  ok = _parlance_store_db_add_message (conn, conversation_id, message, error);
  _parlance_store_shared_give (self->shared, conn);
  if (ok)
    _parlance_store_shared_changed (self->shared);
  return ok;
}

/* Writes every field of a saved message; a streaming one is recorded as written by us. */
gboolean
parlance_store_update_message (ParlanceStore    *self,
                               ParlanceMessage  *message,
                               GError          **error)
{
  StoreConnection *conn;
  gboolean ok;

  g_return_val_if_fail (PARLANCE_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (parlance_message_get_id (message) > 0, FALSE);

  if ((conn = take (self, error)) == NULL)
    return FALSE;
  ok = _parlance_store_db_update_message (conn, message, error);
  _parlance_store_shared_give (self->shared, conn);
  return ok;
}

/**
 * parlance_store_load_all_messages:
 *
 * Every message of the conversation, every branch and lane, in id order (parents before their
 * children), with their parent ids: what an export writes.
 *
 * Returns: (transfer full) (element-type ParlanceMessage): the messages, or %NULL with @error
 *   set (%PARLANCE_STORE_ERROR_NOT_FOUND when there is no such conversation)
 */
GPtrArray *
parlance_store_load_all_messages (ParlanceStore  *self,
                                  gint64          conversation_id,
                                  GError        **error)
{
  StoreConnection *conn = take (self, error);
  GPtrArray *messages;

  if (conn == NULL)
    return NULL;
  messages = _parlance_store_db_load_all_messages (conn, conversation_id, error);
  _parlance_store_shared_give (self->shared, conn);
  return messages;
}
