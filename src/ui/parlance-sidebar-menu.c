/* parlance-sidebar-menu.c — a sidebar row's context menu: rename, pin, archive, delete.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-sidebar-private.h"

static GMenuModel *
menu_for (ParlanceConversation *conversation)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  gint64 id = parlance_conversation_get_id (conversation);
  gboolean pinned = parlance_conversation_get_pinned (conversation);
  gboolean archived = parlance_conversation_get_archived (conversation);
  /* The row's menu opens on the open conversation, which F2 and Delete act on. */
  struct { const char *label, *action, *accel; } items[] = {
    { _("_Rename…"), "conversation.rename", "F2" },
    { pinned ? _("Un_pin") : _("_Pin"), pinned ? "conversation.unpin" : "conversation.pin", NULL },
    { archived ? _("Un_archive") : _("_Archive"), archived ? "conversation.unarchive" : "conversation.archive", NULL },
    { _("_Export…"), "conversation.export", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (items[i].label, NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (id));
      if (items[i].accel != NULL)
        g_menu_item_set_attribute (item, "accel", "s", items[i].accel);
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("_Delete"), NULL);

    g_menu_item_set_action_and_target_value (item, "conversation.delete", g_variant_new_int64 (id));
    g_menu_item_set_attribute (item, "accel", "s", "Delete");
    g_menu_append_item (section, item);
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  g_object_unref (section);
  return G_MENU_MODEL (menu);
}

static void
unparent_menu (gpointer data)
{
  g_autoptr(GtkWidget) popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
}

static void
menu_closed (GtkPopover *popover)
{
  /* After the menu's action ran: unparenting at once would drop it. */
  g_idle_add_once (unparent_menu, g_object_ref (popover));
}

/* The menu hangs on the sidebar, not on the row: GtkListView recycles and unrealizes its rows
 * (the right click opens the conversation, and the list reloads), and a popover parented to one
 * lost its surface, or showed over another conversation's row. */
void
_parlance_sidebar_popup_at (GtkWidget           *sidebar,
                            GtkWidget          **menu,
                            ParlanceSidebarRow  *row,
                            guint                position,
                            double               x,
                            double               y)
{
  g_autoptr(GMenuModel) model = menu_for (parlance_sidebar_row_get_conversation (row));
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);
  graphene_rect_t bounds;
  graphene_point_t point;
  GdkRectangle rect;

  _parlance_sidebar_popdown (menu);
  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), sidebar, &bounds))
    graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (sidebar), 0);
  if (x >= 0 && gtk_widget_compute_point (GTK_WIDGET (row), sidebar, &GRAPHENE_POINT_INIT (x, y), &point))
    rect = (GdkRectangle) { point.x, point.y, 1, 1 };
  else
    rect = (GdkRectangle) { bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height };

  gtk_widget_set_parent (popover, sidebar);
  gtk_widget_add_css_class (popover, "conversation-menu");
  g_object_set_data (G_OBJECT (popover), "position", GUINT_TO_POINTER (position));
  g_object_set_data_full (G_OBJECT (popover), "conversation-id64",
                          g_memdup2 (&(gint64) { parlance_conversation_get_id (parlance_sidebar_row_get_conversation (row)) },
                                     sizeof (gint64)), g_free);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), x >= 0);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
  g_signal_connect (popover, "closed", G_CALLBACK (menu_closed), NULL);
  *menu = popover;
  g_object_add_weak_pointer (G_OBJECT (popover), (gpointer *) menu);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* The conversation of the open menu, or 0, and where it was in the list when the menu opened. */
gint64
_parlance_sidebar_menu_get_id (GtkWidget *menu,
                               guint     *position)
{
  gint64 *id = menu != NULL ? g_object_get_data (G_OBJECT (menu), "conversation-id64") : NULL;

  *position = menu != NULL ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (menu), "position")) : 0;
  return id != NULL ? *id : 0;
}

/* Closes and drops the open menu, if there is one. */
void
_parlance_sidebar_popdown (GtkWidget **menu)
{
  GtkWidget *popover = *menu;

  if (popover == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (popover), (gpointer *) menu);
  *menu = NULL;
  g_signal_handlers_disconnect_by_func (popover, menu_closed, NULL);
  gtk_popover_popdown (GTK_POPOVER (popover));
  /* Not at once: this may run from the menu's own action. */
  g_idle_add_once (unparent_menu, g_object_ref (popover));
}

ParlanceSidebarRow *
_parlance_sidebar_row_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      if (PARLANCE_IS_SIDEBAR_ROW (widget))
        return PARLANCE_SIDEBAR_ROW (widget);
      if (child != NULL && PARLANCE_IS_SIDEBAR_ROW (child))
        return PARLANCE_SIDEBAR_ROW (child);
    }
  return NULL;
}

