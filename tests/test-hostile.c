/* test-hostile.c — answers meant to break us: the client, the model catalogue, the providers file
 * and parlance-cli against each fault of the fake provider's hostile group.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every fault must end in a clear error, never a crash: the deep ones nest 100,000 levels, enough
 * to overflow json-glib's recursion when nothing stops them first.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fake-hostile.h"
#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-http-error.h"
#include "parlance-json.h"
#include "parlance-model-catalog.h"
#include "parlance-provider-registry.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-or-v1-hostile-0123456789abcdef"
#define WAIT_MS 60000
#define KIB 1024

typedef ParlanceTestClient Fixture;

static void
queue_fault (Fixture    *f,
             const char *name,
             guint64     size)
{
  const FakeHostileFault *fault = fake_hostile_lookup (name);
  g_autoptr(FakeResponse) response = fake_hostile_response_new (name, size);

  g_assert_nonnull (fault);
  fake_provider_queue (f->fake, fault->method, fault->path, response);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *_h = (haystack); \
    if (_h == NULL || strstr (_h, (needle)) == NULL) \
      g_error ("%s:%d: “%s” not found in: %s", __FILE__, __LINE__, (needle), _h ? _h : "(null)"); \
  } G_STMT_END

/* A chat request */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
stream_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* Sends a chat request to the fault @name and returns the reply; @error gets the error. */
static ParlanceChatReply *
chat (Fixture     *f,
      const char  *name,
      guint64      size,
      GError     **error)
{
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("vendor/model");
  ParlanceChatReply *reply = parlance_chat_reply_new ();
  Outcome outcome = { 0 };

  queue_fault (f, name, size);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, NULL, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, WAIT_MS);
  g_assert_false (outcome.ok);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return reply;
}

static void
assert_malformed_reply (ParlanceChatReply *reply,
                        const GError      *error)
{
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "could not read");
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
  g_assert_nonnull (parlance_chat_reply_get_error (reply));
}

/* GET of a document */

static void
json_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;
  JsonNode *root = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result,
                                                         &outcome->error);

  outcome->ok = root != NULL;
  g_clear_pointer (&root, json_node_unref);
  outcome->done = TRUE;
}

static GError *
get_json (Fixture    *f,
          const char *path)
{
  Outcome outcome = { 0 };

  parlance_chat_client_get_json_async (f->client, path, TEST_KEY, NULL, json_done, &outcome);
  parlance_test_wait_for (outcome.done, WAIT_MS);
  g_assert_false (outcome.ok);
  return outcome.error;
}

static void
catalog_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result,
                                                       &outcome->error);
  outcome->done = TRUE;
}

static void
cached_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result,
                                                           &outcome->error);
  outcome->done = TRUE;
}

