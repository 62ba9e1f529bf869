/* parlance-cli-chat-wait.c — `parlance-cli chat` after a failed attempt: wait and ask the same
 * model again, ask the next model of --fallback, or let the failure stand.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parlance_retry_plan_decide () decides, as for the app. A wait counts down on standard error:
 * in place (carriage return, line cleared) on a terminal, as one plain line otherwise; --no-wait
 * makes a wait a failure at once. Ctrl+C during the wait stops it like a reply: "Stopped".
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-api-error.h"
#include "parlance-cli-chat-private.h"
#include "parlance-rate-budget.h"
#include "parlance-retry-plan.h"
#include "parlance-terminal-filter.h"

static void
write_err (Chat       *chat,
           const char *text)
{
  g_autofree char *safe = chat->stderr_is_tty ? parlance_terminal_sanitize (text) : g_strdup (text);

  _parlance_cli_write_all (STDERR_FILENO, safe, strlen (safe));
}

static void
show_countdown (Chat *chat)
{
  gint64 left = MAX (chat->wait_until - g_get_monotonic_time (), 0);
  int seconds = (int) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  /* Translators: parlance-cli chat waits out a rate limit; %s is a provider, such as OpenRouter,
   * %d a number of seconds */
  if (chat->reply != NULL)
    text = g_strdup_printf (_("Rate limited by %s — sending in %d s"), chat->wait_by, seconds);
  else
    /* Translators: before anything was sent; %s is a provider, %d a number of seconds */
    text = g_strdup_printf (_("This minute's limit on %s is reached — sending in %d s"), chat->wait_by, seconds);
  if (chat->stderr_is_tty)
    {
      g_autofree char *safe = parlance_terminal_sanitize (text);
      g_autofree char *line = g_strconcat ("\r\033[K", safe, NULL);

      _parlance_cli_write_all (STDERR_FILENO, line, strlen (line));
    }
  else
    {
      g_autofree char *line = g_strconcat (text, "\n", NULL);

      _parlance_cli_write_all (STDERR_FILENO, line, strlen (line));
    }
}

static void
end_wait (Chat *chat)
{
  g_clear_handle_id (&chat->wait_id, g_source_remove);
  if (chat->wait_cancel_id != 0)
    g_signal_handler_disconnect (chat->cancellable, chat->wait_cancel_id);
  chat->wait_cancel_id = 0;
  g_clear_pointer (&chat->wait_by, g_free);
  if (chat->stderr_is_tty)
    _parlance_cli_write_all (STDERR_FILENO, "\r\033[K", strlen ("\r\033[K"));
}

static gboolean
wait_tick (gpointer user_data)
{
  Chat *chat = user_data;
  gint64 left = chat->wait_until - g_get_monotonic_time ();

  if (left > 0)
    {
      /* A terminal sees every second; a log the first line only. */
      if (chat->stderr_is_tty)
        show_countdown (chat);
      chat->wait_id = g_timeout_add ((guint) ((left - 1) % G_USEC_PER_SEC / 1000 + 1), wait_tick, chat);
      return G_SOURCE_REMOVE;
    }
  chat->wait_id = 0;
  end_wait (chat);
  if (chat->reply != NULL)
    chat->retries++;
  _parlance_cli_chat_start_attempt (chat);
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled (GCancellable *cancellable,
                Chat         *chat)
{
  g_autoptr(GError) error = g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED,
                                                 _("Stopped"));

  end_wait (chat);
  /* Waiting before the first request: nothing was sent, nothing saved yet. */
  if (chat->reply == NULL)
    {
      g_printerr ("%s\n", _("Stopped"));
      chat->exit_status = PARLANCE_CLI_EXIT_CANCELLED;
      g_main_loop_quit (chat->loop);
      return;
    }
  _parlance_cli_chat_finish_attempt (chat, chat->provider, error);
}

static void
start_wait (Chat         *chat,
            gint64        delay)
{
  ParlanceLimitError *limit = chat->reply != NULL ? parlance_chat_reply_get_limit_error (chat->reply) : NULL;
  const char *upstream = limit != NULL ? parlance_limit_error_get_upstream (limit) : NULL;

  chat->wait_by = g_strdup (upstream != NULL ? upstream : parlance_provider_get_name (chat->provider));
  chat->wait_until = g_get_monotonic_time () + delay;
  if (!chat->json)
    show_countdown (chat);
  chat->wait_id = g_timeout_add (delay > 0 ? (guint) ((delay - 1) % G_USEC_PER_SEC / 1000 + 1) : 0,
                                 wait_tick, chat);
  chat->wait_cancel_id = g_signal_connect (chat->cancellable, "cancelled", G_CALLBACK (wait_cancelled), chat);
}

