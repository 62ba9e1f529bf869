/* test-recordings.c — replays real recorded provider responses (PARLANCE_RECORDINGS_DIR).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file `NAME.STATUS.EXT` of the folder is a response body recorded from a live service.
 * Each one is served by the fake provider, whole and cut at repeatable random positions, and must
 * reach a client byte for byte. Every chat answer (`.sse`, and `.200.json` other than model lists)
 * then goes through ParlanceChatClient, whose text, reasoning, tool calls, usage, finish reason and
 * error must be what a plain reference decode of the file (the reference SSE parser and json-glib,
 * below) says; each streamed chunk must read the same through the chunk scanner as through
 * json-glib. The SSE parser and the model catalogue read the same files.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "chunk-agreement.h"
#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-model-catalog.h"
#include "parlance-test-sse.h"
#include "parlance-test-utils.h"

typedef struct
{
  char  *path;
  char  *name;
  guint  status;
} Recording;

static void
recording_free (gpointer data)
{
  Recording *recording = data;

  g_free (recording->path);
  g_free (recording->name);
  g_free (recording);
}

/* "stream_error.200.sse" → 200; "x.request.json" → 200 (a request, served as a body all the same). */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static guint
status_from_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, ".", -1);
  guint n = g_strv_length (parts);
  guint64 status = 0;

  if (n >= 3 && g_ascii_string_to_unsigned (parts[n - 2], 10, 100, 599, &status, NULL))
    return (guint) status;
  return 200;
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} Fetch;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &fetch->error);
  fetch->done = TRUE;
}

static void
replay_and_compare (FakeProvider *provider,
                    SoupSession  *session,
                    Recording    *recording,
                    FakeResponse *response,
                    GBytes       *expected)
{
  g_autofree char *url = g_strconcat (fake_provider_get_base_url (provider), "/replay", NULL);
  Fetch fetch = { 0 };

  fake_provider_queue (provider, "GET", "/replay", response);
  fetch.msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, fetch.msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &fetch);
  parlance_test_wait_for (fetch.done, 30000);

  g_assert_no_error (fetch.error);
  g_assert_cmpuint (soup_message_get_status (fetch.msg), ==, recording->status);
  g_assert_true (g_bytes_equal (fetch.body, expected));

  g_bytes_unref (fetch.body);
  g_object_unref (fetch.msg);
}

static void
test_replay (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  expected = g_bytes_new_take (contents, len);

  /* Whole. */
  {
    g_autoptr(FakeResponse) response = fake_response_new_from_file (recording->status, recording->path, &error);
    g_assert_no_error (error);
    replay_and_compare (provider, session, recording, response, expected);
  }

  /* Cut at random positions, in small and large pieces. */
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(FakeResponse) response = fake_response_new_from_file (recording->status, recording->path, &error);

      g_assert_no_error (error);
      fake_response_set_random_chunks (response, seed, seed == 1 ? 16 : 4096);
      replay_and_compare (provider, session, recording, response, expected);
    }
}

/* The SSE parser reads every event stream the same, whatever the pieces it arrives in, and as
 * the reference parser does. */
static void
test_sse (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceTestSseResult) result = NULL;
  g_autoptr(ParlanceTestSseResult) reference = NULL;
  g_autofree char *contents = NULL;
  const ParlanceTestSseEvent *last;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);

  result = parlance_test_sse_assert_split_invariant (contents, len, 0);
  reference = parlance_test_sse_parse_reference (contents, len);
  parlance_test_sse_assert_same (reference, result, "whole");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, >=, 1);
  last = g_ptr_array_index (result->events, result->events->len - 1);
  g_assert_cmpstr (last->data, ==, "[DONE]");
}

