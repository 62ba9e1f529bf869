/* test-openrouter-key.c — the key's state from GET /api/v1/key: parsing (hostile bodies
 * included), the next reset by an injected clock, and the fetch against the fake provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-key-store.h"
#include "parlance-openrouter-key.h"
#include "parlance-test-utils.h"

#define TEST_KEY "sk-or-v1-key-state-test-never-leak-3333"

#define PICO(dollars) ((gint64) ((dollars) * 1000000000000.0 + 0.5))

static ParlanceOpenrouterKeyInfo *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  ParlanceOpenrouterKeyInfo *info = parlance_openrouter_key_info_new_from_data (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

/* The documented shape, every member. */
static void
test_parse_full (void)
{
  g_autoptr(ParlanceOpenrouterKeyInfo) info = parse (
    "{\"data\":{\"label\":\"sk-or-v1-au7...890\",\"limit\":100,\"limit_remaining\":74.5,"
    "\"limit_reset\":\"monthly\",\"include_byok_in_limit\":false,\"usage\":25.5,\"usage_daily\":0.0000123,"
    "\"usage_weekly\":3.25,\"usage_monthly\":25.5,\"byok_usage\":17.38,\"is_free_tier\":false,"
    "\"is_provisioning_key\":false,\"rate_limit\":{\"interval\":\"1h\",\"note\":\"deprecated\",\"requests\":1000},"
    "\"expires_at\":\"2027-12-31T23:59:59Z\"}}");
  g_autoptr(ParlanceOpenrouterKeyInfo) copy = NULL;

  g_assert_cmpstr (info->label, ==, "sk-or-v1-au7...890");
  g_assert_false (info->unlimited);
  g_assert_cmpint (info->limit_pico, ==, PICO (100));
  g_assert_cmpint (info->limit_remaining_pico, ==, PICO (74.5));
  g_assert_cmpint (info->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY);
  g_assert_cmpint (info->usage_pico, ==, PICO (25.5));
  /* Exact: 0.0000123 dollars is 12,300,000 pico-dollars, not 12,299,999. */
  g_assert_cmpint (info->usage_daily_pico, ==, 12300000);
  g_assert_cmpint (info->usage_weekly_pico, ==, PICO (3.25));
  g_assert_cmpint (info->usage_monthly_pico, ==, PICO (25.5));
  g_assert_true (info->free_tier_known);
  g_assert_false (info->is_free_tier);
  g_assert_cmpint (info->rate_limit_requests, ==, 1000);
  g_assert_cmpstr (info->rate_limit_interval, ==, "1h");

  copy = parlance_openrouter_key_info_copy (info);
  g_assert_cmpstr (copy->label, ==, info->label);
  g_assert_true (copy->label != info->label);
  g_assert_cmpint (copy->usage_daily_pico, ==, info->usage_daily_pico);
  g_assert_true (G_TYPE_IS_BOXED (PARLANCE_TYPE_OPENROUTER_KEY_INFO));
}

/* The older shape of our fixture: no limit (null), free tier, no reset or daily usage said. */
static void
test_parse_free (void)
{
  g_autoptr(GBytes) bytes = parlance_test_load_fixture ("key-free.200.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceOpenrouterKeyInfo) info =
    parlance_openrouter_key_info_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);

  g_assert_no_error (error);
  g_assert_true (info->unlimited);
  g_assert_cmpint (info->limit_pico, ==, -1);
  g_assert_cmpint (info->limit_remaining_pico, ==, -1);
  g_assert_cmpint (info->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN);
  g_assert_cmpint (info->usage_pico, ==, PICO (0.0123));
  g_assert_cmpint (info->usage_daily_pico, ==, -1);
  g_assert_true (info->free_tier_known);
  g_assert_true (info->is_free_tier);
  g_assert_cmpint (info->rate_limit_requests, ==, 20);
}

