/* parlance-message-actions.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small flat buttons under a message, each a `message.*` action of this widget. The actions
 * work on the session of the ParlanceConversationView the row is in (found as an ancestor when
 * the row is mapped): no signal has to travel through the list, its rows or the row. While a
 * reply streams, every action but Copy is disabled.
 *
 * Delete is undone from a toast: the row hides at once, the session deletes the message when
 * the toast goes without Undo, or before the next message is sent
 * (parlance_message_actions_finish_deletes ()). A version of a message with others ("2/3")
 * gives way at once to the one beside it, with the branch below; Undo shows it again.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "parlance-conversation-view.h"
#include "parlance-message-actions.h"
#include "parlance-message-editor.h"
#include "parlance-message-row.h"
#include "parlance-model-picker.h"
#include "parlance-window.h"

struct _ParlanceMessageActions
{
  GtkWidget            parent_instance;

  ParlanceMessage     *message;
  ParlanceChatSession *session;
  GSignalGroup        *message_signals;
  GSignalGroup        *session_signals;
  GSignalGroup        *list_signals;

  /* Template widgets */
  GtkWidget           *box;
  GtkWidget           *versions_box;
  GtkLabel            *version_label;
  GtkWidget           *copy_button;
  GtkWidget           *edit_button;
  GtkWidget           *regenerate_button;
  GtkWidget           *regenerate_with_button;
  gboolean             stop_first;  /* the picker is for a reply waiting out a rate limit */
  GtkWidget           *continue_button;
  GtkWidget           *delete_button;
};

G_DEFINE_FINAL_TYPE (ParlanceMessageActions, parlance_message_actions, GTK_TYPE_WIDGET)

#define DELETING_KEY "parlance-message-deleting"

static gboolean
is_deleting (ParlanceMessage *message)
{
  return message != NULL && g_object_get_data (G_OBJECT (message), DELETING_KEY) != NULL;
}

static void
toast (GtkWidget  *widget,
       AdwToast   *toast)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (PARLANCE_IS_WINDOW (root))
    parlance_window_add_toast (PARLANCE_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_error (GtkWidget    *widget,
             const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  toast (widget, adw_toast_new (escaped));
}

static void
sync_buttons (ParlanceMessageActions *self)
{
  ParlanceMessage *message = self->message;
  ParlanceMessageStatus status;
  gboolean busy, user, assistant, idle;
  guint index, count;

  if (message == NULL)
    return;
  status = parlance_message_get_status (message);
  busy = self->session == NULL || parlance_chat_session_get_busy (self->session);
  user = parlance_message_get_role (message) == PARLANCE_ROLE_USER;
  assistant = parlance_message_get_role (message) == PARLANCE_ROLE_ASSISTANT;
  idle = !busy && !is_deleting (message);
  index = parlance_message_get_sibling_index (message);
  count = parlance_message_get_n_siblings (message);

  /* Nothing to act on while the reply itself is coming. */
  gtk_widget_set_visible (self->box, status != PARLANCE_MESSAGE_WAITING &&
                                     status != PARLANCE_MESSAGE_STREAMING);
  gtk_widget_set_visible (self->versions_box, count > 1);
  if (count > 1)
    {
      g_autofree char *text = g_strdup_printf ("%u/%u", index + 1, count);
      /* Translators: what a screen reader says of "2/3" under a message */
      g_autofree char *accessible = g_strdup_printf (_("Version %u of %u"), index + 1, count);

      gtk_label_set_text (self->version_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->version_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  gtk_widget_set_visible (self->edit_button, user);
  gtk_widget_set_visible (self->regenerate_button, assistant);
  gtk_widget_set_visible (self->regenerate_with_button, assistant);
  gtk_widget_set_visible (self->continue_button,
                          self->session != NULL && assistant &&
                          parlance_chat_session_can_continue (self->session, message));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.previous-version", idle && index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.next-version", idle && index + 1 < count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.edit", idle && user);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.regenerate", idle && assistant);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.regenerate-with", idle && assistant);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.continue", idle && assistant);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.delete", idle);
}

/* A row whose message waits for its Undo toast to go stays hidden, whichever row shows it. */
static void
sync_row_visible (ParlanceMessageActions *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_ROW);

  if (row != NULL)
    gtk_widget_set_visible (row, !is_deleting (self->message));
}

void
parlance_message_actions_set_message (ParlanceMessageActions *self,
                                      ParlanceMessage        *message)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_ACTIONS (self));

  if (g_set_object (&self->message, message))
    g_signal_group_set_target (self->message_signals, message);
  sync_row_visible (self);
  sync_buttons (self);
}

