/* test-chat-client-limits.c — ParlanceChatClient against the fake provider's limits group: every
 * refusal classified, usage and cost kept exactly, and OpenRouter's /generation.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-limits.h"
#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-message.h"
#include "parlance-openrouter-generation.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-or-v1-limits-test-0123456789"
#define WAIT_MS  20000

/* data: the built-in provider's id, NULL for OpenRouter */
typedef ParlanceTestClient Fixture;

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

/* The reply to one request answered with the limits fault @name. */
static ParlanceChatReply *
run_fault (Fixture    *f,
           const char *name,
           Outcome    *outcome)
{
  g_autoptr(FakeResponse) response = fake_limits_response_new (name, g_get_real_time () / 1000);
  g_autoptr(ParlanceChatRequest) request = parlance_chat_request_new ("meta-llama/llama-3.3-70b-instruct:free");
  ParlanceChatReply *reply = parlance_chat_reply_new ();

  g_assert_nonnull (response);
  fake_provider_queue (f->fake, "POST", "/chat/completions", response);
  parlance_chat_request_add_message (request, "user", "Hello");
  parlance_chat_client_stream_async (f->client, request, TEST_KEY, reply, NULL, stream_done, outcome);
  parlance_test_wait_for (outcome->done, WAIT_MS);
  return reply;
}

typedef struct
{
  const char        *fault;
  const char        *provider_id;
  ParlanceApiError   code;
  ParlanceLimitKind  kind;
  gint64             retry_min;     /* -1: none said */
  gint64             retry_max;
  gint64             limit;
  const char        *upstream;
  const char        *in_message;
} FaultCase;

static const FaultCase fault_cases[] = {
  { "per-minute", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_PER_MINUTE, 35, 37, 20, NULL, "Rate limited: try again in 3" },
  { "per-minute-metadata", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_PER_MINUTE, 18, 20, 20, NULL, "Rate limited: try again in " },
  { "per-day", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_DAILY, 0, 86400, 50, NULL, "it resets at " },
  { "upstream", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_UPSTREAM, 12, 12, -1, "Google", "Rate limited by Google upstream: try again in 12 seconds" },
  { "retry-after-seconds", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_PER_MINUTE, 7, 7, -1, NULL, "Rate limited: try again in 7 seconds." },
  { "retry-after-http-date", "openrouter", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_PER_MINUTE, 118, 120, -1, NULL, "Rate limited: try again in 2 minutes." },
  { "credits", "openrouter", PARLANCE_API_ERROR_PAYMENT_REQUIRED, PARLANCE_LIMIT_KIND_CREDITS, -1, -1, -1, NULL, "https://openrouter.ai/settings/credits" },
  { "gemini-per-minute", "gemini", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_PER_MINUTE, 37, 37, -1, NULL, "Rate limited: try again in 37 seconds." },
  { "gemini-per-day", "gemini", PARLANCE_API_ERROR_RATE_LIMITED, PARLANCE_LIMIT_KIND_DAILY, 1, 86400, -1, NULL, "The daily quota of Google Gemini is used up; it resets at " },
  { "overloaded", "openrouter", PARLANCE_API_ERROR_SERVER, PARLANCE_LIMIT_KIND_OVERLOADED, -1, -1, -1, "Chutes", "Chutes had a problem answering (HTTP 503)" },
  { "context-length", "openrouter", PARLANCE_API_ERROR_BAD_REQUEST, PARLANCE_LIMIT_KIND_CONTEXT_LENGTH, -1, -1, -1, NULL, "too long for the model" },
  { "stream-rate-limited", "openrouter", PARLANCE_API_ERROR_STREAM, PARLANCE_LIMIT_KIND_PER_MINUTE, 9, 9, -1, NULL, "Rate limited: try again in 9 seconds." },
  { "gemini-stream-exhausted", "gemini", PARLANCE_API_ERROR_STREAM, PARLANCE_LIMIT_KIND_PER_MINUTE, 20, 20, -1, NULL, "Rate limited: try again in 20 seconds." },
};

