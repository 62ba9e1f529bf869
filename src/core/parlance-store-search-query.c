/* parlance-store-search-query.c — what a person typed, as FTS5 strings: never as syntax.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person typed is cut into words at white space, each word becomes an FTS5 string
 * ("…", quotes doubled) matched as a prefix, and the words are ANDed. Inside a string FTS5
 * knows no operators, so `-`, `*`, `OR`, `NEAR`, parentheses and colons are only characters;
 * the tokenizer drops punctuation and a word of punctuation alone is left out before it gets
 * there.
 */

#include "config.h"

#include <string.h>

#include "parlance-store-private.h"

/* What a query is cut to: a pasted page must not become a query of thousands of words. */
#define MAX_WORDS       16
#define MAX_WORD_BYTES  200

/* A word holds something the tokenizer keeps: a letter, a digit, a private-use character. */
static gboolean
has_token_character (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE ||
          _parlance_store_is_cjk (c))
        return TRUE;
    }
  return FALSE;
}

static void
add_word (GPtrArray  *words,
          const char *start,
          const char *end)
{
  g_autofree char *word = NULL;
  GString *term;

  /* Cut at a character boundary: the word is still found, as a prefix. */
  if (end - start > MAX_WORD_BYTES)
    end = g_utf8_find_prev_char (start, start + MAX_WORD_BYTES + 1);
  word = g_strndup (start, end - start);
  if (!has_token_character (word))
    return;
  term = g_string_new ("\"");
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (term, '"');
      g_string_append_c (term, *p);
    }
  g_string_append (term, "\"*");
  g_ptr_array_add (words, g_string_free (term, FALSE));
}

/* Returns: (transfer full): the words of @text as FTS5 prefix strings, at most MAX_WORDS */
GPtrArray *
_parlance_store_search_words (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = valid;

  while (*p != '\0' && words->len < MAX_WORDS)
    {
      const char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        add_word (words, start, p);
    }
  return words;
}

/* The words whose bit in @mask is @set, as one FTS5 query (they are ANDed); those in @exact
 * as whole tokens, without the prefix star. */
char *
_parlance_store_search_join (GPtrArray *words,
                             guint      mask,
                             gboolean   set,
                             guint      exact)
{
  GString *query = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      const char *term = words->pdata[i];

      if (((mask & (1u << i)) != 0) != set)
        continue;
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_len (query, term, strlen (term) - ((exact & (1u << i)) != 0));
    }
  return g_string_free (query, FALSE);
}

/**
 * parlance_store_search_query_to_fts:
 * @text: what a person typed (any bytes; invalid UTF-8 is replaced)
 *
 * Every word of @text (cut at white space) as an FTS5 string matched as a prefix, ANDed; words
 * without a letter or digit are left out, and so are words past the sixteenth. The result is
 * always a valid FTS5 query.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text holds no word
 */
char *
parlance_store_search_query_to_fts (const char *text)
{
  g_autoptr(GPtrArray) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  words = _parlance_store_search_words (text);
  if (words->len == 0)
    return NULL;
  return _parlance_store_search_join (words, 0, FALSE, 0);
}

/* The words (as typed) whose bit in @mask is @set, for the snippet. */
GStrv
_parlance_store_search_typed_words (GPtrArray *words,
                                    guint      mask,
                                    gboolean   set)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < words->len; i++)
    {
      const char *term = words->pdata[i];
      g_autoptr(GString) word = g_string_new_len (term + 1, strlen (term) - 3);

      if (((mask & (1u << i)) != 0) != set)
        continue;
      g_string_replace (word, "\"\"", "\"", 0);
      g_strv_builder_add (builder, word->str);
    }
  return g_strv_builder_end (builder);
}
