/* parlance-cli-chats-search.c — `parlance-cli chats --search QUERY`: full-text search.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snippets are stored text: every piece goes through the terminal filter, and only the bold
 * around the matched words is ours (on a terminal). In JSON the snippet is plain text, with
 * "highlights" saying where the matched words are in it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "parlance-cli-private.h"
#include "parlance-conversation-private.h"
#include "parlance-terminal-filter.h"

#define BOLD   "\033[1m"
#define NORMAL "\033[0m"

/* The snippet without its marks; @highlights (optional) gets [start, end) pairs of characters. */
static char *
dup_plain_snippet (const char *snippet,
                   GArray     *highlights)
{
  GString *plain = g_string_new (NULL);
  glong chars = 0;

  for (const char *p = snippet; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == PARLANCE_SEARCH_MARK_START[0] || *p == PARLANCE_SEARCH_MARK_END[0])
        {
          if (highlights != NULL)
            g_array_append_val (highlights, chars);
          continue;
        }
      g_string_append_len (plain, p, g_utf8_next_char (p) - p);
      chars++;
    }
  return g_string_free (plain, FALSE);
}

/* Each piece through the terminal filter; the matched ones in bold when @bold. */
static char *
dup_terminal_snippet (const char *snippet,
                      gboolean    bold)
{
  g_auto(GStrv) pieces = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *spaced = g_strdup (snippet);

  /* Splitting at both marks: the odd pieces are the matched words. */
  g_strdelimit (spaced, PARLANCE_SEARCH_MARK_END, PARLANCE_SEARCH_MARK_START[0]);
  pieces = g_strsplit (spaced, PARLANCE_SEARCH_MARK_START, -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *safe = parlance_terminal_sanitize (pieces[i]);

      if (bold && i % 2 == 1 && *safe != '\0')
        g_string_append_printf (out, BOLD "%s" NORMAL, safe);
      else
        g_string_append (out, safe);
    }
  return g_string_free (out, FALSE);
}

static void
print_json (GPtrArray *results)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_begin_array (&json, "results");
  for (guint i = 0; i < results->len; i++)
    {
      ParlanceSearchResult *result = g_ptr_array_index (results, i);
      g_autoptr(GArray) highlights = g_array_new (FALSE, FALSE, sizeof (glong));
      g_autofree char *snippet = dup_plain_snippet (result->snippet, highlights);
      /* Cleaned as the sidebar and `chats` show it: escape sequences go whole. */
      g_autofree char *title = _parlance_conversation_clean_title (result->title);

      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_int (&json, "conversation_id", result->conversation_id);
      _parlance_cli_json_string (&json, "title", title);
      if (result->message_id > 0)
        _parlance_cli_json_int (&json, "message_id", result->message_id);
      else
        _parlance_cli_json_number (&json, "message_id", NULL);
      _parlance_cli_json_string (&json, "snippet", snippet);
      _parlance_cli_json_begin_array (&json, "highlights");
      for (guint h = 0; h + 1 < highlights->len; h += 2)
        {
          _parlance_cli_json_begin_array (&json, NULL);
          _parlance_cli_json_int (&json, NULL, g_array_index (highlights, glong, h));
          _parlance_cli_json_int (&json, NULL, g_array_index (highlights, glong, h + 1));
          _parlance_cli_json_end_array (&json);
        }
      _parlance_cli_json_end_array (&json);
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

/* Two lines a result: the conversation and where, then the snippet, indented. */
static void
print_text (GPtrArray *results)
{
  gboolean bold = isatty (STDOUT_FILENO);

  for (guint i = 0; i < results->len; i++)
    {
      ParlanceSearchResult *result = g_ptr_array_index (results, i);
      /* Cleaned as the sidebar and `chats` show it: escape sequences go whole. */
      g_autofree char *title = _parlance_conversation_clean_title (result->title);
      g_autofree char *safe_title = NULL;
      g_autofree char *snippet = dup_terminal_snippet (result->snippet, bold);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, result->conversation_id);
      g_autofree char *message_id = g_strdup_printf ("%" G_GINT64_FORMAT, result->message_id);

      g_strdelimit (title, "\n\r\t", ' ');
      safe_title = parlance_terminal_sanitize (*title != '\0' ? title : _("Untitled"));
      if (result->message_id > 0)
        /* Translators: a search result: conversation id, its title, message id */
        g_print (_("%s  %s  (message %s)\n"), id, safe_title, message_id);
      else
        /* Translators: a search result that matched a conversation's title: id, title */
        g_print (_("%s  %s  (title)\n"), id, safe_title);
      g_print ("    %s\n", snippet);
    }
}

/**
 * _parlance_cli_chats_search:
 * @query: what to search for, as typed (any words; never a syntax error)
 * @limit: at most this many results, 0 for the store's default
 *
 * Returns: the exit status
 */
int
_parlance_cli_chats_search (const char *query,
                            gboolean    json,
                            guint       limit)
{
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  store = _parlance_cli_open_store (FALSE, &status);
  if (store == NULL && status != PARLANCE_CLI_EXIT_OK)
    return status;
  if (store != NULL)
    {
      results = parlance_store_search (store, query, limit, &error);
      if (results == NULL)
        return _parlance_cli_report_store_error (error, FALSE);
    }
  else
    {
      results = g_ptr_array_new ();
    }

  if (json)
    print_json (results);
  else if (results->len == 0)
    g_printerr ("%s\n", _("No conversation holds those words."));
  else
    print_text (results);
  return PARLANCE_CLI_EXIT_OK;
}
