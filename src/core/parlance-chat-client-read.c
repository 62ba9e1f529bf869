/* parlance-chat-client-read.c — reading the answer of a ParlanceChatClient request as it arrives.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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
      _parlance_chat_call_handle_json_text (call, (const char *) call->body->data, call->body->len);
      if (call->stream_error == NULL && parlance_chat_reply_get_finish_reason (call->reply) == NULL)
        _parlance_chat_reply_set_finish_reason (call->reply, "stop");
      call->saw_done = TRUE;
    }
  else if (!parlance_sse_parser_finish (call->sse, _parlance_chat_call_handle_event, call, &error))
    {
      GError *unreadable = g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                        _("%s sent an answer Parlance could not read (%s)."),
                                        _parlance_chat_call_provider_name (call), error->message);

      _parlance_chat_call_set_stream_error (call, unreadable, NULL);
    }

  if (call->stream_error != NULL)
    {
      _parlance_chat_reply_set_error (call->reply, call->stream_error, call->stream_error_message);
      _parlance_chat_call_return (task, g_steal_pointer (&call->stream_error));
      return;
    }

  /* libsoup reports a chunked body cut short as a normal end: the protocol's own end marks
   * (a finish reason, or [DONE]) tell a complete reply from a dropped connection. */
  if (!call->saw_done && parlance_chat_reply_get_finish_reason (call->reply) == NULL)
    {
      gsize received = parlance_chat_reply_get_content_length (call->reply);

      _parlance_chat_call_return (task, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "Connection lost after %'zu character.",
                                                   "Connection lost after %'zu characters.", received),
                                      received));
      return;
    }

  _parlance_chat_call_return (task, NULL);
}

/* Takes @n bytes read into the call's buffer (or the end, or @error); returns FALSE when that
 * ended the task. Any batch of deltas open is said before the end is. */
static gboolean
consume (GTask        *task,
         gssize        n,
         const GError *error)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) parse_error = NULL;
  gboolean ok;

  if (n < 0)
    {
      _parlance_chat_reply_end_batch (call->reply);
      _parlance_chat_call_return (task, _parlance_chat_call_describe_transport_error (call, error));
      return FALSE;
    }
  if (g_cancellable_is_cancelled (call->cancellable))
    {
      _parlance_chat_reply_end_batch (call->reply);
      _parlance_chat_call_return (task, _parlance_chat_call_describe_transport_error (call, NULL));
      return FALSE;
    }
  if (n == 0)
    {
      _parlance_chat_reply_end_batch (call->reply);
      finish_stream (task);
      return FALSE;
    }

  _parlance_chat_call_idle_reset (call);

  if (call->kind == BODY_SSE)
    {
      if (parlance_chat_reply_get_status (call->reply) == PARLANCE_REPLY_STATUS_WAITING)
        _parlance_chat_reply_set_status (call->reply, PARLANCE_REPLY_STATUS_STREAMING);

      ok = parlance_sse_parser_feed (call->sse, (const char *) call->buffer, (gsize) n,
                                     _parlance_chat_call_handle_event, call, &parse_error);
      if (!ok)
        {
          GError *unreadable = g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                            _("%s sent an answer Parlance could not read (%s)."),
                                            _parlance_chat_call_provider_name (call), parse_error->message);

          _parlance_chat_call_set_stream_error (call, unreadable, NULL);
        }

      /* A malformed stream can't be trusted further; an in-stream error is followed by usage. */
      if (call->stream_error != NULL && call->stream_error->code == PARLANCE_API_ERROR_MALFORMED)
        {
          _parlance_chat_reply_end_batch (call->reply);
          _parlance_chat_reply_set_error (call->reply, call->stream_error, NULL);
          _parlance_chat_call_return (task, g_steal_pointer (&call->stream_error));
          return FALSE;
        }
    }
  else
    {
      /* Stop reading at the cap: nothing more is kept than the answer may hold. */
      if ((gsize) n > call->max_body - call->body->len)
        {
          g_autofree char *size = g_format_size (call->max_body);

          _parlance_chat_reply_end_batch (call->reply);
          _parlance_chat_call_return (task, g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                          _("%s sent an answer larger than %s, more than Parlance reads."),
                                          _parlance_chat_call_provider_name (call), size));
          return FALSE;
        }
      g_byte_array_append (call->body, call->buffer, (guint) n);
    }
  return TRUE;
}

