/* test-store-search.c — full-text search: prefixes, diacritics, CJK, typed operators, snippets,
 * the index kept in step, cancellation, and every message of a conversation for export.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-store-private.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

#define MARK_START PARLANCE_SEARCH_MARK_START
#define MARK_END   PARLANCE_SEARCH_MARK_END

typedef struct
{
  ParlanceStore *store;
  gint64         conversation_id;
  char          *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ParlanceConversation) conversation = NULL;

  f->path = parlance_test_store_path ();
  f->store = parlance_test_store_open (f->path);
  conversation = parlance_test_store_conversation (f->store, "Weekend notes");
  f->conversation_id = parlance_conversation_get_id (conversation);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  parlance_test_store_close (g_steal_pointer (&f->store));
  g_free (f->path);
}

static gint64
add (Fixture    *f,
     const char *content)
{
  g_autoptr(ParlanceMessage) message =
    parlance_test_store_message (f->store, f->conversation_id, 0, PARLANCE_ROLE_USER, content);

  return parlance_message_get_id (message);
}

static GPtrArray *
search (Fixture    *f,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = parlance_store_search (f->store, query, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static gboolean
finds (Fixture    *f,
       const char *query,
       gint64      message_id)
{
  g_autoptr(GPtrArray) results = search (f, query);

  for (guint i = 0; i < results->len; i++)
    if (((ParlanceSearchResult *) results->pdata[i])->message_id == message_id)
      return TRUE;
  return FALSE;
}

static guint
count (Fixture    *f,
       const char *query)
{
  g_autoptr(GPtrArray) results = search (f, query);

  return results->len;
}

static void
test_search_prefixes (Fixture       *f,
                      gconstpointer  data)
{
  gint64 k8s = add (f, "Kubernetes deployment strategies: blue-green and canary");
  gint64 kube = add (f, "the kube config lives in ~/.kube");

  g_assert_true (finds (f, "kub", k8s));
  g_assert_true (finds (f, "kub", kube));
  g_assert_true (finds (f, "deploy strat", k8s));
  g_assert_false (finds (f, "deploy strat", kube));
  /* Any order, any case; every word must match. */
  g_assert_true (finds (f, "STRAT Deploy", k8s));
  g_assert_cmpuint (count (f, "deploy zebra"), ==, 0);
  /* A prefix, not a substring. */
  g_assert_cmpuint (count (f, "netes"), ==, 0);
  g_assert_true (finds (f, "green", k8s));
  g_assert_true (finds (f, "blue-gr", k8s));
  /* No word: no results, no error. */
  g_assert_cmpuint (count (f, ""), ==, 0);
  g_assert_cmpuint (count (f, "   \t\n"), ==, 0);
}

static void
test_search_diacritics (Fixture       *f,
                        gconstpointer  data)
{
  gint64 creme = add (f, "Crème brûlée à Besançon, naïve façade");
  gint64 resume = add (f, "Send the resume to Zoë");
  /* The same word with a combining accent (NFD) rather than a precomposed one. */
  gint64 decomposed = add (f, "cafe\xcc\x81 au lait");

  g_assert_true (finds (f, "creme brulee", creme));
  g_assert_true (finds (f, "CRÈME", creme));
  g_assert_true (finds (f, "besanc", creme));
  g_assert_true (finds (f, "naive facade", creme));
  g_assert_true (finds (f, "résumé", resume));
  g_assert_true (finds (f, "zoe", resume));
  g_assert_true (finds (f, "café", decomposed));
  g_assert_true (finds (f, "cafe", decomposed));
}

