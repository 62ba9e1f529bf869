/* test-rate-budget.c — ParlanceRateBudget: the sliding minute, the daily reset in UTC and in
 * Pacific time, groups, where limits come from, and what survives a restart.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-chat-reply.h"
#include "parlance-limit-error.h"
#include "parlance-rate-budget.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

#define SEC G_GINT64_CONSTANT (1000000)

typedef struct
{
  char               *path;
  ParlanceStore      *store;
  ParlanceRateBudget *budget;
  gint64              now;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

/* Microseconds since the epoch of an ISO 8601 instant. */
static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * SEC;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->path = parlance_test_store_path ();
  f->store = parlance_test_store_open (f->path);
  f->budget = parlance_rate_budget_new (f->store);
  parlance_rate_budget_set_clock (f->budget, fixed_clock, f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->budget);
  if (f->store != NULL)
    parlance_test_store_close (g_steal_pointer (&f->store));
  g_free (f->path);
}

static void
record (Fixture    *f,
        gint64      when,
        const char *provider_id,
        const char *model,
        gint64      tokens_in)
{
  g_autofree char *group = parlance_rate_budget_group_for_model (provider_id, model);
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (when, provider_id, model, group);
  g_autoptr(GError) error = NULL;

  r->tokens_in = tokens_in;
  r->tokens_out = tokens_in >= 0 ? 10 : -1;
  g_assert_cmpint (parlance_store_add_request (f->store, r, &error), >, 0);
  g_assert_no_error (error);
}

static ParlanceBudgetState *
state_for (Fixture    *f,
           const char *provider_id,
           const char *model)
{
  g_autoptr(GError) error = NULL;
  ParlanceBudgetState *state = parlance_rate_budget_get_state_for_model (f->budget, provider_id,
                                                                         model, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  return state;
}

#define FREE_MODEL "meta-llama/llama-3.3-70b-instruct:free"

/* A request 59 s ago counts in the minute, one 60 or 61 s ago no longer does; all of them count
 * in the day. */
static void
test_minute_window (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;

  f->now = at ("2026-06-15T12:00:00Z");
  record (f, f->now - 61 * SEC, "openrouter", FREE_MODEL, -1);
  record (f, f->now - 60 * SEC, "openrouter", FREE_MODEL, -1);
  record (f, f->now - 59 * SEC, "openrouter", FREE_MODEL, -1);
  record (f, f->now - 1, "openrouter", FREE_MODEL, -1);

  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpstr (state->group, ==, "free");
  g_assert_cmpint (state->minute_used, ==, 2);
  g_assert_cmpint (state->day_used, ==, 4);
  g_assert_cmpint (state->minute_limit, ==, 20);
  g_assert_cmpint (state->day_limit, ==, 50);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_DEFAULT);
  g_assert_cmpint (state->minute_allowed_at, ==, f->now);
  g_assert_cmpint (state->next_allowed_at, ==, f->now);

  /* Until it is 60 s old, the one 59 s old is in. */
  f->now += SEC - 1;
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 2);
  f->now += 1;
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 1);
}

/* At the limit, the next request may go when the oldest of the minute leaves it. */
static void
test_minute_full (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  gint64 first;

  f->now = at ("2026-06-15T12:00:00Z");
  first = f->now - 50 * SEC;
  for (int i = 0; i < 19; i++)
    record (f, first + i * SEC, "openrouter", FREE_MODEL, -1);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 19);
  g_assert_cmpint (state->minute_allowed_at, ==, f->now);

  record (f, f->now - 1 * SEC, "openrouter", FREE_MODEL, -1);
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 20);
  g_assert_cmpint (state->minute_allowed_at, ==, first + 60 * SEC);
  g_assert_cmpint (state->next_allowed_at, ==, first + 60 * SEC);
  g_assert_cmpint (parlance_rate_budget_next_allowed (f->budget, "openrouter", FREE_MODEL, NULL),
                   ==, first + 60 * SEC);

  /* Then it may. */
  f->now = first + 60 * SEC;
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 19);
  g_assert_cmpint (state->next_allowed_at, ==, f->now);
}

