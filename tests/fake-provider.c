/* fake-provider.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "fake-hostile.h"
#include "fake-limits.h"
#include "fake-oauth.h"
#include "fake-provider.h"
#include "parlance-json.h"

#define UNSET G_MAXSIZE

struct _FakeResponse
{
  gatomicrefcount  ref_count;
  guint            status;
  GBytes          *body;
  GBytes          *unit;          /* the body goes on with unit × unit_count, then tail */
  guint64          unit_count;
  GBytes          *tail;
  char            *content_type;
  GPtrArray       *headers;       /* name, value, name, value… */
  gsize            chunk_size;    /* 0: the whole body at once */
  guint            delay_ms;
  gboolean         random_chunks;
  guint32          seed;
  gsize            close_after;
  gsize            stall_after;
  gboolean         repeat;
  gboolean         one_write_each;
};

typedef struct
{
  char         *method;
  char         *path;
  FakeResponse *response;
} Route;

typedef struct
{
  FakeProvider      *provider;
  FakeResponse      *response;
  SoupServerMessage *msg;         /* streamed through SoupServer */
  GIOStream         *raw;         /* stolen connection, written by hand, closed early */
  gsize              offset;
  gsize              limit;
  GRand             *rand;
  GSource           *timer;
  GCancellable      *cancellable;  /* for the raw writes still under way when it goes */
  gboolean           ended;        /* the last chunk (0) was written */
} Stream;

struct _FakeProvider
{
  GObject       parent_instance;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;           /* owned by the server thread */
  guint         port;
  char         *base_url;
  GError       *start_error;
  gboolean      started;

  GMutex        mutex;
  GCond         cond;
  GPtrArray    *routes;
  GPtrArray    *requests;
  GHashTable   *model_faults;     /* model → FakeModelFault, for /chat/completions */
  GHashTable   *streams;          /* server thread only */
  int           n_open_streams;
  FakeOauth    *oauth;            /* POST auth/keys, GET key for the keys it gave out */
};

G_DEFINE_FINAL_TYPE (FakeProvider, fake_provider, G_TYPE_OBJECT)

/* FakeResponse */

