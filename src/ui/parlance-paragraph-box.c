/* parlance-paragraph-box.c — a vertical box that draws only the children in sight.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long reply is hundreds of paragraphs in one list row. GTK 4.8 draws every child of a widget,
 * even far outside the scrolled window, so each frame would render the whole reply again. This
 * box asks its scrolled window what is visible and draws only those children (and a screenful
 * around them). GTK draws the same render node again while only the scroll offset changes, so
 * each frame the box checks whether what is in sight left what it drew, and draws again if so.
 *
 * It also remembers each child's size: when the last paragraph grows, GTK 4.8 measures every
 * sibling again (a wrapped label's measure shapes all its text), which made a frame of a long
 * reply cost a second. A settled paragraph's size only changes with the width or the style, so
 * it is measured once per width; the caller says which child changed.
 *
 * Measuring new paragraphs has a budget per frame too: past it, a paragraph's height is
 * estimated from its length and measured for real in the next frames.
 *
 * GTK keeps every answer of a measure until the widget is resized, and compares answers given
 * at different times: a vertical GtkBox fitting its width to a height asks widths up to 1 << 20
 * and wants the height with no width given to be no less than the height there, or it warns
 * "Expect overlapping widgets" (gtkboxlayout.c, distribute_remaining_size). Guesses and real
 * measures mixed at different widths broke that. So each paragraph's answers, measured or
 * guessed, are remembered as a staircase that never rises with the width: a new answer is fitted
 * between its neighbours, and answers change only where this box queues a resize (a paragraph
 * changed, the font changed, or the frame after a guess, when guesses are measured again).
 * "No width" is the allocated width (or, before any, no wrapping at all), and every width from
 * WIDE_WIDTH on is answered as no wrapping: both are steps of the same staircase.
 */

#include "config.h"

#include <math.h>

#include "parlance-paragraph-box.h"

#define SPACING 10
#define MEASURE_BUDGET_US 3000
/* From this width on a paragraph is one line for each of its line breaks. Half GTK's largest
 * width (1 << 20), so that its check lands here even past a box's margins. */
#define WIDE_WIDTH (1 << 19)
/* Answers remembered for one paragraph before they are cleared in the next frame. */
#define MAX_STEPS 64
/* No guess is taller than this: a sum of hundreds must not overflow. */
#define MAX_GUESS (1 << 20)

typedef struct
{
  int width;          /* 0 … WIDE_WIDTH */
  int min_height;
  int nat_height;
  gboolean guess;     /* estimated, or bent to fit a guess: measured again in the next frame */
} Step;

typedef struct
{
  GArray *steps;      /* of Step, by increasing width, heights never increasing */
  gboolean has_widths;
  int min_width;
  int nat_width;
} SizeCache;

static GQuark size_cache_quark;

struct _ParlanceParagraphBox
{
  GtkWidget  parent_instance;

  gboolean   shrink_to_fit;
  int        last_width;   /* the width of the last allocation, 0 before any */
  guint      font_hash;    /* of the font the remembered sizes were measured with */

  gint64     budget_frame;     /* the frame whose measuring time is being counted */
  gint64     budget_used;      /* microseconds spent measuring in it */
  int        measure_limit;    /* for tests: real measures a frame, or -1 for the time budget */
  int        measures;         /* real measures in the frame */
  guint      refine_tick_id;
  int        line_height;      /* of one line, as measured with no wrapping */
  double     area_per_byte;    /* height × width a byte of text takes, as measured */

  /* What the last snapshot drew: GTK reuses it while only the scroll offset changes. */
  gboolean   culled;           /* some child was left out */
  double     drawn_top;        /* the range it drew, in the box's coordinates */
  double     drawn_bottom;
  GdkFrameClock *clock;
  gulong     layout_id;
};

G_DEFINE_FINAL_TYPE (ParlanceParagraphBox, parlance_paragraph_box, GTK_TYPE_WIDGET)

GtkWidget *
parlance_paragraph_box_new (void)
{
  return g_object_new (PARLANCE_TYPE_PARAGRAPH_BOX, NULL);
}

static void
size_cache_free (gpointer data)
{
  SizeCache *cache = data;

  g_array_unref (cache->steps);
  g_free (cache);
}

static SizeCache *
get_cache (GtkWidget *child)
{
  SizeCache *cache = g_object_get_qdata (G_OBJECT (child), size_cache_quark);

  if (cache == NULL)
    {
      cache = g_new0 (SizeCache, 1);
      cache->steps = g_array_new (FALSE, FALSE, sizeof (Step));
      g_object_set_qdata_full (G_OBJECT (child), size_cache_quark, cache, size_cache_free);
    }
  return cache;
}

/* Only where a resize is queued next: GTK forgets its answers then too. */
static void
forget_size (GtkWidget *child)
{
  SizeCache *cache = get_cache (child);

  g_array_set_size (cache->steps, 0);
  cache->has_widths = FALSE;
}