/* Each fault, through the client: the error, the reply's limit error and its old getters agree. */
static void
test_faults (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      const FaultCase *c = &fault_cases[i];
      Fixture f = { 0 };
      Outcome outcome = { 0 };
      ParlanceChatReply *reply;
      ParlanceLimitError *limit;
      gint64 limit_value, remaining, reset_ms, limit_reset_ms;

      parlance_test_client_setup (&f, c->provider_id);
      reply = run_fault (&f, c->fault, &outcome);
      g_test_message ("%s: %s", c->fault, outcome.error ? outcome.error->message : "(none)");
      g_assert_false (outcome.ok);
      g_assert_error (outcome.error, PARLANCE_API_ERROR, (int) c->code);
      limit = parlance_chat_reply_get_limit_error (reply);
      g_assert_nonnull (limit);
      g_assert_cmpstr (parlance_limit_kind_to_string (parlance_limit_error_get_kind (limit)), ==,
                       parlance_limit_kind_to_string (c->kind));
      /* The words shown are the limit's. */
      g_assert_cmpstr (parlance_limit_error_get_message (limit), ==, outcome.error->message);
      g_assert_cmpstr (parlance_chat_reply_get_error (reply)->message, ==, outcome.error->message);
      g_assert_nonnull (strstr (outcome.error->message, c->in_message));
      g_assert_null (strstr (outcome.error->message, TEST_KEY));
      g_assert_cmpstr (parlance_limit_error_get_provider_id (limit), ==, c->provider_id);
      g_assert_cmpstr (parlance_limit_error_get_upstream (limit), ==, c->upstream);
      if (c->retry_min < 0)
        g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), ==, -1);
      else
        {
          g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), >=, c->retry_min);
          g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), <=, c->retry_max);
        }
      g_assert_cmpint (parlance_chat_reply_get_retry_after (reply), ==, parlance_limit_error_get_retry_after (limit));
      parlance_chat_reply_get_rate_limit (reply, &limit_value, &remaining, &reset_ms);
      g_assert_cmpint (limit_value, ==, c->limit);
      parlance_limit_error_get_rate_limit (limit, NULL, NULL, &limit_reset_ms);
      g_assert_cmpint (reset_ms, ==, limit_reset_ms);
      if (c->kind == PARLANCE_LIMIT_KIND_DAILY)
        g_assert_nonnull (parlance_limit_error_get_daily_reset (limit));
      g_assert_cmpint (parlance_chat_reply_get_status (reply), ==, PARLANCE_REPLY_STATUS_FAILED);

      g_clear_error (&outcome.error);
      g_assert_finalize_object (reply);
      parlance_test_client_teardown (&f, NULL);
    }
}

/* OpenRouter's daily reset is said in epoch milliseconds; it is the next midnight UTC. */
static void
test_per_day_reset (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expected = parlance_limit_dup_daily_reset ("openrouter", now);
  Outcome outcome = { 0 };
  ParlanceLimitError *limit;
  gint64 reset_ms;

  reply = run_fault (f, "per-day", &outcome);
  limit = parlance_chat_reply_get_limit_error (reply);
  g_assert_cmpint (parlance_limit_error_get_kind (limit), ==, PARLANCE_LIMIT_KIND_DAILY);
  g_assert_cmpint (g_date_time_to_unix (parlance_limit_error_get_daily_reset (limit)), ==,
                   g_date_time_to_unix (expected));
  g_assert_true (parlance_chat_reply_get_rate_limit (reply, NULL, NULL, &reset_ms));
  g_assert_cmpint (reset_ms, ==, g_date_time_to_unix (expected) * 1000);
  /* "Add 10 credits to unlock 1000…": the words say what credits would do. */
  g_assert_nonnull (strstr (outcome.error->message, "1000 free requests a day"));
  g_clear_error (&outcome.error);
}

/* The text that came before an error in a stream is kept, and the error is classified. */
static void
test_stream_error_keeps_text (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };

  reply = run_fault (f, "stream-rate-limited", &outcome);
  g_assert_error (outcome.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_STREAM);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Half of it");
  g_assert_cmpuint (parlance_limit_error_get_http_status (parlance_chat_reply_get_limit_error (reply)), ==, 429);
  g_assert_cmpstr (parlance_limit_error_get_error_type (parlance_chat_reply_get_limit_error (reply)), ==,
                   "rate_limit_exceeded");
  g_clear_error (&outcome.error);
}

/* Gemini repeats usage on several chunks: the last one counts, whole, never a sum; a cost said on
 * an earlier chunk only is not kept. */
static void
test_usage_repeated (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = NULL;
  Outcome outcome = { 0 };
  double cost;

  reply = run_fault (f, "usage-repeated", &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (parlance_chat_reply_get_content (reply), ==, "Let me look it up.");
  g_assert_true (parlance_chat_reply_get_has_usage (reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 31);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 11);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 42);
  g_assert_false (parlance_chat_reply_get_cost (reply, &cost));
  g_assert_cmpint (parlance_chat_reply_get_cost_pico (reply), ==, -1);
}

