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

struct _ParlanceWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  ParlanceChatSession  *session;
  GCancellable         *cancellable;
  gboolean              has_key;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *model_button;
  GtkLabel             *model_label;
  GtkStack             *main_stack;
  AdwStatusPage        *first_run_page;
  GtkWidget            *first_run_button;
  GtkMenuButton        *provider_button;
  gboolean              provider_chosen;   /* this conversation's provider was picked by hand */
  ParlanceConversationView *conversation_view;
};

G_DEFINE_FINAL_TYPE (ParlanceWindow, parlance_window, ADW_TYPE_APPLICATION_WINDOW)

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

static void
show_page_for_key (ParlanceWindow *self)
{
  const char *page = self->has_key ? "conversation" : "first-run";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, page);
  if (self->has_key)
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
      show_page_for_key (self);
      return;
    }

  parlance_key_store_lookup_async (parlance_key_store_get_default (), parlance_provider_get_id (provider),
                                   self->cancellable, key_looked_up, self);
}

static void
key_changed (ParlanceWindow *self,
             const char     *provider_id)
{
  if (g_strcmp0 (provider_id, parlance_provider_get_id (parlance_chat_session_get_provider (self->session))) == 0)
    check_key (self);
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

static void
sync_header (ParlanceWindow *self)
{
  ParlanceProvider *current = parlance_chat_session_get_provider (self->session);
  GListModel *providers = parlance_provider_registry_get_providers (parlance_provider_registry_get_default ());
  g_autoptr(GMenu) menu = g_menu_new ();

  sync_model_button (self);
  gtk_menu_button_set_label (self->provider_button, parlance_provider_get_name (current));

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);
      const char *id = parlance_provider_get_id (provider);
      g_autoptr(GMenuItem) item = NULL;

      if (!parlance_provider_registry_get_enabled (parlance_provider_registry_get_default (), id))
        continue;
      item = g_menu_item_new (parlance_provider_get_name (provider), NULL);
      g_menu_item_set_action_and_target (item, "win.use-provider", "s", id);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->provider_button, G_MENU_MODEL (menu));
}

/* This conversation talks to another provider, whatever the default is. */
static void
use_provider_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  ParlanceProvider *provider;
  g_autofree char *default_id = g_settings_get_string (self->settings, "default-provider");
  g_autofree char *default_model = g_settings_get_string (self->settings, "default-model");
  const char *model;

  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (),
                                                g_variant_get_string (parameter, NULL));
  if (provider == NULL || parlance_chat_session_get_busy (self->session))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* The model follows: the preferred one on the default provider, else the provider's own. */
  if (g_str_equal (parlance_provider_get_id (provider), default_id) && *default_model != '\0')
    model = default_model;
  else if (parlance_provider_get_default_model (provider) != NULL)
    model = parlance_provider_get_default_model (provider);
  else
    model = parlance_chat_session_get_model (self->session);

  self->provider_chosen = TRUE;
  parlance_chat_session_set_provider (self->session, provider);
  parlance_chat_session_set_model (self->session, model);
  sync_header (self);
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
      model = g_strdup (parlance_provider_get_default_model (provider));
    }

  if (self->session == NULL)
    {
      self->session = parlance_chat_session_new (provider, model);
      parlance_conversation_view_set_session (self->conversation_view, self->session);
      g_signal_connect_object (self->session, "notify::model", G_CALLBACK (sync_header), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->conversation_view, "notify::model-name",
                               G_CALLBACK (sync_model_button), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "origin-changed", G_CALLBACK (origin_changed), self, 0);
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

  return GTK_WINDOW_CLASS (parlance_window_parent_class)->close_request (window);
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
  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (sync_model_button_visible), self, G_CONNECT_SWAPPED);
  sync_model_button_visible (self);
  g_signal_connect_object (self->settings, "changed::default-provider",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-model",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlance_key_store_get_default (), "key-changed",
                           G_CALLBACK (key_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlance_provider_registry_get_default (), "changed",
                           G_CALLBACK (sync_provider_and_model), self, G_CONNECT_SWAPPED);
  sync_provider_and_model (self);
}

static void
parlance_window_dispose (GObject *object)
{
  ParlanceWindow *self = PARLANCE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    parlance_chat_session_stop (self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, conversation_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, first_run_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, provider_button);
  gtk_widget_class_bind_template_callback (widget_class, free_tier_summary);

  gtk_widget_class_install_action (widget_class, "win.start-with", "s", start_with_activated);
  gtk_widget_class_install_action (widget_class, "win.use-provider", "s", use_provider_activated);
  gtk_widget_class_install_action (widget_class, "win.choose-model", NULL, choose_model_activated);
}

static void
parlance_window_init (ParlanceWindow *self)
{
  g_type_ensure (PARLANCE_TYPE_CONVERSATION_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
}
