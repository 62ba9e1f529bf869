/* test-limit-error.c — every failed answer classified: ParlanceLimitError, without a network.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-limit-error.h"
#include "parlance-test-utils.h"

/* 2025-11-24 23:30 in a zone an hour east of UTC: OpenRouter's next midnight UTC is 01:00 here. */
#define NOW_ISO   "2025-11-24T23:30:00+01:00"
#define NOW_S     G_GINT64_CONSTANT (1764023400)
#define MIDNIGHT_UTC_S G_GINT64_CONSTANT (1764028800)
#define ANY       G_MININT64

static GDateTime *
test_now (void)
{
  GDateTime *now = g_date_time_new_from_iso8601 (NOW_ISO, NULL);

  g_assert_nonnull (now);
  g_assert_cmpint (g_date_time_to_unix (now), ==, NOW_S);
  return now;
}

typedef struct
{
  const char        *name;
  const char        *provider_id;
  guint              status;
  const char        *headers;       /* "Name: value\n…" */
  const char        *body;          /* or "@fixture-name" */
  ParlanceLimitKind  kind;
  gint64             retry_after;   /* ANY: not checked */
  gint64             limit;
  gint64             remaining;
  const char        *upstream;
  const char        *in_message;
} Case;

static const Case cases[] = {
  /* OpenRouter's own limits, with X-RateLimit-* as headers and in error.metadata.headers */
  { "per-minute-headers", "openrouter", 429,
    "X-RateLimit-Limit: 20\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: 1764023437000\n",
    "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min. \"}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 37, 20, 0, NULL, "Rate limited: try again in 37 seconds." },
  { "per-minute-metadata", "openrouter", 429, NULL, "@error-rate-limited.429.json",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 0, 20, 0, NULL, "Rate limited" },
  { "per-day", "openrouter", 429, NULL, "@error-per-day.429.json",
    PARLANCE_LIMIT_KIND_DAILY, 5400, 50, 0, NULL, "resets at 01:00" },
  { "per-day-credits-hint", "openrouter", 429, NULL, "@error-per-day.429.json",
    PARLANCE_LIMIT_KIND_DAILY, ANY, 50, 0, NULL, "1000 free requests a day" },
  { "per-day-no-reset", "openrouter", 429, NULL,
    "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day\"}}",
    PARLANCE_LIMIT_KIND_DAILY, 5400, -1, -1, NULL, "resets at 01:00" },
  { "upstream", "openrouter", 429, NULL, "@error-upstream.429.json",
    PARLANCE_LIMIT_KIND_UPSTREAM, -1, -1, -1, "Google", "Rate limited by Google upstream" },
  { "upstream-retry-after-seconds", "openrouter", 429, NULL,
    "{\"error\":{\"code\":429,\"message\":\"Provider returned error\",\"metadata\":{\"provider_name\":\"Chutes\","
    "\"raw\":\"x is temporarily rate-limited upstream\",\"retry_after_seconds\":12.2}}}",
    PARLANCE_LIMIT_KIND_UPSTREAM, 13, -1, -1, "Chutes", "try again in 13 seconds" },
  { "error-type", "openrouter", 400, NULL,
    "{\"error\":{\"code\":400,\"message\":\"Slow\",\"metadata\":{\"error_type\":\"rate_limit_exceeded\"}}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited by OpenRouter" },
  /* Retry-After as seconds and as an HTTP date; the header wins over the reset */
  { "retry-after-seconds", "openrouter", 429,
    "Retry-After: 7\nX-RateLimit-Reset: 1764023490000\n", "{\"error\":{\"code\":429,\"message\":\"Too many\"}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 7, -1, -1, NULL, "7 seconds" },
  { "retry-after-date", "openai", 429,
    "Retry-After: Mon, 24 Nov 2025 22:32:00 GMT\n", "{\"error\":{\"code\":429,\"message\":\"Too many\"}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 120, -1, -1, NULL, "2 minutes" },
  { "retry-after-past-date", "openai", 429,
    "Retry-After: Mon, 24 Nov 2025 20:00:00 GMT\n", NULL,
    PARLANCE_LIMIT_KIND_PER_MINUTE, 0, -1, -1, NULL, "Rate limited: you can try again now." },
  /* Gemini's array */
  { "gemini-bare", "gemini", 429, NULL, "@error-gemini.429.json",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited by Google Gemini" },
  { "gemini-per-minute", "gemini", 429, NULL,
    "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota\",\"status\":\"RESOURCE_EXHAUSTED\","
    "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
    "\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
    "\"retryDelay\":\"37s\"}]}}]",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 37, -1, -1, NULL, "37 seconds" },
  { "gemini-per-day", "gemini", 429, NULL,
    "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota\",\"status\":\"RESOURCE_EXHAUSTED\","
    "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
    "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}]}}]",
    /* Midnight in California is 09:00 here. */
    PARLANCE_LIMIT_KIND_DAILY, ANY, -1, -1, NULL, "resets at 09:00" },
  { "gemini-fractional-delay", "gemini", 429, NULL,
    "[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
    "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}]",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 2, -1, -1, NULL, "2 seconds" },
  /* Credits */
  { "credits-openrouter", "openrouter", 402, NULL, "@error-payment.402.json",
    PARLANCE_LIMIT_KIND_CREDITS, -1, -1, -1, NULL, "https://openrouter.ai/settings/credits" },
  { "credits-error-type", "openrouter", 400, NULL,
    "{\"error\":{\"code\":400,\"message\":\"No\",\"metadata\":{\"error_type\":\"payment_required\"}}}",
    PARLANCE_LIMIT_KIND_CREDITS, -1, -1, -1, NULL, "run out of credits" },
  { "credits-openai-quota", "openai", 429, NULL,
    "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}",
    PARLANCE_LIMIT_KIND_CREDITS, -1, -1, -1, NULL, "run out of credits" },
  /* Overloaded, no endpoints */
  { "overloaded-502", "openrouter", 502, NULL, "@error-provider.502.json",
    PARLANCE_LIMIT_KIND_OVERLOADED, -1, -1, -1, "Chutes", "Chutes is overloaded" },
  { "overloaded-503", "openai", 503, "Retry-After: 30\n", "Service Unavailable",
    PARLANCE_LIMIT_KIND_OVERLOADED, 30, -1, -1, NULL, "overloaded" },
  { "overloaded-error-type", "openrouter", 500, NULL,
    "{\"error\":{\"code\":500,\"message\":\"x\",\"metadata\":{\"error_type\":\"provider_overloaded\"}}}",
    PARLANCE_LIMIT_KIND_OVERLOADED, -1, -1, -1, NULL, "overloaded" },
  { "no-endpoints", "openrouter", 404, NULL, "@error-no-endpoints.404.json",
    PARLANCE_LIMIT_KIND_OVERLOADED, -1, -1, -1, NULL, "no service offers this model" },
  /* Context length */
  { "context-openrouter", "openrouter", 400, NULL,
    "{\"error\":{\"code\":400,\"message\":\"This endpoint's maximum context length is 131072 tokens. However, you requested about 200417 tokens.\"}}",
    PARLANCE_LIMIT_KIND_CONTEXT_LENGTH, -1, -1, -1, NULL, "too long for the model" },
  { "context-openai-code", "openai", 400, NULL,
    "{\"error\":{\"message\":\"Too long\",\"code\":\"context_length_exceeded\"}}",
    PARLANCE_LIMIT_KIND_CONTEXT_LENGTH, -1, -1, -1, NULL, "longer context" },
  { "context-gemini", "gemini", 400, NULL,
    "[{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}]",
    PARLANCE_LIMIT_KIND_CONTEXT_LENGTH, -1, -1, -1, NULL, "too long" },
  /* Other */
  { "unauthorized", "openrouter", 401, NULL, "@error-unauthorized.401.json",
    PARLANCE_LIMIT_KIND_OTHER, -1, -1, -1, NULL, "No auth credentials found" },
  { "gemini-invalid", "gemini", 400, NULL, "@error-gemini-invalid.400.json",
    PARLANCE_LIMIT_KIND_OTHER, -1, -1, -1, NULL, "Invalid JSON payload" },
  { "server-500", "openrouter", 500, "Retry-After: 5\n", "oops",
    PARLANCE_LIMIT_KIND_OTHER, 5, -1, -1, NULL, "did not accept" },
  /* Hostile: wrong types everywhere, absurd numbers */
  { "wrong-types", "openrouter", 429, NULL,
    "{\"error\":{\"code\":[1],\"message\":{\"a\":1},\"metadata\":{\"headers\":[\"X-RateLimit-Limit\"],"
    "\"provider_name\":42,\"raw\":true,\"error_type\":null,\"retry_after_seconds\":\"soon\"},\"details\":\"x\"}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited by OpenRouter" },
  { "wrong-header-types", "openrouter", 429, NULL,
    "{\"error\":{\"code\":429,\"message\":\"x\",\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":20,"
    "\"X-RateLimit-Remaining\":null,\"X-RateLimit-Reset\":{}}}}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited" },
  { "negative-numbers", "openrouter", 429,
    "Retry-After: -5\nX-RateLimit-Limit: -20\nX-RateLimit-Remaining: -1\n",
    "{\"error\":{\"code\":429,\"message\":\"x\",\"metadata\":{\"retry_after_seconds\":-3}}}",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited" },
  { "absurd-wait", "openrouter", 429, "Retry-After: 99999999999999999999\n", NULL,
    PARLANCE_LIMIT_KIND_PER_MINUTE, 7 * 24 * 3600, -1, -1, NULL, "more than a week" },
  { "gemini-absurd-delay", "gemini", 429, NULL,
    "[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
    "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1e300s\"},{\"@type\":7},3,null]}}]",
    PARLANCE_LIMIT_KIND_PER_MINUTE, 7 * 24 * 3600, -1, -1, NULL, "more than a week" },
  { "gemini-bad-delay", "gemini", 429, NULL,
    "[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
    "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"-5s\"},{\"@type\":"
    "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"soon\"}]}}]",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited" },
  { "empty-array", "gemini", 429, NULL, "[]", PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited" },
  { "not-json", "openrouter", 429, NULL, "<html>Too Many Requests</html>",
    PARLANCE_LIMIT_KIND_PER_MINUTE, -1, -1, -1, NULL, "Rate limited" },
  { "daily-unknown-reset", "openai", 429, NULL,
    "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on tokens per day (TPD): Limit 90000, Used 90000.\",\"code\":\"rate_limit_exceeded\"}}",
    PARLANCE_LIMIT_KIND_DAILY, -1, -1, -1, NULL, "The daily quota of OpenAI is used up. Pick another model, or try again later." },
  { "no-provider-id", NULL, 402, NULL, NULL, PARLANCE_LIMIT_KIND_CREDITS, -1, -1, -1, NULL, "credits" },
};

static SoupMessageHeaders *
headers_new (const char *text)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], ": ", 2);

      if (parts[0] != NULL && parts[1] != NULL)
        soup_message_headers_append (headers, parts[0], parts[1]);
    }
  return headers;
}

static const char *
provider_name_of (const char *id)
{
  if (g_strcmp0 (id, "openrouter") == 0)
    return "OpenRouter";
  if (g_strcmp0 (id, "gemini") == 0)
    return "Google Gemini";
  if (g_strcmp0 (id, "openai") == 0)
    return "OpenAI";
  return NULL;
}

static void
test_table (void)
{
  g_autoptr(GDateTime) now = test_now ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(SoupMessageHeaders) headers = headers_new (c->headers);
      g_autoptr(GBytes) fixture = NULL;
      g_autoptr(ParlanceLimitError) limit = NULL;
      const char *body = c->body;
      gsize len = body ? strlen (body) : 0;
      gint64 limit_value, remaining;

      if (body != NULL && body[0] == '@')
        {
          fixture = parlance_test_load_fixture (body + 1);
          body = g_bytes_get_data (fixture, &len);
        }
      limit = parlance_limit_error_new_from_http (c->provider_id, provider_name_of (c->provider_id), c->status,
                                                  headers, body, len, now);
      g_test_message ("%s: %s — %s", c->name, parlance_limit_kind_to_string (parlance_limit_error_get_kind (limit)),
                      parlance_limit_error_get_message (limit));
      g_assert_cmpstr (parlance_limit_kind_to_string (parlance_limit_error_get_kind (limit)), ==,
                       parlance_limit_kind_to_string (c->kind));
      if (c->retry_after != ANY)
        g_assert_cmpint (parlance_limit_error_get_retry_after (limit), ==, c->retry_after);
      parlance_limit_error_get_rate_limit (limit, &limit_value, &remaining, NULL);
      g_assert_cmpint (limit_value, ==, c->limit);
      g_assert_cmpint (remaining, ==, c->remaining);
      g_assert_cmpstr (parlance_limit_error_get_upstream (limit), ==, c->upstream);
      g_assert_nonnull (strstr (parlance_limit_error_get_message (limit), c->in_message));
      g_assert_cmpuint (parlance_limit_error_get_http_status (limit), ==, c->status);
      g_assert_true (g_utf8_validate (parlance_limit_error_get_message (limit), -1, NULL));
      /* A wait is also a time. */
      if (parlance_limit_error_get_retry_after (limit) >= 0)
        g_assert_cmpint (g_date_time_to_unix (parlance_limit_error_get_retry_at (limit)), ==,
                         NOW_S + parlance_limit_error_get_retry_after (limit));
      else
        g_assert_null (parlance_limit_error_get_retry_at (limit));
      g_assert_finalize_object (g_steal_pointer (&limit));
    }
}

/* The day's quota: its reset said by the server, else the provider's documented midnight. */
static void
test_daily_reset (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("error-per-day.429.json");
  g_autoptr(ParlanceLimitError) limit = NULL;
  g_autoptr(GDateTime) openrouter = parlance_limit_dup_daily_reset ("openrouter", now);
  g_autoptr(GDateTime) gemini = parlance_limit_dup_daily_reset ("gemini", now);
  g_autoptr(GDateTime) after = g_date_time_add_seconds (now, 3600);  /* 00:30 local, 23:30 UTC */
  g_autoptr(GDateTime) next = parlance_limit_dup_daily_reset ("openrouter", after);
  gsize len;
  const char *body = g_bytes_get_data (fixture, &len);
  gint64 reset_ms;

  g_assert_cmpint (g_date_time_to_unix (openrouter), ==, MIDNIGHT_UTC_S);
  /* 2025-11-25 00:00 PST is 08:00 UTC. */
  g_assert_cmpint (g_date_time_to_unix (gemini), ==, MIDNIGHT_UTC_S + 8 * 3600);
  g_assert_cmpint (g_date_time_to_unix (next), ==, MIDNIGHT_UTC_S);
  g_assert_null (parlance_limit_dup_daily_reset ("openai", now));

  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, NULL, body, len, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_DAILY);
  g_assert_true (parlance_limit_error_is_rate_limit (limit));
  g_assert_cmpint (g_date_time_to_unix (parlance_limit_error_get_daily_reset (limit)), ==, MIDNIGHT_UTC_S);
  g_assert_true (parlance_limit_error_get_rate_limit (limit, NULL, NULL, &reset_ms));
  g_assert_cmpint (reset_ms, ==, MIDNIGHT_UTC_S * 1000);
  g_assert_cmpstr (parlance_limit_error_get_message (limit), ==,
                   "The daily quota of OpenRouter is used up; it resets at 01:00. Buy credits once to raise "
                   "it to 1000 free requests a day, or pick another model.");
  g_clear_object (&limit);

  /* A reset more than a day away names its day. */
  {
    g_autoptr(SoupMessageHeaders) headers = headers_new ("X-RateLimit-Reset: 1764201600000\n");

    const char *per_day = "{\"error\":{\"message\":\"free-models-per-day\"}}";

    limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, headers,
                                                per_day, strlen (per_day), now);
    g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_DAILY);
    g_assert_nonnull (strstr (parlance_limit_error_get_message (limit), "resets at Nov 27, 01:00"));
  }
}