FakeResponse *
fake_response_new (guint status)
{
  FakeResponse *self = g_new0 (FakeResponse, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->body = g_bytes_new_static ("", 0);
  self->content_type = g_strdup ("application/json");
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->close_after = UNSET;
  self->stall_after = UNSET;
  return self;
}

/**
 * fake_response_new_from_file:
 *
 * A response whose body is the file's bytes, exactly; `.sse` files are sent as
 * `text/event-stream`, everything else as JSON.
 */
FakeResponse *
fake_response_new_from_file (guint        status,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(FakeResponse) self = fake_response_new (status);
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  g_bytes_unref (self->body);
  self->body = g_bytes_new_take (contents, len);
  if (g_str_has_suffix (path, ".sse"))
    fake_response_set_content_type (self, "text/event-stream");
  else if (g_str_has_suffix (path, ".html"))
    fake_response_set_content_type (self, "text/html; charset=utf-8");

  return g_steal_pointer (&self);
}

FakeResponse *
fake_response_ref (FakeResponse *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fake_response_unref (FakeResponse *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_bytes_unref (self->body);
  g_clear_pointer (&self->unit, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);
  g_free (self->content_type);
  g_ptr_array_unref (self->headers);
  g_free (self);
}

void
fake_response_set_body (FakeResponse *self,
                        GBytes       *body)
{
  g_bytes_unref (self->body);
  self->body = g_bytes_ref (body);
}

void
fake_response_set_body_string (FakeResponse *self,
                               const char   *body)
{
  g_bytes_unref (self->body);
  self->body = g_bytes_new (body, strlen (body));
}

/**
 * fake_response_set_body_repeated:
 * @head: what the body starts with
 * @unit: then this, @count times
 * @tail: (nullable): and this at the end
 *
 * A body of any size (hundreds of megabytes), made piece by piece as it is sent rather than
 * held whole; it is sent in pieces of 64 KiB unless chunking says otherwise.
 */
void
fake_response_set_body_repeated (FakeResponse *self,
                                 const char   *head,
                                 const char   *unit,
                                 guint64       count,
                                 const char   *tail)
{
  g_return_if_fail (*unit != '\0');

  fake_response_set_body_string (self, head);
  g_clear_pointer (&self->unit, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);
  self->unit = g_bytes_new (unit, strlen (unit));
  self->unit_count = count;
  self->tail = g_bytes_new (tail ? tail : "", tail ? strlen (tail) : 0);
  if (self->chunk_size == 0)
    self->chunk_size = 64 * 1024;
}

static gsize
fake_response_get_length (FakeResponse *self)
{
  gsize len = g_bytes_get_size (self->body);

  if (self->unit != NULL)
    len += g_bytes_get_size (self->unit) * self->unit_count + g_bytes_get_size (self->tail);
  return len;
}

/* Appends @n bytes of the body from @offset to @out. */
static void
fake_response_append_range (FakeResponse *self,
                            gsize         offset,
                            gsize         n,
                            GString      *out)
{
  gsize head_len = 0, unit_len, units_len;
  const char *head = g_bytes_get_data (self->body, &head_len);
  const char *unit, *tail;

  if (offset < head_len)
    {
      gsize k = MIN (n, head_len - offset);
      g_string_append_len (out, head + offset, (gssize) k);
      offset += k;
      n -= k;
    }
  if (n == 0 || self->unit == NULL)
    return;
  offset -= head_len;
  unit = g_bytes_get_data (self->unit, &unit_len);
  units_len = unit_len * self->unit_count;
  while (n > 0 && offset < units_len)
    {
      gsize in_unit = offset % unit_len;
      gsize k = MIN (n, unit_len - in_unit);
      g_string_append_len (out, unit + in_unit, (gssize) k);
      offset += k;
      n -= k;
    }
  if (n > 0)
    {
      tail = g_bytes_get_data (self->tail, NULL);
      g_string_append_len (out, tail + (offset - units_len), (gssize) n);
    }
}

void
fake_response_set_content_type (FakeResponse *self,
                                const char   *content_type)
{
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
}

void
fake_response_add_header (FakeResponse *self,
                          const char   *name,
                          const char   *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/**
 * fake_response_set_chunking:
 * @chunk_size: bytes per piece, 0 for the whole body in one piece
 * @delay_ms: pause before each piece
 */
void
fake_response_set_chunking (FakeResponse *self,
                            gsize         chunk_size,
                            guint         delay_ms)
{
  self->chunk_size = chunk_size;
  self->delay_ms = delay_ms;
}

/* Pieces of 1..max_chunk_size bytes, cut at positions drawn from @seed (repeatable). */
void
fake_response_set_random_chunks (FakeResponse *self,
                                 guint32       seed,
                                 gsize         max_chunk_size)
{
  g_return_if_fail (max_chunk_size > 0);

  self->random_chunks = TRUE;
  self->seed = seed;
  self->chunk_size = max_chunk_size;
}

/**
 * fake_response_set_one_write_each:
 *
 * Each piece of the body goes out in a write of its own, chunk header and all, with Nagle off,
 * as soon as the one before is written, and the response ends properly (Connection: close).
 * With random chunks of 1–4,096 bytes this is the shape real servers stream in, where a client
 * does a network read a chunk (libsoup's server would gather pieces in its own buffers).
 */
void
fake_response_set_one_write_each (FakeResponse *self,
                                  gboolean      one_write_each)
{
  self->one_write_each = one_write_each;
}

/* Send @n_bytes of the body, then close the connection without finishing the response. */
void
fake_response_set_close_after (FakeResponse *self,
                               gsize         n_bytes)
{
  self->close_after = n_bytes;
}

/* Send @n_bytes of the body, then send nothing more and keep the connection open. */
void
fake_response_set_stall_after (FakeResponse *self,
                               gsize         n_bytes)
{
  self->stall_after = n_bytes;
}

void
fake_response_set_repeat (FakeResponse *self,
                          gboolean      repeat)
{
  self->repeat = repeat;
}

static gboolean
fake_response_is_streamed (FakeResponse *self)
{
  return self->unit != NULL || self->chunk_size > 0 || self->delay_ms > 0 ||
         self->close_after != UNSET || self->stall_after != UNSET || self->one_write_each;
}

/* FakeRequest */

void
fake_request_free (FakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->path);
  fake_response_unref (route->response);
  g_free (route);
}

/* Streams (server thread) */

static void
stream_free (Stream *stream)
{
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_source_unref (stream->timer);
    }
  g_cancellable_cancel (stream->cancellable);
  g_clear_object (&stream->cancellable);
  if (stream->msg != NULL)
    g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_clear_object (&stream->msg);
  g_clear_object (&stream->raw);
  g_clear_pointer (&stream->rand, g_rand_free);
  fake_response_unref (stream->response);
  g_atomic_int_add (&stream->provider->n_open_streams, -1);
  g_free (stream);
}

static void
stream_finish (Stream *stream)
{
  g_hash_table_remove (stream->provider->streams, stream);
}

static gsize
stream_next_piece (Stream *stream)
{
  FakeResponse *response = stream->response;
  gsize left = stream->limit - stream->offset;
  gsize n;

  if (response->random_chunks)
    n = (gsize) g_rand_int_range (stream->rand, 1, (gint32) MIN (response->chunk_size, G_MAXINT32 - 1) + 1);
  else if (response->chunk_size > 0)
    n = response->chunk_size;
  else
    n = left;

  return MIN (n, left);
}

static gboolean stream_send_piece (gpointer data);

/* A stalled response sends nothing, so libsoup never notices the client leaving; watch for it. */
static gboolean
stalled_peer_event (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      data)
{
  Stream *stream = data;
  char byte;

  if ((condition & (G_IO_HUP | G_IO_ERR)) == 0 &&
      recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0)
    {
      /* The client sent something (or nothing is wrong): stop watching, don't spin. */
      g_clear_pointer (&stream->timer, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  g_clear_pointer (&stream->timer, g_source_unref);
  stream_finish (stream);
  return G_SOURCE_REMOVE;
}

static void
stream_watch_stalled_peer (Stream *stream)
{
  GSocket *socket = soup_server_message_get_socket (stream->msg);

  if (socket == NULL)
    return;
  stream->timer = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (stream->timer, (GSourceFunc) (void (*) (void)) stalled_peer_event, stream, NULL);
  g_source_attach (stream->timer, stream->provider->context);
}

static void
stream_schedule (Stream *stream)
{
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_source_unref (stream->timer);
    }
  stream->timer = g_timeout_source_new (stream->response->delay_ms);
  g_source_set_callback (stream->timer, stream_send_piece, stream, NULL);
  g_source_attach (stream->timer, stream->provider->context);
}

static void
raw_closed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_io_stream_close_finish (G_IO_STREAM (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  stream_finish (user_data);
}

static void raw_write (Stream *stream,
                       GBytes *bytes);

static void
raw_written (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The client went away first. */
      stream_finish (stream);
      return;
    }

  if (stream->offset >= stream->limit &&
      stream->response->one_write_each && !stream->ended &&
      stream->limit == fake_response_get_length (stream->response))
    {
      g_autoptr(GBytes) last = g_bytes_new_static ("0\r\n\r\n", 5);

      stream->ended = TRUE;
      raw_write (stream, last);
    }
  else if (stream->offset >= stream->limit)
    g_io_stream_close_async (stream->raw, G_PRIORITY_DEFAULT, stream->cancellable, raw_closed, stream);
  else
    stream_schedule (stream);
}

static void
raw_write (Stream *stream,
           GBytes *bytes)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream->raw);
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  /* The GBytes rides along as the source object's data until the write completes. */
  g_object_set_data_full (G_OBJECT (out), "fake-provider-pending", g_bytes_ref (bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (out, data, len, G_PRIORITY_DEFAULT, stream->cancellable,
                                   raw_written, stream);
}

static gboolean
stream_send_piece (gpointer data)
{
  Stream *stream = data;
  gsize n = stream_next_piece (stream);
  gsize body_len = fake_response_get_length (stream->response);

  g_clear_pointer (&stream->timer, g_source_unref);

  if (stream->raw != NULL)
    {
      g_autoptr(GString) piece = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;

      stream->ended = n == 0;
      g_string_append_printf (piece, "%" G_GSIZE_MODIFIER "x\r\n", n);
      fake_response_append_range (stream->response, stream->offset, n, piece);
      g_string_append (piece, "\r\n");
      stream->offset += n;
      bytes = g_string_free_to_bytes (g_steal_pointer (&piece));
      raw_write (stream, bytes);
      return G_SOURCE_REMOVE;
    }

  if (n > 0)
    {
      SoupMessageBody *response_body = soup_server_message_get_response_body (stream->msg);
      GString *piece = g_string_sized_new (n);
      gsize piece_len;

      fake_response_append_range (stream->response, stream->offset, n, piece);
      piece_len = piece->len;
      soup_message_body_append (response_body, SOUP_MEMORY_TAKE, g_string_free (piece, FALSE), piece_len);
      stream->offset += n;
    }

  if (stream->offset >= stream->limit)
    {
      if (stream->limit == body_len)
        soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
      else
        stream_watch_stalled_peer (stream);  /* open until the client gives up */
    }
  else if (stream->response->unit == NULL || stream->response->delay_ms > 0)
    {
      stream_schedule (stream);
    }
  /* else a repeated body waits for the piece to be written (see stream_wrote_chunk ()). */

  soup_server_message_unpause (stream->msg);
  return G_SOURCE_REMOVE;
}

/* Hundreds of megabytes go no faster than the client reads them, rather than into memory. */
static void
stream_wrote_chunk (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  if (stream->response->unit != NULL && stream->response->delay_ms == 0 &&
      stream->offset < stream->limit && stream->timer == NULL)
    stream_schedule (stream);
}

static void
stream_msg_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  stream_finish (user_data);
}

static Stream *
stream_new (FakeProvider      *self,
            SoupServerMessage *msg,
            FakeResponse      *response)
{
  Stream *stream = g_new0 (Stream, 1);
  gsize body_len = fake_response_get_length (response);

  stream->provider = self;
  stream->response = fake_response_ref (response);
  stream->limit = MIN (body_len, MIN (response->close_after, response->stall_after));
  stream->rand = g_rand_new_with_seed (response->seed);
  stream->cancellable = g_cancellable_new ();
  g_hash_table_add (self->streams, stream);
  g_atomic_int_inc (&self->n_open_streams);

  if (response->close_after != UNSET || response->one_write_each)
    {
      g_autoptr(GString) head = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;

      stream->raw = soup_server_message_steal_connection (msg);
      if (G_IS_SOCKET_CONNECTION (stream->raw))
        g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream->raw)),
                             IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", response->status,
                              soup_status_get_phrase (response->status));
      g_string_append_printf (head, "Content-Type: %s\r\n", response->content_type);
      for (guint i = 0; i + 1 < response->headers->len; i += 2)
        g_string_append_printf (head, "%s: %s\r\n", (char *) response->headers->pdata[i],
                                (char *) response->headers->pdata[i + 1]);
      g_string_append (head, "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      bytes = g_string_free_to_bytes (g_steal_pointer (&head));
      raw_write (stream, bytes);
    }
  else
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      stream->msg = g_object_ref (msg);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
      g_signal_connect (msg, "finished", G_CALLBACK (stream_msg_finished), stream);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk), stream);
      soup_server_message_pause (msg);
      stream_schedule (stream);
    }

  return stream;
}

