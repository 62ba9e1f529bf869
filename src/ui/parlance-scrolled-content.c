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
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (ParlanceScrolledContent, parlance_scrolled_content, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
parlance_scrolled_content_new (void)
{
  return g_object_new (PARLANCE_TYPE_SCROLLED_CONTENT, NULL);
}

void
parlance_scrolled_content_set_child (ParlanceScrolledContent *self,
                                     GtkWidget               *child)
{
  g_return_if_fail (PARLANCE_IS_SCROLLED_CONTENT (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
parlance_scrolled_content_get_child (ParlanceScrolledContent *self)
{
  g_return_val_if_fail (PARLANCE_IS_SCROLLED_CONTENT (self), NULL);
  return self->child;
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
  ParlanceScrolledContent *self = PARLANCE_SCROLLED_CONTENT (widget);
  int width = gtk_widget_get_width (widget);

  *minimum = *natural = 0;
  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0 && width > 0)
    for_size = width;
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
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
  ParlanceScrolledContent *self = PARLANCE_SCROLLED_CONTENT (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
parlance_scrolled_content_dispose (GObject *object)
{
  ParlanceScrolledContent *self = PARLANCE_SCROLLED_CONTENT (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (parlance_scrolled_content_parent_class)->dispose (object);
}

static void
parlance_scrolled_content_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  ParlanceScrolledContent *self = PARLANCE_SCROLLED_CONTENT (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_scrolled_content_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  ParlanceScrolledContent *self = PARLANCE_SCROLLED_CONTENT (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      parlance_scrolled_content_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_scrolled_content_class_init (ParlanceScrolledContentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_scrolled_content_dispose;
  object_class->get_property = parlance_scrolled_content_get_property;
  object_class->set_property = parlance_scrolled_content_set_property;
  widget_class->measure = parlance_scrolled_content_measure;
  widget_class->get_request_mode = parlance_scrolled_content_get_request_mode;
  widget_class->size_allocate = parlance_scrolled_content_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlance_scrolled_content_init (ParlanceScrolledContent *self)
{
}
