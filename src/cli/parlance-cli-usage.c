/* parlance-cli-usage.c — `parlance-cli usage`: requests, tokens and cost by day, model or
 * provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Costs are exact: summed as integers of pico-dollars by the store and written digit by digit
 * (0.0000369, never 3.69e-05), in the table as in JSON. Keys come from the database (a model's
 * name is whatever a provider answered): filtered before a terminal.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-terminal-filter.h"

/* Wider keys are cut with "…" in the table (never in JSON). */
#define KEY_MAX_CHARS 48

static gboolean
parse_grouping (const char            *text,
                ParlanceUsageGrouping *grouping)
{
  if (text == NULL || g_str_equal (text, "day"))
    *grouping = PARLANCE_USAGE_BY_DAY;
  else if (g_str_equal (text, "model"))
    *grouping = PARLANCE_USAGE_BY_MODEL;
  else if (g_str_equal (text, "provider"))
    *grouping = PARLANCE_USAGE_BY_PROVIDER;
  else
    return FALSE;
  return TRUE;
}

/* YYYY-MM-DD is local midnight; a full ISO 8601 time (2026-03-01T12:00:00Z) is taken as is,
 * local when it names no zone. */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GDateTime) time = NULL;
  int year, month, day;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 &&
      strlen (text) == 10 && g_date_valid_dmy (day, month, year))
    time = g_date_time_new_local (year, month, day, 0, 0, 0);
  else
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      time = g_date_time_new_from_iso8601 (text, local);
    }
  if (time == NULL)
    return FALSE;
  *since = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return TRUE;
}

static void
print_json (ParlanceUsageReport *report)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_cost (&json, "total_cost", report->cost_pico);
  _parlance_cli_json_int (&json, "total_tokens_in", report->tokens_in);
  _parlance_cli_json_int (&json, "total_tokens_out", report->tokens_out);
  _parlance_cli_json_begin_array (&json, "rows");
  for (guint i = 0; i < report->rows->len; i++)
    {
      ParlanceUsageRow *row = g_ptr_array_index (report->rows, i);

      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_string (&json, "key", row->key);
      _parlance_cli_json_int (&json, "requests", row->requests);
      _parlance_cli_json_int (&json, "tokens_in", row->tokens_in);
      _parlance_cli_json_int (&json, "tokens_out", row->tokens_out);
      _parlance_cli_json_cost (&json, "cost", row->cost_pico);
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

/* One line of the table: the key, then four numbers right-aligned. */
typedef struct
{
  char *cells[5];
} Line;

static void
line_clear (Line *line)
{
  for (guint i = 0; i < G_N_ELEMENTS (line->cells); i++)
    g_free (line->cells[i]);
}

static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);  /* grouped as the locale does */
}

static char *
display_key (const char *key)
{
  g_autofree char *valid = g_utf8_make_valid (key, -1);
  g_autofree char *safe = isatty (STDOUT_FILENO) ? parlance_terminal_sanitize (valid)
                                                 : g_strdup (valid);

  if (*safe == '\0')
    /* Translators: a usage row whose model was not recorded */
    return g_strdup (_("(unknown)"));
  if (g_utf8_strlen (safe, -1) > KEY_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (safe, 0, KEY_MAX_CHARS - 1);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&safe);
}

static void
fill_line (Line       *line,
           char       *key,
           gint64      requests,
           gint64      tokens_in,
           gint64      tokens_out,
           gint64      cost_pico)
{
  line->cells[0] = key;
  line->cells[1] = format_count (requests);
  line->cells[2] = format_count (tokens_in);
  line->cells[3] = format_count (tokens_out);
  line->cells[4] = parlance_cost_pico_format (cost_pico);
}

static void
print_line (Line        *line,
            const guint *widths)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < G_N_ELEMENTS (line->cells); c++)
    {
      guint pad = widths[c] - g_utf8_strlen (line->cells[c], -1);

      if (c > 0)
        g_string_append (out, "  ");
      if (c > 0)
        for (guint i = 0; i < pad; i++)
          g_string_append_c (out, ' ');
      g_string_append (out, line->cells[c]);
      if (c == 0 && c + 1 < G_N_ELEMENTS (line->cells))
        for (guint i = 0; i < pad; i++)
          g_string_append_c (out, ' ');
    }
  g_print ("%s\n", out->str);
}

