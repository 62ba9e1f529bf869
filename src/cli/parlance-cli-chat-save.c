/* parlance-cli-chat-save.c — `parlance-cli chat` keeps its exchanges in the conversation
 * database, as the app does.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user message is saved before anything is sent; the reply is added as it starts and
 * followed by the store, which writes its text in batches (at most a second apart) on its
 * writer thread while it streams, and once more with its final status, usage and exact cost.
 * A CLI killed in the middle leaves its partial reply in the database, read as interrupted.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-cli-private.h"
#include "parlance-rate-budget.h"

struct _CliChatLog
{
  ParlanceStore        *store;
  ParlanceConversation *conversation;
  GPtrArray            *history;        /* the shown branch before this exchange, oldest first */
  ParlanceMessage      *reply_message;  /* followed by the store while it streams */
  ParlanceChatReply    *reply;
  gint64                started;        /* monotonic, when the request went */
  ParlanceRequestRecord *request;       /* its row in the store's requests, once sent */
  gulong                write_failed_id;
  gboolean              warned;
};

void
_parlance_cli_chat_log_free (CliChatLog *log)
{
  if (log->reply != NULL)
    g_signal_handlers_disconnect_by_data (log->reply, log);
  g_clear_signal_handler (&log->write_failed_id, log->store);
  g_clear_object (&log->reply);
  g_clear_pointer (&log->request, parlance_request_record_unref);
  g_clear_object (&log->reply_message);
  g_clear_pointer (&log->history, g_ptr_array_unref);
  g_clear_object (&log->conversation);
  g_clear_object (&log->store);
  g_free (log);
}

static void
on_write_failed (ParlanceStore *store,
                 const GError  *error,
                 gpointer       user_data)
{
  CliChatLog *log = user_data;

  /* Once: the store keeps the text and tries again. */
  if (log->warned)
    return;
  log->warned = TRUE;
  g_printerr (_("The reply could not be saved yet (%s); trying again.\n"), error->message);
}

/**
 * _parlance_cli_chat_log_open:
 * @continue_id: the conversation to continue; 0 for a new one, -1 for the most recent one that
 *   is not archived
 * @exit_status: (out): why there is no log
 *
 * Returns: (transfer full) (nullable): the log, or %NULL after saying why
 */
CliChatLog *
_parlance_cli_chat_log_open (ParlanceStore *store,
                             gint64         continue_id,
                             int           *exit_status)
{
  g_autoptr(GError) error = NULL;
  CliChatLog *log;

  *exit_status = PARLANCE_CLI_EXIT_OK;

  if (continue_id < 0)
    {
      continue_id = parlance_store_get_latest_conversation (store, &error);
      if (error != NULL)
        {
          *exit_status = _parlance_cli_report_store_error (error, TRUE);
          return NULL;
        }
      if (continue_id == 0)
        {
          g_printerr (_("There is no conversation to continue yet: leave out -c to start one.\n"));
          *exit_status = PARLANCE_CLI_EXIT_NO_CONVERSATION;
          return NULL;
        }
    }

  log = g_new0 (CliChatLog, 1);
  log->store = g_object_ref (store);
  log->write_failed_id = g_signal_connect (store, "write-failed", G_CALLBACK (on_write_failed), log);

  if (continue_id == 0)
    {
      log->conversation = parlance_conversation_new ();
      log->history = g_ptr_array_new_with_free_func (g_object_unref);
      return log;
    }

  log->conversation = parlance_store_get_conversation (store, continue_id, &error);
  if (log->conversation != NULL)
    log->history = parlance_store_load_branch (store, continue_id, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
        {
          _parlance_cli_print_no_conversation (continue_id);
          *exit_status = PARLANCE_CLI_EXIT_NO_CONVERSATION;
        }
      else
        {
          *exit_status = _parlance_cli_report_store_error (error, TRUE);
        }
      _parlance_cli_chat_log_free (log);
      return NULL;
    }

  return log;
}

ParlanceConversation *
_parlance_cli_chat_log_get_conversation (CliChatLog *log)
{
  return log->conversation;
}

/* Settings: what is unset is not sent */

static void
add_reasoning_effort (ParlanceChatRequest *request,
                      ParlanceProvider    *provider,
                      const char          *effort)
{
  g_autoptr(JsonNode) node = NULL;

  /* OpenRouter takes {"reasoning": {"effort": …}}; the OpenAI-compatible others
   * "reasoning_effort". */
  if (parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "effort", effort);
      node = json_node_init_object (json_node_alloc (), object);
      parlance_chat_request_set_extra (request, "reasoning", node);
    }
  else
    {
      node = json_node_init_string (json_node_alloc (), effort);
      parlance_chat_request_set_extra (request, "reasoning_effort", node);
    }
}

