/* test-cli.c — parlance-cli as a program: what it prints, where, and with which exit status.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every run spawns the built parlance-cli (its path in $PARLANCE_CLI) against an in-process fake
 * provider, in the private HOME and XDG folders of parlance_test_init(). Keys come from the
 * environment, except in the keyring tests, which need the private Secret Service of
 * build-aux/test and skip anywhere else.
 */

/* posix_openpt() and its friends */
#define _GNU_SOURCE

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fake-provider.h"
#include "parlance-test-utils.h"

#define WAIT_MS 30000

#define SIMPLE_TEXT "Hello! Parlance streams this reply — with UTF-8: héllo 👋\n\nSecond paragraph."
#define DEFAULT_MODEL "meta-llama/llama-3.3-70b-instruct:free"
/* A session bus that isn't there: no keyring to be found. */
#define NO_BUS "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/parlance-test-bus"
#define NO_KEY_MESSAGE "No API key for OpenRouter. Set one with: parlance-cli key set openrouter " \
                       "(or set OPENROUTER_API_KEY)"

static const char *cli_path;
static char *env_key;       /* given through OPENROUTER_API_KEY */
static char *keyring_key;   /* saved with `key set` */

/* Running parlance-cli */

typedef struct
{
  GSubprocess  *process;
  GString      *out;
  GString      *err;
  gboolean      out_done;
  gboolean      err_done;
  gboolean      exited;
  gboolean      interrupt_on_output;
  gboolean      interrupted;
  int           status;
  guint8        out_buffer[4096];
  guint8        err_buffer[4096];
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->process);
  g_string_free (run->out, TRUE);
  g_string_free (run->err, TRUE);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void read_pipe (Run *run, gboolean is_out);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  gboolean is_out = G_INPUT_STREAM (object) == g_subprocess_get_stdout_pipe (run->process);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  if (n == 0)
    {
      if (is_out)
        run->out_done = TRUE;
      else
        run->err_done = TRUE;
      return;
    }

  g_string_append_len (is_out ? run->out : run->err,
                       (const char *) (is_out ? run->out_buffer : run->err_buffer), n);

  /* Ctrl+C as soon as the reply has started to arrive. */
  if (is_out && run->interrupt_on_output && !run->interrupted)
    {
      run->interrupted = TRUE;
      g_subprocess_send_signal (run->process, SIGINT);
    }

  read_pipe (run, is_out);
}

static void
read_pipe (Run      *run,
           gboolean  is_out)
{
  GInputStream *stream = is_out ? g_subprocess_get_stdout_pipe (run->process)
                                : g_subprocess_get_stderr_pipe (run->process);

  g_input_stream_read_async (stream, is_out ? run->out_buffer : run->err_buffer,
                             sizeof run->out_buffer, G_PRIORITY_DEFAULT, NULL, read_cb, run);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  run->exited = TRUE;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The CLI may exit before reading its input (a usage error): a broken pipe is fine. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (object), NULL, NULL);
}

static void
assert_no_secret (const char *text)
{
  if (env_key != NULL)
    g_assert_null (strstr (text, env_key));
  if (keyring_key != NULL)
    g_assert_null (strstr (text, keyring_key));
}

/* @env: "NAME=VALUE" to set, "NAME" to unset, over the defaults (the fake provider's URL and
 * the environment key). */
static GSubprocessLauncher *
launcher_new (GSubprocessFlags    flags,
              const char         *base_url,
              const char * const *env)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_unsetenv (launcher, "PARLANCE_MODEL");
  g_subprocess_launcher_unsetenv (launcher, "GEMINI_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "OPENAI_API_KEY");
  g_subprocess_launcher_setenv (launcher, "OPENROUTER_API_KEY", env_key, TRUE);
  if (base_url != NULL)
    g_subprocess_launcher_setenv (launcher, "PARLANCE_OPENROUTER_BASE_URL", base_url, TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');

      if (eq != NULL)
        {
          g_autofree char *name = g_strndup (env[i], eq - env[i]);
          g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
        }
      else
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
    }

  return launcher;
}

