/* test-preferences-account.c — "Sign in with OpenRouter" and the key's state in Preferences, under
 * Xvfb: the test plays the browser, the fake provider plays OpenRouter.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "fake-browser.h"
#include "fake-provider.h"
#include "parlance-budget-indicator.h"
#include "parlance-key-store.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define SIGNED_IN_KEY "sk-or-v1-from-the-sign-in-never-leak-4444"
#define KEY_STATE "{\"data\":{\"label\":\"sk-or-v1-fro...444\",\"limit\":10,\"limit_remaining\":7.5," \
                  "\"limit_reset\":\"daily\",\"usage\":2.5,\"usage_daily\":0.5,\"is_free_tier\":false," \
                  "\"rate_limit\":{\"requests\":200,\"interval\":\"10s\"}}}"

static FakeProvider *fake;
static char *opened_uri;   /* what the page asked the browser to open */

static gboolean
open_uri_cb (ParlanceProviderPage *page,
             const char           *uri,
             gpointer              user_data)
{
  g_free (opened_uri);
  opened_uri = g_strdup (uri);
  return TRUE;
}

static AdwActionRow *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (root) && gtk_widget_is_visible (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_ACTION_ROW (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      AdwActionRow *found = find_row (c, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
subtitle_of (GtkWidget  *root,
             const char *title)
{
  AdwActionRow *row = find_row (root, title);

  return row != NULL ? adw_action_row_get_subtitle (row) : NULL;
}

/* A label anywhere in @root (a toast included) that says @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_provider_page (GtkWidget *root)
{
  if (PARLANCE_IS_PROVIDER_PAGE (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_provider_page (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
open_openrouter_page (ParlanceApplication *app,
                      GtkWindow          **prefs)
{
  GtkWidget *page = NULL;

  g_clear_pointer (&opened_uri, g_free);
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-key", g_variant_new_string ("openrouter"));
  parlance_test_wait_for ((*prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  parlance_test_wait_for ((page = find_provider_page (GTK_WIDGET (*prefs))) != NULL && gtk_widget_get_mapped (page), 5000);
  g_signal_connect (page, "open-uri", G_CALLBACK (open_uri_cb), NULL);
  return page;
}

static guint
count_requests (const char *method,
                const char *path_end)
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

static void
click (GtkWidget  *page,
       const char *label)
{
  GtkWidget *button = parlance_test_ui_find (page, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
remove_key (void)
{
  g_autoptr(GAsyncResult) result = NULL;

  parlance_key_store_delete_async (parlance_key_store_get_default (), "openrouter", NULL, got_result, &result);
  parlance_test_wait_for (result != NULL, 10000);
  g_assert_true (parlance_key_store_delete_finish (parlance_key_store_get_default (), result, NULL));
}

/* Comes back from OpenRouter's page with @code, as the browser would. */
static FakeVisit *
browser_comes_back (const char *code,
                    const char *key)
{
  g_auto(FakeBrowserAuth) auth = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_nonnull (opened_uri);
  g_assert_true (fake_browser_read_auth_uri (opened_uri, &auth, &error));
  g_assert_cmpstr (auth.page, ==, "https://openrouter.ai/auth");
  g_assert_cmpstr (auth.code_challenge_method, ==, "S256");
  g_assert_true (g_str_has_prefix (auth.callback_url, "http://localhost:"));
  if (key != NULL)
    fake_provider_add_auth_code (fake, code, auth.code_challenge, key);
  url = g_strconcat (auth.callback_url, "?code=", code, NULL);
  return fake_browser_visit (url);
}

/* Sign in: the button, the wait in the browser, the key in the keyring, the key's state shown;
 * the state again when the page opens again, and a clear word when it cannot be fetched. */
static void
test_sign_in (void)
{
  ParlanceApplication *app;
  GtkWindow *prefs;
  GtkWidget *page;
  g_autoptr(FakeVisit) visit = NULL;
  g_autofree char *shot_waiting = NULL;
  g_autofree char *shot_state = NULL;
  g_autofree char *shot_dark = NULL;
  g_autofree char *shot_error = NULL;
  guint n_key_requests;

  if (!parlance_test_require_keyring ())
    return;

  app = parlance_test_ui_start_app ();
  page = open_openrouter_page (app, &prefs);
  parlance_test_wait_for (find_row (page, "No key yet") != NULL, 10000);
  g_assert_nonnull (find_row (page, "Sign in with OpenRouter"));
  g_assert_null (find_row (page, "Credits Left"));

  /* Waiting: the browser was asked to open OpenRouter's page; Cancel is offered. */
  click (page, "_Sign In");
  parlance_test_wait_for (opened_uri != NULL, 5000);
  g_assert_nonnull (find_row (page, "Continue in your browser…"));
  g_assert_true (gtk_widget_get_visible (parlance_test_ui_find (page, GTK_TYPE_BUTTON, "C_ancel")));
  g_assert_false (gtk_widget_get_visible (parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Sign In")));
  parlance_test_ui_wait_drawn (page);
  shot_waiting = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-sign-in-waiting");

  /* Back from the browser: the key is saved, said in a toast, and its state shows. */
  fake_provider_set_key_info (fake, SIGNED_IN_KEY, KEY_STATE);
  visit = browser_comes_back ("code-ui", SIGNED_IN_KEY);
  parlance_test_wait_for (visit->done, 10000);
  g_assert_cmpuint (visit->status, ==, 200);
  parlance_test_wait_for (find_row (page, "Key stored in the keyring") != NULL, 10000);
  parlance_test_wait_for (shows_text (GTK_WIDGET (prefs), "Signed in"), 10000);
  g_assert_nonnull (find_row (page, "Sign in with OpenRouter"));
  parlance_test_wait_for (subtitle_of (page, "Credits Left") != NULL &&
                          g_strcmp0 (subtitle_of (page, "Credits Left"), "") != 0, 10000);
  g_assert_cmpstr (subtitle_of (page, "Credits Left"), ==, "$7.5 of $10");
  g_assert_true (g_str_has_prefix (subtitle_of (page, "Limit Resets"), "Daily, next at "));
  g_assert_cmpstr (subtitle_of (page, "Used Today"), ==, "$0.5 since midnight UTC");
  g_assert_cmpstr (subtitle_of (page, "Credits Used"), ==, "$2.5");
  g_assert_true (g_str_has_prefix (subtitle_of (page, "Tier"), "Credits bought"));
  /* The window's budget learned the tier: 1,000 free requests a day, the provider's word. */
  {
    GtkWidget *window = GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_WINDOW));
    ParlanceBudgetIndicator *indicator =
      PARLANCE_BUDGET_INDICATOR (parlance_test_ui_find (window, PARLANCE_TYPE_BUDGET_INDICATOR, NULL));

    parlance_test_wait_for (parlance_budget_indicator_get_state (indicator) != NULL &&
                            parlance_budget_indicator_get_state (indicator)->day_limit == 1000, 10000);
    g_assert_cmpint (parlance_budget_indicator_get_state (indicator)->day_source, ==,
                     PARLANCE_LIMIT_SOURCE_PROVIDER);
  }
  g_assert_cmpstr (subtitle_of (page, "Label"), ==, "sk-or-v1-fro...444");
  g_assert_null (find_row (page, "The key’s details could not be fetched"));
  /* The key went to the keyring, and nowhere else. */
  g_assert_false (shows_text (GTK_WIDGET (prefs), SIGNED_IN_KEY));
  parlance_test_ui_wait_drawn (page);
  shot_state = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-signed-in");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  parlance_test_ui_wait_drawn (page);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-signed-in-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Opening the page again asks again. */
  n_key_requests = count_requests ("GET", "/api/v1/key");
  g_assert_cmpuint (n_key_requests, >=, 1);
  gtk_window_destroy (prefs);
  page = open_openrouter_page (app, &prefs);
  parlance_test_wait_for (count_requests ("GET", "/api/v1/key") == n_key_requests + 1, 10000);
  parlance_test_wait_for (g_strcmp0 (subtitle_of (page, "Credits Left"), "$7.5 of $10") == 0, 10000);

  /* A state that cannot be fetched is said where the state would be, and by Check. */
  {
    g_autoptr(FakeResponse) broken = fake_response_new (502);

    fake_response_set_body_string (broken, "{\"error\":{\"code\":502,\"message\":\"upstream is down\"}}");
    fake_provider_queue (fake, "GET", "/key", broken);
  }
  click (page, "_Check");
  parlance_test_wait_for (find_row (page, "The key’s details could not be fetched") != NULL, 10000);
  g_assert_null (find_row (page, "Credits Left"));
  g_assert_cmpstr (subtitle_of (page, "The key’s details could not be fetched"), !=, "");
  parlance_test_ui_wait_drawn (page);
  shot_error = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-key-state-error");

  remove_key ();
  parlance_test_ui_stop_app (app);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), SIGNED_IN_KEY);
}

/* Cancel stops waiting; a code OpenRouter refuses is said plainly; neither saves a key. */
static void
test_cancel_and_refused (void)
{
  ParlanceApplication *app;
  GtkWindow *prefs;
  GtkWidget *page;
  g_autoptr(FakeVisit) visit = NULL;
  g_autoptr(FakeVisit) late = NULL;
  g_autofree char *first_uri = NULL;
  guint n_exchanges = count_requests ("POST", "/auth/keys");   /* the fake serves every test */

  if (!parlance_test_require_keyring ())
    return;

  app = parlance_test_ui_start_app ();
  page = open_openrouter_page (app, &prefs);
  parlance_test_wait_for (find_row (page, "No key yet") != NULL, 10000);

  click (page, "_Sign In");
  parlance_test_wait_for (opened_uri != NULL, 5000);
  first_uri = g_steal_pointer (&opened_uri);
  click (page, "C_ancel");
  parlance_test_wait_for (find_row (page, "Sign in with OpenRouter") != NULL, 5000);
  g_assert_true (gtk_widget_get_visible (parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Sign In")));
  /* The browser coming back late finds nobody waiting. */
  opened_uri = g_strdup (first_uri);
  late = browser_comes_back ("code-late", SIGNED_IN_KEY);
  parlance_test_wait_for (late->done, 10000);
  g_assert_true (late->status == 0 || late->status == SOUP_STATUS_GONE);
  g_assert_cmpuint (count_requests ("POST", "/auth/keys"), ==, n_exchanges);

  /* A code OpenRouter does not know. */
  g_clear_pointer (&opened_uri, g_free);
  click (page, "_Sign In");
  parlance_test_wait_for (opened_uri != NULL, 5000);
  g_assert_cmpstr (opened_uri, !=, first_uri);
  visit = browser_comes_back ("code-unknown", NULL);
  parlance_test_wait_for (visit->done, 10000);
  parlance_test_wait_for (shows_text (GTK_WIDGET (prefs), "OpenRouter did not accept the sign-in"), 10000);
  g_assert_nonnull (find_row (page, "Sign in with OpenRouter"));
  g_assert_nonnull (find_row (page, "No key yet"));
  g_assert_cmpuint (count_requests ("POST", "/auth/keys"), ==, n_exchanges + 1);

  parlance_test_ui_stop_app (app);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);

  g_test_add_func ("/parlance/preferences-account/sign-in", test_sign_in);
  g_test_add_func ("/parlance/preferences-account/cancel-and-refused", test_cancel_and_refused);

  status = g_test_run ();
  g_clear_pointer (&opened_uri, g_free);
  g_object_unref (fake);
  return status;
}
