/* test-cli-doctor.c — `parlance-cli doctor`, and what every command does with a database it
 * can't use (newer, damaged, not a database at all): a clear message, its own exit status, the
 * file left as it was.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "parlance-test-cli-store.h"

static void
make_folder (StoreFixture *f)
{
  g_autofree char *folder = g_path_get_dirname (f->db_path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
}

static void
chat_once (StoreFixture *f,
           const char   *reply)
{
  g_autoptr(FakeResponse) response = queue_text_reply (f, reply, NULL);
  g_autoptr(Run) run = store_run (f, ARGS ("chat", "Hello"));

  g_assert_cmpint (run->status, ==, 0);
}

static void
test_doctor_ok (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonObject *report;
  int status;

  /* Nothing saved yet: nothing wrong, and no database made to say so. */
  run = store_run (f, ARGS ("doctor"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "No database yet");
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, run_free);

  chat_once (f, "One.");
  chat_once (f, "Two.");

  run = store_run (f, ARGS ("doctor"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, f->db_path);
  g_assert_true (g_regex_match_simple ("^Integrity: +ok$", run->out->str, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Conversations: +2$", run->out->str, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Messages: +4$", run->out->str, G_REGEX_MULTILINE, 0));
  {
    g_autofree char *version = g_strdup_printf ("^Schema version: +%d ", PARLANCE_STORE_SCHEMA_VERSION);

    g_assert_true (g_regex_match_simple (version, run->out->str, G_REGEX_MULTILINE, 0));
  }

  report = run_doctor (f, parser, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (report, "ok"));
  g_assert_cmpstr (json_object_get_string_member (report, "integrity"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (report, "schema_version"), ==, PARLANCE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (json_object_get_int_member (report, "conversations"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "messages"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (report, "interrupted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "database_bytes"), >, 0);
}

/* Every command on the same broken database: its own status, the file untouched. */
static void
assert_refused (StoreFixture *f,
                const char   *hint)
{
  static const char *commands[][5] = {
    { "chat", "hi" },
    { "chat", "-c", "hi" },
    { "chats" },
    { "chats", "show", "1" },
    { "chats", "rename", "1", "Title" },
    { "chats", "delete", "1" },
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_true (g_file_get_contents (f->db_path, &before, &before_len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = store_run (f, commands[i]);

      g_assert_cmpint (run->status, ==, 11);
      g_assert_cmpstr (run->out->str, ==, "");
      assert_contains (run->err->str, hint);
      /* A sentence, not a crash or an SQLite code alone. */
      g_assert_null (strstr (run->err->str, "CRITICAL"));
      g_assert_null (strstr (run->err->str, "WARNING"));
    }
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 0);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(Run) run = store_run (f, ARGS ("doctor"));
    JsonObject *report;
    int status;

    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->err->str, !=, "");
    report = run_doctor (f, parser, &status);
    g_assert_cmpint (status, ==, 1);
    g_assert_false (json_object_get_boolean_member (report, "ok"));
    g_assert_cmpstr (json_object_get_string_member (report, "error"), !=, "");
  }

  /* Never replaced, never "repaired" behind the user's back. */
  g_assert_true (g_file_get_contents (f->db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_garbage (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);

  make_folder (f);
  for (guint i = 0; i < 1000; i++)
    g_string_append (garbage, "This is not a database. ");
  g_assert_true (g_file_set_contents (f->db_path, garbage->str, garbage->len, NULL));
  assert_refused (f, "parlance-cli doctor");
}

static void
test_newer (StoreFixture  *f,
            gconstpointer  data)
{
  sqlite3 *db = NULL;

  make_folder (f);
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (f, "Update Parlance");
}

/* A real database with pages overwritten: doctor finds it out. */
static void
test_damaged (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GString) long_reply = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *report;
  gsize len, page_size;
  int status;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (long_reply, "word%u ", i);
  chat_once (f, long_reply->str);
  chat_once (f, long_reply->str);

  /* Everything into the database file, then pages past the first damaged. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (g_file_get_contents (f->db_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  /* The start of every page but the first: b-tree page headers, overflow page links. */
  page_size = ((guint8) contents[16] << 8) | (guint8) contents[17];
  g_assert_cmpuint (page_size, >=, 512);
  for (gsize i = page_size; i + 4 <= len; i += page_size)
    memcpy (contents + i, "\xde\xad\xbe\xef", 4);
  g_assert_true (g_file_set_contents (f->db_path, contents, len, NULL));

  run = store_run (f, ARGS ("doctor"));
  g_assert_cmpint (run->status, ==, 1);
  report = run_doctor (f, parser, &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_false (json_object_get_boolean_member (report, "ok"));
}

/* A database and folder that can't be written: as root, the CLI runs in a user namespace of
 * its own (unshare -U), where root's privileges are gone and the owner's permissions apply. */
static void
test_read_only (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (f->db_path);
  const char *real_cli = cli_path;
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) probe = NULL;

  chat_once (f, "Kept.");
  if (geteuid () == 0)
    {
      if (!g_file_test ("/usr/bin/unshare", G_FILE_TEST_IS_EXECUTABLE))
        {
          g_test_skip ("running as root, without unshare to drop it");
          return;
        }
      cli_path = "/usr/bin/unshare";
      probe = store_run (f, ARGS ("-U", "true"));
      if (probe->status != 0)
        {
          cli_path = real_cli;
          g_test_skip ("running as root, and no user namespace to drop it in");
          return;
        }
    }

  g_assert_cmpint (g_chmod (f->db_path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  run = cli_path == real_cli ? store_run (f, ARGS ("chat", "hi"))
                             : store_run (f, ARGS ("-U", real_cli, "chat", "hi"));
  cli_path = real_cli;
  g_chmod (folder, 0700);
  g_chmod (f->db_path, 0600);

  g_assert_cmpint (run->status, ==, 11);
  assert_contains (run->err->str, "can't be written");
  assert_contains (run->err->str, "To chat without saving meanwhile, use --ephemeral.");
  g_assert_cmpstr (run->out->str, ==, "");
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);
}

static void
test_help (StoreFixture  *f,
           gconstpointer  data)
{
  static const char *helps[][3] = {
    { "chats", "--help" },
    { "chats", "show", "--help" },
    { "doctor", "--help" },
  };
  g_autoptr(Run) run = store_run (f, ARGS ("--help"));

  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 11; i <= 12; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %3u  ", i);
      assert_contains (run->out->str, line);
    }
  assert_contains (run->out->str, "chats show ID");
  assert_contains (run->out->str, "doctor");
  assert_contains (run->out->str, "--continue ID");
  assert_contains (run->out->str, "--ephemeral");
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chat", "--help"));
  assert_contains (run->out->str, "--new");
  assert_contains (run->out->str, "--continue=ID");
  assert_contains (run->out->str, "-c, --continue-latest");
  assert_contains (run->out->str, "--ephemeral");
  assert_contains (run->out->str, "Saved as conversation");
  g_clear_pointer (&run, run_free);

  for (guint i = 0; i < G_N_ELEMENTS (helps); i++)
    {
      run = store_run (f, helps[i]);
      g_assert_cmpint (run->status, ==, 0);
      assert_contains (run->out->str, "Exit status");
      g_clear_pointer (&run, run_free);
    }
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/doctor/ok", test_doctor_ok);
  add_store_test ("/parlance/cli/doctor/garbage", test_garbage);
  add_store_test ("/parlance/cli/doctor/newer", test_newer);
  add_store_test ("/parlance/cli/doctor/damaged", test_damaged);
  add_store_test ("/parlance/cli/doctor/read-only", test_read_only);
  add_store_test ("/parlance/cli/doctor/help", test_help);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
