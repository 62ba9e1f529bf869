/* parlance-store-search.c — full-text search over message text and conversation titles.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person typed becomes ANDed FTS5 prefix strings (parlance-store-search-query.c).
 * A message matches when every word is in its text or in its conversation's title: the union,
 * over the sets S of words found in some title, of "the other words in the message, the words
 * of S in its title". One query for S empty (the common case), one per S when a word is in
 * titles (at most 2^4 - 1 of them; with more such words only the title holding them all); a
 * set is skipped when no title holding it ranks as high as the last result already found.
 *
 * The work per query is bounded, so that a word found in most of 200,000 messages answers
 * about as fast as a rare one: FTS5 walks its lists in id order and stops after the newest
 * CANDIDATES matches (or the limit, when higher), which parlance_rank() orders (bm25 without
 * the idf, which would walk every row holding a word); title mixes look among the newest
 * SCANNED matches of the other words, in the MAX_TITLE_CONVERSATIONS best titles. Words are
 * tried whole first (see word_tries()): FTS5 reads a whole token lazily, but merges every
 * word a prefix covers before its first match. Snippets are made for the best results only,
 * in C (parlance-store-snippet.c).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "parlance-store-private.h"

/* Sets of title words tried, at most 2^MAX_TITLE_WORDS - 1. */
#define MAX_TITLE_WORDS 4
#define DEFAULT_LIMIT   200
/* Messages ranked per query: the newest matches (see ranked_sql), and those looked at for a
 * title match (mixed_sql). */
#define CANDIDATES      200
#define SCANNED         2000
/* Conversations whose title matches some words, searched for the others. */
#define MAX_TITLE_CONVERSATIONS 20
/* Tokens in a snippet: a few words either side of the match. */
#define SNIPPET_TOKENS  14

void (*_parlance_store_search_step_hook) (gpointer data) = NULL;
gpointer _parlance_store_search_step_hook_data = NULL;

/* The newest CANDIDATES matches, ranked: FTS5 walks its lists in id order and stops there, so
 * a word found in most messages costs about what a rare one does (but for the merge of the
 * words a prefix covers); parlance_rank (bm25 without the idf) orders those. */
static const char ranked_sql[] =
  "SELECT m.id, m.conversation_id, parlance_rank (messages_fts) FROM messages_fts"
  " JOIN messages m ON m.id = messages_fts.rowid"
  " WHERE messages_fts MATCH ?1 ORDER BY messages_fts.rowid DESC LIMIT ?2";
/* The same in the conversations whose title holds the other words (the best of them), among
 * the newest SCANNED matches, ranked by the title: bm25 on every match costs too much. Which
 * conversation a match is in costs a lookup in messages (2 ms for SCANNED); when the matches
 * are dense among the newest messages, the title conversations' messages in that window, read
 * from the index on conversation_id alone, cost less. The two give the same rows. */
static const char mixed_sql[] =
  "WITH f AS MATERIALIZED (SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?1"
  "   ORDER BY rowid DESC LIMIT " G_STRINGIFY (SCANNED) "),"
  " w AS MATERIALIZED (SELECT min (id) AS low, max (id) - min (id) < 8 * count (*) AS dense"
  "   FROM f),"
  " t AS MATERIALIZED (SELECT rowid AS id, rank FROM titles_fts WHERE titles_fts MATCH ?2"
  "   ORDER BY rank LIMIT " G_STRINGIFY (MAX_TITLE_CONVERSATIONS) ")"
  " SELECT m.id, m.conversation_id, t.rank FROM t"
  "   JOIN messages m ON m.conversation_id = t.id AND m.id >= (SELECT low FROM w)"
  "   WHERE (SELECT dense FROM w) AND m.id IN (SELECT id FROM f)"
  " UNION ALL"
  " SELECT m.id, m.conversation_id, t.rank FROM f JOIN messages m ON m.id = f.id"
  "   JOIN t ON t.id = m.conversation_id WHERE NOT (SELECT dense FROM w)"
  " LIMIT " G_STRINGIFY (CANDIDATES);
