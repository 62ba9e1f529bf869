/* test-send-estimate.c — the estimate before sending: tokens of any text, the context checked at
 * 79, 80, 100 and 101 %, unknown contexts never refused, and exact costs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "parlance-chat-request.h"
#include "parlance-chat-session-private.h"
#include "parlance-message.h"
#include "parlance-send-estimate.h"

static ParlanceModel *
model_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return parlance_model_new_from_json (json_node_get_object (json_parser_get_root (parser)), "openrouter");
}

static void
test_ascii (void)
{
  g_assert_cmpint (parlance_estimate_text_tokens (NULL, -1), ==, 0);
  g_assert_cmpint (parlance_estimate_text_tokens ("", -1), ==, 0);
  g_assert_cmpint (parlance_estimate_text_tokens ("abcd", -1), ==, 1);
  g_assert_cmpint (parlance_estimate_text_tokens ("abcde", -1), ==, 2);
  g_assert_cmpint (parlance_estimate_text_tokens ("Who are you", -1), ==, 3);
  /* The length given wins over the nul. */
  g_assert_cmpint (parlance_estimate_text_tokens ("abcd\0efgh", 9), ==, 3);
  g_assert_cmpint (parlance_estimate_message_tokens ("Who are you"), ==, 3 + PARLANCE_ESTIMATE_TOKENS_PER_MESSAGE);
}

static void
test_cjk_and_emoji (void)
{
  /* One token per ideograph, kana or Hangul syllable; two per emoji; Latin accents by bytes. */
  g_assert_cmpint (parlance_estimate_text_tokens ("日本語", -1), ==, 3);
  g_assert_cmpint (parlance_estimate_text_tokens ("こんにちは", -1), ==, 5);
  g_assert_cmpint (parlance_estimate_text_tokens ("안녕하세요", -1), ==, 5);
  g_assert_cmpint (parlance_estimate_text_tokens ("👋", -1), ==, 2);
  g_assert_cmpint (parlance_estimate_text_tokens ("👋👋👋", -1), ==, 6);
  g_assert_cmpint (parlance_estimate_text_tokens ("héllo", -1), ==, 2);
  g_assert_cmpint (parlance_estimate_text_tokens ("Привет", -1), ==, 3);
}

static void
test_invalid_utf8 (void)
{
  g_autofree guint8 *noise = g_malloc (4096);
  GRand *rand = g_rand_new_with_seed (14);

  /* Each byte that is not UTF-8 is a token, and nothing is read past the end. */
  g_assert_cmpint (parlance_estimate_text_tokens ("\xff\xfe", -1), ==, 2);
  g_assert_cmpint (parlance_estimate_text_tokens ("\xe6\x97", 2), ==, 2);
  g_assert_cmpint (parlance_estimate_text_tokens ("日本語", 4), ==, 2);  /* a whole one, a cut one */
  g_assert_cmpint (parlance_estimate_text_tokens ("\xf0\x9f\x91", 3), ==, 3);
  for (guint round = 0; round < 200; round++)
    {
      gsize len = g_rand_int_range (rand, 0, 4096);
      gint64 tokens;

      for (gsize i = 0; i < len; i++)
        noise[i] = g_rand_int_range (rand, 0, 256);
      tokens = parlance_estimate_text_tokens ((const char *) noise, len);
      g_assert_cmpint (tokens, >=, len / 4);
      g_assert_cmpint (tokens, <=, 2 * (gint64) len);
    }
  g_rand_free (rand);
}

/* The recorded usage of the shared fixtures: o3 counted 9, gpt-5-mini 17. */
static void
test_request_calibrated (void)
{
  g_autoptr(ParlanceChatRequest) o3 = parlance_chat_request_new ("openai/o3");
  g_autoptr(ParlanceChatRequest) mini = parlance_chat_request_new ("openai/gpt-5-mini");

  parlance_chat_request_add_message (o3, "user", "Who are you");
  g_assert_cmpint (parlance_chat_request_estimate_prompt_tokens (o3), ==, 9);
  parlance_chat_request_add_message (mini, "system", "Be helpful.");
  parlance_chat_request_add_message (mini, "user", "Tell me about Venus");
  g_assert_cmpint (parlance_chat_request_estimate_prompt_tokens (mini), ==, 17);
  g_assert_cmpint (parlance_chat_request_get_max_tokens (mini), ==, 0);
  parlance_chat_request_set_max_tokens (mini, 300);
  g_assert_cmpint (parlance_chat_request_get_max_tokens (mini), ==, 300);
}

static void
assert_verdict (ParlanceModel          *model,
                gint64                  prompt_tokens,
                gint64                  max_tokens,
                ParlanceContextVerdict  verdict,
                int                     percent)
{
  ParlanceSendEstimate estimate;

  parlance_send_estimate_compute (&estimate, prompt_tokens, max_tokens, model);
  g_assert_cmpint (estimate.verdict, ==, verdict);
  g_assert_cmpint (estimate.percent, ==, percent);
  g_assert_cmpint (estimate.prompt_tokens, ==, prompt_tokens);
}

