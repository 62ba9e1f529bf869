/* fuzz-chunk-scanner.c — libFuzzer: the chunk scanner's fast path never disagrees with json-glib.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk-agreement.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *why = NULL;
  g_autofree char *why_after = NULL;
  const uint8_t *separator = memchr (data, '\x1e', size);
  gboolean fast, templated;

  if (!chunk_agreement_check ((const char *) data, size, &fast, &why))
    {
      g_printerr ("disagreement: %s\n", why);
      abort ();
    }

  /* "PREVIOUS\x1eCHUNK": a chunk read after the one before it in a stream. */
  if (separator != NULL &&
      !chunk_agreement_check_after ((const char *) data, (gsize) (separator - data),
                                    (const char *) separator + 1, size - (gsize) (separator - data) - 1,
                                    &fast, &templated, &why_after))
    {
      g_printerr ("disagreement after the previous chunk: %s\n", why_after);
      abort ();
    }
  return 0;
}
