/* parlance-chat-client-get.c — GET of a document (/key, /models) from a provider, or a POST
 * whose answer is one (auth/keys).
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

/* A GET, or a POST of @body: the document comes back whole, at most @max_size bytes. */
static void
send_document_async (ParlanceChatClient  *self,
                     const char          *method,
                     const char          *path,
                     const char          *api_key,
                     GBytes              *body,
                     gsize                max_size,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) error = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_chat_client_get_bytes_async);
  g_task_set_check_cancellable (task, FALSE);

  call = _parlance_chat_call_new (self, task, reply, cancellable);
  call->document = TRUE;
  call->max_body = max_size;
  call->endpoint_url = dup_public_url (self, path);

  call->api_key = g_strdup (api_key);
  call->msg = _parlance_chat_client_build_message (self, method, path, api_key, &error);
  if (call->msg == NULL)
    {
      _parlance_chat_call_return (task, g_steal_pointer (&error));
      return;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, "application/json", body);

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
                           _parlance_chat_call_send_cb, g_steal_pointer (&task));
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
  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (max_size > 0);

  send_document_async (self, SOUP_METHOD_GET, path, api_key, NULL, max_size, cancellable,
                       callback, user_data);
}

/**
 * parlance_chat_client_post_bytes_async:
 * @path: relative to the base URL, such as "auth/keys"
 * @api_key: (nullable): the key
 * @body: the JSON document to send
 * @max_size: the largest answer read, as parlance_chat_client_get_bytes_async() reads it
 *
 * POSTs @body (as `application/json`) and reads the answer whole, with the same errors as a
 * chat request. Finish with parlance_chat_client_get_bytes_finish(); the answer is handed over
 * without a copy, so a secret in it can be wiped (g_bytes_unref_to_data()).
 */
void
parlance_chat_client_post_bytes_async (ParlanceChatClient  *self,
                                       const char          *path,
                                       const char          *api_key,
                                       GBytes              *body,
                                       gsize                max_size,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_CHAT_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (max_size > 0);

  send_document_async (self, SOUP_METHOD_POST, path, api_key, body, max_size, cancellable,
                       callback, user_data);
}

/**
 * parlance_chat_client_get_bytes_finish:
 *
 * Finishes parlance_chat_client_get_bytes_async() and parlance_chat_client_post_bytes_async().
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
