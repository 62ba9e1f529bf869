/* test-store-async.c — ParlanceStore off the main thread: async reads and writes, their order,
 * following a streaming reply, flushing, ::conversations-changed from another process.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-store.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
test_async_open_read (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(ParlanceMessage) message = NULL;
  g_autoptr(ParlanceConversation) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  parlance_store_open_async (path, NULL, store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  store = parlance_store_open_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  conversation = parlance_test_store_conversation (store, "Async");
  message = parlance_test_store_message (store, parlance_conversation_get_id (conversation), 0,
                                         PARLANCE_ROLE_USER, "hello");

  parlance_store_list_conversations_async (store, PARLANCE_STORE_LIST_DEFAULT, 0, NULL,
                                           store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  list = parlance_store_list_conversations_finish (store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (parlance_conversation_get_message_count (list->pdata[0]), ==, 1);
  g_clear_object (&wait.result);

  parlance_store_get_conversation_async (store, parlance_conversation_get_id (conversation), NULL,
                                         store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  got = parlance_store_get_conversation_finish (store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_conversation_get_title (got), ==, "Async");
  g_clear_object (&wait.result);

  parlance_store_load_branch_async (store, parlance_conversation_get_id (conversation), NULL,
                                    store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  branch = parlance_store_load_branch_finish (store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branch->len, ==, 1);
  g_assert_cmpstr (parlance_message_get_content (branch->pdata[0]), ==, "hello");
  g_clear_object (&wait.result);

  parlance_store_load_branch_async (store, 424242, NULL, store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  g_assert_null (parlance_store_load_branch_finish (store, wait.result, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_object (&wait.result);

  parlance_test_store_close (g_steal_pointer (&store));
}

typedef struct
{
  ParlanceStore *store;
  GString       *order;
  guint          pending;
} Ordered;

typedef struct
{
  Ordered *ordered;
  guint    index;
} Call;

static void
ordered_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree Call *call = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_write_finish (call->ordered->store, result, &error));
  g_assert_no_error (error);
  g_string_append_printf (call->ordered->order, "%u,", call->index);
  call->ordered->pending--;
}

static Call *
call_new (Ordered *ordered,
          guint    index)
{
  Call *call = g_new0 (Call, 1);

  call->ordered = ordered;
  call->index = index;
  ordered->pending++;
  return call;
}

/* Writes asked for one after another are done, and answered, in that order; each on a copy
 * taken when it was asked for; the caller's objects get their ids. */
static void
test_async_writes_in_order (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "");
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(GError) error = NULL;
  Ordered ordered = { store, order, 0 };
  guint changed = 0;

  g_signal_connect (store, "conversations-changed", G_CALLBACK (count_signal), &changed);
  parlance_conversation_set_title (conversation, "Ordered");
  parlance_store_create_conversation_async (store, conversation, NULL, ordered_ready,
                                            call_new (&ordered, 0));
  parlance_test_wait_for (ordered.pending == 0, 10000);
  g_assert_cmpint (parlance_conversation_get_id (conversation), >, 0);
  g_assert_cmpint (parlance_conversation_get_created (conversation), >, 0);
  g_assert_cmpuint (changed, ==, 1);

  parlance_store_add_message_async (store, parlance_conversation_get_id (conversation), message,
                                    NULL, ordered_ready, call_new (&ordered, 0));
  parlance_test_wait_for (ordered.pending == 0, 10000);
  g_assert_cmpint (parlance_message_get_id (message), >, 0);
  g_assert_cmpint (parlance_message_get_created (message), >, 0);
  g_string_truncate (order, 0);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("v%u", i);

      parlance_message_set_content (message, text);
      parlance_store_update_message_async (store, message, NULL, ordered_ready,
                                           call_new (&ordered, i));
      g_string_append_printf (expected, "%u,", i);
    }
  /* Roots added one after another get growing ids: each insert ran after the one before. */
  for (guint i = 0; i < 20; i++)
    {
      ParlanceMessage *root = parlance_message_new (PARLANCE_ROLE_USER, "root");

      g_ptr_array_add (roots, root);
      parlance_store_add_message_async (store, parlance_conversation_get_id (conversation), root,
                                        NULL, ordered_ready, call_new (&ordered, 50 + i));
      g_string_append_printf (expected, "%u,", 50 + i);
    }
  parlance_message_set_content (message, "not written");
  parlance_test_wait_for (ordered.pending == 0, 20000);
  g_assert_cmpstr (order->str, ==, expected->str);
  for (guint i = 1; i < roots->len; i++)
    g_assert_cmpint (parlance_message_get_id (roots->pdata[i]), >,
                     parlance_message_get_id (roots->pdata[i - 1]));

  /* The last root is the tip now; the updated message is one of the older roots. */
  {
    sqlite3 *db = parlance_test_store_raw (path);
    g_autofree char *sql = g_strdup_printf ("SELECT content FROM messages WHERE id = %" G_GINT64_FORMAT,
                                            parlance_message_get_id (message));
    g_autofree char *content = parlance_test_store_raw_text (db, sql);

    g_assert_cmpstr (content, ==, "v49");
    sqlite3_close (db);
  }
  branch = parlance_store_load_branch (store, parlance_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  g_assert_cmpint (parlance_message_get_id (branch->pdata[0]), ==,
                   parlance_message_get_id (roots->pdata[roots->len - 1]));
  parlance_test_store_close (g_steal_pointer (&store));
}

