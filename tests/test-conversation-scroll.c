/* test-conversation-scroll.c — the conversation view scrolls to every message, under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue #11: with long replies (37 KB of Markdown each) the view stayed on the first one and cut
 * the last off under the composer; a long conversation must open at its end, and the keyboard
 * must reach its first message. These tests look only at what the user sees: the vertical
 * adjustment of the messages' scrolled window (the "messages" page of the view's stack) and
 * where message rows are drawn within it.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-message-row.h"
#include "parlance-paragraph-box.h"
#include "parlance-test-conversation.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif

#define LONG_REPLY_SIZE (37 * 1024)

static FakeProvider *fake;

typedef struct
{
  ParlanceApplication      *app;
  ParlanceWindow           *window;
  ParlanceConversationView *view;
  ParlanceChatSession      *session;
  ParlanceMessage          *message;   /* what a condition looks for */
  const char               *last_words; /* of the last message, once all of it is shown */
  double                    mark;      /* what a condition compares with */
} Ui;

static void
ui_start (Ui  *ui,
          int  width,
          int  height)
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

static void
ui_stop (Ui *ui)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  parlance_test_ui_stop_app (ui->app);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static GtkWidget *
scroller (Ui *ui)
{
  GtkStack *stack = GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_STACK, NULL));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "messages");
  GtkWidget *scrolled = parlance_test_ui_find (page, GTK_TYPE_SCROLLED_WINDOW, NULL);

  g_assert_nonnull (scrolled);
  return scrolled;
}

static GtkAdjustment *
vadjustment (Ui *ui)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller (ui)));
}

static ParlanceMessage *
message_at (Ui    *ui,
            guint  position)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (parlance_chat_session_get_messages (ui->session),
                                                              position);
  return message;  /* the list keeps it */
}

static ParlanceMessage *
last_message (Ui *ui)
{
  GListModel *messages = parlance_chat_session_get_messages (ui->session);

  g_assert_cmpuint (g_list_model_get_n_items (messages), >, 0);
  return message_at (ui, g_list_model_get_n_items (messages) - 1);
}

/* Where @message's row is, in the visible area's coordinates; FALSE when it has no row on screen. */
static gboolean
row_bounds (Ui              *ui,
            ParlanceMessage *message,
            graphene_rect_t *bounds)
{
  GtkWidget *row = parlance_test_ui_find_message_row (scroller (ui), message, FALSE);

  /* A row added since the last layout has no place yet: it is not drawn. */
  return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_get_child_visible (row) &&
         gtk_widget_compute_bounds (row, scroller (ui), bounds) && bounds->size.height > 0;
}

static void
describe (Ui         *ui,
          const char *what)
{
  GtkAdjustment *adj = vadjustment (ui);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean shown = row_bounds (ui, last_message (ui), &bounds);

  g_test_message ("%s: value %.1f + page %.1f, upper %.1f; visible area %d px high; last row %s at y %.1f, "
                  "%.1f px high; following: %d", what,
                  gtk_adjustment_get_value (adj), gtk_adjustment_get_page_size (adj),
                  gtk_adjustment_get_upper (adj), gtk_widget_get_height (scroller (ui)),
                  shown ? "drawn" : "NOT drawn", bounds.origin.y, bounds.size.height,
                  parlance_conversation_view_get_following (ui->view));
}

static gboolean
at_end (Ui *ui)
{
  GtkAdjustment *adj = vadjustment (ui);

  return G_APPROX_VALUE (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj),
                         gtk_adjustment_get_upper (adj), 1.0);
}

/* The adjustment is at its end and the last message's row ends within the visible area, not
 * under the composer, below it (nor far above it). */
static gboolean
end_in_sight (gpointer data)
{
  Ui *ui = data;
  graphene_rect_t bounds;
  double height = gtk_widget_get_height (scroller (ui));
  double bottom;

  if (!at_end (ui) || !row_bounds (ui, last_message (ui), &bounds))
    return FALSE;
  /* A reply that came faster than it is shown is shown over the next frames: all of it. */
  if (ui->last_words != NULL &&
      parlance_test_ui_find (parlance_test_ui_find_message_row (scroller (ui), last_message (ui), FALSE), GTK_TYPE_LABEL, ui->last_words) == NULL)
    return FALSE;
  bottom = bounds.origin.y + bounds.size.height;
  return bottom <= height + 1 && bottom >= height - 80 && bounds.origin.y < height;
}

