/* parlance-budget-label.c — a sentence that gives way to its short form when space is short.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "42 of 50 free requests left today" where the header has room, "42/50" where it has not (a
 * window 360 px wide): its minimum width is the short form's, its natural width the sentence's,
 * and it shows whichever fits what it is given. Libadwaita 1.2 has no breakpoints.
 */

#include "config.h"

#include "parlance-budget-label.h"

struct _ParlanceBudgetLabel
{
  GtkWidget  parent_instance;

  GtkWidget *long_label;
  GtkWidget *short_label;
  gboolean   short_shown;
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
  int long_min, long_nat, short_min, short_nat;

  gtk_widget_measure (self->long_label, orientation, -1, &long_min, &long_nat, NULL, NULL);
  gtk_widget_measure (self->short_label, orientation, -1, &short_min, &short_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = short_nat;
      *natural = MAX (long_nat, short_nat);
    }
  else
    {
      *minimum = MAX (long_min, short_min);
      *natural = MAX (long_nat, short_nat);
    }
}

static void
parlance_budget_label_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  ParlanceBudgetLabel *self = PARLANCE_BUDGET_LABEL (widget);
  int long_nat;

  gtk_widget_measure (self->long_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &long_nat, NULL, NULL);
  self->short_shown = width < long_nat;
  gtk_widget_set_child_visible (self->long_label, !self->short_shown);
  gtk_widget_set_child_visible (self->short_label, self->short_shown);
  gtk_widget_allocate (self->short_shown ? self->short_label : self->long_label,
                       width, height, baseline, NULL);
}

static void
parlance_budget_label_dispose (GObject *object)
{
  ParlanceBudgetLabel *self = PARLANCE_BUDGET_LABEL (object);

  g_clear_pointer (&self->long_label, gtk_widget_unparent);
  g_clear_pointer (&self->short_label, gtk_widget_unparent);
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
  self->long_label = gtk_label_new (NULL);
  self->short_label = gtk_label_new (NULL);
  gtk_widget_set_parent (self->long_label, GTK_WIDGET (self));
  gtk_widget_set_parent (self->short_label, GTK_WIDGET (self));
  gtk_widget_set_child_visible (self->short_label, FALSE);
  gtk_widget_add_css_class (self->short_label, "numeric");
}

GtkWidget *
parlance_budget_label_new (void)
{
  return g_object_new (PARLANCE_TYPE_BUDGET_LABEL, NULL);
}

void
parlance_budget_label_set_text (ParlanceBudgetLabel *self,
                                const char          *long_text,
                                const char          *short_text)
{
  g_return_if_fail (PARLANCE_IS_BUDGET_LABEL (self));

  gtk_label_set_text (GTK_LABEL (self->long_label), long_text);
  gtk_label_set_text (GTK_LABEL (self->short_label), short_text);
}

/* The text shown at the last allocation. */
const char *
parlance_budget_label_get_shown (ParlanceBudgetLabel *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_LABEL (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->short_shown ? self->short_label : self->long_label));
}

const char *
parlance_budget_label_get_long (ParlanceBudgetLabel *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_LABEL (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->long_label));
}
