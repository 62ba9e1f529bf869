/* parlance-model-details.c — everything known of one model: description and all the numbers.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows only what the provider said: a local server or Gemini gives just the id, and then the
 * pane says so instead of inventing figures.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-model-details.h"
#include "parlance-provider-registry.h"

typedef enum
{
  FACT_PROVIDER,
  FACT_CONTEXT,
  FACT_MAX_OUTPUT,
  FACT_INPUT_PRICE,
  FACT_OUTPUT_PRICE,
  FACT_REQUEST_PRICE,
  FACT_IMAGE_PRICE,
  FACT_INPUTS,
  FACT_OUTPUTS,
  FACT_PARAMETERS,
  FACT_ADDED,
  N_FACTS
} Fact;

struct _ParlanceModelDetails
{
  GtkWidget      parent_instance;

  ParlanceModel *model;
  GtkWidget     *titles[N_FACTS];
  GtkWidget     *values[N_FACTS];

  /* Template widgets */
  GtkWidget     *scroller;
  GtkWidget     *placeholder;
  GtkWidget     *about;
  GtkLabel      *name_label;
  GtkLabel      *id_label;
  GtkLabel      *description_label;
  GtkGrid       *facts;
  GtkWidget     *unknown_label;
  GtkWidget     *favourite_button;
};

G_DEFINE_FINAL_TYPE (ParlanceModelDetails, parlance_model_details, GTK_TYPE_WIDGET)

static const char *
fact_title (Fact fact)
{
  switch (fact)
    {
    case FACT_PROVIDER:      return _("Provider");
    case FACT_CONTEXT:       return _("Context");
    case FACT_MAX_OUTPUT:    return _("Longest answer");
    case FACT_INPUT_PRICE:   return _("Input");
    case FACT_OUTPUT_PRICE:  return _("Output");
    case FACT_REQUEST_PRICE: return _("Per request");
    case FACT_IMAGE_PRICE:   return _("Per image");
    case FACT_INPUTS:        return _("Reads");
    case FACT_OUTPUTS:       return _("Writes");
    case FACT_PARAMETERS:    return _("Parameters");
    case FACT_ADDED:         return _("Added");
    case N_FACTS:
    default:                 g_assert_not_reached ();
    }
}

/* As the list writes it ("200K"), so that the two read the same. */
static char *
dup_tokens (gint64 tokens)
{
  g_autofree char *number = NULL;

  if (tokens <= 0)
    return NULL;
  number = parlance_format_tokens (tokens);
  /* Translators: %s is a number of tokens, such as "200K" */
  return g_strdup_printf (_("%s tokens"), number);
}

static char *
dup_per_million_tokens (ParlanceModel      *model,
                        ParlanceModelPrice  which)
{
  double price = parlance_model_get_price_per_million (model, which);
  g_autofree char *dollars = NULL;

  if (price == 0 || (price < 0 && parlance_model_get_is_free (model)))
    return g_strdup (_("Free"));
  if ((dollars = parlance_format_dollars (price)) == NULL)
    return NULL;
  /* Translators: %s is an amount in US dollars, such as "$3.00" */
  return g_strdup_printf (_("%s per million tokens"), dollars);
}

/* Requests and images are priced one by one; the catalogue keeps prices per million. */
static char *
dup_each (ParlanceModel      *model,
          ParlanceModelPrice  which)
{
  double price = parlance_model_get_price_per_million (model, which);

  return price > 0 ? parlance_format_dollars (price / 1000000.0) : NULL;
}

static char *
dup_list (const char * const *items)
{
  return items != NULL && items[0] != NULL ? g_strjoinv (", ", (char **) items) : NULL;
}

static char *
dup_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = unix_time > 0 ? g_date_time_new_from_unix_utc (unix_time) : NULL;

  return date != NULL ? g_date_time_format (date, "%x") : NULL;
}

static char *
dup_provider (ParlanceModel *model)
{
  ParlanceProvider *provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (),
                                                                  parlance_model_get_provider_id (model));

  return g_strdup (provider != NULL ? parlance_provider_get_name (provider) : parlance_model_get_provider_id (model));
}

