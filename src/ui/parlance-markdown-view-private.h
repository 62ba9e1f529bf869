/* parlance-markdown-view-private.h — the widgets of Markdown blocks, shared by the view's files.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-markdown.h"
#include "parlance-markdown-view.h"

G_BEGIN_DECLS

/* What one label lays out: Pango shapes a wrapped label's text again for each line it breaks
 * (a label costs about the square of its length, most of all of its longest word). A top-level
 * paragraph is split into labels of about LABEL_CHUNK_BYTES at spaces; a word longer than
 * LABEL_MAX_WORD characters, or text past the caps below, is shown cut with "…". */
#define PARLANCE_MARKDOWN_LABEL_CHUNK_BYTES  4096
#define PARLANCE_MARKDOWN_LABEL_MAX_WORD     1024
#define PARLANCE_MARKDOWN_TOP_MAX_BYTES      (256 * 1024)  /* a top-level paragraph */
#define PARLANCE_MARKDOWN_NESTED_MAX_BYTES   (16 * 1024)   /* in a list, quote or heading */
#define PARLANCE_MARKDOWN_CELL_MAX_BYTES     1024
#define PARLANCE_MARKDOWN_TABLE_MAX_ROWS     200
#define PARLANCE_MARKDOWN_TABLE_MAX_COLUMNS  16

/* The markup of an inline text in chunks of about @chunk_bytes (0: one chunk), everything
 * escaped; *@elided set when some text was left out. NULL-terminated, at least one chunk. */
char      **_parlance_markdown_inline_markup (const ParlanceMarkdownBlock *block,
                                              gsize                        chunk_bytes,
                                              gsize                        max_bytes,
                                              gboolean                    *elided);
GtkWidget  *_parlance_markdown_text_label_new (ParlanceMarkdownKind        kind,
                                               guint                       level);
void        _parlance_markdown_text_label_set (GtkWidget                  *label,
                                               const char                 *markup);
/* A widget for any block (a top-level paragraph too, as one label); NULL never. */
GtkWidget  *_parlance_markdown_build          (const ParlanceMarkdownBlock *block,
                                               guint                        depth,
                                               gboolean                    *elided);
/* Makes @widget, built for another block, show @block; FALSE when it must be built again. */
gboolean    _parlance_markdown_update         (GtkWidget                   *widget,
                                               const ParlanceMarkdownBlock *block,
                                               guint                        depth,
                                               gboolean                    *elided);
/* The block a widget was built for. */
const ParlanceMarkdownBlock *_parlance_markdown_widget_get_block (GtkWidget *widget);
void        _parlance_markdown_widget_set_block (GtkWidget                 *widget,
                                                 const ParlanceMarkdownBlock *block);
void        _parlance_markdown_highlight      (GtkWidget                   *widget,
                                               const char * const          *terms);
/* Only web and mail addresses open. */
gboolean    _parlance_markdown_link_allowed   (const char                  *uri);

/* For tests: whether the view shows all of its document now, and the box of its widgets. */
gboolean    _parlance_markdown_view_get_built (ParlanceMarkdownView *self);
GtkWidget  *_parlance_markdown_view_get_box   (ParlanceMarkdownView *self);

G_END_DECLS
