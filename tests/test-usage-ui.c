/* test-usage-ui.c — the Usage window (chart, table, totals, ranges, empty state, a narrow
 * window, light and dark) and the conversation's cost in the window's header.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are written with SQL into the app's database, as the code that sends them records
 * them. Local time is UTC+10 here and the clock of the Usage window is set: 09:00 on March 3.
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <time.h>

#include "fake-limits.h"
#include "parlance-conversation-view.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-usage-chart.h"
#include "parlance-usage-table.h"
#include "parlance-usage-window.h"

#define ZONE "XYZ-10"

static gint64
utc (int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
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
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO requests (at, provider_id, model, status, tokens_in, tokens_out, cost_pico)"
    " VALUES (%" G_GINT64_FORMAT ", '%s', '%s', 200, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
    ", %" G_GINT64_FORMAT ")", at, provider, model, tokens_in, tokens_out, cost);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static sqlite3 *
open_raw (void)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* A thousand requests at $0.0000123 today, one to Gemini on March 1, and a dollar's request a
 * month before, outside the last 7 days. */
static void
fill_usage (void)
{
  sqlite3 *db = open_raw ();

  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (int i = 0; i < 1000; i++)
    insert (db, utc (2026, 3, 2, 15) + i * G_USEC_PER_SEC, "openrouter", "openai/gpt-4o-mini",
            12, 3, 12300000);
  insert (db, utc (2026, 3, 1, 1), "gemini", "gemini-2.5-flash", 4000000, 36900, 36900000);
  insert (db, utc (2026, 2, 1, 1), "openrouter", "anthropic/claude-sonnet-4", 1000, 1000,
          G_GINT64_CONSTANT (1000000000000));
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
}

static gpointer
child (ParlanceUsageWindow *usage,
       const char          *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (usage), PARLANCE_TYPE_USAGE_WINDOW, name);
}

static void
wait_loaded (ParlanceUsageWindow *usage)
{
  parlance_test_wait_for (!parlance_usage_window_get_loading (usage), 10000);
}

/* The Usage window as the main menu opens it, its clock set to 09:00 on March 3 (local). */
static ParlanceUsageWindow *
open_usage (ParlanceTestSidebar *ui)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 2, 23, 0, 0);
  ParlanceUsageWindow *usage;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->window), "win.show-usage", NULL));
  usage = PARLANCE_USAGE_WINDOW (parlance_test_ui_find_window (PARLANCE_TYPE_USAGE_WINDOW));
  g_assert_nonnull (usage);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (usage)) == GTK_WINDOW (ui->window));
  parlance_usage_window_set_now (usage, now);
  parlance_usage_window_reload (usage);
  wait_loaded (usage);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (usage)), 10000);
  return usage;
}

static void
assert_grouping (ParlanceUsageWindow *usage,
                 const char          *grouping)
{
  g_autofree char *value = NULL;

  g_object_get (usage, "grouping", &value, NULL);
  g_assert_cmpstr (value, ==, grouping);
}

static const char *
visible_state (ParlanceUsageWindow *usage)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (usage, "state_stack")));
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *dark_name = g_strconcat (name, "-dark", NULL);
  g_autofree char *light = parlance_test_ui_screenshot (widget, name);
  g_autofree char *dark = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  dark = parlance_test_ui_screenshot (widget, dark_name);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (g_file_test (light, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (dark, G_FILE_TEST_EXISTS));
}

