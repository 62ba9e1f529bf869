/* generate-store-main.c — `generate-store PATH`: the benchmark database, for the other benchmarks
 * and for trying the app or parlance-cli on a long history by hand.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   _build/tests/bench/generate-store /tmp/bench/parlance/parlance.db
 *   XDG_DATA_HOME=/tmp/bench _build/src/parlance
 */

#include "config.h"

#include <stdlib.h>

#include "generate-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  GenerateStoreStats stats;

  if (argc != 2)
    {
      g_printerr ("Usage: %s PATH\nMakes a Parlance database of 2,000 conversations and 200,000 "
                  "messages at PATH (which must not exist yet).\n", argv[0]);
      return 2;
    }
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s: %s exists already\n", argv[0], argv[1]);
      return 1;
    }
  if (!generate_store (argv[1], &stats, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  g_print ("%s: %" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " messages, %.0f MB of text, "
           "in %.1f s\n", argv[1], stats.n_conversations, stats.n_messages, stats.text_bytes / 1e6,
           stats.seconds);
  return EXIT_SUCCESS;
}
