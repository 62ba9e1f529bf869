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

#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-message-row.h"
#include "parlance-paragraph-box.h"
#include "parlance-test-conversation.h"
#include "parlance-test-scroll.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif

/* Three long replies, one after the other, at 960×720: the view follows each to its end. */
static void
test_scroll_follows_long_replies (void)
{
  ScrollUi ui = { 0 };
  g_autofree char *shot = NULL;
  g_autofree char *shot_dark = NULL;

  scroll_ui_start (&ui, 960, 720);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *when = g_strdup_printf ("after long reply %u", i);

      scroll_ui_send_long_reply (&ui, i);
      scroll_ui_assert_end_in_sight (&ui, when);
      g_assert_true (parlance_conversation_view_get_following (ui.view));
    }

  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-long");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot_dark = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-long-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  scroll_ui_stop (&ui);
}

static gboolean
moved_down (gpointer data)
{
  ScrollUi *ui = data;
  graphene_rect_t bounds;

  return scroll_ui_row_bounds (ui, ui->message, &bounds) && bounds.origin.y >= ui->mark;
}

/* A conversation of 5,000 messages opens at its end; the keyboard reaches its first message. */
static void
test_scroll_long_conversation (void)
{
  ScrollUi ui = { 0 };
  GtkWidget *list;
  graphene_rect_t bounds;
  double page;
  gint64 start;

  scroll_ui_start (&ui, 960, 720);
  start = g_get_monotonic_time ();
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 5000);
  scroll_ui_assert_end_in_sight (&ui, "opened");
  g_test_message ("5,000 messages: end in sight after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* The keyboard on the last message, as after Tab or a click on it. */
  list = scroll_ui_scroller (&ui);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (parlance_test_ui_find_message_row (list, scroll_ui_last_message (&ui), FALSE))));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (ui.window)), list));

  /* Ctrl+Home: message 1, at the top. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Home, GDK_CONTROL_MASK));
  ui.message = scroll_ui_message_at (&ui, 0);
  if (!parlance_test_wait_until (scroll_ui_top_in_sight, &ui, 5000))
    {
      scroll_ui_describe (&ui, "after Ctrl+Home");
      g_assert_not_reached ();
    }
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (scroll_ui_top_in_sight (&ui));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll_ui_vadjustment (&ui)), <=, 1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-first"));

  /* Ctrl+End: back to the last. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_End, GDK_CONTROL_MASK));
  scroll_ui_assert_end_in_sight (&ui, "after Ctrl+End");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  /* Page Up: a page back, and the view stays there. */
  page = gtk_adjustment_get_page_size (scroll_ui_vadjustment (&ui));
  ui.message = scroll_ui_last_message (&ui);
  g_assert_true (scroll_ui_row_bounds (&ui, ui.message, &bounds));
  ui.mark = bounds.origin.y + page * 0.7;
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Up, 0));
  if (!parlance_test_wait_until (moved_down, &ui, 5000))
    {
      scroll_ui_describe (&ui, "after Page Up");
      g_assert_not_reached ();
    }
  g_assert_false (parlance_conversation_view_get_following (ui.view));

  /* Page Down: at the end again, following. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Down, 0));
  scroll_ui_assert_end_in_sight (&ui, "after Page Down");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  scroll_ui_stop (&ui);
}

/* Tab from the header bar into a long conversation shown at its end: the keyboard lands on a row
 * in sight, and the view does not move (it went to the first row built, pages above). */
