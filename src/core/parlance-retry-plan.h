/* parlance-retry-plan.h — after a failed request: wait and ask the same model again, ask the next
 * model of the chain, or let the failure stand.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-chat-reply.h"
#include "parlance-fallback.h"
#include "parlance-rate-budget.h"

G_BEGIN_DECLS

/* Automatic retries of one model before its failure stands (or the next model answers). */
#define PARLANCE_RETRY_MAX_RETRIES 3
/* The longest wait made for the user; a longer one fails, saying when to try again. */
#define PARLANCE_RETRY_MAX_WAIT (5 * 60 * G_USEC_PER_SEC)
/* An upstream provider's limit, when it says nothing: try again this soon. */
#define PARLANCE_RETRY_UPSTREAM_WAIT (2 * G_USEC_PER_SEC)

/* A number in [0, 1), as g_random_double () gives: the jitter of a backoff. */
typedef double (*ParlanceRandomFunc) (gpointer user_data);

/**
 * ParlanceRetryAction:
 * @PARLANCE_RETRY_FAIL: the failure stands
 * @PARLANCE_RETRY_WAIT: wait until the plan's @wait_until, then ask the same model again
 * @PARLANCE_RETRY_FALL_BACK: ask the plan's @fallback_model now
 */
typedef enum
{
  PARLANCE_RETRY_FAIL,
  PARLANCE_RETRY_WAIT,
  PARLANCE_RETRY_FALL_BACK,
} ParlanceRetryAction;

/**
 * ParlanceRetryInput:
 * @error: how the request failed
 * @reply: (nullable): its reply, whose limit error says which limit and until when
 * @provider_id: (nullable): the provider asked ("openrouter"), for its budget groups
 * @model: the model asked
 * @chain: (nullable): the fallback chain, positioned after @model; %NULL: no fallbacks
 * @retries: automatic retries of @model already made in this turn
 * @now: the time now, microseconds since the epoch
 * @next_allowed: when the rate budget lets the next request to @model go (microseconds since
 *   the epoch), or -1 when it does not know
 * @may_wait: FALSE when the user asked not to wait (`--no-wait`): a wait becomes a failure
 * @random: (nullable): the jitter's source; %NULL for g_random_double ()
 * @random_data: its data
 */
typedef struct
{
  const GError          *error;
  ParlanceChatReply     *reply;
  const char            *provider_id;
  const char            *model;
  ParlanceFallbackChain *chain;
  guint                  retries;
  gint64                 now;
  gint64                 next_allowed;
  gboolean               may_wait;
  ParlanceRandomFunc     random;
  gpointer               random_data;
} ParlanceRetryInput;

/**
 * ParlanceRetryPlan:
 * @action: what to do
 * @reason: why the model failed, for the attempts and the footer (%PARLANCE_FALLBACK_REASON_NONE
 *   for a failure that is not a limit)
 * @kind: the limit, as the reply's limit error classified it
 * @wait_until: with %PARLANCE_RETRY_WAIT, when to ask again; with %PARLANCE_RETRY_FAIL, when a
 *   retry would be allowed if that is known, else 0 (microseconds since the epoch)
 * @fallback_model: (nullable): with %PARLANCE_RETRY_FALL_BACK, the model to ask (the chain's,
 *   borrowed); parlance_fallback_chain_next_outside () moves the chain to it
 * @skip_group: (nullable): with %PARLANCE_RETRY_FALL_BACK, the budget group the limit covers,
 *   whose models the chain passes over (borrowed: "free" or %NULL)
 */
typedef struct
{
  ParlanceRetryAction    action;
  ParlanceFallbackReason reason;
  ParlanceLimitKind      kind;
  gint64                 wait_until;
  const char            *fallback_model;
  const char            *skip_group;
} ParlanceRetryPlan;

void     parlance_retry_plan_decide      (const ParlanceRetryInput *input,
                                          ParlanceRetryPlan        *plan);
gint64   parlance_retry_backoff          (guint                     retries,
                                          double                    random);
gint64   parlance_retry_wait_before_send (const ParlanceBudgetState *state);

G_END_DECLS
