/* parlance-chat-session-private.h — what the parlance-chat-session*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-chat-session.h"
#include "parlance-conversation.h"
#include "parlance-fallback.h"

G_BEGIN_DECLS

struct _ParlanceChatSession
{
  GObject               parent_instance;

  GListStore           *messages;        /* the shown branch, oldest first */
  ParlanceProvider     *provider;
  ParlanceChatClient   *client;
  ParlanceKeyStore     *key_store;
  char                 *model;
  GCancellable         *cancellable;     /* the reply under way, if any */
  ParlanceMessage      *pending;         /* its assistant message */

  /* Fallbacks (parlance-chat-session-fallback.c). */
  ParlanceModelCatalog *catalog;         /* the provider's prices, for the free-only guard */
  ParlanceRouting      *default_routing; /* Preferences' defaults; NULL: none */
  gboolean              wait_on_limits;  /* wait out a per-minute limit, then send again */
  ParlanceRateBudget   *rate_budget;     /* whose limits it waits by; NULL: its own */

  /* Saving (parlance-chat-session-store.c). */
  ParlanceConversation *conversation;    /* never NULL; id 0 until its first message is saved */
  gboolean              creating;        /* its creation is asked for (the id may still be 0) */
  ParlanceStore        *store;           /* NULL: everything stays in memory */
  GQueue                steps;           /* SaveStep, run one at a time, in order */
  gboolean              step_running;
  guint                 retry_source;
  guint                 retry_delay;     /* seconds before a failed step runs again */
  guint                 open_serial;     /* a newer open (or new chat) supersedes an older one */

  /* Versions made without a store (parlance-chat-session-tree.c): every message the
   * session made, with its parent, its children and its place in time. */
  GHashTable           *tree;            /* ParlanceMessage → TreeNode */
  GPtrArray            *tree_roots;      /* the messages with no parent, oldest first */
  guint64               tree_serial;
  guint                 switch_serial;   /* a newer change of branch supersedes a switch */

  /* Titles asked from the model (parlance-chat-session-title.c). */
  gboolean              generate_titles;
  GCancellable         *title_cancellable;

  /* Cut replies' figures asked afterwards (parlance-chat-session-generation.c). */
  GCancellable         *generation_cancellable;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_BUSY,
  PROP_PROVIDER,
  PROP_STORE,
  PROP_CONVERSATION,
  PROP_GENERATE_TITLES,
  PROP_SAVING,
  N_PROPS
};

void                 _parlance_chat_session_notify          (ParlanceChatSession  *self,
                                                             guint                 prop_id);
void                 _parlance_chat_session_origin_changed  (ParlanceChatSession  *self,
                                                             ParlanceProvider     *provider);

/* parlance-chat-session-request.c */
ParlanceChatRequest *_parlance_chat_session_build_request   (ParlanceChatSession  *self,
                                                             ParlanceMessage      *until,
                                                             gboolean              include_until,
                                                             const char           *model,
                                                             ParlanceProvider     *provider);

/* parlance-chat-session-turn.c */
ParlanceChatClient  *_parlance_chat_session_new_client      (ParlanceProvider     *provider);
void                 _parlance_chat_session_start_reply     (ParlanceChatSession  *self,
                                                             ParlanceMessage      *message,
                                                             const char           *model,
                                                             gboolean              prefill);

/* parlance-chat-session-store.c */
void                 _parlance_chat_session_save_exchange   (ParlanceChatSession  *self,
                                                             ParlanceMessage      *parent,
                                                             ParlanceMessage      *user,
                                                             ParlanceMessage      *assistant);
void                 _parlance_chat_session_save_retry      (ParlanceChatSession  *self,
                                                             ParlanceMessage      *assistant);
void                 _parlance_chat_session_save_branch_change (ParlanceChatSession *self,
                                                                ParlanceMessage     *deleted,
                                                                gint64               tip,
                                                                GTask               *task);
void                 _parlance_chat_session_replace_conversation (ParlanceChatSession  *self,
                                                                  ParlanceConversation *conversation,
                                                                  gboolean              saved,
                                                                  GPtrArray            *messages);
