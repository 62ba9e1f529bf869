/* parlance-cli-chat.c — `parlance-cli chat`: one prompt, the reply streamed to standard output.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Standard output gets the reply's text and nothing else, byte for byte as it arrives, so that
 * `parlance-cli chat … > file` and pipes get exactly what the model wrote. Everything for people
 * (reasoning, errors, "Stopped") goes to standard error. What goes to a terminal passes through a
 * ParlanceTerminalFilter first: a server's escape sequences never reach it.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-cli-private.h"
#include "parlance-terminal-filter.h"

#define DEFAULT_OPENROUTER_MODEL "meta-llama/llama-3.3-70b-instruct:free"
#define MAX_PROMPT_SIZE          (64 * 1024 * 1024)

#define DIM   "\033[2m"
#define RESET "\033[0m"

typedef struct
{
  GMainLoop           *loop;
  GCancellable        *cancellable;
  ParlanceProvider    *provider;
  ParlanceChatClient  *client;
  ParlanceChatRequest *request;
  ParlanceChatReply   *reply;
  ParlanceKeyStore    *key_store;
  char                *system;
  char                *prompt;
  char                *key;          /* kept to keep it out of what is printed; wiped */
  GPtrArray           *secret_headers; /* from the keyring, bound to the provider's address */
  ParlanceKeySource    key_source;
  gboolean             json;
  gboolean             stdout_is_tty;
  gboolean             stderr_is_tty;
  gboolean             reasoning_open; /* reasoning printed, not yet ended by a newline */
  int                  write_errno;    /* standard output failed */
  int                  exit_status;
  GString             *pending;        /* reply text not written yet */
  ParlanceTerminalFilter *content_filter;   /* when standard output is a terminal */
  ParlanceTerminalFilter *reasoning_filter; /* when standard error is a terminal */
  guint                flush_id;
} Chat;

static void
chat_clear (Chat *chat)
{
  g_clear_handle_id (&chat->flush_id, g_source_remove);
  if (chat->pending != NULL)
    g_string_free (g_steal_pointer (&chat->pending), TRUE);
  g_clear_pointer (&chat->content_filter, parlance_terminal_filter_free);
  g_clear_pointer (&chat->reasoning_filter, parlance_terminal_filter_free);
  g_clear_pointer (&chat->loop, g_main_loop_unref);
  g_clear_object (&chat->cancellable);
  g_clear_object (&chat->client);
  g_clear_object (&chat->request);
  g_clear_object (&chat->reply);
  g_clear_object (&chat->key_store);
  g_clear_object (&chat->provider);
  g_clear_pointer (&chat->system, g_free);
  g_clear_pointer (&chat->prompt, g_free);
  g_clear_pointer (&chat->key, parlance_key_store_free_key);
  g_clear_pointer (&chat->secret_headers, g_ptr_array_unref);
}

static void flush_pending (Chat *chat);

static void
chat_quit (Chat *chat,
           int   exit_status)
{
  flush_pending (chat);
  chat->exit_status = exit_status;
  g_main_loop_quit (chat->loop);
}

/* Output */

static void
end_reasoning (Chat *chat)
{
  if (chat->reasoning_open)
    {
      _parlance_cli_write_all (STDERR_FILENO, "\n", 1);
      chat->reasoning_open = FALSE;
    }
}

static void
flush_pending (Chat *chat)
{
  g_clear_handle_id (&chat->flush_id, g_source_remove);
  if (chat->pending == NULL || chat->pending->len == 0)
    return;

  if (chat->write_errno == 0 &&
      !_parlance_cli_write_all (STDOUT_FILENO, chat->pending->str, chat->pending->len))
    {
      chat->write_errno = errno;
      g_cancellable_cancel (chat->cancellable);
    }
  g_string_truncate (chat->pending, 0);
}

static gboolean
flush_pending_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->flush_id = 0;
  flush_pending (chat);
  return G_SOURCE_REMOVE;
}

