/* parlance-cli-util.c — errors, exit statuses, Ctrl+C and standard input for parlance-cli.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parlance-api-error.h"
#include "parlance-cli-private.h"
#include "parlance-redact.h"
#include "parlance-terminal-filter.h"

#define READ_CHUNK 4096

static const struct
{
  int         status;
  const char *meaning;
} exit_statuses[] = {
  { PARLANCE_CLI_EXIT_OK, N_("success") },
  { PARLANCE_CLI_EXIT_FAILURE, N_("any other failure") },
  { PARLANCE_CLI_EXIT_USAGE, N_("wrong usage: unknown command, option or provider, no prompt") },
  { PARLANCE_CLI_EXIT_NO_KEY, N_("no API key: none is set, or the keyring can’t be read") },
  { PARLANCE_CLI_EXIT_UNAUTHORIZED, N_("the provider refused the key or the request (HTTP 401, 403)") },
  { PARLANCE_CLI_EXIT_PAYMENT, N_("payment required: out of credits (HTTP 402)") },
  { PARLANCE_CLI_EXIT_RATE_LIMITED, N_("rate limited (HTTP 429)") },
  { PARLANCE_CLI_EXIT_NOT_FOUND, N_("unknown model, or nothing serves it (HTTP 404)") },
  { PARLANCE_CLI_EXIT_SERVER, N_("the provider failed (HTTP 5xx, a redirect, or an error inside the stream)") },
  { PARLANCE_CLI_EXIT_NETWORK, N_("network failure, lost connection or timeout") },
  { PARLANCE_CLI_EXIT_MALFORMED, N_("an answer that could not be read") },
  { PARLANCE_CLI_EXIT_STORE, N_("the conversation database can’t be used: written by a newer Parlance, "
                                "damaged, locked, read-only or the disk is full") },
  { PARLANCE_CLI_EXIT_NO_CONVERSATION, N_("no conversation with that id") },
  { PARLANCE_CLI_EXIT_CANCELLED, N_("stopped with Ctrl+C") },
};

/* A command's options, then the environment variables and exit statuses all commands share. */
char *
_parlance_cli_dup_help (GOptionContext *context)
{
  g_autofree char *options = g_option_context_get_help (context, TRUE, NULL);
  g_autofree char *environment = _parlance_cli_dup_environment_help ();
  g_autofree char *exit_status = _parlance_cli_dup_exit_status_help ();

  return g_strconcat (options, environment, "\n", exit_status, NULL);
}

char *
_parlance_cli_dup_exit_status_help (void)
{
  GString *s = g_string_new (_("Exit status:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (exit_statuses); i++)
    g_string_append_printf (s, "  %3d  %s\n", exit_statuses[i].status, _(exit_statuses[i].meaning));

  return g_string_free (s, FALSE);
}

char *
_parlance_cli_dup_environment_help (void)
{
  const char * const *ids = parlance_provider_get_builtin_ids ();
  GString *s = g_string_new (_("Environment:\n"));

  for (guint i = 0; ids[i] != NULL; i++)
    if (parlance_key_store_get_env_var (ids[i]) != NULL)
      g_string_append_printf (s, "  %s\n", parlance_key_store_get_env_var (ids[i]));
  g_string_append_printf (s, "      %s\n",
                          _("a provider’s API key: used before the keyring, never saved"));

  g_string_append_printf (s, "  PARLANCE_MODEL\n      %s\n", _("the model when -m is not given (a continued conversation keeps its own)"));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (ids[i]);

      g_string_append_printf (s, "  %s\n", parlance_provider_get_base_url_env_var (provider));
    }
  g_string_append_printf (s, "      %s\n",
                          _("another address for the provider (PARLANCE_<PROVIDER>_BASE_URL),\n"
                            "      such as a local server: http://127.0.0.1:8080/api/v1"));

  return g_string_free (s, FALSE);
}

/**
 * _parlance_cli_load_registry:
 *
 * Returns: (transfer full): the providers of providers.json, or the built-ins alone
 */
typedef struct
{
  GMainLoop *loop;
} MigrationWait;

static void
secrets_migrated (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MigrationWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_provider_registry_migrate_secrets_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error))
    g_printerr (_("Warning: %s\n"), error->message);
  g_main_loop_quit (wait->loop);
}

