/* parlance-free-tiers.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The free-tier figures change now and then: they live here only. The first-run page, the key
 * details in Preferences and the README quote this table (tests/test-free-tiers.c checks the
 * README against it).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-free-tiers.h"

/* OpenRouter: https://openrouter.ai/docs/api-reference/limits (models whose id ends in ":free";
 * the day starts at 00:00 UTC). Gemini: https://ai.google.dev/gemini-api/docs/rate-limits (Gemini
 * Flash, free tier: "Requests per day (RPD) quotas reset at midnight Pacific time"; tokens a
 * minute count the input; limits are per project and per model). */
static const ParlanceFreeTier tiers[] = {
  { "openrouter", ":free models", 20, 50, 1000, 0, "UTC", ":free" },
  { "gemini", "Gemini Flash", 15, 1500, 0, 1000000, "America/Los_Angeles", "flash" },
};

/**
 * parlance_free_tiers_get:
 * @n_tiers: (out): the number of entries
 *
 * Returns: (transfer none) (array length=n_tiers): every known free tier
 */
const ParlanceFreeTier *
parlance_free_tiers_get (guint *n_tiers)
{
  g_return_val_if_fail (n_tiers != NULL, NULL);

  *n_tiers = G_N_ELEMENTS (tiers);
  return tiers;
}

/**
 * parlance_free_tier_lookup:
 * @provider_id: a provider id
 *
 * Returns: (transfer none) (nullable): the free tier of that provider, or %NULL without one
 */
const ParlanceFreeTier *
parlance_free_tier_lookup (const char *provider_id)
{
  for (guint i = 0; provider_id != NULL && i < G_N_ELEMENTS (tiers); i++)
    if (g_str_equal (tiers[i].provider_id, provider_id))
      return &tiers[i];
  return NULL;
}

/**
 * parlance_free_tier_lookup_model:
 * @provider_id: a provider id
 * @model: (nullable): a model id, or a budget group named after it
 *
 * Returns: (transfer none) (nullable): the free tier whose figures apply to @model, or %NULL
 */
const ParlanceFreeTier *
parlance_free_tier_lookup_model (const char *provider_id,
                                 const char *model)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (provider_id);

  if (tier == NULL || model == NULL || strstr (model, tier->model_match) == NULL)
    return NULL;
  return tier;
}

/**
 * parlance_free_tier_get_reset_zone:
 * @provider_id: a provider id
 *
 * Returns: (nullable): the time zone identifier whose midnight starts the provider's day, as it
 *   documents; %NULL when it documents none
 */
const char *
parlance_free_tier_get_reset_zone (const char *provider_id)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (provider_id);

  return tier != NULL ? tier->reset_zone : NULL;
}

/**
 * parlance_free_tier_dup_summary:
 * @provider_id: a provider id
 *
 * Returns: (transfer full) (nullable): such as "Free tier: 15 requests a minute and 1,500 a
 *   day" (numbers grouped as the user's locale does), in the user's language; %NULL for a
 *   provider without a free tier
 */
char *
parlance_free_tier_dup_summary (const char *provider_id)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (provider_id);

  if (tier == NULL)
    return NULL;
  /* Short, for a row's subtitle: the daily figure with credits is in the key's details. */
  if (tier->requests_per_day_with_credits > 0)
    /* Translators: OpenRouter's free models; %'u are numbers of requests */
    return g_strdup_printf (_("Free models: %'u requests a minute and %'u a day"),
                            tier->requests_per_minute, tier->requests_per_day);
  /* Translators: %'u are numbers of requests */
  return g_strdup_printf (_("Free tier: %'u requests a minute and %'u a day"),
                          tier->requests_per_minute, tier->requests_per_day);
}

/**
 * parlance_free_tier_dup_daily:
 * @provider_id: a provider id
 * @with_credits: whether credits were bought
 *
 * Returns: (transfer full) (nullable): such as "50 requests a day on free models"; %NULL for a
 *   provider without a free tier
 */
char *
parlance_free_tier_dup_daily (const char *provider_id,
                              gboolean    with_credits)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (provider_id);
  guint n;

  if (tier == NULL)
    return NULL;
  n = with_credits && tier->requests_per_day_with_credits > 0
      ? tier->requests_per_day_with_credits : tier->requests_per_day;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u request a day on free models",
                                       "%'u requests a day on free models", n), n);
}
