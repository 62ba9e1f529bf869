/* test-markdown-stream.c — the Markdown document as a reply streams: settling, equivalence
 * whatever the pieces, and the CommonMark spec's examples.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "parlance-markdown.h"
#include "parlance-test-markdown.h"

static const char *tricky[] = {
  /* Fences opened and closed across appends, with blank lines and fence-like lines inside. */
  "Intro\n```python\ndef f():\n\n    return 1\n``\n~~~\n```\n\nAfter\n",
  "~~~~\n```\nstill code\n~~~\n~~~~\ntext\n",
  "- item\n\n  ```\n  code in item\n\n  more\n  ```\n\nout\n",
  "- item\n\n  ```\n  unclosed in item\n\n```\nreal fence\n\ny\n```\nz\n",
  "> ```\n> quoted code\n\n```\nafter\n```\n",
  "```\nunclosed to the end\n\nstill\n",
  /* Emphasis across appends, unmatched. */
  "Some **bold text** and **unclosed\n\nnext *em* and `code **not bold**`\n",
  /* Half tables, a table after a paragraph, a table cut by a blank line. */
  "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n\nafter\n",
  "para\n| a | b |\n| --- | --- |\n| x | y |\n",
  "| a |\n|---|\n\n| b |\n",
  /* Lists continuing after blank lines, loose and tight, nested, ordered. */
  "- a\n\n- b\n\n  continued\n\n- c\n\nend\n",
  "1. one\n2. two\n\n   para of two\n\n10. ten\n\nout\n",
  "- a\n  - b\n\n    - c\n\n      deep\nlazy\n\nx\n",
  "-\n\n  foo\n\n-\n  bar\n",
  /* Setext headings arriving after the paragraph. */
  "Title\n=====\n\nSub\n---\n\nnot a heading\n\n===\n",
  "para\nmore\n===\n",
  /* Link references stay in their piece. */
  "[x]\n\n[x]: /late\n\n[y]: /early\n[y]\n",
  /* UTF-8 split anywhere; invalid bytes; NUL. */
  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87\n\n# \xc3\xa9t\xc3\xa9\n",
  "bad \xff\xfe \xe2\x82 \xc3 end\n\n```\n\xc0\xaf\n```\n",
  /* Line endings of every kind. */
  "a\r\n\r\nb\rc\r\r```\rcode\r```\r\nd",
  "para\r\nmore\r\n\r\nnext\r\n- item\r\n  continued\r\n",
  /* Block quotes, rules, headings, HTML, indented code. */
  "> a\n> b\n\n> c\nlazy\n\n---\n***\n# h\n<div>\n\n*x*\n</div>\n\n    code\n\n    more\n",
  /* Escaping-relevant text. */
  "<b>&lt;i&gt;</b> <span foreground='red'>x</span> & < > \" ' \\* \\<\n",
  NULL,
};

static void
test_tricky (void)
{
  for (guint i = 0; tricky[i] != NULL; i++)
    {
      g_autofree char *problem = ptm_check_splits (tricky[i], strlen (tricky[i]), i + 1);

      if (problem != NULL)
        g_error ("tricky document %u: %s", i, problem);
    }
}

/* Fed byte by byte, the blocks get_n_final () counts are those of the whole document, as they
 * will be once settled; it only grows. Returns a problem, or NULL. */
static char *
check_final (const char *text,
             gsize       length)
{
  g_autoptr(ParlanceMarkdown) whole = parlance_markdown_new_from_text (text, (gssize) length);
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  guint n_whole = parlance_markdown_get_n_blocks (whole);
  guint checked = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint n_final;

      parlance_markdown_append (doc, text + i, 1);
      n_final = parlance_markdown_get_n_final (doc);
      if (n_final < checked || n_final > parlance_markdown_get_n_blocks (doc) || n_final > n_whole ||
          n_final < parlance_markdown_get_n_settled (doc))
        return g_strdup_printf ("after %zu bytes: %u final blocks of %u (%u before, %u settled)", i + 1,
                                n_final, parlance_markdown_get_n_blocks (doc), checked,
                                parlance_markdown_get_n_settled (doc));
      for (; checked < n_final; checked++)
        if (!parlance_markdown_block_equal (parlance_markdown_get_block (doc, checked),
                                            parlance_markdown_get_block (whole, checked)))
          {
            g_autofree char *got = parlance_markdown_block_dump (parlance_markdown_get_block (doc, checked));
            g_autofree char *want = parlance_markdown_block_dump (parlance_markdown_get_block (whole, checked));

            return g_strdup_printf ("after %zu bytes, block %u is final as\n%s\nbut ends as\n%s",
                                    i + 1, checked, got, want);
          }
    }
  return NULL;
}

