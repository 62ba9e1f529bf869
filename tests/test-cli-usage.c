/* test-cli-usage.c — `parlance-cli usage`: the table, --by, --since, and JSON with exact costs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The requests are written with SQL into the database, as the code that sends them records
 * them. The program runs with local time at UTC+10 and the C.UTF-8 locale.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <time.h>

#include "parlance-test-cli-store.h"

#define ZONE "XYZ-10"

static gint64
utc (int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
make_database (StoreFixture *f)
{
  g_autofree char *folder = g_path_get_dirname (f->db_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  store = parlance_store_open (f->db_path, &error);
  g_assert_no_error (error);
}

static void
insert (sqlite3    *db,
        gint64      at,
        const char *provider,
        const char *model,
        gint64      tokens_in,
        gint64      tokens_out,
        gint64      cost)
{
  g_autofree char *cost_text = cost >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, cost) : g_strdup ("NULL");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO requests (at, provider_id, model, status, tokens_in, tokens_out, cost_pico)"
    " VALUES (%" G_GINT64_FORMAT ", '%s', %s%s%s, 200, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
    ", %s)", at, provider, model ? "'" : "", model ? model : "NULL", model ? "'" : "",
    tokens_in, tokens_out, cost_text);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Three local days; one thousand requests at $0.0000123 on the second. */
static void
fill_database (StoreFixture *f)
{
  sqlite3 *db = NULL;

  make_database (f);
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  insert (db, utc (2026, 3, 1, 1), "openrouter", "a/free:free", 100, 10, 0);
  for (int i = 0; i < 1000; i++)
    insert (db, utc (2026, 3, 1, 20) + i, "openrouter", "b/paid", 12, 3, 12300000);
  insert (db, utc (2026, 3, 2, 14), "gemini", "gemini-2.5-flash", 4000000, 36900, 36900000);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
}

static Run *
usage_run (StoreFixture       *f,
           const char * const *args)
{
  const char *env[] = { f->env[0], "TZ=" ZONE, "LC_ALL=C.UTF-8", NULL };

  return run_cli (f->cli.url, env, NULL, args);
}

static const char by_day_table[] =
  "Day         Requests  Tokens in  Tokens out        Cost\n"
  "2026-03-01         1        100          10       $0.00\n"
  "2026-03-02      1000      12000        3000     $0.0123\n"
  "2026-03-03         1    4000000       36900  $0.0000369\n"
  "Total           1002    4012100       39910  $0.0123369\n";

static void
test_usage_table (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  /* Nothing sent yet: said so, and no database made to say it. */
  run = usage_run (f, ARGS ("usage"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "No usage recorded yet.");
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, run_free);

  fill_database (f);
  run = usage_run (f, ARGS ("usage"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, by_day_table);
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("usage", "--by", "provider"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==,
    "Provider    Requests  Tokens in  Tokens out        Cost\n"
    "openrouter      1001      12100        3010     $0.0123\n"
    "gemini             1    4000000       36900  $0.0000369\n"
    "Total           1002    4012100       39910  $0.0123369\n");
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("usage", "--by", "model", "--since", "2026-03-02"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==,
    "Model             Requests  Tokens in  Tokens out        Cost\n"
    "b/paid                1000      12000        3000     $0.0123\n"
    "gemini-2.5-flash         1    4000000       36900  $0.0000369\n"
    "Total                 1001    4012000       39900  $0.0123369\n");
}

static void
test_usage_json (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  g_autofree char *names = NULL;
  JsonObject *root;
  JsonArray *rows;
  JsonObject *row;

  run = usage_run (f, ARGS ("usage", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (parser, run->out->str);
  assert_contains (run->out->str, "\"total_cost\" : 0,");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "rows")), ==, 0);
  g_clear_pointer (&run, run_free);

  fill_database (f);
  run = usage_run (f, ARGS ("usage", "--by", "day", "--since", "2026-03-02", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (parser, run->out->str);
  names = dup_member_names (root);
  g_assert_cmpstr (names, ==, "rows,total_cost,total_tokens_in,total_tokens_out");
  /* Exact decimals, as written: never 0.012336899999 nor 3.69e-05. */
  assert_contains (run->out->str, "\"total_cost\" : 0.0123369,");
  assert_contains (run->out->str, "\"cost\" : 0.0123\n");
  assert_contains (run->out->str, "\"cost\" : 0.0000369\n");
  g_assert_cmpint (json_object_get_int_member (root, "total_tokens_in"), ==, 4012000);
  g_assert_cmpint (json_object_get_int_member (root, "total_tokens_out"), ==, 39900);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  row = json_array_get_object_element (rows, 0);
  g_clear_pointer (&names, g_free);
  names = dup_member_names (row);
  g_assert_cmpstr (names, ==, "cost,key,requests,tokens_in,tokens_out");
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "2026-03-02");
  g_assert_cmpint (json_object_get_int_member (row, "requests"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (row, "tokens_in"), ==, 12000);
  g_assert_cmpint (json_object_get_int_member (row, "tokens_out"), ==, 3000);
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "2026-03-03");
}

static void
test_usage_bad_options (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  run = usage_run (f, ARGS ("usage", "--by", "week"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--by takes day, model or provider.");
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("usage", "--since", "2026-02-30"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "is not a date");
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("usage", "--since", "\033[31myesterday"));
  g_assert_cmpint (run->status, ==, 2);
  g_assert_null (strchr (run->err->str, '\033'));
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("usage", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--by");
  assert_contains (run->out->str, "--since");
  assert_contains (run->out->str, "total_tokens_in");
  g_clear_pointer (&run, run_free);

  run = usage_run (f, ARGS ("--help"));
  assert_contains (run->out->str, "usage [--by day|model|provider]");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("TZ", ZONE, TRUE);
  tzset ();
  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli-usage/table", test_usage_table);
  add_store_test ("/parlance/cli-usage/json", test_usage_json);
  add_store_test ("/parlance/cli-usage/bad-options", test_usage_bad_options);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
