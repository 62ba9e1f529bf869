/* parlance-openrouter-auth.c — "Sign in with OpenRouter": OAuth PKCE to a key in the keyring.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As OpenRouter documents it (openrouter.ai/docs, OAuth PKCE): a code verifier of 32 bytes from
 * the kernel's CSPRNG, its challenge base64url(SHA-256(verifier)) with method S256; the browser
 * opens https://openrouter.ai/auth?callback_url=…&code_challenge=…&code_challenge_method=S256
 * and comes back to a listener on the loopback with `?code=…`; the code and the verifier go to
 * POST auth/keys under the provider's address, whose answer `{"key": …}` goes straight to the
 * keyring. The callback's path holds 128 random bits: nothing else on this machine can guess
 * where to send a code. The listener takes one code, then closes.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-json.h"
#include "parlance-openrouter-auth-private.h"

#define VERIFIER_BYTES   32     /* 43 characters, as RFC 7636 asks */
#define PATH_BYTES       16
#define MAX_ANSWER_SIZE  ((gsize) 64 * 1024)
/* Once the code came, the browser's page is written before the listener closes; this long at most. */
#define CLOSE_AFTER_MS   10000

/* What the server's handler knows of the sign-in: it may outlive it for a few seconds (the last
 * page is written after the sign-in moved on), so it holds no pointer once the sign-in let go. */
typedef struct
{
  ParlanceOpenrouterAuth *auth;      /* NULL once the sign-in stopped listening */
} Listener;

struct _ParlanceOpenrouterAuth
{
  GObject             parent_instance;

  ParlanceProvider   *provider;
  ParlanceKeyStore   *key_store;
  guint               timeout_ms;
  char               *auth_uri;

  /* One sign-in at a time */
  GTask              *task;
  ParlanceProvider   *snapshot;      /* where the code, the verifier and the key go */
  ParlanceChatClient *client;
  SoupServer         *server;        /* while waiting for the browser */
  Listener           *listener;      /* the server's handler data, while waiting */
  char               *callback_path;
  char               *verifier;
  GSource            *timeout_source;
  GSource            *cancel_source;
};

enum {
  PROP_0,
  PROP_AUTH_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParlanceOpenrouterAuth, parlance_openrouter_auth, G_TYPE_OBJECT)
G_DEFINE_QUARK (parlance-openrouter-auth-error-quark, parlance_openrouter_auth_error)

/* Ending */

/* Closes the listener; a page still being written goes first (see answer_then_close()). */
static void
close_server (SoupServer *server)
{
  soup_server_disconnect (server);
}

static gboolean
close_server_later (gpointer data)
{
  close_server (data);
  return G_SOURCE_REMOVE;
}

static void
page_written (SoupServerMessage *msg,
              gpointer           server)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_server_later, g_object_ref (server), g_object_unref);
}

/* The browser's last page: the listener closes once it is written (or after a while). */
static void
stop_listening (ParlanceOpenrouterAuth *self,
                SoupServerMessage      *answered)
{
  g_autoptr(SoupServer) server = g_steal_pointer (&self->server);

  if (self->listener != NULL)
    {
      self->listener->auth = NULL;
      self->listener = NULL;
    }

  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  if (server == NULL)
    return;
  if (answered == NULL)
    {
      close_server (server);
      return;
    }
  g_signal_connect_data (answered, "finished", G_CALLBACK (page_written), g_object_ref (server),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  g_timeout_add_full (G_PRIORITY_DEFAULT, CLOSE_AFTER_MS, close_server_later, g_object_ref (server),
                      g_object_unref);
}

static void
sign_in_return (ParlanceOpenrouterAuth *self,
                GError                 *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);
  stop_listening (self, NULL);
  g_clear_pointer (&self->verifier, _parlance_openrouter_auth_wipe_and_free);
  g_clear_pointer (&self->callback_path, g_free);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->client);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
