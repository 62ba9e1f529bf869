/* parlance-window.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-chat-session.h"
#include "parlance-conversation-view.h"
#include "parlance-free-tiers.h"
#include "parlance-key-store.h"
#include "parlance-model-picker.h"
#include "parlance-origin-dialog.h"
#include "parlance-provider-registry.h"
#include "parlance-window.h"
#include "parlance-window-private.h"

G_DEFINE_FINAL_TYPE (ParlanceWindow, parlance_window, ADW_TYPE_APPLICATION_WINDOW)

/* What the provider menu knows of each provider's key (nothing, until its lookup answers). */
enum
{
  KEY_UNKNOWN,
  KEY_SAVED,
  KEY_MISSING,
};

static void sync_header (ParlanceWindow *self);

ParlanceWindow *
parlance_window_new (ParlanceApplication *application)
{
  g_return_val_if_fail (PARLANCE_IS_APPLICATION (application), NULL);

  return g_object_new (PARLANCE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * parlance_window_add_toast:
 * @self: a #ParlanceWindow
 * @toast: (transfer full): the toast to show
 *
 * The one place where the window tells the user what happened.
 */
void
parlance_window_add_toast (ParlanceWindow *self,
                           AdwToast       *toast)
{
  g_return_if_fail (PARLANCE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * parlance_window_get_session:
 *
 * Returns: (transfer none): the conversation shown in the window
 */
ParlanceChatSession *
parlance_window_get_session (ParlanceWindow *self)
{
  g_return_val_if_fail (PARLANCE_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * parlance_window_focus_composer:
 *
 * Gives the keyboard to the message being written, when the conversation shows (after a dialog
 * of the window closes).
 */
void
parlance_window_focus_composer (ParlanceWindow *self)
{
  g_return_if_fail (PARLANCE_IS_WINDOW (self));

  if (self->conversation_view != NULL && self->main_stack != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "conversation") == 0)
    parlance_conversation_view_focus_composer (self->conversation_view);
}

/* Without a key a stored conversation still shows (history imported before any key is read),
 * with a bar in place of the composer; a new one is the first-run page. */
static void
show_page_for_key (ParlanceWindow *self)
{
  gboolean stored = parlance_conversation_get_id (parlance_chat_session_get_conversation (self->session)) != 0;
  const char *page = self->has_key || stored ? "conversation" : "first-run";
  gboolean missing = self->key_known && !self->has_key;

  /* Until the keyring answers, only a stored conversation shows (with no bar yet). */
  if (!self->key_known && !stored)
    return;
  parlance_conversation_view_set_missing_key (self->conversation_view,
                                              missing ? parlance_chat_session_get_provider (self->session) : NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, page);
  /* Not while the arrow keys browse the sidebar, or a search result takes the keyboard. */
  if (g_str_equal (page, "conversation") && !self->open_keeps_focus)
    parlance_conversation_view_focus_composer (self->conversation_view);
}

static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ParlanceWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A keyring that can't be read is explained in Preferences; the first-run page leads there. */
  self->has_key = key != NULL;
  self->key_known = TRUE;
  parlance_key_store_free_key (key);
  show_page_for_key (self);
}

static void
check_key (ParlanceWindow *self)
{
  ParlanceProvider *provider = parlance_chat_session_get_provider (self->session);

  if (!parlance_provider_get_needs_key (provider))
    {
      self->has_key = TRUE;
      self->key_known = TRUE;
      show_page_for_key (self);
      return;
    }

  parlance_key_store_lookup_async (parlance_key_store_get_default (), parlance_provider_get_id (provider),
                                   self->cancellable, key_looked_up, self);
}

typedef struct
{
  ParlanceWindow *self;   /* not a reference: the lookup is cancelled when the window goes */
  char           *provider_id;
  guint           generation;
} KeyState;

static void
key_state_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KeyState *state = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, NULL, &error);
  /* Only the latest lookup counts: a slow keyring answer must not undo a key saved since. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      GPOINTER_TO_UINT (g_hash_table_lookup (state->self->key_lookups, state->provider_id)) == state->generation)
    {
      /* No keyring, or a locked one, is no key the menu could use. */
      g_hash_table_insert (state->self->key_states, g_strdup (state->provider_id),
                           GINT_TO_POINTER (key != NULL ? KEY_SAVED : KEY_MISSING));
      sync_header (state->self);
    }
  parlance_key_store_free_key (key);
  g_free (state->provider_id);
  g_free (state);
}

/* The menu says which providers have a key; only those that need one are asked about. */
static void
look_up_key_state (ParlanceWindow   *self,
                   ParlanceProvider *provider)
{
  KeyState *state;

  if (!parlance_provider_get_needs_key (provider))
    return;
  state = g_new0 (KeyState, 1);
  state->self = self;
  state->provider_id = g_strdup (parlance_provider_get_id (provider));
  state->generation = ++self->key_generation;
  g_hash_table_insert (self->key_lookups, g_strdup (state->provider_id), GUINT_TO_POINTER (state->generation));
  parlance_key_store_lookup_async (parlance_key_store_get_default (), state->provider_id,
                                   self->cancellable, key_state_looked_up, state);
}

static void
look_up_key_states (ParlanceWindow *self)
{
  GListModel *providers = parlance_provider_registry_get_providers (parlance_provider_registry_get_default ());

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);

      look_up_key_state (self, provider);
    }
}

