/* parlance-cli-chat.c — `parlance-cli chat`: one prompt, the reply streamed to standard output.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Standard output gets the reply's text and nothing else, byte for byte as it arrives, so that
 * `parlance-cli chat … > file` and pipes get exactly what the model wrote (--raw). On a terminal,
 * or with --render, the reply's Markdown is rendered instead (parlance-cli-render.c), block by
 * block as the blocks settle. Everything for people (reasoning, errors, "Stopped") goes to
 * standard error. What goes to a terminal passes through a ParlanceTerminalFilter first: a
 * server's escape sequences never reach it.
 *
 * Every exchange is saved in the conversation database (parlance-cli-chat-save.c) unless
 * --ephemeral says not to, in which case the database is not even opened.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-cli-chat-private.h"
#include "parlance-terminal-filter.h"

#define MAX_PROMPT_SIZE          (64 * 1024 * 1024)

#define DIM   "\033[2m"
#define RESET "\033[0m"

static void
chat_clear (Chat *chat)
{
  _parlance_cli_chat_wait_clear (chat);
  g_clear_handle_id (&chat->flush_id, g_source_remove);
  if (chat->pending != NULL)
    g_string_free (g_steal_pointer (&chat->pending), TRUE);
  g_clear_pointer (&chat->content_filter, parlance_terminal_filter_free);
  g_clear_pointer (&chat->reasoning_filter, parlance_terminal_filter_free);
  g_clear_pointer (&chat->render, _parlance_cli_render_free);
  g_clear_pointer (&chat->loop, g_main_loop_unref);
  g_clear_object (&chat->cancellable);
  g_clear_object (&chat->client);
  g_clear_object (&chat->request);
  g_clear_object (&chat->reply);
  g_clear_object (&chat->key_store);
  g_clear_object (&chat->provider);
  g_clear_pointer (&chat->log, _parlance_cli_chat_log_free);
  g_clear_pointer (&chat->model, g_free);
  g_clear_pointer (&chat->system, g_free);
  g_clear_pointer (&chat->prompt, g_free);
  g_clear_pointer (&chat->key, parlance_key_store_free_key);
  g_clear_pointer (&chat->secret_headers, g_ptr_array_unref);
  g_clear_object (&chat->chain);
  g_clear_object (&chat->catalog);
  g_clear_pointer (&chat->requested_model, g_free);
  g_clear_pointer (&chat->fallback_models, g_strfreev);
}

static void flush_pending (Chat *chat);

static void
chat_quit (Chat *chat,
           int   exit_status)
{
  flush_pending (chat);
  chat->exit_status = exit_status;
  g_main_loop_quit (chat->loop);
}

/* Output */

static void
end_reasoning (Chat *chat)
{
  if (chat->reasoning_open)
    {
      _parlance_cli_write_all (STDERR_FILENO, "\n", 1);
      chat->reasoning_open = FALSE;
      /* Rendered, the answer comes after a blank line. */
      if (chat->render != NULL)
        _parlance_cli_write_all (STDERR_FILENO, "\n", 1);
    }
}

static void
write_out (Chat       *chat,
           const char *data,
           gsize       length)
{
  if (length > 0 && chat->write_errno == 0 && !_parlance_cli_write_all (STDOUT_FILENO, data, length))
    {
      chat->write_errno = errno;
      g_cancellable_cancel (chat->cancellable);
    }
}

static void
flush_pending (Chat *chat)
{
  g_clear_handle_id (&chat->flush_id, g_source_remove);
  if (chat->pending == NULL || chat->pending->len == 0)
    return;

  if (chat->render != NULL)
    {
      /* What came in one read goes to the document in one append; the blocks it settled are
       * printed. */
      g_autoptr(GString) rendered = g_string_new (NULL);

      _parlance_cli_render_append (chat->render, chat->pending->str, chat->pending->len, rendered);
      write_out (chat, rendered->str, rendered->len);
    }
  else
    {
      write_out (chat, chat->pending->str, chat->pending->len);
    }
  g_string_truncate (chat->pending, 0);
}

static gboolean
flush_pending_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->flush_id = 0;
  flush_pending (chat);
  return G_SOURCE_REMOVE;
}

