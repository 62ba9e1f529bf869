/* test-cli-store-crash.c — the conversation database under a CLI killed mid-reply, and under
 * several writers at once.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kill -9: twenty `parlance-cli chat` runs, each killed at a random moment of a slowly streamed
 * reply; then, read by other processes, the database is sound and every partial reply is there,
 * interrupted, with at least what had been printed well before the kill (the store writes a
 * streaming reply at least once a second). Run with --seed to repeat the moments.
 *
 * Writers at once: two CLIs stream into the database while this process writes through the
 * store's asynchronous calls, as the app does; nothing is lost, nothing waits on a lock.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "parlance-test-cli-store.h"

#define N_KILLS        20
#define UNIT           "word "
#define N_UNITS        250
#define UNIT_DELAY_MS  16     /* 4 s for the whole reply */
#define MAX_KILL_DELAY 3000   /* ms after the reply's first bytes */
/* Text printed this long before the kill must be on disk: a second between writes, and slack
 * for a loaded machine. */
#define SAVED_MARGIN   (2 * G_USEC_PER_SEC)

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
expected_text (const char *unit,
               guint       count)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static void
kill_once (StoreFixture *f,
           const char   *full,
           guint         round)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) response = queue_slow_reply (f, UNIT, N_UNITS, UNIT_DELAY_MS);
  g_autoptr(Run) run = store_run_start (f, ARGS ("chat", "hi"));
  guint delay_ms = (guint) g_test_rand_int_range (0, MAX_KILL_DELAY);
  gboolean moment = FALSE;
  JsonObject *conversation, *reply;
  const char *content;
  gint64 killed_at;
  gsize must_have;

  /* In the middle of the reply: after its first bytes, a random while later. */
  parlance_test_wait_for (run->out->len > 0, WAIT_MS);
  g_timeout_add (delay_ms, set_flag, &moment);
  parlance_test_wait_for (moment, WAIT_MS);
  killed_at = g_get_monotonic_time ();
  g_subprocess_force_exit (run->process);
  run_cli_wait (run);
  g_assert_true (g_subprocess_get_if_signaled (run->process));
  g_assert_cmpint (g_subprocess_get_term_sig (run->process), ==, SIGKILL);
  g_assert_cmpuint (run->out->len, <, strlen (full));

  conversation = show_conversation (f, saved_id (run), parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (conversation, "messages")), ==, 2);
  reply = json_array_get_object_element (json_object_get_array_member (conversation, "messages"), 1);
  content = json_object_get_string_member (reply, "content");
  must_have = run_out_length_at (run, killed_at - SAVED_MARGIN);
  g_test_message ("round %u: killed %u ms in, %zu bytes printed, %zu saved (at least %zu)", round,
                  delay_ms, run->out->len, strlen (content), must_have);

  /* Gone while streaming: interrupted at once, and never marked anything else. */
  g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "interrupted");
  g_assert_true (g_str_has_prefix (full, content));
  g_assert_cmpuint (strlen (content), >=, must_have);
}

static void
test_kill_9 (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *full = expected_text (UNIT, N_UNITS);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report;
  int status;

  for (guint i = 0; i < N_KILLS; i++)
    kill_once (f, full, i);

  report = run_doctor (f, parser, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "integrity"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (report, "conversations"), ==, N_KILLS);
  g_assert_cmpint (json_object_get_int_member (report, "messages"), ==, 2 * N_KILLS);
  g_assert_cmpint (json_object_get_int_member (report, "interrupted"), ==, N_KILLS);
}

/* The app's side: a conversation written through the asynchronous calls while CLIs write too. */
typedef struct
{
  ParlanceStore        *store;
  ParlanceConversation *conversation;
  ParlanceMessage      *reply;
  guint                 pending;     /* asynchronous writes not finished */
  guint                 n_written;
  guint                 n_deltas;
  gboolean              flushed;
} App;

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  parlance_store_write_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
  app->pending--;
  app->n_written++;
}

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  parlance_store_flush_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
  app->flushed = TRUE;
}

/* A delta every 20 ms, and the conversation saved again each time (a pin, an unpin): writes
 * enough to meet the CLIs' on the lock. */
