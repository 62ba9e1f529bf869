/* test-store-branches.c — the message tree: siblings, newest leaves, tips, deleting one message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-test-store.h"
#include "parlance-test-utils.h"

typedef struct
{
  char                 *path;
  ParlanceStore        *store;
  gint64                conversation;
  /* Q ─┬─ A1 ── Q2 ── B
   *    └─ A2            */
  gint64                q, a1, a2, q2, b;
} Fixture;

static gint64
add (Fixture      *f,
     gint64        parent,
     ParlanceRole  role,
     const char   *text)
{
  g_autoptr(ParlanceMessage) message = parlance_test_store_message (f->store, f->conversation, parent, role, text);

  return parlance_message_get_id (message);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(ParlanceConversation) conversation = NULL;

  f->path = parlance_test_store_path ();
  f->store = parlance_test_store_open (f->path);
  conversation = parlance_test_store_conversation (f->store, "Tree");
  f->conversation = parlance_conversation_get_id (conversation);
  f->q = add (f, 0, PARLANCE_ROLE_USER, "Question");
  f->a1 = add (f, f->q, PARLANCE_ROLE_ASSISTANT, "First xylophone answer");
  f->a2 = add (f, f->q, PARLANCE_ROLE_ASSISTANT, "Second answer");
  f->q2 = add (f, f->a1, PARLANCE_ROLE_USER, "Follow-up");
  f->b = add (f, f->q2, PARLANCE_ROLE_ASSISTANT, "Last answer");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  parlance_test_store_close (g_steal_pointer (&f->store));
  g_free (f->path);
}

static GPtrArray *
branch (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = parlance_store_load_branch (f->store, f->conversation, &error);

  g_assert_no_error (error);
  return messages;
}

static ParlanceMessage *
at (GPtrArray *messages,
    guint      i)
{
  g_assert_cmpuint (i, <, messages->len);
  return g_ptr_array_index (messages, i);
}

static void
test_siblings_and_leaves (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) siblings = parlance_store_list_siblings (f->store, f->a2, &error);
  g_autoptr(GArray) roots = NULL;
  g_autoptr(GPtrArray) shown = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (siblings->len, ==, 2);
  g_assert_cmpint (g_array_index (siblings, gint64, 0), ==, f->a1);
  g_assert_cmpint (g_array_index (siblings, gint64, 1), ==, f->a2);
  roots = parlance_store_list_siblings (f->store, f->q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 1);
  g_assert_null (parlance_store_list_siblings (f->store, 999999, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (parlance_store_get_newest_leaf (f->store, f->q, &error), ==, f->b);
  g_assert_cmpint (parlance_store_get_newest_leaf (f->store, f->a1, &error), ==, f->b);
  g_assert_cmpint (parlance_store_get_newest_leaf (f->store, f->a2, &error), ==, f->a2);
  g_assert_no_error (error);
  g_assert_cmpint (parlance_store_get_newest_leaf (f->store, 999999, &error), ==, 0);
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The tip is the last added (B); its branch says where each message stands. */
  shown = branch (f);
  g_assert_cmpuint (shown->len, ==, 4);
  g_assert_cmpint (parlance_message_get_id (at (shown, 1)), ==, f->a1);
  g_assert_cmpuint (parlance_message_get_sibling_index (at (shown, 1)), ==, 0);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 1)), ==, 2);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 0)), ==, 1);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 3)), ==, 1);
  g_clear_pointer (&shown, g_ptr_array_unref);

  g_assert_true (parlance_store_set_tip (f->store, f->conversation, f->a2, &error));
  g_assert_no_error (error);
  shown = branch (f);
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_cmpuint (parlance_message_get_sibling_index (at (shown, 1)), ==, 1);
}

/* Deleting one message: the branch below moves up, the tip moves off it, the index and the
 * attachments follow. */
