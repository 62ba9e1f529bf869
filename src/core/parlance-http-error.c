/* parlance-http-error.c — an HTTP error answer, turned into words.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body of an error is whatever the server sent (JSON from most, a web page from a proxy,
 * anything from a hostile one): it is read behind the depth guard, and every number in it or in
 * the headers is parsed without overflow and clamped, so that a wait of 10^20 seconds reads
 * "in more than a week" rather than a negative or wrapped number.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-http-error.h"
#include "parlance-json.h"
#include "parlance-limit-error-private.h"

void
_parlance_http_error_free (ParlanceHttpError *self)
{
  g_clear_error (&self->error);
  g_free (self->server_message);
  g_free (self->upstream);
  g_clear_object (&self->limit);
  g_strfreev (self->moderation_reasons);
  g_free (self);
}

/**
 * _parlance_http_describe_wait:
 * @seconds: a wait, clamped or not
 *
 * Returns: (transfer full): "5 seconds", "3 minutes", "2 hours", or "more than a week"
 */
char *
_parlance_http_describe_wait (gint64 seconds)
{
  if (seconds > PARLANCE_MAX_WAIT_SECONDS)
    return g_strdup (_("more than a week"));
  seconds = MAX (seconds, 0);
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", (gulong) seconds),
                            (int) seconds);
  if (seconds < 3600)
    {
      gint64 minutes = (seconds + 59) / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) minutes),
                              (int) minutes);
    }
  {
    gint64 hours = (seconds + 3599) / 3600;
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", (gulong) hours),
                            (int) hours);
  }
}

static gint64
clamp_wait (gint64 seconds)
{
  return MIN (seconds, PARLANCE_MAX_WAIT_SECONDS + 1);
}

/**
 * _parlance_http_parse_wait:
 * @retry_after: (nullable): a Retry-After header: seconds, or an HTTP date
 * @reset_ms: (nullable): an X-RateLimit-Reset header, in milliseconds since the epoch
 * @now_ms: the time now, in milliseconds since the epoch
 *
 * Returns: seconds to wait, at most %PARLANCE_MAX_WAIT_SECONDS + 1 (which means "more than a
 *   week"); -1 when neither says
 */
gint64
_parlance_http_parse_wait (const char *retry_after,
                           const char *reset_ms,
                           gint64      now_ms)
{
  gint64 seconds = _parlance_limit_parse_int (retry_after);
  gint64 reset;

  if (seconds >= 0)
    return clamp_wait (seconds);

  if (retry_after != NULL)
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (retry_after);

      if (when != NULL)
        {
          /* Both ends fit in microseconds since the epoch for any year GDateTime holds. */
          gint64 then_s = g_date_time_to_unix (when);
          gint64 now_s = now_ms / 1000;

          return then_s <= now_s ? 0 : clamp_wait (then_s - now_s);
        }
    }

  reset = _parlance_limit_parse_int (reset_ms);
  if (reset > 0)
    {
      gint64 diff;

      if (reset <= now_ms)
        return 0;
      diff = reset - now_ms;   /* both non-negative: no overflow */
      return clamp_wait (diff / 1000 + (diff % 1000 != 0));
    }

  return -1;
}

/**
 * _parlance_http_find_error_object:
 *
 * Returns: (transfer none) (nullable): the `error` object of an answer: {"error": {…}} or
 *   Gemini's [{"error": {…}}]
 */
JsonObject *
_parlance_http_find_error_object (JsonNode *root)
{
  if (root == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) > 0)
    root = json_array_get_element (json_node_get_array (root), 0);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return parlance_json_get_object (json_node_get_object (root), "error");
}

char *
_parlance_http_error_code_string (JsonObject *error)
{
  JsonNode *code = error ? json_object_get_member (error, "code") : NULL;

  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code))
    return NULL;
  if (json_node_get_value_type (code) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (code));
  if (json_node_get_value_type (code) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (code));
  return NULL;
}

/* The server's message, with OpenRouter's upstream `metadata.raw` when it says more. */
char *
_parlance_http_server_message_of (JsonObject *error)
{
  const char *message = parlance_json_get_string (error, "message");
  JsonObject *metadata = parlance_json_get_object (error, "metadata");
  const char *raw = parlance_json_get_string (metadata, "raw");

  if (message != NULL && raw != NULL && !g_str_equal (message, raw))
    return g_strdup_printf ("%s (%s)", message, raw);
  if (message != NULL)
    return g_strdup (message);
  return g_strdup (raw);
}

static char *
forbidden_message (ParlanceHttpError *self,
                   const char        *name,
                   JsonObject        *metadata)
{
  JsonArray *reasons = parlance_json_get_array (metadata, "reasons");
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *joined = NULL;

  if (reasons == NULL || json_array_get_length (reasons) == 0)
    return g_strdup_printf (_("%s refused the request: %s"), name, self->server_message);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonNode *reason = json_array_get_element (reasons, i);
      if (JSON_NODE_HOLDS_VALUE (reason) && json_node_get_value_type (reason) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (reason));
    }
  self->moderation_reasons = g_strv_builder_end (builder);
  joined = g_strjoinv (", ", self->moderation_reasons);
  return g_strdup_printf (_("%s refused this request because it was flagged: %s. Rephrase it, or pick another model."),
                          name, joined);
}

/* The provider's words as a sentence of ours: ended by their own punctuation, or by a full stop
 * added when they have none ("(No endpoints found.)." doubled it). */
static char *
dup_sentence (const char *text)
{
  g_autofree char *trimmed = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  len = strlen (trimmed);
  if (len == 0)
    return NULL;
  if (strchr (".!?", trimmed[len - 1]) != NULL || g_str_has_suffix (trimmed, "…") ||
      g_str_has_suffix (trimmed, "。"))
    return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, ".", NULL);
}

