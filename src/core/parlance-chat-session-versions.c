/* parlance-chat-session-versions.c — message actions: regenerate, edit & resend, continue,
 * delete, and switching between versions.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A regenerated reply or an edited question is a new sibling of the message it replaces; the
 * old one stays in the tree. With a store the tree is the store's (ids and parent ids, the tip
 * moved in turn with the other writes, the branch read back after a switch or a delete); without
 * one the session keeps the tree of the messages it made (parlance-chat-session-tree.c).
 *
 * The shown branch changes with one splice from the first message that differs, so a list
 * keeps the rows above it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-chat-session-private.h"

/* Shows @messages from @pos on, in place of what was there (one items-changed). */
static void
show_from (ParlanceChatSession *self,
           guint                pos,
           ParlanceMessage    **messages,
           guint                n_messages)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  g_list_store_splice (self->messages, pos, n - pos, (gpointer *) messages, n_messages);
}

/* A reply cut off can be asked for again (as when a conversation is opened). */
static void
mark_retry (ParlanceChatSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_autoptr(ParlanceMessage) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1) : NULL;
  ParlanceMessageStatus status = last ? parlance_message_get_status (last) : PARLANCE_MESSAGE_COMPLETE;

  if (last != NULL && parlance_message_get_role (last) == PARLANCE_ROLE_ASSISTANT &&
      (status == PARLANCE_MESSAGE_INTERRUPTED || status == PARLANCE_MESSAGE_ERROR))
    parlance_message_set_can_retry (last, TRUE);
}

/* Shows @branch (read from the store) keeping the messages shown before the first that
 * differs: their rows stay, and they take the versions the store counted. */
static void
apply_branch (ParlanceChatSession *self,
              GPtrArray           *branch)
{
  GListModel *model = G_LIST_MODEL (self->messages);
  guint n = g_list_model_get_n_items (model);
  guint same = 0;

  for (; same < n && same < branch->len; same++)
    {
      g_autoptr(ParlanceMessage) shown = g_list_model_get_item (model, same);
      ParlanceMessage *loaded = g_ptr_array_index (branch, same);

      if (parlance_message_get_id (shown) == 0 ||
          parlance_message_get_id (shown) != parlance_message_get_id (loaded))
        break;
      parlance_message_set_siblings (shown, parlance_message_get_sibling_index (loaded),
                                     parlance_message_get_n_siblings (loaded));
    }
  if (same < n || same < branch->len)
    show_from (self, same, (ParlanceMessage **) branch->pdata + same, branch->len - same);
  parlance_conversation_set_tip_id (self->conversation,
                                    branch->len > 0 ? parlance_message_get_id (g_ptr_array_index (branch, branch->len - 1)) : 0);
  parlance_conversation_set_message_count (self->conversation, branch->len);
  mark_retry (self);
}

/* Checks an action may run on @message: no reply under way, @message shown, of @role (-1 any). */
static gboolean
check_action (ParlanceChatSession  *self,
              ParlanceMessage      *message,
              int                   role,
              guint                *pos,
              GError              **error)
{
  if (self->pending != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Wait for the reply to finish, or stop it, first."));
      return FALSE;
    }
  if (!g_list_store_find (self->messages, message, pos) ||
      (role >= 0 && (int) parlance_message_get_role (message) != role))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This message can not be changed that way."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_model (const char  *model,
             GError     **error)
{
  if (model != NULL && *model != '\0')
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a model first."));
  return FALSE;
}

static ParlanceMessage *
item_before (ParlanceChatSession *self,
             guint                pos)
{
  return pos > 0 ? g_list_model_get_item (G_LIST_MODEL (self->messages), pos - 1) : NULL;
}

static ParlanceMessage *
new_message (ParlanceRole  role,
             const char   *text,
             ParlanceMessage *replaces)
{
  ParlanceMessage *message = parlance_message_new (role, text);
  guint count = replaces != NULL ? parlance_message_get_n_siblings (replaces) : 0;

  parlance_message_set_created (message, g_get_real_time ());
  /* With a store, the newest of the versions; the tree says so itself without one. */
  if (replaces != NULL)
    parlance_message_set_siblings (message, count, count + 1);
  return message;
}

/**
 * parlance_chat_session_regenerate:
 * @reply: an assistant message shown
 * @model: (nullable): the model to ask, %NULL for the session's (which does not change)
 *
 * Asks for a new reply to the same question, as a new version of @reply; the messages below
 * @reply are replaced by the new branch.
 *
 * Returns: %FALSE with %G_IO_ERROR_BUSY while a reply streams, %G_IO_ERROR_INVALID_ARGUMENT
 *   for a message that is no reply shown
 */
