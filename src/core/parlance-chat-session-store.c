/* parlance-chat-session-store.c — a session's conversation, saved to and opened from the store.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write goes through the store's asynchronous calls, one step after another in the order
 * the session asked for them: a message is added only once its conversation has an id, and its
 * parent once its parent has one. A step holds the objects it writes (never the session's
 * current conversation, which a new chat replaces), so a step asked for one conversation still
 * lands there after the window moved to another. A reply is added while it waits, then the store
 * follows it (parlance_store_follow_message ()) and writes its text in batches and at its end.
 *
 * A write that fails for a reason that can pass (disk full, read-only file, a long lock) stays
 * at the head of the queue and runs again, later; what it holds stays in memory meanwhile. One
 * that cannot succeed (the conversation was deleted meanwhile) drops the steps of that
 * conversation.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-chat-session-private.h"

#define RETRY_FIRST_DELAY 1   /* seconds */
#define RETRY_MAX_DELAY   30

typedef enum
{
  STEP_CREATE,        /* the conversation, with its title, provider, model and settings */
  STEP_SAVE,          /* every field of the conversation again */
  STEP_ADD,           /* a message, under its parent's id */
  STEP_FOLLOW,        /* a reply: followed while it streams, else written once */
  STEP_TIP,           /* another version shown: the tip moves to `tip` */
  STEP_DELETE,        /* one message deleted */
} StepKind;

typedef struct
{
  StepKind              kind;
  ParlanceStore        *store;
  ParlanceConversation *conversation;
  ParlanceMessage      *message;
  ParlanceMessage      *parent;       /* STEP_ADD: NULL for the first message */
  gint64                tip;          /* STEP_TIP */
  GTask                *task;         /* STEP_TIP, STEP_DELETE: told how it went */
} SaveStep;

static void run_next_step (ParlanceChatSession *self);