/* Whether a query has @2 matches: lazy for whole tokens, which FTS5 reads newest first. */
static const char enough_sql[] =
  "SELECT count(*) FROM (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT ?2)";
static const char title_best_sql[] =
  "SELECT rank FROM titles_fts WHERE titles_fts MATCH ?1 ORDER BY rank LIMIT 1";
static const char title_exists_sql[] =
  "SELECT EXISTS (SELECT 1 FROM titles_fts WHERE titles_fts MATCH ?1)";
static const char titles_sql[] =
  "SELECT 0, rowid, rank FROM titles_fts WHERE titles_fts MATCH ?1 ORDER BY rank"
  " LIMIT " G_STRINGIFY (MAX_TITLE_CONVERSATIONS);
static const char info_sql[] = "SELECT title, updated FROM conversations WHERE id = ?1";
static const char content_sql[] = "SELECT content FROM messages WHERE id = ?1";

void
parlance_search_result_free (ParlanceSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->title);
  g_free (result->snippet);
  g_free (result);
}

typedef struct
{
  gint64 conversation_id;
  gint64 message_id;        /* 0: the title alone */
  double rank;
  guint  title_mask;        /* the words found in the title rather than in the text */
} Hit;

typedef struct
{
  StoreConnection *conn;
  GCancellable    *cancellable;
  GPtrArray       *words;
  guint            limit;
  GHashTable      *hits;    /* message id (minus the conversation id for a title) → Hit */
  StoreTokenizer  *tokenizer;
  double           bar;     /* the rank of the last result so far, INFINITY when too few */
} Search;

static gboolean
failed (Search  *search,
        int      rc,
        GError **error)
{
  if (g_cancellable_set_error_if_cancelled (search->cancellable, error))
    return FALSE;
  return _parlance_store_set_error (search->conn, rc, error);
}

/* Between two queries: cancelled searches stop here, and tests can cancel here. */
static gboolean
step (Search  *search,
      GError **error)
{
  if (_parlance_store_search_step_hook != NULL)
    _parlance_store_search_step_hook (_parlance_store_search_step_hook_data);
  return !g_cancellable_set_error_if_cancelled (search->cancellable, error);
}

static void
add_hit (Search *search,
         gint64  message_id,
         gint64  conversation_id,
         double  rank,
         guint   title_mask)
{
  gint64 key = message_id > 0 ? message_id : -conversation_id;
  Hit *hit = g_hash_table_lookup (search->hits, &key);

  if (hit == NULL)
    {
      hit = g_new0 (Hit, 1);
      hit->message_id = message_id;
      hit->conversation_id = conversation_id;
      hit->rank = rank;
      hit->title_mask = title_mask;
      g_hash_table_insert (search->hits, g_memdup2 (&key, sizeof key), hit);
    }
  else if (rank < hit->rank)
    {
      hit->rank = rank;
      hit->title_mask = title_mask;
    }
}

