/* parlance-message-footer.h — what a reply cost: model and provider, tokens, cost, speed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-message.h"
#include "parlance-model-catalog.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_MESSAGE_FOOTER (parlance_message_footer_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessageFooter, parlance_message_footer, PARLANCE, MESSAGE_FOOTER, GtkWidget)

void        parlance_message_footer_set_message (ParlanceMessageFooter *self,
                                                 ParlanceMessage       *message);
void        parlance_message_footer_set_catalog (ParlanceMessageFooter *self,
                                                 ParlanceModelCatalog  *catalog);
/* The text shown, such as "Llama 3.3 70B · OpenRouter · 120 in · 45 out · $0.0012 · …"; NULL
 * when nothing is shown (a question, a reply still streaming). */
char       *parlance_message_footer_dup_text    (ParlanceMessage       *message,
                                                 ParlanceModelCatalog  *catalog);

G_END_DECLS
