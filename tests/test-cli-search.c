/* test-cli-search.c — `parlance-cli chats --search QUERY [--json]`: the JSON members, best
 * first, plain snippets with highlights; bold and the terminal filter on a terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "parlance-test-cli-store.h"

#define RESULT_FIELDS "conversation_id,highlights,message_id,snippet,title"

typedef struct
{
  gint64 rust;
  gint64 rust_message;
  gint64 stars;
  gint64 stars_message;
  gint64 hostile_message;
} Made;

static gint64
add_message (ParlanceStore *store,
             gint64         conversation_id,
             const char    *text)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_USER, text);
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_add_message (store, conversation_id, message, &error));
  g_assert_no_error (error);
  return parlance_message_get_id (message);
}

static gint64
add_conversation (ParlanceStore *store,
                  const char    *title)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(GError) error = NULL;

  parlance_conversation_set_title (conversation, title);
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  g_assert_no_error (error);
  return parlance_conversation_get_id (conversation);
}

static void
make_store (StoreFixture *f,
            Made         *made)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, &error);
  gint64 evil;

  g_assert_no_error (error);
  made->rust = add_conversation (store, "Rust help");
  made->rust_message = add_message (store, made->rust, "What are lifetimes, and why do I need them?");
  made->stars = add_conversation (store, "Astronomy");
  made->stars_message = add_message (store, made->stars,
                                     "The lifetimes of stars depend on their mass: a star ten "
                                     "times the Sun's mass lives a few tens of millions of years, "
                                     "a red dwarf for trillions.");
  evil = add_conversation (store, "Evil \033]0;pwned\007title");
  made->hostile_message = add_message (store, evil,
                                       "hostile \033]52;c;cm0gLXJmIH4=\007 lifetimes \033[2J end");
}

static JsonArray *
search_json (StoreFixture       *f,
             JsonParser         *parser,
             const char * const *args)
{
  g_autoptr(Run) run = store_run (f, args);
  JsonObject *root;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (parser, run->out->str);
  {
    g_autofree char *names = dup_member_names (root);

    g_assert_cmpstr (names, ==, "results");
  }
  return json_object_get_array_member (root, "results");
}

static void
test_search_json (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *results;
  JsonObject *result;
  Made made;

  make_store (f, &made);

  results = search_json (f, parser, ARGS ("chats", "--search", "lifet", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      g_autofree char *names = NULL;
      const char *snippet;
      JsonArray *highlights, *pair;
      g_autofree char *marked = NULL;
      glong start, end;

      result = json_array_get_object_element (results, i);
      names = dup_member_names (result);
      g_assert_cmpstr (names, ==, RESULT_FIELDS);
      /* Plain text: no marks; the highlight names the matched word. */
      snippet = json_object_get_string_member (result, "snippet");
      g_assert_null (strchr (snippet, '\002'));
      g_assert_null (strchr (snippet, '\003'));
      highlights = json_object_get_array_member (result, "highlights");
      g_assert_cmpuint (json_array_get_length (highlights), ==, 1);
      pair = json_array_get_array_element (highlights, 0);
      start = json_array_get_int_element (pair, 0);
      end = json_array_get_int_element (pair, 1);
      g_assert_cmpint (end - start, ==, strlen ("lifetimes"));
      marked = g_utf8_substring (snippet, start, end);
      g_assert_cmpstr (marked, ==, "lifetimes");
    }
  /* Best first: the short question before the long paragraph. */
  result = json_array_get_object_element (results, 0);
  g_assert_cmpint (json_object_get_int_member (result, "message_id"), !=, made.stars_message);

  /* A word in the title, one in the message: unquoted words after --search belong to it. */
  results = search_json (f, parser, ARGS ("chats", "--search", "rust", "lifetimes", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpint (json_object_get_int_member (result, "conversation_id"), ==, made.rust);
  g_assert_cmpint (json_object_get_int_member (result, "message_id"), ==, made.rust_message);
  g_assert_cmpstr (json_object_get_string_member (result, "title"), ==, "Rust help");

  /* The title alone: message_id null. */
  results = search_json (f, parser, ARGS ("chats", "--search", "astro", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpint (json_object_get_int_member (result, "conversation_id"), ==, made.stars);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (result, "message_id")));
  g_assert_cmpstr (json_object_get_string_member (result, "snippet"), ==, "Astronomy");

  /* Operators typed alone or around words: results or none, never an error. */
  results = search_json (f, parser, ARGS ("chats", "--search", "\"(* NEAR OR -", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 0);
  results = search_json (f, parser, ARGS ("chats", "--search", "\"", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 0);
  results = search_json (f, parser, ARGS ("chats", "--search", "(lifetimes*", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
}

static void
test_search_terminal (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autofree char *line = NULL;
  Made made;

  make_store (f, &made);

  /* On a terminal: the matched words in bold, nothing else a terminal obeys. */
  run = run_cli_terminal (f->cli.url, (const char * const *) f->env,
                          ARGS ("chats", "--search", "lifetimes"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "\033[1mlifetimes\033[0m");
  assert_contains (run->out->str, "Rust help");
  line = g_strdup_printf ("%" G_GINT64_FORMAT "  Rust help  (message %" G_GINT64_FORMAT ")",
                          made.rust, made.rust_message);
  assert_contains (run->out->str, line);
  assert_contains (run->out->str, "hostile");
  g_assert_null (strstr (run->out->str, "pwned"));
  /* The only escapes are the bold ones (a snippet's controls are spaces: the rest is inert). */
  g_string_replace (run->out, "\033[1m", "", 0);
  g_string_replace (run->out, "\033[0m", "", 0);
  g_assert_null (strchr (run->out->str, '\033'));
  g_assert_null (strchr (run->out->str, '\007'));
  g_assert_null (strchr (run->out->str, '\002'));
  g_clear_pointer (&run, run_free);

  /* Into a pipe: no bold, and still filtered. */
  run = store_run (f, ARGS ("chats", "--search", "lifetimes"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Rust help");
  g_assert_null (strchr (run->out->str, '\033'));
  g_assert_null (strchr (run->out->str, '\002'));
  g_clear_pointer (&run, run_free);

  /* Nothing found: said on standard error, exit 0. */
  run = store_run (f, ARGS ("chats", "--search", "zebra"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "");
  assert_contains (run->err->str, "No conversation holds those words");
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "--help"));
  assert_contains (run->out->str, "--search");
}

/* A 2 MB word found: a short snippet, in JSON and on a terminal. */
static void
test_search_huge_word (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) word = g_string_new ("start ");
  g_autoptr(Run) run = NULL;
  JsonArray *results;
  const char *snippet;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 2000000; i++)
      g_string_append_c (word, 'x');
    add_message (store, add_conversation (store, "Huge"), word->str);
  }

  results = search_json (f, parser, ARGS ("chats", "--search", "xxx", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  snippet = json_object_get_string_member (json_array_get_object_element (results, 0), "snippet");
  g_assert_cmpuint (g_utf8_strlen (snippet, -1), <=, 2 * 64 + 8);
  g_assert_true (g_str_has_prefix (snippet, "start xxx"));
  g_assert_true (g_str_has_suffix (snippet, "x…"));

  run = run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chats", "--search", "xxx"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run->out->len, <, 1024);
}

/* An imported title with escapes, bells and a bidi override: cleaned as the sidebar shows it,
 * in JSON and on a terminal, and found by its words; the snippet reordered by nothing. */
static void
test_search_hostile_title (StoreFixture  *f,
                           gconstpointer  data)
{
  static const char export[] =
    "[{\"title\": \"Evil \\u001b[31mRED\\u001b[0m title\\u0007\\u0008\\u009b2J\","
    " \"create_time\": 1700000000.5, \"current_node\": \"a\","
    " \"mapping\": {\"a\": {\"id\": \"a\", \"parent\": null, \"children\": [],"
    " \"message\": {\"id\": \"a\", \"author\": {\"role\": \"user\"}, \"create_time\": 1700000000.5,"
    " \"content\": {\"content_type\": \"text\", \"parts\": [\"say \\u202eRLO\\u202c twice\"]}}}}}]";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_build_filename (f->data_home, "hostile-title.json", NULL);
  g_autoptr(Run) run = NULL;
  JsonArray *results;
  JsonObject *result;

  g_assert_true (g_file_set_contents (path, export, -1, NULL));
  run = store_run (f, ARGS ("chats", "import", path));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  results = search_json (f, parser, ARGS ("chats", "--search", "red", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "title"), ==, "Evil RED title");

  results = search_json (f, parser, ARGS ("chats", "--search", "rlo", "--json"));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "title"), ==, "Evil RED title");
  g_assert_cmpstr (json_object_get_string_member (result, "snippet"), ==, "say RLO twice");

  run = run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chats", "--search", "rlo"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Evil RED title  (message");
  g_assert_null (strstr (run->out->str, "\342\200\256"));
  g_assert_null (strstr (run->out->str, "\342\220\207"));   /* ␇ */
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/search/json", test_search_json);
  add_store_test ("/parlance/cli/search/terminal", test_search_terminal);
  add_store_test ("/parlance/cli/search/huge-word", test_search_huge_word);
  add_store_test ("/parlance/cli/search/hostile-title", test_search_hostile_title);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
