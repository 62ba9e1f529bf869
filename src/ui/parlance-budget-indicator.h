/* parlance-budget-indicator.h — what is left of the rate limits, in the conversation's header.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-chat-session.h"
#include "parlance-rate-budget.h"
#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_BUDGET_INDICATOR (parlance_budget_indicator_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceBudgetIndicator, parlance_budget_indicator, PARLANCE, BUDGET_INDICATOR, GtkWidget)

void                       parlance_budget_indicator_set_store   (ParlanceBudgetIndicator *self,
                                                                  ParlanceStore           *store);
void                       parlance_budget_indicator_set_session (ParlanceBudgetIndicator *self,
                                                                  ParlanceChatSession     *session);
void                       parlance_budget_indicator_set_clock   (ParlanceBudgetIndicator *self,
                                                                  ParlanceClockFunc        clock,
                                                                  gpointer                 user_data);
void                       parlance_budget_indicator_refresh     (ParlanceBudgetIndicator *self);
void                       parlance_budget_indicator_set_key_info (ParlanceBudgetIndicator         *self,
                                                                   const char                      *provider_id,
                                                                   const ParlanceOpenrouterKeyInfo *info);
const ParlanceBudgetState *parlance_budget_indicator_get_state   (ParlanceBudgetIndicator *self);
ParlanceRateBudget        *parlance_budget_indicator_get_budget  (ParlanceBudgetIndicator *self);
const char                *parlance_budget_indicator_get_text    (ParlanceBudgetIndicator *self);
guint                      parlance_budget_indicator_get_n_updates (ParlanceBudgetIndicator *self);

G_END_DECLS