static void
set_session (ParlanceMessageActions *self,
             ParlanceChatSession    *session)
{
  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->list_signals,
                             session != NULL ? parlance_chat_session_get_messages (session) : NULL);
  sync_buttons (self);
}

static void
parlance_message_actions_map (GtkWidget *widget)
{
  ParlanceMessageActions *self = PARLANCE_MESSAGE_ACTIONS (widget);
  GtkWidget *view = gtk_widget_get_ancestor (widget, PARLANCE_TYPE_CONVERSATION_VIEW);

  set_session (self, view != NULL ? parlance_conversation_view_get_session (PARLANCE_CONVERSATION_VIEW (view)) : NULL);
  sync_row_visible (self);
  GTK_WIDGET_CLASS (parlance_message_actions_parent_class)->map (widget);
}

/* Copy: the Markdown source, as it was written. */
static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceMessageActions *self = PARLANCE_MESSAGE_ACTIONS (widget);

  if (self->message == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), parlance_message_get_content (self->message));
  toast (widget, adw_toast_new (_("Copied")));
}

static void
regenerate_with (ParlanceMessageActions *self,
                 const char             *model)
{
  g_autoptr(GError) error = NULL;

  parlance_message_actions_finish_deletes (self->session);
  if (self->session != NULL && self->message != NULL &&
      !parlance_chat_session_regenerate (self->session, self->message, model, &error))
    toast_error (GTK_WIDGET (self), error);
}

static void
regenerate_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  regenerate_with (PARLANCE_MESSAGE_ACTIONS (widget), NULL);
}

static void
model_chosen (ParlanceMessageActions *self,
              ParlanceProvider       *provider,
              const char             *model)
{
  if (self->session != NULL && provider != parlance_chat_session_get_provider (self->session) &&
      g_strcmp0 (parlance_provider_get_id (provider),
                 parlance_provider_get_id (parlance_chat_session_get_provider (self->session))) != 0)
    {
      toast (GTK_WIDGET (self),
             adw_toast_new (_("Choose a model of this conversation’s provider to regenerate with.")));
      return;
    }
  /* A reply waiting out a rate limit stops waiting first (the session is busy until then). */
  if (self->stop_first && self->session != NULL)
    parlance_chat_session_stop (self->session);
  self->stop_first = FALSE;
  regenerate_with (self, model);
}

/* The model picker, choosing without changing the conversation's model. */
static void
open_picker (ParlanceMessageActions *self,
             gboolean                stop_first)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  ParlanceModelPicker *picker;

  if (self->session == NULL)
    return;
  self->stop_first = stop_first;
  picker = parlance_model_picker_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  parlance_model_picker_set_choose_only (picker, TRUE);
  g_signal_connect_object (picker, "model-chosen", G_CALLBACK (model_chosen), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (picker));
}

static void
regenerate_with_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_picker (PARLANCE_MESSAGE_ACTIONS (widget), FALSE);
}

/**
 * parlance_message_actions_send_with_another_model:
 *
 * For a reply waiting out a rate limit: the model picker; the model chosen answers at once (the
 * wait stops, and the reply is regenerated with it). Closing the picker keeps the wait.
 */
void
parlance_message_actions_send_with_another_model (ParlanceMessageActions *self)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_ACTIONS (self));

  open_picker (self, TRUE);
}

static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ParlanceMessageActions *self = PARLANCE_MESSAGE_ACTIONS (widget);
  g_autoptr(GError) error = NULL;

  if (self->session != NULL && self->message != NULL &&
      !parlance_chat_session_continue (self->session, self->message, &error))
    toast_error (widget, error);
}

/* Edit: the editor beside the message's text in the row. */
static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  for (GtkWidget *parent = gtk_widget_get_parent (widget); parent != NULL; parent = gtk_widget_get_parent (parent))
    for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL; child = gtk_widget_get_next_sibling (child))
      if (PARLANCE_IS_MESSAGE_EDITOR (child))
        {
          parlance_message_editor_start (PARLANCE_MESSAGE_EDITOR (child));
          return;
        }
}

static void
switched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_chat_session_switch_version_finish (PARLANCE_CHAT_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast_error (widget, error);
}

static void
switch_version (ParlanceMessageActions *self,
                int                     delta)
{
  if (self->session == NULL || self->message == NULL)
    return;
  parlance_message_actions_finish_deletes (self->session);
  parlance_chat_session_switch_version_async (self->session, self->message, delta, NULL,
                                              switched, g_object_ref (self));
}

