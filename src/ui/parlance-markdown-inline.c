/* parlance-markdown-inline.c — the inline text of a Markdown block as escaped Pango markup.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text comes from the network: every character goes through g_markup_escape_text (), and so
 * do link addresses. A link's title is the tooltip GtkLabel shows, which it reads as markup once
 * more: it is escaped twice.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-display-text.h"
#include "parlance-markdown-view-private.h"

typedef struct
{
  GPtrArray *chunks;
  GString   *markup;
  const ParlanceMarkdownSpan *span;   /* whose tags are open */
  gsize      chunk_bytes, max_bytes;
  gsize      in_chunk, total;
  guint      word;
  gboolean   elided;
  gboolean   done;
} Inline;

/* Shown as it reads (no bidirectional overrides, controls as pictures), then escaped. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  g_autofree char *shown = parlance_display_text (text, (gssize) len);
  g_autofree char *escaped = g_markup_escape_text (shown, -1);

  g_string_append (out, escaped);
}

static void
append_attr (GString    *out,
             const char *name,
             const char *value,
             gboolean    twice)
{
  g_autofree char *shown = twice ? parlance_display_text (value, -1) : g_strdup (value);
  g_autofree char *once = g_markup_escape_text (shown, -1);

  g_string_append_printf (out, " %s=\"", name);
  if (twice)
    append_escaped (out, once, strlen (once));
  else
    g_string_append (out, once);
  g_string_append_c (out, '"');
}

static gboolean
is_link (const ParlanceMarkdownSpan *span)
{
  return (span->style & (PARLANCE_MARKDOWN_STYLE_LINK | PARLANCE_MARKDOWN_STYLE_IMAGE)) != 0 &&
         span->href != NULL && *span->href != '\0' && g_utf8_validate (span->href, -1, NULL);
}

static void
open_tags (Inline *in)
{
  const ParlanceMarkdownSpan *span = in->span;

  if (is_link (span))
    {
      g_autofree char *title = NULL;

      if (span->style & PARLANCE_MARKDOWN_STYLE_IMAGE)
        /* Translators: the tooltip of an image in a reply, which is shown as a link; %s is its address */
        title = g_strdup_printf (_("Image: %s"), span->href);
      g_string_append (in->markup, "<a");
      append_attr (in->markup, "href", span->href, FALSE);
      append_attr (in->markup, "title", title != NULL ? title : span->href, TRUE);
      g_string_append_c (in->markup, '>');
    }
  if (span->style & PARLANCE_MARKDOWN_STYLE_STRONG)
    g_string_append (in->markup, "<b>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_EMPH)
    g_string_append (in->markup, "<i>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_STRIKE)
    g_string_append (in->markup, "<s>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_CODE)
    g_string_append (in->markup, "<span font_family=\"monospace\" background=\"#888888\" bgalpha=\"22%\">");
}

static void
close_tags (Inline *in)
{
  const ParlanceMarkdownSpan *span = in->span;

  if (span == NULL)
    return;
  if (span->style & PARLANCE_MARKDOWN_STYLE_CODE)
    g_string_append (in->markup, "</span>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_STRIKE)
    g_string_append (in->markup, "</s>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_EMPH)
    g_string_append (in->markup, "</i>");
  if (span->style & PARLANCE_MARKDOWN_STYLE_STRONG)
    g_string_append (in->markup, "</b>");
  if (is_link (span))
    g_string_append (in->markup, "</a>");
  in->span = NULL;
}

static void
next_chunk (Inline *in)
{
  const ParlanceMarkdownSpan *span = in->span;

  close_tags (in);
  g_ptr_array_add (in->chunks, g_string_free (in->markup, FALSE));
  in->markup = g_string_new (NULL);
  in->in_chunk = 0;
  in->span = span;
  if (span != NULL)
    open_tags (in);
}

/* Adds the text of one span, cut where it must be. */
static void
add_text (Inline     *in,
          const char *text,
          gsize       len)
{
  const char *run = text, *end = text + len, *p = text;

  while (p < end && !in->done)
    {
      const char *next = g_utf8_find_next_char (p, end);
      gboolean space = *p == ' ' || *p == '\n' || *p == '\t';

      if (next == NULL)
        next = end;
      if (space)
        in->word = 0;
      if (space && in->chunk_bytes > 0 && in->in_chunk >= in->chunk_bytes)
        {
          /* The space itself goes: the next label starts on a line of its own. */
          append_escaped (in->markup, run, p - run);
          next_chunk (in);
          run = p = next;
          continue;
        }
      if (in->total >= in->max_bytes)
        {
          append_escaped (in->markup, run, p - run);
          g_string_append (in->markup, "…");
          in->elided = TRUE;
          in->done = TRUE;
          return;
        }
      if (!space && ++in->word > PARLANCE_MARKDOWN_LABEL_MAX_WORD)
        {
          append_escaped (in->markup, run, p - run);
          if (in->word == PARLANCE_MARKDOWN_LABEL_MAX_WORD + 1)
            g_string_append (in->markup, "…");
          in->elided = TRUE;
          run = p = next;
          continue;
        }
      if (*p == '\0')
        {
          /* A NUL would end the markup: shown as U+FFFD, like other bytes that are no text. */
          append_escaped (in->markup, run, p - run);
          g_string_append (in->markup, "\xef\xbf\xbd");
          run = next;
        }
      in->in_chunk += next - p;
      in->total += next - p;
      p = next;
    }
  if (!in->done)
    append_escaped (in->markup, run, p - run);
}

char **
_parlance_markdown_inline_markup (const ParlanceMarkdownBlock *block,
                                  gsize                        chunk_bytes,
                                  gsize                        max_bytes,
                                  gboolean                    *elided)
{
  Inline in = { 0, };
  gsize len = 0;
  const char *text = parlance_markdown_block_get_text (block, &len);
  guint n_spans = 0;
  const ParlanceMarkdownSpan *spans = parlance_markdown_block_get_spans (block, &n_spans);
  g_autofree char *valid = NULL;

  /* The document promises UTF-8; a label given anything else would show nothing. */
  if (!g_utf8_validate (text, (gssize) len, NULL))
    {
      valid = g_utf8_make_valid (text, (gssize) len);
      text = valid;
      len = strlen (valid);
      n_spans = 0;
    }

  in.chunks = g_ptr_array_new ();
  in.markup = g_string_new (NULL);
  in.chunk_bytes = chunk_bytes;
  in.max_bytes = max_bytes;

  if (n_spans == 0)
    add_text (&in, text, len);
  for (guint i = 0; i < n_spans && !in.done; i++)
    {
      const ParlanceMarkdownSpan *span = &spans[i];
      guint start = MIN (span->start, len), end = MIN (MAX (span->end, start), len);

      in.span = span;
      open_tags (&in);
      if ((span->style & PARLANCE_MARKDOWN_STYLE_IMAGE) && start == end && is_link (span))
        add_text (&in, span->href, strlen (span->href));
      else
        add_text (&in, text + start, end - start);
      close_tags (&in);
    }
  close_tags (&in);
  g_ptr_array_add (in.chunks, g_string_free (in.markup, FALSE));
  g_ptr_array_add (in.chunks, NULL);
  if (in.elided)
    *elided = TRUE;
  return (char **) g_ptr_array_free (in.chunks, FALSE);
}

gboolean
_parlance_markdown_link_allowed (const char *uri)
{
  const char *scheme = g_uri_peek_scheme (uri);

  return scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
                            g_str_equal (scheme, "mailto"));
}
