/* bench-conversation-open.c — opening a 5,000-message conversation, and scrolling all of it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real app at 960×720. Opening: the session's messages are replaced by 5,000 others in one
 * change (as opening a saved conversation does) and the time to the first frame painted after it
 * is measured, with whether that frame shows the end (targets: < 150 ms, yes). Memory: RSS just
 * after opening, then while the view is scrolled a page a frame to the first message and back to
 * the last, as a scrollbar drag or Page Up would (target: flat, not growing with what was scrolled
 * past; RSS is printed at the end, at the first message and back at the end). Typing: a character a
 * frame inserted into the composer as a key press does, the time to the frame that shows it
 * (target: under 16 ms, as in an empty conversation). Prints figures; never fails on them. Looks
 * only at the view's widgets (the "messages" page's scrolled window, the message rows and the
 * composer's text view), so it runs against any version of the view.
 */

#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdlib.h>

#include "parlance-conversation-view.h"
#include "parlance-message-row.h"
#include "parlance-test-conversation.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define N_MESSAGES 5000
#define N_OPENS 7

typedef struct
{
  GtkWidget  *view;
  GListModel *messages;
  GtkWidget  *scroller;
  gboolean    painted;
  gboolean    end_shown;   /* in the frame just painted */
  guint       n_frames;
} Bench;

static GtkWidget *
find_row (GtkWidget       *widget,
          ParlanceMessage *message)
{
  if (PARLANCE_IS_MESSAGE_ROW (widget))
    return parlance_message_row_get_message (PARLANCE_MESSAGE_ROW (widget)) == message ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row (child, message);
      if (row != NULL)
        return row;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = PARLANCE_IS_MESSAGE_ROW (widget) ? 1 : 0;

  if (n == 0)
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
      n += count_rows (child);
  return n;
}

/* @position's row is drawn within the visible area (its top, or its bottom). */
static gboolean
row_in_sight (Bench    *b,
              guint     position,
              gboolean  bottom)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (b->messages, position);
  GtkWidget *row = find_row (b->scroller, message);
  graphene_rect_t bounds;
  double y;

  if (row == NULL || !gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, b->scroller, &bounds))
    return FALSE;
  y = bottom ? bounds.origin.y + bounds.size.height : bounds.origin.y;
  return y >= -1 && y <= gtk_widget_get_height (b->scroller) + 1;
}

static GtkAdjustment *
vadjustment (Bench *b)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (b->scroller));
}

static gboolean
at_end (Bench *b)
{
  GtkAdjustment *adj = vadjustment (b);

  return G_APPROX_VALUE (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj),
                         gtk_adjustment_get_upper (adj), 1.0) &&
         row_in_sight (b, g_list_model_get_n_items (b->messages) - 1, TRUE);
}

static void
after_paint (GdkFrameClock *clock,
             Bench         *b)
{
  b->painted = TRUE;
  b->end_shown = at_end (b);
  b->n_frames++;
}

static void
wait_painted (Bench *b)
{
  b->painted = FALSE;
  gtk_widget_queue_draw (b->view);
  parlance_test_wait_for (b->painted, 10000);
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Types @n characters into the composer, one a frame, as key presses do (the text view's
 * "insert-at-cursor"); returns the median and the longest time from the key to its frame. */
static void
type_into_composer (Bench  *b,
                    guint   n,
                    double *median,
                    double *longest)
{
  GtkWidget *text_view = parlance_test_ui_find (b->view, GTK_TYPE_TEXT_VIEW, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_widget_grab_focus (text_view);
  wait_painted (b);
  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      b->painted = FALSE;
      g_signal_emit_by_name (text_view, "insert-at-cursor", i % 7 == 6 ? " " : "a");
      parlance_test_wait_for (b->painted, 10000);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);
  *median = g_array_index (times, double, times->len / 2);
  *longest = g_array_index (times, double, times->len - 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), "", 0);
}

