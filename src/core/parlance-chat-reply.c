/* parlance-chat-reply.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text grows in GStrings, so a reply of n characters costs O(n) to assemble however many deltas
 * it arrives in; listeners get each delta as it comes and never need to re-read the whole.
 */

#include "config.h"

#include <string.h>

#include "parlance-chat-reply-private.h"
#include "parlance-json.h"
#include "parlance-message.h"


G_DEFINE_FINAL_TYPE (ParlanceChatReply, parlance_chat_reply, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_FINISH_REASON,
  N_PROPS
};

enum {
  CONTENT_DELTA,
  REASONING_DELTA,
  TOOL_CALL_CHANGED,
  USAGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

ParlanceChatReply *
parlance_chat_reply_new (void)
{
  return g_object_new (PARLANCE_TYPE_CHAT_REPLY, NULL);
}

static void
tool_call_free (gpointer data)
{
  ParlanceToolCall *call = data;

  g_free (call->id);
  g_free (call->type);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

ParlanceReplyStatus
parlance_chat_reply_get_status (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), PARLANCE_REPLY_STATUS_FAILED);
  return self->status;
}

const char *
parlance_chat_reply_get_content (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->content->str;
}

gsize
parlance_chat_reply_get_content_length (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), 0);
  return self->content->len;
}

const char *
parlance_chat_reply_get_reasoning (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->reasoning->str;
}

gsize
parlance_chat_reply_get_reasoning_length (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), 0);
  return self->reasoning->len;
}

/**
 * parlance_chat_reply_get_reasoning_details:
 *
 * Returns: (transfer none): the `reasoning_details` entries as they came, signatures included,
 *   so that a later request can hand them back to the model
 */
JsonArray *
parlance_chat_reply_get_reasoning_details (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->reasoning_details;
}

guint
parlance_chat_reply_get_n_tool_calls (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), 0);
  return self->tool_calls->len;
}

const ParlanceToolCall *
parlance_chat_reply_get_tool_call (ParlanceChatReply *self,
                                   guint              position)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  g_return_val_if_fail (position < self->tool_calls->len, NULL);
  return g_ptr_array_index (self->tool_calls, position);
}

const char *
parlance_chat_reply_get_finish_reason (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->finish_reason;
}

const char *
parlance_chat_reply_get_generation_id (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->generation_id;
}

/* The model that answered, which can differ from the one asked for (routing, fallbacks). */
const char *
parlance_chat_reply_get_model (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->model;
}

/* The upstream provider that served it (OpenRouter's `provider` field), or the one that failed. */
const char *
parlance_chat_reply_get_provider_name (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->provider_name;
}

gboolean
parlance_chat_reply_get_has_usage (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), FALSE);
  return self->has_usage;
}

gint64
parlance_chat_reply_get_prompt_tokens (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->prompt_tokens;
}

gint64
parlance_chat_reply_get_completion_tokens (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->completion_tokens;
}

gint64
parlance_chat_reply_get_reasoning_tokens (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->reasoning_tokens;
}

/* Prompt tokens read from the provider's cache (`prompt_tokens_details.cached_tokens`). */
gint64
parlance_chat_reply_get_cached_tokens (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->cached_tokens;
}

gint64
parlance_chat_reply_get_total_tokens (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->total_tokens;
}

/**
 * parlance_chat_reply_get_cost:
 * @cost: (out) (optional): the cost in credits (US dollars on OpenRouter)
 *
 * Returns: whether the provider reported a cost
 */
gboolean
parlance_chat_reply_get_cost (ParlanceChatReply *self,
                              double            *cost)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), FALSE);
  if (cost != NULL)
    *cost = self->cost;
  return self->has_cost;
}

/**
 * parlance_chat_reply_get_cost_pico:
 *
 * Returns: the cost of the last `usage` in exact pico-dollars (10^-12 USD), or -1 when unknown
 */
gint64
parlance_chat_reply_get_cost_pico (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->cost_pico;
}

/**
 * parlance_chat_reply_get_error:
 *
 * Returns: (transfer none) (nullable): why the reply failed or stopped; its message is a
 *   sentence for the user
 */
const GError *
parlance_chat_reply_get_error (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->error;
}

/* Returns: (nullable): the provider's own words about the error, untouched */
const char *
parlance_chat_reply_get_server_message (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->server_message;
}

guint
parlance_chat_reply_get_http_status (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), 0);
  return self->http_status;
}

/* Returns: seconds to wait before retrying, or -1 when the provider did not say (see
 * parlance_limit_error_get_retry_after()) */
