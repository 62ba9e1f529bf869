/* parlance-import.h — bringing conversations in: Parlance's own JSON, an OpenAI `messages`
 * array, ChatGPT's and Claude's exports.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are hostile: read as a stream, one top-level entry (a conversation) at a time, so memory
 * is bounded by one conversation, not by the file; sizes and nesting are bounded. A file is
 * imported in one transaction: when it is rejected nothing of it is kept, and the error says why,
 * with the line or the entry. Each conversation and message remembers its source and its id
 * there (`source`, `source_id` in the store), so importing the same file again adds nothing, and
 * a newer export of the same history adds only what is new.
 */

#pragma once

#include <gio/gio.h>

#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_IMPORT_ERROR (parlance_import_error_quark ())

typedef enum
{
  PARLANCE_IMPORT_ERROR_FAILED,
  PARLANCE_IMPORT_ERROR_NOT_JSON,      /* not JSON, or truncated: the message names the line */
  PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,/* JSON, but none of the shapes we read */
  PARLANCE_IMPORT_ERROR_INVALID,       /* the right shape, but an entry is wrong: it is named */
  PARLANCE_IMPORT_ERROR_TOO_LARGE,     /* one entry beyond the bounds (size, nesting) */
} ParlanceImportError;

typedef enum
{
  PARLANCE_IMPORT_FORMAT_AUTO,         /* recognised from the content */
  PARLANCE_IMPORT_FORMAT_PARLANCE,     /* {"format": "parlance", "version": 1, …} */
  PARLANCE_IMPORT_FORMAT_OPENAI,       /* [{"role", "content"}, …]: one conversation */
  PARLANCE_IMPORT_FORMAT_CHATGPT,      /* conversations.json, conversations-000.json… */
  PARLANCE_IMPORT_FORMAT_CLAUDE,       /* Claude's conversations.json */
} ParlanceImportFormat;

/* Something left out, for the summary: @what names it ("conversation “Trip to Rome”",
 * "3 image parts in “Trip to Rome”"), @why says why, both for a person. */
typedef struct
{
  char *what;
  char *why;
} ParlanceImportSkip;

typedef struct
{
  ParlanceImportFormat format;          /* what the file was read as */
  gint64     imported_conversations;    /* new conversations */
  gint64     imported_messages;         /* new messages (in new or in existing conversations) */
  gint64     existing_conversations;    /* already there from an earlier import */
  GPtrArray *skipped;                   /* ParlanceImportSkip */
  gint64     last_conversation_id;      /* the last conversation imported or updated; 0: none */
} ParlanceImportSummary;

/* Called from the thread that imports with how far it read (bytes; @total 0 when unknown). The
 * async form calls it in the caller's main context, at most every 100 ms. */
typedef void (*ParlanceImportProgressFunc) (guint64  read,
                                            guint64  total,
                                            gpointer user_data);

GQuark                 parlance_import_error_quark   (void);
void                   parlance_import_skip_free     (ParlanceImportSkip    *skip);
void                   parlance_import_summary_free  (ParlanceImportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceImportSummary, parlance_import_summary_free)
const char            *parlance_import_format_to_string (ParlanceImportFormat format);

/* Imports @file (a folder: every conversations*.json in it, in name order, one transaction
 * each) into @store. Blocking: for the CLI and worker threads. */
ParlanceImportSummary *parlance_import_file          (ParlanceStore              *store,
                                                      GFile                      *file,
                                                      ParlanceImportFormat        format,
                                                      ParlanceImportProgressFunc  progress,
                                                      gpointer                    progress_data,
                                                      GCancellable               *cancellable,
                                                      GError                    **error);
/* The same in a worker thread, for the app. */
void                   parlance_import_file_async    (ParlanceStore              *store,
                                                      GFile                      *file,
                                                      ParlanceImportFormat        format,
                                                      ParlanceImportProgressFunc  progress,
                                                      gpointer                    progress_data,
                                                      GDestroyNotify              progress_destroy,
                                                      GCancellable               *cancellable,
                                                      GAsyncReadyCallback         callback,
                                                      gpointer                    user_data);
ParlanceImportSummary *parlance_import_file_finish   (GAsyncResult               *result,
                                                      GError                    **error);

G_END_DECLS
