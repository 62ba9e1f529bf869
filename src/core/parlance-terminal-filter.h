/* parlance-terminal-filter.h — text from a server made safe to write to a terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ParlanceTerminalFilter ParlanceTerminalFilter;

ParlanceTerminalFilter *parlance_terminal_filter_new    (void);
void                    parlance_terminal_filter_free   (ParlanceTerminalFilter *filter);
void                    parlance_terminal_filter_feed   (ParlanceTerminalFilter *filter,
                                                         const char             *data,
                                                         gsize                   length,
                                                         GString                *out);
void                    parlance_terminal_filter_finish (ParlanceTerminalFilter *filter,
                                                         GString                *out);
char                   *parlance_terminal_sanitize      (const char             *text);
char                   *parlance_terminal_escape_json   (const char             *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceTerminalFilter, parlance_terminal_filter_free)

G_END_DECLS