timed_out (gpointer data)
{
  ParlanceOpenrouterAuth *self = data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  sign_in_return (self, g_error_new_literal (PARLANCE_OPENROUTER_AUTH_ERROR,
                                             PARLANCE_OPENROUTER_AUTH_ERROR_TIMED_OUT,
                                             _("The browser did not come back in time. Sign in again when you are ready.")));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled (GCancellable *cancellable,
           gpointer      data)
{
  ParlanceOpenrouterAuth *self = data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  sign_in_return (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in cancelled")));
  return G_SOURCE_REMOVE;
}

/* Storing the key */

static void
key_stored (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceOpenrouterAuth *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error))
    g_prefix_error (&error, _("Signed in, but the key could not be kept: "));
  sign_in_return (self, error);
}

/* `{"key": "sk-or-…", "user_id": …}`: the key, and no copy of it left in the answer. */
static char *
take_key (char  *data,
          gsize  len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *node;
  char *key = NULL;

  if (parlance_json_parser_load (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      (node = json_object_get_member (json_node_get_object (root), "key")) != NULL &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      key = g_strdup (json_node_get_string (node));
      /* The parser's own copy is ours (a mutable parser): wipe it too. */
      _parlance_openrouter_auth_wipe ((char *) json_node_get_string (node));
    }
  memset (data, 0, len);
  return key;
}

static void
code_exchanged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceOpenrouterAuth *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;
  char *data;
  char *key;
  gsize len = 0;

  bytes = parlance_chat_client_get_bytes_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST) ||
          g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_FORBIDDEN))
        sign_in_return (self, g_error_new (PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_REFUSED,
                                           _("OpenRouter did not accept the sign-in: %s Sign in again."),
                                           error->message));
      else
        sign_in_return (self, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_unref_to_data (bytes, &len);
  key = take_key (data, len);
  g_free (data);
  if (key == NULL || *key == '\0')
    {
      g_free (key);
      sign_in_return (self, g_error_new_literal (PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_MALFORMED,
                                                 _("OpenRouter’s answer to the sign-in held no key. Sign in again.")));
      return;
    }

  parlance_key_store_store_for_async (self->key_store, self->snapshot, key, g_task_get_cancellable (task),
                                      key_stored, g_object_ref (task));
  _parlance_openrouter_auth_wipe_and_free (key);
}

static void
exchange_code (ParlanceOpenrouterAuth *self,
               const char             *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  char *text;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "code_verifier");
  json_builder_add_string_value (builder, self->verifier);
  json_builder_set_member_name (builder, "code_challenge_method");
  json_builder_add_string_value (builder, "S256");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  len = strlen (text);
  body = g_bytes_new_take (text, len);

  self->client = parlance_chat_client_new (self->snapshot);
  parlance_chat_client_set_idle_timeout (self->client, 30);
  parlance_chat_client_post_bytes_async (self->client, "auth/keys", NULL, body, MAX_ANSWER_SIZE,
                                         g_task_get_cancellable (self->task), code_exchanged,
                                         g_object_ref (self->task));
}

/* The listener */

static void
handle_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Listener *listener = user_data;
  ParlanceOpenrouterAuth *self = listener->auth;
  g_autofree char *code = NULL;

  /* A late request, after the code came or the sign-in ended. */
  if (self == NULL)
    {
      _parlance_openrouter_auth_answer_page (msg, SOUP_STATUS_GONE, _("This sign-in is over"), _("You can close this tab."));
      return;
    }
  /* Anything but the secret path (a favicon, a probe) learns nothing and changes nothing. */
  if (g_strcmp0 (path, self->callback_path) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      return;
    }

  code = _parlance_openrouter_auth_dup_code (g_uri_get_query (soup_server_message_get_uri (msg)));
  if (code == NULL)
    {
      _parlance_openrouter_auth_answer_page (msg, SOUP_STATUS_BAD_REQUEST, _("Parlance is not signed in"),
                   _("OpenRouter sent no sign-in code. You can close this tab and try again from Parlance."));
      stop_listening (self, msg);
      sign_in_return (self, g_error_new_literal (PARLANCE_OPENROUTER_AUTH_ERROR,
                                                 PARLANCE_OPENROUTER_AUTH_ERROR_DECLINED,
                                                 _("OpenRouter sent no sign-in code: the sign-in was declined or did not finish. Sign in again.")));
      return;
    }

  _parlance_openrouter_auth_answer_page (msg, SOUP_STATUS_OK, _("Parlance is signing in"),
               _("You can close this tab and go back to Parlance."));
  stop_listening (self, msg);
  exchange_code (self, code);
  _parlance_openrouter_auth_wipe (code);
}

