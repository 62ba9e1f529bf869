/* parlance-chat-client-errors.c — how a request of ParlanceChatClient fails, in words.
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

/* Errors in plain words */

const char *
_parlance_chat_call_provider_name (Call *call)
{
  return parlance_provider_get_name (call->client->provider);
}

/* A server may quote the key back in its words. The pattern redaction that every shown text
 * goes through misses a short custom key; here, for the length of the request, the exact key and
 * the values of the secret headers sent with it are known and taken out. */
void
_parlance_chat_call_redact_key (Call  *call,
            char **text)
{
  GPtrArray *secret_values = parlance_provider_get_secret_values (call->client->provider);
  char *redacted;

  if ((call->api_key == NULL && secret_values->len == 0) || *text == NULL)
    return;
  redacted = parlance_redact_secrets_with (*text, call->api_key, secret_values);
  g_free (*text);
  *text = redacted;
}

void
_parlance_chat_call_fail_with_http_error (Call   *call,
                      GError **error_out)
{
  g_autoptr(ParlanceHttpError) http = NULL;

  http = _parlance_http_error_new (parlance_provider_get_id (call->client->provider),
                                   _parlance_chat_call_provider_name (call), call->status,
                                   soup_message_get_reason_phrase (call->msg),
                                   soup_message_get_response_headers (call->msg),
                                   call->body ? (const char *) call->body->data : NULL,
                                   call->body ? call->body->len : 0,
                                   call->endpoint_url);
  _parlance_chat_call_redact_key (call, &http->error->message);
  _parlance_chat_call_redact_key (call, &http->server_message);
  _parlance_chat_call_redact_key (call, &http->upstream);
  _parlance_limit_error_set_message (http->limit, http->error->message);
  _parlance_limit_error_set_server_message (http->limit, http->server_message);
  _parlance_limit_error_set_upstream (http->limit, http->upstream);
  _parlance_chat_reply_set_http_status (call->reply, call->status);
  _parlance_chat_reply_set_limit_error (call->reply, http->limit);
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

GError *
_parlance_chat_call_describe_transport_error (Call         *call,
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
                        _parlance_chat_call_provider_name (call), call->client->idle_timeout);

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

#define MAX_REDIRECT_TARGET 200

/* Where a 3xx pointed, as host, port and path: no user info, query or fragment, where a key
 * could hide; valid UTF-8 and short, for the words come from the network. */
static char *
dup_redirect_target (Call *call)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (call->msg),
                                                       "Location");
  g_autoptr(GUri) uri = NULL;
  g_autofree char *target = NULL;
  g_autofree char *valid = NULL;

  if (location != NULL)
    uri = g_uri_parse_relative (soup_message_get_uri (call->msg), location, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (_("another address"));

  if (g_uri_get_port (uri) > 0)
    target = g_strdup_printf ("%s:%d%s", g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri));
  else
    target = g_strconcat (g_uri_get_host (uri), g_uri_get_path (uri), NULL);
  valid = g_utf8_make_valid (target, -1);
  if (g_utf8_strlen (valid, -1) > MAX_REDIRECT_TARGET)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, MAX_REDIRECT_TARGET);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

/* A 3xx is not followed (see _parlance_chat_client_build_message): it is an error of the
 * provider's address, said as such. */
GError *
_parlance_chat_call_describe_redirect (Call *call)
{
  const char *name = _parlance_chat_call_provider_name (call);
  g_autofree char *target = dup_redirect_target (call);

  return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER,
                      /* Translators: the first and last %s are a provider's name, the second an
                       * address such as example.com/v1/chat/completions. */
                      _("%s redirected the request to %s; Parlance does not follow redirects, so "
                        "that your key stays with %s. Check the provider’s address."),
                      name, target, name);
}

/* Finishing */

void
_parlance_chat_call_return (GTask  *task,
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

  _parlance_chat_call_redact_key (call, &error->message);
  if (parlance_chat_reply_get_error (call->reply) == NULL)
    _parlance_chat_reply_set_error (call->reply, error, NULL);
  _parlance_chat_reply_set_status (call->reply,
                                   g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED)
                                   ? PARLANCE_REPLY_STATUS_CANCELLED : PARLANCE_REPLY_STATUS_FAILED);
  g_task_return_error (task, error);
}
