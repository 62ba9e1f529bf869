/* parlance-preferences-window.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-model-catalog.h"
#include "parlance-preferences-defaults.h"
#include "parlance-preferences-limits.h"
#include "parlance-preferences-routing.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-provider-registry.h"
#include "parlance-providers-page.h"

struct _ParlancePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  ParlanceProvidersPage *providers_page;
  GtkWidget            *subpage;          /* header bar + the provider page shown (owned) */
  AdwWindowTitle       *subpage_title;
  GtkWidget            *provider_page;    /* in the subpage, or NULL */

  ParlanceModelCatalog *catalog;          /* the default provider's, for its free models */
  char                 *menu_provider_id;
  GMenu                *free_models;
  GCancellable         *cancellable;

  /* Template widgets */
  AdwComboRow          *provider_row;
  AdwEntryRow          *model_row;
  GtkMenuButton        *models_button;
  GtkWidget            *general_page;
  GtkWidget            *limits_group;
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

  g_settings_set_string (self->settings, "default-model", g_variant_get_string (parameter, NULL));
}

/* Free models of the default provider */

#define MAX_FREE_MODELS 8

/* Before any list was fetched: a few that have stayed free on OpenRouter for long. */
static const char * const fallback_free_models[] = {
  "meta-llama/llama-3.3-70b-instruct:free",
  "deepseek/deepseek-r1:free",
  "google/gemma-3-27b-it:free",
};

static void
add_model_item (GMenu      *section,
                const char *label,
                const char *id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "prefs.use-model", g_variant_new_string (id));
  g_menu_append_item (section, item);
}

/* The free models of the cached catalogue, largest context first; the menu follows each
 * refresh of the list. */
static void
rebuild_free_models (ParlancePreferencesWindow *self)
{
  ParlanceModelFilter filter = { .flags = PARLANCE_MODEL_FILTER_FREE };
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GMenu) section = g_menu_new ();
  ParlanceProvider *provider;
  g_autofree char *label = NULL;

  g_menu_remove_all (self->free_models);
  if (self->catalog == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->models_button), FALSE);
      return;
    }
  provider = parlance_model_catalog_get_provider (self->catalog);
  models = parlance_model_catalog_dup_filtered (self->catalog, &filter, PARLANCE_MODEL_SORT_CONTEXT);

  for (guint i = 0; i < models->len && i < MAX_FREE_MODELS; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);
      gint64 context = parlance_model_get_context_length (model);
      g_autofree char *tokens = context > 0 ? parlance_format_tokens (context) : NULL;
      g_autofree char *item = NULL;

      /* Translators: a model's name and its context, such as “Llama 3.3 70B (131K)” */
      item = tokens ? g_strdup_printf (_("%s (%s)"), parlance_model_get_name (model), tokens)
                    : g_strdup (parlance_model_get_name (model));
      add_model_item (section, item, parlance_model_get_id (model));
    }
  if (models->len == 0 && parlance_model_catalog_get_fetched_at (self->catalog) <= 0 &&
      g_str_equal (parlance_provider_get_id (provider), "openrouter"))
    for (guint i = 0; i < G_N_ELEMENTS (fallback_free_models); i++)
      add_model_item (section, fallback_free_models[i], fallback_free_models[i]);

  /* Translators: a menu section, such as “Free on OpenRouter” */
  label = g_strdup_printf (_("Free on %s"), parlance_provider_get_name (provider));
  g_menu_append_section (self->free_models, label, G_MENU_MODEL (section));
  gtk_widget_set_visible (GTK_WIDGET (self->models_button),
                          g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0);
}

/* A fresh catalogue for each reading: the cache's time is in seconds, and a list refreshed
 * within the same second must still show. The newest reading for the default provider wins. */
static void
catalog_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ParlancePreferencesWindow *self = user_data;   /* alive unless cancelled: see dispose */
  ParlanceModelCatalog *catalog = PARLANCE_MODEL_CATALOG (object);
  g_autoptr(GError) error = NULL;

  if (!parlance_model_catalog_load_cached_finish (catalog, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("No cached list of models: %s", error->message);
    }
  if (g_strcmp0 (parlance_provider_get_id (parlance_model_catalog_get_provider (catalog)),
                 self->menu_provider_id) != 0)
    return;
  g_set_object (&self->catalog, catalog);
  rebuild_free_models (self);
}

/* Read the cache again: the model picker may have refreshed it since. */
static void
reload_free_models (ParlancePreferencesWindow *self)
{
  ParlanceProvider *provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (),
                                                                  self->menu_provider_id);
  g_autoptr(ParlanceModelCatalog) catalog = NULL;

  if (provider == NULL)
    return;
  catalog = parlance_model_catalog_new (provider);
  parlance_model_catalog_load_cached_async (catalog, self->cancellable, catalog_loaded, self);
}

/* Called each time the menu opens. */
static void
models_menu_opening (GtkMenuButton *button,
                     gpointer       user_data)
{
  reload_free_models (PARLANCE_PREFERENCES_WINDOW (user_data));
}

