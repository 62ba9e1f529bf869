/* parlance-conversation-settings.c — the open conversation's system prompt and sampling settings.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change goes into the session's conversation at once (the next request uses it); the
 * conversation is saved when the popover closes. A switch that is off means "unset": the
 * provider's default applies and nothing is sent. The fallback chain and routing (issue #14) are
 * the conversation's own while "Own Fallbacks and Routing" is on, stored under "routing" in its
 * parameters; off, the defaults from Preferences apply.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "parlance-conversation-settings.h"
#include "parlance-model-catalog.h"
#include "parlance-routing-editor.h"

struct _ParlanceConversationSettings
{
  GtkPopover            parent_instance;

  ParlanceChatSession  *session;
  ParlanceModelCatalog *catalog;
  GCancellable         *cancellable;
  gboolean              loading;

  /* Template widgets */
  GtkTextView          *prompt_view;
  GtkSwitch            *temperature_switch;
  GtkSpinButton        *temperature_spin;
  GtkSwitch            *top_p_switch;
  GtkSpinButton        *top_p_spin;
  GtkSwitch            *max_tokens_switch;
  GtkSpinButton        *max_tokens_spin;
  AdwComboRow          *effort_row;
  GtkSwitch            *routing_switch;
  ParlanceRoutingEditor *routing_editor;
};

G_DEFINE_FINAL_TYPE (ParlanceConversationSettings, parlance_conversation_settings, GTK_TYPE_POPOVER)

static const char *efforts[] = { NULL, "minimal", "low", "medium", "high" };

gboolean
parlance_conversation_settings_supports_reasoning (const char * const *supported_parameters)
{
  return supported_parameters != NULL &&
         (g_strv_contains (supported_parameters, "reasoning") ||
          g_strv_contains (supported_parameters, "reasoning_effort") ||
          g_strv_contains (supported_parameters, "include_reasoning"));
}

static ParlanceConversation *
conversation (ParlanceConversationSettings *self)
{
  return self->session != NULL ? parlance_chat_session_get_conversation (self->session) : NULL;
}

/* The effort row, for models whose catalogue entry says they reason. */
static void
sync_effort_visible (ParlanceConversationSettings *self)
{
  const char *model_id = self->session != NULL ? parlance_chat_session_get_model (self->session) : NULL;
  ParlanceModel *model = NULL;

  if (self->catalog != NULL && model_id != NULL)
    model = parlance_model_catalog_lookup (self->catalog, model_id);
  gtk_widget_set_visible (GTK_WIDGET (self->effort_row),
                          model != NULL &&
                          parlance_conversation_settings_supports_reasoning (parlance_model_get_supported_parameters (model)));
}

static void
catalog_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ParlanceConversationSettings *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sync_effort_visible (self);
}

static void
load_catalog (ParlanceConversationSettings *self)
{
  ParlanceProvider *provider = parlance_chat_session_get_provider (self->session);

  if (self->catalog == NULL || parlance_model_catalog_get_provider (self->catalog) != provider)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_object (&self->catalog);
      self->catalog = parlance_model_catalog_new (provider);
      self->cancellable = g_cancellable_new ();
      parlance_model_catalog_load_cached_async (self->catalog, self->cancellable, catalog_loaded, self);
    }
  sync_effort_visible (self);
}

/* The conversation's own fallbacks and routing; without, the editor starts from the defaults. */
static void
load_routing (ParlanceConversationSettings *self,
              ParlanceConversation         *c)
{
  g_autoptr(ParlanceRouting) routing = parlance_conversation_dup_routing (c);
  g_autoptr(GSettings) settings = NULL;

  gtk_switch_set_active (self->routing_switch, routing != NULL);
  if (routing == NULL)
    {
      settings = g_settings_new (APPLICATION_ID);
      routing = parlance_routing_new_from_settings (settings);
    }
  parlance_routing_editor_set_routing (self->routing_editor, routing);
  parlance_routing_editor_set_session (self->routing_editor, self->session);
}

static void
store_routing (ParlanceConversationSettings *self)
{
  ParlanceConversation *c = conversation (self);
  g_autoptr(ParlanceRouting) routing = NULL;

  if (c == NULL || self->loading)
    return;
  if (gtk_switch_get_active (self->routing_switch))
    routing = parlance_routing_editor_dup_routing (self->routing_editor);
  parlance_conversation_set_routing (c, routing);
}

