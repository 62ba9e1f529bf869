/* generate-store.h — the benchmark database of 2,000 conversations and 200,000 messages.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 n_conversations;
  gint64 n_messages;
  gint64 text_bytes;
  gint64 longest;      /* messages in the longest conversation */
  double seconds;
} GenerateStoreStats;

gboolean generate_store              (const char          *path,
                                      GenerateStoreStats  *stats,
                                      GError             **error);
gint64   generate_store_find_longest (ParlanceStore       *store,
                                      GError             **error);

G_END_DECLS