static gboolean
refresh (ParlanceModelCatalog  *catalog,
         GError               **error)
{
  Outcome outcome = { 0 };

  parlance_model_catalog_refresh_async (catalog, TEST_KEY, NULL, catalog_done, &outcome);
  parlance_test_wait_for (outcome.done, WAIT_MS);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static gboolean
load_cached (ParlanceModelCatalog  *catalog,
             GError               **error)
{
  Outcome outcome = { 0 };

  parlance_model_catalog_load_cached_async (catalog, NULL, cached_done, &outcome);
  parlance_test_wait_for (outcome.done, WAIT_MS);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static char *
deep_text (const char *head,
           const char *opener)
{
  g_autoptr(GString) text = g_string_new (head);

  for (guint i = 0; i < FAKE_HOSTILE_DEPTH; i++)
    g_string_append (text, opener);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* parlance-cli */

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* The fake provider answers from a thread of its own, so waiting here blocks nothing it needs. */
static CliRun *
run_cli (Fixture            *f,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  const char *cli = g_getenv ("PARLANCE_CLI");

  if (cli == NULL)
    g_error ("Set PARLANCE_CLI to the built parlance-cli (meson test does)");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "OPENROUTER_API_KEY", TEST_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (f->fake), TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parlance-test-bus", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PARLANCE_MODEL");
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, empty, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    g_error ("parlance-cli was killed by signal %d", g_subprocess_get_term_sig (process));
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  /* Empty output comes as NULL data. */
  run->out = g_strndup (g_bytes_get_size (out) ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_size (err) ? g_bytes_get_data (err, NULL) : "", g_bytes_get_size (err));
  g_test_message ("exit status %d\n--- stderr\n%s", run->status, run->err);
  g_assert_null (strstr (run->out, TEST_KEY));
  g_assert_null (strstr (run->err, TEST_KEY));
  return run;
}

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static void
remove_models_cache (ParlanceProvider *provider)
{
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (provider);
  g_autofree char *path = parlance_model_catalog_dup_cache_path (catalog);

  g_remove (path);
}

/* Deep nesting */

static void
test_depth_guard (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = deep_text ("", "[");

  g_assert_true (parlance_json_check_depth ("{\"a\":[[1]],\"b\":\"[[[[[[\"}", 24, 3, NULL));
  g_assert_false (parlance_json_check_depth ("[[[[1]]]]", 9, 3, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);
  /* An escaped quote does not end a string; brackets in strings don't count. */
  g_assert_true (parlance_json_check_depth ("[\"\\\"[[[[\"]", 10, 1, NULL));
  /* An escaped backslash does not escape the quote after it. */
  g_assert_false (parlance_json_check_depth ("[\"\\\\\",[[1]]]", 12, 2, NULL));
  g_assert_true (parlance_json_check_depth ("[\"\\\\\",[[1]]]", 12, 3, NULL));
  g_assert_true (parlance_json_check_depth ("\"[[[", 4, 1, NULL));
  /* Comments and single quotes, which json-glib reads, could hide brackets: refused. */
  g_assert_false (parlance_json_check_depth ("/*\"*/[1]", 8, 64, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (parlance_json_check_depth ("['\"',[1]]", 9, 64, NULL));
  g_assert_false (parlance_json_check_depth (deep, strlen (deep), PARLANCE_JSON_MAX_DEPTH, &error));
  assert_contains (error->message, "64");
  g_clear_error (&error);
}

/* json-glib reads a "\u" escape of fewer than four digits, or a lone surrogate, by swallowing
 * the quote after it: a scan that ended the string there saw the next quote open one, and let
 * the brackets json-glib then parsed through unseen (found by fuzz-model-list). */
static void
test_depth_guard_escapes (void)
{
  static const char *const heads[] = {
    "[\"\\u1\" \", ", "[\"\\u12\" \", ", "[\"\\u123\" \", ", "[\"\\ud800\" \", ",
    "[\"\\udc00\" \", ", "[\"\\ud800\\u0041\" \", ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autofree char *deep = deep_text (heads[i], "[");

      g_test_message ("%s", heads[i]);
      g_assert_false (parlance_json_parser_load (parser, deep, strlen (deep), &error));
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
    }

  /* Whole escapes and surrogate pairs are JSON, and read as before. */
  g_assert_true (parlance_json_check_depth ("[\"\\u0041\\ud83d\\ude00\\\"[[\"]", 26, 1, NULL));
  g_assert_false (parlance_json_check_depth ("[\"\\u0041\",[[1]]]", 16, 2, NULL));
}

static void
test_deep_chunk (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, "deep-chunk", 0, &error);

  assert_malformed_reply (reply, error);
  assert_contains (error->message, "nested more than 64 levels");
}

static void
test_deep_error_body (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, "deep-error-body", 0, &error);

  /* A hostile body: an answer that could not be read, which still says its status. */
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "HTTP 401");
  assert_contains (error->message, "nested more than 64 levels");
  g_assert_cmpuint (parlance_chat_reply_get_http_status (reply), ==, 401);
}

static void
test_deep_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, "deep-answer", 0, &error);

  assert_malformed_reply (reply, error);
}

static void
test_deep_key (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  queue_fault (f, "deep-key", 0);
  error = get_json (f, "key");
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "could not read");
}

