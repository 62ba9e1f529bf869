/* fuzz-search-query.c — libFuzzer: whatever a person may type into the search.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes are a query: turned into FTS5 by parlance_store_search_query_to_fts() and run by
 * parlance_store_search() against a small store (CJK, diacritics, markup, control characters).
 * Any query gives results or none: an SQLite error, a crash, unbalanced marks in a snippet or
 * a control character in one is a finding.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parlance-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static ParlanceStore *store;

static const char *texts[] = {
  "Kubernetes deployment strategies: blue-green and canary, NEAR the \"edge\" (or not)",
  "昨日は東京タワーに行きました。我喜欢学习中文。저는 한국어를 배우고 있어요",
  "Crème brûlée à Besançon, naïve façade; cafe\xcc\x81 au lait",
  "<b>markup</b> &amp; \x1b[31mred\x1b[0m \002fake mark\003 tab\there\nnew line",
  "OR AND NOT NEAR * - + ^ : ( ) { } col:value \"quoted\" 'single'",
};

static void
make_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parlance-fuzz-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    abort ();
  path = g_build_filename (dir, "parlance.db", NULL);
  store = parlance_store_open (path, &error);
  if (store == NULL)
    abort ();
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
      g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_USER, texts[i]);

      parlance_conversation_set_title (conversation, texts[(i + 1) % G_N_ELEMENTS (texts)]);
      if (!parlance_store_create_conversation (store, conversation, &error) ||
          !parlance_store_add_message (store, parlance_conversation_get_id (conversation),
                                       message, &error))
        abort ();
    }
}

static void
check_snippet (const char *snippet)
{
  gboolean inside = FALSE;

  if (!g_utf8_validate (snippet, -1, NULL))
    abort ();
  for (const char *p = snippet; *p != '\0'; p++)
    {
      if (*p == PARLANCE_SEARCH_MARK_START[0] || *p == PARLANCE_SEARCH_MARK_END[0])
        {
          if ((*p == PARLANCE_SEARCH_MARK_START[0]) == inside)
            abort ();
          inside = !inside;
        }
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        abort ();
    }
  if (inside)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *fts = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    make_store ();

  fts = parlance_store_search_query_to_fts (text);
  if (fts != NULL && (!g_utf8_validate (fts, -1, NULL) || fts[0] != '"' ||
                      !g_str_has_suffix (fts, "\"*")))
    abort ();

  results = parlance_store_search (store, text, 20, &error);
  if (results == NULL)
    {
      g_printerr ("search failed: %s\n", error->message);
      abort ();
    }
  if (fts == NULL && results->len != 0)
    abort ();
  for (guint i = 0; i < results->len; i++)
    check_snippet (((ParlanceSearchResult *) results->pdata[i])->snippet);
  return 0;
}
