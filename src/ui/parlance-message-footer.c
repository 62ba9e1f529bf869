/* parlance-message-footer.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dim line under a reply once it ended: who answered (the catalogue's name for the model,
 * the provider's name), the tokens it read and wrote, its exact cost when the provider said it,
 * how long the first token took and how fast the rest came. What is unknown is left out. The
 * status of a stopped or failed reply is the row's, above it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-display-text.h"
#include "parlance-fallback.h"
#include "parlance-json.h"
#include "parlance-message-footer.h"
#include "parlance-model.h"
#include "parlance-provider-registry.h"

#define PICO_PER_DOLLAR 1e12
#define MIN_SPEED_SPAN (G_USEC_PER_SEC / 5)

struct _ParlanceMessageFooter
{
  GtkWidget             parent_instance;

  ParlanceMessage      *message;
  ParlanceModelCatalog *catalog;
  GSignalGroup         *signals;

  GtkLabel             *label;
};

G_DEFINE_FINAL_TYPE (ParlanceMessageFooter, parlance_message_footer, GTK_TYPE_WIDGET)

static const char *
catalog_name (const char           *id,
              ParlanceModelCatalog *catalog)
{
  ParlanceModel *model = id != NULL && catalog != NULL ? parlance_model_catalog_lookup (catalog, id) : NULL;

  if (model != NULL && *parlance_model_get_name (model) != '\0')
    return parlance_model_get_name (model);
  return id;
}

static const char *
model_name (ParlanceMessage      *message,
            ParlanceModelCatalog *catalog)
{
  return catalog_name (parlance_message_get_model (message), catalog);
}

/* "Answered by X — Y was rate-limited, Z was unavailable": the models that failed before, from
 * the attempts the message keeps (read as any stored text: bounded, shape not trusted). */
static char *
dup_fallback_text (ParlanceMessage      *message,
                   ParlanceModelCatalog *catalog,
                   const char           *name)
{
  const char *json = parlance_message_get_attempts (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  JsonNode *root;
  JsonArray *attempts;
  gboolean waited = FALSE;

  if (json == NULL || name == NULL ||
      !parlance_json_parser_load (parser, json, strlen (json), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  attempts = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (attempts) && i < 8; i++)
    {
      JsonNode *node = json_array_get_element (attempts, i);
      const char *model;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (model = parlance_json_get_string (json_node_get_object (node), "model")) == NULL)
        continue;
      if (json_object_has_member (json_node_get_object (node), "waited"))
        {
          /* A wait, then the same model again: said once, however often. */
          if (waited)
            continue;
          waited = TRUE;
          /* Translators: %s is a model that was rate-limited; the reply was sent again later */
          g_ptr_array_add (reasons, g_strdup_printf (_("%s was rate-limited and asked again"),
                                                     catalog_name (model, catalog)));
          continue;
        }
      g_ptr_array_add (reasons, parlance_fallback_reason_describe (
        parlance_fallback_reason_from_string (parlance_json_get_string (json_node_get_object (node), "reason")),
        catalog_name (model, catalog)));
    }
  if (reasons->len == 0)
    return NULL;
  g_ptr_array_add (reasons, NULL);
  joined = g_strjoinv (", ", (char **) reasons->pdata);
  /* Translators: which model answered a message and why another did not, such as
   * "Answered by Gemma 3 27B — Llama 3.3 70B was rate-limited" */
  return g_strdup_printf (_("Answered by %s — %s"), name, joined);
}

static void
add_speed (GPtrArray       *parts,
           ParlanceMessage *message)
{
  gint64 first = parlance_message_get_first_token_time (message);
  gint64 duration = parlance_message_get_duration (message);
  gint64 in, out;

  parlance_message_get_tokens (message, &in, &out, NULL, NULL);
  if (first >= G_USEC_PER_SEC)
    /* Translators: the time the first word of a reply took, such as "1.8 s to first token" */
    g_ptr_array_add (parts, g_strdup_printf (_("%.1f s to first token"), first / (double) G_USEC_PER_SEC));
  else if (first >= 0)
    /* Translators: the time the first word of a reply took, such as "420 ms to first token" */
    g_ptr_array_add (parts, g_strdup_printf (_("%d ms to first token"), (int) (first / 1000)));
  /* A speed from a few milliseconds of text (a reply that came in one piece) means nothing. */
  if (out > 0 && first >= 0 && duration - first >= MIN_SPEED_SPAN)
    /* Translators: how fast a reply came, such as "56 tokens/s" */
    g_ptr_array_add (parts, g_strdup_printf (_("%'.0f tokens/s"),
                                             out / ((duration - first) / (double) G_USEC_PER_SEC)));
}

/**
 * parlance_message_footer_dup_text:
 * @catalog: (nullable): where model names are found
 *
 * Returns: (transfer full) (nullable): the footer's text, or %NULL when there is none
 */
char *
parlance_message_footer_dup_text (ParlanceMessage      *message,
                                  ParlanceModelCatalog *catalog)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  ParlanceMessageStatus status = parlance_message_get_status (message);
  const char *provider_id = parlance_message_get_provider_id (message);
  ParlanceProvider *provider = NULL;
  const char *name = model_name (message, catalog);
  gint64 in, out, cost = parlance_message_get_cost_pico (message);

  if (parlance_message_get_role (message) != PARLANCE_ROLE_ASSISTANT ||
      status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING)
    return NULL;
  if (provider_id != NULL)
    provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);

  if (name != NULL)
    {
      char *fallback = status == PARLANCE_MESSAGE_COMPLETE ? dup_fallback_text (message, catalog, name) : NULL;

      g_ptr_array_add (parts, fallback != NULL ? fallback : g_strdup (name));
    }
  if (provider != NULL || provider_id != NULL)
    {
      const char *shown = provider != NULL ? parlance_provider_get_name (provider) : provider_id;
      const char *upstream = parlance_message_get_provider_name (message);

      if (upstream != NULL && *upstream != '\0' && g_strcmp0 (upstream, shown) != 0)
        /* Translators: a router and the provider it sent the request to, such as
         * "OpenRouter via Chutes" */
        g_ptr_array_add (parts, g_strdup_printf (_("%s via %s"), shown, upstream));
      else
        g_ptr_array_add (parts, g_strdup (shown));
    }
  parlance_message_get_tokens (message, &in, &out, NULL, NULL);
  if (in >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, in);  /* grouped as the locale does */

      /* Translators: the tokens a reply read, such as "1024 tokens in" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s tokens in"), number));
    }
  if (out >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, out);

      /* Translators: the tokens a reply wrote, such as "512 out" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s out"), number));
    }
  if (cost >= 0)
    g_ptr_array_add (parts, parlance_format_dollars (cost / PICO_PER_DOLLAR));
  add_speed (parts, message);
  if (g_strcmp0 (parlance_message_get_finish_reason (message), "length") == 0 &&
      status == PARLANCE_MESSAGE_COMPLETE)
    /* Translators: said of a reply the model stopped because it reached its maximum length */
    g_ptr_array_add (parts, g_strdup (_("stopped at its length limit")));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
