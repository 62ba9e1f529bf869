/* parlance-chat-session-turn.c — one reply under way: the key looked up, the request
 * streamed, the reply recorded into its message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A turn binds itself to one provider when it starts: a snapshot of the provider (its address and
 * headers), the client that talks to it and the key looked up for it travel together, so that
 * nothing done while the key is being read (switching provider, editing the address) can send the
 * key anywhere else. Switching provider stops the turn under way.
 *
 * A turn may take several attempts: when the model asked fails before saying anything,
 * parlance_retry_plan_decide () says whether the next model of the fallback chain
 * (parlance-chat-session-fallback.c) answers, or — with the session's wait-on-limits — the reply
 * waits out a per-minute limit (WAITING, with a status text and a retry-at the row counts down)
 * and the same model is asked again. Each attempt is a new request for which the key is looked
 * up again. The failures and waits are kept on the message; the footer says who answered and why.
 * With wait-on-limits the turn also waits before its first request while the rate budget knows
 * the provider's minute is used up (by any known limit: said, set or documented), and a 429 that
 * announces no wait is waited out until the budget's minute frees up, once the store wrote the
 * refused request. Stopping the session ends a wait at once.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-chat-session-private.h"
#include "parlance-rate-budget.h"
#include "parlance-redact.h"
#include "parlance-retry-plan.h"

typedef struct
{
  ParlanceChatSession *session;
  ParlanceMessage     *message;
  ParlanceChatReply   *reply;
  GCancellable        *cancellable;
  ParlanceProvider    *provider;   /* a snapshot, taken when the turn started */
  ParlanceChatClient  *client;     /* talks to that snapshot */
  ParlanceConversation *conversation;  /* the one the turn belongs to */
  char                *model;      /* the model asked by the attempt under way */
  char                *requested;  /* the model asked first */
  ParlanceRouting     *routing;    /* the conversation's, or the defaults */
  ParlanceFallbackChain *chain;
  gboolean             said_something; /* this attempt's reply sent text or reasoning */
  gint64               started;    /* monotonic time the turn started */
  gboolean             prefill;    /* continue: the message's text is sent, the reply appended */
  /* A continued reply counts all its parts: what the earlier ones used and took (-1 unknown). */
  gint64               earlier_tokens[4];
  gint64               earlier_cost;
  gint64               earlier_duration;
  ParlanceRequestRecord *record;   /* its row in the store's requests, once sent */
  /* Waiting before the model is asked (again): parlance-retry-plan.c decides. */
  guint                retries;    /* automatic retries of the model asked */
  guint                wait_id;    /* the timeout that ends the wait */
  gulong               cancel_id;  /* the cancellable's handler while waiting */
  char                *wait_error; /* what the message says if the wait is cancelled */
  gboolean             wait_retries; /* the wait follows a failure (not the budget's) */
} Turn;

static void
end_wait (Turn *turn)
{
  g_clear_handle_id (&turn->wait_id, g_source_remove);
  if (turn->cancel_id != 0)
    g_signal_handler_disconnect (turn->cancellable, turn->cancel_id);
  turn->cancel_id = 0;
}

static void
turn_free (Turn *turn)
{
  end_wait (turn);
  g_free (turn->wait_error);
  if (turn->reply != NULL)
    g_signal_handlers_disconnect_by_data (turn->reply, turn);
  g_clear_object (&turn->reply);
  g_clear_object (&turn->message);
  g_clear_object (&turn->cancellable);
  g_clear_object (&turn->client);
  g_clear_object (&turn->provider);
  g_clear_object (&turn->conversation);
  g_clear_object (&turn->session);
  g_clear_pointer (&turn->record, parlance_request_record_unref);
  g_free (turn->model);
  g_free (turn->requested);
  g_clear_pointer (&turn->routing, parlance_routing_free);
  g_clear_object (&turn->chain);
  g_free (turn);
}