void
parlance_paragraph_box_append (ParlanceParagraphBox *self,
                               GtkWidget            *child)
{
  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  forget_size (child);
  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

/**
 * parlance_paragraph_box_set_shrink_to_fit:
 * @shrink_to_fit: whether the box asks for its text's width, rather than none
 *
 * A short message's bubble hugs its text; a reply takes the row's width.
 */
void
parlance_paragraph_box_set_shrink_to_fit (ParlanceParagraphBox *self,
                                          gboolean              shrink_to_fit)
{
  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));

  shrink_to_fit = !!shrink_to_fit;
  if (self->shrink_to_fit == shrink_to_fit)
    return;
  self->shrink_to_fit = shrink_to_fit;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * parlance_paragraph_box_child_changed:
 * @child: a child whose content changed
 *
 * Makes the box measure @child again; other children keep their remembered sizes.
 */
void
parlance_paragraph_box_child_changed (ParlanceParagraphBox *self,
                                      GtkWidget            *child)
{
  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  forget_size (child);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
child_widths (GtkWidget *child,
              int       *min,
              int       *nat)
{
  SizeCache *cache = get_cache (child);

  if (!cache->has_widths)
    {
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &cache->min_width, &cache->nat_width, NULL, NULL);
      cache->has_widths = TRUE;
    }
  *min = cache->min_width;
  *nat = cache->nat_width;
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

/* Clears the guesses, and every answer of a paragraph that has too many, in the frame after:
 * the resize queued then makes GTK forget the answers it kept too. */
static gboolean
refine_estimates (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  PARLANCE_PARAGRAPH_BOX (widget)->refine_tick_id = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GArray *steps = get_cache (child)->steps;

      if (steps->len > MAX_STEPS)
        g_array_set_size (steps, 0);
      for (guint i = steps->len; i-- > 0;)
        if (g_array_index (steps, Step, i).guess)
          g_array_remove_index (steps, i);
    }
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
refine_later (ParlanceParagraphBox *self)
{
  if (self->refine_tick_id == 0)
    self->refine_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refine_estimates, NULL, NULL);
}

static gboolean get_visible_range (ParlanceParagraphBox *self, double *top, double *bottom);

/* Whether @child was laid out in the scrolled window's sight: its height is then measured even
 * past the budget, so that what the user reads settles first (at most a screenful of paragraphs,
 * as each is guessed a line tall at least). */
static gboolean
in_sight (ParlanceParagraphBox *self,
          GtkWidget            *child)
{
  graphene_rect_t bounds;
  double top, bottom;

  if (gtk_widget_get_height (child) <= 0 ||
      !gtk_widget_compute_bounds (child, GTK_WIDGET (self), &bounds) ||
      !get_visible_range (self, &top, &bottom))
    return FALSE;
  return bounds.origin.y < bottom && bounds.origin.y + bounds.size.height > top;
}

/* A child's heights at @for_size: measured within the budget, guessed past it, and in any case
 * fitted between the answers already given at a narrower and at a wider width. */
static void
child_heights (ParlanceParagraphBox *self,
               GtkWidget            *child,
               int                   for_size,
               int                  *min,
               int                  *nat)
{
  GArray *steps = get_cache (child)->steps;
  Step step = { 0, }, *narrower = NULL, *wider = NULL;
  guint i;

  /* No width given means the natural width, which for a long paragraph is one enormous line:
   * answer with the width the box really has, or with no wrapping before it has any. */
  if (for_size < 0)
    for_size = self->last_width > 0 ? self->last_width : WIDE_WIDTH;
  step.width = MIN (for_size, WIDE_WIDTH);

  for (i = 0; i < steps->len && g_array_index (steps, Step, i).width < step.width; i++)
    ;
  if (i < steps->len && g_array_index (steps, Step, i).width == step.width)
    {
      *min = g_array_index (steps, Step, i).min_height;
      *nat = g_array_index (steps, Step, i).nat_height;
      return;
    }

  if (over_budget (self) && !in_sight (self, child))
    {
      step.min_height = step.nat_height = estimate_height (self, child, step.width);
      step.guess = TRUE;
    }
  else
    measure_height (self, child, &step);

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
    refine_later (self);
  *min = step.min_height;
  *nat = step.nat_height;
}

static void
parlance_paragraph_box_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  int n = 0;

  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* A wrapped label's widths cost a shaping of all its text: only a box that hugs
           * its text needs them; others take the width they are given. */
          if (!PARLANCE_PARAGRAPH_BOX (widget)->shrink_to_fit)
            continue;
          child_widths (child, &min, &nat);
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          child_heights (PARLANCE_PARAGRAPH_BOX (widget), child, for_size, &min, &nat);
          *minimum += min;
          *natural += nat;
        }
      n++;
    }

  if (orientation == GTK_ORIENTATION_VERTICAL && n > 1)
    {
      *minimum += SPACING * (n - 1);
      *natural += SPACING * (n - 1);
    }
}

static void
parlance_paragraph_box_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  int y = 0;

  PARLANCE_PARAGRAPH_BOX (widget)->last_width = width;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;
      child_heights (PARLANCE_PARAGRAPH_BOX (widget), child, width, &min, &nat);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, nat }, -1);
      y += nat + SPACING;
    }
}