/* An error inside a 200 stream: its code is the status. */
static void
test_stream_error_object (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ParlanceLimitError) limit = NULL;
  g_autoptr(ParlanceLimitError) other = NULL;
  JsonObject *error;

  g_assert_true (json_parser_load_from_data (parser, "{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\","
                                                     "\"metadata\":{\"retry_after_seconds\":9}}", -1, NULL));
  error = json_node_get_object (json_parser_get_root (parser));
  limit = parlance_limit_error_new_from_object ("openrouter", "OpenRouter", 0, NULL, error, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_cmpuint (parlance_limit_error_get_http_status (limit), ==, 429);
  g_assert_cmpint (parlance_limit_error_get_retry_after (limit), ==, 9);

  /* OpenRouter's real mid-stream error (stream_error.200.sse): a 400 "Token limit reached". */
  g_assert_true (json_parser_load_from_data (parser, "{\"code\":400,\"message\":\"Token limit reached\"}", -1, NULL));
  other = parlance_limit_error_new_from_object ("openrouter", "OpenRouter", 200, NULL,
                                                json_node_get_object (json_parser_get_root (parser)), now);
  g_assert_cmpint (parlance_limit_error_get_kind (other), ==, PARLANCE_LIMIT_KIND_OTHER);
  g_assert_cmpuint (parlance_limit_error_get_http_status (other), ==, 400);
  g_assert_cmpstr (parlance_limit_error_get_server_message (other), ==, "Token limit reached");

  /* Nothing at all: other, with words. */
  g_clear_object (&other);
  other = parlance_limit_error_new_from_object (NULL, NULL, 0, NULL, NULL, NULL);
  g_assert_cmpint (parlance_limit_error_get_kind (other), ==, PARLANCE_LIMIT_KIND_OTHER);
  g_assert_nonnull (parlance_limit_error_get_message (other));
}

