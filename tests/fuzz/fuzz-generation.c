/* fuzz-generation.c — libFuzzer: OpenRouter's answer to GET /api/v1/generation.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body goes the way the chat client takes it (the size cap, the depth-guarded parser), then
 * into a generation and onto a cut reply of the same id. Whatever it holds: an answer without a
 * `data` object is MALFORMED; counts and the cost are -1 (not said) or not negative, the texts
 * valid UTF-8, and the reply it is applied to keeps its totals in range.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parlance-api-error.h"
#include "parlance-chat-reply.h"
#include "parlance-json.h"
#include "parlance-openrouter-generation.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
text_is_valid (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

static void
check_generation (ParlanceOpenrouterGeneration *generation)
{
  ParlanceOpenrouterGeneration *self = generation;

  if (parlance_openrouter_generation_get_cost_pico (self) < -1 ||
      parlance_openrouter_generation_get_prompt_tokens (self) < -1 ||
      parlance_openrouter_generation_get_completion_tokens (self) < -1 ||
      parlance_openrouter_generation_get_native_prompt_tokens (self) < -1 ||
      parlance_openrouter_generation_get_native_completion_tokens (self) < -1 ||
      parlance_openrouter_generation_get_reasoning_tokens (self) < -1 ||
      parlance_openrouter_generation_get_cached_tokens (self) < -1 ||
      !text_is_valid (parlance_openrouter_generation_get_id (self)) ||
      !text_is_valid (parlance_openrouter_generation_get_model (self)) ||
      !text_is_valid (parlance_openrouter_generation_get_provider_name (self)) ||
      !text_is_valid (parlance_openrouter_generation_get_finish_reason (self)))
    abort ();
}

static void
check_reply (ParlanceChatReply *reply)
{
  if (parlance_chat_reply_get_prompt_tokens (reply) < -1 ||
      parlance_chat_reply_get_completion_tokens (reply) < -1 ||
      parlance_chat_reply_get_total_tokens (reply) < -1 ||
      parlance_chat_reply_get_reasoning_tokens (reply) < -1 ||
      parlance_chat_reply_get_cached_tokens (reply) < -1 ||
      parlance_chat_reply_get_cost_pico (reply) < -1 ||
      !text_is_valid (parlance_chat_reply_get_model (reply)) ||
      !text_is_valid (parlance_chat_reply_get_provider_name (reply)))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(ParlanceOpenrouterGeneration) generation = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *id;

  /* What the chat client would refuse to read, and what it would not call a document. */
  if (size > PARLANCE_OPENROUTER_GENERATION_MAX_SIZE ||
      !parlance_json_parser_load (parser, (const char *) data, size, NULL))
    return 0;

  generation = parlance_openrouter_generation_new_from_json (json_parser_get_root (parser), &error);
  if (generation == NULL)
    {
      if (!g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED))
        abort ();
      return 0;
    }
  check_generation (generation);

  /* The cut reply it answers for: same id (or none said), a stream's figures before it. A reply
   * keeps no empty id, so an empty one said is another generation's. */
  id = parlance_openrouter_generation_get_id (generation);
  reply = parlance_chat_reply_new ();
  _parlance_chat_reply_set_origin (reply, id != NULL ? id : "gen-fuzz", "fuzz/model", "Fuzz");
  if (!parlance_openrouter_generation_apply (generation, reply) && (id == NULL || *id != '\0'))
    abort ();
  check_reply (reply);
  json = parlance_chat_reply_to_json (reply);
  if (json == NULL || !g_utf8_validate (json, -1, NULL))
    abort ();
  return 0;
}