static void
test_deep_models (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (f->provider);
  g_autoptr(GError) error = NULL;

  remove_models_cache (f->provider);
  queue_fault (f, "deep-models", 0);
  g_assert_false (refresh (catalog, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "nested more than 64 levels");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
}

static void
test_deep_models_cache (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (f->provider);
  g_autofree char *path = parlance_model_catalog_dup_cache_path (catalog);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *deep = deep_text ("parlance-models 1700000000\n{\"data\":", "[");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  g_assert_false (load_cached (catalog, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_remove (path);
}

static void
test_deep_providers_file (void)
{
  g_autofree char *path = g_build_filename (parlance_test_get_tmp_dir (), "deep-providers.json", NULL);
  g_autofree char *deep = deep_text ("{\"version\":1,\"providers\":", "[");
  g_autoptr(ParlanceProviderRegistry) registry = parlance_provider_registry_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  g_assert_false (parlance_provider_registry_load_sync (registry, &error));
  g_assert_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE);
  assert_contains (error->message, "nested more than 64 levels");
  /* The built-ins are still there. */
  g_assert_nonnull (parlance_provider_registry_lookup (registry, "openrouter"));
  g_remove (path);
}

static void
test_cli_deep (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  queue_fault (f, "deep-chunk", 0);
  run = run_cli (f, ARGS ("chat", "Hello"));
  g_assert_cmpint (run->status, ==, 10);
  assert_contains (run->err, "could not read");
  g_clear_pointer (&run, cli_run_free);

  queue_fault (f, "deep-answer", 0);
  run = run_cli (f, ARGS ("chat", "--json", "Hello"));
  g_assert_cmpint (run->status, ==, 10);
  g_clear_pointer (&run, cli_run_free);

  queue_fault (f, "deep-error-body", 0);
  run = run_cli (f, ARGS ("chat", "Hello"));
  g_assert_cmpint (run->status, ==, 10);
  g_clear_pointer (&run, cli_run_free);

  remove_models_cache (f->provider);
  queue_fault (f, "deep-models", 0);
  run = run_cli (f, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 10);
  assert_contains (run->err, "nested more than 64 levels");
  g_clear_pointer (&run, cli_run_free);

  queue_fault (f, "deep-key", 0);
  run = run_cli (f, ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (run->status, ==, 10);
}

/* Sizes */

static void
test_endless_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, "endless-line", 0, &error);

  assert_malformed_reply (reply, error);
  assert_contains (error->message, "line longer than");
}

static void
assert_too_long (ParlanceChatReply *reply,
                 const GError      *error,
                 gsize              kept,
                 gsize              cap)
{
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "too long");
  g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);
  /* What came before the cap is kept, a chunk (1,000 bytes here) short of it at most. */
  g_assert_cmpuint (kept, <=, cap);
  g_assert_cmpuint (kept, >, cap - 1000);
}

static void
test_huge_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;

  g_assert_cmpuint (parlance_chat_client_get_max_reply_size (f->client), ==, 32 * 1000 * 1000);
  parlance_chat_client_set_max_reply_size (f->client, 100 * KIB);
  reply = chat (f, "huge-reply", 4 * 1000 * 1000, &error);
  assert_too_long (reply, error, parlance_chat_reply_get_content_length (reply), 100 * KIB);
  g_assert_true (g_str_has_prefix (parlance_chat_reply_get_content (reply), "xxxxxxxx"));
}

static void
test_huge_reasoning (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;

  parlance_chat_client_set_max_reply_size (f->client, 100 * KIB);
  reply = chat (f, "huge-reasoning", 4 * 1000 * 1000, &error);
  assert_too_long (reply, error, parlance_chat_reply_get_reasoning_length (reply), 100 * KIB);
  g_assert_cmpuint (parlance_chat_reply_get_content_length (reply), ==, 0);
}

static void
test_huge_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;

  parlance_chat_client_set_max_reply_size (f->client, 100 * KIB);
  reply = chat (f, "huge-answer", 1000 * 1000, &error);
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "larger than 102.4");
}

static void
test_huge_error_body (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, "huge-error-body", 0, &error);

  /* Read up to 1 MiB and no further: the status still says what happened. */
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER);
  g_assert_cmpuint (parlance_chat_reply_get_http_status (reply), ==, 500);
  g_assert_cmpuint (strlen (error->message), <, 1024);

  /* The same for a GET, which read the whole body before cutting it. */
  queue_fault (f, "huge-error-body", 0);
  {
    g_autoptr(FakeResponse) response = fake_hostile_response_new ("huge-error-body", 0);
    fake_provider_queue (f->fake, "GET", "/key", response);
  }
  g_clear_error (&error);
  error = get_json (f, "key");
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER);
}

