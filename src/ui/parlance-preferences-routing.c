/* parlance-preferences-routing.c — Preferences → Fallbacks: the default chain and routing.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys `fallback-models`, `fallback-free-only` and `routing-*`, written at every change; the
 * window hands them to the session of every conversation that has none of its own. Models are
 * added from the default provider's catalogue.
 */

#include "config.h"

#include "parlance-preferences-routing.h"
#include "parlance-provider-registry.h"
#include "parlance-routing-editor.h"

struct _ParlancePreferencesRouting
{
  AdwPreferencesGroup    parent_instance;

  GSettings             *settings;

  /* Template widgets */
  ParlanceRoutingEditor *editor;
};

G_DEFINE_FINAL_TYPE (ParlancePreferencesRouting, parlance_preferences_routing, ADW_TYPE_PREFERENCES_GROUP)

static void
editor_changed (ParlancePreferencesRouting *self)
{
  g_autoptr(ParlanceRouting) routing = parlance_routing_editor_dup_routing (self->editor);

  parlance_routing_save_settings (routing, self->settings);
}

/* "Add Model…" offers the default provider's models. */
static void
follow_provider (ParlancePreferencesRouting *self)
{
  g_autofree char *provider_id = g_settings_get_string (self->settings, "default-provider");
  g_autofree char *model = g_settings_get_string (self->settings, "default-model");
  ParlanceProvider *provider;
  g_autoptr(ParlanceChatSession) session = NULL;

  provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);
  if (provider == NULL)
    provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), "openrouter");
  if (provider != NULL)
    session = parlance_chat_session_new (provider, model);
  parlance_routing_editor_set_session (self->editor, session);
}

static void
parlance_preferences_routing_dispose (GObject *object)
{
  ParlancePreferencesRouting *self = PARLANCE_PREFERENCES_ROUTING (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PREFERENCES_ROUTING);

  G_OBJECT_CLASS (parlance_preferences_routing_parent_class)->dispose (object);
}

static void
parlance_preferences_routing_class_init (ParlancePreferencesRoutingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_preferences_routing_dispose;

  g_type_ensure (PARLANCE_TYPE_ROUTING_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-preferences-routing.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesRouting, editor);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed);
}

static void
parlance_preferences_routing_init (ParlancePreferencesRouting *self)
{
  g_autoptr(ParlanceRouting) routing = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  routing = parlance_routing_new_from_settings (self->settings);
  parlance_routing_editor_set_routing (self->editor, routing);
  follow_provider (self);
  g_signal_connect_object (self->settings, "changed::default-provider", G_CALLBACK (follow_provider),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-model", G_CALLBACK (follow_provider),
                           self, G_CONNECT_SWAPPED);
}
