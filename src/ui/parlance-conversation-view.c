/* parlance-conversation-view.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Messages in a ParlanceMessageList (rows are built only near what is on screen), a composer
 * below. The list follows a growing reply while the user is at the bottom, and stops following as
 * soon as they scroll up to read; a "Jump to Latest" button over the messages then leads back
 * to the end (and Ctrl+End in the messages).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-conversation-view-private.h"
#include "parlance-message-list.h"
#include "parlance-message-row.h"
#include "parlance-message-actions.h"
#include "parlance-model-catalog.h"

G_DEFINE_FINAL_TYPE (ParlanceConversationView, parlance_conversation_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MODEL_NAME,
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
  return parlance_message_list_get_following (self->message_list);
}

void
parlance_conversation_view_focus_composer (ParlanceConversationView *self)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self));
  if (gtk_widget_get_visible (self->key_bar))
    gtk_widget_grab_focus (self->key_button);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * parlance_conversation_view_set_missing_key:
 * @provider: (nullable): the provider whose key is missing, or %NULL when replies can be asked for
 *
 * Without a key the stored history is still read: in place of the composer, a bar says that
 * replying needs a key for @provider and leads to it.
 */
void
parlance_conversation_view_set_missing_key (ParlanceConversationView *self,
                                            ParlanceProvider         *provider)
{
  gboolean had_focus;

  g_return_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (!provider || PARLANCE_IS_PROVIDER (provider));

  had_focus = gtk_widget_has_focus (GTK_WIDGET (self->text_view)) || gtk_widget_has_focus (self->key_button);
  if (provider != NULL)
    {
      /* Translators: in place of the composer when there is no API key; %s is e.g. "OpenRouter" */
      g_autofree char *text = g_strdup_printf (_("To reply, add an API key for %s."),
                                               parlance_provider_get_name (provider));

      gtk_label_set_text (self->key_label, text);
      /* The target before the name: app.add-key takes the provider's id. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->key_button), "s",
                                        parlance_provider_get_id (provider));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->key_button), "app.add-key");
    }
  gtk_widget_set_visible (self->key_bar, provider != NULL);
  gtk_widget_set_visible (self->composer_box, provider == NULL);
  if (had_focus)
    parlance_conversation_view_focus_composer (self);
}

/* Whether the composer is replaced by the bar asking for a key. */
gboolean
parlance_conversation_view_get_missing_key (ParlanceConversationView *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self), FALSE);
  return gtk_widget_get_visible (self->key_bar);
}

/**
 * parlance_conversation_view_show_message:
 * @terms: (nullable): the words it was found by, highlighted in it
 * @focus: whether the message takes the keyboard
 *
 * Scrolls to @message_id and marks it: where a search result leads.
 *
 * Returns: whether the message is on the branch shown
 */
gboolean
parlance_conversation_view_show_message (ParlanceConversationView *self,
                                         gint64                    message_id,
                                         const char * const       *terms,
                                         gboolean                  focus)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self), FALSE);
  return parlance_message_list_show_message (self->message_list, message_id, terms, focus);
}

/**
 * parlance_conversation_view_dup_model_name:
 *
 * Returns: (transfer full) (nullable): the session's model as people call it: its name in the
 *   provider's catalogue when known, else its id
 */
char *
parlance_conversation_view_dup_model_name (ParlanceConversationView *self)
{
  const char *id;
  ParlanceModel *model;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self), NULL);

  if (self->session == NULL)
    return NULL;
  id = parlance_chat_session_get_model (self->session);
  model = self->catalog != NULL && id != NULL ? parlance_model_catalog_lookup (self->catalog, id) : NULL;
  if (model != NULL && parlance_model_get_name (model) != NULL && *parlance_model_get_name (model) != '\0')
    return g_strdup (parlance_model_get_name (model));
  return g_strdup (id);
}

