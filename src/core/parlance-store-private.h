/* parlance-store-private.h — what the files of ParlanceStore share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parlance-store.c          the object, opening, errors, signals, the data_version poll
 * parlance-store-db.c       connections: pragmas, the statement cache, transactions, the pool
 * parlance-store-schema.c   the schema and its migrations, one function per version
 * parlance-store-fts-pending.c  messages an import wrote, indexed after it in small batches
 * parlance-store-conversations.c, parlance-store-messages.c   the queries
 * parlance-store-liveness.c who writes a streaming message, and whether it is still alive
 * parlance-store-writer.c   the writer thread, asynchronous writes, follow and flush
 * parlance-store-async.c    asynchronous reads
 * parlance-store-check.c    integrity check and counts
 * parlance-store-tokenizer.c  the search index's tokenizer (CJK characters one a token)
 * parlance-store-search.c   full-text search: the queries, ranking, results
 * parlance-store-search-query.c  what was typed, as FTS5 prefix strings
 * parlance-store-search-async.c  the search in a worker thread
 * parlance-store-snippet.c  the words around a match, marked
 */

#pragma once

#include <sqlite3.h>

#include "parlance-store.h"

G_BEGIN_DECLS

#define STORE_DEFAULT_BUSY_TIMEOUT_MS 5000

/* One SQLite connection, used by one thread at a time, with its prepared statements. */
typedef struct
{
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text (static) → sqlite3_stmt */
  int         busy_timeout_ms;
  gint64      max_page_count;
  gboolean    query_only;
} StoreConnection;

typedef struct _StoreWriter StoreWriter;

/* What outlives the GObject while threads still use it: threads hold a reference to this, never
 * to the store, and reach the store through @store_ref in its main context only. */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *path;
  GMainContext    *context;
  GWeakRef         store_ref;

  GMutex           mutex;         /* guards the fields below */
  GPtrArray       *idle;          /* StoreConnection, ready for reads and synchronous calls */
  int              busy_timeout_ms;
  gint64           max_page_count;  /* 0: SQLite's default; tests simulate a full disk */
  gboolean         query_only;      /* tests simulate a read-only database */
} StoreShared;

struct _ParlanceStore
{
  GObject      parent_instance;

  StoreShared *shared;
  StoreWriter *writer;
  guint        poll_id;
};

enum {
  STORE_SIGNAL_CONVERSATIONS_CHANGED,
  STORE_SIGNAL_WRITE_FAILED,
  STORE_SIGNAL_WRITE_RECOVERED,
  STORE_SIGNAL_USAGE_CHANGED,
  STORE_N_SIGNALS
};

extern guint _parlance_store_signals[STORE_N_SIGNALS];

/* parlance-store.c */
StoreShared     *_parlance_store_shared_ref         (StoreShared      *shared);
void             _parlance_store_shared_unref       (StoreShared      *shared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreShared, _parlance_store_shared_unref)
gboolean         _parlance_store_set_error          (StoreConnection  *conn,
                                                     int               rc,
                                                     GError          **error);
void             _parlance_store_set_error_literal  (GError          **error,
                                                     ParlanceStoreError code,
                                                     const char       *path,
                                                     const char       *detail);
/* Emits ::conversations-changed in the store's main context, from any thread. */
void             _parlance_store_shared_changed     (StoreShared      *shared);

/* parlance-store-db.c */
StoreConnection *_parlance_store_connection_open    (const char       *path,
                                                     int               busy_timeout_ms,
                                                     GError          **error);
void             _parlance_store_connection_free    (StoreConnection  *conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreConnection, _parlance_store_connection_free)
sqlite3_stmt    *_parlance_store_prepare            (StoreConnection  *conn,
                                                     const char       *sql,
                                                     GError          **error);
gboolean         _parlance_store_exec               (StoreConnection  *conn,
                                                     const char       *sql,
                                                     GError          **error);
sqlite3_stmt    *_parlance_store_prepare_id         (StoreConnection  *conn,
                                                     const char       *sql,
                                                     gint64            id,
                                                     GError          **error);
gboolean         _parlance_store_step_done          (StoreConnection  *conn,
                                                     sqlite3_stmt     *stmt,
                                                     GError          **error);
gboolean         _parlance_store_exec_id            (StoreConnection  *conn,
                                                     const char       *sql,
                                                     gint64            id,
                                                     GError          **error);
