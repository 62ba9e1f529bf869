/* test-preferences.c — entering, checking and removing a key in Preferences, under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-free-tiers.h"
#include "parlance-key-store.h"
#include "parlance-model-catalog.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-provider-registry.h"
#include "parlance-providers-page.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define TEST_KEY "sk-or-v1-preferences-test-key-never-leak-42"

static FakeProvider *fake;

/* The bounds of @widget in the scrolled window that shows it: is it on screen? */
static gboolean
shown_whole (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (scrolled == NULL || !gtk_widget_compute_bounds (widget, scrolled, &bounds))
    return FALSE;
  /* A row just shown is a few pixels high until it is laid out. */
  return bounds.size.height >= 30 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

static gboolean registry_changed;

static void
registry_changed_cb (ParlanceProviderRegistry *registry,
                     gpointer                  user_data)
{
  registry_changed = TRUE;
}

/* The app's first start loads providers.json, which resets the custom providers: a test that
 * adds one waits for that load (which says "changed") first, or, run alone, the load would drop
 * it. Later starts in the same process don't load again. */
static ParlanceApplication *
start_app_loaded (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();

  parlance_test_wait_for (registry_changed, 10000);
  return app;
}

static void
test_preferences_key_round_trip (void)
{
  ParlanceApplication *app;
  ParlanceWindow *window;
  GtkWindow *prefs;
  GtkWidget *page, *key_row, *check, *remove;
  AdwStatusPage *first_run;
  g_autoptr(FakeResponse) key_info = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;

  if (!parlance_test_require_keyring ())
    return;

  app = parlance_test_ui_start_app ();
  window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  first_run = ADW_STATUS_PAGE (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "first-run"));
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (first_run)), 10000);

  /* Its free-tier figures are the core table's. */
  {
    g_autofree char *gemini = parlance_free_tier_dup_summary ("gemini");
    g_autofree char *openrouter = parlance_free_tier_dup_summary ("openrouter");

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (first_run), ADW_TYPE_ACTION_ROW, "Google Gemini"))), ==, gemini);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (first_run), ADW_TYPE_ACTION_ROW, "OpenRouter"))), ==, openrouter);
  }

  /* The first-run button opens the OpenRouter page. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-key", g_variant_new_string ("openrouter"));
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  parlance_test_wait_for ((page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "openrouter")) != NULL &&
                          gtk_widget_get_mapped (page), 5000);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "providers");
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "No key yet")) != NULL, 10000);

  /* Type the key and apply: it goes to the keyring and leaves the field. */
  key_row = parlance_test_ui_find (page, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  gtk_editable_set_text (GTK_EDITABLE (key_row), "  " TEST_KEY "\n");
  g_signal_emit_by_name (key_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key stored in the keyring")) != NULL, 10000);

  /* The main window leaves its first-run page. */
  parlance_test_wait_for (!gtk_widget_get_mapped (GTK_WIDGET (first_run)), 10000);

  /* Check asks GET /key with the stored key and shows what it says. */
  key_info = parlance_test_fixture_response (200, "key-free.200.json");
  fake_provider_queue (fake, "GET", "/key", key_info);
  check = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Check");
  g_assert_nonnull (check);
  gtk_widget_activate (check);
  parlance_test_wait_for (fake_provider_get_n_requests (fake) == 1, 5000);
  {
    g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, 0);
    g_assert_cmpstr (request->path, ==, "/api/v1/key");
    g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, "Bearer " TEST_KEY);
  }
  parlance_test_wait_for (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Label"))), "") != 0, 5000);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Label"))), ==, "sk-or-v1-abc...xyz");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Tier"))), "Free tier"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Rate Limit"))), ==, "20 requests per 10s");
  /* The rate limit is said once, as the server said it; credits are dollars, as in the CLI. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Tier"))), ==, "Free tier: 50 requests a day on free models");
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Tier"))), "a minute"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Credits Used"))), "$"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Credits Used"))), "0000"));
  /* …and they are seen right after Check, without scrolling by hand. */
  parlance_test_ui_wait_drawn (page);
  parlance_test_wait_for (shown_whole (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Rate Limit")))) &&
                          shown_whole (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Label")))), 5000);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-openrouter");

  /* The check is remembered for the providers list, and the address comes from the environment
   * here, which the page says instead of letting it be edited. */
  g_assert_cmpstr (parlance_provider_get_last_check (parlance_provider_registry_lookup (parlance_provider_registry_get_default (), "openrouter")),
                   ==, "Checked: the key works");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Base _Address")))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Address from the environment")))));

  /* Remove deletes it from the keyring. */
  remove = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Remove");
  g_assert_true (gtk_widget_get_visible (remove));
  gtk_widget_activate (remove);
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "No key yet")) != NULL, 10000);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (first_run)), 10000);

  parlance_test_ui_stop_app (app);

  /* The key never reached a file of ours. */
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), TEST_KEY);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static void
test_preferences_add_custom_provider (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autoptr(FakeResponse) models = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *prefs;
  GtkWidget *page, *name_row, *url_row, *headers_row, *add, *remove;
  GtkListBox *list;
  guint n_before;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "providers");
  page = parlance_test_ui_find (GTK_WIDGET (prefs), PARLANCE_TYPE_PROVIDERS_PAGE, NULL);
  g_assert_nonnull (page);
  list = GTK_LIST_BOX (parlance_test_ui_find (page, GTK_TYPE_LIST_BOX, "providers-list"));
  n_before = count_rows (list);
  g_assert_cmpuint (n_before, >=, 4);

  /* A bad address is refused at once, in words. */
  name_row = GTK_WIDGET (ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "_Name")));
  url_row = GTK_WIDGET (ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Base _Address, such as http://localhost:8080/v1")));
  headers_row = GTK_WIDGET (ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Extra _Headers, such as X-Org=acme (optional)")));
  g_assert_nonnull (name_row);
  g_assert_nonnull (url_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Local Llama");
  add = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Add");
  {
    /* As it is typed, before any click: the row turns red, the reason shows, Add can't. */
    GtkWidget *reason = parlance_test_ui_find (page, ADW_TYPE_ACTION_ROW, "url-error");

    g_assert_nonnull (reason);
    gtk_editable_set_text (GTK_EDITABLE (url_row), "http://example.com/v1");
    g_assert_true (gtk_widget_has_css_class (url_row, "error"));
    g_assert_true (gtk_widget_get_visible (reason));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (reason)), "https"));
    g_assert_false (gtk_widget_get_sensitive (add));
    g_assert_false (gtk_widget_get_sensitive (parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Check Connection")));
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (url_row, GTK_TYPE_SCROLLED_WINDOW)));

      parlance_test_ui_wait_drawn (GTK_WIDGET (prefs));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    }
    shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-bad-address");
    g_clear_pointer (&shot, g_free);
    gtk_widget_activate (add);
    g_assert_cmpuint (count_rows (list), ==, n_before);

    /* Fixed: the error goes at once. */
    gtk_editable_set_text (GTK_EDITABLE (url_row), "http://localhost:8080/v1");
    g_assert_false (gtk_widget_has_css_class (url_row, "error"));
    g_assert_false (gtk_widget_get_visible (reason));
    g_assert_true (gtk_widget_get_sensitive (add));
  }

  /* A good one is checked (GET /models) and added. */
  models = parlance_test_fixture_response (200, "models-small.200.json");
  fake_provider_queue (fake, "GET", "/models", models);
  url = g_strdup (fake_provider_get_base_url (fake));
  gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (headers_row), "X-Org=acme");
  gtk_widget_activate (parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Add"));
  parlance_test_wait_for (count_rows (list) == n_before + 1, 10000);
  g_assert_nonnull (parlance_provider_registry_lookup (registry, "local-llama"));
  g_assert_cmpstr (parlance_provider_get_base_url (parlance_provider_registry_lookup (registry, "local-llama")), ==, url);
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Local Llama")) != NULL, 5000);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-providers");

  /* Its row opens a page of its own, for an optional key. */
  gtk_widget_activate (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Local Llama"))));
  {
    GtkWidget *custom_page = NULL;
    AdwPreferencesRow *address;

    parlance_test_wait_for ((custom_page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "local-llama")) != NULL &&
                            gtk_widget_get_mapped (custom_page), 5000);
    address = ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (custom_page), ADW_TYPE_PREFERENCES_ROW, "Base _Address"));
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (address)));

    /* An insecure address is refused and nothing changes; a local one is saved. */
    gtk_editable_set_text (GTK_EDITABLE (address), "http://example.com/v1");
    g_signal_emit_by_name (address, "apply");
    g_assert_cmpstr (parlance_provider_get_base_url (parlance_provider_registry_lookup (registry, "local-llama")), ==, url);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==, url);
    gtk_editable_set_text (GTK_EDITABLE (address), "http://127.0.0.1:9/v1");
    g_signal_emit_by_name (address, "apply");
    g_assert_cmpstr (parlance_provider_get_base_url (parlance_provider_registry_lookup (registry, "local-llama")), ==, "http://127.0.0.1:9/v1");
    gtk_editable_set_text (GTK_EDITABLE (address), url);
    g_signal_emit_by_name (address, "apply");

    /* Its headers can be changed; a key can't be smuggled in as one. */
    {
      AdwPreferencesRow *headers = ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (custom_page), ADW_TYPE_PREFERENCES_ROW, "Extra _Headers, such as X-Org=acme, X-Team=b"));
      GPtrArray *pairs;

      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (headers)), ==, "X-Org=acme");
      gtk_editable_set_text (GTK_EDITABLE (headers), "Authorization=Bearer nope");
      g_signal_emit_by_name (headers, "apply");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (headers)), ==, "X-Org=acme");
      gtk_editable_set_text (GTK_EDITABLE (headers), "X-Org=acme, X-Team=b");
      g_signal_emit_by_name (headers, "apply");
      pairs = parlance_provider_get_headers (parlance_provider_registry_lookup (registry, "local-llama"));
      g_assert_cmpuint (pairs->len, ==, 4);
      g_assert_cmpstr (pairs->pdata[2], ==, "X-Team");
    }
  }

  /* Chat with it: the conversation switches to it and the fake server answers. */
  {
    GtkWindow *main_window = parlance_test_ui_find_window (PARLANCE_TYPE_WINDOW);
    ParlanceChatSession *session = parlance_window_get_session (PARLANCE_WINDOW (main_window));
    GListModel *messages = parlance_chat_session_get_messages (session);
    g_autoptr(FakeResponse) reply = NULL;
    g_autoptr(ParlanceMessage) last = NULL;
    guint n_requests = fake_provider_get_n_requests (fake);

    reply = parlance_test_fixture_response (200, "chat-simple.200.sse");
    fake_provider_queue (fake, "POST", "/chat/completions", reply);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.use-provider", "s", "local-llama"));
    /* A custom server has no default model: one is chosen, as in the picker. */
    parlance_chat_session_set_model (session, "test/model");
    g_assert_true (parlance_chat_session_send (session, "Hello, local model", NULL));
    parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);
    last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
    g_assert_cmpint (parlance_message_get_status (last), ==, PARLANCE_MESSAGE_COMPLETE);
    g_assert_true (g_str_has_prefix (parlance_message_get_content (last), "Hello! Parlance"));
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, n_requests);
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-Org"), ==, "acme");
      g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
    }
  }

  /* Remove it from its own page, then Undo brings it back; then from the list. */
  {
    GtkWidget *custom_page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "local-llama");
    GtkWidget *undo_button;

    gtk_widget_activate (parlance_test_ui_find (custom_page, GTK_TYPE_BUTTON, "Re_move"));
    parlance_test_wait_for (parlance_provider_registry_lookup (registry, "local-llama") == NULL, 5000);
    g_assert_null (parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "local-llama"));
    /* Toasts come one after the other: earlier ones (the refused address and header) go first. */
    parlance_test_wait_for ((undo_button = parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo")) != NULL, 30000);
    gtk_widget_activate (undo_button);
    parlance_test_wait_for (parlance_provider_registry_lookup (registry, "local-llama") != NULL, 5000);
    parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Local Llama")) != NULL, 5000);
    parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo") == NULL, 15000);
  }
  remove = parlance_test_ui_find (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Local Llama"))), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (remove);
  gtk_widget_activate (remove);
  parlance_test_wait_for (count_rows (list) == n_before, 5000);
  g_assert_null (parlance_provider_registry_lookup (registry, "local-llama"));
  {
    GtkWidget *undo_button;

    parlance_test_wait_for ((undo_button = parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo")) != NULL, 30000);
    gtk_widget_activate (undo_button);
  }
  parlance_test_wait_for (parlance_provider_registry_lookup (registry, "local-llama") != NULL, 5000);

  parlance_test_ui_stop_app (app);
}

typedef struct
{
  gboolean           done;
  ParlanceKeySource  source;
} KeyState;

static void
key_state_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KeyState *state = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, &state->source, &error);
  g_assert_no_error (error);
  parlance_key_store_free_key (key);
  state->done = TRUE;
}

static ParlanceKeySource
key_source (const char *id)
{
  KeyState state = { 0 };

  parlance_key_store_lookup_async (parlance_key_store_get_default (), id, NULL, key_state_cb, &state);
  parlance_test_wait_for (state.done, 30000);
  return state.source;
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Removing a provider takes its key out of the keyring once the removal is final; Undo before
 * that keeps it. */
static void
test_preferences_remove_deletes_key (void)
{
  ParlanceApplication *app;
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autoptr(GError) error = NULL;
  GtkWindow *prefs;
  GtkWidget *page, *undo_button;
  gboolean done = FALSE;

  if (!parlance_test_require_keyring ())
    return;

  app = start_app_loaded ();
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Keyed Server", "http://127.0.0.1:9/v1",
                                                           NULL, &error));
  g_assert_no_error (error);
  parlance_key_store_store_async (parlance_key_store_get_default (), "keyed-server", "Keyed Server",
                                  "sk-keyed-server-remove-test-81", NULL, key_stored_cb, &done);
  parlance_test_wait_for (done, 30000);
  g_assert_cmpint (key_source ("keyed-server"), ==, PARLANCE_KEY_SOURCE_KEYRING);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  page = parlance_test_ui_find (GTK_WIDGET (prefs), PARLANCE_TYPE_PROVIDERS_PAGE, NULL);

  /* Removed, then Undo: the provider is back, and so is its key. */
  parlance_providers_page_remove_provider (PARLANCE_PROVIDERS_PAGE (page), "keyed-server");
  g_assert_null (parlance_provider_registry_lookup (registry, "keyed-server"));
  parlance_test_wait_for ((undo_button = parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo")) != NULL, 30000);
  gtk_widget_activate (undo_button);
  parlance_test_wait_for (parlance_provider_registry_lookup (registry, "keyed-server") != NULL, 5000);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo") == NULL, 15000);
  g_assert_cmpint (key_source ("keyed-server"), ==, PARLANCE_KEY_SOURCE_KEYRING);

  /* Removed for good: once the toast is gone, so is the key. */
  parlance_providers_page_remove_provider (PARLANCE_PROVIDERS_PAGE (page), "keyed-server");
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo") != NULL, 30000);
  g_assert_cmpint (key_source ("keyed-server"), ==, PARLANCE_KEY_SOURCE_KEYRING);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "_Undo") == NULL, 30000);
  parlance_test_wait_for (key_source ("keyed-server") == PARLANCE_KEY_SOURCE_NONE, 30000);

  parlance_test_ui_stop_app (app);
}

