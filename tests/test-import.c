/* test-import.c — importing Parlance's JSON, ChatGPT's, Claude's and OpenAI's exports.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exports are written here in the shapes the services use (issue #12); the database is
 * read back with a raw connection so every column is checked, not just what the objects show.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-import.h"
#include "parlance-import-private.h"
#include "test-import-exports.h"
#include "parlance-test-import.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

/* Parlance's own format */

static const char parlance_export[] =
  "{\"format\": \"parlance\", \"version\": 1, \"exported\": \"2026-12-01T21:00:00.000000Z\",\n"
  " \"conversations\": [\n"
  "  {\"id\": 12, \"title\": \"Trip to Rome\", \"created\": \"2026-11-01T10:00:00.000001Z\",\n"
  "   \"updated\": \"2026-11-01T10:05:00.000000Z\", \"provider_id\": \"openrouter\",\n"
  "   \"model\": \"openai/gpt-4o\", \"system_prompt\": \"Be brief.\",\n"
  "   \"parameters\": {\"temperature\": 0.5}, \"pinned\": true, \"archived\": false, \"tip\": 43,\n"
  "   \"messages\": [\n"
  "    {\"id\": 40, \"parent\": null, \"lane\": 0, \"role\": \"user\", \"content\": \"Plan a day\",\n"
  "     \"status\": \"complete\", \"created\": \"2026-11-01T10:00:01.000002Z\",\n"
  "     \"attachments\": [{\"name\": \"note.txt\", \"mime_type\": \"text/plain\", \"size\": 5,\n"
  "       \"sha256\": \"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\",\n"
  "       \"data\": \"aGVsbG8=\"}]},\n"
  "    {\"id\": 41, \"parent\": 40, \"role\": \"assistant\", \"content\": \"First try\",\n"
  "     \"status\": \"error\", \"error\": \"Rate limited\", \"created\": \"2026-11-01T10:00:02Z\"},\n"
  "    {\"id\": 43, \"parent\": 40, \"lane\": 1, \"role\": \"assistant\", \"content\": \"Colosseum\",\n"
  "     \"reasoning\": \"Think\", \"status\": \"complete\", \"provider_id\": \"openrouter\",\n"
  "     \"model\": \"openai/gpt-4o\", \"finish_reason\": \"stop\",\n"
  "     \"tokens\": {\"in\": 10, \"out\": 20, \"reasoning\": 5, \"cached\": 2},\n"
  "     \"cost\": \"0.0000123\", \"first_token_us\": 1500, \"duration_us\": 90000,\n"
  "     \"created\": \"2026-11-01T10:00:03.123456Z\",\n"
  "     \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\"}], \"generation_id\": \"gen-1\"}\n"
  "   ]},\n"
  "  {\"id\": 13, \"title\": \"From ChatGPT\", \"created\": \"2026-10-01T10:00:00Z\",\n"
  "   \"updated\": \"2026-10-01T10:00:00Z\", \"source\": \"chatgpt\", \"source_id\": \"abc\",\n"
  "   \"messages\": [{\"id\": 50, \"role\": \"user\", \"content\": \"Hi\",\n"
  "     \"created\": \"2026-10-01T10:00:00Z\", \"source\": \"chatgpt\", \"source_id\": \"n1\"}]}\n"
  " ]}\n";

