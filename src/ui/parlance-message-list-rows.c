/* parlance-message-list-rows.c — which messages of ParlanceMessageList have rows.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows exist for the messages [start, end) of the model. A tick callback (one batch a frame)
 * builds rows where the visible area is about to go and drops those far from it; items-changed
 * gives appended messages rows, shifts the slice past changes before it, and starts it again
 * from the end when the model is replaced. A search result starts it at its message.
 */

#include "config.h"

#include "parlance-message-list-private.h"
#include "parlance-message-row.h"

/* Rows */

static GtkWidget *
row_new (ParlanceMessageList *self,
         guint                position)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (self->model, position);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *child = parlance_message_row_new ();

  parlance_message_row_set_catalog (PARLANCE_MESSAGE_ROW (child), self->catalog);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (child), message);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The message a search result opened: marked as long as the conversation shows. */
  if (self->highlight_id != 0 && parlance_message_get_id (message) == self->highlight_id)
    {
      gtk_widget_add_css_class (row, "search-hit");
      parlance_message_row_set_highlight (PARLANCE_MESSAGE_ROW (child), (const char * const *) self->highlight_terms);
    }
  /* The message row says whose message it is ("Reply from Llama 3.3 70B"). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, child, NULL, -1);
  return row;
}

static GtkWidget *
row_at (ParlanceMessageList *self,
        guint                position)
{
  g_assert (position >= self->start && position < self->end);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, (int) (position - self->start)));
}

gboolean
_parlance_message_list_holds_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Gives @row the keyboard without scrolling to it. */
void
_parlance_message_list_focus_quietly (ParlanceMessageList *self,
                                      GtkWidget           *row)
{
  gtk_viewport_set_scroll_to_focus (self->viewport, FALSE);
  gtk_widget_grab_focus (row);
  gtk_viewport_set_scroll_to_focus (self->viewport, TRUE);
}

static void
remove_row (ParlanceMessageList *self,
            GtkWidget           *row,
            GtkWidget           *heir)
{
  /* The keyboard stays in the list rather than going nowhere. */
  if (heir != NULL && _parlance_message_list_holds_focus (row))
    _parlance_message_list_focus_quietly (self, heir);
  if (self->anchor != NULL && (self->anchor == row || gtk_widget_is_ancestor (self->anchor, row)))
    g_clear_object (&self->anchor);
  gtk_list_box_remove (self->list_box, row);
}

static void
remove_rows (ParlanceMessageList *self)
{
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, 0))) != NULL)
    remove_row (self, row, NULL);
  self->start = self->end = 0;
}

static guint
batch_size (ParlanceMessageList *self)
{
  return self->batch_limit > 0 ? self->batch_limit : MAX_BATCH;
}

/* Builds rows above the first one, the nearest first, within the frame's budget. */
static guint
grow_up (ParlanceMessageList *self,
         gint64               deadline)
{
  guint n = 0;

  while (self->start > 0 && n < batch_size (self) && (n == 0 || g_get_monotonic_time () < deadline))
    {
      self->start--;
      gtk_list_box_prepend (self->list_box, row_new (self, self->start));
      self->rows_above_changed = TRUE;
      n++;
    }
  return n;
}

static guint
grow_down (ParlanceMessageList *self,
           gint64               deadline)
{
  guint n = 0;

  while (self->end < _parlance_message_list_n_items (self) && n < batch_size (self) &&
         (n == 0 || g_get_monotonic_time () < deadline))
    {
      gtk_list_box_append (self->list_box, row_new (self, self->end));
      self->end++;
      n++;
    }
  return n;
}

/* Starts the slice again at one end of the conversation. */
void
_parlance_message_list_rebuild (ParlanceMessageList *self,
                                gboolean             at_end)
{
  gboolean had_focus = _parlance_message_list_holds_focus (GTK_WIDGET (self->list_box));
  gint64 deadline = g_get_monotonic_time () + BUILD_BUDGET_US;
  GtkWidget *row;

  remove_rows (self);
  self->start = self->end = at_end ? _parlance_message_list_n_items (self) : 0;
  if (at_end)
    grow_up (self, deadline);
  else
    grow_down (self, deadline);

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box,
                                                   at_end ? (int) (self->end - self->start) - 1 : 0));
  if (had_focus && row != NULL)
    _parlance_message_list_focus_quietly (self, row);
  self->jump = at_end ? JUMP_NONE : JUMP_START;
  _parlance_message_list_queue_check (self);
}

/* Starts the slice again at the message at @position: the rows around it come as the view
 * needs them. */
void
_parlance_message_list_rebuild_at (ParlanceMessageList *self,
                                   guint                position)
{
  gint64 deadline = g_get_monotonic_time () + BUILD_BUDGET_US;

  g_assert (position < _parlance_message_list_n_items (self));
  remove_rows (self);
  self->start = self->end = position;
  grow_down (self, deadline);
  _parlance_message_list_queue_check (self);
}

