/* parlance-window-delete.c — deleting a conversation with Undo: its row goes at once, and the
 * conversation when the toast goes without Undo, or when the window closes first.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-application.h"
#include "parlance-conversation-list.h"
#include "parlance-window-private.h"

/* A deletion that can still be undone: it happens when its toast goes without Undo, or when
 * the window closes first. */
typedef struct
{
  ParlanceWindow *window;   /* NULL once the window is closed */
  ParlanceStore  *store;
  /* The window's application, taken when the deletion was asked for: gtk_window_destroy ()
   * releases the application before the window's dispose finishes the deletion. */
  ParlanceApplication *app;
  gint64          id;
  gboolean        was_open;
  gboolean        finished; /* undone, or deleted */
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_clear_object (&pending->store);
  g_clear_object (&pending->app);
  g_free (pending);
}

static void
set_hidden (ParlanceWindow *self,
            gint64          id,
            gboolean        hidden)
{
  ParlanceConversationList *lists[] = { parlance_sidebar_get_list (self->sidebar),
                                        parlance_sidebar_get_archived_list (self->sidebar) };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i] != NULL)
      {
        if (hidden)
          parlance_conversation_list_hide (lists[i], id);
        else
          parlance_conversation_list_unhide (lists[i], id);
      }
}

typedef struct
{
  GWeakRef             window;
  gint64               id;
  ParlanceApplication *app;  /* held until the deletion is on disk, when the window closed */
} Deleting;

static void
deleted (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Deleting *deleting = user_data;
  g_autoptr(ParlanceWindow) self = g_weak_ref_get (&deleting->window);
  g_autoptr(GError) error = NULL;
  gint64 id = deleting->id;
  gboolean ok = parlance_store_write_finish (PARLANCE_STORE (object), result, &error);

  if (deleting->app != NULL)
    {
      if (!ok)
        g_warning ("Could not delete conversation %" G_GINT64_FORMAT ": %s", id, error->message);
      parlance_application_release_saving (deleting->app);
      g_object_unref (deleting->app);
    }
  g_weak_ref_clear (&deleting->window);
  g_free (deleting);
  if (ok || self == NULL)
    return;
  /* Never a row gone that is still on disk. */
  {
    g_autofree char *escaped = g_markup_escape_text (error->message, -1);

    set_hidden (self, id, FALSE);
    parlance_window_add_toast (self, adw_toast_new (escaped));
  }
}

/* Deletes for good, off the main thread. @pending may be freed on return (its toast goes with
 * the table's entry). When the window is closing (the app may be quitting) the application
 * waits for the deletion, as it does for a stopped reply's last words. */
static void
finish_delete (PendingDelete *pending,
               gboolean       closing)
{
  ParlanceWindow *window = pending->window;
  ParlanceApplication *app = pending->app;
  Deleting *deleting;
  gint64 id = pending->id;

  if (pending->finished)
    return;
  pending->finished = TRUE;
  pending->window = NULL;

  deleting = g_new0 (Deleting, 1);
  g_weak_ref_init (&deleting->window, window);
  deleting->id = id;
  if (closing && app != NULL)
    {
      deleting->app = g_object_ref (app);
      parlance_application_hold_saving (deleting->app);
    }
  parlance_store_delete_conversation_async (pending->store, id, NULL, deleted, deleting);
  if (window != NULL)
    g_hash_table_remove (window->pending_deletes, &id);
}

static void
toast_dismissed (AdwToast      *toast,
                 PendingDelete *pending)
{
  finish_delete (pending, FALSE);
}

static void
undo_clicked (AdwToast      *toast,
              PendingDelete *pending)
{
  ParlanceWindow *self = pending->window;
  gint64 id = pending->id;

  if (pending->finished || self == NULL)
    return;
  pending->finished = TRUE;
  pending->window = NULL;
  set_hidden (self, id, FALSE);
  if (pending->was_open)
    _parlance_window_open_conversation (self, id);
  g_hash_table_remove (self->pending_deletes, &id);
}

void
_parlance_window_delete_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  gint64 id = _parlance_window_resolve_id (self, parameter);
  ParlanceConversation *c = _parlance_window_lookup (self, id);
  g_autofree char *escaped = NULL;
  PendingDelete *pending;
  AdwToast *toast;

  if (id == 0 || c == NULL || self->store == NULL || g_hash_table_contains (self->pending_deletes, &id))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  pending = g_new0 (PendingDelete, 1);
  pending->window = self;
  pending->store = g_object_ref (self->store);
  if (PARLANCE_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    pending->app = g_object_ref (PARLANCE_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  pending->id = id;
  pending->was_open = id == _parlance_window_open_id (self);

  escaped = g_markup_escape_text (parlance_conversation_get_title (c) ? parlance_conversation_get_title (c) : "", -1);
  /* Translators: a toast; %s is the conversation's title */
  toast = adw_toast_new_format (_("“%s” deleted"), escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked), pending);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (toast_dismissed), pending,
                         (GClosureNotify) (void (*) (void)) pending_delete_free, 0);
  g_object_set_data (G_OBJECT (toast), "pending", pending);
  g_hash_table_insert (self->pending_deletes, &pending->id, g_object_ref (toast));

  set_hidden (self, id, TRUE);
  /* A reply under way stops first (it is saved as interrupted, for Undo). */
  _parlance_window_stop_reply (self, id);
  if (pending->was_open)
    {
      _parlance_window_start_new_conversation (self);
      g_settings_reset (self->settings, "last-conversation");
    }
  parlance_window_add_toast (self, toast);
}

/* The window closes: deletions still waiting for their toast happen now. */
void
_parlance_window_conversations_close (ParlanceWindow *self)
{
  g_autoptr(GList) toasts = NULL;

  if (self->pending_deletes == NULL)
    return;
  toasts = g_hash_table_get_values (self->pending_deletes);
  for (GList *l = toasts; l != NULL; l = l->next)
    {
      PendingDelete *pending = g_object_get_data (G_OBJECT (l->data), "pending");

      if (pending != NULL)
        finish_delete (pending, TRUE);
    }
  g_hash_table_remove_all (self->pending_deletes);
}

