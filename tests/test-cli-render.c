/* test-cli-render.c — parlance-cli's Markdown for the terminal: golden outputs, streaming,
 * hostile text and caps.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every tests/fixtures/markdown-terminal/NAME.md is rendered at 80 and 40 columns (as on a
 * terminal: long code lines cut) and compared with NAME.80.txt and NAME.40.txt, the exact bytes
 * (`less -R NAME.80.txt` shows them). `test-cli-render --update` writes the goldens again: look
 * at them before committing.
 */

#include "config.h"

#include <string.h>

#include "parlance-cli-render-private.h"
#include "parlance-test-utils.h"

static gboolean update;
static const guint widths[] = { 80, 40 };

static char *
fixtures_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "markdown-terminal", NULL);
}

/* The length of one of our SGR sequences at @p (ESC [ 0 (; n)* m), or 0. */
static gsize
our_sgr_length (const char *p)
{
  const char *q = p;

  if (strncmp (q, "\033[0", 3) != 0)
    return 0;
  q += 3;
  while (*q == ';' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (g_ascii_isdigit (*q))
        q++;
    }
  return *q == 'm' ? (gsize) (q + 1 - p) : 0;
}

/* Only our own SGR sequences, and no C0 or C1 control but newline. */
static void
assert_only_our_sequences (const char *out,
                           gsize       length)
{
  g_assert_true (g_utf8_validate (out, (gssize) length, NULL));
  for (const char *p = out; p < out + length;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\033')
        {
          gsize n = our_sgr_length (p);

          if (n == 0)
            g_error ("a sequence that is not ours at byte %zu: %.20s", (gsize) (p - out), p + 1);
          p += n;
          continue;
        }
      if (c != '\n' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)))
        g_error ("control character U+%04X at byte %zu", c, (gsize) (p - out));
      p = g_utf8_next_char (p);
    }
}

/* No line wider than @width, but code lines kept whole when not cut. */
static void
assert_width (const char *out,
              guint       width)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (_parlance_cli_render_line_width (lines[i]) > width)
      g_error ("line %u is %u columns wide, more than %u: %s", i,
               _parlance_cli_render_line_width (lines[i]), width, lines[i]);
}

/* The same text appended in pieces of @step bytes (0: random sizes) gives the same bytes. */
static char *
render_in_pieces (const char *text,
                  gsize       length,
                  guint       width,
                  gsize       step,
                  GRand      *rand)
{
  g_autoptr(CliRender) render = _parlance_cli_render_new (width, TRUE, 0);
  GString *out = g_string_new (NULL);

  for (gsize p = 0; p < length;)
    {
      gsize n = step > 0 ? step : (gsize) g_rand_int_range (rand, 1, 64);

      n = MIN (n, length - p);
      _parlance_cli_render_append (render, text + p, n, out);
      p += n;
    }
  _parlance_cli_render_finish (render, out);
  return g_string_free (out, FALSE);
}

static void
check_golden (const char *dir,
              const char *name,
              const char *text,
              gsize       length,
              guint       width)
{
  g_autofree char *base = g_strndup (name, strlen (name) - 3);
  g_autofree char *golden_name = g_strdup_printf ("%s.%u.txt", base, width);
  g_autofree char *golden_path = g_build_filename (dir, golden_name, NULL);
  g_autofree char *out = _parlance_cli_render_text (text, length, width, TRUE, 0);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (width);

  assert_only_our_sequences (out, strlen (out));
  assert_width (out, width);

  if (update)
    {
      g_file_set_contents (golden_path, out, -1, &error);
      g_assert_no_error (error);
      g_test_message ("wrote %s", golden_path);
    }
  else
    {
      g_file_get_contents (golden_path, &expected, NULL, &error);
      g_assert_no_error (error);
      if (g_strcmp0 (out, expected) != 0)
        g_error ("%s differs from its rendering; got:\n%s", golden_name, out);
    }

  /* Streamed: byte by byte, line by line and in random pieces, the same bytes. */
  {
    g_autofree char *by_byte = render_in_pieces (text, length, width, 1, rand);
    g_autofree char *by_random = render_in_pieces (text, length, width, 0, rand);
    g_autoptr(CliRender) render = _parlance_cli_render_new (width, TRUE, 0);
    g_autoptr(GString) by_line = g_string_new (NULL);

    g_assert_cmpstr (by_byte, ==, out);
    g_assert_cmpstr (by_random, ==, out);
    for (const char *p = text; p < text + length;)
      {
        const char *nl = memchr (p, '\n', text + length - p);
        const char *end = nl != NULL ? nl + 1 : text + length;

        _parlance_cli_render_append (render, p, end - p, by_line);
        p = end;
      }
    _parlance_cli_render_finish (render, by_line);
    g_assert_cmpstr (by_line->str, ==, out);
  }
}

static void
test_golden (void)
{
  g_autofree char *dir = fixtures_dir ();
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, >=, 9);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *text = NULL;
      gsize length;

      g_file_get_contents (path, &text, &length, &error);
      g_assert_no_error (error);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        check_golden (dir, g_ptr_array_index (names, i), text, length, widths[w]);
    }
}

