/* parlance-send-estimate.h — before sending: will the conversation fit the model's context, and
 * what will it cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "parlance-model.h"

G_BEGIN_DECLS

/* Tokens every message adds around its text (role and separators), and those that open the
 * reply: OpenAI's chat format, which matched the recorded usage exactly (see the .c file). */
#define PARLANCE_ESTIMATE_TOKENS_PER_MESSAGE 3
#define PARLANCE_ESTIMATE_TOKENS_REPLY_PRIMING 3
/* The reply priced when the request sets no max_tokens: a long answer, about 750 words. */
#define PARLANCE_ESTIMATE_TYPICAL_REPLY_TOKENS 1000

/**
 * ParlanceContextVerdict:
 * @PARLANCE_CONTEXT_UNKNOWN: the model's context length is unknown: nothing is checked
 * @PARLANCE_CONTEXT_OK: under 80 % of the context
 * @PARLANCE_CONTEXT_WARN: 80 % to 100 % of the context: it still fits
 * @PARLANCE_CONTEXT_REFUSE: over 100 %: the provider would refuse it, so it is not sent
 */
typedef enum
{
  PARLANCE_CONTEXT_UNKNOWN,
  PARLANCE_CONTEXT_OK,
  PARLANCE_CONTEXT_WARN,
  PARLANCE_CONTEXT_REFUSE,
} ParlanceContextVerdict;

/**
 * ParlanceSendEstimate:
 * @verdict: whether the request fits the context
 * @prompt_tokens: the estimated tokens of what is sent
 * @reply_reserve: the tokens kept for the reply (the request's max_tokens), 0 when not set
 * @context_length: the model's context in tokens, -1 when unknown
 * @percent: (@prompt_tokens + @reply_reserve) as a percentage of @context_length, rounded
 *   down; -1 when unknown
 * @prompt_cost_pico: what sending costs in pico-dollars (prompt tokens, plus the price per
 *   request), -1 when the model is free or its price unknown
 * @reply_tokens: the reply priced in @reply_cost_pico: max_tokens when set, else
 *   %PARLANCE_ESTIMATE_TYPICAL_REPLY_TOKENS, never more than the model's longest reply
 * @reply_cost_pico: what a reply of @reply_tokens adds, -1 when unknown or free
 */
typedef struct
{
  ParlanceContextVerdict verdict;
  gint64                 prompt_tokens;
  gint64                 reply_reserve;
  gint64                 context_length;
  int                    percent;
  gint64                 prompt_cost_pico;
  gint64                 reply_tokens;
  gint64                 reply_cost_pico;
} ParlanceSendEstimate;

gint64   parlance_estimate_text_tokens    (const char           *text,
                                           gssize                length);
gint64   parlance_estimate_message_tokens (const char           *text);
void     parlance_send_estimate_compute   (ParlanceSendEstimate *estimate,
                                           gint64                prompt_tokens,
                                           gint64                max_tokens,
                                           ParlanceModel        *model);
gint64   parlance_price_pico_from_string  (const char           *price);
char    *parlance_cost_pico_format_approx (gint64                cost_pico);

G_END_DECLS
