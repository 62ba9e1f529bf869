/* parlance-window-conversations.c — the window's saved conversations: the store, the sidebar,
 * opening, and the conversation actions (new, rename, pin, archive, delete with Undo).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-conversation-list.h"
#include "parlance-provider-registry.h"
#include "parlance-window-private.h"

gint64
_parlance_window_open_id (ParlanceWindow *self)
{
  /* (No session once the window is disposed, while the store may still say something changed.) */
  if (self->session == NULL)
    return 0;
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (self->session));
}

static void
show_content (ParlanceWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* The sidebar marks the open conversation; the next start reopens it. */
static void
sync_open (ParlanceWindow *self)
{
  gint64 id = _parlance_window_open_id (self);

  parlance_sidebar_select (self->sidebar, id);
  if (id != 0 && g_settings_get_int64 (self->settings, "last-conversation") != id)
    g_settings_set_int64 (self->settings, "last-conversation", id);
  _parlance_window_refresh_cost (self);
}

void
_parlance_window_conversation_changed (ParlanceWindow *self)
{
  /* Not before _parlance_window_conversations_init (). */
  if (self->conversation_signals == NULL)
    return;
  g_signal_group_set_target (self->conversation_signals,
                             parlance_chat_session_get_conversation (self->session));
  sync_open (self);
  _parlance_window_show_page_for_key (self);
}

/* The conversation's own provider and model, when this computer still has that provider. */
static void
use_conversation_provider (ParlanceWindow *self)
{
  ParlanceConversation *c = parlance_chat_session_get_conversation (self->session);
  const char *provider_id = parlance_conversation_get_provider_id (c);
  const char *model = parlance_conversation_get_model (c);
  ParlanceProvider *provider = NULL;

  if (provider_id != NULL && *provider_id != '\0')
    provider = parlance_provider_registry_lookup (parlance_provider_registry_get_default (), provider_id);
  if (provider == NULL && provider_id != NULL && *provider_id != '\0')
    {
      /* Translators: %s is a provider id, e.g. "my-server"; the conversation goes on with the current one */
      g_autofree char *text = g_strdup_printf (_("This conversation’s provider “%s” is not set up any more; replies come from the current one"),
                                               provider_id);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      parlance_window_add_toast (self, adw_toast_new (escaped));
      _parlance_window_check_key (self);
      return;
    }
  /* Imported history has no provider: the current one, whose key decides what the page shows. */
  if (provider == NULL)
    {
      _parlance_window_check_key (self);
      return;
    }
  self->provider_chosen = TRUE;
  if (parlance_chat_session_get_provider (self->session) != provider &&
      g_strcmp0 (parlance_provider_get_id (parlance_chat_session_get_provider (self->session)), provider_id) != 0)
    parlance_chat_session_set_provider (self->session, provider);
  if (model != NULL && *model != '\0')
    parlance_chat_session_set_model (self->session, model);
  _parlance_window_sync_header (self);
  _parlance_window_check_key (self);
}

static void
conversation_opened (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ParlanceWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_opening--;
  if (!parlance_chat_session_open_finish (PARLANCE_CHAT_SESSION (object), result, &error))
    {
      g_autofree char *escaped = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->pending_deletes == NULL)
        return;
      _parlance_window_search_opened (self, error);
      /* A conversation deleted from the command line is not reopened at the next start, and
       * the window quietly stays on the new conversation it shows. */
      if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
        {
          g_settings_reset (self->settings, "last-conversation");
          sync_open (self);
          return;
        }
      escaped = g_markup_escape_text (error->message, -1);
      parlance_window_add_toast (self, adw_toast_new (escaped));
      sync_open (self);
      return;
    }
  if (self->pending_deletes == NULL)
    return;
  use_conversation_provider (self);
  sync_open (self);
  if (!self->open_keeps_focus)
    parlance_window_focus_composer (self);
  self->open_keeps_focus = FALSE;
  _parlance_window_search_opened (self, NULL);
}

void
_parlance_window_open_conversation (ParlanceWindow *self,
                                    gint64          id)
{
  /* A newer choice supersedes the one still loading. */
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  /* Its reply still under way: the same messages, streaming on. */
  if (_parlance_window_show_reply (self, id))
    {
      sync_open (self);
      if (!self->open_keeps_focus)
        parlance_window_focus_composer (self);
      self->open_keeps_focus = FALSE;
      _parlance_window_search_opened (self, NULL);
      return;
    }
  /* The reply under way here goes on in the background. */
  _parlance_window_set_aside_reply (self);
  self->n_opening++;
  parlance_chat_session_open_async (self->session, id, self->open_cancellable, conversation_opened,
                                    g_object_ref (self));
}

