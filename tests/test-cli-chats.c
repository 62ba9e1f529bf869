/* test-cli-chats.c — `parlance-cli chat` saving its exchanges (--new, --continue, -c,
 * --ephemeral) and `parlance-cli chats` (list, show, rename, delete), text and JSON.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test has a database of its own (a new XDG_DATA_HOME) and reads it back through
 * `chats … --json`, run as another process.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "parlance-test-cli-store.h"

#define CONVERSATION_FIELDS "archived,created,id,message_count,model,pinned,provider,title,updated"
#define MESSAGE_FIELDS "content,cost,created,error,id,model,parent_id,provider,reasoning,role,status," \
                       "tokens_in,tokens_out,version,versions"
#define ISO_TIME "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"

static JsonObject *
message_at (JsonObject *conversation,
            guint       index)
{
  JsonArray *messages = json_object_get_array_member (conversation, "messages");

  g_assert_nonnull (messages);
  g_assert_cmpuint (index, <, json_array_get_length (messages));
  return json_array_get_object_element (messages, index);
}

static guint
n_messages (JsonObject *conversation)
{
  return json_array_get_length (json_object_get_array_member (conversation, "messages"));
}

static void
assert_null_member (JsonObject *object,
                    const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, name)));
}

static ParlanceStore *
open_store (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (f->db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* As the app does. */
static void
archive_conversation (StoreFixture *f,
                      gint64        id)
{
  g_autoptr(ParlanceStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceConversation) conversation = parlance_store_get_conversation (store, id, &error);

  g_assert_no_error (error);
  parlance_conversation_set_archived (conversation, TRUE);
  parlance_store_save_conversation (store, conversation, &error);
  g_assert_no_error (error);
}

static gint64
chat (StoreFixture *f,
      const char   *prompt,
      const char   *reply)
{
  g_autoptr(FakeResponse) response = queue_text_reply (f, reply, NULL);
  g_autoptr(Run) run = store_run (f, ARGS ("chat", prompt));

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, reply);
  return saved_id (run);
}

/* chat saves */

