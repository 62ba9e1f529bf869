/* parlance-application.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-application.h"
#include "parlance-code-languages.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-registry.h"
#include "parlance-search-provider.h"
#include "parlance-window.h"

struct _ParlanceApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ParlanceSearchProvider *search_provider;
  guint           saving;    /* replies being stopped and saved: the app waits for them */
  gboolean        quitting;
};

G_DEFINE_FINAL_TYPE (ParlanceApplication, parlance_application, ADW_TYPE_APPLICATION)

ParlanceApplication *
parlance_application_new (void)
{
  return g_object_new (PARLANCE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * parlance_application_get_settings:
 * @self: a #ParlanceApplication
 *
 * Returns: (transfer none): the application's #GSettings
 */
GSettings *
parlance_application_get_settings (ParlanceApplication *self)
{
  g_return_val_if_fail (PARLANCE_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * parlance_application_hold_saving:
 *
 * Keeps the application running until parlance_application_release_saving (), even when
 * Quit was chosen meanwhile: a stopped reply's last words reach the database first.
 */
void
parlance_application_hold_saving (ParlanceApplication *self)
{
  g_return_if_fail (PARLANCE_IS_APPLICATION (self));

  self->saving++;
  g_application_hold (G_APPLICATION (self));
}

/* How many stopped replies are still being saved. */
guint
parlance_application_get_saving (ParlanceApplication *self)
{
  g_return_val_if_fail (PARLANCE_IS_APPLICATION (self), 0);

  return self->saving;
}

void
parlance_application_release_saving (ParlanceApplication *self)
{
  g_return_if_fail (PARLANCE_IS_APPLICATION (self));
  g_return_if_fail (self->saving > 0);

  self->saving--;
  g_application_release (G_APPLICATION (self));
  if (self->saving == 0 && self->quitting)
    g_application_quit (G_APPLICATION (self));
}

static void
first_frame_painted (GdkFrameClock *clock,
                     gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, user_data);
  g_print ("first-frame\n");
}

static void
parlance_application_activate (GApplication *app)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (parlance_window_new (self));

  gtk_window_present (window);
  parlance_code_languages_warm_up ();

  /* tests/bench/startup.py measures the time to the first painted frame. */
  if (g_getenv ("PARLANCE_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (first_frame_painted), NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows;

  /* Close windows first so that each one saves its state. */
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }

  /* Replies the windows stopped are saved first (parlance_application_hold_saving ()). */
  PARLANCE_APPLICATION (app)->quitting = TRUE;
  if (PARLANCE_APPLICATION (app)->saving == 0)
    g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  static const char *developers[] = { "The Parlance authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", PACKAGE_NAME,
                        "developer-name", _("The Parlance authors"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_BUGREPORTS,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Parlance authors",
                        "developers", developers,
                        /* Translators: Replace with your names, one name per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("_Getting an OpenRouter Key"),
                             "https://openrouter.ai/keys");
  gtk_window_present (about);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs;
  GList *windows;

  /* One preferences window at a time: raise the open one. */
  for (windows = gtk_application_get_windows (GTK_APPLICATION (self));
       windows != NULL;
       windows = windows->next)
    {
      if (PARLANCE_IS_PREFERENCES_WINDOW (windows->data))
        {
          gtk_window_present (GTK_WINDOW (windows->data));
          return;
        }
    }

  prefs = GTK_WINDOW (parlance_preferences_window_new (self, parent));
  /* Back in the conversation, the keyboard is in the composer, not on the main menu's button. */
  if (PARLANCE_IS_WINDOW (parent))
    g_signal_connect_object (prefs, "unmap", G_CALLBACK (parlance_window_focus_composer), parent, G_CONNECT_SWAPPED);
  gtk_window_present (prefs);
}

/* Opens Preferences on the page where the key of a provider is entered. */
static void
add_key_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (user_data);

  preferences_activated (NULL, NULL, self);
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (self)); w != NULL; w = w->next)
    if (PARLANCE_IS_PREFERENCES_WINDOW (w->data))
      parlance_preferences_window_show_provider (w->data, g_variant_get_string (parameter, NULL));
}

/* Opens Preferences on Rate Limits (from the budget popover). */
static void
rate_limits_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (user_data);

  preferences_activated (NULL, NULL, self);
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (self)); w != NULL; w = w->next)
    if (PARLANCE_IS_PREFERENCES_WINDOW (w->data))
      parlance_preferences_window_show_limits (w->data);
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/ui/parlance-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, gtk_application_get_active_window (app));
  gtk_window_set_application (shortcuts, app);
  gtk_window_present (shortcuts);
}

