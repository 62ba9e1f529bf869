/* parlance-paragraph-box.c — a vertical box that draws only the children in sight.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long reply is hundreds of paragraphs in one list row. GTK 4.8 draws every child of a widget,
 * even far outside the scrolled window, so each frame would render the whole reply again. This
 * box asks its scrolled window what is visible and draws only those children (and a screenful
 * around them).
 *
 * It also remembers each child's size: when the last paragraph grows, GTK 4.8 measures every
 * sibling again (a wrapped label's measure shapes all its text), which made a frame of a long
 * reply cost a second. A settled paragraph's size only changes with the width or the style, so
 * it is measured once per width; the caller says which child changed.
 *
 * Measuring new paragraphs has a budget per frame too: past it, a paragraph's height is
 * estimated from its length and measured for real in the next frames.
 */

#include "config.h"

#include "parlance-paragraph-box.h"

#define SPACING 10
#define MEASURE_BUDGET_US 3000

typedef struct
{
  int width;          /* the width the heights were measured for; -1: none */
  int min_height;
  int nat_height;
  gboolean has_free_heights;   /* heights with no width given, as GTK also asks */
  int free_min_height;
  int free_nat_height;
  gboolean has_widths;
  int min_width;
  int nat_width;
  gboolean estimated;          /* the heights are a guess, to be measured when time allows */
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
  guint      refine_tick_id;
  int        line_height;      /* of one line, as measured with no width given */
  int        ratio_width;      /* height per byte of text, as measured at this width */
  double     height_per_byte;
};

G_DEFINE_FINAL_TYPE (ParlanceParagraphBox, parlance_paragraph_box, GTK_TYPE_WIDGET)

GtkWidget *
parlance_paragraph_box_new (void)
{
  return g_object_new (PARLANCE_TYPE_PARAGRAPH_BOX, NULL);
}

static SizeCache *
get_cache (GtkWidget *child)
{
  SizeCache *cache = g_object_get_qdata (G_OBJECT (child), size_cache_quark);

  if (cache == NULL)
    {
      cache = g_new0 (SizeCache, 1);
      cache->width = -1;
      g_object_set_qdata_full (G_OBJECT (child), size_cache_quark, cache, g_free);
    }
  return cache;
}

static void
forget_size (GtkWidget *child)
{
  SizeCache *cache = get_cache (child);

  cache->width = -1;
  cache->has_widths = FALSE;
  cache->has_free_heights = FALSE;
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
    }
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

static int
estimate_height (ParlanceParagraphBox *self,
                 GtkWidget            *child,
                 int                   width)
{
  gsize len = child_text_length (child);

  if (self->ratio_width == width && self->height_per_byte > 0)
    return MAX (1, (int) (len * self->height_per_byte + 0.5));
  /* About 8 px a character and 20 px a line, until a real measure says better. */
  return 20 * (int) (1 + len * 8 / (gsize) MAX (width, 80));
}

static gboolean
refine_estimates (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  PARLANCE_PARAGRAPH_BOX (widget)->refine_tick_id = 0;
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
child_heights (ParlanceParagraphBox *self,
               GtkWidget            *child,
               int                   width,
               int                  *min,
               int                  *nat)
{
  SizeCache *cache = get_cache (child);

  /* No width yet (a row the list view has just made for a long message): each paragraph on
   * one line, measured within the budget too, and guessed from its line count past it. */
  if (width < 0)
    {
      if (!cache->has_free_heights)
        {
          gint64 start;

          if (over_budget (self))
            {
              *min = *nat = count_lines (child) * (self->line_height > 0 ? self->line_height : 20);
              if (self->refine_tick_id == 0)
                self->refine_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refine_estimates, NULL, NULL);
              return;
            }
          start = g_get_monotonic_time ();
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &cache->free_min_height,
                              &cache->free_nat_height, NULL, NULL);
          self->budget_used += g_get_monotonic_time () - start;
          cache->has_free_heights = TRUE;
          self->line_height = MAX (1, cache->free_nat_height / count_lines (child));
        }
      *min = cache->free_min_height;
      *nat = cache->free_nat_height;
      return;
    }

  if (cache->width != width || cache->estimated)
    {
      if (over_budget (self))
        {
          if (cache->width != width || !cache->estimated)
            cache->min_height = cache->nat_height = estimate_height (self, child, width);
          cache->width = width;
          cache->estimated = TRUE;
          if (self->refine_tick_id == 0)
            self->refine_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refine_estimates, NULL, NULL);
        }
      else
        {
          gint64 start = g_get_monotonic_time ();
          gsize len = child_text_length (child);

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &cache->min_height,
                              &cache->nat_height, NULL, NULL);
          cache->width = width;
          cache->estimated = FALSE;
          self->budget_used += g_get_monotonic_time () - start;

          if (len > 0)
            {
              double ratio = (double) cache->nat_height / len;

              if (self->ratio_width != width)
                {
                  self->ratio_width = width;
                  self->height_per_byte = ratio;
                }
              else
                self->height_per_byte = 0.9 * self->height_per_byte + 0.1 * ratio;
            }
        }
    }
  *min = cache->min_height;
  *nat = cache->nat_height;
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
          int width = for_size;

          /* A height with no width given means the height at the natural width, which for a
           * long paragraph is one enormous line: answer with the width the box really has. */
          if (width < 0 && PARLANCE_PARAGRAPH_BOX (widget)->last_width > 0)
            width = PARLANCE_PARAGRAPH_BOX (widget)->last_width;
          child_heights (PARLANCE_PARAGRAPH_BOX (widget), child, width, &min, &nat);
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

/* The part of the box in sight, in its own coordinates, or FALSE when there is no scroller. */
static gboolean
get_visible_range (ParlanceParagraphBox *self,
                   double               *top,
                   double               *bottom)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), in_self;
  double margin;

  if (scroller == NULL ||
      !gtk_widget_compute_point (scroller, GTK_WIDGET (self), &origin, &in_self))
    return FALSE;

  /* Draw a screenful above and below too, so that scrolling never shows a gap. */
  margin = gtk_widget_get_height (scroller);
  *top = in_self.y - margin;
  *bottom = in_self.y + gtk_widget_get_height (scroller) + margin;
  return TRUE;
}

static void
parlance_paragraph_box_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  double top, bottom;
  gboolean cull = get_visible_range (self, &top, &bottom);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (cull)
        {
          graphene_rect_t bounds;

          if (gtk_widget_compute_bounds (child, widget, &bounds) &&
              (bounds.origin.y + bounds.size.height < top || bounds.origin.y > bottom))
            continue;
        }
      gtk_widget_snapshot_child (widget, child, snapshot);
    }
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
}