static void
test_chat_saves (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_text_reply (f, "2 + 2 = 4.", "0.0000123");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autofree char *expected_err = NULL;
  JsonObject *conversation, *user, *reply;
  gint64 id;

  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  run = store_run (f, ARGS ("chat", "What is 2+2?"));
  g_assert_cmpint (run->status, ==, 0);
  /* Standard output is the reply's alone; the id goes to standard error. */
  g_assert_cmpstr (run->out->str, ==, "2 + 2 = 4.");
  id = saved_id (run);
  g_assert_cmpint (id, >, 0);
  expected_err = g_strdup_printf ("Saved as conversation %" G_GINT64_FORMAT "\n", id);
  g_assert_cmpstr (run->err->str, ==, expected_err);
  g_assert_true (g_file_test (f->db_path, G_FILE_TEST_EXISTS));

  conversation = show_conversation (f, id, parser);
  g_assert_cmpint (json_object_get_int_member (conversation, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (conversation, "title"), ==, "What is 2+2?");
  g_assert_cmpstr (json_object_get_string_member (conversation, "provider"), ==, "openrouter");
  g_assert_cmpstr (json_object_get_string_member (conversation, "model"), ==, DEFAULT_MODEL);
  g_assert_false (json_object_get_boolean_member (conversation, "pinned"));
  g_assert_false (json_object_get_boolean_member (conversation, "archived"));
  g_assert_cmpint (json_object_get_int_member (conversation, "message_count"), ==, 2);
  g_assert_true (g_regex_match_simple (ISO_TIME, json_object_get_string_member (conversation, "created"), 0, 0));
  g_assert_true (g_regex_match_simple (ISO_TIME, json_object_get_string_member (conversation, "updated"), 0, 0));

  g_assert_cmpuint (n_messages (conversation), ==, 2);
  user = message_at (conversation, 0);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "content"), ==, "What is 2+2?");
  g_assert_cmpstr (json_object_get_string_member (user, "status"), ==, "complete");
  assert_null_member (user, "parent_id");
  assert_null_member (user, "cost");
  assert_null_member (user, "error");
  g_assert_true (g_regex_match_simple (ISO_TIME, json_object_get_string_member (user, "created"), 0, 0));

  reply = message_at (conversation, 1);
  g_assert_cmpstr (json_object_get_string_member (reply, "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, "2 + 2 = 4.");
  g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "complete");
  g_assert_cmpint (json_object_get_int_member (reply, "parent_id"), ==, json_object_get_int_member (user, "id"));
  g_assert_cmpstr (json_object_get_string_member (reply, "provider"), ==, "openrouter");
  /* The model that answered, as the provider said. */
  g_assert_cmpstr (json_object_get_string_member (reply, "model"), ==, "test/answering-model");
  g_assert_cmpint (json_object_get_int_member (reply, "tokens_in"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (reply, "tokens_out"), ==, 7);
  g_assert_cmpfloat (json_object_get_double_member (reply, "cost"), ==, 0.0000123);
  assert_null_member (reply, "error");
  assert_null_member (reply, "reasoning");

  /* --new says the same explicitly: another conversation. */
  g_clear_pointer (&run, run_free);
  g_clear_pointer (&response, fake_response_unref);
  response = queue_text_reply (f, "Again.", NULL);
  run = store_run (f, ARGS ("chat", "--new", "What is 2+2?"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (saved_id (run), !=, id);
}

/* The shapes are exactly the documented ones, in list and show alike. */
static void
test_json_shapes (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) list_parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autofree char *names = NULL;
  JsonObject *conversation, *root;
  JsonArray *conversations;
  gint64 id;

  /* No database yet: an empty list, and none made. */
  run = store_run (f, ARGS ("chats", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (list_parser, run->out->str);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "conversations")), ==, 0);
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, run_free);

  id = chat (f, "Hello", "Hi there.");

  run = store_run (f, ARGS ("chats", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  root = parse_object (list_parser, run->out->str);
  names = dup_member_names (root);
  g_assert_cmpstr (names, ==, "conversations");
  conversations = json_object_get_array_member (root, "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  g_clear_pointer (&names, g_free);
  names = dup_member_names (json_array_get_object_element (conversations, 0));
  g_assert_cmpstr (names, ==, CONVERSATION_FIELDS);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"), ==, id);

  conversation = show_conversation (f, id, parser);
  g_clear_pointer (&names, g_free);
  names = dup_member_names (conversation);
  g_assert_cmpstr (names, ==, "archived,created,id,message_count,messages,model,pinned,provider,title,updated");
  for (guint i = 0; i < n_messages (conversation); i++)
    {
      g_clear_pointer (&names, g_free);
      names = dup_member_names (message_at (conversation, i));
      g_assert_cmpstr (names, ==, MESSAGE_FIELDS);
    }
}

/* Costs as exact decimals, whatever json-glib would have made of the double. */
static void
test_costs_exact (StoreFixture  *f,
                  gconstpointer  data)
{
  static const struct { const char *sent; const char *written; } costs[] = {
    { "0.0000123", "0.0000123" },
    { "0.00021", "0.00021" },
    { "3.01e-05", "0.0000301" },
    { "0.1", "0.1" },
    { "12", "12" },
    { "0", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (costs); i++)
    {
      g_autoptr(FakeResponse) response = queue_text_reply (f, "Paid.", costs[i].sent);
      g_autoptr(Run) run = store_run (f, ARGS ("chat", "hi"));
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, saved_id (run));
      g_autofree char *json_cost = g_strdup_printf ("\"cost\" : %s,\n", costs[i].written);
      g_autofree char *text_cost = g_strdup_printf ("$%s", costs[i].written);
      g_autoptr(Run) show = store_run (f, ARGS ("chats", "show", id, "--json"));
      g_autoptr(Run) text = store_run (f, ARGS ("chats", "show", id));

      g_assert_cmpint (show->status, ==, 0);
      assert_contains (show->out->str, json_cost);
      g_assert_cmpint (text->status, ==, 0);
      assert_contains (text->out->str, text_cost);
    }
}

/* --continue ID: the history is sent, the exchange added; the conversation's settings apply. */
static void
test_continue (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) first = queue_text_reply (f, "First answer.", NULL);
  g_autoptr(FakeResponse) second = NULL;
  g_autoptr(FakeResponse) third = NULL;
  g_autoptr(Run) run = NULL;
  g_autofree char *id_text = NULL;
  JsonObject *body, *conversation;
  gint64 id;

  run = store_run (f, ARGS ("chat", "-m", "test/chosen-model", "-s", "Be brief.", "First question"));
  g_assert_cmpint (run->status, ==, 0);
  id = saved_id (run);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_clear_pointer (&run, run_free);

  second = queue_text_reply (f, "Second answer.", NULL);
  run = store_run (f, ARGS ("chat", "--continue", id_text, "Second question"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Second answer.");
  /* Nothing new was started. */
  g_assert_cmpstr (run->err->str, ==, "");

  body = request_body (&f->cli, 1, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "test/chosen-model");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")), ==, 4);
  g_assert_cmpstr (message_content (body, 0, "system"), ==, "Be brief.");
  g_assert_cmpstr (message_content (body, 1, "user"), ==, "First question");
  g_assert_cmpstr (message_content (body, 2, "assistant"), ==, "First answer.");
  g_assert_cmpstr (message_content (body, 3, "user"), ==, "Second question");

  conversation = show_conversation (f, id, parser);
  g_assert_cmpint (json_object_get_int_member (conversation, "message_count"), ==, 4);
  g_assert_cmpuint (n_messages (conversation), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (message_at (conversation, 3), "content"), ==, "Second answer.");
  for (guint i = 1; i < 4; i++)
    g_assert_cmpint (json_object_get_int_member (message_at (conversation, i), "parent_id"), ==,
                     json_object_get_int_member (message_at (conversation, i - 1), "id"));

  /* A model given on the command line is used, and becomes the conversation's. */
  g_clear_pointer (&run, run_free);
  third = queue_text_reply (f, "Third answer.", NULL);
  run = store_run (f, ARGS ("chat", "--continue", id_text, "-m", "test/other-model", "Third question"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (&f->cli, 2, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "test/other-model");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")), ==, 6);
  conversation = show_conversation (f, id, parser);
  g_assert_cmpstr (json_object_get_string_member (conversation, "model"), ==, "test/other-model");
  g_assert_cmpuint (n_messages (conversation), ==, 6);

}

/* The conversation's settings: what is unset is not sent; what is set is. */
static void
test_continue_settings (StoreFixture  *f,
                        gconstpointer  data)
{
  static const char *settings[] = { "temperature", "top_p", "max_tokens", "reasoning", "reasoning_effort" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 id = chat (f, "First question", "First answer.");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(FakeResponse) second = queue_text_reply (f, "Second answer.", NULL);
  g_autoptr(FakeResponse) third = queue_text_reply (f, "Third answer.", NULL);
  g_autoptr(Run) run = NULL;
  JsonObject *body, *reasoning;

  run = store_run (f, ARGS ("chat", "--continue", id_text, "Second question"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (&f->cli, 1, parser);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_assert_false (json_object_has_member (body, settings[i]));
  g_clear_pointer (&run, run_free);

  {
    g_autoptr(ParlanceStore) store = open_store (f);
    g_autoptr(GError) error = NULL;
    g_autoptr(ParlanceConversation) saved = parlance_store_get_conversation (store, id, &error);

    g_assert_no_error (error);
    parlance_conversation_set_temperature (saved, TRUE, 0.25);
    parlance_conversation_set_top_p (saved, TRUE, 0.5);
    parlance_conversation_set_max_tokens (saved, TRUE, 300);
    parlance_conversation_set_reasoning_effort (saved, "low");
    parlance_store_save_conversation (store, saved, &error);
    g_assert_no_error (error);
  }

  run = store_run (f, ARGS ("chat", "--continue", id_text, "Third question"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (&f->cli, 2, parser);
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.25);
  g_assert_cmpfloat (json_object_get_double_member (body, "top_p"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 300);
  /* As OpenRouter spells it. */
  reasoning = json_object_get_object_member (body, "reasoning");
  g_assert_nonnull (reasoning);
  g_assert_cmpstr (json_object_get_string_member (reasoning, "effort"), ==, "low");
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
}

/* -c: the most recently updated conversation that is not archived. */
static void
test_continue_latest (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *body;
  gint64 alpha, beta;

  /* Nothing to continue: no request, and no database made for it. */
  run = store_run (f, ARGS ("chat", "-c", "Nothing to continue"));
  g_assert_cmpint (run->status, ==, 12);
  g_assert_cmpstr (run->err->str, ==, "There is no conversation to continue yet: leave out -c to start one.\n");
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chat", "--continue", "3", "Nothing to continue"));
  g_assert_cmpint (run->status, ==, 12);
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 0);
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, run_free);

  alpha = chat (f, "Alpha", "A.");
  beta = chat (f, "Beta", "B.");

  response = queue_text_reply (f, "More B.", NULL);
  run = store_run (f, ARGS ("chat", "-c", "More"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (&f->cli, 2, parser);
  g_assert_cmpstr (message_content (body, 0, "user"), ==, "Beta");
  g_assert_cmpint (json_object_get_int_member (show_conversation (f, beta, parser), "message_count"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (show_conversation (f, alpha, parser), "message_count"), ==, 2);

  /* Archived: skipped. */
  archive_conversation (f, beta);
  g_clear_pointer (&run, run_free);
  g_clear_pointer (&response, fake_response_unref);
  response = queue_text_reply (f, "More A.", NULL);
  run = store_run (f, ARGS ("chat", "--continue-latest", "Again"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (&f->cli, 3, parser);
  g_assert_cmpstr (message_content (body, 0, "user"), ==, "Alpha");
  g_assert_cmpint (json_object_get_int_member (show_conversation (f, alpha, parser), "message_count"), ==, 4);
}

static void
test_continue_usage (StoreFixture  *f,
                     gconstpointer  data)
{
  static const struct { const char *args[6]; int status; const char *says; } cases[] = {
    { { "chat", "--continue", "999", "hi" }, 12, "There is no conversation 999. Run “parlance-cli chats” to see them.\n" },
    { { "chat", "--continue", "abc", "hi" }, 2, "“abc” is not a conversation id" },
    { { "chat", "--continue", "-5", "hi" }, 2, "not a conversation id" },
    { { "chat", "--new", "--ephemeral", "hi" }, 2, "Choose one of" },
    { { "chat", "--continue", "1", "-c", "hi" }, 2, "Choose one of" },
    { { "chat", "--ephemeral", "-c", "hi" }, 2, "Choose one of" },
  };

  chat (f, "Hello", "Hi.");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = store_run (f, cases[i].args);

      g_assert_cmpint (run->status, ==, cases[i].status);
      assert_contains (run->err->str, cases[i].says);
      g_assert_cmpstr (run->out->str, ==, "");
    }
  g_assert_cmpuint (fake_provider_get_n_requests (f->cli.fake), ==, 1);
}

/* --ephemeral: nothing saved, the database not even made. --json says the id, or null. */
static void
test_ephemeral_and_json (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) first = queue_text_reply (f, "Not kept.", NULL);
  g_autoptr(FakeResponse) second = queue_text_reply (f, "Not kept either.", NULL);
  g_autoptr(FakeResponse) third = queue_text_reply (f, "Kept.", NULL);
  g_autofree char *folder = g_path_get_dirname (f->db_path);
  g_autoptr(Run) run = NULL;
  JsonObject *root, *list;

  run = store_run (f, ARGS ("chat", "--ephemeral", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Not kept.");
  g_assert_cmpstr (run->err->str, ==, "");
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chat", "--ephemeral", "--json", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (parser, run->out->str);
  assert_null_member (root, "conversation_id");
  g_assert_cmpstr (json_object_get_string_member (root, "content"), ==, "Not kept either.");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, run_free);

  /* Saved, with --json: the id in the JSON, standard error quiet. */
  run = store_run (f, ARGS ("chat", "--json", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  root = parse_object (parser, run->out->str);
  g_assert_cmpstr (json_object_get_string_member (root, "content"), ==, "Kept.");
  {
    g_autoptr(JsonParser) list_parser = json_parser_new ();
    g_autoptr(Run) chats = store_run (f, ARGS ("chats", "--json"));
    JsonArray *conversations;

    list = parse_object (list_parser, chats->out->str);
    conversations = json_object_get_array_member (list, "conversations");
    g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
    g_assert_cmpint (json_object_get_int_member (root, "conversation_id"), ==,
                     json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"));
  }
}

/* chats */

static void
test_list (StoreFixture  *f,
           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *conversations;
  const char *long_title = "A question with very many words that goes on and on well past any width "
                           "a table column should have";
  gint64 ids[3];

  ids[0] = chat (f, "Alpha", "A.");
  ids[1] = chat (f, "Beta", "B.");
  ids[2] = chat (f, long_title, "C.");

  run = store_run (f, ARGS ("chats"));
  g_assert_cmpint (run->status, ==, 0);
  lines = g_strsplit (run->out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);  /* heading, three rows, "" */
  g_assert_true (g_regex_match_simple ("^ *ID +TITLE +MODEL +UPDATED +MESSAGES$", lines[0], 0, 0));
  /* Most recent first; every row on one line, bounded. */
  assert_contains (lines[1], "A question with very many words");
  assert_contains (lines[1], "…");
  assert_contains (lines[2], "Beta");
  assert_contains (lines[3], "Alpha");
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 120);
  g_assert_true (g_regex_match_simple (" 2$", lines[1], 0, 0));
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "--json"));
  conversations = json_object_get_array_member (parse_object (parser, run->out->str), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, i), "id"), ==,
                     ids[2 - i]);
  /* The title, shortened from the first message; the table cuts it shorter still. */
  {
    const char *title = json_object_get_string_member (json_array_get_object_element (conversations, 0), "title");

    g_assert_true (g_str_has_prefix (title, "A question with very many words"));
    g_assert_true (g_str_has_suffix (title, "…"));
  }
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "--limit", "2", "--json"));
  conversations = json_object_get_array_member (parse_object (parser, run->out->str), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 2);
  g_clear_pointer (&run, run_free);

  /* --archived: those only. */
  archive_conversation (f, ids[1]);
  run = store_run (f, ARGS ("chats", "--archived", "--json"));
  conversations = json_object_get_array_member (parse_object (parser, run->out->str), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"), ==, ids[1]);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (conversations, 0), "archived"));
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "--json"));
  conversations = json_object_get_array_member (parse_object (parser, run->out->str), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 2);
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "--limit", "-1"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "frobnicate"));
  g_assert_cmpint (run->status, ==, 2);
}

/* Titles and replies are words from elsewhere: a terminal gets none of their escapes. */
static void
test_terminal_safe (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         chat (f, "Hello", "Safe \033]0;pwned\007text \033[2Jcleared"));

  run = store_run (f, ARGS ("chats", "rename", id, "Evil \033]52;c;cm0gLXJmIH4=\007title\nsecond line"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  for (guint i = 0; i < 2; i++)
    {
      run = i == 0 ? run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chats"))
                   : run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chats", "show", id));
      g_assert_cmpint (run->status, ==, 0);
      assert_contains (run->out->str, "Evil");
      g_assert_null (strchr (run->out->str, '\033'));
      g_assert_null (strchr (run->out->str, '\007'));
      g_assert_null (strstr (run->out->str, "pwned"));
      g_assert_null (strstr (run->out->str, "cm0gLXJmIH4="));
      g_clear_pointer (&run, run_free);
    }

  /* Into a pipe, `show` gives the text as it is; JSON escapes the controls. */
  run = store_run (f, ARGS ("chats", "show", id));
  assert_contains (run->out->str, "Safe \033]0;pwned\007text");
  g_clear_pointer (&run, run_free);
  run = run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chats", "show", id, "--json"));
  g_assert_null (strchr (run->out->str, '\033'));
  assert_contains (run->out->str, "Safe \\u001b]0;pwned\\u0007text");
}

static void
test_show_text (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, chat (f, "What is 2+2?", "Four."));
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "show", id));
  g_autofree char *heading = g_strdup_printf ("Conversation %s, 2 messages, updated ", id);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_prefix (run->out->str, "What is 2+2?\n"));
  assert_contains (run->out->str, heading);
  assert_contains (run->out->str, "\nYou · ");
  assert_contains (run->out->str, "\nWhat is 2+2?\n");
  assert_contains (run->out->str, "\nAssistant · test/answering-model · ");
  g_assert_true (g_str_has_suffix (run->out->str, "\nFour.\n"));
}

/* A reply regenerated twice, the second version shown: `chats show` says "version 2 of 3" in
 * its heading, and --json carries "version" and "versions" (1 of 1 for the question). */
static void
test_show_versions (StoreFixture  *f,
                    gconstpointer  data)
{
  gint64 id = chat (f, "Name a colour.", "Teal.");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonArray *messages;
  gint64 second = 0;

  {
    g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, NULL);
    g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, id, NULL);
    gint64 question = parlance_message_get_id (g_ptr_array_index (branch, 0));
    const char *texts[] = { "Ochre.", "Crimson." };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autoptr(ParlanceMessage) version = parlance_message_new (PARLANCE_ROLE_ASSISTANT, texts[i]);

        parlance_message_set_parent_id (version, question);
        g_assert_true (parlance_store_add_message (store, id, version, NULL));
        if (i == 0)
          second = parlance_message_get_id (version);
      }
    g_assert_true (parlance_store_set_tip (store, id, second, NULL));
  }

  run = store_run (f, ARGS ("chats", "show", id_text));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, " · version 2 of 3\nOchre.\n");
  /* The question has no other version: nothing said. */
  g_assert_null (strstr (run->out->str, "version 1 of 1"));
  g_clear_pointer (&run, run_free);

  messages = json_object_get_array_member (show_conversation (f, id, parser), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 0), "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 0), "versions"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 1), "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 1), "versions"), ==, 3);
}

