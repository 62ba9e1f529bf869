/* test-export.c — parlance-export.h: the JSON format as documented, Markdown, files, names.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "parlance-export.h"
#include "parlance-import.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

/* SHA-256 of the attachment's bytes 00 ff 41 */
#define BLOB_SHA256 "a90a10503fbfc95789ff38a1bb5039cb71869ab9c0eb1cb51c4a9099f2933c6b"
/* What parlance-fallback.c writes of a model that failed before another answered. */
#define ATTEMPTS "[{\"model\":\"meta-llama/llama-3.3-70b-instruct:free\",\"error\":\"Rate limited\"," \
                 "\"reason\":\"rate_limited\",\"server_message\":\"free-models-per-min\",\"status\":429}]"

typedef struct
{
  char          *path;
  ParlanceStore *store;
  gint64         conversation_id;
  gint64         user_id;
  gint64         first_reply_id;
  gint64         second_reply_id;
  gint64         second_reply_created;
} Fixture;

/* A conversation with two versions of a reply (the second shown), reasoning, usage, a cost,
 * tool calls, source ids and an attachment; and a second, archived conversation. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(ParlanceConversation) archived = NULL;
  g_autoptr(ParlanceMessage) user = NULL;
  g_autoptr(ParlanceMessage) first = NULL;
  g_autoptr(ParlanceMessage) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  f->path = parlance_test_store_path ();
  f->store = parlance_test_store_open (f->path);
  conversation = parlance_test_store_conversation (f->store, "Trip to Rome");
  parlance_conversation_set_model (conversation, "openai/gpt-4o");
  parlance_conversation_set_provider_id (conversation, "openrouter");
  parlance_conversation_set_system_prompt (conversation, "Be brief.");
  parlance_conversation_set_temperature (conversation, TRUE, 0.5);
  parlance_conversation_set_pinned (conversation, TRUE);
  g_assert_true (parlance_store_save_conversation (f->store, conversation, &error));
  g_assert_no_error (error);
  f->conversation_id = parlance_conversation_get_id (conversation);

  user = parlance_test_store_message (f->store, f->conversation_id, 0, PARLANCE_ROLE_USER,
                                      "What should I see in Rome?");
  f->user_id = parlance_message_get_id (user);
  first = parlance_test_store_message (f->store, f->conversation_id, f->user_id,
                                       PARLANCE_ROLE_ASSISTANT, "The FIRST-VERSION answer.");
  f->first_reply_id = parlance_message_get_id (first);

  second = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "The Pantheon, at *dawn*.");
  parlance_message_set_parent_id (second, f->user_id);
  parlance_message_set_lane (second, 1);
  parlance_message_append_reasoning (second, "They asked about sights.");
  parlance_message_set_model (second, "openai/gpt-4o");
  parlance_message_set_provider_id (second, "openrouter");
  parlance_message_set_finish_reason (second, "stop");
  parlance_message_set_tokens (second, 12, 34, -1, -1);
  parlance_message_set_cost_pico (second, 12300000);
  parlance_message_set_duration (second, 1500000);
  parlance_message_set_tool_calls (second, "[{\"id\":\"call_1\",\"type\":\"function\"}]");
  parlance_message_set_generation_id (second, "gen-1");
  parlance_message_set_requested_model (second, "meta-llama/llama-3.3-70b-instruct:free");
  parlance_message_set_provider_name (second, "Azure");
  parlance_message_set_attempts (second, ATTEMPTS);
  parlance_message_set_created (second, 1764622800123456);
  g_assert_true (parlance_store_add_message (f->store, f->conversation_id, second, &error));
  g_assert_no_error (error);
  f->second_reply_id = parlance_message_get_id (second);
  f->second_reply_created = parlance_message_get_created (second);

  archived = parlance_test_store_conversation (f->store, "Old things");
  parlance_conversation_set_archived (archived, TRUE);
  g_assert_true (parlance_store_save_conversation (f->store, archived, &error));
  g_clear_object (&user);
  user = parlance_test_store_message (f->store, parlance_conversation_get_id (archived), 0,
                                      PARLANCE_ROLE_USER, "Archived words");

  db = parlance_test_store_raw (f->path);
  sql = g_strdup_printf ("UPDATE conversations SET source = 'chatgpt', source_id = 'c-1'"
                         " WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE messages SET source = 'chatgpt', source_id = 'm-1'"
                         " WHERE id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO blobs (sha256, size, data) VALUES ('" BLOB_SHA256 "', 3, x'00ff41');"
                         "INSERT INTO attachments (message_id, name, mime_type, size, sha256)"
                         " VALUES (%" G_GINT64_FORMAT ", 'a.bin', 'application/octet-stream', 3,"
                         " '" BLOB_SHA256 "');",
                         f->conversation_id, f->user_id, f->user_id);
  parlance_test_store_raw_exec (db, sql);
  sqlite3_close (db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  parlance_test_store_close (g_steal_pointer (&f->store));
  g_free (f->path);
}

static char *
export_to_string (ParlanceStore        *store,
                  const gint64         *ids,
                  guint                 n_ids,
                  ParlanceExportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  char nul = '\0';

  g_assert_true (parlance_export_write (store, ids, n_ids, format, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, &nul, 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static guint
count_substrings (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* No member anywhere is null, but a root's parent. */
static void
assert_no_null (JsonNode   *node,
                const char *name)
{
  if (JSON_NODE_HOLDS_NULL (node))
    g_assert_cmpstr (name, ==, "parent");
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        assert_no_null (json_object_get_member (json_node_get_object (node), l->data), l->data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      assert_no_null (json_array_get_element (json_node_get_array (node), i), NULL);
}

static JsonObject *
find_message (JsonArray *messages,
              gint64     id)
{
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      if (json_object_get_int_member (m, "id") == id)
        return m;
    }
  g_assert_not_reached ();
}

