/* fuzz-markdown.c — libFuzzer: a Markdown document fed in random pieces has the same blocks as
 * the whole text at once, valid ones, and settled blocks never change.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parlance-test-markdown.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(ParlanceMarkdown) whole = NULL;
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GRand) rand = NULL;
  guint32 seed = 2166136261u;

  /* The pieces depend on the input, so that a crash replays. */
  for (size_t i = 0; i < size; i++)
    seed = (seed ^ data[i]) * 16777619u;
  rand = g_rand_new_with_seed (seed);

  whole = ptm_parse_cuts (text, size, NULL, 0, TRUE);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(ParlanceMarkdown) split = NULL;
      g_autofree char *difference = NULL;
      g_autofree char *problem = NULL;
      gsize longest = round == 0 ? 1 : round == 1 ? 8 : 256;

      g_array_set_size (cuts, 0);
      if (round == 0 && size > 1024)
        continue;
      for (gsize at = g_rand_int_range (rand, 1, longest + 1); at < size;
           at += g_rand_int_range (rand, 1, longest + 1))
        g_array_append_val (cuts, at);
      split = ptm_parse_cuts (text, size, (gsize *) (void *) cuts->data, cuts->len, round > 0);
      difference = ptm_compare (whole, split);
      if (difference != NULL)
        {
          g_printerr ("pieces of up to %" G_GSIZE_FORMAT " bytes: %s\n", longest, difference);
          abort ();
        }
      problem = ptm_check_invariants (split);
      if (problem != NULL)
        {
          g_printerr ("invalid blocks: %s\n", problem);
          abort ();
        }
    }
  return 0;
}
