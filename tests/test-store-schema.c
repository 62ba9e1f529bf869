/* test-store-schema.c — migrations from every older schema version, through fixtures.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/fixtures/store/vN.db is a database as version N of the schema wrote it, holding the
 * same conversation (see fill_fixture). Version 0 is an empty file. A new schema version needs
 * its fixture, made by its own code before the next version exists:
 *   _build/tests/test-store-schema --make-fixture tests/fixtures/store/vN.db
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-store-private.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

static const char *fixture_parameters = "{\"temperature\":0.5,\"future_key\":[1,2,3]}";

/* The conversation every fixture holds: a tree (an answer regenerated), settings with a key no
 * version knows, and a reply whose writer is long gone. */
static void
fill_fixture (ParlanceStore *store)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(ParlanceMessage) question = NULL;
  g_autoptr(ParlanceMessage) first = NULL;
  g_autoptr(ParlanceMessage) second = NULL;
  g_autoptr(ParlanceMessage) cut = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  sqlite3 *db;

  parlance_conversation_set_title (conversation, "Fixture");
  parlance_conversation_set_model (conversation, "some/model:free");
  parlance_conversation_set_provider_id (conversation, "openrouter");
  g_assert_true (parlance_conversation_set_parameters_json (conversation, fixture_parameters));
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  id = parlance_conversation_get_id (conversation);
  question = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_USER, "Question?");
  first = parlance_test_store_message (store, id, parlance_message_get_id (question),
                                       PARLANCE_ROLE_ASSISTANT, "First answer");
  cut = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Cut off answ");
  parlance_message_set_parent_id (cut, parlance_message_get_id (question));
  parlance_message_set_status (cut, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_set_cost_pico (cut, 12300000);
  g_assert_true (parlance_store_add_message (store, id, cut, &error));
  db = parlance_test_store_raw (parlance_store_get_path (store));
  parlance_test_store_raw_exec (db, "UPDATE messages SET writer_boot = 'a-boot-long-ago'"
                                    " WHERE status = 'streaming'");
  sqlite3_close (db);
}

/* What every version's fixture must read as, once migrated. */
static void
check_fixture (const char *path)
{
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(ParlanceStoreReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameters = NULL;
  ParlanceConversation *conversation;
  ParlanceMessage *cut;

  report = parlance_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->integrity, ==, "ok");
  g_assert_cmpint (report->schema_version, ==, PARLANCE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (report->n_messages, ==, 3);

  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  conversation = list->pdata[0];
  g_assert_cmpstr (parlance_conversation_get_title (conversation), ==, "Fixture");
  g_assert_cmpstr (parlance_conversation_get_model (conversation), ==, "some/model:free");
  g_assert_cmpuint (parlance_conversation_get_message_count (conversation), ==, 2);
  parameters = parlance_conversation_dup_parameters_json (conversation);
  g_assert_nonnull (strstr (parameters, "\"future_key\":[1,2,3]"));

  branch = parlance_store_load_branch (store, parlance_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branch->len, ==, 2);
  g_assert_cmpstr (parlance_message_get_content (branch->pdata[0]), ==, "Question?");
  cut = branch->pdata[1];
  g_assert_cmpstr (parlance_message_get_content (cut), ==, "Cut off answ");
  g_assert_cmpint (parlance_message_get_status (cut), ==, PARLANCE_MESSAGE_INTERRUPTED);
  g_assert_cmpint (parlance_message_get_cost_pico (cut), ==, 12300000);

  /* The search index holds what the database held before it had one (version 2). */
  {
    g_autoptr(GPtrArray) results = parlance_store_search (store, "answ", 0, &error);
    ParlanceSearchResult *result;

    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 2);
    g_clear_pointer (&results, g_ptr_array_unref);
    results = parlance_store_search (store, "fixt", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 1);
    result = results->pdata[0];
    g_assert_cmpint (result->message_id, ==, 0);
    g_assert_cmpint (result->conversation_id, ==, parlance_conversation_get_id (conversation));
    g_assert_cmpstr (result->snippet, ==, PARLANCE_SEARCH_MARK_START "Fixture"
                                          PARLANCE_SEARCH_MARK_END);
  }
  parlance_test_store_close (g_steal_pointer (&store));
}

static char *
fixture_path (int version)
{
  g_autofree char *name = g_strdup_printf ("v%d.db", version);

  return parlance_test_build_path ("fixtures", "store", name, NULL);
}

static int
make_fixture (const char *path)
{
  ParlanceStore *store;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  store = parlance_test_store_open (path);
  fill_fixture (store);
  /* The fixture is the database alone: closing checkpoints the WAL away. */
  g_object_unref (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_print ("wrote %s\n", path);
  return 0;
}

/* Every version up to this program's has its fixture: adding a version without one fails. */
static void
test_schema_every_version_has_a_fixture (void)
{
  for (int version = 1; version <= PARLANCE_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *path = fixture_path (version);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("%s is missing: make it with the code of schema version %d (see %s)", path,
                 version, __FILE__);
    }
}

static void
test_schema_migrate_from_each_version (void)
{
  /* Version 0: an empty file, as a new database is before its first migration. */
  {
    g_autofree char *path = parlance_test_store_path ();
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr(ParlanceStore) store = NULL;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    store = parlance_test_store_open (path);
    fill_fixture (store);
    parlance_test_store_close (g_steal_pointer (&store));
    check_fixture (path);
  }

  for (int version = 1; version <= PARLANCE_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *fixture = fixture_path (version);
      g_autofree char *path = parlance_test_store_path ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *contents = NULL;
      gsize len;

      g_test_message ("from version %d", version);
      g_assert_true (g_file_get_contents (fixture, &contents, &len, NULL));
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, contents, len, NULL));
      {
        sqlite3 *db = parlance_test_store_raw (path);

        g_assert_cmpint (parlance_test_store_raw_int (db, "PRAGMA user_version"), ==, version);
        sqlite3_close (db);
      }
      check_fixture (path);
    }
}

typedef struct
{
  const char *path;
  GError     *error;
} Opener;

static gpointer
open_thread (gpointer data)
{
  Opener *opener = data;
  ParlanceStore *store = parlance_store_open (opener->path, &opener->error);

  g_clear_object (&store);
  return NULL;
}

/* Several programs creating the same database at once: one migrates, all open it. */
static void
test_schema_concurrent_first_open (void)
{
  g_autofree char *path = parlance_test_store_path ();
  Opener openers[4];
  GThread *threads[4];
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      openers[i] = (Opener) { path, NULL };
      threads[i] = g_thread_new ("opener", open_thread, &openers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (openers[i].error);
    }
  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "PRAGMA user_version"), ==,
                   PARLANCE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM sqlite_master"
                                                    " WHERE name = 'messages'"), ==, 1);
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--make-fixture"))
    return make_fixture (argv[2]);

  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-schema/every-version-has-a-fixture",
                   test_schema_every_version_has_a_fixture);
  g_test_add_func ("/parlance/store-schema/migrate-from-each-version",
                   test_schema_migrate_from_each_version);
  g_test_add_func ("/parlance/store-schema/concurrent-first-open", test_schema_concurrent_first_open);

  return g_test_run ();
}
