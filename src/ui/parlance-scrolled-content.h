/* parlance-scrolled-content.h — what a vertically scrolled window shows, measured at its width.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_SCROLLED_CONTENT (parlance_scrolled_content_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceScrolledContent, parlance_scrolled_content, PARLANCE, SCROLLED_CONTENT, AdwBin)

GtkWidget *parlance_scrolled_content_new (void);

G_END_DECLS
