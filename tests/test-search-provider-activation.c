/* test-search-provider-activation.c — the session bus starts Parlance for GNOME Shell's search:
 * the D-Bus service file meson installs, on a private bus, runs the built app as a service,
 * which answers from the database and stays for the next question.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "parlance-test-search-provider.h"
#include "parlance-test-utils.h"

static ParlanceTestSearchStore ids;

/* The installed service file, its Exec pointed at the built program: a folder of services. */
static char *
make_service_dir (void)
{
  g_autofree char *built = parlance_test_search_built_data_file (".service");
  g_autofree char *dir = g_build_filename (parlance_test_get_tmp_dir (), "services", NULL);
  g_autofree char *copy_name = g_strconcat (APPLICATION_ID, ".service", NULL);
  g_autofree char *copy = g_build_filename (dir, copy_name, NULL);
  g_autoptr(GKeyFile) service = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *exec = NULL, *run = NULL;
  g_auto(GStrv) exec_argv = NULL;

  g_key_file_load_from_file (service, built, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  name = g_key_file_get_string (service, "D-BUS Service", "Name", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, APPLICATION_ID);
  exec = g_key_file_get_string (service, "D-BUS Service", "Exec", &error);
  g_assert_no_error (error);
  g_shell_parse_argv (exec, NULL, &exec_argv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (exec_argv), ==, 2);
  g_assert_true (g_path_is_absolute (exec_argv[0]));
  g_assert_true (g_str_has_suffix (exec_argv[0], "/parlance"));
  g_assert_cmpstr (exec_argv[1], ==, "--gapplication-service");

  run = g_strdup_printf ("%s %s", g_getenv ("PARLANCE_APP"), exec_argv[1]);
  g_key_file_set_string (service, "D-BUS Service", "Exec", run);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_key_file_save_to_file (service, copy, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}

static void
test_activation (void)
{
  g_autofree char *lake = parlance_test_search_id (ids.trip, ids.trip_lake);
  g_autofree char *asked = NULL;
  g_autoptr(GVariant) reply = NULL, metas = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = NULL;
  const char *name = NULL;

  /* Nobody owns the name yet: the bus starts the app to answer. */
  found = parlance_test_search_results ("GetInitialResultSet", "['swa']", NULL);
  g_assert_cmpstrv (found, ((const char *[]) { lake, NULL }));

  /* The same process answers the Shell's next question, with what it found. */
  asked = g_strdup_printf ("['%s']", lake);
  reply = parlance_test_search_call ("GetResultMetas", &error, asked, NULL);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);
  {
    g_autoptr(GVariant) meta = g_variant_get_child_value (metas, 0);
    g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
    g_assert_cmpstr (name, ==, "Trip to Zürich");
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *services = NULL;
  int status;

  parlance_test_init (&argc, &argv);
  g_assert_nonnull (g_getenv ("PARLANCE_APP"));
  /* The private bus has no accessibility bus, which GTK would warn about in a window. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  parlance_test_search_make_store (&ids);
  services = make_service_dir ();

  /* The app the bus starts inherits the bus's environment: this test's private folders, its
   * database, its display. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (bus, services);
  g_test_dbus_up (bus);

  g_test_add_func ("/parlance/search-provider-activation/activation", test_activation);
  status = g_test_run ();

  g_test_dbus_down (bus);
  return status;
}
