/* parlance-model-picker.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens on the conversation's provider with the search field focused. The catalogue shows at once
 * from the disk cache and is refreshed in the background when older than ten minutes; a failed
 * refresh keeps the cached list and says so. Each keystroke filters and sorts in the core
 * (well under a millisecond for thousands of models). Favourites come first, then recent
 * choices, then the rest. Up and Down move, Enter picks, Escape closes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store.h"
#include "parlance-model-catalog.h"
#include "parlance-model-picker.h"
#include "parlance-provider-registry.h"

#define STALE_AFTER_SECONDS (10 * 60)
#define MAX_RECENT 8

struct _ParlanceModelPicker
{
  AdwWindow             parent_instance;

  ParlanceChatSession  *session;
  ParlanceModelCatalog *catalog;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkCustomSorter      *sorter;
  GtkSortListModel     *shown;
  GtkSingleSelection   *selection;
  ParlanceModelFilter   criteria;
  char                 *query;
  ParlanceModelSort     sort;
  GStrv                 favourites;
  GStrv                 recents;
  gboolean              user_moved;   /* arrows moved the selection since the last keystroke */

  /* Template widgets */
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *free_toggle;
  GtkToggleButton      *tools_toggle;
  GtkToggleButton      *images_toggle;
  GtkToggleButton      *reasoning_toggle;
  GtkDropDown          *sort_dropdown;
  GtkDropDown          *provider_dropdown;
  GtkDropDown          *context_dropdown;
  GtkDropDown          *price_dropdown;
  GtkStack             *stack;
  GtkListView          *list_view;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (ParlanceModelPicker, parlance_model_picker, ADW_TYPE_WINDOW)

static const char * const sort_names[] = { "name", "newest", "price", "context" };
/* Same order as the dropdowns in the template. */
static const gint64 min_contexts[] = { 0, 32000, 128000, 1000000 };
static const double max_prices[] = { -1.0, 0.5, 3.0, 15.0 };

static char *
model_key (ParlanceModel *model)
{
  return g_strdup_printf ("%s:%s", parlance_model_get_provider_id (model), parlance_model_get_id (model));
}

static gboolean
strv_has (GStrv       strv,
          const char *item)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, item);
}

/* Filling the list */

/* Filtering and sorting are GtkFilterListModel and GtkSortListModel over the catalogue; the
 * filter works incrementally, so a keystroke never blocks the main loop for long, and the rows of
 * models that stay are kept (GTK 4.8 builds a row for each item that comes back). */
static gboolean
keep_model (gpointer item,
            gpointer user_data)
{
  ParlanceModelPicker *self = user_data;

  return parlance_model_matches_filter (PARLANCE_MODEL (item), &self->criteria);
}

static int
rank (ParlanceModelPicker *self,
      ParlanceModel       *model)
{
  g_autofree char *key = model_key (model);

  if (strv_has (self->favourites, key))
    return 0;
  for (guint i = 0; self->recents != NULL && self->recents[i] != NULL; i++)
    if (g_str_equal (self->recents[i], key))
      return 1 + (int) i;
  return G_MAXINT;
}

/* Favourites, then recent ones in the order they were chosen, then the rest. */
static int
order_models (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  ParlanceModelPicker *self = user_data;
  int rank_a = rank (self, PARLANCE_MODEL ((gpointer) a));
  int rank_b = rank (self, PARLANCE_MODEL ((gpointer) b));

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return parlance_model_compare (PARLANCE_MODEL ((gpointer) a), PARLANCE_MODEL ((gpointer) b), self->sort);
}