static void
test_search_cjk (Fixture       *f,
                 gconstpointer  data)
{
  gint64 japanese = add (f, "昨日は東京タワーに行きました。");
  gint64 chinese = add (f, "我喜欢学习中文和日语");
  gint64 korean = add (f, "저는 한국어를 배우고 있어요");
  gint64 mixed = add (f, "GTK4の使い方とlibadwaitaについて");

  /* Words inside a run of CJK characters, which unicode61 alone keeps as one token. */
  g_assert_true (finds (f, "タワー", japanese));
  g_assert_true (finds (f, "東京", japanese));
  g_assert_true (finds (f, "京タ", japanese));
  g_assert_true (finds (f, "行き", japanese));
  g_assert_true (finds (f, "タワ", japanese));
  g_assert_false (finds (f, "大阪", japanese));
  g_assert_true (finds (f, "学习", chinese));
  g_assert_true (finds (f, "中文", chinese));
  /* A phrase: its characters in order. */
  g_assert_false (finds (f, "习学", chinese));
  g_assert_true (finds (f, "한국어", korean));
  g_assert_true (finds (f, "배우", korean));
  g_assert_true (finds (f, "gtk4", mixed));
  g_assert_true (finds (f, "使い", mixed));
  g_assert_true (finds (f, "libadw", mixed));
  g_assert_true (finds (f, "東京 行き", japanese));

  /* Marked one character a token, shown as one mark. */
  {
    g_autoptr(GPtrArray) results = search (f, "タワー");
    ParlanceSearchResult *result = results->pdata[0];

    g_assert_nonnull (strstr (result->snippet, "東京" MARK_START "タワー" MARK_END "に"));
  }
}

/* Characters FTS5 gives a meaning to, typed alone, around a word and inside one. */
static const char *operator_characters[] = {
  "\"", "*", "-", "+", "^", "(", ")", ":", "{", "}", "[", "]", "<", ">", ".", ",", ";", "!", "?",
  "'", "\\", "/", "|", "&", "~", "=", "#", "@", "$", "%", "_", "`", "\x01", "\x7f", "\xff",
};

static const char *operator_queries[] = {
  "OR", "AND", "NOT", "NEAR", "or", "and", "not", "near", "NEAR(", "NEAR(hello world)",
  "NEAR(hello world, 2)", "hello OR", "OR hello", "hello AND", "NOT hello", "hello NOT",
  "hello OR world", "hello NOT world", "hello AND world", "-hello", "hello*", "*hello", "\"hello",
  "hello\"", "\"hello world\"", "\"\"", "\"\"\"", "(", ")", "()", "(hello", "hello)",
  "(hello OR world)", "content:hello", "content : hello", "{content}:hello", "^hello", "hello^",
  "+hello", "hello + world", "NEAR/3", "hello NEAR/3 world", "col:", ":", "*", "**", "- - -",
  "rank:hello", "rowid:1", "'hello'", "hello'); DROP TABLE messages; --", "\xe2\x80\x8b",
  "\xcc\x81", "\xcc\x81hello", "hello\xcc\x81", "\xf0\x9f\x98\x80", "🙂 hello", "\u3000", "\xef\xbb\xbf",
  "\xed\xa0\x80", "\xc0\xaf", "hello\xff" "world", "a", "1", "0x", "hello world again and more",
};

