/* parlance-preferences-limits.c — Preferences → Rate Limits: the user's figures per provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One expander row per built-in provider, with requests a minute, requests a day and prompt
 * tokens a minute; 0 means "not set". They go to the `rate-limit-overrides` key, which the rate
 * budgets read (parlance_rate_budget_bind_settings ()); providers not shown here (added by
 * hand, edited elsewhere) keep their entries.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-free-tiers.h"
#include "parlance-preferences-limits.h"
#include "parlance-provider.h"

#define OVERRIDES_KEY "rate-limit-overrides"
#define N_COLUMNS 3

struct _ParlancePreferencesLimits
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  GPtrArray           *provider_ids;  /* those shown, in order */
  GPtrArray           *spins;         /* N_COLUMNS a provider, in the same order */
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (ParlancePreferencesLimits, parlance_preferences_limits, ADW_TYPE_PREFERENCES_GROUP)

static const char * const column_titles[N_COLUMNS] = {
  N_("Requests a _Minute"),
  N_("Requests a _Day"),
  N_("Prompt _Tokens a Minute"),
};

static void
load (ParlancePreferencesLimits *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, OVERRIDES_KEY);

  self->loading = TRUE;
  for (guint i = 0; i < self->provider_ids->len; i++)
    {
      gint64 figures[N_COLUMNS] = { 0 };

      g_variant_lookup (value, self->provider_ids->pdata[i], "(xxx)",
                        &figures[0], &figures[1], &figures[2]);
      for (guint c = 0; c < N_COLUMNS; c++)
        gtk_spin_button_set_value (self->spins->pdata[i * N_COLUMNS + c], MAX (figures[c], 0));
    }
  self->loading = FALSE;
}

static gboolean
is_shown (ParlancePreferencesLimits *self,
          const char                *provider_id)
{
  for (guint i = 0; i < self->provider_ids->len; i++)
    if (g_str_equal (self->provider_ids->pdata[i], provider_id))
      return TRUE;
  return FALSE;
}

static void
save (ParlancePreferencesLimits *self)
{
  g_autoptr(GVariant) old = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s(xxx)}"));
  GVariantIter iter;
  const char *provider_id;
  GVariant *figures;

  if (self->loading)
    return;
  old = g_settings_get_value (self->settings, OVERRIDES_KEY);
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@(xxx)}", &provider_id, &figures))
    {
      if (!is_shown (self, provider_id))
        g_variant_builder_add (&builder, "{s@(xxx)}", provider_id, figures);
      g_variant_unref (figures);
    }
  for (guint i = 0; i < self->provider_ids->len; i++)
    {
      gint64 f[N_COLUMNS];
      gboolean any = FALSE;

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          f[c] = (gint64) gtk_spin_button_get_value (self->spins->pdata[i * N_COLUMNS + c]);
          any |= f[c] > 0;
        }
      if (any)
        g_variant_builder_add (&builder, "{s(xxx)}", (const char *) self->provider_ids->pdata[i],
                               f[0], f[1], f[2]);
    }
  g_settings_set_value (self->settings, OVERRIDES_KEY, g_variant_builder_end (&builder));
}

static char *
without_mnemonic (const char *title)
{
  GString *text = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (text, *p);
  return g_string_free (text, FALSE);
}

static void
add_provider (ParlancePreferencesLimits *self,
              const char                *provider_id)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (provider_id);
  g_autofree char *summary = parlance_free_tier_dup_summary (provider_id);
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), parlance_provider_get_name (provider));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 summary != NULL ? summary : _("No documented free tier"));
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, c == 2 ? 1e9 : 1e6, 1);
      g_autofree char *label = without_mnemonic (_(column_titles[c]));
      g_autofree char *accessible = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(column_titles[c]));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      /* Translators: a limit's name, then the provider's, for screen readers */
      accessible = g_strdup_printf (_("%s, %s"), label, parlance_provider_get_name (provider));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (save), self);
      g_ptr_array_add (self->spins, spin);
    }
  g_ptr_array_add (self->provider_ids, g_strdup (provider_id));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), expander);
}

/**
 * parlance_preferences_limits_get_spin:
 * @column: 0 requests a minute, 1 requests a day, 2 prompt tokens a minute
 *
 * For tests.
 *
 * Returns: (transfer none) (nullable): the spin button of @provider_id's figure
 */
GtkSpinButton *
parlance_preferences_limits_get_spin (ParlancePreferencesLimits *self,
                                      const char                *provider_id,
                                      guint                      column)
{
  g_return_val_if_fail (PARLANCE_IS_PREFERENCES_LIMITS (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  for (guint i = 0; i < self->provider_ids->len; i++)
    if (g_str_equal (self->provider_ids->pdata[i], provider_id))
      return self->spins->pdata[i * N_COLUMNS + column];
  return NULL;
}

static void
parlance_preferences_limits_dispose (GObject *object)
{
  ParlancePreferencesLimits *self = PARLANCE_PREFERENCES_LIMITS (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PREFERENCES_LIMITS);

  G_OBJECT_CLASS (parlance_preferences_limits_parent_class)->dispose (object);
}

static void
parlance_preferences_limits_finalize (GObject *object)
{
  ParlancePreferencesLimits *self = PARLANCE_PREFERENCES_LIMITS (object);

  g_ptr_array_unref (self->provider_ids);
  g_ptr_array_unref (self->spins);

  G_OBJECT_CLASS (parlance_preferences_limits_parent_class)->finalize (object);
}

static void
parlance_preferences_limits_class_init (ParlancePreferencesLimitsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_preferences_limits_dispose;
  object_class->finalize = parlance_preferences_limits_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-preferences-limits.ui");
}

static void
parlance_preferences_limits_init (ParlancePreferencesLimits *self)
{
  const char * const *ids = parlance_provider_get_builtin_ids ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->provider_ids = g_ptr_array_new_with_free_func (g_free);
  self->spins = g_ptr_array_new ();
  self->settings = g_settings_new (APPLICATION_ID);

  for (guint i = 0; ids[i] != NULL; i++)
    add_provider (self, ids[i]);
  load (self);
  g_signal_connect_swapped (self->settings, "changed::" OVERRIDES_KEY, G_CALLBACK (load), self);
}
