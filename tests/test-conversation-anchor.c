/* test-conversation-anchor.c — what the user reads stays put, under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scrolled up while a reply streams, the text read must not move, whatever is built, dropped,
 * guessed or measured above it; and the window's own questions about its size must not lay the
 * conversation out again at a width nobody sees.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-message-row.h"
#include "parlance-paragraph-box.h"
#include "parlance-test-conversation.h"
#include "parlance-test-scroll.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

/* Scrolled up while a reply streams: the view stays where the user put it; back at the end, it
 * follows again. */
static void
test_scroll_stays_when_scrolled_up (void)
{
  ScrollUi ui = { 0 };
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  GtkWidget *read;

  scroll_ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 60);
  scroll_ui_assert_end_in_sight (&ui, "opened");

  scroll_ui_queue_long_reply (7, 25);
  scroll_ui_type_and_send (&ui, "Write at length, slowly.");
  ui.last_words = "The end of the reply.";
  g_assert_true (parlance_test_wait_until (scroll_ui_reply_started, &ui, 10000));
  g_assert_true (parlance_chat_session_get_busy (ui.session));

  /* The user drags the scrollbar up two pages: into the reply, whose paragraphs further up may
   * still be guessed heights. */
  adj = scroll_ui_vadjustment (&ui);
  gtk_adjustment_set_value (adj, MAX (0, gtk_adjustment_get_value (adj) - 2 * gtk_adjustment_get_page_size (adj)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  /* What they read: the first label in sight (a row can be taller than the view). */
  read = scroll_ui_first_label_in_sight (scroll_ui_scroller (&ui), scroll_ui_scroller (&ui));
  g_assert_nonnull (read);
  g_object_ref (read);
  g_assert_true (gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
  ui.mark = bounds.origin.y;

  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 30000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
  g_test_message ("the text read (\"%.20s…\") moved from %.1f to %.1f",
                  gtk_label_get_text (GTK_LABEL (read)), ui.mark, bounds.origin.y);
  g_assert_cmpfloat (fabs (bounds.origin.y - ui.mark), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_object_unref (read);

  /* Back to the end: the next reply is followed. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  scroll_ui_send_long_reply (&ui, 8);
  scroll_ui_assert_end_in_sight (&ui, "after the next reply");

  scroll_ui_stop (&ui);
}

static void
largest_box (GtkWidget  *widget,
             GtkWidget **largest)
{
  if (PARLANCE_IS_PARAGRAPH_BOX (widget) &&
      (*largest == NULL ||
       parlance_paragraph_box_get_n_children (PARLANCE_PARAGRAPH_BOX (widget)) >
       parlance_paragraph_box_get_n_children (PARLANCE_PARAGRAPH_BOX (*largest))))
    *largest = widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    largest_box (child, largest);
}

/* The window asks for the messages' height, with no width, each time it is laid out (every
 * frame of a streaming reply). A scrolled window's height does not depend on what it scrolls:
 * the answer is the same, and a paragraph is measured once, at the width it is laid out at, not
 * again at a width nobody sees (GTK answers "no width" with the content's minimum width). */
static void
test_scroll_measured_once (void)
{
  ScrollUi ui = { 0 };
  GtkWidget *list, *box = NULL, *label;
  int min, nat, other_min, other_nat;
  guint measured;

  scroll_ui_start (&ui, 900, 720);
  scroll_ui_send_long_reply (&ui, 6);
  scroll_ui_assert_end_in_sight (&ui, "after a long reply");
  list = parlance_test_ui_find (GTK_WIDGET (ui.view), PARLANCE_TYPE_MESSAGE_LIST, NULL);
  largest_box (parlance_test_ui_find_message_row (scroll_ui_scroller (&ui), scroll_ui_last_message (&ui), FALSE), &box);
  g_assert_nonnull (box);
  g_assert_cmpuint (parlance_paragraph_box_get_n_children (PARLANCE_PARAGRAPH_BOX (box)), >, 20);

  /* A paragraph arrives, as while a reply streams; measured for real, not guessed. */
  _parlance_paragraph_box_set_measure_limit (PARLANCE_PARAGRAPH_BOX (box), 1000);
  label = gtk_label_new ("A paragraph that came last, long enough to wrap at any width the window "
                         "may have, and so to be as tall as that width makes it.");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  parlance_paragraph_box_append (PARLANCE_PARAGRAPH_BOX (box), label);
  measured = _parlance_paragraph_box_get_n_measured (PARLANCE_PARAGRAPH_BOX (box));
  /* What the window asks, then what laying the box out asks. */
  gtk_widget_measure (list, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (box), NULL, NULL, NULL, NULL);
  g_assert_cmpuint (_parlance_paragraph_box_get_n_measured (PARLANCE_PARAGRAPH_BOX (box)), ==, measured + 1);

  /* What the scroll_ui_scroller itself answers, its content measured at its minimum width. */
  gtk_widget_measure (scroll_ui_scroller (&ui), GTK_ORIENTATION_VERTICAL, -1, &other_min, &other_nat, NULL, NULL);
  g_assert_cmpint (min, ==, other_min);
  g_assert_cmpint (nat, ==, other_nat);

  /* Made narrower, the content is laid out at its new width: taller, and still followed. */
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 700, 720);
  parlance_test_wait_for (ABS (gtk_widget_get_width (GTK_WIDGET (ui.window)) - 700) <= 12, 5000);
  scroll_ui_assert_end_in_sight (&ui, "made narrower");
  g_assert_cmpint (gtk_widget_get_width (box), <, 500);
  scroll_ui_stop (&ui);
}

/* Where @widget's top is in the scrolled content. */
static double
content_y (ScrollUi  *ui,
           GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroll_ui_scroller (ui), &bounds));
  return bounds.origin.y + gtk_adjustment_get_value (scroll_ui_vadjustment (ui));
}

/* A conversation that ends with a long reply, at its end, every paragraph of the reply measured
 * (none guessed): returns the reply's paragraph box. */
static GtkWidget *
open_measured_reply (ScrollUi *ui)
{
  GListStore *messages = G_LIST_STORE (parlance_chat_session_get_messages (ui->session));
  g_autofree char *text = parlance_test_long_markdown (7, LONG_REPLY_SIZE);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text);
  GtkWidget *box = NULL;
  guint guesses, rounds = 0;
  double upper;

  parlance_test_fill_conversation (messages, 20);
  g_list_store_append (messages, reply);
  scroll_ui_assert_end_in_sight (ui, "opened");
  largest_box (parlance_test_ui_find_message_row (scroll_ui_scroller (ui), scroll_ui_last_message (ui), FALSE), &box);
  g_assert_nonnull (box);
  _parlance_paragraph_box_set_measure_limit (PARLANCE_PARAGRAPH_BOX (box), G_MAXINT);
  do
    {
      guesses = _parlance_paragraph_box_get_n_guesses (PARLANCE_PARAGRAPH_BOX (box));
      upper = gtk_adjustment_get_upper (scroll_ui_vadjustment (ui));
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      g_assert_cmpuint (++rounds, <, 100);
    }
  while (guesses != _parlance_paragraph_box_get_n_guesses (PARLANCE_PARAGRAPH_BOX (box)) ||
         upper != gtk_adjustment_get_upper (scroll_ui_vadjustment (ui)));
  return box;
}