/* Streams that can't be polled: one read at a time, each through the main loop. */
static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  /* Waiting for the network is a break too. */
  if (n >= 0 && g_get_monotonic_time () - call->read_issued > 1000)
    call->burst_start = 0;
  _parlance_chat_reply_begin_batch (call->reply);
  if (!consume (task, n, error))
    return;
  _parlance_chat_reply_end_batch (call->reply);
  read_next (g_steal_pointer (&task));
}

static void drain (GTask *task);

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  if (g_get_monotonic_time () - call->read_issued > 1000)
    call->burst_start = 0;
  drain (task);
  return G_SOURCE_REMOVE;
}

static gboolean read_after_break (gpointer user_data);

/* Lets a frame through: reading resumes in a millisecond. */
static void
pause_reading (GTask *task)
{
  GSource *pause = g_timeout_source_new (1);

  g_source_set_callback (pause, read_after_break, task, NULL);
  g_source_set_static_name (pause, "[parlance] let a frame through");
  g_source_attach (pause, g_main_context_get_thread_default ());
  g_source_unref (pause);
}

/* Reads all that is readable, without going back to the main loop between reads (a reply in
 * chunks of a few bytes is thousands of reads: a trip through the main loop each cost more
 * than the bytes), then waits for more with one source. The deltas of the whole batch reach
 * the reply's signals as one (or one per buffer's worth, so a handler is never handed
 * megabytes); the batch stops after READ_BURST_US to let a frame through. Owns @task. */
static void
drain (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (call->stream);
  gint64 now = g_get_monotonic_time ();
  gsize batched = 0;

  if (call->burst_start == 0)
    call->burst_start = now;
  _parlance_chat_reply_begin_batch (call->reply);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (now - call->burst_start > READ_BURST_US)
        {
          _parlance_chat_reply_end_batch (call->reply);
          pause_reading (task);
          return;
        }

      n = g_pollable_input_stream_read_nonblocking (pollable, call->buffer, sizeof call->buffer,
                                                    call->cancellable, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          GSource *source;

          _parlance_chat_reply_end_batch (call->reply);
          call->read_issued = g_get_monotonic_time ();
          source = g_pollable_input_stream_create_source (pollable, call->cancellable);
          g_source_set_callback (source, (GSourceFunc) (void (*) (void)) readable_cb, task, NULL);
          g_source_set_priority (source, READ_PRIORITY);
          g_source_set_static_name (source, "[parlance] reply readable");
          g_source_attach (source, g_main_context_get_thread_default ());
          g_source_unref (source);
          return;
        }
      if (!consume (task, n, error))
        {
          g_object_unref (task);
          return;
        }
      batched += (gsize) n;
      if (batched >= READ_BUFFER_SIZE)
        {
          _parlance_chat_reply_end_batch (call->reply);
          _parlance_chat_reply_begin_batch (call->reply);
          batched = 0;
        }
      now = g_get_monotonic_time ();
    }
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
  if (call->status < 300 && G_IS_POLLABLE_INPUT_STREAM (call->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (call->stream)))
    drain (task);
  else
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
      pause_reading (task);
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
      _parlance_chat_call_return (task, _parlance_chat_call_describe_transport_error (call, error));
      return;
    }

  if (n > 0)
    {
      _parlance_chat_call_idle_reset (call);
      g_byte_array_append (call->body, call->buffer, (guint) n);
      if (call->body->len < MAX_ERROR_BODY)
        {
          read_next (g_steal_pointer (&task));
          return;
        }
    }

  /* The end, a read error or the cap: explain with what arrived. */
  g_clear_error (&error);
  _parlance_chat_call_fail_with_http_error (call, &error);
  _parlance_chat_call_return (task, g_steal_pointer (&error));
}

void
_parlance_chat_call_send_cb (GObject      *object,
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
      _parlance_chat_call_return (task, _parlance_chat_call_describe_transport_error (call, error));
      return;
    }

  _parlance_chat_call_idle_reset (call);
  call->status = soup_message_get_status (call->msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (call->msg), NULL);

  if (SOUP_STATUS_IS_REDIRECTION (call->status))
    {
      _parlance_chat_call_return (task, _parlance_chat_call_describe_redirect (call));
      return;
    }

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

  if (G_IS_POLLABLE_INPUT_STREAM (call->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (call->stream)))
    drain (g_steal_pointer (&task));
  else
    read_next (g_steal_pointer (&task));
}
