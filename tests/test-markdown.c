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

  return g_test_run ();
}
