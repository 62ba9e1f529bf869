/* test-store.c — ParlanceStore: conversations, the message tree, fields, costs, files.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "parlance-store.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_store_default_path_private (void)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_getenv ("XDG_DATA_HOME"), "parlance",
                                                "parlance.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  sqlite3 *db;

  g_assert_cmpstr (path, ==, expected);
  store = parlance_test_store_open (NULL);
  g_assert_cmpstr (parlance_store_get_path (store), ==, path);
  conversation = parlance_test_store_conversation (store, "Hello");
  assert_mode (dir, 0700);
  assert_mode (path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);

  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "PRAGMA user_version"), ==,
                   PARLANCE_STORE_SCHEMA_VERSION);
  {
    g_autofree char *mode = parlance_test_store_raw_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
  }
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_conversation_crud (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) first = parlance_test_store_conversation (store, "First");
  g_autoptr(ParlanceConversation) second = NULL;
  g_autoptr(ParlanceConversation) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time ();

  g_assert_cmpint (parlance_conversation_get_id (first), >, 0);
  g_assert_cmpint (parlance_conversation_get_created (first), >, 0);
  g_assert_cmpint (parlance_conversation_get_updated (first), ==,
                   parlance_conversation_get_created (first));

  second = parlance_test_store_conversation (store, "Second");
  g_assert_cmpint (parlance_conversation_get_created (second), >=, before);
  g_assert_cmpint (parlance_conversation_get_id (second), >, parlance_conversation_get_id (first));

  /* Every field is saved and read back. */
  parlance_conversation_set_title (first, "Renamed");
  parlance_conversation_set_provider_id (first, "openrouter");
  parlance_conversation_set_model (first, "meta/llama:free");
  parlance_conversation_set_system_prompt (first, "Be brief.");
  parlance_conversation_set_pinned (first, TRUE);
  parlance_conversation_set_updated (first, parlance_conversation_get_updated (second) + 10);
  g_assert_true (parlance_store_save_conversation (store, first, &error));
  g_assert_no_error (error);
  loaded = parlance_store_get_conversation (store, parlance_conversation_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_conversation_get_title (loaded), ==, "Renamed");
  g_assert_cmpstr (parlance_conversation_get_provider_id (loaded), ==, "openrouter");
  g_assert_cmpstr (parlance_conversation_get_model (loaded), ==, "meta/llama:free");
  g_assert_cmpstr (parlance_conversation_get_system_prompt (loaded), ==, "Be brief.");
  g_assert_true (parlance_conversation_get_pinned (loaded));
  g_assert_false (parlance_conversation_get_archived (loaded));
  g_assert_cmpint (parlance_conversation_get_created (loaded), ==,
                   parlance_conversation_get_created (first));

  /* Most recently updated first; archived ones apart. */
  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[0]), ==, "Renamed");
  g_assert_cmpint (parlance_store_get_latest_conversation (store, NULL), ==,
                   parlance_conversation_get_id (first));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  parlance_conversation_set_archived (first, TRUE);
  g_assert_true (parlance_store_save_conversation (store, first, &error));
  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[0]), ==, "Second");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_ARCHIVED, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[0]), ==, "Renamed");
  g_assert_cmpint (parlance_store_get_latest_conversation (store, NULL), ==,
                   parlance_conversation_get_id (second));

  parlance_test_store_close (g_steal_pointer (&store));
}

/* The top of the sidebar in one short read: pinned ones first, then the newest, and the limit
 * taken in that order (a limit taken before pinning would drop the old pinned ones). */
