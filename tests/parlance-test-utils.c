/* parlance-test-utils.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "fake-provider.h"
#include "parlance-rate-budget.h"
#include "parlance-test-utils.h"

static char *tmp_dir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
cleanup_tmp_dir (void)
{
  if (tmp_dir != NULL && g_getenv ("PARLANCE_TEST_KEEP_TMP") == NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

/**
 * parlance_test_init:
 *
 * g_test_init() plus a private HOME and XDG folders, created before anything (GTK, Mesa, dconf,
 * GLib's cached user dirs) reads them, and removed at exit.
 */
void
parlance_test_init (int    *argc,
                    char ***argv)
{
  static const char *subdirs[][2] = {
    { "HOME", "home" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("GIO_USE_VOLUME_MONITOR", "unix", TRUE);

  tmp_dir = g_dir_make_tmp ("parlance-test-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, subdirs[i][1], NULL);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (subdirs[i][0], path, TRUE);
    }

  /* A developer's own keys and endpoints must not leak into the tests. */
  {
    static const char *unset[] = {
      "OPENROUTER_API_KEY", "GEMINI_API_KEY", "OPENAI_API_KEY", "PARLANCE_MODEL",
      "PARLANCE_OPENROUTER_BASE_URL", "PARLANCE_GEMINI_BASE_URL", "PARLANCE_OPENAI_BASE_URL",
      "PARLANCE_OLLAMA_BASE_URL",
    };
    for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
      g_unsetenv (unset[i]);
  }

  /* XDG_RUNTIME_DIR is left alone: the D-Bus session and the keyring live there. */
  atexit (cleanup_tmp_dir);

  g_test_init (argc, argv, NULL);
}

const char *
parlance_test_get_tmp_dir (void)
{
  return tmp_dir;
}

/**
 * parlance_test_build_path:
 *
 * Returns: (transfer full): a path below the source tree's tests/ folder
 */
char *
parlance_test_build_path (const char *first,
                          ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;
  const char *part;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

guint
_parlance_test_wake_up_start (void)
{
  return g_timeout_add (20, tick, NULL);
}

/**
 * parlance_test_wait_until:
 *
 * Iterates the default main context until @condition returns %TRUE or @timeout_ms pass.
 *
 * Returns: whether the condition held
 */
gboolean
parlance_test_wait_until (gboolean (*condition) (gpointer data),
                          gpointer   data,
                          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake_up = _parlance_test_wake_up_start ();
  gboolean held;

  while (!(held = condition (data)) && g_get_monotonic_time () <= deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_up);
  return held;
}

/**
 * parlance_test_load_fixture:
 * @name: a file name in tests/fixtures/
 *
 * Returns: (transfer full): its bytes
 */
GBytes *
parlance_test_load_fixture (const char *name)
{
  g_autofree char *path = parlance_test_build_path ("fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/**
 * parlance_test_fixture_response:
 * @name: a file name in tests/fixtures/
 *
 * Returns: (transfer full): a fake-provider response whose body is that fixture, byte for byte
 */
FakeResponse *
parlance_test_fixture_response (guint       status,
                                const char *name)
{
  g_autofree char *path = parlance_test_build_path ("fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  FakeResponse *response = fake_response_new_from_file (status, path, &error);

  g_assert_no_error (error);
  return response;
}

/**
 * parlance_test_assert_no_file_contains:
 *
 * Fails the test if any regular file below @dir contains @needle.
 */
void
parlance_test_assert_no_file_contains (const char *dir,
                                       const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          parlance_test_assert_no_file_contains (path, needle);
        }
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (g_file_get_contents (path, &contents, &len, NULL) &&
              g_strstr_len (contents, len, needle) != NULL)
            g_error ("%s contains a secret it must never hold", path);
        }
    }
}

/* Saving into a keyring without an unlocked default collection asks for a password in a prompt
 * that never shows here. */
static gboolean
default_collection_unlocked (gpointer data)
{
  GDBusConnection *bus = data;
  g_autoptr(GVariant) alias = NULL;
  g_autoptr(GVariant) locked = NULL;
  g_autoptr(GVariant) value = NULL;
  const char *path = "/";

  alias = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (alias != NULL)
    g_variant_get (alias, "(&o)", &path);
  if (g_str_equal (path, "/"))
    return FALSE;

  locked = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", path,
                                        "org.freedesktop.DBus.Properties", "Get",
                                        g_variant_new ("(ss)", "org.freedesktop.Secret.Collection",
                                                       "Locked"),
                                        G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                        NULL, NULL);
  if (locked == NULL)
    return FALSE;
  g_variant_get (locked, "(v)", &value);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && !g_variant_get_boolean (value);
}

/**
 * parlance_test_require_keyring:
 *
 * Tests that write to a keyring only run in the private session of build-aux/test, never
 * against a developer's real keyring; elsewhere they are skipped, except with CI=true, where
 * they fail.
 *
 * Returns: %TRUE if the test may use the keyring; otherwise it has been marked skipped
 */
gboolean
parlance_test_require_keyring (void)
{
  static const char *skip_reason;
  static gboolean checked;

  if (!checked)
    {
      g_autoptr(GDBusConnection) bus = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      gboolean has_owner = FALSE;

      checked = TRUE;

      if (g_strcmp0 (g_getenv ("PARLANCE_TEST_IN_SESSION"), "1") != 0)
        skip_reason = "needs the private keyring of build-aux/test (never the real one)";
      else
        bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

      if (bus != NULL)
        reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "NameHasOwner",
                                             g_variant_new ("(s)", "org.freedesktop.secrets"),
                                             G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                             2000, NULL, &error);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &has_owner);

      if (!has_owner && skip_reason == NULL)
        skip_reason = "no Secret Service (org.freedesktop.secrets) on the session bus";

      /* Give the keyring of build-aux/test a moment to come up (long on a loaded machine). */
      if (skip_reason == NULL && !parlance_test_wait_until (default_collection_unlocked, bus, 20000))
        skip_reason = "the private keyring has no unlocked default collection "
                      "(saving would wait for a password prompt)";
    }

  if (skip_reason != NULL)
    {
      /* In CI the keyring is part of the set-up: its absence is a failure, not a skip. */
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_error ("CI=true and the keyring tests can't run: %s", skip_reason);
      g_test_skip (skip_reason);
      return FALSE;
    }

  return TRUE;
}