/* What a terminal shows of a document: our styles taken out. */
static char *
dup_plain (const char *rendered)
{
  g_autoptr(GRegex) sgr = g_regex_new ("\033\\[0(;[0-9]+)*m", 0, 0, NULL);

  return g_regex_replace_literal (sgr, rendered, -1, 0, "", 0, NULL);
}

static char *
render_plain (const char *markdown,
              guint       width,
              gboolean    cut_code)
{
  g_autofree char *out = _parlance_cli_render_text (markdown, strlen (markdown), width, cut_code, 0);

  assert_only_our_sequences (out, strlen (out));
  return dup_plain (out);
}

static void
test_constructs (void)
{
  g_autofree char *out = NULL;
  g_autofree char *styled = NULL;

  /* Styles are SGR codes of ours. */
  styled = _parlance_cli_render_text ("**b** *i* ~~s~~ `c`", strlen ("**b** *i* ~~s~~ `c`"), 80, TRUE, 0);
  g_assert_cmpstr (styled, ==, "\033[0;1mb\033[0m \033[0;3mi\033[0m \033[0;9ms\033[0m \033[0;36mc\033[0m\n");

  /* Links show their address after their text; autolinks once; images are links, never fetched. */
  out = render_plain ("[text](https://a.example/x) <https://b.example> ![alt](https://c.example/i.png)", 200, TRUE);
  g_assert_cmpstr (out, ==, "text (https://a.example/x) https://b.example [image: alt] (https://c.example/i.png)\n");
  g_clear_pointer (&out, g_free);

  /* Bullets by depth, numbers aligned, task boxes. */
  out = render_plain ("- a\n  - b\n    - c\n      - d\n", 80, TRUE);
  g_assert_cmpstr (out, ==, "• a\n  ◦ b\n    ▪ c\n      • d\n");
  g_clear_pointer (&out, g_free);
  out = render_plain ("9. a\n10. b\n", 80, TRUE);
  g_assert_cmpstr (out, ==, " 9. a\n10. b\n");
  g_clear_pointer (&out, g_free);
  out = render_plain ("- [ ] a\n- [x] b\n", 80, TRUE);
  g_assert_cmpstr (out, ==, "[ ] a\n[x] b\n");
  g_clear_pointer (&out, g_free);

  /* Blocks apart by a blank line; quotes with a bar; a rule across the width. */
  out = render_plain ("# T\n\n> q\n\n---\n", 20, TRUE);
  g_assert_cmpstr (out, ==, "T\n═\n\n│ q\n\n────────────────────\n");
  g_clear_pointer (&out, g_free);

  /* Wrapping counts columns: wide characters two, combining marks none. */
  out = render_plain ("日本語日本語日本語日本語 e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
                      "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81 xxxxxxxxxxxxxxxxxxxx", 20, TRUE);
  g_assert_cmpstr (out, ==, "日本語日本語日本語日\n本語 e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
                   "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\nxxxxxxxxxxxxxxxxxxxx\n");
  g_clear_pointer (&out, g_free);
}

static void
test_code_cut (void)
{
  const char *doc = "```\n0123456789012345678901234567890123456789\n\tx\n```\n";
  g_autofree char *terminal = render_plain (doc, 20, TRUE);
  g_autofree char *pipe = render_plain (doc, 20, FALSE);

  /* On a terminal: cut with an ellipsis at the width, and the rule says how to see it whole. */
  g_assert_cmpstr (terminal, ==,
                   "────────────────────\n"
                   "  01234567890123456…\n"
                   "      x\n"
                   "────────────────────\n"
                   "(lines cut: --raw\n"
                   "shows them whole)\n");
  /* Into a pipe (--render): kept whole. */
  g_assert_cmpstr (pipe, ==,
                   "────────────────────\n"
                   "  0123456789012345678901234567890123456789\n"
                   "      x\n"
                   "────────────────────\n");
}

/* Escape sequences of the model's in every kind of block never reach the output. */
static void
test_hostile (void)
{
  const char *docs[] = {
    "Text \033]0;title\007 and \033[2J clear \033]52;c;cGFzdGU=\033\\ clip \x9b" "31m c1\n",
    "# Head \033[31mred\n",
    "[link \033[5m](https://evil.example/\033]8;;x\033\\) <https://e.example/\033[2J>\n",
    "![img \033[1m](javascript:\033[2J)\n",
    "```\033[31mlang\ncode \033]0;t\007 \033[2J\n```\n",
    "| a \033[2J | b |\n|---|---|\n| \033]0;t\007 | \x1b[6n |\n",
    "> quote \033P+q\033\\ dcs\n- item \033_apc\033\\\n",
    "<div>\033[2J</div>\n\n`code \033[31m`\n",
    "\xe2\x80\xae reversed \x07 bell \x7f del \r\n cr \x01 soh \xff invalid\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autofree char *out = _parlance_cli_render_text (docs[i], strlen (docs[i]), widths[w], w == 0, 0);
        g_autofree char *dim = _parlance_cli_render_text (docs[i], strlen (docs[i]), widths[w], TRUE, CLI_STYLE_DIM);

        assert_only_our_sequences (out, strlen (out));
        assert_only_our_sequences (dim, strlen (dim));
        g_assert_null (strstr (out, "\xe2\x80\xae"));
      }
}