gboolean
parlance_chat_session_regenerate (ParlanceChatSession  *self,
                                  ParlanceMessage      *reply,
                                  const char           *model,
                                  GError              **error)
{
  g_autoptr(ParlanceMessage) parent = NULL;
  g_autoptr(ParlanceMessage) assistant = NULL;
  guint pos;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (reply), FALSE);

  if (!check_action (self, reply, PARLANCE_ROLE_ASSISTANT, &pos, error) ||
      !check_model (model != NULL ? model : self->model, error))
    return FALSE;

  self->switch_serial++;
  parent = item_before (self, pos);
  assistant = new_message (PARLANCE_ROLE_ASSISTANT, NULL, reply);
  show_from (self, pos, &assistant, 1);
  _parlance_chat_session_tree_add (self, parent, assistant);
  _parlance_chat_session_start_reply (self, assistant, model, FALSE);
  _parlance_chat_session_save_exchange (self, parent, NULL, assistant);
  return TRUE;
}

/**
 * parlance_chat_session_edit_and_resend:
 * @message: a user message shown
 * @text: its new text
 *
 * Adds @text as a new version of @message and asks for a reply to it; the messages below
 * @message are replaced by the new branch.
 *
 * Returns: %FALSE with an error, as parlance_chat_session_regenerate () does, or when @text is
 *   empty
 */
gboolean
parlance_chat_session_edit_and_resend (ParlanceChatSession  *self,
                                       ParlanceMessage      *message,
                                       const char           *text,
                                       GError              **error)
{
  g_autoptr(ParlanceMessage) parent = NULL;
  g_autoptr(ParlanceMessage) user = NULL;
  g_autoptr(ParlanceMessage) assistant = NULL;
  g_autofree char *trimmed = NULL;
  ParlanceMessage *shown[2];
  guint pos;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_action (self, message, PARLANCE_ROLE_USER, &pos, error) ||
      !check_model (self->model, error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The message is empty."));
      return FALSE;
    }

  self->switch_serial++;
  parent = item_before (self, pos);
  shown[0] = user = new_message (PARLANCE_ROLE_USER, trimmed, message);
  shown[1] = assistant = new_message (PARLANCE_ROLE_ASSISTANT, NULL, NULL);
  show_from (self, pos, shown, 2);
  _parlance_chat_session_tree_add (self, parent, user);
  _parlance_chat_session_tree_add (self, user, assistant);
  _parlance_chat_session_start_reply (self, assistant, NULL, FALSE);
  _parlance_chat_session_follow_provider (self);
  _parlance_chat_session_follow_model (self);
  _parlance_chat_session_save_exchange (self, parent, user, assistant);
  return TRUE;
}

/**
 * parlance_chat_session_can_continue:
 * @reply: a message
 *
 * Returns: whether @reply is the last message shown, an assistant's with text that was
 *   stopped, failed, or cut at the length limit (finish reason "length"), and no reply streams
 */
gboolean
parlance_chat_session_can_continue (ParlanceChatSession *self,
                                    ParlanceMessage     *reply)
{
  guint n, pos;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (reply), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (self->pending != NULL || !g_list_store_find (self->messages, reply, &pos) || pos + 1 != n ||
      parlance_message_get_role (reply) != PARLANCE_ROLE_ASSISTANT ||
      parlance_message_get_content_length (reply) == 0)
    return FALSE;
  switch (parlance_message_get_status (reply))
    {
    case PARLANCE_MESSAGE_INTERRUPTED:
    case PARLANCE_MESSAGE_ERROR:
      return TRUE;
    case PARLANCE_MESSAGE_COMPLETE:
      return g_strcmp0 (parlance_message_get_finish_reason (reply), "length") == 0;
    case PARLANCE_MESSAGE_WAITING:
    case PARLANCE_MESSAGE_STREAMING:
    default:
      return FALSE;
    }
}

/**
 * parlance_chat_session_continue:
 * @reply: a reply parlance_chat_session_can_continue () accepts
 *
 * Sends the conversation with @reply's text last (an assistant prefill) to the model that
 * wrote @reply (the session's when @reply names none) and appends what comes to @reply, whose
 * tokens, cost and duration become the sums of its parts.
 *
 * Returns: %FALSE with an error, as parlance_chat_session_regenerate () does
 */
gboolean
parlance_chat_session_continue (ParlanceChatSession  *self,
                                ParlanceMessage      *reply,
                                GError              **error)
{
  g_autofree char *model = NULL;
  guint pos;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (reply), FALSE);

  /* The model that wrote the reply goes on with it, not one chosen since. It is asked through
   * the session's provider: a session has one provider at a time. */
  model = g_strdup (parlance_message_get_model (reply));
  if (model == NULL || *model == '\0')
    {
      g_free (model);
      model = g_strdup (self->model);
    }
  if (!check_action (self, reply, PARLANCE_ROLE_ASSISTANT, &pos, error) ||
      !check_model (model, error))
    return FALSE;
  if (!parlance_chat_session_can_continue (self, reply))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only the last reply, stopped or cut short, can be continued."));
      return FALSE;
    }

  self->switch_serial++;
  parlance_message_set_retry_at (reply, 0);
  _parlance_chat_session_start_reply (self, reply, model, TRUE);
  _parlance_chat_session_save_retry (self, reply);
  return TRUE;
}

