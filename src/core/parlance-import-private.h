/* parlance-import-private.h — what the files of the import share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parlance-import.c           the public calls: files, folders, detection, the transaction
 * parlance-import-reader.c    the streaming reader of a top-level array (or of the
 *                             `conversations` array in an object), one entry at a time
 * parlance-import-store.c     writing an ImportConversation, skipping what is already there
 * parlance-import-helpers.c   what the readers share: conversations, messages, skip lines
 * parlance-import-parlance.c, parlance-import-chatgpt.c, parlance-import-claude.c,
 * parlance-import-openai.c    one entry of each format into an ImportConversation
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-import.h"
#include "parlance-store-private.h"

G_BEGIN_DECLS

/* One entry (a conversation) at most this large; nesting within the whole file at most
 * PARLANCE_JSON_MAX_DEPTH. Members of Parlance's object other than `conversations` are small. */
#define IMPORT_MAX_ENTRY_SIZE  (256 * 1024 * 1024)
#define IMPORT_MAX_MEMBER_SIZE (1024 * 1024)

/* Set by the import benchmark only: the text is left pending, to be indexed (and timed) apart. */
extern gboolean _parlance_import_skip_indexing;

/* The reader */
typedef struct
{
  /* Called once, when the first byte says what the file holds. */
  gboolean (*begin)  (gboolean      is_object,
                      gpointer      data,
                      GError      **error);
  /* Members of a top-level object other than `conversations`. */
  gboolean (*member) (const char   *name,
                      JsonNode     *value,
                      gpointer      data,
                      GError      **error);
  /* Each entry of the array, @index from 0, @line where it starts (from 1). */
  gboolean (*entry)  (JsonNode     *entry,
                      guint         index,
                      guint64       line,
                      gpointer      data,
                      GError      **error);
  void     (*progress) (guint64     read,
                        gpointer    data);
  /* (nullable) Before the entries of a top-level object's array member: `conversations`
   * (Parlance's) or `messages` (OpenAI's). */
  gboolean (*list)   (const char   *name,
                      gpointer      data,
                      GError      **error);
  /* (nullable) Set, each member of an entry's `mapping` object comes here, one at a time and
   * before the entry (which then has an empty `mapping`). */
  gboolean (*mapping_node) (const char *id,
                            JsonNode   *node,
                            gpointer    data,
                            GError    **error);
} ImportReaderFuncs;

gboolean _parlance_import_read_stream (GInputStream             *stream,
                                       const ImportReaderFuncs  *funcs,
                                       gpointer                  data,
                                       GCancellable             *cancellable,
                                       GError                  **error);
/* For tests: a smaller bound on one entry (0: the default). */
void     _parlance_import_set_max_entry_size (gsize size);

/* What a reader makes of one entry. Keys link messages to parents and the tip within the entry;
 * a message with a source is matched to one already stored by (source, source_id), one without
 * by its time, role and parent; a conversation without a source by its creation time. */
typedef struct
{
  char   *name;
  char   *mime_type;
  GBytes *data;
} ImportAttachment;

typedef struct
{
  char      *key;
  char      *parent_key;   /* NULL: a root */
  char      *source;
  char      *source_id;
  gint64     lane;
  char      *role;
  char      *content;
  char      *reasoning;
  char      *status;
  char      *error;
  char      *provider_id;
  char      *model;
  char      *requested_model;  /* the model asked first, when another answered */
  char      *provider_name;    /* the upstream provider that answered */
  char      *attempts;         /* JSON array text of the models that failed before */
  char      *finish_reason;
  gint64     tokens[4];    /* in, out, reasoning, cached; -1 unknown */
  gint64     cost_pico;    /* -1 unknown */
  gint64     first_token_us;
  gint64     duration_us;
  gint64     created;
  char      *tool_calls;   /* JSON array text */
  char      *tool_call_id;
  char      *generation_id;
  GPtrArray *attachments;  /* ImportAttachment */
  guint      non_text;     /* its parts left out (images, files), said if it is new */
  guint      tool_parts;   /* its tool use and results left out, the same */
} ImportMessage;

