/* parlance-test-store.h — what the store's tests share: fresh databases, a raw connection.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "parlance-store.h"

G_BEGIN_DECLS

/* A path for a new database in a folder of its own (not created yet). */
char            *parlance_test_store_path      (void);
ParlanceStore   *parlance_test_store_open      (const char  *path);
/* A conversation with a title, saved. */
ParlanceConversation *parlance_test_store_conversation (ParlanceStore *store,
                                                        const char    *title);
ParlanceConversation *parlance_test_store_conversation_at (ParlanceStore *store,
                                                           const char    *title,
                                                           gint64         updated);
ParlanceMessage *parlance_test_store_message   (ParlanceStore *store,
                                                gint64         conversation_id,
                                                gint64         parent_id,
                                                ParlanceRole   role,
                                                const char    *content);
/* A connection of the test's own, as another program would have. */
sqlite3         *parlance_test_store_raw       (const char  *path);
gint64           parlance_test_store_raw_int   (sqlite3     *db,
                                                const char  *sql);
char            *parlance_test_store_raw_text  (sqlite3     *db,
                                                const char  *sql);
void             parlance_test_store_raw_exec  (sqlite3     *db,
                                                const char  *sql);
/* Drops the store and checks nothing else held it. */
void             parlance_test_store_close     (ParlanceStore *store);

G_END_DECLS