static gboolean
start_listening (ParlanceOpenrouterAuth  *self,
                 GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *callback_url = NULL;
  g_autofree char *escaped = NULL;
  GSList *uris;
  int port = -1;

  self->verifier = _parlance_openrouter_auth_dup_random (VERIFIER_BYTES, error);
  token = self->verifier != NULL ? _parlance_openrouter_auth_dup_random (PATH_BYTES, error) : NULL;
  if (token == NULL)
    return FALSE;
  self->callback_path = g_strconcat ("/parlance-sign-in/", token, NULL);
  challenge = parlance_openrouter_auth_dup_challenge (self->verifier);

  self->server = soup_server_new ("server-header", "Parlance ", NULL);
  self->listener = g_new0 (Listener, 1);
  self->listener->auth = self;
  soup_server_add_handler (self->server, NULL, handle_callback, self->listener, g_free);
  /* The loopback only (IPv4 and IPv6 where there is one), on a port the system picks. */
  if (!soup_server_listen_local (self->server, 0, 0, &local_error))
    {
      g_set_error (error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_LISTEN,
                   _("Parlance could not wait for the browser on this computer (%s)."), local_error->message);
      return FALSE;
    }
  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (port <= 0)
    {
      g_set_error_literal (error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_LISTEN,
                           _("Parlance could not wait for the browser on this computer."));
      return FALSE;
    }

  callback_url = g_strdup_printf ("http://localhost:%d%s", port, self->callback_path);
  escaped = g_uri_escape_string (callback_url, NULL, FALSE);
  g_free (self->auth_uri);
  self->auth_uri = g_strdup_printf ("%s?callback_url=%s&code_challenge=%s&code_challenge_method=S256",
                                    PARLANCE_OPENROUTER_AUTH_URL, escaped, challenge);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_URI]);
  return TRUE;
}

/**
 * parlance_openrouter_auth_sign_in_async:
 * @self: a #ParlanceOpenrouterAuth
 * @cancellable: (nullable): cancelling it ends the sign-in with %G_IO_ERROR_CANCELLED
 * @callback: called once the key is in the keyring, or the sign-in failed
 * @user_data: data for @callback
 *
 * Starts a sign-in: once this returns, parlance_openrouter_auth_get_auth_uri() is the address
 * to open in the browser (unless the sign-in already failed). The browser has the timeout
 * (parlance_openrouter_auth_set_timeout()) to come back with a code, which is exchanged for a
 * key, which is saved in the keyring for a snapshot of the provider taken now.
 */
void
parlance_openrouter_auth_sign_in_async (ParlanceOpenrouterAuth *self,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (PARLANCE_IS_OPENROUTER_AUTH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_openrouter_auth_sign_in_async);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_BUSY,
                               "%s", _("A sign-in is already under way."));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->snapshot = parlance_provider_dup_snapshot (self->provider);
  g_clear_pointer (&self->auth_uri, g_free);
  if (!start_listening (self, &error))
    {
      sign_in_return (self, error);
      return;
    }

  self->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timeout_source, timed_out, self, NULL);
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }
}

/**
 * parlance_openrouter_auth_sign_in_finish:
 * @self: a #ParlanceOpenrouterAuth
 * @result: the #GAsyncResult
 * @error: a %PARLANCE_OPENROUTER_AUTH_ERROR, a %PARLANCE_API_ERROR (the exchange did not reach
 *   OpenRouter), a %PARLANCE_KEY_STORE_ERROR (the key could not be saved, and is gone), or
 *   %G_IO_ERROR_CANCELLED; its words never hold the key
 *
 * Returns: %TRUE when the new key is in the keyring
 */
