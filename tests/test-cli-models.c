/* test-cli-models.c — `parlance-cli models`: the list, its filters and its cache.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built parlance-cli against an in-process fake provider (see parlance-test-cli.c).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "parlance-test-cli.h"

/* Models */

static void
remove_models_cache (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "parlance", "models",
                                            "openrouter.json", NULL);
  g_unlink (path);
}

static void
test_models_free_json (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *expected_auth = g_strconcat ("Bearer ", env_key, NULL);
  JsonArray *array;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--free", "--json"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  json_parser_load_from_data (parser, run->out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *model = json_array_get_object_element (array, i);

      g_assert_true (json_object_get_boolean_member (model, "free"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (model, "id"), ":free"));
    }
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  auth = dup_authorization (f, 0);
  g_assert_cmpstr (auth, ==, expected_auth);
  g_clear_pointer (&run, run_free);

  /* Fresh in the cache: no second request. */
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--search", "gpt4o mini"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "openai/gpt-4o-mini");
  assert_contains (run->out->str, "128K");
  assert_contains (run->out->str, "$0.15 / $0.60");
  g_assert_null (strstr (run->out->str, "claude"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_clear_pointer (&run, run_free);

  /* Nothing matches: said in words, not as a lone header. */
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--tools", "--search", "no-such-model-anywhere"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "");
  g_assert_cmpstr (run->err->str, ==, "No models match.\n");
}

static void
test_models_sort_price (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  const char *llama, *mini, *r1, *claude;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--sort", "price"));
  g_assert_cmpint (run->status, ==, 0);
  llama = strstr (run->out->str, "meta-llama/llama-3.3-70b-instruct:free");
  mini = strstr (run->out->str, "openai/gpt-4o-mini");
  r1 = strstr (run->out->str, "deepseek/deepseek-r1");
  claude = strstr (run->out->str, "anthropic/claude-3.5-sonnet");
  g_assert_nonnull (llama);
  g_assert_true (llama < mini && mini < r1 && r1 < claude);
  assert_contains (run->out->str, "200K");
  assert_contains (run->out->str, "$3.00 / $15.00");
  assert_contains (run->out->str, "Free");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--sort", "cheapest"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "Unknown order");
}

static void
test_models_refresh_fails (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  remove_models_cache ();
  fake_response_unref (queue_fixture (f, "GET", "/models", 502, "error-provider.502.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models"));
  g_assert_cmpint (run->status, ==, 8);
  g_assert_cmpstr (run->out->str, ==, "");
  g_clear_pointer (&run, run_free);

  fake_response_unref (queue_fixture (f, "GET", "/models", 200, "models-openrouter-sample.200.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, run_free);

  /* --refresh asks again; when that fails, the saved list is shown with a warning. */
  fake_response_unref (queue_fixture (f, "GET", "/models", 502, "error-provider.502.json"));
  run = run_cli (f->url, NULL, NULL, ARGS ("models", "--refresh", "--tools"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "Warning: showing the list of models saved on");
  assert_contains (run->out->str, "anthropic/claude-3.5-sonnet");
  g_assert_null (strstr (run->out->str, "meta-llama"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);
  g_clear_pointer (&run, run_free);

  run = run_cli (f->url, ARGS ("OPENROUTER_API_KEY", NO_BUS), NULL, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->err->str, "Warning: showing the list of models saved on");
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_test ("/parlance/cli/models/free-json", test_models_free_json);
  add_test ("/parlance/cli/models/sort-price", test_models_sort_price);
  add_test ("/parlance/cli/models/refresh-fails", test_models_refresh_fails);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
