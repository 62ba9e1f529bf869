/* test-budget-timers.c — the budget indicator looks at the budget again by itself: every 5 s
 * while the sliding minute holds requests, at the daily reset otherwise (issue #14); and its
 * popover for Gemini, with the tokens of the minute. The timers are manual and the budget's
 * clock is the test's: no waiting for time to pass.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "parlance-budget-indicator.h"
#include "parlance-budget-label.h"
#include "parlance-budget-timer.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define FREE_MODEL "meta-llama/llama-3.3-70b-instruct:free"
#define SEC G_GINT64_CONSTANT (1000000)

static gint64 fixed_now;

static gint64
test_clock (gpointer user_data)
{
  return fixed_now;
}

static gint64
at_utc (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * SEC;
}

static void
record (ParlanceStore *store,
        const char    *provider_id,
        const char    *model,
        gint64         when,
        guint          n,
        gint64         tokens_in)
{
  g_autofree char *group = parlance_rate_budget_group_for_model (provider_id, model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (when + i, provider_id,
                                                                        model, group);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (parlance_store_add_request (store, r, &error), >, 0);
      g_assert_no_error (error);
      if (tokens_in >= 0)
        {
          r->status = 200;
          r->tokens_in = tokens_in;
          r->tokens_out = tokens_in / 10;
          g_assert_true (parlance_store_end_request (store, r, &error));
          g_assert_no_error (error);
        }
    }
}

static ParlanceBudgetIndicator *
find_indicator (ParlanceTestSidebar *ui)
{
  ParlanceBudgetIndicator *indicator =
    PARLANCE_BUDGET_INDICATOR (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                      PARLANCE_TYPE_BUDGET_INDICATOR, NULL));

  g_assert_nonnull (indicator);
  return indicator;
}

/* Fires the indicator's timer and waits for the budget it reads then, at the clock's time, and
 * the next timer (the key's answer may update the indicator meanwhile: the count of updates
 * alone would not do). */
static void
fire_and_wait (ParlanceBudgetIndicator *indicator)
{
  const ParlanceBudgetState *state;

  g_assert_cmpuint (_parlance_budget_timer_get_n_pending (), ==, 1);
  _parlance_budget_timer_fire ();
  parlance_test_wait_for ((state = parlance_budget_indicator_get_state (indicator)) != NULL &&
                          state->now == fixed_now && _parlance_budget_timer_get_n_pending () == 1,
                          10000);
}

static void
wait_text (ParlanceBudgetIndicator *indicator,
           const char              *text)
{
  parlance_test_wait_for (g_strcmp0 (parlance_budget_indicator_get_text (indicator), text) == 0, 10000);
}

/* When to look again, from the state alone. */
static void
test_next_look (void)
{
  ParlanceBudgetState state = { 0 };

  g_assert_cmpuint (parlance_budget_next_look (NULL), ==, 0);
  state.now = 1000 * SEC;
  state.resets_at = state.now + 3600 * SEC;
  state.next_allowed_at = state.now;
  g_assert_cmpuint (parlance_budget_next_look (&state), ==, 3601);
  state.minute_used = 1;
  g_assert_cmpuint (parlance_budget_next_look (&state), ==, PARLANCE_BUDGET_SLIDE_SECONDS);
  state.minute_used = 0;
  state.minute_tokens_used = 500;
  g_assert_cmpuint (parlance_budget_next_look (&state), ==, PARLANCE_BUDGET_SLIDE_SECONDS);
  state.minute_tokens_used = 0;
  /* The provider said the day's limit resets before our midnight: then. */
  state.next_allowed_at = state.now + 600 * SEC;
  g_assert_cmpuint (parlance_budget_next_look (&state), ==, 601);
  /* A reset just behind: a second, never 0 (which would be no timer). */
  state.next_allowed_at = state.now;
  state.resets_at = state.now - SEC / 2;
  g_assert_cmpuint (parlance_budget_next_look (&state), ==, 1);
}

/* The minute slides: 17 requests 40 s before 23:59:00 UTC leave 3 of the minute's 20, which
 * the indicator says; it looks again every 5 s, and once the requests left the minute it says
 * the day's budget, then looks again at midnight UTC, when the day's requests are forgotten. */
