/* bench-markdown-view.c — rendering a reply with code: time to first paint, longest frame.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message row at 900×800 is given a stored 20 KB reply with 10 code blocks (as opening a
 * conversation does); measured: the time from set_message to the first frame painted with the
 * reply's first block, to the frame painted when every block is built, and the longest frame
 * between. The same for a reply with one code block of 2,000 lines (the most a block shows).
 * Prints the medians of 7 runs; never fails on them.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "parlance-markdown-view-private.h"
#include "parlance-message-row.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define N_RUNS 7

static const char * const languages[] = { "python", "c", "rust", "js", "sh", "cpp", "go", "ts", "json", "java" };

static char *
make_reply (gsize size,
            guint n_code)
{
  GString *text = g_string_new (NULL);
  guint block = 0;

  while (text->len < size)
    {
      g_string_append_printf (text, "## Step %u\n\nThis paragraph explains **step %u** with `inline code`, "
                              "a [link](https://example.com/%u) and *some* emphasis, long enough to wrap "
                              "over a couple of lines in a window of ordinary width.\n\n", block + 1, block + 1, block);
      g_string_append (text, "- first point\n- second point with `code`\n  - nested\n\n");
      if (block < n_code)
        {
          g_string_append_printf (text, "```%s\n", languages[block % G_N_ELEMENTS (languages)]);
          for (guint l = 0; l < 24; l++)
            g_string_append_printf (text, "    value_%u = compute(value_%u, %u)  # line %u\n", l, l, block, l);
          g_string_append (text, "```\n\n");
        }
      block++;
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  GtkWidget *row;
  gint64     start;
  gint64     first;     /* the first paint with a block */
  gint64     all;       /* the paint after every block was built */
  gint64     last_paint;
  gint64     longest;
} Run;

static GtkWidget *
reply_view (GtkWidget *row)
{
  GtkWidget *view = NULL;

  /* The reply's view is the last ParlanceMarkdownView in the row. */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (row)); w; w = gtk_widget_get_next_sibling (w))
    if (PARLANCE_IS_MARKDOWN_VIEW (w))
      view = w;
  return view;
}

static void
after_paint (GdkFrameClock *clock,
             Run           *run)
{
  gint64 now = g_get_monotonic_time ();
  GtkWidget *view = reply_view (run->row);
  GtkWidget *box = _parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view));

  if (run->start == 0)
    return;
  if (run->last_paint > 0)
    run->longest = MAX (run->longest, now - run->last_paint);
  run->last_paint = now;
  if (run->first == 0 && gtk_widget_get_first_child (box) != NULL)
    run->first = now - run->start;
  if (run->all == 0 && _parlance_markdown_view_get_built (PARLANCE_MARKDOWN_VIEW (view)))
    run->all = now - run->start;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
median (gint64 *values)
{
  qsort (values, N_RUNS, sizeof (gint64), (GCompareFunc) compare);
  return values[N_RUNS / 2];
}

static void
bench (const char *name,
       const char *reply)
{
  gint64 first[N_RUNS], all[N_RUNS], longest[N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, reply);
      GtkWindow *window = GTK_WINDOW (gtk_window_new ());
      GtkWidget *scroller = gtk_scrolled_window_new ();
      Run run = { 0, };
      gulong id;

      run.row = parlance_message_row_new ();
      gtk_window_set_default_size (window, 900, 800);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), run.row);
      gtk_window_set_child (window, scroller);
      gtk_window_present (window);
      parlance_test_ui_wait_drawn (GTK_WIDGET (window));
      id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint), &run);

      run.start = g_get_monotonic_time ();
      parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (run.row), message);
      parlance_test_wait_for (run.all > 0, 60000);
      first[i] = run.first;
      all[i] = run.all;
      longest[i] = run.longest;
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), id);
      gtk_window_destroy (window);
    }
  g_print ("%s: first paint %.1f ms, all built and painted %.1f ms, longest frame %.1f ms (medians of %d)\n",
           name, median (first) / 1000.0, median (all) / 1000.0, median (longest) / 1000.0, N_RUNS);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *reply = make_reply (20 * 1024, 10);
  g_autoptr(GString) long_code = g_string_new ("Long code:\n\n```python\n");

  parlance_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();
  gtk_source_init ();

  for (guint l = 0; l < 2000; l++)
    g_string_append_printf (long_code, "result_%u = transform(data[%u], factor=%u)\n", l, l, l % 7);
  g_string_append (long_code, "```\n");

  g_print ("reply: %zu bytes\n", strlen (reply));
  bench ("20 KB reply, 10 code blocks", reply);
  bench ("one code block of 2,000 lines", long_code->str);
  return 0;
}
