/* parlance-preferences-defaults.c — Preferences → New Conversations: the settings they start with.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each number has a switch: off writes the key's "unset" value (-1, or 0 tokens), which is never
 * sent to a provider.
 */

#include "config.h"

#include "parlance-preferences-defaults.h"

struct _ParlancePreferencesDefaults
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  gboolean             loading;

  /* Template widgets */
  AdwEntryRow         *system_prompt_row;
  GtkSwitch           *temperature_switch;
  GtkSpinButton       *temperature_spin;
  GtkSwitch           *top_p_switch;
  GtkSpinButton       *top_p_spin;
  GtkSwitch           *max_tokens_switch;
  GtkSpinButton       *max_tokens_spin;
  AdwComboRow         *effort_row;
  GtkSwitch           *titles_switch;
};

G_DEFINE_FINAL_TYPE (ParlancePreferencesDefaults, parlance_preferences_defaults, ADW_TYPE_PREFERENCES_GROUP)

static const char *efforts[] = { "", "minimal", "low", "medium", "high" };

static void
load (ParlancePreferencesDefaults *self)
{
  double temperature = g_settings_get_double (self->settings, "default-temperature");
  double top_p = g_settings_get_double (self->settings, "default-top-p");
  gint64 max_tokens = g_settings_get_int64 (self->settings, "default-max-tokens");
  g_autofree char *effort = g_settings_get_string (self->settings, "default-reasoning-effort");

  self->loading = TRUE;
  gtk_switch_set_active (self->temperature_switch, temperature >= 0);
  if (temperature >= 0)
    gtk_spin_button_set_value (self->temperature_spin, temperature);
  gtk_switch_set_active (self->top_p_switch, top_p >= 0);
  if (top_p >= 0)
    gtk_spin_button_set_value (self->top_p_spin, top_p);
  gtk_switch_set_active (self->max_tokens_switch, max_tokens > 0);
  if (max_tokens > 0)
    gtk_spin_button_set_value (self->max_tokens_spin, max_tokens);
  adw_combo_row_set_selected (self->effort_row, 0);
  for (guint i = 1; i < G_N_ELEMENTS (efforts); i++)
    if (g_str_equal (effort, efforts[i]))
      adw_combo_row_set_selected (self->effort_row, i);
  self->loading = FALSE;
}

static void
save (ParlancePreferencesDefaults *self)
{
  guint effort = adw_combo_row_get_selected (self->effort_row);

  if (self->loading)
    return;
  g_settings_delay (self->settings);
  g_settings_set_double (self->settings, "default-temperature",
                         gtk_switch_get_active (self->temperature_switch) ? gtk_spin_button_get_value (self->temperature_spin) : -1);
  g_settings_set_double (self->settings, "default-top-p",
                         gtk_switch_get_active (self->top_p_switch) ? gtk_spin_button_get_value (self->top_p_spin) : -1);
  g_settings_set_int64 (self->settings, "default-max-tokens",
                        gtk_switch_get_active (self->max_tokens_switch) ? gtk_spin_button_get_value_as_int (self->max_tokens_spin) : 0);
  g_settings_set_string (self->settings, "default-reasoning-effort",
                         effort < G_N_ELEMENTS (efforts) ? efforts[effort] : "");
  g_settings_apply (self->settings);
}

static void
parlance_preferences_defaults_dispose (GObject *object)
{
  ParlancePreferencesDefaults *self = PARLANCE_PREFERENCES_DEFAULTS (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PREFERENCES_DEFAULTS);

  G_OBJECT_CLASS (parlance_preferences_defaults_parent_class)->dispose (object);
}

static void
parlance_preferences_defaults_class_init (ParlancePreferencesDefaultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_preferences_defaults_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-preferences-defaults.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, system_prompt_row);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, top_p_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, top_p_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, max_tokens_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, effort_row);
  gtk_widget_class_bind_template_child (widget_class, ParlancePreferencesDefaults, titles_switch);
}

static void
parlance_preferences_defaults_init (ParlancePreferencesDefaults *self)
{
  GObject *changers[3], *switches[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  changers[0] = G_OBJECT (self->temperature_spin);
  changers[1] = G_OBJECT (self->top_p_spin);
  changers[2] = G_OBJECT (self->max_tokens_spin);
  switches[0] = G_OBJECT (self->temperature_switch);
  switches[1] = G_OBJECT (self->top_p_switch);
  switches[2] = G_OBJECT (self->max_tokens_switch);
  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind (self->settings, "default-system-prompt", self->system_prompt_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "generate-titles", self->titles_switch, "active", G_SETTINGS_BIND_DEFAULT);
  load (self);
  for (guint i = 0; i < G_N_ELEMENTS (changers); i++)
    {
      g_signal_connect_swapped (changers[i], "value-changed", G_CALLBACK (save), self);
      g_signal_connect_swapped (switches[i], "notify::active", G_CALLBACK (save), self);
    }
  g_signal_connect_swapped (self->effort_row, "notify::selected", G_CALLBACK (save), self);
}