static void
on_content_delta (ParlanceChatReply *reply,
                  const char        *delta,
                  gpointer           user_data)
{
  Chat *chat = user_data;

  if (chat->json || chat->write_errno != 0)
    return;

  end_reasoning (chat);

  /* Deltas that came in one network read are written together, right after it (the client
   * reads below default priority): one write a read instead of one a token, with no delay. */
  if (chat->pending == NULL)
    chat->pending = g_string_new (NULL);
  if (chat->content_filter != NULL)
    parlance_terminal_filter_feed (chat->content_filter, delta, strlen (delta), chat->pending);
  else
    g_string_append (chat->pending, delta);
  if (chat->flush_id == 0)
    chat->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_pending_cb, chat, NULL);
}

static void
on_reasoning_delta (ParlanceChatReply *reply,
                    const char        *delta,
                    gpointer           user_data)
{
  Chat *chat = user_data;
  g_autoptr(GString) safe = NULL;
  gsize len = strlen (delta);

  if (chat->json || len == 0)
    return;

  flush_pending (chat);

  if (chat->reasoning_filter != NULL)
    {
      safe = g_string_new (NULL);
      parlance_terminal_filter_feed (chat->reasoning_filter, delta, len, safe);
      delta = safe->str;
      len = safe->len;
      if (len == 0)
        return;
    }

  /* Dimmed per delta, so that an interruption never leaves the terminal dim. */
  if (chat->stderr_is_tty)
    _parlance_cli_write_all (STDERR_FILENO, DIM, strlen (DIM));
  _parlance_cli_write_all (STDERR_FILENO, delta, len);
  if (chat->stderr_is_tty)
    _parlance_cli_write_all (STDERR_FILENO, RESET, strlen (RESET));
  chat->reasoning_open = delta[len - 1] != '\n';
}

static void
finish_output (Chat *chat)
{
  if (chat->content_filter != NULL && chat->pending != NULL)
    parlance_terminal_filter_finish (chat->content_filter, chat->pending);
  flush_pending (chat);
  if (chat->json)
    {
      g_autofree char *json = parlance_chat_reply_to_json (chat->reply);

      /* A terminal would obey the C1 controls json-glib leaves raw; a pipe gets them as is. */
      if (chat->stdout_is_tty)
        {
          char *escaped = parlance_terminal_escape_json (json);

          g_free (json);
          json = escaped;
        }
      if (!_parlance_cli_write_all (STDOUT_FILENO, json, strlen (json)) ||
          !_parlance_cli_write_all (STDOUT_FILENO, "\n", 1))
        chat->write_errno = errno;
      return;
    }

  end_reasoning (chat);

  /* Piped output stays byte-exact; a terminal gets its prompt back on a line of its own. */
  if (chat->stdout_is_tty && chat->write_errno == 0)
    {
      gsize len = parlance_chat_reply_get_content_length (chat->reply);
      const char *content = parlance_chat_reply_get_content (chat->reply);

      if (len > 0 && content[len - 1] != '\n')
        _parlance_cli_write_all (STDOUT_FILENO, "\n", 1);
    }
}

/* What a complete reply doesn't say by itself, for the person at the terminal. */
static void
print_notes (Chat *chat)
{
  guint n_tool_calls = parlance_chat_reply_get_n_tool_calls (chat->reply);

  if (chat->json)
    return;

  if (g_strcmp0 (parlance_chat_reply_get_finish_reason (chat->reply), "length") == 0)
    g_printerr (_("The reply was cut short: the model reached its length limit.\n"));

  if (n_tool_calls > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;
      g_autofree char *joined = NULL;

      for (guint i = 0; i < n_tool_calls; i++)
        {
          const ParlanceToolCall *call = parlance_chat_reply_get_tool_call (chat->reply, i);

          if (call != NULL && call->name != NULL)
            g_strv_builder_add (builder, call->name);
        }
      names = g_strv_builder_end (builder);
      joined = g_strjoinv (", ", names);
      /* The names are the model's words: on a terminal, without their escape sequences. */
      if (chat->stderr_is_tty)
        {
          char *safe = parlance_terminal_sanitize (joined);

          g_free (joined);
          joined = safe;
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "The model asked to call a tool (%s); parlance-cli doesn’t run tools. "
                               "Use --json to see the call.\n",
                               "The model asked to call tools (%s); parlance-cli doesn’t run tools. "
                               "Use --json to see the calls.\n",
                               n_tool_calls),
                  joined);
    }
}

/* Steps: [read the prompt] → [look up the key] → stream */