static void
key_changed (ParlanceWindow *self,
             const char     *provider_id)
{
  ParlanceProvider *provider;

  if (g_strcmp0 (provider_id, parlance_provider_get_id (parlance_chat_session_get_provider (self->session))) == 0)
    check_key (self);
  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);
  if (provider != NULL)
    look_up_key_state (self, provider);
}

/* Each provider's last model: switching back finds it, and switching away never sends one
 * provider's model id to another. */
static char *
dup_remembered_model (ParlanceWindow *self,
                      const char     *provider_id)
{
  g_autoptr(GVariant) models = g_settings_get_value (self->settings, "provider-models");
  const char *model = NULL;

  if (g_variant_lookup (models, provider_id, "&s", &model) && *model != '\0')
    return g_strdup (model);
  return NULL;
}

static void
remember_model (ParlanceWindow *self)
{
  const char *provider_id = parlance_provider_get_id (parlance_chat_session_get_provider (self->session));
  const char *model = parlance_chat_session_get_model (self->session);
  g_autoptr(GVariant) models = NULL;
  g_autofree char *before = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *id, *value;

  if (model == NULL || *model == '\0')
    return;
  /* A saved conversation's model is its own: opening it, or choosing another for it, leaves
   * the default for new conversations alone. */
  if (parlance_conversation_get_id (parlance_chat_session_get_conversation (self->session)) != 0)
    return;
  before = dup_remembered_model (self, provider_id);
  if (g_strcmp0 (before, model) == 0)
    return;

  models = g_settings_get_value (self->settings, "provider-models");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, models);
  while (g_variant_iter_next (&iter, "{&s&s}", &id, &value))
    if (!g_str_equal (id, provider_id))
      g_variant_builder_add (&builder, "{ss}", id, value);
  g_variant_builder_add (&builder, "{ss}", provider_id, model);
  g_settings_set_value (self->settings, "provider-models", g_variant_builder_end (&builder));
}

/* The header names the model (from the catalogue, else its id); its id is on hover. */
static void
sync_model_button (ParlanceWindow *self)
{
  g_autofree char *name = parlance_conversation_view_dup_model_name (self->conversation_view);
  const char *id = parlance_chat_session_get_model (self->session);
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (self->model_label, name != NULL ? name : "");
  /* Translators: the tooltip of the model in the header; %s is the model's id, such as openai/gpt-4o */
  tooltip = g_strdup_printf (_("%s — Choose a Model (Ctrl+L)"), id != NULL ? id : "");
  gtk_widget_set_tooltip_text (self->model_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Choose a Model"), -1);
}

/* The model matters once there is a conversation; the first-run page is about something else. */
static void
sync_model_button_visible (ParlanceWindow *self)
{
  gtk_widget_set_visible (self->model_button,
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "conversation") == 0);
}

