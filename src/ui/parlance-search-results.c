/* parlance-search-results.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-search-results.h"
#include "parlance-store.h"

/* A matched word: bold on a tint of the accent colour, readable in the light and the dark
 * style (Pango markup can't name CSS colours). */
#define HIGHLIGHT_START "<span weight=\"bold\" bgcolor=\"#3584e4\" bgalpha=\"30%\">"
#define HIGHLIGHT_END   "</span>"

/* Appends @text[0, len) as one line of plain text: valid UTF-8, control characters (newlines,
 * escapes) as spaces, runs of spaces as one. */
static void
append_clean (GString    *out,
              const char *text,
              gsize       len,
              gboolean    escape)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) len);
  gboolean space = out->len > 0 && out->str[out->len - 1] == ' ';

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

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
}

static char *
convert (const char *snippet,
         gboolean    markup)
{
  GString *out = g_string_new (NULL);
  gboolean marked = FALSE;
  const char *p = snippet != NULL ? snippet : "";

  while (*p != '\0')
    {
      gsize len = strcspn (p, PARLANCE_SEARCH_MARK_START PARLANCE_SEARCH_MARK_END);

      append_clean (out, p, len, markup);
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

/* A conversation's title on one line, for gtk_label_set_text (). */
char *
parlance_search_clean_title (const char *title)
{
  return convert (title, FALSE);
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
