/* parlance-usage-table.h — the numbers of the usage chart as a table, for reading and for
 * screen readers.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_USAGE_TABLE (parlance_usage_table_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceUsageTable, parlance_usage_table, PARLANCE, USAGE_TABLE, GtkWidget)

GtkWidget  *parlance_usage_table_new        (void);
/* One line per row of @report, then a line of totals. @key_title heads the first column
 * ("Day", "Model", "Provider"). */
void        parlance_usage_table_set_report (ParlanceUsageTable  *self,
                                             ParlanceUsageReport *report,
                                             const char          *key_title);
/* The column view, to focus it and for tests. */
GtkColumnView *parlance_usage_table_get_view (ParlanceUsageTable *self);
/* The text of a cell (0: the key, then requests, tokens in, tokens out, cost), or NULL. */
const char *parlance_usage_table_get_cell   (ParlanceUsageTable  *self,
                                             guint                row,
                                             guint                column);

G_END_DECLS
