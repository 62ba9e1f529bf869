/* test-store-failures.c — ParlanceStore when things go wrong: a newer, garbage, damaged,
 * foreign, read-only, full or locked database; failed writes kept and retried.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parlance-store-private.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

/* Creates @path's folder and writes @len bytes of @data there. */
static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, data, len, &error));
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  return g_bytes_new_take (contents, len);
}

/* Opening @path fails with @code, names the file, and leaves its bytes as they were. */
static void
assert_open_fails_untouched (const char *path,
                             int         code)
{
  g_autoptr(GBytes) before = read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, PARLANCE_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_failures_newer_version (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                          PARLANCE_STORE_SCHEMA_VERSION + 1);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db = parlance_test_store_raw (path);
  parlance_test_store_raw_exec (db, "CREATE TABLE future (x); INSERT INTO future VALUES (1)");
  parlance_test_store_raw_exec (db, sql);
  sqlite3_close (db);

  assert_open_fails_untouched (path, PARLANCE_STORE_ERROR_NEWER);
  /* Still the rollback journal it had: WAL was not switched on either. */
  db = parlance_test_store_raw (path);
  {
    g_autofree char *mode = parlance_test_store_raw_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "delete");
  }
  g_assert_cmpint (parlance_test_store_raw_int (db, "PRAGMA user_version"), ==,
                   PARLANCE_STORE_SCHEMA_VERSION + 1);
  sqlite3_close (db);
}

static void
test_failures_garbage_file (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autofree char *noise = g_malloc (20000);
  g_autofree char *damaged = NULL;

  for (guint i = 0; i < 20000; i++)
    noise[i] = (char) g_test_rand_int_range (0, 256);
  write_file (path, noise, 20000);
  assert_open_fails_untouched (path, PARLANCE_STORE_ERROR_CORRUPT);

  write_file (path, "Hello, I am a text file.\n", -1);
  assert_open_fails_untouched (path, PARLANCE_STORE_ERROR_CORRUPT);

  /* A real header over noise: damaged, not a crash. */
  memcpy (noise, "SQLite format 3", 16);
  write_file (path, noise, 20000);
  assert_open_fails_untouched (path, PARLANCE_STORE_ERROR_CORRUPT);
}

/* A database of pages beyond its header: open, then checked. */
static void
test_failures_damaged_pages (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceStoreReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *copy = NULL;
  gsize len;

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "x");
    }
  parlance_test_store_close (g_steal_pointer (&store));

  bytes = read_file (path);
  len = g_bytes_get_size (bytes);
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  g_assert_cmpuint (len, >, 3 * 4096);
  /* Every page after the first two: noise. */
  for (gsize i = 2 * 4096; i < len; i++)
    copy[i] = (char) (i * 7);
  write_file (path, copy, len);

  store = parlance_store_open (path, &error);
  if (store == NULL)
    {
      g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_CORRUPT);
      return;
    }
  report = parlance_store_check (store, &error);
  if (report != NULL)
    g_assert_cmpstr (report->integrity, !=, "ok");
  else
    g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_CORRUPT);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Another program's SQLite file at our path: refused, not taken over. */
