/* test-paths.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-paths.h"
#include "parlance-test-utils.h"

static void
test_paths_follow_xdg (void)
{
  g_autofree char *data = parlance_paths_dup_data_dir ();
  g_autofree char *cache = parlance_paths_dup_cache_dir ();
  g_autofree char *config = parlance_paths_dup_config_dir ();
  g_autofree char *expected_data = g_build_filename (g_getenv ("XDG_DATA_HOME"), "parlance", NULL);
  g_autofree char *expected_cache = g_build_filename (g_getenv ("XDG_CACHE_HOME"), "parlance", NULL);
  g_autofree char *expected_config = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "parlance", NULL);

  g_assert_cmpstr (data, ==, expected_data);
  g_assert_cmpstr (cache, ==, expected_cache);
  g_assert_cmpstr (config, ==, expected_config);
}

static void
test_paths_ensure_dir_private (void)
{
  g_autofree char *data = parlance_paths_dup_data_dir ();
  g_autofree char *nested = g_build_filename (data, "a", "b", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (parlance_paths_ensure_dir (nested, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Existing folders are fine. */
  g_assert_true (parlance_paths_ensure_dir (nested, &error));
  g_assert_no_error (error);
}

static void
test_paths_ensure_dir_error (void)
{
  g_autofree char *file = g_build_filename (parlance_test_get_tmp_dir (), "plain-file", NULL);
  g_autofree char *below = g_build_filename (file, "sub", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (parlance_paths_ensure_dir (below, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, below));
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/paths/follow-xdg", test_paths_follow_xdg);
  g_test_add_func ("/parlance/paths/ensure-dir-private", test_paths_ensure_dir_private);
  g_test_add_func ("/parlance/paths/ensure-dir-error", test_paths_ensure_dir_error);

  return g_test_run ();
}
