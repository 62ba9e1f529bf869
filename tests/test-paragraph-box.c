/* test-paragraph-box.c — the paragraph box's sizes agree with each other, measured or estimated.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Past its measuring budget the box estimates heights. GTK compares what a widget says with no
 * width given against what it says at a huge width (gtkboxlayout.c, distribute_remaining_size:
 * "reports a minimum height of 16, but minimum height for width of 1048576 is 20. Expect
 * overlapping widgets."), so every mix of measured and estimated paragraphs must keep the
 * heights in order: never taller at a wider width, and the height with no width at least the
 * height at a huge one. The budget is forced here by a count of measures a frame.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "parlance-paragraph-box.h"
#include "parlance-test-utils.h"

#define HUGE_WIDTH (1 << 20)   /* GTK's MAX_ALLOWED_SIZE */

static const int widths[] = {
  -1, HUGE_WIDTH, HUGE_WIDTH - 24, 1 << 19, 100000, 4000, 1000, 640, 400, 399, 200, 90, 30, -1,
};

typedef struct
{
  GtkWindow *window;
  GtkWidget *outer;      /* a vertical GtkBox, as the message row has */
  GtkWidget *box;
} Fixture;

static GtkWidget *
paragraph_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* Short and long paragraphs, some of several lines, a few longer than any screen is wide. */
static char *
paragraph_text (guint i)
{
  static const char *words[] = { "a", "reply", "that", "streams", "in", "over", "many", "frames" };
  GString *text = g_string_new (NULL);
  guint n_words = i % 5 == 4 ? 400 + i * 13 : 2 + (i * 31) % 23;

  for (guint w = 0; w < n_words; w++)
    {
      if (w > 0)
        g_string_append_c (text, (i % 3 == 2 && w % 9 == 0) ? '\n' : ' ');
      g_string_append (text, words[(i + w) % G_N_ELEMENTS (words)]);
    }
  return g_string_free (text, FALSE);
}

static void
fill (Fixture *f,
      guint    n)
{
  parlance_paragraph_box_clear (PARLANCE_PARAGRAPH_BOX (f->box));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = paragraph_text (i);

      parlance_paragraph_box_append (PARLANCE_PARAGRAPH_BOX (f->box), paragraph_new (text));
    }
}

/* Asks the box for its heights at every width (GTK keeps each answer until the next resize, as
 * it does in a layout) and checks that they are in order. */
static void
check_box_heights (Fixture    *f,
                   const char *when)
{
  int mins[G_N_ELEMENTS (widths)], nats[G_N_ELEMENTS (widths)];

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      gtk_widget_measure (f->box, GTK_ORIENTATION_VERTICAL, widths[i], &mins[i], &nats[i], NULL, NULL);
      g_assert_cmpint (mins[i], <=, nats[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
      {
        gboolean wider = widths[i] >= 0 && widths[j] >= 0 && widths[j] > widths[i];

        /* No width given: not less than at a huge width, which is what GTK checks. */
        if (widths[i] < 0 && widths[j] >= HUGE_WIDTH / 2)
          wider = TRUE;
        if (!wider)
          continue;
        if (mins[j] > mins[i] || nats[j] > nats[i])
          g_error ("%s: heights %d/%d at width %d, but %d/%d at the wider %d",
                   when, mins[i], nats[i], widths[i], mins[j], nats[j], widths[j]);
      }

  /* And GTK's own check: a vertical box's width for a height smaller than its content searches
   * the widths up to a huge one and compares with the height with no width given. */
  gtk_widget_measure (f->outer, GTK_ORIENTATION_HORIZONTAL, 1, NULL, NULL, NULL, NULL);
}

static void
run_frames (Fixture    *f,
            guint       n_frames,
            const char *when)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->box);

  for (guint i = 0; i < n_frames; i++)
    {
      gint64 frame = gdk_frame_clock_get_frame_counter (clock);
      g_autofree char *what = g_strdup_printf ("%s, frame %u", when, i);

      gtk_widget_queue_resize (f->box);
      parlance_test_wait_for (gdk_frame_clock_get_frame_counter (clock) > frame, 5000);
      check_box_heights (f, what);
    }
}

/* A window on screen, then a box added to it that it has not laid out yet. */
static void
fixture_set_up (Fixture *f,
                int      measure_limit)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  f->outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), f->outer);
  gtk_window_set_child (f->window, scroller);
  gtk_window_set_default_size (f->window, 400, 300);
  gtk_window_present (f->window);
  parlance_test_wait_for (gtk_widget_get_mapped (f->outer), 5000);

  f->box = parlance_paragraph_box_new ();
  _parlance_paragraph_box_set_measure_limit (PARLANCE_PARAGRAPH_BOX (f->box), measure_limit);
  gtk_box_append (GTK_BOX (f->outer), f->box);
  /* Realized, so that the budget counts by frame. */
  g_assert_nonnull (gtk_widget_get_frame_clock (f->box));
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
}

