/* parlance-import-chatgpt.c — one conversation of ChatGPT's export (conversations.json).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A conversation is a tree: `mapping` holds nodes {id, message|null, parent, children[]}, and
 * `current_node` is the end of the branch ChatGPT showed. The whole tree is imported, each
 * regenerated answer or edited question a branch, with the current node's branch shown. Nodes
 * ChatGPT itself hides (the empty root, hidden system messages, tool calls and their results,
 * browsing and context plumbing) are left out and their children hang from the nearest message
 * kept. Only text is in the export's JSON: other parts (images, files) are counted and said.
 * Parents are found from each node's `parent`, walked without recursion; nodes no root reaches
 * (a loop) are left out and said.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

#define SOURCE "chatgpt"

/* A node of `mapping`, kept as what the import needs of it: a parsed tree of 200,000 nodes
 * is some 16 times its text, this a fraction of it. */
typedef struct
{
  char     *id;
  char     *parent;
  gboolean  is_object;   /* else only counted (and never walked) */
  gboolean  shown;       /* a message ChatGPT shows: the rest is only passed through */
  char     *role;
  char     *text;
  gint64    created;
  char     *model;
  gboolean  in_progress;
  guint     non_text;
} ChatNode;

struct _ImportChatgptMapping
{
  GPtrArray  *nodes;     /* ChatNode, in the export's order */
  GHashTable *by_id;     /* id → ChatNode */
};

typedef struct
{
  ImportConversation    *c;
  ParlanceImportSummary *summary;
  ImportChatgptMapping  *mapping;
  GHashTable            *kept;       /* node id → key of the nearest message kept, or "" */
  ImportMessage         *latest;
} Walk;

/* Seconds as a JSON number (float or integer) → microseconds, or -1. */
static gint64
read_seconds (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  double seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  seconds = json_node_get_double (node);
  if (!isfinite (seconds) || seconds < 0 || seconds > 1e11)
    return -1;
  return (gint64) llround (seconds * G_USEC_PER_SEC);
}

static gboolean
is_true (JsonObject *object,
         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The text of @content: its string parts (or its `text`); other parts are counted. */
static char *
read_text (JsonObject *content,
           guint      *non_text)
{
  const char *type = parlance_json_get_string (content, "content_type");
  JsonArray *parts = parlance_json_get_array (content, "parts");
  GString *text = g_string_new (NULL);

  if (parts == NULL)
    {
      const char *plain = parlance_json_get_string (content, "text");

      if (plain != NULL && g_strcmp0 (type, "code") == 0)
        g_string_append_printf (text, "```\n%s\n```", plain);
      else if (plain != NULL)
        g_string_append (text, plain);
    }
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);

      if (JSON_NODE_HOLDS_VALUE (part) && json_node_get_value_type (part) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (part);

          if (*s == '\0')
            continue;
          if (text->len > 0)
            g_string_append (text, "\n\n");
          g_string_append (text, s);
        }
      else if (!JSON_NODE_HOLDS_NULL (part))
        (*non_text)++;
    }
  {
    g_autofree char *raw = g_string_free (text, FALSE);

    return g_utf8_make_valid (raw, -1);
  }
}

/* Whether ChatGPT shows @message in the conversation: users' and assistants' words only. */
static gboolean
is_shown (JsonObject *message,
          const char *role)
{
  JsonObject *metadata = parlance_json_get_object (message, "metadata");
  JsonObject *content = parlance_json_get_object (message, "content");
  const char *recipient = parlance_json_get_string (message, "recipient");
  const char *type = content != NULL ? parlance_json_get_string (content, "content_type") : NULL;
  static const char *shown_types[] = { "text", "multimodal_text", "code", NULL };

  if (g_strcmp0 (role, "user") != 0 && g_strcmp0 (role, "assistant") != 0)
    return FALSE;
  if (is_true (metadata, "is_visually_hidden_from_conversation"))
    return FALSE;
  /* An assistant's call to a tool (code to run, a search) is addressed to it, not to "all". */
  if (recipient != NULL && strcmp (recipient, "all") != 0)
    return FALSE;
  return content != NULL && (type == NULL || g_strv_contains (shown_types, type));
}

static void
chat_node_free (ChatNode *n)
{
  g_free (n->id);
  g_free (n->parent);
  g_free (n->role);
  g_free (n->text);
  g_free (n->model);
  g_free (n);
}

ImportChatgptMapping *
_parlance_import_chatgpt_mapping_new (void)
{
  ImportChatgptMapping *mapping = g_new0 (ImportChatgptMapping, 1);

  mapping->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) chat_node_free);
  mapping->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return mapping;
}

void
_parlance_import_chatgpt_mapping_free (ImportChatgptMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_hash_table_unref (mapping->by_id);
  g_ptr_array_unref (mapping->nodes);
  g_free (mapping);
}

