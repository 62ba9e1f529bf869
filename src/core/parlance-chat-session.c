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
 * A turn binds itself to one provider when it starts: a snapshot of the provider (its address and
 * headers), the client that talks to it and the key looked up for it travel together, so that
 * nothing done while the key is being read (switching provider, editing the address) can send the
 * key anywhere else. Switching provider stops the turn under way.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-chat-session-private.h"
#include "parlance-redact.h"

G_DEFINE_FINAL_TYPE (ParlanceChatSession, parlance_chat_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

enum {
  ORIGIN_CHANGED,
  CONVERSATION_DETACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  ParlanceChatSession *session;
  ParlanceMessage     *message;
  ParlanceChatReply   *reply;
  GCancellable        *cancellable;
  ParlanceProvider    *provider;   /* a snapshot, taken when the turn started */
  ParlanceChatClient  *client;     /* talks to that snapshot */
  ParlanceConversation *conversation;  /* the one the turn belongs to */
  char                *model;      /* the model asked */
  gint64               started;    /* monotonic time the turn started */
  gboolean             prefill;    /* continue: the message's text is sent, the reply appended */
} Turn;

static void
turn_free (Turn *turn)
{
  if (turn->reply != NULL)
    g_signal_handlers_disconnect_by_data (turn->reply, turn);
  g_clear_object (&turn->reply);
  g_clear_object (&turn->message);
  g_clear_object (&turn->cancellable);
  g_clear_object (&turn->client);
  g_clear_object (&turn->provider);
  g_clear_object (&turn->conversation);
  g_clear_object (&turn->session);
  g_free (turn->model);
  g_free (turn);
}

/* A client bound to a snapshot of @provider, never to the live object. */
static ParlanceChatClient *
new_client (ParlanceProvider *provider)
{
  g_autoptr(ParlanceProvider) snapshot = parlance_provider_dup_snapshot (provider);

  return parlance_chat_client_new (snapshot);
}

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
  self->client = new_client (provider);
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

static void
set_pending (ParlanceChatSession *self,
             ParlanceMessage     *message)
{
  gboolean was_busy = self->pending != NULL;

  g_set_object (&self->pending, message);
  if (was_busy != (message != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
end_turn (Turn                  *turn,
          ParlanceMessageStatus  status,
          const char            *status_text)
{
  ParlanceChatSession *self = turn->session;

  /* Everything but the status first: its change is what the store writes the last time for. */
  parlance_message_set_duration (turn->message, g_get_monotonic_time () - turn->started);
  parlance_message_set_can_retry (turn->message, status != PARLANCE_MESSAGE_COMPLETE);
  parlance_message_set_status (turn->message, status, status_text);
  if (self->pending == turn->message)
    {
      g_clear_object (&self->cancellable);
      set_pending (self, NULL);
    }
  if (status == PARLANCE_MESSAGE_COMPLETE &&
      _parlance_chat_session_wants_title (self, turn->conversation, turn->message))
    {
      g_autoptr(ParlanceMessage) question = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);

      _parlance_chat_session_generate_title (self, turn->conversation, turn->provider, turn->model,
                                             parlance_message_get_content (question),
                                             parlance_message_get_content (turn->message));
    }
  turn_free (turn);
}

/* The first text or reasoning of the reply. */
static void
mark_first_token (Turn *turn)
{
  if (parlance_message_get_first_token_time (turn->message) < 0)
    parlance_message_set_first_token_time (turn->message, g_get_monotonic_time () - turn->started);
}

static void
reply_content (ParlanceChatReply *reply,
               const char        *delta,
               Turn              *turn)
{
  mark_first_token (turn);
  parlance_message_append_content (turn->message, delta);
}

static void
reply_reasoning (ParlanceChatReply *reply,
                 const char        *delta,
                 Turn              *turn)
{
  mark_first_token (turn);
  parlance_message_append_reasoning (turn->message, delta);
}

static void
reply_status (ParlanceChatReply *reply,
              GParamSpec        *pspec,
              Turn              *turn)
{
  if (parlance_chat_reply_get_status (reply) == PARLANCE_REPLY_STATUS_STREAMING)
    parlance_message_set_status (turn->message, PARLANCE_MESSAGE_STREAMING, NULL);
}

static void
stream_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Turn *turn = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;  /* the provider's words, without a key */

  _parlance_chat_session_record_reply (turn->message, turn->reply);

  if (parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &error))
    end_turn (turn, PARLANCE_MESSAGE_COMPLETE, NULL);
  else if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, error->message);
  else
    {
      gint64 wait = parlance_chat_reply_get_retry_after (turn->reply);

      /* The row counts the wait down (a day at most: the number is the server's). */
      if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED) && wait >= 0)
        parlance_message_set_retry_at (turn->message,
                                       g_get_monotonic_time () + MIN (wait, 24 * 3600) * G_USEC_PER_SEC);
      end_turn (turn, PARLANCE_MESSAGE_ERROR, (shown = parlance_redact_secrets (error->message, NULL)));
    }
}