static void
test_rename_delete (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 id = chat (f, "Hello", "Hi.");
  gint64 other = chat (f, "Other", "Yes.");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *deleted = g_strdup_printf ("Deleted conversation %s (“Greetings, in two words”).\n", id_text);
  g_autofree char *missing = g_strdup_printf ("There is no conversation %s. Run “parlance-cli chats” to see "
                                              "them.\n", id_text);
  g_autoptr(Run) run = NULL;
  JsonArray *conversations;
  int status;

  run = store_run (f, ARGS ("chats", "rename", id_text, "Greetings,", "in two words"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (show_conversation (f, id, parser), "title"), ==,
                   "Greetings, in two words");
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "rename", id_text, "  "));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "rename", "424242", "Title"));
  g_assert_cmpint (run->status, ==, 12);
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "delete", id_text));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, deleted);
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "show", id_text));
  g_assert_cmpint (run->status, ==, 12);
  g_assert_cmpstr (run->err->str, ==, missing);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "delete", id_text));
  g_assert_cmpint (run->status, ==, 12);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "delete", "abc"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "--json"));
  conversations = json_object_get_array_member (parse_object (parser, run->out->str), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"), ==, other);

  /* Its messages went with it. */
  g_assert_cmpint (json_object_get_int_member (run_doctor (f, parser, &status), "messages"), ==, 2);
  g_assert_cmpint (status, ==, 0);
}