/* The row of the message @message_id, when it has one. */
GtkWidget *
_parlance_message_list_row_for_id (ParlanceMessageList *self,
                                   gint64               message_id)
{
  for (guint i = self->start; i < self->end; i++)
    {
      g_autoptr(ParlanceMessage) message = g_list_model_get_item (self->model, i);

      if (parlance_message_get_id (message) == message_id)
        return row_at (self, i);
    }
  return NULL;
}

/* Jumping to a message */

/**
 * parlance_message_list_show_message:
 * @message_id: a message of the list's model
 * @terms: (nullable): the words it was found by, highlighted in it
 * @focus: whether its row takes the keyboard (a screen reader reads it; the arrows go on from it)
 *
 * Scrolls to the message @message_id and marks it (a search result), until the model shows
 * another conversation.
 *
 * Returns: whether the message is in the model (the shown branch)
 */
gboolean
parlance_message_list_show_message (ParlanceMessageList *self,
                                    gint64               message_id,
                                    const char * const  *terms,
                                    gboolean             focus)
{
  GtkWidget *row;
  guint n, position;

  g_return_val_if_fail (PARLANCE_IS_MESSAGE_LIST (self), FALSE);

  n = _parlance_message_list_n_items (self);
  for (position = 0; position < n; position++)
    {
      g_autoptr(ParlanceMessage) message = g_list_model_get_item (self->model, position);

      if (parlance_message_get_id (message) == message_id)
        break;
    }
  /* The message found before is not the one searched for now, whether this one shows or not. */
  if (self->highlight_id != 0 && (row = _parlance_message_list_row_for_id (self, self->highlight_id)) != NULL)
    {
      gtk_widget_remove_css_class (row, "search-hit");
      parlance_message_row_set_highlight (PARLANCE_MESSAGE_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), NULL);
    }
  if (message_id == 0 || position == n)
    {
      self->highlight_id = 0;
      g_clear_pointer (&self->highlight_terms, g_strfreev);
      return FALSE;
    }
  self->highlight_id = message_id;
  g_strfreev (self->highlight_terms);
  self->highlight_terms = g_strdupv ((char **) terms);
  _parlance_message_list_set_following (self, FALSE);
  self->debt = 0;
  if (position < self->start || position >= self->end)
    _parlance_message_list_rebuild_at (self, position);
  row = _parlance_message_list_row_for_id (self, message_id);
  gtk_widget_add_css_class (row, "search-hit");
  parlance_message_row_set_highlight (PARLANCE_MESSAGE_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), terms);
  if (focus)
    _parlance_message_list_focus_quietly (self, row);
  self->jump = JUMP_MESSAGE;
  gtk_widget_queue_allocate (GTK_WIDGET (self->viewport));
  return TRUE;
}

/* The message a search result showed, or 0. */
gint64
parlance_message_list_get_highlighted (ParlanceMessageList *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_LIST (self), 0);
  return self->highlight_id;
}

/**
 * parlance_message_list_get_row:
 *
 * Returns: (transfer none) (nullable): the row (a #GtkListBoxRow) of @message_id, when it has one
 */
GtkWidget *
parlance_message_list_get_row (ParlanceMessageList *self,
                               gint64               message_id)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_LIST (self), NULL);
  return _parlance_message_list_row_for_id (self, message_id);
}

/* Building and dropping rows */

static gboolean
far_above (ParlanceMessageList *self,
           GtkWidget           *row,
           double               limit)
{
  double y;

  /* A row built since the last layout has no place yet: it is not far. */
  return gtk_widget_get_height (row) > 0 && _parlance_message_list_content_y (self, row, &y) &&
         y + gtk_widget_get_height (row) < limit;
}

static gboolean
far_below (ParlanceMessageList *self,
           GtkWidget           *row,
           double               limit)
{
  double y;

  return gtk_widget_get_height (row) > 0 && _parlance_message_list_content_y (self, row, &y) && y > limit;
}

/* Drops the rows far from the visible area; returns whether it dropped any. */
static gboolean
trim (ParlanceMessageList *self,
      double               value,
      double               page)
{
  gboolean trimmed = FALSE;

  while (self->end - self->start > 1 &&
         far_above (self, row_at (self, self->start), value - KEEP_PAGES * page))
    {
      remove_row (self, row_at (self, self->start), row_at (self, self->start + 1));
      self->start++;
      self->rows_above_changed = TRUE;
      trimmed = TRUE;
    }
  while (self->end - self->start > 1 &&
         far_below (self, row_at (self, self->end - 1), value + page + KEEP_PAGES * page))
    {
      remove_row (self, row_at (self, self->end - 1), row_at (self, self->end - 2));
      self->end--;
      trimmed = TRUE;
    }
  return trimmed;
}

