/* parlance-cli.c — parlance-cli: talk to language models from a terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <locale.h>
#include <stdio.h>

#include "parlance-cli-private.h"
#include "parlance-paths.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  run;
  const char  *summary;
} Command;

static int cmd_paths (int argc, char **argv);

static const Command commands[] = {
  { "budget", _parlance_cli_budget, N_("Show how much of each provider’s rate limits is used, and when it resets") },
  { "chat", _parlance_cli_chat, N_("Send a prompt and print the reply as it streams; saved as a conversation") },
  { "chats", _parlance_cli_chats, N_("List, show, rename, delete, export or import saved conversations") },
  { "doctor", _parlance_cli_doctor, N_("Check the conversation database: integrity, version, sizes") },
  { "key", _parlance_cli_key, N_("Save, check or delete a provider’s API key (set, check, delete)") },
  { "models", _parlance_cli_models, N_("List a provider’s models, with prices and context") },
  { "providers", _parlance_cli_providers, N_("List, add or remove providers") },
  { "usage", _parlance_cli_usage, N_("Requests, tokens and exact cost by day, model or provider") },
  { "paths", cmd_paths, N_("Print where Parlance keeps its data, cache and settings") },
};

static int
cmd_paths (int    argc,
           char **argv)
{
  g_autofree char *data = parlance_paths_dup_data_dir ();
  g_autofree char *cache = parlance_paths_dup_cache_dir ();
  g_autofree char *config = parlance_paths_dup_config_dir ();

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print (_("Usage:\n  parlance-cli paths\n\n%s\n"),
               _("Prints where Parlance keeps its data, cache and settings."));
      return PARLANCE_CLI_EXIT_OK;
    }

  if (argc > 1)
    {
      g_printerr (_("parlance-cli paths takes no arguments\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  g_print ("data\t%s\n", data);
  g_print ("cache\t%s\n", cache);
  g_print ("config\t%s\n", config);
  return 0;
}

static char *
usage_text (void)
{
  g_autofree char *environment = _parlance_cli_dup_environment_help ();
  g_autofree char *exit_status = _parlance_cli_dup_exit_status_help ();
  GString *s = g_string_new (NULL);

  g_string_append (s, _("Usage:\n  parlance-cli [--version] [--help] COMMAND [ARGS…]\n\n"));
  g_string_append (s, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (s, "\n");
  g_string_append (s, _("  budget [-p PROVIDER] [--json]\n"
                        "                        each rate-limit budget: requests in the last minute and\n"
                        "                        today, of those allowed, and when the day resets;\n"
                        "                        JSON: provider, group, minute_used, minute_limit,\n"
                        "                        day_used, day_limit (null when unknown), resets_at\n"
                        "  chat [-p PROVIDER] [-m MODEL] [-s SYSTEM] [--json]\n"
                        "       [--new | --continue ID | -c | --ephemeral] [PROMPT… | -]\n"
                        "      -p, --provider  openrouter (default), gemini, openai, ollama, or the id\n"
                        "                      of a provider added with “providers add”\n"
                        "      -m, --model     the model (default: $PARLANCE_MODEL, or\n"
                        "                      meta-llama/llama-3.3-70b-instruct:free for OpenRouter)\n"
                        "      -s, --system    a system prompt\n"
                        "      --json          print the whole reply as JSON at the end, nothing before,\n"
                        "                      with \"conversation_id\" (null with --ephemeral)\n"
                        "      --new           save the exchange as a new conversation (the default);\n"
                        "                      its id goes to standard error: “Saved as conversation 42”\n"
                        "      --continue ID   continue a conversation: its messages are sent as history,\n"
                        "                      its provider, model and system prompt used unless given\n"
                        "      -c, --continue-latest  continue the most recent one not archived\n"
                        "      --ephemeral     save nothing (the database is not opened)\n"
                        "      PROMPT          the arguments, joined by spaces; with “-” or none,\n"
                        "                      standard input when it is not a terminal\n"
                        "    The reply goes to standard output exactly as it arrives; reasoning, errors\n"
                        "    and notes go to standard error. Ctrl+C stops the reply and keeps what came.\n"
                        "  chats [--json] [--archived] [--limit N]\n"
                        "                        the saved conversations: id, title, model, updated, messages\n"
                        "  chats --search QUERY [--json]\n"
                        "                        messages and titles holding every word, best first\n"
                        "  chats show ID [--json]  a conversation’s messages, oldest first\n"
                        "  chats rename ID TITLE\n"
                        "  chats delete ID\n"
                        "  chats export ID…|--all [--markdown] [-o FILE]\n"
                        "                        Parlance’s lossless JSON (--all: every conversation,\n"
                        "                        a backup) or Markdown; standard output without -o\n"
                        "  chats import FILE… [--json]  ChatGPT, Claude, OpenAI or Parlance JSON\n"
                        "  doctor [--json]       check the conversation database; exit status 1 if damaged\n"
                        "  key set PROVIDER      save a key in the keyring, read from standard input\n"
                        "  key check PROVIDER    try the key, and show what the provider says of it\n"
                        "  key delete PROVIDER   remove the key from the keyring\n"
                        "  models [-p PROVIDER] [--free] [--tools] [--search QUERY]\n"
                        "         [--sort name|price|context|newest] [--json] [--refresh]\n"
                        "                        list the models: id, name, context, price per 1M tokens;\n"
                        "                        saved for 10 minutes, --refresh asks again\n"
                        "  providers             list the providers, their addresses and keys\n"
                        "  providers add NAME --base-url URL [--header NAME=VALUE]…\n"
                        "                        add an OpenAI-compatible provider; prints its id\n"
                        "  providers remove NAME|ID  remove a provider you added\n"
                        "  usage [--by day|model|provider] [--since YYYY-MM-DD] [--json]\n"
                        "                        requests, tokens and exact cost, with totals\n"
                        "  paths                 where Parlance keeps its data, cache and settings\n"
                        "\n"
                        "Run “parlance-cli COMMAND --help” for a command’s options.\n\n"));
  g_string_append (s, environment);
  g_string_append (s, "\n");
  g_string_append (s, exit_status);
  return g_string_free (s, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *usage = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli");

  usage = usage_text ();

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      /* `parlance-cli help chat` is `parlance-cli chat --help`. */
      if (argc == 3 && !g_str_equal (argv[1], "help"))
        argc = 2;
      if (argc == 3)
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (argv[2], commands[i].name))
              return commands[i].run (2, help_argv);
        }
      g_print ("%s", usage);
      return PARLANCE_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("parlance-cli %s\n", PACKAGE_VERSION);
      return PARLANCE_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        status = commands[i].run (argc - 1, argv + 1);
        /* libsecret keeps its connection to the keyring for the life of the process. */
        secret_service_disconnect ();
        return status;
      }

  /* A hint, not 70 lines of help above the shell prompt. */
  g_printerr (_("Unknown command “%s”. Run “parlance-cli --help” for the commands.\n"),
              g_utf8_validate (argv[1], -1, NULL) ? argv[1] : "?");
  return PARLANCE_CLI_EXIT_USAGE;
}