static void
assert_end_in_sight (Ui         *ui,
                     const char *when)
{
  /* Software rendering of a window full of text is slow here (100 ms a frame and more). */
#ifdef __SANITIZE_ADDRESS__
  gboolean held = parlance_test_wait_until (end_in_sight, ui, 120000);  /* and slower still */
#else
  gboolean held = parlance_test_wait_until (end_in_sight, ui, 30000);
#endif

  /* Still so once the frame after it is painted: nothing snaps back. */
  if (held)
    {
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      held = end_in_sight (ui);
    }
  describe (ui, when);
  g_assert_true (held);
}

/* @ui->message's row is drawn with its top within the visible area. */
static gboolean
top_in_sight (gpointer data)
{
  Ui *ui = data;
  graphene_rect_t bounds;

  return row_bounds (ui, ui->message, &bounds) &&
         bounds.origin.y >= -1 && bounds.origin.y < gtk_widget_get_height (scroller (ui)) - 20;
}

static void
type_and_send (Ui         *ui,
               const char *text)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_TEXT_VIEW, NULL));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
}

static void
queue_long_reply (guint seed,
                  guint delay_ms)
{
  g_autofree char *text = parlance_test_long_markdown (seed, LONG_REPLY_SIZE);
  g_autoptr(FakeResponse) response = parlance_test_streamed_reply (text, 60, 4096, delay_ms);

  fake_provider_queue (fake, "POST", "/chat/completions", response);
}

static void
send_long_reply (Ui   *ui,
                 guint seed)
{
  g_autofree char *question = g_strdup_printf ("Question %u: explain scrolling at length.", seed);

  queue_long_reply (seed, 2);
  type_and_send (ui, question);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 30000);
  g_assert_cmpint (parlance_message_get_status (last_message (ui)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpuint (parlance_message_get_content_length (last_message (ui)), >=, LONG_REPLY_SIZE);
  ui->last_words = "The end of the reply.";
}

/* Three long replies, one after the other, at 960×720: the view follows each to its end. */
static void
test_scroll_follows_long_replies (void)
{
  Ui ui = { 0 };
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  ui_start (&ui, 960, 720);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *when = g_strdup_printf ("after long reply %u", i);

      send_long_reply (&ui, i);
      assert_end_in_sight (&ui, when);
      g_assert_true (parlance_conversation_view_get_following (ui.view));
    }

  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-long");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-long-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  ui_stop (&ui);
}

static gboolean
moved_down (gpointer data)
{
  Ui *ui = data;
  graphene_rect_t bounds;

  return row_bounds (ui, ui->message, &bounds) && bounds.origin.y >= ui->mark;
}

/* A conversation of 5,000 messages opens at its end; the keyboard reaches its first message. */
static void
test_scroll_long_conversation (void)
{
  Ui ui = { 0 };
  GtkWidget *list;
  graphene_rect_t bounds;
  double page;
  gint64 start;

  ui_start (&ui, 960, 720);
  start = g_get_monotonic_time ();
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 5000);
  assert_end_in_sight (&ui, "opened");
  g_test_message ("5,000 messages: end in sight after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* The keyboard on the last message, as after Tab or a click on it. */
  list = scroller (&ui);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (parlance_test_ui_find_message_row (list, last_message (&ui), FALSE))));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (ui.window)), list));

  /* Ctrl+Home: message 1, at the top. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Home, GDK_CONTROL_MASK));
  ui.message = message_at (&ui, 0);
  if (!parlance_test_wait_until (top_in_sight, &ui, 5000))
    {
      describe (&ui, "after Ctrl+Home");
      g_assert_not_reached ();
    }
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (top_in_sight (&ui));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment (&ui)), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-first"));

  /* Ctrl+End: back to the last. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_End, GDK_CONTROL_MASK));
  assert_end_in_sight (&ui, "after Ctrl+End");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  /* Page Up: a page back, and the view stays there. */
  page = gtk_adjustment_get_page_size (vadjustment (&ui));
  ui.message = last_message (&ui);
  g_assert_true (row_bounds (&ui, ui.message, &bounds));
  ui.mark = bounds.origin.y + page * 0.7;
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Up, 0));
  if (!parlance_test_wait_until (moved_down, &ui, 5000))
    {
      describe (&ui, "after Page Up");
      g_assert_not_reached ();
    }
  g_assert_false (parlance_conversation_view_get_following (ui.view));

  /* Page Down: at the end again, following. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Down, 0));
  assert_end_in_sight (&ui, "after Page Down");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  ui_stop (&ui);
}

/* Tab from the header bar into a long conversation shown at its end: the keyboard lands on a row
 * in sight, and the view does not move (it went to the first row built, pages above). */