static void
test_search_operators (Fixture       *f,
                       gconstpointer  data)
{
  gint64 hello = add (f, "hello world, or rather: hello (again) - near the ORE mine");
  g_autoptr(GString) long_query = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (operator_characters); i++)
    {
      const char *c = operator_characters[i];
      g_autofree char *alone = g_strdup (c);
      g_autofree char *around = g_strdup_printf ("%shello%s", c, c);
      g_autofree char *inside = g_strdup_printf ("hel%slo", c);
      g_autofree char *spaced = g_strdup_printf ("%s hello %s", c, c);
      g_autofree char *doubled = g_strdup_printf ("%s%s", c, c);

      g_test_message ("character %u", (guint) (guchar) c[0]);
      g_assert_cmpuint (count (f, alone), ==, 0);
      g_assert_cmpuint (count (f, doubled), ==, 0);
      g_assert_true (finds (f, spaced, hello));
      g_assert_true (finds (f, around, hello));
      count (f, inside);
    }
  for (guint i = 0; i < G_N_ELEMENTS (operator_queries); i++)
    {
      g_test_message ("query %s", operator_queries[i]);
      count (f, operator_queries[i]);
    }

  /* Operators are words: OR finds "or" and "ORE", - is no NOT, a colon names no column. */
  g_assert_true (finds (f, "OR", hello));
  g_assert_true (finds (f, "NEAR", hello));
  g_assert_true (finds (f, "-hello", hello));
  g_assert_true (finds (f, "rather:hello", hello));   /* a phrase: the words in turn */
  g_assert_true (finds (f, "(again)", hello));
  g_assert_true (finds (f, "\"hello world\"", hello));
  g_assert_true (finds (f, "hello*", hello));
  g_assert_cmpuint (count (f, "hello OR zebra"), ==, 0);
  g_assert_cmpuint (count (f, "hello NOT zebra"), ==, 0);   /* NOT is a word, not an operator */

  /* A pasted page: still a query, cut to its first words. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (long_query, "hello \"(*- ");
  g_assert_true (finds (f, long_query->str, hello));
}

static void
test_search_query_to_fts (void)
{
  static const struct { const char *text; const char *fts; } cases[] = {
    { "hello", "\"hello\"*" },
    { "  hello   world ", "\"hello\"* \"world\"*" },
    { "say \"hi\"", "\"say\"* \"\"\"hi\"\"\"*" },
    { "OR", "\"OR\"*" },
    { "NEAR(a b)", "\"NEAR(a\"* \"b)\"*" },
    { "-x", "\"-x\"*" },
    { "- * ( ) \" :", NULL },
    { "", NULL },
    { "東京タワー", "\"東京タワー\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *fts = parlance_store_search_query_to_fts (cases[i].text);

      g_assert_cmpstr (fts, ==, cases[i].fts);
    }
  /* Invalid UTF-8 is replaced, never passed on. */
  {
    g_autofree char *fts = parlance_store_search_query_to_fts ("ab\xff" "cd");

    g_assert_true (g_utf8_validate (fts, -1, NULL));
  }
}

static gboolean
marks_balanced (const char *snippet)
{
  gboolean inside = FALSE;

  for (const char *p = snippet; *p != '\0'; p++)
    {
      if (*p == MARK_START[0])
        {
          if (inside)
            return FALSE;
          inside = TRUE;
        }
      else if (*p == MARK_END[0])
        {
          if (!inside)
            return FALSE;
          inside = FALSE;
        }
    }
  return !inside;
}

static void
test_search_snippets (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) results = NULL;
  ParlanceSearchResult *result;
  gint64 id, markup;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "filler%u\n", i);
  g_string_append (text, "the Needle <b>&amp;</b> in\tthe haystack ");
  for (guint i = 100; i < 200; i++)
    g_string_append_printf (text, "filler%u ", i);
  id = add (f, text->str);
  markup = add (f, "<i>needles</i> & \x1b[31mred\x1b[0m \x02not a mark\x03");

  results = search (f, "needl");
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < results->len; i++)
    {
      result = results->pdata[i];
      g_assert_cmpint (result->conversation_id, ==, f->conversation_id);
      g_assert_cmpstr (result->title, ==, "Weekend notes");
      g_assert_true (marks_balanced (result->snippet));
      g_assert_null (strchr (result->snippet, '\n'));
      g_assert_null (strchr (result->snippet, '\t'));
      g_assert_null (strchr (result->snippet, '\x1b'));
      if (result->message_id == id)
        {
          /* The matched word marked, the stored text as it is (the caller escapes it). */
          g_assert_nonnull (strstr (result->snippet, MARK_START "Needle" MARK_END " <b>&amp;</b>"));
          g_assert_true (g_str_has_prefix (result->snippet, "…"));
          g_assert_true (g_str_has_suffix (result->snippet, "…"));
          g_assert_null (strstr (result->snippet, "filler0 "));
        }
      else
        {
          g_assert_cmpint (result->message_id, ==, markup);
          g_assert_nonnull (strstr (result->snippet, "<i>" MARK_START "needles" MARK_END "</i> &"));
        }
    }
}

