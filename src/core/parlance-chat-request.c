/* parlance-chat-request.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-chat-request.h"
#include "parlance-send-estimate.h"

struct _ParlanceChatRequest
{
  GObject     parent_instance;

  char       *model;
  JsonArray  *messages;
  gboolean    has_temperature;
  double      temperature;
  gint64      max_tokens;       /* 0: not set */
  gboolean    has_top_p;
  double      top_p;
  char       *reasoning_effort; /* NULL: not set */
  gboolean    reasoning_nested; /* OpenRouter's "reasoning": {"effort"} */
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (ParlanceChatRequest, parlance_chat_request, G_TYPE_OBJECT)

ParlanceChatRequest *
parlance_chat_request_new (const char *model)
{
  ParlanceChatRequest *self;

  g_return_val_if_fail (model != NULL && *model != '\0', NULL);

  self = g_object_new (PARLANCE_TYPE_CHAT_REQUEST, NULL);
  self->model = g_strdup (model);
  return self;
}

const char *
parlance_chat_request_get_model (ParlanceChatRequest *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REQUEST (self), NULL);
  return self->model;
}

/**
 * parlance_chat_request_add_message:
 * @role: "system", "user", "assistant" or "tool"
 * @content: the text
 */
void
parlance_chat_request_add_message (ParlanceChatRequest *self,
                                   const char          *role,
                                   const char          *content)
{
  JsonObject *message;

  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  g_return_if_fail (role != NULL && content != NULL);

  message = json_object_new ();
  json_object_set_string_member (message, "role", role);
  json_object_set_string_member (message, "content", content);
  json_array_add_object_element (self->messages, message);
}

guint
parlance_chat_request_get_n_messages (ParlanceChatRequest *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REQUEST (self), 0);
  return json_array_get_length (self->messages);
}

void
parlance_chat_request_set_temperature (ParlanceChatRequest *self,
                                       double               temperature)
{
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  self->has_temperature = TRUE;
  self->temperature = temperature;
}

void
parlance_chat_request_set_max_tokens (ParlanceChatRequest *self,
                                      gint64               max_tokens)
{
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  g_return_if_fail (max_tokens >= 0);
  self->max_tokens = max_tokens;
}

/* Returns: the max_tokens sent, 0 when not set */
gint64
parlance_chat_request_get_max_tokens (ParlanceChatRequest *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REQUEST (self), 0);
  return self->max_tokens;
}

/**
 * parlance_chat_request_estimate_prompt_tokens:
 *
 * Returns: the estimated prompt tokens of the request's messages, as
 *   parlance_estimate_message_tokens() counts each, and the reply's start
 */
gint64
parlance_chat_request_estimate_prompt_tokens (ParlanceChatRequest *self)
{
  gint64 tokens = PARLANCE_ESTIMATE_TOKENS_REPLY_PRIMING;

  g_return_val_if_fail (PARLANCE_IS_CHAT_REQUEST (self), 0);

  for (guint i = 0; i < json_array_get_length (self->messages); i++)
    {
      JsonObject *message = json_array_get_object_element (self->messages, i);

      tokens += parlance_estimate_message_tokens (json_object_get_string_member_with_default (message, "content", ""));
    }
  return tokens;
}

/**
 * parlance_chat_request_set_top_p:
 * @top_p: nucleus sampling, from 0 to 1; sent only once set
 */
void
parlance_chat_request_set_top_p (ParlanceChatRequest *self,
                                 double               top_p)
{
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  self->has_top_p = TRUE;
  self->top_p = top_p;
}

/**
 * parlance_chat_request_set_reasoning_effort:
 * @effort: (nullable): "minimal", "low", "medium", "high"…, or %NULL to send none
 * @nested: %TRUE for OpenRouter's `"reasoning": {"effort": …}`, %FALSE for the
 *   `"reasoning_effort": …` of OpenAI, Gemini and most other servers
 */
void
parlance_chat_request_set_reasoning_effort (ParlanceChatRequest *self,
                                            const char          *effort,
                                            gboolean             nested)
{
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  g_free (self->reasoning_effort);
  self->reasoning_effort = g_strdup (effort);
  self->reasoning_nested = nested;
}

/**
 * parlance_chat_request_set_extra:
 * @name: a top-level request field, such as "reasoning" or "provider"
 * @value: (transfer none): its value, copied
 *
 * Extra fields are sent as given and win over the fields Parlance sets itself.
 */
void
parlance_chat_request_set_extra (ParlanceChatRequest *self,
                                 const char          *name,
                                 JsonNode            *value)
{
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (self));
  g_return_if_fail (name != NULL && value != NULL);

  json_object_set_member (self->extra, name, json_node_copy (value));
}

/**
 * parlance_chat_request_to_bytes:
 * @model_override: (nullable): the model id to send instead of the request's, for providers
 *   whose chat ids differ from their catalogue ids
 *
 * Returns: (transfer full): the streaming request body, as JSON
 */
GBytes *
parlance_chat_request_to_bytes (ParlanceChatRequest *self,
                                const char          *model_override)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *body = json_object_new ();
  JsonObject *stream_options = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  char *text;
  gsize len = 0;

  g_return_val_if_fail (PARLANCE_IS_CHAT_REQUEST (self), NULL);

  json_object_set_string_member (body, "model", model_override ? model_override : self->model);
  json_object_set_array_member (body, "messages", json_array_ref (self->messages));
  json_object_set_boolean_member (body, "stream", TRUE);
  /* Without it OpenAI, Ollama and others send no usage in a stream. */
  json_object_set_boolean_member (stream_options, "include_usage", TRUE);
  json_object_set_object_member (body, "stream_options", stream_options);
  if (self->has_temperature)
    json_object_set_double_member (body, "temperature", self->temperature);
  if (self->max_tokens > 0)
    json_object_set_int_member (body, "max_tokens", self->max_tokens);
  if (self->has_top_p)
    json_object_set_double_member (body, "top_p", self->top_p);
  if (self->reasoning_effort != NULL && self->reasoning_nested)
    {
      JsonObject *reasoning = json_object_new ();

      json_object_set_string_member (reasoning, "effort", self->reasoning_effort);
      json_object_set_object_member (body, "reasoning", reasoning);
    }
  else if (self->reasoning_effort != NULL)
    json_object_set_string_member (body, "reasoning_effort", self->reasoning_effort);

  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (body, name, json_node_copy (value));

  json_node_take_object (root, body);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

static void
parlance_chat_request_finalize (GObject *object)
{
  ParlanceChatRequest *self = PARLANCE_CHAT_REQUEST (object);

  g_free (self->model);
  g_free (self->reasoning_effort);
  json_array_unref (self->messages);
  json_object_unref (self->extra);

  G_OBJECT_CLASS (parlance_chat_request_parent_class)->finalize (object);
}

static void
parlance_chat_request_class_init (ParlanceChatRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_chat_request_finalize;
}

static void
parlance_chat_request_init (ParlanceChatRequest *self)
{
  self->messages = json_array_new ();
  self->extra = json_object_new ();
}
