/* parlance-cli-chat-options.c — `parlance-cli chat`: its options, its prompt, the conversation
 * it saves into, and the provider and model it asks.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "parlance-cli-chat-private.h"

/* Arguments as UTF-8, whatever the locale says: UTF-8 as is, else converted from the locale. */
static gboolean
ensure_utf8 (char **text)
{
  char *converted;

  if (*text == NULL || g_utf8_validate (*text, -1, NULL))
    return TRUE;

  converted = g_locale_to_utf8 (*text, -1, NULL, NULL, NULL);
  if (converted == NULL)
    return FALSE;
  g_free (*text);
  *text = converted;
  return TRUE;
}

void
_parlance_cli_chat_options_clear (ChatOptions *o)
{
  g_clear_pointer (&o->provider_id, g_free);
  g_clear_pointer (&o->model, g_free);
  g_clear_pointer (&o->system, g_free);
  g_clear_pointer (&o->continue_id, g_free);
  g_clear_pointer (&o->args, g_strfreev);
  g_clear_pointer (&o->fallback, g_free);
}

/* Text where text is expected, and one way of saving. */
static int
check_options (ChatOptions *o)
{
  if (!ensure_utf8 (&o->provider_id) || !ensure_utf8 (&o->model) || !ensure_utf8 (&o->system) ||
      !ensure_utf8 (&o->fallback))
    {
      g_printerr (_("The options must be text in the locale’s encoding or UTF-8.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  for (guint i = 0; o->args != NULL && o->args[i] != NULL; i++)
    if (!ensure_utf8 (&o->args[i]))
      {
        g_printerr (_("The prompt must be text in the locale’s encoding or UTF-8.\n"));
        return PARLANCE_CLI_EXIT_USAGE;
      }

  if (o->raw && o->render)
    {
      g_printerr (_("Choose one of --raw and --render.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if ((o->new ? 1 : 0) + (o->continue_id != NULL ? 1 : 0) + (o->latest ? 1 : 0) + (o->ephemeral ? 1 : 0) > 1)
    {
      g_printerr (_("Choose one of --new, --continue ID, -c and --ephemeral.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  return PARLANCE_CLI_CHAT_GO_ON;
}

/* Returns PARLANCE_CLI_CHAT_GO_ON, or the exit status when there is nothing more to do. */
int
_parlance_cli_chat_parse_options (int           argc,
                                  char        **argv,
                                  ChatOptions  *o)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_FILENAME, &o->provider_id,
      N_("Provider: openrouter (default), gemini, openai, ollama, or one added with “providers add”"), N_("PROVIDER") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &o->model,
      N_("Model (default: $PARLANCE_MODEL, or meta-llama/llama-3.3-70b-instruct:free for OpenRouter)"),
      N_("MODEL") },
    { "system", 's', 0, G_OPTION_ARG_FILENAME, &o->system,
      N_("System prompt"), N_("SYSTEM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json,
      N_("Print nothing while streaming, then the whole reply as JSON, with \"conversation_id\", "
         "\"model\" (the one that answered), \"requested_model\", \"attempts\", \"usage\", "
         "\"cost\" (exact, in dollars) and \"estimated_prompt_tokens\""), NULL },
    { "fallback", 0, 0, G_OPTION_ARG_FILENAME, &o->fallback,
      N_("Models of the same provider asked in turn when the model fails with a rate limit (429), "
         "502, 503, “No endpoints found” or a spent daily quota"), N_("MODEL[,MODEL…]") },
    { "free-only", 0, 0, G_OPTION_ARG_NONE, &o->free_only,
      N_("Never ask a model the provider’s catalogue prices above zero (-m included); a model "
         "the catalogue does not list is asked only when named with -m or --fallback"), NULL },
    { "no-wait", 0, 0, G_OPTION_ARG_NONE, &o->no_wait,
      N_("Fail at once on a per-minute rate limit (exit status 6) instead of counting down on "
         "standard error and sending again (at most 3 times, never longer than 5 minutes)"), NULL },
    { "new", 0, 0, G_OPTION_ARG_NONE, &o->new,
      N_("Save the exchange as a new conversation (the default)"), NULL },
    { "continue", 0, 0, G_OPTION_ARG_STRING, &o->continue_id,
      N_("Continue conversation ID: send its messages as history and add this exchange to it"), N_("ID") },
    { "continue-latest", 'c', 0, G_OPTION_ARG_NONE, &o->latest,
      N_("Continue the most recently updated conversation that is not archived"), NULL },
    { "ephemeral", 0, 0, G_OPTION_ARG_NONE, &o->ephemeral,
      N_("Save nothing; the conversation database is not even opened"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &o->raw,
      N_("Print the reply exactly as it comes, Markdown and all (the default when standard output "
         "is not a terminal)"), NULL },
    { "render", 0, 0, G_OPTION_ARG_NONE, &o->render,
      N_("Render the Markdown even into a pipe, for “less -R” (the default on a terminal)"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o->help, N_("Show this help"), NULL },
    /* Filenames: taken as they are, then checked, so that a UTF-8 prompt works in any locale. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->args, NULL, NULL },
    { NULL }
  };

  /* Translators: what follows "parlance-cli chat [OPTION…]" in the usage line */
  context = g_option_context_new (N_("[PROMPT…|-]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                /* xgettext:no-c-format */
                                N_("Sends PROMPT (the arguments joined by spaces; with “-” or none,\n"
                                   "standard input when it is not a terminal) and prints the reply to\n"
                                   "standard output. Reasoning, errors and notes go to standard error.\n"
                                   "Ctrl+C stops the reply and keeps what came.\n"
                                   "\n"
                                   "On a terminal the reply’s Markdown is rendered (bold, headings, lists,\n"
                                   "tables, code blocks; link addresses shown after their text), each block\n"
                                   "as soon as it is complete, to the width of $COLUMNS or the terminal;\n"
                                   "code lines wider than that are cut with “…”. Into a pipe or a file the\n"
                                   "reply is written byte for byte as it streams in (--raw); --render\n"
                                   "renders it there too, long code lines kept whole (parlance-cli chat\n"
                                   "--render … | less -R).\n"
                                   "\n"
                                   "The exchange is saved as a new conversation, and its id is printed on\n"
                                   "standard error (“Saved as conversation 42”). Continuing one with\n"
                                   "--continue or -c, its provider, model, system prompt and settings\n"
                                   "apply; -p, -m and -s given with it become the conversation’s own.\n"
                                   "\n"
                                   "Before sending, what would be sent is estimated in tokens against the\n"
                                   "model’s context length in the saved list of models (“parlance-cli\n"
                                   "models”): from 80 % a warning on standard error; over 100 % nothing is\n"
                                   "sent nor saved, and the exit status is 1. Without a saved list, or a\n"
                                   "model it does not list, nothing is checked."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli chat");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli chat --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (o->help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }

  return check_options (o);
}

/* The database, and the conversation to continue; none with --ephemeral. */
int
_parlance_cli_chat_open_conversation (Chat        *chat,
                                      ChatOptions *o)
{
  g_autoptr(ParlanceStore) store = NULL;
  gint64 continue_id = 0;
  int status;

  if (o->ephemeral)
    return PARLANCE_CLI_CHAT_GO_ON;

  if (o->continue_id != NULL && !_parlance_cli_parse_id (o->continue_id, &continue_id))
    {
      _parlance_cli_print_bad_id (o->continue_id);
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (o->latest)
    continue_id = -1;

  /* Continuing needs a database already there: none is made for nothing. */
  store = _parlance_cli_open_store (continue_id == 0, &status);
  if (store == NULL && status == PARLANCE_CLI_EXIT_OK)
    {
      if (continue_id < 0)
        g_printerr (_("There is no conversation to continue yet: leave out -c to start one.\n"));
      else
        _parlance_cli_print_no_conversation (continue_id);
      return PARLANCE_CLI_EXIT_NO_CONVERSATION;
    }
  if (store == NULL)
    return status;
  chat->log = _parlance_cli_chat_log_open (store, continue_id, &status);
  if (chat->log == NULL)
    return status;
  return PARLANCE_CLI_CHAT_GO_ON;
}

/* The command line's, else a continued conversation's, else the defaults. The conversation's
 * model goes with its provider only. */
int
_parlance_cli_chat_choose_model (Chat        *chat,
                                 ChatOptions *o)
{
  ParlanceConversation *saved = chat->log != NULL ? _parlance_cli_chat_log_get_conversation (chat->log) : NULL;
  const char *env_model = g_getenv ("PARLANCE_MODEL");
  const char *provider_id = o->provider_id;

  if (saved != NULL && parlance_conversation_get_id (saved) == 0)
    saved = NULL;
  if (provider_id == NULL && saved != NULL)
    provider_id = parlance_conversation_get_provider_id (saved);

  chat->provider = _parlance_cli_provider_new (provider_id != NULL ? provider_id : "openrouter");
  if (chat->provider == NULL)
    return PARLANCE_CLI_EXIT_USAGE;

  chat->model = g_steal_pointer (&o->model);
  if (chat->model == NULL && saved != NULL && parlance_conversation_get_model (saved) != NULL &&
      g_strcmp0 (parlance_provider_get_id (chat->provider), parlance_conversation_get_provider_id (saved)) == 0)
    chat->model = g_strdup (parlance_conversation_get_model (saved));
  if (chat->model == NULL && env_model != NULL && *env_model != '\0')
    chat->model = g_strdup (env_model);
  if (chat->model == NULL && parlance_provider_get_kind (chat->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    chat->model = g_strdup (DEFAULT_OPENROUTER_MODEL);
  if (chat->model == NULL || *chat->model == '\0')
    {
      g_printerr (_("Choose a model for %s with -m MODEL (or set PARLANCE_MODEL).\n"),
                  parlance_provider_get_name (chat->provider));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  return PARLANCE_CLI_CHAT_GO_ON;
}

/* The prompt from the arguments; *from_stdin when it is to be read. */
int
_parlance_cli_chat_take_prompt (Chat        *chat,
                                ChatOptions *o,
                                gboolean    *from_stdin)
{
  char **args = o->args;

  *from_stdin = FALSE;
  if (args != NULL && g_strv_length (args) == 1 && g_str_equal (args[0], "-"))
    *from_stdin = TRUE;
  else if (args != NULL && g_strv_contains ((const char * const *) args, "-"))
    {
      g_printerr (_("“-” (read the prompt from standard input) can’t be mixed with a prompt.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  else if (args == NULL || args[0] == NULL)
    {
      if (isatty (STDIN_FILENO))
        {
          g_printerr (_("No prompt. Give one as arguments, or on standard input.\n"
                        "Run “parlance-cli chat --help” for the options.\n"));
          return PARLANCE_CLI_EXIT_USAGE;
        }
      *from_stdin = TRUE;
    }
  else
    {
      g_autofree char *stripped = NULL;

      chat->prompt = g_strjoinv (" ", args);
      stripped = g_strstrip (g_strdup (chat->prompt));
      if (*stripped == '\0')
        {
          g_printerr (_("The prompt is empty.\n"));
          return PARLANCE_CLI_EXIT_USAGE;
        }
    }
  return PARLANCE_CLI_CHAT_GO_ON;
}