/* One short paragraph (the case seen in the conversation test), a few, and a long reply. */
static const guint sizes[] = { 1, 4, 60 };
static const int limits[] = { 0, 1, 2, 5, 13 };

/* A row just made: no width yet, some paragraphs measured and the others estimated. */
static void
test_paragraph_box_no_width_yet (void)
{
  for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autofree char *when = g_strdup_printf ("%u paragraphs, %d measures a frame, no width",
                                                 sizes[n], limits[l]);
        Fixture f;

        fixture_set_up (&f, limits[l]);
        /* Before the window lays it out: the frame's budget is all this test's. */
        fill (&f, sizes[n]);
        check_box_heights (&f, when);
        run_frames (&f, 4, when);
        fixture_tear_down (&f);
      }
}

/* A box already laid out at a width, whose paragraphs are then replaced (a row rebuilt for a long
 * reply), and the window made wider and narrower while estimates are being refined. */
static void
test_paragraph_box_after_layout (void)
{
  for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autofree char *when = g_strdup_printf ("%u paragraphs, %d measures a frame, laid out",
                                                 sizes[n], limits[l]);
        Fixture f;

        fixture_set_up (&f, -1);
        fill (&f, 5);
        parlance_test_wait_for (gtk_widget_get_width (f.box) > 0, 5000);
        run_frames (&f, 2, "first layout");

        _parlance_paragraph_box_set_measure_limit (PARLANCE_PARAGRAPH_BOX (f.box), limits[l]);
        fill (&f, sizes[n]);
        check_box_heights (&f, when);
        run_frames (&f, 3, when);
        gtk_window_set_default_size (f.window, 700, 300);
        run_frames (&f, 2, when);
        gtk_window_set_default_size (f.window, 250, 300);
        run_frames (&f, 2, when);
        fixture_tear_down (&f);
      }
}

static gboolean
settled (Fixture *f)
{
  int width = gtk_widget_get_width (f->box);
  int real = 0, n = 0, min, nat;

  if (width <= 0)
    return FALSE;
  for (; n < (int) parlance_paragraph_box_get_n_children (PARLANCE_PARAGRAPH_BOX (f->box)); n++)
    {
      GtkWidget *child = parlance_paragraph_box_get_child (PARLANCE_PARAGRAPH_BOX (f->box), n);

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &nat, NULL, NULL);
      real += nat;
    }
  gtk_widget_measure (f->box, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  /* The box puts 10 px between paragraphs. */
  return nat == real + 10 * (n - 1) && gtk_widget_get_height (f->box) >= nat;
}

/* Guesses are measured for real in the next frames, a few a frame, until none is left. */
static void
test_paragraph_box_guesses_settle (void)
{
  Fixture f;

  fixture_set_up (&f, 3);
  fill (&f, 40);
  /* A generous limit: under the sanitizers a frame can take most of a second. */
  parlance_test_wait_for (settled (&f), 60000);
  check_box_heights (&f, "settled");
  fixture_tear_down (&f);
}

typedef struct
{
  ParlanceParagraphBox *box;
  GArray               *per_frame;  /* of guint: the box's guesses so far, after each frame */
} GuessCount;

static void
count_guesses (GdkFrameClock *clock,
               GuessCount    *count)
{
  guint n = _parlance_paragraph_box_get_n_guesses (count->box);

  g_array_append_val (count->per_frame, n);
}

/* A long reply measured a few paragraphs a frame: the guesses are measured for real a batch at a
 * time, and the paragraphs not reached yet keep theirs, rather than each frame guessing the whole
 * reply again (the cost of a frame grew with the reply until the last guess was gone). */
