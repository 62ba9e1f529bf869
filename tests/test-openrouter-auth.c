/* test-openrouter-auth.c — "Sign in with OpenRouter" end to end: the browser is the test, OpenRouter
 * the fake provider, the keyring the private one of build-aux/test.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-browser.h"
#include "fake-provider.h"
#include "parlance-api-error.h"
#include "parlance-key-store.h"
#include "parlance-openrouter-auth.h"
#include "parlance-test-utils.h"

#define KEY_1 "sk-or-v1-signed-in-key-one-never-leak-1111"
#define KEY_2 "sk-or-v1-signed-in-key-two-never-leak-2222"

typedef struct
{
  FakeProvider           *fake;
  ParlanceProvider       *provider;
  ParlanceOpenrouterAuth *auth;
  GCancellable           *cancellable;
  gboolean                done;
  gboolean                ok;
  GError                 *error;
  gboolean                keyring;   /* the test saved keys: remove them */
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
  f->auth = parlance_openrouter_auth_new (f->provider, NULL);
  f->cancellable = g_cancellable_new ();
}

static void
deleted (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gboolean gone = FALSE;

  if (f->keyring)
    {
      parlance_key_store_delete_async (parlance_key_store_get_default (), "openrouter", NULL, deleted, &gone);
      parlance_test_wait_for (gone, 10000);
    }
  g_clear_error (&f->error);
  g_clear_object (&f->cancellable);
  g_assert_finalize_object (f->auth);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->fake);
}

static void
signed_in (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->ok = parlance_openrouter_auth_sign_in_finish (PARLANCE_OPENROUTER_AUTH (object), result, &f->error);
  f->done = TRUE;
}

/* Starts a sign-in and reads the address the browser would open, as OpenRouter's page would. */
static void
start (Fixture         *f,
       FakeBrowserAuth *auth)
{
  g_autoptr(GError) error = NULL;

  parlance_openrouter_auth_sign_in_async (f->auth, f->cancellable, signed_in, f);
  g_assert_nonnull (parlance_openrouter_auth_get_auth_uri (f->auth));
  g_assert_true (fake_browser_read_auth_uri (parlance_openrouter_auth_get_auth_uri (f->auth), auth, &error));
  g_assert_no_error (error);
  g_assert_nonnull (auth->callback_url);
  g_assert_nonnull (auth->code_challenge);
}

static char *
callback_with (const FakeBrowserAuth *auth,
               const char            *query)
{
  return g_strconcat (auth->callback_url, "?", query, NULL);
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The key the keyring holds for OpenRouter now, or NULL. */
static char *
lookup_key (Fixture *f)
{
  ParlanceKeyStore *store = parlance_key_store_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_NONE;
  char *key;

  parlance_key_store_lookup_for_async (store, f->provider, NULL, got_result, &result);
  parlance_test_wait_for (result != NULL, 10000);
  key = parlance_key_store_lookup_for_finish (store, result, &source, NULL, &error);
  g_assert_no_error (error);
  if (key != NULL)
    g_assert_cmpint (source, ==, PARLANCE_KEY_SOURCE_KEYRING);
  return key;
}

static guint
count_requests (FakeProvider *fake,
                const char   *method,
                const char   *path_end)
{
  guint n = 0;

  for (guint i = 0; i < fake_provider_get_n_requests (fake); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, i);

      if (g_str_equal (request->method, method) && g_str_has_suffix (request->path, path_end))
        n++;
    }
  return n;
}

