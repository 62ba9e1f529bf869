/* parlance-store-export.c — a conversation's rows read into Parlance's export format.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Straight from the rows, not through ParlanceMessage: the format keeps what the objects don't
 * hold (source ids, attachments, every branch). Members that are unknown (NULL) are left out.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-export-private.h"
#include "parlance-json.h"

static const char ids_sql[] = "SELECT id FROM conversations ORDER BY id";
static const char conversation_sql[] =
  "SELECT id, title, created, updated, provider_id, model, system_prompt, parameters, pinned,"
  " archived, tip_id, source, source_id FROM conversations WHERE id = ?1";
static const char messages_sql[] =
  "SELECT id, parent_id, lane, role, content, reasoning, status, error, provider_id, model,"
  " finish_reason, tokens_in, tokens_out, tokens_reasoning, tokens_cached, cost_pico,"
  " first_token_us, duration_us, created, tool_calls, tool_call_id, generation_id, source,"
  " source_id, writer_pid, writer_boot, writer_start, requested_model, provider_name, attempts"
  " FROM messages WHERE conversation_id = ?1 ORDER BY id";
static const char attachments_sql[] =
  "SELECT a.name, a.mime_type, a.size, a.sha256, b.data FROM attachments a"
  " LEFT JOIN blobs b ON b.sha256 = a.sha256 WHERE a.message_id = ?1 ORDER BY a.id";

enum {
  M_ID, M_PARENT, M_LANE, M_ROLE, M_CONTENT, M_REASONING, M_STATUS, M_ERROR, M_PROVIDER,
  M_MODEL, M_FINISH, M_TOKENS_IN, M_TOKENS_OUT, M_TOKENS_REASONING, M_TOKENS_CACHED, M_COST,
  M_FIRST_TOKEN, M_DURATION, M_CREATED, M_TOOL_CALLS, M_TOOL_CALL_ID, M_GENERATION, M_SOURCE,
  M_SOURCE_ID, M_WRITER_PID, M_WRITER_BOOT, M_WRITER_START, M_REQUESTED_MODEL, M_PROVIDER_NAME,
  M_ATTEMPTS,
};

char *
_parlance_export_format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = NULL;

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00.000000Z");
  exact = g_date_time_add (time, usec % G_USEC_PER_SEC);
  return g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Returns: (transfer full): the ids, oldest first */
GArray *
_parlance_store_export_list_ids (StoreConnection  *conn,
                                 GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, ids_sql, error);

  return stmt != NULL ? _parlance_store_step_ids (conn, stmt, error) : NULL;
}

static void
add_text (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          int           column,
          const char   *name)
{
  const char *text = _parlance_store_column_text (stmt, column);

  if (text == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_int (JsonBuilder  *builder,
         sqlite3_stmt *stmt,
         int           column,
         const char   *name)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

static void
add_time (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          int           column,
          const char   *name)
{
  g_autofree char *text = _parlance_export_format_time (sqlite3_column_int64 (stmt, column));

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

/* A JSON column as itself when it parses, as its text when it doesn't (lossless either way). */
static void
add_json (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          int           column,
          const char   *name)
{
  const char *text = _parlance_store_column_text (stmt, column);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL)
    return;
  json_builder_set_member_name (builder, name);
  if (parlance_json_parser_load (parser, text, strlen (text), NULL) &&
      json_parser_get_root (parser) != NULL)
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_string_value (builder, text);
}

static void
add_tokens (JsonBuilder  *builder,
            sqlite3_stmt *stmt)
{
  static const char *names[] = { "in", "out", "reasoning", "cached" };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    any |= sqlite3_column_type (stmt, M_TOKENS_IN + i) != SQLITE_NULL;
  if (!any)
    return;
  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_int (builder, stmt, M_TOKENS_IN + i, names[i]);
  json_builder_end_object (builder);
}

static gboolean
add_attachments (StoreConnection  *conn,
                 JsonBuilder      *builder,
                 gint64            message_id,
                 GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, attachments_sql, error);
  gboolean any = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guchar *data = sqlite3_column_blob (stmt, 4);
      g_autofree char *base64 = g_base64_encode (data, sqlite3_column_bytes (stmt, 4));

      if (!any)
        {
          json_builder_set_member_name (builder, "attachments");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      json_builder_begin_object (builder);
      add_text (builder, stmt, 0, "name");
      add_text (builder, stmt, 1, "mime_type");
      add_int (builder, stmt, 2, "size");
      add_text (builder, stmt, 3, "sha256");
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, base64);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (any)
    json_builder_end_array (builder);
  return rc == SQLITE_DONE || _parlance_store_set_error (conn, rc, error);
}

/* A reply still streaming: its text is the row's and its parts'; if its writer is gone, it
 * reads as interrupted, as the store's own reads say it. */
static void
add_text_and_status (StoreConnection *conn,
                     JsonBuilder     *builder,
                     sqlite3_stmt    *stmt)
{
  g_autoptr(GString) content = g_string_new (_parlance_store_column_text (stmt, M_CONTENT));
  const char *reasoning = _parlance_store_column_text (stmt, M_REASONING);
  g_autoptr(GString) more_reasoning = g_string_new (reasoning);
  const char *status = _parlance_store_column_text (stmt, M_STATUS);
  const char *error = _parlance_store_column_text (stmt, M_ERROR);

  if (g_strcmp0 (status, "streaming") == 0)
    {
      _parlance_store_db_read_parts (conn, sqlite3_column_int64 (stmt, M_ID), content,
                                     more_reasoning, NULL);
      if (!_parlance_store_writer_is_alive (_parlance_store_column_known (stmt, M_WRITER_PID),
                                            _parlance_store_column_text (stmt, M_WRITER_BOOT),
                                            _parlance_store_column_known (stmt, M_WRITER_START)))
        {
          status = "interrupted";
          if (error == NULL)
            error = _parlance_store_cut_off_text ();
        }
    }
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content->str);
  if (reasoning != NULL || more_reasoning->len > 0)
    {
      json_builder_set_member_name (builder, "reasoning");
      json_builder_add_string_value (builder, more_reasoning->str);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status != NULL ? status : "complete");
  if (error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error);
    }
}

