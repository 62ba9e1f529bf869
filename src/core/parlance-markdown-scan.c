/* parlance-markdown-scan.c — where a streamed Markdown text can settle: a small line scanner.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fed the complete lines of the text one after the other, it answers for each whether the text
 * before it can no longer change, whatever comes next. That is so (a "boundary") before:
 *  - a line at column 0 that is not blank and not a list item's marker, after a blank line,
 *    outside a top-level fenced code block: it ends every open container (a quote, a list, an
 *    indented code block; an item's own fence; lazy continuation needs a paragraph without a
 *    blank line) and nothing after it reaches back (HTML blocks, which run on past blank lines,
 *    are off: see parlance-markdown-parse.c);
 *  - the opening line of a top-level fence (a fence interrupts a paragraph and ends a container
 *    whose indentation it does not have; a fence is never a lazy line), and after its closing
 *    line: so a code block is a piece of its own, which the document extends line by line
 *    while it is open;
 *  - when the piece has grown past PARLANCE_MARKDOWN_MAX_CHUNK bytes without a boundary: before
 *    an item's marker at column 0 of a top-level list, which then continues as a new list (with
 *    the item's number): a forced cut, so that a very long list is not parsed again and again.
 * "Top-level" needs to know whether a line is inside a list item: the scanner follows the
 * content column of the current top-level item (nested lists are inside it). It can be wrong
 * in odd cases (an item whose first line is a thematic break…); being a function of the text
 * only, it then splits the document differently from CommonMark, but the same way whatever the
 * pieces the text arrived in.
 */

#include "config.h"

#include <string.h>

#include "parlance-markdown-private.h"

void
_parlance_markdown_scanner_init (ParlanceMarkdownScanner *scanner)
{
  memset (scanner, 0, sizeof *scanner);
  scanner->prev_blank = TRUE;
}

