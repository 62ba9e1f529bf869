/* parlance-conversation-routing.c — a conversation's fallback chain and routing, kept in its
 * parameters.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They live under "routing" in the `parameters` JSON object, beside the other settings: no new
 * column, and a conversation saved by a version that does not know them keeps them (unknown
 * keys survive a load and save). A conversation without the key follows the defaults in
 * Preferences.
 */

#include "config.h"

#include <string.h>

#include "parlance-conversation.h"
#include "parlance-json.h"

#define KEY_ROUTING "routing"

static JsonObject *
dup_parameters (ParlanceConversation *self)
{
  g_autofree char *json = parlance_conversation_dup_parameters_json (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!parlance_json_parser_load (parser, json, strlen (json), NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

/**
 * parlance_conversation_dup_routing:
 *
 * Returns: (transfer full) (nullable): the conversation's own fallback chain and routing, or
 *   %NULL when it follows the defaults
 */
ParlanceRouting *
parlance_conversation_dup_routing (ParlanceConversation *self)
{
  g_autoptr(JsonObject) parameters = NULL;
  JsonObject *routing;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);

  parameters = dup_parameters (self);
  routing = parlance_json_get_object (parameters, KEY_ROUTING);
  return routing != NULL ? parlance_routing_new_from_json (routing) : NULL;
}

/**
 * parlance_conversation_set_routing:
 * @routing: (nullable): the conversation's own settings, or %NULL to follow the defaults
 *
 * Changes the parameters (and notifies them) only when the settings change.
 */
void
parlance_conversation_set_routing (ParlanceConversation  *self,
                                   const ParlanceRouting *routing)
{
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));

  parameters = dup_parameters (self);
  if (routing != NULL)
    json_object_set_object_member (parameters, KEY_ROUTING, parlance_routing_to_json (routing));
  else if (json_object_has_member (parameters, KEY_ROUTING))
    json_object_remove_member (parameters, KEY_ROUTING);
  else
    return;

  node = json_node_init_object (json_node_alloc (), parameters);
  json = json_to_string (node, FALSE);
  /* Setting an equal text notifies nothing. */
  parlance_conversation_set_parameters_json (self, json);
}