static void
test_paragraph_box_refined_in_batches (void)
{
  g_autoptr(GArray) per_frame = g_array_new (FALSE, FALSE, sizeof (guint));
  GuessCount count = { NULL, per_frame };
  GdkFrameClock *clock;
  gulong id;
  guint most = 0;
  Fixture f;

  fixture_set_up (&f, 3);
  clock = gtk_widget_get_frame_clock (f.box);
  count.box = PARLANCE_PARAGRAPH_BOX (f.box);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_guesses), &count);
  /* More paragraphs than a batch and a screenful, short ones (this runs under the sanitizers). */
  parlance_paragraph_box_clear (PARLANCE_PARAGRAPH_BOX (f.box));
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint w = 0; w < 4 + (i * 37) % 40; w++)
        g_string_append (text, w % 7 == 6 ? "paragraphs " : "a ");

      parlance_paragraph_box_append (PARLANCE_PARAGRAPH_BOX (f.box), paragraph_new (text->str));
    }
  parlance_test_wait_for (settled (&f), 120000);
  g_signal_handler_disconnect (clock, id);
  /* Past the first frame (which guesses all it can't measure), a frame guesses at most a batch
   * of 128 and what is in sight. */
  for (guint i = 2; i < per_frame->len; i++)
    most = MAX (most, g_array_index (per_frame, guint, i) - g_array_index (per_frame, guint, i - 1));
  g_test_message ("%u frames, at most %u guesses in one after the first", per_frame->len, most);
  g_assert_cmpuint (per_frame->len, >, 2);
  g_assert_cmpuint (most, <=, 200);
  check_box_heights (&f, "settled");
  fixture_tear_down (&f);
}

/* GTK 4.8 restyles all of a widget's children, with all inside them, each time a child is added
 * to it: the box adds its runs (of 32 paragraphs) many at a time, so that a reply that grows
 * restyles all its paragraphs once every many runs rather than with each new run. */
static void
test_paragraph_box_runs_added_together (void)
{
  GtkWidget *box = parlance_paragraph_box_new ();
  guint children_at[3] = { 0 };

  g_object_ref_sink (box);
  for (guint i = 0; i < 3 * 32 + 1; i++)
    {
      parlance_paragraph_box_append (PARLANCE_PARAGRAPH_BOX (box), paragraph_new ("a paragraph"));
      if (i % 32 == 0)
        {
          guint n = 0;

          for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
               child = gtk_widget_get_next_sibling (child))
            n++;
          children_at[MIN (i / 32, 2)] = n;
        }
    }
  /* The 1st, 33rd and 65th paragraphs each began a run; the box had its runs already. */
  g_assert_cmpuint (children_at[0], >, 1);
  g_assert_cmpuint (children_at[1], ==, children_at[0]);
  g_assert_cmpuint (children_at[2], ==, children_at[0]);
  parlance_paragraph_box_clear (PARLANCE_PARAGRAPH_BOX (box));
  g_assert_null (gtk_widget_get_first_child (box));
  g_object_unref (box);
}

/* The restyling a new batch of runs brings costs as much as the box holds: the longer the box,
 * the more runs it adds at once (twice those in use), so that 3,105 paragraphs bring three
 * batches (at the 1st, 1,025th and 3,073rd), not four; and it never holds more than twice as many
 * empty runs as it uses, and a batch. */
static void
test_paragraph_box_runs_added_geometrically (void)
{
  GtkWidget *box = g_object_ref_sink (parlance_paragraph_box_new ());
  GtkWidget *last = NULL;
  guint batches[4] = { 0 }, n_batches = 0, n_children = 0;

  for (guint i = 0; i < 97 * 32 + 1; i++)
    {
      parlance_paragraph_box_append (PARLANCE_PARAGRAPH_BOX (box), paragraph_new ("a paragraph"));
      if (gtk_widget_get_last_child (box) != last)
        {
          last = gtk_widget_get_last_child (box);
          if (n_batches < G_N_ELEMENTS (batches))
            batches[n_batches] = i + 1;
          n_batches++;
        }
    }
  g_assert_cmpuint (n_batches, ==, 3);
  g_assert_cmpuint (batches[0], ==, 1);
  g_assert_cmpuint (batches[1], ==, 32 * 32 + 1);
  g_assert_cmpuint (batches[2], ==, 96 * 32 + 1);
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    n_children++;
  /* 98 runs in use, 32 + 64 + 192 in all. */
  g_assert_cmpuint (n_children, ==, 288);
  g_assert_cmpuint (n_children, <=, 3 * 98 + 32);
  g_object_unref (box);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();

  g_test_add_func ("/parlance/paragraph-box/no-width-yet", test_paragraph_box_no_width_yet);
  g_test_add_func ("/parlance/paragraph-box/after-layout", test_paragraph_box_after_layout);
  g_test_add_func ("/parlance/paragraph-box/guesses-settle", test_paragraph_box_guesses_settle);
  g_test_add_func ("/parlance/paragraph-box/refined-in-batches", test_paragraph_box_refined_in_batches);
  g_test_add_func ("/parlance/paragraph-box/runs-added-together", test_paragraph_box_runs_added_together);
  g_test_add_func ("/parlance/paragraph-box/runs-added-geometrically", test_paragraph_box_runs_added_geometrically);

  return g_test_run ();
}