static void
on_content_delta (ParlanceChatReply *reply,
                  const char        *delta,
                  gpointer           user_data)
{
  Chat *chat = user_data;

  if (chat->json || chat->write_errno != 0)
    return;

  end_reasoning (chat);

  /* Deltas that came in one network read are written together, right after it (the client
   * reads below default priority): one write a read instead of one a token, with no delay. */
  if (chat->pending == NULL)
    chat->pending = g_string_new (NULL);
  /* Rendering filters the text it prints: the document gets the reply as it is. */
  if (chat->content_filter != NULL && chat->render == NULL)
    parlance_terminal_filter_feed (chat->content_filter, delta, strlen (delta), chat->pending);
  else
    g_string_append (chat->pending, delta);
  if (chat->flush_id == 0)
    chat->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_pending_cb, chat, NULL);
}

static void
on_reasoning_delta (ParlanceChatReply *reply,
                    const char        *delta,
                    gpointer           user_data)
{
  Chat *chat = user_data;
  g_autoptr(GString) safe = NULL;
  gsize len = strlen (delta);

  if (chat->json || len == 0)
    return;

  flush_pending (chat);

  if (chat->reasoning_filter != NULL)
    {
      safe = g_string_new (NULL);
      parlance_terminal_filter_feed (chat->reasoning_filter, delta, len, safe);
      delta = safe->str;
      len = safe->len;
      if (len == 0)
        return;
    }

  if (chat->render != NULL && !chat->reasoning_labelled)
    {
      /* Translators: above the model's reasoning, printed before its answer */
      const char *label = _("Reasoning");
      g_autofree char *styled = _parlance_cli_render_styled (label, chat->stderr_is_tty ? CLI_STYLE_BOLD | CLI_STYLE_DIM : 0);

      _parlance_cli_write_all (STDERR_FILENO, styled, strlen (styled));
      _parlance_cli_write_all (STDERR_FILENO, "\n", 1);
      chat->reasoning_labelled = TRUE;
    }

  /* Dimmed per delta, so that an interruption never leaves the terminal dim. */
  if (chat->stderr_is_tty)
    _parlance_cli_write_all (STDERR_FILENO, DIM, strlen (DIM));
  _parlance_cli_write_all (STDERR_FILENO, delta, len);
  if (chat->stderr_is_tty)
    _parlance_cli_write_all (STDERR_FILENO, RESET, strlen (RESET));
  chat->reasoning_open = delta[len - 1] != '\n';
}

static void
finish_output (Chat *chat)
{
  if (chat->content_filter != NULL && chat->pending != NULL && chat->render == NULL)
    parlance_terminal_filter_finish (chat->content_filter, chat->pending);
  flush_pending (chat);
  if (chat->render != NULL && !chat->json)
    {
      /* The blocks still open: all of it, complete, failed or stopped. */
      g_autoptr(GString) rendered = g_string_new (NULL);

      end_reasoning (chat);
      _parlance_cli_render_finish (chat->render, rendered);
      write_out (chat, rendered->str, rendered->len);
      return;
    }
  if (chat->json)
    {
      g_autofree char *json = parlance_chat_reply_to_json (chat->reply);

      /* The id first; null when nothing is saved (--ephemeral). Then who answered, who was
       * asked, who failed before and the exact cost. */
      if (json[0] == '{')
        {
          g_autofree char *id = chat->log != NULL
            ? g_strdup_printf ("%" G_GINT64_FORMAT, _parlance_cli_chat_log_get_id (chat->log))
            : g_strdup ("null");
          g_autofree char *extras = _parlance_cli_chat_dup_json_extras (chat);
          char *with_id = g_strdup_printf ("{\n  \"conversation_id\" : %s,\n%s%s", id, extras, json + 1);

          g_free (json);
          json = with_id;
        }

      /* A terminal would obey the C1 controls json-glib leaves raw; a pipe gets them as is. */
      if (chat->stdout_is_tty)
        {
          char *escaped = parlance_terminal_escape_json (json);

          g_free (json);
          json = escaped;
        }
      if (!_parlance_cli_write_all (STDOUT_FILENO, json, strlen (json)) ||
          !_parlance_cli_write_all (STDOUT_FILENO, "\n", 1))
        chat->write_errno = errno;
      return;
    }

  end_reasoning (chat);

  /* Piped output stays byte-exact; a terminal gets its prompt back on a line of its own. */
  if (chat->stdout_is_tty && chat->write_errno == 0)
    {
      gsize len = parlance_chat_reply_get_content_length (chat->reply);
      const char *content = parlance_chat_reply_get_content (chat->reply);

      if (len > 0 && content[len - 1] != '\n')
        _parlance_cli_write_all (STDOUT_FILENO, "\n", 1);
    }
}

