/* parlance-usage-chart.c — a bar chart of usage drawn with GtkSnapshot and cairo.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One bar per row, in the accent colour; the axis, grid and labels in the foreground colour, so
 * the chart follows light and dark styles. Values stay exact integers (pico-dollars, tokens):
 * doubles only place the bars. Any number of rows fits: labels are skipped when bars are too
 * narrow for them, and a bar never gets thinner than a pixel's slot. A screen reader reads the
 * chart as an image described by its totals; the table view holds the same numbers.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <math.h>

#include "parlance-model.h"
#include "parlance-usage-chart.h"

#define AXIS_TICKS 4
#define PAD 8.0
#define LABEL_GAP 6.0

typedef struct
{
  char   *label;
  gint64  value;
} Bar;

struct _ParlanceUsageChart
{
  GtkWidget            parent_instance;

  GArray              *bars;      /* Bar */
  ParlanceUsageMetric  metric;
  gint64               max_value;
  char                *description;   /* what a screen reader says of it */
};

G_DEFINE_FINAL_TYPE (ParlanceUsageChart, parlance_usage_chart, GTK_TYPE_WIDGET)

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
}

/**
 * parlance_usage_chart_format_value:
 *
 * Returns: (transfer full): @value as the chart and its table write it
 */
char *
parlance_usage_chart_format_value (ParlanceUsageMetric metric,
                                   gint64              value)
{
  g_autofree char *number = NULL;

  if (metric == PARLANCE_USAGE_METRIC_COST)
    return parlance_cost_pico_format (MAX (value, 0));
  number = g_strdup_printf ("%'" G_GINT64_FORMAT, value);
  /* Translators: a number of tokens, such as "1,234 tokens" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s token", "%s tokens", value % 1000000),
                          number);
}

/* An axis label: short and rounded ("$0.05", "1.5M"); exact numbers are in the table. */
static char *
format_tick (ParlanceUsageMetric metric,
             double              value)
{
  char *text;

  if (metric == PARLANCE_USAGE_METRIC_COST)
    return value <= 0 ? g_strdup (_("$0")) : parlance_format_dollars (value / 1e12);
  text = parlance_format_tokens ((gint64) MIN (round (value), 9.2e18));
  return text != NULL ? text : g_strdup ("0");
}

/* The smallest 1, 2, 2.5 or 5 × 10^k at or above @value, so that ticks read well. */
static double
nice_ceiling (double value)
{
  double power, fraction;

  if (value <= 0)
    return 1;
  power = pow (10, floor (log10 (value)));
  fraction = value / power;
  if (fraction <= 1)
    return power;
  if (fraction <= 2)
    return 2 * power;
  if (fraction <= 2.5)
    return 2.5 * power;
  if (fraction <= 5)
    return 5 * power;
  return 10 * power;
}

/* "Mar 1" for a day's key (YYYY-MM-DD); other keys as they are. */
static char *
bar_label (const char *key,
           gboolean    by_day)
{
  int year, month, day;

  if (*key == '\0')
    /* Translators: a usage row whose model was not recorded */
    return g_strdup (_("(unknown)"));
  if (by_day && sscanf (key, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 12, 0, 0);

      if (date != NULL)
        /* Translators: a day on the chart's axis, strftime format, such as "Mar 1" */
        return g_date_time_format (date, _("%b %-e"));
    }
  return g_strdup (key);
}

static void
get_colors (ParlanceUsageChart *self,
            GdkRGBA            *fg,
            GdkRGBA            *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

typedef struct
{
  double left, top, width, height;   /* the plot, inside the axis labels */
  double axis_max;                   /* the value at the top of the plot */
  double slot;                       /* the width each bar has */
} Geometry;

static PangoLayout *
new_layout (ParlanceUsageChart *self,
            const char         *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static void
compute_geometry (ParlanceUsageChart *self,
                  Geometry           *g)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int label_w = 0, label_h = 0;

  g->axis_max = self->max_value > 0 ? nice_ceiling ((double) self->max_value) : 1;
  for (int i = 0; i <= AXIS_TICKS; i++)
    {
      g_autofree char *text = format_tick (self->metric, self->max_value > 0 ? g->axis_max * i / AXIS_TICKS : 0);
      g_autoptr(PangoLayout) layout = new_layout (self, text);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      label_w = MAX (label_w, w);
      label_h = MAX (label_h, h);
    }
  g->left = PAD + label_w + LABEL_GAP;
  g->top = PAD + label_h / 2.0;
  g->width = MAX (width - g->left - PAD, 1);
  g->height = MAX (height - g->top - PAD - label_h - LABEL_GAP, 1);
  g->slot = self->bars->len > 0 ? g->width / self->bars->len : g->width;
}

static void
draw_axis (ParlanceUsageChart *self,
           GtkSnapshot        *snapshot,
           const Geometry     *g,
           const GdkRGBA      *fg)
{
  GdkRGBA grid = *fg, text = *fg;
  int ticks = self->max_value > 0 ? AXIS_TICKS : 0;

  grid.alpha *= 0.15;
  text.alpha *= 0.7;
  for (int i = 0; i <= ticks; i++)
    {
      double y = g->top + g->height - g->height * i / AXIS_TICKS;
      g_autofree char *label = format_tick (self->metric, g->axis_max * i / AXIS_TICKS);
      g_autoptr(PangoLayout) layout = new_layout (self, label);
      int w, h;

      gtk_snapshot_append_color (snapshot, i == 0 ? &text : &grid,
                                 &GRAPHENE_RECT_INIT (g->left, round (y), g->width, 1));
      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (g->left - LABEL_GAP - w, round (y - h / 2.0)));
      gtk_snapshot_append_layout (snapshot, layout, &text);
      gtk_snapshot_restore (snapshot);
    }
}

/* Labels under the bars: every n-th one when they would not fit, each cut to its room, and
 * none over the one before. */
static void
draw_labels (ParlanceUsageChart *self,
             GtkSnapshot        *snapshot,
             const Geometry     *g,
             const GdkRGBA      *fg)
{
  GdkRGBA text = *fg;
  guint every = 1, step = MAX (self->bars->len / 64, 1u);
  double last_end = -G_MAXDOUBLE;
  int widest = 0;

  text.alpha *= 0.7;
  /* A sample of the labels, spread over the whole axis, gives the room they need. */
  for (guint i = 0; i < self->bars->len; i += step)
    {
      g_autoptr(PangoLayout) layout = new_layout (self, g_array_index (self->bars, Bar, i).label);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, MIN (w, 160));
    }
  while (every < self->bars->len && g->slot * every < widest + LABEL_GAP)
    every++;

  for (guint i = 0; i < self->bars->len; i += every)
    {
      g_autoptr(PangoLayout) layout = new_layout (self, g_array_index (self->bars, Bar, i).label);
      double room = g->slot * every - LABEL_GAP;
      double x;
      int w;

      if (room < 8)
        break;
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (layout, (int) (room * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, &w, NULL);
      x = g->left + g->slot * (i + 0.5) - w / 2.0;
      x = CLAMP (x, g->left, g->left + g->width - w);
      if (x < last_end + LABEL_GAP)
        continue;
      last_end = x + w;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), g->top + g->height + LABEL_GAP));
      gtk_snapshot_append_layout (snapshot, layout, &text);
      gtk_snapshot_restore (snapshot);
    }
}