/* OpenRouter's day starts at 00:00 UTC. */
/* Full by our count, but the provider said its own window resets in 2 s: that, not our 50 s. */
static void
test_minute_provider_reset (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autoptr(GError) error = NULL;

  f->now = at ("2026-06-15T12:00:00Z");
  for (int i = 0; i < 20; i++)
    record (f, f->now - 10 * SEC + i * (SEC / 4), "openrouter", FREE_MODEL, -1);
  g_assert_true (parlance_rate_budget_learn (f->budget, "openrouter", "free",
                                             PARLANCE_BUDGET_WINDOW_MINUTE, 20, 0,
                                             f->now + 2 * SEC, &error));
  g_assert_no_error (error);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, >=, 20);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->minute_allowed_at, ==, f->now + 2 * SEC);
  g_assert_cmpint (state->next_allowed_at, ==, f->now + 2 * SEC);
}

static void
test_day_utc (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autofree char *resets = NULL;

  record (f, at ("2026-06-15T23:59:59Z"), "openrouter", FREE_MODEL, -1);
  record (f, at ("2026-06-16T00:00:00Z"), "openrouter", FREE_MODEL, -1);
  f->now = at ("2026-06-16T00:00:30Z");

  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_used, ==, 2);
  g_assert_cmpint (state->day_used, ==, 1);
  g_assert_cmpint (state->day_start, ==, at ("2026-06-16T00:00:00Z"));
  g_assert_cmpint (state->resets_at, ==, at ("2026-06-17T00:00:00Z"));
  resets = parlance_budget_state_dup_resets_at (state);
  g_assert_cmpstr (resets, ==, "2026-06-17T00:00:00Z");
}

/* Gemini's day starts at midnight Pacific time: 08:00 UTC in winter, 07:00 in summer; the day
 * daylight saving time begins has 23 hours, the day it ends 25. */
static void
test_day_pacific_dst (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autofree char *resets = NULL;
  const char *model = "gemini-2.0-flash";

  /* 2026-03-08: PST until 02:00, PDT after. */
  record (f, at ("2026-03-08T07:59:59Z"), "gemini", model, -1);  /* 23:59:59 on the 7th */
  record (f, at ("2026-03-08T08:00:00Z"), "gemini", model, -1);  /* midnight PST */
  record (f, at ("2026-03-09T06:59:59Z"), "gemini", model, -1);  /* 23:59:59 PDT */
  record (f, at ("2026-03-09T07:00:00Z"), "gemini", model, -1);  /* midnight PDT */

  f->now = at ("2026-03-08T12:00:00Z");
  state = state_for (f, "gemini", model);
  g_assert_cmpint (state->day_start, ==, at ("2026-03-08T08:00:00Z"));
  g_assert_cmpint (state->resets_at, ==, at ("2026-03-09T07:00:00Z"));
  g_assert_cmpint (state->resets_at - state->day_start, ==, (gint64) 23 * 3600 * SEC);
  g_assert_cmpint (state->day_used, ==, 1);
  resets = parlance_budget_state_dup_resets_at (state);
  g_assert_cmpstr (resets, ==, "2026-03-09T00:00:00-07:00");

  /* At the reset the day starts again. */
  f->now = at ("2026-03-09T07:00:00Z");
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "gemini", model);
  g_assert_cmpint (state->day_used, ==, 1);
  f->now -= 1;
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "gemini", model);
  g_assert_cmpint (state->day_used, ==, 2);

  /* 2026-11-01: PDT until 02:00, PST after: 25 hours. */
  f->now = at ("2026-11-01T20:00:00Z");
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "gemini", model);
  g_assert_cmpint (state->day_start, ==, at ("2026-11-01T07:00:00Z"));
  g_assert_cmpint (state->resets_at, ==, at ("2026-11-02T08:00:00Z"));
  g_clear_pointer (&resets, g_free);
  resets = parlance_budget_state_dup_resets_at (state);
  g_assert_cmpstr (resets, ==, "2026-11-02T00:00:00-08:00");
}