static GPtrArray *
argv_new (const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  joined = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("$ %s", joined);
  return argv;
}

/* @input: standard input, or NULL for an empty one. */
static Run *
run_cli_full (const char         *base_url,
              const char * const *env,
              const char         *input,
              gboolean            interrupt_on_output,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = argv_new (args);
  g_autoptr(GError) error = NULL;
  GOutputStream *stdin_pipe;
  Run *run = g_new0 (Run, 1);

  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, base_url, env);

  run->out = g_string_new (NULL);
  run->err = g_string_new (NULL);
  run->interrupt_on_output = interrupt_on_output;
  run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  stdin_pipe = g_subprocess_get_stdin_pipe (run->process);
  if (input != NULL)
    g_output_stream_write_all_async (stdin_pipe, input, strlen (input), G_PRIORITY_DEFAULT, NULL,
                                     write_cb, NULL);
  else
    g_output_stream_close (stdin_pipe, NULL, NULL);

  read_pipe (run, TRUE);
  read_pipe (run, FALSE);
  g_subprocess_wait_async (run->process, NULL, wait_cb, run);

  parlance_test_wait_for (run->exited && run->out_done && run->err_done, WAIT_MS);

  g_assert_true (g_subprocess_get_if_exited (run->process));
  run->status = g_subprocess_get_exit_status (run->process);
  g_test_message ("exit status %d\n--- stdout\n%s\n--- stderr\n%s", run->status, run->out->str,
                  run->err->str);
  assert_no_secret (run->out->str);
  assert_no_secret (run->err->str);

  return run;
}

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* A pseudo-terminal in raw mode (no "\n" → "\r\n"): returns its master side, non-blocking. */
static int
open_terminal (int *slave)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  struct termios tio;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  *slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (*slave, >=, 0);
  g_assert_cmpint (tcgetattr (*slave, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (*slave, TCSANOW, &tio), ==, 0);
  g_assert_true (g_unix_set_fd_nonblocking (master, TRUE, NULL));
  return master;
}

static gboolean
drain_terminal (int      master,
                GString *into)
{
  char buffer[4096];
  gssize n;

  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (into, buffer, n);
  return TRUE;
}

/* parlance-cli with standard output and standard error on terminals of their own. */
static Run *
run_cli_terminal (const char         *base_url,
                  const char * const *env,
                  const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = argv_new (args);
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  int out_slave, err_slave;
  int out_master = open_terminal (&out_slave);
  int err_master = open_terminal (&err_slave);

  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, base_url, env);
  g_subprocess_launcher_take_stdout_fd (launcher, out_slave);
  g_subprocess_launcher_take_stderr_fd (launcher, err_slave);
  run->out = g_string_new (NULL);
  run->err = g_string_new (NULL);
  run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* Our copies of the terminals' slave sides go with the launcher. */
  g_clear_object (&launcher);
  g_output_stream_close (g_subprocess_get_stdin_pipe (run->process), NULL, NULL);
  g_subprocess_wait_async (run->process, NULL, wait_cb, run);

  parlance_test_wait_for (drain_terminal (out_master, run->out) &&
                          drain_terminal (err_master, run->err) && run->exited, WAIT_MS);
  drain_terminal (out_master, run->out);
  drain_terminal (err_master, run->err);
  close (out_master);
  close (err_master);

  g_assert_true (g_subprocess_get_if_exited (run->process));
  run->status = g_subprocess_get_exit_status (run->process);
  g_test_message ("exit status %d\n--- terminal stdout\n%s\n--- terminal stderr\n%s", run->status,
                  run->out->str, run->err->str);
  assert_no_secret (run->out->str);
  assert_no_secret (run->err->str);
  return run;
}

