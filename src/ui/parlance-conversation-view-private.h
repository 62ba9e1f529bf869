/* parlance-conversation-view-private.h — what the parlance-conversation-view*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-model-catalog.h"

G_BEGIN_DECLS

struct _ParlanceConversationView
{
  GtkWidget            parent_instance;

  ParlanceChatSession *session;
  GSignalGroup        *session_signals;
  /* The models of the session's provider, from the disk cache: names for ids. */
  ParlanceModelCatalog *catalog;
  GCancellable        *cancellable;

  /* Template widgets */
  GtkStack            *stack;
  ParlanceMessageList *message_list;
  GtkTextView         *text_view;
  GtkLabel            *placeholder_label;
  GtkStack            *action_stack;
  GtkWidget           *send_button;
  GtkWidget           *stop_button;
  GtkWidget           *composer_box;
  GtkWidget           *key_bar;
  GtkLabel            *key_label;
  GtkWidget           *key_button;
  GtkRevealer         *jump_revealer;
  GtkWidget           *jump_button;

  GtkWidget           *precheck_bar;
  GtkLabel            *precheck_label;
  GtkLabel            *cost_label;
  GtkWidget           *refuse_box;

  guint                actions_synced;  /* ActionBits */
  guint                actions_enabled;

  /* Before sending (parlance-conversation-view-precheck.c). */
  guint                precheck_id;     /* the debounced estimate */
  gboolean             refused;         /* too long for the model's context */
  gint64               history_tokens;  /* what the draft is sent after; -1: count again */
  GSignalGroup        *conversation_signals;
};

enum {
  ACTION_SEND  = 1 << 0,
  ACTION_STOP  = 1 << 1,
  ACTION_RETRY = 1 << 2,
};

char     *_parlance_conversation_view_dup_composer_text (ParlanceConversationView *self);
void      _parlance_conversation_view_sync_actions      (ParlanceConversationView *self);

/* parlance-conversation-view-precheck.c */
void      _parlance_conversation_view_queue_precheck    (ParlanceConversationView *self);
void      _parlance_conversation_view_history_changed   (ParlanceConversationView *self);
void      _parlance_conversation_view_conversation_changed (ParlanceConversationView *self);
gboolean  _parlance_conversation_view_precheck          (ParlanceConversationView *self);
void      _parlance_conversation_view_precheck_init     (ParlanceConversationView *self);
void      _parlance_conversation_view_precheck_dispose  (ParlanceConversationView *self);

G_END_DECLS
