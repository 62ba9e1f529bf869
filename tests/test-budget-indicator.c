/* test-budget-indicator.c — the budget indicator in the conversation's header (issue #14): what
 * is left after requests, the warning and error styles near and at the limit, the popover's
 * minute and day rows, and the credits and tier from the fake OpenRouter's GET /key.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-budget-indicator.h"
#include "parlance-budget-label.h"
#include "parlance-budget-popover.h"
#include "parlance-message.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define FREE_MODEL "meta-llama/llama-3.3-70b-instruct:free"
#define SEC G_GINT64_CONSTANT (1000000)

static gint64 fixed_now;

/* The budgets' time: noon UTC, far from a daily reset; the test's own sends (at the real time)
 * are after it and do not count. */
static gint64
test_clock (gpointer user_data)
{
  return fixed_now;
}

typedef enum
{
  FREE_DAY,
  MINUTE,
  LEFT,
  MEDIUM_DAY,
  SHORT,
} Form;

/* What the UI says, with the numbers written as it writes them (thousands separators). */
static char *
expected (Form   form,
          gint64 left,
          gint64 limit)
{
  g_autofree char *l = parlance_budget_format_count (left);
  g_autofree char *m = parlance_budget_format_count (limit);

  switch (form)
    {
    case FREE_DAY:
      return g_strdup_printf ("%s of %s free requests left today", l, m);
    case MINUTE:
      return g_strdup_printf ("%s of %s requests left this minute", l, m);
    case LEFT:
      return g_strdup_printf ("%s of %s left", l, m);
    case MEDIUM_DAY:
      return g_strdup_printf ("%s of %s left today", l, m);
    case SHORT:
    default:
      return g_strdup_printf ("%s/%s", l, m);
    }
}

