/* parlance-model.h — one model a provider offers, as its catalogue describes it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_MODEL_PRICE_PROMPT,
  PARLANCE_MODEL_PRICE_COMPLETION,
  PARLANCE_MODEL_PRICE_REQUEST,
  PARLANCE_MODEL_PRICE_IMAGE,
} ParlanceModelPrice;

typedef enum
{
  PARLANCE_MODEL_FILTER_NONE        = 0,
  PARLANCE_MODEL_FILTER_FREE        = 1 << 0,
  PARLANCE_MODEL_FILTER_TOOLS       = 1 << 1,
  PARLANCE_MODEL_FILTER_IMAGE_INPUT = 1 << 2,
  PARLANCE_MODEL_FILTER_REASONING   = 1 << 3,
} ParlanceModelFilterFlags;

typedef enum
{
  PARLANCE_MODEL_SORT_NAME,      /* by name, then id */
  PARLANCE_MODEL_SORT_NEWEST,    /* newest first; unknown dates last */
  PARLANCE_MODEL_SORT_PRICE,     /* cheapest prompt, then completion, first; unknown prices last */
  PARLANCE_MODEL_SORT_CONTEXT,   /* largest context first; unknown last */
} ParlanceModelSort;

/**
 * ParlanceModelFilter:
 * @flags: what a model must offer
 * @min_context: the least context length, or 0
 * @max_price_per_million: the most a million prompt tokens may cost, or a negative number
 * @query: (nullable): words to find in the id or name (see parlance_model_matches())
 *
 * Initialise with PARLANCE_MODEL_FILTER_INIT.
 */
typedef struct
{
  ParlanceModelFilterFlags  flags;
  gint64                    min_context;
  double                    max_price_per_million;
  const char               *query;
} ParlanceModelFilter;

#define PARLANCE_MODEL_FILTER_INIT { PARLANCE_MODEL_FILTER_NONE, 0, -1.0, NULL }

#define PARLANCE_TYPE_MODEL (parlance_model_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModel, parlance_model, PARLANCE, MODEL, GObject)

ParlanceModel      *parlance_model_new_from_json         (JsonObject          *object,
                                                          const char          *provider_id);
const char         *parlance_model_get_id                (ParlanceModel       *self);
const char         *parlance_model_get_name              (ParlanceModel       *self);
const char         *parlance_model_get_provider_id       (ParlanceModel       *self);
const char         *parlance_model_get_description       (ParlanceModel       *self);
gint64              parlance_model_get_context_length    (ParlanceModel       *self);
gint64              parlance_model_get_max_output_tokens (ParlanceModel       *self);
const char         *parlance_model_get_price             (ParlanceModel       *self,
                                                          ParlanceModelPrice   which);
double              parlance_model_get_price_per_million (ParlanceModel       *self,
                                                          ParlanceModelPrice   which);
const char * const *parlance_model_get_input_modalities  (ParlanceModel       *self);
const char * const *parlance_model_get_output_modalities (ParlanceModel       *self);
const char * const *parlance_model_get_supported_parameters (ParlanceModel    *self);
gint64              parlance_model_get_created           (ParlanceModel       *self);
gboolean            parlance_model_get_is_free           (ParlanceModel       *self);
gboolean            parlance_model_supports              (ParlanceModel       *self,
                                                          const char          *parameter);

gboolean            parlance_model_matches               (ParlanceModel       *self,
                                                          const char          *query);
gboolean            parlance_model_matches_filter        (ParlanceModel       *self,
                                                          const ParlanceModelFilter *filter);
int                 parlance_model_compare               (ParlanceModel       *a,
                                                          ParlanceModel       *b,
                                                          ParlanceModelSort    sort);
char               *parlance_model_dup_key               (ParlanceModel       *self);
char               *parlance_model_dup_price_summary     (ParlanceModel       *self);
char               *parlance_format_tokens               (gint64               tokens);
char               *parlance_format_dollars              (double               amount);

GPtrArray          *parlance_model_filter_and_sort       (GPtrArray           *models,
                                                          const ParlanceModelFilter *filter,
                                                          ParlanceModelSort    sort);

G_END_DECLS
