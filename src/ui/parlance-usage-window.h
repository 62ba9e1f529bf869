/* parlance-usage-window.h — the Usage window: tokens and cost by day, model and provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_USAGE_WINDOW (parlance_usage_window_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceUsageWindow, parlance_usage_window, PARLANCE, USAGE_WINDOW, AdwWindow)

/* @store: (nullable): where usage is read; NULL shows the empty state. */
GtkWidget  *parlance_usage_window_new           (GtkWindow     *parent,
                                                 ParlanceStore *store);
/* The range: the last @days days, today included; 0 for all time. The chooser offers 7, 30,
 * 90 and 0. */
void        parlance_usage_window_set_range     (ParlanceUsageWindow *self,
                                                 guint                days);
/* An injectable clock for tests: the time "today" is taken from; NULL for the real time. */
void        parlance_usage_window_set_now       (ParlanceUsageWindow *self,
                                                 GDateTime           *now);
/* Reads usage again (the chosen range, grouping and metric). */
void        parlance_usage_window_reload        (ParlanceUsageWindow *self);
/* Whether a read is under way (notifies "loading"). */
gboolean    parlance_usage_window_get_loading   (ParlanceUsageWindow *self);

G_END_DECLS
