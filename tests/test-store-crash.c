/* test-store-crash.c — crash safety: a reply left streaming by a process that is gone reads as
 * interrupted with its text; one still streaming in a live process stays streaming; a process
 * killed at any moment leaves a sound database.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writers are this program run again with `--writer PATH CONVERSATION`: a process of its
 * own that streams a reply into the store until it is killed.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parlance-store-private.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

#define WRITER_TOKENS 100000

static gboolean
writer_tick (gpointer data)
{
  ParlanceMessage *reply = data;
  static guint n;
  g_autofree char *token = g_strdup_printf ("t%u ", n++);

  parlance_message_append_content (reply, token);
  return G_SOURCE_CONTINUE;
}

/* The writer: adds a streaming reply, says its id on standard output, streams until killed. */
static int
run_writer (const char *path,
            const char *conversation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open (path, &error);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);

  if (store == NULL)
    g_error ("%s", error->message);
  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  if (!parlance_store_add_message (store, g_ascii_strtoll (conversation, NULL, 10), reply, &error))
    g_error ("%s", error->message);
  parlance_store_follow_message (store, reply);
  g_print ("%" G_GINT64_FORMAT "\n", parlance_message_get_id (reply));
  fflush (stdout);
  g_timeout_add (1, writer_tick, reply);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* What the writer's reply holds after N tokens, for any N. */
static char *
writer_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < WRITER_TOKENS; i++)
    g_string_append_printf (text, "t%u ", i);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  GPid  pid;
  int   out;
} Writer;

static void
writer_start (Writer     *writer,
              const char *path,
              gint64      conversation_id)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conversation_id);
  const char *argv[] = { self, "--writer", path, id, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &writer->pid, NULL, &writer->out, NULL, &error);
  g_assert_no_error (error);
}

/* Blocks until the writer says the id of its reply (it has then added it). */
static gint64
writer_read_id (Writer *writer)
{
  char line[64];
  gsize len = 0;

  while (len < sizeof line - 1)
    {
      gssize n = read (writer->out, line + len, 1);

      g_assert_cmpint (n, ==, 1);
      if (line[len] == '\n')
        break;
      len++;
    }
  line[len] = '\0';
  return g_ascii_strtoll (line, NULL, 10);
}

static void
writer_kill (Writer  *writer,
             gboolean reap)
{
  int status;

  g_assert_cmpint (kill (writer->pid, SIGKILL), ==, 0);
  if (reap)
    {
      g_assert_cmpint (waitpid (writer->pid, &status, 0), ==, writer->pid);
      g_spawn_close_pid (writer->pid);
    }
  close (writer->out);
}

static ParlanceMessage *
load_reply (ParlanceStore *store,
            gint64         conversation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, conversation_id, &error);

  g_assert_no_error (error);
  if (branch->len == 0)
    return NULL;
  return g_object_ref (branch->pdata[branch->len - 1]);
}

static gboolean
reply_has_text (ParlanceStore *store,
                gint64         conversation_id)
{
  g_autoptr(ParlanceMessage) reply = load_reply (store, conversation_id);

  return reply != NULL && parlance_message_get_content_length (reply) > 0;
}

static ParlanceMessageStatus
reply_status (ParlanceStore *store,
              gint64         conversation_id)
{
  g_autoptr(ParlanceMessage) reply = load_reply (store, conversation_id);

  return parlance_message_get_status (reply);
}

/* A live writer's reply stays streaming for everyone; once it is killed (a zombie, not yet
 * reaped, is gone too), it reads as interrupted with its text, and is marked so on disk. */