/**
 * _parlance_import_chatgpt_mapping_add:
 *
 * Keeps of @node (member @id of a conversation's `mapping`) what the import needs; a later
 * member of the same id replaces it, as in a parsed object.
 */
void
_parlance_import_chatgpt_mapping_add (ImportChatgptMapping *mapping,
                                      const char           *id,
                                      JsonNode             *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *message = object != NULL ? parlance_json_get_object (object, "message") : NULL;
  JsonObject *author = message != NULL ? parlance_json_get_object (message, "author") : NULL;
  const char *role = author != NULL ? parlance_json_get_string (author, "role") : NULL;
  ChatNode *n = g_new0 (ChatNode, 1);
  ChatNode *old = g_hash_table_lookup (mapping->by_id, id);

  n->id = g_strdup (id);
  n->is_object = object != NULL;
  n->parent = object != NULL ? g_strdup (parlance_json_get_string (object, "parent")) : NULL;
  if (message != NULL && is_shown (message, role))
    {
      n->shown = TRUE;
      n->role = g_strdup (role);
      n->text = read_text (parlance_json_get_object (message, "content"), &n->non_text);
      n->created = read_seconds (message, "create_time");
      n->model = _parlance_import_dup_string (parlance_json_get_object (message, "metadata"),
                                              "model_slug");
      n->in_progress = g_strcmp0 (parlance_json_get_string (message, "status"),
                                  "in_progress") == 0;
    }
  if (old != NULL)
    {
      guint i = 0;
      gboolean found = g_ptr_array_find (mapping->nodes, old, &i);

      g_assert (found);
      mapping->nodes->pdata[i] = n;
      g_hash_table_replace (mapping->by_id, n->id, n);
      chat_node_free (old);
      return;
    }
  g_ptr_array_add (mapping->nodes, n);
  g_hash_table_insert (mapping->by_id, n->id, n);
}

/* Turns node @n (whose parent has been walked) into a message, or passes its parent on. */
static void
walk_node (Walk     *w,
           ChatNode *n)
{
  const char *parent_key = n->parent != NULL ? g_hash_table_lookup (w->kept, n->parent) : NULL;
  ImportMessage *m;

  if (parent_key != NULL && *parent_key == '\0')
    parent_key = NULL;
  if (!n->shown || *n->text == '\0')
    {
      if (n->shown)
        w->c->non_text += n->non_text;
      g_hash_table_insert (w->kept, n->id, (gpointer) (parent_key != NULL ? parent_key : ""));
      return;
    }

  m = _parlance_import_message_new (w->c);
  m->key = g_strdup (n->id);
  m->non_text = n->non_text;
  m->parent_key = g_strdup (parent_key);
  m->source = g_strdup (SOURCE);
  m->source_id = g_utf8_make_valid (n->id, -1);
  m->role = g_steal_pointer (&n->role);
  m->content = g_steal_pointer (&n->text);
  m->created = n->created;
  if (m->created < 0)
    m->created = w->latest != NULL ? w->latest->created : w->c->created;
  m->model = g_steal_pointer (&n->model);
  m->status = g_strdup (n->in_progress ? "interrupted" : "complete");
  if (w->latest == NULL || m->created >= w->latest->created)
    w->latest = m;
  g_hash_table_insert (w->kept, n->id, m->key);
}

/* Every node reachable from a root, parents first; returns how many were walked. */
static guint
walk_tree (Walk *w)
{
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GQueue) queue = g_queue_new ();
  guint walked = 0;

  for (guint i = 0; i < w->mapping->nodes->len; i++)
    {
      ChatNode *n = g_ptr_array_index (w->mapping->nodes, i);

      if (!n->is_object)
        continue;
      if (n->parent == NULL || !g_hash_table_contains (w->mapping->by_id, n->parent) ||
          strcmp (n->parent, n->id) == 0)
        g_queue_push_tail (queue, n);
      else
        {
          GPtrArray *list = g_hash_table_lookup (children, n->parent);

          if (list == NULL)
            g_hash_table_insert (children, n->parent, list = g_ptr_array_new ());
          g_ptr_array_add (list, n);
        }
    }
  while (!g_queue_is_empty (queue))
    {
      ChatNode *n = g_queue_pop_head (queue);
      GPtrArray *list = g_hash_table_lookup (children, n->id);

      walk_node (w, n);
      walked++;
      for (guint i = 0; list != NULL && i < list->len; i++)
        g_queue_push_tail (queue, g_ptr_array_index (list, i));
    }
  return walked;
}

static char *
conversation_id (JsonObject *object)
{
  const char *id = parlance_json_get_string (object, "conversation_id");

  if (id == NULL)
    id = parlance_json_get_string (object, "id");
  if (id != NULL)
    return g_utf8_make_valid (id, -1);
  /* Without an id: its title and time, which a later export repeats. */
  {
    g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s",
                                             read_seconds (object, "create_time"),
                                             parlance_json_get_string (object, "title") ?: "");

    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  }
}

