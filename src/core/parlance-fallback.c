/* parlance-fallback.c — which failed answers let the next model of a chain answer, and which
 * models a chain may ask.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chain is walked one request at a time, by the chat session and by `parlance-cli chat`
 * alike: next () names the model to ask, fail () keeps what went wrong and says whether another
 * model may answer. parlance-retry-plan.c decides between waiting for the same model, the next
 * one (passing over a budget group a limit covers) and failing.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-fallback.h"
#include "parlance-rate-budget.h"
#include "parlance-redact.h"

/* Why a model failed, in the chain's words; what to do about it (wait, fall back, fail) is
 * parlance_retry_plan_decide ()'s, which reads the reply's ParlanceLimitError as well. */
static gboolean
mentions (const char *text,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_ascii_strdown (text, -1);
  return strstr (folded, needle) != NULL;
}

/**
 * parlance_fallback_reason_for:
 * @error: (nullable): how the request failed
 * @reply: (nullable): the failed reply: its HTTP status and the server's own words
 *
 * Returns: why the next model of a chain may answer, or %PARLANCE_FALLBACK_REASON_NONE
 */
ParlanceFallbackReason
parlance_fallback_reason_for (const GError      *error,
                              ParlanceChatReply *reply)
{
  guint status = reply != NULL ? parlance_chat_reply_get_http_status (reply) : 0;
  const char *server = reply != NULL ? parlance_chat_reply_get_server_message (reply) : NULL;
  const char *message = error != NULL ? error->message : NULL;

  if (error == NULL || error->domain != PARLANCE_API_ERROR ||
      error->code == PARLANCE_API_ERROR_CANCELLED)
    return PARLANCE_FALLBACK_REASON_NONE;

  if (mentions (server, "no endpoints found") || mentions (message, "no endpoints found"))
    return PARLANCE_FALLBACK_REASON_NO_ENDPOINTS;
  if (error->code == PARLANCE_API_ERROR_RATE_LIMITED || status == 429)
    {
      if (mentions (server, "per-day") || mentions (server, "per day") ||
          mentions (server, "daily") || mentions (server, "quota"))
        return PARLANCE_FALLBACK_REASON_QUOTA;
      return PARLANCE_FALLBACK_REASON_RATE_LIMITED;
    }
  if (status == 502 || status == 503)
    return PARLANCE_FALLBACK_REASON_UNAVAILABLE;
  return PARLANCE_FALLBACK_REASON_NONE;
}

static const char *reason_names[] = {
  NULL, "rate_limited", "quota", "unavailable", "no_endpoints"
};

/* Returns: (nullable): a stable name for scripts and the store ("rate_limited", "quota",
 * "unavailable", "no_endpoints"); %NULL for none */
const char *
parlance_fallback_reason_to_string (ParlanceFallbackReason reason)
{
  return (guint) reason < G_N_ELEMENTS (reason_names) ? reason_names[reason] : NULL;
}

ParlanceFallbackReason
parlance_fallback_reason_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (reason_names); i++)
    if (g_str_equal (text, reason_names[i]))
      return (ParlanceFallbackReason) i;
  return PARLANCE_FALLBACK_REASON_NONE;
}

/**
 * parlance_fallback_reason_describe:
 * @model: the model that failed, as shown
 *
 * Returns: (transfer full): "@model was rate-limited" and the like, translated
 */
char *
parlance_fallback_reason_describe (ParlanceFallbackReason  reason,
                                   const char             *model)
{
  switch (reason)
    {
    case PARLANCE_FALLBACK_REASON_RATE_LIMITED:
      /* Translators: %s is a model that could not answer; another one did */
      return g_strdup_printf (_("%s was rate-limited"), model);
    case PARLANCE_FALLBACK_REASON_QUOTA:
      /* Translators: %s is a model that could not answer; another one did */
      return g_strdup_printf (_("%s had used its daily quota"), model);
    case PARLANCE_FALLBACK_REASON_UNAVAILABLE:
      /* Translators: %s is a model that could not answer; another one did */
      return g_strdup_printf (_("%s was unavailable"), model);
    case PARLANCE_FALLBACK_REASON_NO_ENDPOINTS:
      /* Translators: %s is a model that could not answer; another one did */
      return g_strdup_printf (_("%s had no provider to serve it"), model);
    case PARLANCE_FALLBACK_REASON_NONE:
    default:
      /* Translators: %s is a model that could not answer; another one did */
      return g_strdup_printf (_("%s failed"), model);
    }
}

/* The guard */

/* TRUE when the catalogue prices @model above zero (prompt, completion or request). */
gboolean
parlance_model_is_priced (ParlanceModel *model)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL (model), FALSE);

  return parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_PROMPT) > 0 ||
         parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_COMPLETION) > 0 ||
         parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_REQUEST) > 0;
}

/**
 * parlance_fallback_guard:
 * @listed: (nullable): the catalogue's entry for the model, %NULL when it lists none
 * @free_only: free models only
 * @named_explicitly: the user named this model for this chat or command (not a default)
 *
 * Returns: whether the model may be asked
 */