static void
test_search_titles (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ParlanceConversation) rust = parlance_test_store_conversation (f->store, "Rust help");
  gint64 rust_id = parlance_conversation_get_id (rust);
  g_autoptr(ParlanceMessage) message =
    parlance_test_store_message (f->store, rust_id, 0, PARLANCE_ROLE_USER, "about lifetimes");
  gint64 elsewhere = add (f, "lifetimes of stars");
  g_autoptr(GPtrArray) results = NULL;
  ParlanceSearchResult *result;

  /* The title alone. */
  results = search (f, "rust");
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpint (result->message_id, ==, 0);
  g_assert_cmpint (result->conversation_id, ==, rust_id);
  g_assert_cmpstr (result->snippet, ==, MARK_START "Rust" MARK_END " help");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* One word in the title, the other in the message: the message, marked where it matched. */
  results = search (f, "rust lifetimes");
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpint (result->message_id, ==, parlance_message_get_id (message));
  g_assert_cmpstr (result->snippet, ==, "about " MARK_START "lifetimes" MARK_END);
  g_assert_cmpstr (result->title, ==, "Rust help");
  g_clear_pointer (&results, g_ptr_array_unref);

  g_assert_true (finds (f, "lifetimes", elsewhere));
  g_assert_cmpuint (count (f, "lifetimes"), ==, 2);
  g_assert_cmpuint (count (f, "rust stars"), ==, 0);
}

/* The index follows every write: edits, renames, deletions, a reply that streamed. */
static void
test_search_in_step (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(ParlanceMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "original wording");

  message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "stream");
  parlance_message_set_status (message, PARLANCE_MESSAGE_STREAMING, NULL);
  g_assert_true (parlance_store_add_message (f->store, f->conversation_id, message, &error));
  parlance_message_append_content (message, "ing reply finished");
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  g_assert_true (parlance_store_update_message (f->store, message, &error));
  g_assert_no_error (error);
  g_assert_true (finds (f, "streaming finished", parlance_message_get_id (message)));

  g_clear_object (&message);
  message = parlance_message_new (PARLANCE_ROLE_USER, "edited phrasing");
  parlance_message_set_id (message, id);
  g_assert_true (parlance_store_update_message (f->store, message, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "original"), ==, 0);
  g_assert_true (finds (f, "phras", id));

  conversation = parlance_store_get_conversation (f->store, f->conversation_id, &error);
  g_assert_no_error (error);
  parlance_conversation_set_title (conversation, "Renamed trip");
  g_assert_true (parlance_store_save_conversation (f->store, conversation, &error));
  g_assert_cmpuint (count (f, "weekend"), ==, 0);
  g_assert_cmpuint (count (f, "renamed"), ==, 1);

  g_assert_true (parlance_store_delete_conversation (f->store, f->conversation_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "phras"), ==, 0);
  g_assert_cmpuint (count (f, "renamed"), ==, 0);
  g_assert_cmpuint (count (f, "finished"), ==, 0);
}

/* Best first: a short message all about the word before a long one that mentions it. */
static void
test_search_ranking (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("python ");
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 focused;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "word%u ", i);
  add (f, text->str);
  focused = add (f, "python python virtualenv");
  for (guint i = 0; i < 30; i++)
    add (f, "python again");

  results = search (f, "python");
  g_assert_cmpuint (results->len, ==, 32);
  g_assert_cmpint (((ParlanceSearchResult *) results->pdata[0])->message_id, ==, focused);
  for (guint i = 1; i < results->len; i++)
    g_assert_cmpfloat (((ParlanceSearchResult *) results->pdata[i - 1])->rank, <=,
                       ((ParlanceSearchResult *) results->pdata[i])->rank);
  g_clear_pointer (&results, g_ptr_array_unref);

  results = parlance_store_search (f->store, "python", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);
}