/* A client bound to a snapshot of @provider, never to the live object. */
ParlanceChatClient *
_parlance_chat_session_new_client (ParlanceProvider *provider)
{
  g_autoptr(ParlanceProvider) snapshot = parlance_provider_dup_snapshot (provider);

  return parlance_chat_client_new (snapshot);
}

static void
set_pending (ParlanceChatSession *self,
             ParlanceMessage     *message)
{
  gboolean was_busy = self->pending != NULL;

  g_set_object (&self->pending, message);
  if (was_busy != (message != NULL))
    _parlance_chat_session_notify (self, PROP_BUSY);
}

static void
end_turn (Turn                  *turn,
          ParlanceMessageStatus  status,
          const char            *status_text)
{
  ParlanceChatSession *self = turn->session;

  /* Everything but the status first: its change is what the store writes the last time for. */
  parlance_message_set_duration (turn->message, g_get_monotonic_time () - turn->started +
                                 (turn->prefill ? MAX (turn->earlier_duration, 0) : 0));
  parlance_message_set_can_retry (turn->message, status != PARLANCE_MESSAGE_COMPLETE);
  parlance_message_set_status (turn->message, status, status_text);
  if (self->pending == turn->message)
    {
      g_clear_object (&self->cancellable);
      set_pending (self, NULL);
    }
  if (status == PARLANCE_MESSAGE_COMPLETE &&
      _parlance_chat_session_wants_title (self, turn->conversation, turn->message))
    {
      g_autoptr(ParlanceMessage) question = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);

      _parlance_chat_session_generate_title (self, turn->conversation, turn->provider, turn->model,
                                             parlance_message_get_content (question),
                                             parlance_message_get_content (turn->message));
    }
  turn_free (turn);
}

/* The first text or reasoning of the reply. */
static void
mark_first_token (Turn *turn)
{
  turn->said_something = TRUE;
  if (parlance_message_get_first_token_time (turn->message) < 0)
    parlance_message_set_first_token_time (turn->message, g_get_monotonic_time () - turn->started);
}

static void
reply_content (ParlanceChatReply *reply,
               const char        *delta,
               Turn              *turn)
{
  mark_first_token (turn);
  parlance_message_append_content (turn->message, delta);
}

static void
reply_reasoning (ParlanceChatReply *reply,
                 const char        *delta,
                 Turn              *turn)
{
  mark_first_token (turn);
  parlance_message_append_reasoning (turn->message, delta);
}

static void
reply_status (ParlanceChatReply *reply,
              GParamSpec        *pspec,
              Turn              *turn)
{
  if (parlance_chat_reply_get_status (reply) == PARLANCE_REPLY_STATUS_STREAMING)
    parlance_message_set_status (turn->message, PARLANCE_MESSAGE_STREAMING, NULL);
}

static gint64
sum_known (gint64 a,
           gint64 b)
{
  return a < 0 ? b : b < 0 ? a : a + b;
}

/* A continuation's usage is its own: the reply shows the sum of its parts. */
static void
add_earlier_parts (Turn *turn)
{
  gint64 *e = turn->earlier_tokens;
  gint64 t[4];
  double cost;

  if (parlance_chat_reply_get_has_usage (turn->reply))
    {
      parlance_message_get_tokens (turn->message, &t[0], &t[1], &t[2], &t[3]);
      parlance_message_set_tokens (turn->message, sum_known (e[0], t[0]), sum_known (e[1], t[1]),
                                   sum_known (e[2], t[2]), sum_known (e[3], t[3]));
    }
  if (parlance_chat_reply_get_cost (turn->reply, &cost))
    parlance_message_set_cost_pico (turn->message,
                                    sum_known (turn->earlier_cost, parlance_message_get_cost_pico (turn->message)));
}

static void begin_attempt (Turn *turn);

static void
drop_reply (Turn *turn)
{
  if (turn->reply != NULL)
    g_signal_handlers_disconnect_by_data (turn->reply, turn);
  g_clear_object (&turn->reply);
}

