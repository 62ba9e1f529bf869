/* parlance-chat-client-chunks.c — the chunks of an answer, into the ParlanceChatReply.
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

/* Chunks */

void
_parlance_chat_call_set_stream_error (Call       *call,
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
  _parlance_chat_call_redact_key (call, &call->stream_error->message);
  _parlance_chat_call_redact_key (call, &call->stream_error_message);
}

static void
fail_too_long (Call *call)
{
  g_autofree char *size = g_format_size (call->client->max_reply_size);

  _parlance_chat_call_set_stream_error (call,
                    g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                 _("The reply from %s was too long (more than %s): Parlance stopped reading it there."),
                                 _parlance_chat_call_provider_name (call), size),
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
              _parlance_chat_call_set_stream_error (call,
                                g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                             _("%s asked for too many tool calls, or too long ones: Parlance stopped reading the reply there."),
                                             _parlance_chat_call_provider_name (call)),
                                NULL);
              return;
            }
        }
    }
}

/* An error inside a 200 stream: classified as an HTTP error would be, its `code` as the status. */
static void
handle_error_object (Call       *call,
                     JsonObject *chunk,
                     JsonObject *error)
{
  g_autofree char *server_message = _parlance_http_server_message_of (error);
  g_autofree char *code = _parlance_http_error_code_string (error);
  g_autofree char *message = NULL;
  g_autoptr(ParlanceLimitError) limit = NULL;
  g_autofree char *shown_upstream = NULL;
  const char *upstream = parlance_json_get_string (parlance_json_get_object (error, "metadata"), "provider_name");

  if (call->stream_error != NULL)
    return;  /* the first error is the one told */
  if (upstream == NULL)
    upstream = parlance_json_get_string (chunk, "provider");
  limit = parlance_limit_error_new_from_object (parlance_provider_get_id (call->client->provider),
                                                _parlance_chat_call_provider_name (call), 0,
                                                soup_message_get_response_headers (call->msg), error, NULL);
  if (_parlance_limit_kind_has_own_words (parlance_limit_error_get_kind (limit)))
    message = g_strdup (parlance_limit_error_get_message (limit));
  else
    message = g_strdup_printf (_("%s stopped with an error: %s"),
                               upstream ? upstream : _parlance_chat_call_provider_name (call),
                               server_message ? server_message : (code ? code : _("no details")));
  _parlance_chat_call_set_stream_error (call, g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_STREAM, message),
                                        server_message);
  /* The words as redacted for the error, the same in the limit, and its upstream's name. */
  _parlance_limit_error_set_message (limit, call->stream_error->message);
  _parlance_limit_error_set_server_message (limit, call->stream_error_message);
  shown_upstream = g_strdup (parlance_limit_error_get_upstream (limit));
  _parlance_chat_call_redact_key (call, &shown_upstream);
  _parlance_limit_error_set_upstream (limit, shown_upstream);
  _parlance_chat_reply_set_limit_error (call->reply, limit);
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
    handle_error_object (call, chunk, error);
}

void
_parlance_chat_call_handle_json_text (Call       *call,
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
      _parlance_chat_call_set_stream_error (call,
                        g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                     _("%s sent an answer Parlance could not read (%s)."),
                                     _parlance_chat_call_provider_name (call), error->message),
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
      _parlance_chat_call_set_stream_error (call,
                        g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                                     _("%s sent an answer Parlance could not read (not a JSON object)."),
                                     _parlance_chat_call_provider_name (call)),
                        NULL);
      return;
    }

  handle_chunk_object (call, json_node_get_object (root));
}

void
_parlance_chat_call_handle_event (const ParlanceSseEvent *event,
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

  _parlance_chat_call_handle_json_text (call, event->data, event->data_len);
}
