/* parlance-cli-chat-generation.c — a cut stream's exact figures before `chat` says them.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An OpenRouter stream that ends without its last chunk (the connection lost, a server error in
 * the middle) has no usage or cost; OpenRouter records them and GET /generation tells them a
 * moment later. `chat` asks for them (half a second after the end, again on a 404, 3 s at most
 * in all) before it prints `--json` and saves the reply and its request row, so those hold the
 * exact figures. Not after Ctrl-C: that asks to stop now. What can't be had in time is left
 * out, as before.
 */

#include "config.h"

#include "parlance-api-error.h"
#include "parlance-cli-chat-private.h"
#include "parlance-openrouter-generation.h"

#define FIRST_DELAY_MS 500
#define MAX_WAIT_MS    3000

typedef struct
{
  Chat                 *chat;
  GError               *error;
  CliChatGenerationDone done;
} Job;

static void
generation_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(ParlanceOpenrouterGeneration) generation = NULL;
  g_autoptr(GError) error = NULL;

  generation = parlance_openrouter_generation_fetch_later_finish (result, &error);
  if (generation != NULL)
    parlance_openrouter_generation_apply (generation, job->chat->reply);
  else
    g_debug ("The cut reply's cost is not known: %s", error->message);
  job->done (job->chat, job->error);
  g_clear_error (&job->error);
  g_free (job);
}

/*
 * _parlance_cli_chat_fetch_generation:
 * @error: (nullable): how the stream ended
 * @done: called with @chat and @error once the figures are in @chat's reply, or could not be had
 *
 * Returns: %TRUE when @done will be called; %FALSE when there is nothing to ask (call it yourself)
 */
gboolean
_parlance_cli_chat_fetch_generation (Chat                  *chat,
                                     const GError          *error,
                                     CliChatGenerationDone  done)
{
  g_autoptr(ParlanceProvider) bound = NULL;
  Job *job;

  if (error == NULL || chat->reply == NULL || chat->write_errno != 0 ||
      g_cancellable_is_cancelled (chat->cancellable) ||
      (!chat->json && chat->log == NULL) ||
      !parlance_openrouter_generation_is_wanted (chat->provider, chat->reply))
    return FALSE;

  job = g_new0 (Job, 1);
  job->chat = chat;
  job->error = error != NULL ? g_error_copy (error) : NULL;
  job->done = done;
  /* The key goes where it was looked up for, with the secret headers bound there. */
  bound = parlance_provider_dup_with_headers (chat->provider, chat->secret_headers);
  parlance_openrouter_generation_fetch_later_async (bound, chat->key,
                                                    parlance_chat_reply_get_generation_id (chat->reply),
                                                    FIRST_DELAY_MS, MAX_WAIT_MS, chat->cancellable,
                                                    generation_fetched, job);
  return TRUE;
}
