/* test-markdown-view.c — Markdown shown as widgets: every construct, escaping, streaming that
 * rebuilds only the tail, links, code blocks (copy, light and dark), and hostile documents that
 * must not freeze the window.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "parlance-code-block.h"
#include "parlance-markdown-view-private.h"
#include "parlance-markdown-view.h"
#include "parlance-paragraph-box.h"
#include "parlance-message-row.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#define REPLACEMENT "\xef\xbf\xbd"

static GtkWidget *
show_view (GtkWindow **window)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = parlance_markdown_view_new ();

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 700, 600);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (*window, scroller);
  gtk_window_present (*window);
  parlance_test_wait_for (gtk_widget_get_mapped (view), 10000);
  return view;
}

static void
show_text (GtkWidget  *view,
           const char *text,
           gssize      length)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new_from_text (text, length);

  parlance_markdown_view_set_document (PARLANCE_MARKDOWN_VIEW (view), doc);
  parlance_test_wait_for (_parlance_markdown_view_get_built (PARLANCE_MARKDOWN_VIEW (view)), 60000);
}

static ParlanceParagraphBox *
view_box (GtkWidget *view)
{
  return PARLANCE_PARAGRAPH_BOX (_parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view)));
}

static GtkWidget *
top (GtkWidget *view,
     guint      n)
{
  g_assert_cmpuint (n, <, parlance_paragraph_box_get_n_children (view_box (view)));
  return parlance_paragraph_box_get_child (view_box (view), n);
}

static guint
n_top (GtkWidget *view)
{
  return parlance_paragraph_box_get_n_children (view_box (view));
}

/* A label of the text whose text ends with @suffix. */
static GtkWidget *
find_text_ending (GtkWidget  *root,
                  const char *suffix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "message-text") &&
      g_str_has_suffix (gtk_label_get_text (GTK_LABEL (root)), suffix))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_text_ending (c, suffix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
code_text (GtkWidget *code)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (code))));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Whether every code block under @root has the height it asks for (GtkTextView learns its
 * height over a few idles). */
static gboolean
code_blocks_fit (GtkWidget *root)
{
  if (PARLANCE_IS_CODE_BLOCK (root) && gtk_widget_get_mapped (root))
    return _parlance_code_block_get_fits (PARLANCE_CODE_BLOCK (root));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (!code_blocks_fit (c))
      return FALSE;
  return TRUE;
}

/* Whether every code block under @root whose fence names a language is highlighted in it (a
 * language not parsed yet is parsed in an idle after the block is built). */
static gboolean
code_blocks_highlighted (GtkWidget *root)
{
  if (PARLANCE_IS_CODE_BLOCK (root))
    {
      GtkWidget *view = _parlance_code_block_get_view (PARLANCE_CODE_BLOCK (root));

      return gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)))) != NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (!code_blocks_highlighted (c))
      return FALSE;
  return TRUE;
}

static const char constructs[] =
  "# Title\n"
  "\n"
  "Some **bold**, *italic*, ~~gone~~, `code` and [a link](https://example.com/).\n"
  "\n"
  "- one\n"
  "  - nested\n"
  "    - deeper\n"
  "- two\n"
  "\n"
  "3. third\n"
  "4. fourth\n"
  "\n"
  "- [ ] open task\n"
  "- [x] done task\n"
  "\n"
  "> quoted\n"
  "\n"
  "| Name | Value |\n"
  "|:-----|------:|\n"
  "| a    | 1     |\n"
  "| b    | 2     |\n"
  "\n"
  "---\n"
  "\n"
  "```py\n"
  "def f():\n"
  "    return 4\n"
  "```\n"
  "\n"
  "<div>raw</div>\n";

static GtkWidget *
item_marker (GtkWidget *list,
             guint      n)
{
  GtkWidget *row = gtk_widget_get_first_child (list);

  while (n-- > 0)
    row = gtk_widget_get_next_sibling (row);
  g_assert_true (gtk_widget_has_css_class (row, "md-item"));
  return gtk_widget_get_first_child (row);
}

