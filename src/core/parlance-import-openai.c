/* parlance-import-openai.c — an OpenAI-style `messages` array: one conversation.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * [{role, content}, …] (or {"messages": […]}), content a string or a list of parts ({type:
 * "text", text}; other parts are counted and said). "developer" is read as "system"; messages of
 * other roles are left out and counted. System messages at the start become the conversation's system prompt.
 * Such a file has no ids: the conversation is known again by a digest of its entries, and its
 * messages by their place in it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

#define SOURCE "openai"

static const char *roles[] = { "system", "user", "assistant", "tool", NULL };

static char *
read_content (JsonObject *object,
              guint      *non_text)
{
  JsonNode *content = json_object_get_member (object, "content");
  GString *text;

  if (content == NULL || JSON_NODE_HOLDS_NULL (content))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
    return g_utf8_make_valid (json_node_get_string (content), -1);
  if (!JSON_NODE_HOLDS_ARRAY (content))
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (content)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (content), i);
      JsonObject *part = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *s = part != NULL && g_strcmp0 (parlance_json_get_string (part, "type"), "text") == 0 ?
                      parlance_json_get_string (part, "text") : NULL;

      if (s == NULL)
        {
          (*non_text)++;
          continue;
        }
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, s);
    }
  {
    g_autofree char *raw = g_string_free (text, FALSE);

    return g_utf8_make_valid (raw, -1);
  }
}

/**
 * _parlance_import_openai_add:
 *
 * Adds the message @entry to @c, after the ones before it; an entry that is no message is an
 * error.
 */
gboolean
_parlance_import_openai_add (ImportConversation  *c,
                             JsonNode            *entry,
                             guint                index,
                             GError             **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
  const char *role = object != NULL ? parlance_json_get_string (object, "role") : NULL;
  JsonNode *tool_calls = object != NULL ? json_object_get_member (object, "tool_calls") : NULL;
  g_autofree char *content = NULL;
  ImportMessage *m;
  guint non_text = 0;

  if (object == NULL)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_INVALID,
                           _("it is not a message"));
      return FALSE;
    }
  /* Newer OpenAI APIs call the system prompt "developer". */
  if (g_strcmp0 (role, "developer") == 0)
    role = "system";
  /* One message of a kind we don't know shouldn't cost the whole conversation: said after. */
  if (role == NULL || !g_strv_contains (roles, role))
    {
      c->odd_roles++;
      return TRUE;
    }
  if ((content = read_content (object, &non_text)) == NULL)
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_INVALID,
                           _("its content is neither text nor a list of parts"));
      return FALSE;
    }
  if (g_str_equal (role, "system") && c->messages->len == 0)
    {
      g_autofree char *prompt = c->system_prompt;

      c->system_prompt = prompt != NULL ? g_strconcat (prompt, "\n\n", content, NULL)
                                        : g_steal_pointer (&content);
      c->non_text += non_text;
      return TRUE;
    }
  m = _parlance_import_message_new (c);
  m->non_text = non_text;
  m->key = g_strdup_printf ("%u", index);
  m->source = g_strdup (SOURCE);
  m->source_id = g_strdup (m->key);
  if (c->messages->len > 1)
    m->parent_key = g_strdup (((ImportMessage *) c->messages->pdata[c->messages->len - 2])->key);
  m->role = g_strdup (role);
  m->content = g_steal_pointer (&content);
  m->status = g_strdup ("complete");
  m->tool_call_id = _parlance_import_dup_string (object, "tool_call_id");
  if (tool_calls != NULL && JSON_NODE_HOLDS_ARRAY (tool_calls))
    m->tool_calls = json_to_string (tool_calls, FALSE);
  return TRUE;
}

/**
 * _parlance_import_openai_finish:
 * @digest: a digest of the whole array, which names the conversation
 *
 * Gives @c its times, title and source once every message is in.
 */
void
_parlance_import_openai_finish (ImportConversation    *c,
                                const char            *digest,
                                ParlanceImportSummary *summary)
{
  gint64 now = g_get_real_time ();

  c->source = g_strdup (SOURCE);
  c->source_id = g_strdup (digest);
  c->created = c->updated = now;
  for (guint i = 0; i < c->messages->len; i++)
    {
      ImportMessage *m = g_ptr_array_index (c->messages, i);

      /* One microsecond apart: the order they were in. */
      m->created = now + i;
      c->updated = m->created;
      if (c->title == NULL && g_str_equal (m->role, "user") && *m->content != '\0')
        c->title = _parlance_import_title_from (m->content);
    }
  if (c->title == NULL)
    c->title = g_strdup (_("Imported conversation"));
  if (c->odd_roles > 0)
    {
      g_autofree char *quoted = _parlance_import_name (c->title);

      _parlance_import_skip (summary,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u message in %s",
                                                           "%u messages in %s",
                                                           c->odd_roles),
                                              c->odd_roles, quoted),
                             _("Their role is not one Parlance knows (system, developer, user, "
                               "assistant or tool)"));
    }
}