static void
apply_settings (ParlanceConversation *conversation,
                ParlanceChatRequest  *request,
                ParlanceProvider     *provider)
{
  const char *effort = parlance_conversation_get_reasoning_effort (conversation);
  double number;
  gint64 max_tokens;

  if (parlance_conversation_get_temperature (conversation, &number))
    parlance_chat_request_set_temperature (request, number);
  if (parlance_conversation_get_top_p (conversation, &number))
    {
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), number);

      parlance_chat_request_set_extra (request, "top_p", node);
    }
  if (parlance_conversation_get_max_tokens (conversation, &max_tokens) && max_tokens > 0)
    parlance_chat_request_set_max_tokens (request, max_tokens);
  if (effort != NULL)
    add_reasoning_effort (request, provider, effort);
}

/**
 * _parlance_cli_chat_log_fill_request:
 * @system: (nullable): the system prompt to send in place of the conversation's (-s), or %NULL
 *
 * The conversation's system prompt first, its settings, then its shown branch as it was before
 * this exchange: the text of every user and assistant message (a reply cut off or failed
 * included, with what it kept; tool exchanges and empty replies left out).
 */
void
_parlance_cli_chat_log_fill_request (CliChatLog          *log,
                                     ParlanceChatRequest *request,
                                     ParlanceProvider    *provider,
                                     const char          *system)
{
  if (system == NULL)
    system = parlance_conversation_get_system_prompt (log->conversation);

  if (system != NULL && *system != '\0')
    parlance_chat_request_add_message (request, "system", system);
  apply_settings (log->conversation, request, provider);

  for (guint i = 0; i < log->history->len; i++)
    {
      ParlanceMessage *message = g_ptr_array_index (log->history, i);
      ParlanceRole role = parlance_message_get_role (message);
      const char *content = parlance_message_get_content (message);

      if ((role != PARLANCE_ROLE_USER && role != PARLANCE_ROLE_ASSISTANT && role != PARLANCE_ROLE_SYSTEM) ||
          content == NULL || *content == '\0')
        continue;
      parlance_chat_request_add_message (request, _parlance_cli_role_name (message), content);
    }
}

/* Saving */

static gint64
tip_of_history (CliChatLog *log)
{
  if (log->history->len == 0)
    return 0;
  return parlance_message_get_id (g_ptr_array_index (log->history, log->history->len - 1));
}

/* A new conversation is created with its title; a continued one takes the provider, model and
 * system prompt given on the command line as its own from now on. */
static gboolean
save_conversation (CliChatLog  *log,
                   const char  *prompt,
                   const char  *provider_id,
                   const char  *model,
                   const char  *system,
                   gboolean     quiet,
                   GError     **error)
{
  ParlanceConversation *conversation = log->conversation;
  gboolean changed = g_strcmp0 (provider_id, parlance_conversation_get_provider_id (conversation)) != 0 ||
                     g_strcmp0 (model, parlance_conversation_get_model (conversation)) != 0 ||
                     (system != NULL && g_strcmp0 (system, parlance_conversation_get_system_prompt (conversation)) != 0);

  parlance_conversation_set_provider_id (conversation, provider_id);
  parlance_conversation_set_model (conversation, model);
  if (system != NULL)
    parlance_conversation_set_system_prompt (conversation, system);

  if (parlance_conversation_get_id (conversation) != 0)
    return !changed || parlance_store_save_conversation (log->store, conversation, error);

  {
    g_autofree char *title = parlance_conversation_title_from_text (prompt);

    parlance_conversation_set_title (conversation, title);
  }
  if (!parlance_store_create_conversation (log->store, conversation, error))
    return FALSE;
  /* Standard output is the reply's alone. */
  if (!quiet)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, parlance_conversation_get_id (conversation));

      /* Translators: %s is the conversation's id, a number */
      g_printerr (_("Saved as conversation %s\n"), id);
    }
  return TRUE;
}

static gboolean
reload (CliChatLog  *log,
        GError     **error)
{
  gint64 id = parlance_conversation_get_id (log->conversation);
  g_autoptr(ParlanceConversation) conversation = parlance_store_get_conversation (log->store, id, error);
  GPtrArray *history;

  if (conversation == NULL)
    return FALSE;
  history = parlance_store_load_branch (log->store, id, error);
  if (history == NULL)
    return FALSE;
  g_set_object (&log->conversation, conversation);
  g_ptr_array_unref (log->history);
  log->history = history;
  return TRUE;
}

