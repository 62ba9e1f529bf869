/* test-cli-key.c — `parlance-cli key` and `providers`: keys, the keyring, and providers
 * added by hand.
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

static void
test_key_never_from_argv (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "set", "openrouter", "sk-or-v1-in-argv-0123"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "standard input");
  g_assert_null (strstr (run->err->str, "sk-or-v1-in-argv-0123"));
  g_assert_null (strstr (run->out->str, "sk-or-v1-in-argv-0123"));
}

static void
test_key_check_environment (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeResponse) key = queue_fixture (f, "GET", "/key", 200, "key-free.200.json");
  g_autoptr(FakeResponse) models = queue_fixture (f, "GET", "/models", 200, "models-small.200.json");
  g_autoptr(FakeResponse) refused = queue_fixture (f, "GET", "/key", 401, "error-unauthorized.401.json");
  g_autofree char *gemini_url = g_strconcat ("PARLANCE_GEMINI_BASE_URL=", f->url, NULL);
  g_autofree char *gemini_key = g_strconcat ("GEMINI_API_KEY=", env_key, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(Run) run = NULL;

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "sk-or-v1-abc...xyz");
  assert_contains (run->out->str, "Free tier:");
  assert_contains (run->out->str, "yes");
  assert_contains (run->out->str, "environment (OPENROUTER_API_KEY)");
  assert_contains (run->out->str, "20 requests per 10s");
  assert_contains (run->out->str, "0.0123");
  request = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/api/v1/key");
  authorization = dup_authorization (f, 0);
  g_assert_cmpstr (authorization + strlen ("Bearer "), ==, env_key);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, ARGS (gemini_url, gemini_key), NULL, ARGS ("key", "check", "gemini"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "2 available");
  assert_contains (run->out->str, "environment (GEMINI_API_KEY)");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 4);
  assert_contains (run->err->str, "key");
  assert_contains (run->err->str, "OPENROUTER_API_KEY");
  g_clear_pointer (&run, run_free);

  /* Small amounts as plain decimals (#10: "1e-05"). */
  {
    g_autoptr(FakeResponse) small = fake_response_new (200);

    fake_response_set_body_string (small, "{\"data\":{\"label\":\"x\",\"usage\":0.00001,"
                                   "\"limit\":25,\"limit_remaining\":24.99999}}");
    fake_provider_queue (f->fake, "GET", "/key", small);
  }
  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, " $0.00001\n");
  assert_contains (run->out->str, " $25\n");
  assert_contains (run->out->str, " $24.99999\n");
  g_assert_null (strstr (run->out->str, "e-0"));
}

/* What OpenRouter says of a key is read by ParlanceOpenrouterKeyInfo: credits left, the limit
 * and when it starts again, today's usage, the tier; a hostile answer is refused in words. */
static void
test_key_check_state (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeResponse) state = fake_response_new (200);
  g_autoptr(FakeResponse) huge = fake_response_new (200);
  g_autoptr(GString) body = g_string_new ("{\"data\":{\"label\":\"");
  g_autoptr(Run) run = NULL;

  fake_response_set_body_string (state, "{\"data\":{\"label\":\"team\",\"usage\":12.5,"
                                 "\"usage_daily\":0.0000369,\"limit\":10,\"limit_remaining\":-2.5,"
                                 "\"limit_reset\":\"monthly\",\"is_free_tier\":false,"
                                 "\"rate_limit\":{\"requests\":\"many\",\"interval\":\"10s\"}}}");
  fake_provider_queue (f->fake, "GET", "/key", state);
  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "Usage:         $12.5\n");
  assert_contains (run->out->str, "Used today:    $0.0000369\n");
  assert_contains (run->out->str, "Limit:         $10\n");
  /* Overspent: nothing left, not a negative amount. */
  assert_contains (run->out->str, "Remaining:     $0\n");
  assert_contains (run->out->str, "Resets:        monthly (next: ");
  assert_contains (run->out->str, "Free tier:     no (credits bought)\n");
  /* A rate limit that is not a number is not shown. */
  g_assert_null (strstr (run->out->str, "Rate limit:"));
  g_clear_pointer (&run, run_free);

  /* Far more than a key's state: refused before it is parsed. */
  while (body->len < 200 * 1024)
    g_string_append (body, "xxxxxxxxxxxxxxxx");
  g_string_append (body, "\"}}");
  fake_response_set_body_string (huge, body->str);
  fake_provider_queue (f->fake, "GET", "/key", huge);
  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, !=, 0);
  g_assert_null (strstr (run->out->str, "xxxxxxxx"));
  g_assert_null (strstr (run->err->str, "xxxxxxxx"));
  assert_contains (run->err->str, "OpenRouter");
}

