/* test-window.c — the application shell under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "parlance-key-store.h"
#include "parlance-model-picker.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-provider-registry.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

static void
test_window_first_run (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwStatusPage *page;
  GtkWidget *button;
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  g_assert_true (PARLANCE_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Parlance");

  /* No key anywhere: once the keyring has answered, the first-run page shows. */
  page = ADW_STATUS_PAGE (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "first-run"));
  g_assert_nonnull (page);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (page)), 20000);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Choose How to Start");
  /* No model in the header before there is a conversation to use it in. */
  g_assert_false (gtk_widget_get_visible (adw_header_bar_get_title_widget (
    ADW_HEADER_BAR (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, "conversation-header")))));

  button = parlance_test_ui_find (GTK_WIDGET (page), GTK_TYPE_BUTTON, "suggested-action");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.add-key");
  g_assert_true (gtk_widget_get_focusable (button));

  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "window-first-run");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (window), "window-first-run-dark");
  g_assert_true (g_file_test (shot_dark, G_FILE_TEST_EXISTS));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The button leads to the provider's key in the preferences. */
  gtk_widget_activate (button);
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW) != NULL, 5000);
  {
    /* On the Providers page, with OpenRouter's own page open over it. */
    GtkWidget *provider_page = NULL;

    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW))),
                     ==, "providers");
    parlance_test_wait_for ((provider_page = parlance_test_ui_find (GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)),
                                                           PARLANCE_TYPE_PROVIDER_PAGE, NULL)) != NULL &&
                            gtk_widget_get_mapped (provider_page), 5000);
    g_assert_cmpstr (parlance_provider_get_id (parlance_provider_page_get_provider (PARLANCE_PROVIDER_PAGE (provider_page))), ==, "openrouter");
  }

  parlance_test_ui_stop_app (app);
}

static void
test_window_start_with_local_server (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *page = parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "first-run");
  GtkWidget *button;

  parlance_test_wait_for (gtk_widget_get_mapped (page), 20000);
  button = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Use Ollama");
  g_assert_nonnull (button);
  gtk_widget_activate (button);

  /* No key needed: the conversation shows, on Ollama. */
  parlance_test_wait_for (!gtk_widget_get_mapped (page), 10000);
  {
    g_autofree char *provider = g_settings_get_string (settings, "default-provider");
    g_assert_cmpstr (provider, ==, "ollama");
  }
  g_assert_cmpstr (parlance_chat_session_get_model (parlance_window_get_session (PARLANCE_WINDOW (window))), ==, "llama3.2");

  g_settings_reset (settings, "default-provider");
  g_settings_reset (settings, "default-model");
  parlance_test_ui_stop_app (app);
}

static void
test_window_provider_per_conversation (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ParlanceChatSession *session = parlance_window_get_session (window);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkMenuButton *button = GTK_MENU_BUTTON (parlance_test_ui_find (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, "conversation-header"), GTK_TYPE_MENU_BUTTON, NULL));
  g_autofree char *default_provider = NULL;

  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "OpenRouter");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.use-provider", "s", "ollama"));
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (session)), ==, "ollama");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "llama3.2");
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Ollama");

  /* The default for new conversations is untouched, and a settings change leaves this one be. */
  default_provider = g_settings_get_string (settings, "default-provider");
  g_assert_cmpstr (default_provider, ==, "openrouter");
  g_settings_set_string (settings, "default-model", "some/other-model");
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (session)), ==, "ollama");
  g_settings_reset (settings, "default-model");

  parlance_test_ui_stop_app (app);
}

static void
registry_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *loaded = user_data;

  parlance_provider_registry_load_finish (PARLANCE_PROVIDER_REGISTRY (object), result, NULL);
  *loaded = TRUE;
}

/* The label of the provider menu's item for @provider_id, or NULL. */
static char *
dup_menu_label (GtkMenuButton *button,
                const char    *provider_id)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);

  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      char *label = NULL;

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), provider_id) &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return label;
    }
  return NULL;
}

static gboolean
menu_label_is (GtkMenuButton *button,
               const char    *provider_id,
               const char    *expected)
{
  g_autofree char *label = dup_menu_label (button, provider_id);

  return g_strcmp0 (label, expected) == 0;
}

static void
use_provider (ParlanceWindow *window,
              const char     *provider_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.use-provider", "s", provider_id));
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (parlance_window_get_session (window))),
                   ==, provider_id);
}

/* #10 item 6: each provider keeps its own last model, and the header's menu marks the current
 * provider and says which have no key. */
