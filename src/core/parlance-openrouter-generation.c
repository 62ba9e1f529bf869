/* parlance-openrouter-generation.c — GET /api/v1/generation?id=ID: what OpenRouter recorded.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream cut before its last chunk never told its usage; OpenRouter still knows it. The
 * request goes through a ParlanceChatClient of its own, made at the start from the provider and
 * key given then: the key goes to that provider's address and nowhere else, whatever changes
 * after, with the chat client's errors, size cap and redirect refusal. The answer is read as
 * hostile: every field optional, of any type.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-json.h"
#include "parlance-message.h"
#include "parlance-openrouter-generation.h"

struct _ParlanceOpenrouterGeneration
{
  GObject  parent_instance;

  char    *id;
  char    *model;
  char    *provider_name;
  char    *finish_reason;
  gint64   cost_pico;
  gint64   prompt_tokens;
  gint64   completion_tokens;
  gint64   native_prompt_tokens;
  gint64   native_completion_tokens;
  gint64   reasoning_tokens;
  gint64   cached_tokens;
  gboolean cancelled;
};

G_DEFINE_FINAL_TYPE (ParlanceOpenrouterGeneration, parlance_openrouter_generation, G_TYPE_OBJECT)

static gint64
cost_of (JsonObject *data,
         const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return -1;
  return parlance_cost_pico_from_double (json_node_get_double (node));
}

/* A count: a whole number, not negative; -1 when not said or impossible. */
static gint64
count_of (JsonObject *data,
          const char *name)
{
  gint64 count = parlance_json_get_int (data, name, -1);

  return count >= 0 ? count : -1;
}

/* A text as it can be shown and stored: json-glib turns a lone "\ud800" escape into bytes
 * that are not UTF-8, and those become U+FFFD here. */
static char *
dup_text_of (JsonObject *data,
             const char *name)
{
  const char *text = parlance_json_get_string (data, name);

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

static gboolean
boolean_of (JsonObject *data,
            const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/**
 * parlance_openrouter_generation_new_from_json:
 * @root: the answer of `GET /api/v1/generation`: {"data": {…}}
 *
 * Returns: (transfer full) (nullable): the generation, or %NULL with
 *   %PARLANCE_API_ERROR_MALFORMED when @root has no `data` object
 */
ParlanceOpenrouterGeneration *
parlance_openrouter_generation_new_from_json (JsonNode  *root,
                                              GError   **error)
{
  ParlanceOpenrouterGeneration *self;
  JsonObject *data = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    data = parlance_json_get_object (json_node_get_object (root), "data");
  if (data == NULL)
    {
      g_set_error_literal (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                           _("OpenRouter sent an answer about the generation Parlance could not read."));
      return NULL;
    }

  self = g_object_new (PARLANCE_TYPE_OPENROUTER_GENERATION, NULL);
  self->id = dup_text_of (data, "id");
  self->model = dup_text_of (data, "model");
  self->provider_name = dup_text_of (data, "provider_name");
  self->finish_reason = dup_text_of (data, "finish_reason");
  self->cost_pico = cost_of (data, "total_cost");
  if (self->cost_pico < 0)
    self->cost_pico = cost_of (data, "usage");
  self->prompt_tokens = count_of (data, "tokens_prompt");
  self->completion_tokens = count_of (data, "tokens_completion");
  self->native_prompt_tokens = count_of (data, "native_tokens_prompt");
  self->native_completion_tokens = count_of (data, "native_tokens_completion");
  self->reasoning_tokens = count_of (data, "native_tokens_reasoning");
  self->cached_tokens = count_of (data, "native_tokens_cached");
  self->cancelled = boolean_of (data, "cancelled");
  return self;
}

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  ParlanceOpenrouterGeneration *generation;

  root = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  generation = parlance_openrouter_generation_new_from_json (root, &error);
  if (generation == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, generation, g_object_unref);
}

static gboolean
id_is_sendable (const char *id)
{
  gsize len = id ? strlen (id) : 0;

  if (len == 0 || len > PARLANCE_OPENROUTER_GENERATION_MAX_ID)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (id[i]))
      return FALSE;
  return TRUE;
}

/**
 * parlance_openrouter_generation_fetch_async:
 * @provider: an OpenRouter provider (with its secret headers, if any)
 * @api_key: (nullable): @provider's key; it goes only to @provider's address as it is now
 * @generation_id: the reply's id ("gen-…", parlance_chat_reply_get_generation_id())
 * @cancellable: (nullable): stops the request; it then fails with %PARLANCE_API_ERROR_CANCELLED
 *
 * Asks OpenRouter what it recorded of a generation: exact cost, tokens and the provider that
 * served it, for a stream that was cut before its usage. Soon after a generation OpenRouter may
 * not know it yet (%PARLANCE_API_ERROR_NOT_FOUND): ask again a little later.
 */
