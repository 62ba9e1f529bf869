/* parlance-search-results.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-conversation-private.h"
#include "parlance-search-results.h"
#include "parlance-store.h"

/* A matched word: bold on a tint of the accent colour, readable in the light and the dark
 * style (Pango markup can't name CSS colours). */
#define HIGHLIGHT_START "<span weight=\"bold\" bgcolor=\"#3584e4\" bgalpha=\"30%\">"
#define HIGHLIGHT_END   "</span>"

/* What a row shows at most, in characters: three lines of a sidebar and more. A snippet or title
 * may be a whole message of one unbroken word (an import): laying out megabytes would take
 * seconds and memory, and a screen reader would read it all. */
#define MAX_SHOWN_CHARS 300

/* Appends @text[0, len) as one line of plain text: valid UTF-8, control characters (newlines,
 * escapes) as spaces, runs of spaces as one; at most *@budget characters, which it lowers.
 * Returns whether the budget ran out before the end. */
static gboolean
append_clean (GString    *out,
              const char *text,
              gsize       len,
              gboolean    escape,
              guint      *budget)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) MIN (len, (gsize) *budget * 4 + 4));
  gboolean space = out->len > 0 && out->str[out->len - 1] == ' ';

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (*budget == 0)
        return TRUE;
      (*budget)--;

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c) || c == 0x2028 || c == 0x2029)
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          continue;
        }
      space = FALSE;
      if (escape && (c == '<' || c == '>' || c == '&' || c == '"' || c == '\''))
        {
          g_autofree char *escaped = g_markup_escape_text (p, 1);
          g_string_append (out, escaped);
        }
      else
        g_string_append_unichar (out, c);
    }
  /* (Cut short by the bytes read: more follows.) */
  return len > (gsize) strlen (valid) && *budget == 0;
}

static char *
convert (const char *snippet,
         gboolean    markup)
{
  GString *out = g_string_new (NULL);
  gboolean marked = FALSE;
  const char *p = snippet != NULL ? snippet : "";
  guint budget = MAX_SHOWN_CHARS;

  while (*p != '\0')
    {
      gsize len = strcspn (p, PARLANCE_SEARCH_MARK_START PARLANCE_SEARCH_MARK_END);

      if (append_clean (out, p, len, markup, &budget))
        {
          g_string_append (out, "…");
          break;
        }
      p += len;
      if (*p == '\0')
        break;
      /* Marks that don't pair up (a cut snippet) open or close nothing twice. */
      if (*p == PARLANCE_SEARCH_MARK_START[0] && !marked && markup)
        g_string_append (out, HIGHLIGHT_START);
      else if (*p == PARLANCE_SEARCH_MARK_END[0] && marked && markup)
        g_string_append (out, HIGHLIGHT_END);
      if (*p == PARLANCE_SEARCH_MARK_START[0])
        marked = TRUE;
      else
        marked = FALSE;
      p++;
    }
  if (marked && markup)
    g_string_append (out, HIGHLIGHT_END);
  return g_strstrip (g_string_free (out, FALSE));
}

/**
 * parlance_search_snippet_to_markup:
 * @snippet: (nullable): a snippet from parlance_store_search (), its matches between marks
 *
 * Returns: (transfer full): Pango markup for a label: the stored text escaped (never live
 *   markup), on one line, the matched words highlighted
 */
char *
parlance_search_snippet_to_markup (const char *snippet)
{
  return convert (snippet, TRUE);
}

/* The snippet as plain text on one line, without its marks: for screen readers. */
char *
parlance_search_snippet_to_text (const char *snippet)
{
  return convert (snippet, FALSE);
}

/* A conversation's title on one line, for gtk_label_set_text (): cleaned as the sidebar's (escape
 * sequences go whole, bidi overrides out), and bounded. */
char *
parlance_search_clean_title (const char *title)
{
  g_autofree char *clean = _parlance_conversation_clean_title (title);

  return convert (clean, FALSE);
}

/**
 * parlance_search_group_results:
 * @results: (element-type ParlanceSearchResult): best first
 *
 * Returns: (transfer container) (element-type ParlanceSearchResult): the same results (owned
 *   by @results), each conversation's together, in the order of their best match
 */
GPtrArray *
parlance_search_group_results (GPtrArray *results)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GPtrArray *grouped = g_ptr_array_new ();

  for (guint i = 0; i < results->len; i++)
    {
      ParlanceSearchResult *result = results->pdata[i];
      GPtrArray *group = g_hash_table_lookup (groups, &result->conversation_id);

      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, &result->conversation_id, group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, result);
    }
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = order->pdata[i];

      for (guint j = 0; j < group->len; j++)
        g_ptr_array_add (grouped, group->pdata[j]);
    }
  return grouped;
}