void                 _parlance_chat_session_save_conversation (ParlanceChatSession  *self,
                                                               ParlanceConversation *conversation);
void                 _parlance_chat_session_take_conversation (ParlanceChatSession  *self,
                                                               ParlanceConversation *conversation);
void                 _parlance_chat_session_follow_provider (ParlanceChatSession  *self);
void                 _parlance_chat_session_follow_model    (ParlanceChatSession  *self);
gboolean             _parlance_chat_session_get_saving      (ParlanceChatSession  *self);
void                 _parlance_chat_session_store_dispose   (ParlanceChatSession  *self);

/* parlance-chat-session-tree.c */
void                 _parlance_chat_session_tree_add        (ParlanceChatSession  *self,
                                                             ParlanceMessage      *parent,
                                                             ParlanceMessage      *message);
void                 _parlance_chat_session_tree_clear      (ParlanceChatSession  *self);
void                 _parlance_chat_session_tree_remove     (ParlanceChatSession  *self,
                                                             ParlanceMessage      *message);
GPtrArray           *_parlance_chat_session_tree_children   (ParlanceChatSession  *self,
                                                             ParlanceMessage      *parent);
ParlanceMessage     *_parlance_chat_session_tree_parent     (ParlanceChatSession  *self,
                                                             ParlanceMessage      *message,
                                                             gboolean             *known);
ParlanceMessage     *_parlance_chat_session_tree_newest_leaf (ParlanceChatSession *self,
                                                              ParlanceMessage     *message);

/* parlance-chat-session-reply.c */
void                 _parlance_chat_session_record_reply    (ParlanceMessage      *message,
                                                             ParlanceChatReply    *reply);
void                 _parlance_chat_session_reset_reply     (ParlanceMessage      *message);
ParlanceRequestRecord *_parlance_chat_session_record_sent   (ParlanceChatSession  *self,
                                                             ParlanceProvider     *provider,
                                                             const char           *model);
void                 _parlance_chat_session_record_end      (ParlanceChatSession  *self,
                                                             ParlanceRequestRecord *record,
                                                             ParlanceChatReply    *reply,
                                                             const GError         *error,
                                                             ParlanceMessage      *message);
void                 _parlance_chat_session_record_message_saved (ParlanceChatSession *self,
                                                                  ParlanceMessage     *message);

/* parlance-chat-session-fallback.c */
ParlanceRouting       *_parlance_chat_session_dup_routing   (ParlanceChatSession   *self,
                                                             ParlanceConversation  *conversation,
                                                             gboolean              *own);
ParlanceFallbackChain *_parlance_chat_session_new_chain     (ParlanceChatSession   *self,
                                                             const ParlanceRouting *routing,
                                                             gboolean               own,
                                                             ParlanceProvider      *provider,
                                                             const char            *model);
void                   _parlance_chat_session_note_attempts (ParlanceMessage       *message,
                                                             ParlanceFallbackChain *chain,
                                                             const char            *requested);

/* parlance-chat-session-generation.c */
void                 _parlance_chat_session_fetch_generation (ParlanceChatSession   *self,
                                                              ParlanceProvider      *provider,
                                                              ParlanceMessage       *message,
                                                              ParlanceChatReply     *reply,
                                                              const GError          *error,
                                                              ParlanceRequestRecord *record);
void                 _parlance_chat_session_generation_dispose (ParlanceChatSession *self);

/* parlance-chat-session-title.c */
gboolean             _parlance_chat_session_wants_title     (ParlanceChatSession  *self,
                                                             ParlanceConversation *conversation,
                                                             ParlanceMessage      *reply);
char                *_parlance_chat_session_sanitize_title  (const char           *text);
void                 _parlance_chat_session_generate_title  (ParlanceChatSession  *self,
                                                             ParlanceConversation *conversation,
                                                             ParlanceProvider     *provider,
                                                             const char           *model,
                                                             const char           *question,
                                                             const char           *answer);

G_END_DECLS