static char *
dup_fact (ParlanceModel *model,
          Fact           fact)
{
  switch (fact)
    {
    case FACT_PROVIDER:      return dup_provider (model);
    case FACT_CONTEXT:       return dup_tokens (parlance_model_get_context_length (model));
    case FACT_MAX_OUTPUT:    return dup_tokens (parlance_model_get_max_output_tokens (model));
    case FACT_INPUT_PRICE:   return dup_per_million_tokens (model, PARLANCE_MODEL_PRICE_PROMPT);
    case FACT_OUTPUT_PRICE:  return dup_per_million_tokens (model, PARLANCE_MODEL_PRICE_COMPLETION);
    case FACT_REQUEST_PRICE: return dup_each (model, PARLANCE_MODEL_PRICE_REQUEST);
    case FACT_IMAGE_PRICE:   return dup_each (model, PARLANCE_MODEL_PRICE_IMAGE);
    case FACT_INPUTS:        return dup_list (parlance_model_get_input_modalities (model));
    case FACT_OUTPUTS:       return dup_list (parlance_model_get_output_modalities (model));
    case FACT_PARAMETERS:    return dup_list (parlance_model_get_supported_parameters (model));
    case FACT_ADDED:         return dup_date (parlance_model_get_created (model));
    case N_FACTS:
    default:                 g_assert_not_reached ();
    }
}

/**
 * parlance_model_details_get_model:
 *
 * Returns: (transfer none) (nullable): the model shown
 */
ParlanceModel *
parlance_model_details_get_model (ParlanceModelDetails *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_DETAILS (self), NULL);
  return self->model;
}

void
parlance_model_details_set_model (ParlanceModelDetails *self,
                                  ParlanceModel        *model)
{
  const char *description;
  gboolean known = FALSE;

  g_return_if_fail (PARLANCE_IS_MODEL_DETAILS (self));
  g_return_if_fail (model == NULL || PARLANCE_IS_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  gtk_widget_set_visible (self->placeholder, model == NULL);
  gtk_widget_set_visible (self->about, model != NULL);
  if (model == NULL)
    return;

  gtk_label_set_text (self->name_label, parlance_model_get_name (model));
  gtk_label_set_text (self->id_label, parlance_model_get_id (model));
  description = parlance_model_get_description (model);
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL && *description != '\0');
  known = description != NULL && *description != '\0';

  for (Fact fact = 0; fact < N_FACTS; fact++)
    {
      g_autofree char *value = dup_fact (model, fact);

      gtk_label_set_text (GTK_LABEL (self->values[fact]), value ? value : "");
      gtk_widget_set_visible (self->titles[fact], value != NULL);
      gtk_widget_set_visible (self->values[fact], value != NULL);
      known |= value != NULL && fact != FACT_PROVIDER;
    }
  gtk_widget_set_visible (self->unknown_label, !known);
}

/**
 * parlance_model_details_set_favourite:
 *
 * Shows whether the model is a favourite, on the button that changes it.
 */
void
parlance_model_details_set_favourite (ParlanceModelDetails *self,
                                      gboolean              favourite)
{
  g_return_if_fail (PARLANCE_IS_MODEL_DETAILS (self));

  gtk_button_set_icon_name (GTK_BUTTON (self->favourite_button), favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->favourite_button, favourite ? _("Remove from Favourites (Ctrl+D)")
                                                                 : _("Add to Favourites (Ctrl+D)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->favourite_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  favourite ? _("Remove from Favourites") : _("Add to Favourites"), -1);
}

static void
parlance_model_details_dispose (GObject *object)
{
  ParlanceModelDetails *self = PARLANCE_MODEL_DETAILS (object);

  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MODEL_DETAILS);

  G_OBJECT_CLASS (parlance_model_details_parent_class)->dispose (object);
}

static void
parlance_model_details_class_init (ParlanceModelDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_model_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-model-details.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, placeholder);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, about);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, id_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, description_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, facts);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, unknown_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceModelDetails, favourite_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
parlance_model_details_init (ParlanceModelDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (Fact fact = 0; fact < N_FACTS; fact++)
    {
      self->titles[fact] = gtk_label_new (fact_title (fact));
      gtk_label_set_xalign (GTK_LABEL (self->titles[fact]), 0);
      gtk_label_set_yalign (GTK_LABEL (self->titles[fact]), 0);
      gtk_widget_add_css_class (self->titles[fact], "dim-label");

      self->values[fact] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->values[fact]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->values[fact]), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (self->values[fact]), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (self->values[fact]), TRUE);
      gtk_widget_set_hexpand (self->values[fact], TRUE);

      gtk_grid_attach (self->facts, self->titles[fact], 0, fact, 1, 1);
      gtk_grid_attach (self->facts, self->values[fact], 1, fact, 1, 1);
    }
}
