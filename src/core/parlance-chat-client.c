/* parlance-chat-client.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request: POST {base}/chat/completions with "stream": true, read the body as it arrives,
 * cut it into Server-Sent Events, parse each `data:` chunk with json-glib and hand the deltas to
 * the ParlanceChatReply. Every way this can end is mapped to a PARLANCE_API_ERROR whose message
 * is a sentence for the user; the provider's own words stay in the reply.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-chunk-scanner.h"
#include "parlance-http-error.h"
#include "parlance-sse-parser.h"
#include "parlance-json.h"
#include "parlance-redact.h"

#define READ_BUFFER_SIZE   (64 * 1024)
#define MAX_ERROR_BODY     (1024 * 1024)

/* A reply arriving as fast as the network allows must not freeze a window: GTK lays out and
 * paints below default priority, so after reading for this long without a break, the next read
 * waits a millisecond and lets a frame through. (Reading below paint priority instead would
 * starve the reply whenever frames take all the time, say behind an animated spinner.) */
#define READ_PRIORITY      G_PRIORITY_DEFAULT
#define READ_BURST_US      8000

struct _ParlanceChatClient
{
  GObject           parent_instance;

  ParlanceProvider *provider;
  SoupSession      *session;
  guint             idle_timeout;
  gsize             max_reply_size;
};

G_DEFINE_FINAL_TYPE (ParlanceChatClient, parlance_chat_client, G_TYPE_OBJECT)

typedef enum
{
  BODY_SSE,
  BODY_JSON,     /* a whole answer: an error, or a server that ignored "stream" */
} BodyKind;

typedef struct
{
  ParlanceChatClient *client;
  ParlanceChatReply  *reply;
  SoupMessage        *msg;
  GInputStream       *stream;
  ParlanceSseParser  *sse;
  JsonParser         *json;
  ParlanceChunkTemplate chunk_template;   /* the last chunk, around its text */
  GByteArray         *body;          /* BODY_JSON and error bodies */
  gsize               max_body;      /* BODY_JSON */
  gboolean            document;      /* a GET whose body is handed back whole */
  char               *endpoint_url;  /* a GET's address, without secrets, for its 404 */
  BodyKind            kind;
  guint               status;
  GCancellable       *cancellable;   /* ours: user cancel, idle timeout and errors all use it */
  GCancellable       *caller_cancellable;
  gulong              caller_cancelled_id;
  GSource            *idle_source;
  gboolean            timed_out;
  gboolean            saw_done;
  gint64              burst_start;   /* when reading went on without a break */
  gint64              read_issued;
  GError             *stream_error;  /* an error found while parsing, reported at the end */
  char               *stream_error_message;
  char               *api_key;       /* for the length of the request: taken out of errors */
  guint8              buffer[READ_BUFFER_SIZE];
} Call;

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

/* Errors in plain words */

static const char *
provider_name (Call *call)
{
  return parlance_provider_get_name (call->client->provider);
}

/* A server may quote the key back in its words. The pattern redaction that every shown text
 * goes through misses a short custom key; here, for the length of the request, the exact key is
 * known and taken out. */
static void
redact_key (Call  *call,
            char **text)
{
  char *redacted;

  if (call->api_key == NULL || *text == NULL)
    return;
  redacted = parlance_redact_secrets (*text, call->api_key);
  g_free (*text);
  *text = redacted;
}

static void
fail_with_http_error (Call   *call,
                      GError **error_out)
{
  g_autoptr(ParlanceHttpError) http = NULL;

  http = _parlance_http_error_new (provider_name (call), call->status,
                                   soup_message_get_reason_phrase (call->msg),
                                   soup_message_get_response_headers (call->msg),
                                   call->body ? (const char *) call->body->data : NULL,
                                   call->body ? call->body->len : 0,
                                   call->endpoint_url);
  redact_key (call, &http->error->message);
  redact_key (call, &http->server_message);
  _parlance_chat_reply_set_http_details (call->reply, call->status, http->retry_after,
                                         http->rate_limit, http->rate_remaining, http->rate_reset_ms);
  _parlance_chat_reply_set_origin (call->reply, NULL, NULL, http->upstream);
  if (http->moderation_reasons != NULL)
    _parlance_chat_reply_set_moderation_reasons (call->reply, g_steal_pointer (&http->moderation_reasons));
  _parlance_chat_reply_set_error (call->reply, http->error, http->server_message);
  g_propagate_error (error_out, g_steal_pointer (&http->error));
}