static void
sync_stack (ParlanceModelPicker *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      /* Results come in as the filter works through the list: Enter picks the best one. */
      if (!self->user_moved && gtk_single_selection_get_selected (self->selection) != 0)
        gtk_single_selection_set_selected (self->selection, 0);
    }
  else if (self->catalog != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0 &&
           gtk_filter_list_model_get_pending (self->filtered) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
repopulate (ParlanceModelPicker *self)
{
  ParlanceModelFilter criteria = PARLANCE_MODEL_FILTER_INIT;
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  ParlanceModelSort new_sort = sort < G_N_ELEMENTS (sort_names) ? (ParlanceModelSort) sort : PARLANCE_MODEL_SORT_NAME;
  g_auto(GStrv) favourites = g_settings_get_strv (self->settings, "favourite-models");
  g_auto(GStrv) recents = g_settings_get_strv (self->settings, "recent-models");

  if (self->filter == NULL)
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

  g_free (self->query);
  self->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  criteria.query = self->query;
  self->criteria = criteria;

  if (new_sort != self->sort ||
      !g_strv_equal ((const char * const *) favourites, (const char * const *) self->favourites) ||
      !g_strv_equal ((const char * const *) recents, (const char * const *) self->recents))
    {
      self->sort = new_sort;
      g_strfreev (self->favourites);
      self->favourites = g_steal_pointer (&favourites);
      g_strfreev (self->recents);
      self->recents = g_steal_pointer (&recents);
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
    }

  self->user_moved = FALSE;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  sync_stack (self);
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
  repopulate (self);
}

/* Rows */

static char *
format_context (gint64 tokens)
{
  if (tokens <= 0)
    return g_strdup ("");
  if (tokens >= 1000000)
    return g_strdup_printf (_("%gM"), (double) tokens / 1000000.0);
  return g_strdup_printf (_("%" G_GINT64_FORMAT "K"), (tokens + 500) / 1000);
}

static char *
format_price (ParlanceModel *model)
{
  double in = parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_PROMPT);
  double out = parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_COMPLETION);

  if (parlance_model_get_is_free (model))
    return g_strdup (_("Free"));
  if (in < 0 || out < 0)
    return g_strdup ("");
  /* Translators: prices in US dollars per million tokens, for input and for output */
  return g_strdup_printf (_("$%.2f / $%.2f"), in, out);
}

/* Everything known of a model, for its tooltip: the description and all the numbers. */
static char *
dup_details (ParlanceModel *model,
             const char    *context,
             const char    *price)
{
  GString *s = g_string_new (NULL);
  const char *description = parlance_model_get_description (model);
  gint64 max_output = parlance_model_get_max_output_tokens (model);
  double request = parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_REQUEST);
  double image = parlance_model_get_price_per_million (model, PARLANCE_MODEL_PRICE_IMAGE);
  const char * const *parameters = parlance_model_get_supported_parameters (model);
  gint64 created = parlance_model_get_created (model);

  if (description != NULL && *description != '\0')
    g_string_append_printf (s, "%s\n\n", description);
  if (*context != '\0')
    g_string_append_printf (s, _("Context: %s tokens\n"), context);
  if (max_output > 0)
    g_string_append_printf (s, _("Longest answer: %" G_GINT64_FORMAT " tokens\n"), max_output);
  if (*price != '\0')
    g_string_append_printf (s, _("Price per million tokens, in / out: %s\n"), price);
  if (request > 0)
    g_string_append_printf (s, _("Per request: $%g\n"), request / 1000000.0);
  if (image > 0)
    g_string_append_printf (s, _("Per image: $%g\n"), image / 1000000.0);
  if (parameters != NULL && parameters[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) parameters);
      g_string_append_printf (s, _("Parameters: %s\n"), joined);
    }
  if (created > 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (created);
      g_autofree char *text = g_date_time_format (date, "%x");
      g_string_append_printf (s, _("Added: %s\n"), text);
    }
  if (s->len > 0 && s->str[s->len - 1] == '\n')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