/* Answers that are no key state at all fail with a clear error, never a crash. */
static void
test_parse_refused (void)
{
  static const char *bodies[] = {
    "",
    "not json",
    "<html><body>Bad gateway</body></html>",
    "[]",
    "{}",
    "{\"data\":null}",
    "{\"data\":\"free\"}",
    "{\"data\":[1,2]}",
    "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}",
    /* json-glib reads "\237" as the byte 0x9f and quotes it in its message (found by
     * fuzz-key-info): the error says it as U+FFFD. */
    "{\"data\":{\"usage\":\"\\2375807,\"limit\":1}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      ParlanceOpenrouterKeyInfo *info = parlance_openrouter_key_info_new_from_data (bodies[i], strlen (bodies[i]), &error);

      g_assert_null (info);
      g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* Too deep for json-glib's stack, or longer than any real answer: refused before parsing. */
static void
test_parse_bounded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"data\":{\"label\":");
  g_autoptr(GString) long_body = g_string_new ("{\"data\":{\"label\":\"");

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (parlance_openrouter_key_info_new_from_data (deep->str, deep->len, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
  g_clear_error (&error);

  while (long_body->len <= PARLANCE_OPENROUTER_KEY_MAX_SIZE)
    g_string_append (long_body, "aaaaaaaaaaaaaaaa");
  g_string_append (long_body, "\"}}");
  g_assert_null (parlance_openrouter_key_info_new_from_data (long_body->str, long_body->len, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
}

/* Every member of the wrong type, or out of range, reads as "not said". */
static void
test_parse_hostile_members (void)
{
  g_autoptr(GString) long_label = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(ParlanceOpenrouterKeyInfo) overspent = NULL;
  g_autoptr(ParlanceOpenrouterKeyInfo) never = NULL;

  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_label, 'L');
  json = g_strdup_printf ("{\"data\":{\"label\":\"%s\",\"limit\":\"100\",\"limit_remaining\":true,"
                          "\"limit_reset\":\"yearly\",\"usage\":1e308,\"usage_daily\":-5,"
                          "\"usage_weekly\":{\"a\":1},\"usage_monthly\":[1],\"is_free_tier\":\"yes\","
                          "\"rate_limit\":{\"requests\":1.5,\"interval\":\"10s\"}}}", long_label->str);
  info = parse (json);
  g_assert_null (info->label);
  g_assert_false (info->unlimited);
  g_assert_cmpint (info->limit_pico, ==, -1);
  g_assert_cmpint (info->limit_remaining_pico, ==, -1);
  g_assert_cmpint (info->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN);
  g_assert_cmpint (info->usage_pico, ==, -1);
  g_assert_cmpint (info->usage_daily_pico, ==, -1);
  g_assert_cmpint (info->usage_weekly_pico, ==, -1);
  g_assert_cmpint (info->usage_monthly_pico, ==, -1);
  g_assert_false (info->free_tier_known);
  g_assert_cmpint (info->rate_limit_requests, ==, -1);
  g_assert_null (info->rate_limit_interval);

  /* Spent past the limit: nothing left, not "unknown". A null reset never comes. */
  overspent = parse ("{\"data\":{\"limit\":5,\"limit_remaining\":-0.25,\"limit_reset\":\"daily\",\"label\":7}}");
  g_assert_cmpint (overspent->limit_remaining_pico, ==, 0);
  g_assert_cmpint (overspent->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_DAILY);
  g_assert_null (overspent->label);
  never = parse ("{\"data\":{\"limit\":5,\"limit_reset\":null,\"rate_limit\":\"fast\"}}");
  g_assert_cmpint (never->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_NEVER);
  g_assert_cmpint (never->rate_limit_requests, ==, -1);
}

static char *
next_reset (const char *reset,
            GDateTime  *now)
{
  g_autofree char *json = g_strdup_printf ("{\"data\":{\"limit\":5,\"limit_reset\":%s}}", reset);
  g_autoptr(ParlanceOpenrouterKeyInfo) info = parse (json);
  g_autoptr(GDateTime) next = parlance_openrouter_key_info_dup_next_reset (info, now);

  if (next == NULL)
    return NULL;
  g_assert_cmpint (g_date_time_get_utc_offset (next), ==, 0);
  return g_date_time_format_iso8601 (next);
}

/* Resets at midnight UTC, weeks from Monday, months on the 1st, by the injected clock. */
static void
test_next_reset (void)
{
  /* 2026-12-31 is a Thursday. */
  g_autoptr(GDateTime) thursday = g_date_time_new_utc (2026, 12, 31, 23, 59, 59.5);
  g_autoptr(GDateTime) sunday = g_date_time_new_utc (2027, 1, 3, 0, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2027, 1, 4, 0, 0, 0);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_offset (9 * 3600);
  /* 08:30 on 1 March in Tokyo is still 28 February in UTC. */
  g_autoptr(GDateTime) local = g_date_time_new (tokyo, 2027, 3, 1, 8, 30, 0);
  struct { const char *reset; GDateTime *now; const char *expected; } cases[] = {
    { "\"daily\"", thursday, "2027-01-01T00:00:00Z" },
    { "\"weekly\"", thursday, "2027-01-04T00:00:00Z" },
    { "\"monthly\"", thursday, "2027-01-01T00:00:00Z" },
    { "\"weekly\"", sunday, "2027-01-04T00:00:00Z" },
    { "\"weekly\"", monday, "2027-01-11T00:00:00Z" },
    { "\"daily\"", monday, "2027-01-05T00:00:00Z" },
    { "\"daily\"", local, "2027-03-01T00:00:00Z" },
    { "\"monthly\"", local, "2027-03-01T00:00:00Z" },
    { "null", thursday, NULL },
    { "\"someday\"", thursday, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *next = next_reset (cases[i].reset, cases[i].now);

      g_assert_cmpstr (next, ==, cases[i].expected);
    }
}

/* Fetching */

typedef struct
{
  FakeProvider     *fake;
  ParlanceProvider *provider;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = fake_provider_new ();
  f->provider = parlance_provider_new_builtin ("openrouter");
  g_assert_true (parlance_provider_set_base_url (f->provider, fake_provider_get_base_url (f->fake), &error));
  g_assert_no_error (error);
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (parlance_test_require_keyring ())
    {
      parlance_key_store_delete_async (parlance_key_store_get_default (), "openrouter", NULL, got_result, &result);
      parlance_test_wait_for (result != NULL, 10000);
      g_assert_true (parlance_key_store_delete_finish (parlance_key_store_get_default (), result, NULL));
    }
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->fake);
}

static void
store_key (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  parlance_key_store_store_for_async (parlance_key_store_get_default (), f->provider, TEST_KEY, NULL,
                                      got_result, &result);
  parlance_test_wait_for (result != NULL, 10000);
  g_assert_true (parlance_key_store_store_finish (parlance_key_store_get_default (), result, &error));
  g_assert_no_error (error);
}

static ParlanceOpenrouterKeyInfo *
fetch (Fixture       *f,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_openrouter_key_fetch_async (NULL, f->provider, cancellable, got_result, &result);
  parlance_test_wait_for (result != NULL, 10000);
  return parlance_openrouter_key_fetch_finish (result, error);
}

/* The saved key goes to GET key, and the state comes back; a refused key says so. */
static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!parlance_test_require_keyring ())
    return;

  /* No key yet: no request either. */
  g_assert_null (fetch (f, NULL, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NO_KEY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 0);
  g_clear_error (&error);

  store_key (f);
  fake_provider_set_key_info (f->fake, TEST_KEY,
                              "{\"data\":{\"limit\":10,\"limit_remaining\":7.5,\"limit_reset\":\"daily\","
                              "\"usage\":2.5,\"usage_daily\":0.5,\"is_free_tier\":false}}");
  info = fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->limit_remaining_pico, ==, PICO (7.5));
  g_assert_cmpint (info->usage_daily_pico, ==, PICO (0.5));
  g_assert_cmpint (info->limit_reset, ==, PARLANCE_OPENROUTER_LIMIT_RESET_DAILY);
  request = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/api/v1/key");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " TEST_KEY);

  /* Another key is not this one: 401, said plainly, without the key. */
  {
    g_autoptr(FakeResponse) refused = parlance_test_fixture_response (401, "error-unauthorized.401.json");

    fake_provider_queue (f->fake, "GET", "/key", refused);
  }
  g_assert_null (fetch (f, NULL, &error));
  g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, TEST_KEY));
}

