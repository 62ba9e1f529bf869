/* parlance-paragraph-box.c — a vertical box that lays out and draws only what changed or is in sight.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long reply is thousands of paragraphs in one list row, and while it streams only its last
 * few change. GTK 4.8 asks a box to measure, allocate and draw every child each frame, so a frame
 * cost grew with the reply. This box keeps its children in an array with what it knows of each:
 * - their heights at a width (see parlance-paragraph-box-sizes.c), and the sum of the heights of
 *   the first children that can't change until the box is told, so a measure adds only the rest;
 * - where it allocated each: children before the first that changed keep their place and are
 *   not allocated again (GTK still allocates one that queued a resize itself, in place);
 * - what is in sight: it asks its scrolled window what is visible and draws only those children
 *   (and a screenful around them), found by bisection. GTK draws the same render node again while
 *   only the scroll offset changes, so each frame the box checks whether what is in sight left
 *   what it drew, and draws again if so.
 * Children are added and removed through the box's functions, which keep the array in step.
 */

#include "config.h"

#include "parlance-paragraph-box-private.h"

static GQuark item_quark;

G_DEFINE_FINAL_TYPE (ParlanceParagraphBox, parlance_paragraph_box, GTK_TYPE_WIDGET)

GtkWidget *
parlance_paragraph_box_new (void)
{
  return g_object_new (PARLANCE_TYPE_PARAGRAPH_BOX, NULL);
}

static Item *
item_for (ParlanceParagraphBox *self,
          GtkWidget            *child)
{
  Item *item = g_object_get_qdata (G_OBJECT (child), item_quark);

  g_return_val_if_fail (item != NULL && item->index < self->items->len &&
                        g_ptr_array_index (self->items, item->index) == item, NULL);
  return item;
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_array_unref (item->steps);
  g_free (item);
}

static const Step *
find_step (Item *item,
           int   width)
{
  for (guint i = 0; i < item->steps->len; i++)
    if (g_array_index (item->steps, Step, i).width == width)
      return &g_array_index (item->steps, Step, i);
  return NULL;
}

/* Items from @index on may change: they leave every sum, and are allocated again. */
static void
truncate_at (ParlanceParagraphBox *self,
             guint                 index)
{
  for (guint s = 0; s < N_SUMS; s++)
    {
      Sum *sum = &self->sums[s];

      while (sum->width >= 0 && sum->count > index)
        {
          Item *item = g_ptr_array_index (self->items, sum->count - 1);
          const Step *step = find_step (item, sum->width);

          sum->count--;
          if (step == NULL)
            continue;   /* it was not laid out */
          if (step->guess)
            sum->width = -1;   /* can't be: start again */
          sum->min -= step->min_height;
          sum->nat -= step->nat_height;
          sum->n_laid_out--;
        }
    }
}

static void
reindex_from (ParlanceParagraphBox *self,
              guint                 index)
{
  for (guint i = index; i < self->items->len; i++)
    ((Item *) g_ptr_array_index (self->items, i))->index = i;
}

static void
reset_sums (ParlanceParagraphBox *self)
{
  for (guint s = 0; s < N_SUMS; s++)
    self->sums[s] = (Sum) { .width = -1 };
}

/**
 * parlance_paragraph_box_insert_before:
 * @before: (nullable): a child, or %NULL to append
 */
void
parlance_paragraph_box_insert_before (ParlanceParagraphBox *self,
                                      GtkWidget            *child,
                                      GtkWidget            *before)
{
  Item *item;
  guint index;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);
  g_return_if_fail (before == NULL || gtk_widget_get_parent (before) == GTK_WIDGET (self));

  index = before != NULL ? item_for (self, before)->index : self->items->len;
  item = g_new0 (Item, 1);
  item->child = child;
  item->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  /* Where it will be, until it is allocated: the bisections want tops in order. */
  if (index > 0)
    {
      Item *prev = g_ptr_array_index (self->items, index - 1);

      item->y = prev->y + prev->height;
    }
  truncate_at (self, index);
  g_ptr_array_insert (self->items, index, item);
  reindex_from (self, index);
  g_object_set_qdata (G_OBJECT (child), item_quark, item);
  gtk_widget_insert_before (child, GTK_WIDGET (self), before);
}

