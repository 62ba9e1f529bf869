/* parlance-import-claude.c — one conversation of Claude's export (conversations.json).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {uuid, name, created_at, updated_at, chat_messages[{uuid, sender: human|assistant, text,
 * content[], created_at, attachments[], files[], parent_message_uuid}]}. The text is taken from
 * the `text` parts of `content` (with `thinking` parts as reasoning), else from `text`; an
 * attachment whose text Claude extracted is kept as a text attachment; images, files without
 * their text, tool use and results, and messages with nothing in them are counted and said. A
 * message's parent is the one it names, else the one before it (an empty one's, its own).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

#define SOURCE "claude"

static void
read_content (ImportMessage *m,
              JsonObject    *message)
{
  JsonArray *content = parlance_json_get_array (message, "content");
  GString *text = g_string_new (NULL);
  GString *thinking = g_string_new (NULL);

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonNode *node = json_array_get_element (content, i);
      JsonObject *part = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = part != NULL ? parlance_json_get_string (part, "type") : NULL;
      const char *s = NULL;
      GString *to = text;

      if (g_strcmp0 (type, "text") == 0)
        s = parlance_json_get_string (part, "text");
      else if (g_strcmp0 (type, "thinking") == 0)
        {
          s = parlance_json_get_string (part, "thinking");
          to = thinking;
        }
      else if (g_strcmp0 (type, "tool_use") == 0 || g_strcmp0 (type, "tool_result") == 0)
        m->tool_parts++;
      else
        m->non_text++;
      if (s == NULL || *s == '\0')
        continue;
      if (to->len > 0)
        g_string_append (to, "\n\n");
      g_string_append (to, s);
    }
  if (text->len == 0 && parlance_json_get_string (message, "text") != NULL)
    g_string_append (text, parlance_json_get_string (message, "text"));
  m->content = g_utf8_make_valid (text->str, (gssize) text->len);
  if (thinking->len > 0)
    m->reasoning = g_utf8_make_valid (thinking->str, (gssize) thinking->len);
  g_string_free (text, TRUE);
  g_string_free (thinking, TRUE);
}

static void
read_attachments (ImportMessage *m,
                  JsonObject    *message)
{
  JsonArray *attachments = parlance_json_get_array (message, "attachments");
  JsonArray *files = parlance_json_get_array (message, "files");

  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      JsonObject *a = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *extracted = a != NULL ? parlance_json_get_string (a, "extracted_content") : NULL;
      ImportAttachment *attachment;

      if (extracted == NULL)
        {
          m->non_text++;
          continue;
        }
      if (m->attachments == NULL)
        m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) _parlance_import_attachment_free);
      attachment = g_new0 (ImportAttachment, 1);
      attachment->name = _parlance_import_dup_string (a, "file_name");
      attachment->mime_type = g_strdup ("text/plain");
      attachment->data = g_bytes_new (extracted, strlen (extracted));
      g_ptr_array_add (m->attachments, attachment);
    }
  /* Images and files: only their names are in the export. */
  if (files != NULL)
    m->non_text += json_array_get_length (files);
}

static ImportMessage *
read_message (ImportConversation *c,
              JsonObject         *message,
              guint               index,
              ImportMessage      *previous,
              GHashTable         *keys)
{
  const char *sender = parlance_json_get_string (message, "sender");
  const char *uuid = parlance_json_get_string (message, "uuid");
  const char *parent = parlance_json_get_string (message, "parent_message_uuid");
  ImportMessage *m;

  if (g_strcmp0 (sender, "human") != 0 && g_strcmp0 (sender, "assistant") != 0)
    return NULL;
  m = _parlance_import_message_new (c);
  read_content (m, message);
  read_attachments (m, message);
  /* A turn with nothing in it (Claude keeps some) would be an empty bubble: counted instead,
   * and its replies hang on the message before it. */
  if (*m->content == '\0' && m->reasoning == NULL && m->attachments == NULL)
    {
      c->empty++;
      _parlance_import_message_drop_last (c);
      return NULL;
    }
  m->key = uuid != NULL ? g_utf8_make_valid (uuid, -1) : g_strdup_printf ("#%u", index);
  if (g_hash_table_contains (keys, m->key))
    {
      g_free (m->key);
      m->key = g_strdup_printf ("#%u", index);
    }
  g_hash_table_add (keys, m->key);
  if (parent != NULL && g_hash_table_contains (keys, parent))
    m->parent_key = g_strdup (parent);
  else if (previous != NULL)
    m->parent_key = g_strdup (previous->key);
  m->source = g_strdup (SOURCE);
  m->source_id = g_strdup (m->key);
  m->role = g_strdup (g_str_equal (sender, "human") ? "user" : "assistant");
  m->created = _parlance_import_parse_time (parlance_json_get_string (message, "created_at"));
  if (m->created < 0)
    m->created = previous != NULL ? previous->created : c->created;
  m->status = g_strdup ("complete");
  return m;
}

static void
read_conversation (ImportConversation *c,
                   JsonObject         *object)
{
  const char *uuid = parlance_json_get_string (object, "uuid");

  c->source = g_strdup (SOURCE);
  c->title = _parlance_import_dup_string (object, "name");
  c->created = _parlance_import_parse_time (parlance_json_get_string (object, "created_at"));
  c->updated = _parlance_import_parse_time (parlance_json_get_string (object, "updated_at"));
  if (c->created < 0)
    c->created = c->updated >= 0 ? c->updated : g_get_real_time ();
  if (c->updated < c->created)
    c->updated = c->created;
  if (uuid != NULL)
    c->source_id = g_utf8_make_valid (uuid, -1);
  else
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", c->created,
                                               c->title != NULL ? c->title : "");

      c->source_id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
    }
}

/**
 * _parlance_import_claude_entry:
 *
 * Returns: (transfer full): the conversation @entry holds, %NULL when it holds none (said in
 *   @summary) or when it is no conversation (@error set)
 */
ImportConversation *
_parlance_import_claude_entry (JsonNode              *entry,
                               ParlanceImportSummary *summary,
                               GError               **error)
{
  g_autoptr(ImportConversation) c = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;
  JsonArray *messages;
  ImportMessage *previous = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_INVALID,
                           _("it is not a Claude conversation"));
      return NULL;
    }
  object = json_node_get_object (entry);
  c = _parlance_import_conversation_new ();
  read_conversation (c, object);
  messages = parlance_json_get_array (object, "chat_messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      ImportMessage *m;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if ((m = read_message (c, json_node_get_object (node), i, previous, keys)) != NULL)
        previous = m;
    }
  if (c->title == NULL || *c->title == '\0')
    {
      g_free (c->title);
      c->title = _parlance_import_title_from (c->messages->len > 0 ?
                                              ((ImportMessage *) c->messages->pdata[0])->content :
                                              NULL);
    }
  if (c->messages->len == 0)
    {
      g_autofree char *quoted = _parlance_import_name (c->title);

      _parlance_import_say_non_text (c, summary);
      _parlance_import_skip (summary, g_strdup_printf (_("conversation %s"), quoted),
                             _("It has no messages"));
      return NULL;
    }
  return g_steal_pointer (&c);
}
