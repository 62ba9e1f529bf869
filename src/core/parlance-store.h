/* parlance-store.h — the SQLite database of conversations, messages and attachments.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One database, `$XDG_DATA_HOME/parlance/parlance.db` (folder 0700, file 0600), WAL,
 * foreign_keys=ON, busy_timeout, schema versioned by `PRAGMA user_version`. The app and any
 * number of parlance-cli processes use it at once.
 *
 * Threads: the synchronous calls are for the CLI, tests and worker threads; they are safe from
 * any thread. The UI uses the `_async` calls: reads run on a connection of their own in a worker
 * thread, writes go through one writer thread in the order they were made. Signals are emitted
 * in the main context the store was opened in.
 */

#pragma once

#include <gio/gio.h>

#include "parlance-chat-reply.h"
#include "parlance-conversation.h"
#include "parlance-message.h"

G_BEGIN_DECLS

#define PARLANCE_STORE_ERROR (parlance_store_error_quark ())

typedef enum
{
  PARLANCE_STORE_ERROR_FAILED,
  PARLANCE_STORE_ERROR_NEWER,       /* written by a newer Parlance; never opened or changed */
  PARLANCE_STORE_ERROR_BUSY,        /* locked by another process for longer than busy_timeout */
  PARLANCE_STORE_ERROR_CORRUPT,     /* not a database, or damaged; never replaced silently */
  PARLANCE_STORE_ERROR_READ_ONLY,   /* the file or its folder cannot be written */
  PARLANCE_STORE_ERROR_FULL,        /* the disk is full */
  PARLANCE_STORE_ERROR_NOT_FOUND,   /* no conversation or message with that id */
} ParlanceStoreError;

/* The schema this program writes; older databases are migrated one version at a time. */
#define PARLANCE_STORE_SCHEMA_VERSION 4

/* At most this long between two writes of a streaming reply (microseconds). */
#define PARLANCE_STORE_FLUSH_INTERVAL (G_USEC_PER_SEC)

typedef enum
{
  PARLANCE_STORE_LIST_DEFAULT      = 0,       /* conversations not archived */
  PARLANCE_STORE_LIST_ARCHIVED     = 1 << 0,  /* only archived ones */
  PARLANCE_STORE_LIST_PINNED_FIRST = 1 << 1,  /* pinned ones first, as the sidebar shows them */
} ParlanceStoreListFlags;

typedef struct
{
  int     schema_version;
  char   *integrity;          /* "ok", or what PRAGMA integrity_check found, one problem a line */
  gint64  database_bytes;
  gint64  wal_bytes;
  gint64  attachment_bytes;
  gint64  n_conversations;
  gint64  n_messages;
  gint64  n_attachments;
  gint64  n_interrupted;      /* replies cut off by a process that went away */
} ParlanceStoreReport;

void parlance_store_report_free (ParlanceStoreReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceStoreReport, parlance_store_report_free)

#define PARLANCE_TYPE_STORE (parlance_store_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceStore, parlance_store, PARLANCE, STORE, GObject)

GQuark          parlance_store_error_quark              (void);

/* $XDG_DATA_HOME/parlance/parlance.db (through parlance_paths_dup_data_dir ()). */
char           *parlance_store_dup_default_path         (void);

/* Opens (creating the folder and file when there is none) and migrates. @path NULL: the default.
 * Errors are PARLANCE_STORE_ERROR with a sentence a person can act on; never a silent new file. */
ParlanceStore  *parlance_store_open                     (const char              *path,
                                                         GError                 **error);