gint64
parlance_chat_reply_get_retry_after (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), -1);
  return self->limit_error ? parlance_limit_error_get_retry_after (self->limit_error) : -1;
}

/**
 * parlance_chat_reply_get_rate_limit:
 * @limit: (out) (optional): requests allowed in the window, or -1
 * @remaining: (out) (optional): requests left, or -1
 * @reset_ms: (out) (optional): when the window resets, in milliseconds since the epoch, or -1
 *
 * Returns: whether any rate-limit figure is known
 */
gboolean
parlance_chat_reply_get_rate_limit (ParlanceChatReply *self,
                                    gint64            *limit,
                                    gint64            *remaining,
                                    gint64            *reset_ms)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), FALSE);
  if (self->limit_error != NULL)
    return parlance_limit_error_get_rate_limit (self->limit_error, limit, remaining, reset_ms);
  if (limit)
    *limit = -1;
  if (remaining)
    *remaining = -1;
  if (reset_ms)
    *reset_ms = -1;
  return FALSE;
}

/**
 * parlance_chat_reply_get_limit_error:
 *
 * Returns: (transfer none) (nullable): the provider's refusal, classified (per-minute or daily
 *   limit, upstream limit, credits, overloaded, context length, other) with its waits and limits;
 *   %NULL unless the provider answered with an error (a lost connection has none)
 */
ParlanceLimitError *
parlance_chat_reply_get_limit_error (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return self->limit_error;
}

/* Returns: (nullable) (transfer none): why a moderated request was refused */
const char * const *
parlance_chat_reply_get_moderation_reasons (ParlanceChatReply *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);
  return (const char * const *) self->moderation_reasons;
}

/* Filling in */

/* Says the deltas gathered so far: reasoning first, as it came first. Everything else the reply
 * says goes after them, so no one hears of the end before the text. */
static void
flush_deltas (ParlanceChatReply *self)
{
  if (self->reasoning_pending >= 0)
    {
      gsize start = (gsize) self->reasoning_pending;
      self->reasoning_pending = -1;
      g_signal_emit (self, signals[REASONING_DELTA], 0, self->reasoning->str + start);
    }
  if (self->content_pending >= 0)
    {
      gsize start = (gsize) self->content_pending;
      self->content_pending = -1;
      g_signal_emit (self, signals[CONTENT_DELTA], 0, self->content->str + start);
    }
}

/* Between these, the deltas of many chunks (one network read holds dozens of them) reach
 * "content-delta" and "reasoning-delta" as one: a signal per token cost more than reading it. */
void
_parlance_chat_reply_begin_batch (ParlanceChatReply *self)
{
  self->batching = TRUE;
}

void
_parlance_chat_reply_end_batch (ParlanceChatReply *self)
{
  self->batching = FALSE;
  flush_deltas (self);
}