static gboolean
app_stream (gpointer data)
{
  App *app = data;

  parlance_message_append_content (app->reply, "app ");
  app->n_deltas++;
  parlance_conversation_set_pinned (app->conversation, !parlance_conversation_get_pinned (app->conversation));
  app->pending++;
  parlance_store_save_conversation_async (app->store, app->conversation, NULL, write_cb, app);
  if (app->n_deltas < 100)
    return G_SOURCE_CONTINUE;

  parlance_message_set_status (app->reply, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_store_flush_async (app->store, NULL, flush_cb, app);
  return G_SOURCE_REMOVE;
}

static void
app_start (App        *app,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceMessage) user = parlance_message_new (PARLANCE_ROLE_USER, "From the app");

  app->store = parlance_store_open (path, &error);
  g_assert_no_error (error);

  app->conversation = parlance_conversation_new ();
  parlance_conversation_set_title (app->conversation, "From the app");
  app->pending++;
  parlance_store_create_conversation_async (app->store, app->conversation, NULL, write_cb, app);
  parlance_test_wait_for (app->pending == 0, WAIT_MS);
  g_assert_cmpint (parlance_conversation_get_id (app->conversation), >, 0);

  app->pending++;
  parlance_store_add_message_async (app->store, parlance_conversation_get_id (app->conversation), user, NULL,
                                    write_cb, app);
  parlance_test_wait_for (app->pending == 0, WAIT_MS);

  app->reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  parlance_message_set_parent_id (app->reply, parlance_message_get_id (user));
  parlance_message_set_status (app->reply, PARLANCE_MESSAGE_STREAMING, NULL);
  app->pending++;
  parlance_store_add_message_async (app->store, parlance_conversation_get_id (app->conversation), app->reply,
                                    NULL, write_cb, app);
  parlance_test_wait_for (app->pending == 0, WAIT_MS);
  /* The conversation object is saved whole, its tip too: keep it up to date, as the app does. */
  parlance_conversation_set_tip_id (app->conversation, parlance_message_get_id (app->reply));
  parlance_store_follow_message (app->store, app->reply);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray **messages = user_data;
  g_autoptr(GError) error = NULL;

  *messages = parlance_store_load_branch_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_concurrent_writers (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *cli_text = expected_text ("cli ", 100);
  g_autofree char *app_text = expected_text ("app ", 100);
  g_autoptr(FakeResponse) first = queue_slow_reply (f, "cli ", 100, 20);
  g_autoptr(FakeResponse) second = queue_slow_reply (f, "cli ", 100, 20);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) messages = NULL;
  Run *runs[2];
  App app = { 0 };
  JsonObject *report;
  int status;

  app_start (&app, f->db_path);

  runs[0] = store_run_start (f, ARGS ("chat", "First CLI"));
  runs[1] = store_run_start (f, ARGS ("chat", "Second CLI"));
  g_timeout_add (20, app_stream, &app);

  run_cli_wait (runs[0]);
  run_cli_wait (runs[1]);
  parlance_test_wait_for (app.flushed && app.pending == 0, WAIT_MS);
  g_assert_cmpuint (app.n_written, ==, 3 + 100);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *said = NULL;
      JsonObject *conversation, *reply;

      g_assert_cmpint (runs[i]->status, ==, 0);
      g_assert_cmpstr (runs[i]->out->str, ==, cli_text);
      said = g_strdup_printf ("Saved as conversation %" G_GINT64_FORMAT "\n", saved_id (runs[i]));
      /* Nothing else: no "database is locked", no retry warning. */
      g_assert_cmpstr (runs[i]->err->str, ==, said);

      conversation = show_conversation (f, saved_id (runs[i]), parser);
      reply = json_array_get_object_element (json_object_get_array_member (conversation, "messages"), 1);
      g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "complete");
      g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, cli_text);
      run_free (runs[i]);
    }

  /* The app's conversation, read back through another connection. */
  parlance_store_load_branch_async (app.store, parlance_conversation_get_id (app.conversation), NULL, load_cb,
                                    &messages);
  parlance_test_wait_for (messages != NULL, WAIT_MS);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (parlance_message_get_content (g_ptr_array_index (messages, 1)), ==, app_text);
  g_assert_cmpint (parlance_message_get_status (g_ptr_array_index (messages, 1)), ==, PARLANCE_MESSAGE_COMPLETE);

  report = run_doctor (f, parser, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "integrity"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (report, "conversations"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "messages"), ==, 6);

  g_clear_object (&app.reply);
  g_clear_object (&app.conversation);
  g_clear_object (&app.store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/store/kill-9", test_kill_9);
  add_store_test ("/parlance/cli/store/concurrent-writers", test_concurrent_writers);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
