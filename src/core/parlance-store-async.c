/* parlance-store-async.c — the asynchronous forms: reads in worker threads on connections of
 * their own, writes through the writer thread in the order they were asked for.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-store-private.h"

typedef struct
{
  gint64                  id;
  ParlanceStoreListFlags  flags;
  guint                   limit;
  ParlanceConversation   *conversation;   /* the caller's, touched in its context only */
  ParlanceConversation   *conversation_copy;
  ParlanceMessage        *message;
  ParlanceMessage        *message_copy;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->conversation);
  g_clear_object (&request->conversation_copy);
  g_clear_object (&request->message);
  g_clear_object (&request->message_copy);
  g_free (request);
}

static GTask *
new_task (ParlanceStore       *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          Request            **request)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *request = g_new0 (Request, 1);
  g_task_set_task_data (task, *request, (GDestroyNotify) request_free);
  return task;
}

/* Reads */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ParlanceStore *self = source_object;
  Request *request = task_data;
  gpointer tag = g_task_get_source_tag (task);
  GError *error = NULL;
  StoreConnection *conn;
  gpointer result = NULL;
  GDestroyNotify result_free = (GDestroyNotify) g_ptr_array_unref;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((conn = _parlance_store_shared_take (self->shared, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (tag == parlance_store_list_conversations_async)
    result = _parlance_store_db_list_conversations (conn, request->flags, request->limit, &error);
  else if (tag == parlance_store_load_branch_async)
    result = _parlance_store_db_load_branch (conn, request->id, &error);
  else
    {
      result = _parlance_store_db_get_conversation (conn, request->id, &error);
      result_free = g_object_unref;
    }
  _parlance_store_shared_give (self->shared, conn);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, result_free);
}

static void
run_read (GTask *task)
{
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

void
parlance_store_list_conversations_async (ParlanceStore          *self,
                                         ParlanceStoreListFlags  flags,
                                         guint                   limit,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  task = new_task (self, parlance_store_list_conversations_async, cancellable, callback,
                   user_data, &request);
  request->flags = flags;
  request->limit = limit;
  run_read (task);
}

/* Returns: (transfer full) (element-type ParlanceConversation): most recently updated first */
GPtrArray *
parlance_store_list_conversations_finish (ParlanceStore  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
parlance_store_load_branch_async (ParlanceStore       *self,
                                  gint64               conversation_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  task = new_task (self, parlance_store_load_branch_async, cancellable, callback, user_data,
                   &request);
  request->id = conversation_id;
  run_read (task);
}

/* Returns: (transfer full) (element-type ParlanceMessage): the shown branch, oldest first */
GPtrArray *
parlance_store_load_branch_finish (ParlanceStore  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
parlance_store_get_conversation_async (ParlanceStore       *self,
                                       gint64               id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (PARLANCE_IS_STORE (self));

  task = new_task (self, parlance_store_get_conversation_async, cancellable, callback, user_data,
                   &request);
  request->id = id;
  run_read (task);
}

/* Returns: (transfer full) (nullable): the conversation */
ParlanceConversation *
parlance_store_get_conversation_finish (ParlanceStore  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writes: the functions run on the writer thread on copies; the done functions in the caller's
 * context, on the caller's objects. */

static gboolean
create_conversation_func (StoreConnection  *conn,
                          gpointer          data,
                          GError          **error)
{
  Request *request = data;

  return _parlance_store_db_create_conversation (conn, request->conversation_copy, error);
}

static void
create_conversation_done (GTask    *task,
                          gpointer  data)
{
  Request *request = data;

  g_object_freeze_notify (G_OBJECT (request->conversation));
  parlance_conversation_set_id (request->conversation,
                                parlance_conversation_get_id (request->conversation_copy));
  parlance_conversation_set_created (request->conversation,
                                     parlance_conversation_get_created (request->conversation_copy));
  parlance_conversation_set_updated (request->conversation,
                                     parlance_conversation_get_updated (request->conversation_copy));
  g_object_thaw_notify (G_OBJECT (request->conversation));
}

static gboolean
save_conversation_func (StoreConnection  *conn,
                        gpointer          data,
                        GError          **error)
{
  Request *request = data;

  return _parlance_store_db_save_conversation (conn, request->conversation_copy, error);
}

static gboolean
delete_conversation_func (StoreConnection  *conn,
                          gpointer          data,
                          GError          **error)
{
  Request *request = data;

  return _parlance_store_db_delete_conversation (conn, request->id, error);
}

static gboolean
add_message_func (StoreConnection  *conn,
                  gpointer          data,
                  GError          **error)
{
  Request *request = data;

  return _parlance_store_db_add_message (conn, request->id, request->message_copy, error);
}

static void
add_message_done (GTask    *task,
                  gpointer  data)
{
  Request *request = data;

  parlance_message_set_id (request->message, parlance_message_get_id (request->message_copy));
  parlance_message_set_created (request->message,
                                parlance_message_get_created (request->message_copy));
}

static gboolean
update_message_func (StoreConnection  *conn,
                     gpointer          data,
                     GError          **error)
{
  Request *request = data;

  return _parlance_store_db_update_message (conn, request->message_copy, error);
}

static void
push_write (ParlanceStore       *self,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            StoreWriteFunc       func,
            StoreWriteDone       done,
            gboolean             changes_list,
            gint64               id,
            ParlanceConversation *conversation,
            ParlanceMessage     *message)
{
  Request *request;
  g_autoptr(GTask) task = new_task (self, source_tag, cancellable, callback, user_data, &request);

  request->id = id;
  if (conversation != NULL)
    {
      request->conversation = g_object_ref (conversation);
      request->conversation_copy = parlance_conversation_copy (conversation);
    }
  if (message != NULL)
    {
      request->message = g_object_ref (message);
      request->message_copy = _parlance_store_message_copy (message);
    }
  _parlance_store_writer_push (self, task, func, done, changes_list);
}

void
parlance_store_create_conversation_async (ParlanceStore        *self,
                                          ParlanceConversation *conversation,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (PARLANCE_IS_CONVERSATION (conversation));
  g_return_if_fail (parlance_conversation_get_id (conversation) == 0);

  push_write (self, parlance_store_create_conversation_async, cancellable, callback, user_data,
              create_conversation_func, create_conversation_done, TRUE, 0, conversation, NULL);
}

void
parlance_store_save_conversation_async (ParlanceStore        *self,
                                        ParlanceConversation *conversation,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (PARLANCE_IS_CONVERSATION (conversation));
  g_return_if_fail (parlance_conversation_get_id (conversation) > 0);

  push_write (self, parlance_store_save_conversation_async, cancellable, callback, user_data,
              save_conversation_func, NULL, TRUE, 0, conversation, NULL);
}

void
parlance_store_delete_conversation_async (ParlanceStore       *self,
                                          gint64               id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));

  push_write (self, parlance_store_delete_conversation_async, cancellable, callback, user_data,
              delete_conversation_func, NULL, TRUE, id, NULL, NULL);
}

void
parlance_store_add_message_async (ParlanceStore       *self,
                                  gint64               conversation_id,
                                  ParlanceMessage     *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (PARLANCE_IS_MESSAGE (message));
  g_return_if_fail (parlance_message_get_id (message) == 0);

  push_write (self, parlance_store_add_message_async, cancellable, callback, user_data,
              add_message_func, add_message_done, TRUE, conversation_id, NULL, message);
}

void
parlance_store_update_message_async (ParlanceStore       *self,
                                     ParlanceMessage     *message,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (PARLANCE_IS_MESSAGE (message));
  g_return_if_fail (parlance_message_get_id (message) > 0);

  push_write (self, parlance_store_update_message_async, cancellable, callback, user_data,
              update_message_func, NULL, FALSE, 0, NULL, message);
}

/**
 * parlance_store_write_finish:
 *
 * Finishes any of the asynchronous writes. A write is never cancelled once asked for: the
 * cancellable only stops the caller from hearing of it (G_IO_ERROR_CANCELLED).
 */
gboolean
parlance_store_write_finish (ParlanceStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading after the writes */

typedef struct
{
  GCancellable             *cancellable;
  ParlanceStoreFlushedFunc  then;
  gpointer                  user_data;
  GDestroyNotify            destroy;
} FlushThen;

static void
flushed_then (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlushThen *after = user_data;

  parlance_store_flush_finish (PARLANCE_STORE (object), result, NULL);
  if (g_cancellable_is_cancelled (after->cancellable))
    after->destroy (after->user_data);
  else
    after->then (PARLANCE_STORE (object), after->user_data);
  g_clear_object (&after->cancellable);
  g_free (after);
}

/**
 * parlance_store_flush_then:
 * @cancellable: (nullable): stops @then from being called
 * @then: called on this thread's main context once every write asked for so far is done
 * @user_data: (transfer full): @then's, freed with @destroy when @then is not called
 * @destroy: frees @user_data
 *
 * Flushes, then hands on to a read that must see what was written: @then runs even when a
 * write failed (the store's ::write-failed says that), never once @cancellable is cancelled.
 */
void
parlance_store_flush_then (ParlanceStore            *self,
                           GCancellable             *cancellable,
                           ParlanceStoreFlushedFunc  then,
                           gpointer                  user_data,
                           GDestroyNotify            destroy)
{
  FlushThen *after;

  g_return_if_fail (PARLANCE_IS_STORE (self));
  g_return_if_fail (then != NULL && destroy != NULL);

  after = g_new0 (FlushThen, 1);
  after->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  after->then = then;
  after->user_data = user_data;
  after->destroy = destroy;
  parlance_store_flush_async (self, cancellable, flushed_then, after);
}
