/* test-retry-plan.c — after a failed request: wait, fall back or fail, by the kind of limit
 * (issue #14), with the clock and the jitter the test's own.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-api-error.h"
#include "parlance-retry-plan.h"

/* 2026-01-15 12:00:00 UTC */
#define NOW ((gint64) 1768478400 * G_USEC_PER_SEC)
#define S(n) ((gint64) (n) * G_USEC_PER_SEC)

#define PER_MIN "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\"}}"
#define PER_DAY "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day. " \
                "Add 10 credits to unlock 1000 free model requests per day\"}}"
#define UPSTREAM "{\"error\":{\"code\":429,\"message\":\"Provider returned error\",\"metadata\":" \
                 "{\"provider_name\":\"Google\",\"raw\":\"x is temporarily rate-limited upstream.\"}}}"
#define UNAVAILABLE "{\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}"
#define NO_ENDPOINTS "{\"error\":{\"code\":404,\"message\":\"No endpoints found for a/model.\"}}"
#define CREDITS "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}"
#define CONTEXT "{\"error\":{\"code\":400,\"message\":\"This endpoint's maximum context length is 8192 " \
                "tokens. However, you requested about 9000 tokens\",\"metadata\":" \
                "{\"error_type\":\"context_length_exceeded\"}}}"

typedef struct
{
  GError            *error;
  ParlanceChatReply *reply;
} Failure;

static void
failure_clear (Failure *f)
{
  g_clear_error (&f->error);
  g_clear_object (&f->reply);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Failure, failure_clear)

static ParlanceApiError
code_for (guint status)
{
  switch (status)
    {
    case 429: return PARLANCE_API_ERROR_RATE_LIMITED;
    case 402: return PARLANCE_API_ERROR_PAYMENT_REQUIRED;
    case 404: return PARLANCE_API_ERROR_NOT_FOUND;
    case 401: return PARLANCE_API_ERROR_UNAUTHORIZED;
    default:  return status >= 500 ? PARLANCE_API_ERROR_SERVER : PARLANCE_API_ERROR_BAD_REQUEST;
    }
}

/* A failed reply as the chat client leaves it: status, error, the server's words, classified. */
static void
fail_with (Failure    *f,
           guint       status,
           const char *retry_after,
           const char *body)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (NOW / G_USEC_PER_SEC);
  g_autoptr(ParlanceLimitError) limit = NULL;

  if (retry_after != NULL)
    soup_message_headers_append (headers, "Retry-After", retry_after);
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", status, headers, body,
                                              strlen (body), now);
  f->error = g_error_new_literal (PARLANCE_API_ERROR, code_for (status), parlance_limit_error_get_message (limit));
  f->reply = parlance_chat_reply_new ();
  _parlance_chat_reply_set_http_status (f->reply, status);
  _parlance_chat_reply_set_error (f->reply, f->error, parlance_limit_error_get_server_message (limit));
  _parlance_chat_reply_set_limit_error (f->reply, limit);
}

/* @models: the model asked, then its fallbacks; the chain stands on the first. */
static ParlanceFallbackChain *
chain_of (const char * const *models)
{
  ParlanceFallbackChain *chain = parlance_fallback_chain_new ();

  for (guint i = 0; models[i] != NULL; i++)
    parlance_fallback_chain_add (chain, models[i], TRUE, FALSE);
  g_assert_cmpstr (parlance_fallback_chain_next (chain), ==, models[0]);
  return chain;
}

static double
fixed_random (gpointer user_data)
{
  return *(double *) user_data;
}

static double half = 0.5;

static ParlanceRetryInput
input_for (Failure               *f,
           const char            *model,
           ParlanceFallbackChain *chain)
{
  ParlanceRetryInput input = { 0 };

  input.error = f->error;
  input.reply = f->reply;
  input.provider_id = "openrouter";
  input.model = model;
  input.chain = chain;
  input.now = NOW;
  input.next_allowed = -1;
  input.may_wait = TRUE;
  input.random = fixed_random;
  input.random_data = &half;
  return input;
}

/* A per-minute limit with nothing else to ask: wait what was announced, else what the budget
 * knows, else a jittered backoff; at most three times, at most five minutes, not with --no-wait. */
static void
test_per_minute_waits (void)
{
  g_auto(Failure) announced = { 0 };
  g_auto(Failure) silent = { 0 };
  g_auto(Failure) long_wait = { 0 };
  ParlanceRetryInput input;
  ParlanceRetryPlan plan;

  fail_with (&announced, 429, "37", PER_MIN);
  input = input_for (&announced, "a/model", NULL);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_WAIT);
  g_assert_cmpint (plan.kind, ==, PARLANCE_LIMIT_KIND_PER_MINUTE);
  g_assert_cmpint (plan.reason, ==, PARLANCE_FALLBACK_REASON_RATE_LIMITED);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (37));

  fail_with (&silent, 429, NULL, PER_MIN);
  input = input_for (&silent, "a/model", NULL);
  input.next_allowed = NOW + S (20);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_WAIT);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (20));

  input.next_allowed = -1;
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_WAIT);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (1) + S (1) / 2);
  input.retries = 2;
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (6));

  /* The cap: the failure stands, saying when a retry would be allowed. */
  input.retries = PARLANCE_RETRY_MAX_RETRIES;
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FAIL);
  g_assert_cmpint (plan.wait_until, >, NOW);

  input.retries = 0;
  input.may_wait = FALSE;
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FAIL);

  fail_with (&long_wait, 429, "600", PER_MIN);
  input = input_for (&long_wait, "a/model", NULL);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FAIL);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (600));
}