gboolean
parlance_openrouter_auth_sign_in_finish (ParlanceOpenrouterAuth  *self,
                                         GAsyncResult            *result,
                                         GError                 **error)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_AUTH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_openrouter_auth_sign_in_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_openrouter_auth_get_auth_uri:
 *
 * Returns: (nullable): the address to open in the browser for the sign-in under way: OpenRouter's
 *   page, with the callback on the loopback and the challenge; %NULL before the first sign-in
 */
const char *
parlance_openrouter_auth_get_auth_uri (ParlanceOpenrouterAuth *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_AUTH (self), NULL);
  return self->auth_uri;
}

guint
parlance_openrouter_auth_get_timeout (ParlanceOpenrouterAuth *self)
{
  g_return_val_if_fail (PARLANCE_IS_OPENROUTER_AUTH (self), 0);
  return self->timeout_ms;
}

/**
 * parlance_openrouter_auth_set_timeout:
 * @timeout_ms: how long the browser has to come back, for sign-ins started after this
 */
void
parlance_openrouter_auth_set_timeout (ParlanceOpenrouterAuth *self,
                                      guint                   timeout_ms)
{
  g_return_if_fail (PARLANCE_IS_OPENROUTER_AUTH (self));
  g_return_if_fail (timeout_ms > 0);
  self->timeout_ms = timeout_ms;
}

/**
 * parlance_openrouter_auth_new:
 * @provider: OpenRouter: the code goes to `auth/keys` under its address, the key to its entry
 *   in the keyring
 * @key_store: (nullable): the key store, %NULL for the default one
 *
 * Returns: (transfer full): a new #ParlanceOpenrouterAuth
 */
ParlanceOpenrouterAuth *
parlance_openrouter_auth_new (ParlanceProvider *provider,
                              ParlanceKeyStore *key_store)
{
  ParlanceOpenrouterAuth *self;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (key_store == NULL || PARLANCE_IS_KEY_STORE (key_store), NULL);

  self = g_object_new (PARLANCE_TYPE_OPENROUTER_AUTH, NULL);
  self->provider = g_object_ref (provider);
  self->key_store = g_object_ref (key_store != NULL ? key_store : parlance_key_store_get_default ());
  return self;
}

static void
parlance_openrouter_auth_dispose (GObject *object)
{
  ParlanceOpenrouterAuth *self = PARLANCE_OPENROUTER_AUTH (object);

  /* A sign-in under way holds a reference: there is none here. */
  g_assert (self->task == NULL);
  stop_listening (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->key_store);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (parlance_openrouter_auth_parent_class)->dispose (object);
}

static void
parlance_openrouter_auth_finalize (GObject *object)
{
  ParlanceOpenrouterAuth *self = PARLANCE_OPENROUTER_AUTH (object);

  g_clear_pointer (&self->verifier, _parlance_openrouter_auth_wipe_and_free);
  g_free (self->callback_path);
  g_free (self->auth_uri);

  G_OBJECT_CLASS (parlance_openrouter_auth_parent_class)->finalize (object);
}

static void
parlance_openrouter_auth_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ParlanceOpenrouterAuth *self = PARLANCE_OPENROUTER_AUTH (object);

  switch (prop_id)
    {
    case PROP_AUTH_URI:
      g_value_set_string (value, self->auth_uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_openrouter_auth_class_init (ParlanceOpenrouterAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlance_openrouter_auth_dispose;
  object_class->finalize = parlance_openrouter_auth_finalize;
  object_class->get_property = parlance_openrouter_auth_get_property;

  /**
   * ParlanceOpenrouterAuth:auth-uri:
   *
   * The address to open in the browser, set when a sign-in starts listening.
   */
  properties[PROP_AUTH_URI] =
    g_param_spec_string ("auth-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlance_openrouter_auth_init (ParlanceOpenrouterAuth *self)
{
  self->timeout_ms = PARLANCE_OPENROUTER_AUTH_DEFAULT_TIMEOUT_MS;
}