/* The caps of the issue: each renders in bounded time, within the width where it has one. */
static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* @word appears @n times in the output: no text lost (0: not checked). */
static void
check_bounded (const char *name,
               const char *text,
               gsize       length,
               gboolean    check_width,
               const char *word,
               guint       n)
{
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *out = _parlance_cli_render_text (text, length, widths[w], TRUE, 0);
      gint64 elapsed = g_get_monotonic_time () - start;
      gsize out_len = strlen (out);

      g_test_message ("%s at %u columns: %zu bytes in, %zu out, %" G_GINT64_FORMAT " ms",
                      name, widths[w], length, out_len, elapsed / 1000);
      assert_only_our_sequences (out, out_len);
      if (check_width)
        assert_width (out, widths[w]);
      /* Generous for slow machines and sanitizers: quadratic work would take minutes. */
      g_assert_cmpint (elapsed, <, 20 * G_USEC_PER_SEC);
      g_assert_cmpuint (out_len, <, 8 * length + 4096);
      if (word != NULL)
        g_assert_cmpuint (count (out, word), ==, n);
    }
}

static void
test_caps (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);

  /* A line of 100,000 characters, words and one long word, with escapes in it. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, i % 7 == 0 ? "wörd\033[2J " : "日本 ");
  for (guint i = 0; i < 40000; i++)
    g_string_append_c (doc, 'x');
  check_bounded ("100,000-character line", doc->str, doc->len, TRUE, "wörd", 1429);

  /* 10,000 nested list levels */
  g_string_truncate (doc, 0);
  for (guint i = 0; i < 10000; i++)
    {
      for (guint j = 0; j < MIN (i, 200u); j++)
        g_string_append (doc, "  ");
      g_string_append (doc, "- level\n");
    }
  check_bounded ("10,000 nested list items", doc->str, doc->len, TRUE, "level", 10000);
  g_string_truncate (doc, 0);
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "- ");
  g_string_append (doc, "deep\n\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "> ");
  g_string_append (doc, "deep\n");
  check_bounded ("10,000 nested levels on one line", doc->str, doc->len, TRUE, "deep", 2);

  /* 1,000 columns */
  g_string_truncate (doc, 0);
  for (guint row = 0; row < 3; row++)
    {
      for (guint c = 0; c < 1000; c++)
        if (row == 1)
          g_string_append (doc, "| --- ");
        else
          g_string_append_printf (doc, "| c%u ", c);
      g_string_append (doc, "|\n");
    }
  check_bounded ("1,000 columns", doc->str, doc->len, TRUE, "not shown", 1);

  /* 5 MB of code, in lines and on one line */
  g_string_truncate (doc, 0);
  g_string_append (doc, "```c\n");
  while (doc->len < 5 * 1024 * 1024)
    g_string_append (doc, "int x = 1; /* \033[2J */ int y = 2; int z = 3; return x + y + z; /* more */\n");
  g_string_append (doc, "```\n");
  check_bounded ("5 MB code block", doc->str, doc->len, TRUE, NULL, 0);
  g_string_truncate (doc, 0);
  g_string_append (doc, "```\n");
  while (doc->len < 5 * 1024 * 1024)
    g_string_append (doc, "one_line_of_code(); ");
  g_string_append (doc, "\n```\n");
  check_bounded ("5 MB line of code", doc->str, doc->len, TRUE, NULL, 0);
}

static void
test_width (void)
{
  g_setenv ("COLUMNS", "57", TRUE);
  g_assert_cmpuint (_parlance_cli_render_get_width (-1), ==, 57);
  g_setenv ("COLUMNS", "5", TRUE);
  g_assert_cmpuint (_parlance_cli_render_get_width (-1), ==, CLI_RENDER_MIN_WIDTH);
  g_setenv ("COLUMNS", "nonsense", TRUE);
  g_assert_cmpuint (_parlance_cli_render_get_width (-1), ==, 80);
  g_unsetenv ("COLUMNS");
  g_assert_cmpuint (_parlance_cli_render_get_width (-1), ==, 80);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--update"))
      {
        update = TRUE;
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }

  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/cli-render/golden", test_golden);
  g_test_add_func ("/parlance/cli-render/constructs", test_constructs);
  g_test_add_func ("/parlance/cli-render/code-cut", test_code_cut);
  g_test_add_func ("/parlance/cli-render/hostile", test_hostile);
  g_test_add_func ("/parlance/cli-render/caps", test_caps);
  g_test_add_func ("/parlance/cli-render/width", test_width);

  return g_test_run ();
}