static void
parlance_usage_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ParlanceUsageChart *self = PARLANCE_USAGE_CHART (widget);
  GdkRGBA fg, accent;
  Geometry g;

  get_colors (self, &fg, &accent);
  compute_geometry (self, &g);
  draw_axis (self, snapshot, &g, &fg);

  for (guint i = 0; i < self->bars->len; i++)
    {
      gint64 value = g_array_index (self->bars, Bar, i).value;
      double bar_w = g.slot >= 4 ? MAX (g.slot * 0.7, 1) : g.slot;
      double h = value > 0 ? MAX (g.height * ((double) value / g.axis_max), 1) : 0;
      double x = g.left + g.slot * i + (g.slot - bar_w) / 2;

      if (h <= 0)
        continue;
      if (bar_w >= 6)
        {
          GskRoundedRect rect;

          gsk_rounded_rect_init (&rect, &GRAPHENE_RECT_INIT (x, g.top + g.height - h, bar_w, h),
                                 &GRAPHENE_SIZE_INIT (3, 3), &GRAPHENE_SIZE_INIT (3, 3),
                                 &GRAPHENE_SIZE_INIT (0, 0), &GRAPHENE_SIZE_INIT (0, 0));
          gtk_snapshot_push_rounded_clip (snapshot, &rect);
          gtk_snapshot_append_color (snapshot, &accent, &rect.bounds);
          gtk_snapshot_pop (snapshot);
        }
      else
        gtk_snapshot_append_color (snapshot, &accent,
                                   &GRAPHENE_RECT_INIT (x, g.top + g.height - h, bar_w, h));
    }
  draw_labels (self, snapshot, &g, &fg);
}

/* Light or dark, another accent: the colours come from the style. */
static void
parlance_usage_chart_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (parlance_usage_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
parlance_usage_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = 160;
      *natural = 280;
    }
}

