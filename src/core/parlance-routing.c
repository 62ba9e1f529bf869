/* parlance-routing.c — a conversation's fallback chain and OpenRouter routing preferences.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `provider` object and the `models` list follow OpenRouter's documentation
 * (https://openrouter.ai/docs/features/provider-routing, …/model-fallbacks): `sort`,
 * `allow_fallbacks`, `order`, `ignore`, `data_collection` and `max_price` ({"prompt",
 * "completion"} in USD per million tokens). Other servers would refuse or misread them, so
 * they are sent to OpenRouter alone, decided by the provider's kind as elsewhere.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "parlance-json.h"
#include "parlance-routing.h"

G_DEFINE_BOXED_TYPE (ParlanceRouting, parlance_routing, parlance_routing_copy, parlance_routing_free)

static const char *sort_names[] = { NULL, "price", "throughput", "latency" };

/**
 * parlance_routing_new:
 *
 * Returns: (transfer full): no fallbacks, free models only, OpenRouter's defaults
 */
ParlanceRouting *
parlance_routing_new (void)
{
  ParlanceRouting *self = g_new0 (ParlanceRouting, 1);

  self->fallback_models = g_new0 (char *, 1);
  self->order = g_new0 (char *, 1);
  self->ignore = g_new0 (char *, 1);
  self->free_only = TRUE;
  self->allow_fallbacks = TRUE;
  self->max_price_prompt = -1;
  self->max_price_completion = -1;
  return self;
}

ParlanceRouting *
parlance_routing_copy (const ParlanceRouting *self)
{
  ParlanceRouting *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->fallback_models = g_strdupv (self->fallback_models);
  copy->order = g_strdupv (self->order);
  copy->ignore = g_strdupv (self->ignore);
  return copy;
}

void
parlance_routing_free (ParlanceRouting *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->fallback_models);
  g_strfreev (self->order);
  g_strfreev (self->ignore);
  g_free (self);
}

static gboolean
strv_equal (char **a,
            char **b)
{
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
parlance_routing_equal (const ParlanceRouting *a,
                        const ParlanceRouting *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return strv_equal (a->fallback_models, b->fallback_models) &&
         !a->free_only == !b->free_only && !a->server_models == !b->server_models &&
         a->sort == b->sort && !a->allow_fallbacks == !b->allow_fallbacks &&
         strv_equal (a->order, b->order) && strv_equal (a->ignore, b->ignore) &&
         !a->deny_data_collection == !b->deny_data_collection &&
         a->max_price_prompt == b->max_price_prompt &&
         a->max_price_completion == b->max_price_completion;
}

/* Returns: (nullable): "price", "throughput", "latency", or %NULL for OpenRouter's default */
const char *
parlance_routing_sort_to_string (ParlanceRoutingSort sort)
{
  return (guint) sort < G_N_ELEMENTS (sort_names) ? sort_names[sort] : NULL;
}

ParlanceRoutingSort
parlance_routing_sort_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (text, sort_names[i]))
      return (ParlanceRoutingSort) i;
  return PARLANCE_ROUTING_SORT_DEFAULT;
}

/* JSON */

static JsonArray *
strv_to_array (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* Non-empty strings of a bounded length, at most PARLANCE_ROUTING_MAX_ENTRIES, no repeats. */
static char **
strv_from_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n && seen->len < PARLANCE_ROUTING_MAX_ENTRIES; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      text = json_node_get_string (node);
      if (*text == '\0' || strlen (text) > PARLANCE_ROUTING_MAX_ENTRY_LEN ||
          !g_utf8_validate (text, -1, NULL) ||
          g_ptr_array_find_with_equal_func (seen, text, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) text);
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

static gboolean
get_boolean (JsonObject *object,
             const char *name,
             gboolean    unknown)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return unknown;
  return json_node_get_boolean (node);
}

/* A price that means something: a finite number, zero or more; else -1 (unset). */
static double
get_price (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  value = json_node_get_double (node);
  return isfinite (value) && value >= 0 ? value : -1;
}

/**
 * parlance_routing_to_json:
 *
 * Returns: (transfer full): every field, as stored under "routing" in a conversation's
 *   parameters
 */
