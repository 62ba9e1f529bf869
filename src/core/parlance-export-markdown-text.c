/* parlance-export-markdown-text.c — text put into exported Markdown so that it stays well-formed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Message text is Markdown already and goes in as written, with three repairs so that one
 * message can't change how the rest of the file renders: a code fence left open (a stopped
 * reply) is closed at the end of the message; fences are moved to the left margin, so a
 * Markdown reader sees exactly the fences we see; and every "<" outside code is written as
 * "&lt;", so raw HTML (a <script>, an <img onerror>, a "</details>" in reasoning) shows as text
 * instead of being live. Code keeps its "<": in a fence, and in a code span we are sure a reader
 * sees as one (on one line, with no unmatched backticks before it in the paragraph and no "|"
 * that a table would split it at); anything less certain is escaped, which is only less pretty.
 */

#include "config.h"

#include <string.h>

#include "parlance-export-private.h"

#define NOT_FOUND G_MAXSIZE

static gsize
count_run (const char *text,
           gsize       len,
           gsize       at,
           char        c)
{
  gsize n = 0;

  while (at + n < len && text[at + n] == c)
    n++;
  return n;
}

/* Where the code span opened by @run backticks ends (its closing run), or NOT_FOUND. */
static gsize
find_span_end (const char *line,
               gsize       len,
               gsize       from,
               gsize       run)
{
  for (gsize i = from; i < len;)
    {
      gsize n;

      if (line[i] == '|')
        return NOT_FOUND;
      if (line[i] != '`')
        {
          i++;
          continue;
        }
      n = count_run (line, len, i, '`');
      if (n == run)
        return i;
      i += n;
    }
  return NOT_FOUND;
}

/* One line outside fences: "<" escaped except in code spans we are sure of. @spans_ok goes
 * FALSE at the first unmatched backtick run, until the paragraph ends. */
static void
append_inline (GString    *out,
               const char *line,
               gsize       len,
               gboolean   *spans_ok)
{
  for (gsize i = 0; i < len;)
    {
      if (line[i] == '\\' && i + 1 < len && g_ascii_ispunct (line[i + 1]))
        {
          g_string_append_len (out, line + i, 2);
          i += 2;
        }
      else if (line[i] == '`')
        {
          gsize run = count_run (line, len, i, '`');
          gsize end = *spans_ok ? find_span_end (line, len, i + run, run) : NOT_FOUND;

          if (end == NOT_FOUND)
            {
              *spans_ok = FALSE;
              end = i;
            }
          g_string_append_len (out, line + i, end + run - i);
          i = end + run;
        }
      else if (line[i] == '<')
        {
          g_string_append (out, "&lt;");
          i++;
        }
      else
        g_string_append_c (out, line[i++]);
    }
}

static gsize
count_indent (const char *line,
              gsize       len)
{
  return count_run (line, len, 0, ' ');
}

/* A fence that opens a code block (CommonMark: up to 3 spaces, 3 or more ` or ~, and no `
 * after backticks). */
static gboolean
is_fence_open (const char *line,
               gsize       len,
               char       *c,
               gsize      *run)
{
  gsize indent = count_indent (line, len);

  if (indent > 3 || indent >= len || (line[indent] != '`' && line[indent] != '~'))
    return FALSE;
  *c = line[indent];
  *run = count_run (line, len, indent, *c);
  if (*run < 3)
    return FALSE;
  return *c == '~' || memchr (line + indent + *run, '`', len - indent - *run) == NULL;
}

static gboolean
is_fence_close (const char *line,
                gsize       len,
                char        c,
                gsize       run)
{
  gsize indent = count_indent (line, len);
  gsize n;

  if (indent > 3)
    return FALSE;
  n = count_run (line, len, indent, c);
  if (n < run)
    return FALSE;
  for (gsize i = indent + n; i < len; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;
  return TRUE;
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;
  return TRUE;
}

/* Markdown readers end lines at \r too: one kind of line end, so we split where they do. */
static char *
dup_unix_lines (const char *text)
{
  GString *s = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (s, *p == '\r' ? '\n' : *p);
    }
  return g_string_free (s, FALSE);
}

/**
 * _parlance_export_markdown_append_text:
 * @out: the Markdown being written
 * @text: a message's Markdown
 *
 * Appends @text so that it can't change how what follows renders nor hold live HTML (see the
 * top of this file). No line end is added after it.
 */
void
_parlance_export_markdown_append_text (GString    *out,
                                       const char *text)
{
  g_autofree char *unix_text = dup_unix_lines (text);
  const char *line = unix_text;
  gboolean in_fence = FALSE;
  gboolean spans_ok = TRUE;
  char fence_char = '`';
  gsize fence_run = 0;

  while (line != NULL)
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) : strlen (line);
      gsize indent = count_indent (line, len);

      if (in_fence && is_fence_close (line, len, fence_char, fence_run))
        {
          g_string_append_len (out, line + indent, len - indent);
          in_fence = FALSE;
        }
      else if (in_fence)
        g_string_append_len (out, line, len);
      else if (is_fence_open (line, len, &fence_char, &fence_run))
        {
          g_string_append_len (out, line + indent, len - indent);
          in_fence = TRUE;
          spans_ok = TRUE;
        }
      else
        {
          if (is_blank (line, len))
            spans_ok = TRUE;
          append_inline (out, line, len, &spans_ok);
        }
      if (end != NULL)
        g_string_append_c (out, '\n');
      line = end != NULL ? end + 1 : NULL;
    }
  if (in_fence)
    {
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      for (gsize i = 0; i < fence_run; i++)
        g_string_append_c (out, fence_char);
    }
}

/**
 * _parlance_export_markdown_append_fenced:
 * @out: the Markdown being written
 * @text: text to show as it is
 * @info: (nullable): the fence's info string (a language), without backticks
 *
 * Appends @text in a code block whose fence is longer than any run of backticks in it, and a
 * blank line after.
 */
void
_parlance_export_markdown_append_fenced (GString    *out,
                                         const char *text,
                                         const char *info)
{
  g_autofree char *unix_text = dup_unix_lines (text);
  gsize longest = 0;
  gsize len = strlen (unix_text);
  g_autofree char *fence = NULL;

  for (gsize i = 0; i < len;)
    {
      gsize n = count_run (unix_text, len, i, '`');

      longest = MAX (longest, n);
      i += MAX (n, 1);
    }
  fence = g_strnfill (MAX (longest + 1, 3), '`');
  g_string_append_printf (out, "%s%s\n%s", fence, info != NULL ? info : "", unix_text);
  if (len > 0 && unix_text[len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "%s\n\n", fence);
}

/**
 * _parlance_export_markdown_dup_inline:
 * @text: (nullable): plain text for one line (a title, a model, an error, a file name)
 *
 * Returns: @text on one line with every character Markdown or HTML would read escaped.
 */
char *
_parlance_export_markdown_dup_inline (const char *text)
{
  g_autofree char *line = g_strdup (text != NULL ? text : "");
  GString *out;

  g_strdelimit (line, "\r\n\t", ' ');
  g_strstrip (line);
  out = g_string_sized_new (strlen (line));
  for (const char *p = line; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]<>&#|~!", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