static void
test_scroll_tab_into_messages (void)
{
  Ui ui = { 0 };
  GtkWidget *list, *focus = NULL, *start;
  graphene_rect_t bounds;
  double last_y;
  guint presses = 0;

  ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 400);
  assert_end_in_sight (&ui, "opened");
  list = scroller (&ui);
  /* The rows above are built (a page and a half of them), so that the view has settled. */
  parlance_test_wait_for (gtk_adjustment_get_upper (vadjustment (&ui)) >= 2.5 * gtk_adjustment_get_page_size (vadjustment (&ui)), 10000);
  assert_end_in_sight (&ui, "settled");
  g_assert_true (row_bounds (&ui, last_message (&ui), &bounds));
  last_y = bounds.origin.y;

  /* The conversation's header bar: the first child of a box the view is in. */
  for (start = GTK_WIDGET (ui.view);
       start != NULL && !ADW_IS_HEADER_BAR (gtk_widget_get_first_child (start));
       start = gtk_widget_get_parent (start))
    ;
  g_assert_nonnull (start);
  start = parlance_test_ui_find (gtk_widget_get_first_child (start), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (start);
  g_assert_true (gtk_widget_grab_focus (start));
  while (focus == NULL || !gtk_widget_is_ancestor (focus, list))
    {
      g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Tab, 0));
      focus = gtk_window_get_focus (GTK_WINDOW (ui.window));
      g_assert_cmpuint (++presses, <, 20);
    }
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (ui.window)), list));
  g_assert_true (gtk_widget_compute_bounds (gtk_window_get_focus (GTK_WINDOW (ui.window)), list, &bounds));
  g_test_message ("after %u Tab: focus at y %.1f, %.1f px high", presses, bounds.origin.y, bounds.size.height);
  describe (&ui, "after Tab");
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (list));
  /* The view did not move: the last message is where it was, and still followed. */
  g_assert_true (row_bounds (&ui, last_message (&ui), &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.y - last_y), <, 1);
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  /* The focused message shows its focus ring (PARLANCE_TEST_DARK=1: in dark). A real Tab makes
   * the window show focus; keys sent to the controllers do not. */
  gtk_window_set_focus_visible (GTK_WINDOW (ui.window), TRUE);
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-tab-focus"));

  /* Shift+Tab leaves the messages again, and the view still stays. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Tab, GDK_SHIFT_MASK));
  g_assert_false (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (ui.window)), list));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (row_bounds (&ui, last_message (&ui), &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.y - last_y), <, 1);
  ui_stop (&ui);
}

/* Two rows built a frame (as on a slow machine, or under ASan): right after opening or a jump
 * the rows are less than a page and some. Page Up still goes a page up, from the end. */
