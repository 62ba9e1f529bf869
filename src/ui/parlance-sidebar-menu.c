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
  struct { const char *label, *action; } items[] = {
    { _("_Rename…"), "conversation.rename" },
    { pinned ? _("Un_pin") : _("_Pin"), pinned ? "conversation.unpin" : "conversation.pin" },
    { archived ? _("Un_archive") : _("_Archive"), archived ? "conversation.unarchive" : "conversation.archive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (items[i].label, NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("_Delete"), NULL);

    g_menu_item_set_action_and_target_value (item, "conversation.delete", g_variant_new_int64 (id));
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
  /* After the menu's action ran: unparenting at once would drop it. The row may go first. */
  g_idle_add_once (unparent_menu, g_object_ref (popover));
}

void
_parlance_sidebar_popup_at (ParlanceSidebarRow *row,
                            double              x,
                            double              y)
{
  g_autoptr(GMenuModel) model = menu_for (parlance_sidebar_row_get_conversation (row));
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);

  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  gtk_widget_add_css_class (popover, "conversation-menu");
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), x >= 0);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (menu_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
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

