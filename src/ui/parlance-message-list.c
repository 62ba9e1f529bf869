/* parlance-message-list.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messages of a conversation, scrolled: a GtkListBox over a sliding slice of the model.
 *
 * GTK 4.8's GtkListView guesses the height of rows it has not measured, and its adjustment ends
 * where the guesses say: following a long reply to "the end" stopped at a stale guess (issue #11).
 * Here every row that exists is measured for real, so the adjustment is exact, and only the rows
 * near what is on screen exist: rows for the messages [start, end) of the model, built while less
 * than LOAD_PAGES of them is ready above or below the visible area and dropped when they are more
 * than KEEP_PAGES away, so memory stays flat however far one scrolls.
 *
 * Rows come and go above what the user reads, and a row's height can change after it was laid
 * out (a paragraph's height is guessed first, see ParlanceParagraphBox). So after each layout the
 * first row or paragraph that starts in sight is put back where it was on screen: the anchor.
 * While following, the end is shown instead; after a jump (Ctrl+Home), the start. Both happen in the frame clock's layout phase, after GTK's own
 * allocation, so a frame is never painted in between; rows are only built and dropped in a tick
 * callback, one batch a frame, so that phase is never asked for more than twice in a frame.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "parlance-message-list-private.h"
#include "parlance-message-row.h"
#include "parlance-paragraph-box.h"
#include "parlance-scrolled-content.h"

/* How close to the bottom still counts as "at the bottom", in pixels. */
#define FOLLOW_SLACK 48.0

G_DEFINE_FINAL_TYPE (ParlanceMessageList, parlance_message_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
parlance_message_list_new (void)
{
  return g_object_new (PARLANCE_TYPE_MESSAGE_LIST, NULL);
}

void
_parlance_message_list_set_following (ParlanceMessageList *self,
                                      gboolean             following)
{
  if (self->following == following)
    return;
  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* Whether the view keeps the end of the conversation in sight as it grows. */
gboolean
parlance_message_list_get_following (ParlanceMessageList *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_LIST (self), FALSE);
  return self->following;
}

/* For tests and benchmarks: how many rows exist. */
guint
parlance_message_list_get_n_rows (ParlanceMessageList *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_LIST (self), 0);
  return self->end - self->start;
}

void
_parlance_message_list_set_batch_limit (ParlanceMessageList *self,
                                        guint                rows)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));
  self->batch_limit = rows;
}

static void
set_value (ParlanceMessageList *self,
           double               value)
{
  self->adjusting = TRUE;
  gtk_adjustment_set_value (_parlance_message_list_get_vadjustment (self), value);
  self->adjusting = FALSE;
}

/* Clamps @target to the rows there are, and keeps what lies beyond them, if there are messages
 * beyond, as a debt to scroll once their rows are built. */
static double
clamp_with_debt (ParlanceMessageList *self,
                 double               target)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->debt = 0;
  if (target < 0 && self->start > 0)
    {
      self->debt = target;
      return 0;
    }
  if (target > bottom && self->end < _parlance_message_list_n_items (self))
    {
      self->debt = target - bottom;
      return bottom;
    }
  return target;
}

/* Where @widget's top is in the scrolled content, where the adjustment's value is measured. */
gboolean
_parlance_message_list_content_y (ParlanceMessageList *self,
                                  GtkWidget           *widget,
                                  double              *y)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (widget, self->clamp, &GRAPHENE_POINT_INIT (0, 0), &point))
    return FALSE;
  *y = point.y;
  return TRUE;
}

/* Among @first and its next siblings, the one that crosses the top of the visible area [top,
 * top + page) and the first that starts in it, with their tops. */
static void
find_in_sight (ParlanceMessageList  *self,
               GtkWidget            *first,
               double                top,
               double                page,
               GtkWidget           **crossing,
               double               *crossing_y,
               GtkWidget           **starting,
               double               *starting_y)
{
  double y;

  *crossing = *starting = NULL;
  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child) || !_parlance_message_list_content_y (self, child, &y) ||
          y + gtk_widget_get_height (child) <= top)
        continue;
      if (y < top)
        {
          *crossing = child;
          *crossing_y = y;
          continue;
        }
      if (y < top + page)
        {
          *starting = child;
          *starting_y = y;
        }
      return;
    }
}

