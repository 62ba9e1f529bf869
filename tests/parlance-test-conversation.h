/* parlance-test-conversation.h — long replies and long conversations for the scrolling tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fake-provider.h"

G_BEGIN_DECLS

char         *parlance_test_long_markdown      (guint       seed,
                                                gsize       size);
FakeResponse *parlance_test_streamed_reply     (const char *text,
                                                gsize       piece,
                                                gsize       chunk_size,
                                                guint       delay_ms);
GPtrArray    *parlance_test_make_conversation  (guint       n_messages,
                                                guint       seed);
void          parlance_test_fill_conversation  (GListStore *messages,
                                                guint       n_messages);

G_END_DECLS
