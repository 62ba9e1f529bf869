/* test-store-usage.c — usage read from the store: grouping by day, model and provider, date
 * ranges in local time, exact cost sums, and what a conversation cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `requests` rows are written with SQL straight into the database, as another program (or
 * the code that records requests) would: the test depends only on the table's columns.
 */

#include "config.h"

#include <time.h>

#include "parlance-store.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

#define USEC G_USEC_PER_SEC

/* Microseconds of a UTC time. */
static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * USEC;
}

/* @tokens_in, @tokens_out, @cost: -1 writes NULL (unknown). */
static void
insert_request (sqlite3    *db,
                gint64      at,
                const char *provider,
                const char *model,
                gint64      tokens_in,
                gint64      tokens_out,
                gint64      cost)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO requests (at, provider_id, model, requested_model, status, tokens_in, tokens_out,"
    " cost_pico) VALUES (?1, ?2, ?3, ?3, 200, ?4, ?5, ?6)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, provider, -1, SQLITE_STATIC);
  if (model != NULL)
    sqlite3_bind_text (stmt, 3, model, -1, SQLITE_STATIC);
  if (tokens_in >= 0)
    sqlite3_bind_int64 (stmt, 4, tokens_in);
  if (tokens_out >= 0)
    sqlite3_bind_int64 (stmt, 5, tokens_out);
  if (cost >= 0)
    sqlite3_bind_int64 (stmt, 6, cost);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static ParlanceUsageRow *
row_at (ParlanceUsageReport *report,
        guint                i)
{
  g_assert_cmpuint (i, <, report->rows->len);
  return g_ptr_array_index (report->rows, i);
}

static void
assert_row (ParlanceUsageReport *report,
            guint                i,
            const char          *key,
            gint64               requests,
            gint64               tokens_in,
            gint64               tokens_out,
            gint64               cost)
{
  ParlanceUsageRow *row = row_at (report, i);

  g_assert_cmpstr (row->key, ==, key);
  g_assert_cmpint (row->requests, ==, requests);
  g_assert_cmpint (row->tokens_in, ==, tokens_in);
  g_assert_cmpint (row->tokens_out, ==, tokens_out);
  g_assert_cmpint (row->cost_pico, ==, cost);
}

/* A store with requests on three local days (the zone is UTC+10: 20:00 UTC is the next day). */
static ParlanceStore *
store_with_requests (char **path_out)
{
  g_autofree char *path = parlance_test_store_path ();
  ParlanceStore *store = parlance_test_store_open (path);
  sqlite3 *db = parlance_test_store_raw (path);

  insert_request (db, utc (2026, 3, 1, 1, 0), "openrouter", "a/free:free", 100, 10, 0);
  insert_request (db, utc (2026, 3, 1, 20, 0), "openrouter", "b/paid", 200, 20, 1500000);
  insert_request (db, utc (2026, 3, 2, 13, 59), "openrouter", "b/paid", 300, 30, 2500000);
  insert_request (db, utc (2026, 3, 2, 14, 0), "gemini", "gemini-2.5-flash", 400, 40, -1);
  /* A request that failed: counted, with nothing in or out. */
  insert_request (db, utc (2026, 3, 2, 14, 30), "gemini", NULL, -1, -1, -1);
  sqlite3_close (db);
  *path_out = g_steal_pointer (&path);
  return store;
}

static void
test_usage_by_day (void)
{
  g_autofree char *path = NULL;
  g_autoptr(ParlanceStore) store = store_with_requests (&path);
  g_autoptr(ParlanceUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = parlance_store_get_usage (store, PARLANCE_USAGE_BY_DAY, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 3);
  /* Local days, oldest first: 01:00 UTC is 11:00 on the 1st; 20:00 UTC and 13:59 UTC the next
   * day is the 2nd; 14:00 UTC on the 2nd is midnight on the 3rd. */
  assert_row (report, 0, "2026-03-01", 1, 100, 10, 0);
  assert_row (report, 1, "2026-03-02", 2, 500, 50, 4000000);
  assert_row (report, 2, "2026-03-03", 2, 400, 40, 0);
  g_assert_cmpint (report->requests, ==, 5);
  g_assert_cmpint (report->tokens_in, ==, 1000);
  g_assert_cmpint (report->tokens_out, ==, 100);
  g_assert_cmpint (report->cost_pico, ==, 4000000);
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_usage_by_model_and_provider (void)
{
  g_autofree char *path = NULL;
  g_autoptr(ParlanceStore) store = store_with_requests (&path);
  g_autoptr(ParlanceUsageReport) models = NULL;
  g_autoptr(ParlanceUsageReport) providers = NULL;
  g_autoptr(GError) error = NULL;

  models = parlance_store_get_usage (store, PARLANCE_USAGE_BY_MODEL, 0, 0, &error);
  g_assert_no_error (error);
  /* Costliest first, then the most requests, then by name; no model recorded is "". */
  g_assert_cmpuint (models->rows->len, ==, 4);
  assert_row (models, 0, "b/paid", 2, 500, 50, 4000000);
  assert_row (models, 1, "", 1, 0, 0, 0);
  assert_row (models, 2, "a/free:free", 1, 100, 10, 0);
  assert_row (models, 3, "gemini-2.5-flash", 1, 400, 40, 0);

  providers = parlance_store_get_usage (store, PARLANCE_USAGE_BY_PROVIDER, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (providers->rows->len, ==, 2);
  assert_row (providers, 0, "openrouter", 3, 600, 60, 4000000);
  assert_row (providers, 1, "gemini", 2, 400, 40, 0);
  g_assert_cmpint (providers->cost_pico, ==, 4000000);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* One grouping after another on the same connection, each answered by its own statement (the
 * connection caches statements by the SQL's address: a freed string's address came back once,
 * and a by-day read answered a by-model one). */
static void
test_usage_groupings_in_turn (void)
{
  g_autofree char *path = NULL;
  g_autoptr(ParlanceStore) store = store_with_requests (&path);
  const struct { ParlanceUsageGrouping grouping; const char *first; } turns[] = {
    { PARLANCE_USAGE_BY_DAY, "2026-03-01" },
    { PARLANCE_USAGE_BY_MODEL, "b/paid" },
    { PARLANCE_USAGE_BY_PROVIDER, "openrouter" },
  };

  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
      {
        guint t = (i + round) % G_N_ELEMENTS (turns);
        g_autoptr(ParlanceUsageReport) report = NULL;
        g_autoptr(GError) error = NULL;

        report = parlance_store_get_usage (store, turns[t].grouping, 0, 0, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (row_at (report, 0)->key, ==, turns[t].first);
      }
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_usage_ranges (void)
{
  g_autofree char *path = NULL;
  g_autoptr(ParlanceStore) store = store_with_requests (&path);
  g_autoptr(ParlanceUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  /* The clock says 09:00 on the 3rd, local time (23:00 UTC on the 2nd). */
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 2, 23, 0, 0);
  gint64 today = parlance_usage_day_start (now, 0);
  gint64 yesterday = parlance_usage_day_start (now, 1);

  g_assert_cmpint (today, ==, utc (2026, 3, 2, 14, 0));
  g_assert_cmpint (yesterday, ==, utc (2026, 3, 1, 14, 0));
  /* March 3 less 31 days is January 31, whose local midnight is 14:00 UTC the day before. */
  g_assert_cmpint (parlance_usage_day_start (now, 31), ==, utc (2026, 1, 30, 14, 0));

  /* Today only: the bound is inclusive at midnight. */
  report = parlance_store_get_usage (store, PARLANCE_USAGE_BY_DAY, today, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 1);
  assert_row (report, 0, "2026-03-03", 2, 400, 40, 0);
  g_clear_pointer (&report, parlance_usage_report_free);

  /* Yesterday only: the end is exclusive. */
  report = parlance_store_get_usage (store, PARLANCE_USAGE_BY_PROVIDER, yesterday, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 1);
  assert_row (report, 0, "openrouter", 2, 500, 50, 4000000);
  g_clear_pointer (&report, parlance_usage_report_free);

  /* Nothing yet: no rows, totals of zero. */
  report = parlance_store_get_usage (store, PARLANCE_USAGE_BY_MODEL, utc (2027, 1, 1, 0, 0), 0,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 0);
  g_assert_cmpint (report->requests, ==, 0);
  g_assert_cmpint (report->cost_pico, ==, 0);
  parlance_test_store_close (g_steal_pointer (&store));
}

/* A thousand replies at $0.0000123 cost $0.0123: not $0.012299999 (a sum of doubles). */
static void
test_usage_exact_sum (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *shown = NULL;
  sqlite3 *db = parlance_test_store_raw (path);
  gint64 price = parlance_cost_pico_from_double (0.0000123);

  parlance_test_store_raw_exec (db, "BEGIN");
  for (int i = 0; i < 1000; i++)
    insert_request (db, utc (2026, 3, 1, 0, 0) + i * USEC, "openrouter", "m", 10, 1, price);
  parlance_test_store_raw_exec (db, "COMMIT");
  sqlite3_close (db);

  report = parlance_store_get_usage (store, PARLANCE_USAGE_BY_MODEL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->cost_pico, ==, G_GINT64_CONSTANT (12300000000));
  json = parlance_cost_pico_to_string (report->cost_pico);
  g_assert_cmpstr (json, ==, "0.0123");
  shown = parlance_cost_pico_format (report->cost_pico);
  g_assert_cmpstr (shown, ==, "$0.0123");
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
test_cost_format (void)
{
  const struct { gint64 pico; const char *shown; } cases[] = {
    { 0, "$0.00" },
    { 12300000, "$0.0000123" },
    { G_GINT64_CONSTANT (1500000000000), "$1.50" },
    { G_GINT64_CONSTANT (12000000000000), "$12.00" },
    { G_GINT64_CONSTANT (1234567890123), "$1.234567890123" },
    { G_MAXINT64, "$9223372.036854775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = parlance_cost_pico_format (cases[i].pico);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (parlance_cost_pico_format (-1));
}

static void
set_cost (ParlanceStore   *store,
          ParlanceMessage *message,
          gint64           cost)
{
  g_autoptr(GError) error = NULL;

  parlance_message_set_cost_pico (message, cost);
  g_assert_true (parlance_store_update_message (store, message, &error));
  g_assert_no_error (error);
}

static void
got_cost (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gint64 *cost = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_get_conversation_cost_finish (PARLANCE_STORE (object), result,
                                                              cost, &error));
  g_assert_no_error (error);
}

/* Every version of a reply was paid for: the conversation's cost counts every branch. */
static void
test_conversation_cost (void)
{
  g_autofree char *path = parlance_test_store_path ();
  g_autoptr(ParlanceStore) store = parlance_test_store_open (path);
  g_autoptr(ParlanceConversation) chat = parlance_test_store_conversation (store, "Paid");
  g_autoptr(ParlanceConversation) other = parlance_test_store_conversation (store, "Other");
  g_autoptr(ParlanceConversation) free_chat = parlance_test_store_conversation (store, "Free");
  gint64 id = parlance_conversation_get_id (chat);
  g_autoptr(ParlanceMessage) question = parlance_test_store_message (store, id, 0, PARLANCE_ROLE_USER, "Hi");
  g_autoptr(ParlanceMessage) first = parlance_test_store_message (store, id, parlance_message_get_id (question),
                                                                  PARLANCE_ROLE_ASSISTANT, "One");
  g_autoptr(ParlanceMessage) second = parlance_test_store_message (store, id, parlance_message_get_id (question),
                                                                   PARLANCE_ROLE_ASSISTANT, "Two");
  g_autoptr(ParlanceMessage) elsewhere = parlance_test_store_message (store, parlance_conversation_get_id (other),
                                                                      0, PARLANCE_ROLE_ASSISTANT, "X");
  g_autoptr(ParlanceMessage) unpriced = parlance_test_store_message (store, parlance_conversation_get_id (free_chat),
                                                                     0, PARLANCE_ROLE_ASSISTANT, "Y");
  g_autoptr(GError) error = NULL;
  gint64 cost = 0;

  set_cost (store, first, 12300000);
  set_cost (store, second, G_GINT64_CONSTANT (12300000000));
  set_cost (store, elsewhere, G_GINT64_CONSTANT (5000000000000));
  set_cost (store, unpriced, -1);

  g_assert_true (parlance_store_get_conversation_cost (store, id, &cost, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cost, ==, G_GINT64_CONSTANT (12312300000));

  /* No known cost: -1, which the header shows as nothing. */
  g_assert_true (parlance_store_get_conversation_cost (store, parlance_conversation_get_id (free_chat),
                                                       &cost, &error));
  g_assert_cmpint (cost, ==, -1);

  cost = 0;
  parlance_store_get_conversation_cost_async (store, id, NULL, got_cost, &cost);
  parlance_test_wait_for (cost != 0, 10000);
  g_assert_cmpint (cost, ==, G_GINT64_CONSTANT (12312300000));
  parlance_test_store_close (g_steal_pointer (&store));
}

static void
got_usage (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ParlanceUsageReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = parlance_store_get_usage_finish (PARLANCE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_usage_async (void)
{
  g_autofree char *path = NULL;
  g_autoptr(ParlanceStore) store = store_with_requests (&path);
  g_autoptr(ParlanceUsageReport) report = NULL;

  parlance_store_get_usage_async (store, PARLANCE_USAGE_BY_PROVIDER, 0, 0, NULL, got_usage, &report);
  parlance_test_wait_for (report != NULL, 10000);
  g_assert_cmpuint (report->rows->len, ==, 2);
  g_assert_cmpint (report->requests, ==, 5);
  parlance_test_store_close (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  /* Local time is UTC+10 here, without daylight saving, whatever the machine's zone. */
  g_setenv ("TZ", "XYZ-10", TRUE);
  tzset ();
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-usage/by-day", test_usage_by_day);
  g_test_add_func ("/parlance/store-usage/by-model-and-provider", test_usage_by_model_and_provider);
  g_test_add_func ("/parlance/store-usage/groupings-in-turn", test_usage_groupings_in_turn);
  g_test_add_func ("/parlance/store-usage/ranges", test_usage_ranges);
  g_test_add_func ("/parlance/store-usage/exact-sum", test_usage_exact_sum);
  g_test_add_func ("/parlance/store-usage/cost-format", test_cost_format);
  g_test_add_func ("/parlance/store-usage/conversation-cost", test_conversation_cost);
  g_test_add_func ("/parlance/store-usage/async", test_usage_async);

  return g_test_run ();
}