void
parlance_test_client_setup (ParlanceTestClient *f,
                            gconstpointer       data)
{
  g_autoptr(GError) error = NULL;

  f->fake = fake_provider_new ();
  f->provider = parlance_provider_new_builtin (data != NULL ? data : "openrouter");
  g_assert_true (parlance_provider_set_base_url (f->provider, fake_provider_get_base_url (f->fake), &error));
  g_assert_no_error (error);
  f->client = parlance_chat_client_new (f->provider);
}

void
parlance_test_client_teardown (ParlanceTestClient *f,
                               gconstpointer       data)
{
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->fake);
}

/* @n requests to @model counted in @store's budget, a microsecond apart from @first (real
 * time), in the group the budget files @model under. */
void
parlance_test_record_requests (ParlanceStore *store,
                               const char    *provider_id,
                               const char    *model,
                               gint64         first,
                               guint          n)
{
  g_autofree char *group = parlance_rate_budget_group_for_model (provider_id, model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceRequestRecord) record = parlance_request_record_new (first + i, provider_id,
                                                                             model, group);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (parlance_store_add_request (store, record, &error), >, 0);
      g_assert_no_error (error);
    }
}

/* OpenRouter's 429 for the free models' minute, with Retry-After: @retry_after, as the answer
 * to the next chat request. */
void
parlance_test_queue_per_minute (FakeProvider *server,
                                const char   *retry_after)
{
  g_autoptr(FakeResponse) response = fake_response_new (429);

  fake_response_set_content_type (response, "application/json");
  fake_response_set_body_string (response, "{\"error\":{\"code\":429,\"message\":"
                                           "\"Rate limit exceeded: free-models-per-min.\"}}");
  if (retry_after != NULL)
    fake_response_add_header (response, "Retry-After", retry_after);
  fake_provider_queue (server, "POST", "/chat/completions", response);
}

void
parlance_test_unref_and_wait (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  parlance_test_wait_for (weak == NULL, 10000);
}
