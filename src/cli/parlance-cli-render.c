/* parlance-cli-render.c — Markdown for the terminal, block by block as a reply streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each top-level block is printed once it is final (it can't change any more: settled, or closed
 * in the open tail, parlance_markdown_get_n_final ()), the rest when
 * the reply ends; top-level blocks are separated by a blank line, so that printing them one by
 * one gives the same bytes as printing the whole document at once. Headings are bold (a line
 * under levels 1 and 2, "###" marks for the others), lists have bullets (•, ◦, ▪ by depth) or
 * numbers, quotes a bar, code blocks a rule with their language above and one below, indented
 * and never wrapped: on a terminal a line wider than the width is cut with a "…" (and the rule
 * below says --raw shows them whole); into a pipe (--render) it is kept whole.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "parlance-cli-render-private.h"

#define CODE_INDENT 2
#define TAB_WIDTH   4
/* Narrower than this, nested blocks stop being indented further. */
#define MIN_CONTENT_WIDTH 12
/* Deeper than this (the document caps nesting already), quotes and lists are flattened. */
#define MAX_NESTING       32

struct _CliRender
{
  ParlanceMarkdown *document;
  CliRenderOptions  options;
  guint             n_printed;  /* top-level blocks printed */
};

/* Styles */

void
_parlance_cli_render_append_style (GString *out,
                                   guint    style)
{
  static const struct { guint style; const char *code; } codes[] = {
    { CLI_STYLE_BOLD, ";1" }, { CLI_STYLE_DIM, ";2" }, { CLI_STYLE_ITALIC, ";3" },
    { CLI_STYLE_UNDERLINE, ";4" }, { CLI_STYLE_STRIKE, ";9" }, { CLI_STYLE_CODE, ";36" },
  };

  g_string_append (out, "\033[0");
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (style & codes[i].style)
      g_string_append (out, codes[i].code);
  g_string_append_c (out, 'm');
}

/* Text of our own (or already filtered) in @style, ending with no style in effect. */
char *
_parlance_cli_render_styled (const char *safe_text,
                             guint       style)
{
  GString *out = g_string_new (NULL);

  if (style == 0 || *safe_text == '\0')
    {
      g_string_append (out, safe_text);
      return g_string_free (out, FALSE);
    }
  _parlance_cli_render_append_style (out, style);
  g_string_append (out, safe_text);
  _parlance_cli_render_append_style (out, 0);
  return g_string_free (out, FALSE);
}

