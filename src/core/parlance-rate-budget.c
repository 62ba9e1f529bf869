/* parlance-rate-budget.c — how much of a provider's rate limits is used, and when it frees up.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file: the object, overrides and what providers said; parlance-rate-budget-state.c computes
 * a budget's state.
 *
 * Counts come from the store's `requests` rows (every request sent, failed ones too, as the
 * providers count them), so a restart or another process forgets nothing. Limits come, in
 * order, from what the provider said (parlance_rate_budget_learn (), kept in `rate_limits`),
 * the user's figures (GSettings `rate-limit-overrides`), then the documented free tiers
 * (parlance-free-tiers.c). Budgets are per provider and group: OpenRouter's ":free" models
 * share one ("free"); Gemini counts per model (its limits are "per project" and "vary depending
 * on the specific model"); any other provider has one budget.
 */

#include "config.h"

#include <string.h>

#include "parlance-free-tiers.h"
#include "parlance-rate-budget-private.h"

#define OVERRIDES_KEY "rate-limit-overrides"

G_DEFINE_FINAL_TYPE (ParlanceRateBudget, parlance_rate_budget, G_TYPE_OBJECT)

static const char * const window_names[] = {
  [PARLANCE_BUDGET_WINDOW_MINUTE] = "minute",
  [PARLANCE_BUDGET_WINDOW_DAY] = "day",
  [PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS] = "minute_tokens",
};

static void
parlance_rate_budget_dispose (GObject *object)
{
  ParlanceRateBudget *self = PARLANCE_RATE_BUDGET (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (parlance_rate_budget_parent_class)->dispose (object);
}

static void
parlance_rate_budget_finalize (GObject *object)
{
  ParlanceRateBudget *self = PARLANCE_RATE_BUDGET (object);

  g_hash_table_unref (self->overrides);
  g_hash_table_unref (self->learned);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (parlance_rate_budget_parent_class)->finalize (object);
}

static void
parlance_rate_budget_class_init (ParlanceRateBudgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlance_rate_budget_dispose;
  object_class->finalize = parlance_rate_budget_finalize;
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static void
parlance_rate_budget_init (ParlanceRateBudget *self)
{
  g_mutex_init (&self->mutex);
  self->clock = real_clock;
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->learned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * parlance_rate_budget_new:
 * @store: (nullable): where requests are recorded; %NULL counts nothing
 *
 * Returns: (transfer full): a budget keeper for every provider
 */
ParlanceRateBudget *
parlance_rate_budget_new (ParlanceStore *store)
{
  ParlanceRateBudget *self;

  g_return_val_if_fail (store == NULL || PARLANCE_IS_STORE (store), NULL);

  self = g_object_new (PARLANCE_TYPE_RATE_BUDGET, NULL);
  if (store != NULL)
    self->store = g_object_ref (store);
  return self;
}

/**
 * parlance_rate_budget_get_store:
 *
 * Returns: (transfer none) (nullable): the store the budgets count in
 */
ParlanceStore *
parlance_rate_budget_get_store (ParlanceRateBudget *self)
{
  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), NULL);
  return self->store;
}

/**
 * parlance_rate_budget_set_clock:
 * @clock: (nullable): gives the time in microseconds since the epoch; %NULL for the real time
 * @user_data: for @clock
 *
 * For tests: the budgets are computed at the time @clock gives. It may be called from the
 * threads of parlance_rate_budget_get_state_async ().
 */
void
parlance_rate_budget_set_clock (ParlanceRateBudget *self,
                                ParlanceClockFunc   clock,
                                gpointer            user_data)
{
  g_return_if_fail (PARLANCE_IS_RATE_BUDGET (self));

  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
}

/**
 * parlance_rate_budget_now:
 *
 * Returns: the budget's time, microseconds since the epoch
 */
gint64
parlance_rate_budget_now (ParlanceRateBudget *self)
{
  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), 0);
  return self->clock (self->clock_data);
}

/**
 * parlance_rate_budget_group_for_model:
 * @provider_id: a provider id
 * @model: (nullable): the model asked for
 *
 * Returns: (transfer full): the budget group a request to @model counts in: "free" for
 *   OpenRouter's ":free" models, the model for Gemini (its limits are per model), else the
 *   provider's id
 */