/* Waits until the indicator says @text. */
static void
wait_text (ParlanceBudgetIndicator *indicator,
           const char              *text)
{
  gint64 deadline = g_get_monotonic_time () + 10 * SEC;

  while (g_strcmp0 (parlance_budget_indicator_get_text (indicator), text) != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (parlance_budget_indicator_get_text (indicator), ==, text);
}

static const char *
label_text (GtkWidget  *root,
            const char *css_class)
{
  GtkWidget *label = parlance_test_ui_find (root, GTK_TYPE_LABEL, css_class);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *path = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  path = parlance_test_ui_screenshot (widget, name);
  g_free (path);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  {
    g_autofree char *dark = g_strconcat (name, "-dark", NULL);

    path = parlance_test_ui_screenshot (widget, dark);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static guint
count_key_requests (void)
{
  guint n = 0;

  for (guint i = 0; i < fake_provider_get_n_requests (parlance_test_sidebar_fake); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (parlance_test_sidebar_fake, i);

      n += g_str_equal (request->method, "GET") && g_str_has_suffix (request->path, "/key");
    }
  return n;
}

static gboolean
wide_enough (gpointer window)
{
  return gtk_widget_get_width (window) >= 1200;
}

/* Asks for 1280 px and waits for at least 1,200 (the content inside GTK's frame); when the
 * window stays narrower, says why: what it was given and asked, what it needs at least, its
 * state and the monitor it is on, rather than only the expression that timed out. A configure
 * event of the size it had, still on its way from the X server, can come after the request:
 * GTK takes it for the user's resize and makes it the default size again, and then the window
 * stays as it was (seen once in a whole-suite run): then it is asked again. */
static void
make_wide (GtkWindow *window)
{
  GdkSurface *surface;
  GdkMonitor *monitor;
  GdkRectangle area = { 0 };
  int asked_width, asked_height, min_width;

  for (guint attempt = 0; attempt < 6; attempt++)
    {
      gtk_window_set_default_size (window, 1280, 720);
      if (parlance_test_wait_until (wide_enough, window, 5000))
        return;
      gtk_window_get_default_size (window, &asked_width, &asked_height);
      g_test_message ("asked for 1280 px, the window stayed %d px; its default width is now %d",
                      gtk_widget_get_width (GTK_WIDGET (window)), asked_width);
    }

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (window)), surface);
  if (monitor != NULL)
    gdk_monitor_get_geometry (monitor, &area);
  gtk_window_get_default_size (window, &asked_width, &asked_height);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_error ("the window stayed %d x %d px (surface %d x %d) after asking for 1280 x 720: its default "
           "size is now %d x %d, its minimum width %d, maximized %d, mapped %d; monitor %d x %d",
           gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
           gdk_surface_get_width (surface), gdk_surface_get_height (surface),
           asked_width, asked_height, min_width, gtk_window_is_maximized (window),
           gtk_widget_get_mapped (GTK_WIDGET (window)), area.width, area.height);
}

static void
test_indicator (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceBudgetIndicator *indicator;
  GtkMenuButton *button;
  GtkWidget *popover;
  GtkWidget *header;
  ParlanceStore *store;
  const ParlanceBudgetState *state;
  const char *key = g_getenv ("OPENROUTER_API_KEY");
  g_autofree char *text = NULL;
  g_autofree char *credits = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *credits_text = NULL;
  g_autoptr(GDateTime) noon = NULL;
  guint n_key;

  g_assert_nonnull (key);
  fake_provider_set_key_info (parlance_test_sidebar_fake, key,
                              "{\"data\": {\"limit\": null, \"usage\": 0, \"is_free_tier\": true}}");
  noon = g_date_time_new_from_iso8601 ("2026-06-15T12:00:00Z", NULL);
  fixed_now = g_date_time_to_unix (noon) * SEC;

  parlance_test_sidebar_start (&ui);
  indicator = PARLANCE_BUDGET_INDICATOR (parlance_test_ui_find (GTK_WIDGET (ui.window),
                                                                PARLANCE_TYPE_BUDGET_INDICATOR, NULL));
  g_assert_nonnull (indicator);
  parlance_budget_indicator_set_clock (indicator, test_clock, NULL);
  parlance_chat_session_set_model (ui.session, FREE_MODEL);
  store = parlance_test_sidebar_store (&ui);

  /* Requests recorded: "N of M"; the key said the free tier, so 50 a day, from the provider. */
  parlance_test_record_requests (store, "openrouter", FREE_MODEL, fixed_now - 3600 * SEC, 8);
  parlance_budget_indicator_refresh (indicator);
  text = expected (FREE_DAY, 42, 50);
  wait_text (indicator, text);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON, NULL));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "warning"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, text);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (button)) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (button))));
  parlance_test_wait_for (count_key_requests () >= 1, 10000);
  parlance_test_wait_for ((state = parlance_budget_indicator_get_state (indicator)) != NULL &&
                          state->day_source == PARLANCE_LIMIT_SOURCE_PROVIDER, 10000);

  /* A reply ends: read again. 45 used of 50 is near the limit. */
  parlance_test_record_requests (store, "openrouter", FREE_MODEL, fixed_now - 1800 * SEC, 37);
  parlance_test_sidebar_send (&ui, "Hello");
  g_clear_pointer (&text, g_free);
  text = expected (FREE_DAY, 5, 50);
  wait_text (indicator, text);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (button), "warning"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "error"));
  /* Wide: the whole sentence. */
  make_wide (GTK_WINDOW (ui.window));
  {
    ParlanceBudgetLabel *label = PARLANCE_BUDGET_LABEL (parlance_test_ui_find (GTK_WIDGET (indicator),
                                                                              PARLANCE_TYPE_BUDGET_LABEL, NULL));
    g_autofree char *medium = expected (MEDIUM_DAY, 5, 50);

    parlance_test_wait_for (g_strcmp0 (parlance_budget_label_get_shown (label), text) == 0 ||
                            g_strcmp0 (parlance_budget_label_get_shown (label), medium) == 0, 10000);
  }
  header = gtk_widget_get_ancestor (GTK_WIDGET (indicator), ADW_TYPE_HEADER_BAR);
  shoot (header, "budget-header-wide");

  /* Credits were bought meanwhile: opening the popover asks /key again (a reply came since),
   * and the free models' day is 1,000. */
  fake_provider_set_key_info (parlance_test_sidebar_fake, key,
                              "{\"data\": {\"limit\": 10, \"limit_remaining\": 7.5, \"usage\": 2.5,"
                              " \"usage_daily\": 0.1, \"is_free_tier\": false}}");
  parlance_test_record_requests (store, "openrouter", FREE_MODEL, fixed_now - 20 * SEC, 3);
  n_key = count_key_requests ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);
  parlance_test_wait_for (count_key_requests () > n_key, 10000);
  g_clear_pointer (&text, g_free);
  text = expected (FREE_DAY, 952, 1000);
  wait_text (indicator, text);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "warning"));
  state = parlance_budget_indicator_get_state (indicator);
  g_assert_cmpint (state->day_limit, ==, 1000);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->minute_used, ==, 3);

  g_clear_pointer (&text, g_free);
  text = expected (LEFT, 17, 20);
  g_assert_cmpstr (label_text (popover, "budget-minute-value"), ==, text);
  g_clear_pointer (&text, g_free);
  text = expected (LEFT, 952, 1000);
  g_assert_cmpstr (label_text (popover, "budget-day-value"), ==, text);
  credits = parlance_cost_pico_format (7500000000000);
  limit = parlance_cost_pico_format (10000000000000);
  credits_text = g_strdup_printf ("%s of %s left", credits, limit);
  g_assert_cmpstr (label_text (popover, "budget-credits-value"), ==, credits_text);
  g_assert_nonnull (strstr (label_text (popover, "budget-credits-note"), "Credits bought"));
  /* OpenRouter's free models count requests, not tokens. */
  g_assert_null (parlance_test_ui_find (popover, GTK_TYPE_LABEL, "budget-minute-tokens-value") != NULL &&
                 gtk_widget_is_visible (parlance_test_ui_find (popover, GTK_TYPE_LABEL,
                                                               "budget-minute-tokens-value"))
                 ? "shown" : NULL);
  shoot (popover, "budget-popover-wide");

  /* The minute spent: the error style, and the minute is what it says. */
  parlance_test_record_requests (store, "openrouter", FREE_MODEL, fixed_now - 10 * SEC, 17);
  parlance_budget_indicator_refresh (indicator);
  g_clear_pointer (&text, g_free);
  text = expected (MINUTE, 0, 20);
  wait_text (indicator, text);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (button), "error"));
  g_assert_nonnull (strstr (label_text (popover, "budget-minute-value"), "0 of 20"));

  /* 360 px wide (with GNOME's window buttons, as parlance_test_ui_start_app () sets): the
   * short form. */
  gtk_menu_button_popdown (button);
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (gtk_widget_get_width (GTK_WIDGET (ui.window)) <= 360, 30000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_clear_pointer (&text, g_free);
  text = expected (SHORT, 0, 20);
  {
    ParlanceBudgetLabel *label = PARLANCE_BUDGET_LABEL (parlance_test_ui_find (GTK_WIDGET (indicator),
                                                                              PARLANCE_TYPE_BUDGET_LABEL, NULL));

    parlance_test_wait_for (g_strcmp0 (parlance_budget_label_get_shown (label), text) == 0, 10000);
  }
  header = gtk_widget_get_ancestor (GTK_WIDGET (indicator), ADW_TYPE_HEADER_BAR);
  shoot (header, "budget-header-narrow");
  gtk_menu_button_popup (button);
  parlance_test_wait_for (gtk_widget_get_mapped (popover), 5000);
  shoot (popover, "budget-popover-narrow");
  gtk_menu_button_popdown (button);

  parlance_test_sidebar_stop (&ui);
}