static gint64
data_version (sqlite3 *db)
{
  return parlance_test_store_raw_int (db, "PRAGMA data_version");
}

typedef struct
{
  sqlite3 *db;
  gint64   version;
  guint    commits;
} Watch;

static gboolean
watch_tick (gpointer data)
{
  Watch *watch = data;
  gint64 version = data_version (watch->db);

  if (version != watch->version)
    watch->commits++;
  watch->version = version;
  return G_SOURCE_CONTINUE;
}

static void
stream_text (ParlanceMessage *message,
             guint            n)
{
  for (guint i = 0; i < n; i++)
    parlance_message_append_content (message, "token ");
}

/* A reply streaming for about 2.5 s is written a few times, not once a token, and at its end. */
static void
test_async_follow_batches (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "F");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  g_autoptr(GError) error = NULL;
  Watch watch = { parlance_test_store_raw (path), 0, 0 };
  gint64 start, end;
  guint tick;
  g_autofree char *stored = NULL;

  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                             reply, &error));
  parlance_store_follow_message (store, reply);
  watch.version = data_version (watch.db);
  tick = g_timeout_add (5, watch_tick, &watch);

  start = g_get_monotonic_time ();
  end = start + 2500 * 1000;
  while (g_get_monotonic_time () < end)
    {
      stream_text (reply, 5);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);  /* the pace of a stream, not a wait for the store */
    }
  /* Written while it streamed, at most once per interval (two or three times in 2.5 s), and
   * each batch only what came since the one before: the parts add up to the text at most once. */
  g_assert_cmpuint (watch.commits, >=, 1);
  g_assert_cmpuint (watch.commits, <=, 4);
  parlance_test_wait_for (parlance_test_store_raw_int (watch.db,
                            "SELECT COUNT (*) FROM message_parts") >= 1, 10000);
  g_assert_cmpint (parlance_test_store_raw_int (watch.db,
                     "SELECT length (content) FROM messages")
                   + parlance_test_store_raw_int (watch.db,
                       "SELECT COALESCE (SUM (length (content)), 0) FROM message_parts"),
                   <=, (gint64) parlance_message_get_content_length (reply));
  {
    g_autoptr(GPtrArray) branch = parlance_store_load_branch (store,
                                     parlance_conversation_get_id (conversation), &error);
    const char *read = parlance_message_get_content (branch->pdata[0]);

    g_assert_cmpuint (strlen (read), >, 0);
    g_assert_true (g_str_has_prefix (parlance_message_get_content (reply), read));
    g_assert_cmpint (parlance_message_get_status (branch->pdata[0]), ==,
                     PARLANCE_MESSAGE_STREAMING);
  }

  parlance_message_set_status (reply, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_test_wait_for (parlance_test_store_raw_int (watch.db,
                            "SELECT status = 'complete' FROM messages") == 1, 10000);
  g_free (stored);
  stored = parlance_test_store_raw_text (watch.db, "SELECT content FROM messages");
  g_assert_cmpstr (stored, ==, parlance_message_get_content (reply));
  g_assert_cmpint (parlance_test_store_raw_int (watch.db,
                     "SELECT writer_pid IS NULL FROM messages"), ==, 1);
  g_assert_cmpint (parlance_test_store_raw_int (watch.db, "SELECT COUNT (*) FROM message_parts"),
                   ==, 0);
  g_source_remove (tick);
  sqlite3_close (watch.db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
flush_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  if (!parlance_store_flush_finish (PARLANCE_STORE (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (object, "flushed", GINT_TO_POINTER (TRUE));
}

/* A flush writes what streamed so far without waiting for the interval; dropping the store
 * writes the rest. */
static void
test_async_flush_and_close (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "F");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  sqlite3 *db = parlance_test_store_raw (path);

  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                             reply, &error));
  parlance_store_follow_message (store, reply);
  parlance_message_append_content (reply, "first words");
  parlance_store_flush_async (store, NULL, flush_ready, &error);
  parlance_test_wait_for (g_object_get_data (G_OBJECT (store), "flushed") != NULL, 10000);
  g_assert_no_error (error);
  stored = parlance_test_store_raw_text (db, "SELECT content FROM messages");
  g_assert_cmpstr (stored, ==, "first words");

  parlance_message_append_content (reply, " and more");
  parlance_test_store_close (g_steal_pointer (&store));
  g_free (stored);
  stored = parlance_test_store_raw_text (db, "SELECT content FROM messages");
  g_assert_cmpstr (stored, ==, "first words and more");
  sqlite3_close (db);
}

static void
flush (ParlanceStore *store)
{
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (store), "flushed", NULL);
  parlance_store_flush_async (store, NULL, flush_ready, &error);
  parlance_test_wait_for (g_object_get_data (G_OBJECT (store), "flushed") != NULL, 10000);
  g_assert_no_error (error);
}

