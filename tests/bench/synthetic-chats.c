/* synthetic-chats.c — believable chat text, made up from a seed, for the store benchmarks.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Questions are mostly a sentence or three, sometimes with pasted code or a log; answers are
 * Markdown of the shape models write (paragraphs, headings, lists, code blocks, the odd table),
 * from a few hundred characters to over ten thousand, a median near 1,200. The same seed gives
 * the same text, so figures from two runs compare.
 */

#include "config.h"

#include <math.h>

#include "synthetic-chats.h"

static const char *words[] = {
  "the", "a", "value", "function", "memory", "thread", "request", "server", "model", "data",
  "file", "list", "error", "result", "type", "loop", "index", "string", "buffer", "cache",
  "query", "table", "column", "row", "user", "key", "token", "stream", "reply", "window",
  "widget", "signal", "object", "reference", "pointer", "lifetime", "owner", "borrow", "trait",
  "interface", "package", "module", "build", "compiler", "linker", "test", "case", "branch",
  "commit", "merge", "conflict", "deploy", "container", "image", "volume", "network", "port",
  "latency", "throughput", "budget", "recipe", "flour", "water", "oven", "garden", "soil",
  "tomato", "trip", "train", "ticket", "hotel", "museum", "history", "century", "empire",
  "theorem", "proof", "integral", "matrix", "vector", "gradient", "loss", "layer", "weight",
  "is", "are", "was", "can", "should", "will", "uses", "keeps", "returns", "holds", "takes",
  "makes", "needs", "reads", "writes", "sends", "checks", "moves", "copies", "drops", "grows",
  "and", "or", "but", "so", "because", "when", "while", "if", "then", "after", "before",
  "of", "in", "on", "to", "from", "with", "without", "for", "by", "at", "into", "over",
  "every", "each", "one", "two", "three", "many", "few", "most", "some", "no", "this", "that",
  "fast", "slow", "small", "large", "simple", "careful", "safe", "exact", "cheap", "long",
  "usually", "often", "rarely", "first", "next", "finally", "instead", "also", "only", "still",
};

static const char *openers[] = {
  "How do I", "Why does", "What is the best way to", "Can you explain how", "Is it possible to",
  "What happens when", "Could you help me", "Where should I", "When is it better to",
  "Write a short function that", "Summarise how", "Compare how",
};

static const char *languages[] = { "python", "c", "rust", "javascript", "sql", "bash", "go" };

static const char *
word (GRand *rand)
{
  return words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
}

static void
sentence (GString *out,
          GRand   *rand,
          gboolean question)
{
  guint n = g_rand_int_range (rand, 6, 24);
  gsize start = out->len;

  for (guint i = 0; i < n; i++)
    {
      const char *w = word (rand);

      if (i > 0)
        g_string_append_c (out, ' ');
      /* Inline code and emphasis, as models write them. */
      if (!question && g_rand_int_range (rand, 0, 40) == 0)
        g_string_append_printf (out, "`%s_%s()`", w, word (rand));
      else if (!question && g_rand_int_range (rand, 0, 60) == 0)
        g_string_append_printf (out, "**%s**", w);
      else
        g_string_append (out, w);
    }
  out->str[start] = g_ascii_toupper (out->str[start]);
  g_string_append (out, question ? "?" : ".");
}

static void
paragraph (GString *out,
           GRand   *rand)
{
  guint n = g_rand_int_range (rand, 2, 6);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      sentence (out, rand, FALSE);
    }
  g_string_append (out, "\n\n");
}

static void
code_block (GString *out,
            GRand   *rand,
            guint    lines)
{
  g_string_append_printf (out, "```%s\n", languages[g_rand_int_range (rand, 0, G_N_ELEMENTS (languages))]);
  for (guint i = 0; i < lines; i++)
    {
      guint indent = g_rand_int_range (rand, 0, 3) * 4;

      g_string_append_printf (out, "%*s%s_%s = %s(%s, %d)\n", indent, "", word (rand), word (rand),
                              word (rand), word (rand), g_rand_int_range (rand, 0, 1000));
    }
  g_string_append (out, "```\n\n");
}

static void
list (GString *out,
      GRand   *rand,
      gboolean numbered)
{
  guint n = g_rand_int_range (rand, 3, 8);

  for (guint i = 0; i < n; i++)
    {
      if (numbered)
        g_string_append_printf (out, "%u. ", i + 1);
      else
        g_string_append (out, "- ");
      if (g_rand_boolean (rand))
        g_string_append_printf (out, "**%s %s**: ", word (rand), word (rand));
      sentence (out, rand, FALSE);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
}

static void
table (GString *out,
       GRand   *rand)
{
  guint rows = g_rand_int_range (rand, 2, 6);

  g_string_append_printf (out, "| %s | %s | %s |\n|---|---|---|\n", word (rand), word (rand), word (rand));
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (out, "| %s | %d | %s %s |\n", word (rand), g_rand_int_range (rand, 1, 500),
                            word (rand), word (rand));
  g_string_append_c (out, '\n');
}

/* A length drawn around @median, spread like real replies (log-normal), within [@min, @max]. */
static gsize
draw_length (GRand *rand,
             double median,
             double spread,
             gsize  min,
             gsize  max)
{
  double u1 = g_rand_double_range (rand, 1e-9, 1.0), u2 = g_rand_double (rand);
  double normal = sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);

  return CLAMP ((gsize) (median * exp (spread * normal)), min, max);
}

char *
synthetic_question (GRand *rand)
{
  GString *out = g_string_new (openers[g_rand_int_range (rand, 0, G_N_ELEMENTS (openers))]);
  guint extra = g_rand_int_range (rand, 0, 3);

  g_string_append_c (out, ' ');
  sentence (out, rand, TRUE);
  out->str[out->len - 1] = '?';
  for (guint i = 0; i < extra; i++)
    {
      g_string_append_c (out, ' ');
      sentence (out, rand, i + 1 == extra);
    }
  /* One question in ten comes with pasted code or a log. */
  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      g_string_append (out, "\n\n");
      code_block (out, rand, g_rand_int_range (rand, 10, 80));
    }
  return g_string_free (out, FALSE);
}

char *
synthetic_answer (GRand *rand)
{
  gsize target = draw_length (rand, 1200, 0.8, 150, 16000);
  GString *out = g_string_sized_new (target + 512);

  paragraph (out, rand);
  while (out->len < target)
    {
      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0:
          {
            const char *w = word (rand);

            g_string_append_printf (out, "## %c%s %s\n\n", g_ascii_toupper (w[0]), w + 1, word (rand));
          }
          break;
        case 1:
        case 2:
          list (out, rand, g_rand_boolean (rand));
          break;
        case 3:
          code_block (out, rand, g_rand_int_range (rand, 4, 30));
          break;
        case 4:
          if (g_rand_int_range (rand, 0, 4) == 0)
            table (out, rand);
          break;
        default:
          paragraph (out, rand);
        }
    }
  g_string_truncate (out, out->len - 1);   /* one newline at the end, not two */
  return g_string_free (out, FALSE);
}
