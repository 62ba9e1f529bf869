/* parlance-test-import.c — what the import's tests share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-test-import.h"
#include "parlance-test-utils.h"

char *
parlance_test_import_write (const char *name,
                            const char *text)
{
  char *path = g_build_filename (parlance_test_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

ParlanceImportSummary *
parlance_test_import_text (ParlanceStore  *store,
                           const char     *name,
                           const char     *text,
                           GError        **error)
{
  g_autofree char *path = parlance_test_import_write (name, text);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL, error);
}

char *
parlance_test_import_row (sqlite3    *db,
                          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  GString *row = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);

        if (i > 0)
          g_string_append_c (row, '|');
        g_string_append (row, text != NULL ? text : "NULL");
      }
  else
    g_string_append (row, "(no row)");
  sqlite3_finalize (stmt);
  return g_string_free (row, FALSE);
}
