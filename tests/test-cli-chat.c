/* test-cli-chat.c — `parlance-cli chat` and `--help`: what they print, where, with which exit
 * status.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built parlance-cli against an in-process fake provider (see parlance-test-cli.c).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "parlance-test-cli.h"

/* Help */

static void
test_help (void)
{
  g_autoptr(Run) run = NULL;
  const char *everywhere[] = { "Exit status", "130", "OPENROUTER_API_KEY", "PARLANCE_MODEL",
                               "PARLANCE_OPENROUTER_BASE_URL" };
  const char *overall[] = { "chat", "chats", "doctor", "key set", "key check", "key delete", "paths", "--json",
                            "GEMINI_API_KEY", "OPENAI_API_KEY", "PARLANCE_<PROVIDER>_BASE_URL" };

  run = run_cli (NULL, NULL, NULL, ARGS ("--help"));
  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (everywhere); i++)
    assert_contains (run->out->str, everywhere[i]);
  for (guint i = 0; i < G_N_ELEMENTS (overall); i++)
    assert_contains (run->out->str, overall[i]);
  /* Every exit status is explained. */
  for (guint i = 0; i <= 12; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %3u  ", i);
      assert_contains (run->out->str, line);
    }
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (everywhere); i++)
    assert_contains (run->out->str, everywhere[i]);
  assert_contains (run->out->str, "--provider");
  assert_contains (run->out->str, "--model");
  assert_contains (run->out->str, "--system");
  assert_contains (run->out->str, "--json");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("key", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (everywhere); i++)
    assert_contains (run->out->str, everywhere[i]);
  assert_contains (run->out->str, "standard input");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("paths", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("frobnicate"));
  g_assert_cmpint (run->status, ==, 2);
  /* One line that says what to do, not the whole help. */
  g_assert_cmpstr (run->err->str, ==,
                   "Unknown command “frobnicate”. Run “parlance-cli --help” for the commands.\n");
  g_assert_cmpstr (run->out->str, ==, "");
}

/* chat */

static void
test_chat_simple (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *authorization = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *body;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-s", "Be brief.", "Say", "hello", "👋"));
  g_assert_cmpint (run->status, ==, 0);
  /* Byte for byte: no newline added when the output is not a terminal. */
  g_assert_cmpstr (run->out->str, ==, SIMPLE_TEXT);
  /* Saved (test-cli-chats has the rest): the id, and nothing else, on standard error. */
  g_assert_true (g_regex_match_simple ("^Saved as conversation [0-9]+\n$", run->err->str, 0, 0));

  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, DEFAULT_MODEL);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_cmpstr (message_content (body, 0, "system"), ==, "Be brief.");
  g_assert_cmpstr (message_content (body, 1, "user"), ==, "Say hello 👋");
  authorization = dup_authorization (f, 0);
  g_assert_true (g_str_has_prefix (authorization, "Bearer "));
  g_assert_cmpstr (authorization + strlen ("Bearer "), ==, env_key);
}

static void
test_chat_reasoning (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-reasoning.200.sse");
  g_autoptr(Run) run = NULL;

  fake_response_set_random_chunks (response, 3, 17);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "What is 2+2?"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "2 + 2 = **4**.");
  assert_contains (run->err->str, "The user asks for 2+2.");
  /* Not a terminal: no escape sequences. */
  g_assert_null (strchr (run->err->str, '\033'));
  g_assert_null (strstr (run->out->str, "The user asks"));
}

static void
test_chat_tool_calls (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-tool-calls.200.sse");
  g_autoptr(Run) run = run_cli (f->url, NULL, NULL, ARGS ("chat", "Weather in Paris?"));

  /* No text: nothing on standard output, and a word on standard error about why. */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "");
  assert_contains (run->err->str, "get_weather, get_time");
}

