/* test-provider-registry.c — built-in and custom providers, and providers.json.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "parlance-api-error.h"
#include "parlance-key-store.h"
#include "parlance-provider-registry.h"
#include "parlance-test-utils.h"

#define WAIT_MS 10000

static char *
dup_test_path (const char *name)
{
  static guint counter;
  g_autofree char *dir = g_strdup_printf ("registry-%u", ++counter);

  return g_build_filename (parlance_test_get_tmp_dir (), dir, name, NULL);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint
n_providers (ParlanceProviderRegistry *registry)
{
  return g_list_model_get_n_items (parlance_provider_registry_get_providers (registry));
}

static ParlanceProvider *
provider_at (ParlanceProviderRegistry *registry,
             guint                     position)
{
  ParlanceProvider *provider = g_list_model_get_item (parlance_provider_registry_get_providers (registry),
                                                      position);

  g_assert_nonnull (provider);
  g_object_unref (provider);   /* the registry keeps one */
  return provider;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
save (ParlanceProviderRegistry  *registry,
      GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_provider_registry_save_async (registry, NULL, result_cb, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  return parlance_provider_registry_save_finish (registry, result, error);
}

static gboolean
load (ParlanceProviderRegistry  *registry,
      GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_provider_registry_load_async (registry, NULL, result_cb, &result);
  parlance_test_wait_for (result != NULL, WAIT_MS);
  return parlance_provider_registry_load_finish (registry, result, error);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_derive_id (void)
{
  static const struct { const char *name; const char *id; } cases[] = {
    { "LM Studio", "lm-studio" },
    { "Groq (fast)", "groq-fast" },
    { "GPT4All", "gpt4all" },
    { "  --My__Server--  ", "my-server" },
    { "Ünïcode 2", "n-code-2" },
    { "a", "a" },
    { "!!!", NULL },
    { "", NULL },
    { "  ", NULL },
    { "été", "t" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = parlance_provider_registry_derive_id (cases[i].name);
      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

static void
test_builtins (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  const char * const *ids = parlance_provider_get_builtin_ids ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_providers (registry), ==, 4);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_cmpstr (parlance_provider_get_id (provider_at (registry, i)), ==, ids[i]);
      g_assert_true (parlance_provider_registry_get_enabled (registry, ids[i]));
    }
  g_assert_true (parlance_provider_registry_lookup (registry, "gemini") == provider_at (registry, 1));
  g_assert_true (parlance_provider_registry_lookup (registry, "google GEMINI") == provider_at (registry, 1));
  g_assert_null (parlance_provider_registry_lookup (registry, "nothing"));

  /* No file yet: the defaults, and no error. */
  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_no_error (error);
  g_assert_null (parlance_provider_registry_get_load_error (registry));
  g_assert_true (load (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_providers (registry), ==, 4);

  g_assert_true (parlance_provider_registry_get_default () == parlance_provider_registry_get_default ());
}

static void
test_add (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  const char * const headers[] = { "X-Test=1", "X-Other:  two words ", NULL };
  g_autoptr(GError) error = NULL;
  ParlanceProvider *provider;
  guint items_changed = 0, changed = 0;
  GPtrArray *got;

  g_signal_connect (parlance_provider_registry_get_providers (registry), "items-changed",
                    G_CALLBACK (items_changed_cb), &items_changed);
  g_signal_connect_swapped (registry, "changed", G_CALLBACK (count_cb), &changed);

  provider = parlance_provider_registry_add_custom (registry, " LM Studio ", "http://localhost:1234/v1/",
                                                    headers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (parlance_provider_get_id (provider), ==, "lm-studio");
  g_assert_cmpstr (parlance_provider_get_name (provider), ==, "LM Studio");
  g_assert_cmpint (parlance_provider_get_kind (provider), ==, PARLANCE_PROVIDER_KIND_CUSTOM);
  g_assert_false (parlance_provider_get_needs_key (provider));
  g_assert_cmpstr (parlance_provider_get_base_url (provider), ==, "http://localhost:1234/v1");
  got = parlance_provider_get_headers (provider);
  g_assert_cmpuint (got->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, "X-Test");
  g_assert_cmpstr (g_ptr_array_index (got, 1), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (got, 2), ==, "X-Other");
  g_assert_cmpstr (g_ptr_array_index (got, 3), ==, "two words");
  g_assert_true (provider_at (registry, 4) == provider);
  g_assert_true (parlance_provider_registry_get_enabled (registry, "lm-studio"));
  g_assert_true (parlance_provider_registry_lookup (registry, "lm studio") == provider);

  provider = parlance_provider_registry_add_custom (registry, "Groq (fast)", "https://api.groq.com/openai/v1",
                                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_provider_get_id (provider), ==, "groq-fast");
  g_assert_cmpuint (items_changed, ==, 2);

  /* Duplicates: the same id, a built-in's id, or the same name in another case. */
  {
    static const char * const names[] = { "lm studio", "LM-Studio", "OpenAI", "ollama", "GROQ (FAST)",
                                          "google gemini" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_assert_null (parlance_provider_registry_add_custom (registry, names[i], "https://x.example/v1",
                                                              NULL, &error));
        g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE);
        g_clear_error (&error);
      }
  }

  g_assert_null (parlance_provider_registry_add_custom (registry, "!!!", "https://x.example/v1", NULL, &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (parlance_provider_registry_add_custom (registry, "", "https://x.example/v1", NULL, &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (parlance_provider_registry_add_custom (registry, "Tab\there", "https://x.example/v1", NULL, &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* Addresses: plain http only on the local network. */
  g_assert_null (parlance_provider_registry_add_custom (registry, "Remote", "http://api.example.com/v1",
                                                        NULL, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_null (parlance_provider_registry_add_custom (registry, "Remote", "ftp://example.com", NULL, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_null (parlance_provider_registry_add_custom (registry, "Remote", "not a url", NULL, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL);
  g_clear_error (&error);

  /* Headers */
  {
    static const char * const bad[] = { "Bad Name=x", "NoSeparator", "X-A=line\r\nInjected: 1",
                                        "=value", "X-B: a\nb" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char * const one[] = { bad[i], NULL };

        g_assert_null (parlance_provider_registry_add_custom (registry, "Headers", "https://x.example/v1",
                                                              one, &error));
        g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER);
        g_clear_error (&error);
      }
  }
  {
    static const char * const auth[] = { "Authorization=Bearer sk-x", "authorization: Bearer sk-x",
                                          "AUTHORIZATION=x", "api-key=sk-x", "X-Api-Key: sk-x",
                                          "x-goog-api-key=sk-x", "Cookie=session=sk-x",
                                          "Proxy-Authorization=Basic sk-x" };

    for (guint i = 0; i < G_N_ELEMENTS (auth); i++)
      {
        const char * const one[] = { "X-Fine=1", auth[i], NULL };

        g_assert_null (parlance_provider_registry_add_custom (registry, "Auth", "https://x.example/v1",
                                                              one, &error));
        g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_SECRET_HEADER);
        g_assert_nonnull (strstr (error->message, "keyring"));
        g_assert_null (strstr (error->message, "sk-x"));
        g_clear_error (&error);
      }
  }

  /* Nothing was added by the refusals. */
  g_assert_cmpuint (n_providers (registry), ==, 6);
  g_assert_cmpuint (items_changed, ==, 2);
  g_assert_cmpuint (changed, ==, 2);
  /* And nothing was written: changes stay in memory until saved. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_remove (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceProvider) removed = NULL;
  guint items_changed = 0;

  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "One", "https://one.example/v1", NULL, &error));
  removed = g_object_ref (parlance_provider_registry_add_custom (registry, "Two", "https://two.example/v1",
                                                                 NULL, &error));
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Three", "https://three.example/v1",
                                                           NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (parlance_provider_registry_get_providers (registry), "items-changed",
                    G_CALLBACK (items_changed_cb), &items_changed);

  g_assert_true (parlance_provider_registry_remove (registry, "two", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (n_providers (registry), ==, 6);
  g_assert_cmpstr (parlance_provider_get_id (provider_at (registry, 4)), ==, "one");
  g_assert_cmpstr (parlance_provider_get_id (provider_at (registry, 5)), ==, "three");
  g_assert_null (parlance_provider_registry_lookup (registry, "two"));

  for (const char * const *id = parlance_provider_get_builtin_ids (); *id != NULL; id++)
    {
      g_assert_false (parlance_provider_registry_remove (registry, *id, &error));
      g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN);
      g_clear_error (&error);
    }

  g_assert_false (parlance_provider_registry_remove (registry, "two", &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (items_changed, ==, 1);

  /* Its name is free again. */
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Two", "https://two.example/v1", NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&registry);
  g_assert_finalize_object (g_steal_pointer (&removed));
}

static void
test_enabled (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect_swapped (registry, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_true (parlance_provider_registry_set_enabled (registry, "gemini", FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (parlance_provider_registry_get_enabled (registry, "gemini"));
  g_assert_true (parlance_provider_registry_get_enabled (registry, "openai"));
  g_assert_cmpuint (changed, ==, 1);
  /* The same again: nothing changed. */
  g_assert_true (parlance_provider_registry_set_enabled (registry, "gemini", FALSE, &error));
  g_assert_cmpuint (changed, ==, 1);
  /* Disabled, but still there. */
  g_assert_cmpuint (n_providers (registry), ==, 4);

  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Local", "http://127.0.0.1:8080/v1",
                                                           NULL, &error));
  g_assert_true (parlance_provider_registry_set_enabled (registry, "local", FALSE, &error));
  g_assert_false (parlance_provider_registry_get_enabled (registry, "local"));
  g_assert_true (parlance_provider_registry_set_enabled (registry, "gemini", TRUE, &error));
  g_assert_true (parlance_provider_registry_get_enabled (registry, "gemini"));
  g_assert_no_error (error);

  g_assert_false (parlance_provider_registry_set_enabled (registry, "nothing", TRUE, &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_NOT_FOUND);
  g_assert_false (parlance_provider_registry_get_enabled (registry, "nothing"));
}

static void
assert_same_registries (ParlanceProviderRegistry *a,
                        ParlanceProviderRegistry *b)
{
  g_assert_cmpuint (n_providers (a), ==, n_providers (b));
  for (guint i = 0; i < n_providers (a); i++)
    {
      ParlanceProvider *pa = provider_at (a, i);
      ParlanceProvider *pb = provider_at (b, i);
      GPtrArray *ha = parlance_provider_get_headers (pa);
      GPtrArray *hb = parlance_provider_get_headers (pb);

      g_assert_cmpstr (parlance_provider_get_id (pa), ==, parlance_provider_get_id (pb));
      g_assert_cmpstr (parlance_provider_get_name (pa), ==, parlance_provider_get_name (pb));
      g_assert_cmpstr (parlance_provider_get_base_url (pa), ==, parlance_provider_get_base_url (pb));
      g_assert_cmpint (parlance_provider_get_kind (pa), ==, parlance_provider_get_kind (pb));
      g_assert_cmpint (parlance_provider_registry_get_enabled (a, parlance_provider_get_id (pa)), ==,
                       parlance_provider_registry_get_enabled (b, parlance_provider_get_id (pb)));
      g_assert_cmpuint (ha->len, ==, hb->len);
      for (guint j = 0; j < ha->len; j++)
        g_assert_cmpstr (g_ptr_array_index (ha, j), ==, g_ptr_array_index (hb, j));
    }
}

static void
test_save_load (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(ParlanceProviderRegistry) loaded = parlance_provider_registry_new (path);
  g_autoptr(ParlanceProviderRegistry) loaded_sync = parlance_provider_registry_new (path);
  const char * const headers[] = { "X-Api-Version=2", "X-Team: research & dev", NULL };
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Zeta Server", "https://zeta.example/v1",
                                                           headers, &error));
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "LM Studio", "http://localhost:1234/v1",
                                                           NULL, &error));
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Alpha “quoted”", "https://a.example/api",
                                                           NULL, &error));
  g_assert_true (parlance_provider_registry_set_enabled (registry, "lm-studio", FALSE, &error));
  g_assert_true (parlance_provider_registry_set_enabled (registry, "gemini", FALSE, &error));
  g_assert_true (parlance_provider_registry_set_base_url (registry, "openai", "https://proxy.example/v1", &error));
  g_assert_true (parlance_provider_registry_set_base_url (registry, "zeta-server", "https://zeta2.example/v1",
                                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_provider_get_base_url (parlance_provider_registry_lookup (registry, "openai")), ==,
                   "https://proxy.example/v1");

  g_assert_true (save (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (load (loaded, &error));
  g_assert_no_error (error);
  g_assert_null (parlance_provider_registry_get_load_error (loaded));
  assert_same_registries (registry, loaded);
  g_assert_cmpuint (n_providers (loaded), ==, 7);
  g_assert_cmpstr (parlance_provider_get_id (provider_at (loaded, 4)), ==, "zeta-server");
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (loaded, 4)), ==, "https://zeta2.example/v1");
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (loaded, 2)), ==, "https://proxy.example/v1");
  g_assert_false (parlance_provider_registry_get_enabled (loaded, "gemini"));

  g_assert_true (parlance_provider_registry_load_sync (loaded_sync, &error));
  g_assert_no_error (error);
  assert_same_registries (registry, loaded_sync);

  /* Loading again replaces, and does not add. */
  g_assert_true (parlance_provider_registry_load_sync (loaded_sync, &error));
  assert_same_registries (registry, loaded_sync);

  /* Back to the default address. */
  g_assert_true (parlance_provider_registry_set_base_url (loaded, "openai", NULL, &error));
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (loaded, 2)), ==, "https://api.openai.com/v1");
  g_assert_false (parlance_provider_registry_set_base_url (loaded, "openai", "http://evil.example.com/v1", &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_false (parlance_provider_registry_set_base_url (loaded, "lm-studio", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (loaded, 2)), ==, "https://api.openai.com/v1");
}

static void
test_default_path (void)
{
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (NULL);
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "parlance", NULL);
  g_autofree char *path = g_build_filename (dir, "providers.json", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (parlance_provider_registry_set_enabled (registry, "ollama", FALSE, &error));
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static const struct
{
  const char *name;
  const char *contents;
  guint       n_kept;     /* providers after loading */
  const char *mentions;   /* also said in the message */
} broken_files[] = {
  { "not-json", "{\"version\": 1, \"providers\": [", 4, "JSON" },
  { "empty", "", 4, NULL },
  { "array", "[1, 2, 3]", 4, NULL },
  { "no-version", "{\"providers\": []}", 4, "version" },
  { "newer-version", "{\"version\": 2, \"providers\": []}", 4, "2" },
  { "string-version", "{\"version\": \"1\", \"providers\": []}", 4, "version" },
  { "providers-not-list", "{\"version\": 1, \"providers\": {\"a\": 1}}", 4, "providers" },
  { "bad-entries",
    "{\"version\": 1, \"providers\": ["
    " {\"id\": \"good\", \"name\": \"Good\", \"base_url\": \"https://good.example/v1\"},"
    " {\"id\": \"insecure\", \"name\": \"Insecure\", \"base_url\": \"http://insecure.example.com/v1\"},"
    " {\"id\": \"good\", \"name\": \"Good again\", \"base_url\": \"https://good2.example/v1\"},"
    " {\"id\": \"Bad Id\", \"name\": \"Bad id\", \"base_url\": \"https://bad.example/v1\"},"
    " {\"id\": \"openai\", \"name\": \"Fake OpenAI\", \"base_url\": \"https://bad.example/v1\"},"
    " {\"id\": \"auth\", \"name\": \"Auth\", \"base_url\": \"https://auth.example/v1\","
    "  \"headers\": [[\"Not A Header\", \"Bearer nope\"]]},"
    " {\"id\": \"noname\", \"base_url\": \"https://noname.example/v1\"},"
    " 42,"
    " {\"id\": \"also-good\", \"name\": \"Also good\", \"base_url\": \"http://localhost:8080/v1\","
    "  \"headers\": [[\"X-A\", \"1\"]], \"enabled\": false}"
    "], \"builtins\": {\"openai\": {\"base_url\": \"http://evil.example.com\"}}}",
    6, "Insecure" },
};

static void
test_broken_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken_files); i++)
    {
      g_autofree char *path = dup_test_path ("providers.json");
      g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
      g_autoptr(ParlanceProviderRegistry) again = parlance_provider_registry_new (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      const GError *load_error;

      g_test_message ("broken file: %s", broken_files[i].name);
      write_file (path, broken_files[i].contents);

      g_assert_false (load (registry, &error));
      g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      if (broken_files[i].mentions != NULL)
        g_assert_nonnull (strstr (error->message, broken_files[i].mentions));
      load_error = parlance_provider_registry_get_load_error (registry);
      g_assert_nonnull (load_error);
      g_assert_cmpstr (load_error->message, ==, error->message);
      g_clear_error (&error);
      g_assert_cmpuint (n_providers (registry), ==, broken_files[i].n_kept);

      /* The sync load says the same. */
      g_assert_false (parlance_provider_registry_load_sync (again, &error));
      g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE);
      g_clear_error (&error);
      assert_same_registries (registry, again);

      /* Not overwritten… */
      g_assert_false (save (registry, &error));
      g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE);
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);
      g_assert_false (parlance_provider_registry_save_sync (again, &error));
      g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE);
      g_clear_error (&error);
      after = read_file (path);
      g_assert_cmpstr (after, ==, broken_files[i].contents);

      /* …until the user changes something. */
      g_assert_true (parlance_provider_registry_set_enabled (registry, "ollama", FALSE, &error));
      g_assert_true (save (registry, &error));
      g_assert_no_error (error);
      g_assert_null (parlance_provider_registry_get_load_error (registry));
      g_assert_true (parlance_provider_registry_load_sync (again, &error));
      g_assert_no_error (error);
      assert_same_registries (registry, again);
    }
}

static void
test_bad_entries_kept (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(GError) error = NULL;
  ParlanceProvider *provider;

  write_file (path, broken_files[G_N_ELEMENTS (broken_files) - 1].contents);
  g_assert_false (parlance_provider_registry_load_sync (registry, &error));
  g_assert_nonnull (strstr (error->message, "Auth"));
  g_assert_null (strstr (error->message, "Bearer nope"));

  provider = provider_at (registry, 4);
  g_assert_cmpstr (parlance_provider_get_id (provider), ==, "good");
  g_assert_cmpstr (parlance_provider_get_base_url (provider), ==, "https://good.example/v1");
  provider = provider_at (registry, 5);
  g_assert_cmpstr (parlance_provider_get_id (provider), ==, "also-good");
  g_assert_false (parlance_provider_registry_get_enabled (registry, "also-good"));
  g_assert_cmpuint (parlance_provider_get_headers (provider)->len, ==, 2);
  /* The bad override of a built-in is not used. */
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (registry, 2)), ==, "https://api.openai.com/v1");
}

static void
test_unknown_members (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(GError) error = NULL;

  write_file (path,
              "{\"version\": 1, \"future\": {\"x\": [1, 2]}, \"theme\": \"dark\","
              " \"providers\": [{\"id\": \"x\", \"name\": \"X\", \"base_url\": \"https://x.example/v1\","
              "   \"color\": \"red\", \"models\": [\"a\"]}],"
              " \"builtins\": {\"gemini\": {\"enabled\": false, \"extra\": 1}, \"future-one\": {\"enabled\": false}}}");

  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_no_error (error);
  g_assert_null (parlance_provider_registry_get_load_error (registry));
  g_assert_cmpuint (n_providers (registry), ==, 5);
  g_assert_cmpstr (parlance_provider_get_name (provider_at (registry, 4)), ==, "X");
  g_assert_false (parlance_provider_registry_get_enabled (registry, "gemini"));
  g_assert_true (parlance_provider_registry_get_enabled (registry, "x"));

  /* Minimal: no builtins, no providers. */
  write_file (path, "{\"version\": 1}");
  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_providers (registry), ==, 4);
  g_assert_true (parlance_provider_registry_get_enabled (registry, "gemini"));
}

