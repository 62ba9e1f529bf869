/* parlance-display-text.c — untrusted text made safe to show in a widget.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The terminal has its own filter (parlance-terminal-filter.c); this one is for GTK labels and
 * text views, which draw every character they get: a control character shows as a box and a
 * bidirectional override reverses what follows it on screen (but not in the copied text).
 */

#include "config.h"

#include <string.h>

#include "parlance-display-text.h"

#define REPLACEMENT "\xef\xbf\xbd"

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Bytes that may start something to change: controls, DEL, and every non-ASCII byte (C1
 * controls, bidirectional controls and invalid UTF-8 are found by decoding). */
static inline gboolean
needs_look (guchar b)
{
  return (b < 0x20 && b != '\n' && b != '\t') || b >= 0x7F;
}

void
parlance_display_text_append (GString    *out,
                              const char *text,
                              gssize      length)
{
  const char *p, *end, *run;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (length < 0)
    length = (gssize) strlen (text);
  p = run = text;
  end = text + length;
  while (p < end)
    {
      guchar b = (guchar) *p;
      gunichar c;
      const char *next;

      if (!needs_look (b))
        {
          p++;
          continue;
        }
      if (b < 0x80)
        {
          g_string_append_len (out, run, p - run);
          if (b == 0x7F)
            g_string_append (out, "\xe2\x90\xa1");             /* ␡ */
          else if (b == 0)
            g_string_append (out, REPLACEMENT);
          else
            g_string_append_unichar (out, 0x2400 + b);          /* ␀…␟ */
          run = ++p;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, REPLACEMENT);
          run = ++p;
          continue;
        }
      next = g_utf8_next_char (p);
      if (is_bidi_control (c) || (c >= 0x80 && c <= 0x9F))
        {
          g_string_append_len (out, run, p - run);
          if (!is_bidi_control (c))
            g_string_append (out, REPLACEMENT);
          run = next;
        }
      p = next;
    }
  g_string_append_len (out, run, end - run);
}

char *
parlance_display_text (const char *text,
                       gssize      length)
{
  GString *out = g_string_new (NULL);

  parlance_display_text_append (out, text, length);
  return g_string_free (out, FALSE);
}
