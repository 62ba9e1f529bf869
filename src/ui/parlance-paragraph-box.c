/* parlance-paragraph-box.c — a vertical box that lays out and draws only what changed or is in sight.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long reply is thousands of paragraphs in one list row, and while it streams only its last
 * few change. GTK 4.8 measures, allocates and draws every child of a widget each frame, so the
 * cost of a frame grew with the reply. This box:
 * - keeps its children in runs of CHUNK_SIZE (parlance-paragraph-chunk.c): GTK measures and
 *   allocates again only the runs where something changed, and leaves the others as they are;
 * - remembers each paragraph's heights (parlance-paragraph-box-sizes.c): a settled paragraph is
 *   measured once per width, and the caller says which child changed;
 * - asks its scrolled window what is visible and draws only the runs in sight (and a screenful
 *   around them), found by bisection, as are the paragraphs a scrolled view anchors to. GTK draws
 *   the same render node again while only the scroll offset changes, so each frame the box checks
 *   whether what is in sight left what it drew, and draws again if so.
 * Children are added and removed only through the box's functions, which keep its arrays in step.
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

/* The item of @widget, a child or a descendant of one. */
static Item *
item_for (ParlanceParagraphBox *self,
          GtkWidget            *widget)
{
  Item *item = NULL;

  for (; widget != NULL && item == NULL; widget = gtk_widget_get_parent (widget))
    item = g_object_get_qdata (G_OBJECT (widget), item_quark);
  g_return_val_if_fail (item != NULL && item->index < self->items->len &&
                        g_ptr_array_index (self->items, item->index) == item, NULL);
  return item;
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_array_unref (item->steps);
  g_clear_pointer (&item->transform, gsk_transform_unref);
  g_free (item);
}

static void
chunk_info_free (gpointer data)
{
  ChunkInfo *info = data;

  g_clear_pointer (&info->transform, gsk_transform_unref);
  g_free (info);
}

static void
reindex_from (ParlanceParagraphBox *self,
              guint                 index)
{
  for (guint i = index; i < self->items->len; i++)
    ((Item *) g_ptr_array_index (self->items, i))->index = i;
}

/* The runs after @chunk start @delta items later. */
static void
shift_chunks_after (ParlanceParagraphBox *self,
                    ChunkInfo            *chunk,
                    int                   delta)
{
  gboolean after = FALSE;

  for (guint c = 0; c < self->chunks->len; c++)
    {
      ChunkInfo *info = g_ptr_array_index (self->chunks, c);

      if (after)
        info->first += delta;
      after |= info == chunk;
    }
}

/* GTK 4.8 restyles all the children of a widget, with all inside them, when a child is added to
 * it (gtk_css_node_reposition () invalidates the first child, and gtk_css_node_invalidate_style ()
 * takes every later sibling along): a new run restyled the whole reply, 20-30 ms at 10,000 nodes,
 * every 32 paragraphs. Empty runs are added at the end, many at a time, and used in turn: at
 * least SPARE_CHUNKS, and twice as many as are in use, so that the restyling, which costs as much
 * as the box holds (12 ms at 2,048 paragraphs), comes a few times in all (at 1,024 paragraphs,
 * 3,072, 9,216…), not once every 1,024. They are allocated empty and never drawn. */
static void
add_spare_chunks (ParlanceParagraphBox *self)
{
  guint n = MAX (SPARE_CHUNKS, 2 * self->chunks->len);

  for (guint i = 0; i < n; i++)
    {
      ChunkInfo *info = g_new0 (ChunkInfo, 1);

      info->widget = _parlance_paragraph_chunk_new (self, info);
      g_ptr_array_add (self->spare, info);
      gtk_widget_set_parent (info->widget, GTK_WIDGET (self));
    }
}