static void
read_conversation (ImportConversation *c,
                   JsonObject         *object)
{
  c->source = g_strdup (SOURCE);
  c->source_id = conversation_id (object);
  c->title = _parlance_import_dup_string (object, "title");
  c->created = read_seconds (object, "create_time");
  c->updated = read_seconds (object, "update_time");
  if (c->created < 0)
    c->created = c->updated >= 0 ? c->updated : g_get_real_time ();
  if (c->updated < c->created)
    c->updated = c->created;
  c->model = _parlance_import_dup_string (object, "default_model_slug");
  c->archived = is_true (object, "is_archived");
}

/* The shown branch ends at current_node, or at the nearest message kept above it. */
static void
find_tip (Walk       *w,
          JsonObject *object,
          const char *name)
{
  const char *current = parlance_json_get_string (object, "current_node");
  const char *key = current != NULL ? g_hash_table_lookup (w->kept, current) : NULL;

  if (key != NULL && *key != '\0')
    w->c->tip_key = g_strdup (key);
  else if (w->latest != NULL)
    {
      w->c->tip_key = g_strdup (w->latest->key);
      if (current == NULL)
        _parlance_import_skip (w->summary, g_strdup (name),
                               _("The export doesn’t say which of its messages was shown last: "
                                 "its newest message is shown"));
      else if (!g_hash_table_contains (w->mapping->by_id, current))
        _parlance_import_skip (w->summary, g_strdup (name),
                               _("The message it showed last is not in the export: its newest "
                                 "message is shown instead"));
    }
}

/**
 * _parlance_import_chatgpt_entry:
 *
 * Returns: (transfer full): the conversation @entry holds, %NULL when it holds none (said in
 *   @summary) or when it is no conversation (@error set)
 */
ImportConversation *
_parlance_import_chatgpt_entry (JsonNode              *entry,
                                ImportChatgptMapping  *mapping,
                                ParlanceImportSummary *summary,
                                GError               **error)
{
  g_autoptr(ImportConversation) c = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(ImportChatgptMapping) own = NULL;
  JsonObject *members;
  g_autofree char *name = NULL;
  g_autofree char *quoted = NULL;
  JsonObject *object;
  Walk w = { 0, };
  guint walked;

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    {
      g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_INVALID,
                           _("it is not a ChatGPT conversation"));
      return NULL;
    }
  object = json_node_get_object (entry);
  c = _parlance_import_conversation_new ();
  read_conversation (c, object);
  quoted = _parlance_import_name (c->title);
  name = g_strdup_printf (_("conversation %s"), quoted);
  if ((members = parlance_json_get_object (object, "mapping")) == NULL)
    {
      _parlance_import_skip (summary, g_steal_pointer (&name),
                             _("It has no messages in the export (no “mapping”)"));
      return NULL;
    }

  /* Read whole (not by the streaming reader): its nodes are taken from it here. */
  if (mapping == NULL)
    {
      g_autoptr(GList) ids = json_object_get_members (members);

      mapping = own = _parlance_import_chatgpt_mapping_new ();
      for (GList *l = ids; l != NULL; l = l->next)
        _parlance_import_chatgpt_mapping_add (mapping, l->data,
                                              json_object_get_member (members, l->data));
    }
  w.mapping = mapping;
  kept = g_hash_table_new (g_str_hash, g_str_equal);
  w.c = c;
  w.summary = summary;
  w.kept = kept;
  walked = walk_tree (&w);
  if (walked < mapping->nodes->len)
    {
      guint lost = mapping->nodes->len - walked;
      g_autofree char *why =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u message is in a loop of replies, so it has no place "
                                      "in the conversation",
                                      "%u messages are in a loop of replies, so they have no "
                                      "place in the conversation", lost), lost);

      _parlance_import_skip (summary, g_strdup (name), why);
    }
  if (c->messages->len == 0)
    {
      _parlance_import_say_non_text (c, summary);
      _parlance_import_skip (summary, g_steal_pointer (&name), _("It has no text messages"));
      return NULL;
    }
  find_tip (&w, object, name);
  if (c->title == NULL || *c->title == '\0')
    {
      g_free (c->title);
      c->title = _parlance_import_title_from (((ImportMessage *) c->messages->pdata[0])->content);
    }
  /* The MODEL of `chats`: the model that answered last, when the export doesn't name one. */
  for (guint i = c->messages->len; c->model == NULL && i > 0; i--)
    {
      ImportMessage *m = g_ptr_array_index (c->messages, i - 1);

      if (m->model != NULL && g_str_equal (m->role, "assistant"))
        c->model = g_strdup (m->model);
    }
  return g_steal_pointer (&c);
}