/* What a complete reply doesn't say by itself, for the person at the terminal. */
static void
print_notes (Chat *chat)
{
  guint n_tool_calls = parlance_chat_reply_get_n_tool_calls (chat->reply);

  if (chat->json)
    return;

  if (g_strcmp0 (parlance_chat_reply_get_finish_reason (chat->reply), "length") == 0)
    g_printerr (_("The reply was cut short: the model reached its length limit.\n"));

  if (n_tool_calls > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;
      g_autofree char *joined = NULL;

      for (guint i = 0; i < n_tool_calls; i++)
        {
          const ParlanceToolCall *call = parlance_chat_reply_get_tool_call (chat->reply, i);

          if (call != NULL && call->name != NULL)
            g_strv_builder_add (builder, call->name);
        }
      names = g_strv_builder_end (builder);
      joined = g_strjoinv (", ", names);
      /* The names are the model's words: on a terminal, without their escape sequences. */
      if (chat->stderr_is_tty)
        {
          char *safe = parlance_terminal_sanitize (joined);

          g_free (joined);
          joined = safe;
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "The model asked to call a tool (%s); parlance-cli doesn’t run tools. "
                               "Use --json to see the call.\n",
                               "The model asked to call tools (%s); parlance-cli doesn’t run tools. "
                               "Use --json to see the calls.\n",
                               n_tool_calls),
                  joined);
    }
}

/* Steps: [read the prompt] → [look up the key] → stream */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  if (!_parlance_cli_chat_log_end_finish (result, &error))
    {
      g_printerr (_("The reply could not be saved: %s\n"), error->message);
      /* The reply's own failure says more than this one. */
      if (chat->exit_status == PARLANCE_CLI_EXIT_OK)
        chat->exit_status = PARLANCE_CLI_EXIT_STORE;
    }
  chat_quit (chat, chat->exit_status);
}

/* The stream and what was asked after it are over. */
static void
stream_over (Chat         *chat,
             const GError *error)
{
  /* The client's provider: the one with the secret headers, to take out of the words. */
  _parlance_cli_chat_finish_attempt (chat, parlance_chat_client_get_provider (chat->client), error);
}

/*
 * _parlance_cli_chat_finish_attempt:
 * @provider: whose key and secret headers are kept out of what is printed
 * @error: (nullable): how the last attempt failed
 *
 * No attempt follows: says how the reply ended, then waits for the database to have all of it.
 */
void
_parlance_cli_chat_finish_attempt (Chat             *chat,
                                   ParlanceProvider *provider,
                                   const GError     *error)
{
  finish_output (chat);

  if (chat->write_errno != 0)
    {
      g_printerr (_("Could not write the reply: %s\n"), g_strerror (chat->write_errno));
      chat->exit_status = PARLANCE_CLI_EXIT_FAILURE;
    }
  else if (error != NULL)
    {
      _parlance_cli_print_error (provider, error, parlance_chat_reply_get_server_message (chat->reply),
                                 chat->key, chat->key_source);
      chat->exit_status = _parlance_cli_exit_for_error (error);
    }
  else
    {
      print_notes (chat);
      chat->exit_status = PARLANCE_CLI_EXIT_OK;
    }

  if (chat->log == NULL)
    {
      chat_quit (chat, chat->exit_status);
      return;
    }
  _parlance_cli_chat_log_end_async (chat->log, error, chat->key, saved_cb, chat);
}

static void
stream_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (_parlance_cli_chat_try_again (chat, error))
    return;
  /* A stream cut before its usage: its figures are asked of OpenRouter first (3 s at most). */
  if (_parlance_cli_chat_fetch_generation (chat, error, stream_over))
    return;
  stream_over (chat, error);
}