/* "127.0.0.1:11434": where nothing answered is a port as much as a host. The scheme's own port
 * is said too, for a server that listens elsewhere is the usual mistake. */
static char *
dup_host_port (GUri *uri)
{
  const char *scheme;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("?");
  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_strcmp0 (scheme, "https") == 0 ? 443 : 80;
  /* An IPv6 address goes in brackets before its port. */
  if (strchr (g_uri_get_host (uri), ':') != NULL)
    return g_strdup_printf ("[%s]:%d", g_uri_get_host (uri), port);
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

static GError *
describe_transport_error (Call         *call,
                          const GError *error)
{
  g_autoptr(GUri) uri = g_uri_parse (parlance_provider_get_base_url (call->client->provider),
                                     G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : "?";
  g_autofree char *host_port = dup_host_port (uri);
  gsize received = parlance_chat_reply_get_content_length (call->reply);

  if (call->timed_out)
    return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%s sent nothing for %u second. Try again, or pick another model.",
                                     "%s sent nothing for %u seconds. Try again, or pick another model.",
                                     call->client->idle_timeout),
                        provider_name (call), call->client->idle_timeout);

  if (g_cancellable_is_cancelled (call->caller_cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED, _("Stopped"));

  if (call->status != 0)
    return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Connection lost after %'zu character.",
                                     "Connection lost after %'zu characters.", received),
                        received);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                        _("Could not find the server “%s”. Check your internet connection."), host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                        _("Nothing answers at “%s”. Is the server running?"), host_port);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                        _("The secure connection to “%s” failed: %s"), host, error->message);

  return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                      _("Could not connect to “%s”: %s"), host, error->message);
}

/* Finishing */

static void
call_return (GTask  *task,
             GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (call->idle_source != NULL)
    {
      g_source_destroy (call->idle_source);
      g_clear_pointer (&call->idle_source, g_source_unref);
    }

  if (error == NULL)
    {
      _parlance_chat_reply_set_status (call->reply, PARLANCE_REPLY_STATUS_COMPLETE);
      g_task_return_boolean (task, TRUE);
      return;
    }

  redact_key (call, &error->message);
  if (parlance_chat_reply_get_error (call->reply) == NULL)
    _parlance_chat_reply_set_error (call->reply, error, NULL);
  _parlance_chat_reply_set_status (call->reply,
                                   g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED)
                                   ? PARLANCE_REPLY_STATUS_CANCELLED : PARLANCE_REPLY_STATUS_FAILED);
  g_task_return_error (task, error);
}

/* Chunks */

static void
set_stream_error (Call       *call,
                  GError     *error,
                  const char *server_message)
{
  if (call->stream_error != NULL)
    {
      g_error_free (error);
      return;
    }
  call->stream_error = error;
  call->stream_error_message = g_strdup (server_message);
  redact_key (call, &call->stream_error->message);
  redact_key (call, &call->stream_error_message);
}

static void
fail_too_long (Call *call)
{
  g_autofree char *size = g_format_size (call->client->max_reply_size);

  set_stream_error (call,
                    g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                 _("The reply from %s was too long (more than %s): Parlance stopped reading it there."),
                                 provider_name (call), size),
                    NULL);
}

/* Appends to the text or the reasoning, unless that passes the cap: then the reply stops
 * there, with what came before. */
static void
append_text (Call       *call,
             gboolean    reasoning,
             const char *text)
{
  gsize len = strlen (text);
  gsize have = reasoning ? parlance_chat_reply_get_reasoning_length (call->reply)
                         : parlance_chat_reply_get_content_length (call->reply);

  if (call->stream_error != NULL && call->stream_error->code == PARLANCE_API_ERROR_MALFORMED)
    return;
  if (len > call->client->max_reply_size - have)
    {
      fail_too_long (call);
      return;
    }
  if (reasoning)
    _parlance_chat_reply_append_reasoning (call->reply, text, (gssize) len);
  else
    _parlance_chat_reply_append_content (call->reply, text, (gssize) len);
}

