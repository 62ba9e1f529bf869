/* parlance-sidebar-row.c — one conversation in the sidebar: title, model and time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-sidebar-row.h"

struct _ParlanceSidebarRow
{
  GtkWidget             parent_instance;

  ParlanceConversation *conversation;
  GSignalGroup         *signals;

  GtkLabel             *header_label;
  GtkWidget            *content;
  GtkWidget            *pin_image;
  GtkLabel             *title_label;
  GtkLabel             *model_label;
  GtkLabel             *time_label;
  GtkWidget            *unarchive_button;
};

G_DEFINE_FINAL_TYPE (ParlanceSidebarRow, parlance_sidebar_row, GTK_TYPE_WIDGET)

GtkWidget *
parlance_sidebar_row_new (void)
{
  return g_object_new (PARLANCE_TYPE_SIDEBAR_ROW, NULL);
}

/**
 * parlance_sidebar_format_time:
 * @time: microseconds since the Unix epoch
 * @now: the local time to compare with
 *
 * Returns: (transfer full): the short time a row shows
 */
char *
parlance_sidebar_format_time (gint64     time,
                              GDateTime *now)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan ago;

  if (then == NULL)
    return g_strdup ("");
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  ago = g_date_time_difference (today, then);

  if (ago <= 0)
    /* Translators: the time of a conversation updated today, as strftime () writes it */
    return g_date_time_format (then, _("%H:%M"));
  if (ago <= G_TIME_SPAN_DAY)
    return g_strdup (_("Yesterday"));
  if (ago <= 6 * G_TIME_SPAN_DAY)
    /* Translators: a conversation updated in the last seven days: the day of the week, strftime () */
    return g_date_time_format (then, _("%A"));
  if (g_date_time_get_year (then) == g_date_time_get_year (now))
    /* Translators: a conversation updated this year: day and month, as strftime () writes them */
    return g_date_time_format (then, _("%e %b"));
  /* Translators: a conversation updated in an earlier year, as strftime () writes it */
  return g_date_time_format (then, _("%e %b %Y"));
}

/* What a screen reader says for the row: the list item around it has the keyboard focus. */
static void
sync_accessible (ParlanceSidebarRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  const char *model = gtk_label_get_text (self->model_label);
  g_autoptr(GString) label = g_string_new (gtk_label_get_text (self->title_label));

  if (*model != '\0')
    g_string_append_printf (label, ", %s", model);
  g_string_append_printf (label, ", %s", gtk_label_get_text (self->time_label));
  if (parlance_conversation_get_pinned (self->conversation))
    /* Translators: said by screen readers after a sidebar row's title, model and time */
    g_string_append_printf (label, ", %s", _("pinned"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
  if (item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

static void
sync_time (ParlanceSidebarRow *self,
           GDateTime          *now)
{
  g_autofree char *time = NULL;

  if (self->conversation == NULL)
    return;
  time = parlance_sidebar_format_time (parlance_conversation_get_updated (self->conversation), now);
  gtk_label_set_text (self->time_label, time);
  sync_accessible (self);
}

void
parlance_sidebar_row_refresh (ParlanceSidebarRow *self,
                              GDateTime          *now)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR_ROW (self));
  g_return_if_fail (now != NULL);

  sync_time (self, now);
}

static void
sync_row (ParlanceSidebarRow *self)
{
  ParlanceConversation *c = self->conversation;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *title, *model;

  if (c == NULL)
    return;

  title = parlance_conversation_get_title (c);
  model = parlance_conversation_get_model (c);
  gtk_label_set_text (self->title_label, title != NULL && *title != '\0' ? title : _("New Conversation"));
  /* "claude-sonnet-4.5" says enough in a narrow column; the full id is on hover. */
  gtk_label_set_text (self->model_label, model == NULL ? "" : strrchr (model, '/') != NULL ? strrchr (model, '/') + 1 : model);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_label), model);
  sync_time (self, now);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_image), parlance_conversation_get_pinned (c));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  if (self->unarchive_button != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->unarchive_button), "x",
                                      parlance_conversation_get_id (c));
}

