/* parlance-model.c — one model a provider offers, as its catalogue describes it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Catalogues differ between providers and change over time, so every field is optional and
 * checked for its type: what is missing or of another type is "unknown", never an error.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-model.h"
#include "parlance-json.h"

#define N_PRICES 4

struct _ParlanceModel
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *provider_id;
  char     *description;
  gint64    context_length;
  gint64    max_output_tokens;
  char     *prices[N_PRICES];
  double    per_million[N_PRICES];
  GStrv     input_modalities;
  GStrv     output_modalities;
  GStrv     supported_parameters;
  gint64    created;
  gboolean  is_free;

  /* Lowercase copies for filtering as the user types. */
  char     *id_folded;
  char     *name_folded;
};

G_DEFINE_FINAL_TYPE (ParlanceModel, parlance_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PROVIDER_ID,
  PROP_CONTEXT_LENGTH,
  PROP_IS_FREE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *price_names[N_PRICES] = { "prompt", "completion", "request", "image" };

/* Reading JSON */

static JsonNode *
get_value_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

static GStrv
get_strv (JsonObject *object,
          const char *name)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* "text+image->text" (the older OpenRouter field) → { "text", "image" } */
static GStrv
modalities_from_string (const char *modality,
                        gboolean    input)
{
  const char *arrow;
  g_autofree char *side = NULL;

  if (modality == NULL || (arrow = strstr (modality, "->")) == NULL)
    return NULL;
  side = input ? g_strndup (modality, arrow - modality) : g_strdup (arrow + 2);
  return g_strsplit (side, "+", -1);
}

static char *
dup_price (JsonObject *pricing,
           const char *name)
{
  JsonNode *node = get_value_member (pricing, name);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
  return NULL;
}

/* Per million tokens, or -1 when unknown or variable (OpenRouter's router says "-1"). */
static double
price_per_million (const char *price)
{
  char *end = NULL;
  double value;

  if (price == NULL || *price == '\0')
    return -1;
  value = g_ascii_strtod (price, &end);
  if (end == price || *end != '\0' || !(value >= 0) || value > 1e6)
    return -1;
  return value * 1e6;
}

/**
 * parlance_model_new_from_json:
 * @object: one entry of a `GET /models` answer's `data`
 * @provider_id: the provider it came from
 *
 * Returns: (transfer full) (nullable): the model, or %NULL when the entry has no id
 */
ParlanceModel *
parlance_model_new_from_json (JsonObject *object,
                              const char *provider_id)
{
  ParlanceModel *self;
  JsonObject *architecture, *pricing, *top_provider;
  const char *id, *name, *short_id;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  id = parlance_json_get_string (object, "id");
  if (id == NULL || *id == '\0')
    return NULL;

  self = g_object_new (PARLANCE_TYPE_MODEL, NULL);
  self->id = g_strdup (id);
  self->provider_id = g_strdup (provider_id);

  /* Gemini's ids carry "models/", which chat requests drop: keep the id, show the rest. */
  short_id = g_str_has_prefix (id, "models/") && id[7] != '\0' ? id + 7 : id;
  name = parlance_json_get_string (object, "name");
  if (name == NULL || *name == '\0' || g_str_equal (name, id))
    name = short_id;
  self->name = g_strdup (name);
  self->description = g_strdup (parlance_json_get_string (object, "description"));

  top_provider = parlance_json_get_object (object, "top_provider");
  self->context_length = parlance_json_get_int (object, "context_length", -1);
  if (self->context_length < 0)
    self->context_length = parlance_json_get_int (top_provider, "context_length", -1);
  self->max_output_tokens = parlance_json_get_int (top_provider, "max_completion_tokens", -1);
  if (self->max_output_tokens < 0)
    self->max_output_tokens = parlance_json_get_int (object, "max_output_tokens", -1);
  self->created = MAX (parlance_json_get_int (object, "created", 0), 0);

  pricing = parlance_json_get_object (object, "pricing");
  for (guint i = 0; i < N_PRICES; i++)
    {
      self->prices[i] = dup_price (pricing, price_names[i]);
      self->per_million[i] = price_per_million (self->prices[i]);
    }

  architecture = parlance_json_get_object (object, "architecture");
  self->input_modalities = get_strv (architecture, "input_modalities");
  if (self->input_modalities == NULL)
    self->input_modalities = modalities_from_string (parlance_json_get_string (architecture, "modality"), TRUE);
  self->output_modalities = get_strv (architecture, "output_modalities");
  if (self->output_modalities == NULL)
    self->output_modalities = modalities_from_string (parlance_json_get_string (architecture, "modality"), FALSE);
  self->supported_parameters = get_strv (object, "supported_parameters");

  self->is_free = g_str_has_suffix (id, ":free") ||
                  (self->per_million[PARLANCE_MODEL_PRICE_PROMPT] == 0 &&
                   self->per_million[PARLANCE_MODEL_PRICE_COMPLETION] == 0);

  self->id_folded = g_utf8_strdown (self->id, -1);
  self->name_folded = g_utf8_strdown (self->name, -1);

  return self;
}

/* Getters */

const char *
parlance_model_get_id (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return self->id;
}

/**
 * parlance_model_get_name:
 *
 * Returns: the name to show: the catalogue's, else the id (without Gemini's "models/")
 */
const char *
parlance_model_get_name (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return self->name;
}

const char *
parlance_model_get_provider_id (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return self->provider_id;
}

/**
 * parlance_model_get_description:
 *
 * Returns: (nullable): the catalogue's description
 */
const char *
parlance_model_get_description (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return self->description;
}

/**
 * parlance_model_get_context_length:
 *
 * Returns: the context window in tokens, or -1 when unknown
 */
gint64
parlance_model_get_context_length (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), -1);
  return self->context_length;
}