static char *
read_back (ParlanceStore *store,
           gint64         conversation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, conversation_id, &error);

  g_assert_no_error (error);
  return g_strdup_printf ("%s|%s", parlance_message_get_content (branch->pdata[0]),
                          parlance_message_get_reasoning (branch->pdata[0]));
}

/* Text and reasoning that grow are appended in parts; text replaced (a retry) is written whole,
 * leaving no part of the old one. */
static void
test_async_follow_parts (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "P");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = parlance_test_store_raw (path);
  char *text;

  parlance_message_set_status (reply, PARLANCE_MESSAGE_WAITING, NULL);
  g_assert_true (parlance_store_add_message (store, id, reply, &error));
  parlance_store_follow_message (store, reply);
  /* Looked at once a second: no handler runs on every token. */
  g_assert_false (g_signal_has_handler_pending (reply, g_signal_lookup ("content-appended",
                                                                        PARLANCE_TYPE_MESSAGE),
                                                0, FALSE));
  g_assert_false (g_signal_has_handler_pending (reply, g_signal_lookup ("reasoning-appended",
                                                                        PARLANCE_TYPE_MESSAGE),
                                                0, FALSE));
  parlance_message_append_reasoning (reply, "Let me think. ");
  flush (store);
  parlance_message_append_reasoning (reply, "Done.");
  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_append_content (reply, "Hello");
  flush (store);
  parlance_message_append_content (reply, ", world");
  parlance_message_set_tokens (reply, 5, 6, -1, -1);
  flush (store);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT tokens_in FROM messages"), ==, 5);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM message_parts"), ==, 2);
  text = read_back (store, id);
  g_assert_cmpstr (text, ==, "Hello, world|Let me think. Done.");
  g_free (text);

  parlance_message_set_content (reply, "Retried");
  flush (store);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM message_parts"), ==, 0);
  text = read_back (store, id);
  g_assert_cmpstr (text, ==, "Retried|Let me think. Done.");
  g_free (text);

  parlance_message_append_content (reply, " again");
  parlance_message_set_status (reply, PARLANCE_MESSAGE_COMPLETE, NULL);
  flush (store);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM message_parts"), ==, 0);
  text = read_back (store, id);
  g_assert_cmpstr (text, ==, "Retried again|Let me think. Done.");
  g_free (text);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
count_failed (ParlanceStore *store,
              const GError  *error,
              guint         *count)
{
  (*count)++;
}

/* A reply whose conversation is deleted while it streams is let go, not retried for ever. */
static void
test_async_follow_deleted (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "D");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  guint failed = 0;

  g_signal_connect (store, "write-failed", G_CALLBACK (count_failed), &failed);
  parlance_message_set_status (reply, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                             reply, &error));
  parlance_store_follow_message (store, reply);
  parlance_message_append_content (reply, "Hello");
  flush (store);
  g_assert_true (parlance_store_delete_conversation (store,
                                                     parlance_conversation_get_id (conversation),
                                                     &error));
  parlance_message_append_content (reply, " there");
  flush (store);
  g_assert_cmpuint (failed, ==, 0);
  /* An explicit write says so to its caller only. */
  parlance_store_update_message_async (store, reply, NULL, store_ready, &wait);
  parlance_test_wait_for (wait.result != NULL, 10000);
  g_assert_false (parlance_store_write_finish (store, wait.result, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_object (&wait.result);
  g_assert_cmpuint (failed, ==, 0);
  /* Let go: the follow holds no reference to the message any more. */
  g_assert_cmpuint (G_OBJECT (reply)->ref_count, ==, 1);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Another process' write is seen within a few seconds, by polling data_version. */
static void
test_async_changed_by_another (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = NULL;
  guint changed = 0;
  sqlite3 *db;

  g_signal_connect (store, "conversations-changed", G_CALLBACK (count_signal), &changed);
  db = parlance_test_store_raw (path);
  parlance_test_store_raw_exec (db, "INSERT INTO conversations (title, created, updated)"
                                    " VALUES ('From elsewhere', 1, 1)");
  parlance_test_wait_for (changed > 0, 10000);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-async/open-and-read", test_async_open_read);
  g_test_add_func ("/parlance/store-async/writes-in-order", test_async_writes_in_order);
  g_test_add_func ("/parlance/store-async/follow-batches", test_async_follow_batches);
  g_test_add_func ("/parlance/store-async/flush-and-close", test_async_flush_and_close);
  g_test_add_func ("/parlance/store-async/follow-parts", test_async_follow_parts);
  g_test_add_func ("/parlance/store-async/follow-deleted", test_async_follow_deleted);
  g_test_add_func ("/parlance/store-async/changed-by-another", test_async_changed_by_another);

  return g_test_run ();
}
