/* fake-limits.c — the fake provider's limits group: rate limits, quotas, credits, usage, cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fault is one response, by name, for tests (test-chat-client.c), scripts (`"limits": NAME`)
 * and `fake-provider --limits NAME`, in the shapes OpenRouter and Gemini send (see
 * ../shared/fixtures/README.md and tests/fixtures/). Times in headers count from @now_ms, so a
 * reset is always in the future.
 */

#include "config.h"

#include <string.h>

#include "fake-limits.h"

static const FakeLimitsFault faults[] = {
  { "per-minute", "POST", "/chat/completions", "429 free-models-per-min with X-RateLimit-* headers (reset in 37 s)" },
  { "per-minute-metadata", "POST", "/chat/completions", "429 free-models-per-min, X-RateLimit-* in error.metadata.headers (reset in 20 s)" },
  { "per-day", "POST", "/chat/completions", "429 free-models-per-day (add 10 credits…), metadata headers, reset at the next midnight UTC" },
  { "upstream", "POST", "/chat/completions", "429 \"Provider returned error\", metadata.raw rate-limited upstream, provider_name, retry_after_seconds 12" },
  { "retry-after-seconds", "POST", "/chat/completions", "429 with Retry-After: 7" },
  { "retry-after-http-date", "POST", "/chat/completions", "429 with Retry-After as an HTTP date 120 s ahead" },
  { "credits", "POST", "/chat/completions", "402 out of credits, metadata.error_type payment_required" },
  { "gemini-per-minute", "POST", "/chat/completions", "Gemini's [{\"error\"}] 429 RESOURCE_EXHAUSTED, per-minute quota, retryDelay 37s" },
  { "gemini-per-day", "POST", "/chat/completions", "Gemini's [{\"error\"}] 429 RESOURCE_EXHAUSTED, per-day quota" },
  { "overloaded", "POST", "/chat/completions", "503 provider_overloaded from an upstream provider" },
  { "context-length", "POST", "/chat/completions", "400 context_length_exceeded" },
  { "stream-rate-limited", "POST", "/chat/completions", "200 stream: some text, then an error chunk, code 429 rate_limit_exceeded" },
  { "gemini-stream-exhausted", "POST", "/chat/completions", "200 stream: some text, then Gemini's [{\"error\"}] 429 with retryDelay 20s" },
  { "usage-repeated", "POST", "/chat/completions", "Gemini stream with usage on three chunks (last: 31 in, 11 out, 42 total)" },
  { "usage-openrouter", "POST", "/chat/completions", "OpenRouter stream ending in usage with cost, cached and reasoning tokens" },
  { "generation", "GET", "/generation", "GET /generation: the generation's exact cost, tokens and provider" },
  { "stream-cut", "POST", "/chat/completions", "OpenRouter stream with a generation id: some text, then the connection closed before usage" },
  { "generation-not-found", "GET", "/generation", "GET /generation 404: OpenRouter does not know the generation yet" },
  { "generation-malformed", "GET", "/generation", "GET /generation 200 whose data is not an object" },
  { "generation-huge", "GET", "/generation", "GET /generation 200 of 1 MB: a string far longer than any answer" },
};

const FakeLimitsFault *
fake_limits_list (guint *n_faults)
{
  *n_faults = G_N_ELEMENTS (faults);
  return faults;
}

const FakeLimitsFault *
fake_limits_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_str_equal (faults[i].name, name))
      return &faults[i];
  return NULL;
}

static FakeResponse *
json_response (guint       status,
               const char *body)
{
  FakeResponse *response = fake_response_new (status);

  fake_response_set_body_string (response, body);
  return response;
}

static FakeResponse *
stream_response (const char *body)
{
  FakeResponse *response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, body);
  return response;
}

static gint64
next_midnight_utc_ms (gint64 now_ms)
{
  gint64 day_ms = G_GINT64_CONSTANT (86400000);

  return (now_ms / day_ms + 1) * day_ms;
}

static FakeResponse *
gemini_exhausted (const char *quota_id,
                  const char *retry_delay)
{
  g_autofree char *retry = retry_delay
    ? g_strdup_printf (",{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"%s\"}", retry_delay)
    : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
    "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
    "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
    "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
    "\"quotaId\":\"%s\",\"quotaDimensions\":{\"model\":\"gemini-2.0-flash\",\"location\":\"global\"},\"quotaValue\":\"15\"}]}"
    "%s]}}]", quota_id, retry);

  return json_response (429, body);
}

#define OR_CHUNK(content) \
  "data: {\"id\":\"" FAKE_LIMITS_GENERATION_ID "\",\"provider\":\"DeepInfra\",\"model\":\"meta-llama/llama-3.3-70b-instruct\"," \
  "\"object\":\"chat.completion.chunk\",\"created\":1764000200,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"," \
  "\"content\":\"" content "\"},\"finish_reason\":null}]}\n\n"

