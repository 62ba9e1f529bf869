/* parlance-usage-table.c — usage as a table: a GtkColumnView of the chart's rows and totals.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same numbers as the chart, exact (every digit of a cost), in a grid a screen reader walks
 * cell by cell and the keyboard scrolls. The last line holds the totals.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-usage-chart.h"
#include "parlance-usage-table.h"

#define N_COLUMNS 5

/* One line of the table, its cells already written out. */
#define PARLANCE_TYPE_USAGE_LINE (parlance_usage_line_get_type ())
G_DECLARE_FINAL_TYPE (ParlanceUsageLine, parlance_usage_line, PARLANCE, USAGE_LINE, GObject)

struct _ParlanceUsageLine
{
  GObject   parent_instance;
  char     *cells[N_COLUMNS];
  gboolean  total;
};

G_DEFINE_FINAL_TYPE (ParlanceUsageLine, parlance_usage_line, G_TYPE_OBJECT)

static void
parlance_usage_line_finalize (GObject *object)
{
  ParlanceUsageLine *self = PARLANCE_USAGE_LINE (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (self->cells[i]);
  G_OBJECT_CLASS (parlance_usage_line_parent_class)->finalize (object);
}

static void
parlance_usage_line_class_init (ParlanceUsageLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_usage_line_finalize;
}

static void
parlance_usage_line_init (ParlanceUsageLine *self)
{
}

static ParlanceUsageLine *
usage_line_new (char     *key,
                gint64    requests,
                gint64    tokens_in,
                gint64    tokens_out,
                gint64    cost_pico,
                gboolean  total)
{
  ParlanceUsageLine *line = g_object_new (PARLANCE_TYPE_USAGE_LINE, NULL);

  line->cells[0] = key;
  /* Grouped as the locale does. */
  line->cells[1] = g_strdup_printf ("%'" G_GINT64_FORMAT, requests);
  line->cells[2] = g_strdup_printf ("%'" G_GINT64_FORMAT, tokens_in);
  line->cells[3] = g_strdup_printf ("%'" G_GINT64_FORMAT, tokens_out);
  line->cells[4] = parlance_cost_pico_format (cost_pico);
  line->total = total;
  return line;
}

struct _ParlanceUsageTable
{
  GtkWidget          parent_instance;

  GtkWidget         *scrolled;
  GtkColumnView     *view;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GListStore        *lines;
};

G_DEFINE_FINAL_TYPE (ParlanceUsageTable, parlance_usage_table, GTK_TYPE_WIDGET)

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Numbers line up on the right; the key on the left, cut when long. */
  if (GPOINTER_TO_UINT (column) == 0)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  ParlanceUsageLine *line = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = line->cells[GPOINTER_TO_UINT (column)];

  gtk_label_set_text (GTK_LABEL (label), text);
  /* A cut model name is whole in its tooltip. */
  gtk_widget_set_tooltip_text (label, GPOINTER_TO_UINT (column) == 0 ? text : NULL);
  if (line->total)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static char *
display_key (const char *key)
{
  if (*key == '\0')
    /* Translators: a usage row whose model was not recorded */
    return g_strdup (_("(unknown)"));
  return g_utf8_make_valid (key, -1);
}

/**
 * parlance_usage_table_set_report:
 * @report: (nullable): the rows; %NULL empties the table
 */
void
parlance_usage_table_set_report (ParlanceUsageTable  *self,
                                 ParlanceUsageReport *report,
                                 const char          *key_title)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (PARLANCE_IS_USAGE_TABLE (self));
  g_return_if_fail (key_title != NULL);

  gtk_column_view_column_set_title (self->columns[0], key_title);
  for (guint i = 0; report != NULL && i < report->rows->len; i++)
    {
      ParlanceUsageRow *row = g_ptr_array_index (report->rows, i);

      g_ptr_array_add (lines, usage_line_new (display_key (row->key), row->requests, row->tokens_in,
                                              row->tokens_out, row->cost_pico, FALSE));
    }
  if (report != NULL)
    g_ptr_array_add (lines, usage_line_new (g_strdup (_("Total")), report->requests, report->tokens_in,
                                            report->tokens_out, report->cost_pico, TRUE));
  g_list_store_splice (self->lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lines)),
                       lines->pdata, lines->len);
}

GtkColumnView *
parlance_usage_table_get_view (ParlanceUsageTable *self)
{
  g_return_val_if_fail (PARLANCE_IS_USAGE_TABLE (self), NULL);
  return self->view;
}

const char *
parlance_usage_table_get_cell (ParlanceUsageTable *self,
                               guint               row,
                               guint               column)
{
  g_autoptr(ParlanceUsageLine) line = NULL;

  g_return_val_if_fail (PARLANCE_IS_USAGE_TABLE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  line = g_list_model_get_item (G_LIST_MODEL (self->lines), row);
  /* The store holds a reference: the text outlives this one. */
  return line != NULL ? line->cells[column] : NULL;
}

static void
parlance_usage_table_dispose (GObject *object)
{
  ParlanceUsageTable *self = PARLANCE_USAGE_TABLE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->lines);
  G_OBJECT_CLASS (parlance_usage_table_parent_class)->dispose (object);
}

static gboolean
parlance_usage_table_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PARLANCE_USAGE_TABLE (widget)->view));
}

static void
parlance_usage_table_class_init (ParlanceUsageTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_usage_table_dispose;
  widget_class->grab_focus = parlance_usage_table_grab_focus;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
parlance_usage_table_init (ParlanceUsageTable *self)
{
  const char *titles[N_COLUMNS] = {
    "", N_("Requests"), N_("Tokens In"), N_("Tokens Out"), N_("Cost"),
  };
  GtkNoSelection *selection;

  self->lines = g_list_store_new (PARLANCE_TYPE_USAGE_LINE);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->lines)));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      self->columns[i] = gtk_column_view_column_new (*titles[i] ? _(titles[i]) : "", factory);
      gtk_column_view_column_set_expand (self->columns[i], i == 0);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      gtk_column_view_append_column (self->view, self->columns[i]);
      g_object_unref (self->columns[i]);   /* the view holds it */
    }
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
parlance_usage_table_new (void)
{
  return g_object_new (PARLANCE_TYPE_USAGE_TABLE, NULL);
}