static gboolean
wait_done (gpointer user_data)
{
  Turn *turn = user_data;

  turn->wait_id = 0;
  end_wait (turn);
  if (turn->wait_retries)
    turn->retries++;
  parlance_message_set_status (turn->message, PARLANCE_MESSAGE_WAITING, NULL);
  begin_attempt (turn);
  return G_SOURCE_REMOVE;
}

/* Stopped while waiting: nothing is sent; the message says why it was waiting, with Retry and
 * the time a retry is allowed (its retry-at stays). */
static void
wait_cancelled (GCancellable *cancellable,
                Turn         *turn)
{
  g_autofree char *text = g_steal_pointer (&turn->wait_error);

  end_wait (turn);
  if (turn->wait_retries)
    end_turn (turn, PARLANCE_MESSAGE_ERROR, text);
  else
    end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, _("Stopped"));
}

/* The message waits, visibly ("Rate limited by OpenRouter" and a countdown to @delay from now),
 * then the model is asked again. Stopping the session stops the wait at once. */
static void
start_wait (Turn       *turn,
            gint64      delay,
            const char *limited_by,
            char       *error_text,
            gboolean    retries)
{
  g_autofree char *waiting = NULL;

  drop_reply (turn);
  g_free (turn->wait_error);
  turn->wait_error = error_text;
  turn->wait_retries = retries;
  /* Translators: a reply waiting to be sent again, or (before anything was sent, @limited_by
   * NULL) for the minute's requests to free up; %s is a provider, such as OpenRouter. The row
   * adds "— sending in 37 s". */
  if (limited_by != NULL)
    waiting = g_strdup_printf (_("Rate limited by %s"), limited_by);
  else
    waiting = g_strdup_printf (_("This minute's limit on %s is reached"), parlance_provider_get_name (turn->provider));
  parlance_message_set_status (turn->message, PARLANCE_MESSAGE_WAITING, waiting);
  parlance_message_set_retry_at (turn->message, g_get_monotonic_time () + delay);
  turn->wait_id = g_timeout_add ((guint) MIN (delay / 1000, G_MAXUINT), wait_done, turn);
  turn->cancel_id = g_signal_connect (turn->cancellable, "cancelled", G_CALLBACK (wait_cancelled), turn);
}

static void
ask_model (Turn       *turn,
           const char *model)
{
  drop_reply (turn);
  g_free (turn->model);
  turn->model = g_strdup (model);
  turn->retries = 0;
  _parlance_chat_session_reset_reply (turn->message);
  _parlance_chat_session_note_attempts (turn->message, turn->chain, turn->requested);
  parlance_message_set_model (turn->message, model);
  begin_attempt (turn);
}

/* The attempt failed before saying anything: wait and ask the same model again, or ask the next
 * model of the chain, as parlance_retry_plan_decide () says; FALSE when the failure stands.
 * @next_allowed: when the rate budget lets the model be asked again, -1 unknown. */
