/* test-model-results.c — sections, reused entries and blank spares of ParlanceModelResults.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-model-results.h"
#include "parlance-test-utils.h"

static GPtrArray *
models_new (guint n)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *id = g_strdup_printf ("vendor/model-%02u", i);

      json_object_set_string_member (object, "id", id);
      g_ptr_array_add (models, parlance_model_new_from_json (object, "openrouter"));
    }
  return models;
}

static const char *
id_at (ParlanceModelResults *results,
       guint                 position)
{
  ParlanceModel *model = parlance_model_results_get_model (results, position);

  return model ? parlance_model_get_id (model) : NULL;
}

static const char *
heading_at (ParlanceModelResults *results,
            guint                 position)
{
  g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (G_LIST_MODEL (results), position);

  return entry ? parlance_model_entry_get_heading (entry) : NULL;
}

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
items_changed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->calls++;
}

static void
test_model_results_plain (void)
{
  g_autoptr(ParlanceModelResults) results = parlance_model_results_new ();
  g_autoptr(GPtrArray) models = models_new (3);

  parlance_model_results_set (results, models, NULL, NULL);
  /* Nothing is a favourite or recent: no headings at all. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 3);
  g_assert_cmpuint (parlance_model_results_get_n_models (results), ==, 3);
  g_assert_cmpuint (parlance_model_results_get_n_lines (results), ==, 3);
  g_assert_cmpstr (id_at (results, 0), ==, "vendor/model-00");
  g_assert_cmpstr (id_at (results, 2), ==, "vendor/model-02");
  g_assert_null (id_at (results, 3));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (results)) == PARLANCE_TYPE_MODEL_ENTRY);
}

static void
test_model_results_sections (void)
{
  g_autoptr(ParlanceModelResults) results = parlance_model_results_new ();
  g_autoptr(GPtrArray) models = models_new (6);
  /* Keys are "provider:id"; a key of another provider doesn't count. */
  const char *favourites[] = { "openrouter:vendor/model-04", "gemini:vendor/model-00", NULL };
  const char *recents[] = { "openrouter:vendor/model-03", "openrouter:vendor/model-04",
                            "openrouter:vendor/model-01", "openrouter:gone/model", NULL };

  parlance_model_results_set (results, models, favourites, recents);

  g_assert_cmpstr (heading_at (results, 0), ==, "Favourites");
  g_assert_cmpstr (id_at (results, 1), ==, "vendor/model-04");
  g_assert_cmpstr (heading_at (results, 2), ==, "Recent");
  /* In the order they were chosen; a favourite isn't repeated. */
  g_assert_cmpstr (id_at (results, 3), ==, "vendor/model-03");
  g_assert_cmpstr (id_at (results, 4), ==, "vendor/model-01");
  g_assert_cmpstr (heading_at (results, 5), ==, "All Models");
  g_assert_cmpstr (id_at (results, 6), ==, "vendor/model-00");
  g_assert_cmpstr (id_at (results, 7), ==, "vendor/model-02");
  g_assert_cmpstr (id_at (results, 8), ==, "vendor/model-05");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 9);
  g_assert_cmpuint (parlance_model_results_get_n_models (results), ==, 6);

  {
    g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (G_LIST_MODEL (results), 1);
    g_autoptr(ParlanceModelEntry) recent = g_list_model_get_item (G_LIST_MODEL (results), 3);

    g_assert_true (parlance_model_entry_get_is_favourite (entry));
    g_assert_false (parlance_model_entry_get_is_recent (entry));
    g_assert_true (parlance_model_entry_get_is_recent (recent));
  }

  /* Headings are stepped over, both ways. */
  g_assert_cmpuint (parlance_model_results_find_model (results, 0, 1), ==, 1);
  g_assert_cmpuint (parlance_model_results_find_model (results, 2, 1), ==, 3);
  g_assert_cmpuint (parlance_model_results_find_model (results, 5, -1), ==, 4);
  g_assert_cmpuint (parlance_model_results_find_model (results, 0, -1), ==, PARLANCE_MODEL_RESULTS_NONE);
  g_assert_cmpuint (parlance_model_results_find_model (results, 9, 1), ==, PARLANCE_MODEL_RESULTS_NONE);

  /* Only favourites found: no "All Models" heading under them. */
  {
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, g_ptr_array_index (models, 4));
    parlance_model_results_set (results, one, favourites, recents);
    g_assert_cmpuint (parlance_model_results_get_n_lines (results), ==, 2);
    g_assert_cmpstr (heading_at (results, 0), ==, "Favourites");
    g_assert_cmpstr (id_at (results, 1), ==, "vendor/model-04");
  }
}

