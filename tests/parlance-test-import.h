/* parlance-test-import.h — what the import's tests share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "parlance-import.h"

G_BEGIN_DECLS

/* Writes @text to @name in the test's folder; returns the path (transfer full). */
char                  *parlance_test_import_write      (const char     *name,
                                                        const char     *text);
/* Writes @text to @name and imports it, the format recognised. */
ParlanceImportSummary *parlance_test_import_text       (ParlanceStore  *store,
                                                        const char     *name,
                                                        const char     *text,
                                                        GError        **error);
/* The first row of @sql, its columns joined by "|" (NULL for a null). */
char                  *parlance_test_import_row        (sqlite3        *db,
                                                        const char     *sql);
#define parlance_test_import_assert_row(db, sql, expected) \
  G_STMT_START { \
    g_autofree char *_row = parlance_test_import_row ((db), (sql)); \
    g_assert_cmpstr (_row, ==, (expected)); \
  } G_STMT_END

G_END_DECLS