static void
handle_delta (Call       *call,
              JsonObject *delta)
{
  JsonArray *details, *tool_calls;
  const char *text;

  if ((text = parlance_json_get_string (delta, "content")) != NULL)
    append_text (call, FALSE, text);

  /* OpenRouter and Ollama say `reasoning`; DeepSeek, vLLM and llama.cpp `reasoning_content`. */
  if ((text = parlance_json_get_string (delta, "reasoning")) != NULL ||
      (text = parlance_json_get_string (delta, "reasoning_content")) != NULL)
    append_text (call, TRUE, text);

  if ((details = parlance_json_get_array (delta, "reasoning_details")) != NULL)
    for (guint i = 0; i < json_array_get_length (details); i++)
      _parlance_chat_reply_add_reasoning_detail (call->reply, json_array_get_element (details, i));

  if ((tool_calls = parlance_json_get_array (delta, "tool_calls")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (tool_calls); i++)
        {
          JsonNode *node = json_array_get_element (tool_calls, i);
          JsonObject *call_object, *function;
          JsonNode *index_node;
          gint64 index = -1;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          call_object = json_node_get_object (node);
          function = parlance_json_get_object (call_object, "function");
          index_node = json_object_get_member (call_object, "index");
          if (index_node != NULL && JSON_NODE_HOLDS_VALUE (index_node) &&
              json_node_get_value_type (index_node) == G_TYPE_INT64)
            index = json_node_get_int (index_node);

          if (!_parlance_chat_reply_merge_tool_call (call->reply, index,
                                                     parlance_json_get_string (call_object, "id"),
                                                     parlance_json_get_string (call_object, "type"),
                                                     parlance_json_get_string (function, "name"),
                                                     parlance_json_get_string (function, "arguments"),
                                                     call->client->max_reply_size))
            {
              set_stream_error (call,
                                g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                             _("%s asked for too many tool calls, or too long ones: Parlance stopped reading the reply there."),
                                             provider_name (call)),
                                NULL);
              return;
            }
        }
    }
}

static void
handle_chunk_object (Call       *call,
                     JsonObject *chunk)
{
  JsonArray *choices;
  JsonObject *usage, *error;

  _parlance_chat_reply_set_origin (call->reply, parlance_json_get_string (chunk, "id"),
                                   parlance_json_get_string (chunk, "model"), parlance_json_get_string (chunk, "provider"));

  choices = parlance_json_get_array (chunk, "choices");
  if (choices != NULL && json_array_get_length (choices) > 0)
    {
      JsonNode *first = json_array_get_element (choices, 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        {
          JsonObject *choice = json_node_get_object (first);
          JsonObject *delta = parlance_json_get_object (choice, "delta");

          if (delta == NULL)
            delta = parlance_json_get_object (choice, "message");  /* a whole, non-streamed answer */
          if (delta != NULL)
            handle_delta (call, delta);
          _parlance_chat_reply_set_finish_reason (call->reply, parlance_json_get_string (choice, "finish_reason"));
        }
    }

  /* Usage may ride on a chunk that still carries a choice. */
  if ((usage = parlance_json_get_object (chunk, "usage")) != NULL)
    _parlance_chat_reply_set_usage (call->reply, usage);

  if ((error = parlance_json_get_object (chunk, "error")) != NULL)
    {
      g_autofree char *server_message = _parlance_http_server_message_of (error);
      g_autofree char *code = _parlance_http_error_code_string (error);
      const char *upstream = parlance_json_get_string (parlance_json_get_object (error, "metadata"), "provider_name");

      if (upstream == NULL)
        upstream = parlance_json_get_string (chunk, "provider");
      set_stream_error (call,
                        g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_STREAM,
                                     _("%s stopped with an error: %s"),
                                     upstream ? upstream : provider_name (call),
                                     server_message ? server_message : (code ? code : _("no details"))),
                        server_message);
    }
}

