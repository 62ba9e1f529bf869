/* parlance-openrouter-generation-later.c — a cut stream's exact cost, asked a little later.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream cut before its last chunk (the connection lost, stopped by the user, a server error
 * in the middle) never told its usage, but OpenRouter records it: GET /generation says it, once
 * OpenRouter has written it down, which takes a moment. So the first question waits a little,
 * and a 404 (not known yet) is asked again after a longer wait, a few times, within a bound on
 * the whole. Everything goes through parlance_openrouter_generation_fetch_async (): the same
 * captured provider and key for each question, the same bounded, checked reading.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-chat-reply.h"
#include "parlance-key-store.h"
#include "parlance-message.h"
#include "parlance-openrouter-generation.h"

/* At most this many questions, whatever the bound on the wait. */
#define MAX_QUESTIONS 5

static gboolean no_delays;

/**
 * _parlance_openrouter_generation_set_no_delays:
 *
 * For tests: parlance_openrouter_generation_fetch_later_async () asks at once and again at once
 * (its bound on the whole wait still holds).
 */
void
_parlance_openrouter_generation_set_no_delays (gboolean value)
{
  no_delays = value;
}

gboolean
_parlance_openrouter_generation_get_no_delays (void)
{
  return no_delays;
}

typedef struct
{
  ParlanceProvider *provider;      /* a snapshot, with its secret headers */
  char             *key;           /* wiped when freed */
  char             *id;
  GCancellable     *cancellable;   /* ours: the caller's, or the bound on the wait, cancel it */
  GCancellable     *caller_cancellable;
  gulong            caller_handler;
  guint             delay_source;
  guint             deadline_source;
  guint             delay_ms;      /* the next wait */
  gint64            deadline;      /* monotonic */
  guint             questions;
  gboolean          timed_out;
} Later;

static void
later_free (gpointer data)
{
  Later *later = data;

  g_clear_handle_id (&later->delay_source, g_source_remove);
  g_clear_handle_id (&later->deadline_source, g_source_remove);
  if (later->caller_cancellable != NULL)
    g_cancellable_disconnect (later->caller_cancellable, later->caller_handler);
  g_clear_object (&later->caller_cancellable);
  g_clear_object (&later->cancellable);
  g_clear_object (&later->provider);
  parlance_key_store_free_key (later->key);
  g_free (later->id);
  g_free (later);
}

static void ask (GTask *task);

/* A question that did not get its answer: why, in the caller's words. */
static void
return_stopped (GTask *task)
{
  Later *later = g_task_get_task_data (task);

  if (later->timed_out)
    g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_TIMEOUT,
                             _("OpenRouter did not tell the cost of the reply in time."));
  else
    g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED,
                             _("Stopped"));
}

static void
answered (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Later *later = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ParlanceOpenrouterGeneration *generation;
  gint64 next_at;

  generation = parlance_openrouter_generation_fetch_finish (result, &error);
  if (generation != NULL)
    {
      g_clear_handle_id (&later->deadline_source, g_source_remove);
      g_task_return_pointer (task, generation, g_object_unref);
      return;
    }
  if (g_cancellable_is_cancelled (later->cancellable))
    {
      return_stopped (task);
      return;
    }
  /* Not known yet: asked again after a longer wait, if that still ends within the bound. */
  later->delay_ms = no_delays ? 0 : later->delay_ms * 2;
  next_at = g_get_monotonic_time () + (gint64) later->delay_ms * 1000;
  if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND) &&
      later->questions < MAX_QUESTIONS && next_at < later->deadline)
    {
      ask (g_steal_pointer (&task));
      return;
    }
  g_clear_handle_id (&later->deadline_source, g_source_remove);
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
delay_over (gpointer user_data)
{
  GTask *task = user_data;
  Later *later = g_task_get_task_data (task);

  later->delay_source = 0;
  if (g_cancellable_is_cancelled (later->cancellable))
    {
      g_clear_handle_id (&later->deadline_source, g_source_remove);
      return_stopped (task);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  later->questions++;
  parlance_openrouter_generation_fetch_async (later->provider, later->key, later->id,
                                              later->cancellable, answered, task);
  return G_SOURCE_REMOVE;
}

/* Takes @task: asks after the current delay. */
static void
ask (GTask *task)
{
  Later *later = g_task_get_task_data (task);

  later->delay_source = g_timeout_add (later->delay_ms, delay_over, task);
}

static gboolean
deadline_reached (gpointer user_data)
{
  Later *later = user_data;

  later->deadline_source = 0;
  later->timed_out = TRUE;
  /* A question under way ends with its cancellation; a wait ends at once. */
  g_cancellable_cancel (later->cancellable);
  if (later->delay_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, later->delay_source);

      g_source_set_ready_time (source, 0);
    }
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *caller,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * parlance_openrouter_generation_fetch_later_async:
 * @provider: an OpenRouter provider, with its secret headers; a snapshot is taken now
 * @api_key: (nullable): @provider's key, copied now: it goes to @provider's address as it is now
 * @generation_id: the cut reply's id
 * @first_delay_ms: the wait before the first question (OpenRouter needs a moment)
 * @max_wait_ms: the bound on the whole, waits and questions together
 * @cancellable: (nullable): stops it; it then fails with %PARLANCE_API_ERROR_CANCELLED
 *
 * parlance_openrouter_generation_fetch_async () after @first_delay_ms, asked again while
 * OpenRouter does not know the generation yet (404), each wait twice the one before, at most
 * five questions, all within @max_wait_ms (past it: %PARLANCE_API_ERROR_TIMEOUT).
 */
void
parlance_openrouter_generation_fetch_later_async (ParlanceProvider    *provider,
                                                  const char          *api_key,
                                                  const char          *generation_id,
                                                  guint                first_delay_ms,
                                                  guint                max_wait_ms,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  GTask *task;
  Later *later;

  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_openrouter_generation_fetch_later_async);
  g_task_set_check_cancellable (task, FALSE);
  later = g_new0 (Later, 1);
  later->provider = parlance_provider_dup_snapshot (provider);
  later->key = g_strdup (api_key);
  later->id = g_strdup (generation_id);
  later->cancellable = g_cancellable_new ();
  later->delay_ms = no_delays ? 0 : MAX (first_delay_ms, 1);
  later->deadline = g_get_monotonic_time () + (gint64) max_wait_ms * 1000;
  g_task_set_task_data (task, later, later_free);
  if (cancellable != NULL)
    {
      later->caller_cancellable = g_object_ref (cancellable);
      later->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                                     g_object_ref (later->cancellable), g_object_unref);
    }
  later->deadline_source = g_timeout_add (max_wait_ms, deadline_reached, later);
  ask (task);
}