JsonObject *
parlance_routing_to_json (const ParlanceRouting *self)
{
  JsonObject *object = json_object_new ();
  JsonObject *max_price = json_object_new ();
  const char *sort;

  g_return_val_if_fail (self != NULL, object);

  json_object_set_array_member (object, "fallback_models", strv_to_array (self->fallback_models));
  json_object_set_boolean_member (object, "free_only", self->free_only);
  json_object_set_boolean_member (object, "server_models", self->server_models);
  if ((sort = parlance_routing_sort_to_string (self->sort)) != NULL)
    json_object_set_string_member (object, "sort", sort);
  json_object_set_boolean_member (object, "allow_fallbacks", self->allow_fallbacks);
  json_object_set_array_member (object, "order", strv_to_array (self->order));
  json_object_set_array_member (object, "ignore", strv_to_array (self->ignore));
  json_object_set_boolean_member (object, "deny_data_collection", self->deny_data_collection);
  if (self->max_price_prompt >= 0)
    json_object_set_double_member (max_price, "prompt", self->max_price_prompt);
  if (self->max_price_completion >= 0)
    json_object_set_double_member (max_price, "completion", self->max_price_completion);
  json_object_set_object_member (object, "max_price", max_price);
  return object;
}

/**
 * parlance_routing_new_from_json:
 * @object: (nullable): what parlance_routing_to_json () wrote, or anything: a member missing or
 *   of the wrong type keeps its default
 *
 * Returns: (transfer full): the settings
 */
ParlanceRouting *
parlance_routing_new_from_json (JsonObject *object)
{
  ParlanceRouting *self = parlance_routing_new ();
  JsonObject *max_price;

  if (object == NULL)
    return self;

  g_strfreev (self->fallback_models);
  self->fallback_models = strv_from_array (parlance_json_get_array (object, "fallback_models"));
  self->free_only = get_boolean (object, "free_only", TRUE);
  self->server_models = get_boolean (object, "server_models", FALSE);
  self->sort = parlance_routing_sort_from_string (parlance_json_get_string (object, "sort"));
  self->allow_fallbacks = get_boolean (object, "allow_fallbacks", TRUE);
  g_strfreev (self->order);
  self->order = strv_from_array (parlance_json_get_array (object, "order"));
  g_strfreev (self->ignore);
  self->ignore = strv_from_array (parlance_json_get_array (object, "ignore"));
  self->deny_data_collection = get_boolean (object, "deny_data_collection", FALSE);
  max_price = parlance_json_get_object (object, "max_price");
  self->max_price_prompt = get_price (max_price, "prompt");
  self->max_price_completion = get_price (max_price, "completion");
  return self;
}

/* The request */

/**
 * parlance_routing_dup_provider_object:
 *
 * OpenRouter's `provider` object: only what differs from OpenRouter's own defaults.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when nothing is to be sent
 */
JsonObject *
parlance_routing_dup_provider_object (const ParlanceRouting *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  const char *sort;

  g_return_val_if_fail (self != NULL, NULL);

  if ((sort = parlance_routing_sort_to_string (self->sort)) != NULL)
    json_object_set_string_member (object, "sort", sort);
  if (!self->allow_fallbacks)
    json_object_set_boolean_member (object, "allow_fallbacks", FALSE);
  if (self->order[0] != NULL)
    json_object_set_array_member (object, "order", strv_to_array (self->order));
  if (self->ignore[0] != NULL)
    json_object_set_array_member (object, "ignore", strv_to_array (self->ignore));
  if (self->deny_data_collection)
    json_object_set_string_member (object, "data_collection", "deny");
  if (self->max_price_prompt >= 0 || self->max_price_completion >= 0)
    {
      JsonObject *max_price = json_object_new ();

      if (self->max_price_prompt >= 0)
        json_object_set_double_member (max_price, "prompt", self->max_price_prompt);
      if (self->max_price_completion >= 0)
        json_object_set_double_member (max_price, "completion", self->max_price_completion);
      json_object_set_object_member (object, "max_price", max_price);
    }

  return json_object_get_size (object) > 0 ? g_steal_pointer (&object) : NULL;
}

/**
 * parlance_routing_apply:
 * @request: the request about to be sent to @provider
 * @provider: where it goes: nothing is added unless it is OpenRouter
 * @model: the model this request asks for (the first of the server-side `models` list)
 *
 * Adds the `provider` object and, with @server_models and a chain, the `models` list.
 */