static void
save_step_free (SaveStep *step)
{
  g_clear_object (&step->store);
  g_clear_object (&step->conversation);
  g_clear_object (&step->message);
  g_clear_object (&step->parent);
  if (step->task != NULL)
    g_task_return_new_error (step->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The conversation can not be saved any more."));
  g_clear_object (&step->task);
  g_free (step);
}

/* Tells the step's caller how it went, once. */
static void
step_return (SaveStep     *step,
             const GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&step->task);

  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

gboolean
_parlance_chat_session_get_saving (ParlanceChatSession *self)
{
  return !g_queue_is_empty (&self->steps);
}

static void
push_step_full (ParlanceChatSession  *self,
                StepKind              kind,
                ParlanceConversation *conversation,
                ParlanceMessage      *message,
                ParlanceMessage      *parent,
                gint64                tip,
                GTask                *task)
{
  SaveStep *step = g_new0 (SaveStep, 1);
  gboolean was_saving = _parlance_chat_session_get_saving (self);

  step->kind = kind;
  step->tip = tip;
  step->task = task;
  step->store = g_object_ref (self->store);
  step->conversation = g_object_ref (conversation);
  step->message = message ? g_object_ref (message) : NULL;
  step->parent = parent ? g_object_ref (parent) : NULL;
  g_queue_push_tail (&self->steps, step);
  if (!was_saving)
    _parlance_chat_session_notify (self, PROP_SAVING);
  run_next_step (self);
}

static void
push_step (ParlanceChatSession  *self,
           StepKind              kind,
           ParlanceConversation *conversation,
           ParlanceMessage      *message,
           ParlanceMessage      *parent)
{
  push_step_full (self, kind, conversation, message, parent, 0, NULL);
}

static void
pop_step (ParlanceChatSession *self)
{
  save_step_free (g_queue_pop_head (&self->steps));
  self->step_running = FALSE;
  if (g_queue_is_empty (&self->steps))
    _parlance_chat_session_notify (self, PROP_SAVING);
}

/* Errors that may pass: the step waits and runs again. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_BUSY) ||
         g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FULL) ||
         g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_READ_ONLY) ||
         g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_FAILED);
}

static gboolean
retry_step (gpointer user_data)
{
  ParlanceChatSession *self = user_data;

  self->retry_source = 0;
  self->step_running = FALSE;
  run_next_step (self);
  return G_SOURCE_REMOVE;
}

/* The store wrote again after failures: what waits goes now, not at the end of its pause. */
static void
store_recovered (ParlanceChatSession *self)
{
  if (self->retry_source == 0)
    return;
  g_object_ref (self);   /* the pause held the last reference, maybe */
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->step_running = FALSE;
  run_next_step (self);
  g_object_unref (self);
}

/* The conversation can not be written to any more: what was asked for it is dropped. */
static void
drop_conversation_steps (ParlanceChatSession  *self,
                         ParlanceConversation *conversation)
{
  GList *link = self->steps.head;

  while (link != NULL)
    {
      GList *next = link->next;
      SaveStep *step = link->data;

      if (step->conversation == conversation && link != self->steps.head)
        {
          save_step_free (step);
          g_queue_delete_link (&self->steps, link);
        }
      link = next;
    }
  /* A conversation never created is tried again with the next message. */
  if (conversation == self->conversation && parlance_conversation_get_id (conversation) == 0)
    self->creating = FALSE;
  pop_step (self);
}

static void
step_failed (ParlanceChatSession *self,
             SaveStep            *step,
             const GError        *error)
{
  g_debug ("Saving the conversation failed: %s", error->message);

  if (!is_transient (error))
    {
      ParlanceConversation *conversation = g_object_ref (step->conversation);

      step_return (step, error);

      drop_conversation_steps (self, conversation);
      /* Deleted by another program while shown: never silent, and the text is kept to be
       * saved anew (parlance_chat_session_detach_conversation ()). */
      if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND) &&
          conversation == self->conversation && parlance_conversation_get_id (conversation) != 0)
        parlance_chat_session_detach_conversation (self);
      g_object_unref (conversation);
      return;
    }

  /* The session lives on while its writes wait: the text is in memory, nowhere else. */
  self->retry_delay = self->retry_delay == 0 ? RETRY_FIRST_DELAY
                                             : MIN (self->retry_delay * 2, RETRY_MAX_DELAY);
  self->retry_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->retry_delay,
                                                   retry_step, g_object_ref (self),
                                                   g_object_unref);
}

static void
step_succeeded (ParlanceChatSession *self,
                SaveStep            *step)
{
  self->retry_delay = 0;
  if (step->kind == STEP_ADD)
    {
      /* The store made the message the tip; the copy in memory says so too, so that saving the
       * conversation later does not move the tip back. */
      parlance_conversation_set_tip_id (step->conversation, parlance_message_get_id (step->message));
      parlance_conversation_set_updated (step->conversation, g_get_real_time ());
      parlance_conversation_set_message_count (step->conversation,
                                               parlance_conversation_get_message_count (step->conversation) + 1);
      _parlance_chat_session_record_message_saved (self, step->message);
    }
  else if (step->kind == STEP_TIP)
    parlance_conversation_set_tip_id (step->conversation, step->tip);
  step_return (step, NULL);
  pop_step (self);
}

static void
step_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceChatSession) self = user_data;
  SaveStep *step = g_queue_peek_head (&self->steps);
  g_autoptr(GError) error = NULL;

  g_assert (step != NULL && self->step_running);

  if (parlance_store_write_finish (PARLANCE_STORE (object), result, &error))
    step_succeeded (self, step);
  else
    step_failed (self, step, error);
  run_next_step (self);
}