gint64           _parlance_store_query_id           (StoreConnection  *conn,
                                                     const char       *sql,
                                                     gint64            id,
                                                     GError          **error);
GArray          *_parlance_store_step_ids           (StoreConnection  *conn,
                                                     sqlite3_stmt     *stmt,
                                                     GError          **error);
gboolean         _parlance_store_begin              (StoreConnection  *conn,
                                                     GError          **error);
gboolean         _parlance_store_commit             (StoreConnection  *conn,
                                                     GError          **error);
void             _parlance_store_rollback           (StoreConnection  *conn);
gint64           _parlance_store_query_int          (StoreConnection  *conn,
                                                     const char       *sql,
                                                     GError          **error);
/* Binds NULL for a negative (unknown) number, or for a NULL string. */
void             _parlance_store_bind_known         (sqlite3_stmt     *stmt,
                                                     int               index,
                                                     gint64            value);
void             _parlance_store_bind_text          (sqlite3_stmt     *stmt,
                                                     int               index,
                                                     const char       *text);
gint64           _parlance_store_column_known       (sqlite3_stmt     *stmt,
                                                     int               index);
const char      *_parlance_store_column_text        (sqlite3_stmt     *stmt,
                                                     int               index);
StoreConnection *_parlance_store_shared_take        (StoreShared      *shared,
                                                     GError          **error);
void             _parlance_store_shared_give        (StoreShared      *shared,
                                                     StoreConnection  *conn);
/* Applies what tests asked for (busy timeout, simulated full or read-only disk). */
void             _parlance_store_connection_sync    (StoreShared      *shared,
                                                     StoreConnection  *conn);

/* parlance-store-fts-pending.c */
gboolean         _parlance_store_db_pending_open    (StoreConnection  *conn,
                                                     GError          **error);
gboolean         _parlance_store_db_pending_close   (StoreConnection  *conn,
                                                     GError          **error);