/* Requests (server thread) */

static gboolean
route_matches (Route      *route,
               const char *method,
               const char *path)
{
  gsize path_len = strlen (path);
  gsize route_len = strlen (route->path);

  if (g_ascii_strcasecmp (route->method, method) != 0 || path_len < route_len)
    return FALSE;
  if (!g_str_has_suffix (path, route->path))
    return FALSE;

  /* "/models" matches ".../api/v1/models" but not "/foomodels". */
  return path_len == route_len || route->path[0] == '/' || path[path_len - route_len - 1] == '/';
}

static FakeResponse *
take_response (FakeProvider *self,
               const char   *method,
               const char   *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (route_matches (route, method, path))
        {
          FakeResponse *response = fake_response_ref (route->response);

          if (!response->repeat)
            g_ptr_array_remove_index (self->routes, i);
          return response;
        }
    }

  return NULL;
}

static void
record_request (FakeProvider      *self,
                SoupServerMessage *msg)
{
  FakeRequest *request = g_new0 (FakeRequest, 1);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GUri *uri = soup_server_message_get_uri (msg);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (request->headers, name, value);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests, request);
  g_mutex_unlock (&self->mutex);
}

static gboolean answer_model_fault (FakeProvider      *self,
                                    SoupServerMessage *msg,
                                    const char        *path);

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeProvider *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(FakeResponse) response = NULL;
  SoupMessageHeaders *headers;
  gsize len = 0;
  gconstpointer data;

  record_request (self, msg);
  if (answer_model_fault (self, msg, path))
    return;

  response = take_response (self, method, path);
  if (response == NULL && fake_oauth_handle (self->oauth, msg, method, path))
    return;
  if (response == NULL)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"error\":{\"code\":404,\"message\":\"fake-provider: nothing queued for %s %s\"}}",
                         method, path);

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        body, strlen (body));
      return;
    }

  if (response->close_after == UNSET && !response->one_write_each)
    {
      headers = soup_server_message_get_response_headers (msg);
      soup_server_message_set_status (msg, response->status, NULL);
      for (guint i = 0; i + 1 < response->headers->len; i += 2)
        soup_message_headers_append (headers, response->headers->pdata[i],
                                     response->headers->pdata[i + 1]);
      soup_message_headers_set_content_type (headers, response->content_type, NULL);
    }

  if (fake_response_is_streamed (response))
    {
      stream_new (self, msg, response);
      return;
    }

  data = g_bytes_get_data (response->body, &len);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY, data, len);
}

