/* parlance-cli-key.c — `parlance-cli key set|check|delete PROVIDER`.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key is read from standard input only, never from the command line, where other users and the
 * shell's history could see it; on a terminal it is typed without echo. It is printed nowhere.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "parlance-cli-private.h"

#define MAX_KEY_SIZE (16 * 1024)

typedef enum
{
  KEY_SET,
  KEY_CHECK,
  KEY_DELETE,
} KeyAction;

static void
key_command_clear (KeyCommand *cmd)
{
  g_clear_pointer (&cmd->loop, g_main_loop_unref);
  g_clear_object (&cmd->cancellable);
  g_clear_object (&cmd->client);
  g_clear_object (&cmd->key_store);
  g_clear_object (&cmd->provider);
  g_clear_pointer (&cmd->key, parlance_key_store_free_key);
  g_clear_pointer (&cmd->secret_headers, g_ptr_array_unref);
}

void
_parlance_cli_key_command_quit (KeyCommand *cmd,
                                int         exit_status)
{
  cmd->exit_status = exit_status;
  g_main_loop_quit (cmd->loop);
}

const char *
_parlance_cli_key_env_var_of (KeyCommand *cmd)
{
  return parlance_key_store_get_env_var (parlance_provider_get_id (cmd->provider));
}

static const char *
env_key_of (KeyCommand *cmd)
{
  const char *env_var = _parlance_cli_key_env_var_of (cmd);
  const char *value = env_var != NULL ? g_getenv (env_var) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Saving and removing: the keyring's errors, told for a terminal */
static int
report_keyring_error (KeyCommand   *cmd,
                      const GError *error,
                      gboolean      saving)
{
  const char *env_var = _parlance_cli_key_env_var_of (cmd);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("%s\n", _("Stopped"));
      return PARLANCE_CLI_EXIT_CANCELLED;
    }

  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE))
    {
      if (saving)
        g_printerr (_("No keyring service (Secret Service) is running, so the key can’t be saved.\n"));
      else
        g_printerr (_("No keyring service (Secret Service) is running, so the saved key can’t be removed.\n"));
      if (env_var != NULL)
        g_printerr (_("Set %s in the environment to use a key without the keyring.\n"), env_var);
      /* As the exit status table says: 3, the keyring can't be used. */
      return saving ? PARLANCE_CLI_EXIT_NO_KEY : PARLANCE_CLI_EXIT_FAILURE;
    }

  g_printerr ("%s\n", error->message);
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID))
    return PARLANCE_CLI_EXIT_USAGE;
  return PARLANCE_CLI_EXIT_FAILURE;
}

/* key set */

static struct
{
  gboolean       changed;
  struct termios saved;
} terminal;

static void
echo_off (void)
{
  struct termios quiet;

  if (tcgetattr (STDIN_FILENO, &terminal.saved) != 0)
    return;
  quiet = terminal.saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0)
    terminal.changed = TRUE;
}

static gboolean
echo_on (gpointer user_data)
{
  if (terminal.changed)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &terminal.saved);
      terminal.changed = FALSE;
    }
  return G_SOURCE_CONTINUE;
}

/* Ctrl+C at the prompt: the terminal back as it was, and "Stopped" on a line of its own. */
static gboolean
restore_terminal (gpointer user_data)
{
  if (terminal.changed)
    {
      echo_on (NULL);
      _parlance_cli_write_all (STDERR_FILENO, "\n", 1);
    }
  return G_SOURCE_CONTINUE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      _parlance_cli_key_command_quit (cmd, report_keyring_error (cmd, error, TRUE));
      return;
    }

  g_print (_("Saved the key for %s in the keyring.\n"), parlance_provider_get_name (cmd->provider));
  if (env_key_of (cmd) != NULL)
    g_printerr (_("Note: %s is set, and is used instead of the saved key while it is.\n"),
                _parlance_cli_key_env_var_of (cmd));
  _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_OK);
}