static void
stream_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  finish_output (chat);

  if (chat->write_errno != 0)
    {
      g_printerr (_("Could not write the reply: %s\n"), g_strerror (chat->write_errno));
      chat_quit (chat, PARLANCE_CLI_EXIT_FAILURE);
      return;
    }

  if (error != NULL)
    {
      /* The client's provider: the one with the secret headers, to take out of the words. */
      _parlance_cli_print_error (parlance_chat_client_get_provider (PARLANCE_CHAT_CLIENT (object)), error,
                                 parlance_chat_reply_get_server_message (chat->reply),
                                 chat->key, chat->key_source);
      chat_quit (chat, _parlance_cli_exit_for_error (error));
      return;
    }

  print_notes (chat);
  chat_quit (chat, PARLANCE_CLI_EXIT_OK);
}

static void
start_stream (Chat *chat)
{
  g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (chat->provider, chat->secret_headers);

  chat->client = parlance_chat_client_new (bound);
  chat->reply = parlance_chat_reply_new ();
  g_signal_connect (chat->reply, "content-delta", G_CALLBACK (on_content_delta), chat);
  g_signal_connect (chat->reply, "reasoning-delta", G_CALLBACK (on_reasoning_delta), chat);

  if (chat->system != NULL)
    parlance_chat_request_add_message (chat->request, "system", chat->system);
  parlance_chat_request_add_message (chat->request, "user", chat->prompt);

  parlance_chat_client_stream_async (chat->client, chat->request, chat->key, chat->reply,
                                     chat->cancellable, stream_cb, chat);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  chat->key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result,
                                                    &chat->key_source, &chat->secret_headers, &error);
  if (error != NULL && _parlance_cli_key_is_optional (chat->provider) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      /* The key is optional: go on without, and say why only when a keyring is there. */
      if (!g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE))
        g_printerr (_("Going on without a key: %s\n"), error->message);
    }
  else if (error != NULL)
    {
      chat_quit (chat, _parlance_cli_report_lookup_error (chat->provider, error));
      return;
    }
  if (chat->key == NULL && !_parlance_cli_key_is_optional (chat->provider))
    {
      _parlance_cli_print_no_key (chat->provider);
      chat_quit (chat, PARLANCE_CLI_EXIT_NO_KEY);
      return;
    }

  start_stream (chat);
}

static void
find_key (Chat *chat)
{
  if (!parlance_provider_get_needs_key (chat->provider) &&
      !_parlance_cli_key_is_optional (chat->provider))
    {
      start_stream (chat);
      return;
    }

  chat->key_store = parlance_key_store_new ();
  parlance_key_store_lookup_for_async (chat->key_store, chat->provider, chat->cancellable,
                                       lookup_cb, chat);
}