/* RFC 7636, appendix B. */
static void
test_challenge (void)
{
  g_autofree char *challenge = parlance_openrouter_auth_dup_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The whole way: the address as OpenRouter documents it, the browser back with a code, the
 * exchange with the verifier of the challenge, the key in the keyring. */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(GUri) callback = NULL;
  g_autoptr(FakeVisit) visit = NULL;
  g_autoptr(FakeVisit) late = NULL;
  g_autoptr(FakeRequest) exchange = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *challenge = NULL;
  JsonObject *body;
  const char *segment;

  if (!parlance_test_require_keyring ())
    return;
  f->keyring = TRUE;

  start (f, &auth);
  g_assert_cmpstr (auth.page, ==, "https://openrouter.ai/auth");
  g_assert_cmpuint (auth.n_params, ==, 3);
  g_assert_cmpstr (auth.code_challenge_method, ==, "S256");
  g_assert_cmpuint (strlen (auth.code_challenge), ==, 43);
  g_assert_true (is_base64url (auth.code_challenge));
  /* http://localhost:PORT/…, on a port the system chose, at a path nobody can guess. */
  callback = g_uri_parse (auth.callback_url, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (callback);
  g_assert_cmpstr (g_uri_get_scheme (callback), ==, "http");
  g_assert_cmpstr (g_uri_get_host (callback), ==, "localhost");
  g_assert_cmpint (g_uri_get_port (callback), >, 0);
  g_assert_null (g_uri_get_query (callback));
  segment = strrchr (g_uri_get_path (callback), '/') + 1;
  g_assert_cmpuint (strlen (segment), >=, 22);
  g_assert_true (is_base64url (segment));

  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  url = callback_with (&auth, "code=code-one");
  visit = fake_browser_visit (url);
  parlance_test_wait_for (f->done && visit->done, 10000);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  /* The browser was told it may close the tab. */
  g_assert_cmpuint (visit->status, ==, 200);
  g_assert_nonnull (strstr (visit->body, "close this tab"));
  g_assert_null (strstr (visit->body, KEY_1));

  /* One exchange, with the code, S256 and a verifier of the challenge, and no key sent. */
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 1);
  exchange = fake_provider_dup_request (f->fake, 0);
  g_assert_cmpstr (exchange->path, ==, "/api/v1/auth/keys");
  g_assert_null (soup_message_headers_get_one (exchange->headers, "Authorization"));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (exchange->body, NULL),
                                             g_bytes_get_size (exchange->body), NULL));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (body, "code"), ==, "code-one");
  g_assert_cmpstr (json_object_get_string_member (body, "code_challenge_method"), ==, "S256");
  challenge = parlance_openrouter_auth_dup_challenge (json_object_get_string_member (body, "code_verifier"));
  g_assert_cmpstr (challenge, ==, auth.code_challenge);
  g_assert_cmpuint (strlen (json_object_get_string_member (body, "code_verifier")), ==, 43);
  /* The verifier went to OpenRouter's API only: not in the browser's address, nor its page. */
  g_assert_null (strstr (parlance_openrouter_auth_get_auth_uri (f->auth), json_object_get_string_member (body, "code_verifier")));
  g_assert_null (strstr (visit->body, json_object_get_string_member (body, "code_verifier")));

  key = lookup_key (f);
  g_assert_cmpstr (key, ==, KEY_1);

  /* The listener took its one code and closed: a late visit finds nobody, or a closed door. */
  late = fake_browser_visit (url);
  parlance_test_wait_for (late->done, 10000);
  g_assert_true (late->status == 0 || late->status == SOUP_STATUS_GONE);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 1);

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), KEY_1);
}

/* Each sign-in has its own verifier and path, from a CSPRNG. */
static void
test_fresh_each_time (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ParlanceOpenrouterAuth) other = parlance_openrouter_auth_new (f->provider, NULL);
  g_auto(FakeBrowserAuth) first = { 0 };
  g_auto(FakeBrowserAuth) second = { 0 };
  g_autoptr(GError) error = NULL;

  start (f, &first);
  parlance_openrouter_auth_sign_in_async (other, f->cancellable, NULL, NULL);
  g_assert_true (fake_browser_read_auth_uri (parlance_openrouter_auth_get_auth_uri (other), &second, &error));
  g_assert_cmpstr (first.code_challenge, !=, second.code_challenge);
  g_assert_cmpstr (first.callback_url, !=, second.callback_url);

  /* One at a time per object. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    parlance_openrouter_auth_sign_in_async (f->auth, NULL, got_result, &result);
    parlance_test_wait_for (result != NULL, 5000);
    g_assert_false (parlance_openrouter_auth_sign_in_finish (f->auth, result, &error));
    g_assert_error (error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_BUSY);
  }

  g_cancellable_cancel (f->cancellable);
  parlance_test_wait_for (f->done, 5000);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The other one ends with the same cancellable; let it go before the check for leaks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A code OpenRouter never gave (or gave for another challenge) gets no key. */
