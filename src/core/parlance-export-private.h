/* parlance-export-private.h — what the files of the export share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parlance-store-export.c     the rows of a conversation read into the JSON of the format
 * parlance-export.c           the envelope, streaming, files, names
 * parlance-export-markdown.c  one conversation's JSON written as Markdown
 * parlance-export-markdown-text.c  text put into that Markdown so that it stays well-formed
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-export.h"
#include "parlance-store-private.h"

G_BEGIN_DECLS

/* "2026-12-01T21:00:00.000000Z": UTC with microseconds. */
char       *_parlance_export_format_time       (gint64            usec);
/* Every conversation's id, archived ones too, oldest first. */
GArray     *_parlance_store_export_list_ids    (StoreConnection  *conn,
                                                GError          **error);
/* One conversation in the export format (an object), messages and attachments included. */
JsonNode   *_parlance_store_export_conversation (StoreConnection *conn,
                                                 gint64           id,
                                                 GError         **error);
/* Appends @conversation (an object as above) as Markdown. */
void        _parlance_export_markdown          (JsonObject       *conversation,
                                                GString          *out);
/* A message's Markdown, closed and with no live HTML; text in a long enough fence; one line of
 * plain text escaped. */
void        _parlance_export_markdown_append_text   (GString          *out,
                                                     const char       *text);
void        _parlance_export_markdown_append_fenced (GString          *out,
                                                     const char       *text,
                                                     const char       *info);
char       *_parlance_export_markdown_dup_inline    (const char       *text);

G_END_DECLS
