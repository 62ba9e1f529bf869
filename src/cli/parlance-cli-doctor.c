/* parlance-cli-doctor.c — `parlance-cli doctor`: is the conversation database sound?
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA integrity_check, the schema version, sizes and counts. Exit status 1 when something is
 * wrong: a damaged or unreadable database, or one written by a newer Parlance.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-terminal-filter.h"

static void
print_json (gboolean             ok,
            const char          *path,
            ParlanceStoreReport *report,
            const GError        *error)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_bool (&json, "ok", ok);
  _parlance_cli_json_string (&json, "path", path);
  _parlance_cli_json_int (&json, "supported_schema_version", PARLANCE_STORE_SCHEMA_VERSION);
  if (report != NULL)
    {
      _parlance_cli_json_int (&json, "schema_version", report->schema_version);
      _parlance_cli_json_string (&json, "integrity", report->integrity);
      _parlance_cli_json_int (&json, "database_bytes", report->database_bytes);
      _parlance_cli_json_int (&json, "wal_bytes", report->wal_bytes);
      _parlance_cli_json_int (&json, "attachment_bytes", report->attachment_bytes);
      _parlance_cli_json_int (&json, "conversations", report->n_conversations);
      _parlance_cli_json_int (&json, "messages", report->n_messages);
      _parlance_cli_json_int (&json, "attachments", report->n_attachments);
      _parlance_cli_json_int (&json, "interrupted", report->n_interrupted);
    }
  _parlance_cli_json_string (&json, "error", error != NULL ? error->message : NULL);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

/* "Label:            value", the values lined up whatever the translation's length. */
static void
print_row (const char *label,
           const char *value)
{
  g_autoptr(GString) line = g_string_new (label);

  g_string_append_c (line, ':');
  for (glong n = g_utf8_strlen (line->str, -1); n < 21; n++)
    g_string_append_c (line, ' ');
  g_print ("%s %s\n", line->str, value);
}

static void
print_size (const char *label,
            gint64      bytes)
{
  g_autofree char *size = g_format_size ((guint64) MAX (bytes, 0));

  print_row (label, size);
}

static void
print_count (const char *label,
             gint64      count)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  print_row (label, text);
}

static void
print_text (const char          *path,
            ParlanceStoreReport *report)
{
  g_autofree char *integrity = NULL;
  g_autofree char *version = NULL;

  /* The report's lines come from SQLite, about a file that may be hostile. */
  integrity = isatty (STDOUT_FILENO) ? parlance_terminal_sanitize (report->integrity)
                                     : g_strdup (report->integrity);

  /* Translators: the schema version of the database, and the one this program writes */
  version = g_strdup_printf (_("%d (this program writes %d)"), report->schema_version,
                             PARLANCE_STORE_SCHEMA_VERSION);
  print_row (_("Database"), path);
  print_row (_("Schema version"), version);
  print_row (_("Integrity"), integrity);
  print_size (_("Database size"), report->database_bytes);
  print_size (_("Journal (WAL)"), report->wal_bytes);
  print_size (_("Attachments size"), report->attachment_bytes);
  print_count (_("Conversations"), report->n_conversations);
  print_count (_("Messages"), report->n_messages);
  print_count (_("Attachments"), report->n_attachments);
  print_count (_("Interrupted replies"), report->n_interrupted);
}

int
_parlance_cli_doctor (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceStoreReport) report = NULL;
  g_autofree char *path = parlance_store_dup_default_path ();
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE, help = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Checks the conversation database (PRAGMA integrity_check) and prints\n"
                                   "its schema version, sizes and counts. Exit status 1 when it is damaged,\n"
                                   "can’t be read, or was written by a newer Parlance."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli doctor");

  if (!g_option_context_parse (context, &argc, &argv, &error) || (args != NULL && args[0] != NULL))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli doctor --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }

  /* No database is nothing wrong: nothing was saved yet. Don't make one. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (json)
        print_json (TRUE, path, NULL, NULL);
      else
        g_print (_("No database yet at %s: nothing has been saved.\n"), path);
      return PARLANCE_CLI_EXIT_OK;
    }

  store = parlance_store_open (path, &error);
  if (store != NULL)
    report = parlance_store_check (store, &error);
  if (report == NULL)
    {
      if (json)
        print_json (FALSE, path, NULL, error);
      else
        g_printerr ("%s\n", error->message);
      return PARLANCE_CLI_EXIT_FAILURE;
    }

  if (json)
    print_json (g_strcmp0 (report->integrity, "ok") == 0, path, report, NULL);
  else
    print_text (path, report);
  return g_strcmp0 (report->integrity, "ok") == 0 ? PARLANCE_CLI_EXIT_OK : PARLANCE_CLI_EXIT_FAILURE;
}