/**
 * parlance_model_get_max_output_tokens:
 *
 * Returns: the most tokens one reply may have, or -1 when unknown
 */
gint64
parlance_model_get_max_output_tokens (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), -1);
  return self->max_output_tokens;
}

/**
 * parlance_model_get_price:
 *
 * Returns: (nullable): the price in US dollars per token (per request or per image for those),
 *   as the catalogue wrote it
 */
const char *
parlance_model_get_price (ParlanceModel      *self,
                          ParlanceModelPrice  which)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  g_return_val_if_fail (which < N_PRICES, NULL);
  return self->prices[which];
}

/**
 * parlance_model_get_price_per_million:
 *
 * Returns: the price of a million (tokens, requests or images), or -1 when unknown or variable
 */
double
parlance_model_get_price_per_million (ParlanceModel      *self,
                                      ParlanceModelPrice  which)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), -1);
  g_return_val_if_fail (which < N_PRICES, -1);
  return self->per_million[which];
}

/**
 * parlance_model_get_input_modalities:
 *
 * Returns: (nullable) (transfer none): such as "text", "image", "file"; %NULL when unknown
 */
const char * const *
parlance_model_get_input_modalities (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return (const char * const *) self->input_modalities;
}

/**
 * parlance_model_get_output_modalities:
 *
 * Returns: (nullable) (transfer none): such as "text"; %NULL when unknown
 */
const char * const *
parlance_model_get_output_modalities (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return (const char * const *) self->output_modalities;
}

/**
 * parlance_model_get_supported_parameters:
 *
 * Returns: (nullable) (transfer none): request parameters such as "tools" or "reasoning";
 *   %NULL when the catalogue doesn't say
 */
const char * const *
parlance_model_get_supported_parameters (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), NULL);
  return (const char * const *) self->supported_parameters;
}

/**
 * parlance_model_get_created:
 *
 * Returns: when the model was added, in seconds since the epoch, or 0 when unknown
 */
gint64
parlance_model_get_created (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), 0);
  return self->created;
}

/**
 * parlance_model_get_is_free:
 *
 * Returns: whether the id ends with ":free", or prompt and completion both cost nothing
 */
gboolean
parlance_model_get_is_free (ParlanceModel *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), FALSE);
  return self->is_free;
}

/**
 * parlance_model_supports:
 * @parameter: a request parameter, such as "tools"
 *
 * Returns: whether the catalogue lists @parameter for this model
 */
gboolean
parlance_model_supports (ParlanceModel *self,
                         const char    *parameter)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (self), FALSE);
  g_return_val_if_fail (parameter != NULL, FALSE);

  return self->supported_parameters != NULL &&
         g_strv_contains ((const char * const *) self->supported_parameters, parameter);
}

