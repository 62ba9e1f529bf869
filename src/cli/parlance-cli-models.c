/* parlance-cli-models.c — `parlance-cli models`: the models a provider offers.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "parlance-api-error.h"
#include "parlance-cli-private.h"
#include "parlance-model-catalog.h"
#include "parlance-terminal-filter.h"

#define MAX_CACHE_AGE (10 * 60)

typedef struct
{
  GMainLoop            *loop;
  GCancellable         *cancellable;
  ParlanceProvider     *provider;
  ParlanceModelCatalog *catalog;
  ParlanceKeyStore     *key_store;
  ParlanceKeySource     key_source;
  gboolean              done;
  GError               *error;
} Models;

static void
models_clear (Models *m)
{
  g_clear_pointer (&m->loop, g_main_loop_unref);
  g_clear_object (&m->cancellable);
  g_clear_object (&m->catalog);
  g_clear_object (&m->key_store);
  g_clear_object (&m->provider);
  g_clear_error (&m->error);
}

static void
load_cached_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Models *m = user_data;

  /* No cache, or a damaged one: a refresh follows. */
  parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result, NULL);
  g_main_loop_quit (m->loop);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Models *m = user_data;

  parlance_model_catalog_refresh_with_key_finish (PARLANCE_MODEL_CATALOG (object), result,
                                                  &m->key_source, &m->error);
  g_main_loop_quit (m->loop);
}

/* Output */

/* Ids and names come from the server: on a terminal, without their control characters. */
static void
print_padded (const char *text,
              guint       width)
{
  g_autofree char *safe = isatty (STDOUT_FILENO) ? parlance_terminal_sanitize (text) : NULL;
  glong len;

  if (safe != NULL)
    text = safe;
  len = g_utf8_strlen (text, -1);
  g_print ("%s", text);
  for (glong i = len; i < (glong) width; i++)
    g_print (" ");
}

