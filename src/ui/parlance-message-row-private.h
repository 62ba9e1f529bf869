/* parlance-message-row-private.h — what the parlance-message-row*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-markdown-view.h"
#include "parlance-message-actions.h"
#include "parlance-message-editor.h"
#include "parlance-message-footer.h"
#include "parlance-message-row.h"
#include "parlance-model-catalog.h"
#include "parlance-paragraph-box.h"

G_BEGIN_DECLS

struct _ParlanceMessageRow
{
  GtkWidget        parent_instance;

  ParlanceMessage *message;
  GSignalGroup    *signals;
  gsize            settled;        /* bytes of content shown in settled paragraph labels */
  GtkWidget       *last_paragraph;
  guint            tick_id;
  gboolean         reasoning_dirty;
  ParlanceModelCatalog *catalog;   /* names for model ids */
  guint            countdown_id;   /* while a rate limit's wait is shown */
  char           **highlight;      /* words a search found it by */
  gboolean         cut;            /* a paragraph was too long to lay out whole */
  ParlanceMarkdown *content_doc;   /* a reply's text, as far as fed */
  ParlanceMarkdown *reasoning_doc;
  gsize            content_fed;
  gsize            reasoning_fed;
  gboolean         docs_open;      /* text was fed since the documents were finished */
  gboolean         docs_finished;  /* the documents were told the text ended */
  gboolean         reasoning_opened;  /* opened while only the reasoning streamed */

  /* Template widgets */
  GtkWidget       *bubble;
  GtkLabel        *author_label;
  GtkExpander     *reasoning_expander;
  ParlanceMarkdownView *reasoning_view;
  ParlanceParagraphBox *content_box;
  ParlanceMarkdownView *content_view;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkSpinner      *status_spinner;
  GtkLabel        *status_label;
  GtkWidget       *retry_button;
  GtkWidget       *send_with_button;
  GtkWidget       *cancel_wait_button;
  GtkWidget       *long_box;
  ParlanceMessageEditor  *editor;
  ParlanceMessageFooter  *footer;
  ParlanceMessageActions *actions;
};

/* What a frame may add: the time to create paragraphs, and the text they hold, since laying text
 * out (in the frame's layout phase, after this) costs a few microseconds a character. A reply that
 * arrives faster than that is shown over the next frames instead of freezing the window. */
#define FRAME_BUDGET_US    3000
#define FRAME_BUDGET_BYTES 1200

/* parlance-message-row.c */
gboolean _parlance_message_row_is_markdown     (ParlanceMessageRow *self);
void     _parlance_message_row_update_long_box (ParlanceMessageRow *self);

/* parlance-message-row-text.c */
gboolean _parlance_message_row_sync_text       (ParlanceMessageRow *self,
                                                gint64              deadline);

G_END_DECLS