static void
test_thresholds (void)
{
  g_autoptr(ParlanceModel) model = model_from_json ("{\"id\":\"small/model\",\"context_length\":1000}");

  assert_verdict (model, 790, 0, PARLANCE_CONTEXT_OK, 79);
  assert_verdict (model, 799, 0, PARLANCE_CONTEXT_OK, 79);
  assert_verdict (model, 800, 0, PARLANCE_CONTEXT_WARN, 80);
  assert_verdict (model, 1000, 0, PARLANCE_CONTEXT_WARN, 100);
  assert_verdict (model, 1001, 0, PARLANCE_CONTEXT_REFUSE, 100);
  assert_verdict (model, 1010, 0, PARLANCE_CONTEXT_REFUSE, 101);
  assert_verdict (model, G_MAXINT64, 0, PARLANCE_CONTEXT_REFUSE, G_MAXINT);
}

/* The reply's max_tokens is kept free, up to the model's longest reply. */
static void
test_reserve (void)
{
  g_autoptr(ParlanceModel) model = model_from_json ("{\"id\":\"small/model\",\"context_length\":1000}");
  g_autoptr(ParlanceModel) capped = model_from_json ("{\"id\":\"capped/model\",\"context_length\":1000,"
                                                     "\"top_provider\":{\"max_completion_tokens\":100}}");
  ParlanceSendEstimate estimate;

  assert_verdict (model, 700, 100, PARLANCE_CONTEXT_WARN, 80);
  assert_verdict (model, 700, 400, PARLANCE_CONTEXT_REFUSE, 110);
  assert_verdict (capped, 700, 400, PARLANCE_CONTEXT_WARN, 80);
  parlance_send_estimate_compute (&estimate, 700, 400, capped);
  g_assert_cmpint (estimate.reply_reserve, ==, 100);
  g_assert_cmpint (estimate.context_length, ==, 1000);
}

/* No context length, no model: nothing is checked, whatever the size. */
static void
test_unknown_context (void)
{
  g_autoptr(ParlanceModel) model = model_from_json ("{\"id\":\"mystery/model\"}");
  g_autoptr(ParlanceModel) zero = model_from_json ("{\"id\":\"zero/model\",\"context_length\":0}");
  ParlanceSendEstimate estimate;

  assert_verdict (model, 10000000, 0, PARLANCE_CONTEXT_UNKNOWN, -1);
  assert_verdict (zero, 10000000, 500, PARLANCE_CONTEXT_UNKNOWN, -1);
  assert_verdict (NULL, 10000000, 0, PARLANCE_CONTEXT_UNKNOWN, -1);
  parlance_send_estimate_compute (&estimate, 5, 0, NULL);
  g_assert_cmpint (estimate.context_length, ==, -1);
  g_assert_cmpint (estimate.prompt_cost_pico, ==, -1);
  g_assert_cmpint (estimate.reply_cost_pico, ==, -1);
}

/* A thousand estimates at $0.0000123 a token sum to exactly $0.0123. */
static void
test_cost_exact (void)
{
  g_autoptr(ParlanceModel) model = model_from_json (
    "{\"id\":\"paid/model\",\"context_length\":128000,"
    "\"pricing\":{\"prompt\":\"0.0000123\",\"completion\":\"0.00004\",\"request\":\"0\"}}");
  g_autoptr(ParlanceModel) capped = model_from_json (
    "{\"id\":\"paid/capped\",\"context_length\":128000,\"top_provider\":{\"max_completion_tokens\":500},"
    "\"pricing\":{\"prompt\":\"0.0000001\",\"completion\":\"0.0000003\",\"request\":\"0.005\"}}");
  ParlanceSendEstimate estimate;
  gint64 sum = 0;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      parlance_send_estimate_compute (&estimate, 1, 0, model);
      sum += estimate.prompt_cost_pico;
    }
  text = parlance_cost_pico_to_string (sum);
  g_assert_cmpstr (text, ==, "0.0123");
  shown = parlance_cost_pico_format_approx (sum);
  g_assert_cmpstr (shown, ==, "$0.012");

  /* The reply: a typical one without max_tokens, max_tokens with it. */
  g_assert_cmpint (estimate.reply_tokens, ==, PARLANCE_ESTIMATE_TYPICAL_REPLY_TOKENS);
  g_assert_cmpint (estimate.reply_cost_pico, ==, G_GINT64_CONSTANT (40000000) * 1000);
  parlance_send_estimate_compute (&estimate, 1000, 250, model);
  g_assert_cmpint (estimate.prompt_cost_pico, ==, G_GINT64_CONSTANT (12300000) * 1000);
  g_assert_cmpint (estimate.reply_tokens, ==, 250);
  g_assert_cmpint (estimate.reply_cost_pico, ==, G_GINT64_CONSTANT (40000000) * 250);

  /* The price per request is part of sending; the reply stops at the longest the model gives. */
  parlance_send_estimate_compute (&estimate, 1000, 0, capped);
  g_assert_cmpint (estimate.prompt_cost_pico, ==, G_GINT64_CONSTANT (100000) * 1000 + G_GINT64_CONSTANT (5000000000));
  g_assert_cmpint (estimate.reply_tokens, ==, 500);
  g_assert_cmpint (estimate.reply_cost_pico, ==, G_GINT64_CONSTANT (300000) * 500);
}