/* OpenRouter's last chunk: cost exact in pico-dollars, cached and reasoning tokens, and the model
 * and provider that answered. */
static void
test_usage_openrouter (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = NULL;
  g_autofree char *json = NULL;
  g_autofree char *cost_text = NULL;
  Outcome outcome = { 0 };

  reply = run_fault (f, "usage-openrouter", &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 687);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 187);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, 874);
  g_assert_cmpint (parlance_chat_reply_get_cached_tokens (reply), ==, 679);
  g_assert_cmpint (parlance_chat_reply_get_reasoning_tokens (reply), ==, 118);
  g_assert_cmpint (parlance_chat_reply_get_cost_pico (reply), ==, FAKE_LIMITS_COST_PICO);
  cost_text = parlance_cost_pico_to_string (parlance_chat_reply_get_cost_pico (reply));
  g_assert_cmpstr (cost_text, ==, FAKE_LIMITS_COST);
  g_assert_cmpstr (parlance_chat_reply_get_model (reply), ==, "meta-llama/llama-3.3-70b-instruct");
  g_assert_cmpstr (parlance_chat_reply_get_provider_name (reply), ==, "DeepInfra");
  g_assert_cmpstr (parlance_chat_reply_get_generation_id (reply), ==, FAKE_LIMITS_GENERATION_ID);
  g_assert_null (parlance_chat_reply_get_limit_error (reply));
  json = parlance_chat_reply_to_json (reply);
  g_assert_nonnull (strstr (json, "\"cost\" : " FAKE_LIMITS_COST));
}

/* /generation */

typedef struct
{
  gboolean                      done;
  ParlanceOpenrouterGeneration *generation;
  GError                       *error;
} Fetched;

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetched *fetched = user_data;

  g_assert_null (object);
  fetched->generation = parlance_openrouter_generation_fetch_finish (result, &fetched->error);
  fetched->done = TRUE;
}

static void
fetch (ParlanceProvider *provider,
       const char       *id,
       GCancellable     *cancellable,
       Fetched          *out)
{
  parlance_openrouter_generation_fetch_async (provider, TEST_KEY, id, cancellable, fetched, out);
  parlance_test_wait_for (out->done, WAIT_MS);
}

static void
test_generation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FakeResponse) response = fake_limits_response_new ("generation", 0);
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", TEST_KEY, NULL);
  ParlanceOpenrouterGeneration *generation;
  Fetched out = { 0 };

  fake_provider_queue (f->fake, "GET", "/generation", response);
  fetch (f->provider, FAKE_LIMITS_GENERATION_ID, NULL, &out);
  g_assert_no_error (out.error);
  generation = out.generation;
  g_assert_cmpstr (parlance_openrouter_generation_get_id (generation), ==, FAKE_LIMITS_GENERATION_ID);
  g_assert_cmpstr (parlance_openrouter_generation_get_model (generation), ==, "openai/gpt-5-mini");
  g_assert_cmpstr (parlance_openrouter_generation_get_provider_name (generation), ==, "OpenAI");
  g_assert_null (parlance_openrouter_generation_get_finish_reason (generation));
  g_assert_cmpint (parlance_openrouter_generation_get_cost_pico (generation), ==, FAKE_LIMITS_GENERATION_COST_PICO);
  g_assert_cmpint (parlance_openrouter_generation_get_prompt_tokens (generation), ==, 17);
  g_assert_cmpint (parlance_openrouter_generation_get_completion_tokens (generation), ==, 2177);
  g_assert_cmpint (parlance_openrouter_generation_get_native_prompt_tokens (generation), ==, 17);
  g_assert_cmpint (parlance_openrouter_generation_get_native_completion_tokens (generation), ==, 2177);
  g_assert_cmpint (parlance_openrouter_generation_get_reasoning_tokens (generation), ==, 960);
  g_assert_cmpint (parlance_openrouter_generation_get_cached_tokens (generation), ==, 0);
  g_assert_true (parlance_openrouter_generation_get_cancelled (generation));
  g_assert_finalize_object (generation);

  request = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_true (g_str_has_suffix (request->path, "/api/v1/generation"));
  g_assert_cmpstr (request->query, ==, "id=" FAKE_LIMITS_GENERATION_ID);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, authorization);
}

