/* parlance-window-search.c — the window's search (Ctrl+K, the sidebar's search button) and the
 * way to a message: win.search and win.open-message, which app.search and app.open-message (the
 * GNOME Shell search provider) lead to.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-search-pane.h"
#include "parlance-search-results.h"
#include "parlance-window-private.h"

static void
close_search (ParlanceWindow *self)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

/* The search button's state is the sidebar's: the list, or the search. */
static void
search_toggled (ParlanceWindow *self)
{
  gboolean active = gtk_toggle_button_get_active (self->search_button);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean focus_in_search = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_pane));

  gtk_stack_set_visible_child_name (self->sidebar_stack, active ? "search" : "list");
  if (active)
    {
      parlance_search_pane_focus_entry (self->search_pane);
      return;
    }
  /* The keyboard was in the search, which is gone: back to the list on a narrow window, else to
   * writing. */
  if (!focus_in_search && focus != NULL)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_child_focus (GTK_WIDGET (self->sidebar), GTK_DIR_TAB_FORWARD);
  else
    parlance_window_focus_composer (self);
}

/* win.search (s): the search shows, with @terms ("" keeps what was typed), the keyboard in it. */
static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  ParlanceWindow *self = PARLANCE_WINDOW (user_data);
  const char *terms = g_variant_get_string (parameter, NULL);

  if (*terms != '\0')
    parlance_search_pane_set_text (self->search_pane, terms);
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  if (gtk_toggle_button_get_active (self->search_button))
    parlance_search_pane_focus_entry (self->search_pane);
  else
    gtk_toggle_button_set_active (self->search_button, TRUE);
}

/* The branch to show for a message: its newest leaf (the latest reply under it), or the message
 * itself when nothing follows it; 0 when it isn't in @messages (in id order: parents first). */
static gint64
branch_tip (GPtrArray *messages,
            gint64     message_id)
{
  g_autoptr(GHashTable) under = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ParlanceMessage *tip = NULL;

  for (guint i = 0; i < messages->len; i++)
    {
      ParlanceMessage *message = messages->pdata[i];
      gint64 id = parlance_message_get_id (message);
      gint64 parent = parlance_message_get_parent_id (message);

      if (id == message_id || g_hash_table_contains (under, &parent))
        g_hash_table_add (under, g_memdup2 (&id, sizeof id));
      if (parent != 0)
        g_hash_table_add (parents, g_memdup2 (&parent, sizeof parent));
    }
  for (guint i = 0; i < messages->len; i++)
    {
      ParlanceMessage *message = messages->pdata[i];
      gint64 id = parlance_message_get_id (message);

      if (!g_hash_table_contains (under, &id) || g_hash_table_contains (parents, &id))
        continue;
      /* The newest; of the same time, the later written. */
      if (tip == NULL || parlance_message_get_created (message) >= parlance_message_get_created (tip))
        tip = message;
    }
  return tip != NULL ? parlance_message_get_id (tip) : 0;
}

/* In a worker thread: the conversation's shown branch becomes the message's. */
static void
switch_branch_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ParlanceStore *store = source_object;
  gint64 *ids = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = parlance_store_load_all_messages (store, ids[0], &error);
  gint64 tip;

  if (messages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  tip = branch_tip (messages, ids[1]);
  if (tip == 0)
    g_task_return_new_error (task, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND, "no such message");
  else if (!parlance_store_set_tip (store, ids[0], tip, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
branch_switched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ParlanceWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 *ids = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), &error);
  /* Another result or conversation was chosen meanwhile. */
  if (!self->search_opening || self->pending_conversation != ids[0] || self->pending_message != ids[1])
    return;
  if (error != NULL)
    {
      self->search_opening = FALSE;
      self->pending_message = 0;
      g_clear_pointer (&self->pending_terms, g_strfreev);
      if (!g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
        g_warning ("Could not show the branch of message %" G_GINT64_FORMAT ": %s", ids[1], error->message);
      parlance_window_add_toast (self, adw_toast_new (_("The message found is not in this conversation any more")));
      parlance_window_focus_composer (self);
      return;
    }
  /* Opened again, on that branch: the message shows then (show_pending_message ()). */
  self->open_keeps_focus = TRUE;
  _parlance_window_open_conversation (self, ids[0]);
}

/* The message is on a branch not shown: that branch becomes the shown one, and the conversation
 * opens again on it. */
static void
switch_branch (ParlanceWindow *self,
               gint64          message_id)
{
  g_autoptr(GTask) task = g_task_new (self->store, NULL, branch_switched, g_object_ref (self));
  gint64 *ids = g_new (gint64, 2);

  ids[0] = self->pending_conversation;
  ids[1] = message_id;
  self->branch_switched = message_id;
  g_task_set_source_tag (task, switch_branch);
  g_task_set_task_data (task, ids, g_free);
  g_task_run_in_thread (task, switch_branch_thread);
}

/* Scrolls to the message a search result is for, once its conversation shows. */
static void
show_pending_message (ParlanceWindow *self)
{
  gint64 message_id = self->pending_message;
  gboolean shown = message_id != 0 &&
                   parlance_conversation_view_show_message (self->conversation_view, message_id,
                                                            (const char * const *) self->pending_terms, TRUE);

  if (message_id != 0 && !shown)
    {
      /* Once: a message whose branch was just shown and still isn't there is gone. */
      if (self->branch_switched != message_id && self->store != NULL)
        {
          switch_branch (self, message_id);
          return;
        }
      parlance_window_add_toast (self, adw_toast_new (_("The message found is not in this conversation any more")));
    }
  g_clear_pointer (&self->pending_terms, g_strfreev);
  self->pending_message = 0;
  self->search_opening = FALSE;
  self->branch_switched = 0;
  if (!shown)
    parlance_window_focus_composer (self);
}

/* @terms: the words to highlight in the message (a search's), or NULL. */
static void
open_message (ParlanceWindow *self,
              gint64          conversation_id,
              gint64          message_id,
              char          **terms)
{
  if (conversation_id <= 0 || message_id < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  self->pending_conversation = conversation_id;
  self->pending_message = message_id;
  self->branch_switched = 0;
  if (terms != self->pending_terms)
    {
      g_strfreev (self->pending_terms);
      self->pending_terms = g_strdupv (terms);
    }
  self->search_opening = TRUE;
  /* The database is still opening: the conversation opens when it is there. */
  if (self->store == NULL)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  if (conversation_id == _parlance_window_open_id (self) && self->n_opening == 0)
    {
      show_pending_message (self);
      return;
    }
  /* The keyboard goes to the message, not to the composer. */
  self->open_keeps_focus = TRUE;
  _parlance_window_open_conversation (self, conversation_id);
}

/* win.open-message ((xx)): conversation id, message id (0: none). */
static void
open_message_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  gint64 conversation_id, message_id;

  g_variant_get (parameter, "(xx)", &conversation_id, &message_id);
  open_message (PARLANCE_WINDOW (user_data), conversation_id, message_id, NULL);
}

/* win.open-message-terms ((xxs)): the same, with the words to highlight in it (a search's, as
 * typed: GNOME Shell's terms joined). */
static void
open_message_terms_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  gint64 conversation_id, message_id;
  const char *query;
  g_auto(GStrv) terms = NULL;

  g_variant_get (parameter, "(xx&s)", &conversation_id, &message_id, &query);
  terms = parlance_search_terms (query);
  open_message (PARLANCE_WINDOW (user_data), conversation_id, message_id, terms);
}