/* The model catalogue reads OpenRouter's real answers whole: every model, and the free ones. */
static void
test_models (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *contents = NULL;
  guint n_free_ids = 0, n_free = 0;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  models = parlance_model_catalog_parse (contents, len, "openrouter", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);

      n_free_ids += g_str_has_suffix (parlance_model_get_id (model), ":free");
      n_free += parlance_model_get_is_free (model);
      g_assert_nonnull (parlance_model_get_name (model));
      g_assert_true (parlance_model_get_context_length (model) > 0);
    }

  if (g_str_equal (recording->name, "models-2025-04-23.200.json"))
    {
      g_assert_cmpuint (models->len, ==, 302);
      g_assert_cmpuint (n_free_ids, ==, 60);
      /* One more costs nothing without saying so in its id: google/gemini-flash-1.5-8b-exp. */
      g_assert_cmpuint (n_free, ==, 61);
    }
  else if (g_str_equal (recording->name, "models-structured_outputs-2025-04-23.200.json"))
    {
      g_assert_cmpuint (models->len, ==, 81);
    }
}

/* What a recorded chat answer says, decoded plainly, the way the chat protocol reads: texts
 * appended in order, the first finish reason (an "error" one wins), the last usage, an error
 * object anywhere. */
typedef struct
{
  GString    *content;
  GString    *reasoning;
  char       *finish_reason;
  GHashTable *tool_calls;     /* index → name (nullable) */
  gboolean    has_usage;
  gint64      prompt_tokens;
  gint64      completion_tokens;
  gint64      total_tokens;
  gboolean    has_cost;
  double      cost;
  char       *error_message;
  gboolean    saw_done;
} Expected;

static void
expected_free (Expected *e)
{
  g_string_free (e->content, TRUE);
  g_string_free (e->reasoning, TRUE);
  g_free (e->finish_reason);
  g_hash_table_unref (e->tool_calls);
  g_free (e->error_message);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Expected, expected_free)

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static void
expect_message (Expected   *e,
                JsonObject *message)
{
  JsonArray *calls = array_member (message, "tool_calls");
  const char *text;

  if ((text = string_member (message, "content")) != NULL)
    g_string_append (e->content, text);
  if ((text = string_member (message, "reasoning")) != NULL ||
      (text = string_member (message, "reasoning_content")) != NULL)
    g_string_append (e->reasoning, text);

  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      gint64 index = int_member (call, "index");
      const char *name = string_member (object_member (call, "function"), "name");
      gpointer key = GINT_TO_POINTER ((int) (index >= 0 ? index : (gint64) g_hash_table_size (e->tool_calls)));

      if (!g_hash_table_contains (e->tool_calls, key) || g_hash_table_lookup (e->tool_calls, key) == NULL)
        g_hash_table_insert (e->tool_calls, key, g_strdup (name));
    }
}

static void
expect_chunk (Expected   *e,
              JsonObject *chunk)
{
  JsonArray *choices = array_member (chunk, "choices");
  JsonObject *usage = object_member (chunk, "usage");
  JsonObject *error = object_member (chunk, "error");

  if (choices != NULL && json_array_get_length (choices) > 0)
    {
      JsonObject *choice = json_array_get_object_element (choices, 0);
      JsonObject *delta = object_member (choice, "delta");
      const char *finish_reason = string_member (choice, "finish_reason");

      expect_message (e, delta != NULL ? delta : object_member (choice, "message"));
      if (finish_reason != NULL && (e->finish_reason == NULL || g_str_equal (finish_reason, "error")))
        {
          g_free (e->finish_reason);
          e->finish_reason = g_strdup (finish_reason);
        }
    }

  if (usage != NULL)
    {
      JsonNode *cost = json_object_get_member (usage, "cost");

      e->has_usage = TRUE;
      e->prompt_tokens = int_member (usage, "prompt_tokens");
      e->completion_tokens = int_member (usage, "completion_tokens");
      e->total_tokens = int_member (usage, "total_tokens");
      e->has_cost = cost != NULL && JSON_NODE_HOLDS_VALUE (cost) &&
                    (json_node_get_value_type (cost) == G_TYPE_DOUBLE ||
                     json_node_get_value_type (cost) == G_TYPE_INT64);
      e->cost = e->has_cost ? json_node_get_double (cost) : 0;
    }

  if (error != NULL && e->error_message == NULL)
    e->error_message = g_strdup (string_member (error, "message"));
}

