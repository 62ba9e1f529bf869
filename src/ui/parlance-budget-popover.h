/* parlance-budget-popover.h — a budget in detail: the minute, the day, tokens, credits.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-openrouter-key.h"
#include "parlance-rate-budget.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_BUDGET_POPOVER (parlance_budget_popover_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceBudgetPopover, parlance_budget_popover, PARLANCE, BUDGET_POPOVER, GtkPopover)

void parlance_budget_popover_set_state    (ParlanceBudgetPopover           *self,
                                           const ParlanceBudgetState       *state,
                                           const char                      *provider_name);
void parlance_budget_popover_set_key_info (ParlanceBudgetPopover           *self,
                                           gboolean                         shown,
                                           const ParlanceOpenrouterKeyInfo *info,
                                           const char                      *problem);

char *parlance_budget_format_count        (gint64                           n);
char *parlance_budget_format_time         (gint64                           usec);

G_END_DECLS
