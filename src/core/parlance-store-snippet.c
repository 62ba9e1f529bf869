/* parlance-store-snippet.c — the words around a match, with the matched words marked.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FTS5's snippet() runs the whole query again for each row, and a prefix query merges the
 * lists of every word it covers each time: tens of milliseconds a snippet on a big history.
 * This tokenizes the text with the index's own tokenizer and finds the typed words in it, as
 * FTS5 matches them: a word is a phrase of its tokens, the last one a prefix.
 *
 * The snippet is one line: white space and control characters become one space, and the mark
 * bytes never come from the text, so a mark is always ours. It is short whatever the text:
 * at most SNIPPET_SIDE_CHARS characters of context on each side, long words cut.
 */

#include "config.h"

#include <string.h>

#include "parlance-conversation-private.h"
#include "parlance-store-private.h"

/* However long the text or its words: this much on each side of the first match, and of
 * one word (a 2 MB word is cut, with "…"). */
#define SNIPPET_SIDE_CHARS 64
#define SNIPPET_WORD_CHARS 64
/* How far before the cut to look for an escape sequence the cut fell into. */
#define SNIPPET_ESCAPE_LOOKBACK 1024

typedef struct
{
  GArray *tokens;   /* StoreToken */
  guint  *matched;  /* per token: the words (bits) whose match covers it */
  guint  *starts;   /* per token: the words whose match starts there */
} Marks;

static void
find_word (Marks      *marks,
           GArray     *word,
           guint       bit)
{
  GArray *doc = marks->tokens;
  guint m = word->len;

  if (m == 0 || doc->len < m)
    return;
  for (guint i = 0; i + m <= doc->len; i++)
    {
      gboolean match = TRUE;

      for (guint j = 0; j < m && match; j++)
        {
          const char *d = g_array_index (doc, StoreToken, i + j).token;
          const char *q = g_array_index (word, StoreToken, j).token;

          match = (j + 1 < m) ? g_str_equal (d, q) : g_str_has_prefix (d, q);
        }
      if (!match)
        continue;
      marks->starts[i] |= bit;
      for (guint j = 0; j < m; j++)
        marks->matched[i + j] |= bit;
    }
}

/* The first token of the window of @window tokens that holds the most different words,
 * the first match a few tokens in. */
static guint
best_window (Marks *marks,
             guint  window)
{
  guint n = marks->tokens->len;
  guint best = 0, best_count = 0, first = 0;

  if (window == 0 || n <= window)
    return 0;
  for (guint s = 0; s + window <= n; s++)
    {
      guint words = 0;

      if (marks->starts[s] == 0)
        continue;
      for (guint k = s; k < s + window; k++)
        words |= marks->starts[k];
      if ((guint) __builtin_popcount (words) > best_count)
        {
          best_count = __builtin_popcount (words);
          best = s;
        }
    }
  first = best;
  best = first > 3 ? first - 3 : 0;
  return MIN (best, n - window);
}

/* The snippet being written, and where in the text an escape sequence that began in an
 * earlier piece ends. */
typedef struct
{
  GString    *str;
  const char *skip_to;
} Out;

/* Text from the store, on one line: white space and control characters one space (the mark
 * bytes too), escape sequences dropped whole ("ESC[31m", not just ESC) and the characters that
 * reorder text or hide (bidi overrides, isolates, marks) dropped, as in titles. */
static void
append_text (Out        *out,
             const char *text,
             gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      guchar b = *p;
      gunichar c = b < 0x80 ? b : g_utf8_get_char (p);
      const char *next = b < 0x80 ? p + 1 : g_utf8_next_char (p);

      if (p < out->skip_to)
        {
          p = MIN (out->skip_to, end);
          continue;
        }
      if (c == 0x1b || (c >= 0x90 && c <= 0x9f))
        {
          out->skip_to = MAX (_parlance_conversation_skip_escape (p, c), next);
          continue;
        }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == ' ')
        {
          if (out->str->len > 0 && out->str->str[out->str->len - 1] != ' ')
            g_string_append_c (out->str, ' ');
        }
      else if (!_parlance_conversation_is_invisible_format (c))
        g_string_append_len (out->str, p, next - p);
      p = next;
    }
}

/* Appends at most *@budget characters of @text[0, @len) as append_text () does, and spends
 * them on what shows; FALSE when it had to stop short. */
static gboolean
append_bounded (Out        *out,
                const char *text,
                gsize       len,
                glong      *budget)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *next;
      gsize before = out->str->len;

      if (*budget <= 0)
        return FALSE;
      next = g_utf8_find_next_char (p, end);
      if (next == NULL)
        next = end;
      append_text (out, p, next - p);
      if (out->str->len != before)
        (*budget)--;
      p = MAX (next, MIN (out->skip_to, end));
    }
  return TRUE;
}

/* Reads @text[0, @len) for escape sequences only: where one that goes on past it ends. */
static void
skip_only (Out        *out,
           const char *text,
           gsize       len)
{
  gsize before = out->str->len;

  append_text (out, text, len);
  g_string_truncate (out->str, before);
}

/* Where the text before the first match starts: at most SNIPPET_SIDE_CHARS characters back
 * from @to, not before @floor, and not on the white space a cut left. */