static void
test_scroll_few_rows_built (void)
{
  Ui ui = { 0 };
  ParlanceMessageList *list;
  graphene_rect_t bounds;

  ui_start (&ui, 960, 720);
  list = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui.view), PARLANCE_TYPE_MESSAGE_LIST, NULL));
  _parlance_message_list_set_batch_limit (list, 2);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 5000);
  ui.message = last_message (&ui);
  g_assert_true (parlance_test_wait_until (end_in_sight, &ui, 5000));
  g_test_message ("%u rows when the end is in sight", parlance_message_list_get_n_rows (list));

  g_assert_true (row_bounds (&ui, ui.message, &bounds));
  ui.mark = bounds.origin.y + gtk_adjustment_get_page_size (vadjustment (&ui)) * 0.7;
  parlance_message_list_scroll_pages (list, -1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  if (!parlance_test_wait_until (moved_down, &ui, 5000))
    {
      describe (&ui, "after Page Up");
      g_assert_not_reached ();
    }
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_assert_true (moved_down (&ui));

  parlance_message_list_scroll_to_end (list);
  assert_end_in_sight (&ui, "at the end again");
  _parlance_message_list_set_batch_limit (list, 0);
  ui_stop (&ui);
}

static gboolean
reply_started (gpointer data)
{
  Ui *ui = data;

  return parlance_message_get_content_length (last_message (ui)) > 12000;
}

/* The first label of a message row whose top is in sight, depth first. */
static GtkWidget *
first_label_in_sight (GtkWidget *widget,
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
      GtkWidget *found = first_label_in_sight (child, viewport);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolled up while a reply streams: the view stays where the user put it; back at the end, it
 * follows again. */
static void
test_scroll_stays_when_scrolled_up (void)
{
  Ui ui = { 0 };
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  GtkWidget *read;

  ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 60);
  assert_end_in_sight (&ui, "opened");

  queue_long_reply (7, 25);
  type_and_send (&ui, "Write at length, slowly.");
  ui.last_words = "The end of the reply.";
  g_assert_true (parlance_test_wait_until (reply_started, &ui, 10000));
  g_assert_true (parlance_chat_session_get_busy (ui.session));

  /* The user drags the scrollbar up two pages: into the reply, whose paragraphs further up may
   * still be guessed heights. */
  adj = vadjustment (&ui);
  gtk_adjustment_set_value (adj, MAX (0, gtk_adjustment_get_value (adj) - 2 * gtk_adjustment_get_page_size (adj)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  /* What they read: the first label in sight (a row can be taller than the view). */
  read = first_label_in_sight (scroller (&ui), scroller (&ui));
  g_assert_nonnull (read);
  g_object_ref (read);
  g_assert_true (gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  ui.mark = bounds.origin.y;

  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 30000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  g_test_message ("the text read (\"%.20s…\") moved from %.1f to %.1f",
                  gtk_label_get_text (GTK_LABEL (read)), ui.mark, bounds.origin.y);
  g_assert_cmpfloat (fabs (bounds.origin.y - ui.mark), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_object_unref (read);

  /* Back to the end: the next reply is followed. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  send_long_reply (&ui, 8);
  assert_end_in_sight (&ui, "after the next reply");

  ui_stop (&ui);
}

static GtkWidget *
jump_button (Ui *ui)
{
  GtkWidget *revealer = parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_REVEALER, NULL);
  GtkWidget *button;

  g_assert_nonnull (revealer);
  button = gtk_revealer_get_child (GTK_REVEALER (revealer));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "conversation.jump-to-latest");
  return button;
}

/* Shown, and done appearing or going. */
static gboolean
jump_shown (Ui *ui)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_parent (jump_button (ui)));

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child_revealed (revealer) &&
         gtk_widget_is_drawable (jump_button (ui));
}

static gboolean
jump_hidden (Ui *ui)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_parent (jump_button (ui)));

  return !gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer) &&
         !gtk_widget_is_drawable (jump_button (ui));
}

/* Scrolled up while a reply streams: "Jump to Latest" appears (reachable with Shift+Tab from the
 * composer) and the view stays put as the reply grows; activated, the view is at the end and
 * follows the reply again, and the button goes. */
