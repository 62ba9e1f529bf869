/* parlance-search-pane.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change of the entry (each keystroke: no typing delay, the index answers within a frame)
 * starts a search off the main thread and cancels the one before, so only the latest text's
 * results ever show. Rows come a few a frame, the first ones at once: laying out 200 wrapped
 * snippets takes longer than a frame. The keyboard stays in the entry: the arrows choose a
 * result, Enter opens it, Escape closes the search; Tab reaches the list too.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "parlance-search-pane.h"
#include "parlance-search-results.h"

/* What a row stands for. */
typedef struct
{
  gint64  conversation_id;
  gint64  message_id;
  char   *title;
} Hit;

struct _ParlanceSearchPane
{
  GtkWidget       parent_instance;

  ParlanceStore  *store;
  GCancellable   *cancellable;   /* the search under way */
  GPtrArray      *results;       /* ParlanceSearchResult, shown or to be shown */
  GPtrArray      *grouped;       /* the same, each conversation's together */
  guint           n_results;
  guint           n_rows;        /* rows made so far, for the first n_rows of grouped */
  guint           tick_id;       /* makes the other rows, a few a frame */
  gboolean        open_first;    /* Enter came before the results: open the first when they do */
  gboolean        unavailable;   /* no database: the error page says why */
  gint64          show_us;       /* for tests: what showing the last results took */

  /* Template widgets */
  GtkSearchEntry *entry;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkScrolledWindow *scroller;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (ParlanceSearchPane, parlance_search_pane, GTK_TYPE_WIDGET)

enum
{
  OPEN_RESULT,
  STOP_SEARCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hit_free (gpointer data)
{
  Hit *hit = data;

  g_free (hit->title);
  g_free (hit);
}

static Hit *
row_hit (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "parlance-hit") : NULL;
}

GtkWidget *
parlance_search_pane_new (void)
{
  return g_object_new (PARLANCE_TYPE_SEARCH_PANE, NULL);
}

static void
clear_rows (ParlanceSearchPane *self)
{
  GtkWidget *child;

  /* (gtk_list_box_remove_all () is GTK 4.12.) */
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_box), self->tick_id);
  self->tick_id = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->grouped, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->n_results = self->n_rows = 0;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_RELATION_ACTIVE_DESCENDANT);
}

static GtkWidget *
row_new (ParlanceSearchResult *result)
{
  g_autofree char *markup = parlance_search_snippet_to_markup (result->snippet);
  g_autofree char *text = parlance_search_snippet_to_text (result->snippet);
  g_autofree char *title = parlance_search_clean_title (result->title);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);
  Hit *hit = g_new0 (Hit, 1);

  hit->conversation_id = result->conversation_id;
  hit->message_id = result->message_id;
  hit->title = g_steal_pointer (&title);
  g_object_set_data_full (G_OBJECT (row), "parlance-hit", hit, hit_free);

  if (result->message_id != 0)
    gtk_label_set_markup (GTK_LABEL (label), markup);
  else
    {
      /* Only the title matched: the heading above shows it. */
      g_free (text);
      text = g_strdup (_("The title matches"));
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "search-snippet");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  /* A screen reader says what was found, then in which conversation. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, *text != '\0' ? text : hit->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hit->title,
                                  -1);
  return row;
}

/* A conversation's title above its first result. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  Hit *hit = row_hit (row);
  Hit *prev = row_hit (before);
  GtkWidget *label;

  if (prev != NULL && prev->conversation_id == hit->conversation_id)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  label = gtk_label_new (*hit->title != '\0' ? hit->title : _("New Conversation"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "search-heading");
  gtk_list_box_row_set_header (row, label);
}

static void
select_row (ParlanceSearchPane *self,
            GtkListBoxRow      *row)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list_box, row);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_ACTIVE_DESCENDANT, row, -1);
  /* In sight, with its heading when it has one. */
  if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list_box), &bounds))
    {
      GtkWidget *header = gtk_list_box_row_get_header (row);
      double top = bounds.origin.y;

      if (header != NULL)
        top -= gtk_widget_get_height (header);
      gtk_adjustment_clamp_page (adj, top, bounds.origin.y + bounds.size.height);
    }
}