static void
test_window_provider_menu (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ParlanceChatSession *session = parlance_window_get_session (window);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkMenuButton *button = GTK_MENU_BUTTON (parlance_test_ui_find (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, "conversation-header"), GTK_TYPE_MENU_BUTTON, NULL));
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autofree char *custom_id = NULL;
  gboolean loaded = FALSE;

  g_settings_reset (settings, "provider-models");
  /* The application loads providers.json as it starts; a load of our own, finished, comes after
   * it, so that the provider added below is not replaced by a reload. */
  parlance_provider_registry_load_async (registry, NULL, registry_loaded, &loaded);
  parlance_test_wait_for (loaded, 10000);
  {
    ParlanceProvider *custom = parlance_provider_registry_add_custom (registry, "My Server",
                                                                      "http://127.0.0.1:9/v1", NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (custom);
    custom_id = g_strdup (parlance_provider_get_id (custom));
  }
  g_assert_true (parlance_key_store_set_session_key (parlance_key_store_get_default (), "openrouter",
                                                     "sk-or-v1-provider-menu-test-key-0001", &error));
  g_assert_no_error (error);
  /* A model picked on OpenRouter… */
  parlance_chat_session_set_model (session, "openai/gpt-4o-mini");
  /* …stays there: Ollama gets its own default, then a model picked there. */
  use_provider (window, "ollama");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "llama3.2");
  parlance_chat_session_set_model (session, "qwen2.5:7b");
  use_provider (window, "openrouter");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "openai/gpt-4o-mini");
  use_provider (window, "ollama");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "qwen2.5:7b");

  /* Gemini has a default model of its own. */
  use_provider (window, "gemini");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "gemini-2.0-flash");
  /* A custom server without a default model never gets another provider's model id (as it
   * used to, an OpenRouter id sent to it): the picker opens to choose one. */
  use_provider (window, "openrouter");
  use_provider (window, custom_id);
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "");
  {
    GtkWindow *picker;

    parlance_test_wait_for ((picker = parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER)) != NULL, 5000);
    gtk_window_destroy (picker);
  }
  use_provider (window, "openrouter");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "openai/gpt-4o-mini");

  /* The menu: the current provider checked (the action's state), the ones without a key said. */
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "use-provider");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "openrouter");
  parlance_test_wait_for (menu_label_is (button, "gemini", "Google Gemini — No Key"), 20000);
  parlance_test_wait_for (menu_label_is (button, "openrouter", "OpenRouter"), 20000);
  g_assert_true (menu_label_is (button, "ollama", "Ollama"));
  parlance_test_wait_for (menu_label_is (button, "openai", "OpenAI — No Key"), 20000);
  g_assert_true (menu_label_is (button, custom_id, "My Server"));

  g_assert_true (parlance_provider_registry_remove (registry, custom_id, &error));
  g_assert_no_error (error);
  parlance_key_store_forget_session_key (parlance_key_store_get_default (), "openrouter");
  g_settings_reset (settings, "provider-models");
  parlance_test_ui_stop_app (app);
}

/* The provider menu, open, in light and dark. In a process of its own, which ends with the
 * menu open: closing the window after a popover has been up can leave a GTK 4.8 pointer timer
 * behind that fires on the destroyed surface, in whichever test comes next. */
