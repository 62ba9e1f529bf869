/* parlance-usage-chart.h — a bar chart of usage: cost or tokens by day, model or provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-store.h"

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_USAGE_METRIC_COST,
  PARLANCE_USAGE_METRIC_TOKENS,   /* in and out together */
} ParlanceUsageMetric;

#define PARLANCE_TYPE_USAGE_CHART (parlance_usage_chart_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceUsageChart, parlance_usage_chart, PARLANCE, USAGE_CHART, GtkWidget)

GtkWidget  *parlance_usage_chart_new         (void);
/* Shows @report's rows as bars of @metric (the chart keeps its own copy). @title names what is
 * shown, such as "Cost by day", for the accessible description. */
void        parlance_usage_chart_set_report  (ParlanceUsageChart  *self,
                                              ParlanceUsageReport *report,
                                              ParlanceUsageMetric  metric,
                                              const char          *title);
const char *parlance_usage_chart_get_description (ParlanceUsageChart *self);
guint       parlance_usage_chart_get_n_bars  (ParlanceUsageChart  *self);
/* The value of a bar: pico-dollars or tokens. */
gint64      parlance_usage_chart_get_value   (ParlanceUsageChart  *self,
                                              guint                index);
/* The bar under @x (widget coordinates), or -1. */
int         parlance_usage_chart_bar_at      (ParlanceUsageChart  *self,
                                              double               x);
/* The text of a value as the chart writes it ("$0.0123", "1,234 tokens"). */
char       *parlance_usage_chart_format_value (ParlanceUsageMetric metric,
                                               gint64              value);

G_END_DECLS
