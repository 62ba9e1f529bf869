/* parlance-markdown-autolink.c — GitHub's extended autolinks (www., http(s)://, ftp://, e-mail
 * addresses), found in linear time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * md4c 0.4 finds them itself (MD_FLAG_PERMISSIVE*AUTOLINKS), but in time quadratic in the
 * length of a paragraph full of almost-links ("www.a.b/(" repeated: 4 s for 200 KB). So md4c
 * runs without those flags and this finds them afterwards in the plain runs of a block's text
 * (not in code, raw HTML, links or images), after the rules of the GFM specification: a valid
 * domain (segments of letters, digits, '-' and '_' separated by at least one '.'), then anything
 * up to white space or '<', less trailing punctuation, an unbalanced ')', ']' or '}' and an
 * entity-like "&x;"; like md4c, a link may also start after '[' or '{'. A link cut by a change of style ends there. Every byte is looked at a bounded number of
 * times.
 */

#include "config.h"

#include <string.h>

#include "parlance-markdown-private.h"

#define NO_LINK (PARLANCE_MARKDOWN_STYLE_LINK | PARLANCE_MARKDOWN_STYLE_IMAGE | \
                 PARLANCE_MARKDOWN_STYLE_CODE | PARLANCE_MARKDOWN_STYLE_HTML)

static gboolean
is_domain_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || (c & 0x80) != 0;
}

/* The length of a valid domain at @p (before @end), 0 if none. */
static gsize
domain_length (const char *p,
               const char *end,
               gboolean    need_period)
{
  gsize i = 0, periods = 0, last_period = 0, before_last = 0;
  gboolean underscore_late = FALSE;

  while (p + i < end && (is_domain_char (p[i]) || (p[i] == '.' && i > 0 && p[i - 1] != '.')))
    {
      if (p[i] == '.')
        {
          periods++;
          before_last = last_period;
          last_period = i;
        }
      i++;
    }
  if (i > 0 && p[i - 1] == '.')
    {
      i--;
      periods--;
      last_period = before_last;
    }
  if (i == 0 || (need_period && periods == 0))
    return 0;
  /* No underscore in the last two segments. */
  for (gsize k = periods >= 2 ? before_last : 0; k < i; k++)
    if (p[k] == '_')
      underscore_late = TRUE;
  return underscore_late ? 0 : i;
}

static int
bracket_index (char c)
{
  const char *closing = strchr (")]}", c);

  return closing != NULL && c != '\0' ? closing - ")]}" : -1;
}

/* Where a link that starts at @start and may run to @end really ends. */
static const char *
trim_end (const char       *start,
          const char       *end)
{
  const char *p = start;
  gssize open[3] = { 0, 0, 0 };   /* ( [ { less ) ] } */
  int k;

  for (; p < end && !g_ascii_isspace (*p) && *p != '<'; p++)
    if (*p == '(' || *p == '[' || *p == '{')
      open[*p == '(' ? 0 : *p == '[' ? 1 : 2]++;
    else if ((k = bracket_index (*p)) >= 0)
      open[k]--;
  end = p;
  while (end > start)
    {
      char c = end[-1];

      if (strchr ("?!.,:*_~'\"", c) != NULL)
        end--;
      else if ((k = bracket_index (c)) >= 0 && open[k] < 0)
        {
          end--;
          open[k]++;
        }
      else if (c == ';')
        {
          const char *q = end - 1;

          while (q > start && g_ascii_isalnum (q[-1]))
            q--;
          if (q > start && q[-1] == '&' && q < end - 1)
            end = q - 1;
          else
            break;
        }
      else
        break;
    }
  return end;
}

static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || c == '+';
}

