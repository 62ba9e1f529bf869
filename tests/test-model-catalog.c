/* test-model-catalog.c — ParlanceModel and ParlanceModelCatalog: parsing, cache, filters.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-model-catalog.h"
#include "parlance-test-utils.h"

#define SAMPLE "models-openrouter-sample.200.json"

static GPtrArray *
parse_fixture (const char  *name,
               const char  *provider_id,
               GError     **error)
{
  g_autoptr(GBytes) bytes = parlance_test_load_fixture (name);

  return parlance_model_catalog_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       provider_id, error);
}

static ParlanceModel *
find (GPtrArray  *models,
      const char *id)
{
  for (guint i = 0; i < models->len; i++)
    if (g_str_equal (parlance_model_get_id (g_ptr_array_index (models, i)), id))
      return g_ptr_array_index (models, i);
  g_error ("no model %s", id);
  return NULL;
}

static guint
count_free (GPtrArray *models)
{
  guint n = 0;

  for (guint i = 0; i < models->len; i++)
    n += parlance_model_get_is_free (g_ptr_array_index (models, i));
  return n;
}

/* Parsing */

static void
test_parse_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = parse_fixture (SAMPLE, "openrouter", &error);
  ParlanceModel *claude, *mini, *llama, *r1, *gemma, *mistral, *router;
  const char * const *in;

  g_assert_no_error (error);
  /* Entries without an id and entries that aren't objects are left out. */
  g_assert_cmpuint (models->len, ==, 7);
  g_assert_cmpuint (count_free (models), ==, 2);

  claude = find (models, "anthropic/claude-3.5-sonnet");
  g_assert_cmpstr (parlance_model_get_name (claude), ==, "Anthropic: Claude 3.5 Sonnet");
  g_assert_cmpstr (parlance_model_get_provider_id (claude), ==, "openrouter");
  g_assert_cmpstr (parlance_model_get_description (claude), ==, "A strong model for coding and writing.");
  g_assert_cmpint (parlance_model_get_context_length (claude), ==, 200000);
  g_assert_cmpint (parlance_model_get_max_output_tokens (claude), ==, 8192);
  g_assert_cmpint (parlance_model_get_created (claude), ==, 1729555200);
  g_assert_cmpstr (parlance_model_get_price (claude, PARLANCE_MODEL_PRICE_PROMPT), ==, "0.000003");
  g_assert_cmpfloat_with_epsilon (parlance_model_get_price_per_million (claude, PARLANCE_MODEL_PRICE_PROMPT), 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (parlance_model_get_price_per_million (claude, PARLANCE_MODEL_PRICE_COMPLETION), 15.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (parlance_model_get_price_per_million (claude, PARLANCE_MODEL_PRICE_REQUEST), 0.0, 1e-9);
  g_assert_cmpstr (parlance_model_get_price (claude, PARLANCE_MODEL_PRICE_IMAGE), ==, "0.0048");
  g_assert_false (parlance_model_get_is_free (claude));
  in = parlance_model_get_input_modalities (claude);
  g_assert_true (g_strv_contains (in, "image"));
  g_assert_cmpuint (g_strv_length ((GStrv) in), ==, 2);
  g_assert_true (g_strv_contains (parlance_model_get_output_modalities (claude), "text"));
  g_assert_true (parlance_model_supports (claude, "tools"));
  g_assert_false (parlance_model_supports (claude, "reasoning"));

  mini = find (models, "openai/gpt-4o-mini");
  g_assert_cmpfloat_with_epsilon (parlance_model_get_price_per_million (mini, PARLANCE_MODEL_PRICE_PROMPT), 0.15, 1e-9);
  g_assert_null (parlance_model_get_price (mini, PARLANCE_MODEL_PRICE_IMAGE));
  g_assert_cmpfloat (parlance_model_get_price_per_million (mini, PARLANCE_MODEL_PRICE_IMAGE), ==, -1);

  /* Free by its prices; modalities from the older "modality" string. */
  llama = find (models, "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_true (parlance_model_get_is_free (llama));
  g_assert_true (g_strv_contains (parlance_model_get_input_modalities (llama), "text"));
  g_assert_false (parlance_model_supports (llama, "tools"));

  /* context_length null: the top provider's. */
  r1 = find (models, "deepseek/deepseek-r1");
  g_assert_cmpint (parlance_model_get_context_length (r1), ==, 163840);
  g_assert_cmpint (parlance_model_get_max_output_tokens (r1), ==, -1);
  g_assert_true (parlance_model_supports (r1, "reasoning"));

  /* Fields of the wrong type are unknown, not errors. */
  gemma = find (models, "google/gemma-3-27b-it");
  g_assert_cmpstr (parlance_model_get_name (gemma), ==, "google/gemma-3-27b-it");
  g_assert_cmpint (parlance_model_get_context_length (gemma), ==, -1);
  g_assert_cmpint (parlance_model_get_created (gemma), ==, 0);
  g_assert_null (parlance_model_get_supported_parameters (gemma));
  g_assert_null (parlance_model_get_input_modalities (gemma));
  g_assert_null (parlance_model_get_price (gemma, PARLANCE_MODEL_PRICE_PROMPT));
  g_assert_false (parlance_model_get_is_free (gemma));

  /* Free by its id, with no pricing at all. */
  mistral = find (models, "mistralai/mistral-7b-instruct:free");
  g_assert_true (parlance_model_get_is_free (mistral));
  g_assert_cmpfloat (parlance_model_get_price_per_million (mistral, PARLANCE_MODEL_PRICE_PROMPT), ==, -1);

  /* "-1": a variable price, unknown. */
  router = find (models, "openrouter/auto");
  g_assert_cmpfloat (parlance_model_get_price_per_million (router, PARLANCE_MODEL_PRICE_PROMPT), ==, -1);
  g_assert_false (parlance_model_get_is_free (router));
}

static void
test_parse_gemini (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = parse_fixture ("models-gemini.200.json", "gemini", &error);
  ParlanceModel *model;

  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 1);
  model = g_ptr_array_index (models, 0);
  g_assert_cmpstr (parlance_model_get_id (model), ==, "models/gemini-2.5-flash");
  g_assert_cmpstr (parlance_model_get_name (model), ==, "gemini-2.5-flash");
  g_assert_cmpint (parlance_model_get_context_length (model), ==, -1);
  g_assert_true (parlance_model_matches (model, "flash"));
}

static void
test_parse_odd (void)
{
  static const char *malformed[] = {
    "", "   ", "not json", "{\"data\": 3}", "[1, 2]", "{\"object\": \"list\"}", "{\"data\": [",
    "null",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;

  models = parse_fixture ("models-ollama-null.200.json", "ollama", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 0);
  g_clear_pointer (&models, g_ptr_array_unref);

  models = parse_fixture ("models-small.200.json", "openrouter", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  g_clear_pointer (&models, g_ptr_array_unref);

  models = parse_fixture ("models-html.200.html", "openrouter", &error);
  g_assert_null (models);
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "web page"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      models = parlance_model_catalog_parse (malformed[i], strlen (malformed[i]), "x", &error);
      g_assert_null (models);
      g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, "The list of models could not be read"));
      g_clear_error (&error);
    }
}

