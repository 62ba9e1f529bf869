/* parlance-search-results.h — search results as the sidebar shows them: grouped by conversation,
 * snippets as escaped markup.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

char      *parlance_search_snippet_to_markup (const char *snippet);
char      *parlance_search_snippet_to_text   (const char *snippet);
char      *parlance_search_clean_title       (const char *title);
GPtrArray *parlance_search_group_results     (GPtrArray  *results);
/* The words of a query, to find again in a message's text. */
char     **parlance_search_terms             (const char *query);
PangoAttrList *parlance_search_highlight     (const char         *text,
                                              const char * const *terms);

G_END_DECLS