/**
 * _parlance_cli_chat_log_begin:
 * @quiet: don't say "Saved as conversation N" (with --json, which has the id)
 *
 * Saves the user's message (creating the conversation when it is new), then an empty reply
 * after it, waiting, that the store follows from now on.
 */
gboolean
_parlance_cli_chat_log_begin (CliChatLog  *log,
                              const char  *prompt,
                              const char  *provider_id,
                              const char  *model,
                              const char  *system,
                              gboolean     quiet,
                              GError     **error)
{
  g_autoptr(ParlanceMessage) user = parlance_message_new (PARLANCE_ROLE_USER, prompt);
  gint64 conversation_id;

  g_assert (log->reply_message == NULL);

  /* Read again: the prompt and the key may have taken a while, and the app may have renamed,
   * pinned or added to the conversation meanwhile. */
  if (parlance_conversation_get_id (log->conversation) != 0 && !reload (log, error))
    return FALSE;
  if (!save_conversation (log, prompt, provider_id, model, system, quiet, error))
    return FALSE;
  conversation_id = parlance_conversation_get_id (log->conversation);

  parlance_message_set_parent_id (user, tip_of_history (log));
  if (!parlance_store_add_message (log->store, conversation_id, user, error))
    return FALSE;

  log->reply_message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  parlance_message_set_parent_id (log->reply_message, parlance_message_get_id (user));
  parlance_message_set_provider_id (log->reply_message, provider_id);
  parlance_message_set_model (log->reply_message, model);
  parlance_message_set_status (log->reply_message, PARLANCE_MESSAGE_WAITING, NULL);
  if (!parlance_store_add_message (log->store, conversation_id, log->reply_message, error))
    {
      g_clear_object (&log->reply_message);
      return FALSE;
    }
  parlance_store_follow_message (log->store, log->reply_message);
  return TRUE;
}

gint64
_parlance_cli_chat_log_get_id (CliChatLog *log)
{
  return parlance_conversation_get_id (log->conversation);
}

static void
first_text (CliChatLog *log)
{
  if (parlance_message_get_status (log->reply_message) != PARLANCE_MESSAGE_WAITING)
    return;
  parlance_message_set_first_token_time (log->reply_message, g_get_monotonic_time () - log->started);
  parlance_message_set_status (log->reply_message, PARLANCE_MESSAGE_STREAMING, NULL);
}

static void
on_content_delta (ParlanceChatReply *reply,
                  const char        *delta,
                  gpointer           user_data)
{
  CliChatLog *log = user_data;

  first_text (log);
  parlance_message_append_content (log->reply_message, delta);
}

static void
on_reasoning_delta (ParlanceChatReply *reply,
                    const char        *delta,
                    gpointer           user_data)
{
  CliChatLog *log = user_data;

  first_text (log);
  parlance_message_append_reasoning (log->reply_message, delta);
}

/* The request is a row of the store's requests, which the rate budgets count (as the app
 * does: parlance-chat-session-reply.c). A row that can't be written is not worth stopping for. */
static void
record_request_sent (CliChatLog *log)
{
  const char *provider_id = parlance_message_get_provider_id (log->reply_message);
  const char *model = parlance_message_get_model (log->reply_message);
  g_autofree char *group = NULL;
  g_autoptr(GError) error = NULL;

  if (provider_id == NULL)
    return;
  group = parlance_rate_budget_group_for_model (provider_id, model);
  g_clear_pointer (&log->request, parlance_request_record_unref);
  log->request = parlance_request_record_new (g_get_real_time (), provider_id, model, group);
  if (parlance_store_add_request (log->store, log->request, &error) == 0)
    {
      g_debug ("The request was not recorded: %s", error->message);
      g_clear_pointer (&log->request, parlance_request_record_unref);
    }
}

static void
record_request_end (CliChatLog   *log,
                    const GError *error)
{
  g_autoptr(GError) local_error = NULL;

  if (log->request == NULL)
    return;
  parlance_request_record_set_end (log->request, log->reply, error);
  log->request->message_id = parlance_message_get_id (log->reply_message);
  if (!parlance_store_end_request (log->store, log->request, &local_error))
    g_debug ("The request's end was not recorded: %s", local_error->message);
  /* A 429 may say what the limit is and when it resets. */
  if (error != NULL && log->reply != NULL)
    {
      g_autoptr(ParlanceRateBudget) budget = parlance_rate_budget_new (log->store);

      parlance_rate_budget_learn_from_reply (budget, log->request->provider_id,
                                             log->request->requested_model, log->reply);
    }
}