static void
test_huge_models (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (f->provider);
  g_autofree char *path = parlance_model_catalog_dup_cache_path (catalog);
  g_autoptr(GError) error = NULL;

  remove_models_cache (f->provider);
  g_assert_cmpuint (parlance_model_catalog_get_max_size (catalog), ==, 32 * 1000 * 1000);

  /* Within the cap: read, one model at a time, and saved as it came. */
  queue_fault (f, "huge-models", 300);
  g_assert_true (refresh (catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 301);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Beyond it: an error, and the models before are kept. */
  parlance_model_catalog_set_max_size (catalog, 100 * KIB);
  queue_fault (f, "huge-models", 1000);
  g_assert_false (refresh (catalog, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "larger than 102.4");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 301);
  g_clear_error (&error);

  /* A cache beyond it is refused before it is read. */
  g_assert_false (load_cached (catalog, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "larger than 102.4");
  g_clear_error (&error);

  parlance_model_catalog_set_max_size (catalog, 0);
  g_assert_true (load_cached (catalog, &error));
  g_assert_no_error (error);
  g_remove (path);
}

/* Tool calls */

static void
test_many_tool_calls (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("vendor/model");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(ParlanceChatReply) too_many = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };

  /* 1,000 calls, the last first: each piece finds its call, and they come out by index. */
  queue_fault (f, "many-tool-calls", 1000);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, NULL, stream_done, &outcome);
  parlance_test_wait_for (outcome.done, WAIT_MS);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 1000);
  for (guint i = 0; i < 1000; i += 111)
    {
      const ParlanceToolCall *call = parlance_chat_reply_get_tool_call (reply, i);
      g_autofree char *id = g_strdup_printf ("call_%u", i);

      g_assert_cmpuint (call->index, ==, i);
      g_assert_cmpstr (call->id, ==, id);
    }

  /* More than any model asks for: the reply stops. */
  too_many = chat (f, "many-tool-calls", PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS + 1, &error);
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "too many tool calls");
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (too_many), <=, PARLANCE_CHAT_REPLY_MAX_TOOL_CALLS);
}

static void
test_huge_tool_arguments (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;

  parlance_chat_client_set_max_reply_size (f->client, 100 * KIB);
  reply = chat (f, "huge-tool-arguments", 1000 * 1000, &error);
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  assert_contains (error->message, "too long ones");
  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, 1);
  g_assert_cmpuint (parlance_chat_reply_get_tool_call (reply, 0)->arguments->len, <=, 100 * KIB);
}

/* Absurd waits */

static void
assert_wait_clamped (Fixture    *f,
                     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = chat (f, name, 0, &error);

  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Rate limited: try again in more than a week.");
  g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), ==, 7 * 24 * 3600);
}

static void
test_absurd_waits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;
  gint64 limit, remaining, reset_ms;

  assert_wait_clamped (f, "retry-after-huge");
  assert_wait_clamped (f, "retry-after-date");
  assert_wait_clamped (f, "reset-int64");
  assert_wait_clamped (f, "retry-after-body");

  reply = chat (f, "reset-int64", 0, &error);
  parlance_chat_reply_get_rate_limit (reply, &limit, &remaining, &reset_ms);
  g_assert_cmpint (reset_ms, <=, g_get_real_time () / 1000 + (gint64) 7 * 24 * 3600 * 1000);
}

static void
test_waits (void)
{
  g_autofree char *seconds = NULL;
  g_autofree char *hours = NULL;

  g_assert_cmpint (_parlance_http_parse_wait ("30", NULL, 0), ==, 30);
  g_assert_cmpint (_parlance_http_parse_wait ("-3", NULL, 0), ==, -1);
  g_assert_cmpint (_parlance_http_parse_wait ("99999999999999999999", NULL, 0), ==, PARLANCE_MAX_WAIT_SECONDS + 1);
  g_assert_cmpint (_parlance_http_parse_wait (NULL, "10500", 1000), ==, 10);
  g_assert_cmpint (_parlance_http_parse_wait (NULL, "500", 1000), ==, 0);
  g_assert_cmpint (_parlance_http_parse_wait (NULL, "9223372036854775807", G_MAXINT64 / 2), ==, PARLANCE_MAX_WAIT_SECONDS + 1);
  g_assert_cmpint (_parlance_http_parse_wait ("Thu, 01 Jan 1970 00:01:00 GMT", NULL, 0), ==, 60);
  g_assert_cmpint (_parlance_http_parse_wait (NULL, NULL, 0), ==, -1);
  seconds = _parlance_http_describe_wait (45);
  g_assert_cmpstr (seconds, ==, "45 seconds");
  hours = _parlance_http_describe_wait (PARLANCE_MAX_WAIT_SECONDS);
  g_assert_cmpstr (hours, ==, "168 hours");
}

