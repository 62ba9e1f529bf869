/* fuzz-model-list.c — libFuzzer: a `GET /models` answer (or the cache after its first line).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes give models or a MALFORMED error, never a crash; when json-glib reads the whole
 * answer as a tree, the walk without one finds the same models in the same order; and the depth
 * guard lets nothing through that json-glib reads deeper.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parlance-api-error.h"
#include "parlance-json.h"
#include "parlance-model.h"
#include "parlance-model-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The models of @data read the simple way: the whole tree, then each element of "data". */
static GPtrArray *
parse_with_tree (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) models = NULL;
  JsonNode *root, *list;
  JsonArray *array;

  if (!parlance_json_parser_load (parser, (const char *) data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;

  models = g_ptr_array_new_with_free_func (g_object_unref);
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      ParlanceModel *model;

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          (model = parlance_model_new_from_json (json_node_get_object (element), "fuzz")) != NULL)
        g_ptr_array_add (models, model);
    }
  return g_steal_pointer (&models);
}

static guint
tree_depth (JsonNode *node)
{
  guint deepest = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        deepest = MAX (deepest, tree_depth (json_array_get_element (array, i)));
      return deepest + 1;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        deepest = MAX (deepest, tree_depth (member));
      return deepest + 1;
    }
  return 0;
}

/* The guard never lets through what json-glib reads deeper than the guard allows (a small
 * limit here, so that short inputs can pass it). */
static void
check_guard (const uint8_t *data,
             size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;

  if (size == 0 || !parlance_json_check_depth ((const char *) data, size, 8, NULL))
    return;
  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL) &&
      json_parser_get_root (parser) != NULL && tree_depth (json_parser_get_root (parser)) > 8)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_guard (data, size);

  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;

  models = parlance_model_list_parse ((const char *) data, size, "fuzz", &error);
  if (models == NULL && !g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED))
    abort ();

  expected = parse_with_tree (data, size);
  if (expected == NULL)
    return 0;   /* the walk may be more lenient than json-glib, never less */
  if (models == NULL || models->len != expected->len)
    abort ();
  for (guint i = 0; i < models->len; i++)
    if (g_strcmp0 (parlance_model_get_id (g_ptr_array_index (models, i)),
                   parlance_model_get_id (g_ptr_array_index (expected, i))) != 0)
      abort ();
  return 0;
}