static void
read_prompt_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  chat->prompt = _parlance_cli_read_stdin_finish (result, &len, &error);
  if (chat->prompt == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("%s\n", _("Stopped"));
          chat_quit (chat, PARLANCE_CLI_EXIT_CANCELLED);
        }
      else
        {
          g_printerr (_("Could not read the prompt: %s\n"), error->message);
          chat_quit (chat, PARLANCE_CLI_EXIT_FAILURE);
        }
      return;
    }

  if (strlen (chat->prompt) != len || !g_utf8_validate (chat->prompt, (gssize) len, NULL))
    {
      g_printerr (_("The prompt on standard input is not UTF-8 text.\n"));
      chat_quit (chat, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  g_strchomp (chat->prompt);
  if (*chat->prompt == '\0')
    {
      g_printerr (_("The prompt on standard input is empty.\n"));
      chat_quit (chat, PARLANCE_CLI_EXIT_USAGE);
      return;
    }

  find_key (chat);
}

/* Options */

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

int
_parlance_cli_chat (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *system = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  gboolean help = FALSE;
  gboolean from_stdin = FALSE;
  Chat chat = { 0 };
  guint interrupt_id;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_FILENAME, &provider_id,
      N_("Provider: openrouter (default), gemini, openai, ollama, or one added with “providers add”"), N_("PROVIDER") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model,
      N_("Model (default: $PARLANCE_MODEL, or meta-llama/llama-3.3-70b-instruct:free for OpenRouter)"),
      N_("MODEL") },
    { "system", 's', 0, G_OPTION_ARG_FILENAME, &system,
      N_("System prompt"), N_("SYSTEM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print nothing while streaming, then the whole reply as JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    /* Filenames: taken as they are, then checked, so that a UTF-8 prompt works in any locale. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  /* Translators: what follows "parlance-cli chat [OPTION…]" in the usage line */
  context = g_option_context_new (N_("[PROMPT…|-]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Sends PROMPT (the arguments joined by spaces; with “-” or none,\n"
                                   "standard input when it is not a terminal) and prints the reply to\n"
                                   "standard output exactly as it streams in. Reasoning, errors and notes\n"
                                   "go to standard error. Ctrl+C stops the reply and keeps what came."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli chat");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli chat --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }

  if (!ensure_utf8 (&provider_id) || !ensure_utf8 (&model) || !ensure_utf8 (&system))
    {
      g_printerr (_("The options must be text in the locale’s encoding or UTF-8.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    if (!ensure_utf8 (&args[i]))
      {
        g_printerr (_("The prompt must be text in the locale’s encoding or UTF-8.\n"));
        return PARLANCE_CLI_EXIT_USAGE;
      }

  chat.provider = _parlance_cli_provider_new (provider_id != NULL ? provider_id : "openrouter");
  if (chat.provider == NULL)
    return PARLANCE_CLI_EXIT_USAGE;

  if (model == NULL && g_getenv ("PARLANCE_MODEL") != NULL && *g_getenv ("PARLANCE_MODEL") != '\0')
    model = g_strdup (g_getenv ("PARLANCE_MODEL"));
  if (model == NULL && parlance_provider_get_kind (chat.provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    model = g_strdup (DEFAULT_OPENROUTER_MODEL);
  if (model == NULL || *model == '\0')
    {
      g_printerr (_("Choose a model for %s with -m MODEL (or set PARLANCE_MODEL).\n"),
                  parlance_provider_get_name (chat.provider));
      chat_clear (&chat);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (args != NULL && g_strv_length (args) == 1 && g_str_equal (args[0], "-"))
    from_stdin = TRUE;
  else if (args != NULL && g_strv_contains ((const char * const *) args, "-"))
    {
      g_printerr (_("“-” (read the prompt from standard input) can’t be mixed with a prompt.\n"));
      chat_clear (&chat);
      return PARLANCE_CLI_EXIT_USAGE;
    }
  else if (args == NULL || args[0] == NULL)
    {
      if (isatty (STDIN_FILENO))
        {
          g_printerr (_("No prompt. Give one as arguments, or on standard input.\n"
                        "Run “parlance-cli chat --help” for the options.\n"));
          chat_clear (&chat);
          return PARLANCE_CLI_EXIT_USAGE;
        }
      from_stdin = TRUE;
    }
  else
    {
      g_autofree char *stripped = NULL;

      chat.prompt = g_strjoinv (" ", args);
      stripped = g_strstrip (g_strdup (chat.prompt));
      if (*stripped == '\0')
        {
          g_printerr (_("The prompt is empty.\n"));
          chat_clear (&chat);
          return PARLANCE_CLI_EXIT_USAGE;
        }
    }

  chat.loop = g_main_loop_new (NULL, FALSE);
  chat.cancellable = g_cancellable_new ();
  chat.request = parlance_chat_request_new (model);
  chat.system = g_steal_pointer (&system);
  chat.json = json;
  chat.stdout_is_tty = isatty (STDOUT_FILENO);
  chat.stderr_is_tty = isatty (STDERR_FILENO);
  if (chat.stdout_is_tty)
    chat.content_filter = parlance_terminal_filter_new ();
  if (chat.stderr_is_tty)
    chat.reasoning_filter = parlance_terminal_filter_new ();
  chat.key_source = PARLANCE_KEY_SOURCE_NONE;

  interrupt_id = _parlance_cli_watch_interrupt (chat.cancellable, NULL, NULL);

  if (from_stdin)
    _parlance_cli_read_stdin_async (FALSE, MAX_PROMPT_SIZE, chat.cancellable, read_prompt_cb, &chat);
  else
    find_key (&chat);

  g_main_loop_run (chat.loop);

  g_source_remove (interrupt_id);
  chat_clear (&chat);

  return chat.exit_status;
}
