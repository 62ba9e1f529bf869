/* parlance-test-store.c — what the store's tests share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-store-private.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

char *
parlance_test_store_path (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("store-%u", ++counter);

  return g_build_filename (parlance_test_get_tmp_dir (), name, "parlance.db", NULL);
}

ParlanceStore *
parlance_test_store_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

ParlanceConversation *
parlance_test_store_conversation (ParlanceStore *store,
                                  const char    *title)
{
  return parlance_test_store_conversation_at (store, title, 0);
}

/* Created as last changed at @updated (0: now); saving can't move `updated` back later. */
ParlanceConversation *
parlance_test_store_conversation_at (ParlanceStore *store,
                                     const char    *title,
                                     gint64         updated)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(GError) error = NULL;

  parlance_conversation_set_title (conversation, title);
  if (updated > 0)
    {
      parlance_conversation_set_created (conversation, updated);
      parlance_conversation_set_updated (conversation, updated);
    }
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&conversation);
}

ParlanceMessage *
parlance_test_store_message (ParlanceStore *store,
                             gint64         conversation_id,
                             gint64         parent_id,
                             ParlanceRole   role,
                             const char    *content)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (role, content);
  g_autoptr(GError) error = NULL;

  parlance_message_set_parent_id (message, parent_id);
  g_assert_true (parlance_store_add_message (store, conversation_id, message, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parlance_message_get_id (message), >, 0);
  return g_steal_pointer (&message);
}

sqlite3 *
parlance_test_store_raw (const char *path)
{
  sqlite3 *db = NULL;

  /* Its triggers write the search index, with the store's tokenizer. */
  _parlance_store_tokenizer_init ();
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

gint64
parlance_test_store_raw_int (sqlite3    *db,
                             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
parlance_test_store_raw_text (sqlite3    *db,
                              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
parlance_test_store_raw_exec (sqlite3    *db,
                              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

void
parlance_test_store_close (ParlanceStore *store)
{
  gpointer weak = store;

  /* A worker thread may drop its task, and with it the store, just after the callback ran. */
  g_object_add_weak_pointer (G_OBJECT (store), &weak);
  g_object_unref (store);
  parlance_test_wait_for (weak == NULL, 10000);
}
