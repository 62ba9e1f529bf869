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
