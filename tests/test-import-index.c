/* test-import-index.c — an import's text indexed after its rows, in small transactions.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import writes its rows with their ids in fts_pending and indexes them right after its
 * commit (parlance-store-fts-pending.c). These tests leave a range pending, as a crash between
 * the commit and the indexing would, change its rows, and check that the index is whole
 * (FTS5's integrity-check compares it with the messages) and finds the text as it is now.
 */

#include "config.h"

#include "parlance-import-private.h"
#include "test-import-exports.h"
#include "parlance-test-import.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

static void
assert_index_whole (const char *path)
{
  sqlite3 *db = parlance_test_store_raw (path);
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (db, "INSERT INTO messages_fts (messages_fts, rank)"
                         " VALUES ('integrity-check', 1);"
                         "INSERT INTO titles_fts (titles_fts, rank)"
                         " VALUES ('integrity-check', 1)", NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM fts_pending"), ==, 0);
  sqlite3_close (db);
}

static guint
count_results (ParlanceStore *store,
               const char    *query)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = parlance_store_search (store, query, 0, &error);
  g_assert_no_error (error);
  return results->len;
}

/* Imports CLAUDE_EXPORT, its text left pending when @pending. */
static void
import_claude (ParlanceStore *store,
               gboolean       pending)
{
  g_autofree char *json = g_strdelimit (g_strdup (CLAUDE_EXPORT), "'", '"');
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  _parlance_import_skip_indexing = pending;
  summary = parlance_test_import_text (store, "conversations.json", json, &error);
  _parlance_import_skip_indexing = FALSE;
  g_assert_no_error (error);
  g_assert_cmpint (summary->imported_messages, ==, 2);
}

static gint64
pending_ranges (const char *path)
{
  sqlite3 *db = parlance_test_store_raw (path);
  gint64 n = parlance_test_store_raw_int (db, "SELECT count(*) FROM fts_pending");

  sqlite3_close (db);
  return n;
}

/* The import indexes its text itself: a search right after finds it, and nothing is pending. */
static void
test_import_index_after_import (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);

  /* A message written before: its id is below the import's range. */
  g_autoptr(ParlanceConversation) before = parlance_test_store_conversation (store, "Before");
  g_autoptr(ParlanceMessage) m = parlance_test_store_message (store,
                                                              parlance_conversation_get_id (before),
                                                              0, PARLANCE_ROLE_USER,
                                                              "tadpole pond");

  import_claude (store, FALSE);
  g_assert_cmpint (pending_ranges (path), ==, 0);
  assert_index_whole (path);
  g_assert_cmpuint (count_results (store, "frog"), ==, 1);
  g_assert_cmpuint (count_results (store, "tadpole"), ==, 1);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Deleting never-indexed rows must not ask the index to forget them. */
static void
test_import_index_delete_pending (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gint64 id;

  import_claude (store, TRUE);
  g_assert_cmpint (pending_ranges (path), ==, 1);
  db = parlance_test_store_raw (path);
  id = parlance_test_store_raw_int (db, "SELECT id FROM conversations WHERE title = 'Poems'");
  sqlite3_close (db);
  g_assert_true (parlance_store_delete_conversation (store, id, &error));
  g_assert_no_error (error);

  g_assert_true (_parlance_store_index_pending (store, NULL, &error));
  g_assert_no_error (error);
  assert_index_whole (path);
  g_assert_cmpuint (count_results (store, "frog"), ==, 0);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A pending message changed: indexed once, with its text as it is when the catch-up runs. */
static void
test_import_index_update_pending (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  import_claude (store, TRUE);
  db = parlance_test_store_raw (path);
  parlance_test_store_raw_exec (db, "UPDATE messages SET content = 'Write a limerick'"
                                    " WHERE content = 'Write a haiku'");
  sqlite3_close (db);

  g_assert_true (_parlance_store_index_pending (store, NULL, &error));
  g_assert_no_error (error);
  assert_index_whole (path);
  g_assert_cmpuint (count_results (store, "limerick"), ==, 1);
  g_assert_cmpuint (count_results (store, "haiku"), ==, 0);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A crash between the import's commit and its indexing: the next opening indexes the rest. */
static void
test_import_index_crash (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);

  import_claude (store, TRUE);
  parlance_test_store_close (g_steal_pointer (&store));
  g_assert_cmpint (pending_ranges (path), ==, 1);

  store = parlance_test_store_open (path);
  g_assert_cmpint (pending_ranges (path), ==, 0);
  assert_index_whole (path);
  g_assert_cmpuint (count_results (store, "frog"), ==, 1);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A search finishes what is pending first (the CLI searches right after it opens). */
static void
test_import_index_search_catches_up (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);

  import_claude (store, TRUE);
  g_assert_cmpint (pending_ranges (path), ==, 1);
  g_assert_cmpuint (count_results (store, "frog"), ==, 1);
  assert_index_whole (path);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* More than a batch (2,000), with a gap where messages were deleted while pending: every batch
 * indexes its part, once. */
static void
test_import_index_batches (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) c = parlance_test_store_conversation (store, "Many");
  g_autofree char *sql = NULL;
  sqlite3 *db;

  parlance_test_store_close (g_steal_pointer (&store));
  db = parlance_test_store_raw (path);
  /* As an import writes them (parlance-store-fts-pending.c). */
  sql = g_strdup_printf (
    "BEGIN IMMEDIATE;"
    "INSERT INTO fts_pending (first_id, last_id) VALUES"
    " (coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0) + 1,"
    "  9223372036854775807);"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4500)"
    " INSERT INTO messages (conversation_id, depth, role, content, created)"
    " SELECT %" G_GINT64_FORMAT ", 1, 'user', 'salamander number ' || i, i FROM n;"
    "UPDATE fts_pending SET last_id = (SELECT seq FROM sqlite_sequence WHERE name = 'messages')"
    " WHERE last_id = 9223372036854775807;"
    "COMMIT;"
    "DELETE FROM messages WHERE content LIKE 'salamander number 19%%';",
    parlance_conversation_get_id (c));
  parlance_test_store_raw_exec (db, sql);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM fts_pending"), ==, 1);
  sqlite3_close (db);

  store = parlance_test_store_open (path);
  assert_index_whole (path);
  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages_fts"
                                                    " WHERE messages_fts MATCH 'salamander'"),
                   ==, 4500 - 111);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/import-index/after-import", test_import_index_after_import);
  g_test_add_func ("/parlance/import-index/delete-pending", test_import_index_delete_pending);
  g_test_add_func ("/parlance/import-index/update-pending", test_import_index_update_pending);
  g_test_add_func ("/parlance/import-index/crash", test_import_index_crash);
  g_test_add_func ("/parlance/import-index/search-catches-up",
                   test_import_index_search_catches_up);
  g_test_add_func ("/parlance/import-index/batches", test_import_index_batches);
  return g_test_run ();
}
