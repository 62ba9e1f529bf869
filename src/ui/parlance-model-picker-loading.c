/* parlance-model-picker-loading.c — the picker's catalogue: from the disk cache at once, then
 * refreshed in the background when stale or asked to.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store.h"
#include "parlance-model-picker-private.h"

#define STALE_AFTER_SECONDS (10 * 60)

static void
show_status (ParlanceModelPicker *self,
             const char          *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

void
_parlance_model_picker_set_refreshing (ParlanceModelPicker *self,
                                       gboolean             refreshing)
{
  self->refreshing = refreshing;
  gtk_widget_set_visible (self->refresh_spinner, refreshing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->refresh_spinner), refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.refresh", !refreshing);
}

static void
refreshed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceModelPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = parlance_model_catalog_refresh_with_key_finish (PARLANCE_MODEL_CATALOG (object), result, NULL, &error);

  /* Another provider was chosen meanwhile. */
  if (PARLANCE_MODEL_CATALOG (object) != self->catalog)
    return;
  _parlance_model_picker_set_refreshing (self, FALSE);

  if (!ok)
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0)
        {
          g_autofree char *text = g_strdup_printf (_("Showing the saved list; it could not be refreshed: %s"), error->message);
          show_status (self, text);
        }
      else
        {
          /* The page says why itself, not "above". */
          show_status (self, NULL);
          adw_status_page_set_description (self->failed_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "failed");
        }
      return;
    }

  show_status (self, NULL);
  /* The user may be reading the list: it stays where it is. */
  _parlance_model_picker_fill (self, gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION);
}

/* The catalogue looks the key up for its own provider and sends it only to the address it was
 * looked up for: switching providers, or editing the address, meanwhile can never send one
 * provider's key elsewhere. */
void
_parlance_model_picker_refresh (ParlanceModelPicker *self)
{
  if (self->refreshing)
    return;
  _parlance_model_picker_set_refreshing (self, TRUE);
  parlance_model_catalog_refresh_with_key_async (self->catalog, parlance_key_store_get_default (),
                                                 self->cancellable, refreshed, g_object_ref (self));
}

static void
cache_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ParlanceModelPicker) self = user_data;

  parlance_model_catalog_load_cached_finish (PARLANCE_MODEL_CATALOG (object), result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable) || PARLANCE_MODEL_CATALOG (object) != self->catalog)
    return;

  _parlance_model_picker_repopulate (self);
  if (parlance_model_catalog_get_is_stale (self->catalog, STALE_AFTER_SECONDS))
    _parlance_model_picker_refresh (self);
}

/* Browse another provider's models: a catalogue of its own, from its cache, then refreshed. */
void
_parlance_model_picker_show_provider (ParlanceModelPicker *self,
                                      ParlanceProvider    *provider)
{
  g_autofree char *title = NULL;

  if (self->catalog != NULL && parlance_model_catalog_get_provider (self->catalog) == provider)
    return;

  g_clear_object (&self->catalog);
  self->catalog = parlance_model_catalog_new (provider);
  _parlance_model_picker_set_refreshing (self, FALSE);
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    parlance_model_results_set (self->results, none, NULL, NULL);
    _parlance_model_picker_select_position (self, PARLANCE_MODEL_RESULTS_NONE);
  }
  show_status (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  /* The provider is said once, in the header (every row used to repeat it). */
  gtk_window_set_title (GTK_WINDOW (self), _("Models"));
  /* Translators: the search field's placeholder; %s is a provider, such as OpenRouter */
  title = g_strdup_printf (_("Search %s models by name or author"), parlance_provider_get_name (provider));
  g_object_set (self->search_entry, "placeholder-text", title, NULL);

  parlance_model_catalog_load_cached_async (self->catalog, self->cancellable, cache_loaded, g_object_ref (self));
}