static void
test_env_wins (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = NULL;
  g_autoptr(ParlanceProviderRegistry) without = NULL;
  g_autoptr(GError) error = NULL;

  write_file (path, "{\"version\": 1, \"builtins\": {\"openai\": {\"base_url\": \"https://stored.example/v1\"}}}");

  g_setenv ("PARLANCE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1", TRUE);
  registry = parlance_provider_registry_new (path);
  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (registry, 2)), ==, "http://127.0.0.1:9/v1");

  /* Set while the environment says otherwise: stored, not used. */
  g_assert_true (parlance_provider_registry_set_base_url (registry, "openai", "https://other.example/v1", &error));
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (registry, 2)), ==, "http://127.0.0.1:9/v1");
  g_assert_true (parlance_provider_registry_set_base_url (registry, "openai", NULL, &error));
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (registry, 2)), ==, "http://127.0.0.1:9/v1");

  /* An unusable environment address stays an error: the stored one doesn't quietly replace it. */
  g_setenv ("PARLANCE_OPENAI_BASE_URL", "http://far.example.com/v1", TRUE);
  g_clear_object (&registry);
  registry = parlance_provider_registry_new (path);
  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_false (parlance_provider_check_base_url (provider_at (registry, 2), &error));
  g_assert_nonnull (strstr (error->message, "PARLANCE_OPENAI_BASE_URL"));
  g_clear_error (&error);

  g_unsetenv ("PARLANCE_OPENAI_BASE_URL");
  without = parlance_provider_registry_new (path);
  g_assert_true (parlance_provider_registry_load_sync (without, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parlance_provider_get_base_url (provider_at (without, 2)), ==, "https://stored.example/v1");
}

