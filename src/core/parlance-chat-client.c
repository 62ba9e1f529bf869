/* parlance-chat-client.c — streams chat completions from one provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request: POST {base}/chat/completions with "stream": true, read the body as it arrives,
 * cut it into Server-Sent Events, parse each `data:` chunk with json-glib and hand the deltas to
 * the ParlanceChatReply. Every way this can end is mapped to a PARLANCE_API_ERROR whose message
 * is a sentence for the user; the provider's own words stay in the reply.
 *
 * The client spans files: this one builds requests and holds their state; -read.c reads the
 * answer; -chunks.c turns chunks into the reply; -errors.c puts failures in words; -get.c
 * fetches documents (/key, /models).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client-private.h"
#include "parlance-http-error.h"
#include "parlance-json.h"
#include "parlance-redact.h"

G_DEFINE_FINAL_TYPE (ParlanceChatClient, parlance_chat_client, G_TYPE_OBJECT)

static void
call_free (Call *call)
{
  if (call->caller_cancelled_id != 0)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_cancelled_id);
  if (call->idle_source != NULL)
    {
      g_source_destroy (call->idle_source);
      g_source_unref (call->idle_source);
    }
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->stream);
  g_clear_object (&call->msg);
  g_clear_object (&call->sse);
  g_clear_object (&call->json);
  parlance_chunk_template_clear (&call->chunk_template);
  g_clear_pointer (&call->body, g_byte_array_unref);
  g_free (call->endpoint_url);
  g_clear_error (&call->stream_error);
  g_free (call->stream_error_message);
  if (call->api_key != NULL)
    memset (call->api_key, 0, strlen (call->api_key));
  g_free (call->api_key);
  g_clear_object (&call->reply);
  g_clear_object (&call->client);
  g_free (call);
}

ParlanceChatClient *
parlance_chat_client_new (ParlanceProvider *provider)
{
  ParlanceChatClient *self;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);

  self = g_object_new (PARLANCE_TYPE_CHAT_CLIENT, NULL);
  self->provider = g_object_ref (provider);
  return self;
}

ParlanceProvider *
parlance_chat_client_get_provider (ParlanceChatClient *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), NULL);
  return self->provider;
}

/**
 * parlance_chat_client_set_idle_timeout:
 * @seconds: how long the provider may stay silent (keep-alive comments count) before the
 *   request fails with %PARLANCE_API_ERROR_TIMEOUT; 0 waits forever
 */
void
parlance_chat_client_set_idle_timeout (ParlanceChatClient *self,
                                       guint               seconds)
{
  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  self->idle_timeout = seconds;
}

guint
parlance_chat_client_get_idle_timeout (ParlanceChatClient *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), 0);
  return self->idle_timeout;
}

/**
 * parlance_chat_client_set_max_reply_size:
 * @bytes: the most text a reply may hold, and separately the most reasoning, and the most
 *   tool-call arguments; also the largest non-streamed answer read. 0 restores the default,
 *   %PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE (32 MB).
 *
 * A reply that grows beyond it stops with %PARLANCE_API_ERROR_MALFORMED, saying it was too
 * long, and keeps the text that came before.
 */
void
parlance_chat_client_set_max_reply_size (ParlanceChatClient *self,
                                         gsize               bytes)
{
  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  self->max_reply_size = bytes > 0 ? bytes : PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE;
}

gsize
parlance_chat_client_get_max_reply_size (ParlanceChatClient *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), 0);
  return self->max_reply_size;
}

/* Reading */

/* Only notes the time: moving the source's deadline wakes the main loop up (a write to its
 * eventfd and one more trip round the loop), once for every network read. The deadline moves
 * when it comes, see idle_timed_out (). */
void
_parlance_chat_call_idle_reset (Call *call)
{
  call->last_activity = g_get_monotonic_time ();
}

static gboolean
idle_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs idle_source_funcs = { NULL, NULL, idle_dispatch, NULL, NULL, NULL };

