/* parlance-rate-budget-private.h — what the files of ParlanceRateBudget share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parlance-rate-budget.c        the object, the user's figures, what providers said
 * parlance-rate-budget-state.c  a budget's state: counts, limits, resets, when a request may go
 * parlance-rate-budget-key.c    what OpenRouter's /key says of the daily limit of free models
 */

#pragma once

#include "parlance-rate-budget.h"

G_BEGIN_DECLS

#define BUDGET_MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  gint64 per_minute;   /* 0: not set */
  gint64 per_day;
  gint64 tokens_per_minute;
} Override;

typedef struct
{
  gint64 limit;
  gint64 remaining;
  gint64 reset_at;
  gint64 learned_at;
} Learned;

struct _ParlanceRateBudget
{
  GObject            parent_instance;

  ParlanceStore     *store;       /* NULL: nothing is counted */
  ParlanceClockFunc  clock;
  gpointer           clock_data;
  GSettings         *settings;

  GMutex             mutex;       /* guards the tables: states are computed in threads too */
  GHashTable        *overrides;   /* provider id → Override */
  GHashTable        *learned;     /* "provider\037group\037window" → Learned */
};

gboolean _parlance_rate_budget_lookup_learned (ParlanceRateBudget   *self,
                                               const char           *provider_id,
                                               const char           *group,
                                               ParlanceBudgetWindow  window,
                                               Learned              *out);

G_END_DECLS
