/* parlance-cli-chats-import.c — `parlance-cli chats import FILE…`: bring conversations in.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is imported in one transaction (a folder: each conversations*.json in it). The
 * summary counts what is new; the exit status is 0 when every file was read, even when nothing
 * in it was new, and 1 when one was rejected (the others are still imported). Titles in the
 * summary and errors come from the files: they pass through the terminal filter.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-import.h"
#include "parlance-terminal-filter.h"

static const char summary_text[] =
  N_("Imports conversations: Parlance’s own JSON (an export or a backup), ChatGPT’s\n"
     "export (conversations.json, or the split conversations-000.json…, or the folder\n"
     "holding them), Claude’s export (conversations.json), or an OpenAI-style\n"
     "messages array ([{\"role\", \"content\"}, …]). The format is recognised.\n"
     "\n"
     "Each file is imported whole or not at all. Importing a file again adds only\n"
     "what is new in it. The exit status is 0 when every file was read (even if\n"
     "nothing was new) and 1 when one was rejected.\n"
     "\n"
     "With --json: {\"imported_conversations\": N, \"imported_messages\": N,\n"
     "\"skipped\": [{\"what\", \"why\"}]}, and \"error\": why, when a file was rejected.");

static void
print_safe_err (const char *text)
{
  g_autofree char *safe = parlance_terminal_sanitize (text);

  g_printerr ("%s\n", safe);
}

static void
print_json (ParlanceImportSummary *total,
            const char            *errors)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_int (&json, "imported_conversations", total->imported_conversations);
  _parlance_cli_json_int (&json, "imported_messages", total->imported_messages);
  _parlance_cli_json_begin_array (&json, "skipped");
  for (guint i = 0; i < total->skipped->len; i++)
    {
      ParlanceImportSkip *skip = g_ptr_array_index (total->skipped, i);

      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_string (&json, "what", skip->what);
      _parlance_cli_json_string (&json, "why", skip->why);
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  if (errors != NULL)
    _parlance_cli_json_string (&json, "error", errors);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

static void
print_summary (ParlanceImportSummary *total)
{
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "Imported %" G_GINT64_FORMAT " conversation",
                                            "Imported %" G_GINT64_FORMAT " conversations",
                                            (gulong) total->imported_conversations),
                          total->imported_conversations);
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            " and %" G_GINT64_FORMAT " message.\n",
                                            " and %" G_GINT64_FORMAT " messages.\n",
                                            (gulong) total->imported_messages),
                          total->imported_messages);
  if (total->existing_conversations > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "%" G_GINT64_FORMAT " conversation was already "
                                              "there; only what was new in it was added.\n",
                                              "%" G_GINT64_FORMAT " conversations were already "
                                              "there; only what was new in them was added.\n",
                                              (gulong) total->existing_conversations),
                            total->existing_conversations);
  if (total->skipped->len > 0)
    g_string_append (out, _("Left out:\n"));
  for (guint i = 0; i < total->skipped->len; i++)
    {
      ParlanceImportSkip *skip = g_ptr_array_index (total->skipped, i);

      g_string_append_printf (out, "  %s: %s\n", skip->what, skip->why);
    }
  text = g_string_free (out, FALSE);
  if (isatty (STDOUT_FILENO))
    {
      g_autofree char *safe = parlance_terminal_sanitize (text);

      g_print ("%s", safe);
    }
  else
    g_print ("%s", text);
}

static void
add_summary (ParlanceImportSummary *total,
             ParlanceImportSummary *part)
{
  total->imported_conversations += part->imported_conversations;
  total->imported_messages += part->imported_messages;
  total->existing_conversations += part->existing_conversations;
  g_ptr_array_extend_and_steal (total->skipped, g_steal_pointer (&part->skipped));
  part->skipped = g_ptr_array_new ();
}

/* Imports each of @files into @store; returns the exit status. @n_read counts the files read,
 * @errors gathers why the others were rejected, a line each. */
static int
import_files (ParlanceStore        *store,
              char                **files,
              ParlanceImportSummary *total,
              guint                *n_read,
              GString              *errors)
{
  int status = PARLANCE_CLI_EXIT_OK;

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(ParlanceImportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;

      summary = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL,
                                      &error);
      if (summary != NULL)
        {
          add_summary (total, summary);
          (*n_read)++;
          continue;
        }
      if (error->domain == PARLANCE_STORE_ERROR)
        return _parlance_cli_report_store_error (error, FALSE);
      {
        g_autofree char *line = g_strdup_printf (_("Not imported: %s"), error->message);

        print_safe_err (line);
        g_string_append_printf (errors, "%s%s", errors->len > 0 ? "\n" : "", error->message);
      }
      status = PARLANCE_CLI_EXIT_FAILURE;
    }
  return status;
}

/**
 * _parlance_cli_chats_import:
 *
 * `chats import FILE… [--json]`
 */
int
_parlance_cli_chats_import (int    argc,
                            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_auto(GStrv) files = NULL;
  ParlanceImportSummary total = { 0, };
  g_autoptr(GString) errors = g_string_new (NULL);
  gboolean json = FALSE, help = FALSE;
  guint n_read = 0;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary_text);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli chats import");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli chats import --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }
  if (files == NULL || files[0] == NULL)
    {
      g_printerr (_("Give the files to import: parlance-cli chats import FILE…\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if ((store = _parlance_cli_open_store (TRUE, &status)) == NULL)
    return status;

  total.skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_import_skip_free);
  status = import_files (store, files, &total, &n_read, errors);
  if (json)
    print_json (&total, errors->len > 0 ? errors->str : NULL);
  /* Nothing read: the reason, already said, is the whole answer. */
  else if (n_read > 0)
    print_summary (&total);
  g_ptr_array_unref (total.skipped);
  return status;
}