/* Runs @step; FALSE when there was nothing to do (it is done at once). */
static gboolean
start_step (ParlanceChatSession *self,
            SaveStep            *step)
{
  gint64 conversation_id = parlance_conversation_get_id (step->conversation);
  ParlanceMessageStatus status;

  switch (step->kind)
    {
    case STEP_CREATE:
      if (conversation_id != 0)
        return FALSE;
      parlance_store_create_conversation_async (step->store, step->conversation, NULL,
                                                step_done, g_object_ref (self));
      return TRUE;

    case STEP_SAVE:
      if (conversation_id == 0)
        return FALSE;
      parlance_store_save_conversation_async (step->store, step->conversation, NULL,
                                              step_done, g_object_ref (self));
      return TRUE;

    case STEP_ADD:
      if (conversation_id == 0)
        return FALSE;
      parlance_message_set_parent_id (step->message,
                                      step->parent ? parlance_message_get_id (step->parent) : 0);
      parlance_store_add_message_async (step->store, conversation_id, step->message, NULL,
                                        step_done, g_object_ref (self));
      return TRUE;

    case STEP_FOLLOW:
      if (parlance_message_get_id (step->message) == 0)
        return FALSE;
      status = parlance_message_get_status (step->message);
      if (status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING)
        {
          /* The store writes it in batches from now on, and once more at its end. */
          parlance_store_follow_message (step->store, step->message);
          return FALSE;
        }
      /* It ended before it was added: one write of everything. */
      parlance_store_update_message_async (step->store, step->message, NULL,
                                           step_done, g_object_ref (self));
      return TRUE;

    case STEP_TIP:
      /* Tip 0: only waits for the steps before it (ids are known after it). */
      if (conversation_id == 0 || step->tip == 0)
        return FALSE;
      parlance_store_set_tip_async (step->store, conversation_id, step->tip, NULL,
                                    step_done, g_object_ref (self));
      return TRUE;

    case STEP_DELETE:
      if (parlance_message_get_id (step->message) == 0)
        return FALSE;
      parlance_store_delete_message_async (step->store, parlance_message_get_id (step->message),
                                           NULL, step_done, g_object_ref (self));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
run_next_step (ParlanceChatSession *self)
{
  SaveStep *step;

  while (!self->step_running && self->retry_source == 0 &&
         (step = g_queue_peek_head (&self->steps)) != NULL)
    {
      self->step_running = TRUE;
      if (!start_step (self, step))
        {
          step_return (step, NULL);
          pop_step (self);
        }
    }
}

/*
 * _parlance_chat_session_save_exchange:
 * @parent: (nullable): the message @user answers (the tip of the shown branch)
 * @user: (nullable): the question; NULL when @assistant is a new version of a reply to @parent
 *
 * Saves @user then @assistant (a reply waiting to stream) under it, creating the conversation
 * first when it has never been saved.
 */
void
_parlance_chat_session_save_exchange (ParlanceChatSession *self,
                                      ParlanceMessage     *parent,
                                      ParlanceMessage     *user,
                                      ParlanceMessage     *assistant)
{
  ParlanceMessage *first = user != NULL ? user : assistant;

  if (self->store == NULL)
    return;

  if (!self->creating)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
      g_autoptr(ParlanceMessage) previous = NULL;

      self->creating = TRUE;
      push_step (self, STEP_CREATE, self->conversation, NULL, NULL);
      /* A conversation detached from the store (deleted elsewhere) saves again everything it
       * shows before @user, in order; a new one has nothing there. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ParlanceMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

          if (message == first)
            break;
          /* Its old id was in the conversation that is gone. */
          parlance_message_set_id (message, 0);
          push_step (self, STEP_ADD, self->conversation, message, previous);
          g_set_object (&previous, message);
        }
    }
  if (user != NULL)
    push_step (self, STEP_ADD, self->conversation, user, parent);
  push_step (self, STEP_ADD, self->conversation, assistant, user != NULL ? user : parent);
  push_step (self, STEP_FOLLOW, self->conversation, assistant, NULL);
}

/* A reply asked again: the same message, followed again from its empty start. */
void
_parlance_chat_session_save_retry (ParlanceChatSession *self,
                                   ParlanceMessage     *assistant)
{
  if (self->store == NULL || !self->creating)
    return;
  push_step (self, STEP_FOLLOW, self->conversation, assistant, NULL);
}

/* Moves the saved tip (another version shown; 0: none, only waits for the writes before), or
 * deletes a message, in turn with the other writes; @task (taken) returns when it is done, at
 * once when nothing is saved. */