/* Secret headers: typed in a hidden field, kept in the keyring, shown by name only; a plain
 * header that carries a credential is refused. */
static void
test_preferences_secret_headers (void)
{
  ParlanceApplication *app;
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GtkWindow *prefs;
  GtkWidget *page;
  AdwPreferencesRow *secret_row, *headers_row;
  AdwActionRow *status;

  if (!parlance_test_require_keyring ())
    return;

  app = start_app_loaded ();
  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "Secret Server", "http://127.0.0.1:9/v1",
                                                           NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  page = parlance_test_ui_show_provider_page (prefs, "secret-server");

  headers_row = ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Extra _Headers, such as X-Org=acme, X-Team=b"));
  gtk_editable_set_text (GTK_EDITABLE (headers_row), "api-key=plain-text-value");
  g_signal_emit_by_name (headers_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (headers_row)), ==, "");
  g_assert_cmpuint (parlance_provider_get_headers (parlance_provider_registry_lookup (registry, "secret-server"))->len, ==, 0);

  secret_row = ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "_Secret Headers, such as api-key=…; x-api-key=…"));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (secret_row));
  gtk_editable_set_text (GTK_EDITABLE (secret_row), "api-key = pref-secret-41");
  g_signal_emit_by_name (secret_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret_row)), ==, "");
  status = ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Secret Headers in the Keyring"));
  g_assert_nonnull (status);
  parlance_test_wait_for (g_strcmp0 (adw_action_row_get_subtitle (status), "api-key: ••••••••") == 0, 30000);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-secret-headers");

  path = g_build_filename (g_get_user_config_dir (), "parlance", "providers.json", NULL);
  if (g_file_get_contents (path, &contents, NULL, NULL))
    g_assert_null (strstr (contents, "pref-secret-41"));
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), "pref-secret-41");

  /* An empty field removes them. */
  g_signal_emit_by_name (secret_row, "apply");
  parlance_test_wait_for (g_strcmp0 (adw_action_row_get_subtitle (status), "None") == 0, 30000);

  parlance_test_ui_stop_app (app);
}