static void
parlance_paragraph_box_css_changed (GtkWidget         *widget,
                                    GtkCssStyleChange *change)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  PangoContext *context;
  guint font_hash;

  GTK_WIDGET_CLASS (parlance_paragraph_box_parent_class)->css_changed (widget, change);

  /* Most style changes (a class on an ancestor, a state) leave text sizes alone; a new font or
   * text scale changes them all. */
  context = gtk_widget_get_pango_context (widget);
  font_hash = pango_font_description_hash (pango_context_get_font_description (context)) ^
              (guint) (pango_cairo_context_get_resolution (context) * 100);
  if (font_hash == self->font_hash)
    return;
  self->font_hash = font_hash;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    forget_size (child);
  gtk_widget_queue_resize (widget);
}

static GtkSizeRequestMode
parlance_paragraph_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

void
parlance_paragraph_box_clear (ParlanceParagraphBox *self)
{
  GtkWidget *child;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

/* The part of the box in the scrolled window's sight, in its own coordinates, or FALSE when
 * there is no scroller. */
static gboolean
get_visible_range (ParlanceParagraphBox *self,
                   double               *top,
                   double               *bottom)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), in_self;

  if (scroller == NULL ||
      !gtk_widget_compute_point (scroller, GTK_WIDGET (self), &origin, &in_self))
    return FALSE;

  *top = in_self.y;
  *bottom = in_self.y + gtk_widget_get_height (scroller);
  return TRUE;
}

static void
parlance_paragraph_box_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  double top = 0, bottom = 0;
  gboolean cull = get_visible_range (self, &top, &bottom);

  /* Draw a screenful above and below too, so that a scroll redraws the box once a screenful
   * rather than every frame. */
  if (cull)
    {
      double margin = bottom - top;

      top -= margin;
      bottom += margin;
    }
  self->culled = FALSE;
  self->drawn_top = top;
  self->drawn_bottom = bottom;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (cull)
        {
          graphene_rect_t bounds;

          if (gtk_widget_compute_bounds (child, widget, &bounds) &&
              (bounds.origin.y + bounds.size.height < top || bounds.origin.y > bottom))
            {
              self->culled = TRUE;
              continue;
            }
        }
      gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

/* When only the scroll offset (or a row above) changes, GTK moves the box and draws the render
 * node its last snapshot made: the children it left out would stay blank. Runs after the window's
 * layout in each frame, so positions are those about to be drawn. */
static void
check_drawn_range (GdkFrameClock        *clock,
                   ParlanceParagraphBox *self)
{
  double top, bottom;

  if (!self->culled || !get_visible_range (self, &top, &bottom))
    return;
  if (top < self->drawn_top || bottom > self->drawn_bottom)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
parlance_paragraph_box_map (GtkWidget *widget)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);

  GTK_WIDGET_CLASS (parlance_paragraph_box_parent_class)->map (widget);

  /* Connected after the surface's own layout handler, which allocates the window. */
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_id = g_signal_connect (self->clock, "layout", G_CALLBACK (check_drawn_range), self);
}

static void
parlance_paragraph_box_unmap (GtkWidget *widget)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);

  if (self->clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->clock);
  g_clear_object (&self->clock);

  GTK_WIDGET_CLASS (parlance_paragraph_box_parent_class)->unmap (widget);
}

static void
parlance_paragraph_box_dispose (GObject *object)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (object);

  if (self->refine_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refine_tick_id);
      self->refine_tick_id = 0;
    }
  parlance_paragraph_box_clear (PARLANCE_PARAGRAPH_BOX (object));

  G_OBJECT_CLASS (parlance_paragraph_box_parent_class)->dispose (object);
}

static void
parlance_paragraph_box_class_init (ParlanceParagraphBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_paragraph_box_dispose;
  widget_class->snapshot = parlance_paragraph_box_snapshot;
  widget_class->map = parlance_paragraph_box_map;
  widget_class->unmap = parlance_paragraph_box_unmap;
  widget_class->measure = parlance_paragraph_box_measure;
  widget_class->size_allocate = parlance_paragraph_box_size_allocate;
  widget_class->css_changed = parlance_paragraph_box_css_changed;
  widget_class->get_request_mode = parlance_paragraph_box_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "paragraphs");
  size_cache_quark = g_quark_from_static_string ("parlance-paragraph-size");
}

static void
parlance_paragraph_box_init (ParlanceParagraphBox *self)
{
  self->measure_limit = -1;
}

void
_parlance_paragraph_box_set_measure_limit (ParlanceParagraphBox *self,
                                          int                   measures)
{
  self->measure_limit = measures;
}

gboolean
_parlance_paragraph_box_get_drawn_range (ParlanceParagraphBox *self,
                                         double               *top,
                                         double               *bottom)
{
  *top = self->drawn_top;
  *bottom = self->drawn_bottom;
  return self->culled;
}