static void
branch_reread (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceChatSession *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) branch = NULL;
  GError *error = NULL;

  branch = parlance_store_load_branch_finish (PARLANCE_STORE (object), result, &error);
  if (branch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Something else changed the branch meanwhile (a reply, another switch, a new chat). */
  if (self->pending != NULL || GPOINTER_TO_UINT (g_task_get_task_data (task)) != self->switch_serial)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The conversation changed meanwhile."));
      return;
    }
  apply_branch (self, branch);
  g_task_return_boolean (task, TRUE);
}

/* The tip moved or a message went: the branch is read back to show what the store holds. */
static void
branch_saved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);
  GError *error = NULL;
  gint64 id = parlance_conversation_get_id (self->conversation);
  GCancellable *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->store == NULL || id == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  parlance_store_load_branch_async (self->store, id, cancellable, branch_reread,
                                    g_steal_pointer (&task));
}

static GTask *
new_task (ParlanceChatSession *self,
          gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->switch_serial), NULL);
  return task;
}

/* Hands @task on to a write of the branch change, then to reading the branch back. */
static void
save_branch_change (ParlanceChatSession *self,
                    ParlanceMessage     *deleted,
                    gint64               tip,
                    GTask               *task)
{
  GTask *write = g_task_new (self, NULL, branch_saved, task);

  _parlance_chat_session_save_branch_change (self, deleted, tip, write);
}

/* A version not shown (the branch shows one of its siblings): the branch stays, and the shown
 * sibling's count follows (the tree's at once; the store's when the branch is read back). */
static gboolean
delete_hidden (ParlanceChatSession  *self,
               ParlanceMessage      *message,
               GError              **error)
{
  gboolean known = FALSE;

  if (self->tree != NULL)
    _parlance_chat_session_tree_parent (self, message, &known);
  if (!known && (self->store == NULL || parlance_message_get_id (message) <= 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This message can not be changed that way."));
      return FALSE;
    }
  self->switch_serial++;
  if (known)
    _parlance_chat_session_tree_remove (self, message);
  if (self->store != NULL)
    save_branch_change (self, message, 0,
                        new_task (self, parlance_chat_session_delete_message, NULL, NULL, NULL));
  return TRUE;
}

/**
 * parlance_chat_session_delete_message:
 * @message: a message shown, or a version of one (a sibling the branch does not show)
 *
 * Deletes @message (parlance_store_delete_message ()): the messages below it stay, one level
 * up. When it was the last one shown, the branch then shows its parent's newest leaf, as the
 * store's tip does. A version not shown goes without changing the branch.
 *
 * Returns: %FALSE with an error, as parlance_chat_session_regenerate () does
 */
gboolean
parlance_chat_session_delete_message (ParlanceChatSession  *self,
                                      ParlanceMessage      *message,
                                      GError              **error)
{
  g_autoptr(ParlanceMessage) parent = NULL;
  g_autoptr(ParlanceMessage) hold = NULL;
  guint pos, n;

  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (message), FALSE);

  if (self->pending == NULL && !g_list_store_find (self->messages, message, NULL))
    return delete_hidden (self, message, error);
  if (!check_action (self, message, -1, &pos, error))
    return FALSE;

  hold = g_object_ref (message);
  self->switch_serial++;
  parent = item_before (self, pos);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  _parlance_chat_session_tree_remove (self, message);
  g_list_store_remove (self->messages, pos);
  if (pos + 1 == n && self->tree != NULL)
    {
      /* The last one went: show where its parent's other versions went, as the store does. */
      GPtrArray *siblings = _parlance_chat_session_tree_children (self, parent);
      ParlanceMessage *newest = NULL;
      g_autoptr(GPtrArray) path = g_ptr_array_new ();

      if (parent != NULL)
        newest = _parlance_chat_session_tree_newest_leaf (self, parent);
      else if (siblings != NULL && siblings->len > 0)
        newest = _parlance_chat_session_tree_newest_leaf (self, g_ptr_array_index (siblings, siblings->len - 1));
      for (ParlanceMessage *m = newest; m != NULL && m != parent;
           m = _parlance_chat_session_tree_parent (self, m, NULL))
        g_ptr_array_insert (path, 0, m);
      if (path->len > 0)
        show_from (self, pos, (ParlanceMessage **) path->pdata, path->len);
    }
  if (self->store != NULL)
    save_branch_change (self, message, 0,
                        new_task (self, parlance_chat_session_delete_message, NULL, NULL, NULL));
  return TRUE;
}