/* The window's tabs: the pages of its view stack. */
static guint
count_pages (GtkWindow *prefs)
{
  GtkWidget *stack = parlance_test_ui_find (GTK_WIDGET (prefs), ADW_TYPE_VIEW_STACK, NULL);
  g_autoptr(GtkSelectionModel) pages = NULL;

  g_assert_nonnull (stack);
  pages = adw_view_stack_get_pages (ADW_VIEW_STACK (stack));
  return g_list_model_get_n_items (G_LIST_MODEL (pages));
}

/* Two pages whatever the providers (General and Providers: no switcher bar at 640 px); every
 * provider, Ollama included, opens a subpage from its row, with a way back. */
static void
test_preferences_provider_subpages (void)
{
  ParlanceApplication *app = start_app_loaded ();
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  GtkWindow *prefs;
  GtkWidget *providers, *row, *page, *back, *bar;
  GtkListBox *list;

  g_assert_nonnull (parlance_provider_registry_add_custom (registry, "My Server", "http://127.0.0.1:9/v1",
                                                           NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "providers");
  parlance_test_ui_wait_drawn (GTK_WIDGET (prefs));

  g_assert_cmpuint (count_pages (prefs), ==, 3);  /* General, Providers, Fallbacks */
  g_assert_null (parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "openrouter"));
  bar = parlance_test_ui_find (GTK_WIDGET (prefs), ADW_TYPE_VIEW_SWITCHER_BAR, NULL);
  g_assert_false (bar != NULL && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  providers = parlance_test_ui_find (GTK_WIDGET (prefs), PARLANCE_TYPE_PROVIDERS_PAGE, NULL);
  list = GTK_LIST_BOX (parlance_test_ui_find (providers, GTK_TYPE_LIST_BOX, "providers-list"));
  g_assert_cmpuint (count_rows (list), ==, g_list_model_get_n_items (parlance_provider_registry_get_providers (registry)));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-providers-list");
  g_clear_pointer (&shot, g_free);

  /* Ollama needs no key and has its page all the same. */
  row = GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (providers), ADW_TYPE_ACTION_ROW, "Ollama")));
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_activate (row);
  parlance_test_wait_for ((page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "ollama")) != NULL &&
                          gtk_widget_get_mapped (page), 5000);
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "No key needed")) != NULL, 10000);
  g_assert_nonnull (ADW_PREFERENCES_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Base _Address")));
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-ollama");
  g_clear_pointer (&shot, g_free);

  /* The back button returns to the list. */
  back = parlance_test_ui_find (gtk_widget_get_ancestor (page, GTK_TYPE_BOX), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to Providers");
  gtk_widget_activate (back);
  parlance_test_wait_for (!gtk_widget_get_mapped (page), 5000);
  parlance_test_wait_for (gtk_widget_get_mapped (row), 5000);

  /* A custom provider's row opens its page too; Escape goes back. */
  gtk_widget_activate (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (providers), ADW_TYPE_ACTION_ROW, "My Server"))));
  parlance_test_wait_for ((page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "my-server")) != NULL &&
                          gtk_widget_get_mapped (page), 5000);
  g_assert_null (parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), "ollama"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Remove This Provider")))));
  parlance_test_ui_wait_drawn (page);
  gtk_widget_grab_focus (GTK_WIDGET (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Remove This Provider"))));
  g_assert_true (parlance_test_ui_send_key (prefs, GDK_KEY_Escape, 0));
  parlance_test_wait_for (!gtk_widget_get_mapped (page), 5000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefs)));

  parlance_test_ui_stop_app (app);
}