/* A provider that says nothing of its limits (a local server): no indicator. */
static void
test_hidden_without_limits (void)
{
  ParlanceTestSidebar ui = { 0 };
  ParlanceBudgetIndicator *indicator;
  g_autoptr(ParlanceProvider) local = parlance_provider_new_custom ("local-test", "Local",
                                                                    "http://127.0.0.1:9/v1");
  guint n;

  parlance_test_sidebar_start (&ui);
  indicator = PARLANCE_BUDGET_INDICATOR (parlance_test_ui_find (GTK_WIDGET (ui.window),
                                                                PARLANCE_TYPE_BUDGET_INDICATOR, NULL));
  parlance_chat_session_set_model (ui.session, FREE_MODEL);
  parlance_test_wait_for (gtk_widget_get_visible (GTK_WIDGET (indicator)), 10000);

  n = parlance_budget_indicator_get_n_updates (indicator);
  parlance_chat_session_set_provider (ui.session, local);
  parlance_chat_session_set_model (ui.session, "llama3");
  parlance_test_wait_for (parlance_budget_indicator_get_n_updates (indicator) > n &&
                          parlance_budget_indicator_get_state (indicator) != NULL &&
                          g_str_equal (parlance_budget_indicator_get_state (indicator)->provider_id,
                                       "local-test"), 10000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/budget-indicator/counts", test_indicator);
  g_test_add_func ("/parlance/budget-indicator/hidden-without-limits", test_hidden_without_limits);

  return g_test_run ();
}