/* The key goes where the provider pointed when the fetch began, even if it moves at once. */
static void
test_generation_key_captured (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeProvider) elsewhere = fake_provider_new ();
  g_autoptr(FakeResponse) response = fake_limits_response_new ("generation", 0);
  g_autoptr(GError) error = NULL;
  Fetched out = { 0 };

  fake_provider_queue (f->fake, "GET", "/generation", response);
  parlance_openrouter_generation_fetch_async (f->provider, TEST_KEY, FAKE_LIMITS_GENERATION_ID, NULL, fetched, &out);
  g_assert_true (parlance_provider_set_base_url (f->provider, fake_provider_get_base_url (elsewhere), &error));
  g_assert_no_error (error);
  parlance_test_wait_for (out.done, WAIT_MS);
  g_assert_no_error (out.error);
  g_assert_finalize_object (out.generation);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_assert_cmpuint (fake_provider_get_n_requests (elsewhere), ==, 0);
}

static void
test_generation_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ParlanceProvider) gemini = parlance_provider_new_builtin ("gemini");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FakeResponse) wrong = fake_response_new (200);
  g_autoptr(FakeResponse) slow = fake_limits_response_new ("generation", 0);
  g_autoptr(GString) long_id = g_string_new ("gen-");
  const char *bad_ids[] = { "", "gen 1", "gen-1\r\nX-Evil: 1", NULL };
  Fetched out = { 0 };

  /* Not OpenRouter: nothing is sent, anywhere. */
  fetch (gemini, FAKE_LIMITS_GENERATION_ID, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND);
  g_clear_error (&out.error);

  /* Ids that could not be one: refused before sending. */
  while (long_id->len <= PARLANCE_OPENROUTER_GENERATION_MAX_ID)
    g_string_append (long_id, "x");
  for (guint i = 0; i <= G_N_ELEMENTS (bad_ids) - 1; i++)
    {
      out = (Fetched) { 0 };
      fetch (f->provider, bad_ids[i] ? bad_ids[i] : long_id->str, NULL, &out);
      g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST);
      g_clear_error (&out.error);
    }
  out = (Fetched) { 0 };
  fetch (f->provider, NULL, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST);
  g_clear_error (&out.error);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);

  /* Not known yet: OpenRouter's 404. */
  out = (Fetched) { 0 };
  fetch (f->provider, FAKE_LIMITS_GENERATION_ID, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND);
  g_assert_null (strstr (out.error->message, TEST_KEY));
  g_clear_error (&out.error);

  /* An answer of the wrong shape. */
  fake_response_set_body_string (wrong, "{\"data\":[1,2,3]}");
  fake_provider_queue (f->fake, "GET", "/generation", wrong);
  out = (Fetched) { 0 };
  fetch (f->provider, FAKE_LIMITS_GENERATION_ID, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_clear_error (&out.error);

  /* Cancelled while it waits for the answer. */
  fake_response_set_stall_after (slow, 0);
  fake_provider_queue (f->fake, "GET", "/generation", slow);
  out = (Fetched) { 0 };
  parlance_openrouter_generation_fetch_async (f->provider, TEST_KEY, FAKE_LIMITS_GENERATION_ID, cancellable,
                                              fetched, &out);
  parlance_test_wait_for (fake_provider_get_n_requests (f->fake) == 3, WAIT_MS);
  g_cancellable_cancel (cancellable);
  parlance_test_wait_for (out.done, WAIT_MS);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED);
  g_clear_error (&out.error);
}

/* A 200 that is not JSON and quotes the key back: json-glib's words name the token it choked
 * on, so they must not reach the error. */
static void
test_generation_not_json (Fixture       *f,
                          gconstpointer  data)
{
  const char *bodies[] = { "[\"" TEST_KEY "\" 1]", "{\"data\": " TEST_KEY "}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FakeResponse) response = fake_response_new (200);
      Fetched out = { 0 };

      fake_response_set_content_type (response, "application/json");
      fake_response_set_body_string (response, bodies[i]);
      fake_provider_queue (f->fake, "GET", "/generation", response);
      fetch (f->provider, FAKE_LIMITS_GENERATION_ID, NULL, &out);
      g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_test_message ("%s", out.error->message);
      g_assert_null (strstr (out.error->message, "limits-test"));
      g_clear_error (&out.error);
    }
}

static void
fetched_later (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetched *fetched = user_data;

  g_assert_null (object);
  fetched->generation = parlance_openrouter_generation_fetch_later_finish (result, &fetched->error);
  fetched->done = TRUE;
}