/* Inside a widget that crosses the top of the visible area [top, top + page) (a tall row, a
 * long list, a quote), the first label that starts in it, in reading order, with its top: the
 * text read. What is below that label may still change height (a guessed paragraph measured),
 * which must not move it, nor what is above it in sight (a reply's header). Looks at @budget
 * widgets at most, and into a paragraph box only at what is in sight, found by bisection: a
 * reply of thousands of paragraphs is not walked each frame. A paragraph that starts in sight
 * with no label in it is read too. */
static GtkWidget *
find_label_starting (ParlanceMessageList *self,
                     GtkWidget           *widget,
                     double               top,
                     double               page,
                     guint               *budget,
                     double              *label_y)
{
  double y;

  /* Mapped: a closed section (a reply's reasoning) keeps a stale allocation. */
  if (*budget == 0 || !gtk_widget_get_mapped (widget) || !_parlance_message_list_content_y (self, widget, &y))
    return NULL;
  (*budget)--;
  if (y >= top + page || y + gtk_widget_get_height (widget) <= top)
    return NULL;
  if (GTK_IS_LABEL (widget))
    {
      *label_y = y;
      return y >= top ? widget : NULL;
    }
  if (PARLANCE_IS_PARAGRAPH_BOX (widget))
    {
      GtkWidget *crossing, *starting, *found = NULL;

      _parlance_paragraph_box_find_in_sight (PARLANCE_PARAGRAPH_BOX (widget), top - y, top + page - y,
                                             &crossing, &starting);
      if (crossing != NULL)
        found = find_label_starting (self, crossing, top, page, budget, label_y);
      if (found == NULL && starting != NULL)
        {
          found = find_label_starting (self, starting, top, page, budget, label_y);
          if (found == NULL && _parlance_message_list_content_y (self, starting, label_y))
            found = starting;
        }
      return found;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_starting (self, child, top, page, budget, label_y);

      if (found != NULL || *budget == 0)
        return found;
    }
  return NULL;
}

/* What is read at the top of the visible area: in the row that crosses its top, the first label
 * that starts in sight; else the first row that starts in it; else the row that crosses it. A
 * widget that crosses the top may still change height (a guessed paragraph measured), and
 * keeping its top in place would move all that is in sight. */
static void
pick_anchor (ParlanceMessageList *self)
{
  double value = gtk_adjustment_get_value (_parlance_message_list_get_vadjustment (self));
  double page = gtk_adjustment_get_page_size (_parlance_message_list_get_vadjustment (self));
  GtkWidget *row, *next_row, *anchor = NULL;
  double row_y = 0, next_row_y = 0, label_y = 0;
  guint budget = 400;

  g_clear_object (&self->anchor);
  find_in_sight (self, gtk_widget_get_first_child (GTK_WIDGET (self->list_box)), value, page,
                 &row, &row_y, &next_row, &next_row_y);
  if (row != NULL && (anchor = find_label_starting (self, row, value, page, &budget, &label_y)) != NULL)
    self->anchor_offset = label_y - value;
  else if ((anchor = next_row) != NULL)
    self->anchor_offset = next_row_y - value;
  else if ((anchor = row) != NULL)
    self->anchor_offset = row_y - value;
  if (anchor != NULL)
    self->anchor = g_object_ref (anchor);
}

/* Whether what was read still starts in sight: it stays what is read until the user scrolls or
 * it leaves, even when text above it comes into sight (a paragraph above measured shorter). Picked
 * again each layout instead, the anchor moved to that text, and what was read below it moved
 * with everything that changed in between. (After the user scrolls, it is picked again in the
 * first layout at the new position: see after_layout.) */