static Expected *
expected_decode (const char *contents,
                 gsize       len,
                 gboolean    is_sse)
{
  Expected *e = g_new0 (Expected, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  e->content = g_string_new (NULL);
  e->reasoning = g_string_new (NULL);
  e->tool_calls = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!is_sse)
    {
      json_parser_load_from_data (parser, contents, (gssize) len, &error);
      g_assert_no_error (error);
      expect_chunk (e, json_node_get_object (json_parser_get_root (parser)));
      if (e->finish_reason == NULL && e->error_message == NULL)
        e->finish_reason = g_strdup ("stop");
      e->saw_done = TRUE;
      return e;
    }

  {
    g_autoptr(ParlanceTestSseResult) events = parlance_test_sse_parse_reference (contents, len);

    g_assert_no_error (events->error);
    for (guint i = 0; i < events->events->len; i++)
      {
        const ParlanceTestSseEvent *event = g_ptr_array_index (events->events, i);

        if (!g_str_equal (event->event, "message") && !g_str_equal (event->event, "error"))
          continue;
        if (g_str_equal (event->data, "[DONE]"))
          {
            e->saw_done = TRUE;
            continue;
          }
        json_parser_load_from_data (parser, event->data, (gssize) event->data_len, &error);
        g_assert_no_error (error);
        expect_chunk (e, json_node_get_object (json_parser_get_root (parser)));
      }
  }

  return e;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Streamed;

static void
streamed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Streamed *streamed = user_data;

  streamed->ok = parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result,
                                                     &streamed->error);
  streamed->done = TRUE;
}

static void
assert_reply_is (ParlanceChatReply *reply,
                 const Streamed    *streamed,
                 const Expected    *e)
{
  GHashTableIter iter;
  gpointer key, name;
  double cost = -1;

  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, e->content->str);
  g_assert_cmpstr (parlance_chat_reply_get_reasoning (reply) ? parlance_chat_reply_get_reasoning (reply) : "",
                   ==, e->reasoning->str);
  g_assert_cmpstr (parlance_chat_reply_get_finish_reason (reply), ==, e->finish_reason);

  g_assert_cmpuint (parlance_chat_reply_get_n_tool_calls (reply), ==, g_hash_table_size (e->tool_calls));
  g_hash_table_iter_init (&iter, e->tool_calls);
  while (g_hash_table_iter_next (&iter, &key, &name))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < parlance_chat_reply_get_n_tool_calls (reply); i++)
        found |= g_strcmp0 (parlance_chat_reply_get_tool_call (reply, i)->name, name) == 0;
      g_assert_true (found);
    }

  g_assert_cmpint (parlance_chat_reply_get_has_usage (reply), ==, e->has_usage);
  if (e->has_usage)
    {
      g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, e->prompt_tokens);
      g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, e->completion_tokens);
      if (e->total_tokens >= 0)
        g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, e->total_tokens);
      g_assert_cmpint (parlance_chat_reply_get_cost (reply, &cost), ==, e->has_cost);
      if (e->has_cost)
        g_assert_cmpfloat (cost, ==, e->cost);
    }

  if (e->error_message != NULL)
    {
      g_assert_false (streamed->ok);
      g_assert_error (streamed->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_STREAM);
      g_assert_cmpstr (parlance_chat_reply_get_server_message (reply), ==, e->error_message);
      g_assert_nonnull (strstr (streamed->error->message, e->error_message));
    }
  else
    {
      g_assert_no_error (streamed->error);
      g_assert_true (streamed->ok);
      g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_COMPLETE);
    }
}

/* The chat client reads each recorded answer, whole and in random pieces, as the reference
 * decode does. */