static void
test_chat_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-reasoning.200.sse");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *root, *usage;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "What is 2+2?"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "content"), ==, "2 + 2 = **4**.");
  g_assert_cmpstr (json_object_get_string_member (root, "reasoning"), ==, "The user asks for 2+2.");
  g_assert_cmpstr (json_object_get_string_member (root, "finish_reason"), ==, "stop");
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "complete");
  usage = json_object_get_object_member (root, "usage");
  g_assert_nonnull (usage);
  g_assert_cmpint (json_object_get_int_member (usage, "reasoning_tokens"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (usage, "total_tokens"), >, 0);
  /* #10 item 17: the cost as the server wrote it, not json-glib's 17 digits. */
  g_assert_cmpfloat (json_object_get_double_member (usage, "cost"), ==, 0.000669);
  assert_contains (run->out->str, "\"cost\" : 0.000669\n");
}

/* Costs as exact decimals: 0.00021, not 0.00021000000000000001; 0.0000301, not 3.01e-05. */
static void
test_chat_json_cost (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *sent; const char *printed; double value; } costs[] = {
    { "0.00021", "0.00021", 0.00021 },
    { "3.01e-05", "0.0000301", 3.01e-05 },
    { "0.1", "0.1", 0.1 },
    { "12", "12", 12 },
    { "1.5e-13", "1.5e-13", 1.5e-13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (costs); i++)
    {
      g_autofree char *sse = g_strdup_printf (
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
        "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2,\"cost\":%s}}\n\n"
        "data: [DONE]\n\n", costs[i].sent);
      g_autofree char *expected = g_strdup_printf ("\"cost\" : %s\n", costs[i].printed);
      g_autoptr(FakeResponse) response = fake_response_new (200);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(Run) run = NULL;
      JsonObject *usage;

      fake_response_set_content_type (response, "text/event-stream");
      fake_response_set_body_string (response, sse);
      fake_provider_queue (f->fake, "POST", "/chat/completions", response);
      run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "hi"));
      g_assert_cmpint (run->status, ==, 0);
      assert_contains (run->out->str, expected);
      json_parser_load_from_data (parser, run->out->str, -1, &error);
      g_assert_no_error (error);
      usage = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "usage");
      g_assert_cmpfloat (json_object_get_double_member (usage, "cost"), ==, costs[i].value);
    }
}

/* A provider's sentence that ends with its own full stop is not given another one. */
static void
test_chat_error_punctuation (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 404,
                                                    "error-no-endpoints.404.json");
  g_autoptr(FakeResponse) bare = fake_response_new (502);
  g_autoptr(Run) run = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 7);
  assert_contains (run->err->str, "No endpoints found for foo/bar:free. Pick another model.");
  g_assert_null (strstr (run->err->str, ".)"));
  g_assert_null (strstr (run->err->str, ".."));
  g_clear_pointer (&run, run_free);

  /* Words without a full stop get one. */
  fake_response_set_content_type (bare, "application/json");
  fake_response_set_body_string (bare, "{\"error\": {\"message\": \"Upstream went away\"}}");
  fake_provider_queue (f->fake, "POST", "/chat/completions", bare);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 8);
  assert_contains (run->err->str, "Upstream went away. Try again");
  g_assert_null (strstr (run->err->str, ".)"));
}

static void
test_chat_stdin (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonObject *body;

  fake_response_set_repeat (response, TRUE);

  /* No prompt, and standard input is not a terminal. */
  run = run_cli (f->url, NULL, "Summarise this:\nline one\nline two\n", ARGS ("chat"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, SIMPLE_TEXT);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (message_content (body, 0, "user"), ==, "Summarise this:\nline one\nline two");
  g_clear_pointer (&run, run_free);

  /* "-", a model from the environment, and one from -m that wins over it. */
  run = run_cli (f->url, ARGS ("PARLANCE_MODEL=openai/gpt-4o-mini"), "From a pipe ✓",
                 ARGS ("chat", "-"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (f, 1, parser);
  g_assert_cmpstr (message_content (body, 0, "user"), ==, "From a pipe ✓");
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "openai/gpt-4o-mini");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, ARGS ("PARLANCE_MODEL=openai/gpt-4o-mini"), NULL,
                 ARGS ("chat", "-m", "x-ai/grok-4", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  body = request_body (f, 2, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "x-ai/grok-4");
  g_clear_pointer (&run, run_free);

  /* An empty standard input is no prompt. */
  run = run_cli (f->url, NULL, "  \n", ARGS ("chat"));
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);
}

static void
test_chat_usage (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-p", "nowhere", "hi"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "nowhere");
  assert_contains (run->err->str, "openrouter, gemini, openai, ollama");
  g_clear_pointer (&run, run_free);

  /* Only OpenRouter has a default model. */
  run = run_cli (f->url, ARGS ("GEMINI_API_KEY=unused"), NULL, ARGS ("chat", "-p", "gemini", "hi"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "-m");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--no-such-option", "hi"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "-", "and", "more"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "nowhere"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "openrouter, gemini, openai, ollama");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, "sk-or-v1-unused\n", ARGS ("key", "set", "ollama"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "no API key");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "frobnicate", "openrouter"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check"));
  g_assert_cmpint (run->status, ==, 2);

  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);
}

