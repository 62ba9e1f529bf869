/* parlance-rate-budget-state.c — a budget's state: what is used, the limits, the resets.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The minute is a sliding 60 seconds: a request sent 59 s ago counts, one sent 60 s ago no
 * longer does. The day starts at midnight in the provider's documented time zone (OpenRouter:
 * UTC; Gemini: Pacific time, with its daylight saving), UTC for the others.
 */

#include "config.h"

#include "parlance-free-tiers.h"
#include "parlance-rate-budget-private.h"

/* The state */

void
parlance_budget_state_free (ParlanceBudgetState *state)
{
  if (state == NULL)
    return;
  g_free (state->provider_id);
  g_free (state->group);
  g_free (state->reset_zone);
  g_free (state);
}

/**
 * parlance_budget_state_dup_resets_at:
 *
 * Returns: (transfer full): the next daily reset in ISO 8601 with its offset, in the reset's
 *   time zone, such as "2026-03-09T00:00:00-07:00" or "2026-03-09T00:00:00Z"
 */
char *
parlance_budget_state_dup_resets_at (const ParlanceBudgetState *state)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (state->reset_zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (state->resets_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, tz);
  /* Hours and minutes in the offset (g_date_time_format_iso8601 () may give "-07" alone). */
  return g_date_time_format (local, g_date_time_get_utc_offset (local) == 0
                                    ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S%:z");
}

/* The day around @now: midnight before it and after it in @zone. */
static void
day_bounds (const char *zone,
            gint64      now,
            gint64     *day_start,
            gint64     *day_end)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  /* No time zone data: UTC, rather than nothing. */
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  utc = g_date_time_new_from_unix_utc (now >= 0 ? now / G_USEC_PER_SEC
                                                : -((-now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  local = g_date_time_to_timezone (utc, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  /* A day is 23 or 25 hours across a change of daylight saving time: add a day, not 24 hours. */
  next = g_date_time_add_days (midnight, 1);
  *day_start = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  *day_end = g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

/* The limit of @window: what the provider said, the user's figure, the documented one. */
static gint64
pick_limit (ParlanceRateBudget   *self,
            const char           *provider_id,
            const char           *group,
            ParlanceBudgetWindow  window,
            const Learned        *learned,
            ParlanceLimitSource  *source)
{
  const ParlanceFreeTier *tier;
  Override *o;
  gint64 user = 0, documented = 0;

  if (learned != NULL && learned->limit >= 0)
    {
      *source = PARLANCE_LIMIT_SOURCE_PROVIDER;
      return learned->limit;
    }
  g_mutex_lock (&self->mutex);
  if ((o = g_hash_table_lookup (self->overrides, provider_id)) != NULL)
    user = window == PARLANCE_BUDGET_WINDOW_MINUTE ? o->per_minute
           : window == PARLANCE_BUDGET_WINDOW_DAY ? o->per_day : o->tokens_per_minute;
  g_mutex_unlock (&self->mutex);
  if (user > 0)
    {
      *source = PARLANCE_LIMIT_SOURCE_USER;
      return user;
    }

  /* OpenRouter's group of free models, or a Gemini model the free tier names. */
  tier = parlance_free_tier_lookup_model (provider_id, group);
  if (tier == NULL && g_str_equal (group, PARLANCE_BUDGET_GROUP_FREE) &&
      g_str_equal (provider_id, "openrouter"))
    tier = parlance_free_tier_lookup (provider_id);
  if (tier != NULL)
    documented = window == PARLANCE_BUDGET_WINDOW_MINUTE ? tier->requests_per_minute
                 : window == PARLANCE_BUDGET_WINDOW_DAY ? tier->requests_per_day
                 : tier->tokens_per_minute;
  *source = documented > 0 ? PARLANCE_LIMIT_SOURCE_DEFAULT : PARLANCE_LIMIT_SOURCE_NONE;
  return documented > 0 ? documented : -1;
}

/* What the provider said is left, while it holds, is a floor under what we counted (another
 * client may use the same key). */
static gint64
used_with_learned (gint64         counted,
                   const Learned *learned,
                   gint64         now)
{
  if (learned == NULL || learned->limit < 0 || learned->remaining < 0 || learned->reset_at <= now)
    return counted;
  return MAX (counted, learned->limit - learned->remaining);
}

static gboolean
count (ParlanceRateBudget  *self,
       ParlanceBudgetState *state,
       GArray             **minute_times,
       GError             **error)
{
  gint64 since = state->now - BUDGET_MINUTE + 1;
  gint64 until = state->now + 1;  /* not what a clock set back would put ahead */

  if (self->store == NULL)
    {
      *minute_times = g_array_new (FALSE, FALSE, sizeof (gint64));
      return TRUE;
    }
  if (!parlance_store_count_requests (self->store, state->provider_id, state->group, since,
                                      until, &state->minute_used, &state->minute_tokens_used,
                                      NULL, error) ||
      !parlance_store_count_requests (self->store, state->provider_id, state->group,
                                      state->day_start, until, &state->day_used, NULL,
                                      &state->day_tokens_used, error))
    return FALSE;
  *minute_times = parlance_store_list_request_times (self->store, state->provider_id,
                                                     state->group, since, until, error);
  return *minute_times != NULL;
}

/**
 * parlance_rate_budget_get_state:
 * @provider_id: a provider id
 * @group: a budget group (parlance_rate_budget_group_for_model ())
 *
 * The budget at the budget's time, read from the store: safe from any thread, but it reads
 * the database; the UI uses parlance_rate_budget_get_state_async ().
 *
 * Returns: (transfer full) (nullable): the state, or %NULL with @error when the store failed
 */
ParlanceBudgetState *
parlance_rate_budget_get_state (ParlanceRateBudget  *self,
                                const char          *provider_id,
                                const char          *group,
                                GError             **error)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autoptr(GArray) times = NULL;
  const char *zone;
  Learned minute, day, tokens;
  gboolean has_minute, has_day, has_tokens;

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), NULL);
  g_return_val_if_fail (provider_id != NULL && group != NULL, NULL);

  state = g_new0 (ParlanceBudgetState, 1);
  state->provider_id = g_strdup (provider_id);
  state->group = g_strdup (group);
  state->now = parlance_rate_budget_now (self);
  zone = parlance_free_tier_get_reset_zone (provider_id);
  state->reset_zone = g_strdup (zone != NULL ? zone : "UTC");
  day_bounds (state->reset_zone, state->now, &state->day_start, &state->resets_at);

  if (!count (self, state, &times, error))
    return NULL;

  has_minute = _parlance_rate_budget_lookup_learned (self, provider_id, group,
                                                     PARLANCE_BUDGET_WINDOW_MINUTE, &minute);
  has_day = _parlance_rate_budget_lookup_learned (self, provider_id, group,
                                                  PARLANCE_BUDGET_WINDOW_DAY, &day);
  has_tokens = _parlance_rate_budget_lookup_learned (self, provider_id, group,
                                                     PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS, &tokens);
  state->minute_limit = pick_limit (self, provider_id, group, PARLANCE_BUDGET_WINDOW_MINUTE,
                                    has_minute ? &minute : NULL, &state->minute_source);
  state->day_limit = pick_limit (self, provider_id, group, PARLANCE_BUDGET_WINDOW_DAY,
                                 has_day ? &day : NULL, &state->day_source);
  state->minute_tokens_limit = pick_limit (self, provider_id, group,
                                           PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS,
                                           has_tokens ? &tokens : NULL,
                                           &state->minute_tokens_source);
  state->minute_used = used_with_learned (state->minute_used, has_minute ? &minute : NULL, state->now);
  state->day_used = used_with_learned (state->day_used, has_day ? &day : NULL, state->now);

  /* The minute lets a request go when enough of the last minute's have left it: the one that
   * leaves it last is the (used - limit + 1)th oldest, at its time + 60 s. */
  state->minute_allowed_at = state->now;
  if (state->minute_limit >= 0 && state->minute_used >= state->minute_limit)
    {
      guint excess = (guint) MIN (state->minute_used - state->minute_limit, G_MAXUINT);

      if (excess < times->len)
        state->minute_allowed_at = g_array_index (times, gint64, excess) + BUDGET_MINUTE;
      /* The provider said none is left (or counted some we did not see): its reset, which
       * counts over ours (its window may be fixed where ours slides). */
      if (has_minute && minute.reset_at > state->now &&
          (excess >= times->len || minute.remaining == 0))
        state->minute_allowed_at = minute.reset_at;
      else if (excess >= times->len)
        state->minute_allowed_at = state->now + BUDGET_MINUTE;
    }
  state->next_allowed_at = state->minute_allowed_at;
  if (state->day_limit >= 0 && state->day_used >= state->day_limit)
    state->next_allowed_at = MAX (state->next_allowed_at,
                                  has_day && day.reset_at > state->now ? day.reset_at
                                                                       : state->resets_at);
  return g_steal_pointer (&state);
}

/**
 * parlance_rate_budget_get_state_for_model:
 * @model: (nullable): the model asked for
 *
 * parlance_rate_budget_get_state () for the group a request to @model counts in.
 *
 * Returns: (transfer full) (nullable): the state
 */
ParlanceBudgetState *
parlance_rate_budget_get_state_for_model (ParlanceRateBudget  *self,
                                          const char          *provider_id,
                                          const char          *model,
                                          GError             **error)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  group = parlance_rate_budget_group_for_model (provider_id, model);
  return parlance_rate_budget_get_state (self, provider_id, group, error);
}

/**
 * parlance_rate_budget_next_allowed:
 *
 * Returns: when a request to @model may go without passing the minute or day limit known
 *   (microseconds since the epoch; the budget's now when it may go now), or -1 with @error
 */
gint64
parlance_rate_budget_next_allowed (ParlanceRateBudget  *self,
                                   const char          *provider_id,
                                   const char          *model,
                                   GError             **error)
{
  g_autoptr(ParlanceBudgetState) state =
    parlance_rate_budget_get_state_for_model (self, provider_id, model, error);

  return state != NULL ? state->next_allowed_at : -1;
}

/**
 * parlance_rate_budget_list_groups:
 *
 * Returns: (transfer full) (nullable): the groups of @provider_id worth showing: those with
 *   requests or learned limits, OpenRouter's free models, or else the provider's own one
 */
GStrv
parlance_rate_budget_list_groups (ParlanceRateBudget  *self,
                                  const char          *provider_id,
                                  GError             **error)
{
  g_auto(GStrv) seen = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  if (self->store != NULL &&
      (seen = parlance_store_list_budget_groups (self->store, provider_id, error)) == NULL)
    return NULL;
  if (g_str_equal (provider_id, "openrouter") &&
      (seen == NULL || !g_strv_contains ((const char * const *) seen, PARLANCE_BUDGET_GROUP_FREE)))
    g_strv_builder_add (builder, PARLANCE_BUDGET_GROUP_FREE);
  if (seen != NULL)
    g_strv_builder_addv (builder, (const char **) seen);
  groups = g_strv_builder_end (builder);
  if (groups[0] == NULL)
    {
      g_strfreev (groups);
      groups = g_new0 (char *, 2);
      groups[0] = g_strdup (provider_id);
    }
  return g_steal_pointer (&groups);
}

/* Asynchronously */

typedef struct
{
  char *provider_id;
  char *model;
} StateQuery;

static void
state_query_free (StateQuery *query)
{
  g_free (query->provider_id);
  g_free (query->model);
  g_free (query);
}

static void
state_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StateQuery *query = task_data;
  GError *error = NULL;
  ParlanceBudgetState *state;

  if (g_task_return_error_if_cancelled (task))
    return;
  state = parlance_rate_budget_get_state_for_model (source_object, query->provider_id,
                                                    query->model, &error);
  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, (GDestroyNotify) parlance_budget_state_free);
}

/**
 * parlance_rate_budget_get_state_async:
 * @model: (nullable): the model asked for
 *
 * parlance_rate_budget_get_state_for_model () in a worker thread.
 */
void
parlance_rate_budget_get_state_async (ParlanceRateBudget  *self,
                                      const char          *provider_id,
                                      const char          *model,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StateQuery *query;

  g_return_if_fail (PARLANCE_IS_RATE_BUDGET (self));
  g_return_if_fail (provider_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_rate_budget_get_state_async);
  query = g_new0 (StateQuery, 1);
  query->provider_id = g_strdup (provider_id);
  query->model = g_strdup (model);
  g_task_set_task_data (task, query, (GDestroyNotify) state_query_free);
  g_task_run_in_thread (task, state_thread);
}

/**
 * parlance_rate_budget_get_state_finish:
 *
 * Returns: (transfer full) (nullable): the state
 */
ParlanceBudgetState *
parlance_rate_budget_get_state_finish (ParlanceRateBudget  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