static gboolean
anchor_in_sight (ParlanceMessageList *self)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double value = gtk_adjustment_get_value (adj);
  double y;

  return !self->following && self->anchor != NULL && GTK_IS_LABEL (self->anchor) &&
         gtk_widget_get_mapped (self->anchor) &&
         gtk_widget_is_ancestor (self->anchor, GTK_WIDGET (self->list_box)) &&
         _parlance_message_list_content_y (self, self->anchor, &y) &&
         y >= value && y < value + gtk_adjustment_get_page_size (adj);
}

/* Where the view starts when it jumps to the highlighted message: a short one a third of the way
 * down, with what led to it above; a long one from its top. */
static double
message_target (ParlanceMessageList *self,
                double               value)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double page = gtk_adjustment_get_page_size (adj);
  GtkWidget *row = _parlance_message_list_row_for_id (self, self->highlight_id);
  double y, above;

  if (row == NULL || !_parlance_message_list_content_y (self, row, &y))
    return value;
  above = CLAMP ((page - gtk_widget_get_height (row)) / 2, 12, page / 3);
  return y - above;
}

/* After GTK's layout of each frame: the end while following, the start after Ctrl+Home, else
 * what was read where it was. Changing the value here has GTK lay out again before it paints. */
static void
after_layout (GdkFrameClock       *clock,
              ParlanceMessageList *self)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double value = gtk_adjustment_get_value (adj);
  double target = value;
  double y;
  gboolean jumped;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  jumped = self->jump != JUMP_NONE;
  if (self->jump == JUMP_START)
    target = 0;
  else if (self->jump == JUMP_MESSAGE)
    target = clamp_with_debt (self, message_target (self, target));
  else if (self->following)
    target = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  else if (self->anchor != NULL && gtk_widget_is_ancestor (self->anchor, GTK_WIDGET (self->list_box)) &&
           _parlance_message_list_content_y (self, self->anchor, &y))
    target = y - self->anchor_offset;
  if (self->jump == JUMP_MESSAGE)
    ;
  else if (self->debt != 0 && self->jump == JUMP_NONE && !self->following)
    target = clamp_with_debt (self, target + self->debt);
  else
    self->debt = 0;
  self->jump = JUMP_NONE;

  if (fabs (target - value) >= 0.5)
    {
      /* A flick's deceleration would carry on from where it thought it was, past rows built or
       * dropped above (toggling stops it; not for every measured paragraph, as it also drops a
       * touch drag under way). */
      if (!self->following && self->rows_above_changed &&
          gtk_scrolled_window_get_kinetic_scrolling (self->scroller))
        {
          gtk_scrolled_window_set_kinetic_scrolling (self->scroller, FALSE);
          gtk_scrolled_window_set_kinetic_scrolling (self->scroller, TRUE);
        }
      set_value (self, target);
    }
  self->rows_above_changed = FALSE;
  /* After the user scrolled, the anchor was picked from the layout before it; this one may
   * have changed what is at the top (a tall paragraph above measured shorter brings the text
   * above it into sight). What is read is what this frame shows at the top. */
  if (jumped || self->scrolled || !anchor_in_sight (self))
    pick_anchor (self);
  self->scrolled = FALSE;
  _parlance_message_list_queue_check (self);
}

static void
value_changed (ParlanceMessageList *self,
               GtkAdjustment       *adj)
{
  double bottom = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj);

  /* Only the user's scrolling (wheel, scrollbar, keys, a focused row) says where to stay. */
  if (self->adjusting || self->allocating)
    return;
  if (!self->paging)
    self->debt = 0;
  /* At the end of the last message. Not at the top of rows that are not all yet, even when they
   * are less than a page and some: the rows above are on their way. */
  _parlance_message_list_set_following (self, self->end == _parlance_message_list_n_items (self) &&
                                              bottom >= gtk_adjustment_get_upper (adj) - FOLLOW_SLACK &&
                                              (self->start == 0 || gtk_adjustment_get_value (adj) > 0) &&
                                              self->debt >= 0);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* Carries the new position through the next layout, which picks it again. */
      pick_anchor (self);
      self->scrolled = TRUE;
      _parlance_message_list_queue_check (self);
    }
}

