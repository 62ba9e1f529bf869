/* test-search-results.c — search results as the sidebar shows them: snippets escaped, on one
 * line, matches highlighted; results grouped by conversation; the words found again in a message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-search-results.h"
#include "parlance-store.h"
#include "parlance-test-utils.h"

#define S PARLANCE_SEARCH_MARK_START
#define E PARLANCE_SEARCH_MARK_END

/* Pango parses what we make, and shows the stored text as it was typed. */
static char *
shown_text (const char *markup)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
test_snippet_escaped (void)
{
  const char *snippet = "Use <b>bold</b> & <span foreground='red'>" S "platypus" E "</span> \"quoted\"";
  g_autofree char *markup = parlance_search_snippet_to_markup (snippet);
  g_autofree char *text = shown_text (markup);

  g_test_message ("%s", markup);
  g_assert_cmpstr (text, ==, "Use <b>bold</b> & <span foreground='red'>platypus</span> \"quoted\"");
  /* The one live element is the highlight, around the match only. */
  g_assert_nonnull (strstr (markup, "weight=\"bold\""));
  g_assert_nonnull (strstr (markup, "\">platypus</span>"));
  g_assert_null (strstr (markup, "<b>"));
}

static void
test_snippet_one_line (void)
{
  g_autofree char *markup = parlance_search_snippet_to_markup ("first\nsecond\r\n\tthird \x1b[31mred\x1b[0m\x07 " S "end" E);
  g_autofree char *text = shown_text (markup);
  g_autofree char *plain = parlance_search_snippet_to_text ("a\x02" "b\x03\n\nc");

  g_assert_cmpstr (text, ==, "first second third [31mred [0m end");
  g_assert_cmpstr (plain, ==, "ab c");
}

/* Marks that don't pair up (a cut snippet), invalid UTF-8, nothing at all: valid markup still. */
static void
test_snippet_broken_marks (void)
{
  const char *snippets[] = {
    S "open only", E "close only", S S "twice" E E, "a" E S "b", "bad \xff\xfe utf8 " S "\xc3" E,
    "", NULL, "<" S ">" E "&amp;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (snippets); i++)
    {
      g_autofree char *markup = parlance_search_snippet_to_markup (snippets[i]);
      g_autofree char *text = shown_text (markup);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_null (strchr (text, '\x02'));
      g_assert_null (strchr (text, '\x03'));
    }
  {
    g_autofree char *markup = parlance_search_snippet_to_markup ("<" S ">" E "&amp;");
    g_autofree char *text = shown_text (markup);

    g_assert_cmpstr (text, ==, "<>&amp;");
  }
}

static ParlanceSearchResult *
result_new (gint64 conversation,
            gint64 message)
{
  ParlanceSearchResult *result = g_new0 (ParlanceSearchResult, 1);

  result->conversation_id = conversation;
  result->message_id = message;
  result->title = g_strdup ("t");
  result->snippet = g_strdup ("s");
  return result;
}

/* Each conversation's results together, conversations in the order of their best result, and
 * within one the order the store gave. */
static void
test_group (void)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_search_result_free);
  g_autoptr(GPtrArray) grouped = NULL;
  struct { gint64 c, m; } in[] = { { 2, 20 }, { 1, 10 }, { 2, 21 }, { 3, 30 }, { 1, 11 }, { 2, 22 } };
  struct { gint64 c, m; } out[] = { { 2, 20 }, { 2, 21 }, { 2, 22 }, { 1, 10 }, { 1, 11 }, { 3, 30 } };

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    g_ptr_array_add (results, result_new (in[i].c, in[i].m));
  grouped = parlance_search_group_results (results);
  g_assert_cmpuint (grouped->len, ==, G_N_ELEMENTS (out));
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    {
      ParlanceSearchResult *r = grouped->pdata[i];

      g_assert_cmpint (r->conversation_id, ==, out[i].c);
      g_assert_cmpint (r->message_id, ==, out[i].m);
    }
}

