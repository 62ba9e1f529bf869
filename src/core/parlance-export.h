/* parlance-export.h — writing conversations out: Markdown to read, JSON to keep.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON is Parlance's own format, lossless, and read back by parlance-import.h (export then
 * import gives identical conversations). It never holds a key. Its shape (documented in the
 * README, "Export format"):
 *
 *   { "format": "parlance", "version": 1, "exported": "2026-12-01T21:00:00.000000Z",
 *     "conversations": [
 *       { "id": 12, "title": …, "created": ISO-8601, "updated": ISO-8601,
 *         "provider_id": …, "model": …, "system_prompt": …, "parameters": {…},
 *         "pinned": bool, "archived": bool, "tip": message id,
 *         "source": …, "source_id": …,          (where it was imported from, when it was)
 *         "messages": [                           (every branch and lane, parents first)
 *           { "id": 40, "parent": 39 | null, "lane": 0, "role": "assistant",
 *             "content": …, "reasoning": …, "status": "complete", "error": …,
 *             "provider_id": …, "model": …, "finish_reason": …,
 *             "tokens": {"in", "out", "reasoning", "cached"}, "cost": "0.0000123",
 *             "first_token_us": …, "duration_us": …, "created": ISO-8601,
 *             "tool_calls": [...], "tool_call_id": …, "generation_id": …,
 *             "source": …, "source_id": …,
 *             "attachments": [{"name", "mime_type", "size", "sha256", "data": base64}] } ] } ] }
 *
 * Ids are the exporting database's, only to link messages to parents and the tip; members that
 * are unknown or null are left out. Times are UTC with microseconds, so nothing is rounded.
 */

#pragma once

#include <gio/gio.h>

#include "parlance-store.h"

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_EXPORT_JSON,
  PARLANCE_EXPORT_MARKDOWN,
} ParlanceExportFormat;

#define PARLANCE_EXPORT_FORMAT_VERSION 1

/* Writes the conversations @ids (@n_ids 0: every conversation, archived ones too) to @stream,
 * one at a time (memory bounded by one conversation). Markdown: a heading per conversation and
 * per turn with the model and time, reasoning in a collapsible <details>, the shown branch only
 * (other versions are said to exist); conversations are separated by a rule. Blocking. */
gboolean parlance_export_write        (ParlanceStore         *store,
                                       const gint64          *ids,
                                       guint                  n_ids,
                                       ParlanceExportFormat   format,
                                       GOutputStream         *stream,
                                       GCancellable          *cancellable,
                                       GError               **error);
/* The same in a worker thread, writing @file (replaced atomically: an export that fails leaves
 * no half file). */
void     parlance_export_file_async   (ParlanceStore         *store,
                                       const gint64          *ids,
                                       guint                  n_ids,
                                       ParlanceExportFormat   format,
                                       GFile                 *file,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
gboolean parlance_export_file_finish  (GAsyncResult          *result,
                                       GError               **error);
/* A file name for a conversation: its title made safe, with ".md" or ".json". */
char    *parlance_export_suggest_name (const char            *title,
                                       ParlanceExportFormat   format);

G_END_DECLS
