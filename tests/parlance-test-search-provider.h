/* parlance-test-search-provider.h — GNOME Shell's search, asked with `gdbus call` on a private bus.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 trip;        /* "Trip to Zürich": two messages about the lake */
  gint64 trip_lake;   /* its message "We walked along the lake in Zürich…" */
  gint64 bread;       /* "Bread": nothing about Zürich */
  gint64 cafe;        /* "Coffee": one message naming a café in Zurich */
  gint64 cafe_match;
} ParlanceTestSearchStore;

void       parlance_test_search_make_store      (ParlanceTestSearchStore *ids);
char      *parlance_test_search_built_data_file (const char              *suffix);
GVariant  *parlance_test_search_call            (const char              *method,
                                                 GError                 **error,
                                                 ...) G_GNUC_NULL_TERMINATED;
GStrv      parlance_test_search_results         (const char              *method,
                                                 ...) G_GNUC_NULL_TERMINATED;
char      *parlance_test_search_id              (gint64                   conversation_id,
                                                 gint64                   message_id);

G_END_DECLS