static void
test_scroll_jump_to_latest (void)
{
  Ui ui = { 0 };
  GtkAdjustment *adj;
  g_autofree char *shot = NULL;
  GtkWidget *text_view, *read;
  graphene_rect_t bounds;
  gsize length;
  double mark;

  ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 60);
  assert_end_in_sight (&ui, "opened");
  parlance_test_wait_for (jump_hidden (&ui), 5000);

  queue_long_reply (9, 200);  /* about 5 s */
  type_and_send (&ui, "Write at length, slowly.");
  ui.last_words = "The end of the reply.";
  g_assert_true (parlance_test_wait_until (reply_started, &ui, 10000));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (jump_hidden (&ui));

  adj = vadjustment (&ui);
  gtk_adjustment_set_value (adj, MAX (0, gtk_adjustment_get_value (adj) - 2 * gtk_adjustment_get_page_size (adj)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  parlance_test_wait_for (jump_shown (&ui), 5000);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (jump_button (&ui)), ==, "Jump to Latest");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-jump-to-latest");

  /* The view stays put while the reply grows below: what is read stays where it is on screen
   * (the adjustment's value may change as rows above are measured). */
  read = first_label_in_sight (scroller (&ui), scroller (&ui));
  g_assert_nonnull (read);
  g_object_ref (read);
  g_assert_true (gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  mark = bounds.origin.y;
  length = parlance_message_get_content_length (last_message (&ui));
  parlance_test_wait_for (parlance_message_get_content_length (last_message (&ui)) > length + 2000, 10000);
  g_assert_true (parlance_chat_session_get_busy (ui.session));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.y - mark), <=, 1);
  g_object_unref (read);
  g_assert_true (jump_shown (&ui));

  /* The keyboard reaches it: Shift+Tab from the composer. */
  text_view = parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_TEXT_VIEW, NULL);
  /* GTK 4.8 keeps the chain of focus children only while the window is the active one; the UI
   * tests share one X server and another test's window may be active, and then Shift+Tab from no
   * chain wraps to the window's last widget. Focusing anew builds the chain again. */
  gtk_window_set_focus (GTK_WINDOW (ui.window), NULL);
  g_assert_true (gtk_widget_grab_focus (text_view));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (ui.window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (ui.window)) == jump_button (&ui));

  /* Activated: at the end, following the reply again; the keyboard is back in the composer. */
  g_assert_true (gtk_widget_activate (jump_button (&ui)));
  /* (A button activated by the keyboard shows itself pressed a moment, then is clicked.) */
  parlance_test_wait_for (parlance_conversation_view_get_following (ui.view), 5000);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (ui.window)) == text_view);
  parlance_test_wait_for (jump_hidden (&ui), 5000);
  g_assert_true (parlance_chat_session_get_busy (ui.session));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (at_end (&ui));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 30000);
  assert_end_in_sight (&ui, "after Jump to Latest");
  g_assert_true (jump_hidden (&ui));

  ui_stop (&ui);
}

#ifdef HAVE_XTEST
static gboolean
count_scroll (guint *n)
{
  (*n)++;
  return FALSE;  /* the scrolled window's turn */
}

/* Turns the mouse wheel over the messages by one notch (-1 up, 1 down) through the X server, as
 * a real mouse would, and waits until the view has handled it and painted. */
static void
wheel (Ui  *ui,
       int  notch)
{
  GtkWidget *widget = scroller (ui);
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  static guint n_seen;
  static GtkWidget *watched;
  guint before = n_seen;
  graphene_point_t point;
  double dx, dy;
  int x, y;
  Window child;

  if (watched != widget)
    {
      GtkEventController *controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect_swapped (controller, "scroll", G_CALLBACK (count_scroll), &n_seen);
      gtk_widget_add_controller (widget, controller);
      watched = widget;
    }

  gtk_native_get_surface_transform (native, &dx, &dy);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0), &point));
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay), (int) (point.x + dx), (int) (point.y + dy), &x, &y, &child);
  XTestFakeMotionEvent (xdisplay, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (xdisplay, notch < 0 ? 4 : 5, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, notch < 0 ? 4 : 5, False, CurrentTime);
  XFlush (xdisplay);
  parlance_test_wait_for (n_seen > before, 5000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
}

/* The mouse wheel reaches the first message of a conversation longer than the rows kept, and
 * then the last again. */
static void
test_scroll_wheel (void)
{
  Ui ui = { 0 };
  guint notches = 0;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("the wheel is turned through the X server (XTest)");
      return;
    }
  ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 120);
  assert_end_in_sight (&ui, "opened");

  ui.message = message_at (&ui, 0);
  while (!(top_in_sight (&ui) && gtk_adjustment_get_value (vadjustment (&ui)) <= 0))
    {
      wheel (&ui, -1);
      g_assert_cmpuint (++notches, <, 2000);
    }
  g_test_message ("message 1 after %u notches up", notches);
  g_assert_false (parlance_conversation_view_get_following (ui.view));

  notches = 0;
  while (!end_in_sight (&ui))
    {
      wheel (&ui, 1);
      g_assert_cmpuint (++notches, <, 2000);
    }
  g_test_message ("the end after %u notches down", notches);
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  ui_stop (&ui);
}