typedef struct
{
  guint       status;
  const char *fixture;
  const char *header;      /* "Name: value" */
  int         exit_status;
  const char *in_message;
  const char *provider_said;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { 401, "error-unauthorized.401.json", NULL, 4, "key", "No auth credentials found" },
  { 403, "error-moderation.403.json", NULL, 4, "flagged", NULL },
  { 402, "error-payment.402.json", NULL, 5, "Buy credits at https://openrouter.ai/settings/credits",
    "Insufficient credits" },
  { 429, "error-rate-limited.429.json", "Retry-After: 37", 6, "try again in 37 seconds",
    "Rate limit exceeded" },
  { 429, "error-per-day.429.json", NULL, 6, "The daily quota of OpenRouter is used up; it resets at ",
    "Rate limit exceeded: free-models-per-day" },
  { 429, "error-upstream.429.json", NULL, 6, "Rate limited by Google upstream", "Provider returned error" },
  { 404, "error-no-endpoints.404.json", NULL, 7, "No endpoints found", NULL },
  { 502, "error-provider.502.json", NULL, 8, "Chutes", NULL },
  { 400, "error-unauthorized.401.json", NULL, 1, "did not accept", NULL },
  { 200, "chat-stream-error.200.sse", NULL, 8, "Token limit reached", NULL },
  { 200, "chat-malformed.200.sse", NULL, 10, "could not read", NULL },
};

static void
test_chat_errors (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", c->status,
                                                        c->fixture);
      g_autoptr(Run) run = NULL;

      if (c->header != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (c->header, ": ", 2);
          fake_response_add_header (response, parts[0], parts[1]);
        }

      /* The failure at once: a per-minute limit is not waited out. */
      run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--no-wait", "hi"));
      g_assert_cmpint (run->status, ==, c->exit_status);
      assert_contains (run->err->str, c->in_message);
      if (c->provider_said != NULL)
        {
          g_autofree char *said = g_strconcat ("Provider said: ", c->provider_said, NULL);
          assert_contains (run->err->str, said);
        }
      /* Never an empty or technical message, nor one meant for the app. */
      g_assert_cmpuint (strlen (run->err->str), >, 20);
      g_assert_null (strstr (run->err->str, "Preferences"));
      g_assert_null (strstr (run->err->str, "GError"));
      if (c->status != 200)
        g_assert_cmpstr (run->out->str, ==, "");
    }
}

static void
test_chat_stream_error_keeps_text (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-stream-error.200.sse");
  g_autoptr(Run) run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));

  g_assert_cmpint (run->status, ==, 8);
  g_assert_cmpstr (run->out->str, ==, "Partial answer");
}

/* Terminal escapes: a title (OSC 0), the clipboard (OSC 52), clearing the screen (CSI 2 J, cut
 * between two deltas), and an OSC sent as the C1 characters U+009D … U+009C. */
#define HOSTILE_SSE \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Think \\u001b]0;pwned\\u0007hard\"}}]}\n\n" \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Safe \\u001b]0;pwned\\u0007text\"}}]}\n\n" \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" \\u001b]52;c;cm0gLXJmIH4=\\u0007clip \\u001b[2\"}}]}\n\n" \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Jclear \\u009d0;c1\\u009c end\"}," \
  "\"finish_reason\":\"stop\"}]}\n\n" \
  "data: [DONE]\n\n"