/* A sidebar's worth of results: the index finds 50 about three times as fast as its default
 * of 200 (README, "Search" benchmark), and nobody reads on past them: they type another word. */
#define MAX_RESULTS 50

/* Rows a frame: about what a window shows, laid out within a frame. */
#define ROWS_A_FRAME 10

static void
add_rows (ParlanceSearchPane *self)
{
  for (guint n = 0; n < ROWS_A_FRAME && self->n_rows < self->n_results; n++)
    gtk_list_box_append (self->list_box, row_new (self->grouped->pdata[self->n_rows++]));
}

static gboolean
add_rows_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  ParlanceSearchPane *self = user_data;

  add_rows (self);
  if (self->n_rows < self->n_results)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Takes @results. */
static void
show_results (ParlanceSearchPane *self,
              GPtrArray          *results)
{
  clear_rows (self);
  self->results = results;
  self->grouped = parlance_search_group_results (results);
  self->n_results = self->grouped->len;
  add_rows (self);
  if (self->n_rows < self->n_results)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_box), add_rows_tick, self, NULL);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, self->n_results > 0 ? "results" : "no-results");
  select_row (self, gtk_list_box_get_row_at_index (self->list_box, 0));
}

static void open_row (ParlanceSearchPane *self,
                      GtkListBoxRow      *row);

static void
searched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ParlanceSearchPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = parlance_store_search_finish (PARLANCE_STORE (object), result, &error);
  gint64 start;

  /* A newer keystroke: its own search shows. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  g_clear_object (&self->cancellable);
  if (results == NULL)
    {
      clear_rows (self);
      adw_status_page_set_title (self->error_page, _("Search Failed"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  start = g_get_monotonic_time ();
  show_results (self, g_steal_pointer (&results));
  self->show_us = g_get_monotonic_time () - start;
  if (self->open_first && self->n_results > 0)
    open_row (self, gtk_list_box_get_row_at_index (self->list_box, 0));
  self->open_first = FALSE;
}

static void
search_changed (ParlanceSearchPane *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  /* Whatever was under way is for older text. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->open_first = FALSE;
  if (self->unavailable)
    return;
  if (*text == '\0')
    {
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  /* The database is still opening: the search starts when it is there. */
  if (self->store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  parlance_store_search_async (self->store, text, MAX_RESULTS, self->cancellable, searched, g_object_ref (self));
}

static void
open_row (ParlanceSearchPane *self,
          GtkListBoxRow      *row)
{
  Hit *hit = row_hit (row);

  if (hit == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_signal_emit (self, signals[OPEN_RESULT], 0, hit->conversation_id, hit->message_id);
}

static void
row_activated (ParlanceSearchPane *self,
               GtkListBoxRow      *row)
{
  open_row (self, row);
}

/* Enter in the entry: the chosen result, else the first. */
static void
entry_activated (ParlanceSearchPane *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->list_box, 0);
  /* The results shown are for older text: the first of the new ones opens when they come. */
  if (self->cancellable != NULL)
    {
      self->open_first = TRUE;
      return;
    }
  open_row (self, row);
}

static void
stop_search (ParlanceSearchPane *self)
{
  g_signal_emit (self, signals[STOP_SEARCH], 0);
}

static void
move_selection (ParlanceSearchPane *self,
                int                 by)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + by : 0;

  index = CLAMP (index, 0, (int) self->n_rows - 1);
  if (self->n_rows == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  select_row (self, gtk_list_box_get_row_at_index (self->list_box, index));
}

