/* parlance-limit-error-read.c — what a refusal says: its numbers, its waits, and which limit it is.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body is hostile (see parlance-limit-error.c): every member may have any type, lists are read
 * to 64 entries, and every wait is clamped to PARLANCE_MAX_WAIT_SECONDS.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "parlance-http-error.h"
#include "parlance-json.h"
#include "parlance-limit-error-private.h"

/* Reading the answer */

/* A whole number, saturated; -1 when there is none or it is negative. */
gint64
_parlance_limit_parse_int (const char *text)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL)
    return -1;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || value < 0)
    return -1;
  return value;
}

gint64
_parlance_limit_clamp_seconds (double seconds)
{
  if (isnan (seconds) || seconds < 0)
    return -1;
  if (seconds > (double) PARLANCE_MAX_WAIT_SECONDS)
    return PARLANCE_MAX_WAIT_SECONDS + 1;
  return (gint64) ceil (seconds);
}

/* A header of the response, or of OpenRouter's copy in error.metadata.headers (any case). */
const char *
_parlance_limit_find_header (SoupMessageHeaders *headers,
             JsonObject         *metadata_headers,
             const char         *name)
{
  const char *value = headers ? soup_message_headers_get_one (headers, name) : NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (value != NULL || metadata_headers == NULL)
    return value;
  json_object_iter_init (&iter, metadata_headers);
  while (json_object_iter_next (&iter, &member, &node))
    if (g_ascii_strcasecmp (member, name) == 0 && JSON_NODE_HOLDS_VALUE (node) &&
        json_node_get_value_type (node) == G_TYPE_STRING)
      return json_node_get_string (node);
  return NULL;
}

/* `retry_after_seconds` in the error or its metadata, an integer or a double. */
gint64
_parlance_limit_body_wait (JsonObject *error)
{
  JsonObject *places[] = { error, parlance_json_get_object (error, "metadata") };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      JsonNode *node = places[i] ? json_object_get_member (places[i], "retry_after_seconds") : NULL;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0)
        return MIN (json_node_get_int (node), PARLANCE_MAX_WAIT_SECONDS + 1);
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE && _parlance_limit_clamp_seconds (json_node_get_double (node)) >= 0)
        return _parlance_limit_clamp_seconds (json_node_get_double (node));
    }
  return -1;
}

/* Gemini's google.rpc details: the RetryInfo's "37s" (or "1.5s"), and the QuotaFailure's
 * quota ids ("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), joined. */
gint64
_parlance_limit_gemini_details (JsonObject *error,
                GString    *quota_ids)
{
  JsonArray *details = parlance_json_get_array (error, "details");
  gint64 wait = -1;

  for (guint i = 0; details != NULL && i < json_array_get_length (details) && i < 64; i++)
    {
      JsonNode *node = json_array_get_element (details, i);
      JsonObject *detail = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = parlance_json_get_string (detail, "@type");
      const char *delay = parlance_json_get_string (detail, "retryDelay");
      JsonArray *violations = parlance_json_get_array (detail, "violations");

      if (type == NULL)
        continue;
      if (g_str_has_suffix (type, ".RetryInfo") && delay != NULL && g_ascii_isdigit (delay[0]))
        {
          char *end = NULL;
          double seconds = g_ascii_strtod (delay, &end);

          if (end != NULL && g_str_equal (end, "s"))
            wait = _parlance_limit_clamp_seconds (seconds);
        }
      for (guint j = 0; violations != NULL && j < json_array_get_length (violations) && j < 64; j++)
        {
          JsonNode *v = json_array_get_element (violations, j);
          const char *id = JSON_NODE_HOLDS_OBJECT (v)
                           ? parlance_json_get_string (json_node_get_object (v), "quotaId") : NULL;

          if (id != NULL && quota_ids->len < 4096)
            g_string_append_printf (quota_ids, "%s ", id);
        }
    }
  return wait;
}

gboolean
_parlance_limit_contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_ascii_strdown (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* Classifying */

static gboolean
_parlance_limit_is_context_length (const Signals *s)
{
  return g_strcmp0 (s->error_type, "context_length_exceeded") == 0 ||
         g_strcmp0 (s->code, "context_length_exceeded") == 0 ||
         _parlance_limit_contains (s->text, "maximum context length") ||
         _parlance_limit_contains (s->text, "context length exceeded") ||
         _parlance_limit_contains (s->text, "context window") ||
         _parlance_limit_contains (s->text, "exceeds the maximum number of tokens");
}

static ParlanceLimitKind
_parlance_limit_classify_rate_limit (const Signals *s)
{
  if (_parlance_limit_contains (s->text, "per-day") || _parlance_limit_contains (s->text, "per day") ||
      _parlance_limit_contains (s->text, "daily") || _parlance_limit_contains (s->quota_ids, "perday"))
    return PARLANCE_LIMIT_KIND_DAILY;
  if (s->has_upstream || _parlance_limit_contains (s->text, "upstream") ||
      _parlance_limit_contains (s->text, "provider returned error"))
    return PARLANCE_LIMIT_KIND_UPSTREAM;
  return PARLANCE_LIMIT_KIND_PER_MINUTE;
}

ParlanceLimitKind
_parlance_limit_classify (const Signals *s)
{
  if (s->status == 402 || g_strcmp0 (s->error_type, "payment_required") == 0 ||
      g_strcmp0 (s->code, "insufficient_quota") == 0)
    return PARLANCE_LIMIT_KIND_CREDITS;
  if (_parlance_limit_is_context_length (s))
    return PARLANCE_LIMIT_KIND_CONTEXT_LENGTH;
  if (s->status == 429 || g_strcmp0 (s->error_type, "rate_limit_exceeded") == 0 ||
      g_strcmp0 (s->gemini_status, "RESOURCE_EXHAUSTED") == 0)
    return _parlance_limit_classify_rate_limit (s);
  if (s->status == 502 || s->status == 503 || s->status == 529 ||
      g_strcmp0 (s->error_type, "provider_overloaded") == 0 ||
      g_strcmp0 (s->gemini_status, "UNAVAILABLE") == 0 ||
      _parlance_limit_contains (s->text, "no endpoints found"))
    return PARLANCE_LIMIT_KIND_OVERLOADED;
  return PARLANCE_LIMIT_KIND_OTHER;
}