static char *
dup_menu_label (ParlanceWindow   *self,
                ParlanceProvider *provider)
{
  gpointer state = g_hash_table_lookup (self->key_states, parlance_provider_get_id (provider));

  if (parlance_provider_get_needs_key (provider) && GPOINTER_TO_INT (state) == KEY_MISSING)
    /* Translators: a provider in the header's menu that has no API key yet */
    return g_strdup_printf (_("%s — No Key"), parlance_provider_get_name (provider));
  return g_strdup (parlance_provider_get_name (provider));
}

/* The provider menu: a radio item per enabled provider, the current one marked, and those that
 * need a key and have none said so. */
static void
sync_header (ParlanceWindow *self)
{
  ParlanceProvider *current = parlance_chat_session_get_provider (self->session);
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  GListModel *providers = parlance_provider_registry_get_providers (registry);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *a11y_label = NULL;

  sync_model_button (self);
  /* Folded to 360 px, with a back button, the provider is an icon (its name is in the menu). */
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_menu_button_set_icon_name (self->provider_button, "network-server-symbolic");
      /* Translators: a screen reader's name for the provider button; %s is e.g. "OpenRouter" */
      a11y_label = g_strdup_printf (_("Provider: %s"), parlance_provider_get_name (current));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->provider_button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);
    }
  else
    {
      gtk_menu_button_set_label (self->provider_button, parlance_provider_get_name (current));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->provider_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  g_simple_action_set_state (self->use_provider, g_variant_new_string (parlance_provider_get_id (current)));

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);
      const char *id = parlance_provider_get_id (provider);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (!parlance_provider_registry_get_enabled (registry, id) && provider != current)
        continue;
      label = dup_menu_label (self, provider);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.use-provider", "s", id);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->provider_button, G_MENU_MODEL (menu));
}

/* This conversation talks to another provider, whatever the default is, with the model last
 * used there. */
static void
use_provider_changed (GSimpleAction  *action,
                      GVariant       *value,
                      ParlanceWindow *self)
{
  ParlanceProvider *provider;
  g_autofree char *default_id = g_settings_get_string (self->settings, "default-provider");
  g_autofree char *default_model = g_settings_get_string (self->settings, "default-model");
  g_autofree char *model = NULL;
  const char *id = g_variant_get_string (value, NULL);

  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), id);
  if (provider == NULL || parlance_chat_session_get_busy (self->session))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (g_strcmp0 (parlance_provider_get_id (parlance_chat_session_get_provider (self->session)), id) == 0)
    return;

  /* Never the previous provider's model: this one's last, else the preferred one on the
   * default provider, else the provider's own. */
  model = dup_remembered_model (self, id);
  if (model == NULL && g_str_equal (id, default_id) && *default_model != '\0')
    model = g_strdup (default_model);
  if (model == NULL)
    model = g_strdup (parlance_provider_get_default_model (provider));

  self->provider_chosen = TRUE;
  parlance_chat_session_set_provider (self->session, provider);
  parlance_chat_session_set_model (self->session, model != NULL ? model : "");
  sync_header (self);
  check_key (self);

  /* A provider without a default model: the next thing is to choose one. */
  if (model == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.choose-model", NULL);
}

static void
choose_model_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  GtkWindow *picker = GTK_WINDOW (parlance_model_picker_new (GTK_WINDOW (self), self->session));

  /* Whether a model was picked or not, the next thing is to write: the keyboard goes back to the
   * composer, not to the header's button. */
  g_signal_connect_object (picker, "unmap", G_CALLBACK (parlance_window_focus_composer), self, G_CONNECT_SWAPPED);
  gtk_window_present (picker);
}

/* The key is bound to the provider's old address: ask before it goes to the new one. */
static void
origin_changed (ParlanceChatSession *session,
                ParlanceProvider    *provider,
                ParlanceWindow      *self)
{
  parlance_origin_dialog_present (GTK_WINDOW (self), session, provider);
}