/* Every paragraph box in sight drew, in the frame GTK last painted, all of what is in sight:
 * GTK paints a widget's last render node again while only its position changes. */
static void
assert_paragraphs_drawn (GtkWidget  *widget,
                         GtkWidget  *scrolled,
                         const char *when)
{
  if (PARLANCE_IS_PARAGRAPH_BOX (widget) && gtk_widget_get_mapped (widget))
    {
      graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), in_box;
      double top, bottom, drawn_top, drawn_bottom;

      g_assert_true (gtk_widget_compute_point (scrolled, widget, &origin, &in_box));
      top = MAX (in_box.y, 0);
      bottom = MIN (in_box.y + gtk_widget_get_height (scrolled), gtk_widget_get_height (widget));
      if (top < bottom &&
          _parlance_paragraph_box_get_drawn_range (PARLANCE_PARAGRAPH_BOX (widget), &drawn_top, &drawn_bottom) &&
          (top < drawn_top - 0.5 || bottom > drawn_bottom + 0.5))
        g_error ("%s: paragraphs %.0f–%.0f px of a box are in sight, but its last drawing covered "
                 "%.0f–%.0f px: the rest is blank", when, top, bottom, drawn_top, drawn_bottom);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    assert_paragraphs_drawn (child, scrolled, when);
}

/* Rows and paragraphs scrolled into sight by the wheel or Page Up are drawn, not left blank (the
 * box leaves out what was far from sight when it last drew). */
static void
test_scroll_nothing_blank (void)
{
  Ui ui = { 0 };
  GListStore *messages;
  g_autofree char *text = parlance_test_long_markdown (7, LONG_REPLY_SIZE);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text);

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("the wheel is turned through the X server (XTest)");
      return;
    }
  ui_start (&ui, 960, 720);
  messages = G_LIST_STORE (parlance_chat_session_get_messages (ui.session));
  parlance_test_fill_conversation (messages, 120);
  g_list_store_insert (messages, 111, reply);
  assert_end_in_sight (&ui, "opened");

  for (guint notch = 0; notch < 60; notch++)
    {
      g_autofree char *when = g_strdup_printf ("%u notches up", notch + 1);

      wheel (&ui, -1);
      assert_paragraphs_drawn (scroller (&ui), scroller (&ui), when);
    }
  for (guint page = 0; page < 10; page++)
    {
      g_autofree char *when = g_strdup_printf ("%u pages up", page + 1);

      ui.mark = gtk_adjustment_get_value (vadjustment (&ui));
      g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Up, 0));
      parlance_test_wait_for (gtk_adjustment_get_value (vadjustment (&ui)) != ui.mark, 5000);
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
      assert_paragraphs_drawn (scroller (&ui), scroller (&ui), when);
    }
  ui_stop (&ui);
}
#endif

/* Another conversation: the view shows its end, whether the view gets another session or the
 * session's messages are replaced, and whatever the view showed before. */
