/* bench-store.c — the store at 200,000 messages: its size, the conversation list, a long branch.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-store [DATABASE]
 *
 * Makes the benchmark database (generate-store.c: 2,000 conversations, 200,000 messages, some
 * of 5,000) in a temporary folder, or uses DATABASE when it exists already (it is made there
 * when it does not, and kept). Prints: how long making it took and its size; opening the store;
 * listing every conversation, synchronously and through the async call a window uses (with the
 * longest the main loop waited meanwhile); loading the shown branch of a 5,000-message
 * conversation, the same two ways, the first (cold) read apart. Medians of several rounds.
 * Never fails on figures.
 */

#include "config.h"

#include <stdlib.h>
#include <glib/gstdio.h>

#include "generate-store.h"
#include "parlance-store.h"

#define ROUNDS 9

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static double
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (double) st.st_size : 0;
}

/* The main loop's longest wait for a probe due every millisecond, while an async call runs. */
static gint64 last_probe;
static gint64 longest_gap;

static gboolean
probe (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_probe != 0 && now - last_probe > longest_gap)
    longest_gap = now - last_probe;
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GPtrArray *result;
  gboolean   done;
} Wait;

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->result = parlance_store_list_conversations_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->result = parlance_store_load_branch_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

/* Runs @start (an async call finishing into a Wait) to its end; returns ms and the longest
 * main-loop gap in *gap_ms. */
static double
time_async (void     (*start) (ParlanceStore *, gint64, Wait *),
            ParlanceStore *store,
            gint64         arg,
            guint         *n_items,
            double        *gap_ms)
{
  Wait wait = { NULL, FALSE };
  gint64 begin;
  guint source = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe, NULL, NULL);

  last_probe = 0;
  longest_gap = 0;
  begin = g_get_monotonic_time ();
  start (store, arg, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  begin = g_get_monotonic_time () - begin;
  g_source_remove (source);
  *gap_ms = longest_gap / 1000.0;
  *n_items = wait.result->len;
  g_ptr_array_unref (wait.result);
  return begin / 1000.0;
}

static void
start_list (ParlanceStore *store,
            gint64         unused,
            Wait          *wait)
{
  parlance_store_list_conversations_async (store, PARLANCE_STORE_LIST_DEFAULT, 0, NULL, listed, wait);
}

static void
start_load (ParlanceStore *store,
            gint64         id,
            Wait          *wait)
{
  parlance_store_load_branch_async (store, id, NULL, loaded, wait);
}

static double
time_list_sync (ParlanceStore *store,
                guint         *n)
{
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  g_autoptr(GPtrArray) list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, &error);

  g_assert_no_error (error);
  *n = list->len;
  return (g_get_monotonic_time () - begin) / 1000.0;
}

static double
time_load_sync (ParlanceStore *store,
                gint64         id,
                guint         *n)
{
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  g_autoptr(GPtrArray) branch = parlance_store_load_branch (store, id, &error);

  g_assert_no_error (error);
  *n = branch->len;
  return (g_get_monotonic_time () - begin) / 1000.0;
}

static void
report (const char *what,
        double     *sync_ms,
        double     *async_ms,
        double     *gaps,
        guint       n_items)
{
  g_print ("%-34s %6u items   sync %8.1f ms   async %8.1f ms   longest main-loop wait %5.1f ms\n",
           what, n_items, median (sync_ms, ROUNDS), median (async_ms, ROUNDS), median (gaps, ROUNDS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  GenerateStoreStats stats = { 0 };
  double sync_ms[ROUNDS], async_ms[ROUNDS], gaps[ROUNDS], first_ms, first_gap;
  guint n_items = 0;
  gint64 begin;

  if (argc > 1)
    db = g_strdup (argv[1]);
  else
    {
      tmp = g_dir_make_tmp ("parlance-bench-store-XXXXXX", &error);
      g_assert_no_error (error);
      db = g_build_filename (tmp, "parlance.db", NULL);
    }
  wal = g_strconcat (db, "-wal", NULL);

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      if (!generate_store (db, &stats, &error))
        g_error ("Could not make the benchmark database: %s", error->message);
      g_print ("Made %" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " messages "
               "(%.0f MB of text; the longest conversation %" G_GINT64_FORMAT " messages) in %.1f s, "
               "one transaction\n",
               stats.n_conversations, stats.n_messages, stats.text_bytes / 1e6, stats.longest,
               stats.seconds);
    }

  begin = g_get_monotonic_time ();
  store = parlance_store_open (db, &error);
  g_assert_no_error (error);
  g_print ("Opening the store: %.1f ms\n", (g_get_monotonic_time () - begin) / 1000.0);
  g_print ("Database: %.1f MB (WAL %.1f MB)\n", file_size (db) / 1e6, file_size (wal) / 1e6);

  for (guint r = 0; r < ROUNDS; r++)
    {
      sync_ms[r] = time_list_sync (store, &n_items);
      async_ms[r] = time_async (start_list, store, 0, &n_items, &gaps[r]);
    }
  report ("conversation list", sync_ms, async_ms, gaps, n_items);

  {
    gint64 id = generate_store_find_longest (store, &error);

    g_assert_no_error (error);
    first_ms = time_async (start_load, store, id, &n_items, &first_gap);
    for (guint r = 0; r < ROUNDS; r++)
      {
        sync_ms[r] = time_load_sync (store, id, &n_items);
        async_ms[r] = time_async (start_load, store, id, &n_items, &gaps[r]);
      }
    report ("shown branch, 5,000-message chat", sync_ms, async_ms, gaps, n_items);
    g_print ("%-34s %6u items   first (async) %.1f ms, longest main-loop wait %.1f ms\n",
             "", n_items, first_ms, first_gap);
  }

  g_clear_object (&store);
  if (tmp != NULL)
    {
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmp);
    }
  return EXIT_SUCCESS;
}