/* Free, variable or unknown prices: no cost is told. */
static void
test_cost_unknown (void)
{
  const char *models[] = {
    "{\"id\":\"free/model:free\",\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}",
    "{\"id\":\"openrouter/auto\",\"pricing\":{\"prompt\":\"-1\",\"completion\":\"-1\"}}",
    "{\"id\":\"half/model\",\"pricing\":{\"prompt\":\"0.000001\"}}",
    "{\"id\":\"bad/model\",\"pricing\":{\"prompt\":\"cheap\",\"completion\":\"0.1\"}}",
    "{\"id\":\"none/model\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(ParlanceModel) model = model_from_json (models[i]);
      ParlanceSendEstimate estimate;

      parlance_send_estimate_compute (&estimate, 1000, 0, model);
      g_assert_cmpint (estimate.prompt_cost_pico, ==, -1);
      g_assert_cmpint (estimate.reply_cost_pico, ==, -1);
    }
  g_assert_cmpint (parlance_price_pico_from_string ("0.0000003"), ==, 300000);
  g_assert_cmpint (parlance_price_pico_from_string ("-1"), ==, -1);
  g_assert_cmpint (parlance_price_pico_from_string ("1e-6"), ==, 1000000);
  g_assert_cmpint (parlance_price_pico_from_string ("0.1x"), ==, -1);
  g_assert_cmpint (parlance_price_pico_from_string (""), ==, -1);
}

static void
test_format_approx (void)
{
  struct { gint64 pico; const char *text; } cases[] = {
    { 0, "$0.00" },
    { 1, "$0.000000000001" },
    { G_GINT64_CONSTANT (3123456789), "$0.0031" },
    { G_GINT64_CONSTANT (3150000000), "$0.0032" },
    { G_GINT64_CONSTANT (9960000000), "$0.010" },
    { G_GINT64_CONSTANT (1500000000000), "$1.50" },
    { G_GINT64_CONSTANT (12345678901234), "$12.35" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = parlance_cost_pico_format_approx (cases[i].pico);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (parlance_cost_pico_format_approx (-1));
}

/* 5,000 messages of 2 KB: counted once, then only what changed; the same sum either way. */
static void
test_long_conversation (void)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(ParlanceChatSession) session = parlance_chat_session_new (provider, "any/model");
  g_autofree char *text = g_strnfill (2048, 'x');
  g_autoptr(ParlanceMessage) last = NULL;
  gint64 first, second, third, start, cold, warm;

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(ParlanceMessage) message = parlance_message_new (i % 2 ? PARLANCE_ROLE_ASSISTANT : PARLANCE_ROLE_USER, text);

      g_list_store_append (session->messages, message);
      g_set_object (&last, message);
    }
  start = g_get_monotonic_time ();
  first = parlance_chat_session_estimate_history_tokens (session);
  cold = g_get_monotonic_time () - start;
  start = g_get_monotonic_time ();
  second = parlance_chat_session_estimate_history_tokens (session);
  warm = g_get_monotonic_time () - start;
  g_test_message ("5,000 messages: %" G_GINT64_FORMAT " µs counted, %" G_GINT64_FORMAT " µs again", cold, warm);
  g_assert_cmpint (first, ==, 5000 * (512 + PARLANCE_ESTIMATE_TOKENS_PER_MESSAGE) + PARLANCE_ESTIMATE_TOKENS_REPLY_PRIMING);
  g_assert_cmpint (second, ==, first);

  /* A message whose text grew (a reply streaming, continued) is counted again. */
  parlance_message_append_content (last, "abcd");
  third = parlance_chat_session_estimate_history_tokens (session);
  g_assert_cmpint (third, ==, first + 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parlance/send-estimate/ascii", test_ascii);
  g_test_add_func ("/parlance/send-estimate/cjk-and-emoji", test_cjk_and_emoji);
  g_test_add_func ("/parlance/send-estimate/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/parlance/send-estimate/request-calibrated", test_request_calibrated);
  g_test_add_func ("/parlance/send-estimate/thresholds", test_thresholds);
  g_test_add_func ("/parlance/send-estimate/reserve", test_reserve);
  g_test_add_func ("/parlance/send-estimate/unknown-context", test_unknown_context);
  g_test_add_func ("/parlance/send-estimate/cost-exact", test_cost_exact);
  g_test_add_func ("/parlance/send-estimate/cost-unknown", test_cost_unknown);
  g_test_add_func ("/parlance/send-estimate/format-approx", test_format_approx);
  g_test_add_func ("/parlance/send-estimate/long-conversation", test_long_conversation);

  return g_test_run ();
}