/* Bodies too big or too deep are not read, and break nothing: the status still speaks. */
static void
test_hostile_bodies (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GString) huge = g_string_new ("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day ");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) deep_metadata = g_string_new ("{\"error\":{\"code\":429,\"message\":\"per-day\",\"metadata\":");
  g_autoptr(GString) wide = g_string_new ("[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[");
  ParlanceLimitError *limit;

  while (huge->len < 10 * 1024 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}}");
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, NULL, huge->str, huge->len, now);
  /* Past the cap the body is not read: not "daily", which only the body says. */
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_null (parlance_limit_error_get_server_message (limit));
  g_assert_finalize_object (limit);

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "[");
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 402, NULL, deep->str, deep->len, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_CREDITS);
  g_assert_finalize_object (limit);

  for (guint i = 0; i < 1000; i++)
    g_string_append (deep_metadata, "{\"a\":");
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, NULL, deep_metadata->str,
                                              deep_metadata->len, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_finalize_object (limit);

  /* Thousands of details, each a RetryInfo: read up to a bound, still one answer. */
  for (guint i = 0; i < 400; i++)
    g_string_append (wide, "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":"
                           "[{\"quotaId\":\"PerMinute\"},{\"quotaId\":\"PerMinute\"}]},");
  g_string_append (wide, "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"PerDay\"}]}]}}]");
  limit = parlance_limit_error_new_from_http ("gemini", "Google Gemini", 429, NULL, wide->str, wide->len, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_finalize_object (limit);

  /* Not UTF-8, NUL bytes: words still valid UTF-8. */
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, NULL, "\xff\xfe\0{", 4, now);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_true (g_utf8_validate (parlance_limit_error_get_message (limit), -1, NULL));
  g_assert_finalize_object (limit);
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_PER_MINUTE), ==, "per-minute");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_DAILY), ==, "daily");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_UPSTREAM), ==, "upstream");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_CREDITS), ==, "credits");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_OVERLOADED), ==, "overloaded");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_CONTEXT_LENGTH), ==, "context-length");
  g_assert_cmpstr (parlance_limit_kind_to_string (PARLANCE_LIMIT_KIND_OTHER), ==, "other");
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/limit-error/table", test_table);
  g_test_add_func ("/parlance/limit-error/daily-reset", test_daily_reset);
  g_test_add_func ("/parlance/limit-error/stream-error-object", test_stream_error_object);
  g_test_add_func ("/parlance/limit-error/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/parlance/limit-error/kind-names", test_kind_names);

  return g_test_run ();
}