/* 404 */

static void
test_no_such_endpoint (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autofree char *url = g_strconcat (fake_provider_get_base_url (f->fake) + strlen ("http://"), "/key", NULL);
  g_autofree char *expected = g_strconcat ("This server has no such endpoint: ", url, NULL);

  /* Nothing queued: the fake provider answers 404. */
  error = get_json (f, "key");
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strstr (error->message, TEST_KEY));
  g_clear_error (&error);

  /* A chat request's 404 is about the model. */
  {
    g_autoptr(FakeResponse) response = parlance_test_fixture_response (404, "error-no-endpoints.404.json");
    g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("vendor/model");
    Outcome outcome = { 0 };

    reply = parlance_chat_reply_new ();
    fake_provider_queue (f->fake, "POST", "/chat/completions", response);
    parlance_chat_request_add_message (request, "user", "Hello");
    parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, NULL, stream_done, &outcome);
    parlance_test_wait_for (outcome.done, WAIT_MS);
    g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND);
    assert_contains (outcome.error->message, "could not find this model");
    g_clear_error (&outcome.error);
  }
}

static void
test_cli_limits (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  /* 40 MB of text: the reply stops at 32 MB, printed, with an error. */
  queue_fault (f, "huge-reply", 40 * 1000 * 1000);
  run = run_cli (f, ARGS ("chat", "Hello"));
  g_assert_cmpint (run->status, ==, 10);
  assert_contains (run->err, "too long");
  g_assert_cmpuint (strlen (run->out), >, PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE - 1000);
  g_assert_cmpuint (strlen (run->out), <=, PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE + 1);
  g_clear_pointer (&run, cli_run_free);

  queue_fault (f, "retry-after-huge", 0);
  run = run_cli (f, ARGS ("chat", "Hello"));
  assert_contains (run->err, "more than a week");
  g_clear_pointer (&run, cli_run_free);

  remove_models_cache (f->provider);
  queue_fault (f, "huge-models", 40000);
  run = run_cli (f, ARGS ("models", "--refresh"));
  g_assert_cmpint (run->status, ==, 10);
  assert_contains (run->err, "larger than 32.0");
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, parlance_test_client_setup, func, parlance_test_client_teardown)

  g_test_add_func ("/parlance/hostile/depth-guard", test_depth_guard);
  g_test_add_func ("/parlance/hostile/depth-guard-escapes", test_depth_guard_escapes);
  add_test ("/parlance/hostile/deep-chunk", test_deep_chunk);
  add_test ("/parlance/hostile/deep-error-body", test_deep_error_body);
  add_test ("/parlance/hostile/deep-answer", test_deep_answer);
  add_test ("/parlance/hostile/deep-key", test_deep_key);
  add_test ("/parlance/hostile/deep-models", test_deep_models);
  add_test ("/parlance/hostile/deep-models-cache", test_deep_models_cache);
  g_test_add_func ("/parlance/hostile/deep-providers-file", test_deep_providers_file);
  add_test ("/parlance/hostile/cli-deep", test_cli_deep);
  add_test ("/parlance/hostile/endless-line", test_endless_line);
  add_test ("/parlance/hostile/huge-reply", test_huge_reply);
  add_test ("/parlance/hostile/huge-reasoning", test_huge_reasoning);
  add_test ("/parlance/hostile/huge-answer", test_huge_answer);
  add_test ("/parlance/hostile/huge-error-body", test_huge_error_body);
  add_test ("/parlance/hostile/huge-models", test_huge_models);
  add_test ("/parlance/hostile/many-tool-calls", test_many_tool_calls);
  add_test ("/parlance/hostile/huge-tool-arguments", test_huge_tool_arguments);
  g_test_add_func ("/parlance/hostile/waits", test_waits);
  add_test ("/parlance/hostile/absurd-waits", test_absurd_waits);
  add_test ("/parlance/hostile/no-such-endpoint", test_no_such_endpoint);
  add_test ("/parlance/hostile/cli-limits", test_cli_limits);

  return g_test_run ();
}
