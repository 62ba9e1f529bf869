/* parlance-window-sessions.c — replies that go on while another conversation shows.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows one ParlanceChatSession. When the user leaves a saved conversation whose
 * reply is under way, its session is set aside in busy_sessions (by conversation id) and keeps
 * streaming and saving with the provider and key its turn started with; a fresh session shows
 * the next conversation. Opening that conversation again shows the same session (the same
 * messages, still streaming). A hidden session is dropped once its reply ended and its writes
 * are asked of the store. Everything in the window (view, settings popover, model picker,
 * provider menu, origin dialog, sidebar selection) follows the shown session.
 */

#include "config.h"

#include "parlance-application.h"
#include "parlance-window-private.h"

static void forget_hidden (ParlanceWindow      *self,
                           ParlanceChatSession *session);

void
_parlance_window_sessions_init (ParlanceWindow *self)
{
  self->session_signals = g_signal_group_new (PARLANCE_TYPE_CHAT_SESSION);
  self->busy_sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/* A reply stopped as the window goes: the application waits until it is saved. */
typedef struct
{
  ParlanceApplication *app;       /* NULL once released */
  ParlanceChatSession *session;
  guint                timeout_id;
} Finishing;

/* Waiting longer than this for a stopped reply to be saved: its last batch is on disk, and
 * the next start reads it as interrupted. */
#define FINISH_TIMEOUT_MS 5000

/* Replying, or still handing its writes to the store. */
static gboolean
is_working (ParlanceChatSession *session)
{
  gboolean saving = FALSE;

  g_object_get (session, "saving", &saving, NULL);
  return saving || parlance_chat_session_get_busy (session);
}

static void
finishing_release (Finishing *finishing)
{
  g_clear_handle_id (&finishing->timeout_id, g_source_remove);
  if (finishing->app != NULL)
    parlance_application_release_saving (finishing->app);
  g_clear_object (&finishing->app);
}

static void
finishing_flushed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Finishing *finishing = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_store_flush_finish (PARLANCE_STORE (object), result, &error))
    g_warning ("Could not save a stopped reply: %s", error->message);
  finishing_release (finishing);
  g_object_unref (finishing->session);
  g_free (finishing);
}

static void
finishing_ended (ParlanceChatSession *session,
                 GParamSpec          *pspec,
                 Finishing           *finishing)
{
  ParlanceStore *store = parlance_chat_session_get_store (session);

  if (is_working (session))
    return;
  g_signal_handlers_disconnect_by_func (session, finishing_ended, finishing);
  if (store != NULL)
    {
      parlance_store_flush_async (store, NULL, finishing_flushed, finishing);
      return;
    }
  finishing_release (finishing);
  g_object_unref (finishing->session);
  g_free (finishing);
}

/* The application may go; the flush, if it comes, still frees the rest. */
static gboolean
finishing_timed_out (gpointer user_data)
{
  Finishing *finishing = user_data;

  finishing->timeout_id = 0;
  g_message ("A stopped reply was not saved in time; what came before is saved");
  finishing_release (finishing);
  return G_SOURCE_REMOVE;
}

/* Stops @session's reply; the application stays until the reply is saved as interrupted. */
static void
finish_reply (ParlanceChatSession *session)
{
  GApplication *app = g_application_get_default ();
  Finishing *finishing;

  if (!is_working (session))
    return;
  if (!PARLANCE_IS_APPLICATION (app))
    {
      parlance_chat_session_stop (session);
      return;
    }
  finishing = g_new0 (Finishing, 1);
  finishing->app = g_object_ref (PARLANCE_APPLICATION (app));
  finishing->session = g_object_ref (session);
  parlance_application_hold_saving (finishing->app);
  finishing->timeout_id = g_timeout_add (FINISH_TIMEOUT_MS, finishing_timed_out, finishing);
  g_signal_connect (session, "notify::busy", G_CALLBACK (finishing_ended), finishing);
  g_signal_connect (session, "notify::saving", G_CALLBACK (finishing_ended), finishing);
  parlance_chat_session_stop (session);
}

/* The window goes (or the app quits): every reply stops, and is saved as interrupted with
 * its text before the application may end. */
void
_parlance_window_sessions_dispose (ParlanceWindow *self)
{
  if (self->session != NULL)
    finish_reply (self->session);
  if (self->busy_sessions != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->busy_sessions);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          forget_hidden (self, value);
          finish_reply (value);
        }
    }
  g_clear_pointer (&self->busy_sessions, g_hash_table_unref);
  g_clear_object (&self->session_signals);
}

/* The defaults from Preferences, for conversations without their own fallbacks and routing. */
void
_parlance_window_routing_changed (ParlanceWindow *self)
{
  g_autoptr(ParlanceRouting) routing = NULL;

  if (self->session == NULL)
    return;
  routing = parlance_routing_new_from_settings (self->settings);
  parlance_chat_session_set_default_routing (self->session, routing);
}

