/* parlance-message-list-private.h — what the two files of ParlanceMessageList share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-message-list.h"

G_BEGIN_DECLS

/* Rows are built while less than this many pages of them are ready beyond the visible area... */
#define LOAD_PAGES 1.5
/* ...and dropped when they are further than this from it. */
#define KEEP_PAGES 3.0
/* Building rows in a frame stops after this long (but builds one at least)... */
#define BUILD_BUDGET_US 6000
/* ...or this many. */
#define MAX_BATCH 30
/* More messages than this inserted at once among the rows, or messages appended one by one
 * past this many rows: the slice starts again at the end. */
#define MAX_SPLICE 100
#define MAX_ROWS 200

typedef enum {
  JUMP_NONE,
  JUMP_START,
  JUMP_MESSAGE,   /* to the row of highlight_id (a search result) */
} Jump;

struct _ParlanceMessageList
{
  GtkWidget             parent_instance;

  GListModel           *model;
  ParlanceModelCatalog *catalog;
  guint                 start;         /* the model's positions that have rows: [start, end) */
  guint                 end;
  gboolean              following;
  Jump                  jump;
  gboolean              adjusting;     /* the adjustment changes because we change it */
  gboolean              allocating;    /* ...or because GTK lays us out (and clamps it) */

  GtkWidget            *anchor;        /* a row or a paragraph at the top of the visible area */
  double                anchor_offset; /* its top, from the top of the visible area */
  gboolean              rows_above_changed; /* since the last layout */
  gboolean              scrolled;      /* by the user since the last layout: the anchor is picked again */
  double                debt;          /* what Page Up/Down still has to scroll, past rows not built yet */
  gboolean              paging;
  gint64                highlight_id;  /* the message a search opened the conversation at, or 0 */
  char                **highlight_terms; /* and the words it was found by */

  guint                 batch_limit;   /* for tests: rows a frame, or 0 for the time budget */
  guint                 check_id;      /* tick callback that builds and drops rows */
  GdkFrameClock        *clock;
  gulong                layout_id;

  /* Template widgets */
  GtkScrolledWindow    *scroller;
  GtkViewport          *viewport;
  GtkWidget            *clamp;
  GtkListBox           *list_box;
};


static inline GtkAdjustment *
_parlance_message_list_get_vadjustment (ParlanceMessageList *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

static inline guint
_parlance_message_list_n_items (ParlanceMessageList *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

gboolean _parlance_message_list_content_y       (ParlanceMessageList *self,
                                                 GtkWidget           *widget,
                                                 double              *y);
void     _parlance_message_list_set_following   (ParlanceMessageList *self,
                                                 gboolean             following);

/* parlance-message-list-rows.c */
gboolean _parlance_message_list_holds_focus     (GtkWidget           *widget);
void     _parlance_message_list_focus_quietly   (ParlanceMessageList *self,
                                                 GtkWidget           *row);
void     _parlance_message_list_rebuild         (ParlanceMessageList *self,
                                                 gboolean             at_end);
void     _parlance_message_list_rebuild_at      (ParlanceMessageList *self,
                                                 guint                position);
GtkWidget *_parlance_message_list_row_for_id    (ParlanceMessageList *self,
                                                 gint64               message_id);
void     _parlance_message_list_queue_check     (ParlanceMessageList *self);
void     _parlance_message_list_items_changed   (ParlanceMessageList *self,
                                                 guint                position,
                                                 guint                removed,
                                                 guint                added,
                                                 GListModel          *model);

G_END_DECLS
