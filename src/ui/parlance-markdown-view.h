/* parlance-markdown-view.h — a Markdown document shown as widgets, growing as a reply streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Maps the blocks of a ParlanceMarkdown to widgets: headings, paragraphs (bold, italic, strike,
 * inline code, links with their address in a tooltip, opened with the default browser), nested
 * lists and task lists, block quotes, tables, rules; code blocks as a GtkSourceView (the fence's
 * language highlighted, a style scheme that follows light/dark, never wrapped, scrolled
 * horizontally) under a header with the language and a Copy button. Widgets of settled blocks
 * are built once and kept; only the open tail's widgets are rebuilt, at most once a frame.
 * All text is selectable; links and Copy buttons are reachable by keyboard and have accessible
 * labels. Text is never live markup. What is too big to lay out (a 5 MB code block, a
 * 100,000-character line, a table of 1,000 columns) is shown capped, with a way to see or copy
 * the whole.
 *
 * A Copy button copies the code block's whole text and shows the toast "Copied" through
 * parlance_window_add_toast () on the ParlanceWindow it is in (none outside a window).
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-markdown.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MARKDOWN_VIEW (parlance_markdown_view_get_type ())
G_DECLARE_FINAL_TYPE (ParlanceMarkdownView, parlance_markdown_view, PARLANCE, MARKDOWN_VIEW, GtkWidget)

GtkWidget        *parlance_markdown_view_new          (void);
/* The document to show (a reference is kept); the view follows its appends and clear. NULL
 * shows nothing. */
void              parlance_markdown_view_set_document (ParlanceMarkdownView *self,
                                                       ParlanceMarkdown     *document);
ParlanceMarkdown *parlance_markdown_view_get_document (ParlanceMarkdownView *self);
/* Tell the view the document changed (after appends); it looks again at the next frame. */
void              parlance_markdown_view_queue_update (ParlanceMarkdownView *self);
/* Words to highlight (a search's terms), NULL for none. */
void              parlance_markdown_view_set_highlight (ParlanceMarkdownView *self,
                                                        const char * const   *terms);
/* Whether something is shown cut (too big to lay out): the "elided" property. */
gboolean          parlance_markdown_view_get_elided   (ParlanceMarkdownView *self);
/* Dim, smaller text (the reasoning section). */
void              parlance_markdown_view_set_secondary (ParlanceMarkdownView *self,
                                                        gboolean              secondary);

G_END_DECLS