#define HOSTILE_TEXT \
  "Safe \033]0;pwned\007text \033]52;c;cm0gLXJmIH4=\007clip \033[2Jclear \302\2350;c1\302\234 end"

static void
queue_hostile (Fixture *f)
{
  g_autoptr(FakeResponse) response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, HOSTILE_SSE);
  fake_response_set_chunking (response, 1, 0);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
}

/* Nothing a terminal would obey: the only escapes are the CLI's own dimming of reasoning (and
 * its "Reasoning" label, bold and dim, when the reply is rendered). */
static void
assert_terminal_safe (const char *text)
{
  const char *ours[] = { "\033[2m", "\033[0m", "\033[0;1;2m" };
  g_autofree char *without_dim = g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (ours); i++)
    {
      g_auto(GStrv) parts = g_strsplit (without_dim, ours[i], -1);

      g_free (without_dim);
      without_dim = g_strjoinv ("", parts);
    }

  g_assert_null (strchr (without_dim, '\033'));
  g_assert_null (strchr (without_dim, '\007'));
  g_assert_null (strstr (without_dim, "\302\235"));
  g_assert_null (strstr (without_dim, "pwned"));
  g_assert_null (strstr (without_dim, "cm0gLXJmIH4="));
}

static void
test_chat_terminal_escapes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeResponse) refused = fake_response_new (401);
  g_autoptr(Run) run = NULL;

  /* A terminal sees the text without the escapes. */
  queue_hostile (f);
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Safe text clip clear  end\n");
  assert_contains (run->err->str, "Think hard");
  assert_terminal_safe (run->err->str);
  g_clear_pointer (&run, run_free);

  /* Rendered (the default) or --raw, the same. */
  queue_hostile (f);
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "--raw", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Safe text clip clear  end\n");
  assert_terminal_safe (run->err->str);
  g_clear_pointer (&run, run_free);

  /* A pipe gets the bytes as they came. */
  queue_hostile (f);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, HOSTILE_TEXT);
  g_clear_pointer (&run, run_free);

  /* "Provider said" on a terminal. */
  fake_response_set_body_string (refused, "{\"error\":{\"code\":401,\"message\":"
                                 "\"Bad \\u001b]0;pwned\\u0007key\\u001b[2J here\"}}");
  fake_provider_queue (f->fake, "POST", "/chat/completions", refused);
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 4);
  assert_contains (run->err->str, "Bad key here");
  assert_terminal_safe (run->err->str);
  g_assert_cmpstr (run->out->str, ==, "");
  g_clear_pointer (&run, run_free);

  /* What key check shows of the server's answer. */
  {
    g_autoptr(FakeResponse) key = fake_response_new (200);

    fake_response_set_body_string (key, "{\"data\":{\"label\":\"my \\u001b]0;pwned\\u0007label\","
                                   "\"rate_limit\":{\"requests\":20,\"interval\":\"10s\\u001b[2J\"}}}");
    fake_provider_queue (f->fake, "GET", "/key", key);
  }
  run = run_cli_terminal (f->url, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "my label");
  assert_contains (run->out->str, "20 requests per 10s");
  assert_terminal_safe (run->out->str);
}

/* A provider quoting a key, the one sent or another: neither is printed. */
static void
test_chat_error_redacted (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_response_new (400);
  g_autofree char *body = g_strdup_printf ("{\"error\":{\"code\":400,\"message\":\"Keys %s and "
                                           "sk-proj-Zq9xWvPkQuotedByTheServer0123456789 are not "
                                           "valid at https://example.com\"}}", env_key);
  g_autoptr(Run) run = NULL;

  fake_response_set_body_string (response, body);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "Keys [key] and [key] are not valid at https://example.com");
  g_assert_null (strstr (run->err->str, "Zq9xWvPk"));
}

static void
test_chat_dropped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autoptr(Run) run = NULL;

  fake_response_set_chunking (response, 200, 1);
  fake_response_set_close_after (response, 2000);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 9);
  /* What arrived stays printed. */
  g_assert_cmpuint (run->out->len, >, 0);
  g_assert_cmpuint (run->out->len, <, strlen (SIMPLE_TEXT));
  g_assert_true (g_str_has_prefix (SIMPLE_TEXT, run->out->str));
  assert_contains (run->err->str, "Connection lost");
}