static const char *
left_start (const char *floor,
            const char *to)
{
  const char *from = to;

  for (guint n = 0; from > floor && n < SNIPPET_SIDE_CHARS; n++)
    {
      const char *prev = g_utf8_find_prev_char (floor, from);

      if (prev == NULL)
        break;
      from = prev;
    }
  if (from > floor)
    while (from < to && (guchar) *from <= ' ')
      from++;
  return from;
}

static char *
build (Marks      *marks,
       const char *text,
       guint       first,
       guint       last)
{
  Out out = { g_string_new (NULL), NULL };
  GArray *doc = marks->tokens;
  gsize text_len = strlen (text);
  guint anchor = first;
  int at = first > 0 ? g_array_index (doc, StoreToken, first).start : 0;
  const char *from, *scan;
  glong budget = SNIPPET_SIDE_CHARS;
  gboolean open = FALSE, cut = FALSE;

  /* A text of no words at all: its beginning. */
  if (first >= last)
    {
      budget = 2 * SNIPPET_SIDE_CHARS;
      if (!append_bounded (&out, text, text_len, &budget))
        g_string_append (out.str, "…");
      goto trim;
    }

  /* Bounded in characters as well as in words: one word can be megabytes long. */
  while (anchor + 1 < last && marks->matched[anchor] == 0)
    anchor++;
  if (marks->matched[anchor] == 0)
    anchor = first;
  from = left_start (text + at, text + g_array_index (doc, StoreToken, anchor).start);
  /* An escape sequence the cut fell into goes whole all the same. */
  scan = MAX (text + at, from - MIN ((gsize) (from - text), SNIPPET_ESCAPE_LOOKBACK));
  while (scan > text && ((guchar) *scan & 0xc0) == 0x80)
    scan--;
  skip_only (&out, scan, from - scan);
  if (first > 0 || from > text + at)
    g_string_append (out.str, "…");
  append_text (&out, from, text + g_array_index (doc, StoreToken, anchor).start - from);
  at = g_array_index (doc, StoreToken, anchor).start;

  for (guint k = anchor; k < last && !cut; k++)
    {
      StoreToken *t = &g_array_index (doc, StoreToken, k);
      gboolean next = k + 1 < last && marks->matched[k + 1] != 0;
      /* The first match has a length of its own; the words after it share the budget. */
      glong word = k == anchor ? SNIPPET_WORD_CHARS : MIN (budget, SNIPPET_WORD_CHARS);
      glong before = word;

      if (!append_bounded (&out, text + at, t->start - at, &budget) || (k != anchor && budget <= 0))
        {
          cut = TRUE;
          break;
        }
      if (marks->matched[k] != 0 && !open)
        {
          g_string_append (out.str, PARLANCE_SEARCH_MARK_START);
          open = TRUE;
        }
      cut = !append_bounded (&out, text + t->start, t->end - t->start, &word);
      if (k != anchor)
        budget -= before - word;
      if (open && (!next || cut))
        {
          g_string_append (out.str, PARLANCE_SEARCH_MARK_END);
          open = FALSE;
        }
      at = t->end;
    }
  if (open)
    g_string_append (out.str, PARLANCE_SEARCH_MARK_END);
  if (!cut && last >= doc->len)
    cut = !append_bounded (&out, text + at, text_len - MIN ((gsize) at, text_len), &budget);
  if (cut || last < doc->len)
    {
      while (out.str->len > 0 && out.str->str[out.str->len - 1] == ' ')
        g_string_truncate (out.str, out.str->len - 1);
      g_string_append (out.str, "…");
    }

trim:
  /* Trimmed: one line, no space at either end. */
  while (out.str->len > 0 && out.str->str[out.str->len - 1] == ' ')
    g_string_truncate (out.str, out.str->len - 1);
  if (out.str->len > 0 && out.str->str[0] == ' ')
    g_string_erase (out.str, 0, 1);
  return g_string_free (out.str, FALSE);
}

/**
 * _parlance_store_snippet:
 * @text: the stored text (valid UTF-8)
 * @words: (array zero-terminated=1): the words typed, as they were typed
 * @window: how many tokens to show around the best match; 0 for all of them (the snippet is
 *   bounded in characters all the same)
 *
 * Returns: (transfer full): the snippet, matched words between the marks
 */
char *
_parlance_store_snippet (StoreTokenizer     *tokenizer,
                         const char         *text,
                         const char * const *words,
                         guint               window)
{
  g_autoptr(GArray) tokens = _parlance_store_tokenize (tokenizer, text, FALSE);
  g_autofree guint *matched = g_new0 (guint, tokens->len + 1);
  g_autofree guint *starts = g_new0 (guint, tokens->len + 1);
  Marks marks = { tokens, matched, starts };
  guint first;

  for (guint w = 0; words[w] != NULL && w < 31; w++)
    {
      g_autoptr(GArray) word = _parlance_store_tokenize (tokenizer, words[w], TRUE);

      find_word (&marks, word, 1u << w);
    }
  first = best_window (&marks, window);
  return build (&marks, text, first,
                window == 0 ? tokens->len : MIN (first + window, tokens->len));
}