/* Replaces the messages by another conversation; returns the time to the first frame painted. */
static double
open_conversation (Bench    *b,
                   guint     seed,
                   gboolean *end_shown)
{
  g_autoptr(GPtrArray) items = parlance_test_make_conversation (N_MESSAGES, seed);
  gint64 start;

  wait_painted (b);
  b->painted = FALSE;
  start = g_get_monotonic_time ();
  g_list_store_splice (G_LIST_STORE (b->messages), 0, g_list_model_get_n_items (b->messages),
                       items->pdata, items->len);
  parlance_test_wait_for (b->painted, 10000);
  *end_shown = b->end_shown;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A page a frame towards one end, until @position's row is in sight at that end. */
static guint
scroll_through (Bench  *b,
                int     direction,
                double *rss_max,
                guint  *rows_max)
{
  GtkAdjustment *adj = vadjustment (b);
  guint last = g_list_model_get_n_items (b->messages) - 1;
  guint steps = 0;

  while (direction < 0 ? !(row_in_sight (b, 0, FALSE) && gtk_adjustment_get_value (adj) <= 0)
                       : !at_end (b))
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + direction * gtk_adjustment_get_page_size (adj));
      wait_painted (b);
      if (++steps % 50 == 0)
        {
          *rss_max = MAX (*rss_max, rss_mb ());
          *rows_max = MAX (*rows_max, count_rows (b->scroller));
        }
      if (g_getenv ("PARLANCE_BENCH_PAGES") && steps >= (guint) atoi (g_getenv ("PARLANCE_BENCH_PAGES")))
        break;
      if (steps > 20 * N_MESSAGES)
        {
          g_print ("  gave up scrolling after %u pages (message %u not reached)\n", steps, direction < 0 ? 1 : last + 1);
          break;
        }
    }
  return steps;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  ParlanceApplication *app;
  ParlanceWindow *window;
  Bench b = { 0 };
  guint n_shown = 0, rows_open, rows_max = 0, steps_up, steps_down;
  double rss_open, rss_max, rss_top = -1, rss_end, rss_trimmed;
  double type_empty_median, type_empty_max, type_median, type_max;
  gint64 start;
  gboolean shown;

  parlance_test_init (&argc, &argv);
  gtk_init ();
  g_setenv ("OPENROUTER_API_KEY", "bench-key", TRUE);
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_int (settings, "window-width", 960);
  g_settings_set_int (settings, "window-height", 720);

  app = parlance_test_ui_start_app ();
  window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  b.view = parlance_test_ui_find (GTK_WIDGET (window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
  b.messages = parlance_chat_session_get_messages (parlance_window_get_session (window));
  parlance_test_wait_for (gtk_widget_get_mapped (b.view), 10000);
  {
    GtkStack *stack = GTK_STACK (parlance_test_ui_find (b.view, GTK_TYPE_STACK, NULL));
    b.scroller = parlance_test_ui_find (gtk_stack_get_child_by_name (stack, "messages"), GTK_TYPE_SCROLLED_WINDOW, NULL);
  }
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint), &b);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  type_into_composer (&b, 60, &type_empty_median, &type_empty_max);

  /* Opening, several times (the first one warms caches up and is left out). */
  for (guint i = 0; i <= N_OPENS; i++)
    {
      double ms = open_conversation (&b, 100 + i, &shown);

      if (i > 0)
        {
          g_array_append_val (times, ms);
          n_shown += shown;
        }
      for (guint f = 0; f < 10; f++)
        wait_painted (&b);
    }
  g_array_sort (times, compare_doubles);

  /* Settled at the end: what opening costs in memory. */
  start = g_get_monotonic_time ();
  while (!at_end (&b) && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    wait_painted (&b);
  for (guint f = 0; f < 30; f++)
    wait_painted (&b);
  rss_open = rss_max = rss_mb ();
  rows_open = count_rows (b.scroller);

  start = g_get_monotonic_time ();
  /* PARLANCE_BENCH_NO_SCROLL=1: opening only (a view that can't scroll through would take hours). */
  if (g_strcmp0 (g_getenv ("PARLANCE_BENCH_NO_SCROLL"), "1") != 0)
    {
      steps_up = scroll_through (&b, -1, &rss_max, &rows_max);
      rss_top = rss_mb ();
      steps_down = scroll_through (&b, 1, &rss_max, &rows_max);
    }
  else
    steps_up = steps_down = 0;
  for (guint f = 0; f < 30; f++)
    wait_painted (&b);
  rss_end = rss_mb ();
  type_into_composer (&b, 60, &type_median, &type_max);
  malloc_trim (0);
  rss_trimmed = rss_mb ();

  g_print ("Conversation view, %d messages, 960×720 (renderer: %s)\n", N_MESSAGES,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  g_print ("  open to first paint   median %.1f ms, min %.1f, max %.1f (%u opens; target < 150 ms)\n",
           g_array_index (times, double, times->len / 2), g_array_index (times, double, 0),
           g_array_index (times, double, times->len - 1), times->len);
  g_print ("  end shown in that frame: %u of %u\n", n_shown, times->len);
  g_print ("  scrolled end to end   %u pages up, %u down, a page a frame, in %.1f s\n",
           steps_up, steps_down, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_print ("  message rows          %u after opening, at most %u while scrolling\n", rows_open, rows_max);
  g_print ("  RSS                   %.1f MB after opening (at the end), %.1f MB at the first message, "
           "%.1f MB back at the end; at most %.1f MB while scrolling (%.1f MB after malloc_trim)\n",
           rss_open, rss_top, rss_end, rss_max, rss_trimmed);
  g_print ("  typing in the composer  key to frame median %.1f ms, longest %.1f (empty conversation: "
           "%.1f, %.1f; 60 keys each)\n", type_median, type_max, type_empty_median, type_empty_max);

  parlance_test_ui_stop_app (app);
  return EXIT_SUCCESS;
}
