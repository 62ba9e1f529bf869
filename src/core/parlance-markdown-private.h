/* parlance-markdown-private.h — what the Markdown document's files share: the block's fields,
 * the md4c-driven parse of a piece of text, the line scanner that finds where blocks settle.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-markdown.h"

G_BEGIN_DECLS

struct _ParlanceMarkdownBlock
{
  gatomicrefcount        ref_count;
  ParlanceMarkdownKind   kind;
  GString               *text;      /* NULL for containers and rules */
  GArray                *spans;     /* of ParlanceMarkdownSpan; NULL when there is no inline text */
  GPtrArray             *hrefs;     /* owns the spans' href strings */
  GPtrArray             *children;  /* of ParlanceMarkdownBlock; NULL when there are none */
  char                  *language;
  guint                  level;
  guint                  start;
  guint                  n_columns;
  ParlanceMarkdownTask   task;
  ParlanceMarkdownAlign  align;
  guint                  fenced : 1;
  guint                  ordered : 1;
  guint                  tight : 1;
  guint                  elided : 1;
  guint                  open : 1;
};

ParlanceMarkdownBlock *_parlance_markdown_block_new          (ParlanceMarkdownKind   kind);
/* Appends inline text with one style; merges with the last span when nothing differs. */
void                   _parlance_markdown_block_add_text     (ParlanceMarkdownBlock *block,
                                                              const char            *text,
                                                              gsize                  length,
                                                              ParlanceMarkdownStyle  style,
                                                              const char            *href);
/* Verbatim text (code, HTML): no spans. */
void                   _parlance_markdown_block_add_verbatim (ParlanceMarkdownBlock *block,
                                                              const char            *text,
                                                              gsize                  length);
void                   _parlance_markdown_block_add_child    (ParlanceMarkdownBlock *block,
                                                              ParlanceMarkdownBlock *child);
/* A shallow copy (children shared) with another open flag. */
ParlanceMarkdownBlock *_parlance_markdown_block_copy_open    (const ParlanceMarkdownBlock *block,
                                                              gboolean                     open);

/* Parses @length bytes of valid UTF-8 without NUL as one Markdown document with md4c and
 * appends its top-level blocks to @blocks (transfer full). */
void                   _parlance_markdown_parse              (const char *text,
                                                              gsize       length,
                                                              GPtrArray  *blocks);
/* Finds GitHub's extended autolinks in the plain runs of @block's text (not its children). */
void                   _parlance_markdown_autolink           (ParlanceMarkdownBlock *block);
/* The language of a fence's opening line (its info string's first word, escapes and entities
 * resolved), or NULL. */
char                  *_parlance_markdown_parse_fence_language (const char *line,
                                                                gsize       length);

/* Appends the UTF-8 of the HTML5 character reference @name ("&amp;", with & and ;) to @out;
 * FALSE when it is not one. */
gboolean               _parlance_markdown_decode_entity      (const char *name,
                                                              gsize       length,
                                                              GString    *out);

/* The line scanner: fed complete lines, it says where a settled piece of text may end. */
typedef enum
{
  PARLANCE_MARKDOWN_LINE_MORE,          /* nothing to settle before this line */
  PARLANCE_MARKDOWN_LINE_BOUNDARY,      /* the text before this line can settle */
  PARLANCE_MARKDOWN_LINE_FENCE_OPEN,    /* a top-level fence opens here (boundary before it) */
  PARLANCE_MARKDOWN_LINE_FENCE_CODE,    /* a line of the open top-level fence */
  PARLANCE_MARKDOWN_LINE_FENCE_CLOSE,   /* closes the fence: the text up to its end settles */
} ParlanceMarkdownLine;

typedef struct
{
  gboolean in_fence;
  char     fence_char;
  guint    fence_length;
  guint    fence_indent;
  guint    item_column;   /* content column of the open top-level list item, 0: none */
  gboolean item_empty;    /* that item's first line had nothing after the marker */
  gboolean prev_blank;
  gboolean prev_text;     /* the line before could be continued lazily */
  gsize    chunk_length;  /* bytes since the last boundary */
} ParlanceMarkdownScanner;

/* Past this many bytes without a boundary, a top-level list may be cut (the fuzz target makes it
 * small, to reach that path with small inputs). */
#ifndef PARLANCE_MARKDOWN_MAX_CHUNK
#define PARLANCE_MARKDOWN_MAX_CHUNK (16 * 1024)
#endif

void                   _parlance_markdown_scanner_init       (ParlanceMarkdownScanner *scanner);
/* @line is one complete line without its line ending. */
ParlanceMarkdownLine   _parlance_markdown_scanner_feed       (ParlanceMarkdownScanner *scanner,
                                                              const char              *line,
                                                              gsize                    length);
/* Whether @line (without line ending) could still become the closing fence of @scanner's fence
 * as more bytes come: an open fence hides it. */
gboolean               _parlance_markdown_scanner_maybe_close (const ParlanceMarkdownScanner *scanner,
                                                               const char                    *line,
                                                               gsize                          length);
/* Appends the code of a line of @scanner's fence to @out: its indentation in spaces (tabs
 * expanded), less the fence's. */
void                   _parlance_markdown_scanner_append_code (const ParlanceMarkdownScanner *scanner,
                                                               GString                       *out,
                                                               const char                    *line,
                                                               gsize                          length);

G_END_DECLS