static gboolean
is_single_token (const char *key)
{
  for (const char *p = key; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

static void
read_key_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  char *text;

  text = _parlance_cli_read_stdin_finish (result, &len, &error);
  echo_on (NULL);
  if (text == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("%s\n", _("Stopped"));
          _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_CANCELLED);
        }
      else
        {
          g_printerr (_("Could not read the key: %s\n"), error->message);
          _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_FAILURE);
        }
      return;
    }

  /* Wiped whatever happens next. */
  cmd->key = text;
  if (strlen (cmd->key) != len)
    {
      g_printerr (_("The key on standard input contains a NUL byte.\n"));
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  g_strstrip (cmd->key);
  if (*cmd->key == '\0')
    {
      g_printerr (_("No key on standard input: nothing was saved.\n"));
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_USAGE);
      return;
    }
  if (!is_single_token (cmd->key) || !g_utf8_validate (cmd->key, -1, NULL))
    {
      g_printerr (_("A key is a single word of text; standard input held more than that. "
                    "Nothing was saved.\n"));
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  if (!parlance_key_store_check_key (cmd->key, NULL, &error))
    {
      g_printerr (_("%s Nothing was saved.\n"), error->message);
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  cmd->key_store = parlance_key_store_new ();
  parlance_key_store_store_for_async (cmd->key_store, cmd->provider, cmd->key,
                                      cmd->cancellable, store_cb, cmd);
}

static void
start_set (KeyCommand *cmd)
{
  gboolean tty = isatty (STDIN_FILENO);

  if (tty)
    {
      g_printerr (_("API key for %s (typing is hidden): "), parlance_provider_get_name (cmd->provider));
      echo_off ();
    }

  _parlance_cli_read_stdin_async (tty, MAX_KEY_SIZE, cmd->cancellable, read_key_cb, cmd);
}

/* key delete */

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      _parlance_cli_key_command_quit (cmd, report_keyring_error (cmd, error, FALSE));
      return;
    }

  g_print (_("The keyring holds no key for %s any more.\n"), parlance_provider_get_name (cmd->provider));
  if (env_key_of (cmd) != NULL)
    g_printerr (_("Note: %s is still set in the environment.\n"), _parlance_cli_key_env_var_of (cmd));
  _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_OK);
}

static void
start_delete (KeyCommand *cmd)
{
  cmd->key_store = parlance_key_store_new ();
  parlance_key_store_delete_async (cmd->key_store, parlance_provider_get_id (cmd->provider),
                                   cmd->cancellable, delete_cb, cmd);
}

/* Command line */

static char *
dup_help (void)
{
  g_autofree char *known = g_strjoinv (", ", (char **) parlance_provider_get_builtin_ids ());
  g_autofree char *environment = _parlance_cli_dup_environment_help ();
  g_autofree char *exit_status = _parlance_cli_dup_exit_status_help ();
  GString *s = g_string_new (NULL);

  g_string_append (s, _("Usage:\n"
                        "  parlance-cli key set PROVIDER      Save a key in the keyring, read from standard input\n"
                        "  parlance-cli key check PROVIDER    Try the key, and show what the provider says of it\n"
                        "  parlance-cli key delete PROVIDER   Remove the key from the keyring\n"
                        "\n"));
  g_string_append_printf (s, _("Providers: %s, or one added with “parlance-cli providers add”.\n"),
                          known);
  g_string_append (s, _("The key is never taken from the command line. On a terminal, “key set” asks for it\n"
                        "without showing it; otherwise it reads it from standard input, for example:\n"
                        "  pass show openrouter | parlance-cli key set openrouter\n"
                        "A saved key is bound to the provider’s address (scheme, host and port) of the\n"
                        "moment: when that address moves to another server, the key is not sent there\n"
                        "until you save it again with “key set”. PARLANCE_<ID>_BASE_URL is exempt.\n\n"));
  g_string_append (s, environment);
  g_string_append_c (s, '\n');
  g_string_append (s, exit_status);

  return g_string_free (s, FALSE);
}

static gboolean
is_help (const char *arg)
{
  return g_str_equal (arg, "--help") || g_str_equal (arg, "-h");
}