/* Returns: the number of matches of @query, at most @want, or -1 with @error set */
static gint64
count_matches (Search      *search,
               const char  *query,
               guint        want,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n;
  int rc;

  if (!step (search, error) ||
      (stmt = _parlance_store_prepare (search->conn, enough_sql, error)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, want);
  rc = sqlite3_step (stmt);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return failed (search, rc, error), -1;
  return n;
}

/* How the words of @mask (ANDed) are tried, cheapest first, as the masks of the words taken
 * whole; the last is 0, every word a prefix. A prefix word makes FTS5 merge the lists of every
 * word it covers before the first match (10-25 ms for a common one); a whole token is read
 * lazily, newest first. So every word whole first, then the last one (maybe half-typed) as a
 * prefix, then all as prefixes. Whole-token matches are prefix matches too: when a try finds
 * as many as wanted, they are the newest of those and the search takes them.
 *
 * Returns: the number of tries in @tries */
static guint
word_tries (guint mask,
            guint tries[3])
{
  guint last = 1u << (g_bit_storage (mask) - 1);
  guint n = 0;

  tries[n++] = mask;
  if ((mask & ~last) != 0)
    tries[n++] = mask & ~last;
  tries[n++] = 0;
  return n;
}

/* Returns: (transfer full) (nullable): the cheapest query of the words of @mask that finds
 *   @want matches (see word_tries()), or %NULL with @error set */
static char *
cheap_query (Search  *search,
             guint    mask,
             guint    want,
             GError **error)
{
  guint tries[3];
  guint n_tries = word_tries (mask, tries);

  for (guint i = 0; i + 1 < n_tries; i++)
    {
      g_autofree char *query = _parlance_store_search_join (search->words, mask, TRUE, tries[i]);
      gint64 n;

      if ((n = count_matches (search, query, want, error)) < 0)
        return NULL;
      if (n >= want)
        return g_steal_pointer (&query);
    }
  return _parlance_store_search_join (search->words, mask, TRUE, 0);
}

static int
compare_ranks (gconstpointer a,
               gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* What a title mix must reach to be among the results: the rank of the last of them. */
static void
set_bar (Search *search)
{
  g_autoptr(GArray) ranks = NULL;
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (search->hits) < search->limit)
    return;
  ranks = g_array_sized_new (FALSE, FALSE, sizeof (double), g_hash_table_size (search->hits));
  g_hash_table_iter_init (&iter, search->hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_val (ranks, ((Hit *) value)->rank);
  g_array_sort (ranks, compare_ranks);
  search->bar = g_array_index (ranks, double, search->limit - 1);
}

/* Returns: the number of matches of @query ranked, at most @want, or -1 with @error set */
static gint64
rank_matches (Search      *search,
              const char  *query,
              guint        want,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  if (!step (search, error) ||
      (stmt = _parlance_store_prepare (search->conn, ranked_sql, error)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, want);
  for (; (rc = sqlite3_step (stmt)) == SQLITE_ROW; n++)
    add_hit (search, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
             sqlite3_column_double (stmt, 2), 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return failed (search, rc, error), -1;
  return n;
}

/* The messages matching every word: the newest CANDIDATES of them, ranked, from the cheapest
 * query that finds that many (the ranking reads them anyway: no count first). */
static gboolean
collect_messages (Search      *search,
                  GError     **error)
{
  guint all = (1u << search->words->len) - 1;
  guint want = MAX (search->limit, CANDIDATES);
  guint tries[3];
  guint n_tries = word_tries (all, tries);

  for (guint i = 0; i < n_tries; i++)
    {
      g_autofree char *query = _parlance_store_search_join (search->words, all, TRUE, tries[i]);
      gint64 n = rank_matches (search, query, want, error);

      if (n < 0)
        return FALSE;
      if (n >= want || i + 1 == n_tries)
        break;
      g_hash_table_remove_all (search->hits);
    }
  set_bar (search);
  return TRUE;
}

/* @best: the rank of the best title matching @query, INFINITY when none does */
static gboolean
best_title_rank (Search      *search,
                 const char  *query,
                 double      *best,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!step (search, error) ||
      (stmt = _parlance_store_prepare (search->conn, title_best_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *best = rc == SQLITE_ROW ? sqlite3_column_double (stmt, 0) : INFINITY;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || failed (search, rc, error);
}

/* The conversations whose title holds the words of @subset: the other words in their
 * messages (one query for them all: FTS5 merges a prefix's lists once a query), or the title
 * alone when it holds every word. */
static gboolean
collect_titles (Search  *search,
                guint    subset,
                GError **error)
{
  guint others = ((1u << search->words->len) - 1) & ~subset;
  g_autofree char *title_query = _parlance_store_search_join (search->words, subset, TRUE, 0);
  g_autofree char *content_query = NULL;
  gboolean alone = (others == 0);
  sqlite3_stmt *stmt;
  int rc;

  if (!alone)
    {
      double best;

      /* A mix is ranked by its title: when no title beats the results so far, it adds none. */
      if (!best_title_rank (search, title_query, &best, error))
        return FALSE;
      if (best > search->bar)
        return TRUE;
      if ((content_query = cheap_query (search, others, SCANNED, error)) == NULL)
        return FALSE;
    }
  if (!step (search, error) ||
      (stmt = _parlance_store_prepare (search->conn, alone ? titles_sql : mixed_sql,
                                       error)) == NULL)
    return FALSE;
  if (alone)
    sqlite3_bind_text (stmt, 1, title_query, -1, SQLITE_TRANSIENT);
  else
    {
      sqlite3_bind_text (stmt, 1, content_query, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, title_query, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_hit (search, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
             sqlite3_column_double (stmt, 2), subset);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || failed (search, rc, error);
}

/* Returns: the words found in some title, as a mask, or -1 with @error set */
static gint64
title_words (Search  *search,
             GError **error)
{
  gint64 mask = 0;

  for (guint i = 0; i < search->words->len; i++)
    {
      sqlite3_stmt *stmt;
      int rc;

      if (!step (search, error) ||
          (stmt = _parlance_store_prepare (search->conn, title_exists_sql, error)) == NULL)
        return -1;
      sqlite3_bind_text (stmt, 1, search->words->pdata[i], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0))
        mask |= 1u << i;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return failed (search, rc, error), -1;
    }
  return mask;
}

/* Every set of title words: the subsets of @in_titles, walked as the bits of a counter. With
 * too many such words, only the title holding them all. */
static gboolean
collect_with_titles (Search  *search,
                     guint    in_titles,
                     GError **error)
{
  guint all = (1u << search->words->len) - 1;

  if (__builtin_popcount (in_titles) > MAX_TITLE_WORDS)
    return in_titles != all || collect_titles (search, all, error);
  for (guint subset = in_titles; subset != 0; subset = (subset - 1) & in_titles)
    if (!collect_titles (search, subset, error))
      return FALSE;
  return TRUE;
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = *(Hit * const *) a;
  const Hit *y = *(Hit * const *) b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->message_id > y->message_id ? -1 : x->message_id < y->message_id;
}

/* Returns: (transfer full): the column as valid UTF-8, "" for NULL */
static char *
dup_column (sqlite3_stmt *stmt,
            int           index)
{
  const char *text = _parlance_store_column_text (stmt, index);

  return g_utf8_make_valid (text != NULL ? text : "", -1);
}

static char *
query_text (Search      *search,
            const char  *sql,
            gint64       id,
            GError     **error)
{
  sqlite3_stmt *stmt = _parlance_store_prepare (search->conn, sql, error);
  char *text = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = dup_column (stmt, 0);
  else
    failed (search, rc == SQLITE_DONE ? SQLITE_ERROR : rc, error);
  sqlite3_reset (stmt);
  return text;
}

static ParlanceSearchResult *
make_result (Search  *search,
             Hit     *hit,
             GError **error)
{
  g_autoptr(ParlanceSearchResult) result = g_new0 (ParlanceSearchResult, 1);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!step (search, error) || (stmt = _parlance_store_prepare (search->conn, info_sql, error)) == NULL)
    return NULL;
  result->conversation_id = hit->conversation_id;
  result->message_id = hit->message_id;
  result->rank = hit->rank;
  sqlite3_bind_int64 (stmt, 1, hit->conversation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      result->title = dup_column (stmt, 0);
      result->updated = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return failed (search, rc == SQLITE_DONE ? SQLITE_ERROR : rc, error), NULL;

  if (hit->message_id == 0)
    {
      words = _parlance_store_search_typed_words (search->words, 0, FALSE);
      result->snippet = _parlance_store_snippet (search->tokenizer, result->title,
                                                 (const char * const *) words, 0);
    }
  else
    {
      if ((text = query_text (search, content_sql, hit->message_id, error)) == NULL)
        return NULL;
      words = _parlance_store_search_typed_words (search->words, hit->title_mask, FALSE);
      result->snippet = _parlance_store_snippet (search->tokenizer, text,
                                                 (const char * const *) words, SNIPPET_TOKENS);
    }
  return g_steal_pointer (&result);
}

static GPtrArray *
run_search (Search  *search,
            GError **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 in_titles;

  if (!collect_messages (search, error) ||
      (in_titles = title_words (search, error)) < 0 ||
      !collect_with_titles (search, (guint) in_titles, error))
    return NULL;

  hits = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, search->hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (hits, value);
  g_ptr_array_sort (hits, compare_hits);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_search_result_free);
  for (guint i = 0; i < MIN (hits->len, search->limit); i++)
    {
      ParlanceSearchResult *result = make_result (search, hits->pdata[i], error);

      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

static int
progress (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static void
interrupt (GCancellable    *cancellable,
           StoreConnection *conn)
{
  sqlite3_interrupt (conn->db);
}

/**
 * _parlance_store_db_search:
 * @cancellable: (nullable): interrupts the query in SQLite when cancelled
 *
 * Returns: (transfer full) (element-type ParlanceSearchResult): best first
 */
GPtrArray *
_parlance_store_db_search (StoreConnection  *conn,
                           const char       *query,
                           guint             limit,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_autoptr(GPtrArray) words = _parlance_store_search_words (query);
  g_autoptr(GHashTable) hits = NULL;
  g_autoptr(StoreTokenizer) tokenizer = NULL;
  Search search = { conn, cancellable, words, limit > 0 ? limit : DEFAULT_LIMIT, NULL, NULL,
                    INFINITY };
  GPtrArray *results;
  gulong handler = 0;

  if (words->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_search_result_free);

  hits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  search.hits = hits;
  tokenizer = _parlance_store_tokenizer_new (conn->db);
  if (tokenizer == NULL)
    {
      _parlance_store_set_error (conn, SQLITE_ERROR, error);
      return NULL;
    }
  search.tokenizer = tokenizer;
  if (cancellable != NULL)
    {
      /* sqlite3_interrupt stops a statement in its step; the progress handler also catches a
       * cancellation that came between two statements. */
      sqlite3_progress_handler (conn->db, 1000, progress, cancellable);
      handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt), conn, NULL);
    }
  /* One snapshot: the results, their titles and snippets agree. */
  if (!_parlance_store_exec (conn, "BEGIN", error))
    results = NULL;
  else
    {
      results = run_search (&search, error);
      _parlance_store_rollback (conn);
    }
  if (cancellable != NULL)
    {
      g_cancellable_disconnect (cancellable, handler);
      sqlite3_progress_handler (conn->db, 0, NULL, NULL);
    }
  return results;
}

/**
 * parlance_store_search:
 * @query: what a person typed
 * @limit: at most this many results; 0 for 200
 *
 * Searches every message (every branch, archived conversations included) and every title. A
 * result is a message whose text and conversation's title hold every word between them, or a
 * conversation whose title holds them all (its message_id 0). Snippets are marked with
 * %PARLANCE_SEARCH_MARK_START and %PARLANCE_SEARCH_MARK_END. When more messages hold every word
 * than max (@limit, 200), the newest of them are ranked (see the top of parlance-store-search.c).
 *
 * Returns: (transfer full) (element-type ParlanceSearchResult): best first (an empty array
 *   when @query holds no word), or %NULL with @error set
 */
GPtrArray *
parlance_store_search (ParlanceStore  *self,
                       const char     *query,
                       guint           limit,
                       GError        **error)
{
  StoreConnection *conn;
  GPtrArray *results;

  g_return_val_if_fail (PARLANCE_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if ((conn = _parlance_store_shared_take (self->shared, error)) == NULL)
    return NULL;
  /* What an import left unindexed (cut short) first, so that it is found; failing that, the
   * search still runs on what is indexed. */
  if (!conn->query_only)
    (void) _parlance_store_db_index_pending (conn, NULL, NULL);
  results = _parlance_store_db_search (conn, query, limit, NULL, error);
  _parlance_store_shared_give (self->shared, conn);
  return results;
}