/* Each attempt is a request of its own, to the same provider, with the same key. */
void
_parlance_cli_chat_start_attempt (Chat *chat)
{
  g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (chat->provider, chat->secret_headers);
  g_autoptr(GError) error = NULL;
  gboolean first = !chat->begun;

  /* The user's message is on disk before anything is sent. */
  if (first && chat->log != NULL &&
      !_parlance_cli_chat_log_begin (chat->log, chat->prompt, parlance_provider_get_id (chat->provider),
                                     chat->model, chat->system, chat->json, &error))
    {
      chat_quit (chat, _parlance_cli_report_store_error (error, TRUE));
      return;
    }
  chat->begun = TRUE;

  if (chat->reply != NULL)
    g_signal_handlers_disconnect_by_data (chat->reply, chat);
  g_clear_object (&chat->reply);
  g_clear_object (&chat->client);
  g_clear_object (&chat->request);
  chat->request = parlance_chat_request_new (chat->model);
  chat->client = parlance_chat_client_new (bound);
  chat->reply = parlance_chat_reply_new ();
  g_signal_connect (chat->reply, "content-delta", G_CALLBACK (on_content_delta), chat);
  g_signal_connect (chat->reply, "reasoning-delta", G_CALLBACK (on_reasoning_delta), chat);

  if (chat->log != NULL)
    {
      /* The conversation's system prompt (the one given with -s, now), settings and history. */
      _parlance_cli_chat_log_fill_request (chat->log, chat->request, chat->provider, NULL);
      if (first)
        _parlance_cli_chat_log_follow (chat->log, chat->reply);
      else
        {
          g_autoptr(JsonArray) attempts = parlance_fallback_chain_dup_attempts (chat->chain);
          g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), attempts);
          g_autofree char *json = json_to_string (node, FALSE);

          _parlance_cli_chat_log_next_attempt (chat->log, chat->reply, chat->model,
                                               chat->requested_model, json);
        }
    }
  else if (chat->system != NULL)
    {
      parlance_chat_request_add_message (chat->request, "system", chat->system);
    }
  parlance_chat_request_add_message (chat->request, "user", chat->prompt);

  parlance_chat_client_stream_async (chat->client, chat->request, chat->key, chat->reply,
                                     chat->cancellable, stream_cb, chat);
}

static void
chain_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Chat *chat = user_data;
  const char *model;
  int status;

  if (!_parlance_cli_chat_prepare_chain_finish (result, NULL) ||
      g_cancellable_is_cancelled (chat->cancellable))
    {
      g_printerr ("%s\n", _("Stopped"));
      chat_quit (chat, PARLANCE_CLI_EXIT_CANCELLED);
      return;
    }
  model = parlance_fallback_chain_next (chat->chain);
  if (model == NULL)
    {
      g_auto(GStrv) skipped = parlance_fallback_chain_dup_skipped (chat->chain);
      g_autofree char *joined = g_strjoinv (", ", skipped);
      g_autofree char *line = g_strdup_printf (_("No model may be asked with --free-only: %s "
                                                 "is paid or not in the list of models. Name a free "
                                                 "model with -m or --fallback.\n"), joined);
      g_autofree char *safe = chat->stderr_is_tty ? parlance_terminal_sanitize (line) : g_strdup (line);

      _parlance_cli_write_all (STDERR_FILENO, safe, strlen (safe));
      chat_quit (chat, PARLANCE_CLI_EXIT_USAGE);
      return;
    }
  g_free (chat->model);
  chat->model = g_strdup (model);
  /* Before anything is saved or sent: does it fit the first model's context? */
  if ((status = _parlance_cli_chat_precheck (chat)) != PARLANCE_CLI_CHAT_GO_ON)
    {
      chat_quit (chat, status);
      return;
    }
  if (!_parlance_cli_chat_wait_before_send (chat))
    _parlance_cli_chat_start_attempt (chat);
}

static void
start_stream (Chat *chat)
{
  _parlance_cli_chat_prepare_chain_async (chat, chain_ready_cb, chat);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  chat->key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result,
                                                    &chat->key_source, &chat->secret_headers, &error);
  if (error != NULL && _parlance_cli_key_is_optional (chat->provider) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      /* The key is optional: go on without, and say why only when a keyring is there. */
      if (!g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE))
        g_printerr (_("Going on without a key: %s\n"), error->message);
    }
  else if (error != NULL)
    {
      chat_quit (chat, _parlance_cli_report_lookup_error (chat->provider, error));
      return;
    }
  if (chat->key == NULL && !_parlance_cli_key_is_optional (chat->provider))
    {
      _parlance_cli_print_no_key (chat->provider);
      chat_quit (chat, PARLANCE_CLI_EXIT_NO_KEY);
      return;
    }

  start_stream (chat);
}