static void
test_markdown_view_constructs (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *w, *nested, *grid, *cell;
  g_autofree char *code = NULL;
  GtkSourceBuffer *buffer;

  show_text (view, constructs, -1);
  g_assert_cmpuint (n_top (view), ==, 10);

  w = top (view, 0);
  g_assert_true (GTK_IS_LABEL (w));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), ==, "Title");
  g_assert_true (gtk_widget_has_css_class (w, "title-1"));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)), ==, GTK_ACCESSIBLE_ROLE_HEADING);

  w = top (view, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), ==, "Some bold, italic, gone, code and a link.");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (w)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (w)), "<b>bold</b>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (w)), "<i>italic</i>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (w)), "<s>gone</s>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (w)), "monospace"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (w)), "<a href=\"https://example.com/\""));
  /* Tab reaches the link. */
  g_assert_true (gtk_widget_get_focusable (w));

  w = top (view, 2);
  g_assert_true (gtk_widget_has_css_class (w, "md-list"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 0))), ==, "•");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 1))), ==, "•");
  nested = parlance_test_ui_find (gtk_widget_get_first_child (w), GTK_TYPE_BOX, "md-list");
  g_assert_nonnull (nested);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (nested, 0))), ==, "◦");
  g_assert_nonnull (parlance_test_ui_find_text (nested, "nested"));
  g_assert_nonnull (parlance_test_ui_find_text (nested, "deeper"));
  g_assert_nonnull (parlance_test_ui_find_text (w, "two"));

  w = top (view, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 0))), ==, "3.");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 1))), ==, "4.");

  w = top (view, 4);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 0))), ==, "☐");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (item_marker (w, 1))), ==, "☑");
  g_assert_nonnull (parlance_test_ui_find_text (w, "open task"));
  g_assert_null (parlance_test_ui_find (w, GTK_TYPE_CHECK_BUTTON, NULL));

  w = top (view, 5);
  g_assert_true (gtk_widget_has_css_class (w, "md-quote"));
  g_assert_nonnull (parlance_test_ui_find_text (w, "quoted"));

  w = top (view, 6);
  grid = parlance_test_ui_find (w, GTK_TYPE_GRID, "md-table");
  g_assert_nonnull (grid);
  cell = gtk_grid_get_child_at (GTK_GRID (grid), 0, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "Name");
  g_assert_true (gtk_widget_has_css_class (cell, "md-header-cell"));
  cell = gtk_grid_get_child_at (GTK_GRID (grid), 1, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "2");
  g_assert_false (gtk_widget_has_css_class (cell, "md-header-cell"));
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (cell)), ==, 1);
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (grid), 0, 3));

  g_assert_true (GTK_IS_SEPARATOR (top (view, 7)));

  w = top (view, 8);
  g_assert_true (PARLANCE_IS_CODE_BLOCK (w));
  code = code_text (w);
  g_assert_cmpstr (code, ==, "def f():\n    return 4");
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (w)))));
  /* Highlighted once the language is parsed, in an idle of its own. */
  parlance_test_wait_for (gtk_source_buffer_get_language (buffer) != NULL, 10000);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "python3");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (w)))));
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (w)))), ==, GTK_WRAP_NONE);
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (w)))));
  /* The header names the language as the fence wrote it. */
  g_assert_nonnull (parlance_test_ui_find (w, GTK_TYPE_LABEL, "py"));

  w = top (view, 9);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), ==, "<div>raw</div>");

  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  gtk_window_destroy (window);
}

/* The attributes of the first <a> of a label's markup, as GMarkup (and GtkLabel) read them. */
static void
link_start (GMarkupParseContext *context,
            const char          *element,
            const char         **names,
            const char         **values,
            gpointer             user_data,
            GError             **error)
{
  char **found = user_data;

  if (!g_str_equal (element, "a") || found[0] != NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "href"))
      found[0] = g_strdup (values[i]);
    else if (g_str_equal (names[i], "title"))
      found[1] = g_strdup (values[i]);
}