static void
test_failures_foreign_database (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db = parlance_test_store_raw (path);
  parlance_test_store_raw_exec (db, "CREATE TABLE conversations (something_else TEXT)");
  sqlite3_close (db);
  g_assert_null (parlance_store_open (path, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);
}

/* Root may write anything: in a user namespace of its own it is nobody, as a user would be. */
static gboolean
lose_root (void)
{
  if (geteuid () != 0)
    return TRUE;
  return unshare (CLONE_NEWUSER) == 0;
}

/* The subprocess makes a database, takes write permission away and drops root, so that it is
 * as read-only to it as to a user. */
static void
test_failures_read_only (void)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  pid_t child;
  int status;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout_unmatched ("*SKIP*");
      return;
    }

  path = parlance_test_store_path ();
  dir = g_path_get_dirname (path);
  {
    g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
    g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "r");

    parlance_test_store_close (g_steal_pointer (&store));
  }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  /* A child drops root; this process gives the permissions back, so the folder can go. */
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      ParlanceStore *store;

      if (!lose_root ())
        _exit (77);
      store = parlance_store_open (path, &error);
      if (store != NULL || !g_error_matches (error, PARLANCE_STORE_ERROR,
                                             PARLANCE_STORE_ERROR_READ_ONLY) ||
          strstr (error->message, path) == NULL)
        _exit (1);
      g_printerr ("%s\n", error->message);
      _exit (0);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_chmod (dir, 0700);
  g_chmod (path, 0600);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("running as root, and no user namespace to drop it in");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_failures_disk_full (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "Full");
  g_autoptr(ParlanceMessage) first = parlance_test_store_message (store,
                                        parlance_conversation_get_id (conversation), 0,
                                        PARLANCE_ROLE_USER, "fits");
  g_autofree char *big = g_strnfill (200000, 'x');
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_USER, big);
  g_autoptr(ParlanceConversation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = parlance_test_store_raw (path);

  _parlance_store_set_max_page_count (store, parlance_test_store_raw_int (db, "PRAGMA page_count"));
  parlance_message_set_parent_id (message, parlance_message_get_id (first));
  g_assert_false (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                              message, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpint (parlance_message_get_id (message), ==, 0);
  /* Nothing half-written: no message, the tip where it was. */
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM messages"), ==, 1);
  loaded = parlance_store_get_conversation (store, parlance_conversation_get_id (conversation), NULL);
  g_assert_cmpint (parlance_conversation_get_tip_id (loaded), ==, parlance_message_get_id (first));

  _parlance_store_set_max_page_count (store, 0);
  g_clear_error (&error);
  g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                             message, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_failures_busy (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = parlance_test_store_raw (path);

  _parlance_store_set_busy_timeout (store, 200);
  parlance_test_store_raw_exec (db, "BEGIN IMMEDIATE");
  g_assert_false (parlance_store_create_conversation (store, conversation, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  /* Reads go on while another program writes. */
  g_assert_cmpint (parlance_store_get_latest_conversation (store, &error), ==, 0);
  g_assert_no_error (error);
  parlance_test_store_raw_exec (db, "COMMIT");
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

typedef struct
{
  GError *failed;
  guint   n_failed;
  guint   n_recovered;
} Signals;

static void
on_write_failed (ParlanceStore *store,
                 const GError  *error,
                 Signals       *signals)
{
  g_clear_error (&signals->failed);
  signals->failed = g_error_copy (error);
  signals->n_failed++;
}

static void
on_write_recovered (ParlanceStore *store,
                    Signals       *signals)
{
  signals->n_recovered++;
}

static char *
stored_content (sqlite3 *db,
                gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT content || '|' || status FROM messages"
                                          " WHERE id = %" G_GINT64_FORMAT, id);

  return parlance_test_store_raw_text (db, sql);
}

/* A followed reply whose writes fail: ::write-failed once, the text kept in memory, written when
 * the cause goes away, then ::write-recovered. @full: a full disk, else a read-only database. */
static void
check_follow_recovers (gboolean full)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "F");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  g_autofree char *big = g_strnfill (300000, 'y');
  g_autofree char *expected = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  Signals signals = { NULL, 0, 0 };
  sqlite3 *db = parlance_test_store_raw (path);
  int code = full ? PARLANCE_STORE_ERROR_FULL : PARLANCE_STORE_ERROR_READ_ONLY;

  g_signal_connect (store, "write-failed", G_CALLBACK (on_write_failed), &signals);
  g_signal_connect (store, "write-recovered", G_CALLBACK (on_write_recovered), &signals);
  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                             reply, &error));
  parlance_store_follow_message (store, reply);

  if (full)
    _parlance_store_set_max_page_count (store, parlance_test_store_raw_int (db, "PRAGMA page_count"));
  else
    _parlance_store_set_query_only (store, TRUE);
  parlance_message_append_content (reply, big);
  parlance_message_set_status (reply, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_test_wait_for (signals.n_failed > 0, 10000);
  g_assert_error (signals.failed, PARLANCE_STORE_ERROR, code);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, big);
  stored = stored_content (db, parlance_message_get_id (reply));
  g_assert_cmpstr (stored, ==, "|streaming");

  /* Retried while it fails, without a new signal for each try. */
  parlance_test_wait_for (_parlance_store_get_failed_writes (store) >= 2, 10000);
  g_assert_cmpuint (signals.n_failed, ==, 1);
  g_assert_cmpuint (signals.n_recovered, ==, 0);

  if (full)
    _parlance_store_set_max_page_count (store, 0);
  else
    _parlance_store_set_query_only (store, FALSE);
  parlance_test_wait_for (signals.n_recovered == 1, 40000);
  g_free (stored);
  stored = stored_content (db, parlance_message_get_id (reply));
  expected = g_strconcat (big, "|complete", NULL);
  g_assert_cmpstr (stored, ==, expected);
  g_assert_cmpuint (signals.n_failed, ==, 1);
  g_clear_error (&signals.failed);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_failures_follow_disk_full (void)
{
  check_follow_recovers (TRUE);
}

static void
test_failures_follow_read_only (void)
{
  check_follow_recovers (FALSE);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-failures/newer-version", test_failures_newer_version);
  g_test_add_func ("/parlance/store-failures/garbage-file", test_failures_garbage_file);
  g_test_add_func ("/parlance/store-failures/damaged-pages", test_failures_damaged_pages);
  g_test_add_func ("/parlance/store-failures/foreign-database", test_failures_foreign_database);
  g_test_add_func ("/parlance/store-failures/read-only", test_failures_read_only);
  g_test_add_func ("/parlance/store-failures/disk-full", test_failures_disk_full);
  g_test_add_func ("/parlance/store-failures/busy", test_failures_busy);
  g_test_add_func ("/parlance/store-failures/follow-disk-full", test_failures_follow_disk_full);
  g_test_add_func ("/parlance/store-failures/follow-read-only", test_failures_follow_read_only);

  return g_test_run ();
}