static void
count_changed (guint *n)
{
  (*n)++;
}

/* New results go into the entries there are: only a change in their number is an items-changed,
 * and shrinking keeps blank entries up to the limit. */
static void
test_model_results_reuse (void)
{
  g_autoptr(ParlanceModelResults) results = parlance_model_results_new ();
  g_autoptr(GPtrArray) many = models_new (10);
  g_autoptr(GPtrArray) few = g_ptr_array_new ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(ParlanceModelEntry) first = NULL;
  g_autoptr(ParlanceModelEntry) first_again = NULL;
  Change change = { 0 };
  guint n_changed = 0;

  g_signal_connect (results, "items-changed", G_CALLBACK (items_changed), &change);
  parlance_model_results_set_keep (results, 6);

  parlance_model_results_set (results, many, NULL, NULL);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.added, ==, 10);
  first = g_list_model_get_item (G_LIST_MODEL (results), 0);
  g_signal_connect_swapped (first, "changed", G_CALLBACK (count_changed), &n_changed);

  /* 10 → 2: the entries past 6 go; 2..5 stay, blank. */
  g_ptr_array_add (few, g_ptr_array_index (many, 7));
  g_ptr_array_add (few, g_ptr_array_index (many, 8));
  parlance_model_results_set (results, few, NULL, NULL);
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (change.position, ==, 6);
  g_assert_cmpuint (change.removed, ==, 4);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 6);
  g_assert_cmpuint (parlance_model_results_get_n_lines (results), ==, 2);
  g_assert_cmpuint (parlance_model_results_get_n_models (results), ==, 2);
  g_assert_cmpstr (id_at (results, 0), ==, "vendor/model-07");
  g_assert_null (id_at (results, 2));
  g_assert_null (heading_at (results, 2));
  g_assert_cmpuint (parlance_model_results_find_model (results, 2, 1), ==, PARLANCE_MODEL_RESULTS_NONE);
  /* The same entry, with new contents. */
  first_again = g_list_model_get_item (G_LIST_MODEL (results), 0);
  g_assert_true (first == first_again);
  g_assert_cmpuint (n_changed, ==, 1);

  /* The same results again change nothing. */
  parlance_model_results_set (results, few, NULL, NULL);
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (n_changed, ==, 1);

  /* Growing again: the blank entries are filled, then new ones added after them. */
  parlance_model_results_set (results, many, NULL, NULL);
  g_assert_cmpuint (change.calls, ==, 3);
  g_assert_cmpuint (change.position, ==, 6);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 4);
  g_assert_cmpstr (id_at (results, 3), ==, "vendor/model-03");

  /* Nothing found: blank entries only. */
  parlance_model_results_set (results, none, NULL, NULL);
  g_assert_cmpuint (parlance_model_results_get_n_models (results), ==, 0);
  g_assert_cmpuint (parlance_model_results_get_n_lines (results), ==, 0);
  g_assert_cmpuint (parlance_model_results_find_model (results, 0, 1), ==, PARLANCE_MODEL_RESULTS_NONE);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/model-results/plain", test_model_results_plain);
  g_test_add_func ("/parlance/model-results/sections", test_model_results_sections);
  g_test_add_func ("/parlance/model-results/reuse", test_model_results_reuse);

  return g_test_run ();
}
