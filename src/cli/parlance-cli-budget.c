/* parlance-cli-budget.c — `parlance-cli budget`: how much of each rate limit is used.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line (or JSON object) per budget: a provider and a group of models that share limits
 * (ParlanceRateBudget). Counts come from the conversation database, which is only read: with
 * none yet, nothing was used.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-rate-budget.h"
#include "parlance-terminal-filter.h"

/* The user's figures from Preferences count, when the app's settings are installed. */
ParlanceRateBudget *
_parlance_cli_new_budget (ParlanceStore *store)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  ParlanceRateBudget *budget = parlance_rate_budget_new (store);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "rate-limit-overrides"))
    return budget;
  settings = g_settings_new_full (schema, NULL, NULL);
  parlance_rate_budget_bind_settings (budget, settings);
  return budget;
}

static GPtrArray *
collect_states (ParlanceRateBudget  *budget,
                GPtrArray           *provider_ids,
                GError             **error)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_budget_state_free);

  for (guint i = 0; i < provider_ids->len; i++)
    {
      const char *provider_id = provider_ids->pdata[i];
      g_auto(GStrv) groups = parlance_rate_budget_list_groups (budget, provider_id, error);

      if (groups == NULL)
        return NULL;
      for (guint j = 0; groups[j] != NULL; j++)
        {
          ParlanceBudgetState *state = parlance_rate_budget_get_state (budget, provider_id,
                                                                       groups[j], error);

          if (state == NULL)
            return NULL;
          g_ptr_array_add (states, state);
        }
    }
  return g_steal_pointer (&states);
}

static void
print_json (GPtrArray *states)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_begin_array (&json, "budgets");
  for (guint i = 0; i < states->len; i++)
    {
      ParlanceBudgetState *state = states->pdata[i];
      g_autofree char *resets_at = parlance_budget_state_dup_resets_at (state);
      g_autofree char *next = _parlance_cli_format_time (state->next_allowed_at, TRUE);

      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_string (&json, "provider", state->provider_id);
      _parlance_cli_json_string (&json, "group", state->group);
      _parlance_cli_json_int (&json, "minute_used", state->minute_used);
      _parlance_cli_json_int (&json, "minute_limit", state->minute_limit);
      _parlance_cli_json_int (&json, "day_used", state->day_used);
      _parlance_cli_json_int (&json, "day_limit", state->day_limit);
      _parlance_cli_json_int (&json, "minute_tokens_used", state->minute_tokens_used);
      _parlance_cli_json_int (&json, "minute_tokens_limit", state->minute_tokens_limit);
      _parlance_cli_json_int (&json, "day_tokens_used", state->day_tokens_used);
      _parlance_cli_json_string (&json, "resets_at", resets_at);
      _parlance_cli_json_string (&json, "next_allowed_at", next);
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

/* "3/20", or "3" when the limit is unknown. */
static char *
used_of (gint64 used,
         gint64 limit)
{
  if (limit < 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, used);
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, used, limit);
}

static void
pad (GString    *line,
     const char *cell,
     guint       width)
{
  g_string_append (line, cell);
  for (glong n = g_utf8_strlen (cell, -1); n < (glong) width + 2; n++)
    g_string_append_c (line, ' ');
}

#define N_COLUMNS 5

/* A short table, lined up whatever the translation's length; resets in local time. */
static void
print_table (GPtrArray *states)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS] = { 0 };
  gboolean tty = isatty (STDOUT_FILENO);
  char **header = g_new0 (char *, N_COLUMNS + 1);

  header[0] = g_strdup (_("PROVIDER"));
  header[1] = g_strdup (_("GROUP"));
  /* Translators: requests in the last minute, of those allowed */
  header[2] = g_strdup (_("MINUTE"));
  /* Translators: requests since the daily reset, of those allowed */
  header[3] = g_strdup (_("TODAY"));
  header[4] = g_strdup (_("RESETS"));
  g_ptr_array_add (rows, header);
  for (guint i = 0; i < states->len; i++)
    {
      ParlanceBudgetState *state = states->pdata[i];
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[0] = g_strdup (state->provider_id);
      /* A Gemini group is a model's name, which came from the network. */
      row[1] = tty ? parlance_terminal_sanitize (state->group) : g_strdup (state->group);
      row[2] = used_of (state->minute_used, state->minute_limit);
      row[3] = used_of (state->day_used, state->day_limit);
      row[4] = _parlance_cli_format_time (state->resets_at, FALSE);
      g_ptr_array_add (rows, row);
    }
  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < N_COLUMNS; c++)
      widths[c] = MAX (widths[c], (guint) g_utf8_strlen (((char **) rows->pdata[i])[c], -1));
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      char **row = rows->pdata[i];

      for (guint c = 0; c < N_COLUMNS - 1; c++)
        pad (line, row[c], widths[c]);
      g_string_append (line, row[N_COLUMNS - 1]);
      g_print ("%s\n", line->str);
    }
}

static GPtrArray *
provider_ids (const char *only,
              int        *status)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (only != NULL)
    {
      g_autoptr(ParlanceProvider) provider = _parlance_cli_provider_new (only);

      if (provider == NULL)
        {
          *status = PARLANCE_CLI_EXIT_USAGE;
          return NULL;
        }
      g_ptr_array_add (ids, g_strdup (parlance_provider_get_id (provider)));
    }
  else
    {
      g_autoptr(ParlanceProviderRegistry) registry = _parlance_cli_load_registry ();
      GListModel *providers = parlance_provider_registry_get_providers (registry);

      for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
        {
          g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);

          g_ptr_array_add (ids, g_strdup (parlance_provider_get_id (provider)));
        }
    }
  return g_steal_pointer (&ids);
}

int
_parlance_cli_budget (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceRateBudget) budget = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *provider = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE, help = FALSE;
  int status = PARLANCE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider, N_("Only this provider"), N_("PROVIDER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Shows each rate-limit budget: requests in the last minute and since the\n"
                                   "daily reset, of those allowed, and when the day resets. A budget is a\n"
                                   "provider and the models that share its limits (OpenRouter’s “:free” models\n"
                                   "share “free”; Gemini counts per model). Limits are what the provider said,\n"
                                   "else yours from Preferences, else its documented free tier; unknown ones\n"
                                   "are null in JSON. Failed requests count: providers count them."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli budget");

  if (!g_option_context_parse (context, &argc, &argv, &error) || (args != NULL && args[0] != NULL))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Run “parlance-cli budget --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }

  if ((ids = provider_ids (provider, &status)) == NULL)
    return status;
  /* No database yet: nothing was sent, and reading makes none. */
  store = _parlance_cli_open_store (FALSE, &status);
  if (store == NULL && status != PARLANCE_CLI_EXIT_OK)
    return status;
  budget = _parlance_cli_new_budget (store);

  if ((states = collect_states (budget, ids, &error)) == NULL)
    return _parlance_cli_report_store_error (error, FALSE);
  if (json)
    print_json (states);
  else
    print_table (states);
  return PARLANCE_CLI_EXIT_OK;
}
