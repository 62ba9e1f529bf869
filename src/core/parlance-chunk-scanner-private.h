/* parlance-chunk-scanner-private.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the templated path (parlance-chunk-scanner-template.c) borrows from the scanner.
 */

#pragma once

#include "parlance-chunk-scanner.h"

G_BEGIN_DECLS

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
} Cursor;

gboolean _parlance_chunk_scan_string_body (Cursor     *c,
                                           GString    *value);
gboolean _parlance_chunk_valid_utf8       (const char *data,
                                           gsize       len);

G_END_DECLS
