/* parlance-openrouter-generation.h — what OpenRouter recorded of one generation: exact cost,
 * tokens, the provider that served it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-chat-reply.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

/* The longest generation id sent back to OpenRouter ("gen-1764000000-…" is 40). */
#define PARLANCE_OPENROUTER_GENERATION_MAX_ID 256
/* The largest /generation answer read (a few hundred bytes in practice). */
#define PARLANCE_OPENROUTER_GENERATION_MAX_SIZE (256 * 1024)

#define PARLANCE_TYPE_OPENROUTER_GENERATION (parlance_openrouter_generation_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceOpenrouterGeneration, parlance_openrouter_generation, PARLANCE,
                      OPENROUTER_GENERATION, GObject)

void         parlance_openrouter_generation_fetch_async  (ParlanceProvider    *provider,
                                                          const char          *api_key,
                                                          const char          *generation_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
ParlanceOpenrouterGeneration *
             parlance_openrouter_generation_fetch_finish (GAsyncResult        *result,
                                                          GError             **error);
ParlanceOpenrouterGeneration *
             parlance_openrouter_generation_new_from_json (JsonNode           *root,
                                                           GError            **error);

const char  *parlance_openrouter_generation_get_id                (ParlanceOpenrouterGeneration *self);
const char  *parlance_openrouter_generation_get_model             (ParlanceOpenrouterGeneration *self);
const char  *parlance_openrouter_generation_get_provider_name     (ParlanceOpenrouterGeneration *self);
const char  *parlance_openrouter_generation_get_finish_reason     (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_cost_pico         (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_prompt_tokens     (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_completion_tokens (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_native_prompt_tokens     (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_native_completion_tokens (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_reasoning_tokens  (ParlanceOpenrouterGeneration *self);
gint64       parlance_openrouter_generation_get_cached_tokens     (ParlanceOpenrouterGeneration *self);
gboolean     parlance_openrouter_generation_get_cancelled         (ParlanceOpenrouterGeneration *self);

/* parlance-openrouter-generation-later.c: a cut stream's figures, asked a little later. */
void         parlance_openrouter_generation_fetch_later_async  (ParlanceProvider    *provider,
                                                                const char          *api_key,
                                                                const char          *generation_id,
                                                                guint                first_delay_ms,
                                                                guint                max_wait_ms,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
ParlanceOpenrouterGeneration *
             parlance_openrouter_generation_fetch_later_finish (GAsyncResult        *result,
                                                                GError             **error);
gboolean     parlance_openrouter_generation_is_wanted          (ParlanceProvider    *provider,
                                                                ParlanceChatReply   *reply);
gboolean     parlance_openrouter_generation_apply              (ParlanceOpenrouterGeneration *self,
                                                                ParlanceChatReply            *reply);
/* For tests: no waits between the questions. */
void         _parlance_openrouter_generation_set_no_delays     (gboolean             value);
gboolean     _parlance_openrouter_generation_get_no_delays     (void);

G_END_DECLS