ParlanceProviderRegistry *
_parlance_cli_load_registry (void)
{
  ParlanceProviderRegistry *registry = parlance_provider_registry_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!parlance_provider_registry_load_sync (registry, &error))
    g_printerr (_("Warning: %s\n"), error->message);

  /* Secret headers an older version wrote to providers.json move to the keyring. */
  if (parlance_provider_registry_has_pending_secrets (registry))
    {
      MigrationWait wait = { g_main_loop_new (NULL, FALSE) };

      parlance_provider_registry_migrate_secrets_async (registry, parlance_key_store_get_default (),
                                                        NULL, secrets_migrated, &wait);
      g_main_loop_run (wait.loop);
      g_main_loop_unref (wait.loop);
    }

  return registry;
}

/**
 * _parlance_cli_provider_new:
 * @id: a provider's id, or its name
 *
 * Returns: (transfer full) (nullable): the provider, or %NULL after saying it is unknown
 */
ParlanceProvider *
_parlance_cli_provider_new (const char *id)
{
  g_autoptr(ParlanceProviderRegistry) registry = NULL;
  ParlanceProvider *provider = NULL;

  if (id == NULL || !g_utf8_validate (id, -1, NULL))
    id = "?";

  registry = _parlance_cli_load_registry ();
  provider = parlance_provider_registry_lookup (registry, id);

  if (provider == NULL)
    {
      GListModel *providers = parlance_provider_registry_get_providers (registry);
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
        {
          g_autoptr(ParlanceProvider) item = g_list_model_get_item (providers, i);

          if (i > 0)
            g_string_append (known, ", ");
          g_string_append (known, parlance_provider_get_id (item));
        }
      g_printerr (_("Unknown provider “%s”. Known providers: %s.\n"), id, known->str);
      return NULL;
    }

  return g_object_ref (provider);
}

/* A provider added by the user works without a key, and with one when one is saved. */
gboolean
_parlance_cli_key_is_optional (ParlanceProvider *provider)
{
  return parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_CUSTOM;
}

ParlanceCliExit
_parlance_cli_exit_for_error (const GError *error)
{
  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PARLANCE_CLI_EXIT_CANCELLED;

  if (error->domain != PARLANCE_API_ERROR)
    return PARLANCE_CLI_EXIT_FAILURE;

  switch ((ParlanceApiError) error->code)
    {
    case PARLANCE_API_ERROR_UNAUTHORIZED:
    case PARLANCE_API_ERROR_FORBIDDEN:
      return PARLANCE_CLI_EXIT_UNAUTHORIZED;
    case PARLANCE_API_ERROR_PAYMENT_REQUIRED:
      return PARLANCE_CLI_EXIT_PAYMENT;
    case PARLANCE_API_ERROR_RATE_LIMITED:
      return PARLANCE_CLI_EXIT_RATE_LIMITED;
    case PARLANCE_API_ERROR_NOT_FOUND:
      return PARLANCE_CLI_EXIT_NOT_FOUND;
    case PARLANCE_API_ERROR_SERVER:
    case PARLANCE_API_ERROR_STREAM:
      return PARLANCE_CLI_EXIT_SERVER;
    case PARLANCE_API_ERROR_NETWORK:
    case PARLANCE_API_ERROR_TIMEOUT:
      return PARLANCE_CLI_EXIT_NETWORK;
    case PARLANCE_API_ERROR_MALFORMED:
      return PARLANCE_CLI_EXIT_MALFORMED;
    case PARLANCE_API_ERROR_CANCELLED:
      return PARLANCE_CLI_EXIT_CANCELLED;
    case PARLANCE_API_ERROR_NO_KEY:
      return PARLANCE_CLI_EXIT_NO_KEY;
    case PARLANCE_API_ERROR_BAD_REQUEST:
    case PARLANCE_API_ERROR_INSECURE_URL:
    case PARLANCE_API_ERROR_INVALID_URL:
    default:
      return PARLANCE_CLI_EXIT_FAILURE;
    }
}

/* A provider may quote the key it refused; whatever it says, no key is printed. */
char *
_parlance_cli_redact (const char *text,
                      const char *secret)
{
  return parlance_redact_secrets (text, secret);
}

/* Text from a server, for standard error: without its escape sequences when that is a terminal. */
static char *
dup_for_stderr (const char *text,
                const char *key,
                GPtrArray  *secret_values)
{
  g_autofree char *redacted = parlance_redact_secrets_with (text, key, secret_values);

  if (redacted == NULL || !isatty (STDERR_FILENO))
    return g_steal_pointer (&redacted);
  return parlance_terminal_sanitize (redacted);
}

