/* parlance-model-picker.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens on the conversation's provider with the search field focused. The catalogue shows at once
 * from the disk cache and is refreshed in the background when older than ten minutes; a failed
 * refresh keeps the cached list and says so. Each keystroke filters and sorts in the core
 * (under a millisecond for 5,000 models) and writes the results into the rows already shown
 * (ParlanceModelResults), so typing never builds a list. Sections: Favourites, Recent, then All
 * Models. The pane at the side shows everything known of the selected model. Up and Down move,
 * Enter picks, Ctrl+D stars, Escape closes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store.h"
#include "parlance-model-catalog.h"
#include "parlance-model-details.h"
#include "parlance-model-picker.h"
#include "parlance-model-picker-private.h"
#include "parlance-model-results.h"
#include "parlance-model-row.h"
#include "parlance-provider-registry.h"

#define MAX_RECENT 8


G_DEFINE_FINAL_TYPE (ParlanceModelPicker, parlance_model_picker, ADW_TYPE_WINDOW)

static const char * const sort_names[] = { "name", "newest", "price", "context" };
/* Same order as the dropdowns in the template. */
static const gint64 min_contexts[] = { 0, 32000, 128000, 1000000 };
static const double max_prices[] = { -1.0, 0.5, 3.0, 15.0 };

static gboolean
strv_has (GStrv       strv,
          const char *item)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, item);
}

/* Filling the list */

static void
show_details (ParlanceModelPicker *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  ParlanceModel *model = parlance_model_results_get_model (self->results, selected);

  parlance_model_details_set_model (self->details, model);
  if (model != NULL)
    {
      g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->results), selected);
      parlance_model_details_set_favourite (self->details, parlance_model_entry_get_is_favourite (entry));
    }
}

void
_parlance_model_picker_select_position (ParlanceModelPicker *self,
                                        guint                position)
{
  if (position == PARLANCE_MODEL_RESULTS_NONE)
    position = GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  /* The entries keep their places while their contents change, so selecting the same place
   * again says nothing: the details follow here. */
  show_details (self);
}

static void
sync_stack (ParlanceModelPicker *self)
{
  if (parlance_model_results_get_n_models (self->results) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (self->catalog != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Filters and sorts the catalogue, and shows the results in the rows there are. With
 * @keep_place (a star was clicked, the list was refreshed), the list stays where it is and the
 * selection on its model; otherwise the best match is selected and shown at the top. */
void
_parlance_model_picker_fill (ParlanceModelPicker *self,
                             gboolean             keep_place)
{
  ParlanceModelFilter criteria = PARLANCE_MODEL_FILTER_INIT;
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  g_auto(GStrv) favourites = g_settings_get_strv (self->settings, "favourite-models");
  g_auto(GStrv) recents = g_settings_get_strv (self->settings, "recent-models");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(ParlanceModel) selected = NULL;

  if (self->results == NULL || self->catalog == NULL)
    return;   /* still being built */

  if (gtk_toggle_button_get_active (self->free_toggle))
    criteria.flags |= PARLANCE_MODEL_FILTER_FREE;
  if (gtk_toggle_button_get_active (self->tools_toggle))
    criteria.flags |= PARLANCE_MODEL_FILTER_TOOLS;
  if (gtk_toggle_button_get_active (self->images_toggle))
    criteria.flags |= PARLANCE_MODEL_FILTER_IMAGE_INPUT;
  if (gtk_toggle_button_get_active (self->reasoning_toggle))
    criteria.flags |= PARLANCE_MODEL_FILTER_REASONING;
  if (gtk_drop_down_get_selected (self->context_dropdown) < G_N_ELEMENTS (min_contexts))
    criteria.min_context = min_contexts[gtk_drop_down_get_selected (self->context_dropdown)];
  if (gtk_drop_down_get_selected (self->price_dropdown) < G_N_ELEMENTS (max_prices))
    criteria.max_price_per_million = max_prices[gtk_drop_down_get_selected (self->price_dropdown)];
  criteria.query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (keep_place)
    selected = parlance_model_results_get_model (self->results, gtk_single_selection_get_selected (self->selection));
  if (selected != NULL)
    g_object_ref (selected);
  else
    keep_place = FALSE;

  found = parlance_model_catalog_dup_filtered (self->catalog, &criteria,
                                               sort < G_N_ELEMENTS (sort_names) ? (ParlanceModelSort) sort
                                                                               : PARLANCE_MODEL_SORT_NAME);
  parlance_model_results_set (self->results, found,
                              (const char * const *) favourites, (const char * const *) recents);

  if (keep_place)
    {
      /* By id: a refreshed catalogue has new objects for the same models. */
      guint n = parlance_model_results_get_n_lines (self->results);
      guint position = parlance_model_results_find_model (self->results, 0, 1);

      for (guint i = 0; i < n; i++)
        {
          ParlanceModel *model = parlance_model_results_get_model (self->results, i);

          if (model != NULL && g_str_equal (parlance_model_get_id (model), parlance_model_get_id (selected)))
            {
              position = i;
              break;
            }
        }
      _parlance_model_picker_select_position (self, position);
    }
  else
    {
      _parlance_model_picker_select_position (self, parlance_model_results_find_model (self->results, 0, 1));
      if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
    }
  sync_stack (self);
}

void
_parlance_model_picker_repopulate (ParlanceModelPicker *self)
{
  _parlance_model_picker_fill (self, FALSE);
}

static void
filters_changed (ParlanceModelPicker *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) filters = NULL;
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);

  if (gtk_toggle_button_get_active (self->free_toggle))
    g_strv_builder_add (builder, "free");
  if (gtk_toggle_button_get_active (self->tools_toggle))
    g_strv_builder_add (builder, "tools");
  if (gtk_toggle_button_get_active (self->images_toggle))
    g_strv_builder_add (builder, "images");
  if (gtk_toggle_button_get_active (self->reasoning_toggle))
    g_strv_builder_add (builder, "reasoning");
  filters = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "model-filters", (const char * const *) filters);
  if (gtk_drop_down_get_selected (self->context_dropdown) < G_N_ELEMENTS (min_contexts))
    g_settings_set_int64 (self->settings, "model-min-context",
                          min_contexts[gtk_drop_down_get_selected (self->context_dropdown)]);
  if (gtk_drop_down_get_selected (self->price_dropdown) < G_N_ELEMENTS (max_prices))
    g_settings_set_double (self->settings, "model-max-price",
                           max_prices[gtk_drop_down_get_selected (self->price_dropdown)]);
  if (sort < G_N_ELEMENTS (sort_names))
    g_settings_set_string (self->settings, "model-sort", sort_names[sort]);
  _parlance_model_picker_repopulate (self);
}

