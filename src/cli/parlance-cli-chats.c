/* parlance-cli-chats.c — `parlance-cli chats`: list, show, rename and delete saved conversations.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Titles and messages are the user's and the models' words: on a terminal they pass through the
 * terminal filter, and the table keeps every row on one line, its columns bounded.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-cli-chats-private.h"
#include "parlance-cli-private.h"
#include "parlance-cli-render-private.h"
#include "parlance-terminal-filter.h"

#define MAX_TITLE_WIDTH 48

/* Terminal columns */

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* One line, nothing a terminal obeys, at most @max_width columns (cut with "…"). */
char *
_parlance_cli_chats_dup_cell (const char *text,
                              guint       max_width)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *safe = NULL;
  GString *cell = g_string_new (NULL);
  guint width = 0;

  g_strdelimit (valid, "\n\r\t", ' ');
  safe = parlance_terminal_sanitize (valid);
  if (text_width (safe) <= max_width)
    {
      g_string_append (cell, safe);
      return g_string_free (cell, FALSE);
    }
  for (const char *p = safe; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint w = char_width (g_utf8_get_char (p));

      if (width + w > max_width - 1)
        break;
      g_string_append_len (cell, p, g_utf8_next_char (p) - p);
      width += w;
    }
  g_string_append (cell, "…");
  return g_string_free (cell, FALSE);
}

static void
append_padded (GString    *line,
               const char *cell,
               guint       width)
{
  g_string_append (line, cell);
  for (guint w = text_width (cell); w < width; w++)
    g_string_append_c (line, ' ');
}

/* Text from the database for standard output: filtered on a terminal, as is into a pipe. */
void
_parlance_cli_chats_print_text (const char *text)
{
  if (isatty (STDOUT_FILENO))
    {
      g_autofree char *safe = parlance_terminal_sanitize (text);

      g_print ("%s", safe);
    }
  else
    {
      g_print ("%s", text);
    }
}

/* Options shared by the subcommands */

typedef struct
{
  gboolean  json;
  gboolean  archived;
  gint      limit;
  char     *search;
  gboolean  help;
  gboolean  raw;
  gboolean  render;
  char    **args;
} ChatsOptions;

