/* parlance-chat-session.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sending: append the user's message and an empty assistant message, look the key up, stream
 * the reply into the assistant message. Whatever ends the reply, the message keeps its text and
 * says why it stopped; one reply is under way at a time.
 *
 * A turn (parlance-chat-session-turn.c) binds itself to one provider when it starts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-chat-session-private.h"

G_DEFINE_FINAL_TYPE (ParlanceChatSession, parlance_chat_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

enum {
  ORIGIN_CHANGED,
  CONVERSATION_DETACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

ParlanceChatSession *
parlance_chat_session_new (ParlanceProvider *provider,
                           const char       *model)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  return g_object_new (PARLANCE_TYPE_CHAT_SESSION,
                       "provider", provider,
                       "model", model,
                       NULL);
}

/**
 * parlance_chat_session_get_messages:
 *
 * Returns: (transfer none): a #GListModel of #ParlanceMessage, oldest first
 */
GListModel *
parlance_chat_session_get_messages (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return G_LIST_MODEL (self->messages);
}

ParlanceProvider *
parlance_chat_session_get_provider (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return self->provider;
}

void
parlance_chat_session_set_provider (ParlanceChatSession *self,
                                    ParlanceProvider    *provider)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  if (self->provider == provider)
    return;

  /* The reply under way belongs to the old provider: stop it rather than leave it running
   * under the new one's name. */
  parlance_chat_session_stop (self);

  g_set_object (&self->provider, provider);
  g_clear_object (&self->client);
  self->client = _parlance_chat_session_new_client (provider);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
  _parlance_chat_session_follow_provider (self);
}

const char *
parlance_chat_session_get_model (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return self->model;
}

void
parlance_chat_session_set_model (ParlanceChatSession *self,
                                 const char          *model)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  _parlance_chat_session_follow_model (self);
}

/**
 * parlance_chat_session_get_client:
 *
 * Returns: (transfer none): the client that talks to the session's provider
 */
ParlanceChatClient *
parlance_chat_session_get_client (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return self->client;
}

void
parlance_chat_session_set_key_store (ParlanceChatSession *self,
                                     ParlanceKeyStore    *key_store)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (PARLANCE_IS_KEY_STORE (key_store));

  g_set_object (&self->key_store, key_store);
}

gboolean
parlance_chat_session_get_busy (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  return self->pending != NULL;
}

void
_parlance_chat_session_notify (ParlanceChatSession *self,
                               guint                prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Tells who listens that @provider's key is bound to another origin now. */
void
_parlance_chat_session_origin_changed (ParlanceChatSession *self,
                                       ParlanceProvider    *provider)
{
  g_signal_emit (self, signals[ORIGIN_CHANGED], 0, provider);
}

/**
 * parlance_chat_session_send:
 * @text: what the user wrote
 *
 * Appends @text as the user's message and starts the reply.
 *
 * Returns: %FALSE when a reply is still under way or @text is empty
 */
gboolean
parlance_chat_session_send (ParlanceChatSession  *self,
                            const char           *text,
                            GError              **error)
{
  g_autoptr(ParlanceMessage) user = NULL;
  g_autoptr(ParlanceMessage) assistant = NULL;
  g_autoptr(ParlanceMessage) parent = NULL;
  g_autofree char *trimmed = NULL;
  guint n;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->pending != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Wait for the reply to finish, or stop it, before sending again."));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The message is empty."));
      return FALSE;
    }

  /* A provider with no model chosen yet (a custom one without a default). */
  if (self->model == NULL || *self->model == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a model first."));
      return FALSE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n > 0)
    parent = g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1);
  else
    {
      g_autofree char *title = parlance_conversation_title_from_text (trimmed);

      parlance_conversation_set_title (self->conversation, title);
    }

  user = parlance_message_new (PARLANCE_ROLE_USER, trimmed);
  parlance_message_set_created (user, g_get_real_time ());
  assistant = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  parlance_message_set_created (assistant, g_get_real_time ());
  g_list_store_append (self->messages, user);
  g_list_store_append (self->messages, assistant);
  self->switch_serial++;
  _parlance_chat_session_tree_add (self, parent, user);
  _parlance_chat_session_tree_add (self, user, assistant);
  _parlance_chat_session_start_reply (self, assistant, NULL, FALSE);
  /* The conversation is the session's provider and model's; the user's message is saved
   * first, then the reply that follows it. */
  _parlance_chat_session_follow_provider (self);
  _parlance_chat_session_follow_model (self);
  _parlance_chat_session_save_exchange (self, parent, user, assistant);
  return TRUE;
}