ParlanceFallbackGuard
parlance_fallback_guard (ParlanceModel *listed,
                         gboolean       free_only,
                         gboolean       named_explicitly)
{
  if (!free_only)
    return PARLANCE_FALLBACK_ALLOWED;
  if (listed == NULL)
    return named_explicitly ? PARLANCE_FALLBACK_ALLOWED : PARLANCE_FALLBACK_SKIPPED_UNLISTED;
  return parlance_model_is_priced (listed) ? PARLANCE_FALLBACK_SKIPPED_PAID : PARLANCE_FALLBACK_ALLOWED;
}

/* The chain */

typedef struct
{
  char     *model;
  gboolean  named_explicitly;
  gboolean  guarded;
} Entry;

struct _ParlanceFallbackChain
{
  GObject               parent_instance;

  GArray               *entries;     /* Entry, in order */
  guint                 next;        /* the entry next () looks at first */
  char                 *current;     /* the model asked last */
  gboolean              free_only;
  ParlanceModelCatalog *catalog;
  JsonArray            *attempts;    /* {"model", "error", "reason", "status", "server_message"} */
  GPtrArray            *skipped;     /* models the guard kept out */
};

G_DEFINE_FINAL_TYPE (ParlanceFallbackChain, parlance_fallback_chain, G_TYPE_OBJECT)

/* Returns: (transfer full): an empty chain, free models only */
ParlanceFallbackChain *
parlance_fallback_chain_new (void)
{
  return g_object_new (PARLANCE_TYPE_FALLBACK_CHAIN, NULL);
}

/**
 * parlance_fallback_chain_add:
 * @model: a model of the chain's provider; one already in the chain is not added again
 * @named_explicitly: the user named it for this chat or command
 * @guarded: the free-only guard applies to it (the model a user chose for the chat itself is
 *   asked whatever its price)
 */
void
parlance_fallback_chain_add (ParlanceFallbackChain *self,
                             const char            *model,
                             gboolean               named_explicitly,
                             gboolean               guarded)
{
  Entry entry = { NULL, named_explicitly, guarded };

  g_return_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self));
  g_return_if_fail (model != NULL);

  if (*model == '\0')
    return;
  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (g_array_index (self->entries, Entry, i).model, model))
      return;
  entry.model = g_strdup (model);
  g_array_append_val (self->entries, entry);
}

void
parlance_fallback_chain_set_free_only (ParlanceFallbackChain *self,
                                       gboolean               free_only)
{
  g_return_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self));
  self->free_only = free_only;
}

/* @catalog: (nullable): the provider's models and prices; without one no model is listed */
void
parlance_fallback_chain_set_catalog (ParlanceFallbackChain *self,
                                     ParlanceModelCatalog  *catalog)
{
  g_return_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self));
  g_set_object (&self->catalog, catalog);
}

/* The first model from the chain's position that the guard lets through and that is not in
 * @skip_group; with @commit the chain moves past it (and keeps the models the guard kept out). */
static const char *
find_next (ParlanceFallbackChain *self,
           const char            *provider_id,
           const char            *skip_group,
           gboolean               commit)
{
  for (guint i = self->next; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);
      ParlanceModel *listed = self->catalog != NULL ? parlance_model_catalog_lookup (self->catalog, entry->model) : NULL;

      if (entry->guarded &&
          parlance_fallback_guard (listed, self->free_only, entry->named_explicitly) != PARLANCE_FALLBACK_ALLOWED)
        {
          if (commit)
            g_ptr_array_add (self->skipped, g_strdup (entry->model));
          continue;
        }
      if (skip_group != NULL && provider_id != NULL)
        {
          g_autofree char *group = parlance_rate_budget_group_for_model (provider_id, entry->model);

          if (g_str_equal (group, skip_group))
            continue;
        }
      if (!commit)
        return entry->model;
      self->next = i + 1;
      g_free (self->current);
      self->current = g_strdup (entry->model);
      return self->current;
    }
  if (commit)
    self->next = self->entries->len;
  return NULL;
}

/**
 * parlance_fallback_chain_next:
 *
 * Returns: (nullable): the next model to ask, past those the guard keeps out; %NULL when the
 *   chain is spent
 */
const char *
parlance_fallback_chain_next (ParlanceFallbackChain *self)
{
  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);

  return find_next (self, NULL, NULL, TRUE);
}

/**
 * parlance_fallback_chain_peek_next:
 * @provider_id: (nullable): the chain's provider, for the budget groups
 * @skip_group: (nullable): a budget group (parlance_rate_budget_group_for_model ()) whose models
 *   are passed over: a limit of the whole group holds for each of them
 *
 * Returns: (nullable): the model parlance_fallback_chain_next_outside () would name, without
 *   moving the chain; %NULL when there is none
 */
const char *
parlance_fallback_chain_peek_next (ParlanceFallbackChain *self,
                                   const char            *provider_id,
                                   const char            *skip_group)
{
  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);

  return find_next (self, provider_id, skip_group, FALSE);
}

/**
 * parlance_fallback_chain_next_outside:
 * @provider_id: (nullable): the chain's provider
 * @skip_group: (nullable): a budget group whose models are passed over
 *
 * Like parlance_fallback_chain_next (), passing over the models of @skip_group.
 *
 * Returns: (nullable): the next model to ask; %NULL when the chain is spent
 */
