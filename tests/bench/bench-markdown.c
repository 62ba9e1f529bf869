/* bench-markdown.c — the incremental Markdown document: cost per token along a long reply.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A synthetic 50,000-token reply (a section with a heading, paragraphs with emphasis and links,
 * a list, a code block and a table, over and over) is appended token by token (1–8 bytes,
 * seeded), and after each token the blocks are looked at as a view would (the number of
 * blocks and the last one: the open tail is parsed again). Prints the time per token, append
 * and look, over the first 1,000 and the last 1,000 tokens (median, mean, worst): the target is
 * that they are the same. Then the time to parse a 20 KB reply whole (median of 50; sections
 * of every kind, some code blocks long). Never
 * fails on figures.
 */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "parlance-markdown.h"

#define N_TOKENS 50000
#define EDGE     1000

static const char *words[] = {
  "the", "parser", "settles", "blocks", "when", "nothing", "can", "change", "them", "stream",
  "token", "append", "cost", "flat", "reply", "code", "view", "frame", "buffer", "line",
};

static void
add_paragraph (GString *out,
               GRand   *rand)
{
  guint n = g_rand_int_range (rand, 20, 80);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      switch (g_rand_int_range (rand, 0, 16))
        {
        case 0: g_string_append_printf (out, "**%s** ", word); break;
        case 1: g_string_append_printf (out, "*%s* ", word); break;
        case 2: g_string_append_printf (out, "`%s()` ", word); break;
        case 3: g_string_append_printf (out, "[%s](https://example.org/%s) ", word, word); break;
        default: g_string_append_printf (out, "%s ", word); break;
        }
    }
  g_string_append (out, "\n\n");
}

static void
add_block (GString *out,
           GRand   *rand)
{
  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      g_string_append_printf (out, "## Section %u\n\n", g_rand_int (rand) % 100);
      break;
    case 1:
      for (guint i = 0, n = g_rand_int_range (rand, 2, 8); i < n; i++)
        g_string_append_printf (out, "%u. item with **%s** text\n", i + 1,
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (out, "\n");
      break;
    case 2:
    case 3:
      {
        /* Code blocks, now and then long ones. */
        guint n = g_rand_int_range (rand, 0, 4) == 0 ? 200 : g_rand_int_range (rand, 5, 40);

        g_string_append (out, "```python\n");
        for (guint i = 0; i < n; i++)
          g_string_append_printf (out, "    value_%u = compute(%u, \"**not bold**\")  # [x](y)\n", i, i);
        g_string_append (out, "```\n\n");
        break;
      }
    case 4:
      g_string_append (out, "| Name | Value | Note |\n|------|------:|:----:|\n");
      for (guint i = 0, n = g_rand_int_range (rand, 2, 10); i < n; i++)
        g_string_append_printf (out, "| `k%u` | %u | *ok* |\n", i, i * 7);
      g_string_append (out, "\n");
      break;
    default:
      add_paragraph (out, rand);
      break;
    }
}

static gdouble
now_micros (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        gdouble    *micros,
        guint       n)
{
  gdouble sum = 0;

  for (guint i = 0; i < n; i++)
    sum += micros[i];
  qsort (micros, n, sizeof (gdouble), compare_doubles);
  g_print ("  %-22s median %7.2f us  mean %7.2f us  worst %8.1f us\n", what, micros[n / 2], sum / n,
           micros[n - 1]);
}

static void
bench_stream (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GString) unit = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) unit_cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  g_autofree gdouble *micros = g_new (gdouble, N_TOKENS);
  gsize at = 0;
  gdouble total = 0;

  /* The same section over and over (a heading, paragraphs, a list, a code block, a table), cut
   * into the same tokens of 1–8 bytes each time: the first and the last tokens see the same
   * kinds of text, so only the length of what came before differs. */
  g_string_append (unit, "## Section\n\n");
  add_paragraph (unit, rand);
  g_string_append (unit, "1. first **item**\n2. second `item`\n   continued\n3. third\n\n");
  g_string_append (unit, "```python\n");
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (unit, "    value_%u = compute(%u, \"**not bold**\")  # [x](y)\n", i, i);
  g_string_append (unit, "```\n\n| Name | Value |\n|------|------:|\n| `k` | 7 |\n| *j* | 8 |\n\n");
  add_paragraph (unit, rand);
  for (gsize u = g_rand_int_range (rand, 1, 9); u < unit->len; u += g_rand_int_range (rand, 1, 9))
    g_array_append_val (unit_cuts, u);
  g_array_append_val (unit_cuts, unit->len);

  while (cuts->len < N_TOKENS)
    {
      for (guint i = 0; i < unit_cuts->len && cuts->len < N_TOKENS; i++)
        {
          gsize cut = text->len + g_array_index (unit_cuts, gsize, i);

          g_array_append_val (cuts, cut);
        }
      g_string_append (text, unit->str);
    }

  for (guint i = 0; i < N_TOKENS; i++)
    {
      gsize end = g_array_index (cuts, gsize, i);
      gdouble start = now_micros ();
      guint n;

      parlance_markdown_append (doc, text->str + at, end - at);
      n = parlance_markdown_get_n_blocks (doc);
      if (n > 0)
        parlance_markdown_block_get_text (parlance_markdown_get_block (doc, n - 1), NULL);
      micros[i] = now_micros () - start;
      total += micros[i];
      at = end;
    }
  parlance_markdown_finish (doc);

  g_print ("Streaming a %u-token reply (%" G_GSIZE_FORMAT " bytes, %u blocks; a %" G_GSIZE_FORMAT
           "-byte section of %u tokens over and over), append + look at the blocks per token:\n",
           N_TOKENS, at, parlance_markdown_get_n_blocks (doc), unit->len, unit_cuts->len);
  g_print ("  total %.1f ms, %.2f us per token\n", total / 1000.0, total / N_TOKENS);
  report ("first 1,000 tokens", micros, EDGE);
  report ("last 1,000 tokens", micros + N_TOKENS - EDGE, EDGE);
}

static void
bench_whole (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  g_autoptr(GString) text = g_string_new (NULL);
  gdouble micros[50];
  guint n_blocks = 0;

  while (text->len < 20 * 1024)
    add_block (text, rand);
  for (guint i = 0; i < G_N_ELEMENTS (micros); i++)
    {
      gdouble start = now_micros ();
      g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new_from_text (text->str, text->len);

      n_blocks = parlance_markdown_get_n_blocks (doc);
      micros[i] = now_micros () - start;
    }
  g_print ("Parsing a %" G_GSIZE_FORMAT "-byte reply whole (%u blocks), 50 times:\n", text->len, n_blocks);
  report ("whole document", micros, G_N_ELEMENTS (micros));
}

int
main (void)
{
  bench_stream ();
  bench_whole ();
  return 0;
}