char *
parlance_rate_budget_group_for_model (const char *provider_id,
                                      const char *model)
{
  g_return_val_if_fail (provider_id != NULL, NULL);

  if (g_str_equal (provider_id, "openrouter") && model != NULL && g_str_has_suffix (model, ":free"))
    return g_strdup (PARLANCE_BUDGET_GROUP_FREE);
  if (g_str_equal (provider_id, "gemini") && model != NULL && *model != '\0')
    return g_strdup (g_str_has_prefix (model, "models/") ? model + strlen ("models/") : model);
  return g_strdup (provider_id);
}

/* Overrides */

/**
 * parlance_rate_budget_set_override:
 * @per_minute: requests a minute; 0 or less: none
 * @per_day: requests a day; 0 or less: none
 * @tokens_per_minute: prompt tokens a minute; 0 or less: none
 *
 * The user's figures for every budget of @provider_id, used where the provider said nothing.
 */
void
parlance_rate_budget_set_override (ParlanceRateBudget *self,
                                   const char         *provider_id,
                                   gint64              per_minute,
                                   gint64              per_day,
                                   gint64              tokens_per_minute)
{
  Override *o;

  g_return_if_fail (PARLANCE_IS_RATE_BUDGET (self));
  g_return_if_fail (provider_id != NULL);

  g_mutex_lock (&self->mutex);
  if (per_minute <= 0 && per_day <= 0 && tokens_per_minute <= 0)
    g_hash_table_remove (self->overrides, provider_id);
  else
    {
      o = g_new0 (Override, 1);
      o->per_minute = MAX (per_minute, 0);
      o->per_day = MAX (per_day, 0);
      o->tokens_per_minute = MAX (tokens_per_minute, 0);
      g_hash_table_insert (self->overrides, g_strdup (provider_id), o);
    }
  g_mutex_unlock (&self->mutex);
}

static void
load_overrides (ParlanceRateBudget *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, OVERRIDES_KEY);
  GVariantIter iter;
  const char *provider_id;
  gint64 rpm, rpd, tpm;

  g_mutex_lock (&self->mutex);
  g_hash_table_remove_all (self->overrides);
  g_mutex_unlock (&self->mutex);
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{&s(xxx)}", &provider_id, &rpm, &rpd, &tpm))
    parlance_rate_budget_set_override (self, provider_id, rpm, rpd, tpm);
}

static void
overrides_changed (GSettings          *settings,
                   const char         *key,
                   ParlanceRateBudget *self)
{
  load_overrides (self);
}

/**
 * parlance_rate_budget_bind_settings:
 * @settings: the application's settings
 *
 * Takes the user's figures from the `rate-limit-overrides` key, now and whenever it changes.
 */
