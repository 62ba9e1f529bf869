/* test-free-tiers.c — the free-tier table, and the README that quotes it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "parlance-free-tiers.h"

/* "1,500", as the README writes numbers. */
static char *
grouped (guint n)
{
  if (n >= 1000)
    return g_strdup_printf ("%u,%03u", n / 1000, n % 1000);
  return g_strdup_printf ("%u", n);
}

static char *
read_readme (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "README.md", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  /* The README wraps lines: compare its words, not its layout. */
  {
    g_auto(GStrv) words = g_regex_split_simple ("\\s+", contents, 0, 0);
    g_free (contents);
    contents = g_strjoinv (" ", words);
  }
  return contents;
}

static gboolean
is_table_figure (guint n,
                 gboolean per_minute)
{
  guint n_tiers;
  const ParlanceFreeTier *tiers = parlance_free_tiers_get (&n_tiers);

  for (guint i = 0; i < n_tiers; i++)
    if (per_minute ? n == tiers[i].requests_per_minute
                   : n == tiers[i].requests_per_day || n == tiers[i].requests_per_day_with_credits)
      return TRUE;
  return FALSE;
}

/* Every tier of the table is quoted in the README, and the README quotes no other figure. */
static void
test_free_tiers_readme (void)
{
  g_autofree char *readme = read_readme ();
  g_autoptr(GRegex) regex = g_regex_new ("([0-9][0-9,]*) (requests a minute|a day)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const ParlanceFreeTier *tiers;
  guint n_tiers, n_figures = 0;

  tiers = parlance_free_tiers_get (&n_tiers);
  g_assert_cmpuint (n_tiers, >=, 2);
  for (guint i = 0; i < n_tiers; i++)
    {
      g_autofree char *rpm = grouped (tiers[i].requests_per_minute);
      g_autofree char *rpd = grouped (tiers[i].requests_per_day);
      g_autofree char *sentence = g_strdup_printf ("%s requests a minute and %s a day", rpm, rpd);

      g_test_message ("%s: %s", tiers[i].provider_id, sentence);
      g_assert_nonnull (strstr (readme, sentence));
      if (tiers[i].requests_per_day_with_credits > 0)
        {
          g_autofree char *credits = grouped (tiers[i].requests_per_day_with_credits);
          g_autofree char *more = g_strdup_printf ("(%s a day once you have bought credits)", credits);

          g_assert_nonnull (strstr (readme, more));
        }
    }

  g_regex_match (regex, readme, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL), n_figures++)
    {
      g_autofree char *number = g_match_info_fetch (match, 1);
      g_autofree char *unit = g_match_info_fetch (match, 2);
      g_auto(GStrv) parts = g_strsplit (number, ",", -1);
      g_autofree char *digits = g_strjoinv ("", parts);
      guint n = (guint) g_ascii_strtoull (digits, NULL, 10);

      if (!is_table_figure (n, g_str_equal (unit, "requests a minute")))
        g_error ("The README says “%s %s”, which is not in the free-tier table", number, unit);
    }
  g_assert_cmpuint (n_figures, >=, 5);
}

static void
test_free_tiers_summaries (void)
{
  g_autofree char *openrouter = parlance_free_tier_dup_summary ("openrouter");
  g_autofree char *gemini = parlance_free_tier_dup_summary ("gemini");
  g_autofree char *free_daily = parlance_free_tier_dup_daily ("openrouter", FALSE);
  g_autofree char *paid_daily = parlance_free_tier_dup_daily ("openrouter", TRUE);

  g_assert_cmpstr (openrouter, ==, "Free models: 20 requests a minute and 50 a day");
  g_assert_cmpstr (gemini, ==, "Free tier: 15 requests a minute and 1500 a day");
  g_assert_cmpstr (free_daily, ==, "50 requests a day on free models");
  g_assert_cmpstr (paid_daily, ==, "1000 requests a day on free models");
  g_assert_null (parlance_free_tier_dup_summary ("ollama"));
  g_assert_null (parlance_free_tier_dup_daily ("openai", FALSE));
  g_assert_null (parlance_free_tier_lookup (NULL));
}

int
main (int    argc,
      char **argv)
{
  /* Numbers without grouping, whatever the machine's locale. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parlance/free-tiers/readme", test_free_tiers_readme);
  g_test_add_func ("/parlance/free-tiers/summaries", test_free_tiers_summaries);

  return g_test_run ();
}