/* A link starting at or before @p (found by its marker at @p): its start, end and href. */
static gboolean
find_link (const char  *text,
           const char  *p,
           const char  *end,
           const char **link_start,
           const char **link_end,
           char       **href)
{
  gboolean may_start = p == text || g_ascii_isspace (p[-1]) || strchr ("*_~([{", p[-1]) != NULL;
  gsize n;

  if (*p == 'w' && may_start && end - p > 4 && memcmp (p, "www.", 4) == 0)
    {
      if ((n = domain_length (p, end, TRUE)) == 0)
        return FALSE;
      *link_start = p;
      *link_end = trim_end (p, end);
      if (*link_end - p < (gssize) n)
        return FALSE;
      *href = g_strdup_printf ("http://%.*s", (int) (*link_end - p), p);
      return TRUE;
    }
  if (*p == ':' && end - p > 3 && p[1] == '/' && p[2] == '/')
    {
      const char *scheme = NULL;

      if (p - text >= 5 && g_ascii_strncasecmp (p - 5, "https", 5) == 0)
        scheme = p - 5;
      else if (p - text >= 4 && g_ascii_strncasecmp (p - 4, "http", 4) == 0)
        scheme = p - 4;
      else if (p - text >= 3 && g_ascii_strncasecmp (p - 3, "ftp", 3) == 0)
        scheme = p - 3;
      if (scheme == NULL ||
          !(scheme == text || g_ascii_isspace (scheme[-1]) || strchr ("*_~([{", scheme[-1]) != NULL) ||
          (n = domain_length (p + 3, end, TRUE)) == 0)
        return FALSE;
      *link_start = scheme;
      *link_end = trim_end (p + 3, end);
      if (*link_end - (p + 3) < (gssize) n)
        return FALSE;
      *href = g_strndup (scheme, *link_end - scheme);
      return TRUE;
    }
  if (*p == '@')
    {
      const char *local = p;

      while (local > text && is_local_char (local[-1]))
        local--;
      if (local == p || (n = domain_length (p + 1, end, TRUE)) == 0)
        return FALSE;
      for (gsize k = 0; k < n; k++)
        if (p[1 + k] == '_' || (p[1 + k] & 0x80) != 0)
          return FALSE;
      if (p[n] == '-')
        return FALSE;
      *link_start = local;
      *link_end = p + 1 + n;
      *href = g_strdup_printf ("mailto:%.*s", (int) (*link_end - local), local);
      return TRUE;
    }
  return FALSE;
}

static void
add_span (GArray                *spans,
          ParlanceMarkdownBlock *block,
          guint                  start,
          guint                  end,
          ParlanceMarkdownStyle  style,
          char                  *href)
{
  ParlanceMarkdownSpan span = { start, end, style, href };

  if (start == end)
    return;
  if (href != NULL)
    {
      if (block->hrefs == NULL)
        block->hrefs = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (block->hrefs, href);
    }
  g_array_append_val (spans, span);
}

/* Splits one plain span around the links in it. */
static void
link_span (ParlanceMarkdownBlock      *block,
           const ParlanceMarkdownSpan *span,
           GArray                     *spans)
{
  const char *text = block->text->str;
  const char *end = text + span->end;
  guint done = span->start;

  for (const char *p = text + span->start; p < end; p++)
    {
      const char *link_start, *link_end;
      char *href;

      if (*p != 'w' && *p != ':' && *p != '@')
        continue;
      /* The link must lie inside this span, after what was already linked. */
      if (!find_link (text, p, end, &link_start, &link_end, &href))
        continue;
      if (link_start < text + done || link_end <= p)
        {
          g_free (href);
          continue;
        }
      add_span (spans, block, done, link_start - text, span->style, NULL);
      add_span (spans, block, link_start - text, link_end - text,
                span->style | PARLANCE_MARKDOWN_STYLE_LINK, href);
      done = link_end - text;
      p = link_end - 1;
    }
  add_span (spans, block, done, span->end, span->style, NULL);
}

void
_parlance_markdown_autolink (ParlanceMarkdownBlock *block)
{
  GArray *spans;
  gboolean any = FALSE;

  if (block->spans == NULL)
    return;
  for (guint i = 0; i < block->spans->len && !any; i++)
    {
      const ParlanceMarkdownSpan *span = &g_array_index (block->spans, ParlanceMarkdownSpan, i);

      any = (span->style & NO_LINK) == 0 &&
            (memchr (block->text->str + span->start, '.', span->end - span->start) != NULL);
    }
  if (!any)
    return;

  spans = g_array_sized_new (FALSE, FALSE, sizeof (ParlanceMarkdownSpan), block->spans->len);
  for (guint i = 0; i < block->spans->len; i++)
    {
      const ParlanceMarkdownSpan *span = &g_array_index (block->spans, ParlanceMarkdownSpan, i);

      if ((span->style & NO_LINK) == 0)
        link_span (block, span, spans);
      else
        g_array_append_val (spans, *span);
    }
  g_array_unref (block->spans);
  block->spans = spans;
}