/* The window to show something in: the active one, else a new one. */
static GtkWindow *
present_window (ParlanceApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!PARLANCE_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *w = gtk_application_get_windows (GTK_APPLICATION (self)); w != NULL; w = w->next)
        if (PARLANCE_IS_WINDOW (w->data))
          {
            window = w->data;
            break;
          }
    }
  if (window == NULL)
    window = GTK_WINDOW (parlance_window_new (self));
  gtk_window_present (window);
  return window;
}

/* app.search (s): the window's search, with these terms ("" for none); GNOME Shell's
 * LaunchSearch leads here. */
static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = present_window (PARLANCE_APPLICATION (user_data));

  g_action_group_activate_action (G_ACTION_GROUP (window), "search", parameter);
}

/* app.open-message ((xx)): conversation id, message id (0: none); a Shell search result. */
static void
open_message_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWindow *window = present_window (PARLANCE_APPLICATION (user_data));

  g_action_group_activate_action (G_ACTION_GROUP (window), "open-message", parameter);
}

/* app.open-message-terms ((xxs)): the same, and the words to highlight in the message. */
static void
open_message_terms_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  GtkWindow *window = present_window (PARLANCE_APPLICATION (user_data));

  g_action_group_activate_action (G_ACTION_GROUP (window), "open-message-terms", parameter);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "add-key", add_key_activated, "s" },
  { "rate-limits", rate_limits_activated },
  { "search", search_activated, "s" },
  { "open-message", open_message_activated, "(xx)" },
  { "open-message-terms", open_message_terms_activated, "(xxs)" },
};

static void
registry_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A broken providers.json is shown in Preferences → Providers; what loaded is used. */
  if (!parlance_provider_registry_load_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error))
    g_message ("%s", error->message);
}

static void
parlance_application_startup (GApplication *app)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *choose_model_accels[] = { "<Control>l", NULL };
  static const char *usage_accels[] = { "<Control>u", NULL };

  G_APPLICATION_CLASS (parlance_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  /* Started by a search in the Shell: stay a while for the next keystroke and its metas,
   * instead of starting again for each. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, 30000);

  self->settings = g_settings_new (APPLICATION_ID);
  parlance_provider_registry_load_async (parlance_provider_registry_get_default (), NULL,
                                         registry_loaded, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.choose-model", choose_model_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-usage", usage_accels);
}

/* GNOME Shell's search asks the application itself, on its own connection: a search while
 * the app is not running starts it as a service (--gapplication-service). */
static gboolean
parlance_application_dbus_register (GApplication     *app,
                                    GDBusConnection  *connection,
                                    const char       *object_path,
                                    GError          **error)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, PARLANCE_SEARCH_PROVIDER_PATH_SUFFIX, NULL);

  if (!G_APPLICATION_CLASS (parlance_application_parent_class)->dbus_register (app, connection,
                                                                             object_path, error))
    return FALSE;

  if (self->search_provider == NULL)
    self->search_provider = parlance_search_provider_new (app);
  return parlance_search_provider_export (self->search_provider, connection, path, error);
}

static void
parlance_application_dbus_unregister (GApplication    *app,
                                      GDBusConnection *connection,
                                      const char      *object_path)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (app);

  if (self->search_provider != NULL)
    parlance_search_provider_unexport (self->search_provider);

  G_APPLICATION_CLASS (parlance_application_parent_class)->dbus_unregister (app, connection,
                                                                          object_path);
}

static void
parlance_application_dispose (GObject *object)
{
  ParlanceApplication *self = PARLANCE_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->search_provider);

  G_OBJECT_CLASS (parlance_application_parent_class)->dispose (object);
}

static void
parlance_application_class_init (ParlanceApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = parlance_application_dispose;

  app_class->activate = parlance_application_activate;
  app_class->startup = parlance_application_startup;
  app_class->dbus_register = parlance_application_dbus_register;
  app_class->dbus_unregister = parlance_application_dbus_unregister;
}

static void
parlance_application_init (ParlanceApplication *self)
{
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Chat with language models through OpenRouter and other providers."));
  g_application_set_option_context_description (G_APPLICATION (self),
    _("Environment:\n"
      "  OPENROUTER_API_KEY, GEMINI_API_KEY, OPENAI_API_KEY\n"
      "      a provider’s API key, used before the keyring and never saved\n"
      "  PARLANCE_OPENROUTER_BASE_URL, PARLANCE_GEMINI_BASE_URL,\n"
      "  PARLANCE_OPENAI_BASE_URL, PARLANCE_OLLAMA_BASE_URL\n"
      "      another address for a provider (a local server, a test server)\n"
      "\n"
      "Keys are kept in the system keyring. The command line client is parlance-cli."));
}
