/* parlance-chat-session-reply.c — what an assistant message records of the reply it holds.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Beside its text, a reply keeps who answered, why it ended, the tokens it used and its exact
 * cost, for the store (and later the usage page). The times (first token, duration) are set by
 * the turn, which knows when it started.
 */

#include "config.h"

#include "parlance-chat-session-private.h"
#include "parlance-rate-budget.h"

/* What the provider said about the reply: who answered, why it ended, what it used and cost. */
void
_parlance_chat_session_record_reply (ParlanceMessage   *message,
                                     ParlanceChatReply *reply)
{
  const char *model = parlance_chat_reply_get_model (reply);
  double cost;

  if (model != NULL)
    parlance_message_set_model (message, model);
  parlance_message_set_finish_reason (message, parlance_chat_reply_get_finish_reason (reply));
  parlance_message_set_generation_id (message, parlance_chat_reply_get_generation_id (reply));
  parlance_message_set_provider_name (message, parlance_chat_reply_get_provider_name (reply));
  if (parlance_chat_reply_get_has_usage (reply))
    parlance_message_set_tokens (message,
                                 parlance_chat_reply_get_prompt_tokens (reply),
                                 parlance_chat_reply_get_completion_tokens (reply),
                                 parlance_chat_reply_get_reasoning_tokens (reply),
                                 parlance_chat_reply_get_cached_tokens (reply));
  /* A price is a decimal the server wrote: from its double to exact pico-dollars once, here. */
  if (parlance_chat_reply_get_cost (reply, &cost))
    parlance_message_set_cost_pico (message, parlance_cost_pico_from_double (cost));
}

/* A reply asked again forgets what the last answer said about itself. */
void
_parlance_chat_session_reset_reply (ParlanceMessage *message)
{
  parlance_message_clear (message);
  parlance_message_set_finish_reason (message, NULL);
  parlance_message_set_generation_id (message, NULL);
  parlance_message_set_provider_name (message, NULL);
  parlance_message_set_requested_model (message, NULL);
  parlance_message_set_attempts (message, NULL);
  parlance_message_set_tokens (message, -1, -1, -1, -1);
  parlance_message_set_cost_pico (message, -1);
  parlance_message_set_first_token_time (message, -1);
  parlance_message_set_duration (message, -1);
  parlance_message_set_retry_at (message, 0);
}

/* Every request sent is a row of the store's requests, for the rate budgets and the usage page:
 * added as it goes (here), completed as it ends (below); failed and stopped ones count, as
 * providers count them. Without a store: NULL, and nothing is recorded. */
ParlanceRequestRecord *
_parlance_chat_session_record_sent (ParlanceChatSession *self,
                                    ParlanceProvider    *provider,
                                    const char          *model)
{
  const char *provider_id = parlance_provider_get_id (provider);
  g_autofree char *group = NULL;
  ParlanceRequestRecord *record;

  if (self->store == NULL || provider_id == NULL)
    return NULL;
  group = parlance_rate_budget_group_for_model (provider_id, model);
  record = parlance_request_record_new (g_get_real_time (), provider_id, model, group);
  parlance_store_add_request_async (self->store, record, NULL, NULL, NULL);
  return record;
}

#define UNSAVED_REQUEST "parlance-unsaved-request"

/*
 * _parlance_chat_session_record_end:
 * @record: (nullable): from _parlance_chat_session_record_sent ()
 * @error: (nullable): why the request failed
 * @message: (nullable): the message it answered into
 */
void
_parlance_chat_session_record_end (ParlanceChatSession   *self,
                                   ParlanceRequestRecord *record,
                                   ParlanceChatReply     *reply,
                                   const GError          *error,
                                   ParlanceMessage       *message)
{
  if (record == NULL || self->store == NULL)
    return;
  parlance_request_record_set_end (record, reply, error);
  record->message_id = message != NULL ? parlance_message_get_id (message) : 0;
  parlance_store_end_request_async (self->store, record, NULL, NULL, NULL);
  /* A short reply can end before its message is added (it waits for the conversation's
   * creation): its id goes into the row once it is known. */
  if (message != NULL && record->message_id == 0)
    g_object_set_data_full (G_OBJECT (message), UNSAVED_REQUEST,
                            parlance_request_record_ref (record),
                            (GDestroyNotify) parlance_request_record_unref);
  /* A 429 may say what the limit is and when it resets. */
  if (error != NULL && reply != NULL)
    {
      g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (self->store);

      parlance_rate_budget_learn_from_reply (budget, record->provider_id, record->requested_model,
                                             reply);
    }
}

/* @message is in the store now: the request that answered into it, if it ended before, says so. */
void
_parlance_chat_session_record_message_saved (ParlanceChatSession *self,
                                             ParlanceMessage     *message)
{
  g_autoptr(ParlanceRequestRecord) record = g_object_steal_data (G_OBJECT (message), UNSAVED_REQUEST);

  if (record == NULL || self->store == NULL)
    return;
  record->message_id = parlance_message_get_id (message);
  parlance_store_end_request_async (self->store, record, NULL, NULL, NULL);
}
