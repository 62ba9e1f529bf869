/* test-markdown.c — the Markdown document: every construct and attribute, caps, hostile text.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-markdown.h"
#include "parlance-test-markdown.h"

/* The dump of @markdown parsed whole, finished; also checks that it splits the same way. */
static void
assert_blocks (const char *markdown,
               const char *expected)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new_from_text (markdown, -1);
  g_autofree char *dump = ptm_dump (doc);
  g_autofree char *problem = ptm_check_invariants (doc);
  g_autofree char *split = ptm_check_splits (markdown, strlen (markdown), 7);

  g_assert_cmpstr (problem, ==, NULL);
  g_assert_cmpstr (dump, ==, expected);
  g_assert_cmpstr (split, ==, NULL);
}

static void
test_inline (void)
{
  assert_blocks ("Hello **bold** and *em* ~~del~~ `code` [link](http://x.org \"t\") ![img](a.png)\n",
                 "PARAGRAPH\n"
                 "  span 0-6 \"Hello \"\n"
                 "  span 6-10 strong \"bold\"\n"
                 "  span 10-15 \" and \"\n"
                 "  span 15-17 emph \"em\"\n"
                 "  span 17-18 \" \"\n"
                 "  span 18-21 strike \"del\"\n"
                 "  span 21-22 \" \"\n"
                 "  span 22-26 code \"code\"\n"
                 "  span 26-27 \" \"\n"
                 "  span 27-31 link href=\"http://x.org\" \"link\"\n"
                 "  span 31-32 \" \"\n"
                 "  span 32-35 image href=\"a.png\" \"img\"\n");
  /* Nested styles, a link with styled text, an image in a link. */
  assert_blocks ("***both*** [**b** c](/u) [![alt](i.png)](/l)",
                 "PARAGRAPH\n"
                 "  span 0-4 strong emph \"both\"\n"
                 "  span 4-5 \" \"\n"
                 "  span 5-6 strong link href=\"/u\" \"b\"\n"
                 "  span 6-8 link href=\"/u\" \" c\"\n"
                 "  span 8-9 \" \"\n"
                 "  span 9-12 link image href=\"i.png\" \"alt\"\n");
}

static void
test_breaks_entities_autolinks (void)
{
  assert_blocks ("soft\nbreak  \nhard\\\nagain &amp; &copy; &#65; &#x1F600; &bogus; &#0;",
                 "PARAGRAPH\n"
                 "  span 0-45 \"soft break\\nhard\\nagain & © A 😀 &bogus; �\"\n");
  assert_blocks ("see www.example.com, <https://a.b/c> and me@example.org",
                 "PARAGRAPH\n"
                 "  span 0-4 \"see \"\n"
                 "  span 4-19 link href=\"http://www.example.com\" \"www.example.com\"\n"
                 "  span 19-21 \", \"\n"
                 "  span 21-34 link href=\"https://a.b/c\" \"https://a.b/c\"\n"
                 "  span 34-39 \" and \"\n"
                 "  span 39-53 link href=\"mailto:me@example.org\" \"me@example.org\"\n");
  /* Brackets: balanced ones belong to the link, a closing one left over does not; trailing
   * punctuation and entity-like text neither (";" alone is no punctuation to GFM). Not in code,
   * nor inside a link. */
  assert_blocks ("{www.a.com} (https://a.b/c_(d)). www.a.b/x?y=[1]]; http://a.b&amp;x; "
                 "`www.code.com` [www.text.com](/t) ftp://f.org/a_b_",
                 "PARAGRAPH\n"
                 "  span 0-1 \"{\"\n"
                 "  span 1-10 link href=\"http://www.a.com\" \"www.a.com\"\n"
                 "  span 10-13 \"} (\"\n"
                 "  span 13-30 link href=\"https://a.b/c_(d)\" \"https://a.b/c_(d)\"\n"
                 "  span 30-33 \"). \"\n"
                 "  span 33-50 link href=\"http://www.a.b/x?y=[1]];\" \"www.a.b/x?y=[1]];\"\n"
                 "  span 50-51 \" \"\n"
                 "  span 51-61 link href=\"http://a.b\" \"http://a.b\"\n"
                 "  span 61-65 \"&x; \"\n"
                 "  span 65-77 code \"www.code.com\"\n"
                 "  span 77-78 \" \"\n"
                 "  span 78-90 link href=\"/t\" \"www.text.com\"\n"
                 "  span 90-91 \" \"\n"
                 "  span 91-106 link href=\"ftp://f.org/a_b\" \"ftp://f.org/a_b\"\n"
                 "  span 106-107 \"_\"\n");
}

