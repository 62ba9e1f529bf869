/* parlance-conversation-view.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Messages in a GtkListView (rows are built only for what is on screen), a composer below.
 * The view follows a growing reply while the user is at the bottom, and stops following as soon
 * as they scroll up to read.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-conversation-view.h"
#include "parlance-message-row.h"

/* How close to the bottom still counts as "at the bottom", in pixels. */
#define FOLLOW_SLACK 48.0

struct _ParlanceConversationView
{
  GtkWidget            parent_instance;

  ParlanceChatSession *session;
  GSignalGroup        *session_signals;
  GtkNoSelection      *selection;
  gboolean             following;
  gboolean             scrolling_to_end;

  /* Template widgets */
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *list_view;
  GtkTextView         *text_view;
  GtkStack            *action_stack;
  GtkWidget           *send_button;
  GtkWidget           *stop_button;
};

G_DEFINE_FINAL_TYPE (ParlanceConversationView, parlance_conversation_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
parlance_conversation_view_new (void)
{
  return g_object_new (PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
}

ParlanceChatSession *
parlance_conversation_view_get_session (ParlanceConversationView *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self), NULL);
  return self->session;
}

/* Whether the view keeps the end of the conversation in sight as it grows. */
gboolean
parlance_conversation_view_get_following (ParlanceConversationView *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self), FALSE);
  return self->following;
}

void
parlance_conversation_view_focus_composer (ParlanceConversationView *self)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static char *
dup_composer_text (ParlanceConversationView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
sync_actions (ParlanceConversationView *self)
{
  gboolean busy = self->session != NULL && parlance_chat_session_get_busy (self->session);
  g_autofree char *text = dup_composer_text (self);
  gboolean has_text = g_strstrip (text)[0] != '\0';

  gtk_stack_set_visible_child (self->action_stack, busy ? self->stop_button : self->send_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.send",
                                 self->session != NULL && !busy && has_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.retry", self->session != NULL && !busy);
}

static void
sync_empty (ParlanceConversationView *self)
{
  GListModel *messages = self->session ? parlance_chat_session_get_messages (self->session) : NULL;
  gboolean empty = messages == NULL || g_list_model_get_n_items (messages) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "messages");
}

/* Following */

static void
scroll_to_end (ParlanceConversationView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->scrolling_to_end = TRUE;
  gtk_adjustment_set_value (adj, end);
  self->scrolling_to_end = FALSE;
}

static void
adjustment_value_changed (ParlanceConversationView *self,
                          GtkAdjustment            *adj)
{
  double bottom = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj);

  if (self->scrolling_to_end)
    return;
  self->following = bottom >= gtk_adjustment_get_upper (adj) - FOLLOW_SLACK;
}

static void
adjustment_changed (ParlanceConversationView *self,
                    GtkAdjustment            *adj)
{
  /* The content grew (or the window changed size): stay at the end if we were there. */
  if (self->following)
    scroll_to_end (self);
}

/* Actions */

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (widget);
  g_autofree char *text = dup_composer_text (self);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  if (!parlance_chat_session_send (self->session, text, &error))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  self->following = TRUE;
}

static void
stop_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (widget);

  if (self->session != NULL)
    parlance_chat_session_stop (self->session);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (widget);

  if (self->session != NULL && parlance_chat_session_retry (self->session, NULL))
    self->following = TRUE;
}

static gboolean
composer_key_pressed (GtkEventControllerKey    *controller,
                      guint                     keyval,
                      guint                     keycode,
                      GdkModifierType           state,
                      ParlanceConversationView *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      !(mods & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "conversation.send", NULL);
      return TRUE;
    }

  if (keyval == GDK_KEY_Escape && mods == 0 && self->session != NULL &&
      parlance_chat_session_get_busy (self->session))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "conversation.stop", NULL);
      return TRUE;
    }

  return FALSE;
}

/* List rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, parlance_message_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (gtk_list_item_get_child (item)),
                                    gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
messages_changed (ParlanceConversationView *self)
{
  sync_empty (self);
}

void
parlance_conversation_view_set_session (ParlanceConversationView *self,
                                        ParlanceChatSession      *session)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (!session || PARLANCE_IS_CHAT_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  gtk_no_selection_set_model (self->selection,
                              session ? parlance_chat_session_get_messages (session) : NULL);
  if (session != NULL)
    g_signal_connect_object (parlance_chat_session_get_messages (session), "items-changed",
                             G_CALLBACK (messages_changed), self, G_CONNECT_SWAPPED);
  self->following = TRUE;
  sync_empty (self);
  sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
parlance_conversation_view_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_view_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      parlance_conversation_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_view_dispose (GObject *object)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (parlance_chat_session_get_messages (self->session), self);
  g_clear_object (&self->session);
  g_clear_object (&self->session_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_CONVERSATION_VIEW);
  /* GTK 4.8 only clears the bound children; the template's root box goes here. */
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (parlance_conversation_view_parent_class)->dispose (object);
}

static void
parlance_conversation_view_class_init (ParlanceConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_conversation_view_dispose;
  object_class->get_property = parlance_conversation_view_get_property;
  object_class->set_property = parlance_conversation_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PARLANCE_TYPE_CHAT_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-conversation-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, text_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, action_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, send_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, composer_key_pressed);

  gtk_widget_class_install_action (widget_class, "conversation.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "conversation.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "conversation.retry", NULL, retry_activated);
}

static void
parlance_conversation_view_init (ParlanceConversationView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);

  self->session_signals = g_signal_group_new (PARLANCE_TYPE_CHAT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy", G_CALLBACK (sync_actions), self);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (sync_actions), self, G_CONNECT_SWAPPED);

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (adjustment_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (adjustment_changed), self, G_CONNECT_SWAPPED);

  self->following = TRUE;
  sync_empty (self);
  sync_actions (self);
}