static void
test_client (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(ParlanceChatClient) client = NULL;
  g_autoptr(Expected) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  expected = expected_decode (contents, len, g_str_has_suffix (recording->name, ".sse"));
  /* A recording of a chat says something. */
  g_assert_true (expected->content->len > 0 || expected->reasoning->len > 0 ||
                 g_hash_table_size (expected->tool_calls) > 0 || expected->error_message != NULL);

  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (fake), &error));
  g_assert_no_error (error);
  client = parlance_chat_client_new (provider);

  for (guint32 seed = 0; seed <= 3; seed++)
    {
      g_autoptr(FakeResponse) response = fake_response_new_from_file (recording->status, recording->path, &error);
      g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("openrouter/auto");
      g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
      Streamed streamed = { 0 };

      g_assert_no_error (error);
      if (seed > 0)
        fake_response_set_random_chunks (response, seed, seed == 1 ? 7 : 1500);
      fake_provider_queue (fake, "POST", "/chat/completions", response);
      parlance_chat_request_add_message (request, "user", "Hello");
      parlance_chat_client_stream_async (client, request, "sk-recordings-test", reply, NULL,
                                         streamed_cb, &streamed);
      parlance_test_wait_for (streamed.done, 30000);

      assert_reply_is (reply, &streamed, expected);
      g_clear_error (&streamed.error);
    }
}

static ParlanceApiError
api_error_for_status (guint status)
{
  switch (status)
    {
    case 400: return PARLANCE_API_ERROR_BAD_REQUEST;
    case 401: return PARLANCE_API_ERROR_UNAUTHORIZED;
    case 402: return PARLANCE_API_ERROR_PAYMENT_REQUIRED;
    case 403: return PARLANCE_API_ERROR_FORBIDDEN;
    case 404: return PARLANCE_API_ERROR_NOT_FOUND;
    case 429: return PARLANCE_API_ERROR_RATE_LIMITED;
    default:
      g_assert_cmpuint (status, >=, 500);
      return PARLANCE_API_ERROR_SERVER;
    }
}

/* A recorded error answer fails the request with the error its status means, and the
 * provider's own words (its error.message, when json-glib can read the body) are kept. */
static void
test_client_error (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(ParlanceChatClient) client = NULL;
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("openrouter/auto");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Streamed streamed = { 0 };
  const char *words = NULL;

  if (json_parser_load_from_file (parser, recording->path, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    words = string_member (object_member (json_node_get_object (json_parser_get_root (parser)), "error"),
                           "message");

  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (fake), &error));
  g_assert_no_error (error);
  client = parlance_chat_client_new (provider);
  response = fake_response_new_from_file (recording->status, recording->path, &error);
  g_assert_no_error (error);
  fake_provider_queue (fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (client, request, "sk-recordings-test", reply, NULL,
                                     streamed_cb, &streamed);
  parlance_test_wait_for (streamed.done, 30000);

  g_assert_false (streamed.ok);
  g_assert_error (streamed.error, PARLANCE_API_ERROR, (int) api_error_for_status (recording->status));
  g_assert_cmpuint (parlance_chat_reply_get_http_status (reply), ==, recording->status);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "");
  g_assert_nonnull (parlance_chat_reply_get_server_message (reply));
  if (words != NULL)
    g_assert_nonnull (strstr (parlance_chat_reply_get_server_message (reply), words));
  /* Classified, in the words shown; a recorded 429 is a rate limit of some kind, and OpenRouter's
   * "Provider returned error" names the upstream provider that refused. */
  g_assert_nonnull (parlance_chat_reply_get_limit_error (reply));
  g_assert_cmpstr (parlance_limit_error_get_message (parlance_chat_reply_get_limit_error (reply)), ==,
                   streamed.error->message);
  if (recording->status == 429)
    g_assert_true (parlance_limit_error_is_rate_limit (parlance_chat_reply_get_limit_error (reply)));
  if (words != NULL && g_str_equal (words, "Provider returned error") && recording->status == 429)
    {
      g_assert_cmpint (parlance_limit_error_get_kind (parlance_chat_reply_get_limit_error (reply)), ==,
                       PARLANCE_LIMIT_KIND_UPSTREAM);
      g_assert_nonnull (parlance_limit_error_get_upstream (parlance_chat_reply_get_limit_error (reply)));
    }
  g_clear_error (&streamed.error);
}

