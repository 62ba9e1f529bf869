/* parlance-search-pane.h — the sidebar's search: an entry, and the results as you type.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_SEARCH_PANE (parlance_search_pane_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceSearchPane, parlance_search_pane, PARLANCE, SEARCH_PANE, GtkWidget)

GtkWidget  *parlance_search_pane_new          (void);
/* NULL: no database (yet, or at all); a search waits for one. */
void        parlance_search_pane_set_store    (ParlanceSearchPane *self,
                                               ParlanceStore      *store);
void        parlance_search_pane_set_unavailable (ParlanceSearchPane *self,
                                                  const char         *why);
const char *parlance_search_pane_get_text     (ParlanceSearchPane *self);
void        parlance_search_pane_set_text     (ParlanceSearchPane *self,
                                               const char         *text);
/* The keyboard in the entry, its text selected (typing replaces it). */
void        parlance_search_pane_focus_entry  (ParlanceSearchPane *self);
/* For tests: results shown (rows), and whether a search is under way. */
guint       parlance_search_pane_get_n_results (ParlanceSearchPane *self);
gboolean    parlance_search_pane_get_busy     (ParlanceSearchPane *self);
GtkWidget  *parlance_search_pane_get_row      (ParlanceSearchPane *self,
                                               guint               index);
gint64      _parlance_search_pane_get_show_time (ParlanceSearchPane *self);

/* Signals:
 *   ::open-result (gint64 conversation_id, gint64 message_id) — Enter or a click on a result;
 *                 message_id is 0 when only the title matched.
 *   ::stop-search () — Escape: the search closes. */

G_END_DECLS