static void
test_scroll_tab_into_messages (void)
{
  ScrollUi ui = { 0 };
  GtkWidget *list, *focus = NULL, *start;
  graphene_rect_t bounds;
  double last_y;
  guint presses = 0;

  scroll_ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 400);
  scroll_ui_assert_end_in_sight (&ui, "opened");
  list = scroll_ui_scroller (&ui);
  /* The rows above are built (a page and a half of them), so that the view has settled. */
  parlance_test_wait_for (gtk_adjustment_get_upper (scroll_ui_vadjustment (&ui)) >= 2.5 * gtk_adjustment_get_page_size (scroll_ui_vadjustment (&ui)), 10000);
  scroll_ui_assert_end_in_sight (&ui, "settled");
  g_assert_true (scroll_ui_row_bounds (&ui, scroll_ui_last_message (&ui), &bounds));
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
  scroll_ui_describe (&ui, "after Tab");
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (list));
  /* The view did not move: the last message is where it was, and still followed. */
  g_assert_true (scroll_ui_row_bounds (&ui, scroll_ui_last_message (&ui), &bounds));
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
  g_assert_true (scroll_ui_row_bounds (&ui, scroll_ui_last_message (&ui), &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.y - last_y), <, 1);
  scroll_ui_stop (&ui);
}

/* Two rows built a frame (as on a slow machine, or under ASan): right after opening or a jump
 * the rows are less than a page and some. Page Up still goes a page up, from the end. */
static void
test_scroll_few_rows_built (void)
{
  ScrollUi ui = { 0 };
  ParlanceMessageList *list;
  graphene_rect_t bounds;

  scroll_ui_start (&ui, 960, 720);
  list = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui.view), PARLANCE_TYPE_MESSAGE_LIST, NULL));
  _parlance_message_list_set_batch_limit (list, 2);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 5000);
  ui.message = scroll_ui_last_message (&ui);
  g_assert_true (parlance_test_wait_until (scroll_ui_end_in_sight, &ui, 5000));
  g_test_message ("%u rows when the end is in sight", parlance_message_list_get_n_rows (list));

  g_assert_true (scroll_ui_row_bounds (&ui, ui.message, &bounds));
  ui.mark = bounds.origin.y + gtk_adjustment_get_page_size (scroll_ui_vadjustment (&ui)) * 0.7;
  parlance_message_list_scroll_pages (list, -1);
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  if (!parlance_test_wait_until (moved_down, &ui, 5000))
    {
      scroll_ui_describe (&ui, "after Page Up");
      g_assert_not_reached ();
    }
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  g_assert_true (moved_down (&ui));

  parlance_message_list_scroll_to_end (list);
  scroll_ui_assert_end_in_sight (&ui, "at the end again");
  _parlance_message_list_set_batch_limit (list, 0);
  scroll_ui_stop (&ui);
}

static GtkWidget *
jump_button (ScrollUi *ui)
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
jump_shown (ScrollUi *ui)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_parent (jump_button (ui)));

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child_revealed (revealer) &&
         gtk_widget_is_drawable (jump_button (ui));
}