/* A block is final (a streaming printer may print it) as soon as it can't change, which is
 * before its piece settles: a paragraph once a blank line follows, a heading once its line
 * ends, anything once the next block began on a whole line; not a text that a later
 * reference definition could still turn into a link. */
static void
test_final (void)
{
  static const struct { const char *text; guint n_final, n_settled; } cases[] = {
    { "A paragraph.\n", 0, 0 },
    { "A paragraph.\n\n", 1, 0 },
    { "A paragraph.\n\nThe next one beg", 1, 0 },
    { "# Title\n", 1, 0 },
    { "# Title\nText", 1, 0 },
    { "Some:\n- one\n", 1, 0 },
    { "Some:\n```\n", 1, 1 },
    { "Some:\n``", 0, 0 },
    { "- one\n\n", 0, 0 },
    { "| a |\n|---|\n| 1 |\n", 0, 0 },
    { "| a |\n|---|\n| 1 |\n\n", 1, 0 },
    { "See [the docs].\n\n", 0, 0 },
    { "Title\n", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();

      parlance_markdown_append (doc, cases[i].text, -1);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, cases[i].n_settled);
      g_assert_cmpuint (parlance_markdown_get_n_final (doc), ==, cases[i].n_final);
    }
  for (guint i = 0; tricky[i] != NULL; i++)
    {
      g_autofree char *problem = check_final (tricky[i], strlen (tricky[i]));

      if (problem != NULL)
        g_error ("tricky document %u: %s", i, problem);
    }
}

/* The same for every example of the CommonMark spec. */
static void
test_final_spec (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "markdown", "spec.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *examples;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  examples = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      const char *markdown = json_object_get_string_member (json_array_get_object_element (examples, i), "markdown");
      g_autofree char *problem = check_final (markdown, strlen (markdown));

      if (problem != NULL)
        g_error ("example %u:\n%s\n%s", i + 1, markdown, problem);
    }
}

/* The blocks of @doc after appending @text, as a dump. */
static char *
after (ParlanceMarkdown *doc,
       const char       *text)
{
  parlance_markdown_append (doc, text, -1);
  return ptm_dump (doc);
}

static void
test_fence_streams (void)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  g_autofree char *d1 = after (doc, "Intro\n``");
  g_autofree char *d2 = after (doc, "`py\nprint(1)\n  x");
  g_autofree char *d3 = after (doc, "\n`");
  g_autofree char *d4 = after (doc, "``");
  g_autofree char *d5 = after (doc, "\n");
  const ParlanceMarkdownBlock *code;

  g_assert_cmpstr (d1, ==, "--- open\nPARAGRAPH open\n  span 0-8 \"Intro ``\"\n");
  /* The fence line settles the paragraph before it; the code shows what there is of it. */
  g_assert_cmpstr (d2, ==, "PARAGRAPH\n  span 0-5 \"Intro\"\n"
                           "--- open\nCODE fenced language=\"py\" open \"print(1)\\n  x\"\n");
  /* What may become the closing fence is not shown. */
  g_assert_cmpstr (d3, ==, "PARAGRAPH\n  span 0-5 \"Intro\"\n"
                           "--- open\nCODE fenced language=\"py\" open \"print(1)\\n  x\"\n");
  g_assert_cmpstr (d4, ==, d3);
  g_assert_cmpstr (d5, ==, "PARAGRAPH\n  span 0-5 \"Intro\"\n"
                           "CODE fenced language=\"py\" \"print(1)\\n  x\"\n");
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 2);
  code = parlance_markdown_get_block (doc, 1);
  g_assert_false (parlance_markdown_block_get_open (code));
}

/* An open code block shows the code it will have once closed: indentation as md4c makes it
 * (tabs expanded, the fence's own removed), any line ending. */