static void
get_link (GtkWidget  *label,
          char      **href,
          char      **tooltip)
{
  static const GMarkupParser parser = { link_start, NULL, NULL, NULL, NULL };
  g_autofree char *wrapped = g_strdup_printf ("<markup>%s</markup>", gtk_label_get_label (GTK_LABEL (label)));
  char *found[2] = { NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, found, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_markup_parse_context_parse (context, wrapped, -1, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found[0]);
  g_assert_nonnull (found[1]);
  *href = found[0];
  /* GtkLabel shows the title as markup in the tooltip. */
  g_assert_true (pango_parse_markup (found[1], -1, 0, NULL, tooltip, NULL, &error));
  g_assert_no_error (error);
  g_free (found[1]);
}

static void
test_markdown_view_link_tooltip (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  g_autofree char *href = NULL, *tooltip = NULL;

  show_text (view, "See [the docs](https://example.com/a?b=1&c=2) now.", -1);
  get_link (top (view, 0), &href, &tooltip);
  g_assert_cmpstr (href, ==, "https://example.com/a?b=1&c=2");
  g_assert_cmpstr (tooltip, ==, "https://example.com/a?b=1&c=2");

  /* An image is a link with its alt text, never fetched. */
  g_clear_pointer (&href, g_free);
  g_clear_pointer (&tooltip, g_free);
  show_text (view, "![a <cat> & dog](https://example.com/cat.png)", -1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (top (view, 0))), ==, "a <cat> & dog");
  get_link (top (view, 0), &href, &tooltip);
  g_assert_cmpstr (href, ==, "https://example.com/cat.png");
  g_assert_cmpstr (tooltip, ==, "Image: https://example.com/cat.png");
  g_assert_null (parlance_test_ui_find (view, GTK_TYPE_PICTURE, NULL));
  g_assert_null (parlance_test_ui_find (view, GTK_TYPE_IMAGE, NULL));

  g_assert_true (_parlance_markdown_link_allowed ("https://example.com/"));
  g_assert_true (_parlance_markdown_link_allowed ("http://example.com/"));
  g_assert_true (_parlance_markdown_link_allowed ("mailto:a@example.com"));
  g_assert_false (_parlance_markdown_link_allowed ("file:///etc/passwd"));
  g_assert_false (_parlance_markdown_link_allowed ("javascript:alert(1)"));
  g_assert_false (_parlance_markdown_link_allowed ("relative/page.html"));
  gtk_window_destroy (window);
}

static const char hostile[] = "<b>x</b> & <span foreground=\"red\">y</span> \xff z";
static const char hostile_shown[] = "<b>x</b> & <span foreground=\"red\">y</span> " REPLACEMENT " z";

/* Untrusted text shows as exactly that text, wherever it is. */
static void
test_markdown_view_escaping (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autofree char *code = NULL, *href = NULL, *tooltip = NULL;
  GtkWidget *grid, *link;

  g_string_append_printf (doc, "%s\n\n# %s\n\n| %s |\n|---|\n| %s |\n\n", hostile, hostile, hostile, hostile);
  g_string_append_printf (doc, "- [%s](http://e.com/?a=1&b=<c>&d=\"e\"&f='g')\n\n", hostile);
  g_string_append_printf (doc, "```\n%s\n```\n\n> %s\n", hostile, hostile);
  show_text (view, doc->str, -1);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (top (view, 0))), ==, hostile_shown);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (top (view, 1))), ==, hostile_shown);
  grid = parlance_test_ui_find (top (view, 2), GTK_TYPE_GRID, "md-table");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 0))), ==, hostile_shown);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), 0, 1))), ==, hostile_shown);
  link = parlance_test_ui_find_text (top (view, 3), hostile_shown);
  g_assert_nonnull (link);
  get_link (link, &href, &tooltip);
  g_assert_cmpstr (href, ==, "http://e.com/?a=1&b=<c>&d=\"e\"&f='g'");
  g_assert_cmpstr (tooltip, ==, href);
  code = code_text (top (view, 4));
  g_assert_cmpstr (code, ==, hostile_shown);
  g_assert_nonnull (parlance_test_ui_find_text (top (view, 5), hostile_shown));
  gtk_window_destroy (window);
}

/* While a reply streams, the widgets of settled blocks stay; only the tail's change. */
/* Text reads on screen as it is: no bidirectional override reverses it, no control character
 * shows as a box. */
