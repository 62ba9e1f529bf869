/* test-fallback.c — fallback chains and OpenRouter routing (issue #14): which failures let the
 * next model answer, the free-only guard, the session asking the chain in order against the
 * fake provider, what the message keeps, and the routing fields sent to OpenRouter alone.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-api-error.h"
#include "parlance-fallback.h"
#include "parlance-routing.h"
#include "parlance-test-session.h"
#include "parlance-test-utils.h"

#define WAIT_MS PARLANCE_TEST_WAIT_MS

/* The decision */

static ParlanceFallbackReason
reason_for (ParlanceApiError  code,
            guint             status,
            const char       *server_message)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) error = g_error_new_literal (PARLANCE_API_ERROR, code, "failed");

  _parlance_chat_reply_set_http_status (reply, status);
  _parlance_chat_reply_set_error (reply, error, server_message);
  return parlance_fallback_reason_for (error, reply);
}

static void
test_reason (void)
{
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_RATE_LIMITED, 429, "Rate limit exceeded: free-models-per-min."),
                   ==, PARLANCE_FALLBACK_REASON_RATE_LIMITED);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_RATE_LIMITED, 429,
                               "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day"),
                   ==, PARLANCE_FALLBACK_REASON_QUOTA);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_RATE_LIMITED, 429, "Provider returned error"),
                   ==, PARLANCE_FALLBACK_REASON_RATE_LIMITED);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_SERVER, 503, NULL), ==, PARLANCE_FALLBACK_REASON_UNAVAILABLE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_SERVER, 502, NULL), ==, PARLANCE_FALLBACK_REASON_UNAVAILABLE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_NOT_FOUND, 404, "No endpoints found for x/y."),
                   ==, PARLANCE_FALLBACK_REASON_NO_ENDPOINTS);
  /* The rest stands: another model would fail the same way, or the user stopped it. */
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_SERVER, 500, NULL), ==, PARLANCE_FALLBACK_REASON_NONE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_NOT_FOUND, 404, "Model not found"), ==, PARLANCE_FALLBACK_REASON_NONE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_UNAUTHORIZED, 401, NULL), ==, PARLANCE_FALLBACK_REASON_NONE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_PAYMENT_REQUIRED, 402, NULL), ==, PARLANCE_FALLBACK_REASON_NONE);
  g_assert_cmpint (reason_for (PARLANCE_API_ERROR_CANCELLED, 0, NULL), ==, PARLANCE_FALLBACK_REASON_NONE);
  g_assert_cmpint (parlance_fallback_reason_for (NULL, NULL), ==, PARLANCE_FALLBACK_REASON_NONE);
}

/* The guard */

static ParlanceModel *
model_priced (const char *id,
              const char *prompt,
              const char *completion)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"pricing\":{\"prompt\":\"%s\",\"completion\":\"%s\"}}",
                                           id, prompt, completion);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return parlance_model_new_from_json (json_node_get_object (node), "openrouter");
}

static void
test_guard (void)
{
  g_autoptr(ParlanceModel) paid = model_priced ("paid/model", "0.000001", "0.000002");
  g_autoptr(ParlanceModel) free_model = model_priced ("free/model:free", "0", "0");
  /* ":free" in the name, yet priced: the price is what counts. */
  g_autoptr(ParlanceModel) misnamed = model_priced ("odd/model:free", "0", "0.0000001");

  g_assert_cmpint (parlance_fallback_guard (paid, TRUE, TRUE), ==, PARLANCE_FALLBACK_SKIPPED_PAID);
  g_assert_cmpint (parlance_fallback_guard (misnamed, TRUE, TRUE), ==, PARLANCE_FALLBACK_SKIPPED_PAID);
  g_assert_cmpint (parlance_fallback_guard (free_model, TRUE, FALSE), ==, PARLANCE_FALLBACK_ALLOWED);
  g_assert_cmpint (parlance_fallback_guard (NULL, TRUE, FALSE), ==, PARLANCE_FALLBACK_SKIPPED_UNLISTED);
  g_assert_cmpint (parlance_fallback_guard (NULL, TRUE, TRUE), ==, PARLANCE_FALLBACK_ALLOWED);
  g_assert_cmpint (parlance_fallback_guard (paid, FALSE, FALSE), ==, PARLANCE_FALLBACK_ALLOWED);
  g_assert_cmpint (parlance_fallback_guard (NULL, FALSE, FALSE), ==, PARLANCE_FALLBACK_ALLOWED);
}

/* Routing: stored, bounded, sent */