static gboolean
try_again (Turn         *turn,
           const GError *error,
           gint64        next_allowed)
{
  ParlanceRetryInput input = { 0 };
  ParlanceRetryPlan plan;
  const char *provider_id = parlance_provider_get_id (turn->provider);

  if (turn->said_something || turn->prefill || error == NULL)
    return FALSE;
  input.error = error;
  input.reply = turn->reply;
  input.provider_id = provider_id;
  input.model = turn->model;
  input.chain = turn->chain;
  input.retries = turn->retries;
  input.now = g_get_real_time ();
  input.next_allowed = next_allowed;
  input.may_wait = turn->session->wait_on_limits;
  parlance_retry_plan_decide (&input, &plan);

  if (plan.action == PARLANCE_RETRY_FALL_BACK)
    {
      parlance_fallback_chain_note_failure (turn->chain, error, turn->reply, plan.reason, -1);
      ask_model (turn, parlance_fallback_chain_next_outside (turn->chain, provider_id, plan.skip_group));
      return TRUE;
    }
  if (plan.action == PARLANCE_RETRY_WAIT)
    {
      gint64 delay = MAX (plan.wait_until - input.now, 0);
      ParlanceLimitError *limit = parlance_chat_reply_get_limit_error (turn->reply);
      const char *upstream = limit != NULL ? parlance_limit_error_get_upstream (limit) : NULL;

      parlance_fallback_chain_note_failure (turn->chain, error, turn->reply, plan.reason,
                                            (delay + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      start_wait (turn, delay, upstream != NULL ? upstream : parlance_provider_get_name (turn->provider),
                  parlance_redact_secrets (error->message, NULL), TRUE);
      return TRUE;
    }
  /* The last failure is kept with the others (the message shows the attempts when there were
   * several). */
  if (plan.reason != PARLANCE_FALLBACK_REASON_NONE)
    parlance_fallback_chain_note_failure (turn->chain, error, turn->reply, plan.reason, -1);
  return FALSE;
}

/* The app's budget (the user's figures with it) when it counts in the session's store. */
static ParlanceRateBudget *
dup_budget (ParlanceChatSession *self)
{
  if (self->rate_budget != NULL && parlance_rate_budget_get_store (self->rate_budget) == self->store)
    return g_object_ref (self->rate_budget);
  return parlance_rate_budget_new (self->store);
}

/* The attempt ended and nothing follows it: the reply is recorded into its message. */
static void
attempt_ended (Turn         *turn,
               const GError *error)
{
  g_autofree char *shown = NULL;  /* the provider's words, without a key */

  _parlance_chat_session_record_reply (turn->message, turn->reply);
  /* A failure of the one model asked is the message's status, not an attempt to keep. */
  if (error == NULL || parlance_fallback_chain_get_n_attempts (turn->chain) > 1)
    _parlance_chat_session_note_attempts (turn->message, turn->chain, turn->requested);
  if (turn->prefill)
    add_earlier_parts (turn);
  /* A stream cut before its usage: its figures are asked of OpenRouter a little later (a
   * continuation's sum of parts is left as it is). */
  if (!turn->prefill)
    _parlance_chat_session_fetch_generation (turn->session, turn->provider, turn->message,
                                             turn->reply, error, turn->record);

  if (error == NULL)
    end_turn (turn, PARLANCE_MESSAGE_COMPLETE, NULL);
  else if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, error->message);
  else
    {
      gint64 wait = parlance_chat_reply_get_retry_after (turn->reply);
      ParlanceLimitError *limit = parlance_chat_reply_get_limit_error (turn->reply);

      /* The row counts the wait down (a day at most: the number is the server's); a daily
       * quota keeps its words instead, which say when it resets. */
      if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED) && wait >= 0 &&
          (limit == NULL || parlance_limit_error_get_kind (limit) != PARLANCE_LIMIT_KIND_DAILY))
        parlance_message_set_retry_at (turn->message,
                                       g_get_monotonic_time () + MIN (wait, 24 * 3600) * G_USEC_PER_SEC);
      end_turn (turn, PARLANCE_MESSAGE_ERROR, (shown = parlance_redact_secrets (error->message, NULL)));
    }
}

/* A refusal for a rate limit: what the budget knows of the minute, once the store wrote this
 * attempt's request, tells how long to wait when the provider announced nothing. */
typedef struct
{
  Turn   *turn;
  GError *error;
} LimitCheck;

static void
limit_check_free (LimitCheck *check)
{
  g_clear_error (&check->error);
  g_free (check);
}

static void
limit_budget_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LimitCheck *check = user_data;
  Turn *turn = check->turn;
  g_autoptr(ParlanceBudgetState) state = NULL;
  gint64 until;

  state = parlance_rate_budget_get_state_finish (PARLANCE_RATE_BUDGET (object), result, NULL);
  until = parlance_retry_wait_before_send (state);
  if (g_cancellable_is_cancelled (turn->cancellable) ||
      !try_again (turn, check->error, until > 0 ? until : -1))
    attempt_ended (turn, check->error);
  limit_check_free (check);
}