static void
test_markdown_view_reads_as_is (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *label;

  show_text (view, "# \xe2\x80\xae" "RLO\n\nSee <https://evil.example/\xe2\x80\xae" "gnp.exe> \x1b[5mnow\n", -1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (top (view, 0))), ==, "RLO");
  label = top (view, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "See https://evil.example/gnp.exe \xe2\x90\x9b[5mnow");
  g_assert_null (strstr (gtk_widget_get_tooltip_markup (label) ? gtk_widget_get_tooltip_markup (label) : "", "\xe2\x80\xae"));
  gtk_window_destroy (window);
}

static void
test_markdown_view_streaming (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  g_autoptr(ParlanceMarkdown) whole = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  static const char * const parts[] = {
    "# Streaming\n\nThe first paragraph.\n\n",
    "```c\nint x = 1;\n",
    "int y = 2;\n```\n\nThe second ",
    "paragraph, growing.\n\n- one\n",
    "- two\n- three\n\nLast.",
  };
  g_autoptr(GString) all = g_string_new (NULL);
  guint settled;
  GtkWidget *code;

  parlance_markdown_view_set_document (PARLANCE_MARKDOWN_VIEW (view), doc);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      parlance_markdown_append (doc, parts[p], -1);
      g_string_append (all, parts[p]);
      parlance_markdown_view_queue_update (PARLANCE_MARKDOWN_VIEW (view));
      parlance_test_wait_for (_parlance_markdown_view_get_built (PARLANCE_MARKDOWN_VIEW (view)), 10000);

      /* Whatever was built for settled blocks is the same widget still. */
      for (guint i = 0; i < before->len; i++)
        g_assert_true (top (view, i) == g_ptr_array_index (before, i));
      settled = parlance_markdown_get_n_settled (doc);
      g_ptr_array_set_size (before, 0);
      for (guint i = 0; i < settled; i++)
        g_ptr_array_add (before, top (view, i));
    }
  g_assert_cmpuint (before->len, >=, 3);

  /* The code block was updated in place while it streamed. */
  code = top (view, 2);
  g_assert_true (PARLANCE_IS_CODE_BLOCK (code));
  g_assert_cmpstr (parlance_code_block_get_code (PARLANCE_CODE_BLOCK (code)), ==, "int x = 1;\nint y = 2;");

  parlance_markdown_finish (doc);
  parlance_markdown_view_queue_update (PARLANCE_MARKDOWN_VIEW (view));
  parlance_test_wait_for (_parlance_markdown_view_get_built (PARLANCE_MARKDOWN_VIEW (view)), 10000);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (top (view, i) == g_ptr_array_index (before, i));
  g_assert_nonnull (parlance_test_ui_find_text (_parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view)), "The second paragraph, growing."));
  g_assert_nonnull (parlance_test_ui_find_text (_parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view)), "three"));
  g_assert_nonnull (parlance_test_ui_find_text (_parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view)), "Last."));

  /* Same widgets as the whole text at once. */
  whole = parlance_markdown_new_from_text (all->str, -1);
  g_assert_cmpuint (n_top (view), ==, parlance_markdown_get_n_blocks (whole));
  gtk_window_destroy (window);
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