static void
sync_provider_and_model (ParlanceWindow *self)
{
  g_autofree char *provider_id = g_settings_get_string (self->settings, "default-provider");
  g_autofree char *model = g_settings_get_string (self->settings, "default-model");
  g_autoptr(ParlanceProvider) provider = NULL;

  /* Custom providers appear once providers.json is loaded (the registry then says "changed"). */
  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);
  if (provider == NULL)
    provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), "openrouter");
  g_object_ref (provider);
  if (*model == '\0')
    {
      g_free (model);
      model = dup_remembered_model (self, parlance_provider_get_id (provider));
      if (model == NULL)
        model = g_strdup (parlance_provider_get_default_model (provider));
    }

  if (self->session == NULL)
    {
      g_autoptr(ParlanceChatSession) session = parlance_chat_session_new (provider, model);

      /* The shown session's signals: the window may show another one later. */
      g_signal_group_connect_swapped (self->session_signals, "notify::model", G_CALLBACK (sync_header), self);
      g_signal_group_connect_swapped (self->session_signals, "notify::model", G_CALLBACK (remember_model), self);
      g_signal_group_connect (self->session_signals, "origin-changed", G_CALLBACK (origin_changed), self);
      g_signal_group_connect_swapped (self->session_signals, "notify::conversation",
                                      G_CALLBACK (_parlance_window_conversation_changed), self);
      g_signal_connect_object (self->conversation_view, "notify::model-name",
                               G_CALLBACK (sync_model_button), self, G_CONNECT_SWAPPED);
      _parlance_window_set_session (self, session);
    }
  else if (!self->provider_chosen)
    {
      if (g_strcmp0 (parlance_provider_get_id (parlance_chat_session_get_provider (self->session)),
                     parlance_provider_get_id (provider)) != 0)
        parlance_chat_session_set_provider (self->session, provider);
      parlance_chat_session_set_model (self->session, model);
    }

  sync_header (self);
  check_key (self);
}

/* From the first-run page: make @provider the default, and ask for its key if it needs one. */
static void
start_with_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  const char *provider_id = g_variant_get_string (parameter, NULL);
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (provider_id);

  if (provider == NULL)
    return;

  self->provider_chosen = FALSE;
  g_settings_set_string (self->settings, "default-provider", provider_id);
  g_settings_set_string (self->settings, "default-model", "");
  if (parlance_provider_get_needs_key (provider))
    gtk_widget_activate_action (widget, "app.add-key", "s", provider_id);
}

static void
save_window_state (ParlanceWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* The default size is the unmaximized size: keep the one to return to. */
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
parlance_window_close_request (GtkWindow *window)
{
  save_window_state (PARLANCE_WINDOW (window));
  _parlance_window_conversations_close (PARLANCE_WINDOW (window));

  return GTK_WINDOW_CLASS (parlance_window_parent_class)->close_request (window);
}

/* The fallback and routing defaults reach the shown conversation at once. */
static void
settings_changed (GSettings      *settings,
                  const char     *key,
                  ParlanceWindow *self)
{
  if (g_str_has_prefix (key, "fallback-") || g_str_has_prefix (key, "routing-"))
    _parlance_window_routing_changed (self);
}

static void
parlance_window_constructed (GObject *object)
{
  ParlanceWindow *self = PARLANCE_WINDOW (object);
  G_OBJECT_CLASS (parlance_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->first_run_page, APPLICATION_ID "-symbolic");

  self->cancellable = g_cancellable_new ();
  self->key_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->key_lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Stateful, so that the menu shows the current provider as a checked radio item. */
  self->use_provider = g_simple_action_new_stateful ("use-provider", G_VARIANT_TYPE_STRING,
                                                     g_variant_new_string (""));
  g_signal_connect_object (self->use_provider, "change-state", G_CALLBACK (use_provider_changed), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->use_provider));
  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (sync_model_button_visible), self, G_CONNECT_SWAPPED);
  sync_model_button_visible (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed), self, 0);
  g_signal_connect_object (self->settings, "changed::default-provider",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-model",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlance_key_store_get_default (), "key-changed",
                           G_CALLBACK (key_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlance_provider_registry_get_default (), "changed",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlance_provider_registry_get_default (), "changed",
                           G_CALLBACK (look_up_key_states), self, G_CONNECT_SWAPPED);
  _parlance_window_sessions_init (self);
  _parlance_window_usage_init (self);     /* before the session is the group's target */
  _parlance_window_sync_connect (self);
  sync_provider_and_model (self);
  look_up_key_states (self);
  _parlance_window_search_init (self);
  _parlance_window_conversations_init (self);
}