/* Hostile answers through the whole fetch: too long, too deep, not JSON. */
static void
test_fetch_hostile (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!parlance_test_require_keyring ())
    return;
  store_key (f);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FakeResponse) response = fake_response_new (200);

      if (i == 0)
        fake_response_set_body_repeated (response, "{\"data\":{\"label\":\"", "x", 10 * 1024 * 1024, "\"}}");
      else if (i == 1)
        fake_response_set_body_repeated (response, "{\"data\":", "[", 100000, NULL);
      else
        fake_response_set_body_string (response, "<html>Gateway</html>");
      fake_provider_queue (f->fake, "GET", "/key", response);
      g_assert_null (fetch (f, NULL, &error));
      g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_clear_error (&error);
    }
}

/* A 200 that is not JSON and quotes the key back: the error says it could not be read, and
 * never holds the key (json-glib's own words quote the token it choked on). */
static void
test_fetch_not_json (Fixture       *f,
                     gconstpointer  data)
{
  const char *bodies[] = { "[\"" TEST_KEY "\" 1]", "{\"data\": " TEST_KEY "}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FakeResponse) response = fake_response_new (200);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      fake_response_set_body_string (response, bodies[i]);
      fake_provider_queue (f->fake, "GET", "/key", response);
      parlance_openrouter_key_fetch_with_key_async (f->provider, TEST_KEY, NULL, got_result, &result);
      parlance_test_wait_for (result != NULL, 10000);
      g_assert_null (parlance_openrouter_key_fetch_finish (result, &error));
      g_assert_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      g_assert_null (strstr (error->message, "never-leak"));
    }
}