static void
test_markdown_view_copy (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *code, *button;
  g_autofree char *copied = NULL;

  show_text (view, "Code:\n\n```rs\nfn main() {\n    println!(\"<hi> & bye\");\n}\n```\n", -1);
  code = top (view, 1);
  button = parlance_test_ui_find (code, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy Code");
  g_assert_true (gtk_widget_get_focusable (button));
  /* The language as the fence wrote it. */
  g_assert_nonnull (parlance_test_ui_find (code, GTK_TYPE_LABEL, "rs"));
  g_signal_emit_by_name (button, "clicked");
  copied = clipboard_text (button);
  g_assert_cmpstr (copied, ==, "fn main() {\n    println!(\"<hi> & bye\");\n}");
  gtk_window_destroy (window);
}

/* Tab reaches links and Copy buttons, not every paragraph. */
static void
test_markdown_view_keyboard (void)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *link, *button;

  show_text (view, "Plain words.\n\nA [link](https://example.com/) here.\n\n```\ncode\n```\n\nMore plain words.", -1);
  link = top (view, 1);
  button = parlance_test_ui_find (top (view, 2), GTK_TYPE_BUTTON, NULL);
  g_assert_false (gtk_widget_get_focusable (top (view, 0)));
  g_assert_false (gtk_widget_get_focusable (top (view, 3)));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (top (view, 0))));
  /* Tab stops at the link, the Copy button and the code: not at plain paragraphs. */
  g_assert_true (gtk_widget_get_focusable (link));
  g_assert_true (gtk_widget_grab_focus (link));
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_grab_focus (button));
  /* The code takes the focus, to be read with the caret; its scrolled window is no stop of its own. */
  g_assert_true (gtk_widget_get_focusable (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (top (view, 2)))));
  g_assert_false (gtk_widget_get_focusable (gtk_widget_get_parent (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (top (view, 2))))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy Code");
  gtk_window_destroy (window);
}

/* The focus after one Tab (or Shift+Tab) pressed in @window. */
static GtkWidget *
press_tab (GtkWindow *window,
           gboolean   back)
{
  g_assert_true (parlance_test_ui_send_key (window, GDK_KEY_Tab, back ? GDK_SHIFT_MASK : 0));
  return gtk_window_get_focus (window);
}

/* The widgets Tab (or Shift+Tab) stops at from @from until @to, each once however many Tabs
 * it takes (a label goes from link to link); NULL-terminated. */
static GPtrArray *
tab_stops (GtkWindow *window,
           GtkWidget *from,
           GtkWidget *to,
           gboolean   back)
{
  GPtrArray *stops = g_ptr_array_new ();
  GtkWidget *focus = from;
  guint presses = 0;

  g_assert_true (gtk_widget_grab_focus (from));
  g_ptr_array_add (stops, from);
  while (focus != to && ++presses < 30)
    {
      focus = press_tab (window, back);
      if (focus != g_ptr_array_index (stops, stops->len - 1))
        g_ptr_array_add (stops, focus);
    }
  return stops;
}

static void
assert_stops (GPtrArray  *stops,
              GtkWidget **expected,
              guint       n_expected)
{
  for (guint i = 0; i < stops->len; i++)
    g_test_message ("stop %u: %s %s", i, stops->pdata[i] ? G_OBJECT_TYPE_NAME (stops->pdata[i]) : "none",
                    GTK_IS_LABEL (stops->pdata[i]) ? gtk_label_get_text (stops->pdata[i])
                    : GTK_IS_BUTTON (stops->pdata[i]) && gtk_widget_get_tooltip_text (stops->pdata[i]) ? gtk_widget_get_tooltip_text (stops->pdata[i])
                    : GTK_IS_BUTTON (stops->pdata[i]) && gtk_button_get_label (stops->pdata[i]) ? gtk_button_get_label (stops->pdata[i]) : "");
  g_assert_cmpuint (stops->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_true (stops->pdata[i] == expected[i]);
}

/* Tab and Shift+Tab, pressed in a window, go from a button before the view through its links,
 * the code block's Copy button and its text (readable with the caret; Tab leaves it) and a link
 * in a table, to a button after the view, and back the same way. */
static void
test_markdown_view_tab_order (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = parlance_markdown_view_new ();
  GtkWidget *before = gtk_button_new_with_label ("Before");
  GtkWidget *after = gtk_button_new_with_label ("After");
  GtkWidget *link, *copy, *code, *cell;
  g_autoptr(GPtrArray) forward = NULL;
  g_autoptr(GPtrArray) backward = NULL;

  gtk_window_set_default_size (window, 700, 600);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), after);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  parlance_test_wait_for (gtk_widget_get_mapped (view), 10000);
  show_text (view,
             "Words with [one link](https://a.example/) and [another](https://b.example/).\n\n"
             "```c\nint x = 1;\n```\n\n"
             "| Name | Where |\n|------|-------|\n| a | [cell](https://c.example/) |\n\n"
             "| Plain | Table |\n|---|---|\n| 1 | 2 |\n\n"
             "The end.", -1);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));

  link = top (view, 0);
  copy = parlance_test_ui_find (top (view, 1), GTK_TYPE_BUTTON, NULL);
  code = _parlance_code_block_get_view (PARLANCE_CODE_BLOCK (top (view, 1)));
  cell = parlance_test_ui_find_text (top (view, 2), "cell");
  g_assert_nonnull (cell);
  g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (code)));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (code)));

  forward = tab_stops (window, before, after, FALSE);
  assert_stops (forward, (GtkWidget *[]) { before, link, copy, code, cell, after }, 6);
  backward = tab_stops (window, after, before, TRUE);
  assert_stops (backward, (GtkWidget *[]) { after, cell, code, copy, link, before }, 6);
  gtk_window_destroy (window);
}