static void stream_turn (Turn       *turn,
                         const char *key,
                         GPtrArray  *secret_headers);

static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Turn *turn = user_data;
  ParlanceChatSession *self = turn->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL,
                                              &secret_headers, &error);

  if (g_cancellable_is_cancelled (turn->cancellable))
    {
      parlance_key_store_free_key (key);
      end_turn (turn, PARLANCE_MESSAGE_INTERRUPTED, _("Stopped"));
      return;
    }
  /* A provider that works without a key works without a keyring, as in parlance-cli. */
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE) &&
      !parlance_provider_get_needs_key (turn->provider))
    g_clear_error (&error);
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      g_autoptr(ParlanceProvider) provider = g_object_ref (turn->provider);

      end_turn (turn, PARLANCE_MESSAGE_ERROR, error->message);
      g_signal_emit (self, signals[ORIGIN_CHANGED], 0, provider);
      return;
    }
  if (error != NULL)
    {
      end_turn (turn, PARLANCE_MESSAGE_ERROR, error->message);
      return;
    }
  if (key == NULL && parlance_provider_get_needs_key (turn->provider))
    {
      g_autofree char *text = g_strdup_printf (_("There is no API key for %s. Add one in Preferences."),
                                               parlance_provider_get_name (turn->provider));
      end_turn (turn, PARLANCE_MESSAGE_ERROR, text);
      return;
    }

  stream_turn (turn, key, secret_headers);
  parlance_key_store_free_key (key);
}

/* Sends the turn to the provider it is bound to, with @key and @secret_headers looked up for it. */
static void
stream_turn (Turn       *turn,
             const char *key,
             GPtrArray  *secret_headers)
{
  g_autoptr(ParlanceChatRequest) request = NULL;
  g_autoptr(ParlanceChatClient) client = NULL;

  request = _parlance_chat_session_build_request (turn->session, turn->message, turn->prefill,
                                                  turn->model, turn->provider);
  turn->reply = parlance_chat_reply_new ();
  g_signal_connect (turn->reply, "content-delta", G_CALLBACK (reply_content), turn);
  g_signal_connect (turn->reply, "reasoning-delta", G_CALLBACK (reply_reasoning), turn);
  g_signal_connect (turn->reply, "notify::status", G_CALLBACK (reply_status), turn);

  /* Secret headers go to this turn's address only, like the key. */
  if (secret_headers != NULL)
    {
      g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (turn->provider, secret_headers);

      client = parlance_chat_client_new (bound);
    }
  else
    client = g_object_ref (turn->client);

  /* The client copies the key into the request header; drop ours at once. */
  parlance_chat_client_stream_async (client, request, key, turn->reply, turn->cancellable,
                                     stream_done, turn);
}

/*
 * _parlance_chat_session_start_reply:
 * @model: (nullable): the model to ask; NULL for the session's
 * @prefill: continue @message: its text goes last in the request and the reply is appended
 */
void
_parlance_chat_session_start_reply (ParlanceChatSession *self,
                                    ParlanceMessage     *message,
                                    const char          *model,
                                    gboolean             prefill)
{
  Turn *turn = g_new0 (Turn, 1);

  if (model == NULL)
    model = self->model;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  parlance_message_set_model (message, model);
  parlance_message_set_provider_id (message, parlance_provider_get_id (self->provider));
  parlance_message_set_can_retry (message, FALSE);
  parlance_message_set_status (message, PARLANCE_MESSAGE_WAITING, NULL);
  set_pending (self, message);

  turn->session = g_object_ref (self);
  turn->message = g_object_ref (message);
  turn->cancellable = g_object_ref (self->cancellable);
  turn->conversation = g_object_ref (self->conversation);
  turn->model = g_strdup (model);
  turn->started = g_get_monotonic_time ();
  turn->prefill = prefill;

  /* Reuse the client (and its connections) while the provider's address and headers stay. */
  if (self->client == NULL ||
      !parlance_provider_same_endpoint (parlance_chat_client_get_provider (self->client), self->provider))
    {
      g_clear_object (&self->client);
      self->client = new_client (self->provider);
    }
  turn->client = g_object_ref (self->client);
  turn->provider = g_object_ref (parlance_chat_client_get_provider (self->client));

  /* A built-in that takes no key (Ollama) never touches the keyring; a custom provider may have
   * an optional key or secret headers there. */
  if (!parlance_provider_get_needs_key (turn->provider) &&
      parlance_provider_get_kind (turn->provider) != PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      stream_turn (turn, NULL, NULL);
      return;
    }

  parlance_key_store_lookup_for_async (self->key_store, turn->provider, turn->cancellable,
                                       key_looked_up, turn);
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
  g_clear_object (&self->client);
  g_clear_object (&self->provider);
  g_clear_object (&self->key_store);
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