/* The list is walked without a tree: its members, strings and nesting must not mislead the walk. */
static void
test_parse_walk (void)
{
  static const struct {
    const char *json;
    const char *ids;    /* NULL: an error */
  } cases[] = {
    { "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", "a b" },
    { " {\"meta\":{\"data\":[{\"id\":\"nested\"}]},\"data\":[{\"id\":\"top\"}]} ", "top" },
    { "{\"data\":[{\"id\":\"first\"}],\"data\":[{\"id\":\"last\"}]}", "last" },
    { "{\"d\\u0061ta\":[{\"id\":\"x\"}],\"data\":[]}", "" },
    { "{\"d\\u0061ta\":[{\"id\":\"x\"}]}", "x" },
    { "{\"data\":[{\"id\":\"y\"}],\"data\\u0000\":null}", "" },
    { "{\"data\":[3,\"x\",null,[1],{\"id\":\"ok\"},{\"name\":\"no id\"}]}", "ok" },
    { "{\"data\":[{\"id\":\"a]},{\\\"\"}]}", "a]},{\"" },
    { "{\"data\":null}", "" },
    { "{}", NULL },
    { "{\"data\":[{\"id\":\"a\"}]} trailing", NULL },
    /* json-glib reads several documents in a row as the first (found by fuzz-model-list). */
    { "{\"data\":[{\"id\":\"a\"}]}{\"data\":[{\"id\":\"b\"}]} [1]", "a" },
    { "{\"data\":[{\"id\":\"a\"}]}{\"data\":", NULL },
    { "{\"data\":[- 8,{\"id\":\"a\"}]}", "a" },
    { "{\"data\":[$ 3,- $ 0x3,{\"id\":\"a\"}]}", "a" },
    { "{\"data\":[{\"id\":\"a\"}]}{} 5", NULL },
    { "{\"data\":[{\"id\":\"a\"},]}", NULL },
    { "{\"data\":[{\"id\":\"a\"}", NULL },
    { "{\"data\":[{\"id\":}]}", NULL },
    { "{\"data\" [ ]}", NULL },
    { "{\"data\":\"[{\\\"id\\\":\\\"s\\\"}]\"}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) models = parlance_model_catalog_parse (cases[i].json, strlen (cases[i].json),
                                                                  "x", &error);
      g_autoptr(GString) ids = g_string_new (NULL);

      g_test_message ("%s", cases[i].json);
      if (cases[i].ids == NULL)
        {
          g_assert_null (models);
          g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
          continue;
        }
      g_assert_no_error (error);
      for (guint j = 0; j < models->len; j++)
        g_string_append_printf (ids, "%s%s", j ? " " : "", parlance_model_get_id (g_ptr_array_index (models, j)));
      g_assert_cmpstr (ids->str, ==, cases[i].ids);
    }
}