void
parlance_paragraph_box_append (ParlanceParagraphBox *self,
                               GtkWidget            *child)
{
  parlance_paragraph_box_insert_before (self, child, NULL);
}

void
parlance_paragraph_box_remove (ParlanceParagraphBox *self,
                               GtkWidget            *child)
{
  Item *item;
  guint index;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == GTK_WIDGET (self));

  item = item_for (self, child);
  index = item->index;
  truncate_at (self, index);
  g_object_set_qdata (G_OBJECT (child), item_quark, NULL);
  g_ptr_array_remove_index (self->items, index);
  reindex_from (self, index);
  gtk_widget_unparent (child);
}

void
parlance_paragraph_box_clear (ParlanceParagraphBox *self)
{
  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));

  reset_sums (self);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      g_object_set_qdata (G_OBJECT (item->child), item_quark, NULL);
      gtk_widget_unparent (item->child);
    }
  g_ptr_array_set_size (self->items, 0);
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
 * @child: a child whose content, size or visibility changed
 *
 * Makes the box measure @child again; other children keep their remembered sizes.
 */
void
parlance_paragraph_box_child_changed (ParlanceParagraphBox *self,
                                      GtkWidget            *child)
{
  Item *item;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  item = item_for (self, child);
  truncate_at (self, item->index);
  _parlance_paragraph_item_forget (item);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The sum at @width, grown over the items that can't change any more. */
static Sum *
sum_at (ParlanceParagraphBox *self,
        int                   width)
{
  Sum *sum = NULL;

  for (guint s = 0; s < N_SUMS && sum == NULL; s++)
    if (self->sums[s].width == width)
      sum = &self->sums[s];
  if (sum == NULL)
    {
      sum = &self->sums[0];
      for (guint s = 1; s < N_SUMS; s++)
        if (self->sums[s].width < 0 || self->sums[s].used < sum->used)
          sum = &self->sums[s];
      *sum = (Sum) { .width = width };
    }
  sum->used = ++self->sum_clock;

  while (sum->count < self->items->len)
    {
      Item *item = g_ptr_array_index (self->items, sum->count);
      int min, nat;

      if (gtk_widget_should_layout (item->child))
        {
          if (_parlance_paragraph_item_heights (self, item, width, &min, &nat))
            break;
          sum->min += min;
          sum->nat += nat;
          sum->n_laid_out++;
        }
      sum->count++;
    }
  return sum;
}

/* The heights of all children at @width: the sum, and the rest one by one. */
static void
heights_at (ParlanceParagraphBox *self,
            int                   width,
            int                  *minimum,
            int                  *natural)
{
  Sum *sum = sum_at (self, width);
  gint64 min = sum->min, nat = sum->nat;
  guint n = sum->n_laid_out;

  for (guint i = sum->count; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      int child_min, child_nat;

      if (!gtk_widget_should_layout (item->child))
        continue;
      _parlance_paragraph_item_heights (self, item, width, &child_min, &child_nat);
      min += child_min;
      nat += child_nat;
      n++;
    }
  if (n > 1)
    {
      min += (gint64) PARAGRAPH_SPACING * (n - 1);
      nat += (gint64) PARAGRAPH_SPACING * (n - 1);
    }
  *minimum = (int) MIN (min, G_MAXINT / 2);
  *natural = (int) MIN (nat, G_MAXINT / 2);
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
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      heights_at (self, _parlance_paragraph_box_width_for (self, for_size), minimum, natural);
      return;
    }

  /* A wrapped label's widths cost a shaping of all its text: only a box that hugs its text
   * needs them; others take the width they are given. */
  if (!self->shrink_to_fit)
    return;
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      int min, nat;

      if (!gtk_widget_should_layout (item->child))
        continue;
      _parlance_paragraph_item_widths (item, &min, &nat);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

/* Every child is allocated again: GTK 4.8 offers no way to know which one queued a resize itself,
 * and one left out would have GTK ask for layout again and again. But the heights come from the
 * sizes remembered, and the sum gets the settled ones summed for the next measure. */
static void
parlance_paragraph_box_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  int at = _parlance_paragraph_box_width_for (self, width);
  int y = 0;

  self->last_width = width;
  sum_at (self, at);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      int min, nat;

      item->y = y;
      item->allocated = gtk_widget_should_layout (item->child);
      if (!item->allocated)
        {
          item->height = 0;
          continue;
        }
      _parlance_paragraph_item_heights (self, item, at, &min, &nat);
      gtk_widget_size_allocate (item->child, &(GtkAllocation) { 0, y, width, nat }, -1);
      item->height = nat;
      y += nat + PARAGRAPH_SPACING;
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

  reset_sums (self);
  for (guint i = 0; i < self->items->len; i++)
    _parlance_paragraph_item_forget (g_ptr_array_index (self->items, i));
  gtk_widget_queue_resize (widget);
}