/* The ranges of @text that parlance_search_highlight () marks, as "[a][b]". */
static char *
highlighted (const char *text,
             const char *query)
{
  g_auto(GStrv) terms = parlance_search_terms (query);
  PangoAttrList *attrs = parlance_search_highlight (text, (const char * const *) terms);
  GString *out = g_string_new (NULL);
  GSList *list;

  if (attrs == NULL)
    return g_string_free (out, FALSE);
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_BACKGROUND)
        g_string_append_printf (out, "[%.*s]", (int) (attr->end_index - attr->start_index), text + attr->start_index);
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  pango_attr_list_unref (attrs);
  return g_string_free (out, FALSE);
}

static void
test_highlight_words (void)
{
  struct { const char *text, *query, *expected; } cases[] = {
    /* Words that begin with a term, whole. */
    { "The quokka and two quokkas; not aquokka.", "quok", "[quokka][quokkas]" },
    /* Case and accents ignored, both ways. */
    { "Crème brûlée at the CAFÉ", "creme cafe", "[Crème][CAFÉ]" },
    { "creme brulee", "Crème brûlée", "[creme][brulee]" },
    /* Operators and quotes typed are words or nothing. */
    { "near the OR gate", "\"near\" OR -gate*", "[near][OR][gate]" },
    /* A CJK word inside a run of CJK text. */
    { "我们明天去东京旅行", "东京", "[东京]" },
    { "東京タワーに行った", "タワー", "[タワー]" },
    /* Nothing: no match, no words. */
    { "nothing here", "zebra", "" },
    { "nothing here", "* - \" ( )", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = highlighted (cases[i].text, cases[i].query);

      g_test_message ("%s / %s → %s", cases[i].text, cases[i].query, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* One unbroken word of 2 MB (an imported message): a bounded part shows, cut with an ellipsis,
 * the match still highlighted. */
static void
test_snippet_bounded (void)
{
  g_autoptr(GString) snippet = g_string_new (S "wide" E);
  g_autofree char *markup = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; i < 2000000; i++)
    g_string_append_c (snippet, 'w');
  markup = parlance_search_snippet_to_markup (snippet->str);
  text = shown_text (markup);
  plain = parlance_search_snippet_to_text (snippet->str);
  title = parlance_search_clean_title (snippet->str + 1);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, 301);
  g_assert_true (g_str_has_suffix (text, "w…"));
  g_assert_nonnull (strstr (markup, "\">wide</span>"));
  g_assert_cmpstr (plain, ==, text);
  g_assert_cmpint (g_utf8_strlen (title, -1), <=, 301);
  /* Short ones whole. */
  g_free (plain);
  plain = parlance_search_snippet_to_text ("short " S "one" E);
  g_assert_cmpstr (plain, ==, "short one");
}

/* Titles as the sidebar shows them: escape sequences go whole, bidi overrides out. */
static void
test_title_cleaned (void)
{
  g_autofree char *title = parlance_search_clean_title ("Evil \x1b[31mRED\x1b[0m title\x1b[2J\a\b \u202eRLO");
  g_autofree char *none = parlance_search_clean_title (NULL);

  g_assert_cmpstr (title, ==, "Evil RED title RLO");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/search-results/snippet-escaped", test_snippet_escaped);
  g_test_add_func ("/parlance/search-results/snippet-one-line", test_snippet_one_line);
  g_test_add_func ("/parlance/search-results/snippet-broken-marks", test_snippet_broken_marks);
  g_test_add_func ("/parlance/search-results/snippet-bounded", test_snippet_bounded);
  g_test_add_func ("/parlance/search-results/title-cleaned", test_title_cleaned);
  g_test_add_func ("/parlance/search-results/group", test_group);
  g_test_add_func ("/parlance/search-results/highlight-words", test_highlight_words);

  return g_test_run ();
}