void
parlance_openrouter_generation_fetch_async (ParlanceProvider    *provider,
                                            const char          *api_key,
                                            const char          *generation_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ParlanceChatClient) client = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_openrouter_generation_fetch_async);
  g_task_set_check_cancellable (task, FALSE);

  if (parlance_provider_get_kind (provider) != PARLANCE_PROVIDER_KIND_OPENROUTER)
    {
      g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND,
                               _("Only OpenRouter tells the cost of a generation afterwards."));
      return;
    }
  if (!id_is_sendable (generation_id))
    {
      g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST,
                               _("This reply has no generation id OpenRouter could look up."));
      return;
    }

  escaped = g_uri_escape_string (generation_id, NULL, FALSE);
  path = g_strconcat ("generation?id=", escaped, NULL);
  client = parlance_chat_client_new (provider);
  parlance_chat_client_set_max_reply_size (client, PARLANCE_OPENROUTER_GENERATION_MAX_SIZE);
  /* The task keeps the client, and so the provider and address, until the answer. */
  g_task_set_task_data (task, g_object_ref (client), g_object_unref);
  parlance_chat_client_get_json_async (client, path, api_key, cancellable, fetched, g_steal_pointer (&task));
}

/**
 * parlance_openrouter_generation_fetch_finish:
 *
 * Returns: (transfer full): the generation, or %NULL with a #PARLANCE_API_ERROR in words
 */
ParlanceOpenrouterGeneration *
parlance_openrouter_generation_fetch_finish (GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_openrouter_generation_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (nullable): the generation's id */
const char *
parlance_openrouter_generation_get_id (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), NULL);
  return self->id;
}

/* Returns: (nullable): the model that answered */
const char *
parlance_openrouter_generation_get_model (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), NULL);
  return self->model;
}

/* Returns: (nullable): the upstream provider that served it ("OpenAI") */
const char *
parlance_openrouter_generation_get_provider_name (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), NULL);
  return self->provider_name;
}

/* Returns: (nullable): why it ended, when it did */
const char *
parlance_openrouter_generation_get_finish_reason (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), NULL);
  return self->finish_reason;
}

/* Returns: `total_cost` in exact pico-dollars, or -1 when not said */
gint64
parlance_openrouter_generation_get_cost_pico (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->cost_pico;
}

/* Returns: `tokens_prompt` (OpenRouter's normalized count), or -1 */
gint64
parlance_openrouter_generation_get_prompt_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->prompt_tokens;
}

/* Returns: `tokens_completion`, or -1 */
gint64
parlance_openrouter_generation_get_completion_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->completion_tokens;
}

/* Returns: `native_tokens_prompt` (the model's own tokenizer, what is billed), or -1 */
gint64
parlance_openrouter_generation_get_native_prompt_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->native_prompt_tokens;
}

/* Returns: `native_tokens_completion`, or -1 */
gint64
parlance_openrouter_generation_get_native_completion_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->native_completion_tokens;
}

/* Returns: `native_tokens_reasoning`, or -1 */
gint64
parlance_openrouter_generation_get_reasoning_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->reasoning_tokens;
}

/* Returns: `native_tokens_cached`, or -1 */
gint64
parlance_openrouter_generation_get_cached_tokens (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), -1);
  return self->cached_tokens;
}

/* Returns: whether the generation was cancelled (the stream was cut) */
gboolean
parlance_openrouter_generation_get_cancelled (ParlanceOpenrouterGeneration *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), FALSE);
  return self->cancelled;
}

static void
parlance_openrouter_generation_finalize (GObject *object)
{
  ParlanceOpenrouterGeneration *self = PARLANCE_OPENROUTER_GENERATION (object);

  g_free (self->id);
  g_free (self->model);
  g_free (self->provider_name);
  g_free (self->finish_reason);

  G_OBJECT_CLASS (parlance_openrouter_generation_parent_class)->finalize (object);
}

static void
parlance_openrouter_generation_class_init (ParlanceOpenrouterGenerationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_openrouter_generation_finalize;
}

static void
parlance_openrouter_generation_init (ParlanceOpenrouterGeneration *self)
{
  self->cost_pico = -1;
  self->prompt_tokens = self->completion_tokens = -1;
  self->native_prompt_tokens = self->native_completion_tokens = -1;
  self->reasoning_tokens = self->cached_tokens = -1;
}
