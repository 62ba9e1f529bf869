/* test-cli-safety.c — `parlance-cli` against a provider that redirects, or whose words carry
 * terminal controls or secrets: none of it gets through.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-test-cli.h"

#define HEADER_VALUE "lab-secret-header-value-31"

static void
remove_models_cache (const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "parlance", "models", name, NULL);

  g_unlink (path);
}

static void
add_lab_provider (Fixture    *f,
                  const char *value)
{
  g_autofree char *input = g_strconcat (value, "\n", NULL);
  g_autoptr(Run) run = run_cli (NULL, NULL, input,
                                ARGS ("providers", "add", "Lab", "--base-url", f->url,
                                      "--secret-header", "X-Api-Key"));

  g_assert_cmpint (run->status, ==, 0);
}

static void
remove_lab_provider (void)
{
  g_autoptr(Run) run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "lab"));

  g_assert_cmpint (run->status, ==, 0);
  remove_models_cache ("lab");
}

/* A 3xx is not followed: the secret header never reaches the address it names. */
static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeProvider) elsewhere = fake_provider_new ();
  g_autoptr(FakeResponse) redirect = fake_response_new (302);
  g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u/steal?k=1",
                                               fake_provider_get_port (elsewhere));
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u/steal", fake_provider_get_port (elsewhere));
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  fake_response_add_header (redirect, "Location", location);
  fake_response_set_repeat (redirect, TRUE);
  fake_provider_queue (f->fake, "GET", "/models", redirect);
  fake_provider_queue (f->fake, "POST", "/chat/completions", redirect);
  add_lab_provider (f, HEADER_VALUE);

  run = run_cli (NULL, NULL, NULL, ARGS ("models", "-p", "lab", "--refresh"));
  g_assert_cmpint (run->status, !=, 0);
  assert_contains (run->err->str, "Lab redirected the request to");
  assert_contains (run->err->str, target);
  g_assert_null (strstr (run->err->str, "k=1"));
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "lab", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 8);
  assert_contains (run->err->str, "Lab redirected the request to");
  assert_contains (run->err->str, target);
  assert_contains (run->err->str, "does not follow redirects");
  g_clear_pointer (&run, run_free);

  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 2);
  g_assert_cmpuint (fake_provider_get_n_requests (elsewhere), ==, 0);
  remove_lab_provider ();
}

static void
queue_sse (Fixture    *f,
           const char *body)
{
  g_autoptr(FakeResponse) response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, body);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
}

#define HOSTILE_TOOL_SSE \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0," \
  "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get\\u001b]0;PWNED\\u0007_weather\"," \
  "\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n" \
  "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n" \
  "data: [DONE]\n\n"

/* The note about tool calls quotes the model's names: on a terminal, without their escapes. */
static void
test_tool_name_on_terminal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  queue_sse (f, HOSTILE_TOOL_SSE);
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "get_weather");
  g_assert_null (strchr (run->err->str, '\033'));
  g_assert_null (strchr (run->err->str, '\007'));
  g_assert_null (strstr (run->err->str, "PWNED"));
}

#define C1_SSE \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\\u009b2Jb\\u007fc\"}," \
  "\"finish_reason\":null}]}\n\n" \
  "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" \
  "data: [DONE]\n\n"

/* --json on a terminal: C1 controls escaped, the same value; into a pipe, as json-glib wrote. */
static void
test_json_c1_on_terminal (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FakeResponse) models = fake_response_new (200);
  g_autoptr(Run) run = NULL;

  queue_sse (f, C1_SSE);
  run = run_cli_terminal (f->url, NULL, ARGS ("chat", "--json", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "a\\u009b2Jb\\u007fc");
  g_assert_null (strstr (run->out->str, "\302\233"));
  g_assert_null (strchr (run->out->str, '\177'));
  g_clear_pointer (&run, run_free);

  queue_sse (f, C1_SSE);
  run = run_cli (f->url, NULL, NULL, ARGS ("chat", "--json", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "a\302\233" "2Jb");
  g_clear_pointer (&run, run_free);

  remove_models_cache ("openrouter");
  fake_response_set_body_string (models, "{\"data\":[{\"id\":\"x/csi\",\"name\":\"CSI\\u009b2J model\","
                                 "\"context_length\":1000,\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}]}");
  fake_provider_queue (f->fake, "GET", "/models", models);
  run = run_cli_terminal (f->url, NULL, ARGS ("models", "--json", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "x/csi");
  g_assert_null (strstr (run->out->str, "\302\233"));
  remove_models_cache ("openrouter");
}

static char *
dup_request_header_at (Fixture    *f,
                       guint       index,
                       const char *name)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  return g_strdup (soup_message_headers_get_one (request->headers, name));
}

/* key check sends what a chat would: a server that needs its secret header answers. */
static void
test_key_check_sends_secret_headers (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(FakeResponse) models = parlance_test_fixture_response (200, "models-small.200.json");
  g_autofree char *sent = NULL;
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  fake_provider_queue (f->fake, "GET", "/models", models);
  add_lab_provider (f, HEADER_VALUE);
  run = run_cli (NULL, NULL, NULL, ARGS ("key", "check", "lab"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  sent = dup_request_header_at (f, 0, "X-Api-Key");
  g_assert_cmpstr (sent, ==, HEADER_VALUE);
  g_assert_null (strstr (run->out->str, HEADER_VALUE));
  g_assert_null (strstr (run->err->str, HEADER_VALUE));
  remove_lab_provider ();
}

/* A server quoting a secret header's value: taken out like a key, however short. */
static void
test_secret_header_redacted (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeResponse) refused = fake_response_new (400);
  g_autoptr(FakeResponse) failed = fake_response_new (502);
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  fake_response_set_body_string (refused, "{\"error\":{\"code\":400,\"message\":"
                                 "\"Header X-Api-Key abc123xyz is not valid\"}}");
  fake_provider_queue (f->fake, "POST", "/chat/completions", refused);
  fake_response_set_body_string (failed, "{\"error\":{\"code\":502,\"message\":"
                                 "\"Upstream refused abc123xyz\"}}");
  fake_provider_queue (f->fake, "GET", "/models", failed);
  add_lab_provider (f, "abc123xyz");

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "lab", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err->str, "Header X-Api-Key [key] is not valid");
  g_assert_null (strstr (run->err->str, "abc123xyz"));
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("key", "check", "lab"));
  g_assert_cmpint (run->status, ==, 8);
  assert_contains (run->err->str, "Upstream refused [key]");
  g_assert_null (strstr (run->err->str, "abc123xyz"));
  remove_lab_provider ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_test ("/parlance/cli/safety/redirect-not-followed", test_redirect_not_followed);
  add_test ("/parlance/cli/safety/tool-name-on-terminal", test_tool_name_on_terminal);
  add_test ("/parlance/cli/safety/json-c1-on-terminal", test_json_c1_on_terminal);
  add_test ("/parlance/cli/safety/key-check-sends-secret-headers", test_key_check_sends_secret_headers);
  add_test ("/parlance/cli/safety/secret-header-redacted", test_secret_header_redacted);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