static void
limit_store_flushed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LimitCheck *check = user_data;
  g_autoptr(ParlanceRateBudget) budget = dup_budget (check->turn->session);

  /* A failed write is the store's banner's business: the budget is read all the same. */
  parlance_store_flush_finish (PARLANCE_STORE (object), result, NULL);
  parlance_rate_budget_get_state_async (budget, parlance_provider_get_id (check->turn->provider),
                                        check->turn->model, NULL, limit_budget_read, check);
}

static void
stream_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Turn *turn = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Each attempt is a request of its own, counted in the budgets even when another follows. */
  ok = parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  _parlance_chat_session_record_end (turn->session, turn->record, turn->reply, error,
                                     turn->message);
  if (!ok && !g_cancellable_is_cancelled (turn->cancellable))
    {
      if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED) &&
          turn->session->wait_on_limits && turn->session->store != NULL &&
          !turn->said_something && !turn->prefill &&
          parlance_provider_get_id (turn->provider) != NULL)
        {
          LimitCheck *check = g_new0 (LimitCheck, 1);

          check->turn = turn;
          check->error = g_steal_pointer (&error);
          parlance_store_flush_async (turn->session->store, NULL, limit_store_flushed, check);
          return;
        }
      if (try_again (turn, error, -1))
        return;
    }
  attempt_ended (turn, error);
}

static void stream_turn (Turn       *turn,
                         const char *key,
                         GPtrArray  *secret_headers);

static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Turn *turn = user_data;
  ParlanceChatSession *self = turn->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL,
                                              &secret_headers, &error);

  if (g_cancellable_is_cancelled (turn->cancellable))
    {
      parlance_key_store_free_key (key);
      end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, _("Stopped"));
      return;
    }
  /* A provider that works without a key works without a keyring, as in parlance-cli. */
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE) &&
      !parlance_provider_get_needs_key (turn->provider))
    g_clear_error (&error);
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      g_autoptr(ParlanceProvider) provider = g_object_ref (turn->provider);

      end_turn (turn, PARLANCE_MESSAGE_ERROR, error->message);
      _parlance_chat_session_origin_changed (self, provider);
      return;
    }
  if (error != NULL)
    {
      end_turn (turn, PARLANCE_MESSAGE_ERROR, error->message);
      return;
    }
  if (key == NULL && parlance_provider_get_needs_key (turn->provider))
    {
      g_autofree char *text = g_strdup_printf (_("There is no API key for %s. Add one in Preferences."),
                                               parlance_provider_get_name (turn->provider));
      end_turn (turn, PARLANCE_MESSAGE_ERROR, text);
      return;
    }

  stream_turn (turn, key, secret_headers);
  parlance_key_store_free_key (key);
}

/* Sends the turn to the provider it is bound to, with @key and @secret_headers looked up for it. */
static void
stream_turn (Turn       *turn,
             const char *key,
             GPtrArray  *secret_headers)
{
  g_autoptr(ParlanceChatRequest) request = NULL;
  g_autoptr(ParlanceChatClient) client = NULL;

  request = _parlance_chat_session_build_request (turn->session, turn->message, turn->prefill,
                                                  turn->model, turn->provider);
  parlance_routing_apply (turn->routing, request, turn->provider, turn->model);
  turn->said_something = FALSE;
  turn->reply = parlance_chat_reply_new ();
  g_signal_connect (turn->reply, "content-delta", G_CALLBACK (reply_content), turn);
  g_signal_connect (turn->reply, "reasoning-delta", G_CALLBACK (reply_reasoning), turn);
  g_signal_connect (turn->reply, "notify::status", G_CALLBACK (reply_status), turn);

  /* Secret headers go to this turn's address only, like the key. */
  if (secret_headers != NULL)
    {
      g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (turn->provider, secret_headers);

      client = parlance_chat_client_new (bound);
    }
  else
    client = g_object_ref (turn->client);

  g_clear_pointer (&turn->record, parlance_request_record_unref);
  turn->record = _parlance_chat_session_record_sent (turn->session, turn->provider, turn->model);
  /* The client copies the key into the request header; drop ours at once. */
  parlance_chat_client_stream_async (client, request, key, turn->reply, turn->cancellable,
                                     stream_done, turn);
}