static void
test_export_json_shape (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *text = export_to_string (f->store, NULL, 0, PARLANCE_EXPORT_JSON);
  g_autoptr(JsonNode) root = parse (text);
  g_autofree char *created = NULL;
  g_autofree guchar *bytes = NULL;
  JsonObject *top = json_node_get_object (root);
  JsonArray *conversations = json_object_get_array_member (top, "conversations");
  JsonObject *c, *m, *tokens, *attachment;
  JsonArray *messages;
  gsize len;

  assert_no_null (root, NULL);
  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "parlance");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                       json_object_get_string_member (top, "exported"), 0, 0));
  /* Archived conversations too. */
  g_assert_cmpuint (json_array_get_length (conversations), ==, 2);
  c = json_array_get_object_element (conversations, 0);
  g_assert_cmpint (json_object_get_int_member (c, "id"), ==, f->conversation_id);
  g_assert_cmpstr (json_object_get_string_member (c, "title"), ==, "Trip to Rome");
  g_assert_cmpstr (json_object_get_string_member (c, "provider_id"), ==, "openrouter");
  g_assert_cmpstr (json_object_get_string_member (c, "model"), ==, "openai/gpt-4o");
  g_assert_cmpstr (json_object_get_string_member (c, "system_prompt"), ==, "Be brief.");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (c, "parameters"),
                                                    "temperature"), ==, 0.5);
  g_assert_true (json_object_get_boolean_member (c, "pinned"));
  g_assert_false (json_object_get_boolean_member (c, "archived"));
  g_assert_cmpint (json_object_get_int_member (c, "tip"), ==, f->second_reply_id);
  g_assert_cmpstr (json_object_get_string_member (c, "source"), ==, "chatgpt");
  g_assert_cmpstr (json_object_get_string_member (c, "source_id"), ==, "c-1");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (conversations, 1),
                                                 "archived"));

  /* Every branch, parents first. */
  messages = json_object_get_array_member (c, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  m = find_message (messages, f->user_id);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (m, "parent")));
  g_assert_cmpstr (json_object_get_string_member (m, "role"), ==, "user");
  g_assert_cmpstr (json_object_get_string_member (m, "source_id"), ==, "m-1");
  g_assert_false (json_object_has_member (m, "reasoning"));
  g_assert_false (json_object_has_member (m, "tokens"));
  g_assert_false (json_object_has_member (m, "cost"));
  attachment = json_array_get_object_element (json_object_get_array_member (m, "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, "a.bin");
  g_assert_cmpint (json_object_get_int_member (attachment, "size"), ==, 3);
  bytes = g_base64_decode (json_object_get_string_member (attachment, "data"), &len);
  g_assert_cmpmem (bytes, len, "\x00\xff\x41", 3);
  g_assert_nonnull (find_message (messages, f->first_reply_id));

  m = find_message (messages, f->second_reply_id);
  g_assert_cmpint (json_object_get_int_member (m, "parent"), ==, f->user_id);
  g_assert_cmpint (json_object_get_int_member (m, "lane"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "The Pantheon, at *dawn*.");
  g_assert_cmpstr (json_object_get_string_member (m, "reasoning"), ==, "They asked about sights.");
  g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "complete");
  g_assert_cmpstr (json_object_get_string_member (m, "finish_reason"), ==, "stop");
  tokens = json_object_get_object_member (m, "tokens");
  g_assert_cmpint (json_object_get_int_member (tokens, "in"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (tokens, "out"), ==, 34);
  g_assert_false (json_object_has_member (tokens, "reasoning"));
  g_assert_cmpstr (json_object_get_string_member (m, "cost"), ==, "0.0000123");
  g_assert_cmpint (json_object_get_int_member (m, "duration_us"), ==, 1500000);
  g_assert_false (json_object_has_member (m, "first_token_us"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (m, "tool_calls")));
  g_assert_cmpstr (json_object_get_string_member (m, "generation_id"), ==, "gen-1");
  /* Who answered when the model asked failed first (schema version 3). */
  g_assert_cmpstr (json_object_get_string_member (m, "requested_model"), ==,
                   "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_cmpstr (json_object_get_string_member (m, "provider_name"), ==, "Azure");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (m, "attempts")));
  {
    g_autoptr(JsonNode) expected = parse (ATTEMPTS);

    g_assert_true (json_node_equal (json_object_get_member (m, "attempts"), expected));
  }
  /* Microseconds survive: nothing is rounded. */
  created = g_strdup (json_object_get_string_member (m, "created"));
  g_assert_cmpstr (created, ==, "2025-12-01T21:00:00.123456Z");
  g_assert_cmpint (f->second_reply_created, ==, 1764622800123456);
}

static void
test_export_chosen_ids (Fixture       *f,
                        gconstpointer  data)
{
  gint64 ids[] = { f->conversation_id, 9999 };
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = export_to_string (f->store, ids, 1, PARLANCE_EXPORT_JSON);
  g_autoptr(JsonNode) root = parse (text);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                                         "conversations")), ==, 1);
  g_assert_false (parlance_export_write (f->store, ids, 2, PARLANCE_EXPORT_JSON, stream, NULL,
                                         &error));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
}