static char *
dup_repeated (const char *unit,
              guint       times)
{
  GString *out = g_string_sized_new (strlen (unit) * times + 1);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

/* @from's lines into @to, the first after @first, the others after @rest (both our own text,
 * of the same width). */
static void
add_prefixed (GPtrArray  *to,
              GPtrArray  *from,
              const char *first,
              const char *rest)
{
  for (guint i = 0; i < from->len; i++)
    {
      const char *line = g_ptr_array_index (from, i);
      const char *prefix = i == 0 ? first : rest;

      /* No trailing spaces on an empty line. */
      if (*line == '\0')
        g_ptr_array_add (to, g_strchomp (g_strdup (prefix)));
      else
        g_ptr_array_add (to, g_strconcat (prefix, line, NULL));
    }
}

static GPtrArray *
lines_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/* Blocks */

static void
render_heading (const ParlanceMarkdownBlock *block,
                const CliRenderOptions      *o,
                GPtrArray                   *lines)
{
  guint level = CLAMP (parlance_markdown_block_get_level (block), 1, 6);
  g_autoptr(GPtrArray) text = lines_new ();
  guint widest = 0;

  if (level <= 2)
    {
      _parlance_cli_render_inline (block, o->base_style | CLI_STYLE_BOLD, o->width, text);
      for (guint i = 0; i < text->len; i++)
        widest = MAX (widest, _parlance_cli_render_line_width (g_ptr_array_index (text, i)));
      add_prefixed (lines, text, "", "");
      {
        g_autofree char *rule = dup_repeated (level == 1 ? "═" : "─", MAX (widest, 1));

        g_ptr_array_add (lines, _parlance_cli_render_styled (rule, o->base_style));
      }
    }
  else
    {
      g_autofree char *hashes = dup_repeated ("#", level);
      g_autofree char *marks = g_strconcat (hashes, " ", NULL);
      g_autofree char *first = _parlance_cli_render_styled (marks, o->base_style | CLI_STYLE_DIM);
      g_autofree char *rest = dup_repeated (" ", level + 1);

      _parlance_cli_render_inline (block, o->base_style | CLI_STYLE_BOLD,
                                   MAX (o->width, level + 1 + MIN_CONTENT_WIDTH) - (level + 1), text);
      add_prefixed (lines, text, first, rest);
    }
}

static guint
code_char_width (gunichar c,
                 guint    column)
{
  return c == '\t' ? TAB_WIDTH - column % TAB_WIDTH : _parlance_cli_render_char_width (c);
}

/* One code line: tabs expanded; on a terminal, cut at @width with a "…". TRUE when cut. */
static gboolean
add_code_line (GPtrArray              *lines,
               const char             *line,
               gsize                   length,
               guint                   width,
               const CliRenderOptions *o)
{
  g_autoptr(GString) out = g_string_sized_new (MIN (length, 4096) + CODE_INDENT + 16);
  guint limit = G_MAXUINT;
  gboolean cut = FALSE;
  guint w = 0;

  if (length == 0)
    {
      g_ptr_array_add (lines, g_strdup (""));
      return FALSE;
    }
  if (o->cut_code)
    {
      for (gsize p = 0; p < length && w <= width; p = g_utf8_next_char (line + p) - line)
        w += code_char_width (g_utf8_get_char (line + p), w);
      if (w > width)
        limit = width - 1;
      w = 0;
    }

  for (guint i = 0; i < CODE_INDENT; i++)
    g_string_append_c (out, ' ');
  if (o->base_style != 0)
    _parlance_cli_render_append_style (out, o->base_style);
  for (gsize p = 0; p < length;)
    {
      gsize next = g_utf8_next_char (line + p) - line;
      gunichar c = g_utf8_get_char (line + p);
      guint cw = code_char_width (c, w);

      if (w + cw > limit)
        {
          _parlance_cli_render_append_style (out, o->base_style | CLI_STYLE_DIM);
          g_string_append (out, "…");
          cut = TRUE;
          break;
        }
      if (c == '\t')
        g_string_append_len (out, "        ", cw);
      else
        g_string_append_len (out, line + p, next - p);
      w += cw;
      p = next;
    }
  if (o->base_style != 0 || cut)
    _parlance_cli_render_append_style (out, 0);
  g_ptr_array_add (lines, g_string_free (g_steal_pointer (&out), FALSE));
  return cut;
}

static void
render_code (const ParlanceMarkdownBlock *block,
             const CliRenderOptions      *o,
             GPtrArray                   *lines)
{
  gsize length = 0;
  const char *code = parlance_markdown_block_get_text (block, &length);
  const char *language = parlance_markdown_block_get_language (block);
  g_autoptr(GString) safe = g_string_sized_new (length + 1);
  g_autoptr(GString) top = g_string_new ("──");
  guint width = MAX (o->width, CODE_INDENT + MIN_CONTENT_WIDTH) - CODE_INDENT;
  gboolean cut = FALSE;
  const char *note;
  const char *p, *end;

  if (language != NULL && *language != '\0')
    {
      g_autoptr(GPtrArray) label = lines_new ();

      /* The fence's word, filtered, on one line and within the rule. */
      _parlance_cli_render_plain (language, strlen (language), 0, MAX (o->width, 8) - 6, label);
      g_string_append_printf (top, " %s ", (char *) g_ptr_array_index (label, 0));
    }
  for (guint w = _parlance_cli_render_line_width (top->str); w < o->width; w++)
    g_string_append (top, "─");
  g_ptr_array_add (lines, _parlance_cli_render_styled (top->str, o->base_style | CLI_STYLE_DIM));

  _parlance_cli_render_append_safe (safe, code, length);
  p = safe->str;
  end = safe->str + safe->len;
  for (;;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;

      cut |= add_code_line (lines, p, line_end - p, width, o);
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  /* Translators: under a code block on a terminal, whose long lines were cut */
  note = cut ? _("(lines cut: --raw shows them whole)") : NULL;
  if (note != NULL && 3 + _parlance_cli_render_line_width (note) + 1 <= o->width)
    {
      /* The note in the rule, when it fits. */
      g_autoptr(GString) bottom = g_string_new ("── ");

      g_string_append_printf (bottom, "%s ", note);
      for (guint w = _parlance_cli_render_line_width (bottom->str); w < o->width; w++)
        g_string_append (bottom, "─");
      g_ptr_array_add (lines, _parlance_cli_render_styled (bottom->str, o->base_style | CLI_STYLE_DIM));
    }
  else
    {
      g_autofree char *bottom = dup_repeated ("─", o->width);

      g_ptr_array_add (lines, _parlance_cli_render_styled (bottom, o->base_style | CLI_STYLE_DIM));
      if (note != NULL)
        _parlance_cli_render_plain (note, strlen (note), o->base_style | CLI_STYLE_DIM, o->width, lines);
    }
}

/* Children one after the other, a blank line between them unless @tight. */
static void
render_children (const ParlanceMarkdownBlock *block,
                 const CliRenderOptions      *o,
                 gboolean                     tight,
                 GPtrArray                   *lines)
{
  guint n = parlance_markdown_block_get_n_children (block);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && !tight)
        g_ptr_array_add (lines, g_strdup (""));
      _parlance_cli_render_block (parlance_markdown_block_get_child (block, i), o, lines);
    }
}