static void
default_provider_changed (ParlancePreferencesWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "default-provider");
  ParlanceProvider *provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), id);

  if (self->catalog != NULL && provider == parlance_model_catalog_get_provider (self->catalog))
    return;
  g_free (self->menu_provider_id);
  self->menu_provider_id = g_steal_pointer (&id);
  g_clear_object (&self->catalog);
  /* Until its list is read: the fallback, or nothing. */
  if (provider != NULL)
    self->catalog = parlance_model_catalog_new (provider);
  rebuild_free_models (self);
  reload_free_models (self);
}

/* One subpage, reused: its header bar and back button stay, the provider page inside changes.
 * Presenting the same widget again is safe even while the leaflet still slides it away. */
static void
back_clicked (ParlancePreferencesWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static gboolean
back_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  back_clicked (PARLANCE_PREFERENCES_WINDOW (user_data));
  return TRUE;
}

static void
build_subpage (ParlancePreferencesWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new (back_shortcut, self, NULL);

  self->subpage = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  self->subpage_title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->subpage_title));
  gtk_widget_set_tooltip_text (back, _("Back to Providers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to Providers"), -1);
  g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  gtk_box_append (GTK_BOX (self->subpage), header);

  /* Escape and Alt+Left go back, as in GNOME Settings. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Left, GDK_ALT_MASK)),
                                                          action));
  gtk_widget_add_controller (self->subpage, shortcuts);
}

static void
clear_provider_page (ParlancePreferencesWindow *self)
{
  if (self->provider_page == NULL)
    return;
  gtk_box_remove (GTK_BOX (self->subpage), self->provider_page);
  self->provider_page = NULL;
}

/**
 * parlance_preferences_window_show_provider:
 * @provider_id: a provider id, such as "openrouter"
 *
 * Shows that provider's page (its key, address and headers) as a subpage of Providers.
 */
void
parlance_preferences_window_show_provider (ParlancePreferencesWindow *self,
                                           const char                *provider_id)
{
  ParlanceProvider *provider;

  g_return_if_fail (PARLANCE_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (provider_id != NULL);

  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);
  if (provider == NULL)
    return;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "providers");
  clear_provider_page (self);
  self->provider_page = parlance_provider_page_new (provider);
  gtk_widget_set_vexpand (self->provider_page, TRUE);
  gtk_box_append (GTK_BOX (self->subpage), self->provider_page);
  adw_window_title_set_title (self->subpage_title, parlance_provider_get_name (provider));
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->subpage);
}

/**
 * parlance_preferences_window_show_limits:
 *
 * Shows the Rate Limits group, with the keyboard in it (the budget popover's button leads here).
 */
void
parlance_preferences_window_show_limits (ParlancePreferencesWindow *self)
{
  g_return_if_fail (PARLANCE_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->general_page));
  gtk_widget_child_focus (self->limits_group, GTK_DIR_TAB_FORWARD);
}

static void
show_provider_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  parlance_preferences_window_show_provider (PARLANCE_PREFERENCES_WINDOW (widget),
                                             g_variant_get_string (parameter, NULL));
}

/* The provider shown went away (removed here or by another window): back to the list. */
static void
providers_changed_for_subpage (ParlancePreferencesWindow *self)
{
  ParlanceProvider *shown;

  if (self->provider_page == NULL)
    return;
  shown = parlance_provider_page_get_provider (PARLANCE_PROVIDER_PAGE (self->provider_page));
  if (parlance_provider_registry_lookup (parlance_provider_registry_get_default (),
                                         parlance_provider_get_id (shown)) == shown)
    return;
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  clear_provider_page (self);
}

/* From a custom provider's page: remove it (with Undo) and show the list it left. */
static void
remove_provider_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (widget);

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  clear_provider_page (self);
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
                           G_CALLBACK (providers_changed_for_subpage), self, G_CONNECT_SWAPPED);
  build_subpage (self);

  g_signal_connect_object (self->settings, "changed::default-provider",
                           G_CALLBACK (default_provider_changed), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_menu_model (self->models_button, G_MENU_MODEL (self->free_models));
  gtk_menu_button_set_create_popup_func (self->models_button, models_menu_opening, self, NULL);
  default_provider_changed (self);
}

static void
parlance_preferences_window_dispose (GObject *object)
{
  ParlancePreferencesWindow *self = PARLANCE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->subpage);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->free_models);
  g_clear_pointer (&self->menu_provider_id, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesWindow, models_button);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesWindow, limits_group);

  gtk_widget_class_install_action (widget_class, "prefs.use-model", "s", use_model_activated);
  gtk_widget_class_install_action (widget_class, "prefs.remove-provider", "s", remove_provider_activated);
  gtk_widget_class_install_action (widget_class, "prefs.show-provider", "s", show_provider_activated);
}

static void
parlance_preferences_window_init (ParlancePreferencesWindow *self)
{
  self->free_models = g_menu_new ();
  self->cancellable = g_cancellable_new ();
  g_type_ensure (PARLANCE_TYPE_PREFERENCES_DEFAULTS);
  g_type_ensure (PARLANCE_TYPE_PREFERENCES_ROUTING);
  g_type_ensure (PARLANCE_TYPE_PREFERENCES_LIMITS);
  gtk_widget_init_template (GTK_WIDGET (self));
}