static void
print_table (GPtrArray *models)
{
  guint id_width = strlen ("ID"), name_width = strlen (_("NAME"));

  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);

      id_width = MAX (id_width, (guint) g_utf8_strlen (parlance_model_get_id (model), -1));
      name_width = MAX (name_width, (guint) g_utf8_strlen (parlance_model_get_name (model), -1));
    }

  print_padded ("ID", id_width + 2);
  print_padded (_("NAME"), name_width + 2);
  /* Translators: column headings; the price is in US dollars per million tokens */
  g_print ("%8s  %s\n", _("CONTEXT"), _("PRICE IN / OUT PER 1M"));

  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);
      g_autofree char *context = parlance_format_tokens (parlance_model_get_context_length (model));
      g_autofree char *price = parlance_model_dup_price_summary (model);

      print_padded (parlance_model_get_id (model), id_width + 2);
      print_padded (parlance_model_get_name (model), name_width + 2);
      g_print ("%8s  %s\n", context ? context : "-", price ? price : "?");
    }
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *strv)
{
  json_builder_set_member_name (builder, name);
  if (strv == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
print_json (GPtrArray *models)
{
  static const char *price_names[] = { "prompt", "completion", "request", "image" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, parlance_model_get_id (model));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, parlance_model_get_name (model));
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, parlance_model_get_provider_id (model));
      add_int_or_null (builder, "context_length", parlance_model_get_context_length (model));
      add_int_or_null (builder, "max_output_tokens", parlance_model_get_max_output_tokens (model));
      json_builder_set_member_name (builder, "free");
      json_builder_add_boolean_value (builder, parlance_model_get_is_free (model));
      json_builder_set_member_name (builder, "pricing");
      json_builder_begin_object (builder);
      for (guint p = 0; p < G_N_ELEMENTS (price_names); p++)
        if (parlance_model_get_price (model, p) != NULL)
          {
            json_builder_set_member_name (builder, price_names[p]);
            json_builder_add_string_value (builder, parlance_model_get_price (model, p));
          }
      json_builder_end_object (builder);
      add_strv (builder, "input_modalities", parlance_model_get_input_modalities (model));
      add_strv (builder, "output_modalities", parlance_model_get_output_modalities (model));
      add_strv (builder, "supported_parameters", parlance_model_get_supported_parameters (model));
      if (parlance_model_get_created (model) > 0)
        {
          json_builder_set_member_name (builder, "created");
          json_builder_add_int_value (builder, parlance_model_get_created (model));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  /* A terminal would obey the C1 controls json-glib leaves raw; a pipe gets them as is. */
  if (isatty (STDOUT_FILENO))
    {
      char *escaped = parlance_terminal_escape_json (text);

      g_free (text);
      text = escaped;
    }
  g_print ("%s\n", text);
}

/* The command */

int
_parlance_cli_models (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *search = NULL;
  g_autofree char *sort_name = NULL;
  gboolean free_only = FALSE, tools = FALSE, json = FALSE, refresh = FALSE, help = FALSE;
  ParlanceModelFilter filter = PARLANCE_MODEL_FILTER_INIT;
  ParlanceModelSort sort = PARLANCE_MODEL_SORT_NAME;
  Models m = { 0 };
  int status = PARLANCE_CLI_EXIT_OK;
  guint interrupt_id;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_id,
      N_("Provider: openrouter (default), gemini, openai, ollama, or one added with “providers add”"),
      N_("PROVIDER") },
    { "free", 0, 0, G_OPTION_ARG_NONE, &free_only, N_("Only free models"), NULL },
    { "tools", 0, 0, G_OPTION_ARG_NONE, &tools, N_("Only models that can call tools"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only models whose id or name holds every word of QUERY"), N_("QUERY") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      N_("Sort by name (default), price (cheapest first), context (largest first) or newest"),
      N_("ORDER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the models as a JSON array"), NULL },
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh,
      N_("Ask the provider even when the saved list is recent"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Lists the models a provider offers: id, name, context length and\n"
                                   "the price in US dollars per million tokens in and out. The list is\n"
                                   "saved in the cache folder and asked for again after 10 minutes; when\n"
                                   "that fails, the saved list is shown with a warning."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli models");

  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : _("parlance-cli models takes no arguments"));
      g_printerr (_("Run “parlance-cli models --help” for the options.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (help)
    {
      g_autofree char *text = _parlance_cli_dup_help (context);

      g_print ("%s", text);
      return PARLANCE_CLI_EXIT_OK;
    }

  if (sort_name == NULL || g_str_equal (sort_name, "name"))
    sort = PARLANCE_MODEL_SORT_NAME;
  else if (g_str_equal (sort_name, "price"))
    sort = PARLANCE_MODEL_SORT_PRICE;
  else if (g_str_equal (sort_name, "context"))
    sort = PARLANCE_MODEL_SORT_CONTEXT;
  else if (g_str_equal (sort_name, "newest"))
    sort = PARLANCE_MODEL_SORT_NEWEST;
  else
    {
      g_printerr (_("Unknown order “%s”: use name, price, context or newest.\n"),
                  g_utf8_validate (sort_name, -1, NULL) ? sort_name : "?");
      return PARLANCE_CLI_EXIT_USAGE;
    }

  if (search != NULL && !g_utf8_validate (search, -1, NULL))
    {
      g_printerr (_("The options must be text in the locale’s encoding or UTF-8.\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }

  m.provider = _parlance_cli_provider_new (provider_id != NULL ? provider_id : "openrouter");
  if (m.provider == NULL)
    return PARLANCE_CLI_EXIT_USAGE;

  m.loop = g_main_loop_new (NULL, FALSE);
  m.cancellable = g_cancellable_new ();
  m.catalog = parlance_model_catalog_new (m.provider);
  interrupt_id = _parlance_cli_watch_interrupt (m.cancellable, NULL, NULL);

  parlance_model_catalog_load_cached_async (m.catalog, m.cancellable, load_cached_cb, &m);
  g_main_loop_run (m.loop);

  if (refresh || parlance_model_catalog_get_is_stale (m.catalog, MAX_CACHE_AGE))
    {
      /* The catalogue looks the key and the secret headers up, and sends them only to the
       * address they were looked up for. */
      m.key_store = parlance_key_store_new ();
      parlance_model_catalog_refresh_with_key_async (m.catalog, m.key_store, m.cancellable, refresh_cb, &m);
      g_main_loop_run (m.loop);

      if (m.error == NULL)
        status = PARLANCE_CLI_EXIT_OK;
      else if (g_error_matches (m.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          _parlance_cli_print_no_key (m.provider);
          status = PARLANCE_CLI_EXIT_NO_KEY;
        }
      else if (m.error->domain == PARLANCE_KEY_STORE_ERROR ||
               g_error_matches (m.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        status = _parlance_cli_report_lookup_error (m.provider, m.error);
      else
        {
          _parlance_cli_print_error (m.provider, m.error, NULL, NULL, m.key_source);
          status = _parlance_cli_exit_for_error (m.error);
        }

      /* Without a fresh list, the saved one is better than nothing. */
      if (status != PARLANCE_CLI_EXIT_OK && status != PARLANCE_CLI_EXIT_CANCELLED &&
          parlance_model_catalog_get_fetched_at (m.catalog) > 0)
        {
          g_autoptr(GDateTime) when =
            g_date_time_new_from_unix_local (parlance_model_catalog_get_fetched_at (m.catalog));
          g_autofree char *when_text = g_date_time_format (when, "%Y-%m-%d %H:%M");

          g_printerr (_("Warning: showing the list of models saved on %s.\n"), when_text);
          status = PARLANCE_CLI_EXIT_OK;
        }
    }

  g_source_remove (interrupt_id);

  if (status == PARLANCE_CLI_EXIT_OK)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (m.catalog)); i++)
        g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (m.catalog), i));

      if (free_only)
        filter.flags |= PARLANCE_MODEL_FILTER_FREE;
      if (tools)
        filter.flags |= PARLANCE_MODEL_FILTER_TOOLS;
      filter.query = search;
      shown = parlance_model_filter_and_sort (all, &filter, sort);

      if (json)
        print_json (shown);
      else if (shown->len == 0)
        g_printerr (_("No models match.\n"));
      else
        print_table (shown);
    }

  models_clear (&m);
  return status;
}