/* Every message matching @query (each word a prefix, in the text): what the search may return,
 * whichever of its passes answered. */
static GHashTable *
all_matches (Fixture    *f,
             const char *query)
{
  g_autofree char *fts = parlance_store_search_query_to_fts (query);
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3 *db = parlance_test_store_raw (f->path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM messages_fts WHERE messages_fts"
                                           " MATCH ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* Returns: how many results @query has, after checking each is a match of the full query */
static guint
count_checked (Fixture    *f,
               const char *query)
{
  g_autoptr(GPtrArray) results = search (f, query);
  g_autoptr(GHashTable) matches = all_matches (f, query);

  for (guint i = 0; i < results->len; i++)
    {
      ParlanceSearchResult *result = results->pdata[i];

      if (!g_hash_table_contains (matches, &result->message_id))
        g_error ("\"%s\" found message %" G_GINT64_FORMAT ", which does not match every word",
                 query, result->message_id);
    }
  return results->len;
}

/* Common words are looked up as whole tokens first (the cheap pass): what it finds must be
 * what the prefix query finds, and half-typed words must still find their matches. */
static void
test_search_whole_words_first (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = parlance_test_store_raw (f->path);

  /* More whole-token matches than a search ranks (200), then newer prefix-only ones, and
   * messages holding one of the words only. */
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                         " WHERE i < 480)"
                         " INSERT INTO messages (conversation_id, depth, role, content, created)"
                         " SELECT %" G_GINT64_FORMAT ", 1, 'user', CASE"
                         "   WHEN i <= 300 THEN 'garden soil report ' || i"
                         "   WHEN i <= 360 THEN 'gardening soils ' || i"
                         "   WHEN i <= 420 THEN 'garden only ' || i"
                         "   ELSE 'soil alone ' || i END, i FROM n",
                         f->conversation_id);
  parlance_test_store_raw_exec (db, sql);
  sqlite3_close (db);

  g_assert_cmpuint (count_checked (f, "garden soil"), ==, 200);
  g_assert_cmpuint (count_checked (f, "soil garden"), ==, 200);
  /* Half-typed: the last word, or every word. */
  g_assert_cmpuint (count_checked (f, "garden so"), ==, 200);
  g_assert_cmpuint (count_checked (f, "gard soi"), ==, 200);
  /* Fewer matches than ranked: every one of them, prefix matches included. */
  g_assert_cmpuint (count_checked (f, "soils"), ==, 60);
  g_assert_cmpuint (count_checked (f, "garden soils"), ==, 60);
  g_assert_cmpuint (count_checked (f, "gardening"), ==, 60);
  g_assert_cmpuint (count_checked (f, "garden alone"), ==, 0);
  g_assert_cmpuint (count_checked (f, "only"), ==, 60);
  g_assert_cmpuint (count_checked (f, "on"), ==, 60);
}

/* A mix of title and text is left out only when it could not be among the results: the
 * first N results of a search are the same whatever its limit. */
static void
test_search_limits_agree (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ParlanceConversation) rust = parlance_test_store_conversation (f->store, "Rust help");
  g_autoptr(ParlanceMessage) mixed = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) five = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("rust");

  for (guint i = 0; i < 4; i++)
    g_object_unref (parlance_test_store_conversation (f->store, "Other plans"));
  /* More than five text matches, weak (long among short messages); the mix, ranked by its
   * rare title, better than them. */
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, " filler%u", i);
  g_string_append (text, " lifetimes");
  for (guint i = 0; i < 12; i++)
    add (f, text->str);
  for (guint i = 0; i < 60; i++)
    add (f, "short note");
  mixed = parlance_test_store_message (f->store, parlance_conversation_get_id (rust), 0,
                                       PARLANCE_ROLE_USER, "about lifetimes");

  all = parlance_store_search (f->store, "rust lifetimes", 0, &error);
  g_assert_no_error (error);
  five = parlance_store_search (f->store, "rust lifetimes", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 13);
  g_assert_cmpuint (five->len, ==, 5);
  g_assert_cmpint (((ParlanceSearchResult *) all->pdata[0])->message_id, ==,
                   parlance_message_get_id (mixed));
  for (guint i = 0; i < five->len; i++)
    g_assert_cmpint (((ParlanceSearchResult *) five->pdata[i])->message_id, ==,
                     ((ParlanceSearchResult *) all->pdata[i])->message_id);
}

