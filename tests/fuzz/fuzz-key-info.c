/* fuzz-key-info.c — libFuzzer: OpenRouter's answer to GET /api/v1/key.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body goes through parlance_openrouter_key_info_new_from_data(), as the fetch gives it.
 * Whatever it holds: either MALFORMED, or a key's state whose texts are short valid UTF-8, whose
 * amounts are -1 (not said) or not negative, whose rate limit comes with its interval, and whose
 * next reset is after now; the copy says the same.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-openrouter-key.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
text_is_valid (const char *text,
               gsize       max_len)
{
  return text == NULL || (strlen (text) <= max_len && g_utf8_validate (text, -1, NULL));
}

static void
check_info (const ParlanceOpenrouterKeyInfo *info)
{
  if (!text_is_valid (info->label, 256) ||
      !text_is_valid (info->rate_limit_interval, 32) ||
      info->limit_pico < -1 || info->limit_remaining_pico < -1 ||
      info->usage_pico < -1 || info->usage_daily_pico < -1 ||
      info->usage_weekly_pico < -1 || info->usage_monthly_pico < -1 ||
      (info->unlimited && info->limit_pico != -1) ||
      info->limit_reset > PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY ||
      (!info->free_tier_known && info->is_free_tier) ||
      info->rate_limit_requests < -1 || info->rate_limit_requests > G_MAXINT32 ||
      ((info->rate_limit_requests >= 0) != (info->rate_limit_interval != NULL)))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(ParlanceOpenrouterKeyInfo) copy = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 31, 23, 59, 59.5);
  g_autoptr(GDateTime) reset = NULL;
  g_autoptr(GError) error = NULL;

  info = parlance_openrouter_key_info_new_from_data ((const char *) data, size, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED) ||
          !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  check_info (info);

  copy = parlance_openrouter_key_info_copy (info);
  check_info (copy);
  if (g_strcmp0 (copy->label, info->label) != 0 || copy->usage_pico != info->usage_pico ||
      g_strcmp0 (copy->rate_limit_interval, info->rate_limit_interval) != 0)
    abort ();

  reset = parlance_openrouter_key_info_dup_next_reset (info, now);
  if ((reset != NULL) != (info->limit_reset >= PARLANCE_OPENROUTER_LIMIT_RESET_DAILY) ||
      (reset != NULL && g_date_time_compare (reset, now) <= 0))
    abort ();
  return 0;
}