void
_parlance_chat_session_save_branch_change (ParlanceChatSession *self,
                                           ParlanceMessage     *deleted,
                                           gint64               tip,
                                           GTask               *task)
{
  if (self->store == NULL || !self->creating)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  push_step_full (self, deleted != NULL ? STEP_DELETE : STEP_TIP, self->conversation, deleted,
                  NULL, tip, task);
}

void
_parlance_chat_session_save_conversation (ParlanceChatSession  *self,
                                          ParlanceConversation *conversation)
{
  SaveStep *last = g_queue_peek_tail (&self->steps);

  if (self->store == NULL)
    return;
  /* A save still waiting to run writes the conversation as it is when it runs: one is enough. */
  if (last != NULL && last->kind == STEP_SAVE && last->conversation == conversation &&
      !(self->step_running && last == g_queue_peek_head (&self->steps)))
    return;
  push_step (self, STEP_SAVE, conversation, NULL, NULL);
}

/* What the sidebar or the settings change on the conversation shown is saved in turn with the
 * messages (a save of its own could carry an older tip over a message just added). The
 * provider and model follow the session's (see below); ids, times and counts are the store's. */
static void
conversation_notify (ParlanceConversation *conversation,
                     GParamSpec           *pspec,
                     ParlanceChatSession  *self)
{
  static const char *saved[] = { "title", "pinned", "archived", "system-prompt", "parameters" };

  if (!self->creating || conversation != self->conversation)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    if (g_str_equal (pspec->name, saved[i]))
      {
        _parlance_chat_session_save_conversation (self, conversation);
        return;
      }
}

/* Makes @conversation the one shown, saved as it changes. */
void
_parlance_chat_session_take_conversation (ParlanceChatSession  *self,
                                          ParlanceConversation *conversation)
{
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, conversation_notify, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    g_signal_connect (conversation, "notify", G_CALLBACK (conversation_notify), self);
}

/* The session's provider is the conversation's: a change is saved with it. */
void
_parlance_chat_session_follow_provider (ParlanceChatSession *self)
{
  const char *provider_id;

  if (self->conversation == NULL || self->provider == NULL)
    return;
  provider_id = parlance_provider_get_id (self->provider);
  if (g_strcmp0 (provider_id, parlance_conversation_get_provider_id (self->conversation)) == 0)
    return;
  parlance_conversation_set_provider_id (self->conversation, provider_id);
  if (self->creating)
    _parlance_chat_session_save_conversation (self, self->conversation);
}

/* The same for the model. */
void
_parlance_chat_session_follow_model (ParlanceChatSession *self)
{
  if (self->conversation == NULL || self->model == NULL ||
      g_strcmp0 (self->model, parlance_conversation_get_model (self->conversation)) == 0)
    return;
  parlance_conversation_set_model (self->conversation, self->model);
  if (self->creating)
    _parlance_chat_session_save_conversation (self, self->conversation);
}

void
_parlance_chat_session_store_dispose (ParlanceChatSession *self)
{
  /* Steps in flight and waiting retries hold a reference: none are left by now. */
  g_assert (self->retry_source == 0);
  g_queue_clear_full (&self->steps, (GDestroyNotify) save_step_free);
  if (self->title_cancellable != NULL)
    g_cancellable_cancel (self->title_cancellable);
  g_clear_object (&self->title_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  _parlance_chat_session_take_conversation (self, NULL);
}

/**
 * parlance_chat_session_set_store:
 * @store: (nullable): where to save; %NULL keeps everything in memory
 *
 * Messages sent from now on are saved in @store. Writes already asked of another store finish
 * there.
 */
void
parlance_chat_session_set_store (ParlanceChatSession *self,
                                 ParlanceStore       *store)
{
  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (store == NULL || PARLANCE_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "write-recovered", G_CALLBACK (store_recovered), self,
                             G_CONNECT_SWAPPED);
  _parlance_chat_session_notify (self, PROP_STORE);
}

/**
 * parlance_chat_session_get_store:
 *
 * Returns: (transfer none) (nullable): the store the session saves to
 */
ParlanceStore *
parlance_chat_session_get_store (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return self->store;
}

/**
 * parlance_chat_session_get_conversation:
 *
 * The conversation shown: its id is 0 until its first message is saved. Change its title,
 * pin, archive and settings here: once it is saved the session saves those changes, in order
 * with its messages (do not save this object with the store yourself: that could write an
 * older tip over a message just added). Its provider and model are the session's. A new chat
 * or an opened one replaces it (#ParlanceChatSession:conversation notifies).
 *
 * Returns: (transfer none): the conversation, never %NULL
 */
ParlanceConversation *
parlance_chat_session_get_conversation (ParlanceChatSession *self)
{
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (self), NULL);
  return self->conversation;
}