static void
test_usage_empty (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceUsageWindow *usage;
  AdwStatusPage *empty;

  parlance_test_sidebar_start (&ui);
  usage = open_usage (&ui);
  empty = child (usage, "empty_page");
  g_assert_cmpstr (visible_state (usage), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Usage in This Range");
  parlance_usage_window_set_range (usage, 0);
  wait_loaded (usage);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Usage Yet");
  shoot (GTK_WIDGET (usage), "usage-empty");

  /* Escape closes it. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (usage), GDK_KEY_Escape, 0));
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_USAGE_WINDOW) == NULL, 10000);
  parlance_test_sidebar_stop (&ui);
}

static void
test_usage_chart_and_table (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceUsageWindow *usage;
  ParlanceUsageChart *chart;
  ParlanceUsageTable *table;
  guint n;

  parlance_test_sidebar_start (&ui);
  fill_usage ();
  usage = open_usage (&ui);
  chart = child (usage, "chart");
  table = child (usage, "table");
  g_assert_cmpstr (visible_state (usage), ==, "usage");

  /* The last 7 days, every day a bar, today's the thousand requests: $0.0123 exactly. */
  g_assert_cmpstr (gtk_label_get_text (child (usage, "total_cost_label")), ==, "$0.0123369");
  g_assert_cmpstr (gtk_label_get_text (child (usage, "totals_label")), ==,
                   "1001 requests · 4012000 tokens in · 39900 out");
  n = parlance_usage_chart_get_n_bars (chart);
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpint (parlance_usage_chart_get_value (chart, n - 1), ==, G_GINT64_CONSTANT (12300000000));
  g_assert_cmpint (parlance_usage_chart_get_value (chart, n - 3), ==, 36900000);
  g_assert_cmpint (parlance_usage_chart_get_value (chart, 0), ==, 0);
  g_assert_cmpstr (parlance_usage_chart_get_description (chart), ==,
                   "Cost by day: 7 bars, total $0.0123369; highest Mar 3, $0.0123");
  shoot (GTK_WIDGET (usage), "usage-chart");

  /* The table holds the same numbers, exact, and a line of totals; its button is reached with
   * the keyboard and pressed with Space. */
  g_assert_true (gtk_widget_grab_focus (child (usage, "table_button")));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (usage), GDK_KEY_space, 0));
  parlance_test_wait_for (g_strcmp0 (gtk_stack_get_visible_child_name (child (usage, "view_stack")), "table") == 0, 5000);
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 6, 0), ==, "2026-03-03");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 6, 1), ==, "1000");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 6, 4), ==, "$0.0123");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 4, 4), ==, "$0.0000369");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 7, 0), ==, "Total");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 7, 4), ==, "$0.0123369");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (table)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (parlance_usage_table_get_view (table))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (usage)),
                                         GTK_WIDGET (parlance_usage_table_get_view (table))));
  shoot (GTK_WIDGET (usage), "usage-table");

  /* By model, all time: the costliest first, tokens as the measure. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (usage), "usage.view", "s", "chart"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (usage), "usage.grouping", "s", "model"));
  assert_grouping (usage, "model");
  parlance_usage_window_set_range (usage, 0);
  wait_loaded (usage);
  assert_grouping (usage, "model");
  g_assert_cmpstr (parlance_usage_chart_get_description (chart), ==,
                   "Cost by model: 3 bars, total $1.0123369; highest anthropic/claude-sonnet-4, $1.00");
  g_assert_cmpuint (parlance_usage_chart_get_n_bars (chart), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (child (usage, "total_cost_label")), ==, "$1.0123369");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 0, 0), ==, "anthropic/claude-sonnet-4");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 1, 4), ==, "$0.0123");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (usage), "usage.metric", "s", "tokens"));
  g_assert_cmpint (parlance_usage_chart_get_value (chart, 2), ==, 4036900);
  g_assert_true (g_str_has_prefix (parlance_usage_chart_get_description (chart), "Tokens by model: 3 bars"));
  shoot (GTK_WIDGET (usage), "usage-by-model-tokens");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (usage), "usage.grouping", "s", "provider"));
  wait_loaded (usage);
  g_assert_cmpuint (parlance_usage_chart_get_n_bars (chart), ==, 2);
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 0, 0), ==, "openrouter");
  g_assert_cmpstr (parlance_usage_table_get_cell (table, 0, 1), ==, "1001");

  gtk_window_destroy (GTK_WINDOW (usage));
  parlance_test_sidebar_stop (&ui);
}

/* A thousand days, one of them costing nearly all a gint64 holds: drawn, labels thinned out. */
static void
test_usage_many_rows (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceUsageWindow *usage;
  ParlanceUsageChart *chart;
  sqlite3 *db;

  parlance_test_sidebar_start (&ui);
  db = open_raw ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (int i = 0; i < 1000; i++)
    insert (db, utc (2026, 3, 2, 12) - (gint64) i * 24 * 3600 * G_USEC_PER_SEC, "openrouter",
            "m", i, i, (gint64) i * 1000000);
  insert (db, utc (2025, 3, 2, 12), "openrouter", "m", 0, 0, G_MAXINT64 / 2);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  usage = open_usage (&ui);
  parlance_usage_window_set_range (usage, 0);
  wait_loaded (usage);
  chart = child (usage, "chart");
  g_assert_cmpuint (parlance_usage_chart_get_n_bars (chart), ==, 1000);
  g_assert_cmpint (parlance_usage_chart_bar_at (chart, -5), ==, -1);
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (usage), "usage-1000-days"));

  gtk_window_destroy (GTK_WINDOW (usage));
  parlance_test_sidebar_stop (&ui);
}

/* At 360 px wide, everything fits: nothing wider than the window. */
static void
test_usage_narrow (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceUsageWindow *usage;

  parlance_test_sidebar_start (&ui);
  fill_usage ();
  usage = open_usage (&ui);
  /* Resized once it is on screen (a busy machine can take seconds). */
  parlance_test_ui_wait_drawn (GTK_WIDGET (usage));
  gtk_window_set_default_size (GTK_WINDOW (usage), 360, 640);
  parlance_test_wait_for (gtk_widget_get_width (GTK_WIDGET (usage)) <= 360, 30000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (usage));
  {
    int minimum;

    gtk_widget_measure (GTK_WIDGET (usage), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (child (usage, "chart"))), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (child (usage, "chart"))), >, 200);
  shoot (GTK_WIDGET (usage), "usage-narrow");

  gtk_window_destroy (GTK_WINDOW (usage));
  parlance_test_sidebar_stop (&ui);
}