void
_parlance_chat_reply_set_status (ParlanceChatReply   *self,
                                 ParlanceReplyStatus  status)
{
  flush_deltas (self);
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* Appends to @buffer and marks it unsaid from there; said at once unless a batch is open. */
static void
append_delta (ParlanceChatReply *self,
              GString           *buffer,
              gssize            *pending,
              const char        *text,
              gssize             len)
{
  gsize start = buffer->len;

  if (len < 0)
    len = (gssize) strlen (text);
  if (len == 0)
    return;
  g_string_append_len (buffer, text, len);
  if (*pending < 0)
    *pending = (gssize) start;
  if (!self->batching)
    flush_deltas (self);
}

void
_parlance_chat_reply_append_content (ParlanceChatReply *self,
                                     const char        *text,
                                     gssize             len)
{
  append_delta (self, self->content, &self->content_pending, text, len);
}

void
_parlance_chat_reply_append_reasoning (ParlanceChatReply *self,
                                       const char        *text,
                                       gssize             len)
{
  /* Content waiting to be said came before this: it goes first (flush_deltas says reasoning
   * first). */
  if (self->content_pending >= 0)
    flush_deltas (self);
  append_delta (self, self->reasoning, &self->reasoning_pending, text, len);
}

void
_parlance_chat_reply_add_reasoning_detail (ParlanceChatReply *self,
                                           JsonNode          *detail)
{
  json_array_add_element (self->reasoning_details, json_node_copy (detail));
}

/* Where the call of @index is, or would go, in the sorted array. */
static guint
tool_call_position (ParlanceChatReply *self,
                    guint              index)
{
  guint low = 0, high = self->tool_calls->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      ParlanceToolCall *call = g_ptr_array_index (self->tool_calls, mid);

      if (call->index < index)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static ParlanceToolCall *
add_tool_call (ParlanceChatReply *self,
               guint              index)
{
  ParlanceToolCall *call = g_new0 (ParlanceToolCall, 1);
  ParlanceToolCall *last = self->tool_calls->len > 0
                           ? g_ptr_array_index (self->tool_calls, self->tool_calls->len - 1) : NULL;

  call->index = index;
  call->arguments = g_string_new (NULL);
  /* In order, calls are appended; only a stream that goes back pays for the insertion. */
  if (last == NULL || last->index < index)
    g_ptr_array_add (self->tool_calls, call);
  else
    g_ptr_array_insert (self->tool_calls, (gint) tool_call_position (self, index), call);
  g_hash_table_insert (self->tool_call_by_index, GUINT_TO_POINTER (index), call);
  self->next_tool_index = MAX (self->next_tool_index, index + 1);
  return call;
}

/* Tool calls stream in pieces: the first names the call, the rest add to its arguments.
 * OpenAI-style streams number them with `index`; Gemini and Ollama send each call whole,
 * without one, so a call without index is a new call unless it continues the last one's id.
 * A piece finds its call through a map, in constant time however many calls there are; at most
 * %PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS calls, with @max_arguments bytes of arguments in all.
 *
 * Returns: %FALSE, changing nothing, when the piece would pass those bounds */
gboolean
_parlance_chat_reply_merge_tool_call (ParlanceChatReply *self,
                                      gint64             index,
                                      const char        *id,
                                      const char        *type,
                                      const char        *name,
                                      const char        *arguments,
                                      gsize              max_arguments)
{
  ParlanceToolCall *call = NULL;
  gsize arguments_len = arguments != NULL ? strlen (arguments) : 0;

  if (arguments_len > max_arguments - MIN (max_arguments, self->tool_arguments_length))
    return FALSE;
  if (index >= PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS)
    return FALSE;   /* no model numbers calls that far */

  if (index >= 0)
    call = g_hash_table_lookup (self->tool_call_by_index, GUINT_TO_POINTER ((guint) index));
  else if (self->last_tool_call != NULL && (id == NULL || *id == '\0'))
    call = self->last_tool_call;

  if (call == NULL)
    {
      if (self->tool_calls->len >= PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS ||
          (index < 0 && self->next_tool_index >= PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS))
        return FALSE;
      call = add_tool_call (self, index >= 0 ? (guint) index : self->next_tool_index);
    }
  self->last_tool_call = call;

  /* The id and name come with the first piece; later pieces repeat them or leave them empty. */
  if (call->id == NULL && id != NULL && *id != '\0')
    call->id = g_strdup (id);
  if (call->type == NULL && type != NULL && *type != '\0')
    call->type = g_strdup (type);
  if (call->name == NULL && name != NULL && *name != '\0')
    call->name = g_strdup (name);
  if (arguments != NULL)
    {
      g_string_append_len (call->arguments, arguments, (gssize) arguments_len);
      self->tool_arguments_length += arguments_len;
    }

  flush_deltas (self);
  g_signal_emit (self, signals[TOOL_CALL_CHANGED], 0, tool_call_position (self, call->index));
  return TRUE;
}

/* Providers can send the finish reason twice (OpenRouter does, with `length`): keep the first
 * real one, but let "error" win, since an error chunk follows it. */
void
_parlance_chat_reply_set_finish_reason (ParlanceChatReply *self,
                                        const char        *finish_reason)
{
  if (finish_reason == NULL || g_strcmp0 (self->finish_reason, finish_reason) == 0)
    return;
  if (self->finish_reason != NULL && !g_str_equal (finish_reason, "error"))
    return;

  flush_deltas (self);
  g_free (self->finish_reason);
  self->finish_reason = g_strdup (finish_reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISH_REASON]);
}

static void
set_string (char       **field,
            const char  *value)
{
  if (value == NULL || *value == '\0' || g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_utf8_validate (value, -1, NULL) ? g_strdup (value) : g_utf8_make_valid (value, -1);
}

void
_parlance_chat_reply_set_origin (ParlanceChatReply *self,
                                 const char        *generation_id,
                                 const char        *model,
                                 const char        *provider_name)
{
  set_string (&self->generation_id, generation_id);
  set_string (&self->model, model);
  set_string (&self->provider_name, provider_name);
}

void
_parlance_chat_reply_set_usage (ParlanceChatReply *self,
                                JsonObject        *usage)
{
  JsonNode *cost;

  /* Gemini repeats usage on several chunks: each replaces the one before, whole; never a sum. */
  self->has_usage = TRUE;
  self->has_cost = FALSE;
  self->cost = 0;
  self->cost_pico = -1;
  self->prompt_tokens = parlance_json_get_int (usage, "prompt_tokens", -1);
  self->completion_tokens = parlance_json_get_int (usage, "completion_tokens", -1);
  self->total_tokens = parlance_json_get_int (usage, "total_tokens", -1);
  /* Counts are whatever the server wrote: their sum must not overflow. */
  if (self->total_tokens < 0 && self->prompt_tokens >= 0 && self->completion_tokens >= 0 &&
      self->completion_tokens <= G_MAXINT64 - self->prompt_tokens)
    self->total_tokens = self->prompt_tokens + self->completion_tokens;
  self->reasoning_tokens = parlance_json_get_int (parlance_json_get_object (usage, "completion_tokens_details"),
                                       "reasoning_tokens", -1);
  self->cached_tokens = parlance_json_get_int (parlance_json_get_object (usage, "prompt_tokens_details"),
                                               "cached_tokens", -1);

  cost = json_object_get_member (usage, "cost");
  if (cost != NULL && JSON_NODE_HOLDS_VALUE (cost) &&
      (json_node_get_value_type (cost) == G_TYPE_DOUBLE || json_node_get_value_type (cost) == G_TYPE_INT64))
    {
      self->cost = json_node_get_double (cost);
      self->cost_pico = parlance_cost_pico_from_double (self->cost);
      self->has_cost = self->cost_pico >= 0;
    }

  flush_deltas (self);
  g_signal_emit (self, signals[USAGE_CHANGED], 0);
}

void
_parlance_chat_reply_set_error (ParlanceChatReply *self,
                                const GError      *error,
                                const char        *server_message)
{
  flush_deltas (self);
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_string (&self->server_message, server_message);
}

void
_parlance_chat_reply_set_http_status (ParlanceChatReply *self,
                                      guint              status)
{
  self->http_status = status;
}

void
_parlance_chat_reply_set_limit_error (ParlanceChatReply  *self,
                                      ParlanceLimitError *limit_error)
{
  g_set_object (&self->limit_error, limit_error);
}

void
_parlance_chat_reply_set_moderation_reasons (ParlanceChatReply *self,
                                             GStrv              reasons)
{
  g_strfreev (self->moderation_reasons);
  self->moderation_reasons = reasons;
}

static void
parlance_chat_reply_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ParlanceChatReply *self = PARLANCE_CHAT_REPLY (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_chat_reply_finalize (GObject *object)
{
  ParlanceChatReply *self = PARLANCE_CHAT_REPLY (object);

  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  json_array_unref (self->reasoning_details);
  g_ptr_array_unref (self->tool_calls);
  g_hash_table_unref (self->tool_call_by_index);
  g_free (self->finish_reason);
  g_free (self->generation_id);
  g_free (self->model);
  g_free (self->provider_name);
  g_clear_error (&self->error);
  g_free (self->server_message);
  g_clear_object (&self->limit_error);
  g_strfreev (self->moderation_reasons);

  G_OBJECT_CLASS (parlance_chat_reply_parent_class)->finalize (object);
}

static void
parlance_chat_reply_class_init (ParlanceChatReplyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_chat_reply_finalize;
  object_class->get_property = parlance_chat_reply_get_property;

  /* A ParlanceReplyStatus; an int keeps the core free of generated enum types. */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      PARLANCE_REPLY_STATUS_WAITING, PARLANCE_REPLY_STATUS_FAILED,
                      PARLANCE_REPLY_STATUS_WAITING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ParlanceChatReply::content-delta:
   * @delta: the text just added (borrowed, NUL-terminated)
   */
  signals[CONTENT_DELTA] =
    g_signal_new ("content-delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[REASONING_DELTA] =
    g_signal_new ("reasoning-delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[TOOL_CALL_CHANGED] =
    g_signal_new ("tool-call-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[USAGE_CHANGED] =
    g_signal_new ("usage-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_chat_reply_init (ParlanceChatReply *self)
{
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->content_pending = self->reasoning_pending = -1;
  self->reasoning_details = json_array_new ();
  self->tool_calls = g_ptr_array_new_with_free_func (tool_call_free);
  self->tool_call_by_index = g_hash_table_new (NULL, NULL);
  self->prompt_tokens = self->completion_tokens = self->total_tokens = -1;
  self->reasoning_tokens = -1;
  self->cached_tokens = -1;
  self->cost_pico = -1;
}
