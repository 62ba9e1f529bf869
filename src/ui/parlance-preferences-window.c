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
#include "parlance-provider-registry.h"
#include "parlance-providers-page.h"

struct _ParlancePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GHashTable           *provider_pages;   /* provider id → its key page (borrowed) */
  ParlanceProvidersPage *providers_page;

  /* Template widgets */
  AdwComboRow          *provider_row;
  AdwEntryRow          *model_row;
};

G_DEFINE_FINAL_TYPE (ParlancePreferencesWindow, parlance_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

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

/* The default provider is chosen among all providers, custom ones included. */
static GListModel *
providers_model (void)
{
  return parlance_provider_registry_get_providers (parlance_provider_registry_get_default ());
}

static gboolean
provider_id_to_position (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);
  GListModel *model = providers_model ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (model, i);

      if (g_str_equal (id, parlance_provider_get_id (provider)))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static GVariant *
position_to_provider_id (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  guint position = g_value_get_uint (value);
  g_autoptr(ParlanceProvider) provider = NULL;

  if (position >= g_list_model_get_n_items (providers_model ()))
    return NULL;

  provider = g_list_model_get_item (providers_model (), position);
  return g_variant_new_string (parlance_provider_get_id (provider));
}

static char *
provider_display_name (ParlanceProvider *provider)
{
  return g_strdup (provider ? parlance_provider_get_name (provider) : "");
}

/* The list changed under the combo: select the default provider again. */
static void
providers_changed (ParlancePreferencesWindow *self)
{
  g_autoptr(GVariant) id = g_settings_get_value (self->settings, "default-provider");
  GValue position = G_VALUE_INIT;

  g_value_init (&position, G_TYPE_UINT);
  provider_id_to_position (&position, id, NULL);
  adw_combo_row_set_selected (self->provider_row, g_value_get_uint (&position));
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

/* A key page for every provider that takes a key: the built-ins that need one, and custom
 * providers, whose key is optional. Pages follow providers as they are added and removed. */
static void
sync_provider_pages (ParlancePreferencesWindow *self)
{
  GListModel *model = providers_model ();
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (model, i);
      const char *id = parlance_provider_get_id (provider);

      if (!parlance_provider_get_needs_key (provider) &&
          parlance_provider_get_kind (provider) != PARLANCE_PROVIDER_KIND_CUSTOM)
        continue;
      g_hash_table_add (wanted, (gpointer) id);
      if (!g_hash_table_contains (self->provider_pages, id))
        {
          GtkWidget *page = parlance_provider_page_new (provider);

          adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
          g_hash_table_insert (self->provider_pages, g_strdup (id), page);
        }
    }

  g_hash_table_iter_init (&iter, self->provider_pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (wanted, key))
        {
          adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (value));
          g_hash_table_iter_remove (&iter);
        }
    }
}

/* From a custom provider's page: remove it (with Undo) and show the list it left. */
static void
remove_provider_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (widget);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "providers");
  parlance_providers_page_remove_provider (self->providers_page, g_variant_get_string (parameter, NULL));
}

static void
parlance_preferences_window_constructed (GObject *object)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (object);
  G_OBJECT_CLASS (parlance_preferences_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);

  adw_combo_row_set_expression (self->provider_row,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (provider_display_name),
                                                             NULL, NULL));
  adw_combo_row_set_model (self->provider_row, providers_model ());
  g_signal_connect_object (providers_model (), "items-changed",
                           G_CALLBACK (providers_changed), self, G_CONNECT_SWAPPED);
  g_settings_bind_with_mapping (self->settings, "default-provider",
                                self->provider_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                provider_id_to_position, position_to_provider_id,
                                NULL, NULL);
  g_settings_bind (self->settings, "default-model",
                   self->model_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  self->providers_page = PARLANCE_PROVIDERS_PAGE (parlance_providers_page_new (parlance_provider_registry_get_default ()));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->providers_page));

  g_signal_connect_object (providers_model (), "items-changed",
                           G_CALLBACK (sync_provider_pages), self, G_CONNECT_SWAPPED);
  sync_provider_pages (self);
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
  g_clear_pointer (&self->provider_pages, g_hash_table_unref);

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
  gtk_widget_class_install_action (widget_class, "prefs.remove-provider", "s", remove_provider_activated);
}

static void
parlance_preferences_window_init (ParlancePreferencesWindow *self)
{
  self->provider_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
