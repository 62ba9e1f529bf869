/* parlance-test-scroll.c — the real window with a conversation to scroll, for the scrolling tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They look only at what the user sees: the vertical adjustment of the messages' scrolled window
 * (the "messages" page of the view's stack) and where message rows are drawn within it.
 */

#include "config.h"

#include "parlance-message-row.h"
#include "parlance-test-conversation.h"
#include "parlance-test-scroll.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

FakeProvider *scroll_ui_fake;


void
scroll_ui_start (ScrollUi *ui,
                 int       width,
                 int       height)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  ui->app = parlance_test_ui_start_app ();
  ui->window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui->app)));
  ui->view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui->session = parlance_window_get_session (ui->window);
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (ui->view)), 5000);
  /* The default size counts the window's frame (its shadow on X11 without a compositor) too. */
  parlance_test_wait_for (ABS (gtk_widget_get_width (GTK_WIDGET (ui->window)) - width) <= 12 &&
                          ABS (gtk_widget_get_height (GTK_WIDGET (ui->window)) - height) <= 12, 5000);
}

void
scroll_ui_stop (ScrollUi *ui)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  parlance_test_ui_stop_app (ui->app);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

GtkWidget *
scroll_ui_scroller (ScrollUi *ui)
{
  GtkStack *stack = GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_STACK, NULL));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "messages");
  GtkWidget *scrolled = parlance_test_ui_find (page, GTK_TYPE_SCROLLED_WINDOW, NULL);

  g_assert_nonnull (scrolled);
  return scrolled;
}

GtkAdjustment *
scroll_ui_vadjustment (ScrollUi *ui)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll_ui_scroller (ui)));
}

ParlanceMessage *
scroll_ui_message_at (ScrollUi *ui,
                      guint     position)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (parlance_chat_session_get_messages (ui->session),
                                                              position);
  return message;  /* the list keeps it */
}

ParlanceMessage *
scroll_ui_last_message (ScrollUi *ui)
{
  GListModel *messages = parlance_chat_session_get_messages (ui->session);

  g_assert_cmpuint (g_list_model_get_n_items (messages), >, 0);
  return scroll_ui_message_at (ui, g_list_model_get_n_items (messages) - 1);
}

/* Where @message's row is, in the visible area's coordinates; FALSE when it has no row on screen. */
gboolean
scroll_ui_row_bounds (ScrollUi        *ui,
                      ParlanceMessage *message,
                      graphene_rect_t *bounds)
{
  GtkWidget *row = parlance_test_ui_find_message_row (scroll_ui_scroller (ui), message, FALSE);

  /* A row added since the last layout has no place yet: it is not drawn. */
  return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_get_child_visible (row) &&
         gtk_widget_compute_bounds (row, scroll_ui_scroller (ui), bounds) && bounds->size.height > 0;
}

void
scroll_ui_describe (ScrollUi   *ui,
                    const char *what)
{
  GtkAdjustment *adj = scroll_ui_vadjustment (ui);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean shown = scroll_ui_row_bounds (ui, scroll_ui_last_message (ui), &bounds);

  g_test_message ("%s: value %.1f + page %.1f, upper %.1f; visible area %d px high; last row %s at y %.1f, "
                  "%.1f px high; following: %d", what,
                  gtk_adjustment_get_value (adj), gtk_adjustment_get_page_size (adj),
                  gtk_adjustment_get_upper (adj), gtk_widget_get_height (scroll_ui_scroller (ui)),
                  shown ? "drawn" : "NOT drawn", bounds.origin.y, bounds.size.height,
                  parlance_conversation_view_get_following (ui->view));
}

gboolean
scroll_ui_at_end (ScrollUi *ui)
{
  GtkAdjustment *adj = scroll_ui_vadjustment (ui);

  return G_APPROX_VALUE (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj),
                         gtk_adjustment_get_upper (adj), 1.0);
}

/* The adjustment is at its end and the last message's row ends within the visible area, not
 * under the composer, below it (nor far above it). */
