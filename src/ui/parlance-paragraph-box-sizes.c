/* parlance-paragraph-box-sizes.c — what each paragraph of the box answers when asked its size.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A settled paragraph's size only changes with the width or the style, so it is measured once
 * per width; the caller says which child changed. Measuring new paragraphs has a budget per
 * frame too: past it, a paragraph's height is estimated from its length and measured for real
 * in the next frames.
 *
 * GTK keeps every answer of a measure until the widget is resized, and compares answers given
 * at different times: a vertical GtkBox fitting its width to a height asks widths up to 1 << 20
 * and wants the height with no width given to be no less than the height there, or it warns
 * "Expect overlapping widgets" (gtkboxlayout.c, distribute_remaining_size). Guesses and real
 * measures mixed at different widths broke that. So each paragraph's answers, measured or
 * guessed, are remembered as a staircase that never rises with the width: a new answer is fitted
 * between its neighbours, and answers change only where the box queues a resize (a paragraph
 * changed, the font changed, or the frame after a guess, when guesses are measured again).
 * "No width" is the allocated width (or, before any, no wrapping at all), and every width from
 * WIDE_WIDTH on is answered as no wrapping: both are steps of the same staircase.
 *
 * A run (ParlanceParagraphChunk) is measured and allocated here, with those answers.
 */

#include "config.h"

#include <math.h>

#include "parlance-paragraph-box-private.h"

#define MEASURE_BUDGET_US 3000
/* Answers remembered for one paragraph before they are cleared in the next frame. */
#define MAX_STEPS 64
/* No guess is taller than this: a sum of thousands must not overflow. */
#define MAX_GUESS (1 << 20)

/* Only where a resize is queued next: GTK forgets its answers then too. */
void
_parlance_paragraph_item_forget (Item *item)
{
  g_array_set_size (item->steps, 0);
  item->has_widths = FALSE;
}

void
_parlance_paragraph_item_widths (Item *item,
                                 int  *min,
                                 int  *nat)
{
  if (!item->has_widths)
    {
      gtk_widget_measure (item->child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &item->min_width, &item->nat_width, NULL, NULL);
      item->has_widths = TRUE;
    }
  *min = item->min_width;
  *nat = item->nat_width;
}

static gboolean
over_budget (ParlanceParagraphBox *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 frame;

  if (clock == NULL)
    return FALSE;
  frame = gdk_frame_clock_get_frame_counter (clock);
  if (frame != self->budget_frame)
    {
      self->budget_frame = frame;
      self->budget_used = 0;
      self->measures = 0;
    }
  if (self->measure_limit >= 0)
    return self->measures++ >= self->measure_limit;
  return self->budget_used > MEASURE_BUDGET_US;
}

static gsize
child_text_length (GtkWidget *child)
{
  return GTK_IS_LABEL (child) ? strlen (gtk_label_get_text (GTK_LABEL (child))) : 80;
}

static int
count_lines (GtkWidget *child)
{
  const char *text = GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : "";
  int lines = 1;

  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    lines++;
  return lines;
}

/* A guess that never grows with the width: one line a line break at least, and the area the
 * text took in real measures spread over the width. */
static int
estimate_height (ParlanceParagraphBox *self,
                 GtkWidget            *child,
                 int                   width)
{
  int line = self->line_height > 0 ? self->line_height : 20;
  /* About 8 px a character, until a real measure says better. */
  double area = self->area_per_byte > 0 ? self->area_per_byte : 8.0 * line;
  double height = count_lines (child) * (double) line;
  int request;

  if (width < WIDE_WIDTH)
    height = MAX (height, ceil (child_text_length (child) * area / MAX (width, 1)));
  /* A child that knows its height (a code block: its lines) says so in its size request. */
  gtk_widget_get_size_request (child, NULL, &request);
  if (!GTK_IS_LABEL (child) && request > 0)
    height = request;
  return (int) MIN (height, MAX_GUESS);
}

/* Measures, and learns from it how to guess. */
static void
measure_height (ParlanceParagraphBox *self,
                GtkWidget            *child,
                Step                 *step)
{
  gint64 start = g_get_monotonic_time ();
  gsize len = child_text_length (child);

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, step->width < WIDE_WIDTH ? step->width : -1,
                      &step->min_height, &step->nat_height, NULL, NULL);
  self->budget_used += g_get_monotonic_time () - start;
  self->n_measured++;
  step->guess = FALSE;

  /* Only text teaches how tall text is: a code block or a list is no guide. */
  if (!GTK_IS_LABEL (child))
    return;
  if (step->width >= WIDE_WIDTH)
    self->line_height = MAX (1, step->nat_height / count_lines (child));
  /* Only wrapped text at the width the box has: a short line (a heading) is mostly empty
   * width, and the narrow widths a parent tries wrap badly. */
  else if (len > 0 && (self->last_width <= 0 || step->width == self->last_width) &&
           (self->line_height <= 0 || step->nat_height >= 2 * count_lines (child) * self->line_height))
    {
      double area = (double) step->nat_height * MAX (step->width, 1) / len;

      self->area_per_byte = self->area_per_byte > 0 ? 0.9 * self->area_per_byte + 0.1 * area : area;
    }
}