/**
 * parlance_message_list_set_model:
 * @messages: (nullable): of #ParlanceMessage
 *
 * Shows @messages, from their end, and follows it.
 */
void
parlance_message_list_set_model (ParlanceMessageList *self,
                                 GListModel          *messages)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));
  g_return_if_fail (!messages || G_IS_LIST_MODEL (messages));

  if (self->model == messages)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, _parlance_message_list_items_changed, self);
  g_set_object (&self->model, messages);
  if (messages != NULL)
    g_signal_connect_object (messages, "items-changed", G_CALLBACK (_parlance_message_list_items_changed),
                             self, G_CONNECT_SWAPPED);
  _parlance_message_list_set_following (self, TRUE);
  _parlance_message_list_rebuild (self, TRUE);
}

/**
 * parlance_message_list_set_catalog:
 * @catalog: (nullable): where the rows find the names of models
 */
void
parlance_message_list_set_catalog (ParlanceMessageList  *self,
                                   ParlanceModelCatalog *catalog)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));

  g_set_object (&self->catalog, catalog);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      {
        GtkWidget *child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

        parlance_message_row_set_catalog (PARLANCE_MESSAGE_ROW (child), catalog);
      }
}

/* Scrolling by program and by key */

/* The end of the conversation, followed from now on. */
void
parlance_message_list_scroll_to_end (ParlanceMessageList *self)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));

  _parlance_message_list_set_following (self, TRUE);
  self->debt = 0;
  if (self->end < _parlance_message_list_n_items (self) || self->start == self->end)
    _parlance_message_list_rebuild (self, TRUE);
  gtk_widget_queue_allocate (GTK_WIDGET (self->viewport));
}

void
parlance_message_list_scroll_to_start (ParlanceMessageList *self)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));

  _parlance_message_list_set_following (self, FALSE);
  self->debt = 0;
  if (self->start > 0 || self->start == self->end)
    _parlance_message_list_rebuild (self, FALSE);
  else
    {
      GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, 0));

      if (first != NULL && _parlance_message_list_holds_focus (GTK_WIDGET (self->list_box)))
        _parlance_message_list_focus_quietly (self, first);
      self->jump = JUMP_START;
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self->viewport));
}

/* Scrolls by @pages pages (negative: up), as Page Up and Page Down do: nine tenths of a page,
 * so that a line of the last page stays in sight. */
void
parlance_message_list_scroll_pages (ParlanceMessageList *self,
                                    double               pages)
{
  GtkAdjustment *adj;

  g_return_if_fail (PARLANCE_IS_MESSAGE_LIST (self));

  adj = _parlance_message_list_get_vadjustment (self);
  /* As the user's own scrolling: it decides whether to follow. Right after opening or a jump,
   * fewer rows may be built than a page needs: the rest is scrolled when they are. */
  self->paging = TRUE;
  gtk_adjustment_set_value (adj, clamp_with_debt (self, gtk_adjustment_get_value (adj) + self->debt +
                                                        pages * 0.9 * gtk_adjustment_get_page_size (adj)));
  self->paging = FALSE;
  /* Already at the top of the rows there are: nothing changed, but the user goes up. */
  if (self->debt < 0)
    _parlance_message_list_set_following (self, FALSE);
  _parlance_message_list_queue_check (self);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             ParlanceMessageList   *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_Home || keyval == GDK_KEY_KP_Home))
    parlance_message_list_scroll_to_start (self);
  else if (mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End))
    parlance_message_list_scroll_to_end (self);
  else if (mods == 0 && (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up))
    parlance_message_list_scroll_pages (self, -1);
  else if (mods == 0 && (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down))
    parlance_message_list_scroll_pages (self, 1);
  else
    return FALSE;
  return TRUE;
}

/* GtkWidget */