/* A day's quota used up: the next request waits for the reset. */
static void
test_day_full (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;

  f->now = at ("2026-06-15T18:00:00Z");
  for (int i = 0; i < 50; i++)
    record (f, at ("2026-06-15T01:00:00Z") + i * 60 * SEC, "openrouter", FREE_MODEL, -1);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_used, ==, 50);
  g_assert_cmpint (state->minute_allowed_at, ==, f->now);
  g_assert_cmpint (state->next_allowed_at, ==, at ("2026-06-16T00:00:00Z"));
}

/* OpenRouter's free models share one budget, paid ones are apart; Gemini counts per model and
 * its tokens a minute. */
static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) free_state = NULL;
  g_autoptr(ParlanceBudgetState) paid = NULL;
  g_autoptr(ParlanceBudgetState) flash = NULL;
  g_autoptr(ParlanceBudgetState) pro = NULL;
  g_auto(GStrv) groups = NULL;

  f->now = at ("2026-06-15T12:00:00Z");
  record (f, f->now - 10 * SEC, "openrouter", "a/one:free", -1);
  record (f, f->now - 9 * SEC, "openrouter", "b/two:free", -1);
  record (f, f->now - 8 * SEC, "openrouter", "openai/gpt-4o", -1);
  record (f, f->now - 7 * SEC, "gemini", "models/gemini-2.0-flash", 600000);
  record (f, f->now - 6 * SEC, "gemini", "gemini-2.0-flash", 500000);
  record (f, f->now - 5 * SEC, "gemini", "gemini-2.5-pro", 100);

  free_state = state_for (f, "openrouter", "c/three:free");
  g_assert_cmpint (free_state->minute_used, ==, 2);
  paid = state_for (f, "openrouter", "openai/gpt-4o");
  g_assert_cmpstr (paid->group, ==, "openrouter");
  g_assert_cmpint (paid->minute_used, ==, 1);
  g_assert_cmpint (paid->minute_limit, ==, -1);
  g_assert_cmpint (paid->day_limit, ==, -1);
  g_assert_cmpint (paid->day_source, ==, PARLANCE_LIMIT_SOURCE_NONE);

  flash = state_for (f, "gemini", "gemini-2.0-flash");
  g_assert_cmpstr (flash->group, ==, "gemini-2.0-flash");
  g_assert_cmpint (flash->minute_used, ==, 2);
  g_assert_cmpint (flash->minute_limit, ==, 15);
  g_assert_cmpint (flash->day_limit, ==, 1500);
  g_assert_cmpint (flash->minute_tokens_used, ==, 1100000);
  g_assert_cmpint (flash->minute_tokens_limit, ==, 1000000);
  g_assert_cmpint (flash->day_tokens_used, ==, 1100000 + 20);
  pro = state_for (f, "gemini", "gemini-2.5-pro");
  g_assert_cmpint (pro->minute_used, ==, 1);
  g_assert_cmpint (pro->minute_limit, ==, -1);

  groups = parlance_rate_budget_list_groups (f->budget, "openrouter", NULL);
  g_assert_cmpstrv (groups, ((const char * const[]) { "free", "openrouter", NULL }));
  g_clear_pointer (&groups, g_strfreev);
  groups = parlance_rate_budget_list_groups (f->budget, "openai", NULL);
  g_assert_cmpstrv (groups, ((const char * const[]) { "openai", NULL }));
}

/* What the provider said beats the user's figure, which beats the documented one. */
static void
test_limit_precedence (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;

  f->now = at ("2026-06-15T12:00:00Z");
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_limit, ==, 50);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_DEFAULT);

  /* The user's, through the settings Preferences edits. */
  parlance_rate_budget_bind_settings (f->budget, settings);
  g_settings_set_value (settings, "rate-limit-overrides",
                        g_variant_new_parsed ("{'openrouter': (@x 10, @x 200, @x 0)}"));
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_limit, ==, 10);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_USER);
  g_assert_cmpint (state->day_limit, ==, 200);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_USER);

  /* The provider's (as /api/v1/key tells once credits were bought). */
  g_assert_true (parlance_rate_budget_learn (f->budget, "openrouter", "free",
                                             PARLANCE_BUDGET_WINDOW_DAY, 1000, -1, -1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_limit, ==, 1000);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->minute_limit, ==, 10);

  /* Cleared, the documented figure is back. */
  g_settings_reset (settings, "rate-limit-overrides");
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_limit, ==, 20);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_DEFAULT);
}