static void
test_import_parlance_fields (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  summary = parlance_test_import_text (store, "backup.json", parlance_export, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_PARLANCE);
  g_assert_cmpint (summary->imported_conversations, ==, 2);
  g_assert_cmpint (summary->imported_messages, ==, 4);
  g_assert_cmpuint (summary->skipped->len, ==, 0);

  db = parlance_test_store_raw (path);
  parlance_test_import_assert_row (db,
    "SELECT title, created, updated, provider_id, model, system_prompt, parameters, pinned,"
    " archived, source, (SELECT content FROM messages WHERE id = tip_id)"
    " FROM conversations WHERE title = 'Trip to Rome'",
    "Trip to Rome|1793527200000001|1793527500000000|openrouter|openai/gpt-4o|Be brief."
    "|{\"temperature\":0.5}|1|0|NULL|Colosseum");
  parlance_test_import_assert_row (db,
    "SELECT lane, role, content, reasoning, status, provider_id, model, finish_reason,"
    " tokens_in, tokens_out, tokens_reasoning, tokens_cached, cost_pico, first_token_us,"
    " duration_us, created, tool_calls, generation_id, depth,"
    " (SELECT content FROM messages p WHERE p.id = m.parent_id)"
    " FROM messages m WHERE content = 'Colosseum'",
    "1|assistant|Colosseum|Think|complete|openrouter|openai/gpt-4o|stop|10|20|5|2|12300000|1500"
    "|90000|1793527203123456|[{\"id\":\"c1\",\"type\":\"function\"}]|gen-1|2|Plan a day");
  parlance_test_import_assert_row (db,
    "SELECT status, error, depth FROM messages WHERE content = 'First try'",
    "error|Rate limited|2");
  parlance_test_import_assert_row (db,
    "SELECT a.name, a.mime_type, a.size, b.data FROM attachments a JOIN blobs b USING (sha256)",
    "note.txt|text/plain|5|hello");
  parlance_test_import_assert_row (db,
    "SELECT c.source, c.source_id, m.source, m.source_id FROM conversations c"
    " JOIN messages m ON m.conversation_id = c.id WHERE c.title = 'From ChatGPT'",
    "chatgpt|abc|chatgpt|n1");
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A backup restored twice, or into the database it came from, adds nothing. */
static void
test_import_parlance_twice (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) first = NULL;
  g_autoptr(ParlanceImportSummary) second = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  first = parlance_test_import_text (store, "backup.json", parlance_export, &error);
  g_assert_no_error (error);
  second = parlance_test_import_text (store, "backup.json", parlance_export, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->imported_conversations, ==, 0);
  g_assert_cmpint (second->imported_messages, ==, 0);
  g_assert_cmpint (second->existing_conversations, ==, 2);

  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM conversations"), ==, 2);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages"), ==, 4);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Exports written with ' for ", imported. */
static ParlanceImportSummary *
import_quoted (ParlanceStore  *store,
               const char     *name,
               const char     *text,
               GError        **error)
{
  g_autofree char *json = g_strdelimit (g_strdup (text), "'", '"');

  return parlance_test_import_text (store, name, json, error);
}