/* With a chain, the next model answers at once; OpenRouter's ":free" models share the minute
 * and the day, so on their limit another ":free" model is passed over, or the limit waited out. */
static void
test_free_group (void)
{
  const char *paid_chain[] = { "a/model", "b/model", NULL };
  const char *free_chain[] = { "x/one:free", "y/two:free", "b/model", NULL };
  const char *only_free[] = { "x/one:free", "y/two:free", NULL };
  g_autoptr(ParlanceFallbackChain) paid = chain_of (paid_chain);
  g_autoptr(ParlanceFallbackChain) mixed = chain_of (free_chain);
  g_autoptr(ParlanceFallbackChain) frees = chain_of (only_free);
  g_auto(Failure) minute = { 0 };
  g_auto(Failure) day = { 0 };
  g_auto(Failure) upstream = { 0 };
  ParlanceRetryInput input;
  ParlanceRetryPlan plan;

  fail_with (&minute, 429, "37", PER_MIN);
  input = input_for (&minute, "a/model", paid);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FALL_BACK);
  g_assert_cmpstr (plan.fallback_model, ==, "b/model");
  g_assert_null (plan.skip_group);

  input = input_for (&minute, "x/one:free", mixed);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FALL_BACK);
  g_assert_cmpstr (plan.fallback_model, ==, "b/model");
  g_assert_cmpstr (plan.skip_group, ==, "free");
  /* Moving on passes over the ":free" one. */
  g_assert_cmpstr (parlance_fallback_chain_next_outside (mixed, "openrouter", plan.skip_group), ==, "b/model");

  input = input_for (&minute, "x/one:free", frees);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_WAIT);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (37));

  /* The day: nothing to wait for; the failure stands until midnight UTC. */
  fail_with (&day, 429, NULL, PER_DAY);
  input = input_for (&day, "x/one:free", frees);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FAIL);
  g_assert_cmpint (plan.kind, ==, PARLANCE_LIMIT_KIND_DAILY);
  g_assert_cmpint (plan.reason, ==, PARLANCE_FALLBACK_REASON_QUOTA);
  g_assert_cmpint (plan.wait_until, ==, NOW + S (12 * 3600));

  /* An upstream provider's limit is the model's alone: another ":free" model may answer. */
  fail_with (&upstream, 429, NULL, UPSTREAM);
  input = input_for (&upstream, "x/one:free", frees);
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.kind, ==, PARLANCE_LIMIT_KIND_UPSTREAM);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FALL_BACK);
  g_assert_cmpstr (plan.fallback_model, ==, "y/two:free");
}

/* Every kind: what a chain with a next model does, and what happens without one. */
typedef struct
{
  const char          *name;
  guint                status;
  const char          *body;
  ParlanceLimitKind    kind;
  ParlanceRetryAction  with_chain;
  ParlanceRetryAction  alone;
  gint64               alone_wait;   /* after NOW; 0: none */
} KindCase;

static const KindCase kind_cases[] = {
  { "per-minute", 429, PER_MIN, PARLANCE_LIMIT_KIND_PER_MINUTE, PARLANCE_RETRY_FALL_BACK, PARLANCE_RETRY_WAIT, S (1) + S (1) / 2 },
  { "daily", 429, PER_DAY, PARLANCE_LIMIT_KIND_DAILY, PARLANCE_RETRY_FALL_BACK, PARLANCE_RETRY_FAIL, S (12 * 3600) },
  { "upstream", 429, UPSTREAM, PARLANCE_LIMIT_KIND_UPSTREAM, PARLANCE_RETRY_FALL_BACK, PARLANCE_RETRY_WAIT, PARLANCE_RETRY_UPSTREAM_WAIT },
  { "unavailable", 503, UNAVAILABLE, PARLANCE_LIMIT_KIND_OVERLOADED, PARLANCE_RETRY_FALL_BACK, PARLANCE_RETRY_FAIL, 0 },
  { "no-endpoints", 404, NO_ENDPOINTS, PARLANCE_LIMIT_KIND_OVERLOADED, PARLANCE_RETRY_FALL_BACK, PARLANCE_RETRY_FAIL, 0 },
  { "credits", 402, CREDITS, PARLANCE_LIMIT_KIND_CREDITS, PARLANCE_RETRY_FAIL, PARLANCE_RETRY_FAIL, 0 },
  { "context-length", 400, CONTEXT, PARLANCE_LIMIT_KIND_CONTEXT_LENGTH, PARLANCE_RETRY_FAIL, PARLANCE_RETRY_FAIL, 0 },
  { "server", 500, "{\"error\":{\"code\":500,\"message\":\"Internal error\"}}", PARLANCE_LIMIT_KIND_OTHER,
    PARLANCE_RETRY_FAIL, PARLANCE_RETRY_FAIL, 0 },
};