/* A 429 whose X-RateLimit-* headers say @limit, @remaining and the reset in epoch ms. */
static void
set_rate_limit (ParlanceChatReply *reply,
                gint64             limit,
                gint64             remaining,
                gint64             reset_ms)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autofree char *limit_s = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  g_autofree char *remaining_s = g_strdup_printf ("%" G_GINT64_FORMAT, remaining);
  g_autofree char *reset_s = g_strdup_printf ("%" G_GINT64_FORMAT, reset_ms);
  g_autoptr(ParlanceLimitError) limit_error = NULL;

  soup_message_headers_append (headers, "X-RateLimit-Limit", limit_s);
  soup_message_headers_append (headers, "X-RateLimit-Remaining", remaining_s);
  soup_message_headers_append (headers, "X-RateLimit-Reset", reset_s);
  limit_error = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, headers, "", 0, NULL);
  _parlance_chat_reply_set_http_status (reply, 429);
  _parlance_chat_reply_set_limit_error (reply, limit_error);
}

/* A 429's X-RateLimit-* headers: the day's limit is used up until the reset they give, even
 * when we counted fewer (another client on the same key). */
static void
test_learn_from_reply (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(ParlanceBudgetState) state = NULL;
  gint64 reset = at ("2026-06-16T00:00:00Z");

  f->now = at ("2026-06-15T12:00:00Z");
  record (f, f->now - 3600 * SEC, "openrouter", FREE_MODEL, -1);
  set_rate_limit (reply, 50, 0, reset / 1000);
  g_assert_true (parlance_rate_budget_learn_from_reply (f->budget, "openrouter", FREE_MODEL, reply));

  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_limit, ==, 50);
  g_assert_cmpint (state->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->day_used, ==, 50);
  g_assert_cmpint (state->next_allowed_at, ==, reset);
  /* The minute limit is still the documented one. */
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_DEFAULT);

  /* A per-minute 429: resets within the minute. */
  g_clear_object (&reply);
  reply = parlance_chat_reply_new ();
  set_rate_limit (reply, 20, 0, (f->now + 30 * SEC) / 1000);
  g_assert_true (parlance_rate_budget_learn_from_reply (f->budget, "openrouter", FREE_MODEL, reply));
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_cmpint (state->minute_used, ==, 20);
  g_assert_cmpint (state->minute_allowed_at, ==, f->now + 30 * SEC);
}

static void
flushed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (parlance_store_flush_finish (PARLANCE_STORE (object), result, NULL));
  *done = TRUE;
}

/* Counts and learned limits come from the database: closed and opened again, the same. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) before = NULL;
  g_autoptr(ParlanceBudgetState) after = NULL;
  gboolean done = FALSE;

  f->now = at ("2026-06-15T12:00:00Z");
  record (f, f->now - 30 * SEC, "openrouter", FREE_MODEL, 100);
  record (f, f->now - 3 * 3600 * SEC, "openrouter", FREE_MODEL, 100);
  g_assert_true (parlance_rate_budget_learn (f->budget, "openrouter", "free",
                                             PARLANCE_BUDGET_WINDOW_DAY, 1000, -1, -1, NULL));
  before = state_for (f, "openrouter", FREE_MODEL);
  parlance_store_flush_async (f->store, NULL, flushed, &done);
  parlance_test_wait_for (done, 10000);

  g_assert_finalize_object (g_steal_pointer (&f->budget));
  parlance_test_store_close (g_steal_pointer (&f->store));
  f->store = parlance_test_store_open (f->path);
  f->budget = parlance_rate_budget_new (f->store);
  parlance_rate_budget_set_clock (f->budget, fixed_clock, f);

  after = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (after->minute_used, ==, 1);
  g_assert_cmpint (after->day_used, ==, 2);
  g_assert_cmpint (after->day_tokens_used, ==, before->day_tokens_used);
  g_assert_cmpint (after->day_tokens_used, ==, 220);
  g_assert_cmpint (after->day_limit, ==, 1000);
  g_assert_cmpint (after->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
}

/* What another process learned later wins over what this one learned before. */
static void
test_newer_learned_elsewhere (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;
  gboolean done = FALSE;

  f->now = at ("2026-06-15T12:00:00Z");
  g_assert_true (parlance_rate_budget_learn (f->budget, "openrouter", "free",
                                             PARLANCE_BUDGET_WINDOW_DAY, 50, -1, -1, NULL));
  parlance_store_flush_async (f->store, NULL, flushed, &done);
  parlance_test_wait_for (done, 10000);
  g_assert_true (parlance_store_save_rate_limit (f->store, "openrouter", "free", "day", 1000, -1,
                                                 -1, f->now + 1, NULL));
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_limit, ==, 1000);
}