/* The reply's text goes into the followed message as it arrives; the request is sent next. */
void
_parlance_cli_chat_log_follow (CliChatLog        *log,
                               ParlanceChatReply *reply)
{
  g_assert (log->reply_message != NULL && log->reply == NULL);

  record_request_sent (log);

  log->reply = g_object_ref (reply);
  log->started = g_get_monotonic_time ();
  g_signal_connect (reply, "content-delta", G_CALLBACK (on_content_delta), log);
  g_signal_connect (reply, "reasoning-delta", G_CALLBACK (on_reasoning_delta), log);
}

/* The database the exchange is saved in (for the rate budgets). */
ParlanceStore *
_parlance_cli_chat_log_get_store (CliChatLog *log)
{
  return log->store;
}

/* The next model of --fallback answers into the same message: its reply is followed instead. */
void
_parlance_cli_chat_log_next_attempt (CliChatLog        *log,
                                     ParlanceChatReply *reply,
                                     const char        *model,
                                     const char        *requested_model,
                                     const char        *attempts_json)
{
  g_assert (log->reply_message != NULL);

  /* The attempt that failed is a request of its own, ended with its error. */
  if (log->reply != NULL)
    {
      record_request_end (log, parlance_chat_reply_get_error (log->reply));
      g_signal_handlers_disconnect_by_data (log->reply, log);
    }
  g_clear_pointer (&log->request, parlance_request_record_unref);
  g_clear_object (&log->reply);
  parlance_message_set_model (log->reply_message, model);
  parlance_message_set_requested_model (log->reply_message, requested_model);
  parlance_message_set_attempts (log->reply_message, attempts_json);
  _parlance_cli_chat_log_follow (log, reply);
}

static void
record_usage (ParlanceMessage   *message,
              ParlanceChatReply *reply)
{
  double cost;

  if (parlance_chat_reply_get_has_usage (reply))
    parlance_message_set_tokens (message,
                                 parlance_chat_reply_get_prompt_tokens (reply),
                                 parlance_chat_reply_get_completion_tokens (reply),
                                 parlance_chat_reply_get_reasoning_tokens (reply),
                                 -1);
  if (parlance_chat_reply_get_cost (reply, &cost))
    parlance_message_set_cost_pico (message, parlance_cost_pico_from_double (cost));
  if (parlance_chat_reply_get_finish_reason (reply) != NULL)
    parlance_message_set_finish_reason (message, parlance_chat_reply_get_finish_reason (reply));
  if (parlance_chat_reply_get_generation_id (reply) != NULL)
    parlance_message_set_generation_id (message, parlance_chat_reply_get_generation_id (reply));
  if (parlance_chat_reply_get_provider_name (reply) != NULL)
    parlance_message_set_provider_name (message, parlance_chat_reply_get_provider_name (reply));
  /* The model that answered, when the provider says (a router picks one). */
  if (parlance_chat_reply_get_model (reply) != NULL)
    parlance_message_set_model (message, parlance_chat_reply_get_model (reply));
}

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!parlance_store_flush_finish (PARLANCE_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * _parlance_cli_chat_log_end_async:
 * @error: (nullable): why the reply ended early; cancelled means stopped (interrupted)
 * @key: (nullable): the key sent, kept out of the error text saved
 *
 * Gives the reply its final status, usage and cost, and completes once everything is on disk.
 */
void
_parlance_cli_chat_log_end_async (CliChatLog          *log,
                                  const GError        *error,
                                  const char          *key,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  ParlanceMessage *message = log->reply_message;

  g_task_set_source_tag (task, _parlance_cli_chat_log_end_async);

  if (message != NULL)
    {
      record_request_end (log, error);
      if (log->reply != NULL)
        {
          record_usage (message, log->reply);
          g_signal_handlers_disconnect_by_data (log->reply, log);
        }
      if (log->started != 0)
        parlance_message_set_duration (message, g_get_monotonic_time () - log->started);

      if (error == NULL)
        parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
               g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
        parlance_message_set_status (message, PARLANCE_MESSAGE_INTERRUPTED, NULL);
      else
        {
          g_autofree char *text = _parlance_cli_redact (error->message, key);

          parlance_message_set_status (message, PARLANCE_MESSAGE_ERROR, text);
        }
    }

  parlance_store_flush_async (log->store, NULL, flush_cb, task);
}

gboolean
_parlance_cli_chat_log_end_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