static void
parlance_window_dispose (GObject *object)
{
  ParlanceWindow *self = PARLANCE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _parlance_window_sync_dispose (self);
  /* Stops every reply, and keeps the application until they are saved. */
  _parlance_window_sessions_dispose (self);
  _parlance_window_conversations_dispose (self);
  _parlance_window_search_dispose (self);
  _parlance_window_usage_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->use_provider);
  g_clear_pointer (&self->key_states, g_hash_table_unref);
  g_clear_pointer (&self->key_lookups, g_hash_table_unref);

  G_OBJECT_CLASS (parlance_window_parent_class)->dispose (object);
}

/* The first-run page quotes the free tiers from the one table in the core. */
static char *
free_tier_summary (gpointer    window,
                   const char *provider_id)
{
  return parlance_free_tier_dup_summary (provider_id);
}

static void
parlance_window_class_init (ParlanceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = parlance_window_constructed;
  object_class->dispose = parlance_window_dispose;
  window_class->close_request = parlance_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, model_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, model_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, budget_indicator);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, conversation_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, first_run_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, provider_button);
  gtk_widget_class_bind_template_callback (widget_class, free_tier_summary);

  gtk_widget_class_install_action (widget_class, "win.start-with", "s", start_with_activated);
  gtk_widget_class_install_action (widget_class, "win.choose-model", NULL, choose_model_activated);
  _parlance_window_conversations_class_init (widget_class);
  _parlance_window_export_class_init (widget_class);
  _parlance_window_import_class_init (widget_class);
  _parlance_window_search_class_init (widget_class);
  _parlance_window_usage_class_init (widget_class);
}

/* AdwLeaflet 1.2 sets its shadow's CSS classes again each time it is allocated, and GTK 4.8
 * then restyles what follows those widgets among their siblings, with all that is inside: the
 * pages, the whole window, each frame in which anything in it changed size (a streaming reply:
 * a frame cost more with each paragraph). Placed after the pages, they restyle only themselves.
 * They are drawn by the leaflet itself and can't be targeted, so their place changes nothing. */
static void
move_leaflet_shadow_last (AdwLeaflet *leaflet)
{
  g_autoptr(GPtrArray) shadow = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (leaflet)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (adw_leaflet_get_page (leaflet, child) == NULL)
      g_ptr_array_add (shadow, child);
  for (guint i = 0; i < shadow->len; i++)
    gtk_widget_insert_before (g_ptr_array_index (shadow, i), GTK_WIDGET (leaflet), NULL);
}

static void
parlance_window_init (ParlanceWindow *self)
{
  g_type_ensure (PARLANCE_TYPE_BUDGET_INDICATOR);
  g_type_ensure (PARLANCE_TYPE_CONVERSATION_VIEW);
  g_type_ensure (PARLANCE_TYPE_SIDEBAR);
  g_type_ensure (PARLANCE_TYPE_CONVERSATION_SETTINGS);
  gtk_widget_init_template (GTK_WIDGET (self));
  move_leaflet_shadow_last (self->leaflet);
}

/* For parlance-window-conversations.c: an opened conversation brings its own provider. */
void
_parlance_window_sync_provider_and_model (ParlanceWindow *self)
{
  sync_provider_and_model (self);
}

void
_parlance_window_sync_header (ParlanceWindow *self)
{
  sync_header (self);
}

void
_parlance_window_check_key (ParlanceWindow *self)
{
  check_key (self);
}

/* The conversation changed: a stored one shows even before (or without) a key. */
void
_parlance_window_show_page_for_key (ParlanceWindow *self)
{
  show_page_for_key (self);
}