static Run *
run_cli (const char         *base_url,
         const char * const *env,
         const char         *input,
         const char * const *args)
{
  return run_cli_full (base_url, env, input, FALSE, args);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("%s:%d: “%s” not found in:\n%s", __FILE__, __LINE__, (needle), (haystack)); \
  } G_STMT_END

/* Fixture: a fake provider of its own for every test */

typedef struct
{
  FakeProvider *fake;
  const char   *url;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = fake_provider_new ();
  f->url = fake_provider_get_base_url (f->fake);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->fake);
}

static FakeResponse *
queue_fixture (Fixture    *f,
               const char *method,
               const char *path,
               guint       status,
               const char *name)
{
  FakeResponse *response = parlance_test_fixture_response (status, name);

  fake_provider_queue (f->fake, method, path, response);
  return response;
}

static JsonObject *
request_body (Fixture     *f,
              guint        index,
              JsonParser  *parser)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                              (gssize) g_bytes_get_size (request->body), &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
message_content (JsonObject *body,
                 guint       index,
                 const char *role)
{
  JsonArray *messages = json_object_get_array_member (body, "messages");
  JsonObject *message;

  g_assert_cmpuint (index, <, json_array_get_length (messages));
  message = json_array_get_object_element (messages, index);
  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, role);
  return json_object_get_string_member (message, "content");
}

static char *
dup_authorization (Fixture *f,
                   guint    index)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  g_assert_nonnull (request);
  return g_strdup (soup_message_headers_get_one (request->headers, "Authorization"));
}

static char *
make_key (const char *tag)
{
  return g_strdup_printf ("sk-or-v1-parlance-cli-%s-%08x%08x", tag, g_random_int (), g_random_int ());
}

/* Help */

static void
test_help (void)
{
  g_autoptr(Run) run = NULL;
  const char *everywhere[] = { "Exit status", "130", "OPENROUTER_API_KEY", "PARLANCE_MODEL",
                               "PARLANCE_OPENROUTER_BASE_URL" };
  const char *overall[] = { "chat", "key set", "key check", "key delete", "paths", "--json",
                            "GEMINI_API_KEY", "OPENAI_API_KEY", "PARLANCE_<PROVIDER>_BASE_URL" };

  run = run_cli (NULL, NULL, NULL, ARGS ("--help"));
  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (everywhere); i++)
    assert_contains (run->out->str, everywhere[i]);
  for (guint i = 0; i < G_N_ELEMENTS (overall); i++)
    assert_contains (run->out->str, overall[i]);
  /* Every exit status is explained. */
  for (guint i = 0; i <= 10; i++)
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
  g_assert_cmpstr (run->err->str, ==, "");

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
  { 402, "error-payment.402.json", NULL, 5, "credits", "Insufficient credits" },
  { 429, "error-rate-limited.429.json", "Retry-After: 37", 6, "try again in 37 seconds",
    "Rate limit exceeded" },
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

      run = run_cli (f->url, NULL, NULL, ARGS ("chat", "hi"));
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

/* Nothing a terminal would obey: the only escapes are the CLI's own dimming of reasoning. */
static void
assert_terminal_safe (const char *text)
{
  g_autofree char *without_dim = NULL;
  g_auto(GStrv) parts = g_strsplit (text, "\033[2m", -1);

  without_dim = g_strjoinv ("", parts);
  g_strfreev (g_steal_pointer (&parts));
  parts = g_strsplit (without_dim, "\033[0m", -1);
  g_free (without_dim);
  without_dim = g_strjoinv ("", parts);

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
  assert_contains (run->err->str, "127.0.0.1");
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

/* Models */

static void
remove_models_cache (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "parlance", "models",
                                            "openrouter.json", NULL);
  g_unlink (path);
}