/* The user scrolls up into a long reply just as the paragraph that will cross the top of the
 * view changes height, and is guessed (as a reply streams, paragraphs further up are guessed,
 * then measured). Guessed shorter than it was, it brings what is above it into sight in the
 * frame that shows the new position; the next frame measures it. What that first frame showed
 * at the top stays put. (The view kept the text it picked from the layout before the scroll,
 * hundreds of pixels down, and the text above moved: the flake of stays-when-scrolled-up.) */
static void
test_scroll_stays_when_top_changes (void)
{
  ScrollUi ui = { 0 };
  g_autoptr(GString) tall_text = g_string_new (NULL);
  g_autoptr(GString) narrow_text = g_string_new (NULL);
  ParlanceParagraphBox *box;
  GtkWidget *tall, *next, *read;
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  double page, mark;
  int guessed;
  guint i;

  scroll_ui_start (&ui, 960, 720);
  box = PARLANCE_PARAGRAPH_BOX (open_measured_reply (&ui));
  adj = scroll_ui_vadjustment (&ui);
  page = gtk_adjustment_get_page_size (adj);

  /* Two paragraphs in the middle of the reply, pages above the end; the first made taller. */
  for (i = parlance_paragraph_box_get_n_children (box) / 2;
       !GTK_IS_LABEL (parlance_paragraph_box_get_child (box, i)) ||
       !GTK_IS_LABEL (parlance_paragraph_box_get_child (box, i + 1));
       i++)
    ;
  tall = parlance_paragraph_box_get_child (box, i);
  next = parlance_paragraph_box_get_child (box, i + 1);
  for (guint n = 0; n < 30; n++)
    g_string_append (tall_text, "Scrolling keeps what is read where it is on the screen. ");
  gtk_label_set_text (GTK_LABEL (tall), tall_text->str);
  parlance_paragraph_box_child_changed (box, tall);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  scroll_ui_assert_end_in_sight (&ui, "a paragraph above made taller");
  g_assert_cmpint (gtk_widget_get_height (tall), >, page / 3);
  g_assert_cmpint (gtk_widget_get_height (tall), <, page - 40);
  g_assert_cmpfloat (content_y (&ui, tall) + gtk_widget_get_height (tall), <, gtk_adjustment_get_value (adj) - page);

  /* Only what is laid out in sight is measured from now on. In one go, the tall paragraph
   * changes (narrow letters: guessed from its length, it is guessed too tall), and the user
   * scrolls to where it crosses the top of the view, the next one starting in sight. */
  _parlance_paragraph_box_set_measure_limit (box, 0);
  for (guint n = 0; n < 12; n++)
    g_string_append (narrow_text, "iii ill lil ");
  mark = content_y (&ui, tall) + 10;
  gtk_label_set_text (GTK_LABEL (tall), narrow_text->str);
  parlance_paragraph_box_child_changed (box, tall);
  gtk_adjustment_set_value (adj, mark);

  /* The first frame there: the text above the guessed paragraph is in sight; it is read. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  guessed = gtk_widget_get_height (tall);
  read = scroll_ui_first_label_in_sight (scroll_ui_scroller (&ui), scroll_ui_scroller (&ui));
  g_assert_nonnull (read);
  g_assert_true (read != next);
  g_assert_true (gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
  mark = bounds.origin.y;

  /* The next frames measure the guess, below what is read. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_test_message ("the paragraph guessed %d px high, measured %d px", guessed, gtk_widget_get_height (tall));
  g_assert_cmpint (gtk_widget_get_height (tall), !=, guessed);
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
  g_test_message ("the text read (\"%.20s…\") moved from %.1f to %.1f",
                  gtk_label_get_text (GTK_LABEL (read)), mark, bounds.origin.y);
  g_assert_cmpfloat (fabs (bounds.origin.y - mark), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  scroll_ui_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();
  scroll_ui_init ();

  g_test_add_func ("/parlance/conversation-anchor/stays-when-scrolled-up", test_scroll_stays_when_scrolled_up);
  g_test_add_func ("/parlance/conversation-anchor/stays-when-top-changes", test_scroll_stays_when_top_changes);
  g_test_add_func ("/parlance/conversation-anchor/measured-once", test_scroll_measured_once);

  status = g_test_run ();
  scroll_ui_shutdown ();
  return status;
}