static void
star_toggled (GtkToggleButton *button,
              gpointer         user_data)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (user_data);
  const char *key = g_object_get_data (G_OBJECT (button), "model-key");
  g_auto(GStrv) favourites = g_settings_get_strv (self->settings, "favourite-models");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  gboolean starred = gtk_toggle_button_get_active (button);

  if (key == NULL || starred == strv_has (favourites, key))
    return;
  for (guint i = 0; favourites[i] != NULL; i++)
    if (!g_str_equal (favourites[i], key))
      g_strv_builder_add (builder, favourites[i]);
  if (starred)
    g_strv_builder_add (builder, key);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "favourite-models", (const char * const *) updated);
  gtk_button_set_icon_name (GTK_BUTTON (button), starred ? "starred-symbolic" : "non-starred-symbolic");
}

static gboolean
row_query_tooltip (GtkWidget  *row,
                   int         x,
                   int         y,
                   gboolean    keyboard,
                   GtkTooltip *tooltip,
                   gpointer    user_data)
{
  ParlanceModel *model = g_object_get_data (G_OBJECT (row), "model");
  g_autofree char *context = NULL;
  g_autofree char *price = NULL;
  g_autofree char *details = NULL;

  if (model == NULL)
    return FALSE;
  context = format_context (parlance_model_get_context_length (model));
  price = format_price (model);
  details = dup_details (model, context, price);
  if (*details == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, details);
  return TRUE;
}

/* Rows are built in code: a list of thousands of models creates and recycles many of them,
 * and parsing a GtkBuilder file for each was most of the cost of a keystroke. */
typedef struct
{
  GtkWidget *star;
  GtkWidget *name;
  GtkWidget *id;
  GtkWidget *recent_tag;
  GtkWidget *tools_tag;
  GtkWidget *vision_tag;
  GtkWidget *reasoning_tag;
  GtkWidget *context;
  GtkWidget *price;
} RowWidgets;

static GtkWidget *
tag_new (const char *text,
         gboolean    dim)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "model-tag");
  if (dim)
    gtk_widget_add_css_class (tag, "dim-label");
  return tag;
}

