/* bench-model-catalog.c — how long parsing a model catalogue and filtering it per keystroke take.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parses OpenRouter's real 302-model answer (PARLANCE_RECORDINGS_DIR), else our sample, and a
 * synthetic 5,000-model catalogue in the same shape; then filters them as a query is typed.
 * Prints figures against the targets; never fails on them.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parlance-model-catalog.h"
#include "synthetic-models.h"

#define ROUNDS 21

static const char *typed[] = { "c", "cl", "cla", "clau", "claud", "claude" };

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
bench_parse (const char *json,
             gsize       len,
             guint      *n_models)
{
  double times[ROUNDS];

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) models = parlance_model_catalog_parse (json, len, "openrouter", &error);

      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      *n_models = models->len;
    }
  return median (times, ROUNDS);
}

/* The median time of one keystroke's filtering (filter, then sort by name). */
static double
bench_filter (GPtrArray *models)
{
  double times[ROUNDS * G_N_ELEMENTS (typed)];
  guint n = 0;

  for (guint r = 0; r < ROUNDS; r++)
    for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
      {
        ParlanceModelFilter filter = PARLANCE_MODEL_FILTER_INIT;
        gint64 start;

        filter.query = typed[k];
        start = g_get_monotonic_time ();
        {
          g_autoptr(GPtrArray) shown = parlance_model_filter_and_sort (models, &filter,
                                                                      PARLANCE_MODEL_SORT_NAME);
        }
        times[n++] = (g_get_monotonic_time () - start) / 1000.0;
      }
  return median (times, n);
}

static void
report (const char *what,
        guint       n_models,
        gsize       len,
        const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  guint n = 0;
  double parse_ms, filter_ms;

  parse_ms = bench_parse (json, len, &n);
  models = parlance_model_catalog_parse (json, len, "openrouter", &error);
  g_assert_no_error (error);
  filter_ms = bench_filter (models);

  g_print ("%s: %u models, %" G_GSIZE_FORMAT " bytes\n", what, n, len);
  g_print ("  parse (median of %d): %.2f ms\n", ROUNDS, parse_ms);
  g_print ("  filter+sort per keystroke (median, \"c\" to \"claude\"): %.3f ms\n", filter_ms);
  if (n_models == 302)
    g_print ("  target: parse 302 < 15 ms: %s\n", parse_ms < 15 ? "met" : "MISSED");
  if (n_models == 5000)
    g_print ("  target: filter < 2 ms per keystroke at 5,000: %s\n", filter_ms < 2 ? "met" : "MISSED");
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("PARLANCE_RECORDINGS_DIR");
  g_autofree char *real_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *synthetic = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (dir != NULL && *dir != '\0')
    real_path = g_build_filename (dir, "models-2025-04-23.200.json", NULL);
  else
    real_path = g_build_filename (SRCDIR, "tests", "fixtures", "models-openrouter-sample.200.json", NULL);

  g_file_get_contents (real_path, &contents, &len, &error);
  g_assert_no_error (error);
  report (dir != NULL && *dir != '\0' ? "OpenRouter recording" : "sample (set PARLANCE_RECORDINGS_DIR for the real one)",
          dir != NULL && *dir != '\0' ? 302 : 0, len, contents);

  synthetic = synthetic_catalogue (5000);
  report ("synthetic", 5000, strlen (synthetic), synthetic);

  return EXIT_SUCCESS;
}