static void
test_models_free_json (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *expected_auth = g_strconcat ("Bearer ", env_key, NULL);
  JsonArray *array;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--free", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *model = json_array_get_object_element (array, i);

      g_assert_true (json_object_get_boolean_member (model, "free"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (model, "id"), ":free"));
    }
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  auth = dup_authorization (f, 0);
  g_assert_cmpstr (auth, ==, expected_auth);
  g_clear_pointer (&run, run_free);

  /* Fresh in the cache: no second request. */
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--search", "gpt4o mini"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "openai/gpt-4o-mini");
  assert_contains (run->out->str, "128K");
  assert_contains (run->out->str, "$0.15 / $0.60");
  g_assert_null (strstr (run->out->str, "claude"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_clear_pointer (&run, run_free);

  /* Nothing matches: said in words, not as a lone header. */
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--tools", "--search", "no-such-model-anywhere"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "");
  g_assert_cmpstr (run->err->str, ==, "No models match.\n");
}

static void
test_models_sort_price (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  const char *llama, *mini, *r1, *claude;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--sort", "price"));
  g_assert_cmpint (run->status, ==, 0);
  llama = strstr (run->out->str, "meta-llama/llama-3.3-70b-instruct:free");
  mini = strstr (run->out->str, "openai/gpt-4o-mini");
  r1 = strstr (run->out->str, "deepseek/deepseek-r1");
  claude = strstr (run->out->str, "anthropic/claude-3.5-sonnet");
  g_assert_nonnull (llama);
  g_assert_true (llama < mini && mini < r1 && r1 < claude);
  assert_contains (run->out->str, "200K");
  assert_contains (run->out->str, "$3.00 / $15.00");
  assert_contains (run->out->str, "Free");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--sort", "cheapest"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "Unknown order");
}

static void
test_models_refresh_fails (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 502, "error-provider.502.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models"));
  g_assert_cmpint (run->status, ==, 8);
  g_assert_cmpstr (run->out->str, ==, "");
  g_clear_pointer (&run, run_free);

  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  /* --refresh asks again; when that fails, the saved list is shown with a warning. */
  fake_response_unref (queue_fixture (f, "GET", "/models", 502, "error-provider.502.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--refresh", "--tools"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "Warning: showing the list of models saved on");
  assert_contains (run->out->str, "anthropic/claude-3.5-sonnet");
  g_assert_null (strstr (run->out->str, "meta-llama"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, ARGS ("OPENROUTER_API_KEY", NO_BUS), NULL, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "Warning: showing the list of models saved on");
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

  parlance_test_init (&argc, &argv);

  cli_path = g_getenv ("PARLANCE_CLI");
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Set PARLANCE_CLI to the built parlance-cli (meson test does)");
  env_key = make_key ("env");

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/parlance/cli/help", test_help);
  add_test ("/parlance/cli/chat/simple", test_chat_simple);
  add_test ("/parlance/cli/chat/reasoning", test_chat_reasoning);
  add_test ("/parlance/cli/chat/tool-calls", test_chat_tool_calls);
  add_test ("/parlance/cli/chat/json", test_chat_json);
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
  add_test ("/parlance/cli/key/never-from-argv", test_key_never_from_argv);
  add_test ("/parlance/cli/key/check-environment", test_key_check_environment);
  add_test ("/parlance/cli/key/keyring", test_key_keyring);
  add_test ("/parlance/cli/models/free-json", test_models_free_json);
  add_test ("/parlance/cli/models/sort-price", test_models_sort_price);
  add_test ("/parlance/cli/models/refresh-fails", test_models_refresh_fails);
  add_test ("/parlance/cli/providers/list", test_providers_list);
  add_test ("/parlance/cli/providers/add-chat-remove", test_providers_add_chat_remove);
  add_test ("/parlance/cli/providers/remove-deletes-key", test_providers_remove_deletes_key);
  add_test ("/parlance/cli/providers/secret-headers", test_providers_secret_headers);
  add_test ("/parlance/cli/key/origin-moved", test_key_origin_moved);
  g_test_add_func ("/parlance/cli/secrets/none-in-files", test_no_secret_in_files);

  status = g_test_run ();

  g_free (env_key);
  g_free (keyring_key);
  return status;
}