static gboolean
add_message (StoreConnection  *conn,
             JsonBuilder      *builder,
             sqlite3_stmt     *stmt,
             GError          **error)
{
  json_builder_begin_object (builder);
  add_int (builder, stmt, M_ID, "id");
  json_builder_set_member_name (builder, "parent");
  if (sqlite3_column_type (stmt, M_PARENT) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, M_PARENT));
  add_int (builder, stmt, M_LANE, "lane");
  add_text (builder, stmt, M_ROLE, "role");
  add_text_and_status (conn, builder, stmt);
  add_text (builder, stmt, M_PROVIDER, "provider_id");
  add_text (builder, stmt, M_MODEL, "model");
  /* A reply another model of the fallback chain gave (schema version 3). */
  add_text (builder, stmt, M_REQUESTED_MODEL, "requested_model");
  add_text (builder, stmt, M_PROVIDER_NAME, "provider_name");
  add_json (builder, stmt, M_ATTEMPTS, "attempts");
  add_text (builder, stmt, M_FINISH, "finish_reason");
  add_tokens (builder, stmt);
  if (sqlite3_column_type (stmt, M_COST) != SQLITE_NULL)
    {
      g_autofree char *cost = parlance_cost_pico_to_string (sqlite3_column_int64 (stmt, M_COST));

      json_builder_set_member_name (builder, "cost");
      json_builder_add_string_value (builder, cost);
    }
  add_int (builder, stmt, M_FIRST_TOKEN, "first_token_us");
  add_int (builder, stmt, M_DURATION, "duration_us");
  add_time (builder, stmt, M_CREATED, "created");
  add_json (builder, stmt, M_TOOL_CALLS, "tool_calls");
  add_text (builder, stmt, M_TOOL_CALL_ID, "tool_call_id");
  add_text (builder, stmt, M_GENERATION, "generation_id");
  add_text (builder, stmt, M_SOURCE, "source");
  add_text (builder, stmt, M_SOURCE_ID, "source_id");
  if (!add_attachments (conn, builder, sqlite3_column_int64 (stmt, M_ID), error))
    return FALSE;
  json_builder_end_object (builder);
  return TRUE;
}

static gboolean
add_messages (StoreConnection  *conn,
              JsonBuilder      *builder,
              gint64            id,
              GError          **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, messages_sql, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  sqlite3_bind_int64 (stmt, 1, id);
  /* Ids grow, and a parent is older than its child: id order puts parents first. */
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ok = add_message (conn, builder, stmt, error);
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (!ok)
    return FALSE;
  return rc == SQLITE_DONE || _parlance_store_set_error (conn, rc, error);
}

static void
add_conversation_fields (JsonBuilder  *builder,
                         sqlite3_stmt *stmt)
{
  add_int (builder, stmt, 0, "id");
  add_text (builder, stmt, 1, "title");
  add_time (builder, stmt, 2, "created");
  add_time (builder, stmt, 3, "updated");
  add_text (builder, stmt, 4, "provider_id");
  add_text (builder, stmt, 5, "model");
  add_text (builder, stmt, 6, "system_prompt");
  add_json (builder, stmt, 7, "parameters");
  json_builder_set_member_name (builder, "pinned");
  json_builder_add_boolean_value (builder, sqlite3_column_int64 (stmt, 8) != 0);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, sqlite3_column_int64 (stmt, 9) != 0);
  add_int (builder, stmt, 10, "tip");
  add_text (builder, stmt, 11, "source");
  add_text (builder, stmt, 12, "source_id");
}

/**
 * _parlance_store_export_conversation:
 *
 * Reads conversation @id with every message and attachment. Call it inside a read transaction
 * so that the conversation and its messages are one snapshot.
 *
 * Returns: (transfer full) (nullable): an object node, or %NULL with @error set
 */
JsonNode *
_parlance_store_export_conversation (StoreConnection  *conn,
                                     gint64            id,
                                     GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = _parlance_store_prepare (conn, conversation_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_autofree char *detail = g_strdup_printf (_("conversation %" G_GINT64_FORMAT), id);

          _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NOT_FOUND, conn->path,
                                             detail);
        }
      else
        _parlance_store_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  json_builder_begin_object (builder);
  add_conversation_fields (builder, stmt);
  sqlite3_reset (stmt);
  if (!add_messages (conn, builder, id, error))
    return NULL;
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
