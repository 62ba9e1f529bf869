/* parlance-conversation.c — one saved conversation's own fields (not its messages).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings live in one JSON object, the `parameters` column as it is: the named getters
 * read it and the setters change one member, so keys a later issue adds (fallback chains,
 * routing) survive a load and save by a version that does not know them.
 */

#include "config.h"

#include <string.h>

#include "parlance-conversation.h"
#include "parlance-conversation-private.h"
#include "parlance-json.h"

struct _ParlanceConversation
{
  GObject     parent_instance;

  gint64      id;
  char       *title;
  gint64      created;
  gint64      updated;
  char       *provider_id;
  char       *model;
  char       *system_prompt;
  JsonObject *parameters;
  gint64      tip_id;
  guint       message_count;
  gboolean    pinned;
  gboolean    archived;
};

G_DEFINE_FINAL_TYPE (ParlanceConversation, parlance_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_PROVIDER_ID,
  PROP_MODEL,
  PROP_PINNED,
  PROP_ARCHIVED,
  PROP_TIP_ID,
  PROP_MESSAGE_COUNT,
  PROP_SYSTEM_PROMPT,
  PROP_PARAMETERS,  /* the JSON text; notifies when any setting in it changes */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define KEY_TEMPERATURE "temperature"
#define KEY_TOP_P "top_p"
#define KEY_MAX_TOKENS "max_tokens"
#define KEY_REASONING_EFFORT "reasoning_effort"

ParlanceConversation *
parlance_conversation_new (void)
{
  return g_object_new (PARLANCE_TYPE_CONVERSATION, NULL);
}

/* Our own object, written by us: a deep copy through its text. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!parlance_json_parser_load (parser, text, strlen (text), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/**
 * parlance_conversation_copy:
 *
 * Returns: (transfer full): a new conversation with the same fields, for another thread
 */
ParlanceConversation *
parlance_conversation_copy (ParlanceConversation *self)
{
  ParlanceConversation *copy;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);

  copy = parlance_conversation_new ();
  copy->id = self->id;
  copy->title = g_strdup (self->title);
  copy->created = self->created;
  copy->updated = self->updated;
  copy->provider_id = g_strdup (self->provider_id);
  copy->model = g_strdup (self->model);
  copy->system_prompt = g_strdup (self->system_prompt);
  json_object_unref (copy->parameters);
  copy->parameters = copy_object (self->parameters);
  copy->tip_id = self->tip_id;
  copy->message_count = self->message_count;
  copy->pinned = self->pinned;
  copy->archived = self->archived;
  return copy;
}

static gboolean
set_string (ParlanceConversation  *self,
            char                 **field,
            const char            *value,
            guint                  prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
set_int64 (ParlanceConversation *self,
           gint64               *field,
           gint64                value,
           guint                 prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (ParlanceConversation *self,
             gboolean             *field,
             gboolean              value,
             guint                 prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gint64
parlance_conversation_get_id (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), 0);
  return self->id;
}

void
parlance_conversation_set_id (ParlanceConversation *self,
                              gint64                id)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  g_return_if_fail (id >= 0);
  set_int64 (self, &self->id, id, PROP_ID);
}

/* Returns: (nullable): the title, NULL before one was given */
const char *
parlance_conversation_get_title (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);
  return self->title;
}

void
parlance_conversation_set_title (ParlanceConversation *self,
                                 const char           *title)
{
  g_autofree char *clean = _parlance_conversation_clean_title (title);

  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  /* Every title passes here, from the user, a model, the command line or an older store. */
  set_string (self, &self->title, clean, PROP_TITLE);
}

gint64
parlance_conversation_get_created (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), 0);
  return self->created;
}

void
parlance_conversation_set_created (ParlanceConversation *self,
                                   gint64                created)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_int64 (self, &self->created, created, PROP_CREATED);
}

gint64
parlance_conversation_get_updated (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), 0);
  return self->updated;
}

void
parlance_conversation_set_updated (ParlanceConversation *self,
                                   gint64                updated)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_int64 (self, &self->updated, updated, PROP_UPDATED);
}

/* Returns: (nullable): the provider the conversation talks to */
const char *
parlance_conversation_get_provider_id (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);
  return self->provider_id;
}

void
parlance_conversation_set_provider_id (ParlanceConversation *self,
                                       const char           *provider_id)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_string (self, &self->provider_id, provider_id, PROP_PROVIDER_ID);
}

/* Returns: (nullable): the model the conversation talks to */
const char *
parlance_conversation_get_model (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);
  return self->model;
}

void
parlance_conversation_set_model (ParlanceConversation *self,
                                 const char           *model)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_string (self, &self->model, model, PROP_MODEL);
}

gboolean
parlance_conversation_get_pinned (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);
  return self->pinned;
}