static void
test_crash_live_then_killed (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "Live");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(ParlanceStoreReport) report = NULL;
  g_autoptr(ParlanceStore) other = NULL;
  g_autofree char *expected = writer_text ();
  g_autoptr(GError) error = NULL;
  Writer writer;
  sqlite3 *db;

  writer_start (&writer, path, id);
  g_assert_cmpint (writer_read_id (&writer), >, 0);
  parlance_test_wait_for (reply_has_text (store, id), 30000);
  g_assert_cmpint (reply_status (store, id), ==, PARLANCE_MESSAGE_STREAMING);
  /* Another store opening meanwhile (it settles at open) leaves it streaming too. */
  other = parlance_test_store_open (path);
  g_assert_cmpint (reply_status (other, id), ==, PARLANCE_MESSAGE_STREAMING);
  report = parlance_store_check (store, &error);
  g_assert_cmpint (report->n_interrupted, ==, 0);
  g_clear_pointer (&report, parlance_store_report_free);

  writer_kill (&writer, FALSE);
  parlance_test_wait_for (reply_status (store, id) == PARLANCE_MESSAGE_INTERRUPTED, 30000);
  g_assert_cmpint (waitpid (writer.pid, NULL, 0), ==, writer.pid);
  g_spawn_close_pid (writer.pid);

  reply = load_reply (store, id);
  g_assert_cmpuint (parlance_message_get_content_length (reply), >, 0);
  g_assert_true (g_str_has_prefix (expected, parlance_message_get_content (reply)));
  g_assert_nonnull (parlance_message_get_status_text (reply));
  report = parlance_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->integrity, ==, "ok");
  g_assert_cmpint (report->n_interrupted, ==, 1);

  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM messages"
                                                    " WHERE status = 'interrupted'"), ==, 1);
  /* Its parts went into its text. */
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM message_parts"), ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT length (content) FROM messages"), ==,
                   (gint64) parlance_message_get_content_length (reply));
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&other));
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Killed at random moments, from before its reply was added to well after: the database is
 * sound, and the reply, if any, is interrupted with a prefix of what was streamed. */
static void
test_crash_killed_at_random (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autofree char *expected = writer_text ();

  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "K");
      gint64 id = parlance_conversation_get_id (conversation);
      g_autoptr(ParlanceMessage) reply = NULL;
      g_autoptr(ParlanceStoreReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + g_test_rand_int_range (0, 2500) * 1000;
      Writer writer;

      writer_start (&writer, path, id);
      parlance_test_wait_for (g_get_monotonic_time () >= deadline, 5000);
      writer_kill (&writer, TRUE);

      report = parlance_store_check (store, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (report->integrity, ==, "ok");
      reply = load_reply (store, id);
      g_test_message ("round %u: %s, %" G_GSIZE_FORMAT " bytes kept", round,
                      reply == NULL ? "killed before its reply was added" : "interrupted",
                      reply == NULL ? 0 : parlance_message_get_content_length (reply));
      if (reply == NULL)
        continue;
      g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_INTERRUPTED);
      g_assert_true (g_str_has_prefix (expected, parlance_message_get_content (reply)));
    }
  parlance_test_store_close (g_steal_pointer (&store));
}

/* The writer recorded is this process but of another boot, or a process that started at
 * another time under the same pid: gone. This process, as it is: alive. */
static void
test_crash_other_boot_or_reused_pid (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "B");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "partial");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = parlance_test_store_raw (path);

  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (store, id, reply, &error));
  g_assert_cmpint (reply_status (store, id), ==, PARLANCE_MESSAGE_STREAMING);

  parlance_test_store_raw_exec (db, "UPDATE messages SET writer_start = writer_start + 1");
  g_assert_cmpint (reply_status (store, id), ==, PARLANCE_MESSAGE_INTERRUPTED);

  parlance_test_store_raw_exec (db, "UPDATE messages SET status = 'streaming',"
                                    " writer_start = writer_start - 1,"
                                    " writer_boot = 'another-boot'");
  g_assert_cmpint (reply_status (store, id), ==, PARLANCE_MESSAGE_INTERRUPTED);
  {
    g_autoptr(ParlanceMessage) loaded = load_reply (store, id);

    g_assert_cmpstr (parlance_message_get_content (loaded), ==, "partial");
  }
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3]);

  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-crash/live-then-killed", test_crash_live_then_killed);
  g_test_add_func ("/parlance/store-crash/killed-at-random", test_crash_killed_at_random);
  g_test_add_func ("/parlance/store-crash/other-boot-or-reused-pid",
                   test_crash_other_boot_or_reused_pid);

  return g_test_run ();
}