static void
test_fence_open_as_closed (void)
{
  static const char *bodies[] = {
    "```\na\n b\n", "  ```\na\n b\n  c\n   d\n", "```\n\ta\n  \tb\n", " ```\n\ta\n \tb\n",
    "```\na\n\n\n", "```\na\r\nb\r\n", "```\ra\rb\r", "~~~ py\n  x = 1\n\ty\n", NULL,
  };

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
      const ParlanceMarkdownBlock *block;
      g_autofree char *open = NULL;

      parlance_markdown_append (doc, bodies[i], -1);
      block = parlance_markdown_get_block (doc, 0);
      g_assert_true (parlance_markdown_block_get_open (block));
      open = g_strdup (parlance_markdown_block_get_text (block, NULL));
      parlance_markdown_append (doc, bodies[i][0] == '~' ? "~~~\n" : "```\n", -1);
      g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 1);
      g_assert_cmpstr (parlance_markdown_block_get_text (parlance_markdown_get_block (doc, 0), NULL), ==, open);
    }
}

static void
test_settling (void)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  const ParlanceMarkdownBlock *first;
  guint64 serial;

  parlance_markdown_append (doc, "First paragraph\n\n", -1);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 0);
  /* A list item after a blank line might continue a list: nothing settles yet. */
  parlance_markdown_append (doc, "Second\n\n- item\n\n", -1);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 1);
  first = parlance_markdown_get_block (doc, 0);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 3);
  g_assert_true (parlance_markdown_block_get_open (parlance_markdown_get_block (doc, 2)));
  g_assert_false (parlance_markdown_block_get_open (parlance_markdown_get_block (doc, 1)));
  /* Text at column 0 after a blank line ends the list: it settles with the paragraph before. */
  parlance_markdown_append (doc, "- another\n\nText\n", -1);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 3);
  g_assert_true (parlance_markdown_get_block (doc, 0) == first);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 4);

  serial = parlance_markdown_get_serial (doc);
  parlance_markdown_finish (doc);
  g_assert_cmpuint (parlance_markdown_get_serial (doc), !=, serial);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 4);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 4);
  g_assert_true (parlance_markdown_get_block (doc, 0) == first);

  /* A continued reply starts a new tail. */
  parlance_markdown_append (doc, " more", -1);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 4);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 5);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==,
                   "First paragraph\n\nSecond\n\n- item\n\n- another\n\nText\n more");

  parlance_markdown_clear (doc);
  g_assert_cmpuint (parlance_markdown_get_n_blocks (doc), ==, 0);
  g_assert_cmpuint (parlance_markdown_get_n_settled (doc), ==, 0);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==, "");
}

static void
test_setext_late (void)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  g_autofree char *d1 = after (doc, "Title\n");
  g_autofree char *d2 = after (doc, "==");
  g_autofree char *d3 = after (doc, "=\n\nText");

  g_assert_cmpstr (d1, ==, "--- open\nPARAGRAPH open\n  span 0-5 \"Title\"\n");
  g_assert_cmpstr (d2, ==, "--- open\nHEADING level=1 open\n  span 0-5 \"Title\"\n");
  g_assert_cmpstr (d3, ==, "--- open\nHEADING level=1\n  span 0-5 \"Title\"\nPARAGRAPH open\n  span 0-4 \"Text\"\n");
}

static void
test_utf8_split (void)
{
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  gsize length;
  const char *text;

  parlance_markdown_append (doc, "caf\xc3", -1);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==, "caf");
  text = parlance_markdown_block_get_text (parlance_markdown_get_block (doc, 0), &length);
  g_assert_cmpstr (text, ==, "caf");
  parlance_markdown_append (doc, "\xa9 \xe2\x82", -1);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==, "caf\xc3\xa9 ");
  parlance_markdown_append (doc, "\xac", -1);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==, "caf\xc3\xa9 \xe2\x82\xac");
  /* Unfinished at the end: U+FFFD for each byte. */
  parlance_markdown_append (doc, " \xf0\x9f", -1);
  parlance_markdown_finish (doc);
  g_assert_cmpstr (parlance_markdown_get_text (doc, NULL), ==,
                   "caf\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd\xef\xbf\xbd");
}

