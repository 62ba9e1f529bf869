/* fuzz-chunk-scanner.c — libFuzzer: the chunk scanner's fast path never disagrees with json-glib.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "chunk-agreement.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *why = NULL;
  gboolean fast;

  if (!chunk_agreement_check ((const char *) data, size, &fast, &why))
    {
      g_printerr ("disagreement: %s\n", why);
      abort ();
    }
  return 0;
}
