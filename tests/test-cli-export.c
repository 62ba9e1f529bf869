/* test-cli-export.c — `parlance-cli chats export`: JSON and Markdown, files, errors, terminals.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-test-cli-store.h"

static gint64
chat (StoreFixture *f,
      const char   *prompt,
      const char   *reply)
{
  g_autoptr(FakeResponse) response = queue_text_reply (f, reply, "0.0000123");
  g_autoptr(Run) run = store_run (f, ARGS ("chat", prompt));

  g_assert_cmpint (run->status, ==, 0);
  return saved_id (run);
}

static void
archive (StoreFixture *f,
         gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open (f->db_path, &error);
  g_autoptr(ParlanceConversation) conversation = parlance_store_get_conversation (store, id, &error);

  g_assert_no_error (error);
  parlance_conversation_set_archived (conversation, TRUE);
  g_assert_true (parlance_store_save_conversation (store, conversation, &error));
}

static JsonArray *
conversations_of (JsonParser *parser,
                  const char *text)
{
  JsonObject *top = parse_object (parser, text);

  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "parlance");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  return json_object_get_array_member (top, "conversations");
}

static void
test_export_json (StoreFixture  *f,
                  gconstpointer  data)
{
  gint64 first = chat (f, "What is 2+2?", "Four.");
  gint64 second = chat (f, "Old question", "Old answer");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonArray *conversations;
  JsonObject *reply;

  archive (f, second);
  run = store_run (f, ARGS ("chats", "export", id));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  /* Nothing after the document: not even a NUL. */
  g_assert_cmpuint (strlen (run->out->str), ==, run->out->len);
  g_assert_true (g_str_has_suffix (run->out->str, "  ]\n}\n"));
  conversations = conversations_of (parser, run->out->str);
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  reply = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (conversations, 0), "messages"), 1);
  g_assert_cmpstr (json_object_get_string_member (reply, "content"), ==, "Four.");
  g_assert_cmpstr (json_object_get_string_member (reply, "cost"), ==, "0.0000123");
  g_clear_pointer (&run, run_free);

  /* --all: archived ones too. */
  run = store_run (f, ARGS ("chats", "export", "--all"));
  g_assert_cmpint (run->status, ==, 0);
  conversations = conversations_of (parser, run->out->str);
  g_assert_cmpuint (json_array_get_length (conversations), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (conversations, 1),
                                                 "archived"));
}

static void
test_export_markdown_file (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, chat (f, "What is 2+2?", "Four."));
  g_autofree char *path = g_build_filename (f->data_home, "out.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "export", id, "--markdown", "-o", path));

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# What is 2+2?\n"));
  assert_contains (contents, "\n## You · ");
  assert_contains (contents, "\nWhat is 2+2?\n");
  assert_contains (contents, "\n## Assistant · test/answering-model · ");
  assert_contains (contents, "\nFour.\n");
}

static void
test_export_errors (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, chat (f, "Hello", "Hi"));
  g_autofree char *bad_path = g_build_filename (f->data_home, "no-such-folder", "out.json", NULL);
  g_autoptr(Run) run = NULL;

  run = store_run (f, ARGS ("chats", "export"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--all");
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "export", id, "--all"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "export", "x1"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "export", "999"));
  g_assert_cmpint (run->status, ==, 12);
  assert_contains (run->err->str, "There is no conversation 999.");
  g_assert_cmpstr (run->out->str, ==, "");
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "export", "--all", "-o", bad_path));
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "Could not write “");
  assert_contains (run->err->str, "out.json”");
  /* The file named is the one asked for, never the temporary beside it. */
  g_assert_null (strstr (run->err->str, ".part"));
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "export", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--markdown");
  assert_contains (run->out->str, "-o, --output=FILE");
}

/* No database: an empty export, and none is made. */
static void
test_export_no_database (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "export", "--all"));

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (json_array_get_length (conversations_of (parser, run->out->str)), ==, 0);
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

static void
test_export_terminal_safe (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         chat (f, "Hello", "Safe \033]0;pwned\007text"));
  g_autoptr(Run) run = NULL;

  run = run_cli_terminal (f->cli.url, (const char * const *) f->env,
                          ARGS ("chats", "export", id, "--markdown"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Safe ");
  g_assert_null (strchr (run->out->str, '\033'));
  g_assert_null (strstr (run->out->str, "pwned"));
  g_clear_pointer (&run, run_free);

  /* Into a pipe, byte for byte. */
  run = store_run (f, ARGS ("chats", "export", id, "--markdown"));
  assert_contains (run->out->str, "Safe \033]0;pwned\007text");
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/export/json", test_export_json);
  add_store_test ("/parlance/cli/export/markdown-file", test_export_markdown_file);
  add_store_test ("/parlance/cli/export/errors", test_export_errors);
  add_store_test ("/parlance/cli/export/no-database", test_export_no_database);
  add_store_test ("/parlance/cli/export/terminal-safe", test_export_terminal_safe);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