static void
test_routing_json (void)
{
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(ParlanceRouting) back = NULL;
  g_autoptr(ParlanceRouting) odd = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) hostile = NULL;
  g_autoptr(GString) many = g_string_new ("{\"fallback_models\":[");
  const char *fallbacks[] = { "b/model", "c/model", NULL };
  const char *order[] = { "Chutes", "Targon", NULL };

  g_assert_true (routing->free_only);
  g_assert_true (routing->allow_fallbacks);
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strdupv ((char **) fallbacks);
  g_strfreev (routing->order);
  routing->order = g_strdupv ((char **) order);
  routing->sort = PARLANCE_ROUTING_SORT_THROUGHPUT;
  routing->free_only = FALSE;
  routing->max_price_prompt = 0.5;

  object = parlance_routing_to_json (routing);
  back = parlance_routing_new_from_json (object);
  g_assert_true (parlance_routing_equal (routing, back));

  /* Wrong types keep the defaults; lists are bounded, de-duplicated and text only. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (many, "\"m/%u\",", i % 50);
  g_string_append (many, "5,\"\"],\"free_only\":\"no\",\"sort\":\"fastest\",\"max_price\":{\"prompt\":-3,\"completion\":1e400}}");
  hostile = json_from_string (many->str, NULL);
  g_assert_nonnull (hostile);
  odd = parlance_routing_new_from_json (json_node_get_object (hostile));
  g_assert_cmpuint (g_strv_length (odd->fallback_models), ==, PARLANCE_ROUTING_MAX_ENTRIES);
  g_assert_cmpstr (odd->fallback_models[0], ==, "m/0");
  g_assert_true (odd->free_only);
  g_assert_cmpint (odd->sort, ==, PARLANCE_ROUTING_SORT_DEFAULT);
  g_assert_cmpfloat (odd->max_price_prompt, <, 0);
  g_assert_cmpfloat (odd->max_price_completion, <, 0);
}

static JsonObject *
request_json (ParlanceRouting *routing,
              const char      *provider_id)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (provider_id);
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("a/model");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  parlance_routing_apply (routing, request, provider, "a/model");
  bytes = parlance_chat_request_to_bytes (request, NULL);
  node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  return json_object_ref (json_node_get_object (node));
}

static void
test_routing_request (void)
{
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(JsonObject) plain = request_json (routing, "openrouter");
  g_autoptr(JsonObject) openrouter = NULL;
  static const char *other_ids[] = { "openai", "gemini", "ollama" };
  const char *fallbacks[] = { "b/model", "a/model", "c/model", NULL };
  const char *ignore[] = { "Bad Host", NULL };
  const char *order[] = { "Chutes", NULL };
  JsonObject *provider, *max_price;
  JsonArray *models;

  /* OpenRouter's defaults: nothing to send. */
  g_assert_false (json_object_has_member (plain, "provider"));
  g_assert_false (json_object_has_member (plain, "models"));

  routing->sort = PARLANCE_ROUTING_SORT_PRICE;
  routing->allow_fallbacks = FALSE;
  routing->deny_data_collection = TRUE;
  routing->max_price_prompt = 1;
  routing->max_price_completion = 2.5;
  routing->server_models = TRUE;
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strdupv ((char **) fallbacks);
  g_strfreev (routing->ignore);
  routing->ignore = g_strdupv ((char **) ignore);
  g_strfreev (routing->order);
  routing->order = g_strdupv ((char **) order);

  openrouter = request_json (routing, "openrouter");
  provider = json_object_get_object_member (openrouter, "provider");
  g_assert_nonnull (provider);
  g_assert_cmpstr (json_object_get_string_member (provider, "sort"), ==, "price");
  g_assert_false (json_object_get_boolean_member (provider, "allow_fallbacks"));
  g_assert_cmpstr (json_object_get_string_member (provider, "data_collection"), ==, "deny");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (provider, "order"), 0), ==, "Chutes");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (provider, "ignore"), 0), ==, "Bad Host");
  max_price = json_object_get_object_member (provider, "max_price");
  g_assert_cmpfloat (json_object_get_double_member (max_price, "prompt"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (max_price, "completion"), ==, 2.5);
  /* The model asked first, then the chain, once each. */
  models = json_object_get_array_member (openrouter, "models");
  g_assert_cmpuint (json_array_get_length (models), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (models, 0), ==, "a/model");
  g_assert_cmpstr (json_array_get_string_element (models, 1), ==, "b/model");
  g_assert_cmpstr (json_array_get_string_element (models, 2), ==, "c/model");

  for (guint i = 0; i < G_N_ELEMENTS (other_ids); i++)
    {
      g_autoptr(JsonObject) other = request_json (routing, other_ids[i]);

      g_assert_false (json_object_has_member (other, "provider"));
      g_assert_false (json_object_has_member (other, "models"));
    }
}