/* The last row whose top is in sight, else the one that fills the visible area. */
static GtkWidget *
row_in_sight (ParlanceMessageList *self)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double top = gtk_adjustment_get_value (adj);
  double bottom = top + gtk_adjustment_get_page_size (adj);
  GtkWidget *found = NULL;
  double y;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) || !gtk_widget_get_visible (row) ||
          !_parlance_message_list_content_y (self, row, &y))
        continue;
      if (y >= bottom)
        break;
      if (y + gtk_widget_get_height (row) > top)
        found = row;
    }
  return found;
}

/* Tab and Shift+Tab move between the parts of the window; the arrows move between messages.
 * From outside, GtkListBox would focus the first row built, pages above what is shown, and
 * scroll there: the keyboard lands on a row in sight instead (Shift+Tab: on its last button),
 * and the view stays. Inside, Tab goes through the focused row's own text and buttons, then out
 * (GtkListBox would walk every message of the conversation). */
static gboolean
parlance_message_list_focus (GtkWidget        *widget,
                             GtkDirectionType  direction)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (parlance_message_list_parent_class)->focus (widget, direction);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_box)))
    {
      row = GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
      return row != NULL && gtk_widget_child_focus (row, direction);
    }
  if ((row = row_in_sight (self)) == NULL)
    return GTK_WIDGET_CLASS (parlance_message_list_parent_class)->focus (widget, direction);
  /* Shift+Tab comes in at the row's last button, and goes back through it to the row (the row
   * takes it first, then what is in it, going forward). */
  if (direction == GTK_DIR_TAB_BACKWARD && gtk_widget_child_focus (row, direction))
    return TRUE;
  _parlance_message_list_focus_quietly (self, row);
  return TRUE;
}

static void
parlance_message_list_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);

  gtk_widget_measure (GTK_WIDGET (self->scroller), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
parlance_message_list_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);

  /* The viewport clamps the value when the content or the page shrinks: not the user's doing. */
  self->allocating = TRUE;
  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, baseline, NULL);
  self->allocating = FALSE;
}

static void
parlance_message_list_map (GtkWidget *widget)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);

  GTK_WIDGET_CLASS (parlance_message_list_parent_class)->map (widget);
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  /* After GTK's own handler, which lays the window out. */
  self->layout_id = g_signal_connect_after (self->clock, "layout", G_CALLBACK (after_layout), self);
  gtk_widget_queue_allocate (widget);
  _parlance_message_list_queue_check (self);
}

static void
parlance_message_list_unmap (GtkWidget *widget)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);

  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->layout_id, self->clock);
      g_clear_object (&self->clock);
    }
  if (self->check_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->check_id);
      self->check_id = 0;
    }
  GTK_WIDGET_CLASS (parlance_message_list_parent_class)->unmap (widget);
}

static void
parlance_message_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_message_list_dispose (GObject *object)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, _parlance_message_list_items_changed, self);
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->layout_id, self->clock);
      g_clear_object (&self->clock);
    }
  g_clear_object (&self->model);
  g_clear_object (&self->anchor);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->highlight_terms, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_LIST);

  G_OBJECT_CLASS (parlance_message_list_parent_class)->dispose (object);
}

static void
parlance_message_list_class_init (ParlanceMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_message_list_dispose;
  object_class->get_property = parlance_message_list_get_property;
  widget_class->measure = parlance_message_list_measure;
  widget_class->focus = parlance_message_list_focus;
  widget_class->size_allocate = parlance_message_list_size_allocate;
  widget_class->map = parlance_message_list_map;
  widget_class->unmap = parlance_message_list_unmap;

  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-message-list.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageList, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageList, viewport);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageList, clamp);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed);
}

static void
parlance_message_list_init (ParlanceMessageList *self)
{
  GtkAdjustment *adj;

  g_type_ensure (ADW_TYPE_CLAMP);
  g_type_ensure (PARLANCE_TYPE_SCROLLED_CONTENT);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->following = TRUE;

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (_parlance_message_list_queue_check),
                           self, G_CONNECT_SWAPPED);
}
