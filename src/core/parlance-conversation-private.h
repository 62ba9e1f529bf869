/* parlance-conversation-private.h — what the conversation's files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *_parlance_conversation_clean_title          (const char *title);
const char *_parlance_conversation_skip_escape          (const char *p,
                                                         gunichar    c);
gboolean    _parlance_conversation_is_invisible_format  (gunichar    c);

G_END_DECLS