/* Ctrl+C keeps what was printed, as interrupted; a failed stream keeps its text, as error. */
static void
test_interrupt_and_error (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FakeResponse) slow = queue_slow_reply (f, "word ", 200, 20);
  g_autoptr(FakeResponse) failing = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *conversation, *reply;
  gint64 id;

  run = run_cli_full (f->cli.url, (const char * const *) f->env, NULL, TRUE, ARGS ("chat", "hi"));
  g_assert_true (run->interrupted);
  g_assert_cmpint (run->status, ==, 130);
  g_assert_cmpuint (run->out->len, >, 0);
  id = saved_id (run);
  conversation = show_conversation (f, id, parser);
  reply = message_at (conversation, 1);
  g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "interrupted");
  /* All of what was printed, and nothing else. */
  g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, run->out->str);
  g_clear_pointer (&run, run_free);

  failing = queue_fixture (&f->cli, "POST", "/chat/completions", 200, "chat-stream-error.200.sse");
  run = store_run (f, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 8);
  conversation = show_conversation (f, saved_id (run), parser);
  reply = message_at (conversation, 1);
  g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, "Partial answer");
  g_assert_nonnull (json_object_get_string_member (reply, "error"));
  g_assert_cmpstr (json_object_get_string_member (reply, "error"), !=, "");
  /* The key never goes into the database. */
  parlance_test_assert_no_file_contains (f->data_home, env_key);
}