/* Matching, filters, sorting */

static GStrv
ids_of (GPtrArray *models)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < models->len; i++)
    g_strv_builder_add (builder, parlance_model_get_id (g_ptr_array_index (models, i)));
  return g_strv_builder_end (builder);
}

static void
test_match (void)
{
  g_autoptr(GPtrArray) models = parse_fixture (SAMPLE, "openrouter", NULL);
  ParlanceModel *claude = find (models, "anthropic/claude-3.5-sonnet");
  ParlanceModel *mini = find (models, "openai/gpt-4o-mini");

  g_assert_true (parlance_model_matches (claude, NULL));
  g_assert_true (parlance_model_matches (claude, "  "));
  g_assert_true (parlance_model_matches (claude, "anthropic"));
  g_assert_true (parlance_model_matches (claude, "ANTHROPIC sonnet"));
  g_assert_true (parlance_model_matches (claude, "Claude 3.5"));
  g_assert_false (parlance_model_matches (claude, "gpt"));
  g_assert_false (parlance_model_matches (claude, "anthropic opus"));
  g_assert_true (parlance_model_matches (mini, "gpt4o mini"));
  g_assert_true (parlance_model_matches (mini, "OpenAI: GPT"));
  g_assert_false (parlance_model_matches (mini, "gpt5"));
}