/* Rows */

static void
favourite_toggled (ParlanceModelPicker *self,
                   ParlanceModel       *model,
                   gboolean             favourite)
{
  g_auto(GStrv) favourites = g_settings_get_strv (self->settings, "favourite-models");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *key = parlance_model_dup_key (model);
  g_auto(GStrv) updated = NULL;

  if (favourite == strv_has (favourites, key))
    return;
  for (guint i = 0; favourites[i] != NULL; i++)
    if (!g_str_equal (favourites[i], key))
      g_strv_builder_add (builder, favourites[i]);
  if (favourite)
    g_strv_builder_add (builder, key);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "favourite-models", (const char * const *) updated);
  _parlance_model_picker_fill (self, TRUE);
}

/* Ctrl+F: back to the search field, from the list or the filters. */
static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PARLANCE_MODEL_PICKER (widget)->search_entry));
}

/* Ctrl+D: the star of the selected model, from the keyboard. */
static void
toggle_favourite (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (widget);
  guint selected = gtk_single_selection_get_selected (self->selection);
  ParlanceModel *model = parlance_model_results_get_model (self->results, selected);
  g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->results), selected);

  if (model == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  favourite_toggled (self, model, !parlance_model_entry_get_is_favourite (entry));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *row = parlance_model_row_new ();

  g_signal_connect_object (row, "favourite-toggled", G_CALLBACK (favourite_toggled), user_data, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, row);
}

/* Headings can't be selected or activated (nor highlighted under the pointer). Blank entries
 * (see ParlanceModelResults) are hidden from screen readers too: the row GTK puts around ours is
 * the list's item. */
