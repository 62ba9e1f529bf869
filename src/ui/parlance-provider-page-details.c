/* parlance-provider-page-details.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key's state from OpenRouter (ParlanceOpenrouterKeyInfo), shown right under the key when
 * the page opens, and scrolled into view after a Check: what the server said, once, in the same
 * words as `parlance-cli key check`.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-free-tiers.h"
#include "parlance-provider-page-private.h"
#include "parlance-redact.h"

/* OpenRouter credits are US dollars: "$0.0123", "$25", as parlance-cli prints them — a plain
 * decimal of up to 8 places without trailing zeros, rounded from the exact pico-dollars. */
static char *
format_credits (gint64 pico)
{
  gint64 units;
  char fraction[9];
  int len;

  if (pico < 0)
    return NULL;
  units = pico / 10000 + (pico % 10000 >= 5000);   /* 10^-8 dollars */
  g_snprintf (fraction, sizeof fraction, "%08" G_GINT64_FORMAT, units % 100000000);
  for (len = 8; len > 0 && fraction[len - 1] == '0'; len--)
    ;
  fraction[len] = '\0';
  if (len == 0)
    {
      g_autofree char *whole = g_strdup_printf ("%" G_GINT64_FORMAT, units / 100000000);
      /* Translators: an amount of OpenRouter credits, which are US dollars; %s is a number */
      return g_strdup_printf (_("$%s"), whole);
    }
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", units / 100000000, fraction);
    return g_strdup_printf (_("$%s"), number);
  }
}

/* "Daily, next at 01:00", in local time: OpenRouter resets at midnight UTC. */
static char *
format_reset (const ParlanceOpenrouterKeyInfo *info,
              GDateTime                       *now)
{
  g_autoptr(GDateTime) next = parlance_openrouter_key_info_dup_next_reset (info, now);
  g_autoptr(GDateTime) local = next ? g_date_time_to_timezone (next, g_date_time_get_timezone (now)) : NULL;
  g_autofree char *when = NULL;

  if (info->unlimited || info->limit_reset == PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN)
    return NULL;
  if (info->limit_reset == PARLANCE_OPENROUTER_LIMIT_RESET_NEVER)
    return g_strdup (_("Never"));
  if (info->limit_reset == PARLANCE_OPENROUTER_LIMIT_RESET_DAILY)
    {
      /* Translators: a time of day, as strftime() writes it */
      when = g_date_time_format (local, _("%H:%M"));
      return g_strdup_printf (_("Daily, next at %s"), when);
    }
  /* Translators: a day and a time of day, as strftime() writes it */
  when = g_date_time_format (local, _("%A %-d %B, %H:%M"));
  if (info->limit_reset == PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY)
    return g_strdup_printf (_("Weekly, next on %s"), when);
  return g_strdup_printf (_("Monthly, next on %s"), when);
}

static void
set_detail (AdwActionRow *row,
            const char   *value)
{
  g_autofree char *shown = parlance_redact_secrets (value, NULL);

  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL);
  adw_action_row_set_subtitle (row, shown ? shown : "");
}

/* Right after Check, the details must be seen: scroll down until the whole group shows (its
 * top first, if the window is too short for all of it). Once laid out, on the next frame. */
static gboolean
scroll_to_details (GtkWidget     *group,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = scrolled ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  GtkWidget *content = GTK_IS_VIEWPORT (viewport) ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page, target;

  if (content == NULL || !gtk_widget_compute_bounds (group, content, &bounds))
    return G_SOURCE_REMOVE;
  if (bounds.size.height <= 0)
    return G_SOURCE_CONTINUE;   /* not laid out yet */

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  target = MIN (bounds.origin.y + bounds.size.height + 12 - page, bounds.origin.y - 12);
  if (target > value)
    gtk_adjustment_set_value (adjustment, target);
  return G_SOURCE_REMOVE;
}

void
_parlance_provider_page_scroll_to_details (ParlanceProviderPage *self)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self->details_group), scroll_to_details, NULL, NULL);
}

/* OpenRouter's GET /key, as the server states it: credits left and when the limit resets,
 * today's and all usage, tier, rate limit, label. What it did not say is not shown. */
void
_parlance_provider_page_show_key_state (ParlanceProviderPage            *self,
                                        const ParlanceOpenrouterKeyInfo *info,
                                        GDateTime                       *now)
{
  g_autofree char *usage = format_credits (info->usage_pico);
  g_autofree char *today = format_credits (info->usage_daily_pico);
  g_autofree char *limit = format_credits (info->limit_pico);
  g_autofree char *remaining = format_credits (info->limit_remaining_pico);
  g_autofree char *limit_text = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *reset = format_reset (info, now);
  g_autofree char *rate = NULL;
  g_autofree char *tier_text = NULL;

  if (limit != NULL && remaining != NULL)
    /* Translators: credits left under a key's limit, such as "$7.5 of $10" */
    limit_text = g_strdup_printf (_("%s of %s"), remaining, limit);
  else if (limit != NULL)
    limit_text = g_strdup_printf (_("Limit of %s"), limit);
  else if (info->unlimited)
    limit_text = g_strdup (_("No limit"));

  if (today != NULL)
    /* Translators: credits used today, such as "$0.5 since midnight UTC" */
    today_text = g_strdup_printf (_("%s since midnight UTC"), today);

  if (info->free_tier_known)
    {
      /* The daily cap is in the free-tier table; the rate limit is the server's own row. */
      g_autofree char *daily = parlance_free_tier_dup_daily (parlance_provider_get_id (self->provider),
                                                             !info->is_free_tier);

      tier_text = info->is_free_tier
                  ? g_strdup_printf (_("Free tier: %s"), daily ? daily : _("no credits bought"))
                  : g_strdup_printf (_("Credits bought: %s"), daily ? daily : _("paid"));
    }

  if (info->rate_limit_requests >= 0 && info->rate_limit_interval != NULL)
    rate = g_strdup_printf (_("%" G_GINT64_FORMAT " requests per %s"), info->rate_limit_requests,
                            info->rate_limit_interval);

  gtk_widget_set_visible (GTK_WIDGET (self->state_error_row), FALSE);
  set_detail (self->label_row, info->label);
  set_detail (self->limit_row, limit_text);
  set_detail (self->reset_row, reset);
  set_detail (self->today_row, today_text);
  set_detail (self->usage_row, usage);
  set_detail (self->tier_row, tier_text);
  set_detail (self->rate_row, rate);
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), TRUE);
}

/* The state could not be fetched: say so where it would be, in place of old figures. */
void
_parlance_provider_page_show_key_error (ParlanceProviderPage *self,
                                        const char           *message)
{
  AdwActionRow *rows[] = { self->label_row, self->limit_row, self->reset_row, self->today_row,
                           self->usage_row, self->tier_row, self->rate_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
  set_detail (self->state_error_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), TRUE);
}