/* The key and the address are taken when the fetch starts: an address changed meanwhile gets
 * nothing. Cancel says so. */
static void
test_fetch_snapshot_and_cancel (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FakeProvider) other = fake_provider_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (!parlance_test_require_keyring ())
    return;
  store_key (f);
  fake_provider_set_key_info (f->fake, TEST_KEY, "{\"data\":{\"usage\":1}}");

  parlance_openrouter_key_fetch_async (NULL, f->provider, NULL, got_result, &result);
  g_assert_true (parlance_provider_set_base_url (f->provider, fake_provider_get_base_url (other), &error));
  parlance_test_wait_for (result != NULL, 10000);
  info = parlance_openrouter_key_fetch_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->usage_pico, ==, PICO (1));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake), ==, 1);
  g_assert_cmpuint (fake_provider_get_n_requests (other), ==, 0);
  g_assert_true (parlance_provider_set_base_url (f->provider, fake_provider_get_base_url (f->fake), &error));

  g_cancellable_cancel (cancellable);
  g_assert_null (fetch (f, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/openrouter-key/parse-full", test_parse_full);
  g_test_add_func ("/parlance/openrouter-key/parse-free", test_parse_free);
  g_test_add_func ("/parlance/openrouter-key/parse-refused", test_parse_refused);
  g_test_add_func ("/parlance/openrouter-key/parse-bounded", test_parse_bounded);
  g_test_add_func ("/parlance/openrouter-key/parse-hostile-members", test_parse_hostile_members);
  g_test_add_func ("/parlance/openrouter-key/next-reset", test_next_reset);
  g_test_add ("/parlance/openrouter-key/fetch", Fixture, NULL, fixture_setup, test_fetch, fixture_teardown);
  g_test_add ("/parlance/openrouter-key/fetch-hostile", Fixture, NULL, fixture_setup, test_fetch_hostile, fixture_teardown);
  g_test_add ("/parlance/openrouter-key/fetch-not-json", Fixture, NULL, fixture_setup, test_fetch_not_json,
              fixture_teardown);
  g_test_add ("/parlance/openrouter-key/fetch-snapshot-and-cancel", Fixture, NULL, fixture_setup,
              test_fetch_snapshot_and_cancel, fixture_teardown);

  return g_test_run ();
}