void
parlance_conversation_set_pinned (ParlanceConversation *self,
                                  gboolean              pinned)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_boolean (self, &self->pinned, pinned, PROP_PINNED);
}

gboolean
parlance_conversation_get_archived (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);
  return self->archived;
}

void
parlance_conversation_set_archived (ParlanceConversation *self,
                                    gboolean              archived)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_boolean (self, &self->archived, archived, PROP_ARCHIVED);
}

gint64
parlance_conversation_get_tip_id (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), 0);
  return self->tip_id;
}

void
parlance_conversation_set_tip_id (ParlanceConversation *self,
                                  gint64                tip_id)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  g_return_if_fail (tip_id >= 0);
  set_int64 (self, &self->tip_id, tip_id, PROP_TIP_ID);
}

guint
parlance_conversation_get_message_count (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), 0);
  return self->message_count;
}

void
parlance_conversation_set_message_count (ParlanceConversation *self,
                                         guint                 count)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));

  if (self->message_count == count)
    return;
  self->message_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
}

/* Returns: (nullable): the system prompt, NULL when unset */
const char *
parlance_conversation_get_system_prompt (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);
  return self->system_prompt;
}

void
parlance_conversation_set_system_prompt (ParlanceConversation *self,
                                         const char           *system_prompt)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_string (self, &self->system_prompt, system_prompt, PROP_SYSTEM_PROMPT);
}

/* A number member (integer or not) as a double; FALSE when missing or of another type. */
static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

static void
parameters_changed (ParlanceConversation *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMETERS]);
}

static void
set_double_member (ParlanceConversation *self,
                   const char           *name,
                   gboolean              is_set,
                   double                value)
{
  double old;
  gboolean was_set = get_number (self->parameters, name, &old);

  if (was_set == !!is_set && (!is_set || old == value))
    return;
  if (is_set)
    json_object_set_double_member (self->parameters, name, value);
  else
    json_object_remove_member (self->parameters, name);
  parameters_changed (self);
}

/**
 * parlance_conversation_get_temperature:
 * @temperature: (out) (optional): the temperature, when set
 *
 * Returns: %TRUE when the conversation sets a temperature
 */
gboolean
parlance_conversation_get_temperature (ParlanceConversation *self,
                                       double               *temperature)
{
  double value;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);

  if (!get_number (self->parameters, KEY_TEMPERATURE, &value))
    return FALSE;
  if (temperature != NULL)
    *temperature = value;
  return TRUE;
}

void
parlance_conversation_set_temperature (ParlanceConversation *self,
                                       gboolean              is_set,
                                       double                temperature)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_double_member (self, KEY_TEMPERATURE, is_set, temperature);
}

/**
 * parlance_conversation_get_top_p:
 * @top_p: (out) (optional): top-p, when set
 *
 * Returns: %TRUE when the conversation sets top-p
 */
gboolean
parlance_conversation_get_top_p (ParlanceConversation *self,
                                 double               *top_p)
{
  double value;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);

  if (!get_number (self->parameters, KEY_TOP_P, &value))
    return FALSE;
  if (top_p != NULL)
    *top_p = value;
  return TRUE;
}

void
parlance_conversation_set_top_p (ParlanceConversation *self,
                                 gboolean              is_set,
                                 double                top_p)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  set_double_member (self, KEY_TOP_P, is_set, top_p);
}

/**
 * parlance_conversation_get_max_tokens:
 * @max_tokens: (out) (optional): the most tokens a reply may have, when set
 *
 * Returns: %TRUE when the conversation sets a positive whole number of tokens
 */
gboolean
parlance_conversation_get_max_tokens (ParlanceConversation *self,
                                      gint64               *max_tokens)
{
  gint64 value;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);

  value = parlance_json_get_int (self->parameters, KEY_MAX_TOKENS, -1);
  if (value <= 0)
    return FALSE;
  if (max_tokens != NULL)
    *max_tokens = value;
  return TRUE;
}

void
parlance_conversation_set_max_tokens (ParlanceConversation *self,
                                      gboolean              is_set,
                                      gint64                max_tokens)
{
  gint64 old;

  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));
  g_return_if_fail (!is_set || max_tokens > 0);

  old = parlance_json_get_int (self->parameters, KEY_MAX_TOKENS, -1);
  if (is_set ? old == max_tokens : !json_object_has_member (self->parameters, KEY_MAX_TOKENS))
    return;
  if (is_set)
    json_object_set_int_member (self->parameters, KEY_MAX_TOKENS, max_tokens);
  else
    json_object_remove_member (self->parameters, KEY_MAX_TOKENS);
  parameters_changed (self);
}

/* Returns: (nullable): "minimal", "low", "medium", "high", or NULL when unset */
const char *
parlance_conversation_get_reasoning_effort (ParlanceConversation *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);
  return parlance_json_get_string (self->parameters, KEY_REASONING_EFFORT);
}

