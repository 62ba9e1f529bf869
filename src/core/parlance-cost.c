/* parlance-cost.c — costs as exact integers of pico-dollars, and back to decimal text.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sums of doubles drift (0.1 + 0.2); sums of integers do not. A provider's price reaches us as
 * a JSON double: it is rounded once, to the nearest pico-dollar, and stays an integer after.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "parlance-message.h"

#define PICO_PER_DOLLAR G_GINT64_CONSTANT (1000000000000)

/**
 * parlance_cost_pico_from_double:
 * @dollars: a cost in US dollars, as a provider wrote it
 *
 * Returns: @dollars in pico-dollars, rounded to the nearest; -1 (unknown) for a negative,
 *   infinite or NaN cost, or one too large for a gint64 (above 9 million dollars)
 */
gint64
parlance_cost_pico_from_double (double dollars)
{
  double pico;

  if (!isfinite (dollars) || dollars < 0)
    return -1;
  pico = round (dollars * (double) PICO_PER_DOLLAR);
  if (pico >= 9.2e18)
    return -1;
  return (gint64) pico;
}

/**
 * parlance_cost_pico_to_string:
 * @cost_pico: a cost in pico-dollars, negative when unknown
 *
 * The exact decimal in dollars, without trailing zeros: 12300000 is "0.0000123", 0 is "0",
 * 1500000000000 is "1.5". Fit for JSON as a number.
 *
 * Returns: (transfer full) (nullable): the decimal, or %NULL when @cost_pico is unknown
 */
char *
parlance_cost_pico_to_string (gint64 cost_pico)
{
  char fraction[13];
  int len;

  if (cost_pico < 0)
    return NULL;

  g_snprintf (fraction, sizeof fraction, "%012" G_GINT64_FORMAT, cost_pico % PICO_PER_DOLLAR);
  for (len = 12; len > 0 && fraction[len - 1] == '0'; len--)
    ;
  fraction[len] = '\0';
  if (len == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cost_pico / PICO_PER_DOLLAR);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%s", cost_pico / PICO_PER_DOLLAR, fraction);
}

/**
 * parlance_cost_pico_format:
 * @cost_pico: a cost in pico-dollars, negative when unknown
 *
 * The exact amount for people, with at least two decimals: 12300000000 is "$0.0123",
 * 1500000000000 is "$1.50". Sums shown this way never drift (never "$0.012299999").
 *
 * Returns: (transfer full) (nullable): the amount, or %NULL when @cost_pico is unknown
 */
char *
parlance_cost_pico_format (gint64 cost_pico)
{
  g_autofree char *number = parlance_cost_pico_to_string (cost_pico);
  g_autoptr(GString) padded = NULL;
  const char *point;

  if (number == NULL)
    return NULL;
  padded = g_string_new (number);
  point = strchr (number, '.');
  if (point == NULL)
    g_string_append (padded, ".00");
  else if (strlen (point) == 2)
    g_string_append_c (padded, '0');
  /* Translators: an amount in US dollars; %s is the number */
  return g_strdup_printf (_("$%s"), padded->str);
}
