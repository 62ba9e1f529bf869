/* parlance-chat-session-open.c — opening a saved conversation: its row, then its shown branch.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both reads run off the main thread; the messages are replaced in one items-changed once both
 * are in. A newer open, or a new chat, supersedes one under way.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-chat-session-private.h"

typedef struct
{
  gint64                id;
  guint                 serial;
  ParlanceConversation *conversation;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->conversation);
  g_free (data);
}

/* A newer open, or a new chat, came after this one. */
static gboolean
open_superseded (GTask *task)
{
  ParlanceChatSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);

  if (data->serial == self->open_serial)
    return FALSE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Another conversation was opened meanwhile."));
  return TRUE;
}

/* A reply cut off (here or by a process that went away) can be asked for again. */
static void
mark_retry (GPtrArray *messages)
{
  ParlanceMessage *last;
  ParlanceMessageStatus status;

  if (messages->len == 0)
    return;
  last = g_ptr_array_index (messages, messages->len - 1);
  status = parlance_message_get_status (last);
  if (parlance_message_get_role (last) == PARLANCE_ROLE_ASSISTANT &&
      (status == PARLANCE_MESSAGE_INTERRUPTED || status == PARLANCE_MESSAGE_ERROR))
    parlance_message_set_can_retry (last, TRUE);
}

static void
branch_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceChatSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;

  messages = parlance_store_load_branch_finish (PARLANCE_STORE (object), result, &error);
  if (messages == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (open_superseded (task))
    return;

  mark_retry (messages);
  _parlance_chat_session_replace_conversation (self, data->conversation, TRUE, messages);
  /* The conversation's model, without saving it again: they agree now. */
  if (parlance_conversation_get_model (data->conversation) != NULL)
    parlance_chat_session_set_model (self, parlance_conversation_get_model (data->conversation));
  g_task_return_boolean (task, TRUE);
}

static void
conversation_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->conversation = parlance_store_get_conversation_finish (PARLANCE_STORE (object), result, &error);
  if (data->conversation == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (open_superseded (task))
    return;

  parlance_store_load_branch_async (PARLANCE_STORE (object), data->id,
                                    g_task_get_cancellable (task), branch_loaded,
                                    g_object_ref (task));
}

/**
 * parlance_chat_session_open_async:
 * @conversation_id: a conversation of the session's store
 *
 * Stops any reply and reads the conversation and its shown branch off the main thread; then
 * the messages are replaced at once (one #GListModel::items-changed) and the session takes
 * the conversation's model. The caller then sets the provider it names. A newer open or a new
 * conversation makes this one fail with %G_IO_ERROR_CANCELLED.
 */
void
parlance_chat_session_open_async (ParlanceChatSession *self,
                                  gint64               conversation_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_chat_session_open_async);
  data = g_new0 (OpenData, 1);
  data->id = conversation_id;
  data->serial = ++self->open_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

  parlance_chat_session_stop (self);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FAILED,
                               _("Conversations are not being saved, so none can be opened."));
      return;
    }
  if (conversation_id <= 0)
    {
      g_task_return_new_error (task, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND,
                               _("There is no such conversation."));
      return;
    }

  parlance_store_get_conversation_async (self->store, conversation_id, cancellable,
                                         conversation_loaded, g_steal_pointer (&task));
}

/**
 * parlance_chat_session_open_finish:
 *
 * Returns: %TRUE when the conversation is shown; %FALSE with a #PARLANCE_STORE_ERROR (or
 *   %G_IO_ERROR_CANCELLED when superseded), the messages as they were (a reply is stopped)
 */
gboolean
parlance_chat_session_open_finish (ParlanceChatSession  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