static gboolean
summary_says (ParlanceImportSummary *summary,
              const char            *what,
              const char            *why)
{
  for (guint i = 0; i < summary->skipped->len; i++)
    {
      ParlanceImportSkip *skip = g_ptr_array_index (summary->skipped, i);

      g_test_message ("skipped: %s: %s", skip->what, skip->why);
      if (strstr (skip->what, what) != NULL && strstr (skip->why, why) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The branch the store shows, as "role:content" joined by " / ". */
static char *
shown_branch (ParlanceStore *store,
              gint64         conversation_id)
{
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, conversation_id, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (branch);
  for (guint i = 0; i < branch->len; i++)
    {
      ParlanceMessage *m = g_ptr_array_index (branch, i);

      g_string_append_printf (text, "%s%s:%s", i > 0 ? " / " : "",
                              parlance_message_get_role_name (m), parlance_message_get_content (m));
    }
  return g_string_free (text, FALSE);
}

static gint64
conversation_by_title (sqlite3    *db,
                       const char *title)
{
  char *sql = sqlite3_mprintf ("SELECT id FROM conversations WHERE title = %Q", title);
  gint64 id = parlance_test_store_raw_int (db, sql);

  sqlite3_free (sql);
  return id;
}

static void
test_import_chatgpt_tree (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(ParlanceImportSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *branch = NULL;
  sqlite3 *db;

  summary = import_quoted (store, "conversations.json",
                           "[" CHATGPT_BRANCHED ",\n" CHATGPT_NO_CURRENT ",\n" CHATGPT_NO_MAPPING
                           ",\n" CHATGPT_LOOP "]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_CHATGPT);
  g_assert_cmpint (summary->imported_conversations, ==, 3);
  g_assert_cmpint (summary->imported_messages, ==, 5 + 2 + 1);
  g_assert_true (summary_says (summary, "1 non-text part in “Branched”", "only text"));
  g_assert_true (summary_says (summary, "“Lost current”", "not in the export"));
  g_assert_true (summary_says (summary, "“Empty one”", "mapping"));
  g_assert_true (summary_says (summary, "“Loop”", "2 messages are in a loop"));
  g_assert_cmpuint (summary->skipped->len, ==, 4);

  db = parlance_test_store_raw (path);
  /* Every branch is there; the shown one ends at current_node, past the tool plumbing. */
  branch = shown_branch (store, conversation_by_title (db, "Branched"));
  g_assert_cmpstr (branch, ==,
                   "user:What is 2+2? / assistant:Four. / user:Look at this / assistant:A cat.");
  parlance_test_import_assert_row (db,
    "SELECT m.created, m.model, m.depth, m.source, m.source_id, c.created, c.updated, c.model,"
    " c.source, c.source_id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
    " WHERE m.content = '4'",
    "1700000002250000|gpt-4o|2|chatgpt|a1|1700000000500000|1700000100000000|gpt-4o|chatgpt|conv-1");
  g_free (branch);
  /* current_node missing: the newest message is shown. */
  branch = shown_branch (store, conversation_by_title (db, "Lost current"));
  g_assert_cmpstr (branch, ==, "user:Hello / assistant:Hi there");
  g_free (branch);
  branch = shown_branch (store, conversation_by_title (db, "Loop"));
  g_assert_cmpstr (branch, ==, "user:Round");

  /* The same file again adds nothing. */
  again = import_quoted (store, "conversations.json",
                         "[" CHATGPT_BRANCHED ",\n" CHATGPT_NO_CURRENT ",\n" CHATGPT_NO_MAPPING
                         ",\n" CHATGPT_LOOP "]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->imported_conversations, ==, 0);
  g_assert_cmpint (again->imported_messages, ==, 0);
  g_assert_cmpint (again->existing_conversations, ==, 3);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM conversations"), ==, 3);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages"), ==, 8);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A newer export of the same history adds only the new message, and shows it. */
static void
test_import_chatgpt_newer (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) first = NULL;
  g_autoptr(ParlanceImportSummary) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *branch = NULL;
  GString *text = g_string_new ("[" CHATGPT_NO_CURRENT "]");
  sqlite3 *db;

  first = import_quoted (store, "old.json", text->str, &error);
  g_assert_no_error (error);
  g_string_replace (text, "'current_node': 'gone'", "'current_node': 'n'", 1);
  g_string_replace (text, "'children': []", "'children': ['n']", 1);
  g_string_replace (text, "}}}}]",
                    "}},\n 'n': {'id': 'n', 'parent': 'b', 'children': [], 'message': {'author':"
                    " {'role': 'user'}, 'create_time': 1700001003, 'content': {'content_type':"
                    " 'text', 'parts': ['And more']}}}}}]", 1);
  newer = g_string_free (text, FALSE);
  second = import_quoted (store, "new.json", newer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->imported_conversations, ==, 0);
  g_assert_cmpint (second->existing_conversations, ==, 1);
  g_assert_cmpint (second->imported_messages, ==, 1);
  g_assert_cmpint (second->last_conversation_id, ==, first->last_conversation_id);
  branch = shown_branch (store, first->last_conversation_id);
  g_assert_cmpstr (branch, ==, "user:Hello / assistant:Hi there / user:And more");
  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages"), ==, 3);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Newer exports are split: conversations-000.json, -001…; a folder is read in name order. */
static void
test_import_chatgpt_split (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (parlance_test_get_tmp_dir (), "export", NULL);
  g_autofree char *json0 = g_strdelimit (g_strdup ("[" CHATGPT_BRANCHED "]"), "'", '"');
  g_autofree char *json1 = g_strdelimit (g_strdup ("[" CHATGPT_NO_CURRENT "]"), "'", '"');
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  const char *names[] = { "conversations-001.json", "conversations-000.json", "user.json" };
  const char *texts[] = { json1, json0, "{\"email\": \"x\"}" };
  sqlite3 *db;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_build_filename (folder, names[i], NULL);

      g_file_set_contents (name, texts[i], -1, &error);
      g_assert_no_error (error);
    }
  summary = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->imported_conversations, ==, 2);
  g_assert_cmpint (summary->imported_messages, ==, 7);
  db = parlance_test_store_raw (path);
  /* Name order: -000 first. */
  parlance_test_import_assert_row (db, "SELECT title FROM conversations ORDER BY id",
                                   "Branched");
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_import_claude (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(ParlanceImportSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *branch = NULL;
  sqlite3 *db;

  summary = import_quoted (store, "conversations.json", CLAUDE_EXPORT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_CLAUDE);
  g_assert_cmpint (summary->imported_conversations, ==, 1);
  g_assert_cmpint (summary->imported_messages, ==, 2);
  /* The photo; the tool use is said as what it is. */
  g_assert_true (summary_says (summary, "1 non-text part in “Poems”", "only text"));
  g_assert_true (summary_says (summary, "1 tool call or result in “Poems”", "Tools"));
  g_assert_true (summary_says (summary, "“Nothing”", "no messages"));

  branch = shown_branch (store, summary->last_conversation_id);
  g_assert_cmpstr (branch, ==, "user:Write a haiku / assistant:Old pond\n\nfrog jumps in");
  db = parlance_test_store_raw (path);
  parlance_test_import_assert_row (db,
    "SELECT m.reasoning, m.created, m.source, m.source_id, c.title, c.created, c.source_id"
    " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
    " WHERE m.role = 'assistant'",
    "Five seven five|1709294402500000|claude|m-2|Poems|1709294400000000|c-1");
  parlance_test_import_assert_row (db,
    "SELECT a.name, b.data FROM attachments a JOIN blobs b USING (sha256)", "notes.txt|hello");

  again = import_quoted (store, "conversations.json", CLAUDE_EXPORT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->imported_conversations + again->imported_messages, ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages"), ==, 2);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_import_openai (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(ParlanceImportSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *branch = NULL;
  sqlite3 *db;

  summary = import_quoted (store, "messages.json", OPENAI_EXPORT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->format, ==, PARLANCE_IMPORT_FORMAT_OPENAI);
  g_assert_cmpint (summary->imported_conversations, ==, 1);
  g_assert_cmpint (summary->imported_messages, ==, 3);
  g_assert_true (summary_says (summary, "1 non-text part in “Hi”", "only text"));
  branch = shown_branch (store, summary->last_conversation_id);
  g_assert_cmpstr (branch, ==, "user:Hi / assistant:Hello / user:Bye");
  db = parlance_test_store_raw (path);
  parlance_test_import_assert_row (db, "SELECT title, system_prompt, source FROM conversations",
                                   "Hi|Be nice|openai");

  again = import_quoted (store, "messages.json", OPENAI_EXPORT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->imported_conversations + again->imported_messages, ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM conversations"), ==, 1);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* The async form: the work in a thread, progress in the caller's context, the summary back. */
typedef struct
{
  ParlanceImportSummary *summary;
  GError                *error;
  gboolean               done;
  guint                  reports;
  guint64                last_read;
  guint64                total;
  GThread               *thread;
  gboolean               destroyed;
} AsyncImport;

static void
on_progress (guint64  read,
             guint64  total,
             gpointer user_data)
{
  AsyncImport *a = user_data;

  g_assert_true (g_thread_self () == a->thread);
  g_assert_false (a->done);
  g_assert_cmpuint (read, >=, a->last_read);
  a->last_read = read;
  a->total = total;
  a->reports++;
}

static void
on_progress_destroy (gpointer user_data)
{
  ((AsyncImport *) user_data)->destroyed = TRUE;
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncImport *a = user_data;

  a->summary = parlance_import_file_finish (result, &a->error);
  a->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((AsyncImport *) data)->done;
}

static gboolean
is_destroyed (gpointer data)
{
  return ((AsyncImport *) data)->destroyed;
}

static void
test_import_async (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GString) text = g_string_new ("[");
  g_autofree char *json = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GFile) file = NULL;
  AsyncImport a = { NULL, NULL, FALSE, 0, 0, 0, g_thread_self (), FALSE };
  gint64 start;

  /* Big enough to take a few hundred milliseconds: 3,000 conversations. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "%s{'uuid': 'c%u', 'name': 'Chat %u', 'created_at': "
                            "'2024-01-01T00:00:00Z', 'chat_messages': [{'uuid': 'm%u', "
                            "'sender': 'human', 'text': 'Hello number %u'}]}",
                            i > 0 ? ",\n" : "", i, i, i, i);
  g_string_append (text, "]");
  json = g_strdelimit (g_strdup (text->str), "'", '"');
  file_path = parlance_test_import_write ("big.json", json);
  file = g_file_new_for_path (file_path);

  /* The first report waits 100 ms: time it so at least one comes. */
  start = g_get_monotonic_time ();
  parlance_import_file_async (store, file, PARLANCE_IMPORT_FORMAT_AUTO, on_progress, &a,
                              on_progress_destroy, NULL, on_imported, &a);
  g_assert_true (parlance_test_wait_until (is_done, &a, 60000));
  g_assert_no_error (a.error);
  g_assert_cmpint (a.summary->format, ==, PARLANCE_IMPORT_FORMAT_CLAUDE);
  g_assert_cmpint (a.summary->imported_conversations, ==, 3000);
  g_assert_cmpint (a.summary->imported_messages, ==, 3000);
  g_assert_cmpint (a.summary->last_conversation_id, >, 0);
  if (g_get_monotonic_time () - start > 250 * 1000)
    {
      g_assert_cmpuint (a.reports, >, 0);
      g_assert_cmpuint (a.total, ==, strlen (json));
    }
  g_test_message ("%u progress reports", a.reports);
  parlance_import_summary_free (a.summary);
  g_assert_true (parlance_test_wait_until (is_destroyed, &a, 5000));
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A cancelled import keeps nothing. */
static void
test_import_cancelled (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *file_path = parlance_test_import_write ("backup.json", parlance_export);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GError) error = NULL;
  ParlanceImportSummary *summary;
  sqlite3 *db;

  g_cancellable_cancel (cancellable);
  summary = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL,
                                  cancellable, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM conversations"), ==, 0);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Imported messages and titles are in the search index at once (its triggers see our rows). */
static void
test_import_searchable (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  summary = import_quoted (store, "conversations.json", CLAUDE_EXPORT, &error);
  g_assert_no_error (error);
  results = parlance_store_search (store, "frog", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((ParlanceSearchResult *) results->pdata[0])->title, ==, "Poems");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = parlance_store_search (store, "Poems", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, >=, 1);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* Malformed files: each is rejected whole, with a reason, and leaves the database as it was. */
typedef struct
{
  const char *name;
  const char *text;
  int         code;
  const char *says;   /* in the message */
} Malformed;

static const Malformed malformed[] = {
  { "not-json", "Hello, I am not JSON", PARLANCE_IMPORT_ERROR_NOT_JSON, "not JSON" },
  { "empty", "", PARLANCE_IMPORT_ERROR_NOT_JSON, "empty" },
  { "scalar", "42", PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT, "single value" },
  { "parlance-truncated", NULL, PARLANCE_IMPORT_ERROR_NOT_JSON, "truncated" },
  { "parlance-wrong-format", "{\"format\": \"other\", \"version\": 1, \"conversations\": []}",
    PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT, "not a Parlance export" },
  { "parlance-no-header", "{\"conversations\": []}", PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
    "not a Parlance export" },
  { "parlance-newer", "{\"format\": \"parlance\", \"version\": 2, \"conversations\": []}",
    PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT, "newer" },
  { "parlance-late-bad-entry",
    "{\"format\": \"parlance\", \"version\": 1, \"conversations\": [\n"
    "{\"title\": \"ok\", \"created\": \"2026-01-01T00:00:00Z\", \"messages\": []},\n"
    "{\"title\": \"bad\", \"created\": \"2026-01-01T00:00:00Z\",\n"
    " \"messages\": [{\"id\": 2, \"parent\": 1, \"role\": \"user\"}]}]}",
    PARLANCE_IMPORT_ERROR_INVALID, "Entry 2 (line 3)" },
  { "parlance-garbage-after", "{\"format\": \"parlance\", \"version\": 1, \"conversations\": [\n"
    "{\"title\": \"ok\", \"created\": \"2026-01-01T00:00:00Z\"}]}\n}", PARLANCE_IMPORT_ERROR_NOT_JSON,
    "line 3" },
  { "bad-json-inside", "{\"format\": \"parlance\", \"version\": 1, \"conversations\": [\n"
    "{\"title\": \"a\", \"created\": \"2026-01-01T00:00:00Z\"},\n{\"title\": \"b\",\n \"x\": tru}]}",
    PARLANCE_IMPORT_ERROR_NOT_JSON, "line 4" },
  { "wrong-shape", "[{\"hello\": 1}]", PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT, "not an export" },
  { "deep", NULL, PARLANCE_IMPORT_ERROR_TOO_LARGE, "nested" },
  /* Each kind of export: truncated, or a wrong entry after a good one (which is not kept). */
  { "chatgpt-truncated", "[" CHATGPT_BRANCHED ",\n" CHATGPT_NO_CURRENT, PARLANCE_IMPORT_ERROR_NOT_JSON,
    "truncated" },
  { "chatgpt-wrong-shape", "[" CHATGPT_BRANCHED ",\n['not', 'a', 'conversation']]",
    PARLANCE_IMPORT_ERROR_INVALID, "Entry 2 (line 34): it is not a ChatGPT conversation" },
  { "claude-garbage-after", CLAUDE_EXPORT "XX", PARLANCE_IMPORT_ERROR_NOT_JSON, "line 13" },
  { "claude-cut", NULL, PARLANCE_IMPORT_ERROR_NOT_JSON, "truncated" },
  { "claude-wrong-shape", "[{'uuid': 'c', 'name': 'n', 'created_at': '2024-01-01T00:00:00Z',"
    " 'chat_messages': [{'uuid': 'm', 'sender': 'human', 'text': 'Hi'}]}, 42]",
    PARLANCE_IMPORT_ERROR_INVALID, "Entry 2 (line 1): it is not a Claude conversation" },
  { "openai-truncated", "[{'role': 'user', 'content': 'Hi'}, {'role': 'assist",
    PARLANCE_IMPORT_ERROR_NOT_JSON, "truncated" },
  { "openai-wrong-shape", "[{'role': 'user', 'content': 'Hi'},\n['not', 'a', 'message']]",
    PARLANCE_IMPORT_ERROR_INVALID, "Entry 2 (line 2): it is not a message" },
  { "openai-bad-content", "[{'role': 'user', 'content': 'Hi'}, {'role': 'user', 'content': 5}]",
    PARLANCE_IMPORT_ERROR_INVALID, "neither text nor a list" },
};

static void
test_import_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file = g_strconcat (m->name, ".json", NULL);
  sqlite3 *db;

  if (g_str_equal (m->name, "parlance-truncated"))
    text = g_strndup (parlance_export, sizeof parlance_export / 2);
  else if (g_str_equal (m->name, "deep"))
    {
      g_autofree char *open = g_strnfill (100, '[');
      g_autofree char *close = g_strnfill (100, ']');

      text = g_strconcat ("[{\"mapping\": {}, \"x\": ", open, close, "}]", NULL);
    }
  else if (g_str_equal (m->name, "claude-cut"))
    text = g_strndup (CLAUDE_EXPORT, strlen (CLAUDE_EXPORT) - 40);
  else
    text = g_strdup (m->text);
  /* The exports are written with ' for ". */
  g_strdelimit (text, "'", '"');

  summary = parlance_test_import_text (store, file, text, &error);
  g_assert_null (summary);
  g_assert_error (error, PARLANCE_IMPORT_ERROR, m->code);
  g_test_message ("%s: %s", m->name, error->message);
  g_assert_nonnull (strstr (error->message, m->says));
  g_assert_true (g_str_has_prefix (error->message, "“"));   /* names the file */

  db = parlance_test_store_raw (path);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM conversations"), ==, 0);
  g_assert_cmpint (parlance_test_store_raw_int (db, "SELECT count(*) FROM messages"), ==, 0);
  sqlite3_close (db);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/import/parlance/fields", test_import_parlance_fields);
  g_test_add_func ("/parlance/import/parlance/twice", test_import_parlance_twice);
  g_test_add_func ("/parlance/import/chatgpt/tree", test_import_chatgpt_tree);
  g_test_add_func ("/parlance/import/chatgpt/newer", test_import_chatgpt_newer);
  g_test_add_func ("/parlance/import/chatgpt/split", test_import_chatgpt_split);
  g_test_add_func ("/parlance/import/claude", test_import_claude);
  g_test_add_func ("/parlance/import/openai", test_import_openai);
  g_test_add_func ("/parlance/import/async", test_import_async);
  g_test_add_func ("/parlance/import/searchable", test_import_searchable);
  g_test_add_func ("/parlance/import/cancelled", test_import_cancelled);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *name = g_strconcat ("/parlance/import/malformed/", malformed[i].name, NULL);

      g_test_add_data_func (name, &malformed[i], test_import_malformed);
    }
  return g_test_run ();
}
