/* parlance-terminal-filter.c — text from a server made safe to write to a terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reply is written as it streams, and a terminal obeys what it is given: ESC ] 0 ; … BEL sets
 * its title, ESC ] 52 ; … its clipboard, ESC [ 2 J clears it. The filter drops every escape
 * sequence (ESC, CSI, OSC, DCS, SOS, PM, APC, whether sent as 7-bit ESC pairs or as the C1
 * characters U+0080–U+009F), shows the other control characters as visible symbols (␇ for BEL),
 * drops the bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 * U+061C) that would reorder the text, and replaces invalid UTF-8 with U+FFFD. Newline and tab
 * pass, and so does a carriage return right before a newline (Windows line ends), as the
 * newline alone. Its state carries over between
 * calls, so a sequence split across two deltas is still recognised.
 */

#include "config.h"

#include <string.h>

#include "parlance-terminal-filter.h"

/* Longest escape sequence dropped silently; past it the filter goes back to plain text, so that a
 * stray ESC [ or ESC ] can't hide the rest of a reply. */
#define MAX_SEQUENCE 4096

typedef enum
{
  STATE_TEXT,
  STATE_ESC,          /* after ESC */
  STATE_ESC_INTER,    /* after ESC and intermediate bytes, as in ESC ( B */
  STATE_CSI,          /* ESC [ or U+009B, until a final byte */
  STATE_STRING,       /* OSC, DCS, SOS, PM, APC, until BEL or ST */
  STATE_STRING_ESC,   /* ESC inside a string: ESC \ is ST */
} State;

struct _ParlanceTerminalFilter
{
  State    state;
  gsize    sequence_len;
  gboolean pending_cr;   /* a carriage return, shown unless a newline follows */
  guint8 utf8[4];
  guint  utf8_len;
  guint  utf8_need;
};

/**
 * parlance_terminal_filter_new:
 *
 * Returns: (transfer full): a filter in its initial state
 */
ParlanceTerminalFilter *
parlance_terminal_filter_new (void)
{
  return g_new0 (ParlanceTerminalFilter, 1);
}

/**
 * parlance_terminal_filter_free:
 * @filter: (nullable): a filter
 *
 * Frees @filter; what it held back (an unfinished sequence or character) is dropped.
 */
void
parlance_terminal_filter_free (ParlanceTerminalFilter *filter)
{
  g_free (filter);
}

static void
append_unichar (GString  *out,
                gunichar  c)
{
  char buf[6];

  g_string_append_len (out, buf, g_unichar_to_utf8 (c, buf));
}

static void
append_visible_control (GString  *out,
                        gunichar  c)
{
  if (c < 0x20)
    append_unichar (out, 0x2400 + c);   /* ␀ … ␟ */
  else if (c == 0x7f)
    append_unichar (out, 0x2421);       /* ␡ */
  else
    append_unichar (out, 0xfffd);       /* the rest of C1 */
}

/* Bidirectional formatting characters: embeddings, overrides, isolates and the marks. A
 * terminal that applies bidi would show the text after them in another order ("RLO" as "OLR"),
 * which can hide what a command or a name really is; the text's own letters keep their
 * direction without them. */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
starts_string (gunichar c)
{
  /* DCS, SOS, OSC, PM, APC as C1 characters */
  return c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f;
}

/* Handles one character; FALSE when it ended a sequence without belonging to it, and must be
 * handled again as text. */