static void
print_table (ParlanceUsageReport   *report,
             ParlanceUsageGrouping  grouping)
{
  const char *key_titles[] = { N_("Day"), N_("Model"), N_("Provider") };
  guint n = report->rows->len + 2;
  g_autofree Line *lines = g_new0 (Line, n);
  guint widths[5] = { 0 };

  lines[0].cells[0] = g_strdup (_(key_titles[grouping]));
  lines[0].cells[1] = g_strdup (_("Requests"));
  lines[0].cells[2] = g_strdup (_("Tokens in"));
  lines[0].cells[3] = g_strdup (_("Tokens out"));
  lines[0].cells[4] = g_strdup (_("Cost"));
  for (guint i = 0; i < report->rows->len; i++)
    {
      ParlanceUsageRow *row = g_ptr_array_index (report->rows, i);

      fill_line (&lines[i + 1], display_key (row->key), row->requests, row->tokens_in,
                 row->tokens_out, row->cost_pico);
    }
  fill_line (&lines[n - 1], g_strdup (_("Total")), report->requests, report->tokens_in,
             report->tokens_out, report->cost_pico);

  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < G_N_ELEMENTS (widths); c++)
      widths[c] = MAX (widths[c], (guint) g_utf8_strlen (lines[i].cells[c], -1));
  for (guint i = 0; i < n; i++)
    {
      print_line (&lines[i], widths);
      line_clear (&lines[i]);
    }
}

static int
show_usage (ParlanceUsageGrouping grouping,
            gint64                since,
            gboolean              json)
{
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  store = _parlance_cli_open_store (FALSE, &status);
  if (store == NULL && status != PARLANCE_CLI_EXIT_OK)
    return status;
  if (store != NULL)
    {
      report = parlance_store_get_usage (store, grouping, since, 0, &error);
      if (report == NULL)
        return _parlance_cli_report_store_error (error, FALSE);
    }
  else
    {
      /* No database yet: nothing was sent, and reading makes none. */
      report = g_new0 (ParlanceUsageReport, 1);
      report->rows = g_ptr_array_new ();
    }

  if (json)
    print_json (report);
  else if (report->rows->len == 0)
    g_print (_("No usage recorded yet.\n"));
  else
    print_table (report, grouping);
  return PARLANCE_CLI_EXIT_OK;
}

int
_parlance_cli_usage (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by = NULL;
  g_autofree char *since_text = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE, help = FALSE;
  ParlanceUsageGrouping grouping;
  gint64 since = 0;
  const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Group by day (the default), model or provider"),
      N_("day|model|provider") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only requests from this day on (local time)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Prints the requests sent, the tokens read and written and their exact\n"
                                   "cost, by day, model or provider, with totals. Failed requests count\n"
                                   "as requests; tokens and costs a provider did not report count as 0.\n"
                                   "--json prints {\"total_cost\", \"total_tokens_in\", \"total_tokens_out\",\n"
                                   "\"rows\": [{\"key\", \"requests\", \"tokens_in\", \"tokens_out\", \"cost\"}]},\n"
                                   "costs in US dollars written exactly (0.0000369)."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli usage");

  if (!g_option_context_parse (context, &argc, &argv, &error) || (args != NULL && args[0] != NULL))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli usage --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }
  if (!parse_grouping (by, &grouping))
    {
      g_printerr (_("--by takes day, model or provider.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (since_text != NULL && !parse_since (since_text, &since))
    {
      g_autofree char *valid = g_utf8_make_valid (since_text, -1);
      g_autofree char *safe = parlance_terminal_sanitize (valid);

      g_printerr (_("“%s” is not a date: write it as YYYY-MM-DD, such as 2026-03-01.\n"), safe);
      return PARLANCE_CLI_EXIT_USAGE;
    }
  return show_usage (grouping, since, json);
}