/* Matching, filtering, sorting */

static gboolean
contains_word (const char *haystack,
               const char *word,
               gsize       len)
{
  const char *h, *s;
  gsize j;

  /* As a substring… */
  for (h = haystack; *h != '\0'; h++)
    if (*h == *word && strncmp (h, word, len) == 0)
      return TRUE;

  /* …or as a subsequence starting at a word ("gpt4o" in "openai/gpt-4o"), so that loose
   * matches such as "opus" in "anthropic: claude 3.5 sonnet" stay out. */
  for (h = haystack; *h != '\0'; h++)
    {
      if (*h != *word || (h > haystack && g_ascii_isalnum (h[-1])))
        continue;
      for (s = h, j = 0; *s != '\0' && j < len; s++)
        if (*s == word[j])
          j++;
      if (j == len)
        return TRUE;
    }
  return FALSE;
}

/* @query is lowercase already. */
static gboolean
matches_folded (ParlanceModel *self,
                const char    *query)
{
  const char *p = query;

  while (*p != '\0')
    {
      gsize len;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      len = strcspn (p, " \t");
      if (!contains_word (self->id_folded, p, len) && !contains_word (self->name_folded, p, len))
        return FALSE;
      p += len;
    }
  return TRUE;
}

/**
 * parlance_model_matches:
 * @query: (nullable): words separated by spaces
 *
 * Every word must be found in the id or the name, ignoring case, as a substring or as a
 * subsequence: "anthropic" finds "anthropic/claude-3.5-sonnet", "gpt4o mini" finds
 * "openai/gpt-4o-mini".
 *
 * Returns: whether the model matches; an empty query matches every model
 */
gboolean
parlance_model_matches (ParlanceModel *self,
                        const char    *query)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PARLANCE_IS_MODEL (self), FALSE);

  if (query == NULL || *query == '\0')
    return TRUE;
  folded = g_utf8_strdown (query, -1);
  return matches_folded (self, folded);
}

static gboolean
has_string (GStrv strv, const char *s)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, s);
}

static gboolean
matches_filter_folded (ParlanceModel             *self,
                       const ParlanceModelFilter *filter,
                       const char                *folded_query)
{
  if ((filter->flags & PARLANCE_MODEL_FILTER_FREE) && !self->is_free)
    return FALSE;
  if ((filter->flags & PARLANCE_MODEL_FILTER_TOOLS) && !has_string (self->supported_parameters, "tools"))
    return FALSE;
  if ((filter->flags & PARLANCE_MODEL_FILTER_IMAGE_INPUT) && !has_string (self->input_modalities, "image"))
    return FALSE;
  if ((filter->flags & PARLANCE_MODEL_FILTER_REASONING) &&
      !has_string (self->supported_parameters, "reasoning") &&
      !has_string (self->supported_parameters, "include_reasoning"))
    return FALSE;
  if (filter->min_context > 0 && self->context_length < filter->min_context)
    return FALSE;
  /* A free model passes any ceiling, even when it lists no prices (":free" ids often don't). */
  if (filter->max_price_per_million >= 0 && !self->is_free &&
      (self->per_million[PARLANCE_MODEL_PRICE_PROMPT] < 0 ||
       self->per_million[PARLANCE_MODEL_PRICE_PROMPT] > filter->max_price_per_million))
    return FALSE;
  return folded_query == NULL || matches_folded (self, folded_query);
}

/**
 * parlance_model_matches_filter:
 *
 * Returns: whether the model passes every condition of @filter
 */
gboolean
parlance_model_matches_filter (ParlanceModel             *self,
                               const ParlanceModelFilter *filter)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PARLANCE_IS_MODEL (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (filter->query != NULL && *filter->query != '\0')
    folded = g_utf8_strdown (filter->query, -1);
  return matches_filter_folded (self, filter, folded);
}

/* Unknown (negative) values go last. */
static int
compare_known (double a,
               double b,
               gboolean ascending)
{
  if ((a < 0) != (b < 0))
    return a < 0 ? 1 : -1;
  if (a == b)
    return 0;
  return ((a < b) == ascending) ? -1 : 1;
}