static gboolean
require_keyring (void)
{
  return parlance_test_require_keyring ();
}

static void
test_key_keyring (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FakeResponse) key = queue_fixture (f, "GET", "/key", 200, "key-free.200.json");
  g_autoptr(FakeResponse) chat = queue_fixture (f, "POST", "/chat/completions", 200,
                                                "chat-simple.200.sse");
  g_autofree char *input = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(Run) run = NULL;
  const char *no_env_key[] = { "OPENROUTER_API_KEY", NULL };

  if (!require_keyring ())
    return;

  fake_response_set_repeat (key, TRUE);

  keyring_key = make_key ("keyring");
  input = g_strdup_printf ("  %s \n", keyring_key);

  run = run_cli (f->url, no_env_key, NULL, ARGS ("key", "delete", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  /* Set: from standard input, surrounding blanks dropped. */
  run = run_cli (f->url, no_env_key, input, ARGS ("key", "set", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "OpenRouter");
  g_clear_pointer (&run, run_free);

  /* Check: the saved key goes to GET /key, and what OpenRouter says of it is shown. */
  run = run_cli (f->url, no_env_key, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "sk-or-v1-abc...xyz");
  assert_contains (run->out->str, "Free tier:");
  assert_contains (run->out->str, "keyring");
  authorization = dup_authorization (f, 0);
  g_assert_cmpstr (authorization + strlen ("Bearer "), ==, keyring_key);
  g_clear_pointer (&authorization, g_free);
  g_clear_pointer (&run, run_free);

  /* Chat with it. */
  run = run_cli (f->url, no_env_key, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, SIMPLE_TEXT);
  authorization = dup_authorization (f, 1);
  g_assert_cmpstr (authorization + strlen ("Bearer "), ==, keyring_key);
  g_clear_pointer (&run, run_free);

  /* The environment wins over the keyring. */
  run = run_cli (f->url, NULL, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "environment");
  g_clear_pointer (&authorization, g_free);
  authorization = dup_authorization (f, 2);
  g_assert_true (g_str_has_prefix (authorization, "Bearer "));
  g_assert_cmpstr (authorization + strlen ("Bearer "), ==, env_key);
  g_clear_pointer (&authorization, g_free);
  g_clear_pointer (&run, run_free);

  /* Delete, then there is no key. */
  run = run_cli (f->url, no_env_key, NULL, ARGS ("key", "delete", "openrouter"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, no_env_key, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 3);
  assert_contains (run->err->str, NO_KEY_MESSAGE);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, no_env_key, NULL, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->err->str, ==, NO_KEY_MESSAGE "\n");
  g_assert_cmpstr (run->out->str, ==, "");
  g_clear_pointer (&run, run_free);

  /* Blank and multi-word input is refused, and nothing is saved. */
  run = run_cli (f->url, no_env_key, " \n", ARGS ("key", "set", "openrouter"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);
  run = run_cli (f->url, no_env_key, "two words\n", ARGS ("key", "set", "openrouter"));
  g_assert_cmpint (run->status, ==, 2);
  g_assert_null (strstr (run->err->str, "two words"));
  g_clear_pointer (&run, run_free);
  run = run_cli (f->url, no_env_key, NULL, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 3);

  /* Only these reached the server: GET /key with the saved key, one chat, GET /key with the
   * environment's key. */
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);
}

/* providers */

static char *
dup_request_header (Fixture    *f,
                    guint       index,
                    const char *name)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  g_assert_nonnull (request);
  return g_strdup (soup_message_headers_get_one (request->headers, name));
}

static void
test_providers_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "parlance", "providers.json", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(Run) run = NULL;
  g_auto(GStrv) lines = NULL;

  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("providers"));
  g_assert_cmpint (run->status, ==, 0);
  lines = g_strsplit (run->out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "openrouter\tOpenRouter\thttps://openrouter.ai/api/v1\tenabled\t"));
  assert_contains (lines[0], "key from OPENROUTER_API_KEY");
  g_assert_true (g_str_has_prefix (lines[1], "gemini\t"));
  assert_contains (lines[1], "keyring unavailable");
  g_assert_true (g_str_has_prefix (lines[2], "openai\t"));
  g_assert_true (g_str_has_prefix (lines[3], "ollama\tOllama\thttp://localhost:11434/v1\tenabled\tno key needed"));
  g_assert_cmpstr (lines[4], ==, "");
  g_assert_cmpstr (run->err->str, ==, "");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "providers add NAME --base-url URL");
  g_clear_pointer (&run, run_free);

  /* A broken file: a warning that names it, and the built-ins still work. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));
  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("providers"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "Warning");
  assert_contains (run->err->str, path);
  assert_contains (run->out->str, "ollama\t");
  g_clear_pointer (&run, run_free);

  /* …and is not overwritten by a change that fails. */
  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("providers", "remove", "openai"));
  g_assert_cmpint (run->status, ==, 2);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "{ not json");
  }
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_providers_add_chat_remove (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "parlance", "providers.json", NULL);
  g_autofree char *authorization = NULL;
  g_autofree char *header = NULL;
  g_autofree char *second = NULL;
  g_autofree char *line = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Run) run = NULL;
  JsonObject *body;

  run = run_cli (NULL, NULL, NULL,
                 ARGS ("providers", "add", "Fake Local", "--base-url", f->url,
                       "--header", "X-Parlance-Test=yes", "--header", "X-Second: 2"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "fake-local");
  g_clear_pointer (&run, run_free);

  /* The same name again, in another case: refused. */
  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "add", "fake local", "--base-url", f->url));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "already exists");
  g_clear_pointer (&run, run_free);

  /* Keys live in the keyring, not in a header. */
  run = run_cli (NULL, NULL, NULL,
                 ARGS ("providers", "add", "Other", "--base-url", f->url,
                       "--header", "Authorization=Bearer sk-in-a-header"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "keyring");
  g_assert_null (strstr (run->err->str, "sk-in-a-header"));
  g_clear_pointer (&run, run_free);

  /* Plain http to the internet: refused. */
  run = run_cli (NULL, NULL, NULL,
                 ARGS ("providers", "add", "Far", "--base-url", "http://far.example.com/v1"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "https://far.example.com");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("providers"));
  g_assert_cmpint (run->status, ==, 0);
  /* The key state is last: “keyring unavailable” here, with no session bus. */
  line = g_strdup_printf ("fake-local\tFake Local\t%s\tenabled\tkeyring unavailable\n", f->url);
  assert_contains (run->out->str, line);
  g_assert_null (strstr (run->out->str, "Other"));
  g_clear_pointer (&run, run_free);

  /* No key, and none needed: the extra headers, and no Authorization. */
  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("chat", "-p", "fake-local", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, SIMPLE_TEXT);
  body = request_body (f, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "local-model");
  header = dup_request_header (f, 0, "X-Parlance-Test");
  g_assert_cmpstr (header, ==, "yes");
  second = dup_request_header (f, 0, "X-Second");
  g_assert_cmpstr (second, ==, "2");
  authorization = dup_authorization (f, 0);
  g_assert_null (authorization);
  g_clear_pointer (&run, run_free);

  /* Nothing secret in the file. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_contains (contents, "fake-local");
  g_assert_null (strstr (contents, env_key));
  g_assert_null (strstr (contents, "sk-in-a-header"));

  /* Built-ins stay. */
  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "openai"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "can’t be removed");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "Fake Local"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "fake-local"));
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("chat", "-p", "fake-local", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "Unknown provider");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, ARGS (NO_BUS), NULL, ARGS ("providers"));
  g_assert_null (strstr (run->out->str, "fake-local"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
}

/* Last: no key was written anywhere under the test's HOME and XDG folders. */
static void
test_no_secret_in_files (void)
{
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), env_key);
  if (keyring_key != NULL)
    parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), keyring_key);
}

