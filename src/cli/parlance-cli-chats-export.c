/* parlance-cli-chats-export.c — `parlance-cli chats export ID…|--all [--markdown] [-o FILE]`.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Into a pipe the export goes byte for byte; on a terminal through the terminal filter (message
 * text is the models' words). With -o the file is written beside its place and moved there only
 * when complete, so Ctrl+C or an error leaves no half file.
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-export.h"
#include "parlance-terminal-filter.h"

typedef struct
{
  gboolean   all;
  gboolean   markdown;
  char      *output;
  gboolean   help;
  char     **args;
} ExportOptions;

static void
export_options_clear (ExportOptions *o)
{
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->args, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportOptions, export_options_clear)

#define GO_ON (-1)

static const char summary[] =
  N_("Writes conversations in Parlance’s own JSON (lossless: every branch, status, usage,\n"
     "cost and attachment; read back by “chats import”), or with --markdown as Markdown\n"
     "to read (the branch shown). --all writes every conversation, archived ones too, into\n"
     "one file: a backup. Keys are never in it. Standard output without -o.");

static int
parse_options (int            argc,
               char         **argv,
               ExportOptions *o)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &o->all, N_("Every conversation, archived ones too"), NULL },
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &o->markdown, N_("Markdown instead of JSON"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output, N_("Write to FILE, not to standard output"), N_("FILE") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o->help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("ID…|--all"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli chats export");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli chats export --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (o->help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }
  if (o->all == (o->args != NULL && o->args[0] != NULL))
    {
      g_printerr (_("Give the id of a conversation, or --all: parlance-cli chats export ID|--all\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  return GO_ON;
}

/* The ids asked for, each checked to exist; NULL after saying why. */
static GArray *
find_ids (ExportOptions  *o,
          ParlanceStore  *store,
          int            *status)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; o->args != NULL && o->args[i] != NULL; i++)
    {
      g_autoptr(ParlanceConversation) conversation = NULL;
      g_autoptr(GError) error = NULL;
      gint64 id;

      if (!_parlance_cli_parse_id (o->args[i], &id))
        {
          _parlance_cli_print_bad_id (o->args[i]);
          *status = PARLANCE_CLI_EXIT_USAGE;
          return NULL;
        }
      conversation = store != NULL ? parlance_store_get_conversation (store, id, &error) : NULL;
      if (conversation == NULL &&
          (store == NULL || g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND)))
        {
          _parlance_cli_print_no_conversation (id);
          *status = PARLANCE_CLI_EXIT_NO_CONVERSATION;
          return NULL;
        }
      if (conversation == NULL)
        {
          *status = _parlance_cli_report_store_error (error, FALSE);
          return NULL;
        }
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

static int
report_error (const GError *error,
              const char   *where)
{
  if (error->domain == PARLANCE_STORE_ERROR)
    return _parlance_cli_report_store_error (error, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PARLANCE_CLI_EXIT_CANCELLED;
  /* Translators: "Could not write “backup.json”: No space left on device" */
  g_printerr (_("Could not write %s: %s\n"), where, error->message);
  return PARLANCE_CLI_EXIT_FAILURE;
}

static int
export_to_stdout (ParlanceStore         *store,
                  GArray                *ids,
                  ParlanceExportFormat   format)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gboolean tty = isatty (STDOUT_FILENO);

  /* A terminal gets the whole export filtered at the end; a pipe gets it as it is written. */
  stream = tty ? g_memory_output_stream_new_resizable () :
                 g_buffered_output_stream_new_sized (out, 64 * 1024);
  if (!parlance_export_write (store, (const gint64 *) ids->data, ids->len, format, stream, NULL,
                              &error) ||
      (tty && !g_output_stream_write_all (stream, "", 1, NULL, NULL, &error)) ||
      !g_output_stream_close (stream, NULL, &error))
    return report_error (error, _("standard output"));
  if (tty)
    {
      g_autofree char *safe =
        parlance_terminal_sanitize (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)));

      if (!_parlance_cli_write_all (STDOUT_FILENO, safe, strlen (safe)))
        return PARLANCE_CLI_EXIT_FAILURE;
    }
  return PARLANCE_CLI_EXIT_OK;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} ExportRun;

static void
export_file_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ExportRun *run = user_data;

  parlance_export_file_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
export_to_file (ParlanceStore         *store,
                GArray                *ids,
                ParlanceExportFormat   format,
                const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *name = g_file_get_parse_name (file);
  ExportRun run = { loop, NULL };
  guint interrupt_id;
  int status = PARLANCE_CLI_EXIT_OK;

  interrupt_id = _parlance_cli_watch_interrupt (cancellable, NULL, NULL);
  parlance_export_file_async (store, (const gint64 *) ids->data, ids->len, format, file,
                              cancellable, export_file_done, &run);
  g_main_loop_run (loop);
  g_source_remove (interrupt_id);
  if (run.error != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", name);
      g_autofree char *safe = parlance_terminal_sanitize (quoted);

      status = report_error (run.error, safe);
      g_clear_error (&run.error);
    }
  return status;
}

/**
 * _parlance_cli_chats_export:
 *
 * `chats export`: the conversations as JSON or Markdown, to standard output or a file.
 *
 * Returns: the exit status
 */
int
_parlance_cli_chats_export (int    argc,
                            char **argv)
{
  g_auto(ExportOptions) o = { 0 };
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  ParlanceExportFormat format;
  int status;

  if ((status = parse_options (argc, argv, &o)) != GO_ON)
    return status;
  format = o.markdown ? PARLANCE_EXPORT_MARKDOWN : PARLANCE_EXPORT_JSON;

  /* Reading only: no database means nothing to export, and none is made. */
  store = _parlance_cli_open_store (FALSE, &status);
  if (store == NULL && status != PARLANCE_CLI_EXIT_OK)
    return status;
  if ((ids = find_ids (&o, store, &status)) == NULL)
    return status;
  if (o.output != NULL && !g_str_equal (o.output, "-"))
    return export_to_file (store, ids, format, o.output);
  return export_to_stdout (store, ids, format);
}
