/* test-message-row.c — a message of megabytes in one paragraph shows (cut, with its whole
 * text a button away) instead of an empty bubble, without freezing the window.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlance-markdown-view.h"
#include "parlance-message-row.h"
#include "parlance-paragraph-box.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

static void
test_message_row_huge_paragraph (void)
{
  g_autoptr(GString) text = g_string_new ("RLO ");
  g_autoptr(ParlanceMessage) message = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *label, *long_box, *button;
  GdkContentProvider *content;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *shot = NULL;
  gint64 start;

  for (guint i = 0; i < 2000000; i++)
    g_string_append_c (text, 'x');
  message = parlance_message_new (PARLANCE_ROLE_USER, text->str);

  gtk_window_set_default_size (window, 700, 500);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), row);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  parlance_test_wait_for (gtk_widget_get_mapped (row), 60000);

  start = g_get_monotonic_time ();
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_test_wait_for ((label = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text")) != NULL &&
                          *gtk_label_get_text (GTK_LABEL (label)) != '\0', 60000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  g_test_message ("2 MB paragraph: drawn in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  /* Laid out cut: a bubble of some lines, not of Pango's overflowed sizes. */
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (label))), <=, 4096 + 3);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "RLO xxx"));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), "x…"));
  g_assert_cmpint (gtk_widget_get_height (label), >, 10);
  g_assert_cmpint (gtk_widget_get_height (label), <, 32767);

  long_box = parlance_test_ui_find (row, GTK_TYPE_BOX, "message-long");
  g_assert_nonnull (long_box);
  g_assert_true (gtk_widget_get_mapped (long_box));
  button = parlance_test_ui_find (long_box, GTK_TYPE_BUTTON, NULL);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "message.copy-all");

  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "message-row-huge");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  /* The whole text, to paste where it can be read. */
  g_assert_true (gtk_widget_activate_action (row, "message.copy-all", NULL));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (row));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, text->str);

  gtk_window_destroy (window);
}

/* The labels' texts, one line break apart; FALSE when one holds more than a label may (a few
 * kilobytes, cut at the first space past 4,096 bytes). */
static gboolean
collect (GtkWidget *box,
         GString   *shown,
         guint     *n_labels)
{
  g_string_truncate (shown, 0);
  *n_labels = 0;
  for (guint i = 0; i < parlance_paragraph_box_get_n_children (PARLANCE_PARAGRAPH_BOX (box)); i++)
    {
      GtkWidget *child = parlance_paragraph_box_get_child (PARLANCE_PARAGRAPH_BOX (box), i);
      const char *label = gtk_label_get_text (GTK_LABEL (child));

      if (strlen (label) > 4096 + 64)
        return FALSE;
      if (*n_labels > 0)
        g_string_append_c (shown, '\n');
      g_string_append (shown, label);
      (*n_labels)++;
    }
  return TRUE;
}

/* A reply's line breaks inside a paragraph are Markdown's soft breaks: spaces. */
static void
soft_breaks (GString *text)
{
  g_string_replace (text, "\n", " ", 0);
}

/* The first label of the reply's text, once there is one. */
static GtkWidget *
wait_for_text (GtkWidget *row)
{
  GtkWidget *label;

  parlance_test_wait_for ((label = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text")) != NULL, 60000);
  return label;
}

/* A long paragraph of short lines (a pasted log) is shown whole, in labels of a few lines. */
static void
test_message_row_long_lines (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(ParlanceMessage) message = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *box;
  guint n_labels = 0;

  /* Fewer under AddressSanitizer, which makes each label many times slower to lay out; still
   * several labels. */
#ifdef __SANITIZE_ADDRESS__
  for (guint i = 0; i < 1000; i++)
#else
  for (guint i = 0; i < 5000; i++)
#endif
    g_string_append_printf (text, "line %u of a log pasted whole\n", i);
  g_string_truncate (text, text->len - 1);
  message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text->str);
  gtk_window_set_default_size (window, 700, 500);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), row);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  box = gtk_widget_get_ancestor (wait_for_text (row), PARLANCE_TYPE_PARAGRAPH_BOX);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));

  /* It is built over a few frames: one Markdown paragraph, in labels of a few kilobytes. */
  soft_breaks (text);
  parlance_test_wait_for (collect (box, shown, &n_labels) && (soft_breaks (shown), g_str_equal (shown->str, text->str)),
                          60000);
  g_assert_cmpuint (n_labels, >, 1);
  g_assert_cmpstr (shown->str, ==, text->str);
  g_assert_false (gtk_widget_get_visible (parlance_test_ui_find (row, GTK_TYPE_BOX, "message-long")));
  gtk_window_destroy (window);
}

/* Paragraphs longer than what a frame lays out, blank lines apart: every one shows. */
static void
test_message_row_long_paragraphs (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(ParlanceMessage) message = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *box;
  guint n_labels = 0;

  for (guint i = 0; i < 20; i++)
    {
      if (i > 0)
        g_string_append (text, "\n\n");
      for (guint w = 0; w < 400; w++)
        g_string_append_printf (text, w > 0 ? " p%u" : "p%u", i);
    }
  message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, text->str);
  gtk_window_set_default_size (window, 700, 500);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), row);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  box = gtk_widget_get_ancestor (wait_for_text (row), PARLANCE_TYPE_PARAGRAPH_BOX);
  g_string_replace (text, "\n\n", "\n", 0);
  parlance_test_wait_for (collect (box, shown, &n_labels) && g_str_equal (shown->str, text->str),
                          60000);
  g_assert_cmpuint (n_labels, ==, 20);
  gtk_window_destroy (window);
}