static void
test_export_empty (void)
{
  g_autofree char *text = export_to_string (NULL, NULL, 0, PARLANCE_EXPORT_JSON);
  g_autoptr(JsonNode) root = parse (text);
  JsonObject *top = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "parlance");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "conversations")),
                    ==, 0);
}

static void
test_export_markdown (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *text = export_to_string (f->store, &f->conversation_id, 1,
                                            PARLANCE_EXPORT_MARKDOWN);

  g_assert_true (g_str_has_prefix (text, "# Trip to Rome\n\n"));
  g_assert_nonnull (strstr (text, "<details>\n<summary>System prompt</summary>\n\nBe brief.\n\n"
                                  "</details>\n\n"));
  g_assert_true (strstr (text, "System prompt") < strstr (text, "## You"));
  g_assert_nonnull (strstr (text, "## You · "));
  g_assert_nonnull (strstr (text, "What should I see in Rome?\n"));
  g_assert_nonnull (strstr (text, "## Assistant · openai/gpt-4o · "));
  g_assert_nonnull (strstr (text, "<details>\n<summary>Reasoning</summary>\n\n"
                                  "They asked about sights.\n\n</details>\n\n"
                                  "The Pantheon, at *dawn*.\n"));
  /* The shown branch only; the other version is said to exist. */
  g_assert_null (strstr (text, "FIRST-VERSION"));
  g_assert_nonnull (strstr (text, "There is 1 other version of this message, not shown."));
  /* The model that answered after the one asked failed. */
  g_assert_nonnull (strstr (text, "*Answered by openai/gpt-4o after meta-llama/llama-3.3-70b-instruct:free "
                                  "failed.*\n\n"));
  g_assert_nonnull (strstr (text, "Attachment: a.bin (3 bytes)"));
  g_assert_true (strstr (text, "## You") < strstr (text, "## Assistant"));
}

/* Whatever the text, the Markdown stays well-formed (#12 trial): an unclosed fence is closed at
 * the end of its message, raw HTML is text, "</details>" in reasoning doesn't end the block,
 * code keeps its "<", and a turn that only called tools says which. */