static void
test_headings (void)
{
  assert_blocks ("# One\n## Two ##\n###### Six\nSetext\n===\nTwo\n---\n",
                 "HEADING level=1\n  span 0-3 \"One\"\n"
                 "HEADING level=2\n  span 0-3 \"Two\"\n"
                 "HEADING level=6\n  span 0-3 \"Six\"\n"
                 "HEADING level=1\n  span 0-6 \"Setext\"\n"
                 "HEADING level=2\n  span 0-3 \"Two\"\n");
}

static void
test_code (void)
{
  assert_blocks ("```c++ extra words\nint x;\n\n  y\n```\n\n~~~\n~~~\n\n    indented\n    more\n",
                 "CODE fenced language=\"c++\" \"int x;\\n\\n  y\"\n"
                 "CODE fenced \"\"\n"
                 "CODE indented \"indented\\nmore\"\n");
  /* Escapes and entities in the info string; an unclosed fence runs to the end. */
  assert_blocks ("```py\\!&amp;\nx\n",
                 "CODE fenced language=\"py!&\" \"x\"\n");
}

static void
test_lists (void)
{
  assert_blocks ("- a\n- b\n  - c\n\n    d\n\n3. x\n4) y\n\n* [ ] open\n* [x] done\n* [X] also\n",
                 "LIST bullet tight start=0\n"
                 "  LIST_ITEM\n"
                 "    PARAGRAPH\n      span 0-1 \"a\"\n"
                 "  LIST_ITEM\n"
                 "    PARAGRAPH\n      span 0-1 \"b\"\n"
                 "    LIST bullet loose start=0\n"
                 "      LIST_ITEM\n"
                 "        PARAGRAPH\n          span 0-1 \"c\"\n"
                 "        PARAGRAPH\n          span 0-1 \"d\"\n"
                 "LIST ordered tight start=3\n"
                 "  LIST_ITEM\n    PARAGRAPH\n      span 0-1 \"x\"\n"
                 "LIST ordered tight start=4\n"
                 "  LIST_ITEM\n    PARAGRAPH\n      span 0-1 \"y\"\n"
                 "LIST bullet tight start=0\n"
                 "  LIST_ITEM [ ]\n    PARAGRAPH\n      span 0-4 \"open\"\n"
                 "  LIST_ITEM [x]\n    PARAGRAPH\n      span 0-4 \"done\"\n"
                 "  LIST_ITEM [x]\n    PARAGRAPH\n      span 0-4 \"also\"\n");
}

static void
test_quote_rule_table (void)
{
  assert_blocks ("> quoted\nlazy\n> > deeper\n\n***\n\n| a | *b* | c |\n|:--|:-:|--:|\n| 1 | 2 |\n",
                 "QUOTE\n"
                 "  PARAGRAPH\n    span 0-11 \"quoted lazy\"\n"
                 "  QUOTE\n"
                 "    PARAGRAPH\n      span 0-6 \"deeper\"\n"
                 "RULE\n"
                 "TABLE columns=3\n"
                 "  TABLE_ROW\n"
                 "    TABLE_CELL align=left\n      span 0-1 \"a\"\n"
                 "    TABLE_CELL align=center\n      span 0-1 emph \"b\"\n"
                 "    TABLE_CELL align=right\n      span 0-1 \"c\"\n"
                 "  TABLE_ROW\n"
                 "    TABLE_CELL align=left\n      span 0-1 \"1\"\n"
                 "    TABLE_CELL align=center\n      span 0-1 \"2\"\n"
                 "    TABLE_CELL align=right\n");
}

/* Raw HTML is text: a block reads as a paragraph with its tags kept, inline tags are spans. */
static void
test_html_is_text (void)
{
  assert_blocks ("<div>\n<script>alert(1)</script>\n</div>\n\n<!-- c -->",
                 "PARAGRAPH\n"
                 "  span 0-5 html \"<div>\"\n"
                 "  span 5-6 \" \"\n"
                 "  span 6-14 html \"<script>\"\n"
                 "  span 14-22 \"alert(1)\"\n"
                 "  span 22-31 html \"</script>\"\n"
                 "  span 31-32 \" \"\n"
                 "  span 32-38 html \"</div>\"\n"
                 "PARAGRAPH\n"
                 "  span 0-10 html \"<!-- c -->\"\n");
}

