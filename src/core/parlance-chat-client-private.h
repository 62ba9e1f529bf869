/* parlance-chat-client-private.h — the state of one request, shared by the files of
 * ParlanceChatClient (private to the core).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-chat-client.h"
#include "parlance-chunk-scanner.h"
#include "parlance-sse-parser.h"

G_BEGIN_DECLS

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
  gint64              last_activity; /* of the provider, for the idle timeout */
  gboolean            timed_out;
  gboolean            saw_done;
  gint64              burst_start;   /* when reading went on without a break */
  gint64              read_issued;
  GError             *stream_error;  /* an error found while parsing, reported at the end */
  char               *stream_error_message;
  char               *api_key;       /* for the length of the request: taken out of errors */
  guint8              buffer[READ_BUFFER_SIZE];
} Call;

Call        *_parlance_chat_call_new            (ParlanceChatClient     *self,
                                                 GTask                  *task,
                                                 ParlanceChatReply      *reply,
                                                 GCancellable           *caller_cancellable);
SoupMessage *_parlance_chat_client_build_message (ParlanceChatClient    *self,
                                                 const char             *method,
                                                 const char             *path,
                                                 const char             *api_key,
                                                 GError                **error);
void         _parlance_chat_call_idle_reset     (Call                   *call);

/* parlance-chat-client-errors.c */
const char  *_parlance_chat_call_provider_name  (Call                   *call);
void         _parlance_chat_call_redact_key     (Call                   *call,
                                                 char                  **text);
void         _parlance_chat_call_fail_with_http_error (Call             *call,
                                                 GError                **error_out);
GError      *_parlance_chat_call_describe_transport_error (Call         *call,
                                                 const GError           *error);
GError      *_parlance_chat_call_describe_redirect (Call                *call);
void         _parlance_chat_call_return         (GTask                  *task,
                                                 GError                 *error);

/* parlance-chat-client-chunks.c */
void         _parlance_chat_call_set_stream_error (Call                 *call,
                                                 GError                 *error,
                                                 const char             *server_message);
void         _parlance_chat_call_handle_json_text (Call                 *call,
                                                 const char             *text,
                                                 gsize                   len);
void         _parlance_chat_call_handle_event   (const ParlanceSseEvent *event,
                                                 gpointer                user_data);

/* parlance-chat-client-read.c */
void         _parlance_chat_call_send_cb        (GObject                *object,
                                                 GAsyncResult           *result,
                                                 gpointer                user_data);

G_END_DECLS
