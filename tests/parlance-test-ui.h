/* parlance-test-ui.h — helpers for tests that present real windows under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "parlance-application.h"
#include "parlance-message.h"

G_BEGIN_DECLS

ParlanceApplication *parlance_test_ui_start_app        (void);
void                 parlance_test_ui_stop_app         (ParlanceApplication *app);
void                 parlance_test_ui_close_windows    (void);
GtkWidget           *parlance_test_ui_find             (GtkWidget           *root,
                                                        GType                type,
                                                        const char          *css_name_or_label);
GtkWindow           *parlance_test_ui_find_window      (GType                type);
gboolean             parlance_test_ui_press_key        (GtkWidget           *widget,
                                                        guint                keyval);
gboolean             parlance_test_ui_send_key         (GtkWindow           *window,
                                                        guint                keyval,
                                                        GdkModifierType      modifiers);
void                 parlance_test_ui_wait_drawn       (GtkWidget           *widget);
char                *parlance_test_ui_screenshot       (GtkWidget           *widget,
                                                        const char          *name) G_GNUC_WARN_UNUSED_RESULT;
GtkWidget           *parlance_test_ui_find_row_titled  (GtkWidget           *root,
                                                        GType                type,
                                                        const char          *title);
GtkWidget           *parlance_test_ui_find_provider_page (GtkWidget         *root,
                                                          const char        *id);
GtkWidget           *parlance_test_ui_show_provider_page (GtkWindow         *prefs,
                                                          const char        *id);
GtkWidget           *parlance_test_ui_find_message_row (GtkWidget           *root,
                                                        ParlanceMessage     *message,
                                                        gboolean             mapped);
GtkWidget           *parlance_test_ui_find_text        (GtkWidget           *root,
                                                        const char          *text);

G_END_DECLS