/* From the conversation into the widgets, when the popover opens. */
static void
load_values (ParlanceConversationSettings *self)
{
  ParlanceConversation *c = conversation (self);
  const char *prompt, *effort;
  double d = 0;
  gint64 n = 0;
  guint selected = 0;

  if (c == NULL)
    return;
  self->loading = TRUE;
  prompt = parlance_conversation_get_system_prompt (c);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt != NULL ? prompt : "", -1);
  gtk_switch_set_active (self->temperature_switch, parlance_conversation_get_temperature (c, &d));
  if (gtk_switch_get_active (self->temperature_switch))
    gtk_spin_button_set_value (self->temperature_spin, d);
  gtk_switch_set_active (self->top_p_switch, parlance_conversation_get_top_p (c, &d));
  if (gtk_switch_get_active (self->top_p_switch))
    gtk_spin_button_set_value (self->top_p_spin, d);
  gtk_switch_set_active (self->max_tokens_switch, parlance_conversation_get_max_tokens (c, &n));
  if (gtk_switch_get_active (self->max_tokens_switch))
    gtk_spin_button_set_value (self->max_tokens_spin, n);
  effort = parlance_conversation_get_reasoning_effort (c);
  for (guint i = 1; i < G_N_ELEMENTS (efforts); i++)
    if (g_strcmp0 (effort, efforts[i]) == 0)
      selected = i;
  adw_combo_row_set_selected (self->effort_row, selected);
  load_routing (self, c);
  self->loading = FALSE;
}

/* From the widgets into the conversation, at each change. */
static void
store_values (ParlanceConversationSettings *self)
{
  ParlanceConversation *c = conversation (self);
  g_autofree char *prompt = NULL;
  GtkTextIter start, end;
  guint effort;

  if (c == NULL || self->loading)
    return;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->prompt_view), &start, &end);
  prompt = gtk_text_iter_get_text (&start, &end);
  g_strstrip (prompt);
  parlance_conversation_set_system_prompt (c, *prompt != '\0' ? prompt : NULL);
  parlance_conversation_set_temperature (c, gtk_switch_get_active (self->temperature_switch),
                                         gtk_spin_button_get_value (self->temperature_spin));
  parlance_conversation_set_top_p (c, gtk_switch_get_active (self->top_p_switch),
                                   gtk_spin_button_get_value (self->top_p_spin));
  parlance_conversation_set_max_tokens (c, gtk_switch_get_active (self->max_tokens_switch),
                                        gtk_spin_button_get_value_as_int (self->max_tokens_spin));
  effort = adw_combo_row_get_selected (self->effort_row);
  parlance_conversation_set_reasoning_effort (c, effort < G_N_ELEMENTS (efforts) ? efforts[effort] : NULL);
}

/* The session saves its conversation as it changes, in order with its messages; a conversation
 * not saved yet is created with these settings at its first message. */
static void
popover_closed (ParlanceConversationSettings *self)
{
  store_values (self);
}

static void
popover_shown (ParlanceConversationSettings *self)
{
  if (self->session == NULL)
    return;
  load_values (self);
  load_catalog (self);
}

void
parlance_conversation_settings_set_session (ParlanceConversationSettings *self,
                                            ParlanceChatSession          *session)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_SETTINGS (self));
  g_return_if_fail (!session || PARLANCE_IS_CHAT_SESSION (session));

  g_set_object (&self->session, session);
}

static void
parlance_conversation_settings_dispose (GObject *object)
{
  ParlanceConversationSettings *self = PARLANCE_CONVERSATION_SETTINGS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_CONVERSATION_SETTINGS);

  G_OBJECT_CLASS (parlance_conversation_settings_parent_class)->dispose (object);
}

static void
parlance_conversation_settings_class_init (ParlanceConversationSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_conversation_settings_dispose;

  g_type_ensure (PARLANCE_TYPE_ROUTING_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-conversation-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, top_p_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, top_p_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, max_tokens_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, effort_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, routing_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceConversationSettings, routing_editor);
}

static void
parlance_conversation_settings_init (ParlanceConversationSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self, "show", G_CALLBACK (popover_shown), self);
  g_signal_connect_swapped (self, "closed", G_CALLBACK (popover_closed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->prompt_view), "changed", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->temperature_switch, "notify::active", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->temperature_spin, "value-changed", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->top_p_switch, "notify::active", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->top_p_spin, "value-changed", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->max_tokens_switch, "notify::active", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->max_tokens_spin, "value-changed", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->effort_row, "notify::selected", G_CALLBACK (store_values), self);
  g_signal_connect_swapped (self->routing_switch, "notify::active", G_CALLBACK (store_routing), self);
  g_signal_connect_swapped (self->routing_editor, "changed", G_CALLBACK (store_routing), self);
}