/* A conversation keeps its own routing in its parameters, beside its other settings. */
static void
test_conversation_routing (void)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(ParlanceConversation) copy = NULL;
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(ParlanceRouting) back = NULL;
  const char *fallbacks[] = { "b/model", NULL };
  g_autofree char *json = NULL;

  g_assert_null (parlance_conversation_dup_routing (conversation));
  parlance_conversation_set_temperature (conversation, TRUE, 0.5);
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strdupv ((char **) fallbacks);
  routing->free_only = FALSE;
  parlance_conversation_set_routing (conversation, routing);

  copy = parlance_conversation_new ();
  json = parlance_conversation_dup_parameters_json (conversation);
  g_assert_true (parlance_conversation_set_parameters_json (copy, json));
  back = parlance_conversation_dup_routing (copy);
  g_assert_nonnull (back);
  g_assert_true (parlance_routing_equal (routing, back));
  g_assert_true (parlance_conversation_get_temperature (copy, NULL));

  parlance_conversation_set_routing (copy, NULL);
  g_assert_null (parlance_conversation_dup_routing (copy));
  g_assert_true (parlance_conversation_get_temperature (copy, NULL));
}

/* The session */

static void
set_chain (ParlanceTestSession *f,
           gboolean             free_only,
           const char          *first,
           ...)
{
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *model = first; model != NULL; model = va_arg (args, const char *))
    g_strv_builder_add (builder, model);
  va_end (args);
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strv_builder_end (builder);
  routing->free_only = free_only;
  parlance_conversation_set_routing (parlance_chat_session_get_conversation (f->session), routing);
}

/* The models of the chat requests the fake received, in order (the catalogue's GET aside). */
static GPtrArray *
asked_models (FakeProvider *server)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < fake_provider_get_n_requests (server); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (server, i);
      g_autoptr(JsonObject) body = NULL;

      if (!g_str_has_suffix (request->path, "/chat/completions"))
        continue;
      body = parlance_test_request_body (server, i);
      g_ptr_array_add (models, g_strdup (json_object_get_string_member (body, "model")));
    }
  return models;
}

static ParlanceMessage *
last_reply (ParlanceTestSession *f)
{
  GListModel *messages = parlance_chat_session_get_messages (f->session);

  return g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
}

static void
assert_asked (FakeProvider       *server,
              const char * const *models)
{
  g_autoptr(GPtrArray) asked = asked_models (server);
  guint n = g_strv_length ((char **) models);

  g_assert_cmpuint (asked->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (asked, i), ==, models[i]);
}

/* 429, 503 and "No endpoints found": the chain in order; the message keeps who answered (from
 * the response), who was asked first and why the others did not. */
static void
test_session_order (ParlanceTestSession *f,
                    gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(JsonNode) attempts = NULL;
  static const char *asked[] = { "test/model", "b/model", "c/model", "d/model", NULL };
  ParlanceMessage *saved;
  JsonArray *array;

  parlance_chat_session_set_model (f->session, "test/model");
  set_chain (f, FALSE, "b/model", "c/model", "d/model", NULL);
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  fake_provider_set_model_fault (f->server, "b/model", FAKE_MODEL_FAULT_UNAVAILABLE);
  fake_provider_set_model_fault (f->server, "c/model", FAKE_MODEL_FAULT_NO_ENDPOINTS);
  parlance_test_queue_text (f->server, "From the fourth.");
  parlance_test_send_and_wait (f, "Hello");

  assert_asked (f->server, asked);
  reply = last_reply (f);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "From the fourth.");
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "test/answered-model");
  g_assert_cmpstr (parlance_message_get_provider_name (reply), ==, "Fixture");
  g_assert_cmpstr (parlance_message_get_requested_model (reply), ==, "test/model");

  attempts = json_from_string (parlance_message_get_attempts (reply), NULL);
  array = json_node_get_array (attempts);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "model"), ==, "test/model");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "reason"), ==, "rate_limited");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "reason"), ==, "unavailable");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "reason"), ==, "no_endpoints");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "status"), ==, 503);

  /* The store keeps it all. */
  parlance_test_settle (f->session, f->store);
  stored = parlance_test_stored_branch (f->store, parlance_test_conversation_id (f));
  saved = parlance_test_message_at (stored, 1);
  g_assert_cmpstr (parlance_message_get_model (saved), ==, "test/answered-model");
  g_assert_cmpstr (parlance_message_get_provider_name (saved), ==, "Fixture");
  g_assert_cmpstr (parlance_message_get_requested_model (saved), ==, "test/model");
  g_assert_cmpstr (parlance_message_get_attempts (saved), ==, parlance_message_get_attempts (reply));
}