/* What a character is compared as: case folded, without accents (as the index compares). */
static char *
fold_char (gunichar c)
{
  char buf[8];
  int len = g_unichar_to_utf8 (c, buf);
  g_autofree char *folded = g_utf8_casefold (buf, len);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar d = g_utf8_get_char (p);

      if (g_unichar_type (d) != G_UNICODE_NON_SPACING_MARK && g_unichar_type (d) != G_UNICODE_ENCLOSING_MARK)
        g_string_append_unichar (out, d);
    }
  return g_string_free (out, FALSE);
}

static char *
fold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *c = fold_char (g_utf8_get_char (p));
      g_string_append (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Scripts written without spaces: their words are found inside runs of them. */
static gboolean
is_cjk (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL ||
         script == G_UNICODE_SCRIPT_THAI;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK ||
         g_unichar_type (c) == G_UNICODE_SPACING_MARK;
}

/**
 * parlance_search_terms:
 * @query: (nullable): what was typed in the search
 *
 * Returns: (transfer full): its words (runs of letters and digits), folded, at most 16
 */
char **
parlance_search_terms (const char *query)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *valid = g_utf8_make_valid (query != NULL ? query : "", -1);
  GString *word = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; n < 16; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (*p != '\0' && is_word_char (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_autofree char *folded = fold (word->str);

          g_strv_builder_add (builder, folded);
          g_string_truncate (word, 0);
          n++;
        }
      if (*p == '\0')
        break;
    }
  g_string_free (word, TRUE);
  return g_strv_builder_end (builder);
}

typedef struct
{
  guint     offset;   /* in bytes, in the text */
  char     *folded;
  gboolean  word;
  gboolean  cjk;
} Char;

static void
char_clear (gpointer data)
{
  g_free (((Char *) data)->folded);
}

/* Whether the folded characters from @i on spell @term (which may end inside one of them);
 * *@end is the index after the last character used. */
static gboolean
spells (GArray     *chars,
        guint       i,
        const char *term,
        gboolean    within_word,
        guint      *end)
{
  gsize done = 0, len = strlen (term);

  for (; i < chars->len && done < len; i++)
    {
      Char *c = &g_array_index (chars, Char, i);
      gsize n = strlen (c->folded);

      if (within_word && !c->word)
        return FALSE;
      if (strncmp (c->folded, term + done, MIN (n, len - done)) != 0)
        return FALSE;
      done += n;
    }
  *end = i;
  return done >= len;
}

/**
 * parlance_search_highlight:
 * @text: a paragraph of a message
 * @terms: (nullable): from parlance_search_terms ()
 *
 * Where the words searched for are in @text, as the index matches them: words that begin with
 * a term (ignoring case and accents), and a term written in a script without spaces anywhere
 * inside a run of it.
 *
 * Returns: (transfer full) (nullable): attributes that highlight them, or %NULL for none
 */
PangoAttrList *
parlance_search_highlight (const char         *text,
                           const char * const *terms)
{
  g_autoptr(GArray) chars = NULL;
  PangoAttrList *attrs = NULL;
  guint i = 0;

  if (text == NULL || terms == NULL || terms[0] == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  chars = g_array_new (FALSE, TRUE, sizeof (Char));
  g_array_set_clear_func (chars, char_clear);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);
      Char c = { (guint) (p - text), fold_char (u), is_word_char (u), is_cjk (u) };

      g_array_append_val (chars, c);
    }

  while (i < chars->len)
    {
      Char *c = &g_array_index (chars, Char, i);
      gboolean word_start = c->word && (i == 0 || !g_array_index (chars, Char, i - 1).word);
      guint end = i + 1;
      gboolean found = FALSE;

      for (guint t = 0; terms[t] != NULL && !found; t++)
        {
          gunichar first = g_utf8_get_char (terms[t]);

          if (is_cjk (first) && c->cjk)
            found = spells (chars, i, terms[t], TRUE, &end);
          else if (word_start)
            {
              found = spells (chars, i, terms[t], TRUE, &end);
              /* A prefix: the whole word shows. */
              while (found && end < chars->len && g_array_index (chars, Char, end).word &&
                     !g_array_index (chars, Char, end).cjk)
                end++;
            }
        }
      if (!found)
        {
          i++;
          continue;
        }
      {
        guint end_byte = end < chars->len ? g_array_index (chars, Char, end).offset : (guint) strlen (text);
        PangoAttribute *bg = pango_attr_background_new (0x3535, 0x8484, 0xe4e4);
        PangoAttribute *alpha = pango_attr_background_alpha_new (0x4ccc);
        PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

        if (attrs == NULL)
          attrs = pango_attr_list_new ();
        bg->start_index = alpha->start_index = weight->start_index = c->offset;
        bg->end_index = alpha->end_index = weight->end_index = end_byte;
        pango_attr_list_insert (attrs, bg);
        pango_attr_list_insert (attrs, alpha);
        pango_attr_list_insert (attrs, weight);
      }
      i = end;
    }
  return attrs;
}