#define GEMINI_CHUNK(content, finish, usage) \
  "data: {\"choices\":[{\"delta\":{\"content\":\"" content "\",\"role\":\"assistant\"}" finish ",\"index\":0}]," \
  "\"created\":1764000100,\"id\":\"gemini-usage-repeated\",\"model\":\"gemini-2.0-flash\"," \
  "\"object\":\"chat.completion.chunk\",\"usage\":" usage "}\n\n"

static FakeResponse *
rate_limit_headers (FakeResponse *response,
                    const char   *limit,
                    gint64        reset_ms)
{
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT, reset_ms);

  fake_response_add_header (response, "X-RateLimit-Limit", limit);
  fake_response_add_header (response, "X-RateLimit-Remaining", "0");
  fake_response_add_header (response, "X-RateLimit-Reset", reset);
  return response;
}

/**
 * fake_limits_response_new:
 * @name: a fault of fake_limits_list()
 * @now_ms: the time the waits and resets count from, in epoch milliseconds
 *
 * Returns: (transfer full) (nullable): the response, or %NULL for an unknown name
 */
FakeResponse *
fake_limits_response_new (const char *name,
                          gint64      now_ms)
{
  if (g_str_equal (name, "per-minute"))
    return rate_limit_headers (json_response (429, "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min. \","
                                                   "\"metadata\":{\"error_type\":\"rate_limit_exceeded\"}},\"user_id\":\"user_fake\"}"),
                               "20", now_ms + 37000);
  if (g_str_equal (name, "per-minute-metadata"))
    {
      g_autofree char *body = g_strdup_printf (
        "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min. \",\"metadata\":{\"headers\":"
        "{\"X-RateLimit-Limit\":\"20\",\"X-RateLimit-Remaining\":\"0\",\"X-RateLimit-Reset\":\"%" G_GINT64_FORMAT "\"},"
        "\"provider_name\":null}},\"user_id\":\"user_fake\"}", now_ms + 20000);
      return json_response (429, body);
    }
  if (g_str_equal (name, "per-day"))
    {
      g_autofree char *body = g_strdup_printf (
        "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day\","
        "\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":\"50\",\"X-RateLimit-Remaining\":\"0\",\"X-RateLimit-Reset\":\"%" G_GINT64_FORMAT "\"},"
        "\"provider_name\":null}},\"user_id\":\"user_fake\"}", next_midnight_utc_ms (now_ms));
      return json_response (429, body);
    }
  if (g_str_equal (name, "upstream"))
    return json_response (429, "{\"error\":{\"code\":429,\"message\":\"Provider returned error\",\"metadata\":{"
                               "\"provider_name\":\"Google\",\"raw\":\"google/gemini-2.0-flash-exp:free is temporarily "
                               "rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate "
                               "limits: https://openrouter.ai/settings/integrations\",\"retry_after_seconds\":12}},"
                               "\"user_id\":\"user_fake\"}");
  if (g_str_equal (name, "retry-after-seconds"))
    {
      FakeResponse *response = json_response (429, "{\"error\":{\"code\":429,\"message\":\"Too many requests\"}}");
      fake_response_add_header (response, "Retry-After", "7");
      return response;
    }
  if (g_str_equal (name, "retry-after-http-date"))
    {
      FakeResponse *response = json_response (429, "{\"error\":{\"code\":429,\"message\":\"Too many requests\"}}");
      g_autoptr(GDateTime) then = g_date_time_new_from_unix_utc (now_ms / 1000 + 120);
      g_autofree char *date = g_date_time_format (then, "%a, %d %b %Y %H:%M:%S GMT");

      fake_response_add_header (response, "Retry-After", date);
      return response;
    }
  if (g_str_equal (name, "credits"))
    return json_response (402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits. Add more using https://openrouter.ai/credits\","
                               "\"metadata\":{\"error_type\":\"payment_required\"}}}");
  if (g_str_equal (name, "gemini-per-minute"))
    return gemini_exhausted ("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "37s");
  if (g_str_equal (name, "gemini-per-day"))
    return gemini_exhausted ("GenerateRequestsPerDayPerProjectPerModel-FreeTier", NULL);
  if (g_str_equal (name, "overloaded"))
    return json_response (503, "{\"error\":{\"code\":503,\"message\":\"Provider returned error\",\"metadata\":{"
                               "\"provider_name\":\"Chutes\",\"raw\":\"model overloaded\",\"error_type\":\"provider_overloaded\"}}}");
  if (g_str_equal (name, "context-length"))
    return json_response (400, "{\"error\":{\"code\":400,\"message\":\"This endpoint's maximum context length is 131072 tokens. "
                               "However, you requested about 200417 tokens (200417 of text input). Please reduce the length of "
                               "either one, or use the \\\"middle-out\\\" transform to compress your prompt automatically.\","
                               "\"metadata\":{\"error_type\":\"context_length_exceeded\"}}}");
  if (g_str_equal (name, "stream-rate-limited"))
    return stream_response (": OPENROUTER PROCESSING\n\n"
                            OR_CHUNK ("Half of ")
                            OR_CHUNK ("it")
                            "data: {\"id\":\"" FAKE_LIMITS_GENERATION_ID "\",\"object\":\"chat.completion.chunk\","
                            "\"created\":1764000200,\"model\":\"meta-llama/llama-3.3-70b-instruct\",\"provider\":\"DeepInfra\","
                            "\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\","
                            "\"metadata\":{\"error_type\":\"rate_limit_exceeded\",\"retry_after_seconds\":9}},"
                            "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n"
                            "data: [DONE]\n\n");
  if (g_str_equal (name, "gemini-stream-exhausted"))
    return stream_response (GEMINI_CHUNK ("Let me", "", "{\"completion_tokens\":1,\"prompt_tokens\":31,\"total_tokens\":32}")
                            "data: [{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                            "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                            "\"retryDelay\":\"20s\"}]}}]\n\n");
  if (g_str_equal (name, "usage-repeated"))
    return stream_response (GEMINI_CHUNK ("Let me", "", "{\"completion_tokens\":1,\"prompt_tokens\":31,\"total_tokens\":32}")
                            GEMINI_CHUNK (" look it", "", "{\"completion_tokens\":5,\"prompt_tokens\":31,\"total_tokens\":36,\"cost\":0.5}")
                            GEMINI_CHUNK (" up.", ",\"finish_reason\":\"stop\"",
                                          "{\"completion_tokens\":11,\"prompt_tokens\":31,\"total_tokens\":42}")
                            "data: [DONE]\n\n");
  if (g_str_equal (name, "usage-openrouter"))
    return stream_response (": OPENROUTER PROCESSING\n\n"
                            OR_CHUNK ("Exact ")
                            OR_CHUNK ("cost.")
                            "data: {\"id\":\"" FAKE_LIMITS_GENERATION_ID "\",\"provider\":\"DeepInfra\","
                            "\"model\":\"meta-llama/llama-3.3-70b-instruct\",\"object\":\"chat.completion.chunk\","
                            "\"created\":1764000200,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                            "\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":687,"
                            "\"completion_tokens\":187,\"total_tokens\":874,\"cost\":" FAKE_LIMITS_COST ",\"is_byok\":false,"
                            "\"prompt_tokens_details\":{\"cached_tokens\":679,\"audio_tokens\":0},\"cost_details\":"
                            "{\"upstream_inference_cost\":null},\"completion_tokens_details\":{\"reasoning_tokens\":118,"
                            "\"image_tokens\":0}}}\n\n"
                            "data: [DONE]\n\n");
  if (g_str_equal (name, "stream-cut"))
    {
      const char *body = ": OPENROUTER PROCESSING\n\n" OR_CHUNK ("Cut ") OR_CHUNK ("off");
      FakeResponse *response = stream_response (body);

      fake_response_set_close_after (response, strlen (body));
      return response;
    }
  if (g_str_equal (name, "generation-not-found"))
    return json_response (404, "{\"error\":{\"message\":\"Generation " FAKE_LIMITS_GENERATION_ID " not found\",\"code\":404}}");
  if (g_str_equal (name, "generation-malformed"))
    return json_response (200, "{\"data\":\"" FAKE_LIMITS_GENERATION_ID "\"}");
  if (g_str_equal (name, "generation-huge"))
    {
      FakeResponse *response = fake_response_new (200);

      fake_response_set_body_repeated (response, "{\"data\":{\"id\":\"", "xxxxxxxxxxxxxxxx", 65536, "\"}}");
      return response;
    }
  if (g_str_equal (name, "generation"))
    return json_response (200, "{\"data\":{\"id\":\"" FAKE_LIMITS_GENERATION_ID "\",\"upstream_id\":\"chatcmpl-791bcf62\","
                               "\"total_cost\":" FAKE_LIMITS_GENERATION_COST ",\"cache_discount\":null,\"upstream_inference_cost\":null,"
                               "\"created_at\":\"2026-11-24T16:10:00.433273+00:00\",\"model\":\"openai/gpt-5-mini\","
                               "\"app_id\":null,\"streamed\":true,\"cancelled\":true,\"provider_name\":\"OpenAI\","
                               "\"latency\":1250,\"moderation_latency\":null,\"generation_time\":1200,\"finish_reason\":null,"
                               "\"native_finish_reason\":null,\"tokens_prompt\":17,\"tokens_completion\":2177,"
                               "\"native_tokens_prompt\":17,\"native_tokens_completion\":2177,\"native_tokens_reasoning\":960,"
                               "\"native_tokens_cached\":0,\"num_media_prompt\":null,\"num_media_completion\":null,"
                               "\"num_search_results\":null,\"origin\":\"\",\"usage\":" FAKE_LIMITS_GENERATION_COST ","
                               "\"is_byok\":false}}");
  return NULL;
}