void
parlance_routing_apply (const ParlanceRouting *self,
                        ParlanceChatRequest   *request,
                        ParlanceProvider      *provider,
                        const char            *model)
{
  g_autoptr(JsonObject) provider_object = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (request));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));
  g_return_if_fail (model != NULL);

  if (parlance_provider_get_kind (provider) != PARLANCE_PROVIDER_KIND_OPENROUTER)
    return;

  provider_object = parlance_routing_dup_provider_object (self);
  if (provider_object != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), provider_object);

      parlance_chat_request_set_extra (request, "provider", node);
    }

  if (self->server_models && self->fallback_models[0] != NULL)
    {
      g_autoptr(JsonArray) models = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      json_array_add_string_element (models, model);
      for (guint i = 0; self->fallback_models[i] != NULL; i++)
        if (!g_str_equal (self->fallback_models[i], model))
          json_array_add_string_element (models, self->fallback_models[i]);
      node = json_node_init_array (json_node_alloc (), models);
      parlance_chat_request_set_extra (request, "models", node);
    }
}

/* GSettings: the defaults a new conversation starts with */

static char **
bounded_strv (GSettings  *settings,
              const char *key)
{
  g_auto(GStrv) strv = g_settings_get_strv (settings, key);
  g_autoptr(JsonArray) array = strv_to_array (strv);

  return strv_from_array (array);
}

/**
 * parlance_routing_new_from_settings:
 * @settings: the application's settings (keys `fallback-models`, `fallback-free-only`,
 *   `routing-*`)
 *
 * Returns: (transfer full): the defaults from Preferences
 */
ParlanceRouting *
parlance_routing_new_from_settings (GSettings *settings)
{
  ParlanceRouting *self = parlance_routing_new ();
  g_autofree char *sort = NULL;
  double price;

  g_return_val_if_fail (G_IS_SETTINGS (settings), self);

  g_strfreev (self->fallback_models);
  self->fallback_models = bounded_strv (settings, "fallback-models");
  self->free_only = g_settings_get_boolean (settings, "fallback-free-only");
  self->server_models = g_settings_get_boolean (settings, "routing-server-models");
  sort = g_settings_get_string (settings, "routing-sort");
  self->sort = parlance_routing_sort_from_string (sort);
  self->allow_fallbacks = g_settings_get_boolean (settings, "routing-allow-fallbacks");
  g_strfreev (self->order);
  self->order = bounded_strv (settings, "routing-order");
  g_strfreev (self->ignore);
  self->ignore = bounded_strv (settings, "routing-ignore");
  self->deny_data_collection = g_settings_get_boolean (settings, "routing-deny-data-collection");
  price = g_settings_get_double (settings, "routing-max-price-prompt");
  self->max_price_prompt = isfinite (price) && price >= 0 ? price : -1;
  price = g_settings_get_double (settings, "routing-max-price-completion");
  self->max_price_completion = isfinite (price) && price >= 0 ? price : -1;
  return self;
}

void
parlance_routing_save_settings (const ParlanceRouting *self,
                                GSettings             *settings)
{
  const char *sort;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));

  sort = parlance_routing_sort_to_string (self->sort);
  g_settings_set_strv (settings, "fallback-models", (const char * const *) self->fallback_models);
  g_settings_set_boolean (settings, "fallback-free-only", self->free_only);
  g_settings_set_boolean (settings, "routing-server-models", self->server_models);
  g_settings_set_string (settings, "routing-sort", sort != NULL ? sort : "");
  g_settings_set_boolean (settings, "routing-allow-fallbacks", self->allow_fallbacks);
  g_settings_set_strv (settings, "routing-order", (const char * const *) self->order);
  g_settings_set_strv (settings, "routing-ignore", (const char * const *) self->ignore);
  g_settings_set_boolean (settings, "routing-deny-data-collection", self->deny_data_collection);
  g_settings_set_double (settings, "routing-max-price-prompt", MAX (self->max_price_prompt, -1));
  g_settings_set_double (settings, "routing-max-price-completion",
                         MAX (self->max_price_completion, -1));
}