gboolean
scroll_ui_end_in_sight (gpointer data)
{
  ScrollUi *ui = data;
  graphene_rect_t bounds;
  double height = gtk_widget_get_height (scroll_ui_scroller (ui));
  double bottom;

  if (!scroll_ui_at_end (ui) || !scroll_ui_row_bounds (ui, scroll_ui_last_message (ui), &bounds))
    return FALSE;
  /* A reply that came faster than it is shown is shown over the next frames: all of it. */
  if (ui->last_words != NULL &&
      parlance_test_ui_find (parlance_test_ui_find_message_row (scroll_ui_scroller (ui), scroll_ui_last_message (ui), FALSE), GTK_TYPE_LABEL, ui->last_words) == NULL)
    return FALSE;
  bottom = bounds.origin.y + bounds.size.height;
  return bottom <= height + 1 && bottom >= height - 80 && bounds.origin.y < height;
}

void
scroll_ui_assert_end_in_sight (ScrollUi   *ui,
                               const char *when)
{
  /* Software rendering of a window full of text is slow here (100 ms a frame and more). */
#ifdef __SANITIZE_ADDRESS__
  gboolean held = parlance_test_wait_until (scroll_ui_end_in_sight, ui, 120000);  /* and slower still */
#else
  gboolean held = parlance_test_wait_until (scroll_ui_end_in_sight, ui, 30000);
#endif

  /* Still so once the frame after it is painted: nothing snaps back. */
  if (held)
    {
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      held = scroll_ui_end_in_sight (ui);
    }
  scroll_ui_describe (ui, when);
  g_assert_true (held);
}

/* @ui->message's row is drawn with its top within the visible area. */
gboolean
scroll_ui_top_in_sight (gpointer data)
{
  ScrollUi *ui = data;
  graphene_rect_t bounds;

  return scroll_ui_row_bounds (ui, ui->message, &bounds) &&
         bounds.origin.y >= -1 && bounds.origin.y < gtk_widget_get_height (scroll_ui_scroller (ui)) - 20;
}

void
scroll_ui_type_and_send (ScrollUi   *ui,
                         const char *text)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_TEXT_VIEW, NULL));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
}

void
scroll_ui_queue_long_reply (guint seed,
                            guint delay_ms)
{
  g_autofree char *text = parlance_test_long_markdown (seed, LONG_REPLY_SIZE);
  g_autoptr(FakeResponse) response = parlance_test_streamed_reply (text, 60, 4096, delay_ms);

  fake_provider_queue (scroll_ui_fake, "POST", "/chat/completions", response);
}

void
scroll_ui_send_long_reply (ScrollUi *ui,
                           guint     seed)
{
  g_autofree char *question = g_strdup_printf ("Question %u: explain scrolling at length.", seed);

  scroll_ui_queue_long_reply (seed, 2);
  scroll_ui_type_and_send (ui, question);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 30000);
  g_assert_cmpint (parlance_message_get_status (scroll_ui_last_message (ui)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpuint (parlance_message_get_content_length (scroll_ui_last_message (ui)), >=, LONG_REPLY_SIZE);
  ui->last_words = "The end of the reply.";
}

/* The reply has come some way (12,000 bytes). */
gboolean
scroll_ui_reply_started (gpointer data)
{
  ScrollUi *ui = data;

  return parlance_message_get_content_length (scroll_ui_last_message (ui)) > 12000;
}

/* The first label of a message row whose top is in sight, depth first. */
GtkWidget *
scroll_ui_first_label_in_sight (GtkWidget *widget,
                                GtkWidget *viewport)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, viewport, &bounds) ||
      bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= gtk_widget_get_height (viewport))
    return NULL;
  if (GTK_IS_LABEL (widget) && bounds.origin.y >= 0 && gtk_widget_get_ancestor (widget, PARLANCE_TYPE_MESSAGE_ROW))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = scroll_ui_first_label_in_sight (child, viewport);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
scroll_ui_init (void)
{
  scroll_ui_fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (scroll_ui_fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", "sk-or-v1-test-key-for-scrolling-0001", TRUE);
}

void
scroll_ui_shutdown (void)
{
  g_clear_object (&scroll_ui_fake);
}