/* Equality looks at kind, text, spans, attributes and children, not at whether a block is open. */
static void
test_equal (void)
{
  static const char *texts[] = {
    "para *a*", "para *b*", "para **a**", "para [a](/x)", "para [a](/y)", "# para *a*",
    "## para *a*", "- x", "1. x", "2. x", "- x\n\n- y", "- [ ] x", "- [x] x", "```c\nx\n```",
    "```d\nx\n```", "    x", "> x", "|a|\n|---|\n|b|", "|a|\n|:--|\n|b|", "---", NULL,
  };

  for (guint i = 0; texts[i] != NULL; i++)
    for (guint j = 0; texts[j] != NULL; j++)
      {
        g_autoptr(ParlanceMarkdown) a = parlance_markdown_new_from_text (texts[i], -1);
        g_autoptr(ParlanceMarkdown) b = parlance_markdown_new ();
        const ParlanceMarkdownBlock *block_a = parlance_markdown_get_block (a, 0);
        const ParlanceMarkdownBlock *block_b;

        /* b's block is still open. */
        parlance_markdown_append (b, texts[j], -1);
        block_b = parlance_markdown_get_block (b, 0);
        g_assert_true (parlance_markdown_block_get_open (block_b));
        g_assert_cmpint (parlance_markdown_block_equal (block_a, block_b), ==, i == j);
      }
}

/* Wall-clock bound, generous (sanitizers, a busy machine): only a super-linear cost fails it. */
#define CAP_SECONDS 20

static gdouble
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;
}

/* Appends @text in pieces of @piece bytes, looking at the blocks every @look appends (a view
 * looks once a frame), then finishes. */
static ParlanceMarkdown *
stream (const GString *text,
        gsize          piece,
        guint          look)
{
  ParlanceMarkdown *doc = parlance_markdown_new ();
  guint n = 0;

  for (gsize at = 0; at < text->len; at += piece)
    {
      parlance_markdown_append (doc, text->str + at, MIN (piece, text->len - at));
      if (++n % look == 0)
        g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), >, 0);
    }
  parlance_markdown_finish (doc);
  return doc;
}

static guint
tree_depth (const ParlanceMarkdownBlock *block)
{
  guint depth = 0;

  for (guint i = 0; i < parlance_markdown_block_get_n_children (block); i++)
    depth = MAX (depth, tree_depth (parlance_markdown_block_get_child (block, i)));
  return depth + 1;
}

static const ParlanceMarkdownBlock *
deepest (const ParlanceMarkdownBlock *block)
{
  while (parlance_markdown_block_get_n_children (block) > 0)
    block = parlance_markdown_block_get_child (block, parlance_markdown_block_get_n_children (block) - 1);
  return block;
}

/* 10,000 nested lists on one line, and nested quotes: flattened at the cap, the text kept. */
static void
test_cap_nesting (void)
{
  g_autoptr(GString) lists = g_string_new (NULL);
  g_autoptr(GString) quotes = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 10000; i++)
    g_string_append (lists, i % 2 ? "1. " : "- ");
  g_string_append (lists, "**deep** text\n  lazy\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append (quotes, "> ");
  g_string_append (quotes, "quoted\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append (quotes, "lazy line\n");

  for (guint k = 0; k < 2; k++)
    {
      GString *text = k == 0 ? lists : quotes;
      g_autoptr(ParlanceMarkdown) doc = stream (text, 7, 64);
      g_autoptr(ParlanceMarkdown) whole = parlance_markdown_new_from_text (text->str, text->len);
      const ParlanceMarkdownBlock *block = parlance_markdown_get_block (doc, 0);
      const ParlanceMarkdownBlock *sink = deepest (block);
      g_autofree char *problem = ptm_check_invariants (doc);
      g_autofree char *difference = ptm_compare (doc, whole);

      g_assert_cmpstr (problem, ==, NULL);
      g_assert_cmpstr (difference, ==, NULL);
      g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 1);
      g_assert_cmpuint (tree_depth (block), ==, PARLANCE_MARKDOWN_MAX_DEPTH);
      g_assert_cmpint (parlance_markdown_block_get_kind (sink), ==, PARLANCE_MARKDOWN_PARAGRAPH);
      g_assert_true (parlance_markdown_block_get_elided (sink));
      g_assert_cmpstr (parlance_markdown_block_get_text (sink, NULL), ==,
                       k == 0 ? "deep text lazy" : g_strrstr (parlance_markdown_block_get_text (sink, NULL), "quoted"));
      if (k == 1)
        g_assert_cmpuint (strlen (parlance_markdown_block_get_text (sink, NULL)), ==, 6 + 10000 * 10);
    }
  g_assert_cmpfloat (seconds_since (start), <, CAP_SECONDS);
}