static void
sync_list_item (GtkListItem *item)
{
  ParlanceModelEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  gboolean is_model = entry != NULL && parlance_model_entry_get_model (entry) != NULL;
  gboolean is_blank = !is_model && (entry == NULL || parlance_model_entry_get_heading (entry) == NULL);

  if (gtk_list_item_get_selectable (item) != is_model)
    {
      gtk_list_item_set_selectable (item, is_model);
      gtk_list_item_set_activatable (item, is_model);
    }
  if (child != NULL && gtk_widget_get_parent (child) != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_widget_get_parent (child)),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, is_blank, -1);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  ParlanceModelEntry *entry = gtk_list_item_get_item (item);

  parlance_model_row_set_entry (PARLANCE_MODEL_ROW (gtk_list_item_get_child (item)), entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (sync_list_item), item, G_CONNECT_SWAPPED);
  sync_list_item (item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  ParlanceModelEntry *entry = gtk_list_item_get_item (item);

  if (entry != NULL)
    g_signal_handlers_disconnect_by_func (entry, sync_list_item, item);
  parlance_model_row_set_entry (PARLANCE_MODEL_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Picking */

static guint model_chosen_signal;

void
parlance_model_picker_set_choose_only (ParlanceModelPicker *self,
                                       gboolean             choose_only)
{
  g_return_if_fail (PARLANCE_IS_MODEL_PICKER (self));
  self->choose_only = !!choose_only;
}

static void
pick (ParlanceModelPicker *self,
      ParlanceModel       *model)
{
  g_auto(GStrv) recents = g_settings_get_strv (self->settings, "recent-models");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *key = parlance_model_dup_key (model);
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, key);
  for (guint i = 0; recents[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (recents[i], key))
      {
        g_strv_builder_add (builder, recents[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-models", (const char * const *) updated);

  if (self->choose_only)
    {
      g_signal_emit (self, model_chosen_signal, 0, parlance_model_catalog_get_provider (self->catalog),
                     parlance_model_get_id (model));
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  {
    ParlanceProvider *provider = parlance_model_catalog_get_provider (self->catalog);

    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    /* Through the window, so that it knows this conversation's provider was chosen by hand. */
    if (provider != parlance_chat_session_get_provider (self->session) &&
        (parent == NULL ||
         !gtk_widget_activate_action (GTK_WIDGET (parent), "win.use-provider", "s",
                                      parlance_provider_get_id (provider))))
      parlance_chat_session_set_provider (self->session, provider);
  }
  parlance_chat_session_set_model (self->session, parlance_model_get_id (model));
  gtk_window_close (GTK_WINDOW (self));
}

static void
pick_selected (ParlanceModelPicker *self)
{
  ParlanceModel *model = parlance_model_results_get_model (self->results,
                                                           gtk_single_selection_get_selected (self->selection));

  if (model != NULL)
    pick (self, model);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
pick_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pick_selected (PARLANCE_MODEL_PICKER (widget));
}

static void
list_activated (GtkListView *list,
                guint        position,
                gpointer     user_data)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (user_data);
  ParlanceModel *model = parlance_model_results_get_model (self->results, position);

  if (model != NULL)
    pick (self, model);
}

/* The search field takes Escape for itself (as "stop-search"): it closes the picker, as the
 * shortcuts window says, rather than doing nothing. */
static void
close_picker (ParlanceModelPicker *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
search_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    ParlanceModelPicker   *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint moved;

  if (parlance_model_results_get_n_models (self->results) == 0)
    return FALSE;

  /* Headings are skipped. */
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    moved = parlance_model_results_find_model (self->results,
                                               selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1, 1);
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    moved = selected == GTK_INVALID_LIST_POSITION || selected == 0
            ? PARLANCE_MODEL_RESULTS_NONE
            : parlance_model_results_find_model (self->results, selected - 1, -1);
  else
    return FALSE;

  if (moved == PARLANCE_MODEL_RESULTS_NONE)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  _parlance_model_picker_select_position (self, moved);
  /* GTK 4.8 has no gtk_list_view_scroll_to(): moving the focus to the row scrolls it into view,
   * so keep typing in the search field and let the list follow through its action. The heading
   * above the first model comes into view with it. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              moved == parlance_model_results_find_model (self->results, 0, 1) ? 0 : moved);
  return TRUE;
}

/* Ctrl+R, F5 or the header's button: fetch the list again now. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (widget);

  if (self->catalog != NULL)
    _parlance_model_picker_refresh (self);
}

static void
provider_selected (ParlanceModelPicker *self)
{
  g_autoptr(ParlanceProvider) provider = gtk_drop_down_get_selected_item (self->provider_dropdown)
                                         ? g_object_ref (gtk_drop_down_get_selected_item (self->provider_dropdown))
                                         : NULL;

  if (provider != NULL && self->session != NULL)
    _parlance_model_picker_show_provider (self, provider);
}

static char *
provider_display_name (ParlanceProvider *provider)
{
  return g_strdup (provider ? parlance_provider_get_name (provider) : "");
}

ParlanceModelPicker *
parlance_model_picker_new (GtkWindow           *parent,
                           ParlanceChatSession *session)
{
  ParlanceModelPicker *self;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (session), NULL);

  self = g_object_new (PARLANCE_TYPE_MODEL_PICKER,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);

  /* The conversation's provider first; the dropdown browses the others. */
  {
    GListModel *providers = parlance_provider_registry_get_providers (parlance_provider_registry_get_default ());
    ParlanceProvider *current = parlance_chat_session_get_provider (session);

    for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
      {
        g_autoptr(ParlanceProvider) provider = g_list_model_get_item (providers, i);
        if (g_strcmp0 (parlance_provider_get_id (provider), parlance_provider_get_id (current)) == 0)
          gtk_drop_down_set_selected (self->provider_dropdown, i);
      }
    _parlance_model_picker_show_provider (self, current);
  }
  return self;
}

static void
restore_filters (ParlanceModelPicker *self)
{
  g_auto(GStrv) filters = g_settings_get_strv (self->settings, "model-filters");
  g_autofree char *sort = g_settings_get_string (self->settings, "model-sort");

  gtk_toggle_button_set_active (self->free_toggle, strv_has (filters, "free"));
  gtk_toggle_button_set_active (self->tools_toggle, strv_has (filters, "tools"));
  gtk_toggle_button_set_active (self->images_toggle, strv_has (filters, "images"));
  gtk_toggle_button_set_active (self->reasoning_toggle, strv_has (filters, "reasoning"));
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (sort, sort_names[i]))
      gtk_drop_down_set_selected (self->sort_dropdown, i);
  for (guint i = 0; i < G_N_ELEMENTS (min_contexts); i++)
    if (g_settings_get_int64 (self->settings, "model-min-context") == min_contexts[i])
      gtk_drop_down_set_selected (self->context_dropdown, i);
  for (guint i = 0; i < G_N_ELEMENTS (max_prices); i++)
    if (g_settings_get_double (self->settings, "model-max-price") == max_prices[i])
      gtk_drop_down_set_selected (self->price_dropdown, i);
}

static void
parlance_model_picker_dispose (GObject *object)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MODEL_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (parlance_model_picker_parent_class)->dispose (object);
}

static void
parlance_model_picker_class_init (ParlanceModelPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_model_picker_dispose;

  /**
   * ParlanceModelPicker::model-chosen:
   * @provider: the model's provider
   * @model: the model's id
   *
   * A model was picked in choose-only mode (parlance_model_picker_set_choose_only ()).
   */
  model_chosen_signal =
    g_signal_new ("model-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, PARLANCE_TYPE_PROVIDER, G_TYPE_STRING);

  g_type_ensure (PARLANCE_TYPE_MODEL_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-model-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, free_toggle);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, tools_toggle);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, images_toggle);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, reasoning_toggle);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, provider_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, provider_selected);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, context_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, price_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, details);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, status_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, filter_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, failed_page);
  gtk_widget_class_bind_template_callback_full (widget_class, "repopulate", G_CALLBACK (_parlance_model_picker_repopulate));
  gtk_widget_class_bind_template_callback (widget_class, filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, pick_selected);
  gtk_widget_class_bind_template_callback (widget_class, search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, list_activated);
  gtk_widget_class_bind_template_callback (widget_class, close_picker);

  gtk_widget_class_install_action (widget_class, "picker.toggle-favourite", NULL, toggle_favourite);
  gtk_widget_class_install_action (widget_class, "picker.pick", NULL, pick_action);
  gtk_widget_class_install_action (widget_class, "picker.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "picker.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "picker.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "picker.search", NULL, focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "picker.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "picker.toggle-favourite", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* The picker belongs to no application, so the app's Ctrl+W does not reach it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
parlance_model_picker_init (ParlanceModelPicker *self)
{
  GtkListItemFactory *factory;

  self->cancellable = g_cancellable_new ();
  /* A refresh under way holds the picker: closing it stops the refresh (and its key lookup) at
   * once, not when the last reference goes. */
  g_signal_connect_object (self, "unrealize", G_CALLBACK (g_cancellable_cancel), self->cancellable,
                           G_CONNECT_SWAPPED);
  self->settings = g_settings_new (APPLICATION_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = parlance_model_results_new ();
  /* GTK 4.8's list view keeps rows for about 200 items: keeping as many entries means typing
   * never builds or destroys a row. */
  parlance_model_results_set_keep (self->results, 200);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  /* The picker chooses what is selected: never a heading. */
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (show_details), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_drop_down_set_expression (self->provider_dropdown,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (provider_display_name), NULL, NULL));
  gtk_drop_down_set_model (self->provider_dropdown,
                           parlance_provider_registry_get_providers (parlance_provider_registry_get_default ()));

  /* Tab goes from filter to filter, not to the flow box's wrappers around them. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  restore_filters (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
