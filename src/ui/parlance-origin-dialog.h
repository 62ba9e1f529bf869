/* parlance-origin-dialog.h — asks before a key goes to a provider's new address.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-chat-session.h"

G_BEGIN_DECLS

GtkWindow *parlance_origin_dialog_present (GtkWindow           *parent,
                                           ParlanceChatSession *session,
                                           ParlanceProvider    *provider);
char      *parlance_origin_dup_display    (const char          *url);

G_END_DECLS
