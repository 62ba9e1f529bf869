/* parlance-window-sync.c — the open conversation follows what other programs (parlance-cli, a
 * second window) write to the same database.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store says when another connection changed the database (::conversations-changed, from
 * PRAGMA data_version, polled every 2 s). The open conversation is read again then, when the
 * window becomes active, and when the shown session ends a reply or its writes (a change seen
 * meanwhile waits for those):
 *  - gone, and not by this window's delete with Undo: the messages stay on show, unsaved, with
 *    a toast; the next message saves them all in a new conversation (nothing is lost, nothing
 *    is written nowhere);
 *  - its tip moved (`parlance-cli chat --continue`): its branch is loaded again, so that what
 *    shows, the history sent to the model and the parent of the next message are the store's.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-window-private.h"

typedef struct
{
  ParlanceWindow      *window;
  ParlanceChatSession *session;
  gint64               id;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->window);
  g_object_unref (check->session);
  g_free (check);
}

static gboolean
session_settled (ParlanceChatSession *session)
{
  gboolean saving = FALSE;

  g_object_get (session, "saving", &saving, NULL);
  return !saving && !parlance_chat_session_get_busy (session);
}

/* Still the same conversation, shown by the same session, nothing under way in it, and no
 * other conversation on its way to the view. */
static gboolean
check_current (Check *check)
{
  ParlanceWindow *self = check->window;

  return self->pending_deletes != NULL && self->session == check->session && self->n_opening == 0 &&
         _parlance_window_open_id (self) == check->id && session_settled (check->session) &&
         !g_hash_table_contains (self->pending_deletes, &check->id);
}

static void
reloaded (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ParlanceWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_chat_session_open_finish (PARLANCE_CHAT_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not load the conversation again: %s", error->message);
}

static void
checked (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Check *check = user_data;
  ParlanceWindow *self = check->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceConversation) stored = NULL;
  ParlanceConversation *shown;

  stored = parlance_store_get_conversation_finish (PARLANCE_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !check_current (check))
    goto out;
  shown = parlance_chat_session_get_conversation (self->session);
  if (stored == NULL)
    {
      if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
        parlance_chat_session_detach_conversation (self->session);
      else
        g_debug ("Could not read the open conversation again: %s", error->message);
    }
  else if (parlance_conversation_get_tip_id (stored) != parlance_conversation_get_tip_id (shown))
    {
      /* Another program added to it (or moved its branch): the store's branch, not ours. */
      parlance_chat_session_open_async (self->session, check->id, self->open_cancellable,
                                        reloaded, g_object_ref (self));
    }
out:
  check_free (check);
}

static void
check_open (ParlanceWindow *self)
{
  Check *check;

  if (self->store == NULL || self->pending_deletes == NULL)
    return;
  check = g_new0 (Check, 1);
  check->window = g_object_ref (self);
  check->session = g_object_ref (self->session);
  check->id = _parlance_window_open_id (self);
  if (check->id == 0 || !check_current (check))
    {
      check_free (check);
      return;
    }
  /* A newer change supersedes the check still reading. */
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  parlance_store_get_conversation_async (self->store, check->id, self->sync_cancellable,
                                         checked, check);
}

static void
conversation_detached (ParlanceWindow *self)
{
  /* The sidebar shows no row selected now (notify::conversation). */
  parlance_window_add_toast (self, adw_toast_new (_("This conversation was deleted by another program")));
}

/* The shown session's reply or writes ended: a change seen meanwhile is looked at now. */
static void
session_settled_notify (ParlanceWindow *self)
{
  if (session_settled (self->session))
    check_open (self);
}

/* Coming back from a terminal: the store is read at once, before the next message can be
 * typed, rather than at its next poll (every 2 s). */
static void
active_changed (ParlanceWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    check_open (self);
}

/* Once the store is open. */
void
_parlance_window_sync_init (ParlanceWindow *self)
{
  g_signal_connect_object (self->store, "conversations-changed", G_CALLBACK (check_open), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (active_changed), self,
                           G_CONNECT_SWAPPED);
}

/* Once, with the window's session signals (they follow the shown session). */
void
_parlance_window_sync_connect (ParlanceWindow *self)
{
  g_signal_group_connect_swapped (self->session_signals, "conversation-detached",
                                  G_CALLBACK (conversation_detached), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy",
                                  G_CALLBACK (session_settled_notify), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::saving",
                                  G_CALLBACK (session_settled_notify), self);
}

void
_parlance_window_sync_dispose (ParlanceWindow *self)
{
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
}