static gboolean
idle_timed_out (gpointer user_data)
{
  Call *call = user_data;
  gint64 deadline = call->last_activity + (gint64) call->client->idle_timeout * G_TIME_SPAN_SECOND;

  if (g_get_monotonic_time () < deadline)
    {
      g_source_set_ready_time (call->idle_source, deadline);
      return G_SOURCE_CONTINUE;
    }

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->idle_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* The state of one request, owned by its task; @caller_cancellable stops it, and so does the
 * idle timeout (through the call's own cancellable, so that the two can be told apart). */
Call *
_parlance_chat_call_new (ParlanceChatClient *self,
          GTask              *task,
          ParlanceChatReply  *reply,
          GCancellable       *caller_cancellable)
{
  Call *call = g_new0 (Call, 1);

  call->client = g_object_ref (self);
  call->reply = g_object_ref (reply);
  call->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (caller_cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (caller_cancellable);
      call->caller_cancelled_id = g_cancellable_connect (caller_cancellable, G_CALLBACK (caller_cancelled),
                                                         g_object_ref (call->cancellable), g_object_unref);
    }

  if (self->idle_timeout > 0)
    {
      call->idle_source = g_source_new (&idle_source_funcs, sizeof (GSource));
      g_source_set_callback (call->idle_source, idle_timed_out, call, NULL);
      g_source_set_static_name (call->idle_source, "[parlance] reply idle timeout");
      g_source_attach (call->idle_source, g_main_context_get_thread_default ());
      _parlance_chat_call_idle_reset (call);
      g_source_set_ready_time (call->idle_source,
                               call->last_activity + (gint64) self->idle_timeout * G_TIME_SPAN_SECOND);
    }

  return call;
}

SoupMessage *
_parlance_chat_client_build_message (ParlanceChatClient *self,
               const char         *method,
               const char         *path,
               const char         *api_key,
               GError            **error)
{
  g_autofree char *url = parlance_provider_dup_endpoint_url (self->provider, path);
  SoupMessageHeaders *headers;
  GPtrArray *extra;
  SoupMessage *msg;

  if (!parlance_provider_check_base_url (self->provider, error))
    return NULL;

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
                   _("“%s” is not a valid address."), url);
      return NULL;
    }
  /* libsoup would follow a 3xx to any host, and keeps every header but Authorization on the
   * way: a secret header would go with it. We stop at the 3xx and say so. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  extra = parlance_provider_get_headers (self->provider);
  for (guint i = 0; i + 1 < extra->len; i += 2)
    soup_message_headers_replace (headers, extra->pdata[i], extra->pdata[i + 1]);
  if (api_key != NULL && *api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", api_key, NULL);
      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  return msg;
}

/**
 * parlance_chat_client_stream_async:
 * @request: what to send
 * @api_key: (nullable): the key, sent as a bearer token; %NULL for servers without keys
 * @reply: the reply to fill in as the answer streams; it keeps the partial text whatever happens
 * @cancellable: (nullable): cancelling it stops the reply with %PARLANCE_API_ERROR_CANCELLED
 *
 * Sends @request and streams the answer into @reply.
 */
void
parlance_chat_client_stream_async (ParlanceChatClient  *self,
                                   ParlanceChatRequest *request,
                                   const char          *api_key,
                                   ParlanceChatReply   *reply,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_override = NULL;
  const char *model;
  SoupMessageHeaders *headers;
  Call *call;

  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  g_return_if_fail (PARLANCE_IS_CHAT_REQUEST (request));
  g_return_if_fail (PARLANCE_IS_CHAT_REPLY (reply));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_chat_client_stream_async);
  /* Cancellation is reported as PARLANCE_API_ERROR_CANCELLED, with the reply's partial text. */
  g_task_set_check_cancellable (task, FALSE);

  call = _parlance_chat_call_new (self, task, reply, cancellable);
  call->sse = parlance_sse_parser_new ();
  call->json = json_parser_new_immutable ();
  call->kind = BODY_SSE;
  call->max_body = self->max_reply_size;
  _parlance_chat_reply_set_status (reply, PARLANCE_REPLY_STATUS_WAITING);

  call->api_key = g_strdup (api_key);
  call->msg = _parlance_chat_client_build_message (self, SOUP_METHOD_POST, "chat/completions", api_key,
                                                   &error);
  if (call->msg == NULL)
    {
      _parlance_chat_call_return (task, g_steal_pointer (&error));
      return;
    }

  /* Gemini lists models as "models/x" but chats with "x". */
  model = parlance_chat_request_get_model (request);
  if (parlance_provider_get_kind (self->provider) == PARLANCE_PROVIDER_KIND_GEMINI &&
      g_str_has_prefix (model, "models/"))
    model_override = g_strdup (model + strlen ("models/"));
  body = parlance_chat_request_to_bytes (request, model_override);
  soup_message_set_request_body_from_bytes (call->msg, "application/json", body);
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream, application/json");

  if (g_cancellable_is_cancelled (call->cancellable))
    {
      _parlance_chat_call_return (task, _parlance_chat_call_describe_transport_error (call, NULL));
      return;
    }

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
                           _parlance_chat_call_send_cb, g_steal_pointer (&task));
}

/**
 * parlance_chat_client_stream_finish:
 *
 * Returns: %TRUE when the reply completed; otherwise @error says why, and the reply keeps
 *   what arrived, the same error and the provider's details (status, retry-after…)
 */
gboolean
parlance_chat_client_stream_finish (ParlanceChatClient  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_chat_client_stream_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
parlance_chat_client_dispose (GObject *object)
{
  ParlanceChatClient *self = PARLANCE_CHAT_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (parlance_chat_client_parent_class)->dispose (object);
}

static void
parlance_chat_client_class_init (ParlanceChatClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlance_chat_client_dispose;
}

static void
parlance_chat_client_init (ParlanceChatClient *self)
{
  self->idle_timeout = PARLANCE_CHAT_CLIENT_DEFAULT_IDLE_TIMEOUT;
  self->max_reply_size = PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE;
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 NULL);
}