/* Invalid UTF-8 and NUL in every kind of block: U+FFFD, and valid text everywhere. */
static void
test_invalid_utf8_everywhere (void)
{
  static const char doc_text[] =
    "# h\xff\n\np\xfe\x00q\n\n```l\xc0\n\xed\xa0\x80\n```\n\n- i\xff\n\n> q\xff\n\n"
    "| c\xff | d |\n|---|---|\n| \xe2\x82 | [l](/\xff) |\n\n    ind\xff\n";
  g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new ();
  g_autofree char *problem = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *split = ptm_check_splits (doc_text, sizeof doc_text - 1, 3);

  parlance_markdown_append (doc, doc_text, sizeof doc_text - 1);
  parlance_markdown_finish (doc);
  problem = ptm_check_invariants (doc);
  g_assert_cmpstr (problem, ==, NULL);
  g_assert_cmpstr (split, ==, NULL);
  dump = ptm_dump (doc);
  g_assert_true (g_utf8_validate (dump, -1, NULL));
  g_assert_nonnull (strstr (dump, "HEADING level=1\n  span 0-4 \"h\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "\"p\xef\xbf\xbd\xef\xbf\xbdq\""));
  g_assert_nonnull (strstr (dump, "language=\"l\xef\xbf\xbd\" \"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "\"i\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "\"q\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "\"c\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "href=\"/\xef\xbf\xbd\""));
  g_assert_nonnull (strstr (dump, "CODE indented \"ind\xef\xbf\xbd\""));
}

/* Markup-like text stays the text it is: nothing is dropped or interpreted. */
static void
test_markup_kept (void)
{
  g_autoptr(ParlanceMarkdown) doc =
    parlance_markdown_new_from_text ("<span foreground=\"red\">x</span> &lt;b&gt; & <\n\n"
                                     "| <i>cell</i> | [<b>l</b>](http://a/?x=1&y=2) |\n|---|---|\n\n"
                                     "```\n<markup>&amp;</markup>\n```\n", -1);
  const ParlanceMarkdownBlock *p = parlance_markdown_get_block (doc, 0);
  const ParlanceMarkdownBlock *table = parlance_markdown_get_block (doc, 1);
  const ParlanceMarkdownBlock *row = parlance_markdown_block_get_child (table, 0);
  const ParlanceMarkdownBlock *code = parlance_markdown_get_block (doc, 2);
  guint n_spans;
  const ParlanceMarkdownSpan *spans;

  g_assert_cmpstr (parlance_markdown_block_get_text (p, NULL), ==,
                   "<span foreground=\"red\">x</span> <b> & <");
  g_assert_cmpstr (parlance_markdown_block_get_text (parlance_markdown_block_get_child (row, 0), NULL), ==,
                   "<i>cell</i>");
  spans = parlance_markdown_block_get_spans (parlance_markdown_block_get_child (row, 1), &n_spans);
  g_assert_cmpuint (n_spans, ==, 3);
  g_assert_cmpstr (spans[1].href, ==, "http://a/?x=1&y=2");
  g_assert_cmpstr (parlance_markdown_block_get_text (code, NULL), ==, "<markup>&amp;</markup>");
}

/* A top-level list longer than the piece limit is cut before one of its items: the same way
 * whatever the pieces, no item lost, the numbers going on. */
