/* parlance-fallback.h — which failed answers let the next model of a chain answer, and which
 * models a chain may ask.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-chat-reply.h"
#include "parlance-model-catalog.h"

G_BEGIN_DECLS

/**
 * ParlanceFallbackReason:
 * @PARLANCE_FALLBACK_REASON_NONE: no reason to ask another model (the request was wrong, the
 *   key refused, the user stopped it…): the failure stands
 * @PARLANCE_FALLBACK_REASON_RATE_LIMITED: 429, of any kind but a daily quota
 * @PARLANCE_FALLBACK_REASON_QUOTA: 429, the daily quota is spent
 * @PARLANCE_FALLBACK_REASON_UNAVAILABLE: 502 or 503
 * @PARLANCE_FALLBACK_REASON_NO_ENDPOINTS: OpenRouter's "No endpoints found"
 */
typedef enum
{
  PARLANCE_FALLBACK_REASON_NONE,
  PARLANCE_FALLBACK_REASON_RATE_LIMITED,
  PARLANCE_FALLBACK_REASON_QUOTA,
  PARLANCE_FALLBACK_REASON_UNAVAILABLE,
  PARLANCE_FALLBACK_REASON_NO_ENDPOINTS,
} ParlanceFallbackReason;

ParlanceFallbackReason parlance_fallback_reason_for        (const GError           *error,
                                                            ParlanceChatReply      *reply);
const char            *parlance_fallback_reason_to_string  (ParlanceFallbackReason  reason);
ParlanceFallbackReason parlance_fallback_reason_from_string (const char            *text);
char                  *parlance_fallback_reason_describe   (ParlanceFallbackReason  reason,
                                                            const char             *model);

/**
 * ParlanceFallbackGuard:
 * @PARLANCE_FALLBACK_ALLOWED: the model may be asked
 * @PARLANCE_FALLBACK_SKIPPED_PAID: free models only, and the catalogue prices it above zero
 * @PARLANCE_FALLBACK_SKIPPED_UNLISTED: free models only, the catalogue does not list it and it
 *   was not named explicitly
 */
typedef enum
{
  PARLANCE_FALLBACK_ALLOWED,
  PARLANCE_FALLBACK_SKIPPED_PAID,
  PARLANCE_FALLBACK_SKIPPED_UNLISTED,
} ParlanceFallbackGuard;

gboolean              parlance_model_is_priced       (ParlanceModel *model);
ParlanceFallbackGuard parlance_fallback_guard        (ParlanceModel *listed,
                                                      gboolean       free_only,
                                                      gboolean       named_explicitly);

#define PARLANCE_TYPE_FALLBACK_CHAIN (parlance_fallback_chain_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceFallbackChain, parlance_fallback_chain, PARLANCE, FALLBACK_CHAIN, GObject)

ParlanceFallbackChain *parlance_fallback_chain_new        (void);
void                   parlance_fallback_chain_add        (ParlanceFallbackChain *self,
                                                           const char            *model,
                                                           gboolean               named_explicitly,
                                                           gboolean               guarded);
void                   parlance_fallback_chain_set_free_only (ParlanceFallbackChain *self,
                                                              gboolean               free_only);
void                   parlance_fallback_chain_set_catalog (ParlanceFallbackChain *self,
                                                            ParlanceModelCatalog  *catalog);
const char            *parlance_fallback_chain_next       (ParlanceFallbackChain *self);
const char            *parlance_fallback_chain_peek_next  (ParlanceFallbackChain *self,
                                                           const char            *provider_id,
                                                           const char            *skip_group);
const char            *parlance_fallback_chain_next_outside (ParlanceFallbackChain *self,
                                                             const char            *provider_id,
                                                             const char            *skip_group);
const char            *parlance_fallback_chain_get_current (ParlanceFallbackChain *self);
void                   parlance_fallback_chain_note_failure (ParlanceFallbackChain  *self,
                                                             const GError           *error,
                                                             ParlanceChatReply      *reply,
                                                             ParlanceFallbackReason  reason,
                                                             gint64                  waited);
gboolean               parlance_fallback_chain_fail       (ParlanceFallbackChain *self,
                                                           const GError          *error,
                                                           ParlanceChatReply     *reply);
guint                  parlance_fallback_chain_get_n_attempts (ParlanceFallbackChain *self);
JsonArray             *parlance_fallback_chain_dup_attempts (ParlanceFallbackChain *self);
char                 **parlance_fallback_chain_dup_skipped (ParlanceFallbackChain *self);

G_END_DECLS