/* Every streamed chunk reads the same through the chunk scanner's fast paths as through
 * json-glib, alone and after the chunk before it. */
static void
test_chunks (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceTestSseResult) events = NULL;
  g_autofree char *contents = NULL;
  const ParlanceTestSseEvent *previous = NULL;
  guint n_fast = 0;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  events = parlance_test_sse_parse_reference (contents, len);

  for (guint i = 0; i < events->events->len; i++)
    {
      const ParlanceTestSseEvent *event = g_ptr_array_index (events->events, i);
      g_autofree char *why = NULL;
      gboolean fast = FALSE, templated = FALSE;

      if (g_str_equal (event->data, "[DONE]"))
        continue;
      if (!chunk_agreement_check (event->data, event->data_len, &fast, &why))
        g_error ("chunk %u of %s: %s", i, recording->name, why);
      n_fast += fast;
      if (previous != NULL &&
          !chunk_agreement_check_after (previous->data, previous->data_len, event->data,
                                        event->data_len, &fast, &templated, &why))
        g_error ("chunk %u of %s, after the one before: %s", i, recording->name, why);
      previous = event;
    }
  g_test_message ("%s: %u chunks read by the fast path", recording->name, n_fast);
}

int
main (int    argc,
      char **argv)
{
  const char *dir_path;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) recordings = g_ptr_array_new_with_free_func (recording_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  parlance_test_init (&argc, &argv);

  dir_path = g_getenv ("PARLANCE_RECORDINGS_DIR");
  if (dir_path == NULL || *dir_path == '\0')
    {
      g_print ("1..0 # SKIP PARLANCE_RECORDINGS_DIR is not set\n");
      return EXIT_SUCCESS;
    }

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      Recording *recording = g_new0 (Recording, 1);
      g_autofree char *test_path = NULL;

      recording->name = g_strdup (names->pdata[i]);
      recording->path = g_build_filename (dir_path, recording->name, NULL);
      recording->status = status_from_name (recording->name);
      g_ptr_array_add (recordings, recording);

      test_path = g_strdup_printf ("/parlance/recordings/replay/%s", recording->name);
      g_test_add_data_func (test_path, recording, test_replay);

      if (g_str_has_prefix (recording->name, "models") && g_str_has_suffix (recording->name, ".200.json"))
        {
          g_autofree char *models_path = g_strdup_printf ("/parlance/recordings/models/%s",
                                                          recording->name);

          g_test_add_data_func (models_path, recording, test_models);
        }

      if (g_str_has_suffix (recording->name, ".sse"))
        {
          g_autofree char *sse_path = g_strdup_printf ("/parlance/recordings/sse/%s",
                                                       recording->name);
          g_autofree char *chunks_path = g_strdup_printf ("/parlance/recordings/chunks/%s",
                                                          recording->name);

          g_test_add_data_func (sse_path, recording, test_sse);
          g_test_add_data_func (chunks_path, recording, test_chunks);
        }

      /* Chat answers, streamed or whole. */
      if (g_str_has_suffix (recording->name, ".200.sse") ||
          (g_str_has_suffix (recording->name, ".200.json") && !g_str_has_prefix (recording->name, "models")))
        {
          g_autofree char *client_path = g_strdup_printf ("/parlance/recordings/client/%s",
                                                          recording->name);

          g_test_add_data_func (client_path, recording, test_client);
        }
      else if (recording->status >= 400 && g_str_has_suffix (recording->name, ".json"))
        {
          g_autofree char *error_path = g_strdup_printf ("/parlance/recordings/client-error/%s",
                                                         recording->name);

          g_test_add_data_func (error_path, recording, test_client_error);
        }
    }

  return g_test_run ();
}
