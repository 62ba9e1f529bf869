/* parlance-cli-chat-precheck.c — `parlance-cli chat` checks the conversation against the model's
 * context before anything is saved or sent.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What would be sent (the system prompt, the continued conversation's history and the prompt)
 * is estimated in tokens (parlance-send-estimate.c) and compared with the context length the
 * provider's saved catalogue gives the first model: from 80 % a warning on standard error, over
 * 100 % a refusal with exit status 1 (as the provider's own refusal would give), nothing saved
 * and nothing sent. The catalogue is the one on disk (`parlance-cli models` saves it); without
 * it, or without the model's context length, nothing is checked.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-cli-chat-private.h"
#include "parlance-send-estimate.h"

static void
print_line (Chat       *chat,
            const char *line)
{
  g_autofree char *safe = chat->stderr_is_tty ? parlance_terminal_sanitize (line) : g_strdup (line);

  _parlance_cli_write_all (STDERR_FILENO, safe, strlen (safe));
}

static gint64
estimate_prompt (Chat   *chat,
                 gint64 *max_tokens)
{
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new (chat->model);

  /* As start_attempt () builds it; -s given when continuing replaces the conversation's. */
  if (chat->log != NULL)
    _parlance_cli_chat_log_fill_request (chat->log, request, chat->provider, chat->system);
  else if (chat->system != NULL)
    parlance_chat_request_add_message (request, "system", chat->system);
  parlance_chat_request_add_message (request, "user", chat->prompt);
  *max_tokens = parlance_chat_request_get_max_tokens (request);
  return parlance_chat_request_estimate_prompt_tokens (request);
}

/**
 * _parlance_cli_chat_precheck:
 *
 * Returns: %PARLANCE_CLI_CHAT_GO_ON when the request may be sent, else the exit status
 */
int
_parlance_cli_chat_precheck (Chat *chat)
{
  ParlanceModel *model = NULL;
  ParlanceSendEstimate estimate;
  g_autofree char *used = NULL;
  g_autofree char *context = NULL;
  g_autofree char *line = NULL;
  gint64 max_tokens = 0;

  if (chat->catalog != NULL)
    model = parlance_model_catalog_lookup (chat->catalog, chat->model);
  parlance_send_estimate_compute (&estimate, estimate_prompt (chat, &max_tokens), max_tokens, model);
  chat->estimated_prompt_tokens = estimate.prompt_tokens;

  if (estimate.verdict != PARLANCE_CONTEXT_WARN && estimate.verdict != PARLANCE_CONTEXT_REFUSE)
    return PARLANCE_CLI_CHAT_GO_ON;

  used = g_strdup_printf ("%'" G_GINT64_FORMAT, estimate.prompt_tokens + estimate.reply_reserve);
  context = g_strdup_printf ("%'" G_GINT64_FORMAT, estimate.context_length);
  if (estimate.verdict == PARLANCE_CONTEXT_WARN)
    {
      /* Translators: %d is a percentage, then a model id, its context in tokens, the tokens used */
      line = g_strdup_printf (_("This conversation uses about %d %% of %s’s %s-token context "
                                "(about %s tokens).\n"),
                              estimate.percent, chat->model, context, used);
      print_line (chat, line);
      return PARLANCE_CLI_CHAT_GO_ON;
    }

  if (estimate.reply_reserve > 0)
    {
      g_autofree char *reserve = g_strdup_printf ("%'" G_GINT64_FORMAT, estimate.reply_reserve);

      /* Translators: a model id, its context in tokens, the tokens the request needs, then the
       * tokens of them kept for the reply */
      line = g_strdup_printf (_("Not sent: this conversation is too long for %s’s %s-token context: "
                                "it needs about %s tokens, %s of them kept for the reply (its max "
                                "tokens). Start a new conversation, or pick a model with a longer "
                                "context (-m).\n"),
                              chat->model, context, used, reserve);
    }
  else
    {
      /* Translators: a model id, its context in tokens, then the tokens the request needs */
      line = g_strdup_printf (_("Not sent: this conversation is too long for %s’s %s-token context: "
                                "it needs about %s tokens. Start a new conversation, or pick a model "
                                "with a longer context (-m).\n"),
                              chat->model, context, used);
    }
  print_line (chat, line);
  return PARLANCE_CLI_EXIT_FAILURE;
}