typedef struct
{
  GAsyncResult *result;
  GCancellable *cancel_at_step;
  guint         steps;
} Wait;

static void
search_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
count_step (gpointer data)
{
  Wait *wait = data;

  if (g_atomic_int_add (&wait->steps, 1) == 0 && wait->cancel_at_step != NULL)
    g_cancellable_cancel (wait->cancel_at_step);
}

static GPtrArray *
search_async (Fixture       *f,
              const char    *query,
              GCancellable  *cancellable,
              Wait          *wait,
              GError       **error)
{
  GPtrArray *results;

  parlance_store_search_async (f->store, query, 0, cancellable, search_ready, wait);
  parlance_test_wait_for (wait->result != NULL, 10000);
  results = parlance_store_search_finish (f->store, wait->result, error);
  g_clear_object (&wait->result);
  return results;
}

static void
test_search_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  gint64 id = add (f, "weekend hiking in the alps");

  add (f, "weekend plans");
  results = search_async (f, "hik", cancellable, &wait, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((ParlanceSearchResult *) results->pdata[0])->message_id, ==, id);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Cancelled before it started. */
  g_cancellable_cancel (cancellable);
  results = search_async (f, "hik", cancellable, &wait, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
  g_clear_error (&error);

  /* Cancelled half-way ("weekend" is in the title too: several queries): the search stops
   * at the next step instead of going on, and only then finishes. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  wait.cancel_at_step = cancellable;
  _parlance_store_search_step_hook_data = &wait;
  _parlance_store_search_step_hook = count_step;
  {
    g_autoptr(GError) sync_error = NULL;
    g_autoptr(GPtrArray) all = NULL;

    wait.cancel_at_step = NULL;
    all = parlance_store_search (f->store, "weekend hik", 0, &sync_error);
    g_assert_no_error (sync_error);
    g_assert_cmpuint (wait.steps, >, 3);
    wait.steps = 0;
    wait.cancel_at_step = cancellable;
  }
  results = search_async (f, "weekend hik", cancellable, &wait, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
  g_assert_cmpuint (g_atomic_int_get (&wait.steps), ==, 1);
  _parlance_store_search_step_hook = NULL;
  _parlance_store_search_step_hook_data = NULL;
}

static void
test_search_load_all_messages (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) branch = NULL;
  g_autoptr(GError) error = NULL;
  gint64 root = add (f, "question");
  g_autoptr(ParlanceMessage) first =
    parlance_test_store_message (f->store, f->conversation_id, root, PARLANCE_ROLE_ASSISTANT, "a1");
  g_autoptr(ParlanceMessage) second =
    parlance_test_store_message (f->store, f->conversation_id, root, PARLANCE_ROLE_ASSISTANT, "a2");
  g_autoptr(ParlanceMessage) follow =
    parlance_test_store_message (f->store, f->conversation_id, parlance_message_get_id (first),
                                 PARLANCE_ROLE_USER, "more");

  branch = parlance_store_load_branch (f->store, f->conversation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branch->len, ==, 3);

  messages = parlance_store_load_all_messages (f->store, f->conversation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 4);
  g_assert_cmpint (parlance_message_get_id (messages->pdata[0]), ==, root);
  g_assert_cmpint (parlance_message_get_parent_id (messages->pdata[0]), ==, 0);
  g_assert_cmpstr (parlance_message_get_content (messages->pdata[1]), ==, "a1");
  g_assert_cmpint (parlance_message_get_parent_id (messages->pdata[1]), ==, root);
  g_assert_cmpstr (parlance_message_get_content (messages->pdata[2]), ==, "a2");
  g_assert_cmpint (parlance_message_get_parent_id (messages->pdata[2]), ==, root);
  g_assert_cmpint (parlance_message_get_role (messages->pdata[2]), ==, PARLANCE_ROLE_ASSISTANT);
  g_assert_cmpint (parlance_message_get_parent_id (messages->pdata[3]), ==,
                   parlance_message_get_id (first));
  g_clear_pointer (&messages, g_ptr_array_unref);

  messages = parlance_store_load_all_messages (f->store, f->conversation_id + 1000, &error);
  g_assert_error (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND);
  g_assert_null (messages);
  (void) second;
  (void) follow;
}

/* A 2 MB word, or megabytes of text around a match, still give a snippet of one short line. */
static void
test_search_snippet_bounded (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) word = g_string_new ("RLO ");
  g_autoptr(GString) around = g_string_new (NULL);
  g_autoptr(GPtrArray) results = NULL;
  ParlanceSearchResult *result;
  gint64 huge, wide;

  for (guint i = 0; i < 2000000; i++)
    g_string_append_c (word, 'x');
  huge = add (f, word->str);
  for (guint i = 0; i < 100000; i++)
    g_string_append (around, "é");
  g_string_append (around, " the zebra crossing ");
  for (guint i = 0; i < 100000; i++)
    g_string_append (around, "ü");
  wide = add (f, around->str);

  results = search (f, "xxx");
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpint (result->message_id, ==, huge);
  g_assert_true (marks_balanced (result->snippet));
  g_assert_cmpuint (g_utf8_strlen (result->snippet, -1), <=, 2 * 64 + 16);
  g_assert_true (g_str_has_prefix (result->snippet, "RLO " MARK_START "xxxx"));
  g_assert_true (g_str_has_suffix (result->snippet, "x" MARK_END "…"));
  g_clear_pointer (&results, g_ptr_array_unref);

  results = search (f, "zebra");
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpint (result->message_id, ==, wide);
  g_assert_true (marks_balanced (result->snippet));
  g_assert_true (g_utf8_validate (result->snippet, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (result->snippet, -1), <=, 2 * 64 + 16);
  g_assert_true (g_str_has_prefix (result->snippet, "…"));
  g_assert_true (g_str_has_suffix (result->snippet, "…"));
  g_assert_nonnull (strstr (result->snippet, " the " MARK_START "zebra" MARK_END " crossing "));
}

/* Escape sequences go whole from a snippet ("[2J" was left), and so do the characters that
 * reorder text (U+202E showed "RLO" as "OLR"). */
static void
test_search_snippet_escapes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  ParlanceSearchResult *result;

  add (f, "hostile \033]0;pwned\007 lifetimes \033[2J \302\2332J end \342\200\256RLO\342\200\254 \342\201\247x\342\201\251");
  results = search (f, "lifetimes");
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpstr (result->snippet, ==, "hostile " MARK_START "lifetimes" MARK_END " end RLO x");
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/parlance/store-search/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("prefixes", test_search_prefixes);
  ADD ("diacritics", test_search_diacritics);
  ADD ("cjk", test_search_cjk);
  ADD ("operators", test_search_operators);
  ADD ("snippets", test_search_snippets);
  ADD ("titles", test_search_titles);
  ADD ("in-step", test_search_in_step);
  ADD ("ranking", test_search_ranking);
  ADD ("whole-words-first", test_search_whole_words_first);
  ADD ("limits-agree", test_search_limits_agree);
  ADD ("async", test_search_async);
  ADD ("load-all-messages", test_search_load_all_messages);
  ADD ("snippet-bounded", test_search_snippet_bounded);
  ADD ("snippet-escapes", test_search_snippet_escapes);
#undef ADD
  g_test_add_func ("/parlance/store-search/query-to-fts", test_search_query_to_fts);

  return g_test_run ();
}
