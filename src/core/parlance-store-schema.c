/* parlance-store-schema.c — the schema, one migration function per version.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Version 1 holds what the next issues need, so they add columns, indexes, triggers and tables
 * but never rewrite one: message trees with lanes, tool calls, usage and exact costs, the parts
 * a streaming reply is written in, attachments deduplicated by hash, the source ids that make
 * imports idempotent, and the requests the rate budgets count. No CHECK constraints: a new role or status would otherwise
 * need a table rewrite; the code checks values instead.
 *
 * A migration to version N runs when user_version is N - 1, inside the one transaction that
 * then sets user_version to N: a crash half-way leaves the old version, never a mix.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-store-private.h"

typedef gboolean (*Migration) (StoreConnection  *conn,
                               GError          **error);

/* Times are microseconds since the epoch (UTC); NULL numbers are unknown. Ids are never reused
 * (AUTOINCREMENT), so an id a window or a CLI still holds can't name a newer conversation. */
static const char schema_v1[] =
  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  provider_id TEXT,"
  "  model TEXT,"
  "  system_prompt TEXT,"
  "  parameters TEXT NOT NULL DEFAULT '{}',"   /* JSON object */
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  tip_id INTEGER,"                           /* kept by the store; no key: deletes stay fast */
  "  source TEXT,"                              /* an import's origin ('chatgpt', 'claude'…) */
  "  source_id TEXT"                            /* and its id there */
  ");"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  parent_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,"
  "  depth INTEGER NOT NULL,"                   /* 1 for a root: a branch's length at its tip */
  "  lane INTEGER NOT NULL DEFAULT 0,"
  "  role TEXT NOT NULL,"                       /* system, user, assistant, tool */
  "  content TEXT NOT NULL DEFAULT '',"
  "  reasoning TEXT,"
  "  provider_id TEXT,"
  "  model TEXT,"
  "  status TEXT NOT NULL DEFAULT 'complete',"  /* complete, streaming, interrupted, error */
  "  error TEXT,"
  "  finish_reason TEXT,"
  "  tokens_in INTEGER,"
  "  tokens_out INTEGER,"
  "  tokens_reasoning INTEGER,"
  "  tokens_cached INTEGER,"
  "  cost_pico INTEGER,"                        /* 10^-12 USD, exact */
  "  first_token_us INTEGER,"
  "  duration_us INTEGER,"
  "  created INTEGER NOT NULL,"
  "  tool_calls TEXT,"                          /* JSON array */
  "  tool_call_id TEXT,"
  "  generation_id TEXT,"
  "  writer_pid INTEGER,"                       /* who streams it: pid, boot id, start time */
  "  writer_boot TEXT,"
  "  writer_start INTEGER,"
  "  source TEXT,"
  "  source_id TEXT"
  ");"
  /* The batches of a reply while it streams, appended; merged into the message when it ends. */
  "CREATE TABLE message_parts ("
  "  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL,"
  "  content TEXT NOT NULL DEFAULT '',"
  "  reasoning TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (message_id, seq)"
  ");"
  "CREATE TABLE blobs ("
  "  sha256 TEXT PRIMARY KEY,"                  /* lower-case hex */
  "  size INTEGER NOT NULL,"
  "  data BLOB NOT NULL"
  ");"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  mime_type TEXT,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL REFERENCES blobs (sha256)"
  ");"
  /* One row per request sent, for the rate budgets and the usage page (issue #14). */
  "CREATE TABLE requests ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at INTEGER NOT NULL,"
  "  provider_id TEXT NOT NULL,"
  "  model TEXT,"                               /* the model that answered, else the one asked */
  "  requested_model TEXT,"
  "  budget_group TEXT,"                        /* limits shared by several models */
  "  status INTEGER,"                           /* HTTP status; NULL when no answer came */
  "  error_kind TEXT,"
  "  tokens_in INTEGER,"
  "  tokens_out INTEGER,"
  "  tokens_reasoning INTEGER,"
  "  tokens_cached INTEGER,"
  "  cost_pico INTEGER,"
  "  generation_id TEXT,"
  "  message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL"  /* usage outlives chats */
  ");"
  "CREATE INDEX conversations_list ON conversations (archived, updated);"
  "CREATE UNIQUE INDEX conversations_source ON conversations (source, source_id)"
  "  WHERE source IS NOT NULL;"
  "CREATE INDEX messages_conversation ON messages (conversation_id);"
  "CREATE INDEX messages_parent ON messages (parent_id);"
  "CREATE INDEX messages_streaming ON messages (conversation_id) WHERE status = 'streaming';"
  "CREATE UNIQUE INDEX messages_source ON messages (conversation_id, source, source_id)"
  "  WHERE source IS NOT NULL;"
  "CREATE INDEX attachments_message ON attachments (message_id);"
  "CREATE INDEX attachments_blob ON attachments (sha256);"
  "CREATE INDEX requests_budget ON requests (provider_id, budget_group, at);"
  "CREATE INDEX requests_at ON requests (at);"
  "CREATE INDEX requests_message ON requests (message_id);";

