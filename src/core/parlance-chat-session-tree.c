/* parlance-chat-session-tree.c — the versions of the messages a session made without a store.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a store, the message tree is the store's. Without one (parlance-cli chat --ephemeral,
 * tests) the session keeps its own: every message it made, with its parent, its children in
 * the order they were made and a serial number that says which is the newest. Versions are
 * siblings here as in the store, and their counts are set on the messages as they change.
 */

#include "config.h"

#include "parlance-chat-session-private.h"

typedef struct
{
  ParlanceMessage *parent;     /* NULL for a root */
  GPtrArray       *children;   /* ParlanceMessage (borrowed: the tree holds them), oldest first */
  guint64          serial;     /* when it was made */
} TreeNode;

static void
tree_node_free (TreeNode *node)
{
  g_ptr_array_unref (node->children);
  g_free (node);
}

void
_parlance_chat_session_tree_clear (ParlanceChatSession *self)
{
  g_clear_pointer (&self->tree_roots, g_ptr_array_unref);
  g_clear_pointer (&self->tree, g_hash_table_unref);
}

static TreeNode *
tree_node (ParlanceChatSession *self,
           ParlanceMessage     *message)
{
  return self->tree != NULL ? g_hash_table_lookup (self->tree, message) : NULL;
}

/* The children of @parent (NULL: the roots), oldest first; NULL when the tree has no @parent. */
GPtrArray *
_parlance_chat_session_tree_children (ParlanceChatSession *self,
                                      ParlanceMessage     *parent)
{
  TreeNode *node = parent != NULL ? tree_node (self, parent) : NULL;

  if (parent == NULL)
    return self->tree_roots;
  return node != NULL ? node->children : NULL;
}

static void
update_siblings (GPtrArray *siblings)
{
  for (guint i = 0; siblings != NULL && i < siblings->len; i++)
    parlance_message_set_siblings (g_ptr_array_index (siblings, i), i, siblings->len);
}

static TreeNode *
tree_insert (ParlanceChatSession *self,
             ParlanceMessage     *parent,
             ParlanceMessage     *message)
{
  TreeNode *node = g_new0 (TreeNode, 1);

  node->parent = parent;
  node->children = g_ptr_array_new ();
  node->serial = ++self->tree_serial;
  g_hash_table_insert (self->tree, g_object_ref (message), node);
  return node;
}

/* Records @message, made by the session, under @parent (NULL: a root). Without a store only:
 * with one, the store's tree is the truth. */
void
_parlance_chat_session_tree_add (ParlanceChatSession *self,
                                 ParlanceMessage     *parent,
                                 ParlanceMessage     *message)
{
  GPtrArray *siblings;

  if (self->store != NULL)
    return;
  if (self->tree == NULL)
    {
      self->tree = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) tree_node_free);
      self->tree_roots = g_ptr_array_new ();
    }
  /* A parent the tree never saw (shown before the store was taken away) becomes a root. */
  if (parent != NULL && tree_node (self, parent) == NULL)
    {
      tree_insert (self, NULL, parent);
      g_ptr_array_add (self->tree_roots, parent);
    }
  if (tree_node (self, message) != NULL)
    return;
  tree_insert (self, parent, message);
  siblings = _parlance_chat_session_tree_children (self, parent);
  g_ptr_array_add (siblings, message);
  update_siblings (siblings);
}

static gint
compare_serial (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  ParlanceChatSession *self = user_data;
  guint64 sa = tree_node (self, *(ParlanceMessage **) a)->serial;
  guint64 sb = tree_node (self, *(ParlanceMessage **) b)->serial;

  return sa < sb ? -1 : sa > sb;
}

/* Takes @message out of the tree; its children become its parent's. */
void
_parlance_chat_session_tree_remove (ParlanceChatSession *self,
                                    ParlanceMessage     *message)
{
  TreeNode *node = tree_node (self, message);
  GPtrArray *siblings;

  if (node == NULL)
    return;
  siblings = _parlance_chat_session_tree_children (self, node->parent);
  g_ptr_array_remove (siblings, message);
  for (guint i = 0; i < node->children->len; i++)
    {
      ParlanceMessage *child = g_ptr_array_index (node->children, i);

      tree_node (self, child)->parent = node->parent;
      g_ptr_array_add (siblings, child);
    }
  g_ptr_array_sort_with_data (siblings, compare_serial, self);
  update_siblings (siblings);
  g_hash_table_remove (self->tree, message);
}

/* The newest message under @message with no children (itself when it has none). */
ParlanceMessage *
_parlance_chat_session_tree_newest_leaf (ParlanceChatSession *self,
                                         ParlanceMessage     *message)
{
  TreeNode *node = tree_node (self, message);
  ParlanceMessage *best = message;
  guint64 best_serial = node != NULL ? node->serial : 0;

  for (guint i = 0; node != NULL && i < node->children->len; i++)
    {
      ParlanceMessage *leaf = _parlance_chat_session_tree_newest_leaf (self, g_ptr_array_index (node->children, i));

      if (tree_node (self, leaf)->serial > best_serial || best == message)
        {
          best = leaf;
          best_serial = tree_node (self, leaf)->serial;
        }
    }
  return best;
}

/* @message's parent (NULL for a root); @known, if given, says whether the tree holds @message. */
ParlanceMessage *
_parlance_chat_session_tree_parent (ParlanceChatSession *self,
                                    ParlanceMessage     *message,
                                    gboolean            *known)
{
  TreeNode *node = tree_node (self, message);

  if (known != NULL)
    *known = node != NULL;
  return node != NULL ? node->parent : NULL;
}
