/* test-preferences-limits.c — Preferences → Rate Limits writes the overrides the budgets read.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "parlance-preferences-limits.h"
#include "parlance-rate-budget.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static char *
overrides (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "rate-limit-overrides");

  return g_variant_print (value, FALSE);
}

/* Edited figures go to the key (a provider not shown keeps its entry); the key's changes show;
 * a budget bound to the same settings uses them. */
static void
test_preferences_limits_edit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (NULL);
  g_autoptr(ParlanceBudgetState) state = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  ParlancePreferencesLimits *limits;
  g_autofree char *text = NULL;
  g_autofree char *shot = NULL;

  g_settings_set_value (settings, "rate-limit-overrides",
                        g_variant_new_parsed ("{'custom-x': (@x 1, @x 2, @x 3), 'gemini': (@x 5, @x 0, @x 0)}"));
  parlance_rate_budget_bind_settings (budget, settings);
  limits = g_object_new (PARLANCE_TYPE_PREFERENCES_LIMITS, NULL);
  gtk_window_set_child (window, GTK_WIDGET (limits));
  gtk_window_set_default_size (window, 560, 300);
  gtk_window_present (window);

  g_assert_cmpfloat (gtk_spin_button_get_value (parlance_preferences_limits_get_spin (limits, "gemini", 0)), ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (parlance_preferences_limits_get_spin (limits, "openrouter", 0)), ==, 0);

  gtk_spin_button_set_value (parlance_preferences_limits_get_spin (limits, "openrouter", 0), 10);
  gtk_spin_button_set_value (parlance_preferences_limits_get_spin (limits, "openrouter", 1), 200);
  text = overrides (settings);
  g_assert_cmpstr (text, ==, "{'custom-x': (1, 2, 3), 'openrouter': (10, 200, 0), 'gemini': (5, 0, 0)}");
  state = parlance_rate_budget_get_state_for_model (budget, "openrouter", "x/y:free", NULL);
  g_assert_cmpint (state->minute_limit, ==, 10);
  g_assert_cmpint (state->day_limit, ==, 200);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_USER);

  /* All back to 0: the entry goes, and the documented figures are back. */
  gtk_spin_button_set_value (parlance_preferences_limits_get_spin (limits, "gemini", 0), 0);
  g_clear_pointer (&text, g_free);
  text = overrides (settings);
  g_assert_cmpstr (text, ==, "{'custom-x': (1, 2, 3), 'openrouter': (10, 200, 0)}");

  /* Changed elsewhere (another window): shown. */
  g_settings_set_value (settings, "rate-limit-overrides",
                        g_variant_new_parsed ("{'openai': (@x 3, @x 0, @x 40000)}"));
  g_assert_cmpfloat (gtk_spin_button_get_value (parlance_preferences_limits_get_spin (limits, "openrouter", 0)), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (parlance_preferences_limits_get_spin (limits, "openai", 2)), ==, 40000);

  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "preferences-limits");
  g_test_message ("screenshot: %s", shot);
  gtk_window_destroy (window);
  g_settings_reset (settings, "rate-limit-overrides");
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/parlance/preferences-limits/edit", test_preferences_limits_edit);

  return g_test_run ();
}
