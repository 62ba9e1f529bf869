/* parlance-import-helpers.c — what the readers of each format share: what they make of an
 * entry (conversations, messages), and what they say was left out.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-conversation-private.h"
#include "parlance-import-private.h"
#include "parlance-json.h"

void
_parlance_import_skip (ParlanceImportSummary *summary,
                       char                  *what,
                       const char            *why)
{
  ParlanceImportSkip *skip;
  ParlanceImportSkip *last = summary->skipped->len > 0 ?
    g_ptr_array_index (summary->skipped, summary->skipped->len - 1) : NULL;

  /* One line per thing left out: a second reason for it joins the first. */
  if (last != NULL && strcmp (last->what, what) == 0)
    {
      if (strstr (last->why, why) == NULL)
        {
          char *joined = g_strconcat (last->why, ". ", why, NULL);

          g_free (last->why);
          last->why = joined;
        }
      g_free (what);
      return;
    }
  skip = g_new0 (ParlanceImportSkip, 1);
  skip->what = what;
  skip->why = g_strdup (why);
  g_ptr_array_add (summary->skipped, skip);
}

ImportConversation *
_parlance_import_conversation_new (void)
{
  ImportConversation *c = g_new0 (ImportConversation, 1);

  c->messages = g_ptr_array_new ();
  return c;
}

void
_parlance_import_attachment_free (ImportAttachment *a)
{
  g_free (a->name);
  g_free (a->mime_type);
  g_clear_pointer (&a->data, g_bytes_unref);
  g_free (a);
}

static void
message_free (ImportMessage *m)
{
  g_free (m->key);
  g_free (m->parent_key);
  g_free (m->source);
  g_free (m->source_id);
  g_free (m->role);
  g_free (m->content);
  g_free (m->reasoning);
  g_free (m->status);
  g_free (m->error);
  g_free (m->provider_id);
  g_free (m->model);
  g_free (m->requested_model);
  g_free (m->provider_name);
  g_free (m->attempts);
  g_free (m->finish_reason);
  g_free (m->tool_calls);
  g_free (m->tool_call_id);
  g_free (m->generation_id);
  g_clear_pointer (&m->attachments, g_ptr_array_unref);
  g_free (m);
}

void
_parlance_import_conversation_free (ImportConversation *c)
{
  if (c == NULL)
    return;
  g_free (c->source);
  g_free (c->source_id);
  g_free (c->title);
  g_free (c->provider_id);
  g_free (c->model);
  g_free (c->system_prompt);
  g_free (c->parameters);
  g_free (c->tip_key);
  for (guint i = 0; i < c->messages->len; i++)
    message_free (g_ptr_array_index (c->messages, i));
  g_ptr_array_unref (c->messages);
  g_free (c);
}

/* A message of @c with every number unknown. */
ImportMessage *
_parlance_import_message_new (ImportConversation *c)
{
  ImportMessage *m = g_new0 (ImportMessage, 1);

  for (guint i = 0; i < 4; i++)
    m->tokens[i] = -1;
  m->cost_pico = m->first_token_us = m->duration_us = -1;
  g_ptr_array_add (c->messages, m);
  return m;
}

void
_parlance_import_message_drop_last (ImportConversation *c)
{
  ImportMessage *m;

  g_assert (c->messages->len > 0);
  m = g_ptr_array_steal_index (c->messages, c->messages->len - 1);
  c->non_text += m->non_text;
  c->tool_parts += m->tool_parts;
  message_free (m);
}

/* Microseconds since the epoch, or -1. */
gint64
_parlance_import_parse_time (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (iso8601 == NULL || strlen (iso8601) > 64)
    return -1;
  utc = g_time_zone_new_utc ();
  if ((time = g_date_time_new_from_iso8601 (iso8601, utc)) == NULL)
    return -1;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* A title from the first message, as a new conversation gets one. */
char *
_parlance_import_title_from (const char *text)
{
  return parlance_conversation_title_from_text (text);
}

char *
_parlance_import_dup_string (JsonObject *object,
                             const char *name)
{
  const char *value = parlance_json_get_string (object, name);

  return value != NULL ? g_utf8_make_valid (value, -1) : NULL;
}

char *
_parlance_import_name (const char *title)
{
  g_autofree char *clean = title != NULL ? _parlance_conversation_clean_title (title)
                                         : g_strdup ("");

  if (g_utf8_strlen (clean, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (clean, 0, 59);

      return g_strconcat ("“", cut, "…”", NULL);
    }
  return g_strconcat ("“", clean, "”", NULL);
}

void
_parlance_import_say_non_text (ImportConversation    *c,
                               ParlanceImportSummary *summary)
{
  g_autofree char *quoted = NULL;

  if (c->non_text == 0 && c->tool_parts == 0 && c->empty == 0)
    return;
  quoted = _parlance_import_name (c->title);
  if (c->empty > 0)
    _parlance_import_skip (summary, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u empty message in %s",
                                                                  "%u empty messages in %s",
                                                                  c->empty),
                                                     c->empty, quoted),
                           _("They have no text"));
  if (c->non_text > 0)
    _parlance_import_skip (summary, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u non-text part in %s",
                                                                  "%u non-text parts in %s",
                                                                  c->non_text),
                                                     c->non_text, quoted),
                           _("Images and files are not in the export’s text: only text is imported"));
  if (c->tool_parts > 0)
    _parlance_import_skip (summary, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u tool call or result in %s",
                                                                  "%u tool calls and results in %s",
                                                                  c->tool_parts),
                                                     c->tool_parts, quoted),
                           _("Tools the assistant used are not imported: only the conversation’s "
                             "text is"));
}
