/* parlance-send-estimate.c — before sending: will the conversation fit the model's context, and
 * what will it cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No tokenizer of every model is at hand, so tokens are estimated: a quarter of a token for each
 * byte of text (about right for English and code with OpenAI's and Llama's tokenizers), one
 * token for each CJK or Hangul character (they are mostly one token each), two for each
 * character past the Basic Multilingual Plane (emoji: one to three), one for each byte that is
 * not UTF-8 (byte fallback). Each message adds 3 tokens and the reply's start 3 more. Against the
 * recorded usage in the shared fixtures (prompts without tools) this gives 9 for o3's "Who are
 * you" (usage: 9) and 17 for gpt-5-mini's system and user message (usage: 17, twice); models
 * whose provider adds a hidden system prompt count more than is sent (Claude and MiniMax +34,
 * Gemini 2.0 Flash +678), which the estimate cannot see. A refusal therefore needs the estimate
 * itself to be over the context: what is left unseen only makes the provider refuse sooner.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-message.h"
#include "parlance-send-estimate.h"

#define PICO_PER_DOLLAR G_GINT64_CONSTANT (1000000000000)

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x2E80 && c <= 0x9FFF) ||    /* radicals, kana, CJK ideographs */
         (c >= 0xAC00 && c <= 0xD7AF) ||    /* Hangul syllables */
         (c >= 0xF900 && c <= 0xFAFF) ||    /* compatibility ideographs */
         (c >= 0xFF00 && c <= 0xFFEF) ||    /* full-width forms */
         (c >= 0x20000 && c <= 0x3FFFF);    /* ideographs past the BMP */
}

/**
 * parlance_estimate_text_tokens:
 * @text: (nullable): text, not necessarily valid UTF-8
 * @length: its length in bytes, or -1 when nul-terminated
 *
 * Estimates the tokens of @text (see the top of this file for how). Invalid UTF-8 is counted,
 * never read past.
 *
 * Returns: the estimated tokens, rounded up
 */
gint64
parlance_estimate_text_tokens (const char *text,
                               gssize      length)
{
  const char *p = text;
  const char *end;
  gint64 quarters = 0;

  if (text == NULL)
    return 0;
  end = text + (length < 0 ? strlen (text) : (gsize) length);

  while (p < end)
    {
      guchar byte = (guchar) *p;
      gunichar c;
      int size;

      if (byte < 0x80)
        {
          quarters++;
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          quarters += 4;
          p++;
          continue;
        }
      size = g_utf8_next_char (p) - p;
      if (is_cjk (c))
        quarters += 4;
      else if (c >= 0x10000)
        quarters += 8;
      else
        quarters += size;
      p += size;
    }
  return (quarters + 3) / 4;
}

/**
 * parlance_estimate_message_tokens:
 * @text: (nullable): a message's text
 *
 * Returns: the estimated tokens of a message of the request: its text and what wraps it
 */
gint64
parlance_estimate_message_tokens (const char *text)
{
  return parlance_estimate_text_tokens (text, -1) + PARLANCE_ESTIMATE_TOKENS_PER_MESSAGE;
}

/**
 * parlance_price_pico_from_string:
 * @price: (nullable): a price in US dollars as a catalogue writes it ("0.0000003")
 *
 * Returns: the price in pico-dollars, rounded to the nearest; -1 when unknown or negative
 *   (OpenRouter writes "-1" for a price that depends on the model routed to)
 */
gint64
parlance_price_pico_from_string (const char *price)
{
  char *end = NULL;
  double value;

  if (price == NULL || *price == '\0')
    return -1;
  value = g_ascii_strtod (price, &end);
  if (end == price || *end != '\0')
    return -1;
  return parlance_cost_pico_from_double (value);
}

/* @a × @b, or -1 when it would not fit. */
static gint64
multiply (gint64 a,
          gint64 b)
{
  if (a < 0 || b < 0)
    return -1;
  if (a != 0 && b > G_MAXINT64 / a)
    return -1;
  return a * b;
}

static void
compute_cost (ParlanceSendEstimate *estimate,
              gint64                max_tokens,
              ParlanceModel        *model)
{
  gint64 prompt = parlance_price_pico_from_string (parlance_model_get_price (model, PARLANCE_MODEL_PRICE_PROMPT));
  gint64 completion = parlance_price_pico_from_string (parlance_model_get_price (model, PARLANCE_MODEL_PRICE_COMPLETION));
  gint64 request = parlance_price_pico_from_string (parlance_model_get_price (model, PARLANCE_MODEL_PRICE_REQUEST));
  gint64 longest = parlance_model_get_max_output_tokens (model);

  estimate->reply_tokens = max_tokens > 0 ? max_tokens : PARLANCE_ESTIMATE_TYPICAL_REPLY_TOKENS;
  if (longest > 0)
    estimate->reply_tokens = MIN (estimate->reply_tokens, longest);

  /* A free model costs nothing to tell; an unknown price nothing we could tell. */
  if (parlance_model_get_is_free (model) || prompt < 0 || completion < 0 ||
      (prompt == 0 && completion == 0 && request <= 0))
    return;

  estimate->prompt_cost_pico = multiply (estimate->prompt_tokens, prompt);
  if (estimate->prompt_cost_pico >= 0 && request > 0)
    estimate->prompt_cost_pico = estimate->prompt_cost_pico <= G_MAXINT64 - request
                                 ? estimate->prompt_cost_pico + request : -1;
  estimate->reply_cost_pico = multiply (estimate->reply_tokens, completion);
}