/* Shows @conversation with @messages (a branch, oldest first) in one items-changed. */
void
_parlance_chat_session_replace_conversation (ParlanceChatSession  *self,
                      ParlanceConversation *conversation,
                      gboolean              saved,
                      GPtrArray            *messages)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  parlance_chat_session_stop (self);
  _parlance_chat_session_take_conversation (self, conversation);
  _parlance_chat_session_tree_clear (self);
  self->switch_serial++;
  self->creating = saved;
  g_list_store_splice (self->messages, 0, n,
                       messages ? messages->pdata : NULL, messages ? messages->len : 0);
  _parlance_chat_session_notify (self, PROP_CONVERSATION);
}

/**
 * parlance_chat_session_new_conversation:
 * @draft: (nullable): the settings, provider id and model to start with
 *
 * Stops any reply, empties the messages and starts an unsaved conversation: a copy of @draft,
 * or a blank one with the session's provider and model. The caller sets the provider @draft
 * names.
 */
void
parlance_chat_session_new_conversation (ParlanceChatSession  *self,
                                        ParlanceConversation *draft)
{
  g_autoptr(ParlanceConversation) conversation = NULL;

  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));
  g_return_if_fail (draft == NULL || PARLANCE_IS_CONVERSATION (draft));

  self->open_serial++;
  conversation = draft ? parlance_conversation_copy (draft) : parlance_conversation_new ();
  parlance_conversation_set_id (conversation, 0);
  parlance_conversation_set_tip_id (conversation, 0);
  parlance_conversation_set_message_count (conversation, 0);
  _parlance_chat_session_replace_conversation (self, conversation, FALSE, NULL);

  /* What the draft leaves out is the session's. */
  if (parlance_conversation_get_model (conversation) != NULL &&
      *parlance_conversation_get_model (conversation) != '\0')
    parlance_chat_session_set_model (self, parlance_conversation_get_model (conversation));
  else
    _parlance_chat_session_follow_model (self);
  if (parlance_conversation_get_provider_id (conversation) == NULL)
    _parlance_chat_session_follow_provider (self);
}

/**
 * parlance_chat_session_detach_conversation:
 *
 * The saved conversation shown is gone from the store (another program deleted it). The
 * messages stay on show, and the session keeps a copy of the conversation's settings with no
 * id: the next parlance_chat_session_send () saves every message shown, then the new exchange,
 * in a new conversation, so nothing is lost and nothing is written anywhere silently meanwhile.
 * Emits #ParlanceChatSession::conversation-detached.
 */
void
parlance_chat_session_detach_conversation (ParlanceChatSession *self)
{
  g_autoptr(ParlanceConversation) copy = NULL;

  g_return_if_fail (PARLANCE_IS_CHAT_SESSION (self));

  if (parlance_conversation_get_id (self->conversation) == 0)
    return;
  copy = parlance_conversation_copy (self->conversation);
  parlance_conversation_set_id (copy, 0);
  parlance_conversation_set_tip_id (copy, 0);
  parlance_conversation_set_message_count (copy, 0);
  _parlance_chat_session_take_conversation (self, copy);
  self->creating = FALSE;
  _parlance_chat_session_notify (self, PROP_CONVERSATION);
  g_signal_emit_by_name (self, "conversation-detached");
}
