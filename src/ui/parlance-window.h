/* parlance-window.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-application.h"
#include "parlance-chat-session.h"
#include "parlance-openrouter-key.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_WINDOW (parlance_window_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceWindow, parlance_window, PARLANCE, WINDOW, AdwApplicationWindow)

ParlanceWindow *parlance_window_new        (ParlanceApplication *application);
void            parlance_window_add_toast  (ParlanceWindow      *self,
                                            AdwToast            *toast);
ParlanceChatSession *parlance_window_get_session (ParlanceWindow *self);
void            parlance_window_focus_composer (ParlanceWindow *self);
void            parlance_window_key_info_fetched (ParlanceWindow                  *self,
                                                  const char                      *provider_id,
                                                  const ParlanceOpenrouterKeyInfo *info);

G_END_DECLS