/* The budget already knows the minute is full: the message waits until it frees up, as after
 * a refusal, instead of being refused. */
static void
budget_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Turn *turn = user_data;
  g_autoptr(ParlanceBudgetState) state = NULL;
  gint64 until;

  state = parlance_rate_budget_get_state_finish (PARLANCE_RATE_BUDGET (object), result, NULL);
  if (g_cancellable_is_cancelled (turn->cancellable))
    {
      end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, _("Stopped"));
      return;
    }
  until = parlance_retry_wait_before_send (state);
  if (until == 0)
    {
      begin_attempt (turn);
      return;
    }
  start_wait (turn, until - state->now, NULL, NULL, FALSE);
}

/*
 * _parlance_chat_session_start_reply:
 * @model: (nullable): the model to ask; NULL for the session's
 * @prefill: continue @message: its text goes last in the request and the reply is appended
 */
void
_parlance_chat_session_start_reply (ParlanceChatSession *self,
                                    ParlanceMessage     *message,
                                    const char          *model,
                                    gboolean             prefill)
{
  Turn *turn = g_new0 (Turn, 1);
  gboolean own_routing;

  if (model == NULL)
    model = self->model;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  parlance_message_set_model (message, model);
  parlance_message_set_provider_id (message, parlance_provider_get_id (self->provider));
  parlance_message_set_can_retry (message, FALSE);
  parlance_message_set_status (message, PARLANCE_MESSAGE_WAITING, NULL);
  set_pending (self, message);

  turn->session = g_object_ref (self);
  turn->message = g_object_ref (message);
  turn->cancellable = g_object_ref (self->cancellable);
  turn->conversation = g_object_ref (self->conversation);
  turn->model = g_strdup (model);
  turn->started = g_get_monotonic_time ();
  turn->prefill = prefill;
  if (prefill)
    {
      gint64 *e = turn->earlier_tokens;

      parlance_message_get_tokens (message, &e[0], &e[1], &e[2], &e[3]);
      turn->earlier_cost = parlance_message_get_cost_pico (message);
      turn->earlier_duration = parlance_message_get_duration (message);
    }

  /* Reuse the client (and its connections) while the provider's address and headers stay. */
  if (self->client == NULL ||
      !parlance_provider_same_endpoint (parlance_chat_client_get_provider (self->client), self->provider))
    {
      g_clear_object (&self->client);
      self->client = _parlance_chat_session_new_client (self->provider);
    }
  turn->client = g_object_ref (self->client);
  turn->provider = g_object_ref (parlance_chat_client_get_provider (self->client));

  turn->requested = g_strdup (model);
  turn->routing = _parlance_chat_session_dup_routing (self, self->conversation, &own_routing);
  turn->chain = _parlance_chat_session_new_chain (self, turn->routing, own_routing, turn->provider, model);
  parlance_fallback_chain_next (turn->chain);  /* the model chosen: never kept out */
  if (self->wait_on_limits && self->store != NULL && parlance_provider_get_id (turn->provider) != NULL)
    {
      g_autoptr(ParlanceRateBudget) budget = dup_budget (self);

      parlance_rate_budget_get_state_async (budget, parlance_provider_get_id (turn->provider), model,
                                            turn->cancellable, budget_read, turn);
    }
  else
    begin_attempt (turn);
}

/* One attempt: the key looked up again for the turn's provider, then the request streamed. */
static void
begin_attempt (Turn *turn)
{
  ParlanceChatSession *self = turn->session;

  /* A built-in that takes no key (Ollama) never touches the keyring; a custom provider may have
   * an optional key or secret headers there. */
  if (!parlance_provider_get_needs_key (turn->provider) &&
      parlance_provider_get_kind (turn->provider) != PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      stream_turn (turn, NULL, NULL);
      return;
    }

  parlance_key_store_lookup_for_async (self->key_store, turn->provider, turn->cancellable,
                                       key_looked_up, turn);
}