static GtkWidget *
label_new (const char *css_class,
           const char *css_class2,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  if (css_class2)
    gtk_widget_add_css_class (label, css_class2);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RowWidgets *w = g_new0 (RowWidgets, 1);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);

  w->star = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (w->star), "non-starred-symbolic");
  gtk_widget_set_valign (w->star, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (w->star, "flat");
  gtk_widget_add_css_class (w->star, "circular");
  g_signal_connect_object (w->star, "toggled", G_CALLBACK (star_toggled), user_data, 0);
  gtk_box_append (GTK_BOX (row), w->star);

  w->name = label_new ("heading", NULL, 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->name), PANGO_ELLIPSIZE_END);
  w->id = label_new ("caption", "dim-label", 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->id), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (names, TRUE);
  gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (names), w->name);
  gtk_box_append (GTK_BOX (names), w->id);
  gtk_box_append (GTK_BOX (row), names);

  w->recent_tag = tag_new (_("Recent"), TRUE);
  w->tools_tag = tag_new (_("Tools"), FALSE);
  w->vision_tag = tag_new (_("Images"), FALSE);
  w->reasoning_tag = tag_new (_("Reasoning"), FALSE);
  gtk_box_append (GTK_BOX (row), w->recent_tag);
  gtk_box_append (GTK_BOX (row), w->tools_tag);
  gtk_box_append (GTK_BOX (row), w->vision_tag);
  gtk_box_append (GTK_BOX (row), w->reasoning_tag);

  w->context = label_new ("numeric", "dim-label", 1);
  gtk_label_set_width_chars (GTK_LABEL (w->context), 6);
  w->price = label_new ("numeric", NULL, 1);
  gtk_label_set_width_chars (GTK_LABEL (w->price), 14);
  gtk_box_append (GTK_BOX (row), w->context);
  gtk_box_append (GTK_BOX (row), w->price);

  g_object_set_data_full (G_OBJECT (row), "widgets", w, g_free);
  gtk_widget_set_has_tooltip (row, TRUE);
  g_signal_connect (row, "query-tooltip", G_CALLBACK (row_query_tooltip), NULL);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (user_data);
  ParlanceModel *model = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  RowWidgets *w = g_object_get_data (G_OBJECT (row), "widgets");
  GtkToggleButton *star = GTK_TOGGLE_BUTTON (w->star);
  g_auto(GStrv) favourites = g_settings_get_strv (self->settings, "favourite-models");
  g_auto(GStrv) recents = g_settings_get_strv (self->settings, "recent-models");
  g_autofree char *key = model_key (model);
  g_autofree char *context = format_context (parlance_model_get_context_length (model));
  g_autofree char *price = format_price (model);
  g_autofree char *star_label = NULL;
  const char * const *inputs = parlance_model_get_input_modalities (model);

  gtk_label_set_text (GTK_LABEL (w->name), parlance_model_get_name (model));
  gtk_label_set_text (GTK_LABEL (w->id), parlance_model_get_id (model));
  gtk_label_set_text (GTK_LABEL (w->context), context);
  gtk_label_set_text (GTK_LABEL (w->price), price);
  /* The tooltip is made when asked for (query-tooltip), not for every row bound. */
  g_object_set_data_full (G_OBJECT (row), "model", g_object_ref (model), g_object_unref);
  gtk_widget_set_visible (w->recent_tag, strv_has (recents, key) && !strv_has (favourites, key));
  gtk_widget_set_visible (w->tools_tag, parlance_model_supports (model, "tools"));
  gtk_widget_set_visible (w->vision_tag, inputs != NULL && g_strv_contains (inputs, "image"));
  gtk_widget_set_visible (w->reasoning_tag, parlance_model_supports (model, "reasoning") ||
                                            parlance_model_supports (model, "include_reasoning"));

  /* The key first, so that setting the state doesn't count as the user's click. */
  g_object_set_data_full (G_OBJECT (star), "model-key", NULL, NULL);
  gtk_toggle_button_set_active (star, strv_has (favourites, key));
  gtk_button_set_icon_name (GTK_BUTTON (star), strv_has (favourites, key) ? "starred-symbolic" : "non-starred-symbolic");
  g_object_set_data_full (G_OBJECT (star), "model-key", g_strdup (key), g_free);
  star_label = g_strdup_printf (_("Favourite: %s"), parlance_model_get_name (model));
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, star_label, -1);
}

/* Picking */

static void
pick (ParlanceModelPicker *self,
      ParlanceModel       *model)
{
  g_auto(GStrv) recents = g_settings_get_strv (self->settings, "recent-models");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *key = model_key (model);
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
  ParlanceModel *model = gtk_single_selection_get_selected_item (self->selection);

  if (model != NULL)
    pick (self, model);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
list_activated (GtkListView *list,
                guint        position,
                gpointer     user_data)
{
  ParlanceModelPicker *self = PARLANCE_MODEL_PICKER (user_data);
  g_autoptr(ParlanceModel) model = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (model != NULL)
    pick (self, model);
}

static gboolean
search_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    ParlanceModelPicker   *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (n == 0)
    return FALSE;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      selected = selected == GTK_INVALID_LIST_POSITION ? 0 : MIN (selected + 1, n - 1);
    }
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    {
      selected = selected == GTK_INVALID_LIST_POSITION || selected == 0 ? 0 : selected - 1;
    }
  else
    return FALSE;

  self->user_moved = TRUE;
  gtk_single_selection_set_selected (self->selection, selected);
  /* GTK 4.8 has no gtk_list_view_scroll_to(): moving the focus to the row scrolls it into view,
   * so keep typing in the search field and let the list follow through its adjustment. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  return TRUE;
}

/* Loading */

static void
show_status (ParlanceModelPicker *self,
             const char          *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
refreshed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceModelPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result, &error);

  /* Another provider was chosen meanwhile. */
  if (PARLANCE_MODEL_CATALOG (object) != self->catalog)
    return;

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
          show_status (self, error->message);
          gtk_stack_set_visible_child_name (self->stack, "failed");
        }
      return;
    }

  show_status (self, NULL);
  repopulate (self);
}

