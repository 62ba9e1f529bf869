/* parlance-budget-popover.c — a budget in detail: the minute, the day, tokens, credits.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened from the budget indicator in the conversation's header. Each limit shows what is left
 * of it (a level bar that runs down as it is used), when it frees up or resets in local time,
 * and where the figure came from: the provider, the user's setting, or the documented free tier.
 * OpenRouter's key adds its credits from GET /api/v1/key: money, not requests.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-budget-popover.h"
#include "parlance-free-tiers.h"
#include "parlance-message.h"

typedef struct
{
  GtkWidget   *box;
  GtkLabel    *value;
  GtkLevelBar *bar;
  GtkLabel    *note;
} Row;

struct _ParlanceBudgetPopover
{
  GtkPopover  parent_instance;

  GtkLabel   *title_label;
  Row         minute;
  Row         day;
  Row         minute_tokens;
  Row         day_tokens;
  GtkWidget  *credits_box;
  GtkLabel   *credits_value;
  GtkLabel   *credits_note;
};

G_DEFINE_FINAL_TYPE (ParlanceBudgetPopover, parlance_budget_popover, GTK_TYPE_POPOVER)

/**
 * parlance_budget_format_count:
 *
 * Returns: (transfer full): @n with the locale's thousands separators, such as "1,000"
 */
char *
parlance_budget_format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/**
 * parlance_budget_format_time:
 *
 * Returns: (transfer full): the local time of @usec (microseconds since the epoch), "01:00"
 */
char *
parlance_budget_format_time (gint64 usec)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return local != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("");
}

static const char *
source_text (ParlanceLimitSource source)
{
  switch (source)
    {
    case PARLANCE_LIMIT_SOURCE_PROVIDER:
      return _("Limit said by the provider");
    case PARLANCE_LIMIT_SOURCE_USER:
      return _("Limit from your settings");
    case PARLANCE_LIMIT_SOURCE_DEFAULT:
      return _("Documented limit");
    case PARLANCE_LIMIT_SOURCE_NONE:
    default:
      return "";
    }
}

/* A limit's row: what is left of it, or hidden when it is unknown. */
static void
show_row (Row        *row,
          gint64      used,
          gint64      limit,
          const char *note)
{
  g_autofree char *left = NULL;
  g_autofree char *of = NULL;
  g_autofree char *value = NULL;
  gint64 n_left = MAX (limit - used, 0);

  gtk_widget_set_visible (row->box, limit >= 0);
  if (limit < 0)
    return;
  left = parlance_budget_format_count (n_left);
  of = parlance_budget_format_count (limit);
  /* Translators: what is left of a limit, such as "42 of 50 left" */
  value = g_strdup_printf (_("%s of %s left"), left, of);
  gtk_label_set_text (row->value, value);
  gtk_level_bar_set_value (row->bar, limit > 0 ? (double) n_left / (double) limit : 0.0);
  gtk_label_set_text (row->note, note);
}

static char *
dup_title (const ParlanceBudgetState *state,
           const char                *provider_name)
{
  if (g_str_equal (state->group, PARLANCE_BUDGET_GROUP_FREE))
    /* Translators: the budget popover's title, such as "Free models on OpenRouter" */
    return g_strdup_printf (_("Free models on %s"), provider_name);
  if (g_str_equal (state->group, state->provider_id))
    return g_strdup (provider_name);
  /* Translators: a model's budget, such as "gemini-2.0-flash on Google Gemini" */
  return g_strdup_printf (_("%s on %s"), state->group, provider_name);
}

/**
 * parlance_budget_popover_set_state:
 * @state: the budget to show
 * @provider_name: the provider's name, as the user knows it
 *
 * Shows the limits @state knows: the minute, the day, and the tokens a minute where the
 * provider counts them (Gemini).
 */
void
parlance_budget_popover_set_state (ParlanceBudgetPopover     *self,
                                   const ParlanceBudgetState *state,
                                   const char                *provider_name)
{
  g_autofree char *title = NULL;
  g_autofree char *minute_note = NULL;
  g_autofree char *day_note = NULL;
  g_autofree char *resets = NULL;
  g_autofree char *tokens = NULL;

  g_return_if_fail (PARLANCE_IS_BUDGET_POPOVER (self));
  g_return_if_fail (state != NULL);

  title = dup_title (state, provider_name != NULL ? provider_name : state->provider_id);
  gtk_label_set_text (self->title_label, title);

  if (state->minute_allowed_at > state->now)
    {
      g_autoptr(GDateTime) local =
        g_date_time_new_from_unix_local (state->minute_allowed_at / G_USEC_PER_SEC);
      g_autofree char *at = g_date_time_format (local, "%H:%M:%S");

      /* Translators: "Frees up at 12:01:05 · Documented limit" */
      minute_note = g_strdup_printf (_("Frees up at %s · %s"), at, source_text (state->minute_source));
    }
  else
    minute_note = g_strdup (source_text (state->minute_source));
  show_row (&self->minute, state->minute_used, state->minute_limit, minute_note);

  resets = parlance_budget_format_time (state->next_allowed_at > state->now &&
                                        state->day_limit >= 0 && state->day_used >= state->day_limit
                                        ? state->next_allowed_at : state->resets_at);
  /* Translators: when the day's limit starts again, in local time: "Resets at 01:00 · Documented limit" */
  day_note = g_strdup_printf (_("Resets at %s · %s"), resets, source_text (state->day_source));
  show_row (&self->day, state->day_used, state->day_limit, day_note);

  show_row (&self->minute_tokens, state->minute_tokens_used, state->minute_tokens_limit,
            source_text (state->minute_tokens_source));

  /* Tokens a day have no limit to count against: where tokens count, their sum. */
  gtk_widget_set_visible (self->day_tokens.box, state->minute_tokens_limit >= 0);
  tokens = parlance_budget_format_count (state->day_tokens_used);
  gtk_label_set_text (self->day_tokens.value, tokens);
  g_clear_pointer (&day_note, g_free);
  g_clear_pointer (&resets, g_free);
  resets = parlance_budget_format_time (state->day_start);
  /* Translators: "Since 01:00", the start of the provider's day in local time */
  day_note = g_strdup_printf (_("Since %s"), resets);
  gtk_label_set_text (self->day_tokens.note, day_note);
}

