/* parlance-window-private.h — what the window's files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-budget-indicator.h"
#include "parlance-conversation-settings.h"
#include "parlance-conversation-view.h"
#include "parlance-search-pane.h"
#include "parlance-sidebar.h"
#include "parlance-store.h"
#include "parlance-window.h"

G_BEGIN_DECLS

struct _ParlanceWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  ParlanceChatSession  *session;
  GCancellable         *cancellable;
  gboolean              has_key;
  gboolean              key_known;    /* whether has_key is the keyring's answer yet */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *model_button;
  GtkLabel             *model_label;
  GtkLabel             *cost_label;        /* the conversation's cost (parlance-window-usage.c) */
  GCancellable         *cost_cancellable;
  ParlanceBudgetIndicator *budget_indicator; /* what is left of the rate limits, beside it */
  GtkStack             *main_stack;
  AdwStatusPage        *first_run_page;
  GtkWidget            *first_run_button;
  GtkMenuButton        *provider_button;
  gboolean              provider_chosen;   /* this conversation's provider was picked by hand */
  GSimpleAction        *use_provider;      /* win.use-provider: its state is the current provider */
  GHashTable           *key_states;        /* provider id → KEY_SAVED or KEY_MISSING */
  GHashTable           *key_lookups;       /* provider id → the generation of its latest lookup */
  guint                 key_generation;
  ParlanceConversationView *conversation_view;

  /* Saved conversations (parlance-window-conversations.c) */
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  ParlanceSidebar      *sidebar;
  AdwWindowTitle       *sidebar_title;
  GtkWidget            *new_button;
  GtkRevealer          *store_banner;
  GtkLabel             *store_banner_label;
  GtkRevealer          *write_banner;
  GtkLabel             *write_banner_label;
  GtkMenuButton        *settings_button;
  ParlanceConversationSettings *conversation_settings;
  ParlanceStore        *store;
  GCancellable         *open_cancellable;
  gboolean              open_keeps_focus;  /* browsing the sidebar: the keyboard stays there */
  GSignalGroup         *conversation_signals;
  GHashTable           *pending_deletes;   /* id → AdwToast whose Undo is still possible */

  /* Replies that go on while another conversation shows (parlance-window-sessions.c) */
  GSignalGroup         *session_signals;   /* on the shown session */
  GHashTable           *busy_sessions;     /* conversation id → its replying, hidden session */

  /* Search (parlance-window-search.c) */
  GtkStack             *sidebar_stack;     /* the list, or the search */
  AdwClamp             *sidebar_clamp;
  GtkToggleButton      *search_button;
  ParlanceSearchPane   *search_pane;
  gboolean              search_opening;    /* a conversation opens for a search result: */
  gint64                pending_conversation; /* that one (the database may still be opening) */
  gint64                pending_message;   /* and the message to scroll to, or 0 */
  char                **pending_terms;     /* and the words to highlight in it */
  gint64                branch_switched;   /* the message whose branch was made the shown one */

  /* Changes by other programs (parlance-window-sync.c) */
  GCancellable         *sync_cancellable;
  guint                 n_opening;         /* opens asked for by the user, not finished yet */
};

void _parlance_window_sync_provider_and_model (ParlanceWindow *self);
void _parlance_window_sync_header             (ParlanceWindow *self);
void _parlance_window_check_key               (ParlanceWindow *self);
void _parlance_window_show_page_for_key       (ParlanceWindow *self);

/* parlance-window-conversations.c; 0 is the open conversation, or none. */
gint64                _parlance_window_open_id                 (ParlanceWindow *self);
gint64                _parlance_window_resolve_id              (ParlanceWindow *self,
                                                                GVariant       *parameter);
ParlanceConversation *_parlance_window_lookup                  (ParlanceWindow *self,
                                                                gint64          id);
void                  _parlance_window_open_conversation       (ParlanceWindow *self,
                                                                gint64          id);
void                  _parlance_window_start_new_conversation  (ParlanceWindow *self);
/* parlance-window-delete.c: conversation.delete */
void                  _parlance_window_delete_activated        (GtkWidget      *widget,
                                                                const char     *action_name,
                                                                GVariant       *parameter);

/* parlance-window-conversations.c: the shown session's conversation changed. */
void                  _parlance_window_conversation_changed    (ParlanceWindow *self);
void                  _parlance_window_routing_changed         (ParlanceWindow *self);

/* parlance-window-sessions.c */
void                  _parlance_window_sessions_init           (ParlanceWindow *self);
void                  _parlance_window_sessions_dispose        (ParlanceWindow *self);
void                  _parlance_window_set_session             (ParlanceWindow      *self,
                                                                ParlanceChatSession *session);
void                  _parlance_window_set_aside_reply         (ParlanceWindow *self);
gboolean              _parlance_window_show_reply              (ParlanceWindow *self,
                                                                gint64          id);
void                  _parlance_window_stop_reply              (ParlanceWindow *self,
                                                                gint64          id);
ParlanceConversation *_parlance_window_hidden_conversation     (ParlanceWindow *self,
                                                                gint64          id);

/* parlance-window-sync.c */
void                  _parlance_window_sync_init               (ParlanceWindow *self);
void                  _parlance_window_sync_connect            (ParlanceWindow *self);
void                  _parlance_window_sync_dispose            (ParlanceWindow *self);

/* parlance-window-export.c: conversation.export, win.export-all */
void _parlance_window_export_class_init        (GtkWidgetClass *widget_class);
/* parlance-window-import.c: win.import, win.import-files */
void _parlance_window_import_class_init        (GtkWidgetClass *widget_class);
/* parlance-window-search.c */
void                  _parlance_window_search_class_init       (GtkWidgetClass *widget_class);
void                  _parlance_window_search_init             (ParlanceWindow *self);
void                  _parlance_window_search_dispose          (ParlanceWindow *self);
void                  _parlance_window_search_opened           (ParlanceWindow *self,
                                                                const GError   *error);
gboolean              _parlance_window_search_store_opened     (ParlanceWindow *self);

/* parlance-window-usage.c: win.show-usage, and the conversation's cost in the header */
void _parlance_window_usage_class_init         (GtkWidgetClass *widget_class);
void _parlance_window_usage_init               (ParlanceWindow *self);
void _parlance_window_usage_store_opened       (ParlanceWindow *self);
void _parlance_window_usage_dispose            (ParlanceWindow *self);
void _parlance_window_refresh_cost             (ParlanceWindow *self);

void _parlance_window_conversations_class_init (GtkWidgetClass *widget_class);
void _parlance_window_conversations_init       (ParlanceWindow *self);
void _parlance_window_conversations_dispose    (ParlanceWindow *self);
void _parlance_window_conversations_close      (ParlanceWindow *self);

G_END_DECLS