/* A daily quota falls back too; a plain server error does not. */
static void
test_session_quota_and_500 (ParlanceTestSession *f,
                            gconstpointer        data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (500);
  g_autoptr(ParlanceMessage) first = NULL;
  g_autoptr(ParlanceMessage) second = NULL;
  static const char *asked[] = { "test/model", "b/model", "test/model", NULL };

  parlance_chat_session_set_model (f->session, "test/model");
  set_chain (f, FALSE, "b/model", NULL);
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_DAILY_QUOTA);
  parlance_test_queue_text (f->server, "Quota elsewhere.");
  parlance_test_send_and_wait (f, "One");
  first = last_reply (f);
  g_assert_cmpstr (parlance_message_get_content (first), ==, "Quota elsewhere.");
  g_assert_nonnull (strstr (parlance_message_get_attempts (first), "\"quota\""));

  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_NONE);
  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Oops\",\"code\":500}}");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);
  parlance_test_send_and_wait (f, "Two");
  second = last_reply (f);
  g_assert_cmpint (parlance_message_get_status (second), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_null (parlance_message_get_attempts (second));
  assert_asked (f->server, asked);
}

/* Every model of the chain failing: the last failure is the message's, all are kept. */
static void
test_session_all_fail (ParlanceTestSession *f,
                       gconstpointer        data)
{
  g_autoptr(ParlanceMessage) reply = NULL;
  static const char *asked[] = { "test/model", "b/model", NULL };

  parlance_chat_session_set_model (f->session, "test/model");
  set_chain (f, FALSE, "b/model", NULL);
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  fake_provider_set_model_fault (f->server, "b/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  parlance_test_send_and_wait (f, "Hello");

  assert_asked (f->server, asked);
  reply = last_reply (f);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "b/model");
  g_assert_nonnull (strstr (parlance_message_get_attempts (reply), "\"b/model\""));
  g_assert_true (parlance_message_get_can_retry (reply));
}

static void
catalog_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Free models only: a paid fallback is never asked; one the catalogue does not list only when
 * the conversation names it itself, not from the defaults. */
static void
test_session_free_only (ParlanceTestSession *f,
                        gconstpointer        data)
{
  g_autoptr(FakeResponse) models = fake_response_new (200);
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (f->provider);
  g_autoptr(ParlanceRouting) defaults = parlance_routing_new ();
  g_autoptr(ParlanceMessage) reply = NULL;
  static const char *asked_own[] = { "test/model", "unlisted/model", NULL };
  static const char *asked_default[] = { "test/model", "unlisted/model", "test/model", "free/model:free", NULL };
  const char *chain[] = { "paid/model", "unlisted/model", "free/model:free", NULL };
  gboolean done = FALSE;

  fake_response_set_body_string (models,
    "{\"data\":[{\"id\":\"paid/model\",\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}},"
    "{\"id\":\"free/model:free\",\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}},"
    "{\"id\":\"test/model\",\"pricing\":{\"prompt\":\"0.000003\",\"completion\":\"0.000003\"}}]}");
  fake_provider_queue (f->server, "GET", "/models", models);
  parlance_model_catalog_refresh_async (catalog, PARLANCE_TEST_OPENROUTER_KEY, NULL, catalog_done, &done);
  parlance_test_wait_for (done, WAIT_MS);
  parlance_chat_session_set_model_catalog (f->session, catalog);
  parlance_chat_session_set_model (f->session, "test/model");
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_RATE_LIMITED);
  fake_provider_set_model_fault (f->server, "paid/model", FAKE_MODEL_FAULT_NONE);

  /* The conversation's own chain: paid/model skipped, unlisted/model named, so asked. (The
   * model chosen, paid as it is, is the user's choice and asked.) */
  set_chain (f, TRUE, "paid/model", "unlisted/model", "free/model:free", NULL);
  parlance_test_queue_text (f->server, "Unlisted answered.");
  parlance_test_send_and_wait (f, "One");
  reply = last_reply (f);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Unlisted answered.");
  assert_asked (f->server, asked_own);

  /* The defaults' chain: unlisted/model is nobody's explicit choice here, so skipped. */
  fake_provider_set_model_fault (f->server, "unlisted/model", FAKE_MODEL_FAULT_NONE);
  parlance_conversation_set_routing (parlance_chat_session_get_conversation (f->session), NULL);
  g_strfreev (defaults->fallback_models);
  defaults->fallback_models = g_strdupv ((char **) chain);
  parlance_chat_session_set_default_routing (f->session, defaults);
  parlance_test_queue_text (f->server, "Free answered.");
  parlance_test_send_and_wait (f, "Two");
  g_clear_object (&reply);
  reply = last_reply (f);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Free answered.");
  assert_asked (f->server, asked_default);
}

