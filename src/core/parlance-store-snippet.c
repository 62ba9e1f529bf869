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
 * bytes never come from the text, so a mark is always ours.
 */

#include "config.h"

#include <string.h>

#include "parlance-store-private.h"

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

/* Text from the store, on one line: the mark bytes and every control character a space. */
static void
append_text (GString    *out,
             const char *text,
             gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (c < 0x20 || c == 0x7f || c == ' ')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, c);
    }
}

static char *
build (Marks      *marks,
       const char *text,
       guint       first,
       guint       last)
{
  GString *out = g_string_new (NULL);
  GArray *doc = marks->tokens;
  int at = first > 0 ? g_array_index (doc, StoreToken, first).start : 0;
  int end = last < doc->len ? g_array_index (doc, StoreToken, last - 1).end : (int) strlen (text);

  if (first > 0)
    g_string_append (out, "…");
  for (guint k = first; k < last; k++)
    {
      StoreToken *t = &g_array_index (doc, StoreToken, k);
      gboolean in = marks->matched[k] != 0;
      gboolean was = k > first && marks->matched[k - 1] != 0;
      gboolean next = k + 1 < last && marks->matched[k + 1] != 0;

      append_text (out, text + at, t->start - at);
      if (in && !was)
        g_string_append (out, PARLANCE_SEARCH_MARK_START);
      append_text (out, text + t->start, t->end - t->start);
      if (in && !next)
        g_string_append (out, PARLANCE_SEARCH_MARK_END);
      at = t->end;
    }
  append_text (out, text + at, MAX (end - at, 0));
  if (last < doc->len)
    g_string_append (out, "…");
  /* Trimmed: one line, no space at either end. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len > 0 && out->str[0] == ' ')
    g_string_erase (out, 0, 1);
  return g_string_free (out, FALSE);
}

/**
 * _parlance_store_snippet:
 * @text: the stored text (valid UTF-8)
 * @words: (array zero-terminated=1): the words typed, as they were typed
 * @window: how many tokens to show around the best match; 0 for the whole text
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
