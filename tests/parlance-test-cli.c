/* parlance-test-cli.c — running the built parlance-cli against the fake provider.
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
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "parlance-test-cli.h"

/* What "interrupt on output" sends: Ctrl+C unless a test asks for SIGTERM or SIGHUP. */
int parlance_test_cli_interrupt_signal = SIGINT;

const char *cli_path;
char *env_key;       /* given through OPENROUTER_API_KEY */
char *keyring_key;   /* saved with `key set` */

/* Running parlance-cli */

void
run_free (Run *run)
{
  g_clear_object (&run->process);
  g_string_free (run->out, TRUE);
  g_string_free (run->err, TRUE);
  g_clear_pointer (&run->out_marks, g_array_unref);
  g_free (run);
}

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
  if (is_out)
    {
      RunMark mark = { g_get_monotonic_time (), run->out->len };

      g_array_append_val (run->out_marks, mark);
    }

  /* Ctrl+C as soon as the reply has started to arrive. */
  if (is_out && run->interrupt_on_output && !run->interrupted)
    {
      run->interrupted = TRUE;
      g_subprocess_send_signal (run->process, parlance_test_cli_interrupt_signal);
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

static Run *
spawn (const char         *base_url,
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
  run->out_marks = g_array_new (FALSE, FALSE, sizeof (RunMark));
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
  return run;
}

/**
 * run_cli_start:
 *
 * Starts parlance-cli with an empty standard input and returns at once; its output is read on
 * the default main context. Finish with run_cli_wait().
 */
Run *
run_cli_start (const char         *base_url,
               const char * const *env,
               const char * const *args)
{
  return spawn (base_url, env, NULL, FALSE, args);
}

/**
 * run_cli_wait:
 *
 * Waits until the program has gone and its output is read; @run->status is its exit status,
 * or -1 when a signal ended it.
 */
void
run_cli_wait (Run *run)
{
  parlance_test_wait_for (run->exited && run->out_done && run->err_done, WAIT_MS);

  run->status = g_subprocess_get_if_exited (run->process) ? g_subprocess_get_exit_status (run->process) : -1;
  g_test_message ("exit status %d\n--- stdout\n%s\n--- stderr\n%s", run->status, run->out->str,
                  run->err->str);
  assert_no_secret (run->out->str);
  assert_no_secret (run->err->str);
}

/* How much of standard output had arrived by @time (monotonic). */
gsize
run_out_length_at (Run    *run,
                   gint64  time)
{
  gsize length = 0;

  for (guint i = 0; i < run->out_marks->len; i++)
    {
      RunMark *mark = &g_array_index (run->out_marks, RunMark, i);

      if (mark->time > time)
        break;
      length = mark->length;
    }
  return length;
}

/* @input: standard input, or NULL for an empty one. */
Run *
run_cli_full (const char         *base_url,
              const char * const *env,
              const char         *input,
              gboolean            interrupt_on_output,
              const char * const *args)
{
  Run *run = spawn (base_url, env, input, interrupt_on_output, args);

  run_cli_wait (run);
  g_assert_true (g_subprocess_get_if_exited (run->process));
  return run;
}

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
Run *
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
  run->out_marks = g_array_new (FALSE, FALSE, sizeof (RunMark));
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

Run *
run_cli (const char         *base_url,
         const char * const *env,
         const char         *input,
         const char * const *args)
{
  return run_cli_full (base_url, env, input, FALSE, args);
}

/* Fixture: a fake provider of its own for every test */

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = fake_provider_new ();
  f->url = fake_provider_get_base_url (f->fake);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->fake);
}

FakeResponse *
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

JsonObject *
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

const char *
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

char *
dup_authorization (Fixture *f,
                   guint    index)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (f->fake, index);

  g_assert_nonnull (request);
  return g_strdup (soup_message_headers_get_one (request->headers, "Authorization"));
}

char *
make_key (const char *tag)
{
  return g_strdup_printf ("sk-or-v1-parlance-cli-%s-%08x%08x", tag, g_random_int (), g_random_int ());
}

/**
 * parlance_test_cli_init:
 *
 * parlance_test_init(), and the CLI to run, from $PARLANCE_CLI.
 */
void
parlance_test_cli_init (int    *argc,
                        char ***argv)
{
  parlance_test_init (argc, argv);

  cli_path = g_getenv ("PARLANCE_CLI");
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Set PARLANCE_CLI to the built parlance-cli (meson test does)");
  env_key = make_key ("env");
}

void
parlance_test_cli_clear (void)
{
  g_clear_pointer (&env_key, g_free);
  g_clear_pointer (&keyring_key, g_free);
}