/**
 * _parlance_window_set_session:
 *
 * Shows @session: the conversation view, the settings popover, the header and the sidebar's
 * selection follow it.
 */
void
_parlance_window_set_session (ParlanceWindow      *self,
                              ParlanceChatSession *session)
{
  g_assert (PARLANCE_IS_CHAT_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_settings_unbind (self->session, "generate-titles");
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  parlance_conversation_view_set_session (self->conversation_view, session);
  parlance_conversation_settings_set_session (self->conversation_settings, session);
  parlance_budget_indicator_set_session (self->budget_indicator, session);
  g_settings_bind (self->settings, "generate-titles", session, "generate-titles", G_SETTINGS_BIND_GET);
  /* A per-minute limit is waited out, counting down in the reply, which then goes by itself. */
  parlance_chat_session_set_wait_on_limits (session, TRUE);
  parlance_chat_session_set_rate_budget (session, parlance_budget_indicator_get_budget (self->budget_indicator));
  _parlance_window_routing_changed (self);
  _parlance_window_conversation_changed (self);
}

static void drop_when_done (ParlanceChatSession *session,
                            GParamSpec          *pspec,
                            ParlanceWindow      *self);

static void
forget_hidden (ParlanceWindow      *self,
               ParlanceChatSession *session)
{
  g_signal_handlers_disconnect_by_func (session, drop_when_done, self);
}

/* A hidden session goes once its reply ended and what it saves is on its way to the store. */
static void
drop_when_done (ParlanceChatSession *session,
                GParamSpec          *pspec,
                ParlanceWindow      *self)
{
  gint64 id = parlance_conversation_get_id (parlance_chat_session_get_conversation (session));

  if (is_working (session))
    return;
  forget_hidden (self, session);
  if (g_hash_table_lookup (self->busy_sessions, &id) == session)
    g_hash_table_remove (self->busy_sessions, &id);
}

/**
 * _parlance_window_set_aside_reply:
 *
 * When the shown conversation is saved and replying, keeps its session replying in the
 * background and shows a fresh one (same provider and model) instead; otherwise does nothing.
 * A conversation being deleted is not set aside: its reply stops.
 */
void
_parlance_window_set_aside_reply (ParlanceWindow *self)
{
  ParlanceChatSession *shown = self->session;
  gint64 id = _parlance_window_open_id (self);
  g_autoptr(ParlanceChatSession) fresh = NULL;

  if (!parlance_chat_session_get_busy (shown) || id <= 0 || self->store == NULL ||
      g_hash_table_contains (self->pending_deletes, &id))
    return;

  g_hash_table_insert (self->busy_sessions, g_memdup2 (&id, sizeof id), g_object_ref (shown));
  g_signal_connect_object (shown, "notify::busy", G_CALLBACK (drop_when_done), self, 0);
  g_signal_connect_object (shown, "notify::saving", G_CALLBACK (drop_when_done), self, 0);

  fresh = parlance_chat_session_new (parlance_chat_session_get_provider (shown),
                                     parlance_chat_session_get_model (shown));
  parlance_chat_session_set_store (fresh, self->store);
  _parlance_window_set_session (self, fresh);
}

/**
 * _parlance_window_show_reply:
 *
 * Shows the session replying in the background for conversation @id, if there is one; the
 * shown session, if it is replying, goes to the background in its place.
 *
 * Returns: %TRUE when @id had such a session
 */
gboolean
_parlance_window_show_reply (ParlanceWindow *self,
                             gint64          id)
{
  g_autoptr(ParlanceChatSession) session = NULL;

  session = g_hash_table_lookup (self->busy_sessions, &id);
  if (session == NULL)
    return FALSE;
  g_object_ref (session);
  forget_hidden (self, session);
  g_hash_table_remove (self->busy_sessions, &id);

  _parlance_window_set_aside_reply (self);
  _parlance_window_set_session (self, session);
  /* Its provider is the one its reply is bound to: setting another would stop the reply. */
  self->provider_chosen = TRUE;
  _parlance_window_sync_header (self);
  _parlance_window_check_key (self);
  return TRUE;
}

/* Stops the reply of conversation @id, shown or not. */
void
_parlance_window_stop_reply (ParlanceWindow *self,
                             gint64          id)
{
  ParlanceChatSession *hidden = g_hash_table_lookup (self->busy_sessions, &id);

  if (hidden != NULL)
    parlance_chat_session_stop (hidden);
  if (id != 0 && id == _parlance_window_open_id (self))
    parlance_chat_session_stop (self->session);
}

/* The conversation of @id's session replying out of sight, or NULL. */
ParlanceConversation *
_parlance_window_hidden_conversation (ParlanceWindow *self,
                                      gint64          id)
{
  ParlanceChatSession *hidden = g_hash_table_lookup (self->busy_sessions, &id);

  return hidden != NULL ? parlance_chat_session_get_conversation (hidden) : NULL;
}