/* `providers remove` deletes the key, says so only when there was one, and a provider added
 * again under the same name never receives the old key. */
static void
test_providers_remove_deletes_key (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autofree char *key = make_key ("removed");
  g_autofree char *input = g_strconcat (key, "\n", NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "add", "Keyed", "--base-url", "http://127.0.0.1:9/v1"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);
  run = run_cli (NULL, NULL, input, ARGS ("key", "set", "keyed"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "keyed"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "and its key");
  g_assert_null (strstr (run->out->str, key));
  g_clear_pointer (&run, run_free);

  /* Added again at another address: no key goes there. */
  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "add", "Keyed", "--base-url", f->url));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);
  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "keyed", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  authorization = dup_authorization (f, 0);
  g_assert_null (authorization);
  g_clear_pointer (&run, run_free);

  /* Nothing to delete this time: it doesn't say it deleted a key. */
  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "keyed"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "Removed Keyed (keyed).\n");
}

static char *
dup_request_header_at (Fixture    *f,
                       guint       index,
                       const char *name)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  return g_strdup (soup_message_headers_get_one (request->headers, name));
}

/* Credential headers never come from the command line nor go to providers.json: they are read
 * like keys, kept in the keyring, and sent with the requests to their provider. */
static void
test_providers_secret_headers (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "parlance", "providers.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *org = NULL;
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "add", "Azure", "--base-url", f->url,
                                         "--header", "Api-Key=sk-az-on-the-command-line"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--secret-header");
  g_assert_null (strstr (run->err->str, "sk-az-on-the-command-line"));
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, "azure-secret-value-77\n",
                 ARGS ("providers", "add", "Azure", "--base-url", f->url, "--header", "X-Org=acme",
                       "--secret-header", "api-key"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (strstr (run->out->str, "azure-secret-value-77"));
  g_assert_null (strstr (run->err->str, "azure-secret-value-77"));
  g_clear_pointer (&run, run_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_contains (contents, "X-Org");
  g_assert_null (strstr (contents, "azure-secret-value-77"));
  g_assert_null (g_strstr_len (contents, -1, "api-key"));

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "azure", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  api_key = dup_request_header_at (f, 0, "api-key");
  g_assert_cmpstr (api_key, ==, "azure-secret-value-77");
  org = dup_request_header_at (f, 0, "X-Org");
  g_assert_cmpstr (org, ==, "acme");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "azure"));
  g_assert_cmpint (run->status, ==, 0);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), "azure-secret-value-77");
}