static void
test_chat_refused (void)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);

  run = run_cli (url, NULL, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 9);
  /* #10 item 17: the port too, where nothing answers. */
  {
    g_autofree char *where = g_strdup_printf ("Nothing answers at “127.0.0.1:%u”",
                                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
    assert_contains (run->err->str, where);
  }
}

static void
test_chat_interrupt (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autoptr(Run) run = NULL;

  /* A slow trickle: several seconds for the whole reply. */
  fake_response_set_chunking (response, 64, 60);
  run = run_cli_full (f->url, NULL, NULL, TRUE, ARGS ("chat", "hi"));
  g_assert_true (run->interrupted);
  g_assert_cmpint (run->status, ==, 130);
  g_assert_cmpuint (run->out->len, >, 0);
  g_assert_cmpuint (run->out->len, <, strlen (SIMPLE_TEXT));
  g_assert_true (g_str_has_prefix (SIMPLE_TEXT, run->out->str));
  assert_contains (run->err->str, "Stopped");
  /* The request was abandoned, not read to the end. */
  parlance_test_wait_for (fake_provider_get_n_open_streams (f->fake) == 0, WAIT_MS);
}

static void
test_chat_without_key_needs_none (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *ollama_url = g_strconcat ("PARLANCE_OLLAMA_BASE_URL=", f->url, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *body;

  /* No keyring either: Ollama never asks it. */
  run = run_cli (NULL,
                 ARGS (ollama_url, NO_BUS),
                 NULL, ARGS ("chat", "-p", "ollama", "-m", "llama3.2", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, SIMPLE_TEXT);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "llama3.2");
  authorization = dup_authorization (f, 0);
  g_assert_null (authorization);
}

static void
test_chat_no_service (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  /* No key in the environment, and no session bus to find a keyring on. */
  run = run_cli (f->url,
                 ARGS ("OPENROUTER_API_KEY", NO_BUS),
                 NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 3);
  assert_contains (run->err->str, "keyring");
  assert_contains (run->err->str, "OPENROUTER_API_KEY");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url,
                 ARGS ("OPENROUTER_API_KEY", NO_BUS),
                 "sk-or-v1-never-saved\n", ARGS ("key", "set", "openrouter"));
  /* 3, as the README's table says: the keyring can't be used. */
  g_assert_cmpint (run->status, ==, 3);
  assert_contains (run->err->str, "keyring");
  assert_contains (run->err->str, "OPENROUTER_API_KEY");
  g_assert_null (strstr (run->err->str, "sk-or-v1-never-saved"));

  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);
}

/* key */

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  g_test_add_func ("/parlance/cli/help", test_help);
  add_test ("/parlance/cli/chat/simple", test_chat_simple);
  add_test ("/parlance/cli/chat/reasoning", test_chat_reasoning);
  add_test ("/parlance/cli/chat/tool-calls", test_chat_tool_calls);
  add_test ("/parlance/cli/chat/json", test_chat_json);
  add_test ("/parlance/cli/chat/json-cost", test_chat_json_cost);
  add_test ("/parlance/cli/chat/error-punctuation", test_chat_error_punctuation);
  add_test ("/parlance/cli/chat/stdin", test_chat_stdin);
  add_test ("/parlance/cli/chat/usage", test_chat_usage);
  add_test ("/parlance/cli/chat/errors", test_chat_errors);
  add_test ("/parlance/cli/chat/stream-error-keeps-text", test_chat_stream_error_keeps_text);
  add_test ("/parlance/cli/chat/dropped", test_chat_dropped);
  add_test ("/parlance/cli/chat/terminal-escapes", test_chat_terminal_escapes);
  add_test ("/parlance/cli/chat/error-redacted", test_chat_error_redacted);
  g_test_add_func ("/parlance/cli/chat/refused", test_chat_refused);
  add_test ("/parlance/cli/chat/interrupt", test_chat_interrupt);
  add_test ("/parlance/cli/chat/key-not-needed", test_chat_without_key_needs_none);
  add_test ("/parlance/cli/chat/no-keyring", test_chat_no_service);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
