/* parlance-routing-editor.h — a fallback chain and OpenRouter routing, edited.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "parlance-chat-session.h"
#include "parlance-routing.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_ROUTING_EDITOR (parlance_routing_editor_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceRoutingEditor, parlance_routing_editor, PARLANCE, ROUTING_EDITOR, GtkBox)

/* Shows @routing (copied); emits nothing. Every change by the user emits ::changed. */
void             parlance_routing_editor_set_routing (ParlanceRoutingEditor *self,
                                                      const ParlanceRouting *routing);
ParlanceRouting *parlance_routing_editor_dup_routing (ParlanceRoutingEditor *self);
/* The session whose provider's models "Add Model…" offers (the model picker, choosing only). */
void             parlance_routing_editor_set_session (ParlanceRoutingEditor *self,
                                                      ParlanceChatSession   *session);
void             parlance_routing_editor_add_model   (ParlanceRoutingEditor *self,
                                                      const char            *model);

G_END_DECLS
