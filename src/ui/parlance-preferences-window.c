/* parlance-preferences-window.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-providers-page.h"

struct _ParlancePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *provider_row;
  AdwEntryRow          *model_row;
};

G_DEFINE_FINAL_TYPE (ParlancePreferencesWindow, parlance_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* Same order as the provider_row's string list in the template. */
static const char * const builtin_provider_ids[] = { "openrouter", "gemini", "openai", "ollama" };

ParlancePreferencesWindow *
parlance_preferences_window_new (ParlanceApplication *application,
                                 GtkWindow           *parent)
{
  g_return_val_if_fail (PARLANCE_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (PARLANCE_TYPE_PREFERENCES_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
}

static gboolean
provider_id_to_position (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_provider_ids); i++)
    {
      if (g_str_equal (id, builtin_provider_ids[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  /* A custom provider: no built-in row is selected. */
  g_value_set_uint (value, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static GVariant *
position_to_provider_id (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (builtin_provider_ids))
    return NULL;

  return g_variant_new_string (builtin_provider_ids[position]);
}

static void
use_model_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "default-provider", "openrouter");
  g_settings_set_string (self->settings, "default-model", g_variant_get_string (parameter, NULL));
}

static void
parlance_preferences_window_constructed (GObject *object)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (object);
  G_OBJECT_CLASS (parlance_preferences_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind_with_mapping (self->settings, "default-provider",
                                self->provider_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                provider_id_to_position, position_to_provider_id,
                                NULL, NULL);
  g_settings_bind (self->settings, "default-model",
                   self->model_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (parlance_providers_page_new (parlance_provider_registry_get_default ())));

  /* One page per built-in provider that takes a key. */
  for (const char * const *id = parlance_provider_get_builtin_ids (); *id != NULL; id++)
    {
      g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (*id);

      if (parlance_provider_get_needs_key (provider))
        adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                    ADW_PREFERENCES_PAGE (parlance_provider_page_new (provider)));
    }
}

/**
 * parlance_preferences_window_show_provider:
 * @provider_id: a provider id, such as "openrouter"
 *
 * Shows the page of that provider's key.
 */
void
parlance_preferences_window_show_provider (ParlancePreferencesWindow *self,
                                           const char                *provider_id)
{
  g_return_if_fail (PARLANCE_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), provider_id);
}

static void
parlance_preferences_window_dispose (GObject *object)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (parlance_preferences_window_parent_class)->dispose (object);
}

static void
parlance_preferences_window_class_init (ParlancePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = parlance_preferences_window_constructed;
  object_class->dispose = parlance_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesWindow, model_row);

  gtk_widget_class_install_action (widget_class, "prefs.use-model", "s", use_model_activated);
}

static void
parlance_preferences_window_init (ParlancePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
