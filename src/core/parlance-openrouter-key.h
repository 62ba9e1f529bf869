/* parlance-openrouter-key.h — what OpenRouter says of a key: credits, limit, reset, tier.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "parlance-key-store.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

/* The largest answer to GET /key read: a real one is under 1 KB. */
#define PARLANCE_OPENROUTER_KEY_MAX_SIZE ((gsize) 64 * 1024)

/**
 * ParlanceOpenrouterLimitReset:
 * @PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN: not said, or in words Parlance does not know
 * @PARLANCE_OPENROUTER_LIMIT_RESET_NEVER: the limit never resets (`null`)
 * @PARLANCE_OPENROUTER_LIMIT_RESET_DAILY: at midnight UTC
 * @PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY: at midnight UTC from Sunday to Monday
 * @PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY: at midnight UTC on the first of the month
 *
 * When a key's credit limit starts again (`limit_reset`).
 */
typedef enum
{
  PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN,
  PARLANCE_OPENROUTER_LIMIT_RESET_NEVER,
  PARLANCE_OPENROUTER_LIMIT_RESET_DAILY,
  PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY,
  PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY,
} ParlanceOpenrouterLimitReset;

/**
 * ParlanceOpenrouterKeyInfo:
 * @label: (nullable): the key's label as OpenRouter shows it (a masked key, or the name it was
 *   given), valid UTF-8 of at most 256 bytes; %NULL when not said
 * @unlimited: the key has no credit limit (`limit` is `null`)
 * @limit_pico: the credit limit in pico-dollars; -1 when there is none or it was not said
 * @limit_remaining_pico: credits left under the limit, 0 when overspent; -1 when not said
 * @limit_reset: when the limit starts again
 * @usage_pico: credits used, all time; -1 when not said
 * @usage_daily_pico: credits used in the current UTC day; -1 when not said
 * @usage_weekly_pico: in the current UTC week (from Monday); -1 when not said
 * @usage_monthly_pico: in the current UTC month; -1 when not said
 * @free_tier_known: whether @is_free_tier was said
 * @is_free_tier: the account never bought credits (free models: the smaller daily cap)
 * @rate_limit_requests: requests per @rate_limit_interval; -1 when not said (a deprecated field)
 * @rate_limit_interval: (nullable): such as "10s"
 *
 * `GET /api/v1/key`, read as hostile input: every member is optional, wrong types and
 * impossible values read as "not said". Credits are US dollars, kept as exact pico-dollars
 * (parlance_cost_pico_to_string()).
 */
typedef struct
{
  char                        *label;
  gboolean                     unlimited;
  gint64                       limit_pico;
  gint64                       limit_remaining_pico;
  ParlanceOpenrouterLimitReset limit_reset;
  gint64                       usage_pico;
  gint64                       usage_daily_pico;
  gint64                       usage_weekly_pico;
  gint64                       usage_monthly_pico;
  gboolean                     free_tier_known;
  gboolean                     is_free_tier;
  gint64                       rate_limit_requests;
  char                        *rate_limit_interval;
} ParlanceOpenrouterKeyInfo;

#define PARLANCE_TYPE_OPENROUTER_KEY_INFO (parlance_openrouter_key_info_get_type ())

GType                      parlance_openrouter_key_info_get_type   (void) G_GNUC_CONST;
ParlanceOpenrouterKeyInfo *parlance_openrouter_key_info_new_from_json (JsonNode                 *root,
                                                                       GError                  **error);
ParlanceOpenrouterKeyInfo *parlance_openrouter_key_info_new_from_data (const char               *data,
                                                                       gsize                     len,
                                                                       GError                  **error);
ParlanceOpenrouterKeyInfo *parlance_openrouter_key_info_copy       (const ParlanceOpenrouterKeyInfo *info);
void                       parlance_openrouter_key_info_free       (ParlanceOpenrouterKeyInfo *info);
GDateTime                 *parlance_openrouter_key_info_dup_next_reset (const ParlanceOpenrouterKeyInfo *info,
                                                                        GDateTime                 *now);

void                       parlance_openrouter_key_fetch_async     (ParlanceKeyStore         *key_store,
                                                                    ParlanceProvider         *provider,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
void                       parlance_openrouter_key_fetch_with_key_async (ParlanceProvider    *provider,
                                                                         const char          *api_key,
                                                                         GCancellable        *cancellable,
                                                                         GAsyncReadyCallback  callback,
                                                                         gpointer             user_data);
ParlanceOpenrouterKeyInfo *parlance_openrouter_key_fetch_finish    (GAsyncResult             *result,
                                                                    GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceOpenrouterKeyInfo, parlance_openrouter_key_info_free)

G_END_DECLS