/* Nested too deep for the width: no more indentation, the content keeps its room. */
static guint
inner_width (const CliRenderOptions *o,
             guint                   indent,
             guint                  *used)
{
  *used = o->width >= indent + MIN_CONTENT_WIDTH ? indent : 0;
  return o->width - *used;
}

static void
render_quote (const ParlanceMarkdownBlock *block,
              const CliRenderOptions      *o,
              GPtrArray                   *lines)
{
  g_autoptr(GPtrArray) inner = lines_new ();
  CliRenderOptions io = *o;
  g_autofree char *bar = NULL;
  g_autofree char *empty_bar = NULL;
  guint used;

  io.width = inner_width (o, 2, &used);
  io.depth = o->depth + 1;
  render_children (block, &io, FALSE, inner);
  bar = _parlance_cli_render_styled (used > 0 ? "│ " : "", o->base_style | CLI_STYLE_DIM);
  empty_bar = _parlance_cli_render_styled (used > 0 ? "│" : "", o->base_style | CLI_STYLE_DIM);
  for (guint i = 0; i < inner->len; i++)
    {
      const char *line = g_ptr_array_index (inner, i);

      g_ptr_array_add (lines, g_strconcat (*line == '\0' ? empty_bar : bar, line, NULL));
    }
}

static char *
dup_marker (const ParlanceMarkdownBlock *list,
            const ParlanceMarkdownBlock *item,
            guint                        index,
            guint                        marker_width,
            guint                        depth)
{
  static const char *bullets[] = { "•", "◦", "▪" };
  ParlanceMarkdownTask task = parlance_markdown_block_get_task (item);
  const char *box = task == PARLANCE_MARKDOWN_TASK_DONE ? "[x]" : "[ ]";
  g_autofree char *mark = NULL;

  if (parlance_markdown_block_get_ordered (list))
    {
      g_autofree char *number = g_strdup_printf ("%u.", parlance_markdown_block_get_start (list) + index);

      mark = task != PARLANCE_MARKDOWN_TASK_NONE ? g_strdup_printf ("%s %s", number, box)
                                                 : g_steal_pointer (&number);
      return g_strdup_printf ("%*s ", (int) (marker_width - 1), mark);
    }
  mark = g_strdup (task != PARLANCE_MARKDOWN_TASK_NONE ? box : bullets[depth % G_N_ELEMENTS (bullets)]);
  return g_strdup_printf ("%s%*s", mark, (int) (marker_width - g_utf8_strlen (mark, -1)), "");
}

