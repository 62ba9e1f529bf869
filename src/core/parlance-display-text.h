/* parlance-display-text.h — untrusted text made safe to show in a widget.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as it may be shown: bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are left out, since they make text read other than it is
 * (a link ending "\u202Egnp.exe" reads "exe.png"); control characters other than newline and
 * tab become their Control Pictures (ESC: ␛, DEL: ␡); C1 controls, NUL and invalid UTF-8
 * become U+FFFD. Nothing else changes. The result is plain text, not markup. */
void   parlance_display_text_append (GString    *out,
                                     const char *text,
                                     gssize      length);
char  *parlance_display_text        (const char *text,
                                     gssize      length);

G_END_DECLS