static void
handle_json_text (Call       *call,
                  const char *data,
                  gsize       len)
{
  g_autoptr(GError) error = NULL;
  ParlanceChunkScan scan;
  JsonNode *root;

  /* The common chunk, read without building a tree; anything else goes to json-glib. */
  if (parlance_chunk_scan_templated (data, len, &call->chunk_template, &scan))
    {
      if (!scan.same_origin)
        _parlance_chat_reply_set_origin (call->reply, scan.id, scan.model, scan.provider);
      if (scan.content != NULL)
        append_text (call, FALSE, scan.content);
      if (scan.reasoning != NULL)
        append_text (call, TRUE, scan.reasoning);
      if (!scan.same_origin)
        _parlance_chat_reply_set_finish_reason (call->reply, scan.finish_reason);
      parlance_chunk_scan_clear (&scan);
      return;
    }

  if (!parlance_json_parser_load (call->json, data, len, &error))
    {
      set_stream_error (call,
                        g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                     _("%s sent an answer Parlance could not read (%s)."),
                                     provider_name (call), error->message),
                        NULL);
      return;
    }

  root = json_parser_get_root (call->json);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root) && _parlance_http_find_error_object (root) != NULL)
    {
      /* Gemini's error array inside a stream. */
      JsonObject *wrapper = json_node_get_object (json_array_get_element (json_node_get_array (root), 0));
      handle_chunk_object (call, wrapper);
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_stream_error (call,
                        g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                     _("%s sent an answer Parlance could not read (not a JSON object)."),
                                     provider_name (call)),
                        NULL);
      return;
    }

  handle_chunk_object (call, json_node_get_object (root));
}

static void
handle_event (const ParlanceSseEvent *event,
              gpointer                user_data)
{
  Call *call = user_data;

  if (call->stream_error != NULL && call->stream_error->code == PARLANCE_API_ERROR_MALFORMED)
    return;
  if (!g_str_equal (event->event, "message") && !g_str_equal (event->event, "error"))
    return;  /* named events other than errors are not part of the chat protocol */

  if (event->data_len == 6 && memcmp (event->data, "[DONE]", 6) == 0)
    {
      call->saw_done = TRUE;
      return;
    }

  handle_json_text (call, event->data, event->data_len);
}

/* Reading */

static void
idle_reset (Call *call)
{
  if (call->idle_source != NULL)
    g_source_set_ready_time (call->idle_source,
                             g_get_monotonic_time () + (gint64) call->client->idle_timeout * G_TIME_SPAN_SECOND);
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

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->idle_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void read_next (GTask *task);

/* A GET's body, handed back as it was read, without a copy. */
static void
document_return (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  if (call->idle_source != NULL)
    {
      g_source_destroy (call->idle_source);
      g_clear_pointer (&call->idle_source, g_source_unref);
    }
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&call->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
finish_stream (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (call->document)
    {
      document_return (task);
      return;
    }

  if (call->kind == BODY_JSON)
    {
      handle_json_text (call, (const char *) call->body->data, call->body->len);
      if (call->stream_error == NULL && parlance_chat_reply_get_finish_reason (call->reply) == NULL)
        _parlance_chat_reply_set_finish_reason (call->reply, "stop");
      call->saw_done = TRUE;
    }
  else if (!parlance_sse_parser_finish (call->sse, handle_event, call, &error))
    {
      set_stream_error (call, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                           _("%s sent an answer Parlance could not read (%s)."),
                                           provider_name (call), error->message), NULL);
    }

  if (call->stream_error != NULL)
    {
      _parlance_chat_reply_set_error (call->reply, call->stream_error, call->stream_error_message);
      call_return (task, g_steal_pointer (&call->stream_error));
      return;
    }

  /* libsoup reports a chunked body cut short as a normal end: the protocol's own end marks
   * (a finish reason, or [DONE]) tell a complete reply from a dropped connection. */
  if (!call->saw_done && parlance_chat_reply_get_finish_reason (call->reply) == NULL)
    {
      gsize received = parlance_chat_reply_get_content_length (call->reply);

      call_return (task, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "Connection lost after %'zu character.",
                                                   "Connection lost after %'zu characters.", received),
                                      received));
      return;
    }

  call_return (task, NULL);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      call_return (task, describe_transport_error (call, error));
      return;
    }
  /* Waiting for the network is a break too. */
  if (g_get_monotonic_time () - call->read_issued > 1000)
    call->burst_start = 0;
  if (g_cancellable_is_cancelled (call->cancellable))
    {
      call_return (task, describe_transport_error (call, NULL));
      return;
    }
  if (n == 0)
    {
      finish_stream (task);
      return;
    }

  idle_reset (call);

  if (call->kind == BODY_SSE)
    {
      if (parlance_chat_reply_get_status (call->reply) == PARLANCE_REPLY_STATUS_WAITING)
        _parlance_chat_reply_set_status (call->reply, PARLANCE_REPLY_STATUS_STREAMING);

      _parlance_chat_reply_begin_batch (call->reply);
      ok = parlance_sse_parser_feed (call->sse, (const char *) call->buffer, (gsize) n,
                                     handle_event, call, &error);
      _parlance_chat_reply_end_batch (call->reply);
      if (!ok)
        set_stream_error (call, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                             _("%s sent an answer Parlance could not read (%s)."),
                                             provider_name (call), error->message), NULL);

      /* A malformed stream can't be trusted further; an in-stream error is followed by usage. */
      if (call->stream_error != NULL && call->stream_error->code == PARLANCE_API_ERROR_MALFORMED)
        {
          _parlance_chat_reply_set_error (call->reply, call->stream_error, NULL);
          call_return (task, g_steal_pointer (&call->stream_error));
          return;
        }
    }
  else
    {
      /* Stop reading at the cap: nothing more is kept than the answer may hold. */
      if ((gsize) n > call->max_body - call->body->len)
        {
          g_autofree char *size = g_format_size (call->max_body);

          call_return (task, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                          _("%s sent an answer larger than %s, more than Parlance reads."),
                                          provider_name (call), size));
          return;
        }
      g_byte_array_append (call->body, call->buffer, (guint) n);
    }

  read_next (g_steal_pointer (&task));
}