/* One batch a frame: rows where the visible area is about to go, fewer far from it. */
static gboolean
check (GtkWidget     *widget,
       GdkFrameClock *clock,
       gpointer       user_data)
{
  ParlanceMessageList *self = PARLANCE_MESSAGE_LIST (widget);
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double value = gtk_adjustment_get_value (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double upper = gtk_adjustment_get_upper (adj);
  gint64 deadline = g_get_monotonic_time () + BUILD_BUDGET_US;

  self->check_id = 0;
  if (self->model == NULL || page <= 0)
    return G_SOURCE_REMOVE;

  /* Following needs the last message's row. */
  if (self->following && self->end < _parlance_message_list_n_items (self))
    {
      _parlance_message_list_rebuild (self, TRUE);
      return G_SOURCE_REMOVE;
    }
  /* Dropping first: it looks at where rows were laid out, which new rows are not yet. Then one
   * end grows; a fast scroll that keeps it growing still drops at the other. */
  trim (self, value, page);
  if (self->start > 0 && value < LOAD_PAGES * page)
    grow_up (self, deadline);
  else if (self->end < _parlance_message_list_n_items (self) && upper - value - page < LOAD_PAGES * page)
    grow_down (self, deadline);
  /* The next frame's layout looks again (after_layout), and queues another check if needed. */
  return G_SOURCE_REMOVE;
}

static gboolean
needs_check (ParlanceMessageList *self)
{
  GtkAdjustment *adj = _parlance_message_list_get_vadjustment (self);
  double value = gtk_adjustment_get_value (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double upper = gtk_adjustment_get_upper (adj);

  if (self->model == NULL || page <= 0)
    return FALSE;
  if ((self->following && self->end < _parlance_message_list_n_items (self)) ||
      (self->start > 0 && value < LOAD_PAGES * page) ||
      (self->end < _parlance_message_list_n_items (self) && upper - value - page < LOAD_PAGES * page))
    return TRUE;
  /* Rows to drop: the first or the last is far away. */
  return self->end - self->start > 1 &&
         (far_above (self, row_at (self, self->start), value - KEEP_PAGES * page) ||
          far_below (self, row_at (self, self->end - 1), value + page + KEEP_PAGES * page));
}

void
_parlance_message_list_queue_check (ParlanceMessageList *self)
{
  if (self->check_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)) || !needs_check (self))
    return;
  self->check_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), check, NULL, NULL);
}

/* The model changed */

/* Rows for the messages [from, to), inserted before the row of the message at @from. */
static void
insert_rows (ParlanceMessageList *self,
             guint                from,
             guint                to)
{
  for (guint i = from; i < to; i++)
    gtk_list_box_insert (self->list_box, row_new (self, i), (int) (i - self->start));
}

void
_parlance_message_list_items_changed (ParlanceMessageList *self,
                                      guint                position,
                                      guint                removed,
                                      guint                added,
                                      GListModel          *model)
{
  guint n_old = _parlance_message_list_n_items (self) - added + removed;
  guint first, last;

  /* Nothing shown yet, or everything shown replaced (another conversation opened). */
  if (self->start == self->end || (position <= self->start && position + removed >= self->end))
    {
      /* Another conversation: the message a search opened is not in it. */
      self->highlight_id = 0;
      g_clear_pointer (&self->highlight_terms, g_strfreev);
      if (self->jump == JUMP_MESSAGE)
        self->jump = JUMP_NONE;
      _parlance_message_list_set_following (self, TRUE);
      _parlance_message_list_rebuild (self, TRUE);
      return;
    }

  /* After the rows: appended to the end the rows reach (a new message), or further. */
  if (position >= self->end)
    {
      if (position == self->end && self->end == n_old && removed == 0)
        {
          if (added <= MAX_SPLICE && self->end - self->start + added <= MAX_ROWS)
            {
              self->end += added;
              insert_rows (self, position, position + added);
            }
          else if (self->following)
            _parlance_message_list_rebuild (self, TRUE);
        }
      _parlance_message_list_queue_check (self);
      return;
    }

  /* Before the rows: they stay, at new positions. */
  if (position + removed <= self->start)
    {
      self->start = self->start + added - removed;
      self->end = self->end + added - removed;
      _parlance_message_list_queue_check (self);
      return;
    }

  /* Among the rows: theirs go, the new messages get rows. */
  if (added > MAX_SPLICE)
    {
      _parlance_message_list_rebuild (self, TRUE);
      return;
    }
  first = MAX (position, self->start);
  last = MIN (position + removed, self->end);
  for (guint i = first; i < last; i++)
    remove_row (self, row_at (self, first), NULL);
  if (position < self->start)
    self->start = position;
  self->end = position + removed >= self->end ? position + added : self->end + added - removed;
  insert_rows (self, MAX (position, self->start), position + added);
  _parlance_message_list_queue_check (self);
}