static void
test_store_list_pinned_first (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *titles[] = { "Old pinned", "Older pinned", "Archived pinned", "Newest", "Newer", "Old" };
  const gint64 updated[] = { 3000, 1000, 9000, 8000, 7000, 2000 };
  gint64 ids[G_N_ELEMENTS (titles)];

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(ParlanceConversation) c = parlance_test_store_conversation_at (store, titles[i],
                                                                               updated[i]);

      ids[i] = parlance_conversation_get_id (c);
      parlance_conversation_set_pinned (c, i < 3);
      parlance_conversation_set_archived (c, i == 2);
      g_assert_true (parlance_store_save_conversation (store, c, &error));
      g_assert_no_error (error);
    }
  /* (A message makes "Newest" newer still.) */
  {
    g_autoptr(ParlanceMessage) m = parlance_test_store_message (store, ids[3], 0,
                                                                PARLANCE_ROLE_USER, "Hello");
  }

  list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_PINNED_FIRST, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[0]), ==, "Old pinned");
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[1]), ==, "Older pinned");
  g_assert_cmpstr (parlance_conversation_get_title (list->pdata[2]), ==, "Newest");
  /* The message count comes with the short read too. */
  g_assert_cmpuint (parlance_conversation_get_message_count (list->pdata[2]), ==, 1);
  g_assert_cmpuint (parlance_conversation_get_message_count (list->pdata[0]), ==, 0);

  /* Without the flag, the order is the updated time alone. */
  all = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, &error);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpstr (parlance_conversation_get_title (all->pdata[0]), ==, "Newest");
  g_clear_pointer (&all, g_ptr_array_unref);

  all = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_PINNED_FIRST |
                                                  PARLANCE_STORE_LIST_ARCHIVED, 0, &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (parlance_conversation_get_title (all->pdata[0]), ==, "Archived pinned");

  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_conversation_delete (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) first = parlance_test_store_conversation (store, "First");
  g_autoptr(ParlanceConversation) loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* Deleted: gone, and a second delete says so. */
  g_assert_true (parlance_store_delete_conversation (store, parlance_conversation_get_id (first),
                                                     &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = parlance_store_get_conversation (store, parlance_conversation_get_id (first), &error);
  g_assert_null (loaded);
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (parlance_store_delete_conversation (store, parlance_conversation_get_id (first),
                                                      &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (parlance_store_save_conversation (store, first, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);

  parlance_test_store_close (g_steal_pointer (&store));
}

static guint
branch_length (ParlanceStore *store,
               gint64         conversation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, conversation_id, &error);

  g_assert_no_error (error);
  return branch->len;
}

static void
assert_branch (ParlanceStore *store,
               gint64         conversation_id,
               const char    *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, conversation_id, &error);
  g_autoptr(GString) texts = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < branch->len; i++)
    g_string_append_printf (texts, "%s%s", i > 0 ? "," : "",
                            parlance_message_get_content (branch->pdata[i]));
  g_assert_cmpstr (texts->str, ==, expected);
}

static void
test_store_branch_walk (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "Tree");
  g_autoptr(ParlanceConversation) other = parlance_test_store_conversation (store, "Other");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) question = NULL;
  g_autoptr(ParlanceMessage) answer1 = NULL;
  g_autoptr(ParlanceMessage) answer2 = NULL;
  g_autoptr(ParlanceMessage) follow_up = NULL;
  g_autoptr(ParlanceMessage) stray = NULL;
  g_autoptr(ParlanceConversation) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (branch_length (store, id), ==, 0);
  question = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_USER, "q");
  answer1 = parlance_test_store_message (store, id, parlance_message_get_id (question),
                                         PARLANCE_ROLE_ASSISTANT, "a1");
  follow_up = parlance_test_store_message (store, id, parlance_message_get_id (answer1),
                                           PARLANCE_ROLE_USER, "q2");
  assert_branch (store, id, "q,a1,q2");

  /* Regenerating adds a sibling of a1, which becomes the tip: the branch follows it. */
  answer2 = parlance_test_store_message (store, id, parlance_message_get_id (question),
                                         PARLANCE_ROLE_ASSISTANT, "a2");
  assert_branch (store, id, "q,a2");
  loaded = parlance_store_get_conversation (store, id, &error);
  g_assert_cmpint (parlance_conversation_get_tip_id (loaded), ==, parlance_message_get_id (answer2));
  g_assert_cmpuint (parlance_conversation_get_message_count (loaded), ==, 2);

  /* Saving an object read before the last message (as the app may, after a CLI process added
   * one) neither moves the tip back nor `updated`. */
  {
    g_autoptr(ParlanceConversation) stale = parlance_conversation_copy (loaded);
    g_autoptr(ParlanceMessage) late = NULL;
    g_autoptr(ParlanceConversation) after = NULL;
    gint64 tip, updated;

    late = parlance_test_store_message (store, id, parlance_message_get_id (answer2),
                                        PARLANCE_ROLE_USER, "late");
    after = parlance_store_get_conversation (store, id, &error);
    tip = parlance_conversation_get_tip_id (after);
    updated = parlance_conversation_get_updated (after);
    g_assert_cmpint (tip, ==, parlance_message_get_id (late));
    parlance_conversation_set_title (stale, "Renamed");
    g_assert_true (parlance_store_save_conversation (store, stale, &error));
    g_clear_object (&after);
    after = parlance_store_get_conversation (store, id, &error);
    g_assert_cmpstr (parlance_conversation_get_title (after), ==, "Renamed");
    g_assert_cmpint (parlance_conversation_get_tip_id (after), ==, tip);
    g_assert_cmpint (parlance_conversation_get_updated (after), ==, updated);
  }

  /* Choosing the other branch again is setting the tip. */
  g_assert_true (parlance_store_set_tip (store, id, parlance_message_get_id (follow_up), &error));
  g_assert_false (parlance_store_set_tip (store, parlance_conversation_get_id (other),
                                          parlance_message_get_id (follow_up), &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&loaded);
  loaded = parlance_store_get_conversation (store, id, &error);
  g_assert_cmpuint (parlance_conversation_get_message_count (loaded), ==, 3);
  assert_branch (store, id, "q,a1,q2");

  /* A parent from another conversation, or none at all, is refused. */
  stray = parlance_message_new (PARLANCE_ROLE_USER, "stray");
  parlance_message_set_parent_id (stray, parlance_message_get_id (question));
  g_assert_false (parlance_store_add_message (store, parlance_conversation_get_id (other), stray,
                                              &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (parlance_message_get_id (stray), ==, 0);
  g_clear_error (&error);
  g_assert_false (parlance_store_add_message (store, 999999, stray, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (branch_length (store, parlance_conversation_get_id (other)), ==, 0);

  g_assert_null (parlance_store_load_branch (store, 999999, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A database edited by hand into a loop: the walk still ends. */
  {
    sqlite3 *db = parlance_test_store_raw (path);
    g_autofree char *sql = g_strdup_printf ("UPDATE messages SET parent_id = %" G_GINT64_FORMAT
                                            " WHERE id = %" G_GINT64_FORMAT,
                                            parlance_message_get_id (follow_up),
                                            parlance_message_get_id (question));

    parlance_test_store_raw_exec (db, sql);
    sqlite3_close (db);
    assert_branch (store, id, "q,a1,q2");
  }

  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_message_fields (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "F");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) plain = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_SYSTEM,
                                                                  "sys");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Hi “there”\n");
  g_autoptr(ParlanceMessage) tool = NULL;
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceMessage *loaded;
  gint64 tokens[4];

  parlance_message_set_parent_id (reply, parlance_message_get_id (plain));
  parlance_message_append_reasoning (reply, "thinking");
  parlance_message_set_provider_id (reply, "openrouter");
  parlance_message_set_model (reply, "some/model");
  parlance_message_set_lane (reply, 2);
  parlance_message_set_status (reply, PARLANCE_MESSAGE_ERROR, "The provider failed.");
  parlance_message_set_finish_reason (reply, "length");
  parlance_message_set_tokens (reply, 100, 200, 50, 25);
  parlance_message_set_cost_pico (reply, 12300000);
  parlance_message_set_first_token_time (reply, 350000);
  parlance_message_set_duration (reply, 2500000);
  parlance_message_set_tool_calls (reply, "[{\"id\":\"call_1\"}]");
  parlance_message_set_generation_id (reply, "gen-42");
  parlance_message_set_created (reply, 1234567890);
  g_assert_true (parlance_store_add_message (store, id, reply, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parlance_message_get_created (reply), ==, 1234567890);
  tool = parlance_message_new (PARLANCE_ROLE_TOOL, "42");
  parlance_message_set_parent_id (tool, parlance_message_get_id (reply));
  parlance_message_set_tool_call_id (tool, "call_1");
  g_assert_true (parlance_store_add_message (store, id, tool, &error));
  g_assert_cmpint (parlance_message_get_created (tool), >, 1234567890);

  branch = parlance_store_load_branch (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branch->len, ==, 3);
  g_assert_cmpint (parlance_message_get_role (branch->pdata[0]), ==, PARLANCE_ROLE_SYSTEM);
  g_assert_cmpint (parlance_message_get_cost_pico (branch->pdata[0]), ==, -1);
  g_assert_cmpint (parlance_message_get_duration (branch->pdata[0]), ==, -1);
  g_assert_cmpint (parlance_message_get_parent_id (branch->pdata[0]), ==, 0);
  loaded = branch->pdata[1];
  g_assert_cmpint (parlance_message_get_id (loaded), ==, parlance_message_get_id (reply));
  g_assert_cmpint (parlance_message_get_parent_id (loaded), ==, parlance_message_get_id (plain));
  g_assert_cmpstr (parlance_message_get_content (loaded), ==, "Hi “there”\n");
  g_assert_cmpstr (parlance_message_get_reasoning (loaded), ==, "thinking");
  g_assert_cmpstr (parlance_message_get_provider_id (loaded), ==, "openrouter");
  g_assert_cmpstr (parlance_message_get_model (loaded), ==, "some/model");
  g_assert_cmpuint (parlance_message_get_lane (loaded), ==, 2);
  g_assert_cmpint (parlance_message_get_status (loaded), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_status_text (loaded), ==, "The provider failed.");
  g_assert_cmpstr (parlance_message_get_finish_reason (loaded), ==, "length");
  parlance_message_get_tokens (loaded, &tokens[0], &tokens[1], &tokens[2], &tokens[3]);
  g_assert_cmpint (tokens[0], ==, 100);
  g_assert_cmpint (tokens[1], ==, 200);
  g_assert_cmpint (tokens[2], ==, 50);
  g_assert_cmpint (tokens[3], ==, 25);
  g_assert_cmpint (parlance_message_get_cost_pico (loaded), ==, 12300000);
  g_assert_cmpint (parlance_message_get_first_token_time (loaded), ==, 350000);
  g_assert_cmpint (parlance_message_get_duration (loaded), ==, 2500000);
  g_assert_cmpstr (parlance_message_get_tool_calls (loaded), ==, "[{\"id\":\"call_1\"}]");
  g_assert_cmpstr (parlance_message_get_generation_id (loaded), ==, "gen-42");
  g_assert_cmpint (parlance_message_get_created (loaded), ==, 1234567890);
  g_assert_cmpint (parlance_message_get_role (branch->pdata[2]), ==, PARLANCE_ROLE_TOOL);
  g_assert_cmpstr (parlance_message_get_tool_call_id (branch->pdata[2]), ==, "call_1");

  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_message_update (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "U");
  gint64 id = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) plain = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_USER,
                                                                  "q");
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Hi");
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceMessage *loaded;
  gint64 tokens[4];

  parlance_message_set_parent_id (reply, parlance_message_get_id (plain));
  parlance_message_set_status (reply, PARLANCE_MESSAGE_ERROR, "The provider failed.");
  parlance_message_set_tokens (reply, 100, 200, 50, 25);
  g_assert_true (parlance_store_add_message (store, id, reply, &error));

  /* Update writes every field. */
  parlance_message_set_content (reply, "Rewritten");
  parlance_message_set_status (reply, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_message_set_tokens (reply, -1, 7, -1, -1);
  g_assert_true (parlance_store_update_message (store, reply, &error));
  g_clear_pointer (&branch, g_ptr_array_unref);
  branch = parlance_store_load_branch (store, id, &error);
  loaded = branch->pdata[1];
  g_assert_cmpstr (parlance_message_get_content (loaded), ==, "Rewritten");
  g_assert_cmpint (parlance_message_get_status (loaded), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_null (parlance_message_get_status_text (loaded));
  parlance_message_get_tokens (loaded, &tokens[0], &tokens[1], NULL, NULL);
  g_assert_cmpint (tokens[0], ==, -1);
  g_assert_cmpint (tokens[1], ==, 7);

  parlance_message_set_id (reply, 999999);
  g_assert_false (parlance_store_update_message (store, reply, &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);

  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_parameters_round_trip (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(ParlanceConversation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  double value;
  gint64 tokens;

  g_assert_true (parlance_conversation_set_parameters_json (conversation,
    "{\"fallbacks\":[\"x/y:free\"],\"provider\":{\"sort\":\"price\"}}"));
  parlance_conversation_set_temperature (conversation, TRUE, 0.7);
  parlance_conversation_set_top_p (conversation, TRUE, 0.9);
  parlance_conversation_set_max_tokens (conversation, TRUE, 2048);
  parlance_conversation_set_reasoning_effort (conversation, "high");
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));

  loaded = parlance_store_get_conversation (store, parlance_conversation_get_id (conversation),
                                            &error);
  g_assert_no_error (error);
  g_assert_true (parlance_conversation_get_temperature (loaded, &value));
  g_assert_cmpfloat (value, ==, 0.7);
  g_assert_true (parlance_conversation_get_top_p (loaded, &value));
  g_assert_cmpfloat (value, ==, 0.9);
  g_assert_true (parlance_conversation_get_max_tokens (loaded, &tokens));
  g_assert_cmpint (tokens, ==, 2048);
  g_assert_cmpstr (parlance_conversation_get_reasoning_effort (loaded), ==, "high");
  json = parlance_conversation_dup_parameters_json (loaded);
  g_assert_nonnull (strstr (json, "\"fallbacks\":[\"x/y:free\"]"));
  g_assert_nonnull (strstr (json, "\"provider\":{\"sort\":\"price\"}"));

  /* Unset is absent, and stays absent after a save. */
  parlance_conversation_set_temperature (loaded, FALSE, 0);
  g_assert_true (parlance_store_save_conversation (store, loaded, &error));
  g_clear_object (&loaded);
  loaded = parlance_store_get_conversation (store, parlance_conversation_get_id (conversation),
                                            &error);
  g_assert_false (parlance_conversation_get_temperature (loaded, NULL));
  g_clear_pointer (&json, g_free);
  json = parlance_conversation_dup_parameters_json (loaded);
  g_assert_null (strstr (json, "temperature"));
  g_assert_nonnull (strstr (json, "fallbacks"));

  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_cost_sum_exact (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "$");
  gint64 parent = 0;
  g_autofree char *total = NULL;
  sqlite3 *db;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "x");
      g_autoptr(GError) error = NULL;

      parlance_message_set_parent_id (message, parent);
      parlance_message_set_cost_pico (message, parlance_cost_pico_from_double (0.0000123));
      g_assert_true (parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                                 message, &error));
      parent = parlance_message_get_id (message);
    }
  db = parlance_test_store_raw (path);
  total = parlance_cost_pico_to_string (parlance_test_store_raw_int (db,
                                          "SELECT SUM (cost_pico) FROM messages"));
  g_assert_cmpstr (total, ==, "0.0123");
  sqlite3_close (db);
  g_assert_cmpuint (branch_length (store, parlance_conversation_get_id (conversation)), ==, 1000);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_delete_cascades (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) gone = parlance_test_store_conversation (store, "Gone");
  g_autoptr(ParlanceConversation) kept = parlance_test_store_conversation (store, "Kept");
  g_autoptr(ParlanceMessage) a = parlance_test_store_message (store, parlance_conversation_get_id (gone),
                                                              0, PARLANCE_ROLE_USER, "a");
  g_autoptr(ParlanceMessage) b = parlance_test_store_message (store, parlance_conversation_get_id (kept),
                                                              0, PARLANCE_ROLE_USER, "b");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = parlance_test_store_raw (path);

  /* Two attachments share one blob; a third blob is only the deleted conversation's. */
  parlance_test_store_raw_exec (db, "PRAGMA foreign_keys = ON");
  parlance_test_store_raw_exec (db, "INSERT INTO blobs VALUES ('aa', 1, x'01'), ('bb', 1, x'02')");
  sql = g_strdup_printf ("INSERT INTO attachments (message_id, name, size, sha256) VALUES"
                         " (%" G_GINT64_FORMAT ", 'one', 1, 'aa'), (%" G_GINT64_FORMAT ", 'two', 1, 'bb'),"
                         " (%" G_GINT64_FORMAT ", 'shared', 1, 'aa')",
                         parlance_message_get_id (a), parlance_message_get_id (a),
                         parlance_message_get_id (b));
  parlance_test_store_raw_exec (db, sql);
  g_assert_true (parlance_store_delete_conversation (store, parlance_conversation_get_id (gone),
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM messages"), ==, 1);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM attachments"), ==, 1);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM blobs"), ==, 1);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT COUNT (*) FROM blobs WHERE sha256 = 'aa'"),
                   ==, 1);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_store_check_report (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (store, "C");
  g_autoptr(ParlanceMessage) message = parlance_test_store_message (store,
                                          parlance_conversation_get_id (conversation), 0,
                                          PARLANCE_ROLE_USER, "hello");
  g_autoptr(ParlanceStoreReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = parlance_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->integrity, ==, "ok");
  g_assert_cmpint (report->schema_version, ==, PARLANCE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (report->n_conversations, ==, 1);
  g_assert_cmpint (report->n_messages, ==, 1);
  g_assert_cmpint (report->n_attachments, ==, 0);
  g_assert_cmpint (report->n_interrupted, ==, 0);
  g_assert_cmpint (report->database_bytes, >, 0);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store/default-path-private", test_store_default_path_private);
  g_test_add_func ("/parlance/store/conversation-crud", test_store_conversation_crud);
  g_test_add_func ("/parlance/store/list-pinned-first", test_store_list_pinned_first);
  g_test_add_func ("/parlance/store/conversation-delete", test_store_conversation_delete);
  g_test_add_func ("/parlance/store/branch-walk", test_store_branch_walk);
  g_test_add_func ("/parlance/store/message-fields", test_store_message_fields);
  g_test_add_func ("/parlance/store/message-update", test_store_message_update);
  g_test_add_func ("/parlance/store/parameters-round-trip", test_store_parameters_round_trip);
  g_test_add_func ("/parlance/store/cost-sum-exact", test_store_cost_sum_exact);
  g_test_add_func ("/parlance/store/delete-cascades", test_store_delete_cascades);
  g_test_add_func ("/parlance/store/check-report", test_store_check_report);

  return g_test_run ();
}