static void
state_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ParlanceBudgetState **state = user_data;
  g_autoptr(GError) error = NULL;

  *state = parlance_rate_budget_get_state_finish (PARLANCE_RATE_BUDGET (object), result, &error);
  g_assert_no_error (error);
}

/* The UI's way: the same state, computed in a worker thread. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ParlanceBudgetState) state = NULL;

  f->now = at ("2026-06-15T12:00:00Z");
  record (f, f->now - 5 * SEC, "openrouter", FREE_MODEL, -1);
  parlance_rate_budget_get_state_async (f->budget, "openrouter", FREE_MODEL, NULL, state_ready, &state);
  parlance_test_wait_for (state != NULL, 10000);
  /* The worker lets its task (and the budget) go just after. */
  parlance_test_wait_for (g_atomic_int_get (&G_OBJECT (f->budget)->ref_count) == 1, 10000);
  g_assert_cmpint (state->minute_used, ==, 1);
  g_assert_cmpint (state->minute_limit, ==, 20);
}

static ParlanceOpenrouterKeyInfo *
key_info (const char *json)
{
  g_autoptr(GError) error = NULL;
  ParlanceOpenrouterKeyInfo *info = parlance_openrouter_key_info_new_from_data (json, strlen (json),
                                                                                &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static void
learned_from_key (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_rate_budget_learn_from_key_info_finish (PARLANCE_RATE_BUDGET (object),
                                                                  result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
assert_day_limit (Fixture             *f,
                  gint64               limit,
                  ParlanceLimitSource  source)
{
  g_autoptr(ParlanceBudgetState) state = state_for (f, "openrouter", FREE_MODEL);

  g_assert_cmpint (state->day_limit, ==, limit);
  g_assert_cmpint (state->day_source, ==, source);
}

/* GET /api/v1/key: `is_free_tier` false is 1,000 free requests a day, true is 50, said by the
 * provider; it comes before the user's figure, as any limit the provider says. The credits are
 * not a request budget; a key that does not say its tier teaches nothing. */
static void
test_learn_from_key (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ParlanceOpenrouterKeyInfo) paid =
    key_info ("{\"data\": {\"limit\": 10, \"limit_remaining\": 7.5, \"usage\": 2.5, \"is_free_tier\": false}}");
  g_autoptr(ParlanceOpenrouterKeyInfo) free_tier =
    key_info ("{\"data\": {\"limit\": null, \"usage\": 0, \"is_free_tier\": true}}");
  g_autoptr(ParlanceOpenrouterKeyInfo) unsaid =
    key_info ("{\"data\": {\"limit\": 10, \"limit_remaining\": 7.5, \"is_free_tier\": \"no\"}}");
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(ParlanceRateBudget) again = NULL;
  g_autoptr(ParlanceBudgetState) state = NULL;
  g_autoptr(ParlanceBudgetState) paid_models = NULL;
  gboolean done = FALSE;

  f->now = at ("2026-06-15T12:00:00Z");
  g_assert_false (parlance_rate_budget_learn_from_key_info (f->budget, "openrouter", unsaid));
  assert_day_limit (f, 50, PARLANCE_LIMIT_SOURCE_DEFAULT);

  parlance_rate_budget_bind_settings (f->budget, settings);
  g_settings_set_value (settings, "rate-limit-overrides",
                        g_variant_new_parsed ("{'openrouter': (@x 0, @x 200, @x 0)}"));
  assert_day_limit (f, 200, PARLANCE_LIMIT_SOURCE_USER);

  g_assert_true (parlance_rate_budget_learn_from_key_info (f->budget, "openrouter", paid));
  assert_day_limit (f, 1000, PARLANCE_LIMIT_SOURCE_PROVIDER);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->minute_limit, ==, 20);
  g_assert_cmpint (state->minute_source, ==, PARLANCE_LIMIT_SOURCE_DEFAULT);
  /* The key's $10 limit is money: paid models get no request budget from it. */
  paid_models = state_for (f, "openrouter", "openai/gpt-4o");
  g_assert_cmpint (paid_models->day_limit, ==, 200);
  g_assert_cmpint (paid_models->day_source, ==, PARLANCE_LIMIT_SOURCE_USER);
  g_settings_reset (settings, "rate-limit-overrides");

  /* Kept in the store: another budget (a restart) knows it. */
  again = parlance_rate_budget_new (f->store);
  parlance_rate_budget_set_clock (again, fixed_clock, f);
  parlance_store_flush_async (f->store, NULL, flushed, &done);
  parlance_test_wait_for (done, 10000);
  done = FALSE;
  {
    g_autoptr(ParlanceBudgetState) restarted =
      parlance_rate_budget_get_state_for_model (again, "openrouter", FREE_MODEL, NULL);

    g_assert_cmpint (restarted->day_limit, ==, 1000);
    g_assert_cmpint (restarted->day_source, ==, PARLANCE_LIMIT_SOURCE_PROVIDER);
  }

  g_assert_true (parlance_rate_budget_learn_from_key_info (f->budget, "openrouter", free_tier));
  assert_day_limit (f, 50, PARLANCE_LIMIT_SOURCE_PROVIDER);

  /* What a 429 said is left of the same limit stays (the key only says the limit). */
  g_assert_true (parlance_rate_budget_learn (f->budget, "openrouter", PARLANCE_BUDGET_GROUP_FREE,
                                             PARLANCE_BUDGET_WINDOW_DAY, 50, 0,
                                             at ("2026-06-16T00:00:00Z"), NULL));
  f->now += SEC;
  g_assert_true (parlance_rate_budget_learn_from_key_info (f->budget, "openrouter", free_tier));
  g_clear_pointer (&state, parlance_budget_state_free);
  state = state_for (f, "openrouter", FREE_MODEL);
  g_assert_cmpint (state->day_used, ==, 50);

  /* The UI's way, off the main thread. */
  parlance_rate_budget_learn_from_key_info_async (f->budget, "openrouter", paid, NULL,
                                                  learned_from_key, &done);
  parlance_test_wait_for (done, 10000);
  parlance_test_wait_for (g_atomic_int_get (&G_OBJECT (f->budget)->ref_count) == 1, 10000);
  assert_day_limit (f, 1000, PARLANCE_LIMIT_SOURCE_PROVIDER);
  g_assert_finalize_object (g_steal_pointer (&again));
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/rate-budget/" path, Fixture, NULL, setup, func, teardown)
  ADD ("minute-window", test_minute_window);
  ADD ("minute-full", test_minute_full);
  ADD ("minute-provider-reset", test_minute_provider_reset);
  ADD ("day-utc", test_day_utc);
  ADD ("day-pacific-dst", test_day_pacific_dst);
  ADD ("day-full", test_day_full);
  ADD ("groups", test_groups);
  ADD ("limit-precedence", test_limit_precedence);
  ADD ("learn-from-reply", test_learn_from_reply);
  ADD ("restart", test_restart);
  ADD ("newer-learned-elsewhere", test_newer_learned_elsewhere);
  ADD ("async", test_async);
  ADD ("learn-from-key", test_learn_from_key);
#undef ADD

  return g_test_run ();
}
