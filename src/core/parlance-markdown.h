/* parlance-markdown.h — an incremental Markdown document (md4c), fed as a reply streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CommonMark with tables, strikethrough, task lists and autolinks (md4c's GitHub dialect, minus
 * raw HTML: HTML is kept as the text it is). Text is appended as it arrives. The document is a
 * list of top-level blocks: the first n_settled of them can no longer change, whatever text comes
 * next, and are never parsed again (the same pointers stay valid until the document is
 * finalized or cleared); the blocks after them are the open tail, parsed again on each append
 * and replaced by new objects. So the cost of an append does not grow with the length of what
 * is settled. A half-finished construct (an unclosed fence, half a table, an unmatched `**`)
 * reads as what it is so far; parlance_markdown_finish () settles everything.
 *
 * Equivalence (tested and fuzzed): whatever the splits of the appended text, the blocks after
 * finish () equal (parlance_markdown_block_equal ()) those of the whole text appended at once.
 *
 * Untrusted text: nothing here is markup. Block and span text is plain UTF-8 (invalid bytes are
 * replaced by U+FFFD), to be escaped or filtered by whoever shows it. Sizes are capped: nesting
 * deeper than PARLANCE_MARKDOWN_MAX_DEPTH is flattened into the deepest block's text, a table
 * keeps at most PARLANCE_MARKDOWN_MAX_COLUMNS columns (the rest elided, get_elided () says so);
 * the text itself is never dropped (a code block of 5 MB keeps its 5 MB: views cap what they lay
 * out, and offer the whole).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PARLANCE_MARKDOWN_MAX_DEPTH   16
#define PARLANCE_MARKDOWN_MAX_COLUMNS 64

typedef enum
{
  PARLANCE_MARKDOWN_PARAGRAPH,   /* inline text + spans */
  PARLANCE_MARKDOWN_HEADING,     /* inline text + spans; level 1–6 */
  PARLANCE_MARKDOWN_CODE,        /* text: the code, no final newline; language: the fence's info word or NULL */
  PARLANCE_MARKDOWN_QUOTE,       /* children */
  PARLANCE_MARKDOWN_LIST,        /* children: LIST_ITEMs; ordered, start */
  PARLANCE_MARKDOWN_LIST_ITEM,   /* children (paragraphs of a tight list too); task */
  PARLANCE_MARKDOWN_TABLE,       /* children: TABLE_ROWs, the first is the header; n_columns */
  PARLANCE_MARKDOWN_TABLE_ROW,   /* children: TABLE_CELLs */
  PARLANCE_MARKDOWN_TABLE_CELL,  /* inline text + spans; align */
  PARLANCE_MARKDOWN_RULE,        /* nothing */
  PARLANCE_MARKDOWN_HTML,        /* text: the raw HTML block, shown as text, never interpreted */
} ParlanceMarkdownKind;

typedef enum
{
  PARLANCE_MARKDOWN_STYLE_STRONG = 1 << 0,
  PARLANCE_MARKDOWN_STYLE_EMPH   = 1 << 1,
  PARLANCE_MARKDOWN_STYLE_STRIKE = 1 << 2,
  PARLANCE_MARKDOWN_STYLE_CODE   = 1 << 3,  /* inline code */
  PARLANCE_MARKDOWN_STYLE_LINK   = 1 << 4,  /* href set; autolinks too */
  PARLANCE_MARKDOWN_STYLE_IMAGE  = 1 << 5,  /* an image: its alt text, href its address; never fetched */
  PARLANCE_MARKDOWN_STYLE_HTML   = 1 << 6,  /* inline raw HTML, kept as its text */
} ParlanceMarkdownStyle;

typedef enum
{
  PARLANCE_MARKDOWN_ALIGN_DEFAULT,
  PARLANCE_MARKDOWN_ALIGN_LEFT,
  PARLANCE_MARKDOWN_ALIGN_CENTER,
  PARLANCE_MARKDOWN_ALIGN_RIGHT,
} ParlanceMarkdownAlign;

typedef enum
{
  PARLANCE_MARKDOWN_TASK_NONE,
  PARLANCE_MARKDOWN_TASK_OPEN,
  PARLANCE_MARKDOWN_TASK_DONE,
} ParlanceMarkdownTask;

/* A run of inline text with one set of styles: [start, end) in bytes of the block's text.
 * Spans cover the text in order, without gaps (plain text is a span with style 0) and never
 * split a UTF-8 character. A hard line break is a "\n" in the text; a soft break is a " ". */
typedef struct
{
  guint                 start;
  guint                 end;
  ParlanceMarkdownStyle style;
  const char           *href;   /* LINK or IMAGE: the address as written (untrusted); else NULL */
} ParlanceMarkdownSpan;

/* An immutable block, reference counted. */
typedef struct _ParlanceMarkdownBlock ParlanceMarkdownBlock;

