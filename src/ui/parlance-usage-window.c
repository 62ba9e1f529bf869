/* parlance-usage-window.c — the Usage window: tokens and cost by day, model and provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the store off the main thread (parlance_store_get_usage_async); a new choice cancels the
 * read before it. The same numbers show as a bar chart or as a table, with exact totals. By day
 * over a bounded range, days without requests show as empty bars: the axis is the calendar.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-usage-chart.h"
#include "parlance-usage-table.h"
#include "parlance-usage-window.h"

struct _ParlanceUsageWindow
{
  AdwWindow            parent_instance;

  ParlanceStore       *store;
  gulong               changed_id;
  gulong               usage_changed_id;
  GCancellable        *cancellable;
  ParlanceUsageReport *report;
  GDateTime           *now;          /* NULL: the real time */
  guint                days;         /* 0: all time */
  char                *view;         /* "chart" or "table" */
  char                *grouping;     /* "day", "model" or "provider" */
  char                *metric;       /* "cost" or "tokens" */
  gboolean             loading;

  /* Template widgets */
  GtkDropDown         *range_dropdown;
  GtkStack            *state_stack;
  AdwStatusPage       *empty_page;
  GtkLabel            *total_cost_label;
  GtkLabel            *totals_label;
  GtkStack            *view_stack;
  ParlanceUsageChart  *chart;
  ParlanceUsageTable  *table;
  GtkWidget           *table_button;
};

G_DEFINE_FINAL_TYPE (ParlanceUsageWindow, parlance_usage_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_GROUPING,
  PROP_METRIC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const guint range_days[] = { 7, 30, 90, 0 };

static ParlanceUsageGrouping
get_grouping (ParlanceUsageWindow *self)
{
  if (g_strcmp0 (self->grouping, "model") == 0)
    return PARLANCE_USAGE_BY_MODEL;
  if (g_strcmp0 (self->grouping, "provider") == 0)
    return PARLANCE_USAGE_BY_PROVIDER;
  return PARLANCE_USAGE_BY_DAY;
}

static ParlanceUsageMetric
get_metric (ParlanceUsageWindow *self)
{
  return g_strcmp0 (self->metric, "tokens") == 0 ? PARLANCE_USAGE_METRIC_TOKENS
                                                : PARLANCE_USAGE_METRIC_COST;
}

static GDateTime *
dup_now (ParlanceUsageWindow *self)
{
  return self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_local ();
}

static char *
day_key (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%d");
}

static void
row_free (ParlanceUsageRow *row)
{
  g_free (row->key);
  g_free (row);
}

/* Every day of the range, those without requests as rows of zero. */
static void
fill_days (ParlanceUsageWindow *self,
           ParlanceUsageReport *report)
{
  g_autoptr(GDateTime) now = dup_now (self);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (self->days, (GDestroyNotify) row_free);
  guint next = 0;

  for (guint back = self->days; back-- > 0;)
    {
      g_autofree char *key = day_key (parlance_usage_day_start (now, back));
      ParlanceUsageRow *row = next < report->rows->len ? g_ptr_array_index (report->rows, next) : NULL;

      /* Rows before the range (a clock moved back) are kept in order too. */
      while (row != NULL && strcmp (row->key, key) < 0)
        {
          g_ptr_array_add (rows, g_steal_pointer (&report->rows->pdata[next++]));
          row = next < report->rows->len ? g_ptr_array_index (report->rows, next) : NULL;
        }
      if (row != NULL && strcmp (row->key, key) == 0)
        g_ptr_array_add (rows, g_steal_pointer (&report->rows->pdata[next++]));
      else
        {
          ParlanceUsageRow *empty = g_new0 (ParlanceUsageRow, 1);

          empty->key = g_steal_pointer (&key);
          g_ptr_array_add (rows, empty);
        }
    }
  while (next < report->rows->len)
    g_ptr_array_add (rows, g_steal_pointer (&report->rows->pdata[next++]));
  /* The rows moved to @rows; the old array frees none of them. */
  g_ptr_array_set_free_func (report->rows, NULL);
  g_ptr_array_unref (report->rows);
  report->rows = g_steal_pointer (&rows);
}

static const char *
chart_title (ParlanceUsageMetric   metric,
             ParlanceUsageGrouping grouping)
{
  const char *titles[2][3] = {
    { N_("Cost by day"), N_("Cost by model"), N_("Cost by provider") },
    { N_("Tokens by day"), N_("Tokens by model"), N_("Tokens by provider") },
  };

  return _(titles[metric][grouping]);
}

static void
show_report (ParlanceUsageWindow *self)
{
  const char *key_titles[] = { N_("Day"), N_("Model"), N_("Provider") };
  ParlanceUsageGrouping grouping = get_grouping (self);
  ParlanceUsageMetric metric = get_metric (self);
  g_autofree char *cost = NULL;
  g_autofree char *requests = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *totals = NULL;

  if (self->report == NULL || self->report->requests == 0)
    {
      adw_status_page_set_title (self->empty_page, self->days == 0 ? _("No Usage Yet")
                                                                   : _("No Usage in This Range"));
      adw_status_page_set_description (self->empty_page, self->days == 0
        ? _("The requests you send are counted here, with their tokens and cost.")
        : _("Choose a longer range to see earlier requests."));
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
      parlance_usage_chart_set_report (self->chart, NULL, metric, chart_title (metric, grouping));
      parlance_usage_table_set_report (self->table, NULL, _(key_titles[grouping]));
      return;
    }

  cost = parlance_cost_pico_format (self->report->cost_pico);
  gtk_label_set_text (self->total_cost_label, cost);
  requests = g_strdup_printf ("%'" G_GINT64_FORMAT, self->report->requests);
  in = g_strdup_printf ("%'" G_GINT64_FORMAT, self->report->tokens_in);
  out = g_strdup_printf ("%'" G_GINT64_FORMAT, self->report->tokens_out);
  /* Translators: the totals under the cost: requests, tokens read, tokens written */
  totals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s request · %s tokens in · %s out",
                                         "%s requests · %s tokens in · %s out",
                                         (gulong) (self->report->requests % 1000000)),
                            requests, in, out);
  gtk_label_set_text (self->totals_label, totals);
  parlance_usage_chart_set_report (self->chart, self->report, metric, chart_title (metric, grouping));
  parlance_usage_table_set_report (self->table, self->report, _(key_titles[grouping]));
  gtk_stack_set_visible_child_name (self->state_stack, "usage");
}