void
parlance_conversation_set_reasoning_effort (ParlanceConversation *self,
                                            const char           *effort)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION (self));

  if (effort == NULL ? !json_object_has_member (self->parameters, KEY_REASONING_EFFORT)
                     : g_strcmp0 (parlance_conversation_get_reasoning_effort (self), effort) == 0)
    return;
  if (effort != NULL)
    json_object_set_string_member (self->parameters, KEY_REASONING_EFFORT, effort);
  else
    json_object_remove_member (self->parameters, KEY_REASONING_EFFORT);
  parameters_changed (self);
}

/**
 * parlance_conversation_dup_parameters_json:
 *
 * Returns: (transfer full): the settings as one JSON object, "{}" when none is set
 */
char *
parlance_conversation_dup_parameters_json (ParlanceConversation *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), NULL);

  node = json_node_init_object (json_node_alloc (), self->parameters);
  return json_to_string (node, FALSE);
}

/**
 * parlance_conversation_set_parameters_json:
 * @json: (nullable): a JSON object, or %NULL for none
 *
 * Returns: %FALSE, changing nothing, when @json is no JSON object (or nests too deep)
 */
gboolean
parlance_conversation_set_parameters_json (ParlanceConversation *self,
                                           const char           *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;
  JsonNode *root;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION (self), FALSE);

  if (json == NULL || *json == '\0')
    json = "{}";
  parser = json_parser_new ();
  if (!parlance_json_parser_load (parser, json, strlen (json), NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  old = parlance_conversation_dup_parameters_json (self);
  json_object_unref (self->parameters);
  self->parameters = json_object_ref (json_node_get_object (root));
  new = parlance_conversation_dup_parameters_json (self);
  if (g_strcmp0 (old, new) != 0)
    parameters_changed (self);
  return TRUE;
}

static void
parlance_conversation_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ParlanceConversation *self = PARLANCE_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_TIP_ID:
      g_value_set_int64 (value, self->tip_id);
      break;
    case PROP_MESSAGE_COUNT:
      g_value_set_uint (value, self->message_count);
      break;
    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;
    case PROP_PARAMETERS:
      g_value_take_string (value, parlance_conversation_dup_parameters_json (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ParlanceConversation *self = PARLANCE_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      parlance_conversation_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_TITLE:
      parlance_conversation_set_title (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      parlance_conversation_set_created (self, g_value_get_int64 (value));
      break;
    case PROP_UPDATED:
      parlance_conversation_set_updated (self, g_value_get_int64 (value));
      break;
    case PROP_PROVIDER_ID:
      parlance_conversation_set_provider_id (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      parlance_conversation_set_model (self, g_value_get_string (value));
      break;
    case PROP_PINNED:
      parlance_conversation_set_pinned (self, g_value_get_boolean (value));
      break;
    case PROP_ARCHIVED:
      parlance_conversation_set_archived (self, g_value_get_boolean (value));
      break;
    case PROP_TIP_ID:
      parlance_conversation_set_tip_id (self, g_value_get_int64 (value));
      break;
    case PROP_MESSAGE_COUNT:
      parlance_conversation_set_message_count (self, g_value_get_uint (value));
      break;
    case PROP_SYSTEM_PROMPT:
      parlance_conversation_set_system_prompt (self, g_value_get_string (value));
      break;
    case PROP_PARAMETERS:
      if (!parlance_conversation_set_parameters_json (self, g_value_get_string (value)))
        g_warning ("Ignoring parameters that are not a JSON object");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_finalize (GObject *object)
{
  ParlanceConversation *self = PARLANCE_CONVERSATION (object);

  g_free (self->title);
  g_free (self->provider_id);
  g_free (self->model);
  g_free (self->system_prompt);
  json_object_unref (self->parameters);

  G_OBJECT_CLASS (parlance_conversation_parent_class)->finalize (object);
}

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
parlance_conversation_class_init (ParlanceConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_conversation_finalize;
  object_class->get_property = parlance_conversation_get_property;
  object_class->set_property = parlance_conversation_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RW);
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, G_MININT64, G_MAXINT64, 0, RW);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0, RW);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, RW);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, RW);
  properties[PROP_PINNED] = g_param_spec_boolean ("pinned", NULL, NULL, FALSE, RW);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, RW);
  properties[PROP_TIP_ID] = g_param_spec_int64 ("tip-id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  properties[PROP_MESSAGE_COUNT] =
    g_param_spec_uint ("message-count", NULL, NULL, 0, G_MAXUINT, 0, RW);
  properties[PROP_SYSTEM_PROMPT] = g_param_spec_string ("system-prompt", NULL, NULL, NULL, RW);
  properties[PROP_PARAMETERS] = g_param_spec_string ("parameters", NULL, NULL, "{}", RW);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlance_conversation_init (ParlanceConversation *self)
{
  self->parameters = json_object_new ();
}