/* 1,000 columns: 64 kept, the rest in the last cell after " | ". */
static void
test_cap_columns (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ParlanceMarkdown) doc = NULL;
  const ParlanceMarkdownBlock *table, *row, *last;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *missing = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (text, "| h%u ", i);
  g_string_append (text, "|\n");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "|---");
  g_string_append (text, "|\n");
  for (guint r = 0; r < 20; r++)
    {
      for (guint i = 0; i < 1000; i++)
        g_string_append_printf (text, "| r%uc%u ", r, i);
      g_string_append (text, "|\n");
    }
  doc = stream (text, 5, 1024);
  g_assert_cmpfloat (seconds_since (start), <, CAP_SECONDS);
  table = parlance_markdown_get_block (doc, 0);
  g_assert_cmpint (parlance_markdown_block_get_kind (table), ==, PARLANCE_MARKDOWN_TABLE);
  g_assert_cmpuint (parlance_markdown_block_get_n_columns (table), ==, PARLANCE_MARKDOWN_MAX_COLUMNS);
  g_assert_true (parlance_markdown_block_get_elided (table));
  g_assert_cmpuint (parlance_markdown_block_get_n_children (table), ==, 21);
  row = parlance_markdown_block_get_child (table, 1);
  g_assert_cmpuint (parlance_markdown_block_get_n_children (row), ==, PARLANCE_MARKDOWN_MAX_COLUMNS);
  g_assert_true (parlance_markdown_block_get_elided (row));
  last = parlance_markdown_block_get_child (row, PARLANCE_MARKDOWN_MAX_COLUMNS - 1);
  g_assert_true (g_str_has_prefix (parlance_markdown_block_get_text (last, NULL), "r0c63 | r0c64 | r0c65 | "));
  g_assert_true (g_str_has_suffix (parlance_markdown_block_get_text (last, NULL), " | r0c999"));
  missing = ptm_missing_word (doc, text->str);
  g_assert_cmpstr (missing, ==, NULL);
}

/* A 5 MB code block streamed 4 bytes at a time keeps all its text, in linear time. */
static void
test_cap_code (void)
{
  g_autoptr(GString) text = g_string_new ("Before\n```c\n");
  g_autoptr(ParlanceMarkdown) doc = NULL;
  gsize code_length, length;
  gint64 start;

  while (text->len < 5 * 1024 * 1024)
    g_string_append (text, "int main (void) { return *p < 0 && `x`; } /* [a](b) */\n");
  code_length = text->len - strlen ("Before\n```c\n") - 1;
  g_string_append (text, "```\nAfter\n");
  start = g_get_monotonic_time ();
  doc = stream (text, 4, 4096);
  g_assert_cmpfloat (seconds_since (start), <, CAP_SECONDS);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 3);
  parlance_markdown_block_get_text (parlance_markdown_get_block (doc, 1), &length);
  g_assert_cmpuint (length, ==, code_length);
  g_assert_cmpstr (parlance_markdown_block_get_language (parlance_markdown_get_block (doc, 1)), ==, "c");
}

/* A 100,000-character line of almost-links and emphasis: bounded time, all words kept. */
static void
test_cap_long_line (void)
{
  static const char *units[] = { "www.a.b/( ", "http://a.b/(", "*a **b [c](d ", "a@b.c( ", "[x] `y ", NULL };

  for (guint u = 0; units[u] != NULL; u++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(ParlanceMarkdown) doc = NULL;
      g_autofree char *missing = NULL;
      gint64 start = g_get_monotonic_time ();

      while (text->len < 100000)
        g_string_append (text, units[u]);
      doc = stream (text, 4, 1024);
      g_assert_cmpfloat (seconds_since (start), <, CAP_SECONDS);
      missing = ptm_missing_word (doc, text->str);
      g_assert_cmpstr (missing, ==, NULL);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parlance/markdown/inline", test_inline);
  g_test_add_func ("/parlance/markdown/breaks-entities-autolinks", test_breaks_entities_autolinks);
  g_test_add_func ("/parlance/markdown/headings", test_headings);
  g_test_add_func ("/parlance/markdown/code", test_code);
  g_test_add_func ("/parlance/markdown/lists", test_lists);
  g_test_add_func ("/parlance/markdown/quote-rule-table", test_quote_rule_table);
  g_test_add_func ("/parlance/markdown/html-is-text", test_html_is_text);
  g_test_add_func ("/parlance/markdown/equal", test_equal);
  g_test_add_func ("/parlance/markdown/cap/nesting", test_cap_nesting);
  g_test_add_func ("/parlance/markdown/cap/columns", test_cap_columns);
  g_test_add_func ("/parlance/markdown/cap/code", test_cap_code);
  g_test_add_func ("/parlance/markdown/cap/long-line", test_cap_long_line);

  return g_test_run ();
}