static void
test_wrong_code (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(FakeVisit) visit = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  if (!parlance_test_require_keyring ())
    return;
  f->keyring = TRUE;

  start (f, &auth);
  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  url = callback_with (&auth, "code=code-unknown");
  visit = fake_browser_visit (url);
  parlance_test_wait_for (f->done && visit->done, 10000);
  g_assert_false (f->ok);
  g_assert_error (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_REFUSED);
  g_assert_nonnull (strstr (f->error->message, "Sign in again"));
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 1);
  key = lookup_key (f);
  g_assert_null (key);
}

/* The fake checks the verifier against the challenge: a code made for another challenge (a
 * verifier that does not match) is refused with 403, and nothing is saved. */
static void
test_wrong_verifier (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(FakeVisit) visit = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other = parlance_openrouter_auth_dup_challenge ("another-verifier-entirely-aaaaaaaaaaaaaaaaaa");

  if (!parlance_test_require_keyring ())
    return;
  f->keyring = TRUE;

  start (f, &auth);
  fake_provider_add_auth_code (f->fake, "code-one", other, KEY_1);
  url = callback_with (&auth, "code=code-one");
  visit = fake_browser_visit (url);
  parlance_test_wait_for (f->done && visit->done, 10000);
  g_assert_error (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_REFUSED);
  g_assert_nonnull (strstr (f->error->message, "Invalid code verifier"));
  key = lookup_key (f);
  g_assert_null (key);
}

/* Two callbacks: the first code is exchanged, the second is turned away. */
static void
test_second_callback (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(FakeVisit) first = NULL;
  g_autoptr(FakeVisit) second = NULL;
  g_autofree char *url_1 = NULL;
  g_autofree char *url_2 = NULL;
  g_autofree char *key = NULL;

  if (!parlance_test_require_keyring ())
    return;
  f->keyring = TRUE;

  start (f, &auth);
  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  fake_provider_add_auth_code (f->fake, "code-two", auth.code_challenge, KEY_2);
  url_1 = callback_with (&auth, "code=code-one");
  url_2 = callback_with (&auth, "code=code-two");
  first = fake_browser_visit (url_1);
  second = fake_browser_visit (url_2);
  parlance_test_wait_for (f->done && first->done && second->done, 10000);
  g_assert_no_error (f->error);
  g_assert_true (first->status == 200 || second->status == 200);
  g_assert_true (first->status != 200 || second->status != 200);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 1);
  key = lookup_key (f);
  g_assert_true (g_strcmp0 (key, first->status == 200 ? KEY_1 : KEY_2) == 0);
}

/* Other paths and methods on the listener change nothing; a callback without a code ends the
 * sign-in (OpenRouter's page was declined). */
static void
test_stray_requests (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(GUri) callback = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *wrong_path = NULL;
  g_autofree char *two_codes = NULL;
  g_autofree char *declined = NULL;
  g_autoptr(FakeVisit) stray = NULL;
  g_autoptr(FakeVisit) doubled = NULL;
  g_autoptr(FakeVisit) visit = NULL;

  start (f, &auth);
  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  callback = g_uri_parse (auth.callback_url, G_URI_FLAGS_NONE, NULL);
  origin = g_strdup_printf ("http://localhost:%d", g_uri_get_port (callback));

  /* A guess at the path is a 404, and the sign-in waits on. */
  wrong_path = g_strconcat (origin, "/parlance-sign-in/guess?code=code-one", NULL);
  stray = fake_browser_visit (wrong_path);
  parlance_test_wait_for (stray->done, 10000);
  g_assert_cmpuint (stray->status, ==, 404);
  g_assert_false (f->done);

  /* Two codes: which one? Neither. */
  two_codes = callback_with (&auth, "code=code-one&code=code-two");
  doubled = fake_browser_visit (two_codes);
  parlance_test_wait_for (f->done && doubled->done, 10000);
  g_assert_cmpuint (doubled->status, ==, 400);
  g_assert_error (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_DECLINED);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 0);

  /* Declined on OpenRouter's page: back without a code. */
  g_clear_error (&f->error);
  f->done = FALSE;
  fake_browser_auth_clear (&auth);
  start (f, &auth);
  declined = callback_with (&auth, "error=access_denied");
  visit = fake_browser_visit (declined);
  parlance_test_wait_for (f->done && visit->done, 10000);
  g_assert_cmpuint (visit->status, ==, 400);
  g_assert_nonnull (strstr (visit->body, "no sign-in code"));
  g_assert_error (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_DECLINED);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 0);
}