/* Columns of leading white space (tabs to the next multiple of 4); *pos: the first other byte. */
static guint
line_indent (const char *line,
             gsize       length,
             gsize      *pos)
{
  guint column = 0;
  gsize i = 0;

  for (; i < length && (line[i] == ' ' || line[i] == '\t'); i++)
    column = line[i] == '\t' ? column + 4 - column % 4 : column + 1;
  *pos = i;
  return column;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
rest_blank (const char *line,
            gsize       length,
            gsize       pos)
{
  for (; pos < length; pos++)
    if (!is_space (line[pos]))
      return FALSE;
  return TRUE;
}

static gboolean
is_thematic_break (const char *line,
                   gsize       length,
                   gsize       pos)
{
  char c = line[pos];
  guint count = 0;

  if (c != '-' && c != '*' && c != '_')
    return FALSE;
  for (; pos < length; pos++)
    {
      if (line[pos] == c)
        count++;
      else if (!is_space (line[pos]))
        return FALSE;
    }
  return count >= 3;
}

/* A list item's marker at @pos: its content column and whether nothing follows it. */
static gboolean
list_marker (const char *line,
             gsize       length,
             gsize       pos,
             guint       indent,
             guint      *content_column,
             gboolean   *empty)
{
  gsize marker = 0;
  guint spaces = 0;
  gsize i;

  if (line[pos] == '-' || line[pos] == '+' || line[pos] == '*')
    marker = 1;
  else
    {
      while (pos + marker < length && marker < 10 && g_ascii_isdigit (line[pos + marker]))
        marker++;
      if (marker == 0 || marker > 9 || pos + marker >= length ||
          (line[pos + marker] != '.' && line[pos + marker] != ')'))
        return FALSE;
      marker++;
    }
  i = pos + marker;
  if (i < length && !is_space (line[i]))
    return FALSE;
  *empty = rest_blank (line, length, i);
  for (; i < length && line[i] == ' '; i++)
    spaces++;
  if (i < length && line[i] == '\t')
    spaces = 1;
  *content_column = indent + marker + (*empty || spaces == 0 || spaces > 4 ? 1 : spaces);
  return TRUE;
}

static gboolean
fence_opener (const char *line,
              gsize       length,
              gsize       pos,
              guint      *run)
{
  char c = line[pos];
  gsize i = pos;

  if (c != '`' && c != '~')
    return FALSE;
  while (i < length && line[i] == c)
    i++;
  *run = i - pos;
  if (*run < 3)
    return FALSE;
  return c == '~' || memchr (line + i, '`', length - i) == NULL;
}

/* A line that starts a block of its own, so is not the lazy continuation of a paragraph. */
static gboolean
starts_block (const char *line,
              gsize       length,
              gsize       pos)
{
  gsize hashes = 0;

  if (line[pos] == '>' || is_thematic_break (line, length, pos))
    return TRUE;
  while (pos + hashes < length && line[pos + hashes] == '#')
    hashes++;
  return hashes >= 1 && hashes <= 6 && (pos + hashes == length || is_space (line[pos + hashes]));
}

static ParlanceMarkdownLine
feed_fence (ParlanceMarkdownScanner *scanner,
            const char              *line,
            gsize                    length)
{
  gsize pos;
  guint indent = line_indent (line, length, &pos);
  gsize i = pos;

  if (indent <= 3)
    {
      while (i < length && line[i] == scanner->fence_char)
        i++;
      if (i - pos >= scanner->fence_length && rest_blank (line, length, i))
        {
          _parlance_markdown_scanner_init (scanner);
          scanner->prev_blank = FALSE;
          return PARLANCE_MARKDOWN_LINE_FENCE_CLOSE;
        }
    }
  scanner->chunk_length += length + 1;
  return PARLANCE_MARKDOWN_LINE_FENCE_CODE;
}

ParlanceMarkdownLine
_parlance_markdown_scanner_feed (ParlanceMarkdownScanner *scanner,
                                 const char              *line,
                                 gsize                    length)
{
  ParlanceMarkdownLine result = PARLANCE_MARKDOWN_LINE_MORE;
  gsize pos;
  guint indent, column, run;
  gboolean empty;

  if (scanner->in_fence)
    return feed_fence (scanner, line, length);

  indent = line_indent (line, length, &pos);
  if (pos == length)
    {
      /* An item may start with one blank line, not two. */
      if (scanner->item_empty)
        scanner->item_column = 0;
      scanner->item_empty = FALSE;
      scanner->prev_blank = TRUE;
      scanner->chunk_length += length + 1;
      return PARLANCE_MARKDOWN_LINE_MORE;
    }

  if (scanner->item_column > 0 && indent >= scanner->item_column)
    ;  /* inside the top-level item */
  else if (indent <= 3 && fence_opener (line, length, pos, &run))
    {
      scanner->in_fence = TRUE;
      scanner->fence_char = line[pos];
      scanner->fence_length = run;
      scanner->fence_indent = indent;
      scanner->item_column = 0;
      scanner->chunk_length = 0;
      result = PARLANCE_MARKDOWN_LINE_FENCE_OPEN;
    }
  else if (indent <= 3 && !is_thematic_break (line, length, pos) &&
           list_marker (line, length, pos, indent, &column, &empty))
    {
      if (indent == 0 && scanner->item_column > 0 &&
          scanner->chunk_length >= PARLANCE_MARKDOWN_MAX_CHUNK)
        {
          result = PARLANCE_MARKDOWN_LINE_BOUNDARY;
          scanner->chunk_length = 0;
        }
      scanner->item_column = column;
      scanner->item_empty = empty;
      scanner->prev_blank = FALSE;
      scanner->chunk_length += length + 1;
      return result;
    }
  else
    {
      if (scanner->item_column > 0 && (scanner->prev_blank || starts_block (line, length, pos)))
        scanner->item_column = 0;
      if (scanner->prev_blank && indent == 0 && scanner->item_column == 0)
        {
          result = PARLANCE_MARKDOWN_LINE_BOUNDARY;
          scanner->chunk_length = 0;
        }
    }
  scanner->item_empty = FALSE;
  scanner->prev_blank = FALSE;
  scanner->chunk_length += length + 1;
  return result;
}

gboolean
_parlance_markdown_scanner_maybe_close (const ParlanceMarkdownScanner *scanner,
                                        const char                    *line,
                                        gsize                          length)
{
  gsize pos, i;
  guint indent = line_indent (line, length, &pos);

  if (indent > 3)
    return FALSE;
  for (i = pos; i < length && line[i] == scanner->fence_char; i++)
    ;
  if (i == length)
    return TRUE;
  return i - pos >= scanner->fence_length && rest_blank (line, length, i);
}

void
_parlance_markdown_scanner_append_code (const ParlanceMarkdownScanner *scanner,
                                        GString                       *out,
                                        const char                    *line,
                                        gsize                          length)
{
  gsize pos;
  guint indent = line_indent (line, length, &pos);

  /* As md4c does: the indentation in spaces (tabs expanded), less the fence's. */
  for (guint i = MIN (indent, scanner->fence_indent); i < indent; i++)
    g_string_append_c (out, ' ');
  g_string_append_len (out, line + pos, length - pos);
}
