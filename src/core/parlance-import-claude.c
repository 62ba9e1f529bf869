/* parlance-import-claude.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-import-private.h"

ImportConversation *
_parlance_import_claude_entry (JsonNode              *entry,
                             ParlanceImportSummary *summary,
                             GError               **error)
{
  g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_FAILED, "not yet");
  return NULL;
}