static gboolean
migrate_to_v1 (StoreConnection  *conn,
               GError          **error)
{
  return _parlance_store_exec (conn, schema_v1, error);
}

/* Version 2: the search index (issue #12). External content: the index holds the words, the
 * text stays in messages and conversations; the triggers keep it in step (a delete must give
 * the text that was indexed). The "parlance" tokenizer is unicode61 with CJK characters one a
 * token (parlance-store-tokenizer.c). Prefix indexes make the first letters typed fast. */
static const char schema_v2[] =
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  content, content = 'messages', content_rowid = 'id',"
  "  tokenize = 'parlance remove_diacritics 2', prefix = '1 2 3');"
  "CREATE VIRTUAL TABLE titles_fts USING fts5 ("
  "  title, content = 'conversations', content_rowid = 'id',"
  "  tokenize = 'parlance remove_diacritics 2', prefix = '1 2 3');"
  /* Messages not indexed yet: an import writes its rows first and indexes them right after,
   * in small transactions (parlance-store-fts-pending.c). While it writes, its range is open
   * (last_id the largest id) and no other connection sees it. A row in a range was never
   * indexed: deleting it from the index would corrupt it, and the catch-up indexes its text as
   * it is then. Ids are never reused, so a later message is never in a range. */
  "CREATE TABLE fts_pending ("
  "  first_id INTEGER NOT NULL,"
  "  last_id INTEGER NOT NULL"
  ");"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages"
  "  WHEN NOT EXISTS (SELECT 1 FROM fts_pending"
  "                   WHERE new.id BETWEEN first_id AND last_id) BEGIN"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  " END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages"
  "  WHEN NOT EXISTS (SELECT 1 FROM fts_pending"
  "                   WHERE old.id BETWEEN first_id AND last_id) BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content)"
  "   VALUES ('delete', old.id, old.content);"
  " END;"
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages"
  "  WHEN old.content IS NOT new.content"
  "   AND NOT EXISTS (SELECT 1 FROM fts_pending"
  "                   WHERE old.id BETWEEN first_id AND last_id) BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content)"
  "   VALUES ('delete', old.id, old.content);"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  " END;"
  "CREATE TRIGGER titles_fts_insert AFTER INSERT ON conversations BEGIN"
  "  INSERT INTO titles_fts (rowid, title) VALUES (new.id, new.title);"
  " END;"
  "CREATE TRIGGER titles_fts_delete AFTER DELETE ON conversations BEGIN"
  "  INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);"
  " END;"
  "CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON conversations"
  "  WHEN old.title IS NOT new.title BEGIN"
  "  INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);"
  "  INSERT INTO titles_fts (rowid, title) VALUES (new.id, new.title);"
  " END;"
  /* The rows a version 1 database already holds. */
  "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');"
  "INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');";