/**
 * parlance_openrouter_generation_fetch_later_finish:
 *
 * Returns: (transfer full): the generation, or %NULL with a #PARLANCE_API_ERROR in words
 */
ParlanceOpenrouterGeneration *
parlance_openrouter_generation_fetch_later_finish (GAsyncResult  *result,
                                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_openrouter_generation_fetch_later_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * parlance_openrouter_generation_is_wanted:
 * @provider: the provider @reply came from
 * @reply: a reply that failed (the caller knows: the reply does not say it)
 *
 * Returns: whether @reply came from OpenRouter with a generation id but without its cost: a
 *   stream cut before its last chunk, whose figures /generation can tell
 */
gboolean
parlance_openrouter_generation_is_wanted (ParlanceProvider  *provider,
                                          ParlanceChatReply *reply)
{
  double cost;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (reply), FALSE);

  return parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_OPENROUTER &&
         parlance_chat_reply_get_generation_id (reply) != NULL &&
         !parlance_chat_reply_get_cost (reply, &cost);
}

static gint64
first_known (gint64 a,
             gint64 b)
{
  return a >= 0 ? a : b;
}

static void
set_count (JsonObject *object,
           const char *name,
           gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (object, name, value);
}

/**
 * parlance_openrouter_generation_apply:
 * @self: what OpenRouter recorded of @reply's generation
 * @reply: the cut reply
 *
 * Gives @reply the usage, cost, model and provider OpenRouter recorded (billed, native token
 * counts first), as if its last chunk had said them. A generation of another id changes nothing.
 *
 * Returns: whether @reply changed
 */
gboolean
parlance_openrouter_generation_apply (ParlanceOpenrouterGeneration *self,
                                      ParlanceChatReply            *reply)
{
  g_autoptr(JsonObject) usage = NULL;
  JsonObject *details;
  const char *id;

  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_GENERATION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (reply), FALSE);

  id = parlance_openrouter_generation_get_id (self);
  if (id != NULL && g_strcmp0 (id, parlance_chat_reply_get_generation_id (reply)) != 0)
    return FALSE;

  usage = json_object_new ();
  set_count (usage, "prompt_tokens",
             first_known (parlance_openrouter_generation_get_native_prompt_tokens (self),
                          parlance_openrouter_generation_get_prompt_tokens (self)));
  set_count (usage, "completion_tokens",
             first_known (parlance_openrouter_generation_get_native_completion_tokens (self),
                          parlance_openrouter_generation_get_completion_tokens (self)));
  details = json_object_new ();
  set_count (details, "reasoning_tokens", parlance_openrouter_generation_get_reasoning_tokens (self));
  json_object_set_object_member (usage, "completion_tokens_details", details);
  details = json_object_new ();
  set_count (details, "cached_tokens", parlance_openrouter_generation_get_cached_tokens (self));
  json_object_set_object_member (usage, "prompt_tokens_details", details);
  /* The nearest double to an exact pico-dollar amount comes back to the same amount. */
  if (parlance_openrouter_generation_get_cost_pico (self) >= 0)
    json_object_set_double_member (usage, "cost",
                                   parlance_openrouter_generation_get_cost_pico (self) / 1e12);
  _parlance_chat_reply_set_usage (reply, usage);
  /* Who answered, as OpenRouter recorded it (what it did not say stays as the stream said). */
  _parlance_chat_reply_set_origin (reply, NULL, parlance_openrouter_generation_get_model (self),
                                   parlance_openrouter_generation_get_provider_name (self));
  return TRUE;
}