/* The run a child inserted before @before goes into: @before's, or the last while it has room. */
static ChunkInfo *
chunk_for_insert (ParlanceParagraphBox *self,
                  GtkWidget            *before)
{
  ChunkInfo *info;

  if (before != NULL)
    return item_for (self, before)->chunk;
  if (self->chunks->len > 0)
    {
      info = g_ptr_array_index (self->chunks, self->chunks->len - 1);
      if (info->n < CHUNK_SIZE)
        return info;
    }
  if (self->spare->len == 0)
    add_spare_chunks (self);
  /* The first spare run follows the last run in use among the box's children. */
  info = g_ptr_array_steal_index (self->spare, 0);
  info->first = self->items->len;
  if (self->chunks->len > 0)
    {
      ChunkInfo *last = g_ptr_array_index (self->chunks, self->chunks->len - 1);

      info->y = last->y + last->height;
    }
  g_ptr_array_add (self->chunks, info);
  return info;
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
  ChunkInfo *chunk;
  Item *item;
  guint index;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);
  g_return_if_fail (before == NULL || (item_for (self, before) != NULL &&
                                       item_for (self, before)->child == before));

  chunk = chunk_for_insert (self, before);
  index = before != NULL ? item_for (self, before)->index : self->items->len;
  item = g_new0 (Item, 1);
  item->child = child;
  item->chunk = chunk;
  item->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  /* Where it will be, until it is allocated: the bisections want tops in order. */
  if (index > chunk->first)
    {
      Item *prev = g_ptr_array_index (self->items, index - 1);

      item->y = prev->y + prev->height;
    }
  g_ptr_array_insert (self->items, index, item);
  reindex_from (self, index);
  chunk->n++;
  shift_chunks_after (self, chunk, 1);
  g_object_set_qdata (G_OBJECT (child), item_quark, item);
  gtk_widget_insert_before (child, chunk->widget, before);
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
  ChunkInfo *chunk;
  Item *item;
  guint index;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  item = item_for (self, child);
  g_return_if_fail (item != NULL && item->child == child);
  index = item->index;
  chunk = item->chunk;
  g_object_set_qdata (G_OBJECT (child), item_quark, NULL);
  g_ptr_array_remove_index (self->items, index);
  reindex_from (self, index);
  chunk->n--;
  shift_chunks_after (self, chunk, -1);
  gtk_widget_unparent (child);
  if (chunk->n == 0)
    {
      gtk_widget_unparent (chunk->widget);
      g_ptr_array_remove (self->chunks, chunk);
    }
}

void
parlance_paragraph_box_clear (ParlanceParagraphBox *self)
{
  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      g_object_set_qdata (G_OBJECT (item->child), item_quark, NULL);
      gtk_widget_unparent (item->child);
    }
  g_ptr_array_set_size (self->items, 0);
  for (guint c = 0; c < self->chunks->len; c++)
    gtk_widget_unparent (((ChunkInfo *) g_ptr_array_index (self->chunks, c))->widget);
  g_ptr_array_set_size (self->chunks, 0);
  for (guint c = 0; c < self->spare->len; c++)
    gtk_widget_unparent (((ChunkInfo *) g_ptr_array_index (self->spare, c))->widget);
  g_ptr_array_set_size (self->spare, 0);
}

guint
parlance_paragraph_box_get_n_children (ParlanceParagraphBox *self)
{
  g_return_val_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self), 0);

  return self->items->len;
}

/**
 * parlance_paragraph_box_get_child:
 *
 * Returns: (transfer none): the @index-th child, in order
 */
GtkWidget *
parlance_paragraph_box_get_child (ParlanceParagraphBox *self,
                                  guint                 index)
{
  g_return_val_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return ((Item *) g_ptr_array_index (self->items, index))->child;
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
  for (guint c = 0; c < self->chunks->len; c++)
    gtk_widget_queue_resize (((ChunkInfo *) g_ptr_array_index (self->chunks, c))->widget);
}

/**
 * parlance_paragraph_box_child_changed:
 * @child: a child, or a widget inside one, whose content, size or visibility changed
 *
 * Makes the box measure that child again; others keep their remembered sizes.
 */
