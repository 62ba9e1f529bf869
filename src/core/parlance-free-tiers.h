/* parlance-free-tiers.h — what the providers' free tiers allow: one table, quoted everywhere.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ParlanceFreeTier:
 * @provider_id: the provider, such as "openrouter"
 * @models: which models the figures are for, in English (for the README check)
 * @requests_per_minute: requests a minute
 * @requests_per_day: requests a day
 * @requests_per_day_with_credits: requests a day once credits were bought; 0 when the
 *   provider has no such tier
 * @tokens_per_minute: prompt tokens a minute; 0 when the provider documents none
 * @reset_zone: the time zone whose midnight starts the provider's day ("UTC",
 *   "America/Los_Angeles")
 * @model_match: the tier applies to the models whose id contains this
 *
 * The published limits of a provider's free tier.
 */
typedef struct
{
  const char *provider_id;
  const char *models;
  guint       requests_per_minute;
  guint       requests_per_day;
  guint       requests_per_day_with_credits;
  guint       tokens_per_minute;
  const char *reset_zone;
  const char *model_match;
} ParlanceFreeTier;

const ParlanceFreeTier *parlance_free_tiers_get        (guint                   *n_tiers);
const ParlanceFreeTier *parlance_free_tier_lookup      (const char              *provider_id);
const ParlanceFreeTier *parlance_free_tier_lookup_model (const char              *provider_id,
                                                        const char              *model);
const char             *parlance_free_tier_get_reset_zone (const char            *provider_id);
char                   *parlance_free_tier_dup_summary (const char              *provider_id);
char                   *parlance_free_tier_dup_daily   (const char              *provider_id,
                                                        gboolean                 with_credits);

G_END_DECLS