static void
set_loading (ParlanceUsageWindow *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
usage_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ParlanceUsageReport *report = parlance_store_get_usage_finish (PARLANCE_STORE (object), result, &error);
  ParlanceUsageWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer read, or the window went */
  self = PARLANCE_USAGE_WINDOW (user_data);
  g_clear_pointer (&self->report, parlance_usage_report_free);
  if (report == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Usage Could Not Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
    }
  else
    {
      self->report = report;
      if (get_grouping (self) == PARLANCE_USAGE_BY_DAY && self->days > 0 && report->requests > 0)
        fill_days (self, report);
      show_report (self);
    }
  set_loading (self, FALSE);
}

/**
 * parlance_usage_window_reload:
 *
 * Reads usage again for the chosen range and grouping, cancelling a read under way.
 */
void
parlance_usage_window_reload (ParlanceUsageWindow *self)
{
  g_autoptr(GDateTime) now = NULL;
  gint64 since = 0;

  g_return_if_fail (PARLANCE_IS_USAGE_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    {
      g_clear_pointer (&self->report, parlance_usage_report_free);
      show_report (self);
      set_loading (self, FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  now = dup_now (self);
  if (self->days > 0)
    since = parlance_usage_day_start (now, self->days - 1);
  if (self->report == NULL)
    gtk_stack_set_visible_child_name (self->state_stack, "loading");
  set_loading (self, TRUE);
  parlance_store_get_usage_async (self->store, get_grouping (self), since, 0, self->cancellable,
                                  usage_loaded, self);
}

void
parlance_usage_window_set_range (ParlanceUsageWindow *self,
                                 guint                days)
{
  g_return_if_fail (PARLANCE_IS_USAGE_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (range_days); i++)
    if (range_days[i] == days && gtk_drop_down_get_selected (self->range_dropdown) != i)
      gtk_drop_down_set_selected (self->range_dropdown, i);   /* which reloads */
  if (self->days != days)
    {
      self->days = days;
      parlance_usage_window_reload (self);
    }
}

void
parlance_usage_window_set_now (ParlanceUsageWindow *self,
                               GDateTime           *now)
{
  g_return_if_fail (PARLANCE_IS_USAGE_WINDOW (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now != NULL ? g_date_time_ref (now) : NULL;
}

gboolean
parlance_usage_window_get_loading (ParlanceUsageWindow *self)
{
  g_return_val_if_fail (PARLANCE_IS_USAGE_WINDOW (self), FALSE);
  return self->loading;
}

static void
range_selected (ParlanceUsageWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (selected < G_N_ELEMENTS (range_days))
    parlance_usage_window_set_range (self, range_days[selected]);
}

/* Property setters: a string that changed, or FALSE. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
parlance_usage_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ParlanceUsageWindow *self = PARLANCE_USAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      if (set_string (&self->view, g_value_get_string (value)))
        {
          gtk_stack_set_visible_child_name (self->view_stack, self->view);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_GROUPING:
      if (set_string (&self->grouping, g_value_get_string (value)))
        {
          g_object_notify_by_pspec (object, pspec);
          parlance_usage_window_reload (self);
        }
      break;
    case PROP_METRIC:
      if (set_string (&self->metric, g_value_get_string (value)))
        {
          g_object_notify_by_pspec (object, pspec);
          show_report (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_usage_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ParlanceUsageWindow *self = PARLANCE_USAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    case PROP_GROUPING:
      g_value_set_string (value, self->grouping);
      break;
    case PROP_METRIC:
      g_value_set_string (value, self->metric);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_usage_window_dispose (GObject *object)
{
  ParlanceUsageWindow *self = PARLANCE_USAGE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_signal_handler (&self->usage_changed_id, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_USAGE_WINDOW);
  G_OBJECT_CLASS (parlance_usage_window_parent_class)->dispose (object);
}

static void
parlance_usage_window_finalize (GObject *object)
{
  ParlanceUsageWindow *self = PARLANCE_USAGE_WINDOW (object);

  g_clear_pointer (&self->report, parlance_usage_report_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self->view);
  g_free (self->grouping);
  g_free (self->metric);
  G_OBJECT_CLASS (parlance_usage_window_parent_class)->finalize (object);
}

static void
parlance_usage_window_class_init (ParlanceUsageWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = parlance_usage_window_set_property;
  object_class->get_property = parlance_usage_window_get_property;
  object_class->dispose = parlance_usage_window_dispose;
  object_class->finalize = parlance_usage_window_finalize;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "chart",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUPING] =
    g_param_spec_string ("grouping", NULL, NULL, "day",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC] =
    g_param_spec_string ("metric", NULL, NULL, "cost",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-usage-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, total_cost_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, totals_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, table);
  gtk_widget_class_bind_template_child (widget_class, ParlanceUsageWindow, table_button);

  gtk_widget_class_install_property_action (widget_class, "usage.view", "view");
  gtk_widget_class_install_property_action (widget_class, "usage.grouping", "grouping");
  gtk_widget_class_install_property_action (widget_class, "usage.metric", "metric");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
parlance_usage_window_init (ParlanceUsageWindow *self)
{
  self->view = g_strdup ("chart");
  self->grouping = g_strdup ("day");
  self->metric = g_strdup ("cost");
  self->days = range_days[0];

  g_type_ensure (PARLANCE_TYPE_USAGE_CHART);
  g_type_ensure (PARLANCE_TYPE_USAGE_TABLE);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->range_dropdown, "notify::selected", G_CALLBACK (range_selected), self);
}

/**
 * parlance_usage_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: (nullable): the conversation database
 *
 * Returns: (transfer full): a new Usage window, reading the last 7 days by day
 */
GtkWidget *
parlance_usage_window_new (GtkWindow     *parent,
                           ParlanceStore *store)
{
  ParlanceUsageWindow *self = g_object_new (PARLANCE_TYPE_USAGE_WINDOW,
                                            "transient-for", parent,
                                            "destroy-with-parent", TRUE,
                                            NULL);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      /* New replies change the numbers, and so does a cost told after its reply ended. */
      self->changed_id = g_signal_connect_swapped (store, "conversations-changed",
                                                   G_CALLBACK (parlance_usage_window_reload), self);
      self->usage_changed_id = g_signal_connect_swapped (store, "usage-changed",
                                                         G_CALLBACK (parlance_usage_window_reload), self);
    }
  parlance_usage_window_reload (self);
  return GTK_WIDGET (self);
}
