/* parlance-budget-timer.h — when the budget indicator looks at the budget again by itself.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "parlance-rate-budget.h"

G_BEGIN_DECLS

/* While the last minute holds requests, the budget is looked at again this often. */
#define PARLANCE_BUDGET_SLIDE_SECONDS 5

guint    parlance_budget_next_look          (const ParlanceBudgetState *state);

guint    _parlance_budget_timer_add         (guint                      seconds,
                                             GSourceFunc                func,
                                             gpointer                   data);
void     _parlance_budget_timer_clear       (guint                     *timer_id);

/* For tests: timers that wait for _parlance_budget_timer_fire () instead of the time. */
void     _parlance_budget_timer_set_manual  (gboolean                   manual);
guint    _parlance_budget_timer_get_n_pending (void);
guint    _parlance_budget_timer_get_seconds (void);
void     _parlance_budget_timer_fire        (void);

G_END_DECLS
