/* parlance-import-openai.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-import-private.h"

gboolean
_parlance_import_openai_add (ImportConversation    *conversation,
                             JsonNode              *entry,
                             guint                  index,
                             GError               **error)
{
  g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_FAILED, "not yet");
  return FALSE;
}

void
_parlance_import_openai_finish (ImportConversation    *conversation,
                                const char            *digest)
{
}