sync_footer (ParlanceMessageFooter *self)
{
  g_autofree char *text = self->message != NULL ? parlance_message_footer_dup_text (self->message, self->catalog) : NULL;

  g_autofree char *shown = parlance_display_text (text, -1);

  gtk_label_set_text (self->label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
}

void
parlance_message_footer_set_message (ParlanceMessageFooter *self,
                                     ParlanceMessage       *message)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_FOOTER (self));

  if (g_set_object (&self->message, message))
    g_signal_group_set_target (self->signals, message);
  sync_footer (self);
}

void
parlance_message_footer_set_catalog (ParlanceMessageFooter *self,
                                     ParlanceModelCatalog  *catalog)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_FOOTER (self));

  if (g_set_object (&self->catalog, catalog))
    sync_footer (self);
}

static void
parlance_message_footer_dispose (GObject *object)
{
  ParlanceMessageFooter *self = PARLANCE_MESSAGE_FOOTER (object);

  g_clear_object (&self->signals);
  g_clear_object (&self->message);
  g_clear_object (&self->catalog);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_FOOTER);
  /* GTK 4.8 only clears the bound children; the template's root goes here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_message_footer_parent_class)->dispose (object);
}

static void
parlance_message_footer_class_init (ParlanceMessageFooterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_message_footer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-message-footer.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagefooter");
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageFooter, label);
}

static void
parlance_message_footer_init (ParlanceMessageFooter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The reply's usage and times are set before its status, which changes last. */
  self->signals = g_signal_group_new (PARLANCE_TYPE_MESSAGE);
  g_signal_group_connect_swapped (self->signals, "notify::status", G_CALLBACK (sync_footer), self);
  g_signal_group_connect_swapped (self->signals, "notify::model", G_CALLBACK (sync_footer), self);
}