/* Whether @item was laid out in the scrolled window's sight: its height is then measured even
 * past the budget, so that what the user reads settles first (at most a screenful of paragraphs,
 * as each is guessed a line tall at least). */
static gboolean
in_sight (ParlanceParagraphBox *self,
          Item                 *item)
{
  double top, bottom;

  int y = item->chunk->y + item->y;

  if (!item->allocated || item->height <= 0 ||
      !_parlance_paragraph_box_visible_range (self, &top, &bottom))
    return FALSE;
  return y < bottom && y + item->height > top;
}

/* The width a measure is answered for: no width given means the natural width, which for a
 * long paragraph is one enormous line, so the width the box really has (or no wrapping before
 * it has any). */
int
_parlance_paragraph_box_width_for (ParlanceParagraphBox *self,
                                   int                   for_size)
{
  if (for_size < 0)
    for_size = self->last_width > 0 ? self->last_width : WIDE_WIDTH;
  return MIN (for_size, WIDE_WIDTH);
}

/* @item's heights at @width (from _parlance_paragraph_box_width_for()): measured within the
 * budget, guessed past it, and in any case fitted between the answers already given at a
 * narrower and at a wider width. Returns whether the answer is a guess. */
gboolean
_parlance_paragraph_item_heights (ParlanceParagraphBox *self,
                                  Item                 *item,
                                  int                   width,
                                  int                  *min,
                                  int                  *nat)
{
  GArray *steps = item->steps;
  Step step = { width, 0, 0, FALSE }, *narrower = NULL, *wider = NULL;
  guint i;

  for (i = 0; i < steps->len && g_array_index (steps, Step, i).width < width; i++)
    ;
  if (i < steps->len && g_array_index (steps, Step, i).width == width)
    {
      *min = g_array_index (steps, Step, i).min_height;
      *nat = g_array_index (steps, Step, i).nat_height;
      return g_array_index (steps, Step, i).guess;
    }

  if (over_budget (self) && !in_sight (self, item))
    {
      step.min_height = step.nat_height = estimate_height (self, item->child, width);
      step.guess = TRUE;
      self->n_guesses++;
    }
  else
    measure_height (self, item->child, &step);

  if (i > 0)
    narrower = &g_array_index (steps, Step, i - 1);
  if (i < steps->len)
    wider = &g_array_index (steps, Step, i);
  if (wider != NULL && (step.min_height < wider->min_height || step.nat_height < wider->nat_height))
    {
      step.min_height = MAX (step.min_height, wider->min_height);
      step.nat_height = MAX (step.nat_height, wider->nat_height);
      step.guess |= wider->guess;
    }
  if (narrower != NULL && (step.min_height > narrower->min_height || step.nat_height > narrower->nat_height))
    {
      step.min_height = MIN (step.min_height, narrower->min_height);
      step.nat_height = MIN (step.nat_height, narrower->nat_height);
      step.guess |= narrower->guess;
    }

  g_array_insert_val (steps, i, step);
  if (step.guess || steps->len > MAX_STEPS)
    _parlance_paragraph_box_refine_later (self, item->index);
  *min = step.min_height;
  *nat = step.nat_height;
  return step.guess;
}

/* Items whose guesses are cleared in one frame: about what a frame's budget measures. Clearing
 * them all at once had each frame estimate again every paragraph not measured yet, a walk over
 * the whole reply (some 15 ms a frame once a 50,000-token reply ended) until the last was. */
#define REFINE_BATCH 128

/* Clears @item's guesses, and all its answers when it has too many; returns whether any went. */
static gboolean
refine_item (Item *item)
{
  GArray *steps = item->steps;
  gboolean changed = FALSE;

  if (steps->len > MAX_STEPS)
    {
      g_array_set_size (steps, 0);
      changed = TRUE;
    }
  for (guint i = steps->len; i-- > 0;)
    if (g_array_index (steps, Step, i).guess)
      {
        g_array_remove_index (steps, i);
        changed = TRUE;
      }
  return changed;
}