static void
test_markdown_view_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *code;

  show_text (view, "```bash\necho hi\n```\n", -1);
  code = top (view, 0);
  /* Highlighted as the language "bash" is an alias of, named as the fence wrote it. */
  {
    GtkWidget *text_view = _parlance_code_block_get_view (PARLANCE_CODE_BLOCK (code));
    GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)));

    parlance_test_wait_for (gtk_source_buffer_get_language (buffer) != NULL, 10000);
    g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "sh");
    g_assert_nonnull (parlance_test_ui_find (code, GTK_TYPE_LABEL, "bash"));
    g_assert_null (parlance_test_ui_find (code, GTK_TYPE_LABEL, "sh"));
  }
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  parlance_test_wait_for (adw_style_manager_get_dark (manager), 10000);
  g_assert_cmpstr (_parlance_code_block_get_scheme (PARLANCE_CODE_BLOCK (code)), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  parlance_test_wait_for (!adw_style_manager_get_dark (manager), 10000);
  g_assert_cmpstr (_parlance_code_block_get_scheme (PARLANCE_CODE_BLOCK (code)), ==, "Adwaita");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (window);
}

/* A search's words are highlighted in text and in code. */
static void
test_markdown_view_highlight (void)
{
  static const char * const terms[] = { "needle", NULL };
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter;

  show_text (view, "A **needle** here.\n\n```\nfind the needle\n```\n", -1);
  parlance_markdown_view_set_highlight (PARLANCE_MARKDOWN_VIEW (view), terms);
  g_assert_nonnull (gtk_label_get_attributes (GTK_LABEL (top (view, 0))));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_parlance_code_block_get_view (PARLANCE_CODE_BLOCK (top (view, 1)))));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "search-match");
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 9);
  g_assert_true (gtk_text_iter_has_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 2);
  g_assert_false (gtk_text_iter_has_tag (&iter, tag));
  parlance_markdown_view_set_highlight (PARLANCE_MARKDOWN_VIEW (view), NULL);
  g_assert_null (gtk_label_get_attributes (GTK_LABEL (top (view, 0))));
  gtk_window_destroy (window);
}