/* A key saved for one address is not sent when the provider's address moves to another origin;
 * saving it again for the new address is the way on. */
static void
test_key_origin_moved (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_fixture (f, "POST", "/chat/completions", 200,
                                                    "chat-simple.200.sse");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "parlance", "providers.json", NULL);
  g_autofree char *key = make_key ("moved");
  g_autofree char *input = g_strconcat (key, "\n", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", key, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *moved_url = NULL;
  g_autofree char *authorization = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(Run) run = NULL;

  if (!parlance_test_require_keyring ())
    return;

  fake_response_set_repeat (response, TRUE);
  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "add", "Moved", "--base-url", f->url));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);
  run = run_cli (NULL, NULL, input, ARGS ("key", "set", "moved"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);
  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "moved", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  authorization = dup_authorization (f, 0);
  g_assert_cmpstr (authorization, ==, bearer);
  g_clear_pointer (&authorization, g_free);
  g_clear_pointer (&run, run_free);

  /* The same server under another name is another origin, as far as anyone can tell. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  moved_url = g_strdup_printf ("http://localhost:%u", fake_provider_get_port (f->fake));
  parts = g_strsplit (contents, f->url, -1);
  g_clear_pointer (&contents, g_free);
  contents = g_strjoinv (moved_url, parts);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "moved", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 3);
  assert_contains (run->err->str, "parlance-cli key set moved");
  g_assert_null (strstr (run->err->str, key));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, input, ARGS ("key", "set", "moved"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);
  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "-p", "moved", "-m", "local-model", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 2);
  authorization = dup_authorization (f, 1);
  g_assert_cmpstr (authorization, ==, bearer);
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("providers", "remove", "moved"));
  g_assert_cmpint (run->status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_test ("/parlance/cli/key/never-from-argv", test_key_never_from_argv);
  add_test ("/parlance/cli/key/check-environment", test_key_check_environment);
  add_test ("/parlance/cli/key/check-state", test_key_check_state);
  add_test ("/parlance/cli/key/keyring", test_key_keyring);
  add_test ("/parlance/cli/providers/list", test_providers_list);
  add_test ("/parlance/cli/providers/add-chat-remove", test_providers_add_chat_remove);
  add_test ("/parlance/cli/providers/remove-deletes-key", test_providers_remove_deletes_key);
  add_test ("/parlance/cli/providers/secret-headers", test_providers_secret_headers);
  add_test ("/parlance/cli/key/origin-moved", test_key_origin_moved);
  g_test_add_func ("/parlance/cli/secrets/none-in-files", test_no_secret_in_files);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