static void
test_export_markdown_safe (void)
{
  g_autofree char *path = parlance_test_store_path ();
  ParlanceStore *store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(ParlanceMessage) user = NULL;
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(ParlanceMessage) tools = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  conversation = parlance_test_store_conversation (store, "Evil <b>title</b> #");
  id = parlance_conversation_get_id (conversation);
  user = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_USER,
                                      "<script>alert(1)</script>\nUse `<div>` here.\n"
                                      "  ```c\nif (a < b)\n");
  reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "Answer <img src=x onerror=alert(1)>");
  parlance_message_set_parent_id (reply, parlance_message_get_id (user));
  parlance_message_append_reasoning (reply, "thinking </details>\n\n# Broke out");
  g_assert_true (parlance_store_add_message (store, id, reply, &error));
  g_assert_no_error (error);
  tools = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "");
  parlance_message_set_parent_id (tools, parlance_message_get_id (reply));
  parlance_message_set_tool_calls (tools, "[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                                   "{\"name\":\"run\",\"arguments\":\"{\\\"q\\\":\\\"```x```\\\"}\"}}]");
  g_assert_true (parlance_store_add_message (store, id, tools, &error));
  g_assert_no_error (error);
  text = export_to_string (store, &id, 1, PARLANCE_EXPORT_MARKDOWN);

  g_assert_true (g_str_has_prefix (text, "# Evil \\<b\\>title\\</b\\> \\#\n\n"));
  g_assert_null (strstr (text, "<script"));
  g_assert_nonnull (strstr (text, "&lt;script>alert(1)&lt;/script>\n"));
  g_assert_nonnull (strstr (text, "Use `<div>` here.\n"));
  /* The fence moved to the margin keeps its "<" and is closed before the next turn. */
  g_assert_nonnull (strstr (text, "\n```c\nif (a < b)\n```\n\n## Assistant"));
  g_assert_null (strstr (text, "<img"));
  g_assert_nonnull (strstr (text, "thinking &lt;/details>\n\n# Broke out\n\n</details>\n\n"));
  g_assert_cmpuint (count_substrings (text, "</details>"), ==, 1);
  /* The arguments' own ``` can't close the block they are shown in. */
  g_assert_nonnull (strstr (text, "*Called the tool run*\n\n````json\n{\"q\":\"```x```\"}\n````\n"));
  parlance_test_store_close (store);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  if (!parlance_export_file_finish (result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, 0, "ok");
}

static gboolean
is_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
assert_only_file (const char *dir,
                  const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n = 0;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_assert_cmpstr (entry, ==, name);
      n++;
    }
  g_assert_cmpuint (n, ==, name != NULL ? 1 : 0);
}

/* A failed export leaves what was there and no half file; a good one replaces it, private. */
static void
test_export_file_atomic (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (parlance_test_get_tmp_dir (), "exports", NULL);
  g_autofree char *path = g_build_filename (dir, "backup.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gint64 bad[] = { f->conversation_id, 9999 };
  GError *error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  parlance_export_file_async (f->store, bad, 2, PARLANCE_EXPORT_JSON, file, NULL, export_done,
                              &error);
  g_assert_true (parlance_test_wait_until (is_set, &error, 10000));
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  assert_only_file (dir, "backup.json");

  parlance_export_file_async (f->store, NULL, 0, PARLANCE_EXPORT_JSON, file, NULL, export_done,
                              &error);
  g_assert_true (parlance_test_wait_until (is_set, &error, 10000));
  g_assert_cmpstr (error->message, ==, "ok");
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\n  \"format\" : \"parlance\""));
  assert_only_file (dir, "backup.json");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
}

