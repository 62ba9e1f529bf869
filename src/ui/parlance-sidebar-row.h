/* parlance-sidebar-row.h — one conversation in the sidebar: title, model and time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-conversation.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_SIDEBAR_ROW (parlance_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceSidebarRow, parlance_sidebar_row, PARLANCE, SIDEBAR_ROW, GtkWidget)

GtkWidget            *parlance_sidebar_row_new              (void);
ParlanceConversation *parlance_sidebar_row_get_conversation (ParlanceSidebarRow   *self);
void                  parlance_sidebar_row_set_conversation (ParlanceSidebarRow   *self,
                                                             ParlanceConversation *conversation);
/* The group heading shown above the row (the first of its group), or NULL for none. */
void                  parlance_sidebar_row_set_header       (ParlanceSidebarRow   *self,
                                                             const char           *header);
void                  parlance_sidebar_row_set_archived_view (ParlanceSidebarRow  *self,
                                                              gboolean             archived_view);
/* Shows the time again as seen from @now (after midnight). */
void                  parlance_sidebar_row_refresh          (ParlanceSidebarRow   *self,
                                                             GDateTime            *now);
/* "14:05" today, "Yesterday", a weekday within the week, else a date (translatable formats). */
char                 *parlance_sidebar_format_time          (gint64                time,
                                                             GDateTime            *now);

G_END_DECLS
