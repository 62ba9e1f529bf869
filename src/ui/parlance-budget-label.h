/* parlance-budget-label.h — a sentence that gives way to its short form when space is short.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_BUDGET_LABEL (parlance_budget_label_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceBudgetLabel, parlance_budget_label, PARLANCE, BUDGET_LABEL, GtkWidget)

GtkWidget  *parlance_budget_label_new          (void);
void        parlance_budget_label_set_text     (ParlanceBudgetLabel *self,
                                                const char          *long_text,
                                                const char          *medium_text,
                                                const char          *short_text);
const char *parlance_budget_label_get_shown    (ParlanceBudgetLabel *self);
const char *parlance_budget_label_get_long     (ParlanceBudgetLabel *self);

G_END_DECLS
