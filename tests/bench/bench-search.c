/* bench-search.c — full-text search at 200,000 messages: latency of 50 queries, index size.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-search [DATABASE]
 *
 * Makes the benchmark database (generate-store.c) in a temporary folder, or uses DATABASE
 * (made there when it does not exist, and kept). Runs 50 queries of the kinds people type —
 * whole words, two or three words, prefixes as they are being typed, words with punctuation,
 * words found nowhere — each once to warm the cache, then ROUNDS times; prints, over the 50
 * per-query medians, the median, the 95th percentile and the worst, for the synchronous call
 * (the core) and the asynchronous one (what a window waits for, a worker thread and back). The
 * database's size with the index and without it comes from SQLite's dbstat table. The
 * synthetic text has a small vocabulary, so most words are in most messages: a harder case
 * than real histories. Never fails on figures.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "generate-store.h"
#include "parlance-store.h"

#define ROUNDS 5

static const char *queries[] = {
  /* whole words */
  "lifetime", "gradient", "tomato", "museum", "container", "latency", "theorem", "hotel",
  "compiler", "pointer",
  /* two or three words */
  "thread memory", "deploy container", "merge conflict", "oven flour", "train ticket",
  "matrix vector", "cache latency", "server request", "rust lifetime", "python function",
  "borrow checks owner", "garden soil tomato",
  /* prefixes, as typed */
  "l", "li", "lif", "grad", "conta", "mem", "th", "rec", "deplo", "serv", "tok", "bor",
  "merge conf",
  /* punctuation, markup, code */
  "`value_", "**error**", "buffer()", "c++", "node.js", "what's", "value_cache = loop",
  /* found nowhere, or hardly */
  "kubernetes", "quantum", "zebra", "photosynthesis",
  /* sentences, other scripts */
  "how do i", "what is the best way", "東京", "café",
};

G_STATIC_ASSERT (G_N_ELEMENTS (queries) == 50);

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[MIN ((guint) (p * n), n - 1)];
}

typedef struct
{
  GPtrArray *results;
  gboolean   done;
} Wait;

static void
searched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->results = parlance_store_search_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static double
time_search (ParlanceStore *store,
             const char    *query,
             guint          limit,
             gboolean       async,
             guint         *n_results)
{
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  GPtrArray *results;

  if (async)
    {
      Wait wait = { NULL, FALSE };

      parlance_store_search_async (store, query, limit, NULL, searched, &wait);
      while (!wait.done)
        g_main_context_iteration (NULL, TRUE);
      results = wait.results;
    }
  else
    {
      results = parlance_store_search (store, query, limit, &error);
      g_assert_no_error (error);
    }
  begin = g_get_monotonic_time () - begin;
  *n_results = results->len;
  g_ptr_array_unref (results);
  return begin / 1000.0;
}

static void
run_queries (ParlanceStore *store,
             guint          limit,
             gboolean       async,
             gboolean       verbose)
{
  double medians[G_N_ELEMENTS (queries)];

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      double rounds[ROUNDS];
      guint n = 0;

      time_search (store, queries[q], limit, async, &n);
      for (guint r = 0; r < ROUNDS; r++)
        rounds[r] = time_search (store, queries[q], limit, async, &n);
      medians[q] = percentile (rounds, ROUNDS, 0.5);
      if (verbose)
        g_print ("  %-24s %4u results %8.2f ms\n", queries[q], n, medians[q]);
    }
  g_print ("%-6s limit %3u: median %6.2f ms   p95 %6.2f ms   worst %6.2f ms\n",
           async ? "async" : "sync", limit, percentile (medians, G_N_ELEMENTS (queries), 0.5),
           percentile (medians, G_N_ELEMENTS (queries), 0.95),
           percentile (medians, G_N_ELEMENTS (queries), 1.0));
}

static void
print_sizes (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double total = 0, index = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT name LIKE '%\\_fts%' ESCAPE '\\', SUM (pgsize) FROM dbstat"
                              " GROUP BY 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_print ("Sizes: SQLite has no dbstat table (%s)\n", sqlite3_errmsg (db));
      sqlite3_close (db);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      total += sqlite3_column_double (stmt, 1);
      if (sqlite3_column_int (stmt, 0))
        index += sqlite3_column_double (stmt, 1);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_print ("Database: %.1f MB with the search index, %.1f MB without it (the index: %.1f MB, "
           "+%.0f%%)\n", total / 1e6, (total - index) / 1e6, index / 1e6,
           100.0 * index / MAX (total - index, 1));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  GenerateStoreStats stats = { 0 };
  gboolean verbose = g_getenv ("BENCH_VERBOSE") != NULL;

  if (argc > 1)
    db = g_strdup (argv[1]);
  else
    {
      tmp = g_dir_make_tmp ("parlance-bench-search-XXXXXX", &error);
      g_assert_no_error (error);
      db = g_build_filename (tmp, "parlance.db", NULL);
    }

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      if (!generate_store (db, &stats, &error))
        g_error ("Could not make the benchmark database: %s", error->message);
      g_print ("Made %" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " messages "
               "(%.0f MB of text) in %.1f s, the index kept by the triggers\n",
               stats.n_conversations, stats.n_messages, stats.text_bytes / 1e6, stats.seconds);
    }

  store = parlance_store_open (db, &error);
  g_assert_no_error (error);
  print_sizes (db);
  g_print ("%u queries, the median of %u runs each (after one to warm up):\n",
           (guint) G_N_ELEMENTS (queries), ROUNDS);
  run_queries (store, 50, FALSE, verbose);
  run_queries (store, 200, FALSE, verbose);
  run_queries (store, 50, TRUE, FALSE);

  g_clear_object (&store);
  if (tmp != NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmp);
    }
  return EXIT_SUCCESS;
}