static void
read_error_body_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data);

static gboolean
read_after_break (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->burst_start = g_get_monotonic_time ();
  read_next (task);
  return G_SOURCE_REMOVE;
}

static void
read_next (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();

  if (call->burst_start == 0)
    call->burst_start = now;
  else if (now - call->burst_start > READ_BURST_US)
    {
      GSource *pause = g_timeout_source_new (1);

      g_source_set_callback (pause, read_after_break, task, NULL);
      g_source_set_static_name (pause, "[parlance] let a frame through");
      g_source_attach (pause, g_main_context_get_thread_default ());
      g_source_unref (pause);
      return;
    }

  call->read_issued = now;

  /* An error body is read up to its cap and no further. */
  g_input_stream_read_async (call->stream, call->buffer,
                             call->status >= 300 ? MIN (sizeof call->buffer, MAX_ERROR_BODY - call->body->len)
                                                 : sizeof call->buffer,
                             READ_PRIORITY, call->cancellable,
                             call->status >= 300 ? read_error_body_cb : read_cb, task);
}

static void
read_error_body_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0 && (call->timed_out || g_cancellable_is_cancelled (call->caller_cancellable)))
    {
      call_return (task, describe_transport_error (call, error));
      return;
    }

  if (n > 0)
    {
      idle_reset (call);
      g_byte_array_append (call->body, call->buffer, (guint) n);
      if (call->body->len < MAX_ERROR_BODY)
        {
          read_next (g_steal_pointer (&task));
          return;
        }
    }

  /* The end, a read error or the cap: explain with what arrived. */
  g_clear_error (&error);
  fail_with_http_error (call, &error);
  call_return (task, g_steal_pointer (&error));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *content_type;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      call_return (task, describe_transport_error (call, error));
      return;
    }

  idle_reset (call);
  call->status = soup_message_get_status (call->msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (call->msg), NULL);

  if (call->status >= 300)
    {
      call->body = g_byte_array_new ();
      read_next (g_steal_pointer (&task));
      return;
    }

  if (call->document ||
      (content_type != NULL && g_ascii_strcasecmp (content_type, "text/event-stream") != 0))
    {
      call->kind = BODY_JSON;
      call->body = g_byte_array_new ();
    }

  read_next (g_steal_pointer (&task));
}

static void
caller_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* The state of one request, owned by its task; @caller_cancellable stops it, and so does the
 * idle timeout (through the call's own cancellable, so that the two can be told apart). */
static Call *
call_new (ParlanceChatClient *self,
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
      idle_reset (call);
    }

  return call;
}

static SoupMessage *
build_message (ParlanceChatClient *self,
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

  call = call_new (self, task, reply, cancellable);
  call->sse = parlance_sse_parser_new ();
  call->json = json_parser_new_immutable ();
  call->kind = BODY_SSE;
  call->max_body = self->max_reply_size;
  _parlance_chat_reply_set_status (reply, PARLANCE_REPLY_STATUS_WAITING);

  call->api_key = g_strdup (api_key);
  call->msg = build_message (self, SOUP_METHOD_POST, "chat/completions", api_key, &error);
  if (call->msg == NULL)
    {
      call_return (task, g_steal_pointer (&error));
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
      call_return (task, describe_transport_error (call, NULL));
      return;
    }

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
                           send_cb, g_steal_pointer (&task));
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