static gboolean
jump_hidden (ScrollUi *ui)
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
  ScrollUi ui = { 0 };
  GtkAdjustment *adj;
  g_autofree char *shot = NULL;
  GtkWidget *text_view, *read;
  graphene_rect_t bounds;
  gsize length;
  double mark;

  scroll_ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 60);
  scroll_ui_assert_end_in_sight (&ui, "opened");
  parlance_test_wait_for (jump_hidden (&ui), 5000);

  scroll_ui_queue_long_reply (9, 200);  /* about 5 s */
  scroll_ui_type_and_send (&ui, "Write at length, slowly.");
  ui.last_words = "The end of the reply.";
  g_assert_true (parlance_test_wait_until (scroll_ui_reply_started, &ui, 10000));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (jump_hidden (&ui));

  adj = scroll_ui_vadjustment (&ui);
  gtk_adjustment_set_value (adj, MAX (0, gtk_adjustment_get_value (adj) - 2 * gtk_adjustment_get_page_size (adj)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  parlance_test_wait_for (jump_shown (&ui), 5000);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (jump_button (&ui)), ==, "Jump to Latest");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-jump-to-latest");

  /* The view stays put while the reply grows below: what is read stays where it is on screen
   * (the adjustment's value may change as rows above are measured). */
  read = scroll_ui_first_label_in_sight (scroll_ui_scroller (&ui), scroll_ui_scroller (&ui));
  g_assert_nonnull (read);
  g_object_ref (read);
  g_assert_true (gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
  mark = bounds.origin.y;
  length = parlance_message_get_content_length (scroll_ui_last_message (&ui));
  parlance_test_wait_for (parlance_message_get_content_length (scroll_ui_last_message (&ui)) > length + 2000, 10000);
  g_assert_true (parlance_chat_session_get_busy (ui.session));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  g_assert_true (gtk_widget_get_mapped (read) && gtk_widget_compute_bounds (read, scroll_ui_scroller (&ui), &bounds));
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
  g_assert_true (scroll_ui_at_end (&ui));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session), 30000);
  scroll_ui_assert_end_in_sight (&ui, "after Jump to Latest");
  g_assert_true (jump_hidden (&ui));

  scroll_ui_stop (&ui);
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
wheel (ScrollUi *ui,
       int       notch)
{
  GtkWidget *widget = scroll_ui_scroller (ui);
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
  ScrollUi ui = { 0 };
  guint notches = 0;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("the wheel is turned through the X server (XTest)");
      return;
    }
  scroll_ui_start (&ui, 960, 720);
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (ui.session)), 120);
  scroll_ui_assert_end_in_sight (&ui, "opened");

  ui.message = scroll_ui_message_at (&ui, 0);
  while (!(scroll_ui_top_in_sight (&ui) && gtk_adjustment_get_value (scroll_ui_vadjustment (&ui)) <= 0))
    {
      wheel (&ui, -1);
      g_assert_cmpuint (++notches, <, 2000);
    }
  g_test_message ("message 1 after %u notches up", notches);
  g_assert_false (parlance_conversation_view_get_following (ui.view));

  notches = 0;
  while (!scroll_ui_end_in_sight (&ui))
    {
      wheel (&ui, 1);
      g_assert_cmpuint (++notches, <, 2000);
    }
  g_test_message ("the end after %u notches down", notches);
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  scroll_ui_stop (&ui);
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
  ScrollUi ui = { 0 };
  GListStore *messages;
  g_autofree char *text = parlance_test_long_markdown (7, LONG_REPLY_SIZE);
  g_autoptr(ParlanceMessage) reply = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text);

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("the wheel is turned through the X server (XTest)");
      return;
    }
  scroll_ui_start (&ui, 960, 720);
  messages = G_LIST_STORE (parlance_chat_session_get_messages (ui.session));
  parlance_test_fill_conversation (messages, 120);
  g_list_store_insert (messages, 111, reply);
  scroll_ui_assert_end_in_sight (&ui, "opened");

  for (guint notch = 0; notch < 60; notch++)
    {
      g_autofree char *when = g_strdup_printf ("%u notches up", notch + 1);

      wheel (&ui, -1);
      assert_paragraphs_drawn (scroll_ui_scroller (&ui), scroll_ui_scroller (&ui), when);
    }
  for (guint page = 0; page < 10; page++)
    {
      g_autofree char *when = g_strdup_printf ("%u pages up", page + 1);

      ui.mark = gtk_adjustment_get_value (scroll_ui_vadjustment (&ui));
      g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Page_Up, 0));
      parlance_test_wait_for (gtk_adjustment_get_value (scroll_ui_vadjustment (&ui)) != ui.mark, 5000);
      parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
      assert_paragraphs_drawn (scroll_ui_scroller (&ui), scroll_ui_scroller (&ui), when);
    }
  scroll_ui_stop (&ui);
}
#endif

/* Another conversation: the view shows its end, whether the view gets another session or the
 * session's messages are replaced, and whatever the view showed before. */