static void
test_filter_sort (void)
{
  g_autoptr(GPtrArray) models = parse_fixture (SAMPLE, "openrouter", NULL);
  ParlanceModelFilter filter = PARLANCE_MODEL_FILTER_INIT;
  g_autoptr(GPtrArray) result = NULL;
  g_auto(GStrv) ids = NULL;

#define RUN(sort) \
  G_STMT_START { \
    g_clear_pointer (&result, g_ptr_array_unref); \
    g_clear_pointer (&ids, g_strfreev); \
    result = parlance_model_filter_and_sort (models, &filter, (sort)); \
    ids = ids_of (result); \
  } G_STMT_END

  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 7);
  g_assert_cmpstr (ids[0], ==, "anthropic/claude-3.5-sonnet");   /* "anthropic: …" */

  filter.flags = PARLANCE_MODEL_FILTER_FREE;
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 2);
  g_assert_cmpstr (ids[0], ==, "meta-llama/llama-3.3-70b-instruct:free");
  g_assert_cmpstr (ids[1], ==, "mistralai/mistral-7b-instruct:free");

  filter.flags = PARLANCE_MODEL_FILTER_TOOLS;
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 3);

  filter.flags = PARLANCE_MODEL_FILTER_TOOLS | PARLANCE_MODEL_FILTER_FREE;
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 1);
  g_assert_cmpstr (ids[0], ==, "mistralai/mistral-7b-instruct:free");

  filter.flags = PARLANCE_MODEL_FILTER_IMAGE_INPUT;
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 2);

  filter.flags = PARLANCE_MODEL_FILTER_REASONING;
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 1);
  g_assert_cmpstr (ids[0], ==, "deepseek/deepseek-r1");

  filter.flags = 0;
  filter.min_context = 150000;
  RUN (PARLANCE_MODEL_SORT_CONTEXT);
  g_assert_cmpuint (result->len, ==, 3);
  g_assert_cmpstr (ids[0], ==, "openrouter/auto");
  g_assert_cmpstr (ids[1], ==, "anthropic/claude-3.5-sonnet");
  g_assert_cmpstr (ids[2], ==, "deepseek/deepseek-r1");

  /* A free model passes a price ceiling and sorts as free, even without listed prices. */
  filter.min_context = 0;
  filter.max_price_per_million = 1.0;
  RUN (PARLANCE_MODEL_SORT_PRICE);
  g_assert_cmpuint (result->len, ==, 4);
  g_assert_true (g_str_has_suffix (ids[0], ":free"));
  g_assert_true (g_str_has_suffix (ids[1], ":free"));
  g_assert_cmpstr (ids[2], ==, "openai/gpt-4o-mini");
  g_assert_cmpstr (ids[3], ==, "deepseek/deepseek-r1");

  /* Unknown prices last. */
  filter.max_price_per_million = -1;
  RUN (PARLANCE_MODEL_SORT_PRICE);
  g_assert_cmpuint (result->len, ==, 7);
  g_assert_cmpstr (ids[4], ==, "anthropic/claude-3.5-sonnet");
  g_assert_true (parlance_model_get_price_per_million (g_ptr_array_index (result, 6),
                                                       PARLANCE_MODEL_PRICE_PROMPT) < 0);

  RUN (PARLANCE_MODEL_SORT_NEWEST);
  g_assert_cmpstr (ids[0], ==, "deepseek/deepseek-r1");
  g_assert_cmpstr (ids[6], ==, "google/gemma-3-27b-it");   /* no date */

  filter.query = "gpt4o mini";
  RUN (PARLANCE_MODEL_SORT_NAME);
  g_assert_cmpuint (result->len, ==, 1);
  g_assert_true (parlance_model_matches_filter (g_ptr_array_index (result, 0), &filter));
#undef RUN
}

/* The catalogue and its cache */