static void
test_export_suggest_name (void)
{
  static const char *cases[][3] = {
    { "Trip to Rome", "Trip to Rome.md", "Trip to Rome.json" },
    { "a/b: c?\n\"d\"", "a b c d.md", "a b c d.json" },
    { "..hidden", "hidden.md", "hidden.json" },
    { "  ", "Conversation.md", "Conversation.json" },
    { "\xc4\xaf\xe6\x97\xa5", "\xc4\xaf\xe6\x97\xa5.md", "\xc4\xaf\xe6\x97\xa5.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *md = parlance_export_suggest_name (cases[i][0], PARLANCE_EXPORT_MARKDOWN);
      g_autofree char *json = parlance_export_suggest_name (cases[i][0], PARLANCE_EXPORT_JSON);

      g_assert_cmpstr (md, ==, cases[i][1]);
      g_assert_cmpstr (json, ==, cases[i][2]);
    }
  {
    g_autofree char *long_title = g_strnfill (300, 'x');
    g_autofree char *name = parlance_export_suggest_name (long_title, PARLANCE_EXPORT_JSON);

    g_assert_cmpuint (strlen (name), ==, 80 + strlen (".json"));
  }
}

/* The export with the exporting database's ids replaced by places in the file, and without
 * its time: what must survive a round trip. */
static char *
normalize (const char *text)
{
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *top = json_node_get_object (root);
  JsonArray *conversations = json_object_get_array_member (top, "conversations");

  json_object_remove_member (top, "exported");
  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *c = json_array_get_object_element (conversations, i);
      JsonArray *messages = json_object_get_array_member (c, "messages");
      g_autoptr(GHashTable) places = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      json_object_remove_member (c, "id");
      for (guint j = 0; j < json_array_get_length (messages); j++)
        {
          JsonObject *m = json_array_get_object_element (messages, j);

          g_hash_table_insert (places, g_memdup2 (&(gint64) { json_object_get_int_member (m, "id") },
                                                  sizeof (gint64)),
                               GUINT_TO_POINTER (j));
          json_object_set_int_member (m, "id", j);
          if (!JSON_NODE_HOLDS_NULL (json_object_get_member (m, "parent")))
            {
              gint64 parent = json_object_get_int_member (m, "parent");

              g_assert_true (g_hash_table_contains (places, &parent));
              json_object_set_int_member (m, "parent",
                                          GPOINTER_TO_UINT (g_hash_table_lookup (places, &parent)));
            }
        }
      if (json_object_has_member (c, "tip"))
        {
          gint64 tip = json_object_get_int_member (c, "tip");

          g_assert_true (g_hash_table_contains (places, &tip));
          json_object_set_int_member (c, "tip", GPOINTER_TO_UINT (g_hash_table_lookup (places, &tip)));
        }
    }
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Export, import into another database, export again: the same conversations, every member. */
static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = export_to_string (f->store, NULL, 0, PARLANCE_EXPORT_JSON);
  g_autofree char *file_path = g_build_filename (parlance_test_get_tmp_dir (), "round-trip.json", NULL);
  g_autofree char *other_path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) other = parlance_test_store_open (other_path);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  sqlite3 *db;

  /* A reply cut off while streaming, and one that failed, travel with their status. */
  db = parlance_test_store_raw (f->path);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE messages SET status = 'error', error = 'HTTP 500'"
                                            " WHERE id = %" G_GINT64_FORMAT, f->first_reply_id);

    parlance_test_store_raw_exec (db, sql);
  }
  sqlite3_close (db);
  g_clear_pointer (&first, g_free);
  first = export_to_string (f->store, NULL, 0, PARLANCE_EXPORT_JSON);

  g_assert_true (g_file_set_contents (file_path, first, -1, NULL));
  summary = parlance_import_file (other, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_PARLANCE);
  g_assert_cmpint (summary->imported_conversations, ==, 2);
  g_assert_cmpint (summary->imported_messages, ==, 4);
  g_assert_cmpuint (summary->skipped->len, ==, 0);

  second = export_to_string (other, NULL, 0, PARLANCE_EXPORT_JSON);
  expected = normalize (first);
  got = normalize (second);
  g_assert_cmpstr (got, ==, expected);

  /* The fallback's columns are back in their rows, as they were written. */
  db = parlance_test_store_raw (other_path);
  {
    g_autofree char *row = parlance_test_store_raw_text (db,
      "SELECT requested_model || '|' || provider_name || '|' || attempts || '|' || cost_pico"
      " FROM messages WHERE attempts IS NOT NULL");

    g_assert_cmpstr (row, ==, "meta-llama/llama-3.3-70b-instruct:free|Azure|" ATTEMPTS "|12300000");
  }
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&other));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add ("/parlance/export/json-shape", Fixture, NULL, fixture_setup, test_export_json_shape,
              fixture_teardown);
  g_test_add ("/parlance/export/chosen-ids", Fixture, NULL, fixture_setup, test_export_chosen_ids,
              fixture_teardown);
  g_test_add_func ("/parlance/export/empty", test_export_empty);
  g_test_add ("/parlance/export/markdown", Fixture, NULL, fixture_setup, test_export_markdown,
              fixture_teardown);
  g_test_add_func ("/parlance/export/markdown-safe", test_export_markdown_safe);
  g_test_add ("/parlance/export/file-atomic", Fixture, NULL, fixture_setup,
              test_export_file_atomic, fixture_teardown);
  g_test_add_func ("/parlance/export/suggest-name", test_export_suggest_name);
  g_test_add ("/parlance/export/round-trip", Fixture, NULL, fixture_setup, test_export_round_trip,
              fixture_teardown);

  return g_test_run ();
}