static void
test_kinds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      const KindCase *c = &kind_cases[i];
      const char *models[] = { "a/model", "b/model", NULL };
      g_autoptr(ParlanceFallbackChain) chain = chain_of (models);
      g_auto(Failure) f = { 0 };
      ParlanceRetryInput input;
      ParlanceRetryPlan plan;

      g_test_message ("%s", c->name);
      fail_with (&f, c->status, NULL, c->body);
      input = input_for (&f, "a/model", chain);
      parlance_retry_plan_decide (&input, &plan);
      g_assert_cmpint (plan.kind, ==, c->kind);
      g_assert_cmpint (plan.action, ==, c->with_chain);
      if (plan.action == PARLANCE_RETRY_FALL_BACK)
        g_assert_cmpstr (plan.fallback_model, ==, "b/model");

      input.chain = NULL;
      parlance_retry_plan_decide (&input, &plan);
      g_assert_cmpint (plan.action, ==, c->alone);
      g_assert_cmpint (plan.wait_until, ==, c->alone_wait != 0 ? NOW + c->alone_wait : 0);
      /* Nothing moved the chain. */
      g_assert_cmpstr (parlance_fallback_chain_get_current (chain), ==, "a/model");
    }
}

/* Stopped, or no error: nothing to decide. */
static void
test_cancelled (void)
{
  g_autoptr(GError) error = g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED, "Stopped");
  ParlanceRetryInput input = { 0 };
  ParlanceRetryPlan plan;

  input.error = error;
  input.model = "a/model";
  input.now = NOW;
  input.may_wait = TRUE;
  parlance_retry_plan_decide (&input, &plan);
  g_assert_cmpint (plan.action, ==, PARLANCE_RETRY_FAIL);
  g_assert_cmpint (plan.reason, ==, PARLANCE_FALLBACK_REASON_NONE);
}

/* 2^n seconds stretched by up to as much again: within bounds, whatever the random number. */
static void
test_backoff_bounds (void)
{
  const double randoms[] = { 0, 0.25, 0.5, 0.999999, -1, 1, 7 };

  for (guint n = 0; n < 8; n++)
    for (guint i = 0; i < G_N_ELEMENTS (randoms); i++)
      {
        gint64 wait = parlance_retry_backoff (n, randoms[i]);

        g_assert_cmpint (wait, >=, S (1) << n);
        g_assert_cmpint (wait, <, S (2) << n);
      }
  g_assert_cmpint (parlance_retry_backoff (0, 0), ==, S (1));
  g_assert_cmpint (parlance_retry_backoff (2, 0.5), ==, S (6));
  /* Out of range: no stretch. */
  g_assert_cmpint (parlance_retry_backoff (1, 3.0), ==, S (2));
  /* The real random source stays within bounds too. */
  for (guint i = 0; i < 100; i++)
    {
      gint64 wait = parlance_retry_backoff (1, g_random_double ());

      g_assert_cmpint (wait, >=, S (2));
      g_assert_cmpint (wait, <, S (4));
    }
}

/* Before sending: a full minute is waited out, whether the provider told of its limit, the user
 * set it or only the provider's documented default gives it, unless the wait is too long; an
 * unknown limit holds nothing back. */
static void
test_before_send (void)
{
  ParlanceBudgetState state = { 0 };

  state.now = NOW;
  state.minute_allowed_at = NOW + S (30);
  state.minute_source = PARLANCE_LIMIT_SOURCE_PROVIDER;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, NOW + S (30));
  state.minute_source = PARLANCE_LIMIT_SOURCE_USER;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, NOW + S (30));
  state.minute_source = PARLANCE_LIMIT_SOURCE_DEFAULT;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, NOW + S (30));
  state.minute_source = PARLANCE_LIMIT_SOURCE_NONE;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, 0);
  state.minute_source = PARLANCE_LIMIT_SOURCE_PROVIDER;
  state.minute_allowed_at = NOW;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, 0);
  state.minute_allowed_at = NOW + PARLANCE_RETRY_MAX_WAIT + 1;
  g_assert_cmpint (parlance_retry_wait_before_send (&state), ==, 0);
  g_assert_cmpint (parlance_retry_wait_before_send (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parlance/retry-plan/per-minute-waits", test_per_minute_waits);
  g_test_add_func ("/parlance/retry-plan/free-group", test_free_group);
  g_test_add_func ("/parlance/retry-plan/kinds", test_kinds);
  g_test_add_func ("/parlance/retry-plan/cancelled", test_cancelled);
  g_test_add_func ("/parlance/retry-plan/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/parlance/retry-plan/before-send", test_before_send);

  return g_test_run ();
}