static void
previous_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  switch_version (PARLANCE_MESSAGE_ACTIONS (widget), -1);
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  switch_version (PARLANCE_MESSAGE_ACTIONS (widget), +1);
}

/* Deleting with Undo */

typedef struct
{
  ParlanceChatSession *session;
  ParlanceMessage     *message;
  AdwToast            *toast;
  gboolean             undone;
  gboolean             finished;
  int                  shown_delta;  /* a version: the sibling shown instead (-1, +1; 0: none) */
  guint                position;     /* where in the branch */
  gint64               shown_at;     /* when its toast was added */
} PendingDelete;

/* libadwaita 1.2 frees a toast's state when its hide animation ends, while its show animation
 * (up to 500 ms) may still run and then touch it: dismissing a toast that young crashes. */
#define TOAST_SETTLE_US (700 * G_TIME_SPAN_MILLISECOND)

static gboolean
dismiss_later (gpointer data)
{
  adw_toast_dismiss (ADW_TOAST (data));
  return G_SOURCE_REMOVE;
}

static void
dismiss_toast (PendingDelete *pending)
{
  gint64 age = g_get_monotonic_time () - pending->shown_at;

  if (age >= TOAST_SETTLE_US)
    adw_toast_dismiss (pending->toast);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((TOAST_SETTLE_US - age) / 1000) + 1, dismiss_later,
                        g_object_ref (pending->toast), g_object_unref);
}

static GList *pending_deletes;   /* PendingDelete, oldest first */

static void
pending_delete_free (PendingDelete *pending)
{
  pending_deletes = g_list_remove (pending_deletes, pending);
  g_clear_object (&pending->session);
  g_clear_object (&pending->message);
  g_clear_object (&pending->toast);
  g_free (pending);
}

static void
delete_now (ParlanceChatSession *session,
            ParlanceMessage     *message)
{
  g_autoptr(GError) error = NULL;

  if (parlance_chat_session_delete_message (session, message, &error))
    return;
  /* The conversation is not shown any more: the store deletes it where it is. */
  if (parlance_message_get_id (message) > 0 && parlance_chat_session_get_store (session) != NULL)
    parlance_store_delete_message_async (parlance_chat_session_get_store (session),
                                         parlance_message_get_id (message), NULL, NULL, NULL);
  else
    g_warning ("Could not delete a message: %s", error->message);
}

/* A reply started meanwhile (Retry): the message goes once it ended. */
static void
delete_when_idle (ParlanceChatSession *session,
                  GParamSpec          *pspec,
                  ParlanceMessage     *message)
{
  if (parlance_chat_session_get_busy (session))
    return;
  g_signal_handlers_disconnect_by_func (session, delete_when_idle, message);
  delete_now (session, message);
  g_object_unref (message);
}

