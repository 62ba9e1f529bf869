/* parlance-test-search.h — what the search UI's tests share: the conversations they search in,
 * the window's search, input through the X server.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-search-pane.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"

G_BEGIN_DECLS

/* What the tests search in. */
typedef struct
{
  gint64 trip;          /* "Trip to Australia": 120 messages, a quokka in message 31 */
  gint64 trip_quokka;
  gint64 zoo;           /* "Zoo notes": quokkas twice */
  gint64 zoo_quokka[2];
  gint64 recipes;       /* nothing about quokkas */
  gint64 hostile;       /* markup in a message */
} ParlanceTestSearchSeeds;

typedef struct
{
  ParlanceTestSidebar       sidebar;
  ParlanceTestSearchSeeds   seeds;
  ParlanceSearchPane       *pane;
  GtkStack                 *sidebar_stack;
  AdwLeaflet               *leaflet;
  ParlanceConversationView *view;
  ParlanceMessageList      *messages;
} ParlanceTestSearch;

gint64   parlance_test_search_add_conversation    (ParlanceStore      *store,
                                                   const char         *title);
gint64   parlance_test_search_add_message         (ParlanceStore      *store,
                                                   gint64              conversation,
                                                   gint64             *parent,
                                                   ParlanceRole        role,
                                                   const char         *text);
/* Writes the conversations into a fresh database, then shows the window on it. */
void     parlance_test_search_start               (ParlanceTestSearch *ui);
void     parlance_test_search_stop                (ParlanceTestSearch *ui);
gboolean parlance_test_search_highlighted_in_sight (ParlanceTestSearch *ui,
                                                   gint64              message_id);
void     parlance_test_search_settle              (ParlanceTestSearch *ui);
void     parlance_test_search_screenshot          (ParlanceTestSearch *ui,
                                                   const char         *name);
/* Input through the X server (XTest), as a person's. */
gboolean parlance_test_search_have_xtest          (void);
void     parlance_test_search_take_keyboard       (ParlanceTestSearch *ui);
void     parlance_test_search_press               (ParlanceTestSearch *ui,
                                                   guint               keyval,
                                                   gboolean            control);
void     parlance_test_search_type                (ParlanceTestSearch *ui,
                                                   const char         *text);
void     parlance_test_search_click               (GtkWidget          *widget);

/* Short ways to what the tests look at. */

static inline GtkWindow *
window (ParlanceTestSearch *ui)
{
  return GTK_WINDOW (ui->sidebar.window);
}

static inline gint64
open_id (ParlanceTestSearch *ui)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (ui->sidebar.session));
}

static inline gboolean
focus_in (ParlanceTestSearch *ui,
          GtkWidget          *ancestor)
{
  GtkWidget *focus = gtk_window_get_focus (window (ui));

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static inline GtkWidget *
entry (ParlanceTestSearch *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->pane), GTK_TYPE_SEARCH_ENTRY, NULL);
}

static inline gboolean
searching (ParlanceTestSearch *ui)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (ui->sidebar_stack), "search") == 0;
}

static inline const char *
pane_page (ParlanceTestSearch *ui)
{
  GtkStack *stack = GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui->pane), GTK_TYPE_STACK, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

G_END_DECLS