static void
test_scroll_switch_conversations (void)
{
  Ui ui = { 0 };
  ParlanceChatSession *first;
  g_autoptr(ParlanceChatSession) other = NULL;

  ui_start (&ui, 960, 720);
  first = ui.session;
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (first)), 200);
  assert_end_in_sight (&ui, "first conversation");
  /* Read from its start. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (parlance_test_ui_find_message_row (scroller (&ui), last_message (&ui), FALSE))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Home, GDK_CONTROL_MASK));
  ui.message = message_at (&ui, 0);
  g_assert_true (parlance_test_wait_until (top_in_sight, &ui, 5000));

  other = parlance_chat_session_new (parlance_chat_session_get_provider (first),
                                     parlance_chat_session_get_model (first));
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (other)), 1000);
  parlance_conversation_view_set_session (ui.view, other);
  ui.session = other;
  assert_end_in_sight (&ui, "another session");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  /* The sidebar opens a conversation by replacing the session's messages. */
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (other)), 50);
  assert_end_in_sight (&ui, "messages replaced");

  /* Messages appended one by one (5,000 of them): the end, and not a row for each. */
  {
    GListStore *store = G_LIST_STORE (parlance_chat_session_get_messages (other));
    g_autoptr(GPtrArray) items = parlance_test_make_conversation (5000, 12);
    ParlanceMessageList *list = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui.view),
                                                                              PARLANCE_TYPE_MESSAGE_LIST, NULL));

    for (guint i = 0; i < items->len; i++)
      g_list_store_append (store, items->pdata[i]);
    g_assert_cmpuint (parlance_message_list_get_n_rows (list), <=, 200);
    assert_end_in_sight (&ui, "5,000 messages appended one by one");
  }

  parlance_conversation_view_set_session (ui.view, first);
  ui.session = first;
  assert_end_in_sight (&ui, "the first session again");
  ui_stop (&ui);
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
  Ui ui = { 0 };
  GtkWidget *list, *box = NULL, *label;
  int min, nat, other_min, other_nat;
  guint measured;

  ui_start (&ui, 900, 720);
  send_long_reply (&ui, 6);
  assert_end_in_sight (&ui, "after a long reply");
  list = parlance_test_ui_find (GTK_WIDGET (ui.view), PARLANCE_TYPE_MESSAGE_LIST, NULL);
  largest_box (parlance_test_ui_find_message_row (scroller (&ui), last_message (&ui), FALSE), &box);
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

  /* What the scroller itself answers, its content measured at its minimum width. */
  gtk_widget_measure (scroller (&ui), GTK_ORIENTATION_VERTICAL, -1, &other_min, &other_nat, NULL, NULL);
  g_assert_cmpint (min, ==, other_min);
  g_assert_cmpint (nat, ==, other_nat);

  /* Made narrower, the content is laid out at its new width: taller, and still followed. */
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 700, 720);
  parlance_test_wait_for (ABS (gtk_widget_get_width (GTK_WIDGET (ui.window)) - 700) <= 12, 5000);
  assert_end_in_sight (&ui, "made narrower");
  g_assert_cmpint (gtk_widget_get_width (box), <, 500);
  ui_stop (&ui);
}

/* Where @widget's top is in the scrolled content. */
static double
content_y (Ui        *ui,
           GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller (ui), &bounds));
  return bounds.origin.y + gtk_adjustment_get_value (vadjustment (ui));
}

/* A conversation that ends with a long reply, at its end, every paragraph of the reply measured
 * (none guessed): returns the reply's paragraph box. */