#define FREE_MODELS_A \
  "{\"data\":[" \
  "{\"id\":\"small/free:free\",\"name\":\"Small Free\",\"context_length\":8192,\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}," \
  "{\"id\":\"paid/model\",\"name\":\"Paid Model\",\"context_length\":1000000,\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}," \
  "{\"id\":\"big/free:free\",\"name\":\"Big Free\",\"context_length\":262144,\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}]}"
#define FREE_MODELS_B \
  "{\"data\":[" \
  "{\"id\":\"new/free:free\",\"name\":\"New Free\",\"context_length\":65536,\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}}]}"

static void
catalog_refreshed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Writes the cached list of OpenRouter's models, as the model picker does on a refresh. */
static void
cache_models (const char *json)
{
  ParlanceProvider *openrouter = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), "openrouter");
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (openrouter);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  gboolean done = FALSE;

  fake_response_set_body_string (response, json);
  fake_provider_queue (fake, "GET", "/models", response);
  parlance_model_catalog_refresh_async (catalog, NULL, NULL, catalog_refreshed_cb, &done);
  parlance_test_wait_for (done, 10000);
}

static char *
menu_ids (GMenuModel *menu)
{
  GString *ids = g_string_new (NULL);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, j, G_MENU_ATTRIBUTE_TARGET,
                                                                              G_VARIANT_TYPE_STRING);
          g_string_append_printf (ids, "%s%s", ids->len ? " " : "", target ? g_variant_get_string (target, NULL) : "?");
        }
    }
  return g_string_free (ids, FALSE);
}

