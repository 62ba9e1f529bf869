/* parlance-cli-render-inline.c — a paragraph's text for the terminal: styled, filtered, and
 * word-wrapped by display columns.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The spans of a block become one filtered text with a list of style runs. Lines are ranges of
 * that text: broken at spaces (dropped at the break) or at hard breaks, and a word wider than
 * the line is cut between characters. Widths are display columns: a wide (CJK) character takes
 * two, a combining one none and stays with the character before it.
 */

#include "config.h"

#include <string.h>

#include "parlance-cli-render-private.h"
#include "parlance-terminal-filter.h"

typedef struct
{
  gsize start;
  guint style;
} StyleRun;

typedef struct
{
  GString *text;  /* filtered; tabs are spaces */
  GArray  *runs;  /* StyleRun by start; each lasts until the next */
} Inline;

guint
_parlance_cli_render_char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* Columns of a line we made: our SGR sequences take none. */
guint
_parlance_cli_render_line_width (const char *line)
{
  guint width = 0;

  for (const char *p = line; *p != '\0';)
    {
      if (*p == '\033')
        {
          while (*p != '\0' && *p != 'm')
            p++;
          if (*p == 'm')
            p++;
          continue;
        }
      width += _parlance_cli_render_char_width (g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }
  return width;
}

/* The model's text, through the terminal filter: nothing in it can reach the terminal as a
 * sequence. */
void
_parlance_cli_render_append_safe (GString    *out,
                                  const char *text,
                                  gsize       length)
{
  g_autoptr(ParlanceTerminalFilter) filter = parlance_terminal_filter_new ();

  parlance_terminal_filter_feed (filter, text, length, out);
  parlance_terminal_filter_finish (filter, out);
}

static void
inline_init (Inline *in)
{
  in->text = g_string_new (NULL);
  in->runs = g_array_new (FALSE, FALSE, sizeof (StyleRun));
}

static void
inline_clear (Inline *in)
{
  g_string_free (in->text, TRUE);
  g_array_unref (in->runs);
}

static void
inline_add (Inline     *in,
            const char *text,
            gsize       length,
            guint       style,
            gboolean    safe)
{
  gsize before = in->text->len;

  if (safe)
    g_string_append_len (in->text, text, length);
  else
    _parlance_cli_render_append_safe (in->text, text, length);
  for (gsize i = before; i < in->text->len; i++)
    if (in->text->str[i] == '\t')
      in->text->str[i] = ' ';
  if (in->text->len == before)
    return;
  if (in->runs->len == 0 || g_array_index (in->runs, StyleRun, in->runs->len - 1).style != style)
    {
      StyleRun run = { before, style };

      g_array_append_val (in->runs, run);
    }
}

static guint
style_of_span (ParlanceMarkdownStyle style)
{
  guint s = 0;

  if (style & PARLANCE_MARKDOWN_STYLE_STRONG)
    s |= CLI_STYLE_BOLD;
  if (style & PARLANCE_MARKDOWN_STYLE_EMPH)
    s |= CLI_STYLE_ITALIC;
  if (style & PARLANCE_MARKDOWN_STYLE_STRIKE)
    s |= CLI_STYLE_STRIKE;
  if (style & PARLANCE_MARKDOWN_STYLE_CODE)
    s |= CLI_STYLE_CODE;
  if (style & PARLANCE_MARKDOWN_STYLE_LINK)
    s |= CLI_STYLE_UNDERLINE;
  return s;
}

#define LINKISH (PARLANCE_MARKDOWN_STYLE_LINK | PARLANCE_MARKDOWN_STYLE_IMAGE)

static gboolean
same_link (const ParlanceMarkdownSpan *a,
           const ParlanceMarkdownSpan *b)
{
  return (a->style & LINKISH) == (b->style & LINKISH) && g_strcmp0 (a->href, b->href) == 0;
}

/* An autolink's address is its text: shown once. */
static gboolean
text_is_href (const char *text,
              gsize       length,
              const char *href)
{
  gsize href_len = strlen (href);

  /* As written, or with the scheme an autolink adds ("www.…", "someone@…"). */
  const char *schemes[] = { "", "mailto:", "http://", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      gsize scheme_len = strlen (schemes[i]);

      if (g_str_has_prefix (href, schemes[i]) && href_len - scheme_len == length &&
          memcmp (text, href + scheme_len, length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Links as "text (address)", images as "[image: alt] (address)": the address is plain text,
 * never a live hyperlink (OSC 8) — it is the model's, and the reader should see it. */
static void
inline_build (Inline                      *in,
              const ParlanceMarkdownBlock *block,
              guint                        base)
{
  gsize length = 0;
  const char *text = parlance_markdown_block_get_text (block, &length);
  guint n_spans = 0;
  const ParlanceMarkdownSpan *spans = parlance_markdown_block_get_spans (block, &n_spans);
  gsize link_start = 0;

  for (guint i = 0; i < n_spans; i++)
    {
      const ParlanceMarkdownSpan *span = &spans[i];
      gboolean linkish = (span->style & LINKISH) != 0;
      gboolean first = linkish && (i == 0 || !same_link (&spans[i - 1], span));
      gboolean last = linkish && (i + 1 == n_spans || !same_link (span, &spans[i + 1]));
      guint style = base | style_of_span (span->style);

      if (span->end > length || span->start > span->end)
        continue;
      if (first)
        link_start = span->start;
      if (first && (span->style & PARLANCE_MARKDOWN_STYLE_IMAGE))
        inline_add (in, "[image: ", 8, base, TRUE);
      inline_add (in, text + span->start, span->end - span->start, style, FALSE);
      if (!last)
        continue;
      if (span->style & PARLANCE_MARKDOWN_STYLE_IMAGE)
        inline_add (in, "]", 1, base, TRUE);
      if (span->href != NULL && *span->href != '\0' &&
          ((span->style & PARLANCE_MARKDOWN_STYLE_IMAGE) ||
           !text_is_href (text + link_start, span->end - link_start, span->href)))
        {
          inline_add (in, " (", 2, base | CLI_STYLE_DIM, TRUE);
          inline_add (in, span->href, strlen (span->href), base | CLI_STYLE_DIM, FALSE);
          inline_add (in, ")", 1, base | CLI_STYLE_DIM, TRUE);
        }
    }
}

/* The line [a, b) of the text with our SGR codes, ending with none in effect. */
static char *
inline_line (const Inline *in,
             gsize         a,
             gsize         b)
{
  GString *line = g_string_sized_new (b - a + 16);
  guint lo = 0, hi = in->runs->len;
  guint current = 0;

  /* The run that holds a */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (in->runs, StyleRun, mid).start <= a)
        lo = mid;
      else
        hi = mid;
    }
  for (guint k = lo; k < in->runs->len && a < b; k++)
    {
      const StyleRun *run = &g_array_index (in->runs, StyleRun, k);
      gsize run_end = k + 1 < in->runs->len ? g_array_index (in->runs, StyleRun, k + 1).start
                                            : in->text->len;
      gsize end = MIN (b, run_end);

      if (end <= a)
        continue;
      if (run->style != current)
        {
          _parlance_cli_render_append_style (line, run->style);
          current = run->style;
        }
      g_string_append_len (line, in->text->str + a, end - a);
      a = end;
    }
  if (current != 0)
    _parlance_cli_render_append_style (line, 0);
  return g_string_free (line, FALSE);
}

/* The end of the word at @p (up to a space, a newline or @n) and its columns. */
static gsize
word_end (const char *text,
          gsize       p,
          gsize       n,
          guint      *width)
{
  *width = 0;
  while (p < n && text[p] != ' ' && text[p] != '\n')
    {
      *width += _parlance_cli_render_char_width (g_utf8_get_char (text + p));
      p = g_utf8_next_char (text + p) - text;
    }
  return MIN (p, n);
}

/* As much of the word at @p as fits in @width columns (at least one character). */
static gsize
cut_word (const char *text,
          gsize       p,
          gsize       end,
          guint       width)
{
  guint w = 0;
  gsize start = p;

  while (p < end)
    {
      gsize next = g_utf8_next_char (text + p) - text;
      guint cw = _parlance_cli_render_char_width (g_utf8_get_char (text + p));

      if (w + cw > width && p > start)
        break;
      w += cw;
      p = next;
    }
  return MIN (p, end);
}

static void
inline_wrap (const Inline *in,
             guint         width,
             GPtrArray    *lines)
{
  const char *text = in->text->str;
  gsize n = in->text->len;
  gsize p = 0;

  width = MAX (width, 1);
  while (p < n)
    {
      gsize a, b;
      guint w = 0;

      while (p < n && text[p] == ' ')
        p++;
      a = b = p;
      while (p < n && text[p] != '\n')
        {
          gsize s = p, q, r;
          guint ww;

          while (p < n && text[p] == ' ')
            p++;
          q = p;
          if (q >= n || text[q] == '\n')
            break;
          r = word_end (text, q, n, &ww);
          if (b == a && ww > width)
            {
              /* A word wider than the line: as much as fits, the rest on the next lines. */
              a = q;
              b = cut_word (text, q, r, width);
              p = b;
              break;
            }
          if (b != a && w + (q - s) + ww > width)
            {
              p = s;
              break;
            }
          w += (b != a ? (guint) (q - s) : 0) + ww;
          if (b == a)
            a = q;
          b = r;
          p = r;
        }
      g_ptr_array_add (lines, inline_line (in, a, b));
      /* A hard break ends the line; one at the very end adds none. */
      if (p < n && text[p] == '\n')
        p++;
    }
}

/* The inline text of a paragraph, heading or cell in lines of at most @width columns. */
void
_parlance_cli_render_inline (const ParlanceMarkdownBlock *block,
                             guint                        style,
                             guint                        width,
                             GPtrArray                   *lines)
{
  Inline in;
  guint before = lines->len;

  inline_init (&in);
  inline_build (&in, block, style);
  inline_wrap (&in, width, lines);
  inline_clear (&in);
  if (lines->len == before)
    g_ptr_array_add (lines, g_strdup (""));
}

/* Text without spans (an HTML block) the same way, its line breaks kept. */
void
_parlance_cli_render_plain (const char *text,
                            gsize       length,
                            guint       style,
                            guint       width,
                            GPtrArray  *lines)
{
  Inline in;
  guint before = lines->len;

  inline_init (&in);
  inline_add (&in, text, length, style, FALSE);
  inline_wrap (&in, width, lines);
  inline_clear (&in);
  if (lines->len == before)
    g_ptr_array_add (lines, g_strdup (""));
}