int
parlance_usage_chart_bar_at (ParlanceUsageChart *self,
                             double              x)
{
  Geometry g;
  int index;

  g_return_val_if_fail (PARLANCE_IS_USAGE_CHART (self), -1);

  if (self->bars->len == 0)
    return -1;
  compute_geometry (self, &g);
  if (x < g.left || x >= g.left + g.width)
    return -1;
  index = (int) ((x - g.left) / g.slot);
  return index < (int) self->bars->len ? index : -1;
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip)
{
  ParlanceUsageChart *self = PARLANCE_USAGE_CHART (widget);
  int index = parlance_usage_chart_bar_at (self, x);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  Bar *bar;

  if (index < 0)
    return FALSE;
  bar = &g_array_index (self->bars, Bar, index);
  value = parlance_usage_chart_format_value (self->metric, bar->value);
  text = g_strdup_printf ("%s: %s", bar->label, value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_description (ParlanceUsageChart *self,
                    const char         *title,
                    gint64              total)
{
  g_autofree char *description = NULL;

  if (self->bars->len == 0)
    /* Translators: the chart's description for a screen reader; %s is what it shows */
    description = g_strdup_printf (_("%s: no usage"), title);
  else
    {
      g_autofree char *total_text = parlance_usage_chart_format_value (self->metric, total);
      g_autofree char *max_text = parlance_usage_chart_format_value (self->metric, self->max_value);
      const char *max_label = NULL;

      for (guint i = 0; i < self->bars->len && max_label == NULL; i++)
        if (g_array_index (self->bars, Bar, i).value == self->max_value)
          max_label = g_array_index (self->bars, Bar, i).label;
      /* Translators: the chart's description for a screen reader: what it shows, its number
       * of bars, their total, and the highest bar's name and value */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s: %u bar, total %s; highest %s, %s",
                                                  "%s: %u bars, total %s; highest %s, %s",
                                                  self->bars->len),
                                     title, self->bars->len, total_text, max_label, max_text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_free (self->description);
  self->description = g_steal_pointer (&description);
}

/**
 * parlance_usage_chart_set_report:
 * @report: (nullable): the rows to show; %NULL for none
 */
void
parlance_usage_chart_set_report (ParlanceUsageChart  *self,
                                 ParlanceUsageReport *report,
                                 ParlanceUsageMetric  metric,
                                 const char          *title)
{
  gint64 total = 0;

  g_return_if_fail (PARLANCE_IS_USAGE_CHART (self));
  g_return_if_fail (title != NULL);

  g_array_set_size (self->bars, 0);
  self->metric = metric;
  self->max_value = 0;
  for (guint i = 0; report != NULL && i < report->rows->len; i++)
    {
      ParlanceUsageRow *row = g_ptr_array_index (report->rows, i);
      Bar bar;

      bar.label = bar_label (row->key, strlen (row->key) == 10 && row->key[4] == '-');
      if (metric == PARLANCE_USAGE_METRIC_COST)
        bar.value = row->cost_pico;
      else
        bar.value = row->tokens_in > G_MAXINT64 - row->tokens_out ? G_MAXINT64
                                                                  : row->tokens_in + row->tokens_out;
      self->max_value = MAX (self->max_value, bar.value);
      g_array_append_val (self->bars, bar);
    }
  if (report != NULL)
    total = metric == PARLANCE_USAGE_METRIC_COST ? report->cost_pico
            : report->tokens_in > G_MAXINT64 - report->tokens_out ? G_MAXINT64
            : report->tokens_in + report->tokens_out;
  update_description (self, title, total);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (nullable): the accessible description, as given to the accessibility tree */
const char *
parlance_usage_chart_get_description (ParlanceUsageChart *self)
{
  g_return_val_if_fail (PARLANCE_IS_USAGE_CHART (self), NULL);
  return self->description;
}

guint
parlance_usage_chart_get_n_bars (ParlanceUsageChart *self)
{
  g_return_val_if_fail (PARLANCE_IS_USAGE_CHART (self), 0);
  return self->bars->len;
}

gint64
parlance_usage_chart_get_value (ParlanceUsageChart *self,
                                guint               index)
{
  g_return_val_if_fail (PARLANCE_IS_USAGE_CHART (self), 0);
  g_return_val_if_fail (index < self->bars->len, 0);
  return g_array_index (self->bars, Bar, index).value;
}

static void
parlance_usage_chart_finalize (GObject *object)
{
  ParlanceUsageChart *self = PARLANCE_USAGE_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  g_free (self->description);
  G_OBJECT_CLASS (parlance_usage_chart_parent_class)->finalize (object);
}

static void
parlance_usage_chart_class_init (ParlanceUsageChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = parlance_usage_chart_finalize;
  widget_class->snapshot = parlance_usage_chart_snapshot;
  widget_class->measure = parlance_usage_chart_measure;
  widget_class->query_tooltip = query_tooltip;
  widget_class->css_changed = parlance_usage_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "usage-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
parlance_usage_chart_init (ParlanceUsageChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
parlance_usage_chart_new (void)
{
  return g_object_new (PARLANCE_TYPE_USAGE_CHART, NULL);
}