static void
test_window_provider_menu_screenshot (void)
{
  ParlanceApplication *app;
  GtkMenuButton *button;
  GtkPopover *popover;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  app = parlance_test_ui_start_app ();
  button = GTK_MENU_BUTTON (parlance_test_ui_find (parlance_test_ui_find (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app))),
                                                                          ADW_TYPE_HEADER_BAR, "conversation-header"),
                                                   GTK_TYPE_MENU_BUTTON, NULL));
  g_assert_true (parlance_key_store_set_session_key (parlance_key_store_get_default (), "openrouter",
                                                     "sk-or-v1-provider-menu-test-key-0002", &error));
  g_assert_no_error (error);
  parlance_test_wait_for (menu_label_is (button, "gemini", "Google Gemini — No Key"), 20000);
  parlance_test_wait_for (menu_label_is (button, "openrouter", "OpenRouter"), 20000);

  /* A popover opened from a window not yet on screen may never get a size. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app))));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (popover)), 5000);
  shot = parlance_test_ui_screenshot (GTK_WIDGET (popover), "window-provider-menu");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (popover), "window-provider-menu-dark");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shot_dark, G_FILE_TEST_EXISTS));
}

static void
test_window_actions_and_accels (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  struct { const char *action; const char *accel; } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "app.shortcuts", "<Control>question" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), expected[i].action + 4));
      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, expected[i].accel);
    }
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  parlance_test_wait_for (parlance_test_ui_find_window (ADW_TYPE_ABOUT_WINDOW) != NULL, 5000);
  {
    AdwAboutWindow *about = ADW_ABOUT_WINDOW (parlance_test_ui_find_window (ADW_TYPE_ABOUT_WINDOW));

    g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
    g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
    g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);
    gtk_window_destroy (GTK_WINDOW (about));
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  parlance_test_wait_for (parlance_test_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW) != NULL, 5000);
  gtk_window_destroy (parlance_test_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW));

  parlance_test_ui_stop_app (app);
}

static guint
count_windows (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        n++;
    }
  return n;
}

static void
test_window_preferences (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GSettings *settings = parlance_application_get_settings (app);
  GtkWindow *main_window;
  GtkWindow *prefs;
  AdwComboRow *provider_row;
  AdwEntryRow *model_row;
  g_autofree char *shot = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *model = NULL;

  main_window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (PARLANCE_IS_WINDOW (main_window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW) != NULL, 5000);
  prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW);
  /* On top of the main window (the active window may be Preferences itself by now). */
  g_assert_true (gtk_window_get_transient_for (prefs) == main_window);

  /* A second activation raises the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_windows (PARLANCE_TYPE_PREFERENCES_WINDOW), ==, 1);

  provider_row = ADW_COMBO_ROW (parlance_test_ui_find (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, NULL));
  model_row = ADW_ENTRY_ROW (parlance_test_ui_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, NULL));
  g_assert_nonnull (provider_row);
  g_assert_nonnull (model_row);

  /* Settings → widgets. */
  g_assert_cmpuint (adw_combo_row_get_selected (provider_row), ==, 0);
  g_settings_set_string (settings, "default-provider", "ollama");
  g_assert_cmpuint (adw_combo_row_get_selected (provider_row), ==, 3);

  /* Widgets → settings. */
  adw_combo_row_set_selected (provider_row, 1);
  provider = g_settings_get_string (settings, "default-provider");
  g_assert_cmpstr (provider, ==, "gemini");
  gtk_editable_set_text (GTK_EDITABLE (model_row), "gemini-2.0-flash");
  model = g_settings_get_string (settings, "default-model");
  g_assert_cmpstr (model, ==, "gemini-2.0-flash");

  shot = parlance_test_ui_screenshot (GTK_WIDGET (prefs), "preferences-general");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  parlance_test_ui_stop_app (app);
}

static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  ParlanceApplication *app;
  GtkWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  app = parlance_test_ui_start_app ();
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  gtk_window_set_default_size (window, 820, 610);
  gtk_window_close (window);
  parlance_test_wait_for (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL, 5000);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  parlance_test_ui_stop_app (app);
}

/* The leaflet's own widgets (its shadow) come after its pages: it sets their CSS classes each
 * time it is allocated, and GTK 4.8 restyles every widget that follows them among their siblings,
 * with all inside, which was the whole window in each frame while a reply streamed. */
static void
test_window_leaflet_shadow_last (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwLeaflet *leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL));
  guint pages = 0, others = 0;

  g_assert_nonnull (leaflet);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (leaflet)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (adw_leaflet_get_page (leaflet, child) == NULL)
        others++;
      else
        {
          g_assert_cmpuint (others, ==, 0);
          pages++;
        }
    }
  g_assert_cmpuint (pages, >=, 2);
  g_assert_cmpuint (others, >, 0);

  parlance_test_ui_stop_app (app);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/parlance/window/first-run", test_window_first_run);
  g_test_add_func ("/parlance/window/start-with-local-server", test_window_start_with_local_server);
  g_test_add_func ("/parlance/window/provider-per-conversation", test_window_provider_per_conversation);
  g_test_add_func ("/parlance/window/provider-menu", test_window_provider_menu);
  g_test_add_func ("/parlance/window/provider-menu-screenshot", test_window_provider_menu_screenshot);
  g_test_add_func ("/parlance/window/actions-and-accels", test_window_actions_and_accels);
  g_test_add_func ("/parlance/window/preferences", test_window_preferences);
  g_test_add_func ("/parlance/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/parlance/window/leaflet-shadow-last", test_window_leaflet_shadow_last);

  return g_test_run ();
}