static void
chats_options_clear (ChatsOptions *o)
{
  g_clear_pointer (&o->search, g_free);
  g_clear_pointer (&o->args, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChatsOptions, chats_options_clear)

#define GO_ON (-1)

static const char summary[] =
  N_("Lists the saved conversations, most recently updated first: id, title, model,\n"
     "last update and number of messages (of the branch shown).\n"
     "\n"
     "  chats [--json] [--archived] [--limit N]\n"
     "  chats --search QUERY [--json] [--limit N]\n"
     "                             messages and titles holding every word (as\n"
     "                             prefixes), best first, with a snippet\n"
     "  chats show ID [--json|--raw|--render]\n"
     "                             the conversation’s messages, oldest first; on a\n"
     "                             terminal (or with --render) their Markdown rendered,\n"
     "                             with the reasoning; --raw prints the text as it is;\n"
     "                             a message with other versions (regenerated or\n"
     "                             edited) says which it is: \"version 2 of 3\"\n"
     "  chats rename ID TITLE      give it another title\n"
     "  chats delete ID            delete it with its messages; there is no undo\n"
     "  chats export ID…|--all [--markdown] [-o FILE]\n"
     "                             Parlance’s JSON (a backup with --all) or Markdown\n"
     "  chats import FILE…         bring in conversations from Parlance, ChatGPT, Claude\n"
     "                             or OpenAI JSON (see chats import --help)\n"
     "\n"
     "With --json, one JSON document: {\"conversations\": […]} for the list, one\n"
     "conversation with its \"messages\" for show (each with \"version\" and\n"
     "\"versions\": which of its versions the branch shows, 1-based, and how many),\n"
     "{\"results\": […]} for --search\n"
     "(\"conversation_id\", \"title\", \"message_id\", null when the title alone\n"
     "matched, \"snippet\" and \"highlights\"). Times are ISO 8601 in UTC; costs\n"
     "are exact decimals in US dollars, null when unknown.");

static int
parse_options (const char   *command,
               const char   *parameters,
               gboolean      list,
               int           argc,
               char        **argv,
               ChatsOptions *o)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("parlance-cli %s", command);
  const GOptionEntry list_entries[] = {
    { "archived", 0, 0, G_OPTION_ARG_NONE, &o->archived, N_("List the archived conversations instead"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &o->limit, N_("At most N conversations (0: all, the default)"), N_("N") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &o->search, N_("Search the messages and titles for these words"), N_("QUERY") },
    { NULL }
  };
  const GOptionEntry show_entries[] = {
    { "raw", 0, 0, G_OPTION_ARG_NONE, &o->raw,
      N_("Print the messages’ text as it is (the default when standard output is not a terminal)"), NULL },
    { "render", 0, 0, G_OPTION_ARG_NONE, &o->render,
      N_("Render their Markdown even into a pipe, for “less -R” (the default on a terminal)"), NULL },
    { NULL }
  };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o->help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (list)
    g_option_context_add_main_entries (context, list_entries, GETTEXT_PACKAGE);
  if (g_str_equal (command, "chats show"))
    g_option_context_add_main_entries (context, show_entries, GETTEXT_PACKAGE);
  g_set_prgname (prgname);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli chats --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (o->help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }
  if (o->raw && o->render)
    {
      g_printerr (_("Choose one of --raw and --render.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (o->limit < 0)
    {
      g_printerr (_("--limit takes a number of conversations, 0 for all.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  return GO_ON;
}

/* The conversation of id @text, or NULL after saying why (and the exit status). */
static ParlanceConversation *
find_conversation (const char     *text,
                   ParlanceStore **store,
                   int            *status)
{
  g_autoptr(GError) error = NULL;
  ParlanceConversation *conversation;
  gint64 id;

  if (!_parlance_cli_parse_id (text, &id))
    {
      _parlance_cli_print_bad_id (text);
      *status = PARLANCE_CLI_EXIT_USAGE;
      return NULL;
    }

  *store = _parlance_cli_open_store (FALSE, status);
  if (*store == NULL && *status != PARLANCE_CLI_EXIT_OK)
    return NULL;

  conversation = *store != NULL ? parlance_store_get_conversation (*store, id, &error) : NULL;
  if (conversation == NULL &&
      (*store == NULL || g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND)))
    {
      _parlance_cli_print_no_conversation (id);
      *status = PARLANCE_CLI_EXIT_NO_CONVERSATION;
    }
  else if (conversation == NULL)
    {
      *status = _parlance_cli_report_store_error (error, FALSE);
    }
  return conversation;
}

/* chats */

static void
print_list_json (GPtrArray *conversations)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_begin_array (&json, "conversations");
  for (guint i = 0; conversations != NULL && i < conversations->len; i++)
    {
      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_conversation_fields (&json, g_ptr_array_index (conversations, i));
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

static void
print_list_table (GPtrArray *conversations)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  /* Translators: column headings of `parlance-cli chats` */
  const char *headings[] = { _("ID"), _("TITLE"), _("MODEL"), _("UPDATED"), _("MESSAGES") };
  guint widths[G_N_ELEMENTS (headings)] = { 0 };
  const guint n_columns = G_N_ELEMENTS (headings);

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (cells, g_strdup (headings[c]));
  for (guint i = 0; i < conversations->len; i++)
    {
      ParlanceConversation *conversation = g_ptr_array_index (conversations, i);
      g_autofree char *updated = _parlance_cli_format_time (parlance_conversation_get_updated (conversation), FALSE);

      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, parlance_conversation_get_id (conversation)));
      g_ptr_array_add (cells, _parlance_cli_chats_dup_cell (parlance_conversation_get_title (conversation), MAX_TITLE_WIDTH));
      g_ptr_array_add (cells, _parlance_cli_chats_dup_cell (parlance_conversation_get_model (conversation), MAX_MODEL_WIDTH));
      g_ptr_array_add (cells, g_strdup (updated != NULL ? updated : "-"));
      g_ptr_array_add (cells, g_strdup_printf ("%u", parlance_conversation_get_message_count (conversation)));
    }

  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns], text_width (g_ptr_array_index (cells, i)));

  for (guint row = 0; row * n_columns < cells->len; row++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = g_ptr_array_index (cells, row * n_columns + c);

          /* The numbers are right-aligned, the last column is not padded. */
          if (c == 0 || c == n_columns - 1)
            {
              for (guint w = text_width (cell); w < widths[c]; w++)
                g_string_append_c (line, ' ');
              g_string_append (line, cell);
              if (c == 0)
                g_string_append (line, "  ");
            }
          else
            {
              append_padded (line, cell, widths[c] + 2);
            }
        }
      g_print ("%s\n", line->str);
    }
}

static int
chats_list (int    argc,
            char **argv)
{
  g_auto(ChatsOptions) o = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("chats", N_("[show|rename|delete] …"), TRUE, argc, argv, &o)) != GO_ON)
    return status;
  /* The words after --search QUERY belong to it: `chats --search rust lifetimes`. */
  if (o.search != NULL)
    {
      g_autofree char *rest = o.args != NULL ? g_strjoinv (" ", o.args) : NULL;
      g_autofree char *query = g_strjoin (" ", o.search, rest, NULL);

      return _parlance_cli_chats_search (query, o.json, (guint) o.limit);
    }
  if (o.args != NULL && o.args[0] != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (o.args[0], -1);
      g_autofree char *safe = parlance_terminal_sanitize (valid);

      g_printerr (_("Unknown “chats” command “%s”: use show, rename, delete or import.\n"), safe);
      return PARLANCE_CLI_EXIT_USAGE;
    }

  store = _parlance_cli_open_store (FALSE, &status);
  if (store == NULL && status != PARLANCE_CLI_EXIT_OK)
    return status;
  if (store != NULL)
    {
      conversations = parlance_store_list_conversations (store,
                                                         o.archived ? PARLANCE_STORE_LIST_ARCHIVED
                                                                    : PARLANCE_STORE_LIST_DEFAULT,
                                                         (guint) o.limit, &error);
      if (conversations == NULL)
        return _parlance_cli_report_store_error (error, FALSE);
    }

  if (o.json)
    print_list_json (conversations);
  else if (conversations == NULL || conversations->len == 0)
    g_printerr ("%s\n", o.archived ? _("No archived conversations.") : _("No conversations yet."));
  else
    print_list_table (conversations);
  return PARLANCE_CLI_EXIT_OK;
}

