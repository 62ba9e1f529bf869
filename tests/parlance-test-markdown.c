/* parlance-test-markdown.c — helpers for the Markdown document's tests and fuzz target.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-test-markdown.h"

char *
ptm_dump (ParlanceMarkdown *doc)
{
  GString *out = g_string_new (NULL);
  guint n = parlance_markdown_get_n_blocks (doc);
  guint n_settled = parlance_markdown_get_n_settled (doc);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *dump = parlance_markdown_block_dump (parlance_markdown_get_block (doc, i));

      if (i == n_settled)
        g_string_append (out, "--- open\n");
      g_string_append (out, dump);
    }
  return g_string_free (out, FALSE);
}

static char *
check_block (const ParlanceMarkdownBlock *block,
             guint                        depth)
{
  gsize length;
  const char *text = parlance_markdown_block_get_text (block, &length);
  guint n_spans, at = 0;
  const ParlanceMarkdownSpan *spans = parlance_markdown_block_get_spans (block, &n_spans);
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);

  if (depth > PARLANCE_MARKDOWN_MAX_DEPTH)
    return g_strdup_printf ("nesting %u deeper than the cap", depth);
  if (!g_utf8_validate (text, length, NULL))
    return g_strdup ("text is not valid UTF-8");
  if (strlen (text) != length)
    return g_strdup ("text holds a NUL");
  if (kind == PARLANCE_MARKDOWN_TABLE &&
      parlance_markdown_block_get_n_columns (block) > PARLANCE_MARKDOWN_MAX_COLUMNS)
    return g_strdup ("too many columns");
  if (kind == PARLANCE_MARKDOWN_TABLE_ROW &&
      parlance_markdown_block_get_n_children (block) > PARLANCE_MARKDOWN_MAX_COLUMNS)
    return g_strdup ("too many cells");
  for (guint i = 0; i < n_spans; i++)
    {
      if (spans[i].start != at || spans[i].end <= spans[i].start || spans[i].end > length)
        return g_strdup_printf ("span %u does not follow on (%u-%u after %u)", i, spans[i].start,
                                spans[i].end, at);
      if ((text[spans[i].start] & 0xc0) == 0x80)
        return g_strdup_printf ("span %u starts inside a character", i);
      if (((spans[i].style & (PARLANCE_MARKDOWN_STYLE_LINK | PARLANCE_MARKDOWN_STYLE_IMAGE)) != 0) !=
          (spans[i].href != NULL))
        return g_strdup_printf ("span %u: href and style disagree", i);
      at = spans[i].end;
    }
  if (n_spans > 0 && at != length)
    return g_strdup ("spans do not cover the text");
  for (guint i = 0; i < parlance_markdown_block_get_n_children (block); i++)
    {
      char *problem = check_block (parlance_markdown_block_get_child (block, i), depth + 1);

      if (problem != NULL)
        return problem;
    }
  return NULL;
}

char *
ptm_check_invariants (ParlanceMarkdown *doc)
{
  guint n = parlance_markdown_get_n_blocks (doc);

  for (guint i = 0; i < n; i++)
    {
      const ParlanceMarkdownBlock *block = parlance_markdown_get_block (doc, i);
      char *problem = check_block (block, 1);

      if (problem != NULL)
        return problem;
      if (parlance_markdown_block_get_open (block) != (i + 1 == n && i >= parlance_markdown_get_n_settled (doc)))
        return g_strdup_printf ("block %u: wrong open flag", i);
    }
  return NULL;
}

ParlanceMarkdown *
ptm_parse_cuts (const char  *text,
                gsize        length,
                const gsize *cuts,
                guint        n_cuts,
                gboolean     look_each_time)
{
  ParlanceMarkdown *doc = parlance_markdown_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_markdown_block_unref);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  gsize at = 0;
  guint64 serial = parlance_markdown_get_serial (doc);

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      guint n_settled;
      gsize before, now;

      g_assert_cmpuint (end, >=, at);
      parlance_markdown_get_text (doc, &before);
      parlance_markdown_append (doc, text + at, end - at);
      parlance_markdown_get_text (doc, &now);
      if (now != before && parlance_markdown_get_serial (doc) == serial)
        g_error ("the serial did not change when the text did");
      serial = parlance_markdown_get_serial (doc);
      at = end;
      n_settled = parlance_markdown_get_n_settled (doc);
      g_assert_cmpuint (n_settled, >=, kept->len);
      /* Settled blocks stay the same objects (and their content, checked at the end). */
      for (guint k = 0; k < kept->len; k++)
        if (parlance_markdown_get_block (doc, k) != kept->pdata[k])
          g_error ("settled block %u was replaced", k);
      for (guint k = kept->len; k < n_settled; k++)
        {
          const ParlanceMarkdownBlock *block = parlance_markdown_get_block (doc, k);

          g_ptr_array_add (kept, parlance_markdown_block_ref ((ParlanceMarkdownBlock *) block));
          g_ptr_array_add (copies, parlance_markdown_block_dump (block));
        }
      if (look_each_time)
        {
          g_autofree char *problem = ptm_check_invariants (doc);

          if (problem != NULL)
            g_error ("after %" G_GSIZE_FORMAT " bytes: %s", at, problem);
        }
    }
  parlance_markdown_finish (doc);
  for (guint k = 0; k < kept->len; k++)
    {
      g_autofree char *dump = parlance_markdown_block_dump (kept->pdata[k]);

      if (parlance_markdown_get_block (doc, k) != kept->pdata[k])
        g_error ("settled block %u was replaced by finish ()", k);
      if (strcmp (dump, copies->pdata[k]) != 0)
        g_error ("settled block %u changed:\n%s-- was --\n%s", k, dump, (char *) copies->pdata[k]);
    }
  return doc;
}