static void
test_long_list_cut (void)
{
  g_autoptr(GString) text = g_string_new ("Intro\n\n");
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(ParlanceMarkdown) doc = NULL;
  g_autoptr(ParlanceMarkdown) split = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *missing = NULL;
  guint items = 0, lists = 0, next = 1;

  for (guint i = 1; i <= 3000; i++)
    {
      g_string_append_printf (text, i % 3 ? "%u. item%u\n" : "%u. item%u\n\n   more%u\n\n", i, i, i);
      g_string_append_printf (words, i % 3 ? "item%u " : "item%u more%u ", i, i);
    }
  g_string_append (text, "\nEnd\n");
  doc = parlance_markdown_new_from_text (text->str, text->len);
  for (gsize at = g_rand_int_range (rand, 1, 9); at < text->len; at += g_rand_int_range (rand, 1, 9))
    g_array_append_val (cuts, at);
  split = ptm_parse_cuts (text->str, text->len, &g_array_index (cuts, gsize, 0), cuts->len, FALSE);
  difference = ptm_compare (doc, split);
  g_assert_cmpstr (difference, ==, NULL);

  missing = ptm_missing_word (doc, words->str);
  g_assert_cmpstr (missing, ==, NULL);
  for (guint i = 0; i < parlance_markdown_get_n_blocks (doc); i++)
    {
      const ParlanceMarkdownBlock *block = parlance_markdown_get_block (doc, i);

      if (parlance_markdown_block_get_kind (block) != PARLANCE_MARKDOWN_LIST)
        continue;
      lists++;
      g_assert_cmpuint (parlance_markdown_block_get_start (block), ==, next);
      items += parlance_markdown_block_get_n_children (block);
      next = parlance_markdown_block_get_start (block) + parlance_markdown_block_get_n_children (block);
    }
  g_assert_cmpuint (items, ==, 3000);
  g_assert_cmpuint (lists, >, 1);
}

static gboolean
flags_ours (JsonObject *example)
{
  static const char *const ours[] = {
    "--ftables", "--fstrikethrough", "--ftasklists", "--fpermissive-autolinks",
    "--fpermissive-url-autolinks", "--fpermissive-www-autolinks", "--fpermissive-email-autolinks",
    NULL,
  };
  g_auto(GStrv) flags = NULL;

  if (!json_object_has_member (example, "flags"))
    return TRUE;
  flags = g_strsplit (json_object_get_string_member (example, "flags"), " ", -1);
  for (guint i = 0; flags[i] != NULL; i++)
    if (!g_strv_contains (ours, flags[i]))
      return FALSE;
  return TRUE;
}

/* The spec's examples: no crash, valid blocks, no word of the expected output lost, and the
 * same blocks whatever the pieces. */
static void
test_spec_examples (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "markdown", "spec.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *examples;
  guint n;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  examples = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (examples);
  g_assert_cmpuint (n, >, 700);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *example = json_array_get_object_element (examples, i);
      const char *markdown = json_object_get_string_member (example, "markdown");
      g_autoptr(ParlanceMarkdown) doc = parlance_markdown_new_from_text (markdown, -1);
      g_autofree char *problem = ptm_check_invariants (doc);
      g_autofree char *split = NULL;
      g_autofree char *missing = NULL;
      g_autofree char *words = ptm_html_words (json_object_get_string_member (example, "html"));

      if (problem != NULL)
        g_error ("example %u: %s", i + 1, problem);
      split = ptm_check_splits (markdown, strlen (markdown), i);
      if (split != NULL)
        g_error ("example %u: %s", i + 1, split);
      /* Words are compared with what md4c's HTML renderer made with the flags we use. */
      if (!flags_ours (example))
        continue;
      missing = ptm_missing_word (doc, words);
      if (missing != NULL)
        {
          g_autofree char *dump = ptm_dump (doc);

          g_error ("example %u (%s): \"%s\" lost:\n%s\n%s", i + 1,
                   json_object_get_string_member (example, "section"), missing, markdown, dump);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parlance/markdown-stream/tricky", test_tricky);
  g_test_add_func ("/parlance/markdown-stream/final", test_final);
  g_test_add_func ("/parlance/markdown-stream/final-spec", test_final_spec);
  g_test_add_func ("/parlance/markdown-stream/fence", test_fence_streams);
  g_test_add_func ("/parlance/markdown-stream/fence-open-as-closed", test_fence_open_as_closed);
  g_test_add_func ("/parlance/markdown-stream/settling", test_settling);
  g_test_add_func ("/parlance/markdown-stream/setext-late", test_setext_late);
  g_test_add_func ("/parlance/markdown-stream/utf8-split", test_utf8_split);
  g_test_add_func ("/parlance/markdown-stream/invalid-utf8-everywhere", test_invalid_utf8_everywhere);
  g_test_add_func ("/parlance/markdown-stream/markup-kept", test_markup_kept);
  g_test_add_func ("/parlance/markdown-stream/long-list-cut", test_long_list_cut);
  g_test_add_func ("/parlance/markdown-stream/spec-examples", test_spec_examples);

  return g_test_run ();
}
