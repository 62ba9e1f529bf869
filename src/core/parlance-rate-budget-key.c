/* parlance-rate-budget-key.c — what OpenRouter's GET /api/v1/key tells a budget.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenRouter's ":free" models allow 50 requests a day until 10 credits were ever bought, then
 * 1,000 (https://openrouter.ai/docs/api-reference/limits): `is_free_tier` says which, and so
 * the daily limit of the "free" group, learned as the provider's word. The key's credits
 * (`limit`, `limit_remaining`) are money, not requests: they are shown, never a budget.
 */

#include "config.h"

#include "parlance-free-tiers.h"
#include "parlance-rate-budget-private.h"

/**
 * parlance_rate_budget_learn_from_key_info:
 * @provider_id: the OpenRouter provider's id
 * @info: what GET /api/v1/key said of its key
 *
 * Learns the daily limit of OpenRouter's free models from the key's tier: 50 requests a day
 * when `is_free_tier` is true, 1,000 when it is false. A limit already learned with the same
 * figure is kept as it is (a 429 may have said what is left of it). It reads the store: call
 * it from a thread, or use parlance_rate_budget_learn_from_key_info_async ().
 *
 * Returns: whether the key said its tier (and so the daily limit is known)
 */
gboolean
parlance_rate_budget_learn_from_key_info (ParlanceRateBudget              *self,
                                          const char                      *provider_id,
                                          const ParlanceOpenrouterKeyInfo *info)
{
  const ParlanceFreeTier *tier = parlance_free_tier_lookup ("openrouter");
  Learned known;
  gint64 limit;

  g_return_val_if_fail (PARLANCE_IS_RATE_BUDGET (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!info->free_tier_known || tier == NULL)
    return FALSE;
  limit = info->is_free_tier || tier->requests_per_day_with_credits == 0
          ? tier->requests_per_day : tier->requests_per_day_with_credits;
  if (_parlance_rate_budget_lookup_learned (self, provider_id, PARLANCE_BUDGET_GROUP_FREE,
                                            PARLANCE_BUDGET_WINDOW_DAY, &known) &&
      known.limit == limit)
    return TRUE;
  return parlance_rate_budget_learn (self, provider_id, PARLANCE_BUDGET_GROUP_FREE,
                                     PARLANCE_BUDGET_WINDOW_DAY, limit, -1, -1, NULL);
}

typedef struct
{
  char                      *provider_id;
  ParlanceOpenrouterKeyInfo *info;
} KeyLearn;

static void
key_learn_free (KeyLearn *learn)
{
  g_free (learn->provider_id);
  parlance_openrouter_key_info_free (learn->info);
  g_free (learn);
}

static void
key_learn_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KeyLearn *learn = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, parlance_rate_budget_learn_from_key_info (source_object,
                                                                         learn->provider_id,
                                                                         learn->info));
}

/**
 * parlance_rate_budget_learn_from_key_info_async:
 * @provider_id: the OpenRouter provider's id
 * @info: what GET /api/v1/key said (copied)
 *
 * parlance_rate_budget_learn_from_key_info () in a worker thread.
 */
void
parlance_rate_budget_learn_from_key_info_async (ParlanceRateBudget              *self,
                                                const char                      *provider_id,
                                                const ParlanceOpenrouterKeyInfo *info,
                                                GCancellable                    *cancellable,
                                                GAsyncReadyCallback              callback,
                                                gpointer                         user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyLearn *learn;

  g_return_if_fail (PARLANCE_IS_RATE_BUDGET (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (info != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_rate_budget_learn_from_key_info_async);
  learn = g_new0 (KeyLearn, 1);
  learn->provider_id = g_strdup (provider_id);
  learn->info = parlance_openrouter_key_info_copy (info);
  g_task_set_task_data (task, learn, (GDestroyNotify) key_learn_free);
  g_task_run_in_thread (task, key_learn_thread);
}

/**
 * parlance_rate_budget_learn_from_key_info_finish:
 *
 * Returns: whether the key said its tier
 */
gboolean
parlance_rate_budget_learn_from_key_info_finish (ParlanceRateBudget  *self,
                                                 GAsyncResult        *result,
                                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
