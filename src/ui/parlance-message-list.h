/* parlance-message-list.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-model-catalog.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MESSAGE_LIST (parlance_message_list_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessageList, parlance_message_list, PARLANCE, MESSAGE_LIST, GtkWidget)

GtkWidget *parlance_message_list_new            (void);
void       parlance_message_list_set_model      (ParlanceMessageList  *self,
                                                 GListModel           *messages);
void       parlance_message_list_set_catalog    (ParlanceMessageList  *self,
                                                 ParlanceModelCatalog *catalog);
gboolean   parlance_message_list_get_following  (ParlanceMessageList  *self);
void       parlance_message_list_scroll_to_end  (ParlanceMessageList  *self);
void       parlance_message_list_scroll_to_start (ParlanceMessageList *self);
void       parlance_message_list_scroll_pages   (ParlanceMessageList  *self,
                                                 double                pages);
guint      parlance_message_list_get_n_rows     (ParlanceMessageList  *self);
gboolean   parlance_message_list_show_message   (ParlanceMessageList  *self,
                                                 gint64                message_id,
                                                 const char * const   *terms,
                                                 gboolean              focus);
gint64     parlance_message_list_get_highlighted (ParlanceMessageList *self);
GtkWidget *parlance_message_list_get_row        (ParlanceMessageList  *self,
                                                 gint64                message_id);

/* For tests: at most @rows rows built a frame instead of the time budget (0). */
void       _parlance_message_list_set_batch_limit (ParlanceMessageList *self,
                                                   guint                rows);

G_END_DECLS
