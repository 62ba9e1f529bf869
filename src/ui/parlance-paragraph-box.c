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
 */

#include "config.h"

#include "parlance-paragraph-box.h"

#define SPACING 10

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
} SizeCache;

static GQuark size_cache_quark;

struct _ParlanceParagraphBox
{
  GtkWidget  parent_instance;

  gboolean   shrink_to_fit;
  int        last_width;   /* the width of the last allocation, 0 before any */
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

static void
child_heights (GtkWidget *child,
               int        width,
               int       *min,
               int       *nat)
{
  SizeCache *cache = get_cache (child);

  if (width < 0)
    {
      if (!cache->has_free_heights)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &cache->free_min_height,
                              &cache->free_nat_height, NULL, NULL);
          cache->has_free_heights = TRUE;
        }
      *min = cache->free_min_height;
      *nat = cache->free_nat_height;
      return;
    }

  if (cache->width != width)
    {
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &cache->min_height, &cache->nat_height, NULL, NULL);
      cache->width = width;
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
          child_heights (child, width, &min, &nat);
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
      child_heights (child, width, &min, &nat);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, nat }, -1);
      y += nat + SPACING;
    }
}

static void
parlance_paragraph_box_css_changed (GtkWidget         *widget,
                                    GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (parlance_paragraph_box_parent_class)->css_changed (widget, change);

  /* Fonts or text scale may have changed: measure everything again. */
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
