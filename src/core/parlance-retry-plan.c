/* parlance-retry-plan.c — after a failed request: wait and ask the same model again, ask the next
 * model of the chain, or let the failure stand.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one decision the chat session and `parlance-cli chat` both follow, by the kind of limit the
 * reply's ParlanceLimitError names:
 *
 *   per-minute   the next model of the chain when there is one (one outside the budget group the
 *                limit covers: OpenRouter's ":free" models share one minute and one day, so
 *                another ":free" model would be refused too); else wait the announced time
 *                (Retry-After, X-RateLimit-Reset…), else until the budget lets it go, else a
 *                jittered exponential backoff, then ask the same model again
 *   upstream     the next model when there is one; else wait shortly and ask again
 *   daily quota  the next model (outside the group) when there is one; else fail, saying when
 *   502, 503, no endpoints   the next model when there is one; else fail
 *   credits, context length, anything else   fail
 *
 * A wait is made at most PARLANCE_RETRY_MAX_RETRIES times for one model and never longer than
 * PARLANCE_RETRY_MAX_WAIT: past that the failure stands, with the time a retry is allowed. The
 * clock and the jitter are the caller's, so that tests decide both.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-rate-budget.h"
#include "parlance-retry-plan.h"

/**
 * parlance_retry_backoff:
 * @retries: automatic retries already made
 * @random: a number in [0, 1)
 *
 * The wait before retry number @retries + 1 when the provider announced none: 2^@retries
 * seconds, stretched by up to as much again by @random (1–2 s, 2–4 s, 4–8 s…), so that
 * clients refused together do not come back together.
 *
 * Returns: microseconds
 */
gint64
parlance_retry_backoff (guint  retries,
                        double random)
{
  gint64 base = G_USEC_PER_SEC << MIN (retries, 10);

  if (!(random >= 0) || random >= 1)
    random = 0;
  return base + (gint64) floor ((double) base * random);
}

/**
 * parlance_retry_wait_before_send:
 * @state: (nullable): the budget of the model about to be asked, now
 *
 * A request the budget already knows the provider would refuse waits before it is sent: when the
 * minute's limit is known — what the provider said (a 429's `X-RateLimit-*`), the user's figure,
 * or else the provider's documented default for the model's tier (OpenRouter's free models: 20 a
 * minute) — and it is used up. An unknown limit holds nothing back, nor does a wait longer than
 * PARLANCE_RETRY_MAX_WAIT. The same time serves after a refusal that announced none.
 *
 * Returns: when to send it (microseconds since the epoch), or 0 to send it now
 */
gint64
parlance_retry_wait_before_send (const ParlanceBudgetState *state)
{
  if (state == NULL || state->minute_source == PARLANCE_LIMIT_SOURCE_NONE ||
      state->minute_limit < 0 ||
      state->minute_allowed_at <= state->now ||
      state->minute_allowed_at - state->now > PARLANCE_RETRY_MAX_WAIT)
    return 0;
  return state->minute_allowed_at;
}

/* The kind of limit, from the reply's classification, else from the reason. */
static ParlanceLimitKind
kind_of (ParlanceLimitError     *limit,
         ParlanceFallbackReason  reason)
{
  ParlanceLimitKind kind = limit != NULL ? parlance_limit_error_get_kind (limit) : PARLANCE_LIMIT_KIND_OTHER;

  if (kind != PARLANCE_LIMIT_KIND_OTHER)
    return kind;
  switch (reason)
    {
    case PARLANCE_FALLBACK_REASON_RATE_LIMITED:
      return PARLANCE_LIMIT_KIND_PER_MINUTE;
    case PARLANCE_FALLBACK_REASON_QUOTA:
      return PARLANCE_LIMIT_KIND_DAILY;
    case PARLANCE_FALLBACK_REASON_UNAVAILABLE:
    case PARLANCE_FALLBACK_REASON_NO_ENDPOINTS:
      return PARLANCE_LIMIT_KIND_OVERLOADED;
    case PARLANCE_FALLBACK_REASON_NONE:
    default:
      return PARLANCE_LIMIT_KIND_OTHER;
    }
}