static void
fetch_later (Fixture      *f,
             guint         max_wait_ms,
             GCancellable *cancellable,
             Fetched      *out)
{
  *out = (Fetched) { 0 };
  parlance_openrouter_generation_fetch_later_async (f->provider, TEST_KEY, FAKE_LIMITS_GENERATION_ID, 0,
                                                    max_wait_ms, cancellable, fetched_later, out);
  parlance_test_wait_for (out->done, WAIT_MS);
}

/* Asked again while OpenRouter does not know the generation yet, a bounded number of times;
 * an answer that can't be read is not asked again; the bound on the whole wait holds. */
static void
test_generation_later (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeResponse) not_yet = fake_limits_response_new ("generation-not-found", 0);
  g_autoptr(FakeResponse) generation = fake_limits_response_new ("generation", 0);
  g_autoptr(FakeResponse) malformed = fake_limits_response_new ("generation-malformed", 0);
  g_autoptr(FakeResponse) huge = fake_limits_response_new ("generation-huge", 0);
  g_autoptr(FakeResponse) slow = fake_limits_response_new ("generation", 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetched out;

  _parlance_openrouter_generation_set_no_delays (TRUE);

  /* 404, 404, then the answer. */
  fake_provider_queue (f->fake, "GET", "/generation", not_yet);
  fake_provider_queue (f->fake, "GET", "/generation", not_yet);
  fake_provider_queue (f->fake, "GET", "/generation", generation);
  fetch_later (f, WAIT_MS, NULL, &out);
  g_assert_no_error (out.error);
  g_assert_cmpint (parlance_openrouter_generation_get_cost_pico (out.generation), ==, FAKE_LIMITS_GENERATION_COST_PICO);
  g_assert_finalize_object (out.generation);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 3);

  /* Never known: five questions, then not found. */
  fetch_later (f, WAIT_MS, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NOT_FOUND);
  g_clear_error (&out.error);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 8);

  /* Hostile answers: refused in words, once each. */
  fake_provider_queue (f->fake, "GET", "/generation", malformed);
  fetch_later (f, WAIT_MS, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_clear_error (&out.error);
  fake_provider_queue (f->fake, "GET", "/generation", huge);
  fetch_later (f, WAIT_MS, NULL, &out);
  g_assert_nonnull (out.error);
  g_assert_null (out.generation);
  g_assert_null (strstr (out.error->message, "xxxxxxxx"));
  g_clear_error (&out.error);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 10);

  /* An answer that does not come within the bound: a timeout, the question stopped. */
  fake_response_set_stall_after (slow, 0);
  fake_provider_queue (f->fake, "GET", "/generation", slow);
  fetch_later (f, 200, NULL, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_TIMEOUT);
  g_clear_error (&out.error);
  parlance_test_wait_for (fake_provider_get_n_open_streams (f->fake) == 0, WAIT_MS);

  /* Stopped by the caller before the first question: nothing is sent. */
  g_cancellable_cancel (cancellable);
  fetch_later (f, WAIT_MS, cancellable, &out);
  g_assert_error (out.error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED);
  g_clear_error (&out.error);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 11);

  _parlance_openrouter_generation_set_no_delays (FALSE);
}

/* What OpenRouter recorded goes into the cut reply as if its last chunk had said it. */
static void
test_generation_apply (void)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(ParlanceChatReply) other = parlance_chat_reply_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ParlanceOpenrouterGeneration) generation = NULL;
  g_autoptr(ParlanceProvider) openrouter = parlance_provider_new_builtin ("openrouter");
  g_autoptr(ParlanceProvider) gemini = parlance_provider_new_builtin ("gemini");
  double cost = 0;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"data\":{\"id\":\"gen-1\",\"total_cost\":0.0000369,\"model\":\"a/b\",\"provider_name\":\"Azure\","
    "\"tokens_prompt\":10,\"tokens_completion\":20,\"native_tokens_prompt\":11,\"native_tokens_completion\":21,"
    "\"native_tokens_reasoning\":5,\"native_tokens_cached\":3}}", -1, NULL));
  generation = parlance_openrouter_generation_new_from_json (json_parser_get_root (parser), NULL);
  _parlance_chat_reply_set_origin (reply, "gen-1", "a/asked", "Stream");
  g_assert_true (parlance_openrouter_generation_is_wanted (openrouter, reply));
  g_assert_false (parlance_openrouter_generation_is_wanted (gemini, reply));
  g_assert_false (parlance_openrouter_generation_is_wanted (openrouter, other));

  g_assert_true (parlance_openrouter_generation_apply (generation, reply));
  g_assert_true (parlance_chat_reply_get_has_usage (reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, 11);
  g_assert_cmpint (parlance_chat_reply_get_completion_tokens (reply), ==, 21);
  g_assert_cmpint (parlance_chat_reply_get_reasoning_tokens (reply), ==, 5);
  g_assert_cmpint (parlance_chat_reply_get_cached_tokens (reply), ==, 3);
  g_assert_true (parlance_chat_reply_get_cost (reply, &cost));
  g_assert_cmpint (parlance_cost_pico_from_double (cost), ==, 36900000);
  g_assert_cmpstr (parlance_chat_reply_get_model (reply), ==, "a/b");
  g_assert_cmpstr (parlance_chat_reply_get_provider_name (reply), ==, "Azure");
  g_assert_false (parlance_openrouter_generation_is_wanted (openrouter, reply));

  /* Another generation's figures are not this reply's. */
  _parlance_chat_reply_set_origin (other, "gen-2", NULL, NULL);
  g_assert_false (parlance_openrouter_generation_apply (generation, other));
  g_assert_false (parlance_chat_reply_get_has_usage (other));
}

