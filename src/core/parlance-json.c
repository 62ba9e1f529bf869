/* parlance-json.c — reading members of JSON objects whose shape is not guaranteed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Providers add, drop and retype fields freely: each accessor takes a NULL object, a missing
 * member or a member of another type, and answers "not there" rather than warning.
 */

#include "config.h"

#include "parlance-json.h"

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/**
 * parlance_json_get_string:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is a string
 */
const char *
parlance_json_get_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * parlance_json_get_object:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is an object
 */
JsonObject *
parlance_json_get_object (JsonObject *object,
                          const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * parlance_json_get_array:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is an array
 */
JsonArray *
parlance_json_get_array (JsonObject *object,
                         const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * parlance_json_get_int:
 * @object: (nullable): an object
 * @unknown: what to answer when there is no such whole number
 *
 * Returns: the member @name when it is a whole number, written as an integer or as a
 *   non-negative double with nothing after the point ("4096.0"), else @unknown
 */
gint64
parlance_json_get_int (JsonObject *object,
                       const char *name,
                       gint64      unknown)
{
  JsonNode *node = member (object, name);
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return unknown;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      d = json_node_get_double (node);
      if (d >= 0 && d < 1e15 && d == (double) (gint64) d)
        return (gint64) d;
    }
  return unknown;
}