static void
test_delete_message (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  sqlite3 *raw = parlance_test_store_raw (f->path);
  g_autofree char *attach = g_strdup_printf (
    "INSERT INTO blobs (sha256, size, data) VALUES ('abc', 1, x'00');"
    "INSERT INTO attachments (message_id, name, size, sha256) VALUES (%" G_GINT64_FORMAT ", 'a.txt', 1, 'abc');",
    f->a1);

  parlance_test_store_raw_exec (raw, attach);
  found = parlance_store_search (f->store, "xylophone", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_true (parlance_store_delete_message (f->store, f->a1, &error));
  g_assert_no_error (error);
  shown = branch (f);
  g_assert_cmpuint (shown->len, ==, 3);
  g_assert_cmpint (parlance_message_get_id (at (shown, 1)), ==, f->q2);
  g_assert_cmpint (parlance_message_get_parent_id (at (shown, 1)), ==, f->q);
  /* Q2 is now a sibling of A2. */
  g_assert_cmpuint (parlance_message_get_sibling_index (at (shown, 1)), ==, 1);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 1)), ==, 2);
  conversation = parlance_store_get_conversation (f->store, f->conversation, &error);
  g_assert_cmpint (parlance_conversation_get_message_count (conversation), ==, 3);
  g_assert_cmpint (parlance_test_store_raw_int (raw, "SELECT COUNT (*) FROM attachments"), ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (raw, "SELECT COUNT (*) FROM blobs"), ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (raw, "SELECT depth FROM messages ORDER BY id DESC LIMIT 1"), ==, 3);
  found = parlance_store_search (f->store, "xylophone", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&shown, g_ptr_array_unref);

  /* The tip goes: the parent's newest leaf is shown. */
  g_assert_true (parlance_store_delete_message (f->store, f->b, &error));
  shown = branch (f);
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_cmpint (parlance_message_get_id (at (shown, 1)), ==, f->q2);
  g_clear_pointer (&shown, g_ptr_array_unref);

  /* The root: what is left hangs from nothing; the tip stays on Q2. */
  g_assert_true (parlance_store_delete_message (f->store, f->q, &error));
  shown = branch (f);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpint (parlance_message_get_id (at (shown, 0)), ==, f->q2);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 0)), ==, 2);

  g_assert_false (parlance_store_delete_message (f->store, f->q, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  sqlite3_close (raw);
}

/* A 5,000-message branch with a second version of every reply opens with every message's
 * versions counted, in one query (the time is printed). */
static void
test_long_branch_versions (Fixture       *f,
                           gconstpointer  data)
{
  sqlite3 *raw = parlance_test_store_raw (f->path);
  g_autoptr(GString) sql = g_string_new ("BEGIN;");
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GError) error = NULL;
  gint64 parent = f->b, id = 1000000, start;
  guint depth = 4;

  for (guint i = 0; i < 5000 - 4; i++)
    {
      id++;
      depth++;
      g_string_append_printf (sql, "INSERT INTO messages (id, conversation_id, parent_id, depth, role, content, created)"
                              " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %u, '%s', 'm', 1);",
                              id, f->conversation, parent, depth, i % 2 ? "user" : "assistant");
      /* A second version beside each reply. */
      if (i % 2 == 0)
        g_string_append_printf (sql, "INSERT INTO messages (id, conversation_id, parent_id, depth, role, content, created)"
                                " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %u, 'assistant', 'v', 1);",
                                id + 500000, f->conversation, parent, depth);
      parent = id;
    }
  g_string_append_printf (sql, "UPDATE conversations SET tip_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT ";"
                          "COMMIT;", parent, f->conversation);
  parlance_test_store_raw_exec (raw, sql->str);
  sqlite3_close (raw);

  start = g_get_monotonic_time ();
  shown = parlance_store_load_branch (f->store, f->conversation, &error);
  g_test_message ("load_branch of %u messages with their versions: %.1f ms", shown->len,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->len, ==, 5000);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 4)), ==, 2);
  g_assert_cmpuint (parlance_message_get_sibling_index (at (shown, 4)), ==, 0);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 5)), ==, 1);
  g_assert_cmpuint (parlance_message_get_n_siblings (at (shown, 4998)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/store-branches/" path, Fixture, NULL, setup, func, teardown)
  ADD ("siblings-and-leaves", test_siblings_and_leaves);
  ADD ("delete-message", test_delete_message);
  ADD ("long-branch-versions", test_long_branch_versions);
#undef ADD

  return g_test_run ();
}
