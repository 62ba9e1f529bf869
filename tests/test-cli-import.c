/* test-cli-import.c — `parlance-cli chats import FILE… [--json]`: the summary, its JSON, the
 * exit status, and titles from the file kept away from the terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "parlance-test-cli-store.h"
#include "test-import-exports.h"

/* Writes an export (' for ") into the fixture's folder; returns its path. */
static char *
write_export (StoreFixture *f,
              const char   *name,
              const char   *text)
{
  char *path = g_build_filename (f->data_home, name, NULL);
  g_autofree char *json = g_strdelimit (g_strdup (text), "'", '"');
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_json_summary (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_export (f, "conversations.json",
                                        "[" CHATGPT_BRANCHED ",\n" CHATGPT_NO_MAPPING "]");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "import", path, "--json"));
  g_autofree char *members = NULL;
  JsonObject *root;
  JsonArray *skipped;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (parser, run->out->str);
  members = dup_member_names (root);
  g_assert_cmpstr (members, ==, "imported_conversations,imported_messages,skipped");
  g_assert_cmpint (json_object_get_int_member (root, "imported_conversations"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "imported_messages"), ==, 5);
  skipped = json_object_get_array_member (root, "skipped");
  g_assert_cmpuint (json_array_get_length (skipped), ==, 2);
  for (guint i = 0; i < json_array_get_length (skipped); i++)
    {
      g_autofree char *names = dup_member_names (json_array_get_object_element (skipped, i));

      g_assert_cmpstr (names, ==, "what,why");
    }
  g_clear_pointer (&run, run_free);

  /* Again: read, nothing new, still 0. */
  run = store_run (f, ARGS ("chats", "import", path, "--json"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_object (&parser);
  parser = json_parser_new ();
  root = parse_object (parser, run->out->str);
  g_assert_cmpint (json_object_get_int_member (root, "imported_conversations"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "imported_messages"), ==, 0);
}

static void
test_text_summary (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *claude = write_export (f, "claude.json", CLAUDE_EXPORT);
  g_autofree char *openai = write_export (f, "messages.json", OPENAI_EXPORT);
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "import", claude, openai));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Imported 2 conversations and 5 messages.");
  assert_contains (run->out->str, "“Nothing”: It has no messages");
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "--json"));
  assert_contains (run->out->str, "\"title\" : \"Poems\"");
}

/* A rejected file: status 1, the file and the line named, nothing of it kept; the other file
 * given is still imported. */
static void
test_rejected (StoreFixture  *f,
               gconstpointer  data)
{
  g_autofree char *bad = write_export (f, "bad.json", "[" CHATGPT_BRANCHED ",\n{'title': ");
  g_autofree char *good = write_export (f, "good.json", "[" CHATGPT_NO_CURRENT "]");
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "import", bad, good, "--json"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "“bad.json”");
  assert_contains (run->err->str, "truncated");
  root = parse_object (parser, run->out->str);
  g_assert_cmpint (json_object_get_int_member (root, "imported_conversations"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "imported_messages"), ==, 2);
  /* The JSON carries the reason too, beside the documented members. */
  assert_contains (json_object_get_string_member_with_default (root, "error", ""), "truncated");
  g_clear_pointer (&run, run_free);

  /* Only a rejected file: its reason, not "Imported 0 conversations". */
  run = store_run (f, ARGS ("chats", "import", bad));
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "truncated");
  g_assert_null (strstr (run->out->str, "Imported"));
  g_clear_pointer (&run, run_free);

  run = store_run (f, ARGS ("chats", "import", "/nonexistent/conversations.json"));
  g_assert_cmpint (run->status, ==, 1);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chats", "import"));
  g_assert_cmpint (run->status, ==, 2);
}

/* Titles from the file reach a terminal without their escape sequences. */
static void
test_terminal_safe (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_export (f, "evil.json",
    "[{'title': 'Evil \\u001b]0;pwned\\u0007 title', 'create_time': 1, 'id': 'e', 'mapping': {"
    " 'a': {'parent': null, 'message': {'author': {'role': 'user'},"
    " 'content': {'content_type': 'multimodal_text', 'parts': ['Hi', {'x': 1}]}}}}}]");
  g_autoptr(Run) run = run_cli_terminal (f->cli.url, (const char * const *) f->env,
                                         ARGS ("chats", "import", path));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Evil");
  g_assert_null (strchr (run->out->str, '\033'));
  g_assert_null (strchr (run->out->str, '\007'));
  g_assert_null (strstr (run->out->str, "pwned"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/import/json-summary", test_json_summary);
  add_store_test ("/parlance/cli/import/text-summary", test_text_summary);
  add_store_test ("/parlance/cli/import/rejected", test_rejected);
  add_store_test ("/parlance/cli/import/terminal-safe", test_terminal_safe);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