/**
 * parlance_send_estimate_compute:
 * @estimate: (out caller-allocates): the result
 * @prompt_tokens: the estimated tokens of what would be sent
 * @max_tokens: the request's max_tokens, 0 or less when not set
 * @model: (nullable): the model from the provider's catalogue; %NULL when it is not listed
 *
 * Compares what would be sent with the model's context: under 80 % is fine, from 80 % a
 * warning, over 100 % a refusal (exactly 100 % still fits). When the request sets max_tokens,
 * as many (up to the model's longest reply) are kept for the reply. An unknown model or context
 * length is never refused. Costs are exact integers of pico-dollars.
 */
void
parlance_send_estimate_compute (ParlanceSendEstimate *estimate,
                                gint64                prompt_tokens,
                                gint64                max_tokens,
                                ParlanceModel        *model)
{
  gint64 longest;
  gint64 used;
  gint64 context;

  g_return_if_fail (estimate != NULL);
  g_return_if_fail (model == NULL || PARLANCE_IS_MODEL (model));

  *estimate = (ParlanceSendEstimate) {
    .verdict = PARLANCE_CONTEXT_UNKNOWN,
    .prompt_tokens = MAX (prompt_tokens, 0),
    .context_length = -1,
    .percent = -1,
    .prompt_cost_pico = -1,
    .reply_tokens = max_tokens > 0 ? max_tokens : PARLANCE_ESTIMATE_TYPICAL_REPLY_TOKENS,
    .reply_cost_pico = -1,
  };
  if (model == NULL)
    return;

  compute_cost (estimate, max_tokens, model);

  longest = parlance_model_get_max_output_tokens (model);
  if (max_tokens > 0)
    estimate->reply_reserve = longest > 0 ? MIN (max_tokens, longest) : max_tokens;
  context = parlance_model_get_context_length (model);
  if (context <= 0)
    return;

  estimate->context_length = context;
  used = MIN (estimate->prompt_tokens, G_MAXINT64 / 200) + MIN (estimate->reply_reserve, G_MAXINT64 / 200);
  estimate->percent = (int) MIN (used * 100 / context, G_MAXINT);
  /* In integers: used ≥ 80 % of context is used × 5 ≥ context × 4. */
  if (used > context)
    estimate->verdict = PARLANCE_CONTEXT_REFUSE;
  else if (used * 5 >= MIN (context, G_MAXINT64 / 5) * 4)
    estimate->verdict = PARLANCE_CONTEXT_WARN;
  else
    estimate->verdict = PARLANCE_CONTEXT_OK;
}

/**
 * parlance_cost_pico_format_approx:
 * @cost_pico: a cost in pico-dollars, negative when unknown
 *
 * An estimate for people: two significant digits, at least two decimals ("$0.0031", "$0.012",
 * "$1.50"), rounded to the nearest.
 *
 * Returns: (transfer full) (nullable): the amount, or %NULL when @cost_pico is unknown
 */
char *
parlance_cost_pico_format_approx (gint64 cost_pico)
{
  gint64 unit = 1;
  gint64 rounded;
  int digits = 1;
  int decimals;
  char fraction[13];
  g_autofree char *number = NULL;

  if (cost_pico < 0)
    return NULL;
  for (gint64 v = cost_pico; v >= 10; v /= 10)
    digits++;
  /* The leading digit is at 10^(digits - 1) pico-dollars; two of them need this many decimals. */
  decimals = cost_pico == 0 ? 2 : CLAMP (14 - digits, 2, 12);
  for (int i = 0; i < 12 - decimals; i++)
    unit *= 10;
  rounded = cost_pico / unit * unit;
  if (cost_pico - rounded >= unit / 2 && unit > 1)
    rounded += unit;
  /* Rounded up to a power of ten (0.00996 to 0.010): one digit less is as precise. */
  if (decimals > 2 && rounded / unit >= 100)
    decimals--;

  g_snprintf (fraction, sizeof fraction, "%012" G_GINT64_FORMAT, rounded % PICO_PER_DOLLAR);
  fraction[decimals] = '\0';
  number = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", rounded / PICO_PER_DOLLAR, fraction);
  /* Translators: an amount in US dollars; %s is the number */
  return g_strdup_printf (_("$%s"), number);
}
