/* parlance-test-scroll.h — the real window with a conversation to scroll, for the scrolling tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-window.h"

G_BEGIN_DECLS

#define LONG_REPLY_SIZE (37 * 1024)

typedef struct
{
  ParlanceApplication      *app;
  ParlanceWindow           *window;
  ParlanceConversationView *view;
  ParlanceChatSession      *session;
  ParlanceMessage          *message;   /* what a condition looks for */
  const char               *last_words; /* of the last message, once all of it is shown */
  double                    mark;      /* what a condition compares with */
} ScrollUi;

/* The fake provider the window's session talks to (scroll_ui_init () makes it). */
extern FakeProvider *scroll_ui_fake;

void scroll_ui_init     (void);
void scroll_ui_shutdown (void);

void scroll_ui_start (ScrollUi *ui,
                      int       width,
                      int       height);
void scroll_ui_stop (ScrollUi *ui);
GtkWidget *scroll_ui_scroller (ScrollUi *ui);
GtkAdjustment *scroll_ui_vadjustment (ScrollUi *ui);
ParlanceMessage *scroll_ui_message_at (ScrollUi *ui,
                                       guint     position);
ParlanceMessage *scroll_ui_last_message (ScrollUi *ui);
gboolean scroll_ui_row_bounds (ScrollUi        *ui,
                               ParlanceMessage *message,
                               graphene_rect_t *bounds);
void scroll_ui_describe (ScrollUi   *ui,
                         const char *what);
gboolean scroll_ui_at_end (ScrollUi *ui);
gboolean scroll_ui_end_in_sight (gpointer data);
void scroll_ui_assert_end_in_sight (ScrollUi   *ui,
                                    const char *when);
gboolean scroll_ui_top_in_sight (gpointer data);
void scroll_ui_type_and_send (ScrollUi   *ui,
                              const char *text);
void scroll_ui_queue_long_reply (guint seed,
                                 guint delay_ms);
void scroll_ui_send_long_reply (ScrollUi *ui,
                                guint     seed);
gboolean scroll_ui_reply_started (gpointer data);
/* The first label of a message row whose top is in sight, depth first. */
GtkWidget *scroll_ui_first_label_in_sight (GtkWidget *widget,
                                           GtkWidget *viewport);

G_END_DECLS