/* Per-model faults: a model that always fails, whatever is queued. */

static char *
requested_model (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (data == NULL || !parlance_json_parser_load (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (parlance_json_get_string (json_node_get_object (root), "model"));
}

static gboolean
answer_model_fault (FakeProvider      *self,
                    SoupServerMessage *msg,
                    const char        *path)
{
  g_autofree char *model = NULL;
  g_autofree char *body = NULL;
  gpointer value = NULL;
  guint status;

  if (!g_str_has_suffix (path, "/chat/completions"))
    return FALSE;
  model = requested_model (msg);
  g_mutex_lock (&self->mutex);
  if (model != NULL)
    value = g_hash_table_lookup (self->model_faults, model);
  g_mutex_unlock (&self->mutex);

  switch (GPOINTER_TO_INT (value))
    {
    case FAKE_MODEL_FAULT_RATE_LIMITED:
      status = 429;
      body = g_strdup ("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\"}}");
      break;
    case FAKE_MODEL_FAULT_DAILY_QUOTA:
      status = 429;
      body = g_strdup ("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day. "
                       "Add 10 credits to unlock 1000 free model requests per day\"}}");
      break;
    case FAKE_MODEL_FAULT_UNAVAILABLE:
      status = 503;
      body = g_strdup ("{\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}");
      break;
    case FAKE_MODEL_FAULT_NO_ENDPOINTS:
      status = 404;
      body = g_strdup_printf ("{\"error\":{\"code\":404,\"message\":\"No endpoints found for %s.\"}}", model);
      break;
    case FAKE_MODEL_FAULT_NONE:
    default:
      return FALSE;
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
  return TRUE;
}

/**
 * fake_provider_set_model_fault:
 * @model: the "model" of a chat request
 * @fault: how every chat request for @model is answered from now on, before anything queued;
 *   %FAKE_MODEL_FAULT_NONE to answer it normally again
 */
void
fake_provider_set_model_fault (FakeProvider   *self,
                               const char     *model,
                               FakeModelFault  fault)
{
  g_mutex_lock (&self->mutex);
  if (fault == FAKE_MODEL_FAULT_NONE)
    g_hash_table_remove (self->model_faults, model);
  else
    g_hash_table_insert (self->model_faults, g_strdup (model), GINT_TO_POINTER (fault));
  g_mutex_unlock (&self->mutex);
}

/* The server thread */

static gpointer
server_thread (gpointer data)
{
  FakeProvider *self = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "fake-provider ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);

  if (soup_server_listen_local (self->server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      GSList *uris = soup_server_get_uris (self->server);

      self->port = g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->mutex);
  self->start_error = g_steal_pointer (&error);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (self->start_error == NULL)
    g_main_loop_run (self->loop);

  g_hash_table_remove_all (self->streams);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Let the closed connections finish their business before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
start (FakeProvider  *self,
       guint          port,
       GError       **error)
{
  self->port = port;
  self->thread = g_thread_new ("fake-provider", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return FALSE;
    }

  self->base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", self->port);
  return TRUE;
}

/**
 * fake_provider_new:
 *
 * Starts a server on 127.0.0.1 on a free port.
 */
FakeProvider *
fake_provider_new (void)
{
  g_autoptr(GError) error = NULL;
  FakeProvider *self = fake_provider_new_with_port (0, &error);

  g_assert_no_error (error);
  return self;
}

FakeProvider *
fake_provider_new_with_port (guint    port,
                             GError **error)
{
  g_autoptr(FakeProvider) self = g_object_new (FAKE_TYPE_PROVIDER, NULL);

  if (!start (self, port, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
fake_provider_get_port (FakeProvider *self)
{
  return self->port;
}

/**
 * fake_provider_get_base_url:
 *
 * Returns: `http://127.0.0.1:PORT/api/v1`, like OpenRouter's base URL
 */
const char *
fake_provider_get_base_url (FakeProvider *self)
{
  return self->base_url;
}

/**
 * fake_provider_queue:
 * @method: "GET", "POST"…
 * @path: the end of the request path, such as "/chat/completions" or "/models"
 * @response: what to answer
 *
 * Queues @response for the next request that matches. Requests that match nothing get a 404.
 */
void
fake_provider_queue (FakeProvider *self,
                     const char   *method,
                     const char   *path,
                     FakeResponse *response)
{
  Route *route = g_new0 (Route, 1);

  route->method = g_strdup (method);
  route->path = g_strdup (path);
  route->response = fake_response_ref (response);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->routes, route);
  g_mutex_unlock (&self->mutex);
}

/* json-glib 1.6 has no _with_default getters for objects and arrays. */
static gsize
member_size (JsonObject *object,
             const char *name)
{
  gint64 value;

  if (!json_object_has_member (object, name))
    return UNSET;
  value = json_object_get_int_member (object, name);
  return value < 0 ? UNSET : (gsize) value;
}

static gboolean
load_script_entry (FakeProvider  *self,
                   JsonObject    *entry,
                   const char    *script_dir,
                   GError       **error)
{
  const char *method = json_object_get_string_member_with_default (entry, "method", "POST");
  const char *path = json_object_get_string_member_with_default (entry, "path", "/chat/completions");
  guint status = (guint) json_object_get_int_member_with_default (entry, "status", 200);
  g_autoptr(FakeResponse) response = NULL;
  JsonObject *headers;

  if (json_object_has_member (entry, "hostile"))
    {
      const char *name = json_object_get_string_member (entry, "hostile");

      const FakeHostileFault *fault = fake_hostile_lookup (name);

      if (fault == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no hostile fault “%s”", name);
          return FALSE;
        }
      response = fake_hostile_response_new (name, (guint64) json_object_get_int_member_with_default (entry, "size", 0));
      method = json_object_get_string_member_with_default (entry, "method", fault->method);
      path = json_object_get_string_member_with_default (entry, "path", fault->path);
    }
  else if (json_object_has_member (entry, "limits"))
    {
      const char *name = json_object_get_string_member (entry, "limits");
      const FakeLimitsFault *fault = fake_limits_lookup (name);

      if (fault == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no limits fault “%s”", name);
          return FALSE;
        }
      response = fake_limits_response_new (name, g_get_real_time () / 1000);
      method = json_object_get_string_member_with_default (entry, "method", fault->method);
      path = json_object_get_string_member_with_default (entry, "path", fault->path);
    }
  else if (json_object_has_member (entry, "file"))
    {
      const char *file = json_object_get_string_member (entry, "file");
      g_autofree char *path_abs = g_path_is_absolute (file) ? g_strdup (file)
                                                            : g_build_filename (script_dir, file, NULL);

      response = fake_response_new_from_file (status, path_abs, error);
      if (response == NULL)
        return FALSE;
    }
  else
    {
      response = fake_response_new (status);
      if (json_object_has_member (entry, "json"))
        {
          g_autofree char *text = json_to_string (json_object_get_member (entry, "json"), FALSE);
          fake_response_set_body_string (response, text);
        }
      else if (json_object_has_member (entry, "body"))
        {
          fake_response_set_body_string (response, json_object_get_string_member (entry, "body"));
        }
    }

  if (json_object_has_member (entry, "content_type"))
    fake_response_set_content_type (response, json_object_get_string_member (entry, "content_type"));

  headers = parlance_json_get_object (entry, "headers");
  if (headers != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, headers);
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autofree char *text = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                                  ? g_strdup (json_node_get_string (value))
                                  : json_to_string (value, FALSE);
          fake_response_add_header (response, name, text);
        }
    }

  fake_response_set_chunking (response,
                              (gsize) json_object_get_int_member_with_default (entry, "chunk_size", 0),
                              (guint) json_object_get_int_member_with_default (entry, "delay_ms", 0));
  if (json_object_has_member (entry, "random_chunks"))
    fake_response_set_random_chunks (response,
                                     (guint32) json_object_get_int_member_with_default (entry, "seed", 1),
                                     (gsize) json_object_get_int_member (entry, "random_chunks"));
  fake_response_set_close_after (response, member_size (entry, "close_after"));
  fake_response_set_stall_after (response, member_size (entry, "stall_after"));
  fake_response_set_one_write_each (response,
                                    json_object_get_boolean_member_with_default (entry, "one_write_each", FALSE));
  fake_response_set_repeat (response, json_object_get_boolean_member_with_default (entry, "repeat", FALSE));

  fake_provider_queue (self, method, path, response);
  return TRUE;
}

/**
 * fake_provider_load_script:
 *
 * Queues the responses of a JSON script:
 * `{"responses": [{"method", "path", "status", "file" | "json" | "body" | "hostile" (with "size",
 * see fake-hostile.c) | "limits" (see fake-limits.c), "content_type",
 * "headers": {…}, "chunk_size", "delay_ms", "random_chunks", "seed", "close_after",
 * "stall_after", "one_write_each", "repeat"}, …]}`. A `file` is relative to the script's folder.
 */
gboolean
fake_provider_load_script (FakeProvider  *self,
                           const char    *script_path,
                           GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *script_dir = g_path_get_dirname (script_path);
  JsonObject *root;
  JsonArray *responses;

  if (!json_parser_load_from_file (parser, script_path, error))
    return FALSE;

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  responses = root ? parlance_json_get_array (root, "responses") : NULL;
  if (responses == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected an object with a \"responses\" array", script_path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (responses); i++)
    {
      JsonNode *node = json_array_get_element (responses, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: response %u is not an object", script_path, i);
          return FALSE;
        }
      if (!load_script_entry (self, json_node_get_object (node), script_dir, error))
        return FALSE;
    }

  return TRUE;
}

guint
fake_provider_get_n_requests (FakeProvider *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->requests->len;
}

/* How many requests of @method ended in @path ("/chat/completions"): the app also asks for
 * /key, /models or /generation by itself, which a test of chat requests must not count. */
guint
fake_provider_count_requests (FakeProvider *self,
                              const char   *method,
                              const char   *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  guint n = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      FakeRequest *request = g_ptr_array_index (self->requests, i);

      if (g_str_equal (request->method, method) && g_str_has_suffix (request->path, path))
        n++;
    }
  return n;
}

/**
 * fake_provider_dup_request:
 *
 * Returns: (transfer full) (nullable): a copy of the @index-th request received
 */
FakeRequest *
fake_provider_dup_request (FakeProvider *self,
                           guint         index)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  FakeRequest *request, *copy;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (index >= self->requests->len)
    return NULL;

  request = g_ptr_array_index (self->requests, index);
  copy = g_new0 (FakeRequest, 1);
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy->headers, name, value);
  copy->body = g_bytes_ref (request->body);
  return copy;
}

/* Responses still being streamed: a cancelled client should bring this back to 0. */
guint
fake_provider_get_n_open_streams (FakeProvider *self)
{
  return (guint) g_atomic_int_get (&self->n_open_streams);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fake_provider_finalize (GObject *object)
{
  FakeProvider *self = FAKE_PROVIDER (object);

  if (self->thread != NULL)
    {
      /* Quit from inside the loop: a quit before g_main_loop_run() starts would be lost. */
      GSource *quit = g_idle_source_new ();

      g_source_set_callback (quit, quit_loop, self->loop, NULL);
      g_source_attach (quit, self->context);
      g_source_unref (quit);
      g_thread_join (self->thread);
    }

  g_clear_error (&self->start_error);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->routes);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->model_faults);
  fake_oauth_free (self->oauth);
  g_free (self->base_url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (fake_provider_parent_class)->finalize (object);
}

static void
fake_provider_class_init (FakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_provider_finalize;
}

static void
fake_provider_init (FakeProvider *self)
{
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
  self->streams = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) stream_free, NULL);
  self->model_faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->oauth = fake_oauth_new ();
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/**
 * fake_provider_add_auth_code:
 * @code: a code OpenRouter would give the browser
 * @challenge: the S256 challenge the sign-in sent
 * @key: the key POST auth/keys gives for @code and a verifier of @challenge
 *
 * When nothing is queued for POST auth/keys, it answers as OpenRouter does: 200 `{"key"}` for a
 * known code and the right verifier, 403 for a wrong verifier or an unknown (or used) code, 400
 * for a request without them or without method S256. Each code is good once.
 */
void
fake_provider_add_auth_code (FakeProvider *self,
                             const char   *code,
                             const char   *challenge,
                             const char   *key)
{
  fake_oauth_add_code (self->oauth, code, challenge, key);
}

/**
 * fake_provider_set_key_info:
 * @key: a key
 * @body: the answer to GET key with @key
 *
 * From then on, when nothing is queued for GET key, it answers @body for @key and 401 for any
 * other key.
 */
void
fake_provider_set_key_info (FakeProvider *self,
                            const char   *key,
                            const char   *body)
{
  fake_oauth_set_key_info (self->oauth, key, body);
}