static void
test_no_keys_in_file (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autofree char *env_key = g_strdup_printf ("sk-or-v1-registry-env-%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *session_key = g_strdup_printf ("sk-registry-session-%08x", g_random_int ());
  const char * const headers[] = { "X-Client=parlance", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_setenv ("OPENROUTER_API_KEY", env_key, TRUE);
  parlance_key_store_set_session_key (parlance_key_store_get_default (), "my-server", session_key, NULL);

  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "My Server", "https://my.example/v1",
                                                           headers, &error));
  g_assert_true (parlance_provider_registry_set_base_url (registry, "openrouter",
                                                          "https://or-proxy.example/api/v1", &error));
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "my-server"));
  g_assert_null (strstr (contents, env_key));
  g_assert_null (strstr (contents, session_key));
  g_assert_null (strstr (contents, "sk-"));
  g_assert_null (g_strstr_len (contents, -1, "Authorization"));
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), env_key);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), session_key);

  parlance_key_store_forget_session_key (parlance_key_store_get_default (), "my-server");
  g_unsetenv ("OPENROUTER_API_KEY");
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A file written before secret headers were refused holds some: they move to the keyring, bound
 * to their provider's address, and the file is written again without them. */
static void
test_migrate_secrets (void)
{
  g_autofree char *path = dup_test_path ("providers.json");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(ParlanceKeyStore) store = parlance_key_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ParlanceProvider *provider;
  GPtrArray *headers;
  char *key;

  if (!parlance_test_require_keyring ())
    return;

  write_file (path,
              "{\"version\": 1, \"providers\": ["
              " {\"id\": \"azure\", \"name\": \"Azure\", \"base_url\": \"https://azure.example/openai\","
              "  \"headers\": [[\"X-Org\", \"acme\"], [\"api-key\", \"azure-secret-Qz81\"],"
              "                [\"X-Goog-Api-Key\", \"goog-secret-Wv27\"]]}]}");
  g_assert_true (parlance_provider_registry_load_sync (registry, &error));
  g_assert_no_error (error);
  g_assert_true (parlance_provider_registry_has_pending_secrets (registry));

  provider = parlance_provider_registry_lookup (registry, "azure");
  g_assert_nonnull (provider);
  headers = parlance_provider_get_headers (provider);
  g_assert_cmpuint (headers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (headers, 0), ==, "X-Org");

  parlance_provider_registry_migrate_secrets_async (registry, store, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, 30000);
  g_assert_true (parlance_provider_registry_migrate_secrets_finish (registry, result, &error));
  g_assert_no_error (error);
  g_assert_false (parlance_provider_registry_has_pending_secrets (registry));

  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "X-Org"));
  g_assert_null (strstr (contents, "azure-secret-Qz81"));
  g_assert_null (strstr (contents, "goog-secret-Wv27"));
  g_assert_null (g_strstr_len (contents, -1, "api-key"));

  g_clear_object (&result);
  parlance_key_store_lookup_for_async (store, provider, NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, 30000);
  key = parlance_key_store_lookup_for_finish (store, result, NULL, &secret_headers, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_assert_nonnull (secret_headers);
  g_assert_cmpuint (secret_headers->len, ==, 4);

  g_clear_object (&result);
  parlance_key_store_delete_all_async (store, "azure", NULL, on_ready, &result);
  parlance_test_wait_for (result != NULL, 30000);
  g_assert_true (parlance_key_store_delete_finish (store, result, &error));
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), "azure-secret-Qz81");
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/provider-registry/derive-id", test_derive_id);
  g_test_add_func ("/parlance/provider-registry/builtins", test_builtins);
  g_test_add_func ("/parlance/provider-registry/add", test_add);
  g_test_add_func ("/parlance/provider-registry/remove", test_remove);
  g_test_add_func ("/parlance/provider-registry/enabled", test_enabled);
  g_test_add_func ("/parlance/provider-registry/save-load", test_save_load);
  g_test_add_func ("/parlance/provider-registry/default-path", test_default_path);
  g_test_add_func ("/parlance/provider-registry/broken-files", test_broken_files);
  g_test_add_func ("/parlance/provider-registry/broken-keeps-valid", test_bad_entries_kept);
  g_test_add_func ("/parlance/provider-registry/unknown-members", test_unknown_members);
  g_test_add_func ("/parlance/provider-registry/env-wins", test_env_wins);
  g_test_add_func ("/parlance/provider-registry/no-keys-in-file", test_no_keys_in_file);
  g_test_add_func ("/parlance/provider-registry/migrate-secrets", test_migrate_secrets);

  return g_test_run ();
}