static void
render_list (const ParlanceMarkdownBlock *block,
             const CliRenderOptions      *o,
             GPtrArray                   *lines)
{
  guint n = parlance_markdown_block_get_n_children (block);
  gboolean tight = parlance_markdown_block_get_tight (block);
  gboolean has_task = FALSE;
  guint marker_width;
  CliRenderOptions io = *o;
  guint used;

  for (guint i = 0; i < n; i++)
    has_task |= parlance_markdown_block_get_task (parlance_markdown_block_get_child (block, i))
                != PARLANCE_MARKDOWN_TASK_NONE;
  if (parlance_markdown_block_get_ordered (block))
    {
      g_autofree char *last = g_strdup_printf ("%u.", parlance_markdown_block_get_start (block) + MAX (n, 1) - 1);

      marker_width = strlen (last) + 1 + (has_task ? 4 : 0);
    }
  else
    {
      marker_width = has_task ? 4 : 2;
    }

  io.width = inner_width (o, marker_width, &used);
  io.list_depth = o->list_depth + 1;
  io.depth = o->depth + 1;
  for (guint i = 0; i < n; i++)
    {
      const ParlanceMarkdownBlock *item = parlance_markdown_block_get_child (block, i);
      g_autoptr(GPtrArray) inner = lines_new ();
      g_autofree char *marker = dup_marker (block, item, i, marker_width, o->list_depth);
      g_autofree char *first = _parlance_cli_render_styled (marker, o->base_style);
      g_autofree char *rest = dup_repeated (" ", used);

      if (i > 0 && !tight)
        g_ptr_array_add (lines, g_strdup (""));
      if (parlance_markdown_block_get_kind (item) != PARLANCE_MARKDOWN_LIST_ITEM)
        {
          /* What the document flattened past its depth: the text, under the items. */
          _parlance_cli_render_block (item, &io, inner);
          add_prefixed (lines, inner, rest, rest);
          continue;
        }
      render_children (item, &io, tight, inner);
      if (inner->len == 0)
        g_ptr_array_add (inner, g_strdup (""));
      if (used == 0)
        {
          /* No room to indent: the marker on a line of its own. */
          g_ptr_array_add (lines, g_strchomp (g_steal_pointer (&first)));
          add_prefixed (lines, inner, "", "");
        }
      else
        {
          add_prefixed (lines, inner, first, rest);
        }
    }
}

/**
 * _parlance_cli_render_block:
 *
 * Adds the lines of @block (none wider than the width, but for code kept whole).
 */
void
_parlance_cli_render_block (const ParlanceMarkdownBlock *block,
                            const CliRenderOptions      *o,
                            GPtrArray                   *lines)
{
  gsize length = 0;
  const char *text;

  if (o->depth >= MAX_NESTING &&
      (parlance_markdown_block_get_kind (block) == PARLANCE_MARKDOWN_QUOTE ||
       parlance_markdown_block_get_kind (block) == PARLANCE_MARKDOWN_LIST))
    {
      /* Flattened: the text without more bars or markers. */
      if (parlance_markdown_block_get_kind (block) == PARLANCE_MARKDOWN_QUOTE)
        render_children (block, o, TRUE, lines);
      else
        for (guint i = 0; i < parlance_markdown_block_get_n_children (block); i++)
          render_children (parlance_markdown_block_get_child (block, i), o, TRUE, lines);
      return;
    }

  switch (parlance_markdown_block_get_kind (block))
    {
    case PARLANCE_MARKDOWN_PARAGRAPH:
    case PARLANCE_MARKDOWN_TABLE_CELL:
      _parlance_cli_render_inline (block, o->base_style, o->width, lines);
      break;
    case PARLANCE_MARKDOWN_HEADING:
      render_heading (block, o, lines);
      break;
    case PARLANCE_MARKDOWN_CODE:
      render_code (block, o, lines);
      break;
    case PARLANCE_MARKDOWN_QUOTE:
      render_quote (block, o, lines);
      break;
    case PARLANCE_MARKDOWN_LIST:
      render_list (block, o, lines);
      break;
    case PARLANCE_MARKDOWN_LIST_ITEM:
    case PARLANCE_MARKDOWN_TABLE_ROW:
      render_children (block, o, TRUE, lines);
      break;
    case PARLANCE_MARKDOWN_TABLE:
      _parlance_cli_render_table (block, o, lines);
      break;
    case PARLANCE_MARKDOWN_RULE:
      {
        g_autofree char *rule = dup_repeated ("─", o->width);

        g_ptr_array_add (lines, _parlance_cli_render_styled (rule, o->base_style | CLI_STYLE_DIM));
      }
      break;
    case PARLANCE_MARKDOWN_HTML:
    default:
      /* Raw HTML is text like any other: shown, never interpreted. */
      text = parlance_markdown_block_get_text (block, &length);
      _parlance_cli_render_plain (text, length, o->base_style, o->width, lines);
      break;
    }
}