gboolean         _parlance_store_db_index_pending   (StoreConnection  *conn,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
gboolean         _parlance_store_index_pending      (ParlanceStore    *self,
                                                     GCancellable     *cancellable,
                                                     GError          **error);

/* parlance-store-schema.c */
gboolean         _parlance_store_migrate            (StoreConnection  *conn,
                                                     GError          **error);

/* parlance-store-conversations.c */
gboolean         _parlance_store_db_create_conversation (StoreConnection      *conn,
                                                         ParlanceConversation *conversation,
                                                         GError              **error);
gboolean         _parlance_store_db_save_conversation (StoreConnection      *conn,
                                                       ParlanceConversation *conversation,
                                                       GError              **error);
gboolean         _parlance_store_db_delete_conversation (StoreConnection  *conn,
                                                         gint64            id,
                                                         GError          **error);
ParlanceConversation *_parlance_store_db_get_conversation (StoreConnection  *conn,
                                                           gint64            id,
                                                           GError          **error);
GPtrArray       *_parlance_store_db_list_conversations (StoreConnection        *conn,
                                                        ParlanceStoreListFlags  flags,
                                                        guint                   limit,
                                                        GError                **error);

/* parlance-store-messages.c */
GPtrArray       *_parlance_store_db_load_branch     (StoreConnection  *conn,
                                                     gint64            conversation_id,
                                                     GError          **error);
gboolean         _parlance_store_db_add_message     (StoreConnection  *conn,
                                                     gint64            conversation_id,
                                                     ParlanceMessage  *message,
                                                     GError          **error);
gboolean         _parlance_store_db_update_message  (StoreConnection  *conn,
                                                     ParlanceMessage  *message,
                                                     GError          **error);
gboolean         _parlance_store_db_append_message  (StoreConnection  *conn,
                                                     ParlanceMessage  *delta,
                                                     gint64            seq,
                                                     gboolean          fields_changed,
                                                     GError          **error);
gboolean         _parlance_store_db_read_parts      (StoreConnection  *conn,
                                                     gint64            id,
                                                     GString          *content,
                                                     GString          *reasoning,
                                                     GError          **error);
/* A copy of every stored field, made on the thread that owns @message. */
ParlanceMessage *_parlance_store_message_copy       (ParlanceMessage  *message);
ParlanceMessage *_parlance_store_message_copy_from  (ParlanceMessage  *message,
                                                     gsize             content_from,
                                                     gsize             reasoning_from);
const char      *_parlance_store_status_to_string   (ParlanceMessageStatus status);

/* parlance-store-messages.c */
GPtrArray       *_parlance_store_db_load_all_messages (StoreConnection *conn,
                                                       gint64           conversation_id,
                                                       GError         **error);

/* parlance-store-tokenizer.c */
void             _parlance_store_tokenizer_init     (void);
gboolean         _parlance_store_is_cjk             (gunichar          c);
typedef struct _StoreTokenizer StoreTokenizer;
typedef struct
{
  char *token;     /* folded, as the index holds it */
  int   start;     /* bytes in the text */
  int   end;
} StoreToken;
StoreTokenizer  *_parlance_store_tokenizer_new      (sqlite3          *db);
void             _parlance_store_tokenizer_free     (StoreTokenizer   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreTokenizer, _parlance_store_tokenizer_free)
GArray          *_parlance_store_tokenize           (StoreTokenizer   *self,
                                                     const char       *text,
                                                     gboolean          query);

/* parlance-store-snippet.c */
/* @words: what was typed, one word each; @window: tokens shown, 0 for the whole text. */
char            *_parlance_store_snippet            (StoreTokenizer   *tokenizer,
                                                     const char       *text,
                                                     const char * const *words,
                                                     guint             window);

/* parlance-store-search.c */
GPtrArray       *_parlance_store_db_search          (StoreConnection  *conn,
                                                     const char       *query,
                                                     guint             limit,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
/* parlance-store-search-query.c */
/* Returns: (transfer full): the words of @text as FTS5 prefix strings ("…"*), at most 16 */
GPtrArray       *_parlance_store_search_words       (const char       *text);
/* The words whose bit in @mask is @set, ANDed; those in @exact whole, without the star. */
char            *_parlance_store_search_join        (GPtrArray        *words,
                                                     guint             mask,
                                                     gboolean          set,
                                                     guint             exact);
/* The same words as typed, for snippets. */
GStrv            _parlance_store_search_typed_words (GPtrArray        *words,
                                                     guint             mask,
                                                     gboolean          set);
/* For tests: called between the queries of a search (to cancel it half-way). */
extern void    (*_parlance_store_search_step_hook) (gpointer data);
extern gpointer  _parlance_store_search_step_hook_data;

/* parlance-store-liveness.c */
typedef struct
{
  gint64  pid;
  char   *boot;
  gint64  start;
} StoreWriterId;

const StoreWriterId *_parlance_store_writer_id_self (void);
gboolean         _parlance_store_writer_is_alive    (gint64            pid,
                                                     const char       *boot,
                                                     gint64            start);
/* Marks the streaming messages of gone writers interrupted, in @conversation_id or (0)
 * everywhere, when the database can be written at once; reads never wait for that. */
void             _parlance_store_db_settle_streaming (StoreConnection *conn,
                                                      gint64           conversation_id);
const char      *_parlance_store_cut_off_text       (void);

/* parlance-store-writer.c */
StoreWriter     *_parlance_store_writer_new         (ParlanceStore    *self,
                                                     GError          **error);
void             _parlance_store_writer_free        (StoreWriter      *writer);
/* Runs @func on the writer thread's connection; @done, if any, then in the task's context. */
typedef gboolean (*StoreWriteFunc) (StoreConnection  *conn,
                                    gpointer          data,
                                    GError          **error);
typedef void     (*StoreWriteDone) (GTask            *task,
                                    gpointer          data);
void             _parlance_store_writer_push        (ParlanceStore    *self,
                                                     GTask            *task,
                                                     StoreWriteFunc    func,
                                                     StoreWriteDone    done,
                                                     gboolean          changes_list);
void             _parlance_store_writer_poll        (ParlanceStore    *self);

/* For tests: simulate a full disk (a page limit, 0 to lift it) or a read-only file on every
 * connection of the store, the writer's included; and a shorter busy timeout. */
void             _parlance_store_set_max_page_count (ParlanceStore    *self,
                                                     gint64            max_page_count);
void             _parlance_store_set_query_only     (ParlanceStore    *self,
                                                     gboolean          query_only);
void             _parlance_store_set_busy_timeout   (ParlanceStore    *self,
                                                     int               ms);
/* How many writes of followed messages failed so far. */
guint            _parlance_store_get_failed_writes  (ParlanceStore    *self);

G_END_DECLS