static void
queue_priced_reply (const char *cost)
{
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autofree char *sse = g_strdup_printf (
    "data: {\"id\":\"gen-cost\",\"model\":\"test/paid\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"Priced.\"}}]}\n\n"
    "data: {\"id\":\"gen-cost\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18,\"cost\":%s}}\n\n"
    "data: [DONE]\n\n", cost);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, sse);
  fake_provider_queue (parlance_test_sidebar_fake, "POST", "/chat/completions", response);
}

static void
send_text (ParlanceTestSidebar *ui,
           const char          *text)
{
  GtkWidget *view = parlance_test_ui_find (GTK_WIDGET (ui->window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL));

  parlance_test_wait_for (gtk_widget_get_mapped (view), 10000);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (view, "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 20000);
}

/* The header's subtitle: what the conversation cost, updated when a reply ends; nothing while
 * every reply was free. */
static void
test_header_cost (void)
{
  ParlanceTestSidebar ui = { 0 };
  GtkLabel *cost_label;
  gint64 paid;

  parlance_test_sidebar_start (&ui);
  cost_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (ui.window), PARLANCE_TYPE_WINDOW,
                                                         "cost_label"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cost_label)));

  queue_priced_reply ("0.0000123");
  send_text (&ui, "Hello");
  parlance_test_wait_for (gtk_widget_get_visible (GTK_WIDGET (cost_label)), 10000);
  g_assert_cmpstr (gtk_label_get_text (cost_label), ==, "$0.0000123");
  paid = parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session));

  queue_priced_reply ("0.0000246");
  send_text (&ui, "Again");
  parlance_test_wait_for (g_strcmp0 (gtk_label_get_text (cost_label), "$0.0000369") == 0, 10000);
  shoot (GTK_WIDGET (ui.window), "usage-header-cost");

  /* A free conversation shows nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.new-conversation", NULL));
  parlance_test_wait_for (!gtk_widget_get_visible (GTK_WIDGET (cost_label)), 10000);
  queue_priced_reply ("0");
  send_text (&ui, "Free");
  parlance_test_wait_for (parlance_conversation_get_id (parlance_chat_session_get_conversation (ui.session)) != 0, 10000);
  parlance_test_sidebar_flush (&ui);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cost_label)));

  /* Back to the paid one: its cost again. */
  g_signal_emit_by_name (ui.sidebar, "activated", paid);
  parlance_test_wait_for (g_strcmp0 (gtk_label_get_text (cost_label), "$0.0000369") == 0 &&
                          gtk_widget_get_visible (GTK_WIDGET (cost_label)), 10000);
  parlance_test_sidebar_stop (&ui);
}

/* A stream cut before its usage: its cost comes from OpenRouter's /generation a second later,
 * after the reply ended. The header's cost and an open Usage window show it when it comes,
 * without anything else happening. */
static void
test_late_cost (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceUsageWindow *usage;
  GtkLabel *cost_label;
  g_autoptr(FakeResponse) cut = fake_limits_response_new ("stream-cut", 0);
  g_autoptr(FakeResponse) generation = fake_limits_response_new ("generation", 0);
  g_autofree char *cost = parlance_cost_pico_format (FAKE_LIMITS_GENERATION_COST_PICO);

  parlance_test_sidebar_start (&ui);
  cost_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (ui.window), PARLANCE_TYPE_WINDOW,
                                                         "cost_label"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.show-usage", NULL));
  usage = PARLANCE_USAGE_WINDOW (parlance_test_ui_find_window (PARLANCE_TYPE_USAGE_WINDOW));
  wait_loaded (usage);
  g_assert_cmpstr (visible_state (usage), ==, "empty");

  fake_provider_queue (parlance_test_sidebar_fake, "POST", "/chat/completions", cut);
  fake_provider_queue (parlance_test_sidebar_fake, "GET", "/generation", generation);
  send_text (&ui, "Tell me everything");
  /* The reply ended without a cost: none in the header yet, and /generation not asked yet
   * (it is, a second after the reply ended). */
  parlance_test_sidebar_flush (&ui);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cost_label)));

  parlance_test_wait_for (gtk_widget_get_visible (GTK_WIDGET (cost_label)), 10000);
  g_assert_cmpstr (gtk_label_get_text (cost_label), ==, cost);
  parlance_test_wait_for (g_strcmp0 (visible_state (usage), "usage") == 0 &&
                          g_strcmp0 (gtk_label_get_text (child (usage, "total_cost_label")), cost) == 0,
                          10000);
  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", ZONE, TRUE);
  tzset ();
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/usage-ui/empty", test_usage_empty);
  g_test_add_func ("/parlance/usage-ui/chart-and-table", test_usage_chart_and_table);
  g_test_add_func ("/parlance/usage-ui/many-rows", test_usage_many_rows);
  g_test_add_func ("/parlance/usage-ui/narrow", test_usage_narrow);
  g_test_add_func ("/parlance/usage-ui/header-cost", test_header_cost);
  g_test_add_func ("/parlance/usage-ui/late-cost", test_late_cost);

  return g_test_run ();
}