#define PARLANCE_TYPE_MARKDOWN_BLOCK (parlance_markdown_block_get_type ())
GType                  parlance_markdown_block_get_type     (void) G_GNUC_CONST;
ParlanceMarkdownBlock *parlance_markdown_block_ref          (ParlanceMarkdownBlock *block);
void                   parlance_markdown_block_unref        (ParlanceMarkdownBlock *block);
ParlanceMarkdownKind   parlance_markdown_block_get_kind     (const ParlanceMarkdownBlock *block);
/* Inline text of PARAGRAPH/HEADING/TABLE_CELL, the code of CODE, the HTML of HTML; "" otherwise. */
const char            *parlance_markdown_block_get_text     (const ParlanceMarkdownBlock *block,
                                                             gsize                       *length);
const ParlanceMarkdownSpan *parlance_markdown_block_get_spans (const ParlanceMarkdownBlock *block,
                                                               guint                     *n_spans);
guint                  parlance_markdown_block_get_n_children (const ParlanceMarkdownBlock *block);
const ParlanceMarkdownBlock *parlance_markdown_block_get_child (const ParlanceMarkdownBlock *block,
                                                                guint                        i);
guint                  parlance_markdown_block_get_level    (const ParlanceMarkdownBlock *block); /* HEADING */
const char            *parlance_markdown_block_get_language (const ParlanceMarkdownBlock *block); /* CODE */
gboolean               parlance_markdown_block_get_fenced   (const ParlanceMarkdownBlock *block); /* CODE */
gboolean               parlance_markdown_block_get_ordered  (const ParlanceMarkdownBlock *block); /* LIST */
guint                  parlance_markdown_block_get_start    (const ParlanceMarkdownBlock *block); /* LIST, ordered */
gboolean               parlance_markdown_block_get_tight    (const ParlanceMarkdownBlock *block); /* LIST */
ParlanceMarkdownTask   parlance_markdown_block_get_task     (const ParlanceMarkdownBlock *block); /* LIST_ITEM */
guint                  parlance_markdown_block_get_n_columns (const ParlanceMarkdownBlock *block); /* TABLE */
ParlanceMarkdownAlign  parlance_markdown_block_get_align    (const ParlanceMarkdownBlock *block); /* TABLE_CELL */
/* Something was capped away (columns past the limit, nesting flattened). */
gboolean               parlance_markdown_block_get_elided   (const ParlanceMarkdownBlock *block);
/* Unfinished: the tail's last block while more text may come (an unclosed fence…). */
gboolean               parlance_markdown_block_get_open     (const ParlanceMarkdownBlock *block);
/* Kind, text, spans (styles and hrefs), attributes and children, recursively. */
gboolean               parlance_markdown_block_equal        (const ParlanceMarkdownBlock *a,
                                                             const ParlanceMarkdownBlock *b);
/* A readable dump of the tree, one line per block or span, for tests and debugging. */
char                  *parlance_markdown_block_dump         (const ParlanceMarkdownBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceMarkdownBlock, parlance_markdown_block_unref)

#define PARLANCE_TYPE_MARKDOWN (parlance_markdown_get_type ())
G_DECLARE_FINAL_TYPE (ParlanceMarkdown, parlance_markdown, PARLANCE, MARKDOWN, GObject)

ParlanceMarkdown *parlance_markdown_new            (void);
/* Appends @length bytes (-1: up to the NUL); the text may end in the middle of anything, even of
 * a UTF-8 character. */
void              parlance_markdown_append         (ParlanceMarkdown *self,
                                                    const char       *text,
                                                    gssize            length);
/* No more text: every block settles. Appending afterwards starts the tail again (a reply that
 * is continued). */
void              parlance_markdown_finish         (ParlanceMarkdown *self);
void              parlance_markdown_clear          (ParlanceMarkdown *self);
/* The whole text appended so far. */
const char       *parlance_markdown_get_text       (ParlanceMarkdown *self,
                                                    gsize            *length);
/* Top-level blocks: settled ones first, then the open tail. Settled ones never change; the
 * count of settled blocks only grows (until clear). */
guint             parlance_markdown_get_n_blocks   (ParlanceMarkdown *self);
guint             parlance_markdown_get_n_settled  (ParlanceMarkdown *self);
/* Settled blocks, then those of the open tail that are closed already (settling waits for the
 * next block's first line): what a printer that can't take back may print. */
guint             parlance_markdown_get_n_final    (ParlanceMarkdown *self);
const ParlanceMarkdownBlock *parlance_markdown_get_block (ParlanceMarkdown *self,
                                                          guint             i);
/* Bumped on every change of the tail or of n_settled: a view compares it to know whether to
 * look again (at most once a frame). */
guint64           parlance_markdown_get_serial     (ParlanceMarkdown *self);

/* The whole document at once, for rendering stored text. */
ParlanceMarkdown *parlance_markdown_new_from_text  (const char       *text,
                                                    gssize            length);

G_END_DECLS