const char *
parlance_fallback_chain_next_outside (ParlanceFallbackChain *self,
                                      const char            *provider_id,
                                      const char            *skip_group)
{
  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);

  return find_next (self, provider_id, skip_group, TRUE);
}

/* Returns: (nullable): the model next () named last */
const char *
parlance_fallback_chain_get_current (ParlanceFallbackChain *self)
{
  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);
  return self->current;
}

/**
 * parlance_fallback_chain_note_failure:
 * @error: how the request to the current model failed
 * @reply: (nullable): its reply (HTTP status, the server's words)
 * @reason: why, as parlance_retry_plan_decide () or parlance_fallback_reason_for () says
 * @waited: seconds waited before the same model is asked again, or -1 when another model is
 *   asked next
 *
 * Keeps the failure among the attempts: {"model", "error", "reason", "status",
 * "server_message"}, and "waited" for a wait.
 */
void
parlance_fallback_chain_note_failure (ParlanceFallbackChain  *self,
                                      const GError           *error,
                                      ParlanceChatReply      *reply,
                                      ParlanceFallbackReason  reason,
                                      gint64                  waited)
{
  g_autofree char *shown = NULL;
  JsonObject *attempt;

  g_return_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self));
  g_return_if_fail (self->current != NULL && error != NULL);

  shown = parlance_redact_secrets (error->message, NULL);
  attempt = json_object_new ();
  json_object_set_string_member (attempt, "model", self->current);
  json_object_set_string_member (attempt, "error", shown);
  if (parlance_fallback_reason_to_string (reason) != NULL)
    json_object_set_string_member (attempt, "reason", parlance_fallback_reason_to_string (reason));
  if (reply != NULL && parlance_chat_reply_get_server_message (reply) != NULL)
    {
      g_autofree char *server = parlance_redact_secrets (parlance_chat_reply_get_server_message (reply), NULL);

      json_object_set_string_member (attempt, "server_message", server);
    }
  if (reply != NULL && parlance_chat_reply_get_http_status (reply) > 0)
    json_object_set_int_member (attempt, "status", parlance_chat_reply_get_http_status (reply));
  if (waited >= 0)
    json_object_set_int_member (attempt, "waited", waited);
  json_array_add_object_element (self->attempts, attempt);
}

/**
 * parlance_fallback_chain_fail:
 * @error: how the request to the current model failed
 * @reply: (nullable): its reply (HTTP status, the server's words)
 *
 * Keeps the failure among the attempts when another model may answer. (The chat session and
 * `parlance-cli chat` decide with parlance_retry_plan_decide (), which also waits.)
 *
 * Returns: %TRUE when the next model of the chain may be asked
 */
gboolean
parlance_fallback_chain_fail (ParlanceFallbackChain *self,
                              const GError          *error,
                              ParlanceChatReply     *reply)
{
  ParlanceFallbackReason reason;

  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), FALSE);
  g_return_val_if_fail (self->current != NULL, FALSE);

  reason = parlance_fallback_reason_for (error, reply);
  if (reason == PARLANCE_FALLBACK_REASON_NONE)
    return FALSE;
  parlance_fallback_chain_note_failure (self, error, reply, reason, -1);
  return TRUE;
}

guint
parlance_fallback_chain_get_n_attempts (ParlanceFallbackChain *self)
{
  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), 0);
  return json_array_get_length (self->attempts);
}

/* Returns: (transfer full): the models that failed before, oldest first:
 * [{"model", "error", "reason", "status", "server_message"}] (the last two when known) */
JsonArray *
parlance_fallback_chain_dup_attempts (ParlanceFallbackChain *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);

  node = json_node_init_array (json_node_alloc (), self->attempts);
  copy = json_node_copy (node);
  return json_node_dup_array (copy);
}

/* Returns: (transfer full): the models the free-only guard kept out, in order */
char **
parlance_fallback_chain_dup_skipped (ParlanceFallbackChain *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PARLANCE_IS_FALLBACK_CHAIN (self), NULL);

  for (guint i = 0; i < self->skipped->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->skipped, i));
  return g_strv_builder_end (builder);
}

static void
clear_entry (gpointer data)
{
  g_free (((Entry *) data)->model);
}

static void
parlance_fallback_chain_finalize (GObject *object)
{
  ParlanceFallbackChain *self = PARLANCE_FALLBACK_CHAIN (object);

  g_array_unref (self->entries);
  g_free (self->current);
  g_clear_object (&self->catalog);
  json_array_unref (self->attempts);
  g_ptr_array_unref (self->skipped);

  G_OBJECT_CLASS (parlance_fallback_chain_parent_class)->finalize (object);
}

static void
parlance_fallback_chain_class_init (ParlanceFallbackChainClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_fallback_chain_finalize;
}

static void
parlance_fallback_chain_init (ParlanceFallbackChain *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  self->attempts = json_array_new ();
  self->skipped = g_ptr_array_new_with_free_func (g_free);
  self->free_only = TRUE;
}