typedef struct
{
  FakeProvider         *fake;
  ParlanceProvider     *provider;
  ParlanceModelCatalog *catalog;
  gboolean              done;
  gboolean              ok;
  GError               *error;
  guint                 changes;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->fake = fake_provider_new ();
  f->provider = parlance_provider_new_builtin ("openrouter");
  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", fake_provider_get_port (f->fake));
  g_assert_true (parlance_provider_set_base_url (f->provider, url, &error));
  f->catalog = parlance_model_catalog_new (f->provider);
  g_signal_connect (f->catalog, "items-changed", G_CALLBACK (on_items_changed), f);

  /* Each test starts without a cache. */
  path = parlance_model_catalog_dup_cache_path (f->catalog);
  g_unlink (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_error (&f->error);
  g_assert_finalize_object (f->catalog);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->fake);
}

static void
queue (Fixture    *f,
       guint       status,
       const char *name)
{
  g_autofree char *path = parlance_test_build_path ("fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeResponse) response = fake_response_new_from_file (status, path, &error);

  g_assert_no_error (error);
  fake_provider_queue (f->fake, "GET", "/models", response);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  if (g_task_get_source_tag (G_TASK (result)) == parlance_model_catalog_refresh_async)
    f->ok = parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result, &f->error);
  else
    f->ok = parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
refresh (Fixture *f)
{
  f->done = FALSE;
  parlance_model_catalog_refresh_async (f->catalog, "sk-test", NULL, done_cb, f);
  parlance_test_wait_for (f->done, 10000);
  return f->ok;
}

static gboolean
load_cached (Fixture              *f,
             ParlanceModelCatalog *catalog)
{
  f->done = FALSE;
  parlance_model_catalog_load_cached_async (catalog, NULL, done_cb, f);
  parlance_test_wait_for (f->done, 10000);
  return f->ok;
}

static void
test_cache_miss_then_hit (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = parlance_model_catalog_dup_cache_path (f->catalog);
  g_autoptr(ParlanceModelCatalog) second = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(ParlanceModel) item = NULL;
  g_autofree char *expected_path = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  expected_path = g_build_filename (g_get_user_cache_dir (), "parlance", "models", "openrouter.json", NULL);
  g_assert_cmpstr (path, ==, expected_path);

  g_assert_false (load_cached (f, f->catalog));
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 0);
  g_assert_true (parlance_model_catalog_get_is_stale (f->catalog, 600));
  g_assert_cmpint (parlance_model_catalog_get_fetched_at (f->catalog), ==, 0);

  queue (f, 200, SAMPLE);
  g_assert_true (refresh (f));
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 7);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_cmpint (parlance_model_catalog_get_fetched_at (f->catalog), >=, before);
  g_assert_false (parlance_model_catalog_get_is_stale (f->catalog, 600));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (parlance_model_catalog_lookup (f->catalog, "openai/gpt-4o-mini"));
  item = g_list_model_get_item (G_LIST_MODEL (f->catalog), 0);
  g_assert_true (PARLANCE_IS_MODEL (item));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->catalog), 7));

  request = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (request->path, ==, "/api/v1/models");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer sk-test");

  /* Another catalogue starts from the cache, without a request. */
  second = parlance_model_catalog_new (f->provider);
  g_assert_true (load_cached (f, second));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 7);
  g_assert_cmpint (parlance_model_catalog_get_fetched_at (second), ==,
                   parlance_model_catalog_get_fetched_at (f->catalog));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_cache_stale (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = parlance_model_catalog_dup_cache_path (f->catalog);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) sample = parlance_test_load_fixture (SAMPLE);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 old = g_get_real_time () / G_USEC_PER_SEC - 3600;

  g_string_append_printf (contents, "parlance-models %" G_GINT64_FORMAT "\n", old);
  g_string_append_len (contents, g_bytes_get_data (sample, NULL), (gssize) g_bytes_get_size (sample));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents->str, (gssize) contents->len, &error);
  g_assert_no_error (error);

  g_assert_true (load_cached (f, f->catalog));
  g_assert_cmpint (parlance_model_catalog_get_fetched_at (f->catalog), ==, old);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 7);
  g_assert_true (parlance_model_catalog_get_is_stale (f->catalog, 600));
  g_assert_false (parlance_model_catalog_get_is_stale (f->catalog, 7200));

  /* A damaged cache is an error, and changes nothing. */
  g_file_set_contents (path, "garbage", -1, &error);
  g_assert_no_error (error);
  g_assert_false (load_cached (f, f->catalog));
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 7);
}