static char *
dup_credits_value (const ParlanceOpenrouterKeyInfo *info)
{
  g_autofree char *remaining = info->limit_remaining_pico >= 0
                               ? parlance_cost_pico_format (info->limit_remaining_pico) : NULL;
  g_autofree char *limit = info->limit_pico >= 0 ? parlance_cost_pico_format (info->limit_pico) : NULL;

  if (remaining != NULL && limit != NULL)
    /* Translators: credits left under a key's limit, such as "$7.50 of $10 left" */
    return g_strdup_printf (_("%s of %s left"), remaining, limit);
  if (limit != NULL)
    return g_strdup_printf (_("Limit of %s"), limit);
  if (info->unlimited)
    return g_strdup (_("No limit"));
  return g_strdup (_("Not said"));
}

static char *
dup_credits_note (const ParlanceOpenrouterKeyInfo *info)
{
  g_autoptr(GString) note = g_string_new (NULL);

  if (info->usage_pico >= 0)
    {
      g_autofree char *usage = parlance_cost_pico_format (info->usage_pico);

      /* Translators: credits a key used, all time, such as "Used $2.50 in all" */
      g_string_append_printf (note, _("Used %s in all"), usage);
      if (info->usage_daily_pico >= 0)
        {
          g_autofree char *today = parlance_cost_pico_format (info->usage_daily_pico);

          /* Translators: follows "Used $2.50 in all": ", $0.10 since midnight UTC" */
          g_string_append_printf (note, _(", %s since midnight UTC"), today);
        }
    }
  if (info->free_tier_known)
    {
      g_autofree char *daily = parlance_free_tier_dup_daily ("openrouter", !info->is_free_tier);
      g_autofree char *tier = info->is_free_tier
        ? g_strdup_printf (_("Free tier: %s"), daily ? daily : _("no credits bought"))
        : g_strdup_printf (_("Credits bought: %s"), daily ? daily : _("paid"));

      if (note->len > 0)
        g_string_append_c (note, '\n');
      g_string_append (note, tier);
    }
  return g_string_free (g_steal_pointer (&note), FALSE);
}

/**
 * parlance_budget_popover_set_key_info:
 * @shown: whether the provider has a key state to show (OpenRouter)
 * @info: (nullable): what GET /api/v1/key said; %NULL while unknown
 * @problem: (nullable): why it could not be read, shown in place of the figures
 *
 * Shows the key's credits, or hides them.
 */
void
parlance_budget_popover_set_key_info (ParlanceBudgetPopover           *self,
                                      gboolean                         shown,
                                      const ParlanceOpenrouterKeyInfo *info,
                                      const char                      *problem)
{
  g_autofree char *value = NULL;
  g_autofree char *note = NULL;

  g_return_if_fail (PARLANCE_IS_BUDGET_POPOVER (self));

  gtk_widget_set_visible (self->credits_box, shown && (info != NULL || problem != NULL));
  if (info != NULL)
    {
      value = dup_credits_value (info);
      note = dup_credits_note (info);
    }
  else
    {
      value = g_strdup (_("Unknown"));
      note = g_strdup (problem != NULL ? problem : "");
    }
  gtk_label_set_text (self->credits_value, value);
  gtk_label_set_text (self->credits_note, note);
  gtk_widget_set_visible (GTK_WIDGET (self->credits_note), *note != '\0');
}

static void
setup_bar (GtkLevelBar *bar)
{
  /* The bar shows what is left: it turns to the warning colour under a tenth. */
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.1);
}

static void
parlance_budget_popover_class_init (ParlanceBudgetPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-budget-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetPopover, title_label);
#define BIND_ROW(name) \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_box", FALSE, \
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, name.box)); \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_value", FALSE, \
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, name.value)); \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_note", FALSE, \
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, name.note))
  BIND_ROW (minute);
  BIND_ROW (day);
  BIND_ROW (minute_tokens);
  BIND_ROW (day_tokens);
#undef BIND_ROW
  gtk_widget_class_bind_template_child_full (widget_class, "minute_bar", FALSE,
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, minute.bar));
  gtk_widget_class_bind_template_child_full (widget_class, "day_bar", FALSE,
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, day.bar));
  gtk_widget_class_bind_template_child_full (widget_class, "minute_tokens_bar", FALSE,
                                             G_STRUCT_OFFSET (ParlanceBudgetPopover, minute_tokens.bar));
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetPopover, credits_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetPopover, credits_value);
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetPopover, credits_note);
}

static void
parlance_budget_popover_init (ParlanceBudgetPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_bar (self->minute.bar);
  setup_bar (self->day.bar);
  setup_bar (self->minute_tokens.bar);
}