static GtkWidget *
open_measured_reply (Ui *ui)
{
  GListStore *messages = G_LIST_STORE (parlance_chat_session_get_messages (ui->session));
  g_autofree char *text = parlance_test_long_markdown (7, LONG_REPLY_SIZE);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text);
  GtkWidget *box = NULL;
  guint guesses, rounds = 0;
  double upper;

  parlance_test_fill_conversation (messages, 20);
  g_list_store_append (messages, reply);
  assert_end_in_sight (ui, "opened");
  largest_box (parlance_test_ui_find_message_row (scroller (ui), last_message (ui), FALSE), &box);
  g_assert_nonnull (box);
  _parlance_paragraph_box_set_measure_limit (PARLANCE_PARAGRAPH_BOX (box), G_MAXINT);
  do
    {
      guesses = _parlance_paragraph_box_get_n_guesses (PARLANCE_PARAGRAPH_BOX (box));
      upper = gtk_adjustment_get_upper (vadjustment (ui));
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
      g_assert_cmpuint (++rounds, <, 100);
    }
  while (guesses != _parlance_paragraph_box_get_n_guesses (PARLANCE_PARAGRAPH_BOX (box)) ||
         upper != gtk_adjustment_get_upper (vadjustment (ui)));
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
  Ui ui = { 0 };
  g_autoptr(GString) tall_text = g_string_new (NULL);
  g_autoptr(GString) narrow_text = g_string_new (NULL);
  ParlanceParagraphBox *box;
  GtkWidget *tall, *next, *read;
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  double page, mark;
  int guessed;
  guint i;

  ui_start (&ui, 960, 720);
  box = PARLANCE_PARAGRAPH_BOX (open_measured_reply (&ui));
  adj = vadjustment (&ui);
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
  assert_end_in_sight (&ui, "a paragraph above made taller");
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
  read = first_label_in_sight (scroller (&ui), scroller (&ui));
  g_assert_nonnull (read);
  g_assert_true (read != next);
  g_assert_true (gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  mark = bounds.origin.y;

  /* The next frames measure the guess, below what is read. */
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_test_message ("the paragraph guessed %d px high, measured %d px", guessed, gtk_widget_get_height (tall));
  g_assert_cmpint (gtk_widget_get_height (tall), !=, guessed);
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroller (&ui), &bounds));
  g_test_message ("the text read (\"%.20s…\") moved from %.1f to %.1f",
                  gtk_label_get_text (GTK_LABEL (read)), mark, bounds.origin.y);
  g_assert_cmpfloat (fabs (bounds.origin.y - mark), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  ui_stop (&ui);
}

/* A phone's width: a long reply is still followed to its end, and nothing is wider than the view. */
static void
test_scroll_narrow (void)
{
  Ui ui = { 0 };
  g_autofree char *shot = NULL;
  GtkWidget *row;

  ui_start (&ui, 360, 720);
  send_long_reply (&ui, 4);
  assert_end_in_sight (&ui, "narrow, after a long reply");
  row = parlance_test_ui_find_message_row (scroller (&ui), last_message (&ui), FALSE);
  g_assert_cmpint (gtk_widget_get_width (row), <=, gtk_widget_get_width (scroller (&ui)));
  send_long_reply (&ui, 5);
  assert_end_in_sight (&ui, "narrow, after a second long reply");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-narrow");
  ui_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", "sk-or-v1-test-key-for-scrolling-0001", TRUE);

  g_test_add_func ("/parlance/conversation-scroll/follows-long-replies", test_scroll_follows_long_replies);
  g_test_add_func ("/parlance/conversation-scroll/long-conversation", test_scroll_long_conversation);
  g_test_add_func ("/parlance/conversation-scroll/few-rows-built", test_scroll_few_rows_built);
  g_test_add_func ("/parlance/conversation-scroll/tab-into-messages", test_scroll_tab_into_messages);
  g_test_add_func ("/parlance/conversation-scroll/stays-when-scrolled-up", test_scroll_stays_when_scrolled_up);
  g_test_add_func ("/parlance/conversation-scroll/stays-when-top-changes", test_scroll_stays_when_top_changes);
  g_test_add_func ("/parlance/conversation-scroll/jump-to-latest", test_scroll_jump_to_latest);
  g_test_add_func ("/parlance/conversation-scroll/narrow", test_scroll_narrow);
  g_test_add_func ("/parlance/conversation-scroll/measured-once", test_scroll_measured_once);
  g_test_add_func ("/parlance/conversation-scroll/switch-conversations", test_scroll_switch_conversations);
#ifdef HAVE_XTEST
  g_test_add_func ("/parlance/conversation-scroll/wheel", test_scroll_wheel);
  g_test_add_func ("/parlance/conversation-scroll/nothing-blank", test_scroll_nothing_blank);
#endif

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
