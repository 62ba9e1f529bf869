/* test-import-lenient.c — what the #12 trial found too strict or misleading in the import.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports are written with ' for " (none of the texts needs a quote).
 */

#include "config.h"

#include <string.h>

#include "parlance-import.h"
#include "parlance-test-import.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

static ParlanceImportSummary *
import_quoted (ParlanceStore  *store,
               const char     *name,
               const char     *text,
               GError        **error)
{
  g_autofree char *json = g_strdelimit (g_strdup (text), "'", '"');

  return parlance_test_import_text (store, name, json, error);
}

/* How many skip lines say @what (and @why). */
static guint
count_skips (ParlanceImportSummary *summary,
             const char            *what,
             const char            *why)
{
  guint n = 0;

  for (guint i = 0; i < summary->skipped->len; i++)
    {
      ParlanceImportSkip *skip = g_ptr_array_index (summary->skipped, i);

      g_test_message ("skipped: %s: %s", skip->what, skip->why);
      if (strstr (skip->what, what) != NULL && strstr (skip->why, why) != NULL)
        n++;
    }
  return n;
}

/* "developer" is the system prompt; a role we don't know is left out and counted, not the
 * whole file refused. */
static void
test_openai_roles (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  summary = import_quoted (store, "messages.json",
                           "[{'role': 'developer', 'content': 'Be terse.'},\n"
                           " {'role': 'user', 'content': 'Hi'},\n"
                           " {'role': 'bogus', 'content': 'what'},\n"
                           " {'content': 'no role'},\n"
                           " {'role': 'assistant', 'content': 'Hello'}]", &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->imported_messages, ==, 2);
  g_assert_cmpuint (count_skips (summary, "2 messages in “Hi”", "role"), ==, 1);
  db = parlance_test_store_raw (path);
  parlance_test_import_assert_row (db, "SELECT system_prompt FROM conversations", "Be terse.");
  parlance_test_import_assert_row (db, "SELECT group_concat(role || ':' || content, ' / ')"
                                       " FROM (SELECT * FROM messages ORDER BY id)",
                                   "user:Hi / assistant:Hello");
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* {"messages": […]} is the same format as the bare array. */
static void
test_openai_object (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = import_quoted (store, "wrapped.json",
                           "{'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': 'Wrapped'},"
                           " {'role': 'assistant', 'content': 'Yes'}]}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_OPENAI);
  g_assert_cmpint (summary->imported_conversations, ==, 1);
  g_assert_cmpint (summary->imported_messages, ==, 2);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A JSON that is none of the shapes says which shapes are read. */
static void
test_unknown_shape (void)
{
  const char *files[] = { "{'foo': 'bar'}", "[{'hello': 1}]" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = parlance_test_store_path ();
      g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
      g_autoptr(ParlanceImportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;

      summary = import_quoted (store, "odd.json", files[i], &error);
      g_assert_null (summary);
      g_assert_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT);
      g_test_message ("%s", error->message);
      g_assert_null (strstr (error->message, "not a Parlance export"));
      g_assert_nonnull (strstr (error->message, "Parlance reads ChatGPT’s and Claude’s"));
      g_assert_nonnull (strstr (error->message, "“messages”"));
      parlance_test_store_close (g_steal_pointer (&store));
    }
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/import-lenient/openai-roles", test_openai_roles);
  g_test_add_func ("/parlance/import-lenient/openai-object", test_openai_object);
  g_test_add_func ("/parlance/import-lenient/unknown-shape", test_unknown_shape);

  return g_test_run ();
}
