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
  char     *id;
  char     *model;
  char     *provider;
  char     *content;
  char     *reasoning;
  char     *finish_reason;
  /* Set by parlance_chunk_scan_templated (): the chunk is the previous one but for its text;
   * id, model, provider and finish_reason are then NULL, and stand as before. */
  gboolean  same_origin;
  char     *borrowed;        /* content or reasoning, when it is the template's: not freed */

  /* Private: where the content and reasoning strings are in the chunk (end 0: none). */
  gsize     content_start, content_end;
  gsize     reasoning_start, reasoning_end;
} ParlanceChunkScan;

/* What the last chunk of a stream looked like around its text. */
typedef struct
{
  char     *prefix;
  gsize     prefix_len;
  char     *suffix;
  gsize     suffix_len;
  gboolean  is_reasoning;
  GString  *text;            /* the last text read by the template, reused */
} ParlanceChunkTemplate;

gboolean parlance_chunk_scan           (const char            *data,
                                        gsize                  len,
                                        ParlanceChunkScan     *scan);
gboolean parlance_chunk_scan_templated (const char            *data,
                                        gsize                  len,
                                        ParlanceChunkTemplate *template_,
                                        ParlanceChunkScan     *scan);
void     parlance_chunk_scan_clear     (ParlanceChunkScan     *scan);
void     parlance_chunk_template_clear (ParlanceChunkTemplate *template_);

G_END_DECLS