void
_parlance_cli_print_error (ParlanceProvider  *provider,
                           const GError      *error,
                           const char        *server_message,
                           const char        *key,
                           ParlanceKeySource  key_source)
{
  g_autofree char *message = NULL;
  GPtrArray *secret_values = provider != NULL ? parlance_provider_get_secret_values (provider) : NULL;
  g_autofree char *said = dup_for_stderr (server_message, key, secret_values);
  const char *id = provider != NULL ? parlance_provider_get_id (provider) : NULL;

  /* The core's words for a refused key send the reader to the app's Preferences; here the way
   * out is said below. */
  if (provider != NULL && g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED))
    message = g_strdup_printf (_("%s refused the key."), parlance_provider_get_name (provider));
  else
    message = dup_for_stderr (error->message, key, secret_values);

  g_printerr ("%s\n", message);
  if (said != NULL && *said != '\0' && strstr (message, said) == NULL)
    g_printerr (_("Provider said: %s\n"), said);

  if (id != NULL && g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED))
    {
      const char *env_var = parlance_key_store_get_env_var (id);

      if (key_source == PARLANCE_KEY_SOURCE_ENVIRONMENT && env_var != NULL)
        g_printerr (_("The key came from %s: check its value, or unset it to use the saved key.\n"),
                    env_var);
      else
        g_printerr (_("Save a new key with: parlance-cli key set %s\n"), id);
    }
}

void
_parlance_cli_print_no_key (ParlanceProvider *provider)
{
  const char *id = parlance_provider_get_id (provider);
  const char *name = parlance_provider_get_name (provider);
  const char *env_var = parlance_key_store_get_env_var (id);

  if (env_var != NULL)
    g_printerr (_("No API key for %s. Set one with: parlance-cli key set %s (or set %s)\n"),
                name, id, env_var);
  else
    g_printerr (_("No API key for %s. Set one with: parlance-cli key set %s\n"), name, id);
}

/* The key store's own messages speak of the app's session keys; here the way out is the
 * environment. */
ParlanceCliExit
_parlance_cli_report_lookup_error (ParlanceProvider *provider,
                                   const GError     *error)
{
  const char *name = parlance_provider_get_name (provider);
  const char *env_var = parlance_key_store_get_env_var (parlance_provider_get_id (provider));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("%s\n", _("Stopped"));
      return PARLANCE_CLI_EXIT_CANCELLED;
    }

  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      /* Translators: %s are a provider's name, its address and its id */
      g_printerr (_("The saved key for %s belongs to another address than %s, so it was not sent.\n"
                    "If you trust this address, save the key for it again: parlance-cli key set %s\n"),
                  name, parlance_provider_get_base_url (provider), parlance_provider_get_id (provider));
      return PARLANCE_CLI_EXIT_NO_KEY;
    }
  if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE))
    g_printerr (_("No keyring service (Secret Service) is running, so a saved key for %s can’t be read.\n"),
                name);
  else
    g_printerr ("%s\n", error->message);

  if (env_var != NULL)
    g_printerr (_("Set %s in the environment to use a key without the keyring.\n"), env_var);

  return PARLANCE_CLI_EXIT_NO_KEY;
}

/* Ctrl+C */

static struct
{
  GCancellable *cancellable;
  GSourceFunc   before_cancel;
  gpointer      user_data;
  guint         count;
  guint         other_ids[2];   /* SIGTERM and SIGHUP: stopped as Ctrl+C, text saved */
} interrupt;

static gboolean
on_interrupt (gpointer data)
{
  if (interrupt.before_cancel != NULL)
    interrupt.before_cancel (interrupt.user_data);

  /* A second Ctrl+C while the first is still being handled: don't make anyone wait. */
  if (++interrupt.count > 1)
    _exit (PARLANCE_CLI_EXIT_CANCELLED);

  g_cancellable_cancel (interrupt.cancellable);
  return G_SOURCE_CONTINUE;
}

static void
interrupt_removed (gpointer data)
{
  g_clear_handle_id (&interrupt.other_ids[0], g_source_remove);
  g_clear_handle_id (&interrupt.other_ids[1], g_source_remove);
  g_clear_object (&interrupt.cancellable);
  interrupt.before_cancel = NULL;
  interrupt.user_data = NULL;
  interrupt.count = 0;
}