/* The Default Model menu lists the free models of the default provider's cached list, largest
 * context first, and follows a refreshed list. */
static void
test_preferences_free_models_menu (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *shot = NULL;
  GtkWindow *prefs;
  GtkMenuButton *button;
  GMenuModel *menu;
  char *ids = NULL;

  g_settings_set_string (settings, "default-provider", "openrouter");
  cache_models (FREE_MODELS_A);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_MENU_BUTTON, NULL));
  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  parlance_test_wait_for ((g_free (ids), ids = menu_ids (menu), g_str_equal (ids, "big/free:free small/free:free")), 10000);
  g_clear_pointer (&ids, g_free);

  /* A refreshed list (the model picker's, while Preferences, a modal window, was closed) shows
   * when Preferences opens again. */
  gtk_window_destroy (prefs);
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW) == NULL, 5000);
  cache_models (FREE_MODELS_B);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  button = GTK_MENU_BUTTON (parlance_test_ui_find (GTK_WIDGET (prefs), GTK_TYPE_MENU_BUTTON, NULL));
  menu = gtk_menu_button_get_menu_model (button);
  parlance_test_wait_for ((g_free (ids), ids = menu_ids (menu), g_str_equal (ids, "new/free:free")), 10000);
  g_clear_pointer (&ids, g_free);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-free-models");

  /* Choosing one sets the default model, and keeps the default provider. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.use-model", "s", "new/free:free"));
  {
    g_autofree char *model = g_settings_get_string (settings, "default-model");
    g_autofree char *provider = g_settings_get_string (settings, "default-provider");

    g_assert_cmpstr (model, ==, "new/free:free");
    g_assert_cmpstr (provider, ==, "openrouter");
  }

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
  g_signal_connect (parlance_provider_registry_get_default (), "changed", G_CALLBACK (registry_changed_cb), NULL);

  g_test_add_func ("/parlance/preferences/key-round-trip", test_preferences_key_round_trip);
  g_test_add_func ("/parlance/preferences/add-custom-provider", test_preferences_add_custom_provider);
  g_test_add_func ("/parlance/preferences/remove-deletes-key", test_preferences_remove_deletes_key);
  g_test_add_func ("/parlance/preferences/secret-headers", test_preferences_secret_headers);
  g_test_add_func ("/parlance/preferences/provider-subpages", test_preferences_provider_subpages);
  g_test_add_func ("/parlance/preferences/free-models-menu", test_preferences_free_models_menu);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