/* In the frame after a guess: a batch of items from the first that got one, and every item in
 * sight (measured whatever the budget, so never left a guess). The resize queued makes GTK
 * forget the answers it kept too; only the runs that changed measure again. */
static gboolean
refine_estimates (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  guint from = self->refine_from;
  guint end = from + MIN (REFINE_BATCH, self->items->len - MIN (from, self->items->len));
  double top, bottom;

  self->refine_tick_id = 0;
  self->refine_from = G_MAXUINT;
  for (guint n = from; n < end; n++)
    {
      Item *item = g_ptr_array_index (self->items, n);

      if (refine_item (item))
        gtk_widget_queue_resize (item->chunk->widget);
    }
  if (_parlance_paragraph_box_visible_range (self, &top, &bottom))
    for (guint c = _parlance_paragraph_box_first_chunk_below (self, top); c < self->chunks->len; c++)
      {
        ChunkInfo *info = g_ptr_array_index (self->chunks, c);
        gboolean changed = FALSE;

        if (info->y > bottom)
          break;
        for (guint n = info->first; n < info->first + info->n && n < self->items->len; n++)
          changed |= refine_item (g_ptr_array_index (self->items, n));
        if (changed)
          gtk_widget_queue_resize (info->widget);
      }
  if (end < self->items->len)
    _parlance_paragraph_box_refine_later (self, end);
  return G_SOURCE_REMOVE;
}

void
_parlance_paragraph_box_refine_later (ParlanceParagraphBox *self,
                                      guint                 from)
{
  self->refine_from = MIN (self->refine_from, from);
  if (self->refine_tick_id == 0)
    self->refine_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refine_estimates, NULL, NULL);
}

void
_parlance_paragraph_box_set_measure_limit (ParlanceParagraphBox *self,
                                          int                   measures)
{
  self->measure_limit = measures;
}

/* Items [first, first + n) measured: one run. */
void
_parlance_paragraph_box_measure_run (ParlanceParagraphBox *self,
                                     guint                 first,
                                     guint                 n,
                                     GtkOrientation        orientation,
                                     int                   for_size,
                                     int                  *minimum,
                                     int                  *natural)
{
  int at = _parlance_paragraph_box_width_for (self, for_size);
  gint64 min_sum = 0, nat_sum = 0;
  guint laid_out = 0;

  *minimum = *natural = 0;
  /* A wrapped label's widths cost a shaping of all its text: only a box that hugs its text
   * needs them; others take the width they are given. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->shrink_to_fit)
    return;

  for (guint i = first; i < first + n && i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      int min, nat;

      if (!gtk_widget_should_layout (item->child))
        continue;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          _parlance_paragraph_item_widths (item, &min, &nat);
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
          continue;
        }
      _parlance_paragraph_item_heights (self, item, at, &min, &nat);
      min_sum += min;
      nat_sum += nat;
      laid_out++;
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return;
  if (laid_out > 1)
    {
      min_sum += (gint64) PARAGRAPH_SPACING * (laid_out - 1);
      nat_sum += (gint64) PARAGRAPH_SPACING * (laid_out - 1);
    }
  *minimum = (int) MIN (min_sum, G_MAXINT / 4);
  *natural = (int) MIN (nat_sum, G_MAXINT / 4);
}

/* Items [first, first + n) allocated in their run, from its top, with the heights remembered. */
void
_parlance_paragraph_box_allocate_run (ParlanceParagraphBox *self,
                                      guint                 first,
                                      guint                 n,
                                      int                   width)
{
  int at = _parlance_paragraph_box_width_for (self, width);
  int y = 0;

  for (guint i = first; i < first + n && i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      int min, nat;

      if (item->transform == NULL || item->y != y)
        {
          g_clear_pointer (&item->transform, gsk_transform_unref);
          item->transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y));
        }
      item->y = y;
      item->allocated = gtk_widget_should_layout (item->child);
      if (!item->allocated)
        {
          item->height = 0;
          continue;
        }
      _parlance_paragraph_item_heights (self, item, at, &min, &nat);
      gtk_widget_allocate (item->child, width, nat, -1, gsk_transform_ref (item->transform));
      item->height = nat;
      y += nat + PARAGRAPH_SPACING;
    }
}

guint
_parlance_paragraph_box_get_n_guesses (ParlanceParagraphBox *self)
{
  return self->n_guesses;
}

guint
_parlance_paragraph_box_get_n_measured (ParlanceParagraphBox *self)
{
  return self->n_measured;
}