/* SIGTERM and SIGHUP (kill, a closed terminal) save the reply as Ctrl+C does: all that was
 * printed, as interrupted — not only what the last batch held. */
static void
test_terminated (StoreFixture  *f,
                 gconstpointer  data)
{
  const int signals[] = { SIGTERM, SIGHUP };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(FakeResponse) slow = queue_slow_reply (f, "word ", 200, 20);
      g_autoptr(Run) run = NULL;
      JsonObject *reply;

      parlance_test_cli_interrupt_signal = signals[i];
      run = run_cli_full (f->cli.url, (const char * const *) f->env, NULL, TRUE, ARGS ("chat", "hi"));
      parlance_test_cli_interrupt_signal = SIGINT;
      g_assert_true (run->interrupted);
      g_assert_cmpint (run->status, ==, 130);
      g_assert_cmpuint (run->out->len, >, 0);
      reply = message_at (show_conversation (f, saved_id (run), parser), 1);
      g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "interrupted");
      g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, run->out->str);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/chats/chat-saves", test_chat_saves);
  add_store_test ("/parlance/cli/chats/json-shapes", test_json_shapes);
  add_store_test ("/parlance/cli/chats/costs-exact", test_costs_exact);
  add_store_test ("/parlance/cli/chats/continue", test_continue);
  add_store_test ("/parlance/cli/chats/continue-settings", test_continue_settings);
  add_store_test ("/parlance/cli/chats/continue-latest", test_continue_latest);
  add_store_test ("/parlance/cli/chats/continue-usage", test_continue_usage);
  add_store_test ("/parlance/cli/chats/ephemeral-and-json", test_ephemeral_and_json);
  add_store_test ("/parlance/cli/chats/list", test_list);
  add_store_test ("/parlance/cli/chats/terminal-safe", test_terminal_safe);
  add_store_test ("/parlance/cli/chats/show-text", test_show_text);
  add_store_test ("/parlance/cli/chats/show-versions", test_show_versions);
  add_store_test ("/parlance/cli/chats/rename-delete", test_rename_delete);
  add_store_test ("/parlance/cli/chats/interrupt-and-error", test_interrupt_and_error);
  add_store_test ("/parlance/cli/chats/terminated", test_terminated);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