static void
test_slide_and_reset (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceBudgetIndicator *indicator;
  ParlanceStore *store;
  const ParlanceBudgetState *state;

  fixed_now = at_utc ("2026-06-15T23:59:00Z");
  parlance_test_sidebar_start (&ui);
  indicator = find_indicator (&ui);
  parlance_budget_indicator_set_clock (indicator, test_clock, NULL);
  parlance_chat_session_set_model (ui.session, FREE_MODEL);
  store = parlance_test_sidebar_store (&ui);
  record (store, "openrouter", FREE_MODEL, fixed_now - 40 * SEC, 17, -1);
  parlance_budget_indicator_refresh (indicator);
  wait_text (indicator, "3 of 20 requests left this minute");
  g_assert_cmpuint (_parlance_budget_timer_get_seconds (), ==, 5);

  /* 5 s later: still in the minute. */
  fixed_now += 5 * SEC;
  fire_and_wait (indicator);
  g_assert_cmpstr (parlance_budget_indicator_get_text (indicator), ==, "3 of 20 requests left this minute");
  g_assert_cmpuint (_parlance_budget_timer_get_seconds (), ==, 5);

  /* 23:59:25: the requests sent at 23:58:20 left the minute; the day's 33 of 50 shows, and the
   * next look is at midnight, 35 s (and one) later. */
  fixed_now += 20 * SEC;
  fire_and_wait (indicator);
  wait_text (indicator, "33 of 50 free requests left today");
  state = parlance_budget_indicator_get_state (indicator);
  g_assert_cmpint (state->minute_used, ==, 0);
  g_assert_cmpuint (_parlance_budget_timer_get_seconds (), ==, 36);

  /* Midnight UTC: a new day, nothing used. */
  fixed_now += 36 * SEC;
  fire_and_wait (indicator);
  wait_text (indicator, "50 of 50 free requests left today");
  state = parlance_budget_indicator_get_state (indicator);
  g_assert_cmpint (state->day_used, ==, 0);
  g_assert_cmpint (state->day_start, ==, at_utc ("2026-06-16T00:00:00Z"));
  g_assert_cmpuint (_parlance_budget_timer_get_seconds (), ==, 24 * 3600 - 1 + 1);

  parlance_test_sidebar_stop (&ui);
  g_assert_cmpuint (_parlance_budget_timer_get_n_pending (), ==, 0);
}

/* Saves a capture of the whole screen (the window and its popover) when
 * PARLANCE_TEST_SCREEN_SHOTS names a folder: for people to look at, never asserted. */
static void
shoot_screen (const char *name)
{
  const char *dir = g_getenv ("PARLANCE_TEST_SCREEN_SHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_strdup_printf ("%s/%s.png", dir, name);
  {
    const char *argv[] = { "sh", "-c",
                           "xwd -root -silent | convert xwd:- -bordercolor black -border 1 -trim"
                           " +repage \"$1\"", "sh", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
}

static void
shoot_both (GtkWidget  *popover,
            const char *name)
{
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_free (parlance_test_ui_screenshot (popover, name));
  shoot_screen (name);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (parlance_test_ui_screenshot (popover, dark));
  shoot_screen (dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* Gemini counts tokens a minute too: the popover has a row for them. */
static void
test_gemini_popover (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceBudgetIndicator *indicator;
  g_autoptr(ParlanceProvider) gemini = parlance_provider_new_builtin ("gemini");
  GtkMenuButton *button;
  GtkWidget *popover, *tokens;
  const ParlanceBudgetState *state;

  fixed_now = at_utc ("2026-06-15T18:00:00Z");
  parlance_test_sidebar_start (&ui);
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 1000, 640);
  indicator = find_indicator (&ui);
  parlance_budget_indicator_set_clock (indicator, test_clock, NULL);
  record (parlance_test_sidebar_store (&ui), "gemini", "gemini-2.5-flash", fixed_now - 3600 * SEC,
          300, 1000);
  record (parlance_test_sidebar_store (&ui), "gemini", "gemini-2.5-flash", fixed_now - 30 * SEC,
          4, 150000);
  parlance_chat_session_set_provider (ui.session, gemini);
  parlance_chat_session_set_model (ui.session, "gemini-2.5-flash");
  parlance_test_wait_for ((state = parlance_budget_indicator_get_state (indicator)) != NULL &&
                          g_str_equal (state->provider_id, "gemini") && state->minute_used == 4, 10000);
  g_assert_cmpint (state->minute_tokens_used, ==, 600000);
  g_assert_cmpint (state->minute_tokens_limit, ==, 1000000);
  g_assert_cmpint (state->day_used, ==, 304);
  parlance_test_wait_for (gtk_widget_get_visible (GTK_WIDGET (indicator)), 10000);

  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON, NULL));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);
  tokens = parlance_test_ui_find (popover, GTK_TYPE_LABEL, "budget-minute-tokens-value");
  g_assert_nonnull (tokens);
  parlance_test_wait_for (gtk_widget_is_visible (tokens), 5000);
  g_test_message ("tokens row: %s", gtk_label_get_text (GTK_LABEL (tokens)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  shoot_both (popover, "budget-popover-gemini");
  gtk_menu_button_popdown (button);
  parlance_test_wait_for (!gtk_widget_get_mapped (popover), 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  shoot_both (gtk_widget_get_ancestor (GTK_WIDGET (indicator), ADW_TYPE_HEADER_BAR),
              "budget-header-gemini");
  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);
  _parlance_budget_timer_set_manual (TRUE);

  g_test_add_func ("/parlance/budget-timers/next-look", test_next_look);
  g_test_add_func ("/parlance/budget-timers/slide-and-reset", test_slide_and_reset);
  g_test_add_func ("/parlance/budget-timers/gemini-popover", test_gemini_popover);

  return g_test_run ();
}