void
parlance_rate_budget_bind_settings (ParlanceRateBudget *self,
                                    GSettings          *settings)
{
  g_return_if_fail (PARLANCE_IS_RATE_BUDGET (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  g_signal_connect (settings, "changed::" OVERRIDES_KEY, G_CALLBACK (overrides_changed), self);
  load_overrides (self);
}

/* What the provider said */

static char *
learned_key (const char           *provider_id,
             const char           *group,
             ParlanceBudgetWindow  window)
{
  return g_strjoin ("\037", provider_id, group, window_names[window], NULL);
}

/* What this process learned is known at once (its write may still be under way); the store may
 * hold something newer that another process, or this one before a restart, learned. */
gboolean
_parlance_rate_budget_lookup_learned (ParlanceRateBudget   *self,
                                      const char           *provider_id,
                                      const char           *group,
                                      ParlanceBudgetWindow  window,
                                      Learned              *out)
{
  g_autofree char *key = learned_key (provider_id, group, window);
  Learned *found, stored;
  gboolean in_memory, in_store = FALSE;

  g_mutex_lock (&self->mutex);
  if ((in_memory = (found = g_hash_table_lookup (self->learned, key)) != NULL))
    *out = *found;
  g_mutex_unlock (&self->mutex);
  /* A failed read is as good as nothing learned: the other figures still apply. */
  if (self->store != NULL)
    in_store = parlance_store_load_rate_limit (self->store, provider_id, group,
                                               window_names[window], &stored.limit,
                                               &stored.remaining, &stored.reset_at,
                                               &stored.learned_at, NULL);
  if (in_store && (!in_memory || stored.learned_at > out->learned_at))
    *out = stored;
  return in_memory || in_store;
}

static ParlanceBudgetWindow
guess_window (const char *provider_id,
              const char *group,
              gint64      limit,
              gint64      reset_at,
              gint64      now)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (provider_id);

  if (reset_at >= 0)
    return reset_at - now <= BUDGET_MINUTE + 5 * G_USEC_PER_SEC ? PARLANCE_BUDGET_WINDOW_MINUTE
                                                          : PARLANCE_BUDGET_WINDOW_DAY;
  if (tier != NULL && limit == (gint64) tier->requests_per_minute)
    return PARLANCE_BUDGET_WINDOW_MINUTE;
  return PARLANCE_BUDGET_WINDOW_DAY;
}

/**
 * parlance_rate_budget_learn:
 * @provider_id: the provider that said it
 * @group: the budget group it is about (parlance_rate_budget_group_for_model ())
 * @window: which limit; %PARLANCE_BUDGET_WINDOW_AUTO guesses from @reset_at
 * @limit: the limit, -1 unknown (`X-RateLimit-Limit`; /api/v1/key: 1000 a day on free models
 *   once credits were bought, i.e. when `is_free_tier` is false)
 * @remaining: what is left, -1 unknown (`X-RateLimit-Remaining`)
 * @reset_at: when it resets, microseconds since the epoch, -1 unknown (`X-RateLimit-Reset` is
 *   in milliseconds: multiply by 1000)
 * @error: where a failure to start saving it goes (it is used at once all the same)
 *
 * Remembers what a provider said about a limit: it comes before the user's and the documented
 * figures, and is kept in the store across restarts (written on the store's writer thread).
 *
 * Returns: %FALSE when nothing usable was said
 */
gboolean
parlance_rate_budget_learn (ParlanceRateBudget   *self,
                            const char           *provider_id,
                            const char           *group,
                            ParlanceBudgetWindow  window,
                            gint64                limit,
                            gint64                remaining,
                            gint64                reset_at,
                            GError              **error)
{
  Learned *learned;
  gint64 now;

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && group != NULL, FALSE);
  g_return_val_if_fail (window <= PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS, FALSE);

  if (limit < 0 && remaining < 0)
    return FALSE;
  now = parlance_rate_budget_now (self);
  if (window == PARLANCE_BUDGET_WINDOW_AUTO)
    window = guess_window (provider_id, group, limit, reset_at, now);

  learned = g_new0 (Learned, 1);
  learned->limit = limit;
  learned->remaining = remaining;
  learned->reset_at = reset_at;
  learned->learned_at = now;
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->learned, learned_key (provider_id, group, window), learned);
  g_mutex_unlock (&self->mutex);

  if (self->store != NULL)
    parlance_store_save_rate_limit_async (self->store, provider_id, group, window_names[window],
                                          limit, remaining, reset_at, now, NULL, NULL, NULL);
  return TRUE;
}

/**
 * parlance_rate_budget_learn_from_reply:
 * @model: (nullable): the model asked for
 * @reply: a reply that ended, such as a 429 with `X-RateLimit-*` headers
 *
 * Learns the rate limit @reply announced, if any, for @model's group.
 *
 * Returns: whether it announced one
 */
gboolean
parlance_rate_budget_learn_from_reply (ParlanceRateBudget *self,
                                       const char         *provider_id,
                                       const char         *model,
                                       ParlanceChatReply  *reply)
{
  g_autofree char *group = NULL;
  gint64 limit, remaining, reset_ms;

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (reply), FALSE);

  if (provider_id == NULL ||
      !parlance_chat_reply_get_rate_limit (reply, &limit, &remaining, &reset_ms))
    return FALSE;
  group = parlance_rate_budget_group_for_model (provider_id, model);
  /* Epoch milliseconds, as OpenRouter sends; a smaller number is not an instant. */
  return parlance_rate_budget_learn (self, provider_id, group, PARLANCE_BUDGET_WINDOW_AUTO,
                                     limit, remaining,
                                     reset_ms >= 1000000000000 && reset_ms < G_MAXINT64 / 1000
                                     ? reset_ms * 1000 : -1, NULL);
}