/* A hostile document is shown (cut) in bounded time: generous, but a freeze fails. */
static void
show_hostile (const char         *name,
              GString            *text,
              gboolean            expect_elided,
              const char         *shot_name,
              const char * const *endings)
{
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new_from_text (text->str, (gssize) text->len);
  gint64 parsed = g_get_monotonic_time ();
  gint64 ms;

  parlance_markdown_view_set_document (PARLANCE_MARKDOWN_VIEW (view), doc);
  parlance_test_wait_for (_parlance_markdown_view_get_built (PARLANCE_MARKDOWN_VIEW (view)), 60000);
  g_test_message ("%s: parsed in %" G_GINT64_FORMAT " ms, built in %" G_GINT64_FORMAT " ms", name,
                  (parsed - start) / 1000, (g_get_monotonic_time () - parsed) / 1000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  g_test_message ("%s: drawn at %" G_GINT64_FORMAT " ms", name, (g_get_monotonic_time () - start) / 1000);
  /* Scrolling to the end draws the rest. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_window_get_child (window))), G_MAXINT);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%s: built and drawn in %" G_GINT64_FORMAT " ms", name, ms);
#ifdef __SANITIZE_ADDRESS__
  g_assert_cmpint (ms, <, 120000);  /* AddressSanitizer slows building widgets six times */
#else
  g_assert_cmpint (ms, <, 20000);
#endif
  g_assert_cmpint (parlance_markdown_view_get_elided (PARLANCE_MARKDOWN_VIEW (view)), ==, expect_elided);
  /* What lies past the caps is still shown. */
  for (guint i = 0; endings != NULL && endings[i] != NULL; i++)
    g_assert_nonnull (find_text_ending (_parlance_markdown_view_get_box (PARLANCE_MARKDOWN_VIEW (view)), endings[i]));
  if (shot_name != NULL)
    {
      g_autofree char *shot = parlance_test_ui_screenshot (GTK_WIDGET (window), shot_name);
    }
  gtk_window_destroy (window);
}

static void
test_markdown_view_hostile_code (void)
{
  g_autoptr(GString) text = g_string_new (g_getenv ("NOLANG") ? "```\n" : "```c\n");

  while (text->len < 5 * 1024 * 1024)
    g_string_append (text, "int some_variable_name = 42; /* a line of code */\n");
  g_string_append (text, "```\n");
  show_hostile ("5 MB code block", text, TRUE, "markdown-hostile-code", NULL);
}

static void
test_markdown_view_hostile_line (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n\n```\n");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, 'y');
  g_string_append (text, "\n```\n\n");
  for (guint i = 0; i < 20000; i++)
    g_string_append (text, "word ");
  show_hostile ("100,000-character lines", text, TRUE, NULL, NULL);
}

static void
test_markdown_view_hostile_nesting (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "- ");
  g_string_append (text, "deep\n\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "> ");
  g_string_append (text, "quoted\n");
  show_hostile ("10,000 nested levels", text, FALSE, "markdown-hostile-nesting",
                (const char * const[]) { "deep", "quoted", NULL });
}

static void
test_markdown_view_hostile_table (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; r < 1002; r++)
    {
      for (guint c = 0; c < 1000; c++)
        g_string_append (text, r == 1 ? "|---" : "| cell ");
      g_string_append (text, "|\n");
    }
  /* The table's own note says it is cut; the message's "too long" strip stays away. */
  show_hostile ("1,000 columns, 1,000 rows", text, FALSE, "markdown-hostile-table", NULL);
}

/* A table past 200 rows is cut with a note under it, and only the note says so: the view is
 * not "elided", so the message's "too long" strip stays away. */
static void
test_markdown_view_table_cap (void)
{
  g_autoptr(GString) text = g_string_new ("| n | square |\n|---|---|\n");
  GtkWindow *window;
  GtkWidget *view = show_view (&window);
  GtkWidget *note;

  for (guint r = 0; r < 250; r++)
    g_string_append_printf (text, "| %u | %u |\n", r, r * r);
  show_text (view, text->str, (gssize) text->len);
  note = gtk_widget_get_last_child (top (view, 0));
  g_assert_true (GTK_IS_LABEL (note));
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "200"));
  g_assert_false (parlance_markdown_view_get_elided (PARLANCE_MARKDOWN_VIEW (view)));
  gtk_window_destroy (window);
}

static const char code_heavy[] =
  "Here is how to read a file **line by line** in three languages, with `std::getline`, "
  "Python's file iterator and Rust's `BufRead::lines`.\n"
  "\n"
  "## C++\n"
  "\n"
  "```cpp\n"
  "#include <fstream>\n"
  "#include <iostream>\n"
  "#include <string>\n"
  "\n"
  "int main() {\n"
  "    std::ifstream in(\"notes.txt\");\n"
  "    std::string line;\n"
  "    while (std::getline(in, line))\n"
  "        std::cout << line << '\\n';  // print each line\n"
  "}\n"
  "```\n"
  "\n"
  "## Python\n"
  "\n"
  "```python\n"
  "with open(\"notes.txt\", encoding=\"utf-8\") as f:\n"
  "    for line in f:\n"
  "        print(line.rstrip())\n"
  "```\n"
  "\n"
  "> **Note:** both read lazily, so memory stays flat however long the file is.\n"
  "\n"
  "| Language | Function | Ends with newline |\n"
  "|----------|----------|:-----------------:|\n"
  "| C++      | `getline` | no |\n"
  "| Python   | iterator | yes |\n"
  "\n"
  "1. Open the file.\n"
  "2. Read a line at a time:\n"
  "   - strip the newline\n"
  "   - [x] print it\n"
  "3. Close it (done for you by `with`).\n";

