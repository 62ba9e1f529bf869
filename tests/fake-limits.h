/* fake-limits.h — the fake provider's limits group: rate limits, quotas, credits, usage, cost.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fake-provider.h"

G_BEGIN_DECLS

/* What the "usage-openrouter" stream and the "generation" answer say. */
#define FAKE_LIMITS_GENERATION_ID   "gen-1764000200-ParlanceLimits"
#define FAKE_LIMITS_COST            "0.0000369"
#define FAKE_LIMITS_COST_PICO       G_GINT64_CONSTANT (36900000)
#define FAKE_LIMITS_GENERATION_COST "0.00435825"
#define FAKE_LIMITS_GENERATION_COST_PICO G_GINT64_CONSTANT (4358250000)

typedef struct
{
  const char *name;
  const char *method;
  const char *path;
  const char *description;
} FakeLimitsFault;

const FakeLimitsFault *fake_limits_list         (guint      *n_faults);
const FakeLimitsFault *fake_limits_lookup       (const char *name);
FakeResponse          *fake_limits_response_new (const char *name,
                                                 gint64      now_ms);

G_END_DECLS
