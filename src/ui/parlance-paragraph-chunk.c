/* parlance-paragraph-chunk.c — a run of a ParlanceParagraphBox's children.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 allocates every child of a widget whenever the widget is, and an accessible child
 * added walks all its siblings; a reply of thousands of paragraphs in one box made each frame
 * cost more as the reply grew. So the box puts its children in runs of a few dozen: GTK skips a
 * run that did not change (same size, the same transform, nothing queued inside), and a new
 * paragraph has only its run's siblings. The run measures and allocates through the box, which
 * keeps what it knows of each paragraph.
 */

#include "config.h"

#include "parlance-paragraph-box-private.h"
#include "parlance-paragraph-chunk.h"

struct _ParlanceParagraphChunk
{
  GtkWidget             parent_instance;

  ParlanceParagraphBox *box;    /* its parent */
  ChunkInfo            *info;   /* owned by the box */
};

G_DEFINE_FINAL_TYPE (ParlanceParagraphChunk, parlance_paragraph_chunk, GTK_TYPE_WIDGET)

GtkWidget *
_parlance_paragraph_chunk_new (ParlanceParagraphBox *box,
                               ChunkInfo            *info)
{
  ParlanceParagraphChunk *self = g_object_new (PARLANCE_TYPE_PARAGRAPH_CHUNK, NULL);

  self->box = box;
  self->info = info;
  return GTK_WIDGET (self);
}

static void
parlance_paragraph_chunk_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  ParlanceParagraphChunk *self = PARLANCE_PARAGRAPH_CHUNK (widget);

  _parlance_paragraph_box_measure_run (self->box, self->info->first, self->info->n, orientation,
                                       for_size, minimum, natural);
}

static void
parlance_paragraph_chunk_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  ParlanceParagraphChunk *self = PARLANCE_PARAGRAPH_CHUNK (widget);

  _parlance_paragraph_box_allocate_run (self->box, self->info->first, self->info->n, width);
}

static GtkSizeRequestMode
parlance_paragraph_chunk_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
parlance_paragraph_chunk_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (parlance_paragraph_chunk_parent_class)->dispose (object);
}

static void
parlance_paragraph_chunk_class_init (ParlanceParagraphChunkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_paragraph_chunk_dispose;
  widget_class->measure = parlance_paragraph_chunk_measure;
  widget_class->size_allocate = parlance_paragraph_chunk_size_allocate;
  widget_class->get_request_mode = parlance_paragraph_chunk_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "paragraph-run");
}

static void
parlance_paragraph_chunk_init (ParlanceParagraphChunk *self)
{
}