/* A short message is shown whole, without the notice. */
static void
test_message_row_short (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_USER, "Hello there");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *label;

  gtk_window_set_child (window, row);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_test_wait_for ((label = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text")) != NULL &&
                          *gtk_label_get_text (GTK_LABEL (label)) != '\0', 60000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Hello there");
  g_assert_false (gtk_widget_get_visible (parlance_test_ui_find (row, GTK_TYPE_BOX, "message-long")));
  gtk_window_destroy (window);
}

/* A reply that ended and is continued (Continue) reads as one text: the word it was cut in
 * goes on in the same paragraph. */
static void
test_message_row_continued (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = parlance_message_row_new ();

  gtk_window_set_child (window, row);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_message_set_status (message, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_append_content (message, "Cut in the middle of a sent");
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_test_wait_for (parlance_test_ui_find_text (row, "Cut in the middle of a sent") != NULL, 60000);

  parlance_message_set_status (message, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_append_content (message, "ence, and on.");
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_test_wait_for (parlance_test_ui_find_text (row, "Cut in the middle of a sentence, and on.") != NULL, 60000);
  g_assert_null (parlance_test_ui_find_text (row, "ence, and on."));
  gtk_window_destroy (window);
}

/* A user's message is what they typed: plain text, line breaks kept, no Markdown. */
static void
test_message_row_user_plain (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_USER, "**not bold** <b>x</b>\nnext line");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *label;

  gtk_window_set_child (window, row);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_test_wait_for ((label = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text")) != NULL &&
                          *gtk_label_get_text (GTK_LABEL (label)) != '\0', 60000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "**not bold** <b>x</b>\nnext line");
  g_assert_false (gtk_widget_get_visible (parlance_test_ui_find (row, PARLANCE_TYPE_MARKDOWN_VIEW, NULL)));
  gtk_window_destroy (window);
}

/* The reasoning is open and live while it is all there is, closes once the answer starts, and
 * both are Markdown. */
static void
test_message_row_reasoning (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *expander, *thought, *answer;

  gtk_window_set_child (window, row);
  gtk_window_present (window);
  parlance_message_set_status (message, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  expander = parlance_test_ui_find (row, GTK_TYPE_EXPANDER, NULL);
  g_assert_false (gtk_widget_get_visible (expander));

  parlance_message_append_reasoning (message, "Thinking about **this**");
  parlance_test_wait_for ((thought = parlance_test_ui_find_text (expander, "Thinking about this")) != NULL, 10000);
  g_assert_true (gtk_widget_get_visible (expander));
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (thought)), "<b>this</b>"));
  /* Live: more reasoning shows. */
  parlance_message_append_reasoning (message, " and that.");
  parlance_test_wait_for (parlance_test_ui_find_text (expander, "Thinking about this and that.") != NULL, 10000);

  parlance_message_append_content (message, "The *answer*.");
  parlance_test_wait_for ((answer = parlance_test_ui_find_text (row, "The answer.")) != NULL, 10000);
  g_assert_false (gtk_widget_is_ancestor (answer, expander));
  parlance_test_wait_for (!gtk_expander_get_expanded (GTK_EXPANDER (expander)), 10000);
  g_assert_true (gtk_widget_get_visible (expander));

  /* Opened by hand, it stays open as the answer goes on. */
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  parlance_message_append_content (message, " More.");
  parlance_test_wait_for (parlance_test_ui_find_text (row, "The answer. More.") != NULL, 10000);
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  gtk_window_destroy (window);
}

/* A search's words are highlighted in the reply. */
static void
test_message_row_highlight (void)
{
  static const char * const terms[] = { "needle", NULL };
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "A **needle** in text.");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *label;

  gtk_window_set_child (window, row);
  gtk_window_present (window);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_message_row_set_highlight (PARLANCE_MESSAGE_ROW (row), terms);
  parlance_test_wait_for ((label = parlance_test_ui_find_text (row, "A needle in text.")) != NULL, 10000);
  g_assert_nonnull (gtk_label_get_attributes (GTK_LABEL (label)));
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/parlance/message-row/huge-paragraph", test_message_row_huge_paragraph);
  g_test_add_func ("/parlance/message-row/long-lines", test_message_row_long_lines);
  g_test_add_func ("/parlance/message-row/long-paragraphs", test_message_row_long_paragraphs);
  g_test_add_func ("/parlance/message-row/short", test_message_row_short);
  g_test_add_func ("/parlance/message-row/user-plain", test_message_row_user_plain);
  g_test_add_func ("/parlance/message-row/continued", test_message_row_continued);
  g_test_add_func ("/parlance/message-row/reasoning", test_message_row_reasoning);
  g_test_add_func ("/parlance/message-row/highlight", test_message_row_highlight);

  return g_test_run ();
}
