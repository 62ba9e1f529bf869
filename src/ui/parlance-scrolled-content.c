/* parlance-scrolled-content.c — what a vertically scrolled window shows, measured at its width.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scrolled window's height never depends on its content's (with an automatic scrollbar and
 * the natural height not passed on), yet GTK 4.8 measures the content for it, with no width;
 * and containers answer a height asked with no width at their minimum width. The window asks so each
 * time it is laid out, so every frame of a streaming reply laid out again what is in sight at a
 * width nobody sees (some milliseconds a frame, past the first screenfuls of a long reply).
 * Asked with no width once it has one, this answers at the width it has: from what laying the
 * content out measures anyway.
 */

#include "config.h"

#include "parlance-scrolled-content.h"

struct _ParlanceScrolledContent
{
  AdwBin parent_instance;
};

/* An AdwBin for its child (property, buildable, disposal), but measured and allocated by the
 * vfuncs below: GTK uses those only for a widget with no layout manager (see _init). */
G_DEFINE_FINAL_TYPE (ParlanceScrolledContent, parlance_scrolled_content, ADW_TYPE_BIN)

GtkWidget *
parlance_scrolled_content_new (void)
{
  return g_object_new (PARLANCE_TYPE_SCROLLED_CONTENT, NULL);
}

static void
parlance_scrolled_content_measure (GtkWidget      *widget,
                                   GtkOrientation  orientation,
                                   int             for_size,
                                   int            *minimum,
                                   int            *natural,
                                   int            *minimum_baseline,
                                   int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  int width = gtk_widget_get_width (widget);

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0 && width > 0)
    for_size = width;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
parlance_scrolled_content_get_request_mode (GtkWidget *widget)
{
  /* Height for width, as text is: a constant size would have GTK drop the width it is given. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
parlance_scrolled_content_size_allocate (GtkWidget *widget,
                                         int        width,
                                         int        height,
                                         int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
parlance_scrolled_content_class_init (ParlanceScrolledContentClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = parlance_scrolled_content_measure;
  widget_class->get_request_mode = parlance_scrolled_content_get_request_mode;
  widget_class->size_allocate = parlance_scrolled_content_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
parlance_scrolled_content_init (ParlanceScrolledContent *self)
{
  /* AdwBin's GtkBinLayout would measure in its place. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
}