static GtkSizeRequestMode
parlance_paragraph_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The part of the box in the scrolled window's sight, in its own coordinates, or FALSE when
 * there is no scroller. */
gboolean
_parlance_paragraph_box_visible_range (ParlanceParagraphBox *self,
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

/* The first item that ends below @y: items are in order, so their tops never decrease. */
static guint
first_ending_below (ParlanceParagraphBox *self,
                    double                y)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Item *item = g_ptr_array_index (self->items, mid);

      if (item->y + item->height <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
parlance_paragraph_box_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  double top = 0, bottom = 0, margin;
  guint i;

  if (!_parlance_paragraph_box_visible_range (self, &top, &bottom))
    {
      self->culled = FALSE;
      for (i = 0; i < self->items->len; i++)
        gtk_widget_snapshot_child (widget, ((Item *) g_ptr_array_index (self->items, i))->child, snapshot);
      return;
    }

  /* Draw a screenful above and below too, so that a scroll redraws the box once a screenful
   * rather than every frame. */
  margin = bottom - top;
  self->drawn_top = top -= margin;
  self->drawn_bottom = bottom += margin;

  i = first_ending_below (self, top);
  self->culled = i > 0;
  for (; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (item->y > bottom)
        {
          self->culled = TRUE;
          break;
        }
      if (item->allocated)
        gtk_widget_snapshot_child (widget, item->child, snapshot);
    }
}

/**
 * _parlance_paragraph_box_find_in_sight:
 * @top: the top of the visible area, in the box's coordinates
 * @bottom: its bottom
 *
 * The child that crosses @top and the first one that starts in [@top, @bottom), or %NULL:
 * the finer anchors of a scrolled view. By their allocations, to a child's margin.
 */
void
_parlance_paragraph_box_find_in_sight (ParlanceParagraphBox  *self,
                                       double                 top,
                                       double                 bottom,
                                       GtkWidget            **crossing,
                                       GtkWidget            **starting)
{
  *crossing = *starting = NULL;
  for (guint i = first_ending_below (self, top); i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (!item->allocated || item->height <= 0 || !gtk_widget_get_visible (item->child))
        continue;
      if (item->y < top)
        {
          *crossing = item->child;
          continue;
        }
      if (item->y < bottom)
        *starting = item->child;
      return;
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

  if (!self->culled || !_parlance_paragraph_box_visible_range (self, &top, &bottom))
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
  parlance_paragraph_box_clear (self);

  G_OBJECT_CLASS (parlance_paragraph_box_parent_class)->dispose (object);
}

static void
parlance_paragraph_box_finalize (GObject *object)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (parlance_paragraph_box_parent_class)->finalize (object);
}

static void
parlance_paragraph_box_class_init (ParlanceParagraphBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_paragraph_box_dispose;
  object_class->finalize = parlance_paragraph_box_finalize;
  widget_class->snapshot = parlance_paragraph_box_snapshot;
  widget_class->map = parlance_paragraph_box_map;
  widget_class->unmap = parlance_paragraph_box_unmap;
  widget_class->measure = parlance_paragraph_box_measure;
  widget_class->size_allocate = parlance_paragraph_box_size_allocate;
  widget_class->css_changed = parlance_paragraph_box_css_changed;
  widget_class->get_request_mode = parlance_paragraph_box_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "paragraphs");
  item_quark = g_quark_from_static_string ("parlance-paragraph-item");
}

static void
parlance_paragraph_box_init (ParlanceParagraphBox *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->measure_limit = -1;
  self->refine_from = G_MAXUINT;
  reset_sums (self);
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