/* The next model of --fallback answers, in a new request. */
static void
fall_back (Chat                    *chat,
           const GError            *error,
           const ParlanceRetryPlan *plan)
{
  g_autofree char *failed = g_strdup (parlance_fallback_chain_get_current (chat->chain));
  const char *next;

  parlance_fallback_chain_note_failure (chat->chain, error, chat->reply, plan->reason, -1);
  next = parlance_fallback_chain_next_outside (chat->chain, parlance_provider_get_id (chat->provider),
                                               plan->skip_group);
  g_assert (next != NULL);
  if (!chat->json)
    {
      g_autofree char *why = parlance_fallback_reason_describe (plan->reason, failed);
      g_autofree char *line = g_strdup_printf (_("%s; asking %s.\n"), why, next);

      write_err (chat, line);
    }
  g_free (chat->model);
  chat->model = g_strdup (next);
  chat->retries = 0;
  _parlance_cli_chat_start_attempt (chat);
}

/* The budget of the model about to be asked, or NULL (--ephemeral: no database, no count). */
static ParlanceBudgetState *
dup_budget (Chat *chat)
{
  ParlanceStore *store = chat->log != NULL ? _parlance_cli_chat_log_get_store (chat->log) : NULL;
  const char *provider_id = parlance_provider_get_id (chat->provider);
  g_autoptr(ParlanceRateBudget) budget = NULL;

  if (store == NULL || provider_id == NULL)
    return NULL;
  budget = _parlance_cli_new_budget (store);
  return parlance_rate_budget_get_state_for_model (budget, provider_id, chat->model, NULL);
}

/**
 * _parlance_cli_chat_try_again:
 * @error: (nullable): how the attempt ended
 *
 * The model failed before saying anything: waits and asks it again, or asks the next model of
 * --fallback, as parlance_retry_plan_decide () says.
 *
 * Returns: %TRUE when another attempt follows (now or after the wait); %FALSE when the failure
 *   stands
 */
gboolean
_parlance_cli_chat_try_again (Chat         *chat,
                              const GError *error)
{
  ParlanceRetryInput input = { 0 };
  ParlanceRetryPlan plan;

  if (error == NULL || chat->write_errno != 0 || g_cancellable_is_cancelled (chat->cancellable) ||
      parlance_chat_reply_get_content_length (chat->reply) > 0 ||
      parlance_chat_reply_get_reasoning_length (chat->reply) > 0)
    return FALSE;

  input.error = error;
  input.reply = chat->reply;
  input.provider_id = parlance_provider_get_id (chat->provider);
  input.model = parlance_fallback_chain_get_current (chat->chain);
  input.chain = chat->chain;
  input.retries = chat->retries;
  input.now = g_get_real_time ();
  {
    g_autoptr(ParlanceBudgetState) state = dup_budget (chat);
    gint64 until = parlance_retry_wait_before_send (state);

    input.next_allowed = until > 0 ? until : -1;
  }
  input.may_wait = !chat->no_wait;
  parlance_retry_plan_decide (&input, &plan);

  if (plan.action == PARLANCE_RETRY_FALL_BACK)
    {
      fall_back (chat, error, &plan);
      return TRUE;
    }
  if (plan.action == PARLANCE_RETRY_WAIT)
    {
      gint64 delay = MAX (plan.wait_until - input.now, 0);

      parlance_fallback_chain_note_failure (chat->chain, error, chat->reply, plan.reason,
                                            (delay + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      start_wait (chat, delay);
      return TRUE;
    }
  /* The last failure is one of the attempts too. */
  if (plan.reason != PARLANCE_FALLBACK_REASON_NONE)
    parlance_fallback_chain_note_failure (chat->chain, error, chat->reply, plan.reason, -1);
  return FALSE;
}

/**
 * _parlance_cli_chat_wait_before_send:
 *
 * Before the first request: when the budget knows the minute is full, the wait is counted down
 * as after a refusal, then the request goes. Not with --no-wait (the provider then decides).
 *
 * Returns: %TRUE when it waits (the attempt starts when the wait ends)
 */
gboolean
_parlance_cli_chat_wait_before_send (Chat *chat)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  gint64 until;

  if (chat->no_wait || (state = dup_budget (chat)) == NULL)
    return FALSE;
  until = parlance_retry_wait_before_send (state);
  if (until == 0)
    return FALSE;
  start_wait (chat, until - state->now);
  return TRUE;
}

/* The command ends while waiting (it cannot, but the sources must go with it). */
void
_parlance_cli_chat_wait_clear (Chat *chat)
{
  g_clear_handle_id (&chat->wait_id, g_source_remove);
  if (chat->wait_cancel_id != 0 && chat->cancellable != NULL)
    g_signal_handler_disconnect (chat->cancellable, chat->wait_cancel_id);
  chat->wait_cancel_id = 0;
  g_clear_pointer (&chat->wait_by, g_free);
}
