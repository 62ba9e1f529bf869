/* parlance-routing.h — a conversation's fallback chain and OpenRouter routing preferences.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "parlance-chat-request.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

/* No list a user builds is longer; what a stored or hostile document holds beyond is dropped. */
#define PARLANCE_ROUTING_MAX_ENTRIES 32
#define PARLANCE_ROUTING_MAX_ENTRY_LEN 256

typedef enum
{
  PARLANCE_ROUTING_SORT_DEFAULT,    /* OpenRouter's load balancing: nothing sent */
  PARLANCE_ROUTING_SORT_PRICE,
  PARLANCE_ROUTING_SORT_THROUGHPUT,
  PARLANCE_ROUTING_SORT_LATENCY,
} ParlanceRoutingSort;

/**
 * ParlanceRouting:
 * @fallback_models: (array zero-terminated=1): the models tried in turn after the
 *   conversation's own when it fails with a rate limit, 502, 503, "No endpoints found" or a
 *   daily quota; models of the same provider; never %NULL
 * @free_only: a model the catalogue prices above zero is never a fallback (%TRUE by default)
 * @server_models: on OpenRouter, send the chain as its server-side `models` list and let it
 *   choose, instead of trying the models one request at a time
 * @sort: OpenRouter's `provider.sort`
 * @allow_fallbacks: OpenRouter's `provider.allow_fallbacks` (%TRUE by default, as OpenRouter's)
 * @order: (array zero-terminated=1): upstream providers to prefer, in order (`provider.order`)
 * @ignore: (array zero-terminated=1): upstream providers never used (`provider.ignore`)
 * @deny_data_collection: `provider.data_collection: "deny"`
 * @max_price_prompt: `provider.max_price.prompt`, USD per million tokens; negative: unset
 * @max_price_completion: `provider.max_price.completion`, likewise
 *
 * Plain settings, stored under "routing" in a conversation's parameters and as the defaults in
 * GSettings. Only OpenRouter is sent the routing fields; the fallback chain works everywhere.
 */
typedef struct
{
  char               **fallback_models;
  gboolean             free_only;
  gboolean             server_models;
  ParlanceRoutingSort  sort;
  gboolean             allow_fallbacks;
  char               **order;
  char               **ignore;
  gboolean             deny_data_collection;
  double               max_price_prompt;
  double               max_price_completion;
} ParlanceRouting;

#define PARLANCE_TYPE_ROUTING (parlance_routing_get_type ())

GType            parlance_routing_get_type          (void) G_GNUC_CONST;
ParlanceRouting *parlance_routing_new               (void);
ParlanceRouting *parlance_routing_copy              (const ParlanceRouting *self);
void             parlance_routing_free              (ParlanceRouting       *self);
gboolean         parlance_routing_equal             (const ParlanceRouting *a,
                                                     const ParlanceRouting *b);

const char      *parlance_routing_sort_to_string    (ParlanceRoutingSort    sort);
ParlanceRoutingSort parlance_routing_sort_from_string (const char          *text);

JsonObject      *parlance_routing_to_json           (const ParlanceRouting *self);
ParlanceRouting *parlance_routing_new_from_json     (JsonObject            *object);

JsonObject      *parlance_routing_dup_provider_object (const ParlanceRouting *self);
void             parlance_routing_apply             (const ParlanceRouting *self,
                                                     ParlanceChatRequest   *request,
                                                     ParlanceProvider      *provider,
                                                     const char            *model);

ParlanceRouting *parlance_routing_new_from_settings (GSettings             *settings);
void             parlance_routing_save_settings     (const ParlanceRouting *self,
                                                     GSettings             *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceRouting, parlance_routing_free)

G_END_DECLS