static void
sync_placeholder (ParlanceConversationView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *name = parlance_conversation_view_dup_model_name (self);
  g_autofree char *text = NULL;

  /* Translators: the composer's placeholder; %s is a model, such as Llama 3.3 70B */
  text = name != NULL ? g_strdup_printf (_("Message %s…"), name) : g_strdup (_("Message"));
  gtk_label_set_text (self->placeholder_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, text, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), gtk_text_buffer_get_char_count (buffer) == 0);
}

/* The rows name their models again (the catalogue came, or changed). */
static void
sync_names (ParlanceConversationView *self)
{
  parlance_message_list_set_catalog (self->message_list, self->catalog);
  sync_placeholder (self);
  _parlance_conversation_view_queue_precheck (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
}

static void
catalog_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ParlanceConversationView *self = user_data;
  g_autoptr(GError) error = NULL;

  /* No cache yet is no error worth telling: ids are shown until the picker has fetched a list. */
  if (!parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (PARLANCE_MODEL_CATALOG (object) == self->catalog)
    sync_names (self);
}

/* The picker saves what it fetched: read it again when the model or the provider changes. */
static void
load_catalog (ParlanceConversationView *self)
{
  ParlanceProvider *provider = self->session ? parlance_chat_session_get_provider (self->session) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (provider == NULL)
    {
      g_clear_object (&self->catalog);
      sync_names (self);
      return;
    }
  if (self->catalog == NULL || parlance_model_catalog_get_provider (self->catalog) != provider)
    {
      g_clear_object (&self->catalog);
      self->catalog = parlance_model_catalog_new (provider);
    }
  sync_names (self);
  /* Its prices keep a free chat from falling back to a paid model. */
  parlance_chat_session_set_model_catalog (self->session, self->catalog);
  self->cancellable = g_cancellable_new ();
  parlance_model_catalog_load_cached_async (self->catalog, self->cancellable, catalog_loaded, self);
}

char *
_parlance_conversation_view_dup_composer_text (ParlanceConversationView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Only when it changes: this runs at every key typed, and GTK 4.8 tells every message row that
 * ever existed (their action muxers stay registered with ours), so typing slowed down the longer
 * one had scrolled: 128 ms a key after scrolling through 5,000 messages. */
static void
set_action_enabled (ParlanceConversationView *self,
                    guint                     bit,
                    const char               *action_name,
                    gboolean                  enabled)
{
  if ((self->actions_synced & bit) && !!(self->actions_enabled & bit) == !!enabled)
    return;
  self->actions_synced |= bit;
  if (enabled)
    self->actions_enabled |= bit;
  else
    self->actions_enabled &= ~bit;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action_name, enabled);
}

void
_parlance_conversation_view_sync_actions (ParlanceConversationView *self)
{
  gboolean busy = self->session != NULL && parlance_chat_session_get_busy (self->session);
  g_autofree char *text = _parlance_conversation_view_dup_composer_text (self);
  gboolean has_text = g_strstrip (text)[0] != '\0';

  gtk_stack_set_visible_child (self->action_stack, busy ? self->stop_button : self->send_button);
  /* Too long for the model's context: the bar above says why and what to do. */
  set_action_enabled (self, ACTION_SEND, "conversation.send",
                      self->session != NULL && !busy && has_text && !self->refused);
  set_action_enabled (self, ACTION_STOP, "conversation.stop", busy);
  set_action_enabled (self, ACTION_RETRY, "conversation.retry", self->session != NULL && !busy);
}

static void
sync_empty (ParlanceConversationView *self)
{
  GListModel *messages = self->session ? parlance_chat_session_get_messages (self->session) : NULL;
  gboolean empty = messages == NULL || g_list_model_get_n_items (messages) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "messages");
}