/* The document, printed as it settles */

/**
 * _parlance_cli_render_new:
 * @width: columns
 * @cut_code: whether code lines wider than @width are cut (a terminal) or kept whole
 * @base_style: CliStyle of all the text (CLI_STYLE_DIM for reasoning)
 */
CliRender *
_parlance_cli_render_new (guint    width,
                          gboolean cut_code,
                          guint    base_style)
{
  CliRender *render = g_new0 (CliRender, 1);

  render->document = parlance_markdown_new ();
  render->options.width = CLAMP (width, CLI_RENDER_MIN_WIDTH, CLI_RENDER_MAX_WIDTH);
  render->options.cut_code = cut_code;
  render->options.base_style = base_style;
  return render;
}

void
_parlance_cli_render_free (CliRender *render)
{
  if (render == NULL)
    return;
  g_clear_object (&render->document);
  g_free (render);
}

/* Top-level blocks up to @until that are not printed yet, a blank line before each but the
 * first. */
static void
print_blocks (CliRender *render,
              guint      until,
              GString   *out)
{
  for (; render->n_printed < until; render->n_printed++)
    {
      const ParlanceMarkdownBlock *block = parlance_markdown_get_block (render->document, render->n_printed);
      g_autoptr(GPtrArray) lines = lines_new ();

      _parlance_cli_render_block (block, &render->options, lines);
      if (render->n_printed > 0)
        g_string_append_c (out, '\n');
      for (guint i = 0; i < lines->len; i++)
        {
          g_string_append (out, g_ptr_array_index (lines, i));
          g_string_append_c (out, '\n');
        }
    }
}

/* Appends @length bytes of the reply; what settled with them is added to @out. */
void
_parlance_cli_render_append (CliRender  *render,
                             const char *text,
                             gsize       length,
                             GString    *out)
{
  gsize lines = length;

  if (length == 0)
    return;
  /* Not only the settled blocks: a piece settles when the next block's first line is complete,
   * and a block closed before that (a paragraph and a blank line, a heading) can be printed
   * already. Only an ended line can close one, and a line begun may hide what closed (it may
   * yet join the block before): so the document is looked at (its open tail parsed) once a
   * read, after its last whole line. */
  while (lines > 0 && text[lines - 1] != '\n' && text[lines - 1] != '\r')
    lines--;
  if (lines > 0)
    {
      parlance_markdown_append (render->document, text, (gssize) lines);
      print_blocks (render, parlance_markdown_get_n_final (render->document), out);
    }
  if (lines < length)
    parlance_markdown_append (render->document, text + lines, (gssize) (length - lines));
}

/* The reply is over (complete, failed or stopped): the rest of it. */
void
_parlance_cli_render_finish (CliRender *render,
                             GString   *out)
{
  parlance_markdown_finish (render->document);
  print_blocks (render, parlance_markdown_get_n_blocks (render->document), out);
}

/* A whole text at once (transfer full). */
char *
_parlance_cli_render_text (const char *text,
                           gsize       length,
                           guint       width,
                           gboolean    cut_code,
                           guint       base_style)
{
  g_autoptr(CliRender) render = _parlance_cli_render_new (width, cut_code, base_style);
  GString *out = g_string_new (NULL);

  _parlance_cli_render_append (render, text, length, out);
  _parlance_cli_render_finish (render, out);
  return g_string_free (out, FALSE);
}

/* $COLUMNS, else the terminal's width, else 80. */
guint
_parlance_cli_render_get_width (int fd)
{
  const char *columns = g_getenv ("COLUMNS");
  guint64 value = 0;
  struct winsize size;

  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 1, G_MAXINT, &value, NULL))
    return CLAMP ((guint) value, CLI_RENDER_MIN_WIDTH, CLI_RENDER_MAX_WIDTH);
  if (isatty (fd) && ioctl (fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return CLAMP (size.ws_col, CLI_RENDER_MIN_WIDTH, CLI_RENDER_MAX_WIDTH);
  return 80;
}
