/* parlance-conversation-title.c — a title from the first user message, at once.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-conversation.h"
#include "parlance-conversation-private.h"

#define TITLE_MAX_CHARS 60

/* Appends @line's words to @title with single spaces; control characters count as space. */
static void
collapse_spaces (GString    *title,
                 const char *line,
                 const char *end)
{
  gboolean space = FALSE;

  for (const char *p = line; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200B || c == 0xFEFF)
        {
          space = title->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (title, ' ');
      space = FALSE;
      g_string_append_unichar (title, c);
    }
}

/**
 * parlance_conversation_title_from_text:
 * @text: (nullable): the first user message
 *
 * Its first line that has words, white space collapsed, at most 60 characters: a longer line
 * is cut after its last whole word that fits, followed by "…".
 *
 * Returns: (transfer full): a title, never empty
 */
char *
parlance_conversation_title_from_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) title = g_string_new (NULL);
  const char *line = valid;

  while (title->len == 0 && *line != '\0')
    {
      const char *end = strchr (line, '\n');

      if (end == NULL)
        end = line + strlen (line);
      collapse_spaces (title, line, end);
      line = *end != '\0' ? end + 1 : end;
    }
  if (title->len == 0)
    return g_strdup (_("New Conversation"));

  if (g_utf8_strlen (title->str, -1) > TITLE_MAX_CHARS)
    {
      /* Room for the ellipsis: the words that fit in 59 characters. */
      char *cut = g_utf8_offset_to_pointer (title->str, TITLE_MAX_CHARS - 1);
      char *space = NULL;

      if (*cut != ' ')
        space = g_utf8_strrchr (title->str, cut - title->str, ' ');
      if (space != NULL && space > title->str)
        cut = space;
      g_string_truncate (title, cut - title->str);
      while (title->len > 0 && title->str[title->len - 1] == ' ')
        g_string_truncate (title, title->len - 1);
      g_string_append (title, "…");
    }
  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* Characters a title never shows: bidi marks, embeddings, overrides and isolates could turn the
 * rest of the sidebar row around; zero-width ones hide nothing useful. */
gboolean
_parlance_conversation_is_invisible_format (gunichar c)
{
  return c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F || c == 0xFEFF ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* The end of the escape sequence at @p (ESC or a C1 introducer, already read as @c), so that
 * "ESC[31m" or an OSC with its payload goes whole, not just its first byte. Search snippets
 * drop them the same way. */
const char *
_parlance_conversation_skip_escape (const char *p,
                                    gunichar    c)
{
  const char *q = g_utf8_next_char (p);
  gboolean string;

  if (c == 0x1b)
    {
      if (*q == '[')
        c = 0x9b;
      else if (*q == ']' || *q == 'P' || *q == 'X' || *q == '^' || *q == '_')
        c = 0x9d;
      else
        return *q >= 0x20 && *q < 0x7f ? q + 1 : q;
      q++;
    }
  if (c == 0x9b)
    {
      /* CSI: parameter and intermediate bytes, then one final byte. */
      while (*q >= 0x20 && *q < 0x40)
        q++;
      return *q >= 0x40 && *q < 0x7f ? q + 1 : q;
    }
  string = c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f;
  if (!string)
    return q;
  /* A string (OSC, DCS…): up to BEL or ST; a title has no line break, so one ends it too. */
  while (*q != '\0' && *q != '\a' && *q != '\n')
    {
      if (q[0] == 0x1b && q[1] == '\\')
        return q + 2;
      if ((guchar) q[0] == 0xc2 && (guchar) q[1] == 0x9c)
        return q + 2;
      q = g_utf8_next_char (q);
    }
  return *q == '\a' ? q + 1 : q;
}

/**
 * _parlance_conversation_clean_title:
 * @title: (nullable): a title from anywhere (the user, the model, the command line, the store)
 *
 * Makes @title valid UTF-8 without control characters (C0, DEL, C1) or bidi overrides: escape
 * sequences go whole, line breaks, tabs and other white-space controls become one space each
 * run, the rest are dropped.
 *
 * Returns: (transfer full) (nullable): the clean title, %NULL for %NULL
 */
char *
_parlance_conversation_clean_title (const char *title)
{
  g_autofree char *valid = NULL;
  GString *clean;
  gboolean space = FALSE;

  if (title == NULL)
    return NULL;
  valid = g_utf8_make_valid (title, -1);
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x1b || (c >= 0x90 && c <= 0x9f))
        {
          p = _parlance_conversation_skip_escape (p, c);
          continue;
        }
      p = g_utf8_next_char (p);
      if (c == 0x85 || c == 0x2028 || c == 0x2029 || (g_unichar_iscntrl (c) && g_unichar_isspace (c)))
        {
          space = TRUE;
          continue;
        }
      if (g_unichar_iscntrl (c) || _parlance_conversation_is_invisible_format (c))
        continue;
      if (space && clean->len > 0 && clean->str[clean->len - 1] != ' ' && c != ' ')
        g_string_append_c (clean, ' ');
      space = FALSE;
      g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}