/* Actions */

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (widget);
  g_autofree char *text = _parlance_conversation_view_dup_composer_text (self);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  /* A message deleted with its Undo toast still up is no part of what is sent. */
  parlance_message_actions_finish_deletes (self->session);
  /* Checked again now, all of it counted anew: what was typed since the last estimate too. */
  self->history_tokens = -1;
  if (!_parlance_conversation_view_precheck (self) ||
      !parlance_chat_session_send (self->session, text, &error))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  parlance_message_list_scroll_to_end (self->message_list);
}

static void
jump_to_latest_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ParlanceConversationView *self = PARLANCE_CONVERSATION_VIEW (widget);
  gboolean had_focus = gtk_widget_is_focus (self->jump_button);

  parlance_message_list_scroll_to_end (self->message_list);
  /* The button goes away at the end: the keyboard goes to the composer rather than nowhere. */
  if (had_focus)
    parlance_conversation_view_focus_composer (self);
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
    parlance_message_list_scroll_to_end (self->message_list);
  /* The Retry button goes away with the error: the keyboard goes back to the composer. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
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

  /* The composer is a few lines high: its page keys page through the conversation instead. */
  if ((keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Page_Down) && mods == 0)
    {
      parlance_message_list_scroll_pages (self->message_list, keyval == GDK_KEY_Page_Up ? -1 : 1);
      return TRUE;
    }

  return FALSE;
}

static void
messages_changed (ParlanceConversationView *self)
{
  sync_empty (self);
  _parlance_conversation_view_history_changed (self);
}

void
parlance_conversation_view_set_session (ParlanceConversationView *self,
                                        ParlanceChatSession      *session)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (!session || PARLANCE_IS_CHAT_SESSION (session));

  if (self->session == session)
    return;
  /* The window may show another session while this one's reply goes on in the background. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (parlance_chat_session_get_messages (self->session),
                                          messages_changed, self);
  g_set_object (&self->session, session);

  g_signal_group_set_target (self->session_signals, session);
  load_catalog (self);
  parlance_message_list_set_model (self->message_list,
                                   session ? parlance_chat_session_get_messages (session) : NULL);
  if (session != NULL)
    g_signal_connect_object (parlance_chat_session_get_messages (session), "items-changed",
                             G_CALLBACK (messages_changed), self, G_CONNECT_SWAPPED);
  sync_empty (self);
  _parlance_conversation_view_sync_actions (self);
  _parlance_conversation_view_conversation_changed (self);
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
    case PROP_MODEL_NAME:
      g_value_take_string (value, parlance_conversation_view_dup_model_name (self));
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
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _parlance_conversation_view_precheck_dispose (self);
  g_clear_object (&self->session);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->catalog);
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
  properties[PROP_MODEL_NAME] =
    g_param_spec_string ("model-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-conversation-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, message_list);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, text_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, action_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, send_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, composer_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, key_bar);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, key_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, key_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, precheck_bar);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, precheck_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, cost_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationView, refuse_box);
  gtk_widget_class_bind_template_callback (widget_class, composer_key_pressed);

  gtk_widget_class_install_action (widget_class, "conversation.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "conversation.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "conversation.retry", NULL, retry_activated);
  gtk_widget_class_install_action (widget_class, "conversation.jump-to-latest", NULL,
                                   jump_to_latest_activated);
}

static void
parlance_conversation_view_init (ParlanceConversationView *self)
{
  g_type_ensure (PARLANCE_TYPE_MESSAGE_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->message_list, "following", self->jump_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  self->session_signals = g_signal_group_new (PARLANCE_TYPE_CHAT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy", G_CALLBACK (_parlance_conversation_view_sync_actions), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::model", G_CALLBACK (load_catalog), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::provider", G_CALLBACK (load_catalog), self);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (_parlance_conversation_view_sync_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (sync_placeholder), self, G_CONNECT_SWAPPED);

  _parlance_conversation_view_precheck_init (self);
  sync_empty (self);
  _parlance_conversation_view_sync_actions (self);
  sync_placeholder (self);
}
