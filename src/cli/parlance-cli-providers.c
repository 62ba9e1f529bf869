/* parlance-cli-providers.c — `parlance-cli providers [add NAME --base-url URL | remove NAME]`.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-cli-private.h"
#include "parlance-key-store.h"
#include "parlance-provider-registry.h"

static char *
dup_help (void)
{
  return g_strdup (_("Usage:\n"
                     "  parlance-cli providers\n"
                     "      list the providers: id, name, address, enabled or disabled, and key\n"
                     "  parlance-cli providers add NAME --base-url URL [--header NAME=VALUE]…\n"
                     "                                 [--secret-header NAME]…\n"
                     "      add an OpenAI-compatible provider; its id is made from NAME (“LM Studio”\n"
                     "      gives lm-studio) and works with chat -p and key set. http:// is only\n"
                     "      allowed for this computer or the local network. --header may repeat.\n"
                     "      Headers that carry a credential (Authorization, api-key, x-api-key,\n"
                     "      x-goog-api-key, Cookie…) are refused there: give their names with\n"
                     "      --secret-header, and their values at a hidden prompt or one per line on\n"
                     "      standard input; they are saved in the keyring, like keys. Save the\n"
                     "      provider’s key itself with “key set ID”.\n"
                     "  parlance-cli providers remove NAME|ID\n"
                     "      remove a provider you added, and its key and secret headers (built-ins\n"
                     "      can’t be removed)\n"
                     "\n"
                     "The providers are saved in providers.json in the settings folder (see\n"
                     "“parlance-cli paths”), without keys: keys live in the keyring only, bound to\n"
                     "the address they were saved for. When a provider’s address moves to another\n"
                     "server, its key is not sent there until you save it again with “key set ID”.\n"));
}

/* Listing */

typedef struct
{
  GMainLoop         *loop;
  ParlanceKeySource  source;
  char              *state;   /* when the keyring could not say */
} KeyLookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_NONE;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, &source, &error);
  g_clear_pointer (&key, parlance_key_store_free_key);

  if (error != NULL)
    {
      if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_LOCKED))
        lookup->state = g_strdup (_("keyring locked"));
      else
        lookup->state = g_strdup (_("keyring unavailable"));
    }
  lookup->source = source;
  g_main_loop_quit (lookup->loop);
}

static char *
dup_key_state (ParlanceKeyStore *key_store,
               ParlanceProvider *provider)
{
  const char *id = parlance_provider_get_id (provider);
  gboolean optional = parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_CUSTOM;
  KeyLookup lookup = { 0 };

  if (!parlance_provider_get_needs_key (provider) && !optional)
    return g_strdup (_("no key needed"));

  lookup.loop = g_main_loop_new (NULL, FALSE);
  parlance_key_store_lookup_async (key_store, id, NULL, lookup_cb, &lookup);
  g_main_loop_run (lookup.loop);
  g_main_loop_unref (lookup.loop);

  if (lookup.state != NULL)
    return lookup.state;

  switch (lookup.source)
    {
    case PARLANCE_KEY_SOURCE_KEYRING:
    case PARLANCE_KEY_SOURCE_SESSION:
      return g_strdup (_("key stored"));
    case PARLANCE_KEY_SOURCE_ENVIRONMENT:
      /* Translators: %s is a variable such as OPENROUTER_API_KEY */
      return g_strdup_printf (_("key from %s"), parlance_key_store_get_env_var (id));
    case PARLANCE_KEY_SOURCE_NONE:
    default:
      return g_strdup (optional ? _("no key needed") : _("no key"));
    }
}

static int
list_providers (ParlanceProviderRegistry *registry)
{
  g_autoptr(ParlanceKeyStore) key_store = parlance_key_store_new ();
  GListModel *providers = parlance_provider_registry_get_providers (registry);

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);
      const char *id = parlance_provider_get_id (provider);
      g_autofree char *key_state = dup_key_state (key_store, provider);

      g_print ("%s\t%s\t%s\t%s\t%s\n", id, parlance_provider_get_name (provider),
               parlance_provider_get_base_url (provider),
               parlance_provider_registry_get_enabled (registry, id) ? _("enabled") : _("disabled"),
               key_state);
    }

  return PARLANCE_CLI_EXIT_OK;
}

/* Changing */

static int
exit_for_registry_error (const GError *error)
{
  if (error->domain == PARLANCE_PROVIDER_REGISTRY_ERROR &&
      error->code != PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE)
    return PARLANCE_CLI_EXIT_USAGE;
  if (error->domain != PARLANCE_PROVIDER_REGISTRY_ERROR && error->domain != G_IO_ERROR &&
      error->domain != G_FILE_ERROR)
    return PARLANCE_CLI_EXIT_USAGE;   /* an unusable address */
  return PARLANCE_CLI_EXIT_FAILURE;
}

static gboolean
is_header_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} HeadersStore;

static void
headers_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HeadersStore *store = user_data;

  store->ok = parlance_key_store_store_headers_finish (PARLANCE_KEY_STORE (object), result, &store->error);
  g_main_loop_quit (store->loop);
}

static gboolean
store_secret_headers (ParlanceProvider  *provider,
                      GPtrArray         *secrets,
                      GError           **error)
{
  HeadersStore store = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  parlance_key_store_store_headers_async (parlance_key_store_get_default (), provider, secrets, NULL,
                                          headers_stored, &store);
  g_main_loop_run (store.loop);
  g_main_loop_unref (store.loop);
  if (store.error != NULL)
    g_propagate_error (error, store.error);
  return store.ok;
}