static void
test_failed_refresh_keeps_cache (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = parlance_model_catalog_dup_cache_path (f->catalog);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 fetched_at;

  queue (f, 200, SAMPLE);
  g_assert_true (refresh (f));
  fetched_at = parlance_model_catalog_get_fetched_at (f->catalog);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  queue (f, 502, "error-provider.502.json");
  g_assert_false (refresh (f));
  g_assert_error (f->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 7);
  g_assert_cmpint (parlance_model_catalog_get_fetched_at (f->catalog), ==, fetched_at);

  queue (f, 200, "models-html.200.html");
  g_assert_false (refresh (f));
  g_assert_error (f->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);

  queue (f, 200, "error-unauthorized.401.json");   /* JSON, but not a list of models */
  g_assert_false (refresh (f));
  g_assert_error (f->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);

  queue (f, 401, "error-unauthorized.401.json");
  g_assert_false (refresh (f));
  g_assert_error (f->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 7);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Ollama without models: an empty list replaces the old one. */
  queue (f, 200, "models-ollama-null.200.json");
  g_assert_true (refresh (f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->catalog)), ==, 0);
}

static void
expect_text (char       *text,
             const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

/* Figures for people: never "1e-05", never a made-up number for an unknown one. */
static void
test_format (void)
{
  expect_text (parlance_format_dollars (3.0), "$3.00");
  expect_text (parlance_format_dollars (0.15), "$0.15");
  expect_text (parlance_format_dollars (0.075), "$0.075");
  expect_text (parlance_format_dollars (0.0048), "$0.0048");
  expect_text (parlance_format_dollars (0.00001), "$0.00001");
  expect_text (parlance_format_dollars (0.00000125), "$0.00000125");
  expect_text (parlance_format_dollars (0), "$0.00");
  g_assert_null (parlance_format_dollars (-1));

  expect_text (parlance_format_tokens (200000), "200K");
  expect_text (parlance_format_tokens (1048576), "1.05M");
  expect_text (parlance_format_tokens (2000000), "2M");
  expect_text (parlance_format_tokens (512), "512");
  g_assert_null (parlance_format_tokens (0));
  g_assert_null (parlance_format_tokens (-1));
}

/* Model lists, bound to their provider */

#define BOUND_KEY "sk-or-v1-model-list-binding-Zp4"

typedef struct
{
  gboolean          done;
  gboolean          ok;
  ParlanceKeySource source;
  GError           *error;
} Keyed;

static void
keyed_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Keyed *k = user_data;

  k->ok = parlance_model_catalog_refresh_with_key_finish (PARLANCE_MODEL_CATALOG (object), result,
                                                          &k->source, &k->error);
  k->done = TRUE;
}

static void
queue_models (FakeProvider *server)
{
  g_autofree char *path = parlance_test_build_path ("fixtures", SAMPLE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeResponse) response = fake_response_new_from_file (200, path, &error);

  g_assert_no_error (error);
  fake_provider_queue (server, "GET", "/models", response);
}

/* No request @server received carried @key, in any header. */
static void
assert_never_reached (FakeProvider *server,
                      const char   *key)
{
  for (guint i = 0; i < fake_provider_get_n_requests (server); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (server, i);
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, request->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        g_assert_null (strstr (value, key));
    }
}

/* The provider's address moves while its key is read (a session key answers on a later
 * main-loop turn): the list is asked of the address the key was looked up for, with the key;
 * the new address sees neither. */
