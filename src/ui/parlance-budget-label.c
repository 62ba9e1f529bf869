/* parlance-budget-label.c — a sentence that gives way to its short form when space is short.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "42 of 50 free requests left today" where the header has room, "42 of 50 left today" where
 * it has less, "42/50" where it has little (a window 360 px wide): its minimum width is the
 * shortest form's, its natural width the sentence's, and it shows the longest form that fits
 * what it is given. Libadwaita 1.2 has no breakpoints.
 */

#include "config.h"

#include "parlance-budget-label.h"

#define N_FORMS 3

struct _ParlanceBudgetLabel
{
  GtkWidget  parent_instance;

  GtkWidget *labels[N_FORMS];  /* longest first */
  guint      shown;
};

G_DEFINE_FINAL_TYPE (ParlanceBudgetLabel, parlance_budget_label, GTK_TYPE_WIDGET)

static void
parlance_budget_label_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  ParlanceBudgetLabel *self = PARLANCE_BUDGET_LABEL (widget);

  *minimum = *natural = 0;
  for (guint i = 0; i < N_FORMS; i++)
    {
      int min, nat;

      gtk_widget_measure (self->labels[i], orientation, -1, &min, &nat, NULL, NULL);
      /* As narrow as the shortest form, as wide as the longest would like. */
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        *minimum = i + 1 == N_FORMS ? nat : *minimum;
      else
        *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
parlance_budget_label_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  ParlanceBudgetLabel *self = PARLANCE_BUDGET_LABEL (widget);
  guint i;

  /* The longest form that fits. */
  for (i = 0; i + 1 < N_FORMS; i++)
    {
      int nat;

      gtk_widget_measure (self->labels[i], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
      if (nat <= width)
        break;
    }
  self->shown = i;
  for (guint j = 0; j < N_FORMS; j++)
    gtk_widget_set_child_visible (self->labels[j], j == i);
  gtk_widget_allocate (self->labels[i], width, height, baseline, NULL);
}

static void
parlance_budget_label_dispose (GObject *object)
{
  ParlanceBudgetLabel *self = PARLANCE_BUDGET_LABEL (object);

  for (guint i = 0; i < N_FORMS; i++)
    g_clear_pointer (&self->labels[i], gtk_widget_unparent);
  G_OBJECT_CLASS (parlance_budget_label_parent_class)->dispose (object);
}

static void
parlance_budget_label_class_init (ParlanceBudgetLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_budget_label_dispose;
  widget_class->measure = parlance_budget_label_measure;
  widget_class->size_allocate = parlance_budget_label_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "budgetlabel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
parlance_budget_label_init (ParlanceBudgetLabel *self)
{
  for (guint i = 0; i < N_FORMS; i++)
    {
      self->labels[i] = gtk_label_new (NULL);
      gtk_widget_set_parent (self->labels[i], GTK_WIDGET (self));
      gtk_widget_set_child_visible (self->labels[i], i == 0);
    }
  gtk_widget_add_css_class (self->labels[N_FORMS - 1], "numeric");
}

GtkWidget *
parlance_budget_label_new (void)
{
  return g_object_new (PARLANCE_TYPE_BUDGET_LABEL, NULL);
}

/**
 * parlance_budget_label_set_text:
 * @long_text: the whole sentence
 * @medium_text: a shorter one
 * @short_text: the shortest form, such as "42/50"
 */
void
parlance_budget_label_set_text (ParlanceBudgetLabel *self,
                                const char          *long_text,
                                const char          *medium_text,
                                const char          *short_text)
{
  g_return_if_fail (PARLANCE_IS_BUDGET_LABEL (self));

  gtk_label_set_text (GTK_LABEL (self->labels[0]), long_text);
  gtk_label_set_text (GTK_LABEL (self->labels[1]), medium_text);
  gtk_label_set_text (GTK_LABEL (self->labels[2]), short_text);
}

/* The text shown at the last allocation. */
const char *
parlance_budget_label_get_shown (ParlanceBudgetLabel *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_LABEL (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->labels[self->shown]));
}

const char *
parlance_budget_label_get_long (ParlanceBudgetLabel *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_LABEL (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->labels[0]));
}