char *
ptm_compare (ParlanceMarkdown *a,
             ParlanceMarkdown *b)
{
  guint na = parlance_markdown_get_n_blocks (a);
  guint nb = parlance_markdown_get_n_blocks (b);

  for (guint i = 0; i < MAX (na, nb); i++)
    {
      g_autofree char *da = i < na ? parlance_markdown_block_dump (parlance_markdown_get_block (a, i)) : g_strdup ("(none)\n");
      g_autofree char *db = i < nb ? parlance_markdown_block_dump (parlance_markdown_get_block (b, i)) : g_strdup ("(none)\n");

      if (i >= na || i >= nb ||
          !parlance_markdown_block_equal (parlance_markdown_get_block (a, i), parlance_markdown_get_block (b, i)))
        return g_strdup_printf ("block %u differs:\n%s-- versus --\n%s", i, da, db);
      if (strcmp (da, db) != 0)
        return g_strdup_printf ("block %u: equal, but dumps differ:\n%s-- versus --\n%s", i, da, db);
    }
  return NULL;
}

static char *
compare_cuts (ParlanceMarkdown *whole,
              const char       *what,
              const char       *text,
              gsize             length,
              GArray           *cuts,
              gboolean          look)
{
  g_autoptr(ParlanceMarkdown) split = ptm_parse_cuts (text, length, (gsize *) (void *) cuts->data, cuts->len, look);
  g_autofree char *difference = ptm_compare (whole, split);
  g_autofree char *problem = ptm_check_invariants (split);

  if (difference != NULL)
    return g_strdup_printf ("%s: %s", what, difference);
  if (problem != NULL)
    return g_strdup_printf ("%s: %s", what, problem);
  return NULL;
}

char *
ptm_check_splits (const char *text,
                  gsize       length,
                  guint32     seed)
{
  g_autoptr(ParlanceMarkdown) whole = ptm_parse_cuts (text, length, NULL, 0, TRUE);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  char *problem;

  for (gsize i = 1; i < length; i++)
    g_array_append_val (cuts, i);
  if ((problem = compare_cuts (whole, "byte by byte", text, length, cuts, TRUE)) != NULL)
    return problem;

  g_array_set_size (cuts, 0);
  for (gsize i = g_rand_int_range (rand, 1, 9); i < length; i += g_rand_int_range (rand, 1, 9))
    g_array_append_val (cuts, i);
  if ((problem = compare_cuts (whole, "token by token", text, length, cuts, TRUE)) != NULL)
    return problem;

  g_array_set_size (cuts, 0);
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\n')
      {
        gsize cut = i + 1;

        g_array_append_val (cuts, cut);
      }
  return compare_cuts (whole, "line by line", text, length, cuts, FALSE);
}

static void
add_words (GHashTable *words,
           const char *text,
           gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  const char *p = valid;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_hash_table_add (words, g_strndup (start, p - start));
    }
}

static void
collect_words (GHashTable                  *words,
               const ParlanceMarkdownBlock *block)
{
  gsize length;
  const char *text = parlance_markdown_block_get_text (block, &length);
  guint n_spans;
  const ParlanceMarkdownSpan *spans = parlance_markdown_block_get_spans (block, &n_spans);

  /* Word by word within each span, as a renderer's tags split words too. */
  if (n_spans == 0)
    add_words (words, text, length);
  for (guint i = 0; i < n_spans; i++)
    add_words (words, text + spans[i].start, spans[i].end - spans[i].start);
  if (parlance_markdown_block_get_language (block) != NULL)
    add_words (words, parlance_markdown_block_get_language (block), -1);
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].href != NULL)
      add_words (words, spans[i].href, strlen (spans[i].href));
  for (guint i = 0; i < parlance_markdown_block_get_n_children (block); i++)
    collect_words (words, parlance_markdown_block_get_child (block, i));
}

char *
ptm_missing_word (ParlanceMarkdown *doc,
                  const char       *source)
{
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer word;

  for (guint i = 0; i < parlance_markdown_get_n_blocks (doc); i++)
    collect_words (have, parlance_markdown_get_block (doc, i));
  add_words (want, source, strlen (source));
  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    if (!g_hash_table_contains (have, word))
      return g_strdup (word);
  return NULL;
}

/* The words a renderer shows for @html: the text between tags, and images' alt text. */
char *
ptm_html_words (const char *html)
{
  GString *out = g_string_new (NULL);

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          const char *alt = strstr (p, " alt=\"");

          if (end == NULL)
            break;
          if (alt != NULL && alt < end && g_str_has_prefix (p, "<img"))
            {
              const char *close = strchr (alt + 6, '"');

              if (close != NULL)
                {
                  g_autofree char *value = g_strndup (alt + 6, close - alt - 6);
                  g_autofree char *words = ptm_html_words (value);

                  g_string_append (out, words);
                  g_string_append_c (out, ' ');
                }
            }
          g_string_append_c (out, ' ');
          p = end;
        }
      else if (*p == '&')
        {
          /* Entities of the expected output stand for punctuation or a character the
           * document decodes: leave them out. */
          const char *end = strchr (p, ';');

          if (end != NULL && end - p < 12)
            p = end;
          g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