/* Enter or a click: the conversation shows, ready to write in. */
static void
sidebar_activated (ParlanceWindow *self,
                   gint64          id)
{
  self->open_keeps_focus = FALSE;
  if (id != _parlance_window_open_id (self))
    _parlance_window_open_conversation (self, id);
  show_content (self);
  if (id == _parlance_window_open_id (self))
    parlance_window_focus_composer (self);
}

/* The arrow keys: beside the list it shows, but the keyboard stays in the list, and a folded
 * window stays on it. */
static void
sidebar_browsed (ParlanceWindow *self,
                 gint64          id)
{
  if (id == _parlance_window_open_id (self))
    return;
  self->open_keeps_focus = TRUE;
  _parlance_window_open_conversation (self, id);
}

/* What Preferences → New Conversations sets; unset values stay unset. */
static ParlanceConversation *
new_draft (ParlanceWindow *self)
{
  ParlanceConversation *draft = parlance_conversation_new ();
  g_autofree char *prompt = g_settings_get_string (self->settings, "default-system-prompt");
  g_autofree char *effort = g_settings_get_string (self->settings, "default-reasoning-effort");
  double temperature = g_settings_get_double (self->settings, "default-temperature");
  double top_p = g_settings_get_double (self->settings, "default-top-p");
  gint64 max_tokens = g_settings_get_int64 (self->settings, "default-max-tokens");

  g_strstrip (prompt);
  if (*prompt != '\0')
    parlance_conversation_set_system_prompt (draft, prompt);
  parlance_conversation_set_temperature (draft, temperature >= 0, MAX (temperature, 0));
  parlance_conversation_set_top_p (draft, top_p >= 0, MAX (top_p, 0));
  parlance_conversation_set_max_tokens (draft, max_tokens > 0, MAX (max_tokens, 0));
  if (*effort != '\0')
    parlance_conversation_set_reasoning_effort (draft, effort);
  return draft;
}

void
_parlance_window_start_new_conversation (ParlanceWindow *self)
{
  g_autoptr(ParlanceConversation) draft = new_draft (self);

  g_cancellable_cancel (self->open_cancellable);
  _parlance_window_set_aside_reply (self);
  parlance_chat_session_new_conversation (self->session, draft);
  /* A new conversation starts on the default provider and model. */
  self->provider_chosen = FALSE;
  _parlance_window_sync_provider_and_model (self);
  sync_open (self);
}

static void
new_conversation_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);

  _parlance_window_start_new_conversation (self);
  parlance_sidebar_set_show_archived (self->sidebar, FALSE);
  show_content (self);
  parlance_window_focus_composer (self);
}

static void
show_conversations_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  adw_leaflet_set_visible_child_name (PARLANCE_WINDOW (widget)->leaflet, "sidebar");
}

typedef void (*ChangeFunc) (ParlanceConversation *conversation,
                            gpointer              data);

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failed write shows in the ::write-failed banner, and is retried. */
  if (!parlance_store_write_finish (PARLANCE_STORE (object), result, &error))
    g_debug ("Could not save a conversation: %s", error->message);
}

/* 0 means the open conversation. */
gint64
_parlance_window_resolve_id (ParlanceWindow *self,
            GVariant       *parameter)
{
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;

  return id != 0 ? id : _parlance_window_open_id (self);
}

ParlanceConversation *
_parlance_window_lookup (ParlanceWindow *self,
        gint64          id)
{
  ParlanceConversationList *lists[] = { parlance_sidebar_get_list (self->sidebar),
                                        parlance_sidebar_get_archived_list (self->sidebar) };

  if (id != 0 && id == _parlance_window_open_id (self))
    return parlance_chat_session_get_conversation (self->session);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i] != NULL && parlance_conversation_list_lookup (lists[i], id) != NULL)
      return parlance_conversation_list_lookup (lists[i], id);
  return NULL;
}

/* Changes every copy of the conversation @id (the open one's, the lists'), so that what shows
 * is right at once and a later save of the open one keeps the change, then saves it. */
