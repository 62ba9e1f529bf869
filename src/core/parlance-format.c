/* parlance-format.c — models, token counts and prices as text for people.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Split from parlance-model.c; declared in parlance-model.h. Only the model's public getters are
 * used here.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-model.h"

/**
 * parlance_model_dup_key:
 *
 * Returns: (transfer full): "provider:id", how favourites and recent choices are remembered
 */
char *
parlance_model_dup_key (ParlanceModel *self)
{
  const char *provider_id;

  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  provider_id = parlance_model_get_provider_id (self);
  return g_strconcat (provider_id ? provider_id : "", ":", parlance_model_get_id (self), NULL);
}

/**
 * parlance_format_tokens:
 * @tokens: a number of tokens
 *
 * Returns: (transfer full) (nullable): such as "8K", "200K" or "1.05M"; %NULL when @tokens is
 *   unknown (zero or less)
 */
char *
parlance_format_tokens (gint64 tokens)
{
  if (tokens <= 0)
    return NULL;
  if (tokens >= 1000000)
    /* Translators: millions of tokens, such as "1.05M" */
    return g_strdup_printf (_("%gM"), round (tokens / 10000.0) / 100.0);
  if (tokens >= 1000)
    {
      g_autofree char *thousands = g_strdup_printf ("%" G_GINT64_FORMAT, (tokens + 500) / 1000);
      /* Translators: thousands of tokens, such as "200K" */
      return g_strdup_printf (_("%sK"), thousands);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, tokens);
}

/**
 * parlance_format_dollars:
 * @amount: US dollars
 *
 * Returns: (transfer full) (nullable): such as "$3.00" or "$0.075"; %NULL when @amount is
 *   unknown (negative)
 */
char *
parlance_format_dollars (double amount)
{
  g_autofree char *number = NULL;
  int decimals = 2;

  if (amount < 0)
    return NULL;
  /* Three significant digits for small amounts ("$0.0048", "$0.00000125"), never "1e-05". */
  if (amount > 0 && amount < 0.1)
    decimals = CLAMP (2 - (int) floor (log10 (amount)), 2, 10);
  number = g_strdup_printf ("%.*f", decimals, amount);
  if (decimals > 2)
    {
      /* Trailing zeros go, down to two decimals; the separator is the locale's. */
      const char *point = number + strspn (number, "0123456789");
      gsize len = strlen (number);

      while (number[len - 1] == '0' && point + 3 < number + len)
        number[--len] = '\0';
    }
  /* Translators: an amount in US dollars; %s is the number */
  return g_strdup_printf (_("$%s"), number);
}

/**
 * parlance_model_dup_price_summary:
 *
 * Returns: (transfer full) (nullable): "Free", or the prices of a million input and output
 *   tokens such as "$3.00 / $15.00"; %NULL when neither is known
 */
char *
parlance_model_dup_price_summary (ParlanceModel *self)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;

  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);

  if (parlance_model_get_is_free (self))
    return g_strdup (_("Free"));
  in = parlance_format_dollars (
    parlance_model_get_price_per_million (self, PARLANCE_MODEL_PRICE_PROMPT));
  out = parlance_format_dollars (
    parlance_model_get_price_per_million (self, PARLANCE_MODEL_PRICE_COMPLETION));
  if (in == NULL && out == NULL)
    return NULL;
  /* Translators: prices of a million input tokens and a million output tokens */
  return g_strdup_printf (_("%s / %s"), in ? in : "?", out ? out : "?");
}