static void
test_scroll_switch_conversations (void)
{
  ScrollUi ui = { 0 };
  ParlanceChatSession *first;
  g_autoptr(ParlanceChatSession) other = NULL;

  scroll_ui_start (&ui, 960, 720);
  first = ui.session;
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (first)), 200);
  scroll_ui_assert_end_in_sight (&ui, "first conversation");
  /* Read from its start. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (parlance_test_ui_find_message_row (scroll_ui_scroller (&ui), scroll_ui_last_message (&ui), FALSE))));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Home, GDK_CONTROL_MASK));
  ui.message = scroll_ui_message_at (&ui, 0);
  g_assert_true (parlance_test_wait_until (scroll_ui_top_in_sight, &ui, 5000));

  other = parlance_chat_session_new (parlance_chat_session_get_provider (first),
                                     parlance_chat_session_get_model (first));
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (other)), 1000);
  parlance_conversation_view_set_session (ui.view, other);
  ui.session = other;
  scroll_ui_assert_end_in_sight (&ui, "another session");
  g_assert_true (parlance_conversation_view_get_following (ui.view));

  /* The sidebar opens a conversation by replacing the session's messages. */
  parlance_test_fill_conversation (G_LIST_STORE (parlance_chat_session_get_messages (other)), 50);
  scroll_ui_assert_end_in_sight (&ui, "messages replaced");

  /* Messages appended one by one (5,000 of them): the end, and not a row for each. */
  {
    GListStore *store = G_LIST_STORE (parlance_chat_session_get_messages (other));
    g_autoptr(GPtrArray) items = parlance_test_make_conversation (5000, 12);
    ParlanceMessageList *list = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui.view),
                                                                              PARLANCE_TYPE_MESSAGE_LIST, NULL));

    for (guint i = 0; i < items->len; i++)
      g_list_store_append (store, items->pdata[i]);
    g_assert_cmpuint (parlance_message_list_get_n_rows (list), <=, 200);
    scroll_ui_assert_end_in_sight (&ui, "5,000 messages appended one by one");
  }

  parlance_conversation_view_set_session (ui.view, first);
  ui.session = first;
  scroll_ui_assert_end_in_sight (&ui, "the first session again");
  scroll_ui_stop (&ui);
}

/* A phone's width: a long reply is still followed to its end, and nothing is wider than the view. */
static void
test_scroll_narrow (void)
{
  ScrollUi ui = { 0 };
  g_autofree char *shot = NULL;
  GtkWidget *row;

  scroll_ui_start (&ui, 360, 720);
  scroll_ui_send_long_reply (&ui, 4);
  scroll_ui_assert_end_in_sight (&ui, "narrow, after a long reply");
  row = parlance_test_ui_find_message_row (scroll_ui_scroller (&ui), scroll_ui_last_message (&ui), FALSE);
  g_assert_cmpint (gtk_widget_get_width (row), <=, gtk_widget_get_width (scroll_ui_scroller (&ui)));
  scroll_ui_send_long_reply (&ui, 5);
  scroll_ui_assert_end_in_sight (&ui, "narrow, after a second long reply");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (ui.window), "conversation-scroll-narrow");
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

  g_test_add_func ("/parlance/conversation-scroll/follows-long-replies", test_scroll_follows_long_replies);
  g_test_add_func ("/parlance/conversation-scroll/long-conversation", test_scroll_long_conversation);
  g_test_add_func ("/parlance/conversation-scroll/few-rows-built", test_scroll_few_rows_built);
  g_test_add_func ("/parlance/conversation-scroll/tab-into-messages", test_scroll_tab_into_messages);
  g_test_add_func ("/parlance/conversation-scroll/jump-to-latest", test_scroll_jump_to_latest);
  g_test_add_func ("/parlance/conversation-scroll/narrow", test_scroll_narrow);
  g_test_add_func ("/parlance/conversation-scroll/switch-conversations", test_scroll_switch_conversations);
#ifdef HAVE_XTEST
  g_test_add_func ("/parlance/conversation-scroll/wheel", test_scroll_wheel);
  g_test_add_func ("/parlance/conversation-scroll/nothing-blank", test_scroll_nothing_blank);
#endif

  status = g_test_run ();
  scroll_ui_shutdown ();
  return status;
}
