/* parlance-search-results.h — search results as the sidebar shows them: grouped by conversation,
 * snippets as escaped markup.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *parlance_search_snippet_to_markup (const char *snippet);
char      *parlance_search_snippet_to_text   (const char *snippet);
char      *parlance_search_clean_title       (const char *title);
GPtrArray *parlance_search_group_results     (GPtrArray  *results);

G_END_DECLS
