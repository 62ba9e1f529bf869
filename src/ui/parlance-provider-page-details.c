/* parlance-provider-page-details.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key details a Check brings back from OpenRouter, shown right under the key and scrolled
 * into view: what the server said, once, in the same words as `parlance-cli key check`.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "parlance-free-tiers.h"
#include "parlance-provider-page-private.h"
#include "parlance-redact.h"

/* OpenRouter credits are US dollars: "$0.0123", "$25", as parlance-cli prints them — a plain
 * decimal of up to 8 places without trailing zeros, never "1e-05". */
static char *
format_credits (JsonObject *object,
                const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double value;
  char *end;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return NULL;
  value = json_node_get_double (node);
  if (!isfinite (value) || fabs (value) >= 1e15)
    return NULL;
  g_ascii_formatd (number, sizeof number, "%.8f", value);
  end = number + strlen (number) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (g_str_equal (number, "-0"))
    g_strlcpy (number, "0", sizeof number);
  /* Translators: an amount of OpenRouter credits, which are US dollars; %s is a number */
  return g_strdup_printf (_("$%s"), number);
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

/* OpenRouter's GET /key, as the server states it: label, credits, tier, rate limit. */
void
_parlance_provider_page_show_key_info (ParlanceProviderPage *self,
                                       JsonNode             *root)
{
  JsonObject *data = NULL;
  JsonNode *node;
  g_autofree char *usage = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *remaining = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *tier_text = NULL;

  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "data"))
    {
      node = json_object_get_member (json_node_get_object (root), "data");
      if (JSON_NODE_HOLDS_OBJECT (node))
        data = json_node_get_object (node);
    }

  usage = format_credits (data, "usage");
  limit = format_credits (data, "limit");
  remaining = format_credits (data, "limit_remaining");
  if (limit != NULL && remaining != NULL)
    limit_text = g_strdup_printf (_("%s, %s left"), limit, remaining);
  else if (data != NULL && json_object_has_member (data, "limit"))
    limit_text = g_strdup (limit ? limit : _("No limit"));

  if (data != NULL && json_object_has_member (data, "is_free_tier"))
    {
      node = json_object_get_member (data, "is_free_tier");
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        {
          /* The daily cap is in the free-tier table; the rate limit is the server's own row. */
          g_autofree char *daily = parlance_free_tier_dup_daily (parlance_provider_get_id (self->provider),
                                                                 !json_node_get_boolean (node));

          tier_text = json_node_get_boolean (node)
                      ? g_strdup_printf (_("Free tier: %s"), daily ? daily : _("no credits bought"))
                      : g_strdup_printf (_("Credits bought: %s"), daily ? daily : _("paid"));
        }
    }

  node = data ? json_object_get_member (data, "rate_limit") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *rl = json_node_get_object (node);
      gint64 requests = json_object_get_int_member_with_default (rl, "requests", -1);
      const char *interval = json_object_get_string_member_with_default (rl, "interval", NULL);

      if (requests >= 0 && interval != NULL)
        rate = g_strdup_printf (_("%" G_GINT64_FORMAT " requests per %s"), requests, interval);
    }

  set_detail (self->label_row, data ? json_object_get_string_member_with_default (data, "label", NULL) : NULL);
  set_detail (self->usage_row, usage);
  set_detail (self->limit_row, limit_text);
  set_detail (self->tier_row, tier_text);
  set_detail (self->rate_row, rate);
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->details_group), scroll_to_details, NULL, NULL);
}