ParlanceConversation *
parlance_sidebar_row_get_conversation (ParlanceSidebarRow *self)
{
  g_return_val_if_fail (PARLANCE_IS_SIDEBAR_ROW (self), NULL);
  return self->conversation;
}

void
parlance_sidebar_row_set_conversation (ParlanceSidebarRow   *self,
                                       ParlanceConversation *conversation)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR_ROW (self));
  g_return_if_fail (!conversation || PARLANCE_IS_CONVERSATION (conversation));

  if (!g_set_object (&self->conversation, conversation))
    return;
  g_signal_group_set_target (self->signals, conversation);
  sync_row (self);
}

void
parlance_sidebar_row_set_header (ParlanceSidebarRow *self,
                                 const char         *header)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->header_label), header != NULL);
  gtk_label_set_text (self->header_label, header != NULL ? header : "");
}

/* The archived view's rows have an Unarchive button. */
void
parlance_sidebar_row_set_archived_view (ParlanceSidebarRow *self,
                                        gboolean            archived_view)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR_ROW (self));

  if (archived_view && self->unarchive_button == NULL)
    {
      self->unarchive_button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
      gtk_widget_set_valign (self->unarchive_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (self->unarchive_button, _("Unarchive"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->unarchive_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Unarchive"), -1);
      gtk_widget_add_css_class (self->unarchive_button, "flat");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->unarchive_button), "x", (gint64) 0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->unarchive_button), "conversation.unarchive");
      gtk_box_append (GTK_BOX (self->content), self->unarchive_button);
      sync_row (self);
    }
  if (self->unarchive_button != NULL)
    gtk_widget_set_visible (self->unarchive_button, archived_view);
}

static void
parlance_sidebar_row_dispose (GObject *object)
{
  ParlanceSidebarRow *self = PARLANCE_SIDEBAR_ROW (object);

  g_clear_object (&self->signals);
  g_clear_object (&self->conversation);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_sidebar_row_parent_class)->dispose (object);
}

static void
parlance_sidebar_row_class_init (ParlanceSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_sidebar_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebarrow");
}

static GtkWidget *
new_label (const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  va_list args;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  va_start (args, first_class);
  for (const char *c = first_class; c != NULL; c = va_arg (args, const char *))
    gtk_widget_add_css_class (label, c);
  va_end (args);
  return label;
}

/* Built in code, not from a template: the list view makes up to 200 rows at once, and building
 * each from XML was most of the time to show a long list (tests/bench/sidebar-startup.py). */
static void
parlance_sidebar_row_init (ParlanceSidebarRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->header_label = GTK_LABEL (new_label ("sidebar-header", "heading", "dim-label", NULL));
  gtk_label_set_ellipsize (self->header_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (GTK_WIDGET (self->header_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->header_label));

  self->content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->content, "sidebar-row-content");
  gtk_box_append (GTK_BOX (box), self->content);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (self->content), text);

  self->title_label = GTK_LABEL (new_label ("sidebar-title", NULL));
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->title_label));
  self->pin_image = gtk_image_new_from_icon_name ("view-pin-symbolic");
  gtk_widget_add_css_class (self->pin_image, "dim-label");
  gtk_widget_set_tooltip_text (self->pin_image, _("Pinned"));
  gtk_widget_set_visible (self->pin_image, FALSE);
  gtk_box_append (GTK_BOX (top), self->pin_image);
  gtk_box_append (GTK_BOX (text), top);

  self->model_label = GTK_LABEL (new_label ("caption", "dim-label", NULL));
  gtk_label_set_ellipsize (self->model_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->model_label), TRUE);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->model_label));
  self->time_label = GTK_LABEL (new_label ("caption", "dim-label", "numeric", NULL));
  gtk_label_set_xalign (self->time_label, 1);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->time_label));
  gtk_box_append (GTK_BOX (text), bottom);

  gtk_widget_set_parent (box, GTK_WIDGET (self));

  /* Renames, pins and new messages show at once. */
  self->signals = g_signal_group_new (PARLANCE_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (sync_row), self);
}
