/* parlance-test-markdown.h — helpers for the Markdown document's tests and fuzz target.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-markdown.h"

G_BEGIN_DECLS

/* Every block's dump, one after the other; settled ones first, a "--- open" line before the
 * tail. */
char             *ptm_dump             (ParlanceMarkdown *doc);
/* The document of @text appended in pieces that end at @cuts (ascending), then finished. Along
 * the way, checks that settled blocks never change and that the invariants hold. */
ParlanceMarkdown *ptm_parse_cuts       (const char       *text,
                                        gsize             length,
                                        const gsize      *cuts,
                                        guint             n_cuts,
                                        gboolean          look_each_time);
/* NULL when the two documents have equal blocks, else a description of the first difference. */
char             *ptm_compare          (ParlanceMarkdown *a,
                                        ParlanceMarkdown *b);
/* Checks whole == byte by byte == token by token (pieces of 1–8 bytes from @seed) == lines;
 * returns NULL or what differs. */
char             *ptm_check_splits     (const char       *text,
                                        gsize             length,
                                        guint32           seed);
/* Every alphanumeric word of @words appears in the document's texts, hrefs or languages;
 * returns NULL or the first missing word. */
char             *ptm_missing_word     (ParlanceMarkdown *doc,
                                        const char       *words);
/* The words a renderer shows for the HTML of the spec's examples (text and alt). */
char             *ptm_html_words       (const char       *html);
/* Spans cover the text in order without gaps, never split a character; texts are valid UTF-8;
 * nesting and columns within the caps. NULL or what is wrong. */
char             *ptm_check_invariants (ParlanceMarkdown *doc);

G_END_DECLS