/* GET of a document (/key, /models) */

/* The address of @path, for the words of a 404: host, port and path only. No user info, query
 * or fragment, where a key could hide; no scheme, so that the words fit a toast. */
static char *
dup_public_url (ParlanceChatClient *self,
                const char         *path)
{
  g_autofree char *url = parlance_provider_dup_endpoint_url (self->provider, path);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (path);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d%s", g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri));
  return g_strconcat (g_uri_get_host (uri), g_uri_get_path (uri), NULL);
}

/**
 * parlance_chat_client_get_bytes_async:
 * @path: relative to the base URL, such as "models"
 * @api_key: (nullable): the key
 * @max_size: the largest body read; a larger one fails with %PARLANCE_API_ERROR_MALFORMED as
 *   soon as it passes @max_size, without reading on
 *
 * Fetches a document from the provider as it is, with the same errors as a chat request. The
 * body is read as a stream into one buffer, handed over without a copy.
 */
void
parlance_chat_client_get_bytes_async (ParlanceChatClient  *self,
                                      const char          *path,
                                      const char          *api_key,
                                      gsize                max_size,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) error = NULL;
  Call *call;

  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (max_size > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_chat_client_get_bytes_async);
  g_task_set_check_cancellable (task, FALSE);

  call = call_new (self, task, reply, cancellable);
  call->document = TRUE;
  call->max_body = max_size;
  call->endpoint_url = dup_public_url (self, path);

  call->api_key = g_strdup (api_key);
  call->msg = build_message (self, SOUP_METHOD_GET, path, api_key, &error);
  if (call->msg == NULL)
    {
      call_return (task, g_steal_pointer (&error));
      return;
    }

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
                           send_cb, g_steal_pointer (&task));
}

/**
 * parlance_chat_client_get_bytes_finish:
 *
 * Returns: (transfer full): the body
 */
GBytes *
parlance_chat_client_get_bytes_finish (ParlanceChatClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_chat_client_get_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GBytes *bytes;
  char   *provider_name;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_bytes_unref (job->bytes);
  g_free (job->provider_name);
  g_free (job);
}

static void
parse_json_thread (GTask        *parse,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ParseJob *job = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->bytes, &len);

  if (!parlance_json_parser_load (parser, data, len, &error))
    {
      g_task_return_new_error (parse, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                               _("%s sent an answer Parlance could not read (%s)."),
                               job->provider_name, error->message);
      return;
    }

  g_task_return_pointer (parse, json_parser_steal_root (parser), (GDestroyNotify) json_node_unref);
}

static void
json_parsed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&root, json_node_unref);
      g_clear_error (&error);
      g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED, "%s", _("Stopped"));
    }
  else if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
get_json_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  GTask *parse;
  ParseJob *job;
  GBytes *bytes;

  bytes = parlance_chat_client_get_bytes_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* A model list can be megabytes: parse it in a thread, not on the main loop. The thread's
   * task holds no reference to the client, which a thread must not be the last to drop. */
  job = g_new0 (ParseJob, 1);
  job->bytes = bytes;
  job->provider_name = g_strdup (parlance_provider_get_name (PARLANCE_CHAT_CLIENT (object)->provider));
  parse = g_task_new (NULL, NULL, json_parsed, task);
  g_task_set_task_data (parse, job, parse_job_free);
  g_task_run_in_thread (parse, parse_json_thread);
  g_object_unref (parse);
}

/**
 * parlance_chat_client_get_json_async:
 * @path: relative to the base URL, such as "key" or "models"
 * @api_key: (nullable): the key
 *
 * Fetches a JSON document of at most %PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE bytes from
 * the provider, with the same errors as a chat request.
 */
void
parlance_chat_client_get_json_async (ParlanceChatClient  *self,
                                     const char          *path,
                                     const char          *api_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_chat_client_get_json_async);
  /* A cancelled request says so when it ends, as a chat request does. */
  g_task_set_check_cancellable (task, FALSE);
  parlance_chat_client_get_bytes_async (self, path, api_key, self->max_reply_size, cancellable,
                                        get_json_cb, task);
}

/**
 * parlance_chat_client_get_json_finish:
 *
 * Returns: (transfer full): the document's root
 */
JsonNode *
parlance_chat_client_get_json_finish (ParlanceChatClient  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