static char *
describe (ParlanceHttpError *self,
          ParlanceApiError   code,
          const char        *name,
          guint              status,
          JsonObject        *metadata,
          const char        *endpoint_url)
{
  g_autofree char *said = dup_sentence (self->server_message);

  switch (code)
    {
    case PARLANCE_API_ERROR_UNAUTHORIZED:
      return g_strdup_printf (_("%s refused the key — check it in Preferences."), name);
    case PARLANCE_API_ERROR_FORBIDDEN:
      return forbidden_message (self, name, metadata);
    case PARLANCE_API_ERROR_NOT_FOUND:
      /* Only a chat request names a model; elsewhere the server lacks the endpoint. */
      if (endpoint_url != NULL)
        return g_strdup_printf (_("This server has no such endpoint: %s"), endpoint_url);
      if (said != NULL)
        /* Translators: the second %s is the provider's own words, a sentence that ends with its
         * full stop */
        return g_strdup_printf (_("%s could not find this model, or no service offers it right now: %s Pick another model."),
                                name, said);
      return g_strdup_printf (_("%s could not find this model, or no service offers it right now. Pick another model."),
                              name);
    case PARLANCE_API_ERROR_SERVER:
      if (said != NULL)
        /* Translators: %u is an HTTP status; the last %s is the provider's own words, a sentence
         * that ends with its full stop */
        return g_strdup_printf (_("%s had a problem answering (HTTP %u): %s Try again, or pick another model."),
                                self->upstream ? self->upstream : name, status, said);
      return g_strdup_printf (_("%s had a problem answering (HTTP %u). Try again, or pick another model."),
                              self->upstream ? self->upstream : name, status);
    case PARLANCE_API_ERROR_PAYMENT_REQUIRED:   /* worded by the limit */
    case PARLANCE_API_ERROR_RATE_LIMITED:
    case PARLANCE_API_ERROR_BAD_REQUEST:
    case PARLANCE_API_ERROR_STREAM:
    case PARLANCE_API_ERROR_MALFORMED:
    case PARLANCE_API_ERROR_NETWORK:
    case PARLANCE_API_ERROR_TIMEOUT:
    case PARLANCE_API_ERROR_CANCELLED:
    case PARLANCE_API_ERROR_INSECURE_URL:
    case PARLANCE_API_ERROR_INVALID_URL:
    case PARLANCE_API_ERROR_NO_KEY:
    default:
      return g_strdup_printf (_("%s did not accept the request: %s"), name, self->server_message);
    }
}

/**
 * _parlance_http_error_new:
 * @provider_id: (nullable): the provider's id ("openrouter"), for the limit's resets and pages
 * @provider_name: who answered, for the words
 * @reason_phrase: (nullable): the status line's words, used when the body has none
 * @headers: (nullable): the response's headers
 * @body: (array length=len) (nullable): what arrived of the body (already cut at its cap)
 * @endpoint_url: (nullable): the address asked for (host and path), when it was not a chat
 *   request; it goes into the words of a 404, so it must hold no secret
 *
 * Returns: (transfer full): the error in words, with the details the server gave and their
 *   classification (#ParlanceLimitError, whose message is the error's); its class follows
 *   @status, except for a body nested too deep to read (%PARLANCE_API_ERROR_MALFORMED)
 */
ParlanceHttpError *
_parlance_http_error_new (const char         *provider_id,
                          const char         *provider_name,
                          guint               status,
                          const char         *reason_phrase,
                          SoupMessageHeaders *headers,
                          const char         *body,
                          gsize               len,
                          const char         *endpoint_url)
{
  ParlanceHttpError *self = g_new0 (ParlanceHttpError, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *error_object = NULL;
  JsonObject *metadata;
  ParlanceApiError code = parlance_api_error_from_status (status);
  g_autofree char *message = NULL;
  g_autoptr(GError) depth_error = NULL;

  /* A body nested too deep to read is hostile, whatever the status: an answer that could not
   * be read. Any other body that isn't JSON (a proxy's web page) leaves the status to speak. */
  if (body != NULL && !parlance_json_check_depth (body, len, PARLANCE_JSON_MAX_DEPTH, &depth_error) &&
      g_error_matches (depth_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA))
    code = PARLANCE_API_ERROR_MALFORMED;
  else
    g_clear_error (&depth_error);
  if (body != NULL && depth_error == NULL && parlance_json_parser_load (parser, body, len, NULL))
    error_object = _parlance_http_find_error_object (json_parser_get_root (parser));

  /* Waits, rate limits and the upstream provider are read there, once. */
  self->limit = parlance_limit_error_new_from_object (provider_id, provider_name, status, headers,
                                                      error_object, NULL);
  metadata = parlance_json_get_object (error_object, "metadata");
  self->upstream = g_strdup (parlance_limit_error_get_upstream (self->limit));
  self->server_message = _parlance_http_server_message_of (error_object);
  if (self->server_message == NULL && body != NULL && len > 0 && len < 512 &&
      g_utf8_validate (body, (gssize) len, NULL))
    self->server_message = g_strndup (body, len);
  if (self->server_message == NULL)
    self->server_message = g_strdup (reason_phrase);

  if (depth_error != NULL)
    message = g_strdup_printf (_("%s answered with an error (HTTP %u) Parlance could not read (%s)."),
                               provider_name, status, depth_error->message);
  else if (_parlance_limit_kind_has_own_words (parlance_limit_error_get_kind (self->limit)))
    message = g_strdup (parlance_limit_error_get_message (self->limit));
  else
    message = describe (self, code, provider_name, status, metadata, endpoint_url);
  _parlance_limit_error_set_message (self->limit, message);
  self->error = g_error_new_literal (PARLANCE_API_ERROR, code, message);
  return self;
}