static gboolean
change_conversation (ParlanceWindow *self,
                     gint64          id,
                     ChangeFunc      func,
                     gpointer        data)
{
  ParlanceConversationList *lists[] = { parlance_sidebar_get_list (self->sidebar),
                                        parlance_sidebar_get_archived_list (self->sidebar) };
  ParlanceConversation *target = _parlance_window_lookup (self, id);

  if (id == 0 || target == NULL || self->store == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      ParlanceConversation *c = lists[i] != NULL ? parlance_conversation_list_lookup (lists[i], id) : NULL;

      if (c != NULL && c != target)
        func (c, data);
    }
  /* The copy of a reply going on out of sight: it saves the conversation again when it ends. */
  {
    ParlanceConversation *hidden = _parlance_window_hidden_conversation (self, id);

    if (hidden != NULL && hidden != target)
      func (hidden, data);
  }
  func (target, data);
  parlance_store_save_conversation_async (self->store, target, NULL, written, NULL);
  return TRUE;
}

static void
set_title (ParlanceConversation *c,
           gpointer              title)
{
  parlance_conversation_set_title (c, title);
}

static void
set_pinned (ParlanceConversation *c,
            gpointer              pinned)
{
  parlance_conversation_set_pinned (c, GPOINTER_TO_INT (pinned));
}

static void
set_archived (ParlanceConversation *c,
              gpointer              archived)
{
  parlance_conversation_set_archived (c, GPOINTER_TO_INT (archived));
}

static void
rename_response (AdwMessageDialog *dialog,
                 const char       *response,
                 ParlanceWindow   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autofree char *title = NULL;

  if (!g_str_equal (response, "rename"))
    return;
  title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*title != '\0')
    change_conversation (self, id, set_title, title);
}

static void
rename_entry_changed (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *title != '\0');
}

static void
rename_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  gint64 id = _parlance_window_resolve_id (self, parameter);
  ParlanceConversation *c = _parlance_window_lookup (self, id);
  GtkWidget *dialog, *entry;

  if (id == 0 || c == NULL || self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Conversation"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), parlance_conversation_get_title (c) ? parlance_conversation_get_title (c) : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_entry_changed), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
pin_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);

  change_conversation (self, _parlance_window_resolve_id (self, parameter), set_pinned,
                       GINT_TO_POINTER (g_str_equal (action_name, "conversation.pin")));
}

static void
archive_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  gint64 id = _parlance_window_resolve_id (self, parameter);
  gboolean archive = g_str_equal (action_name, "conversation.archive");
  AdwToast *toast;

  if (!change_conversation (self, id, set_archived, GINT_TO_POINTER (archive)) || !archive)
    return;
  /* It leaves the list: say where it went, and how to bring it back. */
  toast = adw_toast_new (_("Conversation archived"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "conversation.unarchive");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  parlance_window_add_toast (self, toast);
}

static void
write_failed (ParlanceWindow *self,
              GError         *error)
{
  /* Translators: a banner; %s says what went wrong, e.g. "The disk is full." */
  g_autofree char *text = g_strdup_printf (_("Couldn’t save the conversation: %s Parlance keeps the text and retries."),
                                           error->message);

  gtk_label_set_text (self->write_banner_label, text);
  gtk_revealer_set_reveal_child (self->write_banner, TRUE);
}

static void
write_recovered (ParlanceWindow *self)
{
  gtk_revealer_set_reveal_child (self->write_banner, FALSE);
}

static void
bench_sidebar_painted (GdkFrameClock *clock,
                       gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, bench_sidebar_painted, user_data);
  g_print ("sidebar-ready\n");
}

/* tests/bench/sidebar-startup.py: the first frame that shows the listed conversations. */
static void
bench_sidebar_loaded (ParlanceConversationList *list,
                      GParamSpec               *pspec,
                      ParlanceWindow           *self)
{
  g_signal_handlers_disconnect_by_func (list, bench_sidebar_loaded, self);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (bench_sidebar_painted), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->sidebar));
}

