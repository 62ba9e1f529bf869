/* parlance-message-editor.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edit & Resend in place: the question's text in a text view where the text was shown, with
 * Cancel (Escape) and Send (Ctrl+Enter). Sending asks the session of the conversation view the
 * row is in for a new version of the question (parlance_chat_session_edit_and_resend ()).
 * While editing, the editor hides the widget just before it in the row (the text it replaces)
 * and the message's actions below it (Copy, Edit, Delete would act on the text being replaced).
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "parlance-conversation-view.h"
#include "parlance-message-actions.h"
#include "parlance-message-editor.h"
#include "parlance-window.h"

struct _ParlanceMessageEditor
{
  GtkWidget        parent_instance;

  ParlanceMessage *message;

  GtkScrolledWindow *scroller;
  GtkTextView     *text_view;       /* made when editing starts */
};

G_DEFINE_FINAL_TYPE (ParlanceMessageEditor, parlance_message_editor, GTK_TYPE_WIDGET)

static void
set_editing (ParlanceMessageEditor *self,
             gboolean               editing)
{
  GtkWidget *shown = gtk_widget_get_prev_sibling (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), editing);
  if (shown != NULL)
    gtk_widget_set_visible (shown, !editing);
  for (GtkWidget *w = gtk_widget_get_next_sibling (GTK_WIDGET (self)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (PARLANCE_IS_MESSAGE_ACTIONS (w))
      gtk_widget_set_visible (w, !editing);
  if (!editing)
    {
      gtk_scrolled_window_set_child (self->scroller, NULL);
      self->text_view = NULL;
    }
}

static GtkTextView *
text_view_new (void)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edited message"), -1);
  return GTK_TEXT_VIEW (view);
}

gboolean
parlance_message_editor_get_editing (ParlanceMessageEditor *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_EDITOR (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
parlance_message_editor_set_message (ParlanceMessageEditor *self,
                                     ParlanceMessage       *message)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_EDITOR (self));

  /* A row shows another message: what was being edited is dropped. */
  if (g_set_object (&self->message, message) && parlance_message_editor_get_editing (self))
    set_editing (self, FALSE);
}

void
parlance_message_editor_start (ParlanceMessageEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (PARLANCE_IS_MESSAGE_EDITOR (self));

  if (self->message == NULL)
    return;
  if (self->text_view == NULL)
    {
      self->text_view = text_view_new ();
      gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->text_view));
    }
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, parlance_message_get_content (self->message), -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  set_editing (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

void
parlance_message_editor_cancel (ParlanceMessageEditor *self)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_EDITOR (self));

  if (!parlance_message_editor_get_editing (self))
    return;
  set_editing (self, FALSE);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  parlance_message_editor_cancel (PARLANCE_MESSAGE_EDITOR (widget));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceMessageEditor *self = PARLANCE_MESSAGE_EDITOR (widget);
  GtkWidget *view = gtk_widget_get_ancestor (widget, PARLANCE_TYPE_CONVERSATION_VIEW);
  ParlanceChatSession *session = view != NULL ? parlance_conversation_view_get_session (PARLANCE_CONVERSATION_VIEW (view)) : NULL;
  GtkTextBuffer *buffer;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (!parlance_message_editor_get_editing (self) || session == NULL || self->message == NULL ||
      self->text_view == NULL)
    return;
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  parlance_message_actions_finish_deletes (session);
  if (!parlance_chat_session_edit_and_resend (session, self->message, text, &error))
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* The text stays in the editor: nothing typed is lost. */
      if (PARLANCE_IS_WINDOW (root))
        parlance_window_add_toast (PARLANCE_WINDOW (root), adw_toast_new (escaped));
      else
        gtk_widget_error_bell (widget);
      return;
    }
  set_editing (self, FALSE);
}

static void
parlance_message_editor_dispose (GObject *object)
{
  ParlanceMessageEditor *self = PARLANCE_MESSAGE_EDITOR (object);

  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_EDITOR);
  /* GTK 4.8 only clears the bound children; the template's root goes here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_message_editor_parent_class)->dispose (object);
}

static void
parlance_message_editor_class_init (ParlanceMessageEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_message_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-message-editor.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messageeditor");
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageEditor, scroller);

  gtk_widget_class_install_action (widget_class, "editor.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_activated);
}

/* Before the text view: Ctrl+Enter sends, Escape cancels; Enter is a new line. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             ParlanceMessageEditor *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      mods == GDK_CONTROL_MASK)
    return gtk_widget_activate_action (GTK_WIDGET (self), "editor.send", NULL);
  if (keyval == GDK_KEY_Escape && mods == 0)
    return gtk_widget_activate_action (GTK_WIDGET (self), "editor.cancel", NULL);
  return FALSE;
}

static void
parlance_message_editor_init (ParlanceMessageEditor *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