typedef struct
{
  gint64 message_id;
  int    delta;
} SwitchLookup;

/* In a worker: the version @delta away from the message, and the newest leaf under it. */
static void
switch_lookup_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ParlanceStore *store = source_object;
  SwitchLookup *lookup = task_data;
  g_autoptr(GArray) ids = NULL;
  GError *error = NULL;
  gint64 leaf;
  guint i;

  if ((ids = parlance_store_list_siblings (store, lookup->message_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (i = 0; i < ids->len && g_array_index (ids, gint64, i) != lookup->message_id; i++)
    ;
  if ((gint64) i + lookup->delta < 0 || (gint64) i + lookup->delta >= (gint64) ids->len)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("There is no other version that way."));
      return;
    }
  leaf = parlance_store_get_newest_leaf (store, g_array_index (ids, gint64, i + lookup->delta), &error);
  if (leaf == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, leaf);
}

static void
switch_looked_up (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceChatSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gint64 leaf = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->pending != NULL || GPOINTER_TO_UINT (g_task_get_task_data (task)) != self->switch_serial)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The conversation changed meanwhile."));
      return;
    }
  save_branch_change (self, NULL, leaf, g_steal_pointer (&task));
}

static void
switch_saved_before (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceChatSession *self = PARLANCE_CHAT_SESSION (object);
  ParlanceMessage *message = g_object_get_data (G_OBJECT (task), "message");
  GTask *lookup_task;
  SwitchLookup *lookup;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (parlance_message_get_id (message) == 0 || self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("This message is not saved."));
      return;
    }
  lookup = g_new0 (SwitchLookup, 1);
  lookup->message_id = parlance_message_get_id (message);
  lookup->delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "delta"));
  lookup_task = g_task_new (self->store, g_task_get_cancellable (task), switch_looked_up, task);
  task = NULL;
  g_task_set_task_data (lookup_task, lookup, g_free);
  g_task_run_in_thread (lookup_task, switch_lookup_thread);
  g_object_unref (lookup_task);
}

/* Without a store: the version from the session's tree, at once. */
static void
switch_in_memory (ParlanceChatSession *self,
                  ParlanceMessage     *message,
                  guint                pos,
                  int                  delta,
                  GTask               *task)
{
  gboolean known;
  ParlanceMessage *parent = _parlance_chat_session_tree_parent (self, message, &known);
  GPtrArray *siblings = known ? _parlance_chat_session_tree_children (self, parent) : NULL;
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  ParlanceMessage *target;
  guint index;

  if (siblings == NULL || !g_ptr_array_find (siblings, message, &index) ||
      (gint64) index + delta < 0 || (gint64) index + delta >= (gint64) siblings->len)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("There is no other version that way."));
      return;
    }
  target = g_ptr_array_index (siblings, index + delta);
  for (ParlanceMessage *m = _parlance_chat_session_tree_newest_leaf (self, target); m != parent;
       m = _parlance_chat_session_tree_parent (self, m, NULL))
    g_ptr_array_insert (path, 0, m);
  show_from (self, pos, (ParlanceMessage **) path->pdata, path->len);
  mark_retry (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * parlance_chat_session_switch_version_async:
 * @message: a message shown
 * @delta: -1 for the previous version, +1 for the next
 *
 * Shows another version of @message and, below it, the newest branch under that version; the
 * choice is saved as the conversation's tip. The store is read off the main thread.
 */
void
parlance_chat_session_switch_version_async (ParlanceChatSession *self,
                                            ParlanceMessage     *message,
                                            int                  delta,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  guint pos;

  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (PARLANCE_IS_MESSAGE (message));

  self->switch_serial++;
  task = new_task (self, parlance_chat_session_switch_version_async, cancellable, callback, user_data);
  if (!check_action (self, message, -1, &pos, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->store == NULL)
    {
      switch_in_memory (self, message, pos, delta, task);
      return;
    }
  /* The message's id once the writes asked before are done. */
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (message), g_object_unref);
  g_object_set_data (G_OBJECT (task), "delta", GINT_TO_POINTER (delta));
  _parlance_chat_session_save_branch_change (self, NULL, 0,
                                             g_task_new (self, NULL, switch_saved_before,
                                                         g_steal_pointer (&task)));
}

/**
 * parlance_chat_session_switch_version_finish:
 *
 * Returns: %TRUE when the version is shown; %FALSE with %G_IO_ERROR_BUSY,
 *   %G_IO_ERROR_INVALID_ARGUMENT (no version that way), %G_IO_ERROR_CANCELLED (the branch
 *   changed meanwhile) or a #PARLANCE_STORE_ERROR
 */
gboolean
parlance_chat_session_switch_version_finish (ParlanceChatSession  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