/* An answer read as hostile: negative counts are not said, a lone surrogate escape becomes
 * U+FFFD, and counts at the top of the range do not overflow the reply's total. */
static void
test_generation_hostile (void)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ParlanceOpenrouterGeneration) generation = NULL;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"data\":{\"model\":\"a/\\ud800b\",\"provider_name\":\"\\udfffX\",\"tokens_prompt\":-5,"
    "\"native_tokens_reasoning\":-1000,\"native_tokens_cached\":-2,"
    "\"native_tokens_prompt\":9223372036854775807,\"native_tokens_completion\":9223372036854775807}}",
    -1, NULL));
  generation = parlance_openrouter_generation_new_from_json (json_parser_get_root (parser), NULL);
  g_assert_nonnull (generation);
  g_assert_cmpint (parlance_openrouter_generation_get_prompt_tokens (generation), ==, -1);
  g_assert_cmpint (parlance_openrouter_generation_get_reasoning_tokens (generation), ==, -1);
  g_assert_cmpint (parlance_openrouter_generation_get_cached_tokens (generation), ==, -1);
  g_assert_true (g_str_has_prefix (parlance_openrouter_generation_get_model (generation), "a/\xef\xbf\xbd"));
  g_assert_true (g_utf8_validate (parlance_openrouter_generation_get_model (generation), -1, NULL));
  g_assert_true (g_utf8_validate (parlance_openrouter_generation_get_provider_name (generation), -1, NULL));

  _parlance_chat_reply_set_origin (reply, "gen-1", NULL, NULL);
  g_assert_true (parlance_openrouter_generation_apply (generation, reply));
  g_assert_cmpint (parlance_chat_reply_get_prompt_tokens (reply), ==, G_MAXINT64);
  g_assert_cmpint (parlance_chat_reply_get_total_tokens (reply), ==, -1);
  g_assert_true (g_utf8_validate (parlance_chat_reply_get_model (reply), -1, NULL));

  /* A stream chunk that json-glib reads (not the chunk scanner, which checks) does the same. */
  _parlance_chat_reply_set_origin (reply, NULL, "b/\xed\xa0\x80", "\xff");
  g_assert_true (g_str_has_prefix (parlance_chat_reply_get_model (reply), "b/"));
  g_assert_true (g_utf8_validate (parlance_chat_reply_get_model (reply), -1, NULL));
  g_assert_true (g_utf8_validate (parlance_chat_reply_get_provider_name (reply), -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/chat-client-limits/faults", test_faults);
  g_test_add_func ("/parlance/chat-client-limits/generation-apply", test_generation_apply);
  g_test_add_func ("/parlance/chat-client-limits/generation-hostile", test_generation_hostile);
#define ADD(path, func) g_test_add ("/parlance/chat-client-limits/" path, Fixture, NULL, \
                                    parlance_test_client_setup, func, \
                                    parlance_test_client_teardown)
  ADD ("per-day-reset", test_per_day_reset);
  ADD ("stream-error-keeps-text", test_stream_error_keeps_text);
  ADD ("usage-repeated", test_usage_repeated);
  ADD ("usage-openrouter", test_usage_openrouter);
  ADD ("generation", test_generation);
  ADD ("generation-key-captured", test_generation_key_captured);
  ADD ("generation-errors", test_generation_errors);
  ADD ("generation-not-json", test_generation_not_json);
  ADD ("generation-later", test_generation_later);
#undef ADD

  return g_test_run ();
}