/* chats show (what it prints: parlance-cli-chats-show.c) */

static int
chats_show (int    argc,
            char **argv)
{
  g_auto(ChatsOptions) o = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("chats show", N_("ID"), FALSE, argc, argv, &o)) != GO_ON)
    return status;
  if (o.args == NULL || g_strv_length (o.args) != 1)
    {
      g_printerr (_("Give the id of one conversation: parlance-cli chats show ID\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  conversation = find_conversation (o.args[0], &store, &status);
  if (conversation == NULL)
    return status;
  messages = parlance_store_load_branch (store, parlance_conversation_get_id (conversation), &error);
  if (messages == NULL)
    return _parlance_cli_report_store_error (error, FALSE);

  if (o.json)
    _parlance_cli_chats_print_show_json (conversation, messages);
  else
    _parlance_cli_chats_print_show_text (conversation, messages, o.render || (isatty (STDOUT_FILENO) && !o.raw));
  return PARLANCE_CLI_EXIT_OK;
}

/* chats rename, chats delete */

static int
chats_rename (int    argc,
              char **argv)
{
  g_auto(ChatsOptions) o = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  int status;

  if ((status = parse_options ("chats rename", N_("ID TITLE"), FALSE, argc, argv, &o)) != GO_ON)
    return status;
  if (o.args == NULL || g_strv_length (o.args) < 2)
    {
      g_printerr (_("Give the id and the new title: parlance-cli chats rename ID TITLE\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  /* The rest of the words, on one line. */
  title = g_strjoinv (" ", o.args + 1);
  if (!g_utf8_validate (title, -1, NULL))
    {
      char *converted = g_locale_to_utf8 (title, -1, NULL, NULL, NULL);

      if (converted == NULL)
        {
          g_printerr (_("The title must be text in the locale’s encoding or UTF-8.\n"));
          return PARLANCE_CLI_EXIT_USAGE;
        }
      g_free (title);
      title = converted;
    }
  g_strstrip (g_strdelimit (title, "\n\r\t", ' '));
  if (*title == '\0')
    {
      g_printerr (_("The title is empty.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  conversation = find_conversation (o.args[0], &store, &status);
  if (conversation == NULL)
    return status;
  parlance_conversation_set_title (conversation, title);
  if (!parlance_store_save_conversation (store, conversation, &error))
    return _parlance_cli_report_store_error (error, FALSE);
  return PARLANCE_CLI_EXIT_OK;
}

static int
chats_delete (int    argc,
              char **argv)
{
  g_auto(ChatsOptions) o = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("chats delete", N_("ID"), FALSE, argc, argv, &o)) != GO_ON)
    return status;
  if (o.args == NULL || g_strv_length (o.args) != 1)
    {
      g_printerr (_("Give the id of one conversation: parlance-cli chats delete ID\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  conversation = find_conversation (o.args[0], &store, &status);
  if (conversation == NULL)
    return status;
  if (!parlance_store_delete_conversation (store, parlance_conversation_get_id (conversation), &error))
    return _parlance_cli_report_store_error (error, FALSE);
  {
    g_autofree char *title = _parlance_cli_chats_dup_cell (parlance_conversation_get_title (conversation), MAX_TITLE_WIDTH);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, parlance_conversation_get_id (conversation));

    /* Translators: "Deleted conversation 42 (“Title”)." */
    g_printerr (_("Deleted conversation %s (“%s”).\n"), id, title);
  }
  return PARLANCE_CLI_EXIT_OK;
}

int
_parlance_cli_chats (int    argc,
                     char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "show"))
    return chats_show (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "rename"))
    return chats_rename (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "delete"))
    return chats_delete (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "export"))
    return _parlance_cli_chats_export (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "import"))
    return _parlance_cli_chats_import (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "list"))
    return chats_list (argc - 1, argv + 1);
  return chats_list (argc, argv);
}