/**
 * _parlance_cli_watch_interrupt:
 * @before_cancel: (nullable): called on each Ctrl+C before anything else, such as putting the
 *   terminal back the way it was
 *
 * SIGTERM and SIGHUP (a closed terminal, `kill`) are handled the same way, so a reply that
 * streams into the store is saved as interrupted with all its text.
 *
 * Returns: the id of the SIGINT source; remove it when the command is done (that removes the
 *   others too)
 */
guint
_parlance_cli_watch_interrupt (GCancellable *cancellable,
                               GSourceFunc   before_cancel,
                               gpointer      user_data)
{
  g_assert (interrupt.cancellable == NULL);

  interrupt.cancellable = g_object_ref (cancellable);
  interrupt.before_cancel = before_cancel;
  interrupt.user_data = user_data;
  interrupt.count = 0;
  interrupt.other_ids[0] = g_unix_signal_add_full (G_PRIORITY_HIGH, SIGTERM, on_interrupt, NULL, NULL);
  interrupt.other_ids[1] = g_unix_signal_add_full (G_PRIORITY_HIGH, SIGHUP, on_interrupt, NULL, NULL);

  return g_unix_signal_add_full (G_PRIORITY_HIGH, SIGINT, on_interrupt, NULL, interrupt_removed);
}

/* Standard input */

typedef struct
{
  GInputStream *stream;
  GByteArray   *data;
  gsize         max_size;
  gboolean      one_line;
  guint8        buffer[READ_CHUNK];
} ReadStdin;

static void
wipe_byte_array (GByteArray *array)
{
  if (array != NULL)
    {
      memset (array->data, 0, array->len);
      g_byte_array_unref (array);
    }
}

static void
read_stdin_free (ReadStdin *read)
{
  g_clear_object (&read->stream);
  g_clear_pointer (&read->data, wipe_byte_array);
  memset (read->buffer, 0, sizeof read->buffer);
  g_free (read);
}

static void read_stdin_next (GTask *task);

static void
read_stdin_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadStdin *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (read->data->len + (gsize) n > read->max_size)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               _("The standard input is too long (more than %lu bytes)."),
                               (unsigned long) read->max_size);
      return;
    }

  g_byte_array_append (read->data, read->buffer, (guint) n);
  memset (read->buffer, 0, (gsize) n);

  if (n == 0 || (read->one_line && memchr (read->data->data, '\n', read->data->len) != NULL))
    {
      GByteArray *data = g_steal_pointer (&read->data);

      g_byte_array_append (data, (const guint8 *) "", 1);
      g_task_return_pointer (task, data, (GDestroyNotify) wipe_byte_array);
      return;
    }

  read_stdin_next (g_steal_pointer (&task));
}

static void
read_stdin_next (GTask *task)
{
  ReadStdin *read = g_task_get_task_data (task);

  g_input_stream_read_async (read->stream, read->buffer, sizeof read->buffer, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_stdin_cb, task);
}

void
_parlance_cli_read_stdin_async (gboolean             one_line,
                                gsize                max_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  ReadStdin *read = g_new0 (ReadStdin, 1);

  g_task_set_source_tag (task, _parlance_cli_read_stdin_async);
  read->stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  /* Sized up front, so that a key is never left behind in a buffer that grew. */
  read->data = g_byte_array_sized_new ((guint) MIN (max_size + READ_CHUNK + 1, 64 * 1024));
  read->max_size = max_size;
  read->one_line = one_line;
  g_task_set_task_data (task, read, (GDestroyNotify) read_stdin_free);

  read_stdin_next (task);
}

/**
 * _parlance_cli_read_stdin_finish:
 *
 * Returns: (transfer full): what was read, NUL-terminated; wipe it before freeing when it holds
 *   a secret
 */
char *
_parlance_cli_read_stdin_finish (GAsyncResult  *result,
                                 gsize         *length,
                                 GError       **error)
{
  GByteArray *data;
  char *text;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_propagate_pointer (G_TASK (result), error);
  if (data == NULL)
    return NULL;

  if (length != NULL)
    *length = data->len - 1;
  text = (char *) g_byte_array_free (data, FALSE);
  return text;
}

gboolean
_parlance_cli_write_all (int         fd,
                         const char *data,
                         gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}