typedef struct
{
  char      *source;
  char      *source_id;
  char      *title;
  gint64     created;
  gint64     updated;
  char      *provider_id;
  char      *model;
  char      *system_prompt;
  char      *parameters;   /* JSON object text */
  gboolean   pinned;
  gboolean   archived;
  char      *tip_key;      /* NULL: the last message */
  GPtrArray *messages;     /* ImportMessage, parents before children */
  guint      non_text;     /* parts left out outside any message kept, said if it is new */
  guint      tool_parts;   /* the same for tool use and results */
  guint      empty;        /* messages left out for having nothing in them */
  guint      odd_roles;    /* OpenAI messages with a role we don't know, left out */
} ImportConversation;

/* The nodes of a ChatGPT conversation's `mapping`, each kept as the import needs it. */
typedef struct _ImportChatgptMapping ImportChatgptMapping;
ImportChatgptMapping *_parlance_import_chatgpt_mapping_new  (void);
void                  _parlance_import_chatgpt_mapping_free (ImportChatgptMapping *mapping);
void                  _parlance_import_chatgpt_mapping_add  (ImportChatgptMapping *mapping,
                                                             const char           *id,
                                                             JsonNode             *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportChatgptMapping, _parlance_import_chatgpt_mapping_free)

ImportConversation *_parlance_import_conversation_new  (void);
void                _parlance_import_conversation_free (ImportConversation *conversation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportConversation, _parlance_import_conversation_free)
ImportMessage      *_parlance_import_message_new       (ImportConversation *conversation);
/* Takes the last message of @conversation back out (one found empty), keeping its counts. */
void                _parlance_import_message_drop_last (ImportConversation *conversation);
void                _parlance_import_attachment_free   (ImportAttachment   *attachment);
void                _parlance_import_skip (ParlanceImportSummary *summary,
                                           char                  *what,
                                           const char            *why);

/* parlance-import-store.c: writes @conversation inside the caller's transaction. */
gboolean _parlance_import_write (StoreConnection       *conn,
                                 ImportConversation    *conversation,
                                 ParlanceImportSummary *summary,
                                 GError               **error);

/* The readers of each format: NULL with PARLANCE_IMPORT_ERROR_INVALID for an entry that is
 * wrong; NULL with no error for one skipped (said in @summary). */
ImportConversation *_parlance_import_parlance_entry (JsonNode              *entry,
                                                     ParlanceImportSummary *summary,
                                                     GError               **error);
/* ChatGPT: @mapping (nullable) holds the nodes of the entry's `mapping` when the reader handed
 * them over one at a time; %NULL: they are read from @entry. */
ImportConversation *_parlance_import_chatgpt_entry  (JsonNode              *entry,
                                                     ImportChatgptMapping  *mapping,
                                                     ParlanceImportSummary *summary,
                                                     GError               **error);
ImportConversation *_parlance_import_claude_entry   (JsonNode              *entry,
                                                     ParlanceImportSummary *summary,
                                                     GError               **error);
/* OpenAI: the whole array is one conversation, its messages gathered entry by entry. */
gboolean            _parlance_import_openai_add     (ImportConversation    *conversation,
                                                     JsonNode              *entry,
                                                     guint                  index,
                                                     GError               **error);
void                _parlance_import_openai_finish  (ImportConversation    *conversation,
                                                     const char            *digest,
                                                     ParlanceImportSummary *summary);
/* Says in @summary how many parts of @conversation were left out, if any: its own counts, and
 * those of the messages written now (parlance-import-store.c calls it; a reader only for a
 * conversation it leaves out). */
void                _parlance_import_say_non_text   (ImportConversation    *conversation,
                                                     ParlanceImportSummary *summary);

/* Shared helpers */
gint64 _parlance_import_parse_time  (const char *iso8601);
char  *_parlance_import_title_from  (const char *text);
char  *_parlance_import_dup_string  (JsonObject *object,
                                     const char *name);
/* "“title”" for the summary and errors, made safe (no control characters, at most 60). */
char  *_parlance_import_name        (const char *title);

G_END_DECLS
