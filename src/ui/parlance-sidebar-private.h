/* parlance-sidebar-private.h — what the sidebar's files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-sidebar.h"
#include "parlance-sidebar-row.h"

#include "parlance-conversation-list.h"

G_BEGIN_DECLS

typedef struct _ParlanceSidebarClock ParlanceSidebarClock;

struct _ParlanceSidebar
{
  GtkWidget                 parent_instance;

  ParlanceStore            *store;
  ParlanceConversationList *list;
  ParlanceConversationList *archived;
  GtkSingleSelection       *selection;
  GtkSingleSelection       *archived_selection;
  gint64                    selected_id;
  gboolean                  syncing;
  gboolean                  show_archived;
  gboolean                  unavailable;
  ParlanceSidebarClock     *clock;
  GDateTime                *now;  /* the tests' time; NULL: the clock's */
  GtkWidget                *menu;          /* a conversation's context menu, while it exists */
  guint                     key_pressed_id; /* a key is being handled: the selection is browsed */

  /* Template widgets */
  GtkStack                 *stack;
  GtkListView              *list_view;
  GtkListView              *archived_view;
};

/* parlance-sidebar-rows.c */
GtkListItemFactory *_parlance_sidebar_row_factory    (ParlanceSidebar *self,
                                                      gboolean         archived);
void                _parlance_sidebar_update_headers (ParlanceSidebar *self);
void                _parlance_sidebar_day_changed    (gpointer         data);


/* The menu of @row's conversation (at @position in its list), on @sidebar, pointing at @x, @y in
 * the row (-1: at the row); *@menu holds it while it exists. */
void                _parlance_sidebar_popup_at    (GtkWidget           *sidebar,
                                                   GtkWidget          **menu,
                                                   ParlanceSidebarRow  *row,
                                                   guint                position,
                                                   double               x,
                                                   double               y);
gint64              _parlance_sidebar_menu_get_id (GtkWidget           *menu,
                                                   guint               *position);
void                _parlance_sidebar_popdown     (GtkWidget          **menu);
/* The row @widget is in, or is the list item of. */
ParlanceSidebarRow *_parlance_sidebar_row_of   (GtkWidget          *widget);

typedef void (*ParlanceSidebarClockFunc) (gpointer data);

ParlanceSidebarClock *_parlance_sidebar_clock_new  (ParlanceSidebarClockFunc  changed,
                                                    gpointer                  data);
void                  _parlance_sidebar_clock_free (ParlanceSidebarClock     *self);
/* For the tests: the time the headings and the rows' times count from (NULL: the clock's), and
 * what midnight does, at once. */
void                  _parlance_sidebar_set_now    (ParlanceSidebar          *self,
                                                    GDateTime                *now);

G_END_DECLS
