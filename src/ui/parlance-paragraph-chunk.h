/* parlance-paragraph-chunk.h — a run of a ParlanceParagraphBox's children (private to the box).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_PARAGRAPH_CHUNK (parlance_paragraph_chunk_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceParagraphChunk, parlance_paragraph_chunk, PARLANCE, PARAGRAPH_CHUNK, GtkWidget)

typedef struct _ParlanceParagraphBox ParlanceParagraphBox;

/* What the box knows of a chunk: its items [first, first + n), and where it put it. */
typedef struct
{
  GtkWidget    *widget;
  guint         first;
  guint         n;
  int           y;
  int           height;
  GskTransform *transform;   /* to y, given to GTK with each allocation */
} ChunkInfo;

GtkWidget *_parlance_paragraph_chunk_new (ParlanceParagraphBox *box,
                                          ChunkInfo            *info);

G_END_DECLS