void
parlance_paragraph_box_child_changed (ParlanceParagraphBox *self,
                                      GtkWidget            *child)
{
  Item *item;

  g_return_if_fail (PARLANCE_IS_PARAGRAPH_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  item = item_for (self, child);
  g_return_if_fail (item != NULL);
  _parlance_paragraph_item_forget (item);
  gtk_widget_queue_resize (item->chunk->widget);
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
  gint64 min_sum = 0, nat_sum = 0;
  guint shown = 0;

  *minimum = *natural = 0;
  for (guint c = 0; c < self->chunks->len; c++)
    {
      GtkWidget *chunk = ((ChunkInfo *) g_ptr_array_index (self->chunks, c))->widget;
      int min, nat;

      gtk_widget_measure (chunk, orientation, for_size, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else if (nat > 0)
        {
          min_sum += min;
          nat_sum += nat;
          shown++;
        }
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return;
  if (shown > 1)
    {
      min_sum += (gint64) PARAGRAPH_SPACING * (shown - 1);
      nat_sum += (gint64) PARAGRAPH_SPACING * (shown - 1);
    }
  *minimum = (int) MIN (min_sum, G_MAXINT / 4);
  *natural = (int) MIN (nat_sum, G_MAXINT / 4);
}

/* Each run gets the height it asks for; one that did not change keeps its transform, and GTK
 * then leaves it and its children alone. */
static void
parlance_paragraph_box_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  ParlanceParagraphBox *self = PARLANCE_PARAGRAPH_BOX (widget);
  int y = 0;

  self->last_width = width;
  for (guint c = 0; c < self->chunks->len; c++)
    {
      ChunkInfo *info = g_ptr_array_index (self->chunks, c);
      int min, nat;

      gtk_widget_measure (info->widget, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
      if (info->transform == NULL || info->y != y)
        {
          g_clear_pointer (&info->transform, gsk_transform_unref);
          info->transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y));
        }
      info->y = y;
      info->height = nat;
      gtk_widget_allocate (info->widget, width, nat, -1, gsk_transform_ref (info->transform));
      if (nat > 0)
        y += nat + PARAGRAPH_SPACING;
    }
  for (guint c = 0; c < self->spare->len; c++)
    gtk_widget_allocate (((ChunkInfo *) g_ptr_array_index (self->spare, c))->widget, width, 0, -1, NULL);
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

  for (guint i = 0; i < self->items->len; i++)
    _parlance_paragraph_item_forget (g_ptr_array_index (self->items, i));
  for (guint c = 0; c < self->chunks->len; c++)
    gtk_widget_queue_resize (((ChunkInfo *) g_ptr_array_index (self->chunks, c))->widget);
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

/* The first run that ends below @y: runs are in order, so their tops never decrease. */
guint
_parlance_paragraph_box_first_chunk_below (ParlanceParagraphBox *self,
                                           double                y)
{
  guint lo = 0, hi = self->chunks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      ChunkInfo *info = g_ptr_array_index (self->chunks, mid);

      if (info->y + info->height <= y)
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
  guint c;

  if (!_parlance_paragraph_box_visible_range (self, &top, &bottom))
    {
      self->culled = FALSE;
      for (c = 0; c < self->chunks->len; c++)
        gtk_widget_snapshot_child (widget, ((ChunkInfo *) g_ptr_array_index (self->chunks, c))->widget, snapshot);
      return;
    }

  /* Draw a screenful above and below too, so that a scroll redraws the box once a screenful
   * rather than every frame. */
  margin = bottom - top;
  self->drawn_top = top -= margin;
  self->drawn_bottom = bottom += margin;

  c = _parlance_paragraph_box_first_chunk_below (self, top);
  self->culled = c > 0;
  for (; c < self->chunks->len; c++)
    {
      ChunkInfo *info = g_ptr_array_index (self->chunks, c);

      if (info->y > bottom)
        {
          self->culled = TRUE;
          break;
        }
      gtk_widget_snapshot_child (widget, info->widget, snapshot);
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
  guint c = _parlance_paragraph_box_first_chunk_below (self, top);

  *crossing = *starting = NULL;
  if (c == self->chunks->len)
    return;
  for (guint i = ((ChunkInfo *) g_ptr_array_index (self->chunks, c))->first; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      double y = item->chunk->y + item->y;

      if (!item->allocated || item->height <= 0 || !gtk_widget_get_visible (item->child) ||
          y + item->height <= top)
        continue;
      if (y < top)
        {
          *crossing = item->child;
          continue;
        }
      if (y < bottom)
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
  g_ptr_array_unref (self->chunks);
  g_ptr_array_unref (self->spare);

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
  self->chunks = g_ptr_array_new_with_free_func (chunk_info_free);
  self->spare = g_ptr_array_new_with_free_func (chunk_info_free);
  self->measure_limit = -1;
  self->refine_from = G_MAXUINT;
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