static gboolean
entry_key_pressed (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   gpointer               user_data)
{
  ParlanceSearchPane *self = PARLANCE_SEARCH_PANE (gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)),
                                                                            PARLANCE_TYPE_SEARCH_PANE));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (mods != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      move_selection (self, 8);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      move_selection (self, -8);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Escape in the list closes the search too. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             ParlanceSearchPane    *self)
{
  if (keyval != GDK_KEY_Escape || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  stop_search (self);
  return TRUE;
}

void
parlance_search_pane_set_store (ParlanceSearchPane *self,
                                ParlanceStore      *store)
{
  g_return_if_fail (PARLANCE_IS_SEARCH_PANE (self));
  g_return_if_fail (!store || PARLANCE_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  if (store != NULL)
    self->unavailable = FALSE;
  search_changed (self);
}

/* The database could not be opened: searching says so, and why. */
void
parlance_search_pane_set_unavailable (ParlanceSearchPane *self,
                                      const char         *why)
{
  g_return_if_fail (PARLANCE_IS_SEARCH_PANE (self));

  parlance_search_pane_set_store (self, NULL);
  self->unavailable = TRUE;
  clear_rows (self);
  adw_status_page_set_title (self->error_page, _("Search Is Not Available"));
  adw_status_page_set_description (self->error_page, why);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

const char *
parlance_search_pane_get_text (ParlanceSearchPane *self)
{
  g_return_val_if_fail (PARLANCE_IS_SEARCH_PANE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
parlance_search_pane_set_text (ParlanceSearchPane *self,
                               const char         *text)
{
  g_return_if_fail (PARLANCE_IS_SEARCH_PANE (self));
  g_return_if_fail (text != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

void
parlance_search_pane_focus_entry (ParlanceSearchPane *self)
{
  g_return_if_fail (PARLANCE_IS_SEARCH_PANE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

guint
parlance_search_pane_get_n_results (ParlanceSearchPane *self)
{
  g_return_val_if_fail (PARLANCE_IS_SEARCH_PANE (self), 0);
  return self->n_results;
}

gboolean
parlance_search_pane_get_busy (ParlanceSearchPane *self)
{
  g_return_val_if_fail (PARLANCE_IS_SEARCH_PANE (self), FALSE);
  return self->cancellable != NULL || self->n_rows < self->n_results;
}

/* For tests: how long showing the last results took, in microseconds. */
gint64
_parlance_search_pane_get_show_time (ParlanceSearchPane *self)
{
  g_return_val_if_fail (PARLANCE_IS_SEARCH_PANE (self), 0);
  return self->show_us;
}

/**
 * parlance_search_pane_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the result at @index, in the order shown
 */
GtkWidget *
parlance_search_pane_get_row (ParlanceSearchPane *self,
                              guint               index)
{
  g_return_val_if_fail (PARLANCE_IS_SEARCH_PANE (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

static void
parlance_search_pane_dispose (GObject *object)
{
  ParlanceSearchPane *self = PARLANCE_SEARCH_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  if (self->list_box != NULL)
    clear_rows (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_SEARCH_PANE);
  /* The template's box, which has no name to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_search_pane_parent_class)->dispose (object);
}

static void
parlance_search_pane_class_init (ParlanceSearchPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_search_pane_dispose;

  signals[OPEN_RESULT] = g_signal_new ("open-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[STOP_SEARCH] = g_signal_new ("stop-search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-search-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceSearchPane, entry);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSearchPane, stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSearchPane, error_page);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSearchPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSearchPane, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, stop_search);
  gtk_widget_class_bind_template_callback (widget_class, entry_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchpane");
}

/* Typing in the results goes on at the end of what was typed, not over it (Ctrl+K selects it). */
static void
entry_left (ParlanceSearchPane *self)
{
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static void
parlance_search_pane_init (ParlanceSearchPane *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  /* Typing with a result focused goes on in the entry. */
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self->list_box));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (entry_left), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
}
