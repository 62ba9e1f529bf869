/* parlance-paragraph-box-private.h — what the box's two files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-paragraph-box.h"
#include "parlance-paragraph-chunk.h"

G_BEGIN_DECLS

#define PARAGRAPH_SPACING 10
/* From this width on a paragraph is one line for each of its line breaks. Half GTK's largest
 * width (1 << 20), so that its check lands here even past a box's margins. */
#define WIDE_WIDTH (1 << 19)
/* Children in a run (see parlance-paragraph-chunk.c). */
#define CHUNK_SIZE 32
/* Empty runs added at once (see chunk_for_insert ()). */
#define SPARE_CHUNKS 32

typedef struct
{
  int width;          /* 0 … WIDE_WIDTH */
  int min_height;
  int nat_height;
  gboolean guess;     /* estimated, or bent to fit a guess: measured again in the next frame */
} Step;

/* One child, in order. */
typedef struct
{
  GtkWidget *child;   /* owned by the box as its child; the item holds no reference */
  guint      index;   /* in the box's items */
  GArray    *steps;   /* of Step, by increasing width, heights never increasing */
  gboolean   has_widths;
  int        min_width;
  int        nat_width;
  ChunkInfo *chunk;
  gboolean   allocated;  /* y and height are where the last allocation put it */
  int        y;          /* in its chunk */
  int        height;
  GskTransform *transform;  /* to y, given to GTK with each allocation */
} Item;

struct _ParlanceParagraphBox
{
  GtkWidget  parent_instance;

  GPtrArray *items;        /* of Item, in order */
  GPtrArray *chunks;       /* of ChunkInfo, in order, each a child of the box */
  GPtrArray *spare;        /* of ChunkInfo, empty runs, children of the box after all others */

  gboolean   shrink_to_fit;
  int        last_width;   /* the width of the last allocation, 0 before any */
  guint      font_hash;    /* of the font the remembered sizes were measured with */

  gint64     budget_frame;     /* the frame whose measuring time is being counted */
  gint64     budget_used;      /* microseconds spent measuring in it */
  int        measure_limit;    /* for tests: real measures a frame, or -1 for the time budget */
  int        measures;         /* real measures in the frame */
  guint      n_guesses;        /* for tests */
  guint      n_measured;       /* for tests: heights measured for real */
  guint      refine_tick_id;
  guint      refine_from;      /* the first item that may hold a guess or too many steps */
  int        line_height;      /* of one line, as measured with no wrapping */
  double     area_per_byte;    /* height × width a byte of text takes, as measured */

  /* What the last snapshot drew: GTK reuses it while only the scroll offset changes. */
  gboolean   culled;           /* some child was left out */
  double     drawn_top;        /* the range it drew, in the box's coordinates */
  double     drawn_bottom;
  GdkFrameClock *clock;
  gulong     layout_id;
};

void     _parlance_paragraph_item_forget   (Item                 *item);
void     _parlance_paragraph_item_widths   (Item                 *item,
                                            int                  *min,
                                            int                  *nat);
gboolean _parlance_paragraph_item_heights  (ParlanceParagraphBox *self,
                                            Item                 *item,
                                            int                   width,
                                            int                  *min,
                                            int                  *nat);
void     _parlance_paragraph_box_refine_later (ParlanceParagraphBox *self,
                                               guint                 from);
/* The first run that ends below @y (runs are in order, their tops never decrease). */
guint    _parlance_paragraph_box_first_chunk_below (ParlanceParagraphBox *self,
                                                    double                y);
gboolean _parlance_paragraph_box_visible_range (ParlanceParagraphBox *self,
                                                double               *top,
                                                double               *bottom);
int      _parlance_paragraph_box_width_for     (ParlanceParagraphBox *self,
                                                int                   for_size);
void     _parlance_paragraph_box_measure_run   (ParlanceParagraphBox *self,
                                                guint                 first,
                                                guint                 n,
                                                GtkOrientation        orientation,
                                                int                   for_size,
                                                int                  *minimum,
                                                int                  *natural);
void     _parlance_paragraph_box_allocate_run  (ParlanceParagraphBox *self,
                                                guint                 first,
                                                guint                 n,
                                                int                   width);

G_END_DECLS