typedef struct
{
  ParlanceModelPicker  *self;
  ParlanceModelCatalog *catalog;
} Refresh;

/* The key is looked up for the catalogue's own provider, and goes only to that catalogue's
 * refresh: switching providers meanwhile can never send one provider's key to another. */
static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Refresh *refresh = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, NULL, &error);
  if (!g_cancellable_is_cancelled (refresh->self->cancellable) && refresh->catalog == refresh->self->catalog)
    parlance_model_catalog_refresh_async (refresh->catalog, key, refresh->self->cancellable, refreshed,
                                          g_object_ref (refresh->self));
  parlance_key_store_free_key (key);
  g_object_unref (refresh->catalog);
  g_object_unref (refresh->self);
  g_free (refresh);
}

static void
refresh (ParlanceModelPicker *self)
{
  Refresh *refresh = g_new0 (Refresh, 1);

  refresh->self = g_object_ref (self);
  refresh->catalog = g_object_ref (self->catalog);
  parlance_key_store_lookup_async (parlance_key_store_get_default (),
                                   parlance_provider_get_id (parlance_model_catalog_get_provider (self->catalog)),
                                   self->cancellable, key_looked_up, refresh);
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

  repopulate (self);
  if (parlance_model_catalog_get_is_stale (self->catalog, STALE_AFTER_SECONDS))
    refresh (self);
}

/* Browse another provider's models: a catalogue of its own, from its cache, then refreshed. */
static void
show_provider (ParlanceModelPicker *self,
               ParlanceProvider    *provider)
{
  g_autofree char *title = NULL;

  if (self->catalog != NULL && parlance_model_catalog_get_provider (self->catalog) == provider)
    return;

  g_clear_object (&self->catalog);
  self->catalog = parlance_model_catalog_new (provider);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->catalog));
  show_status (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  /* Translators: the window title; %s is a provider, such as OpenRouter */
  title = g_strdup_printf (_("Models of %s"), parlance_provider_get_name (provider));
  gtk_window_set_title (GTK_WINDOW (self), title);

  parlance_model_catalog_load_cached_async (self->catalog, self->cancellable, cache_loaded, g_object_ref (self));
}

static void
provider_selected (ParlanceModelPicker *self)
{
  g_autoptr(ParlanceProvider) provider = gtk_drop_down_get_selected_item (self->provider_dropdown)
                                         ? g_object_ref (gtk_drop_down_get_selected_item (self->provider_dropdown))
                                         : NULL;

  if (provider != NULL && self->session != NULL)
    show_provider (self, provider);
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
    show_provider (self, current);
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
  g_clear_object (&self->shown);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->favourites, g_strfreev);
  g_clear_pointer (&self->recents, g_strfreev);
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
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelPicker, status_label);
  gtk_widget_class_bind_template_callback (widget_class, repopulate);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, pick_selected);
  gtk_widget_class_bind_template_callback (widget_class, search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, list_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
parlance_model_picker_init (ParlanceModelPicker *self)
{
  GtkListItemFactory *factory;

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  self->sort = PARLANCE_MODEL_SORT_NAME;
  self->favourites = g_new0 (char *, 1);
  self->recents = g_new0 (char *, 1);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (keep_model, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  /* Incremental: rows are built over several frames instead of in one long one. Its batches run
   * at idle priority, so nothing in the picker animates (no spinner) to keep frames coming. */
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  self->sorter = gtk_custom_sorter_new (order_models, self, NULL);
  self->shown = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                         GTK_SORTER (g_object_ref (self->sorter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  /* After the selection has followed the change, never in the middle of it. */
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (sync_stack), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_drop_down_set_expression (self->provider_dropdown,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (provider_display_name), NULL, NULL));
  gtk_drop_down_set_model (self->provider_dropdown,
                           parlance_provider_registry_get_providers (parlance_provider_registry_get_default ()));

  restore_filters (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