static void
result_opened (ParlanceWindow *self,
               gint64          conversation_id,
               gint64          message_id)
{
  g_auto(GStrv) terms = parlance_search_terms (parlance_search_pane_get_text (self->search_pane));

  open_message (self, conversation_id, message_id, terms);
}

/* parlance-window-conversations.c: a conversation opened (or failed to). */
void
_parlance_window_search_opened (ParlanceWindow *self,
                                const GError   *error)
{
  if (!self->search_opening)
    return;
  /* Another conversation was chosen since (in the sidebar): it is not the one searched for. */
  if (error == NULL && _parlance_window_open_id (self) != self->pending_conversation)
    {
      self->search_opening = FALSE;
      return;
    }
  if (error == NULL)
    {
      show_pending_message (self);
      return;
    }
  self->search_opening = FALSE;
  self->pending_message = 0;
  g_clear_pointer (&self->pending_terms, g_strfreev);
  if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
    parlance_window_add_toast (self, adw_toast_new (_("That conversation was deleted")));
}

/* The database opened: a conversation asked for meanwhile opens instead of the last one.
 * Returns whether one did. */
gboolean
_parlance_window_search_store_opened (ParlanceWindow *self)
{
  parlance_search_pane_set_store (self->search_pane, self->store);
  if (!self->search_opening)
    return FALSE;
  open_message (self, self->pending_conversation, self->pending_message, self->pending_terms);
  return TRUE;
}

/* The search button made the sidebar's header wider than the sidebar: beside the conversation
 * it stays 260 px (the title ellipsizes), folded it takes the window's width. (Not G_MAXINT:
 * AdwClamp eases between the threshold and the maximum, and overflows with so large a one, the
 * sidebar then wider than the window. A threshold at the maximum gives all the width up to it.) */
#define SIDEBAR_WIDTH 260
#define FOLDED_SIDEBAR_MAX 100000

static void
sync_sidebar_width (ParlanceWindow *self)
{
  int size = adw_leaflet_get_folded (self->leaflet) ? FOLDED_SIDEBAR_MAX : SIDEBAR_WIDTH;

  adw_clamp_set_maximum_size (self->sidebar_clamp, size);
  adw_clamp_set_tightening_threshold (self->sidebar_clamp, size);
}

static const GActionEntry search_actions[] = {
  { "search", search_activated, "s" },
  { "open-message", open_message_activated, "(xx)" },
  { "open-message-terms", open_message_terms_activated, "(xxs)" },
};

void
_parlance_window_search_init (ParlanceWindow *self)
{
  /* In the window's action map (not the class's): GtkApplication exports them on D-Bus, and
   * g_action_group_activate_action () on the window finds them. */
  g_action_map_add_action_entries (G_ACTION_MAP (self), search_actions, G_N_ELEMENTS (search_actions), self);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (sync_sidebar_width), self, G_CONNECT_SWAPPED);
  sync_sidebar_width (self);
  g_signal_connect_object (self->search_button, "notify::active", G_CALLBACK (search_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_pane, "open-result", G_CALLBACK (result_opened), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_pane, "stop-search", G_CALLBACK (close_search), self, G_CONNECT_SWAPPED);
}

void
_parlance_window_search_dispose (ParlanceWindow *self)
{
  g_clear_pointer (&self->pending_terms, g_strfreev);
}

void
_parlance_window_search_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (PARLANCE_TYPE_SEARCH_PANE);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, sidebar_clamp);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, search_pane);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search", "s", "");
}
