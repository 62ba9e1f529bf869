/* parlance-chat-session-fallback.c — the models a turn may ask, and what the message keeps of
 * those that failed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A turn asks the model chosen first, then, when it fails with a rate limit, 502, 503, "No
 * endpoints found" or a spent daily quota, the conversation's fallback chain in order (its own,
 * else the defaults from Preferences). The model chosen is asked whatever its price; with "free
 * models only" a fallback the catalogue prices above zero is never asked, and one it does not
 * list only when the conversation names it itself (a default chain is not named by it). Every
 * model is of the turn's provider: the turn stays bound to it.
 */

#include "config.h"

#include "parlance-chat-session-private.h"
#include "parlance-fallback.h"

/**
 * parlance_chat_session_set_model_catalog:
 * @catalog: (nullable): the session provider's models and prices, for the free-only guard;
 *   without one no fallback is listed, and only a conversation's own are asked
 */
void
parlance_chat_session_set_model_catalog (ParlanceChatSession  *self,
                                         ParlanceModelCatalog *catalog)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (catalog == NULL || PARLANCE_IS_MODEL_CATALOG (catalog));

  g_set_object (&self->catalog, catalog);
}

/**
 * parlance_chat_session_set_wait_on_limits:
 * @wait: wait out a per-minute rate limit and send again by itself (parlance-retry-plan.c
 *   decides), and wait before sending while the rate budget knows the minute is full
 *
 * While it waits the reply is %PARLANCE_MESSAGE_WAITING with a status text ("Rate limited by
 * OpenRouter") and a retry-at (parlance_message_get_retry_at ()); the session stays busy, and
 * parlance_chat_session_stop () ends the wait: the message then fails with the limit's words
 * (and Retry). Off by default: a failure stands at once.
 */
void
parlance_chat_session_set_wait_on_limits (ParlanceChatSession *self,
                                          gboolean             wait)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));

  self->wait_on_limits = !!wait;
}

/**
 * parlance_chat_session_set_rate_budget:
 * @budget: (nullable): the budget, over the session's store, whose limits a send waits by
 *   (the app's, bound to the user's figures in Preferences); %NULL: one of the session's own,
 *   with the provider's and the documented limits only
 */
void
parlance_chat_session_set_rate_budget (ParlanceChatSession *self,
                                       ParlanceRateBudget  *budget)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (budget == NULL || PARLANCE_IS_RATE_BUDGET (budget));

  g_set_object (&self->rate_budget, budget);
}

/**
 * parlance_chat_session_set_default_routing:
 * @routing: (nullable): what a conversation without its own fallback chain and routing follows
 *   (the defaults in Preferences); %NULL for none
 */
void
parlance_chat_session_set_default_routing (ParlanceChatSession   *self,
                                           const ParlanceRouting *routing)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));

  g_clear_pointer (&self->default_routing, parlance_routing_free);
  if (routing != NULL)
    self->default_routing = parlance_routing_copy (routing);
}

/* Returns: (transfer full): the routing a turn of @conversation follows; *own when the
 * conversation has its own */
ParlanceRouting *
_parlance_chat_session_dup_routing (ParlanceChatSession  *self,
                                    ParlanceConversation *conversation,
                                    gboolean             *own)
{
  ParlanceRouting *routing = parlance_conversation_dup_routing (conversation);

  *own = routing != NULL;
  if (routing != NULL)
    return routing;
  return self->default_routing != NULL ? parlance_routing_copy (self->default_routing) : parlance_routing_new ();
}

/* Returns: (transfer full): @model first, then the fallbacks; none when OpenRouter is sent the
 * list to choose from itself */
ParlanceFallbackChain *
_parlance_chat_session_new_chain (ParlanceChatSession   *self,
                                  const ParlanceRouting *routing,
                                  gboolean               own,
                                  ParlanceProvider      *provider,
                                  const char            *model)
{
  ParlanceFallbackChain *chain = parlance_fallback_chain_new ();

  parlance_fallback_chain_add (chain, model, TRUE, FALSE);
  parlance_fallback_chain_set_free_only (chain, routing->free_only);
  parlance_fallback_chain_set_catalog (chain, self->catalog);
  if (routing->server_models && parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    return chain;
  for (guint i = 0; routing->fallback_models[i] != NULL; i++)
    parlance_fallback_chain_add (chain, routing->fallback_models[i], own, TRUE);
  return chain;
}

/* What @message keeps of the models that failed before (none: it forgets any). */
void
_parlance_chat_session_note_attempts (ParlanceMessage       *message,
                                      ParlanceFallbackChain *chain,
                                      const char            *requested)
{
  g_autoptr(JsonArray) attempts = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  if (parlance_fallback_chain_get_n_attempts (chain) == 0)
    {
      parlance_message_set_requested_model (message, NULL);
      parlance_message_set_attempts (message, NULL);
      return;
    }
  attempts = parlance_fallback_chain_dup_attempts (chain);
  node = json_node_init_array (json_node_alloc (), attempts);
  json = json_to_string (node, FALSE);
  parlance_message_set_requested_model (message, requested);
  parlance_message_set_attempts (message, json);
}