/* Routing reaches OpenRouter with each attempt. */
static void
test_session_routing_sent (ParlanceTestSession *f,
                           gconstpointer        data)
{
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  const char *fallbacks[] = { "b/model", NULL };

  routing->sort = PARLANCE_ROUTING_SORT_LATENCY;
  routing->deny_data_collection = TRUE;
  routing->free_only = FALSE;
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strdupv ((char **) fallbacks);
  parlance_conversation_set_routing (parlance_chat_session_get_conversation (f->session), routing);
  parlance_chat_session_set_model (f->session, "test/model");
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_UNAVAILABLE);
  parlance_test_queue_text (f->server, "Fast.");
  parlance_test_send_and_wait (f, "Hello");

  first = parlance_test_request_body (f->server, 0);
  second = parlance_test_request_body (f->server, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "provider"), "sort"), ==, "latency");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second, "provider"), "data_collection"), ==, "deny");
  g_assert_false (json_object_has_member (first, "models"));
  g_assert_cmpstr (json_object_get_string_member (second, "model"), ==, "b/model");

  /* "Let OpenRouter choose": one request, with the list. */
  routing->server_models = TRUE;
  parlance_conversation_set_routing (parlance_chat_session_get_conversation (f->session), routing);
  fake_provider_set_model_fault (f->server, "test/model", FAKE_MODEL_FAULT_NONE);
  parlance_test_queue_text (f->server, "Chosen.");
  parlance_test_send_and_wait (f, "Again");
  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 3);
  {
    g_autoptr(JsonObject) third = parlance_test_request_body (f->server, 2);
    JsonArray *models = json_object_get_array_member (third, "models");

    g_assert_nonnull (models);
    g_assert_cmpstr (json_array_get_string_element (models, 0), ==, "test/model");
    g_assert_cmpstr (json_array_get_string_element (models, 1), ==, "b/model");
  }
}

/* Another provider is never sent OpenRouter's fields, yet falls back the same way. */
static void
test_session_other_provider (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new ();
  g_autoptr(ParlanceProvider) ollama = parlance_provider_new_builtin ("ollama");
  g_autoptr(ParlanceChatSession) session = NULL;
  g_autoptr(ParlanceRouting) routing = parlance_routing_new ();
  g_autoptr(GError) error = NULL;
  const char *fallbacks[] = { "qwen3", NULL };

  g_assert_true (parlance_provider_set_base_url (ollama, fake_provider_get_base_url (server), &error));
  session = parlance_chat_session_new (ollama, "llama3.2");
  routing->sort = PARLANCE_ROUTING_SORT_PRICE;
  routing->deny_data_collection = TRUE;
  routing->server_models = TRUE;
  routing->free_only = FALSE;
  g_strfreev (routing->fallback_models);
  routing->fallback_models = g_strdupv ((char **) fallbacks);
  parlance_conversation_set_routing (parlance_chat_session_get_conversation (session), routing);
  fake_provider_set_model_fault (server, "llama3.2", FAKE_MODEL_FAULT_RATE_LIMITED);
  parlance_test_queue_text (server, "Qwen here.");
  parlance_test_send (session, "Hello");
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), WAIT_MS);

  g_assert_cmpuint (fake_provider_get_n_requests (server), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) body = parlance_test_request_body (server, i);

      g_assert_false (json_object_has_member (body, "provider"));
      g_assert_false (json_object_has_member (body, "models"));
    }
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/fallback/reason", test_reason);
  g_test_add_func ("/parlance/fallback/guard", test_guard);
  g_test_add_func ("/parlance/routing/json", test_routing_json);
  g_test_add_func ("/parlance/routing/request", test_routing_request);
  g_test_add_func ("/parlance/routing/conversation", test_conversation_routing);
#define ADD(path, func) \
  g_test_add ("/parlance/fallback/session/" path, ParlanceTestSession, NULL, \
              parlance_test_session_setup, func, parlance_test_session_teardown)
  ADD ("order", test_session_order);
  ADD ("quota-and-500", test_session_quota_and_500);
  ADD ("all-fail", test_session_all_fail);
  ADD ("free-only", test_session_free_only);
  ADD ("routing-sent", test_session_routing_sent);
#undef ADD
  g_test_add_func ("/parlance/fallback/session/other-provider", test_session_other_provider);

  return g_test_run ();
}
