/* parlance-chunk-scanner.h — the fast path for the common streamed chunk.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *model;
  char *provider;
  char *content;
  char *reasoning;
  char *finish_reason;
} ParlanceChunkScan;

gboolean parlance_chunk_scan       (const char        *data,
                                    gsize              len,
                                    ParlanceChunkScan *scan);
void     parlance_chunk_scan_clear (ParlanceChunkScan *scan);

G_END_DECLS
