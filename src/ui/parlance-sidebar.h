/* parlance-sidebar.h — the saved conversations, grouped by time, and the archived ones.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-conversation-list.h"
#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_SIDEBAR (parlance_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceSidebar, parlance_sidebar, PARLANCE, SIDEBAR, GtkWidget)

/* The group a conversation is listed under. */
typedef enum
{
  PARLANCE_SIDEBAR_GROUP_PINNED,
  PARLANCE_SIDEBAR_GROUP_TODAY,
  PARLANCE_SIDEBAR_GROUP_YESTERDAY,
  PARLANCE_SIDEBAR_GROUP_WEEK,
  PARLANCE_SIDEBAR_GROUP_OLDER,
} ParlanceSidebarGroup;

GtkWidget                *parlance_sidebar_new              (void);
/* NULL: conversations can't be saved (the store did not open); the sidebar says so. */
void                      parlance_sidebar_set_store        (ParlanceSidebar *self,
                                                             ParlanceStore   *store);
ParlanceConversationList *parlance_sidebar_get_list         (ParlanceSidebar *self);
ParlanceConversationList *parlance_sidebar_get_archived_list (ParlanceSidebar *self);
/* Marks the open conversation (0: none) without emitting ::activated. */
void                      parlance_sidebar_select           (ParlanceSidebar *self,
                                                             gint64           id);
gint64                    parlance_sidebar_get_selected_id  (ParlanceSidebar *self);
gboolean                  parlance_sidebar_get_show_archived (ParlanceSidebar *self);
void                      parlance_sidebar_set_show_archived (ParlanceSidebar *self,
                                                              gboolean         show_archived);
/* Opens the context menu of the row that has the keyboard (Menu, Shift+F10). */
gboolean                  parlance_sidebar_popup_menu       (ParlanceSidebar *self);
ParlanceSidebarGroup      parlance_sidebar_group_for        (ParlanceConversation *conversation,
                                                             GDateTime       *now);
const char               *parlance_sidebar_group_title      (ParlanceSidebarGroup group);
GTimeSpan                 parlance_sidebar_until_next_day   (GDateTime       *now);

G_END_DECLS
