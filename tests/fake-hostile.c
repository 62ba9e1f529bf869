/* fake-hostile.c — the fake provider's hostile group: answers meant to break a client.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fault is one response, by name, for tests (test-hostile.c), scripts (`"hostile": NAME`)
 * and `fake-provider --hostile NAME[=SIZE]`. SIZE scales the huge ones: bytes of text for
 * replies and bodies, models for a list, deltas for tool calls; 0 takes a default.
 */

#include "config.h"

#include <string.h>

#include "fake-hostile.h"

#define MIB (1024 * 1024)

static const FakeHostileFault faults[] = {
  { "deep-chunk", "POST", "/chat/completions", "a streamed chunk nested 100,000 levels deep" },
  { "deep-error-body", "POST", "/chat/completions", "a 401 whose body nests 100,000 levels deep" },
  { "deep-answer", "POST", "/chat/completions", "a non-streamed answer nested 100,000 levels deep" },
  { "deep-models", "GET", "/models", "a model list nested 100,000 levels deep" },
  { "deep-key", "GET", "/key", "a /key answer nested 100,000 levels deep" },
  { "endless-line", "POST", "/chat/completions", "an event line that never ends (SIZE bytes, default 20 MiB)" },
  { "huge-reply", "POST", "/chat/completions", "a streamed reply of SIZE bytes of text (default 300 MB)" },
  { "huge-reasoning", "POST", "/chat/completions", "a streamed reply of SIZE bytes of reasoning (default 300 MB)" },
  { "huge-answer", "POST", "/chat/completions", "a non-streamed answer of SIZE bytes (default 100 MB)" },
  { "huge-error-body", "POST", "/chat/completions", "a 500 whose body is SIZE bytes (default 100 MB)" },
  { "huge-models", "GET", "/models", "a model list of SIZE models of about 1 KB each (default 95,000)" },
  { "retry-after-huge", "POST", "/chat/completions", "429 with Retry-After: 99999999999999999999" },
  { "retry-after-date", "POST", "/chat/completions", "429 with a Retry-After date in the year 9999" },
  { "reset-int64", "POST", "/chat/completions", "429 with X-RateLimit-Reset near INT64_MAX" },
  { "retry-after-body", "POST", "/chat/completions", "429 with retry_after_seconds 1e300 in the body" },
  { "many-tool-calls", "POST", "/chat/completions", "SIZE tool calls (default 100,000), each index once, backwards" },
  { "huge-tool-arguments", "POST", "/chat/completions", "one tool call whose arguments are SIZE bytes (default 100 MB)" },
};

const FakeHostileFault *
fake_hostile_list (guint *n_faults)
{
  *n_faults = G_N_ELEMENTS (faults);
  return faults;
}

const FakeHostileFault *
fake_hostile_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_str_equal (faults[i].name, name))
      return &faults[i];
  return NULL;
}

static FakeResponse *
deep (guint        status,
      const char  *content_type,
      const char  *head,
      const char  *opener)
{
  FakeResponse *response = fake_response_new (status);

  fake_response_set_content_type (response, content_type);
  fake_response_set_body_repeated (response, head, opener, FAKE_HOSTILE_DEPTH,
                                   g_str_equal (content_type, "text/event-stream") ? "\n\n" : NULL);
  return response;
}

static FakeResponse *
rate_limited (const char *header,
              const char *value,
              const char *body)
{
  FakeResponse *response = fake_response_new (429);

  if (header != NULL)
    fake_response_add_header (response, header, value);
  fake_response_set_body_string (response, body ? body : "{\"error\":{\"code\":429,\"message\":\"Slow down\"}}");
  return response;
}

