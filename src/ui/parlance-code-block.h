/* parlance-code-block.h — a fenced code block: highlighted, scrolled sideways, with a Copy button.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a code block lays out; past it the code is shown cut (Copy still copies the whole). */
#define PARLANCE_CODE_BLOCK_MAX_LINES      2000
#define PARLANCE_CODE_BLOCK_MAX_BYTES      (200 * 1024)
#define PARLANCE_CODE_BLOCK_MAX_LINE_CHARS 10000

#define PARLANCE_TYPE_CODE_BLOCK (parlance_code_block_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceCodeBlock, parlance_code_block, PARLANCE, CODE_BLOCK, GtkWidget)

GtkWidget  *parlance_code_block_new           (void);
/* @language: the fence's info word (untrusted), or NULL. A @code that continues the one shown
 * (a block still streaming) only appends what is new. */
void        parlance_code_block_set_code      (ParlanceCodeBlock  *self,
                                               const char         *language,
                                               const char         *code,
                                               gsize               length);
const char *parlance_code_block_get_code      (ParlanceCodeBlock  *self);
/* Whether part of the code is not shown. */
gboolean    parlance_code_block_get_cut       (ParlanceCodeBlock  *self);
void        parlance_code_block_set_highlight (ParlanceCodeBlock  *self,
                                               const char * const *terms);

/* For tests: how many blocks are built ahead for the next ones a reply asks for. */
guint       _parlance_code_block_get_n_spares (void);
/* For tests: the buffer shown and the style scheme's id. */
GtkWidget  *_parlance_code_block_get_view     (ParlanceCodeBlock  *self);
const char *_parlance_code_block_get_scheme   (ParlanceCodeBlock  *self);
int         _parlance_code_block_get_wanted_height (ParlanceCodeBlock *self);
gboolean    _parlance_code_block_get_fits     (ParlanceCodeBlock  *self);

G_END_DECLS
