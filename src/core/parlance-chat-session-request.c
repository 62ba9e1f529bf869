/* parlance-chat-session-request.c — what a turn sends: the conversation's settings and history.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conversation's system prompt comes first, then the shown branch up to the reply being
 * asked for. Each setting (temperature, top-p, max tokens, reasoning effort) is sent only when
 * it is set: an unset one leaves the provider's default, which is not always what a fixed
 * default of ours would be.
 */

#include "config.h"

#include "parlance-chat-session-private.h"
#include "parlance-send-estimate.h"

/* Text the model should read again: what the user, the assistant or a system message said. */
static gboolean
is_history (ParlanceMessage *message)
{
  switch (parlance_message_get_role (message))
    {
    case PARLANCE_ROLE_USER:
    case PARLANCE_ROLE_ASSISTANT:
    case PARLANCE_ROLE_SYSTEM:
      /* A reply that failed before saying anything is no part of the conversation. */
      return parlance_message_get_content_length (message) > 0;
    case PARLANCE_ROLE_TOOL:
    default:
      /* Tool results need the assistant's tool calls beside them (a later issue). */
      return FALSE;
    }
}

static void
add_settings (ParlanceChatRequest  *request,
              ParlanceConversation *conversation,
              ParlanceProvider     *provider)
{
  const char *effort = parlance_conversation_get_reasoning_effort (conversation);
  double value;
  gint64 max_tokens;

  if (parlance_conversation_get_temperature (conversation, &value))
    parlance_chat_request_set_temperature (request, value);
  if (parlance_conversation_get_top_p (conversation, &value))
    parlance_chat_request_set_top_p (request, value);
  if (parlance_conversation_get_max_tokens (conversation, &max_tokens) && max_tokens > 0)
    parlance_chat_request_set_max_tokens (request, max_tokens);
  /* OpenRouter takes one `reasoning` object for every model it routes to; OpenAI, Gemini's
   * OpenAI endpoint, Ollama and most other servers read `reasoning_effort`. */
  if (effort != NULL && *effort != '\0')
    parlance_chat_request_set_reasoning_effort (request, effort,
                                                parlance_provider_get_kind (provider) ==
                                                PARLANCE_PROVIDER_KIND_OPENROUTER);
}

/*
 * _parlance_chat_session_build_request:
 * @until: the reply being asked for; the history stops before it
 * @include_until: continuing @until: its text ends the history (an assistant prefill)
 * @model: (nullable): the model asked, NULL for the session's
 * @provider: the provider the turn is bound to (its kind decides how some settings are spelled)
 *
 * Returns: (transfer full): the request for the session's model
 */
ParlanceChatRequest *
_parlance_chat_session_build_request (ParlanceChatSession *self,
                                      ParlanceMessage     *until,
                                      gboolean             include_until,
                                      const char          *model,
                                      ParlanceProvider    *provider)
{
  ParlanceChatRequest *request = parlance_chat_request_new (model != NULL ? model : self->model);
  GListModel *messages = G_LIST_MODEL (self->messages);
  const char *system_prompt = parlance_conversation_get_system_prompt (self->conversation);
  guint n = g_list_model_get_n_items (messages);

  if (system_prompt != NULL && *system_prompt != '\0')
    parlance_chat_request_add_message (request, "system", system_prompt);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceMessage) message = g_list_model_get_item (messages, i);

      if (message == until && !include_until)
        break;
      if (is_history (message))
        parlance_chat_request_add_message (request, parlance_message_get_role_name (message),
                                           parlance_message_get_content (message));
      if (message == until)
        break;
    }

  add_settings (request, self->conversation, provider);
  return request;
}

/* A message's estimated tokens, kept on it with the length they were counted at: a long
 * conversation is counted again at every change, and only messages that changed are read. */
typedef struct
{
  gsize  length;
  gint64 tokens;
} TokenCount;

static gint64
message_tokens (ParlanceMessage *message)
{
  static GQuark quark;
  TokenCount *count;
  gsize length = parlance_message_get_content_length (message);

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("parlance-estimated-tokens");
  count = g_object_get_qdata (G_OBJECT (message), quark);
  if (count == NULL)
    {
      count = g_new0 (TokenCount, 1);
      count->length = G_MAXSIZE;
      g_object_set_qdata_full (G_OBJECT (message), quark, count, g_free);
    }
  if (count->length != length)
    {
      count->length = length;
      count->tokens = parlance_estimate_message_tokens (parlance_message_get_content (message));
    }
  return count->tokens;
}

/**
 * parlance_chat_session_estimate_history_tokens:
 *
 * What a new message would be sent after, estimated as parlance_chat_request_estimate_prompt_tokens()
 * would count the request: the system prompt, the shown branch's history and the reply's start.
 * Add parlance_estimate_message_tokens() of the new message. Each message's count is kept on it
 * and counted again only when its text changed.
 *
 * Returns: the estimated tokens
 */
gint64
parlance_chat_session_estimate_history_tokens (ParlanceChatSession *self)
{
  GListModel *messages;
  const char *system_prompt;
  gint64 tokens = PARLANCE_ESTIMATE_TOKENS_REPLY_PRIMING;
  guint n;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), 0);

  messages = G_LIST_MODEL (self->messages);
  n = g_list_model_get_n_items (messages);
  system_prompt = parlance_conversation_get_system_prompt (self->conversation);
  if (system_prompt != NULL && *system_prompt != '\0')
    tokens += parlance_estimate_message_tokens (system_prompt);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceMessage) message = g_list_model_get_item (messages, i);

      if (is_history (message))
        tokens += message_tokens (message);
    }
  return tokens;
}
