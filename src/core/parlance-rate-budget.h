/* parlance-rate-budget.h — how much of a provider's rate limits is used, and when it frees up.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-chat-reply.h"
#include "parlance-openrouter-key.h"
#include "parlance-store.h"

G_BEGIN_DECLS

/* OpenRouter's ":free" models share one budget. */
#define PARLANCE_BUDGET_GROUP_FREE "free"

/* Microseconds since the epoch (UTC), as g_get_real_time () gives. */
typedef gint64 (*ParlanceClockFunc) (gpointer user_data);

/**
 * ParlanceBudgetWindow:
 * @PARLANCE_BUDGET_WINDOW_AUTO: the minute when the limit resets within about a minute, else the day
 * @PARLANCE_BUDGET_WINDOW_MINUTE: requests in a sliding minute
 * @PARLANCE_BUDGET_WINDOW_DAY: requests since the daily reset
 * @PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS: prompt tokens in a sliding minute
 */
typedef enum
{
  PARLANCE_BUDGET_WINDOW_AUTO,
  PARLANCE_BUDGET_WINDOW_MINUTE,
  PARLANCE_BUDGET_WINDOW_DAY,
  PARLANCE_BUDGET_WINDOW_MINUTE_TOKENS,
} ParlanceBudgetWindow;

/**
 * ParlanceLimitSource:
 * @PARLANCE_LIMIT_SOURCE_NONE: unknown
 * @PARLANCE_LIMIT_SOURCE_PROVIDER: what the provider said (headers, /key)
 * @PARLANCE_LIMIT_SOURCE_USER: the user's figure in Preferences
 * @PARLANCE_LIMIT_SOURCE_DEFAULT: the provider's documented figure
 */
typedef enum
{
  PARLANCE_LIMIT_SOURCE_NONE,
  PARLANCE_LIMIT_SOURCE_PROVIDER,
  PARLANCE_LIMIT_SOURCE_USER,
  PARLANCE_LIMIT_SOURCE_DEFAULT,
} ParlanceLimitSource;

/**
 * ParlanceBudgetState:
 * @provider_id: the provider
 * @group: the budget group
 * @now: the instant it was computed for
 * @minute_used: requests in the last 60 seconds
 * @minute_limit: requests allowed in any 60 seconds; -1 unknown (so for every limit)
 * @day_used: requests since the daily reset
 * @day_limit: requests allowed a day
 * @minute_tokens_used: prompt tokens in the last 60 seconds
 * @minute_tokens_limit: prompt tokens allowed in any 60 seconds
 * @day_tokens_used: prompt and completion tokens since the daily reset
 * @day_start: when the current day began (the last reset)
 * @resets_at: the next daily reset
 * @reset_zone: the time zone of the reset (its midnight)
 * @minute_allowed_at: when the minute window lets the next request go (@now when it does now)
 * @next_allowed_at: when the minute and day limits both let it go
 * @minute_source: where @minute_limit came from (so the others)
 *
 * A budget at one instant. Times are microseconds since the epoch.
 */
typedef struct
{
  char                *provider_id;
  char                *group;
  gint64               now;
  gint64               minute_used;
  gint64               minute_limit;
  gint64               day_used;
  gint64               day_limit;
  gint64               minute_tokens_used;
  gint64               minute_tokens_limit;
  gint64               day_tokens_used;
  gint64               day_start;
  gint64               resets_at;
  char                *reset_zone;
  gint64               minute_allowed_at;
  gint64               next_allowed_at;
  ParlanceLimitSource  minute_source;
  ParlanceLimitSource  day_source;
  ParlanceLimitSource  minute_tokens_source;
} ParlanceBudgetState;

void parlance_budget_state_free (ParlanceBudgetState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceBudgetState, parlance_budget_state_free)
char *parlance_budget_state_dup_resets_at (const ParlanceBudgetState *state);

#define PARLANCE_TYPE_RATE_BUDGET (parlance_rate_budget_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceRateBudget, parlance_rate_budget, PARLANCE, RATE_BUDGET, GObject)

char                *parlance_rate_budget_group_for_model (const char          *provider_id,
                                                           const char          *model);

ParlanceRateBudget  *parlance_rate_budget_new            (ParlanceStore        *store);
ParlanceStore       *parlance_rate_budget_get_store      (ParlanceRateBudget   *self);
void                 parlance_rate_budget_set_clock      (ParlanceRateBudget   *self,
                                                          ParlanceClockFunc     clock,
                                                          gpointer              user_data);
gint64               parlance_rate_budget_now            (ParlanceRateBudget   *self);

void                 parlance_rate_budget_set_override   (ParlanceRateBudget   *self,
                                                          const char           *provider_id,
                                                          gint64                per_minute,
                                                          gint64                per_day,
                                                          gint64                tokens_per_minute);
void                 parlance_rate_budget_bind_settings  (ParlanceRateBudget   *self,
                                                          GSettings            *settings);

gboolean             parlance_rate_budget_learn          (ParlanceRateBudget   *self,
                                                          const char           *provider_id,
                                                          const char           *group,
                                                          ParlanceBudgetWindow  window,
                                                          gint64                limit,
                                                          gint64                remaining,
                                                          gint64                reset_at,
                                                          GError              **error);
gboolean             parlance_rate_budget_learn_from_reply (ParlanceRateBudget *self,
                                                            const char         *provider_id,
                                                            const char         *model,
                                                            ParlanceChatReply  *reply);
gboolean             parlance_rate_budget_learn_from_key_info (ParlanceRateBudget              *self,
                                                               const char                      *provider_id,
                                                               const ParlanceOpenrouterKeyInfo *info);
void                 parlance_rate_budget_learn_from_key_info_async (ParlanceRateBudget              *self,
                                                                     const char                      *provider_id,
                                                                     const ParlanceOpenrouterKeyInfo *info,
                                                                     GCancellable                    *cancellable,
                                                                     GAsyncReadyCallback              callback,
                                                                     gpointer                         user_data);
gboolean             parlance_rate_budget_learn_from_key_info_finish (ParlanceRateBudget *self,
                                                                      GAsyncResult       *result,
                                                                      GError            **error);

ParlanceBudgetState *parlance_rate_budget_get_state      (ParlanceRateBudget   *self,
                                                          const char           *provider_id,
                                                          const char           *group,
                                                          GError              **error);
ParlanceBudgetState *parlance_rate_budget_get_state_for_model (ParlanceRateBudget *self,
                                                               const char         *provider_id,
                                                               const char         *model,
                                                               GError            **error);
void                 parlance_rate_budget_get_state_async (ParlanceRateBudget  *self,
                                                           const char          *provider_id,
                                                           const char          *model,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
ParlanceBudgetState *parlance_rate_budget_get_state_finish (ParlanceRateBudget *self,
                                                            GAsyncResult       *result,
                                                            GError            **error);
gint64               parlance_rate_budget_next_allowed   (ParlanceRateBudget   *self,
                                                          const char           *provider_id,
                                                          const char           *model,
                                                          GError              **error);
GStrv                parlance_rate_budget_list_groups    (ParlanceRateBudget   *self,
                                                          const char           *provider_id,
                                                          GError              **error);

G_END_DECLS