static void
test_refresh_bound_to_provider (void)
{
  g_autoptr(FakeProvider) old_server = fake_provider_new ();
  g_autoptr(FakeProvider) new_server = fake_provider_new ();
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(ParlanceKeyStore) key_store = parlance_key_store_new ();
  g_autoptr(ParlanceModelCatalog) catalog = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strconcat ("Bearer ", BOUND_KEY, NULL);
  Keyed k = { 0 };

  queue_models (old_server);
  queue_models (new_server);
  g_unsetenv ("OPENROUTER_API_KEY");
  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (old_server), &error));
  g_assert_no_error (error);
  g_assert_true (parlance_key_store_set_session_key (key_store, "openrouter", BOUND_KEY, &error));
  g_assert_no_error (error);
  catalog = parlance_model_catalog_new (provider);

  parlance_model_catalog_refresh_with_key_async (catalog, key_store, NULL, keyed_done, &k);
  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (new_server), &error));
  g_assert_no_error (error);
  parlance_test_wait_for (k.done, 10000);

  g_assert_no_error (k.error);
  g_assert_true (k.ok);
  g_assert_cmpint (k.source, ==, PARLANCE_KEY_SOURCE_SESSION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 7);
  assert_never_reached (new_server, BOUND_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (new_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (old_server), ==, 1);
  request = fake_provider_dup_request (old_server, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, expected);
}

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, NULL));
  *done = TRUE;
}

static void
headers_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (parlance_key_store_store_headers_finish (PARLANCE_KEY_STORE (object), result, NULL));
  *done = TRUE;
}

static void
headers_stored_deleted (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, NULL));
  *done = TRUE;
}

#define SECRET_HEADER_VALUE "hdr-secret-Vb81"

/* A custom provider with a key and a secret header in the keyring (many D-Bus round trips):
 * both go with the list request, to the address they were looked up for only. */
static void
test_refresh_secret_headers_bound (void)
{
  g_autoptr(FakeProvider) old_server = fake_provider_new ();
  g_autoptr(FakeProvider) new_server = fake_provider_new ();
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(ParlanceKeyStore) key_store = parlance_key_store_new ();
  g_autoptr(ParlanceModelCatalog) catalog = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Keyed k = { 0 };
  gboolean done = FALSE;

  if (!parlance_test_require_keyring ())
    return;

  queue_models (old_server);
  queue_models (new_server);
  provider = parlance_provider_new_custom ("bound-list", "Bound List", fake_provider_get_base_url (old_server));
  parlance_key_store_store_for_async (key_store, provider, BOUND_KEY, NULL, stored, &done);
  parlance_test_wait_for (done, 30000);
  g_ptr_array_add (headers, (gpointer) "x-api-key");
  g_ptr_array_add (headers, (gpointer) SECRET_HEADER_VALUE);
  done = FALSE;
  parlance_key_store_store_headers_async (key_store, provider, headers, NULL, headers_stored, &done);
  parlance_test_wait_for (done, 30000);
  catalog = parlance_model_catalog_new (provider);

  parlance_model_catalog_refresh_with_key_async (catalog, key_store, NULL, keyed_done, &k);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (new_server), &error));
  g_assert_no_error (error);
  parlance_test_wait_for (k.done, 30000);

  g_assert_no_error (k.error);
  g_assert_true (k.ok);
  assert_never_reached (new_server, BOUND_KEY);
  assert_never_reached (new_server, SECRET_HEADER_VALUE);
  g_assert_cmpuint (fake_provider_get_n_requests (new_server), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (old_server), ==, 1);
  request = fake_provider_dup_request (old_server, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "x-api-key"), ==, SECRET_HEADER_VALUE);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " BOUND_KEY);

  done = FALSE;
  parlance_key_store_delete_all_async (key_store, "bound-list", NULL, headers_stored_deleted, &done);
  parlance_test_wait_for (done, 30000);
}

#define SHORT_KEY "k3y-abc123"

