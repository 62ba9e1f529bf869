/* synthetic-models.c — a large model catalogue in OpenRouter's shape, for benchmarks.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "synthetic-models.h"

/**
 * synthetic_catalogue:
 * @n: how many models
 *
 * Returns: (transfer full): a `GET /models` answer in OpenRouter's shape, for benchmarks
 */
char *
synthetic_catalogue (guint n)
{
  static const char *vendors[] = { "anthropic", "openai", "google", "meta-llama", "mistralai",
                                   "deepseek", "qwen", "cohere", "x-ai", "microsoft" };
  static const char *families[] = { "claude", "gpt", "gemini", "llama", "mistral", "r1", "qwen",
                                    "command", "grok", "phi" };
  GString *s = g_string_new ("{\"data\":[");

  for (guint i = 0; i < n; i++)
    {
      guint v = i % G_N_ELEMENTS (vendors);
      gboolean is_free = i % 5 == 0;

      g_string_append_printf (s,
        "%s{\"id\":\"%s/%s-%u-%s%s\",\"name\":\"%s: %s %u Model (%s)\",\"created\":%u,"
        "\"description\":\"A synthetic model number %u for benchmarks, with a description of a "
        "length much like the real ones, which are a few sentences long.\","
        "\"context_length\":%u,\"architecture\":{\"modality\":\"text+image->text\","
        "\"input_modalities\":[\"text\",\"image\"],\"output_modalities\":[\"text\"],"
        "\"tokenizer\":\"Other\",\"instruct_type\":null},"
        "\"pricing\":{\"prompt\":\"%s\",\"completion\":\"%s\",\"request\":\"0\",\"image\":\"0\"},"
        "\"top_provider\":{\"context_length\":%u,\"max_completion_tokens\":4096,\"is_moderated\":false},"
        "\"per_request_limits\":null,\"supported_parameters\":[\"tools\",\"max_tokens\",\"temperature\"]}",
        i > 0 ? "," : "", vendors[v], families[v], i, i % 3 ? "instruct" : "chat",
        is_free ? ":free" : "", vendors[v], families[v], i, is_free ? "free" : "paid",
        1700000000 + i * 60, i, 4096u << (i % 8), is_free ? "0" : "0.000001",
        is_free ? "0" : "0.000002", 4096u << (i % 8));
    }
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