static gboolean
handle_char (ParlanceTerminalFilter *filter,
             gunichar                c,
             const char             *bytes,
             gsize                   n_bytes,
             GString                *out)
{
  if (filter->state != STATE_TEXT && ++filter->sequence_len > MAX_SEQUENCE)
    {
      filter->state = STATE_TEXT;
      return FALSE;
    }

  switch (filter->state)
    {
    case STATE_TEXT:
      filter->sequence_len = 0;
      if (c == 0x1b)
        filter->state = STATE_ESC;
      else if (c == 0x9b)
        filter->state = STATE_CSI;
      else if (starts_string (c))
        filter->state = STATE_STRING;
      else if (c == '\n' || c == '\t')
        g_string_append_c (out, (char) c);
      else if (c == '\r')
        filter->pending_cr = TRUE;
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        append_visible_control (out, c);
      else if (is_bidi_control (c))
        ; /* dropped: nothing reorders the text on screen */
      else
        g_string_append_len (out, bytes, n_bytes);
      return TRUE;

    case STATE_ESC:
      if (c == '[')
        filter->state = STATE_CSI;
      else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
        filter->state = STATE_STRING;
      else if (c == 0x1b)
        ; /* ESC ESC: the first one is dropped */
      else if (c >= 0x20 && c <= 0x2f)
        filter->state = STATE_ESC_INTER;
      else if (c >= 0x30 && c <= 0x7e)
        filter->state = STATE_TEXT;
      else
        {
          filter->state = STATE_TEXT;
          return FALSE;
        }
      return TRUE;

    case STATE_ESC_INTER:
      if (c >= 0x30 && c <= 0x7e)
        filter->state = STATE_TEXT;
      else if (!(c >= 0x20 && c <= 0x2f))
        {
          filter->state = STATE_TEXT;
          return FALSE;
        }
      return TRUE;

    case STATE_CSI:
      if (c >= 0x40 && c <= 0x7e)
        filter->state = STATE_TEXT;
      else if (!(c >= 0x20 && c <= 0x3f))
        {
          filter->state = STATE_TEXT;
          return FALSE;
        }
      return TRUE;

    case STATE_STRING:
      if (c == 0x07 || c == 0x9c)
        filter->state = STATE_TEXT;
      else if (c == 0x1b)
        filter->state = STATE_STRING_ESC;
      else if (c == '\n')
        {
          /* No title or clipboard text holds a newline: this was a stray ESC ], and the text
           * goes on. */
          filter->state = STATE_TEXT;
          return FALSE;
        }
      return TRUE;

    case STATE_STRING_ESC:
      if (c == '\\')
        {
          filter->state = STATE_TEXT;
          return TRUE;
        }
      filter->state = STATE_ESC;
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static void
handle (ParlanceTerminalFilter *filter,
        gunichar                c,
        const char             *bytes,
        gsize                   n_bytes,
        GString                *out)
{
  if (filter->pending_cr)
    {
      filter->pending_cr = FALSE;
      if (!(c == '\n' && filter->state == STATE_TEXT))
        append_visible_control (out, '\r');
    }

  while (!handle_char (filter, c, bytes, n_bytes, out))
    ;
}

static void
handle_invalid (ParlanceTerminalFilter *filter,
                GString                *out)
{
  static const char replacement[] = "\xef\xbf\xbd";

  handle (filter, 0xfffd, replacement, 3, out);
}

static guint
utf8_sequence_length (guint8 b)
{
  if (b >= 0xc2 && b <= 0xdf)
    return 2;
  if (b >= 0xe0 && b <= 0xef)
    return 3;
  if (b >= 0xf0 && b <= 0xf4)
    return 4;
  return 0;
}

/**
 * parlance_terminal_filter_feed:
 * @filter: a filter
 * @data: (array length=length): the next bytes of the text, cut anywhere
 * @out: where the safe text is appended
 *
 * Filters @data, keeping what an escape sequence or a UTF-8 character cut at the end has begun
 * for the next call.
 */
void
parlance_terminal_filter_feed (ParlanceTerminalFilter *filter,
                               const char             *data,
                               gsize                   length,
                               GString                *out)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (out != NULL);

  for (gsize i = 0; i < length; i++)
    {
      guint8 b = (guint8) data[i];

      if (filter->utf8_need > 0)
        {
          if ((b & 0xc0) != 0x80)
            {
              /* A character cut short: mark it, then read this byte afresh. */
              filter->utf8_need = 0;
              handle_invalid (filter, out);
              i--;
              continue;
            }
          filter->utf8[filter->utf8_len++] = b;
          if (filter->utf8_len < filter->utf8_need)
            continue;

          filter->utf8_need = 0;
          if (g_utf8_validate ((const char *) filter->utf8, filter->utf8_len, NULL))
            handle (filter, g_utf8_get_char ((const char *) filter->utf8),
                    (const char *) filter->utf8, filter->utf8_len, out);
          else
            handle_invalid (filter, out);
          continue;
        }

      if (b < 0x80)
        handle (filter, b, (const char *) &data[i], 1, out);
      else if (utf8_sequence_length (b) > 0)
        {
          filter->utf8[0] = b;
          filter->utf8_len = 1;
          filter->utf8_need = utf8_sequence_length (b);
        }
      else
        handle_invalid (filter, out);
    }
}

/**
 * parlance_terminal_filter_finish:
 * @filter: a filter
 * @out: where the end of the safe text is appended
 *
 * Ends the text: a UTF-8 character cut short is shown as U+FFFD, an unfinished escape sequence is
 * dropped, and the filter is ready for a new text.
 */
void
parlance_terminal_filter_finish (ParlanceTerminalFilter *filter,
                                 GString                *out)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (out != NULL);

  if (filter->utf8_need > 0)
    {
      filter->utf8_need = 0;
      handle_invalid (filter, out);
    }
  if (filter->pending_cr)
    append_visible_control (out, '\r');
  memset (filter, 0, sizeof *filter);
}

/**
 * parlance_terminal_sanitize:
 * @text: (nullable): text from a server, such as an error message
 *
 * Returns: (transfer full) (nullable): @text without escape sequences or control characters but
 *   newline and tab, in valid UTF-8
 */
char *
parlance_terminal_sanitize (const char *text)
{
  g_autoptr(ParlanceTerminalFilter) filter = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  filter = parlance_terminal_filter_new ();
  out = g_string_new (NULL);
  parlance_terminal_filter_feed (filter, text, strlen (text), out);
  parlance_terminal_filter_finish (filter, out);

  return g_string_free (out, FALSE);
}

/**
 * parlance_terminal_escape_json:
 * @json: (nullable): generated JSON text, in UTF-8
 *
 * json-glib escapes the controls below U+0020 but writes DEL and the C1 controls
 * (U+0080–U+009F, such as U+009B, a CSI) as they are; a terminal would obey them. Outside
 * strings JSON is ASCII, so every one of them is inside a string, where `\u00XX` is the same
 * character: the value stays the same and the text stays valid JSON.
 *
 * Returns: (transfer full) (nullable): @json with U+007F–U+009F written as `\u00XX`
 */
char *
parlance_terminal_escape_json (const char *json)
{
  GString *out;

  if (json == NULL)
    return NULL;

  out = g_string_sized_new (strlen (json));
  for (const guchar *p = (const guchar *) json; *p != '\0'; p++)
    {
      if (*p == 0x7f)
        g_string_append (out, "\\u007f");
      else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        {
          g_string_append_printf (out, "\\u%04x", (guint) p[1]);
          p++;
        }
      else
        g_string_append_c (out, (char) *p);
    }

  return g_string_free (out, FALSE);
}