/* Help, or the action and one provider: an exit status when there is nothing to run, else -1 */
static int
parse_arguments (int         argc,
                 char      **argv,
                 KeyAction  *action)
{
  for (int i = 1; i < argc; i++)
    if (is_help (argv[i]))
      {
        g_autofree char *help = dup_help ();

        g_print ("%s", help);
        return PARLANCE_CLI_EXIT_OK;
      }

  if (argc < 2)
    {
      g_printerr (_("parlance-cli key needs an action: set, check or delete.\n"
                    "Run “parlance-cli key --help” for more.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "set"))
    *action = KEY_SET;
  else if (g_str_equal (argv[1], "check"))
    *action = KEY_CHECK;
  else if (g_str_equal (argv[1], "delete"))
    *action = KEY_DELETE;
  else
    {
      g_printerr (_("Unknown action “%s”: use set, check or delete.\n"),
                  g_utf8_validate (argv[1], -1, NULL) ? argv[1] : "?");
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (argc < 3)
    {
      g_printerr (_("Which provider? For example: parlance-cli key %s openrouter\n"), argv[1]);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (argc > 3)
    {
      /* Never repeated back: it may well be the key itself. */
      if (*action == KEY_SET)
        g_printerr (_("parlance-cli key set reads the key from standard input, never from the "
                      "command line. Nothing was saved.\n"));
      else
        g_printerr (_("parlance-cli key %s takes only a provider.\n"), argv[1]);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  return -1;
}

int
_parlance_cli_key (int    argc,
                   char **argv)
{
  KeyCommand cmd = { 0 };
  KeyAction action;
  guint interrupt_id;
  int status;

  status = parse_arguments (argc, argv, &action);
  if (status >= 0)
    return status;

  cmd.provider = _parlance_cli_provider_new (argv[2]);
  if (cmd.provider == NULL)
    return PARLANCE_CLI_EXIT_USAGE;

  /* chat never looks one up for such a provider: a saved key would do nothing. */
  if (action == KEY_SET && !parlance_provider_get_needs_key (cmd.provider) &&
      !_parlance_cli_key_is_optional (cmd.provider))
    {
      g_printerr (_("%s needs no API key: nothing was saved.\n"),
                  parlance_provider_get_name (cmd.provider));
      key_command_clear (&cmd);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  cmd.loop = g_main_loop_new (NULL, FALSE);
  cmd.cancellable = g_cancellable_new ();
  cmd.key_source = PARLANCE_KEY_SOURCE_NONE;
  interrupt_id = _parlance_cli_watch_interrupt (cmd.cancellable, restore_terminal, NULL);

  switch (action)
    {
    case KEY_SET:
      start_set (&cmd);
      break;
    case KEY_CHECK:
      _parlance_cli_key_start_check (&cmd);
      break;
    case KEY_DELETE:
      start_delete (&cmd);
      break;
    default:
      g_assert_not_reached ();
    }

  g_main_loop_run (cmd.loop);

  echo_on (NULL);
  g_source_remove (interrupt_id);
  key_command_clear (&cmd);

  return cmd.exit_status;
}

/* Secret headers, for `providers add --secret-header` */

typedef struct
{
  GMainLoop *loop;
  char      *text;
  gsize      length;
  GError    *error;
} SecretRead;

static void
secret_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SecretRead *read = user_data;

  read->text = _parlance_cli_read_stdin_finish (result, &read->length, &read->error);
  g_main_loop_quit (read->loop);
}

static char *
read_stdin_now (gboolean       one_line,
                GCancellable  *cancellable,
                gsize         *length,
                GError       **error)
{
  SecretRead read = { g_main_loop_new (NULL, FALSE), NULL, 0, NULL };

  _parlance_cli_read_stdin_async (one_line, MAX_KEY_SIZE, cancellable, secret_read_cb, &read);
  g_main_loop_run (read.loop);
  g_main_loop_unref (read.loop);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  *length = read.length;
  return read.text;
}

/**
 * _parlance_cli_read_secrets:
 * @names: header names, %NULL-terminated
 * @status: (out): the exit status when it fails
 *
 * Reads a value for each of @names as `key set` reads a key: at a prompt without echo on a
 * terminal, else one value per line of standard input. Values never come from the command line.
 *
 * Returns: (transfer full) (nullable): name, value, name, value… (values wiped when freed), or
 *   %NULL after saying what went wrong
 */
GPtrArray *
_parlance_cli_read_secrets (const char * const *names,
                            int                *status)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_key_store_free_key);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) lines = NULL;
  gboolean tty = isatty (STDIN_FILENO);
  guint interrupt_id;
  guint n = g_strv_length ((char **) names);

  interrupt_id = _parlance_cli_watch_interrupt (cancellable, restore_terminal, NULL);
  *status = PARLANCE_CLI_EXIT_OK;

  if (!tty)
    {
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      char *text = read_stdin_now (FALSE, cancellable, &length, &error);

      if (text == NULL || strlen (text) != length)
        {
          g_printerr (_("Could not read the secret headers’ values from standard input: %s\n"),
                      error != NULL ? error->message : _("it holds a NUL byte"));
          parlance_key_store_free_key (text);
          *status = PARLANCE_CLI_EXIT_USAGE;
        }
      else
        {
          lines = g_strsplit (text, "\n", -1);
          parlance_key_store_free_key (text);
        }
    }

  for (guint i = 0; i < n && *status == PARLANCE_CLI_EXIT_OK; i++)
    {
      g_autoptr(GError) error = NULL;
      char *value = NULL;
      char *clean = NULL;

      if (tty)
        {
          gsize length = 0;

          g_printerr (_("Value of the “%s” header (typing is hidden): "), names[i]);
          echo_off ();
          value = read_stdin_now (TRUE, cancellable, &length, &error);
          echo_on (NULL);
        }
      else if (lines != NULL && i < g_strv_length (lines))
        value = g_strdup (lines[i]);

      if (value == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("%s\n", _("Stopped"));
          *status = PARLANCE_CLI_EXIT_CANCELLED;
        }
      else if (!parlance_key_store_check_key (value, &clean, &error))
        {
          /* Translators: %s are a header name and why its value can't be used */
          g_printerr (_("No usable value for the “%s” header (one line each on standard input): %s\n"),
                      names[i], error->message);
          *status = PARLANCE_CLI_EXIT_USAGE;
        }
      else
        {
          g_ptr_array_add (pairs, g_strdup (names[i]));
          g_ptr_array_add (pairs, clean);
        }
      parlance_key_store_free_key (value);
    }

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    memset (lines[i], 0, strlen (lines[i]));
  g_source_remove (interrupt_id);
  if (*status != PARLANCE_CLI_EXIT_OK)
    return NULL;
  return g_steal_pointer (&pairs);
}