static void
store_opened (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ParlanceWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open_finish (result, &error);
  gint64 last;

  /* The window went (pending_deletes is cleared in dispose). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->pending_deletes == NULL)
    return;
  if (store == NULL)
    {
      /* Translators: a banner; %s is why the database could not be opened, and what to do */
      g_autofree char *text = g_strdup_printf (_("Conversations are not being saved. %s You can keep chatting, but this conversation is lost when Parlance closes."),
                                               error->message);

      gtk_label_set_text (self->store_banner_label, text);
      gtk_revealer_set_reveal_child (self->store_banner, TRUE);
      parlance_sidebar_set_store (self->sidebar, NULL);
      parlance_search_pane_set_unavailable (self->search_pane, error->message);
      return;
    }

  self->store = g_steal_pointer (&store);
  g_signal_connect_object (self->store, "write-failed", G_CALLBACK (write_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "write-recovered", G_CALLBACK (write_recovered), self, G_CONNECT_SWAPPED);
  parlance_chat_session_set_store (self->session, self->store);
  parlance_budget_indicator_set_store (self->budget_indicator, self->store);
  _parlance_window_usage_store_opened (self);
  _parlance_window_sync_init (self);
  parlance_sidebar_set_store (self->sidebar, self->store);
  if (g_getenv ("PARLANCE_BENCH_SIDEBAR") != NULL)
    g_signal_connect_object (parlance_sidebar_get_list (self->sidebar), "notify::loaded",
                             G_CALLBACK (bench_sidebar_loaded), self, 0);

  /* A search result or the Shell asked for a conversation meanwhile. */
  if (_parlance_window_search_store_opened (self))
    return;
  /* Where the user left off, unless they started typing a new one meanwhile. */
  last = g_settings_get_int64 (self->settings, "last-conversation");
  if (last > 0 && _parlance_window_open_id (self) == 0 &&
      g_list_model_get_n_items (parlance_chat_session_get_messages (self->session)) == 0)
    {
      parlance_sidebar_select (self->sidebar, last);
      _parlance_window_open_conversation (self, last);
    }
}

static void
sync_sidebar_title (ParlanceWindow *self)
{
  gboolean archived = parlance_sidebar_get_show_archived (self->sidebar);

  /* "Archived" under a back button in the New button's place: the pane keeps its width. */
  adw_window_title_set_title (self->sidebar_title, archived ? _("Archived") : _("Conversations"));
  adw_window_title_set_subtitle (self->sidebar_title, archived ? _("Conversations") : NULL);
  gtk_widget_set_visible (self->new_button, !archived);
}

/* The banner's Try Again: a database locked by another program, or moved back in place. */
static void
open_store_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);

  if (self->store != NULL)
    return;
  gtk_revealer_set_reveal_child (self->store_banner, FALSE);
  parlance_store_open_async (NULL, self->cancellable, store_opened, g_object_ref (self));
}

void
_parlance_window_conversations_init (ParlanceWindow *self)
{
  self->pending_deletes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->open_cancellable = g_cancellable_new ();
  self->conversation_signals = g_signal_group_new (PARLANCE_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::id", G_CALLBACK (sync_open), self);

  _parlance_window_conversation_changed (self);
  g_signal_connect_object (self->sidebar, "activated", G_CALLBACK (sidebar_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "browsed", G_CALLBACK (sidebar_browsed), self, G_CONNECT_SWAPPED);
  /* The main menu's "Archived Conversations" is a check item on the sidebar's view. */
  {
    g_autoptr(GPropertyAction) show_archived = g_property_action_new ("show-archived", self->sidebar, "show-archived");

    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_archived));
  }
  g_signal_connect_object (self->sidebar, "notify::show-archived", G_CALLBACK (sync_sidebar_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (_parlance_window_sync_header), self, G_CONNECT_SWAPPED);

  {
    g_autoptr(ParlanceConversation) draft = new_draft (self);

    parlance_chat_session_new_conversation (self->session, draft);
  }
  /* Narrow, the window opens on the conversation, with a back button to the list. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  /* The first frame does not wait for the database. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-store", NULL);
}

void
_parlance_window_conversations_dispose (ParlanceWindow *self)
{
  _parlance_window_conversations_close (self);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->conversation_signals);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);
  g_clear_object (&self->store);
}

void
_parlance_window_conversations_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, store_banner);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, store_banner_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, write_banner);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, write_banner_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, settings_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, conversation_settings);

  gtk_widget_class_install_action (widget_class, "win.new-conversation", NULL, new_conversation_activated);
  gtk_widget_class_install_action (widget_class, "win.show-conversations", NULL, show_conversations_activated);
  gtk_widget_class_install_action (widget_class, "win.open-store", NULL, open_store_activated);
  /* The parameter is a conversation id; 0 is the open conversation (the keyboard's). */
  gtk_widget_class_install_action (widget_class, "conversation.rename", "x", rename_activated);
  gtk_widget_class_install_action (widget_class, "conversation.pin", "x", pin_activated);
  gtk_widget_class_install_action (widget_class, "conversation.unpin", "x", pin_activated);
  gtk_widget_class_install_action (widget_class, "conversation.archive", "x", archive_activated);
  gtk_widget_class_install_action (widget_class, "conversation.unarchive", "x", archive_activated);
  gtk_widget_class_install_action (widget_class, "conversation.delete", "x", _parlance_window_delete_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-conversation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "conversation.rename", "x", (gint64) 0);
}