void            parlance_store_open_async               (const char              *path,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
ParlanceStore  *parlance_store_open_finish              (GAsyncResult            *result,
                                                         GError                 **error);
const char     *parlance_store_get_path                 (ParlanceStore           *self);

/* Conversations. Create fills in the id, created and updated; save writes the fields a person
 * edits (title, provider, model, settings, pinned, archived) — never the tip, which moves only
 * by add_message and set_tip, and never `updated` backwards, so a stale object can't hide
 * messages another process added. */
gboolean        parlance_store_create_conversation      (ParlanceStore           *self,
                                                         ParlanceConversation    *conversation,
                                                         GError                 **error);
gboolean        parlance_store_save_conversation        (ParlanceStore           *self,
                                                         ParlanceConversation    *conversation,
                                                         GError                 **error);
gboolean        parlance_store_set_tip                  (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         gint64                   message_id,
                                                         GError                 **error);
/* Deletes the conversation with its messages and attachments (blobs no message uses any more). */
gboolean        parlance_store_delete_conversation      (ParlanceStore           *self,
                                                         gint64                   id,
                                                         GError                 **error);
ParlanceConversation *parlance_store_get_conversation   (ParlanceStore           *self,
                                                         gint64                   id,
                                                         GError                 **error);
/* Most recently updated first (pinned ones before the others with PINNED_FIRST, so that a
 * @limit gives the top of the sidebar); @limit 0 means all. Returns ParlanceConversation (with
 * their message counts). */
GPtrArray      *parlance_store_list_conversations       (ParlanceStore           *self,
                                                         ParlanceStoreListFlags   flags,
                                                         guint                    limit,
                                                         GError                 **error);
/* The most recently updated conversation that is not archived, or 0. */
gint64          parlance_store_get_latest_conversation  (ParlanceStore           *self,
                                                         GError                 **error);

/* Messages. The shown branch: the path from the conversation's tip up to the root, returned
 * oldest first as ParlanceMessage. A message left streaming by a process that is gone reads as
 * PARLANCE_MESSAGE_INTERRUPTED with its text; one still being written by a live process reads
 * as PARLANCE_MESSAGE_STREAMING. */
GPtrArray      *parlance_store_load_branch              (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         GError                 **error);
/* Inserts @message under its parent_id (0: a root) in @conversation_id, fills in its id and
 * created time, makes it the conversation's tip and bumps `updated`. A message whose status is
 * WAITING or STREAMING is recorded as written by this process. */
gboolean        parlance_store_add_message              (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         ParlanceMessage         *message,
                                                         GError                 **error);
/* Writes every field of a saved message (text, reasoning, status, usage, cost, times…). */
gboolean        parlance_store_update_message           (ParlanceStore           *self,
                                                         ParlanceMessage         *message,
                                                         GError                 **error);

/* Saving a reply while it streams: the store follows @message (already added) and writes its
 * text at most every PARLANCE_STORE_FLUSH_INTERVAL on the writer thread, and once more when its
 * status leaves WAITING/STREAMING, then lets it go. A write that fails emits ::write-failed,
 * keeps the text in memory and is retried. Needs a running main loop. */
void            parlance_store_follow_message           (ParlanceStore           *self,
                                                         ParlanceMessage         *message);
/* Completes when every write asked for so far is on disk (or failed for good). */
void            parlance_store_flush_async              (ParlanceStore           *self,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean        parlance_store_flush_finish             (ParlanceStore           *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
/* For a read that must see every write asked for before it: calls @then once they are done
 * (a failed write does not stop it: ::write-failed says it), unless @cancellable was cancelled
 * by then; @then takes @user_data, else @destroy frees it. */
typedef void (*ParlanceStoreFlushedFunc) (ParlanceStore *store,
                                          gpointer       user_data);
void            parlance_store_flush_then               (ParlanceStore           *self,
                                                         GCancellable            *cancellable,
                                                         ParlanceStoreFlushedFunc then,
                                                         gpointer                 user_data,
                                                         GDestroyNotify           destroy);

/* `PRAGMA integrity_check`, the schema version, sizes and counts (parlance-cli doctor). */
ParlanceStoreReport *parlance_store_check               (ParlanceStore           *self,
                                                         GError                 **error);

/* Asynchronous forms for the UI: the same work off the main thread. Reads run in parallel on
 * their own connections; writes run one after another in the order they were asked for. */
void            parlance_store_list_conversations_async (ParlanceStore           *self,
                                                         ParlanceStoreListFlags   flags,
                                                         guint                    limit,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GPtrArray      *parlance_store_list_conversations_finish (ParlanceStore          *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);
void            parlance_store_load_branch_async        (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GPtrArray      *parlance_store_load_branch_finish       (ParlanceStore           *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
void            parlance_store_get_conversation_async   (ParlanceStore           *self,
                                                         gint64                   id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
ParlanceConversation *parlance_store_get_conversation_finish (ParlanceStore      *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);
/* The conversation and message objects are copied on the calling thread: later changes to
 * them do not race the write. On success the ids are set on the caller's objects. */
void            parlance_store_create_conversation_async (ParlanceStore          *self,
                                                          ParlanceConversation   *conversation,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
void            parlance_store_save_conversation_async  (ParlanceStore           *self,
                                                         ParlanceConversation    *conversation,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
void            parlance_store_delete_conversation_async (ParlanceStore          *self,
                                                          gint64                  id,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
void            parlance_store_add_message_async        (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         ParlanceMessage         *message,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
void            parlance_store_update_message_async     (ParlanceStore           *self,
                                                         ParlanceMessage         *message,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
/* Finish for every asynchronous write above. */
gboolean        parlance_store_write_finish             (ParlanceStore           *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);

/* Search (issue #12): an FTS5 index over message text and conversation titles, kept in step by
 * triggers. @query is whatever a person typed, never SQL: quotes, `-`, `*`, OR, NEAR, parentheses,
 * lone operators and any Unicode give results or none, never an error. Every word is matched as
 * a prefix; all words must match (in the message, or in its conversation's title). */

/* Matched words in a snippet are between these two bytes; the rest is the stored text, which the
 * caller must escape (never live markup) and filter before a terminal. */
#define PARLANCE_SEARCH_MARK_START "\x02"
#define PARLANCE_SEARCH_MARK_END   "\x03"

typedef struct
{
  gint64  conversation_id;
  char   *title;             /* the conversation's title */
  gint64  message_id;        /* the matching message; 0 when only the title matched */
  char   *snippet;           /* a few words around the match, marked; "…" where text was cut */
  double  rank;              /* lower is better (bm25) */
  gint64  updated;           /* the conversation's `updated` */
} ParlanceSearchResult;

void parlance_search_result_free (ParlanceSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceSearchResult, parlance_search_result_free)

/* The FTS5 query for what a person typed, or NULL when it holds no word to search for. */
char           *parlance_store_search_query_to_fts      (const char              *text);
/* Best matches first, at most @limit (0: a default of 200), archived conversations included;
 * every branch is searched. Returns ParlanceSearchResult. */
GPtrArray      *parlance_store_search                   (ParlanceStore           *self,
                                                         const char              *query,
                                                         guint                    limit,
                                                         GError                 **error);
/* Off the main thread; cancelling @cancellable interrupts the query at once (a new keystroke
 * cancels the previous search), finishing with G_IO_ERROR_CANCELLED. */
void            parlance_store_search_async             (ParlanceStore           *self,
                                                         const char              *query,
                                                         guint                    limit,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GPtrArray      *parlance_store_search_finish            (ParlanceStore           *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);

/* Every message of a conversation, every branch and lane, in id order (parents before their
 * children), as ParlanceMessage with their parent ids set: for export. */
GPtrArray      *parlance_store_load_all_messages        (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         GError                 **error);

/* Branches (issue #13). A conversation's messages are a tree (parent_id); the shown branch ends
 * at its tip. */

/* The ids of @message_id's siblings, itself included (same conversation and parent; roots are
 * siblings of each other), in id order. Returns a GArray of gint64; NULL with an error when the
 * message does not exist. */
GArray         *parlance_store_list_siblings            (ParlanceStore           *self,
                                                         gint64                   message_id,
                                                         GError                 **error);
/* The newest leaf under @message_id (the latest written message below it, or itself), which
 * set_tip then shows: switching to a version shows where that version's conversation went. */
gint64          parlance_store_get_newest_leaf          (ParlanceStore           *self,
                                                         gint64                   message_id,
                                                         GError                 **error);
/* Deletes one message: its children move up to its parent, so the conversation below stays;
 * its attachments go with it (blobs no message uses any more). A tip on it moves to its
 * parent's newest leaf, or to none. Bumps `updated`, keeps the search index in step. */
gboolean        parlance_store_delete_message           (ParlanceStore           *self,
                                                         gint64                   message_id,
                                                         GError                 **error);
void            parlance_store_set_tip_async            (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         gint64                   message_id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
void            parlance_store_delete_message_async     (ParlanceStore           *self,
                                                         gint64                   message_id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
/* (Both finish with parlance_store_write_finish ().) load_branch fills every message's
 * siblings (parlance_message_set_siblings ()). */

/* Requests (issue #14): one row of `requests` per request sent to a provider, written when it
 * is sent and completed when it ends, failed and cancelled ones included (providers count
 * them). The rate budgets (parlance-rate-budget.h) count these rows, so a restart forgets
 * nothing. Times are microseconds since the epoch (UTC). */

/**
 * ParlanceRequestRecord:
 * @id: the row's id; 0 until it is added (an asynchronous add sets it when it completes)
 * @at: when it was sent
 * @provider_id: the provider it went to
 * @requested_model: (nullable): the model asked for
 * @budget_group: (nullable): the budget whose limits it counts against
 * @status: the HTTP status of the answer; 0 when no answer came (network, cancelled)
 * @error_kind: (nullable): why it failed, such as "per-minute" or "network"
 *   (parlance_request_error_kind_for_reply ()); %NULL when it succeeded
 * @model: (nullable): the model that answered
 * @tokens_in: prompt tokens, -1 unknown (so are the other numbers)
 * @tokens_out: completion tokens
 * @tokens_reasoning: reasoning tokens
 * @tokens_cached: cached prompt tokens
 * @cost_pico: exact cost in 10^-12 USD
 * @generation_id: (nullable): the provider's id of the generation
 * @message_id: the assistant message it answered into, 0 none
 *
 * A request, reference counted: the caller fills in the end before
 * parlance_store_end_request (); the store copies what it writes on the calling thread.
 */
typedef struct
{
  gint64  id;
  gint64  at;
  char   *provider_id;
  char   *requested_model;
  char   *budget_group;
  guint   status;
  char   *error_kind;
  char   *model;
  gint64  tokens_in;
  gint64  tokens_out;
  gint64  tokens_reasoning;
  gint64  tokens_cached;
  gint64  cost_pico;
  char   *generation_id;
  gint64  message_id;
} ParlanceRequestRecord;

ParlanceRequestRecord *parlance_request_record_new      (gint64                   at,
                                                         const char              *provider_id,
                                                         const char              *requested_model,
                                                         const char              *budget_group);
ParlanceRequestRecord *parlance_request_record_ref      (ParlanceRequestRecord   *record);
void            parlance_request_record_unref           (ParlanceRequestRecord   *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceRequestRecord, parlance_request_record_unref)
/* Sets the end from a reply (status, model, usage, cost, generation id) and @error (its kind;
 * NULL for a success). @reply may be NULL when nothing was sent back. */
void            parlance_request_record_set_end         (ParlanceRequestRecord   *record,
                                                         ParlanceChatReply       *reply,
                                                         const GError            *error);
/* "cancelled", "rate_limited", "payment_required", "unauthorized", "server", "network"…:
 * a stable name for a ParlanceApiError (or G_IO_ERROR_CANCELLED), for error_kind. */
const char     *parlance_request_error_kind             (const GError            *error);
/* A refusal's limit kind ("per-minute", "daily", "upstream", "credits", "overloaded",
 * "context-length"), else parlance_request_error_kind (): what set_end () writes. */
const char     *parlance_request_error_kind_for_reply   (ParlanceChatReply       *reply,
                                                         const GError            *error);

/* Inserts @record's row (with whatever of its end is known) and sets its id. */
gint64          parlance_store_add_request              (ParlanceStore           *self,
                                                         ParlanceRequestRecord   *record,
                                                         GError                 **error);
/* Writes @record's end into its row. */
gboolean        parlance_store_end_request              (ParlanceStore           *self,
                                                         ParlanceRequestRecord   *record,
                                                         GError                 **error);
/* Through the writer thread, in order: an end asked for before its add completed waits for it
 * and writes into the row the add made. Finish with parlance_store_write_finish (). */
void            parlance_store_add_request_async        (ParlanceStore           *self,
                                                         ParlanceRequestRecord   *record,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
void            parlance_store_end_request_async        (ParlanceStore           *self,
                                                         ParlanceRequestRecord   *record,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
/* Requests of @provider_id in @budget_group (NULL: every group) sent at or after @since and
 * before @until: how many, their prompt tokens and their prompt + completion tokens (unknown
 * counts as 0). */
gboolean        parlance_store_count_requests           (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         const char              *budget_group,
                                                         gint64                   since,
                                                         gint64                   until,
                                                         gint64                  *n_requests,
                                                         gint64                  *tokens_in,
                                                         gint64                  *tokens_total,
                                                         GError                 **error);
/* When those requests were sent, oldest first (a GArray of gint64). */
GArray         *parlance_store_list_request_times       (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         const char              *budget_group,
                                                         gint64                   since,
                                                         gint64                   until,
                                                         GError                 **error);
/* The budget groups @provider_id's requests were counted in or limits learned for, sorted. */
GStrv           parlance_store_list_budget_groups       (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         GError                 **error);

/* Limits a provider announced (table `rate_limits`): per provider, group and @window
 * ("minute", "day", "minute_tokens"); -1 for what it did not say. */
gboolean        parlance_store_save_rate_limit          (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         const char              *budget_group,
                                                         const char              *window,
                                                         gint64                   limit,
                                                         gint64                   remaining,
                                                         gint64                   reset_at,
                                                         gint64                   learned_at,
                                                         GError                 **error);
void            parlance_store_save_rate_limit_async    (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         const char              *budget_group,
                                                         const char              *window,
                                                         gint64                   limit,
                                                         gint64                   remaining,
                                                         gint64                   reset_at,
                                                         gint64                   learned_at,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
/* FALSE without an error when nothing was learned for them. */
gboolean        parlance_store_load_rate_limit          (ParlanceStore           *self,
                                                         const char              *provider_id,
                                                         const char              *budget_group,
                                                         const char              *window,
                                                         gint64                  *limit,
                                                         gint64                  *remaining,
                                                         gint64                  *reset_at,
                                                         gint64                  *learned_at,
                                                         GError                 **error);

/* Signals (main context):
 *   ::conversations-changed ()  — after a write that changes the conversation list (create, save,
 *                                 delete, add message), and when another process changed the
 *                                 database (PRAGMA data_version, polled off the main thread).
 *   ::write-failed (GError*)    — a write failed; what it held stays in memory and is retried.
 *   ::write-recovered ()        — the writes that had failed are on disk now.
 *   ::usage-changed ()          — a request's end (tokens, cost) was written by this store. */


/* Usage (issue #14): what was sent and what it cost, read from the `requests` table (one row per
 * request sent, failed ones included) and from the messages' costs. Costs are exact pico-dollars;
 * tokens and costs a provider did not give count as 0 in sums. */

typedef enum
{
  PARLANCE_USAGE_BY_DAY,        /* key: the local day, "YYYY-MM-DD"; oldest first */
  PARLANCE_USAGE_BY_MODEL,      /* key: the model that answered (else the one asked); costliest first */
  PARLANCE_USAGE_BY_PROVIDER,   /* key: the provider's id; costliest first */
} ParlanceUsageGrouping;

typedef struct
{
  char   *key;          /* "" when the row has none (no model recorded) */
  gint64  requests;
  gint64  tokens_in;
  gint64  tokens_out;
  gint64  cost_pico;    /* sum of the known costs, exact */
} ParlanceUsageRow;

typedef struct
{
  GPtrArray *rows;      /* ParlanceUsageRow */
  gint64     requests;  /* totals over the rows */
  gint64     tokens_in;
  gint64     tokens_out;
  gint64     cost_pico;
} ParlanceUsageReport;

void parlance_usage_report_free (ParlanceUsageReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceUsageReport, parlance_usage_report_free)

/* Microseconds (UTC) of the local midnight that starts the day @days_back days before @now's
 * (0: today). An injectable clock: pass the time it is. */
gint64          parlance_usage_day_start                (GDateTime               *now,
                                                         guint                    days_back);

/* Requests sent at or after @since and before @until (microseconds since the epoch, UTC; 0 or
 * less for no bound), grouped by @grouping. */
ParlanceUsageReport *parlance_store_get_usage           (ParlanceStore           *self,
                                                         ParlanceUsageGrouping    grouping,
                                                         gint64                   since,
                                                         gint64                   until,
                                                         GError                 **error);
void            parlance_store_get_usage_async          (ParlanceStore           *self,
                                                         ParlanceUsageGrouping    grouping,
                                                         gint64                   since,
                                                         gint64                   until,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
ParlanceUsageReport *parlance_store_get_usage_finish    (ParlanceStore           *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
/* What a conversation cost: the sum of its messages' costs, every branch (each version was paid
 * for); -1 when none of its messages has a known cost. Returned through @cost_pico. */
gboolean        parlance_store_get_conversation_cost    (ParlanceStore           *self,
                                                         gint64                   conversation_id,
                                                         gint64                  *cost_pico,
                                                         GError                 **error);
void            parlance_store_get_conversation_cost_async (ParlanceStore        *self,
                                                            gint64                conversation_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean        parlance_store_get_conversation_cost_finish (ParlanceStore       *self,
                                                             GAsyncResult        *result,
                                                             gint64              *cost_pico,
                                                             GError             **error);

G_END_DECLS
