/* fuzz-import.c — libFuzzer: a whole import of any bytes, into a store of its own.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is recognised as the app does it, then read (ChatGPT's tree, Claude, OpenAI,
 * Parlance's own) and written in one transaction: whatever the bytes, the import ends with a
 * summary or an import error, a rejected file leaves the database as it was, and importing an
 * accepted file again adds nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "parlance-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static char *file_path;
static ParlanceStore *store;
static guint runs;

static gint64
count_messages (void)
{
  g_autoptr(ParlanceStoreReport) report = parlance_store_check (store, NULL);

  if (report == NULL)
    abort ();
  return report->n_messages + report->n_conversations;
}

/* A fresh database every few hundred runs, so it stays small and fast. */
static void
ensure_store (void)
{
  g_autofree char *db = NULL;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("parlance-fuzz-import-XXXXXX", NULL);
      if (dir == NULL)
        abort ();
      file_path = g_build_filename (dir, "conversations.json", NULL);
    }
  if (store != NULL && runs++ % 500 != 0)
    return;
  g_clear_object (&store);
  db = g_build_filename (dir, "fuzz.db", NULL);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  if ((store = parlance_store_open (db, NULL)) == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(ParlanceImportSummary) summary = NULL;
  g_autoptr(ParlanceImportSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  ensure_store ();
  if (!g_file_set_contents_full (file_path, (const char *) data, (gssize) size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, NULL))
    abort ();
  file = g_file_new_for_path (file_path);
  before = count_messages ();
  summary = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL,
                                  &error);
  if (summary == NULL)
    {
      if (error == NULL || error->domain != PARLANCE_IMPORT_ERROR || count_messages () != before)
        abort ();
      return 0;
    }
  /* The OpenAI form is dated at import: its digest still finds it again. */
  again = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL, NULL);
  if (again == NULL || again->imported_conversations != 0 || again->imported_messages != 0)
    abort ();
  return 0;
}