/* Cancel stops waiting and closes the listener. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(FakeVisit) visit = NULL;
  g_autofree char *url = NULL;

  start (f, &auth);
  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  g_cancellable_cancel (f->cancellable);
  parlance_test_wait_for (f->done, 5000);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  url = callback_with (&auth, "code=code-one");
  visit = fake_browser_visit (url);
  parlance_test_wait_for (visit->done, 10000);
  g_assert_true (visit->status == 0 || visit->status == SOUP_STATUS_GONE);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 0);
}

/* A browser that never comes back: the sign-in ends by itself. */
static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(FakeVisit) visit = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpuint (parlance_openrouter_auth_get_timeout (f->auth), ==, 5 * 60 * 1000);
  parlance_openrouter_auth_set_timeout (f->auth, 100);
  start (f, &auth);
  parlance_test_wait_for (f->done, 5000);
  g_assert_error (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_TIMED_OUT);

  fake_provider_add_auth_code (f->fake, "code-one", auth.code_challenge, KEY_1);
  url = callback_with (&auth, "code=code-one");
  visit = fake_browser_visit (url);
  parlance_test_wait_for (visit->done, 10000);
  g_assert_true (visit->status == 0 || visit->status == SOUP_STATUS_GONE);
  g_assert_cmpuint (count_requests (f->fake, "POST", "/api/v1/auth/keys"), ==, 0);
}

/* What comes back from the exchange is hostile too: no key, a key of the wrong type, a page
 * that never ends. None of it is saved, and the errors say what to do. */
static void
test_hostile_answers (Fixture       *f,
                      gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"user_id\":\"u\"}",
    "{\"key\":5}",
    "{\"key\":\"\"}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "not json",
  };

  if (!parlance_test_require_keyring ())
    return;
  f->keyring = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (bodies) + 1; i++)
    {
      g_auto(FakeBrowserAuth) auth = { 0 };
      g_autoptr(FakeResponse) response = fake_response_new (200);
      g_autoptr(FakeVisit) visit = NULL;
      g_autofree char *url = NULL;
      g_autofree char *key = NULL;

      if (i < G_N_ELEMENTS (bodies))
        fake_response_set_body_string (response, bodies[i]);
      else
        fake_response_set_body_repeated (response, "{\"key\":\"", "x", 1024 * 1024, "\"}");
      fake_provider_queue (f->fake, "POST", "/auth/keys", response);
      g_clear_error (&f->error);
      f->done = FALSE;
      start (f, &auth);
      url = callback_with (&auth, "code=code-one");
      visit = fake_browser_visit (url);
      parlance_test_wait_for (f->done && visit->done, 10000);
      g_assert_false (f->ok);
      g_assert_nonnull (f->error);
      g_assert_true (g_error_matches (f->error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_MALFORMED) ||
                     g_error_matches (f->error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED));
      key = lookup_key (f);
      g_assert_null (key);
    }
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/openrouter-auth/challenge", test_challenge);
#define ADD(path, func) g_test_add ("/parlance/openrouter-auth/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sign-in", test_sign_in);
  ADD ("fresh-each-time", test_fresh_each_time);
  ADD ("wrong-code", test_wrong_code);
  ADD ("wrong-verifier", test_wrong_verifier);
  ADD ("second-callback", test_second_callback);
  ADD ("stray-requests", test_stray_requests);
  ADD ("cancel", test_cancel);
  ADD ("timeout", test_timeout);
  ADD ("hostile-answers", test_hostile_answers);
#undef ADD

  return g_test_run ();
}