/* A refresh of a custom provider whose short key no pattern recognises, answered @response. */
static void
refresh_short_key (FakeResponse *response,
                   Keyed        *k)
{
  g_autoptr(FakeProvider) server = fake_provider_new ();
  g_autoptr(ParlanceProvider) provider = NULL;
  g_autoptr(ParlanceKeyStore) key_store = parlance_key_store_new ();
  g_autoptr(ParlanceModelCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  fake_response_set_content_type (response, "application/json");
  fake_provider_queue (server, "GET", "/models", response);
  provider = parlance_provider_new_custom ("short-list", "Short List", fake_provider_get_base_url (server));
  g_assert_true (parlance_key_store_set_session_key (key_store, "short-list", SHORT_KEY, &error));
  g_assert_no_error (error);
  catalog = parlance_model_catalog_new (provider);

  parlance_model_catalog_refresh_with_key_async (catalog, key_store, NULL, keyed_done, k);
  parlance_test_wait_for (k->done, 10000);
  g_assert_false (k->ok);
  g_assert_nonnull (k->error);
  g_test_message ("%s", k->error->message);
}

/* That key quoted back in an error body: the refresh's error never holds it. */
static void
test_refresh_error_without_key (void)
{
  g_autoptr(FakeResponse) response = fake_response_new (400);
  Keyed k = { 0 };

  fake_response_set_body_string (response, "{\"error\": {\"message\": \"Key " SHORT_KEY " is not allowed here\"}}");
  refresh_short_key (response, &k);
  g_assert_nonnull (strstr (k.error->message, "is not allowed here"));
  g_assert_null (strstr (k.error->message, SHORT_KEY));
  g_assert_null (strstr (k.error->message, "abc123"));
  g_clear_error (&k.error);
}

/* Quoted back in a 200 that is not JSON: json-glib's words name the token it choked on, and
 * they must not bring the key into the error. */
static void
test_refresh_not_json_without_key (void)
{
  const char *bodies[] = { "[\"" SHORT_KEY "\" 1]", "{\"data\": [{\"id\": \"" SHORT_KEY "\" 1}]}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FakeResponse) response = fake_response_new (200);
      Keyed k = { 0 };

      fake_response_set_body_string (response, bodies[i]);
      refresh_short_key (response, &k);
      g_assert_error (k.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_assert_null (strstr (k.error->message, "abc123"));
      g_clear_error (&k.error);
    }
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/model-catalog/format", test_format);
  g_test_add_func ("/parlance/model-catalog/parse/sample", test_parse_sample);
  g_test_add_func ("/parlance/model-catalog/parse/walk", test_parse_walk);
  g_test_add_func ("/parlance/model-catalog/parse/gemini", test_parse_gemini);
  g_test_add_func ("/parlance/model-catalog/parse/odd-shapes", test_parse_odd);
  g_test_add_func ("/parlance/model-catalog/match", test_match);
  g_test_add_func ("/parlance/model-catalog/filter-sort", test_filter_sort);
  g_test_add ("/parlance/model-catalog/cache/miss-then-hit", Fixture, NULL, fixture_setup,
              test_cache_miss_then_hit, fixture_teardown);
  g_test_add ("/parlance/model-catalog/cache/stale", Fixture, NULL, fixture_setup,
              test_cache_stale, fixture_teardown);
  g_test_add ("/parlance/model-catalog/cache/failed-refresh-keeps-cache", Fixture, NULL,
              fixture_setup, test_failed_refresh_keeps_cache, fixture_teardown);
  g_test_add_func ("/parlance/model-catalog/refresh/bound-to-provider", test_refresh_bound_to_provider);
  g_test_add_func ("/parlance/model-catalog/refresh/secret-headers-bound", test_refresh_secret_headers_bound);
  g_test_add_func ("/parlance/model-catalog/refresh/error-without-key", test_refresh_error_without_key);
  g_test_add_func ("/parlance/model-catalog/refresh/not-json-without-key", test_refresh_not_json_without_key);

  return g_test_run ();
}