static int
add_provider (ParlanceProviderRegistry  *registry,
              int                        argc,
              char                     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) secret_names = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  ParlanceProvider *provider;
  int status;
  const GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider’s address"), N_("URL") },
    { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &headers,
      N_("An extra request header (may repeat)"), N_("NAME=VALUE") },
    { "secret-header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &secret_names,
      N_("A header whose value is read without echo and kept in the keyring (may repeat)"), N_("NAME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli providers --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (args == NULL || args[0] == NULL || args[1] != NULL)
    {
      g_printerr (_("Give the provider’s name once, quoted if it has spaces, for example:\n"
                    "  parlance-cli providers add \"LM Studio\" --base-url http://localhost:1234/v1\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (base_url == NULL)
    {
      g_printerr (_("Give the provider’s address with --base-url URL, such as https://example.com/v1.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  for (guint i = 0; secret_names != NULL && secret_names[i] != NULL; i++)
    if (!is_header_name (secret_names[i]))
      {
        g_printerr (_("“%s” is not a valid header name: use letters, digits and - only.\n"),
                    g_utf8_validate (secret_names[i], -1, NULL) ? secret_names[i] : "?");
        return PARLANCE_CLI_EXIT_USAGE;
      }

  provider = parlance_provider_registry_add_custom (registry, args[0], base_url,
                                                    (const char * const *) headers, &error);
  if (provider == NULL)
    {
      g_printerr (_("The provider was not added: %s\n"), error->message);
      return exit_for_registry_error (error);
    }

  /* Their values: from a hidden prompt or standard input, never from the command line. */
  if (secret_names != NULL && secret_names[0] != NULL)
    {
      if ((secrets = _parlance_cli_read_secrets ((const char * const *) secret_names, &status)) == NULL)
        return status;
      if (!store_secret_headers (provider, secrets, &error))
        {
          g_printerr (_("The provider was not added: its secret headers could not be saved in the "
                        "keyring: %s\n"), error->message);
          return PARLANCE_CLI_EXIT_FAILURE;
        }
    }

  if (!parlance_provider_registry_save_sync (registry, &error))
    {
      g_printerr (_("The provider was not saved: %s\n"), error->message);
      return PARLANCE_CLI_EXIT_FAILURE;
    }

  g_print (_("Added %s with the id “%s”: use it with parlance-cli chat -p %s\n"),
           parlance_provider_get_name (provider), parlance_provider_get_id (provider),
           parlance_provider_get_id (provider));
  return PARLANCE_CLI_EXIT_OK;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   removed;
  GError    *error;
} Deletion;

static void
key_deleted (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Deletion *deletion = user_data;

  parlance_key_store_delete_finish_full (PARLANCE_KEY_STORE (object), result, &deletion->removed,
                                         &deletion->error);
  g_main_loop_quit (deletion->loop);
}

/* A removed provider's key has nothing left to serve: take it out of the keyring too.
 * Returns: whether there was a key and it is gone */
static gboolean
delete_key (const char *id)
{
  Deletion deletion = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  parlance_key_store_delete_all_async (parlance_key_store_get_default (), id, NULL, key_deleted, &deletion);
  g_main_loop_run (deletion.loop);
  g_main_loop_unref (deletion.loop);

  if (deletion.error != NULL)
    {
      /* Translators: the first %s is a provider id, the second why the keyring failed */
      g_printerr (_("Its key could not be removed from the keyring (%s): %s\n"), id, deletion.error->message);
      g_error_free (deletion.error);
    }
  return deletion.removed;
}

static int
remove_provider (ParlanceProviderRegistry  *registry,
                 int                        argc,
                 char                     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  ParlanceProvider *provider;

  if (argc != 2 || !g_utf8_validate (argv[1], -1, NULL))
    {
      g_printerr (_("Which provider? For example: parlance-cli providers remove lm-studio\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  provider = parlance_provider_registry_lookup (registry, argv[1]);
  if (provider == NULL)
    {
      g_printerr (_("There is no provider “%s”. Run “parlance-cli providers” to see them.\n"),
                  argv[1]);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  id = g_strdup (parlance_provider_get_id (provider));
  name = g_strdup (parlance_provider_get_name (provider));
  if (!parlance_provider_registry_remove (registry, id, &error))
    {
      if (g_error_matches (error, PARLANCE_PROVIDER_REGISTRY_ERROR,
                           PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN))
        g_printerr (_("%s is built into Parlance and can’t be removed.\n"), name);
      else
        g_printerr ("%s\n", error->message);
      return exit_for_registry_error (error);
    }

  if (!parlance_provider_registry_save_sync (registry, &error))
    {
      g_printerr (_("The change was not saved: %s\n"), error->message);
      return PARLANCE_CLI_EXIT_FAILURE;
    }

  if (delete_key (id))
    g_print (_("Removed %s (%s) and its key.\n"), name, id);
  else
    g_print (_("Removed %s (%s).\n"), name, id);
  return PARLANCE_CLI_EXIT_OK;
}

int
_parlance_cli_providers (int    argc,
                         char **argv)
{
  g_autoptr(ParlanceProviderRegistry) registry = NULL;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      {
        g_autofree char *help = dup_help ();

        g_print ("%s", help);
        return PARLANCE_CLI_EXIT_OK;
      }

  registry = _parlance_cli_load_registry ();

  if (argc < 2)
    return list_providers (registry);
  if (g_str_equal (argv[1], "add"))
    return add_provider (registry, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return remove_provider (registry, argc - 1, argv + 1);

  g_printerr (_("Unknown action “%s”: use add or remove, or nothing to list the providers.\n"),
              g_utf8_validate (argv[1], -1, NULL) ? argv[1] : "?");
  return PARLANCE_CLI_EXIT_USAGE;
}