/**
 * parlance_model_compare:
 *
 * Returns: negative when @a comes before @b in the order @sort
 */
int
parlance_model_compare (ParlanceModel     *a,
                        ParlanceModel     *b,
                        ParlanceModelSort  sort)
{
  int result = 0;

  g_return_val_if_fail (PARLANCE_IS_MODEL (a) && PARLANCE_IS_MODEL (b), 0);

  switch (sort)
    {
    case PARLANCE_MODEL_SORT_NEWEST:
      result = compare_known (a->created > 0 ? (double) a->created : -1,
                              b->created > 0 ? (double) b->created : -1, FALSE);
      break;
    case PARLANCE_MODEL_SORT_PRICE:
      /* Free is free, listed prices or not. */
      result = compare_known (a->is_free ? 0 : a->per_million[PARLANCE_MODEL_PRICE_PROMPT],
                              b->is_free ? 0 : b->per_million[PARLANCE_MODEL_PRICE_PROMPT], TRUE);
      if (result == 0)
        result = compare_known (a->is_free ? 0 : a->per_million[PARLANCE_MODEL_PRICE_COMPLETION],
                                b->is_free ? 0 : b->per_million[PARLANCE_MODEL_PRICE_COMPLETION], TRUE);
      break;
    case PARLANCE_MODEL_SORT_CONTEXT:
      result = compare_known ((double) a->context_length, (double) b->context_length, FALSE);
      break;
    case PARLANCE_MODEL_SORT_NAME:
    default:
      break;
    }

  if (result == 0)
    result = strcmp (a->name_folded, b->name_folded);
  if (result == 0)
    result = strcmp (a->id, b->id);
  return result;
}

static int
compare_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return parlance_model_compare (*(ParlanceModel **) a, *(ParlanceModel **) b,
                                 (ParlanceModelSort) GPOINTER_TO_INT (user_data));
}

/**
 * parlance_model_filter_and_sort:
 * @models: (element-type ParlanceModel): models
 * @filter: (nullable): what to keep, or %NULL for all
 *
 * Returns: (transfer full) (element-type ParlanceModel): the models that pass @filter, in the
 *   order @sort
 */
GPtrArray *
parlance_model_filter_and_sort (GPtrArray                 *models,
                                const ParlanceModelFilter *filter,
                                ParlanceModelSort          sort)
{
  g_autofree char *folded = NULL;
  GPtrArray *result;

  g_return_val_if_fail (models != NULL, NULL);

  if (filter != NULL && filter->query != NULL && *filter->query != '\0')
    folded = g_utf8_strdown (filter->query, -1);

  result = g_ptr_array_new_full (models->len, g_object_unref);
  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);

      if (filter == NULL || matches_filter_folded (model, filter, folded))
        g_ptr_array_add (result, g_object_ref (model));
    }
  g_ptr_array_sort_with_data (result, compare_func, GINT_TO_POINTER (sort));
  return result;
}

/* GObject */

static void
parlance_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ParlanceModel *self = PARLANCE_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_CONTEXT_LENGTH:
      g_value_set_int64 (value, self->context_length);
      break;
    case PROP_IS_FREE:
      g_value_set_boolean (value, self->is_free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_model_finalize (GObject *object)
{
  ParlanceModel *self = PARLANCE_MODEL (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->provider_id);
  g_free (self->description);
  for (guint i = 0; i < N_PRICES; i++)
    g_free (self->prices[i]);
  g_strfreev (self->input_modalities);
  g_strfreev (self->output_modalities);
  g_strfreev (self->supported_parameters);
  g_free (self->id_folded);
  g_free (self->name_folded);

  G_OBJECT_CLASS (parlance_model_parent_class)->finalize (object);
}

static void
parlance_model_class_init (ParlanceModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = parlance_model_get_property;
  object_class->finalize = parlance_model_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT_LENGTH] =
    g_param_spec_int64 ("context-length", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_FREE] =
    g_param_spec_boolean ("is-free", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlance_model_init (ParlanceModel *self)
{
  self->context_length = -1;
  self->max_output_tokens = -1;
  for (guint i = 0; i < N_PRICES; i++)
    self->per_million[i] = -1;
}
