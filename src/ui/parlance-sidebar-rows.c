/* parlance-sidebar-rows.c — the sidebar's rows: their groups, headings and times.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's list view has no section headers: the first row of each group shows the group's
 * heading itself, and the rows on screen look again whenever the list changes or the day does.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-sidebar-private.h"
#include "parlance-sidebar-row.h"

ParlanceSidebarGroup
parlance_sidebar_group_for (ParlanceConversation *conversation,
                            GDateTime            *now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan ago;

  if (parlance_conversation_get_pinned (conversation))
    return PARLANCE_SIDEBAR_GROUP_PINNED;
  then = g_date_time_new_from_unix_local (parlance_conversation_get_updated (conversation) / G_USEC_PER_SEC);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  if (then == NULL)
    return PARLANCE_SIDEBAR_GROUP_OLDER;
  ago = g_date_time_difference (today, then);
  if (ago <= 0)
    return PARLANCE_SIDEBAR_GROUP_TODAY;
  if (ago <= G_TIME_SPAN_DAY)
    return PARLANCE_SIDEBAR_GROUP_YESTERDAY;
  if (ago <= 6 * G_TIME_SPAN_DAY)
    return PARLANCE_SIDEBAR_GROUP_WEEK;
  return PARLANCE_SIDEBAR_GROUP_OLDER;
}

const char *
parlance_sidebar_group_title (ParlanceSidebarGroup group)
{
  switch (group)
    {
    case PARLANCE_SIDEBAR_GROUP_PINNED:
      return _("Pinned");
    case PARLANCE_SIDEBAR_GROUP_TODAY:
      return _("Today");
    case PARLANCE_SIDEBAR_GROUP_YESTERDAY:
      return _("Yesterday");
    case PARLANCE_SIDEBAR_GROUP_WEEK:
      return _("Previous 7 Days");
    case PARLANCE_SIDEBAR_GROUP_OLDER:
    default:
      return _("Older");
    }
}

static GDateTime *
sidebar_now (ParlanceSidebar *self)
{
  return self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_local ();
}

/* The heading of the row at @position: its group's, when the row before is in another. */
static const char *
header_at (GListModel *model,
           guint       position,
           GDateTime  *now)
{
  g_autoptr(ParlanceConversation) item = g_list_model_get_item (model, position);
  g_autoptr(ParlanceConversation) before = NULL;
  ParlanceSidebarGroup group;

  if (item == NULL)
    return NULL;
  group = parlance_sidebar_group_for (item, now);
  if (position > 0)
    before = g_list_model_get_item (model, position - 1);
  if (before != NULL && parlance_sidebar_group_for (before, now) == group)
    return NULL;
  return parlance_sidebar_group_title (group);
}

static void
update_header (ParlanceSidebarRow *row,
               GtkListItem        *item,
               GListModel         *model,
               GDateTime          *now)
{
  guint position = gtk_list_item_get_position (item);

  parlance_sidebar_row_set_header (row, position == GTK_INVALID_LIST_POSITION ? NULL
                                                                              : header_at (model, position, now));
}

/* The rows on screen: a row whose neighbour changed is not bound again. */
void
_parlance_sidebar_update_headers (ParlanceSidebar *self)
{
  g_autoptr(GDateTime) now = sidebar_now (self);

  if (self->list == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GtkListItem *item;

      if (!PARLANCE_IS_SIDEBAR_ROW (row))
        continue;
      item = g_object_get_data (G_OBJECT (row), "list-item");
      if (item != NULL)
        update_header (PARLANCE_SIDEBAR_ROW (row), item, G_LIST_MODEL (self->list), now);
    }
}

/* After midnight, or on waking up: yesterday's "Today" is "Yesterday" now, and "14:05" too. */
void
_parlance_sidebar_day_changed (gpointer data)
{
  ParlanceSidebar *self = data;
  g_autoptr(GDateTime) now = sidebar_now (self);
  GtkWidget *views[] = { GTK_WIDGET (self->list_view), GTK_WIDGET (self->archived_view) };

  _parlance_sidebar_update_headers (self);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    for (GtkWidget *child = gtk_widget_get_first_child (views[i]);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *row = gtk_widget_get_first_child (child);

        if (PARLANCE_IS_SIDEBAR_ROW (row))
          parlance_sidebar_row_refresh (PARLANCE_SIDEBAR_ROW (row), now);
      }
}

void
_parlance_sidebar_set_now (ParlanceSidebar *self,
                           GDateTime       *now)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  _parlance_sidebar_day_changed (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ParlanceSidebar          *self)
{
  GtkWidget *row = parlance_sidebar_row_new ();

  g_object_set_data (G_OBJECT (row), "list-item", item);
  parlance_sidebar_row_set_archived_view (PARLANCE_SIDEBAR_ROW (row),
                                          g_object_get_data (G_OBJECT (factory), "archived") != NULL);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ParlanceSidebar          *self)
{
  ParlanceSidebarRow *row = PARLANCE_SIDEBAR_ROW (gtk_list_item_get_child (item));
  g_autoptr(GDateTime) now = sidebar_now (self);

  parlance_sidebar_row_set_conversation (row, gtk_list_item_get_item (item));
  if (self->now != NULL)
    parlance_sidebar_row_refresh (row, now);
  if (g_object_get_data (G_OBJECT (factory), "archived") == NULL)
    update_header (row, item, G_LIST_MODEL (self->list), now);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ParlanceSidebar          *self)
{
  parlance_sidebar_row_set_conversation (PARLANCE_SIDEBAR_ROW (gtk_list_item_get_child (item)), NULL);
}

GtkListItemFactory *
_parlance_sidebar_row_factory (ParlanceSidebar *self,
                               gboolean         archived)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  if (archived)
    g_object_set_data (G_OBJECT (factory), "archived", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  return factory;
}
