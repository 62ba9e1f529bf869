/* parlance-test-sidebar.h — the window with saved conversations, for the sidebar's and the
 * conversation settings' tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fake-provider.h"
#include "parlance-conversation-list.h"
#include "parlance-sidebar.h"
#include "parlance-store.h"
#include "parlance-window.h"

G_BEGIN_DECLS

typedef struct
{
  ParlanceApplication *app;
  ParlanceWindow      *window;
  ParlanceSidebar     *sidebar;
  ParlanceChatSession *session;
  GListModel          *list;
} ParlanceTestSidebar;

extern FakeProvider *parlance_test_sidebar_fake;

void           parlance_test_sidebar_init              (int                  *argc,
                                                        char               ***argv);
ParlanceStore *parlance_test_sidebar_open_store        (void);
void           parlance_test_sidebar_reset_data        (void);
void           parlance_test_sidebar_start             (ParlanceTestSidebar  *ui);
void           parlance_test_sidebar_stop              (ParlanceTestSidebar  *ui);
ParlanceStore *parlance_test_sidebar_store             (ParlanceTestSidebar  *ui);
void           parlance_test_sidebar_flush             (ParlanceTestSidebar  *ui);
void           parlance_test_sidebar_queue_reply       (void);
gint64         parlance_test_sidebar_send              (ParlanceTestSidebar  *ui,
                                                        const char           *text);
FakeRequest   *parlance_test_sidebar_last_chat_request (void);

G_END_DECLS