static void
find_key (Chat *chat)
{
  if (!parlance_provider_get_needs_key (chat->provider) &&
      !_parlance_cli_key_is_optional (chat->provider))
    {
      start_stream (chat);
      return;
    }

  chat->key_store = parlance_key_store_new ();
  parlance_key_store_lookup_for_async (chat->key_store, chat->provider, chat->cancellable,
                                       lookup_cb, chat);
}

static void
read_prompt_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  chat->prompt = _parlance_cli_read_stdin_finish (result, &len, &error);
  if (chat->prompt == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("%s\n", _("Stopped"));
          chat_quit (chat, PARLANCE_CLI_EXIT_CANCELLED);
        }
      else
        {
          g_printerr (_("Could not read the prompt: %s\n"), error->message);
          chat_quit (chat, PARLANCE_CLI_EXIT_FAILURE);
        }
      return;
    }

  if (strlen (chat->prompt) != len || !g_utf8_validate (chat->prompt, (gssize) len, NULL))
    {
      g_printerr (_("The prompt on standard input is not UTF-8 text.\n"));
      chat_quit (chat, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  g_strchomp (chat->prompt);
  if (*chat->prompt == '\0')
    {
      g_printerr (_("The prompt on standard input is empty.\n"));
      chat_quit (chat, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  find_key (chat);
}

int
_parlance_cli_chat (int    argc,
                    char **argv)
{
  g_auto(ChatOptions) o = { 0 };
  gboolean from_stdin = FALSE;
  Chat chat = { 0 };
  guint interrupt_id;
  int status;

  if ((status = _parlance_cli_chat_parse_options (argc, argv, &o)) != PARLANCE_CLI_CHAT_GO_ON ||
      (status = _parlance_cli_chat_take_prompt (&chat, &o, &from_stdin)) != PARLANCE_CLI_CHAT_GO_ON ||
      (status = _parlance_cli_chat_open_conversation (&chat, &o)) != PARLANCE_CLI_CHAT_GO_ON ||
      (status = _parlance_cli_chat_take_fallback (&chat, &o)) != PARLANCE_CLI_CHAT_GO_ON ||
      (status = _parlance_cli_chat_choose_model (&chat, &o)) != PARLANCE_CLI_CHAT_GO_ON)
    {
      chat_clear (&chat);
      return status;
    }

  chat.loop = g_main_loop_new (NULL, FALSE);
  chat.cancellable = g_cancellable_new ();
  chat.system = g_steal_pointer (&o.system);
  chat.json = o.json;
  chat.no_wait = o.no_wait;
  chat.stdout_is_tty = isatty (STDOUT_FILENO);
  chat.stderr_is_tty = isatty (STDERR_FILENO);
  /* Markdown rendered on a terminal, unless --raw; into a pipe with --render. Code lines wider
   * than the terminal are cut there, kept whole into a pipe. */
  if (!chat.json && (o.render || (chat.stdout_is_tty && !o.raw)))
    chat.render = _parlance_cli_render_new (_parlance_cli_render_get_width (STDOUT_FILENO),
                                            chat.stdout_is_tty, 0);
  if (chat.stdout_is_tty)
    chat.content_filter = parlance_terminal_filter_new ();
  if (chat.stderr_is_tty)
    chat.reasoning_filter = parlance_terminal_filter_new ();
  chat.key_source = PARLANCE_KEY_SOURCE_NONE;
  chat.estimated_prompt_tokens = -1;

  interrupt_id = _parlance_cli_watch_interrupt (chat.cancellable, NULL, NULL);

  if (from_stdin)
    _parlance_cli_read_stdin_async (FALSE, MAX_PROMPT_SIZE, chat.cancellable, read_prompt_cb, &chat);
  else
    find_key (&chat);

  g_main_loop_run (chat.loop);

  g_source_remove (interrupt_id);
  chat_clear (&chat);

  return chat.exit_status;
}