/* The budget group a limit of @kind covers, when it holds for other models of the chain too. */
static const char *
group_limited (const ParlanceRetryInput *input,
               ParlanceLimitKind         kind)
{
  g_autofree char *group = NULL;

  if (input->provider_id == NULL || input->model == NULL ||
      (kind != PARLANCE_LIMIT_KIND_PER_MINUTE && kind != PARLANCE_LIMIT_KIND_DAILY))
    return NULL;
  group = parlance_rate_budget_group_for_model (input->provider_id, input->model);
  return g_str_equal (group, PARLANCE_BUDGET_GROUP_FREE) ? PARLANCE_BUDGET_GROUP_FREE : NULL;
}

/* When to ask the same model again: what the provider announced, else what the budget knows,
 * else a backoff. */
static gint64
retry_time (const ParlanceRetryInput *input,
            ParlanceLimitError       *limit,
            ParlanceLimitKind         kind)
{
  gint64 announced = limit != NULL ? parlance_limit_error_get_retry_after (limit) : -1;
  double random;

  if (announced < 0 && input->reply != NULL)
    announced = parlance_chat_reply_get_retry_after (input->reply);
  if (announced >= 0)
    return input->now + MAX (announced, 1) * G_USEC_PER_SEC;
  if (kind == PARLANCE_LIMIT_KIND_PER_MINUTE && input->next_allowed > input->now)
    return input->next_allowed;
  if (kind == PARLANCE_LIMIT_KIND_UPSTREAM && input->retries == 0)
    return input->now + PARLANCE_RETRY_UPSTREAM_WAIT;
  random = input->random != NULL ? input->random (input->random_data) : g_random_double ();
  return input->now + parlance_retry_backoff (input->retries, random);
}

/**
 * parlance_retry_plan_decide:
 * @input: the failure and what is known around it
 * @plan: (out caller-allocates): what to do
 *
 * Decides, by the kind of limit, between waiting and asking the same model again, asking the
 * next model of the chain, and letting the failure stand (see the top of parlance-retry-plan.c).
 * Only decides: the chain does not move, and nothing waits.
 */
void
parlance_retry_plan_decide (const ParlanceRetryInput *input,
                            ParlanceRetryPlan        *plan)
{
  ParlanceLimitError *limit;
  const char *next = NULL;

  g_return_if_fail (input != NULL && plan != NULL);

  memset (plan, 0, sizeof *plan);
  plan->action = PARLANCE_RETRY_FAIL;
  plan->reason = parlance_fallback_reason_for (input->error, input->reply);
  limit = input->reply != NULL ? parlance_chat_reply_get_limit_error (input->reply) : NULL;
  plan->kind = kind_of (limit, plan->reason);

  if (plan->reason == PARLANCE_FALLBACK_REASON_NONE ||
      plan->kind == PARLANCE_LIMIT_KIND_CREDITS || plan->kind == PARLANCE_LIMIT_KIND_CONTEXT_LENGTH ||
      plan->kind == PARLANCE_LIMIT_KIND_OTHER)
    return;

  plan->skip_group = group_limited (input, plan->kind);
  if (input->chain != NULL)
    next = parlance_fallback_chain_peek_next (input->chain, input->provider_id, plan->skip_group);
  if (next != NULL)
    {
      plan->action = PARLANCE_RETRY_FALL_BACK;
      plan->fallback_model = next;
      return;
    }

  if (plan->kind == PARLANCE_LIMIT_KIND_DAILY)
    {
      GDateTime *reset = limit != NULL ? parlance_limit_error_get_daily_reset (limit) : NULL;

      if (reset != NULL)
        plan->wait_until = g_date_time_to_unix (reset) * G_USEC_PER_SEC;
      return;
    }
  if (plan->kind != PARLANCE_LIMIT_KIND_PER_MINUTE && plan->kind != PARLANCE_LIMIT_KIND_UPSTREAM)
    return;

  plan->wait_until = retry_time (input, limit, plan->kind);
  if (input->may_wait && input->retries < PARLANCE_RETRY_MAX_RETRIES &&
      plan->wait_until - input->now <= PARLANCE_RETRY_MAX_WAIT)
    plan->action = PARLANCE_RETRY_WAIT;
}
