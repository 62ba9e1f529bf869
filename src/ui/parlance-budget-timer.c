/* parlance-budget-timer.c — when the budget indicator looks at the budget again by itself.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a request, a budget changes in three ways: requests leave the sliding minute, a limit
 * the provider said runs out (its reset), and the day ends. While the minute holds requests the
 * indicator looks again every few seconds; else at the earliest reset to come. The timers can
 * be made manual for tests, which fire them at will with the budget's clock set where they like.
 */

#include "config.h"

#include "parlance-budget-timer.h"

/**
 * parlance_budget_next_look:
 * @state: (nullable): the budget shown
 *
 * Returns: in how many seconds to read @state's budget again; 0 for never (nothing shown)
 */
guint
parlance_budget_next_look (const ParlanceBudgetState *state)
{
  gint64 at;

  if (state == NULL)
    return 0;
  if (state->minute_used > 0 || state->minute_tokens_used > 0)
    return PARLANCE_BUDGET_SLIDE_SECONDS;
  /* The day's reset, or earlier the time a limit the provider said lets requests go again. */
  at = state->resets_at;
  if (state->next_allowed_at > state->now && state->next_allowed_at < at)
    at = state->next_allowed_at;
  /* A second past it, so that the reset is behind when the budget is read. */
  return (guint) CLAMP ((at - state->now) / G_USEC_PER_SEC + 1, 1, G_MAXUINT / 2);
}

/* Manual timers, for tests */

typedef struct
{
  guint       seconds;
  GSourceFunc func;
  gpointer    data;
} Manual;

static GHashTable *manual_timers;  /* id → Manual; NULL: real timers */
static guint last_manual_id;
static guint last_seconds;

/**
 * _parlance_budget_timer_add:
 *
 * g_timeout_add_seconds (), or a manual timer in tests.
 *
 * Returns: the timer's id, for _parlance_budget_timer_clear ()
 */
guint
_parlance_budget_timer_add (guint       seconds,
                            GSourceFunc func,
                            gpointer    data)
{
  Manual *manual;

  if (manual_timers == NULL)
    return g_timeout_add_seconds (seconds, func, data);
  manual = g_new0 (Manual, 1);
  manual->seconds = seconds;
  manual->func = func;
  manual->data = data;
  g_hash_table_insert (manual_timers, GUINT_TO_POINTER (++last_manual_id), manual);
  last_seconds = seconds;
  return last_manual_id;
}

/**
 * _parlance_budget_timer_clear:
 * @timer_id: a timer's id, or 0; set to 0
 */
void
_parlance_budget_timer_clear (guint *timer_id)
{
  if (*timer_id == 0)
    return;
  if (manual_timers != NULL)
    g_hash_table_remove (manual_timers, GUINT_TO_POINTER (*timer_id));
  else
    g_source_remove (*timer_id);
  *timer_id = 0;
}

/**
 * _parlance_budget_timer_set_manual:
 *
 * For tests, before any timer is added: %TRUE makes timers wait for
 * _parlance_budget_timer_fire ().
 */
void
_parlance_budget_timer_set_manual (gboolean manual)
{
  if (manual && manual_timers == NULL)
    manual_timers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  else if (!manual)
    g_clear_pointer (&manual_timers, g_hash_table_unref);
}

guint
_parlance_budget_timer_get_n_pending (void)
{
  return manual_timers != NULL ? g_hash_table_size (manual_timers) : 0;
}

/* The seconds of the manual timer added last. */
guint
_parlance_budget_timer_get_seconds (void)
{
  return last_seconds;
}

/**
 * _parlance_budget_timer_fire:
 *
 * Fires every pending manual timer once, as if its time had come (they are one-shot).
 */
void
_parlance_budget_timer_fire (void)
{
  GList *ids;

  g_return_if_fail (manual_timers != NULL);

  ids = g_hash_table_get_keys (manual_timers);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      Manual *manual = g_hash_table_lookup (manual_timers, l->data);
      GSourceFunc func;
      gpointer data;

      if (manual == NULL)
        continue;
      func = manual->func;
      data = manual->data;
      g_hash_table_remove (manual_timers, l->data);
      func (data);
    }
  g_list_free (ids);
}