/* Screenshots of a code-heavy reply with its reasoning open, light and dark. */
static void
test_markdown_view_screenshots (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *row = parlance_message_row_new ();
  GtkWidget *expander;
  g_autofree char *light = NULL, *dark = NULL;

  gtk_window_set_default_size (window, 760, 1000);
  gtk_widget_add_css_class (scroller, "conversation");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), row);
  gtk_widget_set_margin_start (row, 18);
  gtk_widget_set_margin_end (row, 18);
  gtk_widget_set_margin_top (row, 12);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  parlance_message_set_model (message, "example/model");
  parlance_message_set_status (message, PARLANCE_MESSAGE_STREAMING, NULL);
  parlance_message_row_set_message (PARLANCE_MESSAGE_ROW (row), message);
  parlance_message_append_reasoning (message, "The user wants to read a file **line by line**. "
                                     "I should show `std::getline` for C++ and the file iterator for Python.");
  expander = parlance_test_ui_find (row, GTK_TYPE_EXPANDER, NULL);
  parlance_test_wait_for (gtk_widget_get_visible (expander) && gtk_expander_get_expanded (GTK_EXPANDER (expander)), 10000);
  parlance_message_append_content (message, code_heavy);
  parlance_message_set_status (message, PARLANCE_MESSAGE_COMPLETE, NULL);
  parlance_test_wait_for (!gtk_expander_get_expanded (GTK_EXPANDER (expander)), 10000);
  /* Opened again by hand, to see it. */
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  parlance_test_wait_for (parlance_test_ui_find_text (row, "Close it (done for you by with).") != NULL, 10000);

  parlance_test_wait_for (code_blocks_highlighted (row), 10000);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  parlance_test_wait_for (code_blocks_fit (row), 10000);
  light = parlance_test_ui_screenshot (GTK_WIDGET (window), "markdown-code-light");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window));
  parlance_test_wait_for (code_blocks_fit (row), 10000);
  dark = parlance_test_ui_screenshot (GTK_WIDGET (window), "markdown-code-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (g_file_test (light, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (dark, G_FILE_TEST_EXISTS));
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();
  gtk_source_init ();
  /* The application's styles, as AdwApplication loads them. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/parlance/markdown-view/constructs", test_markdown_view_constructs);
  g_test_add_func ("/parlance/markdown-view/escaping", test_markdown_view_escaping);
  g_test_add_func ("/parlance/markdown-view/link-tooltip", test_markdown_view_link_tooltip);
  g_test_add_func ("/parlance/markdown-view/reads-as-is", test_markdown_view_reads_as_is);
  g_test_add_func ("/parlance/markdown-view/streaming", test_markdown_view_streaming);
  g_test_add_func ("/parlance/markdown-view/copy", test_markdown_view_copy);
  g_test_add_func ("/parlance/markdown-view/dark", test_markdown_view_dark);
  g_test_add_func ("/parlance/markdown-view/keyboard", test_markdown_view_keyboard);
  g_test_add_func ("/parlance/markdown-view/tab-order", test_markdown_view_tab_order);
  g_test_add_func ("/parlance/markdown-view/highlight", test_markdown_view_highlight);
  g_test_add_func ("/parlance/markdown-view/hostile/code", test_markdown_view_hostile_code);
  g_test_add_func ("/parlance/markdown-view/hostile/line", test_markdown_view_hostile_line);
  g_test_add_func ("/parlance/markdown-view/hostile/nesting", test_markdown_view_hostile_nesting);
  g_test_add_func ("/parlance/markdown-view/hostile/table", test_markdown_view_hostile_table);
  g_test_add_func ("/parlance/markdown-view/table-cap", test_markdown_view_table_cap);
  g_test_add_func ("/parlance/markdown-view/screenshots", test_markdown_view_screenshots);

  return g_test_run ();
}