/**
 * parlance_chat_session_stop:
 *
 * Stops the reply under way, if any; it keeps the text that arrived.
 */
void
parlance_chat_session_stop (ParlanceChatSession *self)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * parlance_chat_session_retry:
 *
 * Asks again for the last reply, when it failed or was stopped.
 *
 * Returns: %FALSE when there is nothing to retry
 */
gboolean
parlance_chat_session_retry (ParlanceChatSession  *self,
                             GError              **error)
{
  guint n;
  g_autoptr(ParlanceMessage) last = NULL;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n > 0)
    last = g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1);

  if (self->pending != NULL || last == NULL ||
      parlance_message_get_role (last) != PARLANCE_ROLE_ASSISTANT ||
      !parlance_message_get_can_retry (last))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("There is no reply to retry."));
      return FALSE;
    }

  /* The same message, asked again: its row (and its place in the tree) stays. */
  _parlance_chat_session_reset_reply (last);
  _parlance_chat_session_start_reply (self, last, NULL, FALSE);
  _parlance_chat_session_save_retry (self, last);
  return TRUE;
}

static void
parlance_chat_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending != NULL);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_GENERATE_TITLES:
      g_value_set_boolean (value, self->generate_titles);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, _parlance_chat_session_get_saving (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_chat_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      parlance_chat_session_set_model (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      parlance_chat_session_set_provider (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      parlance_chat_session_set_store (self, g_value_get_object (value));
      break;
    case PROP_GENERATE_TITLES:
      if (self->generate_titles != g_value_get_boolean (value))
        {
          self->generate_titles = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_chat_session_dispose (GObject *object)
{
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  _parlance_chat_session_store_dispose (self);
  _parlance_chat_session_generation_dispose (self);
  g_clear_object (&self->client);
  g_clear_object (&self->provider);
  g_clear_object (&self->key_store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->rate_budget);
  g_clear_pointer (&self->default_routing, parlance_routing_free);
  g_clear_object (&self->messages);
  _parlance_chat_session_tree_clear (self);

  G_OBJECT_CLASS (parlance_chat_session_parent_class)->dispose (object);
}

static void
parlance_chat_session_finalize (GObject *object)
{
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);

  g_free (self->model);

  G_OBJECT_CLASS (parlance_chat_session_parent_class)->finalize (object);
}

static void
parlance_chat_session_class_init (ParlanceChatSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlance_chat_session_dispose;
  object_class->finalize = parlance_chat_session_finalize;
  object_class->get_property = parlance_chat_session_get_property;
  object_class->set_property = parlance_chat_session_set_property;

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, PARLANCE_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL: nothing is saved (parlance-cli chat --ephemeral, tests). */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PARLANCE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Replaced by a new conversation or an opened one; never NULL. */
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, PARLANCE_TYPE_CONVERSATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* After the first reply of a new conversation, ask its model for a short title (one more
   * request to the same provider, so off by default). */
  properties[PROP_GENERATE_TITLES] =
    g_param_spec_boolean ("generate-titles", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Writes asked of the store are still on their way (quitting now would lose them). */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ParlanceChatSession::origin-changed:
   * @provider: a snapshot of the provider, at the address the reply was for
   *
   * The provider's saved key is bound to another address than its current one, so the reply
   * failed without sending it. The user may confirm the new address
   * (parlance_key_store_confirm_origin_async()) and retry.
   */
  signals[ORIGIN_CHANGED] =
    g_signal_new ("origin-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PARLANCE_TYPE_PROVIDER);

  /**
   * ParlanceChatSession::conversation-detached:
   *
   * The saved conversation shown is gone from the store (another program deleted it): the
   * messages stay, unsaved, and the next message saves them all in a new conversation.
   */
  signals[CONVERSATION_DETACHED] =
    g_signal_new ("conversation-detached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_chat_session_init (ParlanceChatSession *self)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();

  self->messages = g_list_store_new (PARLANCE_TYPE_MESSAGE);
  _parlance_chat_session_take_conversation (self, conversation);
  g_queue_init (&self->steps);
  self->key_store = g_object_ref (parlance_key_store_get_default ());
}