static gboolean
migrate_to_v2 (StoreConnection  *conn,
               GError          **error)
{
  return _parlance_store_exec (conn, schema_v2, error);
}

/* Version 3: what a reply another model of the fallback chain gave keeps (issue #14): the model
 * asked first, the upstream provider that answered (from the response), and the models that
 * failed before as a JSON array. NULL on every older row: no fallback. */
static const char schema_v3[] =
  "ALTER TABLE messages ADD COLUMN requested_model TEXT;"
  "ALTER TABLE messages ADD COLUMN provider_name TEXT;"
  "ALTER TABLE messages ADD COLUMN attempts TEXT;";

static gboolean
migrate_to_v3 (StoreConnection  *conn,
               GError          **error)
{
  return _parlance_store_exec (conn, schema_v3, error);
}

/* Version 4: the limits providers announced (issue #14), kept across restarts for the rate
 * budgets (parlance-rate-budget.c): one row per provider, budget group and window ("minute",
 * "day", "minute_tokens"); NULL numbers are what the provider did not say. */
static const char schema_v4[] =
  "CREATE TABLE rate_limits ("
  "  provider_id TEXT NOT NULL,"
  "  budget_group TEXT NOT NULL,"
  "  window TEXT NOT NULL,"
  "  quota INTEGER,"                            /* the limit */
  "  remaining INTEGER,"
  "  reset_at INTEGER,"
  "  learned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (provider_id, budget_group, window)"
  ");";

static gboolean
migrate_to_v4 (StoreConnection  *conn,
               GError          **error)
{
  return _parlance_store_exec (conn, schema_v4, error);
}

/* migrations[N - 1] takes a database from version N - 1 to N. */
static const Migration migrations[] = {
  migrate_to_v1,
  migrate_to_v2,
  migrate_to_v3,
  migrate_to_v4,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PARLANCE_STORE_SCHEMA_VERSION);

/* The version is read again inside the write transaction: another process may have migrated
 * the database since it was first read. */
static gboolean
migrate_locked (StoreConnection  *conn,
                GError          **error)
{
  gint64 version = _parlance_store_query_int (conn, "PRAGMA user_version", error);

  if (version < 0)
    return FALSE;
  if (version > PARLANCE_STORE_SCHEMA_VERSION)
    {
      g_autofree char *detail =
        g_strdup_printf (_("it uses schema version %d; this version of Parlance reads up to %d"),
                         (int) MIN (version, G_MAXINT), PARLANCE_STORE_SCHEMA_VERSION);

      _parlance_store_set_error_literal (error, PARLANCE_STORE_ERROR_NEWER, conn->path, detail);
      return FALSE;
    }
  for (; version < PARLANCE_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", (int) version + 1);

      if (!migrations[version] (conn, error) || !_parlance_store_exec (conn, sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _parlance_store_migrate:
 *
 * Brings @conn's database to %PARLANCE_STORE_SCHEMA_VERSION, or fails with
 * %PARLANCE_STORE_ERROR_NEWER, changing nothing, when it is newer.
 */
gboolean
_parlance_store_migrate (StoreConnection  *conn,
                         GError          **error)
{
  gint64 version = _parlance_store_query_int (conn, "PRAGMA user_version", error);

  if (version < 0)
    return FALSE;
  if (version == PARLANCE_STORE_SCHEMA_VERSION)
    return TRUE;
  /* Newer: said before anything (even the write lock) touches the file. */
  if (version > PARLANCE_STORE_SCHEMA_VERSION)
    return migrate_locked (conn, error);

  if (!_parlance_store_begin (conn, error))
    return FALSE;
  if (!migrate_locked (conn, error))
    {
      _parlance_store_rollback (conn);
      return FALSE;
    }
  return _parlance_store_commit (conn, error);
}