/* SIZE bytes of text, in chunks of about 1 KB under @field ("content", "reasoning"). */
static FakeResponse *
huge_stream (const char *field,
             guint64     size)
{
  FakeResponse *response = fake_response_new (200);
  g_autofree char *text = g_strnfill (1000, 'x');
  g_autofree char *unit = g_strdup_printf ("data: {\"choices\":[{\"delta\":{\"%s\":\"%s\"}}]}\n\n",
                                           field, text);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_repeated (response, "", unit, (size + 999) / 1000,
                                   "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                                   "data: [DONE]\n\n");
  return response;
}

static FakeResponse *
many_tool_calls (guint64 count)
{
  FakeResponse *response = fake_response_new (200);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  for (guint64 i = count; i > 0; i--)
    g_string_append_printf (body,
                            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":%" G_GUINT64_FORMAT ","
                            "\"id\":\"call_%" G_GUINT64_FORMAT "\",\"type\":\"function\",\"function\":"
                            "{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}\n\n", i - 1, i - 1);
  g_string_append (body, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                         "data: [DONE]\n\n");
  fake_response_set_content_type (response, "text/event-stream");
  bytes = g_string_free_to_bytes (g_steal_pointer (&body));
  fake_response_set_body (response, bytes);
  return response;
}

/**
 * fake_hostile_response_new:
 * @name: a fault of fake_hostile_list()
 * @size: how big the huge faults are; 0 for their default
 *
 * Returns: (transfer full) (nullable): the response, or %NULL for an unknown name
 */
FakeResponse *
fake_hostile_response_new (const char *name,
                           guint64     size)
{
  FakeResponse *response;

  if (g_str_equal (name, "deep-chunk"))
    return deep (200, "text/event-stream", "data: ", "[");
  if (g_str_equal (name, "deep-error-body"))
    return deep (401, "application/json", "", "[");
  if (g_str_equal (name, "deep-answer"))
    return deep (200, "application/json", "{\"choices\":[{\"message\":{\"content\":", "[");
  if (g_str_equal (name, "deep-models"))
    return deep (200, "application/json", "{\"data\":", "[");
  if (g_str_equal (name, "deep-key"))
    return deep (200, "application/json", "{\"data\":", "{\"a\":");

  if (g_str_equal (name, "endless-line"))
    {
      response = fake_response_new (200);
      fake_response_set_content_type (response, "text/event-stream");
      fake_response_set_body_repeated (response, "data: ", "aaaaaaaaaaaaaaaa",
                                       (size ? size : 20 * MIB) / 16, NULL);
      return response;
    }
  if (g_str_equal (name, "huge-reply"))
    return huge_stream ("content", size ? size : 300000000);
  if (g_str_equal (name, "huge-reasoning"))
    return huge_stream ("reasoning", size ? size : 300000000);
  if (g_str_equal (name, "huge-answer"))
    {
      response = fake_response_new (200);
      fake_response_set_body_repeated (response, "{\"choices\":[{\"message\":{\"content\":\"",
                                       "xxxxxxxxxxxxxxxx", (size ? size : 100000000) / 16,
                                       "\"},\"finish_reason\":\"stop\"}]}");
      return response;
    }
  if (g_str_equal (name, "huge-error-body"))
    {
      response = fake_response_new (500);
      fake_response_set_body_repeated (response, "{\"error\":{\"message\":\"", "xxxxxxxxxxxxxxxx",
                                       (size ? size : 100000000) / 16, "\"}}");
      return response;
    }
  if (g_str_equal (name, "huge-models"))
    {
      g_autofree char *description = g_strnfill (900, 'd');
      g_autofree char *unit = g_strdup_printf ("{\"id\":\"vendor/model\",\"name\":\"Model\",\"context_length\":8192,"
                                               "\"description\":\"%s\"},", description);

      response = fake_response_new (200);
      fake_response_set_body_repeated (response, "{\"data\":[", unit, size ? size : 95000,
                                       "{\"id\":\"vendor/last\",\"name\":\"Last\"}]}");
      return response;
    }

  if (g_str_equal (name, "retry-after-huge"))
    return rate_limited ("Retry-After", "99999999999999999999", NULL);
  if (g_str_equal (name, "retry-after-date"))
    return rate_limited ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT", NULL);
  if (g_str_equal (name, "reset-int64"))
    return rate_limited ("X-RateLimit-Reset", "9223372036854775806", NULL);
  if (g_str_equal (name, "retry-after-body"))
    return rate_limited (NULL, NULL,
                         "{\"error\":{\"code\":429,\"message\":\"Slow down\","
                         "\"metadata\":{\"retry_after_seconds\":1e300}}}");

  if (g_str_equal (name, "many-tool-calls"))
    return many_tool_calls (size ? size : 100000);
  if (g_str_equal (name, "huge-tool-arguments"))
    {
      response = fake_response_new (200);
      fake_response_set_content_type (response, "text/event-stream");
      fake_response_set_body_repeated (response,
                                       "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_0\","
                                       "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}\n\n",
                                       "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                                       "{\"arguments\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}]}}]}\n\n",
                                       (size ? size : 100000000) / 128,
                                       "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                                       "data: [DONE]\n\n");
      return response;
    }

  return NULL;
}
