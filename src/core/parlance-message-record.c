/* parlance-message-record.c — what a message records beside its text: who answered, why it
 * ended, the tokens, cost and times of the reply, tool calls, and the provider's generation id.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain fields the store keeps; none is a property (nothing notifies on them).
 */

#include "config.h"

#include "parlance-message-private.h"

static void
replace_string (char       **field,
                const char  *value)
{
  if (*field == value)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Returns: (nullable): the provider that answered */
const char *
parlance_message_get_provider_id (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->provider_id;
}

void
parlance_message_set_provider_id (ParlanceMessage *self,
                                  const char      *provider_id)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->provider_id, provider_id);
}

/* Returns: (nullable): why the provider stopped ("stop", "length"…), as it said */
const char *
parlance_message_get_finish_reason (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->finish_reason;
}

void
parlance_message_set_finish_reason (ParlanceMessage *self,
                                    const char      *finish_reason)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->finish_reason, finish_reason);
}

/**
 * parlance_message_get_tokens:
 * @tokens_in: (out) (optional): prompt tokens, -1 when unknown
 * @tokens_out: (out) (optional): completion tokens, -1 when unknown
 * @tokens_reasoning: (out) (optional): reasoning tokens among them, -1 when unknown
 * @tokens_cached: (out) (optional): cached prompt tokens, -1 when unknown
 */
void
parlance_message_get_tokens (ParlanceMessage *self,
                             gint64          *tokens_in,
                             gint64          *tokens_out,
                             gint64          *tokens_reasoning,
                             gint64          *tokens_cached)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  if (tokens_in != NULL)
    *tokens_in = self->tokens_in;
  if (tokens_out != NULL)
    *tokens_out = self->tokens_out;
  if (tokens_reasoning != NULL)
    *tokens_reasoning = self->tokens_reasoning;
  if (tokens_cached != NULL)
    *tokens_cached = self->tokens_cached;
}

void
parlance_message_set_tokens (ParlanceMessage *self,
                             gint64           tokens_in,
                             gint64           tokens_out,
                             gint64           tokens_reasoning,
                             gint64           tokens_cached)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  self->tokens_in = MAX (tokens_in, -1);
  self->tokens_out = MAX (tokens_out, -1);
  self->tokens_reasoning = MAX (tokens_reasoning, -1);
  self->tokens_cached = MAX (tokens_cached, -1);
}

/* Returns: the cost in pico-dollars (10^-12 USD), -1 when unknown */
gint64
parlance_message_get_cost_pico (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), -1);
  return self->cost_pico;
}

void
parlance_message_set_cost_pico (ParlanceMessage *self,
                                gint64           cost_pico)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  self->cost_pico = MAX (cost_pico, -1);
}

/* Returns: microseconds from sending to the first token, -1 when unknown */
gint64
parlance_message_get_first_token_time (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), -1);
  return self->first_token_time;
}

void
parlance_message_set_first_token_time (ParlanceMessage *self,
                                       gint64           span)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  self->first_token_time = MAX (span, -1);
}

/* Returns: microseconds from sending to the last token, -1 when unknown */
gint64
parlance_message_get_duration (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), -1);
  return self->duration;
}

void
parlance_message_set_duration (ParlanceMessage *self,
                               gint64           span)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  self->duration = MAX (span, -1);
}

/* Returns: (nullable): the tool calls of an assistant message, as the JSON array the API sent */
const char *
parlance_message_get_tool_calls (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->tool_calls;
}

void
parlance_message_set_tool_calls (ParlanceMessage *self,
                                 const char      *json)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->tool_calls, json);
}

/* Returns: (nullable): the call a tool message answers */
const char *
parlance_message_get_tool_call_id (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->tool_call_id;
}

void
parlance_message_set_tool_call_id (ParlanceMessage *self,
                                   const char      *tool_call_id)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->tool_call_id, tool_call_id);
}

/* Returns: (nullable): the provider's id for the generation (OpenRouter's "gen-…") */
const char *
parlance_message_get_generation_id (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->generation_id;
}

void
parlance_message_set_generation_id (ParlanceMessage *self,
                                    const char      *generation_id)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->generation_id, generation_id);
}

/* Returns: (nullable): the model asked first, when another of the fallback chain answered */
const char *
parlance_message_get_requested_model (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->requested_model;
}

void
parlance_message_set_requested_model (ParlanceMessage *self,
                                      const char      *model)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->requested_model, model);
}

/* Returns: (nullable): the upstream provider that answered, as the response named it */
const char *
parlance_message_get_provider_name (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->provider_name;
}

void
parlance_message_set_provider_name (ParlanceMessage *self,
                                    const char      *provider_name)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->provider_name, provider_name);
}

/* Returns: (nullable): the models that failed before, as a JSON array */
const char *
parlance_message_get_attempts (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->attempts;
}

void
parlance_message_set_attempts (ParlanceMessage *self,
                               const char      *attempts_json)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  replace_string (&self->attempts, attempts_json);
}