static void
shown_again (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!parlance_chat_session_switch_version_finish (PARLANCE_CHAT_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not show a version again: %s", error->message);
}

/* Undo of a version: the branch goes back from the sibling shown meanwhile to it. */
static void
show_again (PendingDelete *pending)
{
  GListModel *messages = parlance_chat_session_get_messages (pending->session);
  g_autoptr(ParlanceMessage) shown = g_list_model_get_item (messages, pending->position);

  if (shown == NULL || shown == pending->message ||
      parlance_chat_session_get_busy (pending->session))
    return;
  parlance_chat_session_switch_version_async (pending->session, shown, -pending->shown_delta,
                                              NULL, shown_again, NULL);
}

static void
finish_delete (PendingDelete *pending)
{
  if (pending->finished)
    return;
  pending->finished = TRUE;
  g_object_set_data (G_OBJECT (pending->message), DELETING_KEY, NULL);
  if (pending->undone)
    {
      /* Whichever row shows the message now shows it again (they follow "siblings"). */
      g_object_notify (G_OBJECT (pending->message), "siblings");
      if (pending->shown_delta != 0)
        show_again (pending);
      return;
    }
  if (parlance_chat_session_get_busy (pending->session))
    g_signal_connect (pending->session, "notify::busy", G_CALLBACK (delete_when_idle),
                      g_object_ref (pending->message));
  else
    delete_now (pending->session, pending->message);
}

static void
toast_dismissed (AdwToast      *toast,
                 PendingDelete *pending)
{
  finish_delete (pending);
  g_signal_handlers_disconnect_by_data (toast, pending);
  pending_delete_free (pending);
}

static void
undo_clicked (AdwToast      *toast,
              PendingDelete *pending)
{
  pending->undone = TRUE;
}

/**
 * parlance_message_actions_finish_deletes:
 * @session: (nullable): a session
 *
 * The messages of @session waiting for their Undo toast to go are deleted now.
 */
void
parlance_message_actions_finish_deletes (ParlanceChatSession *session)
{
  GList *list = g_list_copy (pending_deletes);

  for (GList *l = list; l != NULL; l = l->next)
    {
      PendingDelete *pending = l->data;

      if (pending->session == session && !pending->finished)
        {
          finish_delete (pending);
          dismiss_toast (pending);
        }
    }
  g_list_free (list);
}

static gboolean
find_shown (ParlanceChatSession *session,
            ParlanceMessage     *message,
            guint               *position)
{
  GListModel *messages = parlance_chat_session_get_messages (session);
  guint n = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceMessage) item = g_list_model_get_item (messages, i);

      if (item == message)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ParlanceMessageActions *self = PARLANCE_MESSAGE_ACTIONS (widget);
  PendingDelete *pending;

  if (self->session == NULL || self->message == NULL || is_deleting (self->message))
    return;
  /* One Undo at a time: the one before is done now. */
  parlance_message_actions_finish_deletes (self->session);

  pending = g_new0 (PendingDelete, 1);
  pending->session = g_object_ref (self->session);
  pending->message = g_object_ref (self->message);
  pending->toast = g_object_ref_sink (adw_toast_new (_("Message deleted")));
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (undo_clicked), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (toast_dismissed), pending);
  pending_deletes = g_list_append (pending_deletes, pending);
  g_object_set_data (G_OBJECT (self->message), DELETING_KEY, GINT_TO_POINTER (TRUE));
  sync_row_visible (self);

  if (PARLANCE_IS_WINDOW (gtk_widget_get_root (widget)))
    {
      guint count = parlance_message_get_n_siblings (self->message);

      pending->shown_at = g_get_monotonic_time ();
      toast (widget, g_object_ref (pending->toast));
      /* A version of several: the one beside it shows at once, with the branch below it. */
      if (count > 1 && find_shown (self->session, self->message, &pending->position))
        {
          pending->shown_delta = parlance_message_get_sibling_index (self->message) > 0 ? -1 : +1;
          parlance_chat_session_switch_version_async (self->session, self->message, pending->shown_delta,
                                                      NULL, switched, g_object_ref (self));
        }
    }
  else
    {
      /* Nowhere to undo from: at once. */
      g_signal_handlers_disconnect_by_data (pending->toast, pending);
      finish_delete (pending);
      pending_delete_free (pending);
    }
}

static void
undo_shown (ParlanceMessageActions *self)
{
  sync_row_visible (self);
  sync_buttons (self);
}

static void
parlance_message_actions_dispose (GObject *object)
{
  ParlanceMessageActions *self = PARLANCE_MESSAGE_ACTIONS (object);

  g_clear_object (&self->message_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->message);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_ACTIONS);
  /* GTK 4.8 only clears the bound children; the template's root goes here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_message_actions_parent_class)->dispose (object);
}

static void
parlance_message_actions_class_init (ParlanceMessageActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_message_actions_dispose;
  widget_class->map = parlance_message_actions_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-message-actions.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messageactions");
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, versions_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, version_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, copy_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, edit_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, regenerate_with_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageActions, delete_button);

  gtk_widget_class_install_action (widget_class, "message.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "message.regenerate", NULL, regenerate_activated);
  gtk_widget_class_install_action (widget_class, "message.regenerate-with", NULL, regenerate_with_activated);
  gtk_widget_class_install_action (widget_class, "message.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "message.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "message.continue", NULL, continue_activated);
  gtk_widget_class_install_action (widget_class, "message.previous-version", NULL, previous_activated);
  gtk_widget_class_install_action (widget_class, "message.next-version", NULL, next_activated);
}

static void
parlance_message_actions_init (ParlanceMessageActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->message_signals = g_signal_group_new (PARLANCE_TYPE_MESSAGE);
  g_signal_group_connect_swapped (self->message_signals, "notify::siblings", G_CALLBACK (undo_shown), self);
  g_signal_group_connect_swapped (self->message_signals, "notify::status", G_CALLBACK (sync_buttons), self);
  self->session_signals = g_signal_group_new (PARLANCE_TYPE_CHAT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy", G_CALLBACK (undo_shown), self);
  /* Continue is for the last reply: which one that is changes with the list. */
  self->list_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->list_signals, "items-changed", G_CALLBACK (sync_buttons), self);
}
