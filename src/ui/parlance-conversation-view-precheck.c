/* parlance-conversation-view-precheck.c — above the composer, before sending: how much of the
 * model's context the conversation uses, and what sending costs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From 80 % of the context a warning line; over 100 % sending is refused: the line says why and
 * what to do, with buttons for both, and the send button is insensitive with the reason in its
 * tooltip. A paid model shows "≈ $0.0031 to send" above the send button. The estimate runs a
 * moment after a change, never at each key: while typing it counts the draft alone, the history's
 * sum being kept until the messages, the reply under way or the system prompt change (then only
 * the messages whose text changed are read again: the session keeps each one's count). It is
 * counted anew once more when sending.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-conversation.h"
#include "parlance-conversation-view-private.h"
#include "parlance-send-estimate.h"

#define PRECHECK_DELAY_MS 150

static ParlanceModel *
lookup_model (ParlanceConversationView *self)
{
  const char *id = parlance_chat_session_get_model (self->session);

  if (self->catalog == NULL || id == NULL)
    return NULL;
  return parlance_model_catalog_lookup (self->catalog, id);
}

static void
estimate (ParlanceConversationView *self,
          ParlanceSendEstimate     *out)
{
  ParlanceConversation *conversation = parlance_chat_session_get_conversation (self->session);
  g_autofree char *draft = _parlance_conversation_view_dup_composer_text (self);
  gint64 max_tokens = 0;
  gint64 tokens;

  /* The draft goes as it is typed, surrounding blanks and all: count it so. */
  if (self->history_tokens < 0)
    self->history_tokens = parlance_chat_session_estimate_history_tokens (self->session);
  tokens = self->history_tokens + parlance_estimate_message_tokens (draft);
  if (!parlance_conversation_get_max_tokens (conversation, &max_tokens) || max_tokens < 0)
    max_tokens = 0;
  parlance_send_estimate_compute (out, tokens, max_tokens, lookup_model (self));
}

static char *
dup_grouped (gint64 value)
{
  /* Grouped as the locale does: 131,072 */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

static void
show_context (ParlanceConversationView   *self,
              const ParlanceSendEstimate *e)
{
  GtkWidget *label = GTK_WIDGET (self->precheck_label);
  g_autofree char *name = parlance_conversation_view_dup_model_name (self);
  g_autofree char *context = dup_grouped (e->context_length);
  g_autofree char *text = NULL;
  gboolean warn = e->verdict == PARLANCE_CONTEXT_WARN;
  gboolean refuse = e->verdict == PARLANCE_CONTEXT_REFUSE;

  if (warn)
    {
      /* Translators: %d is a percentage, %s a model (Llama 3.3 70B), then its context in tokens
       * (131,072) */
      text = g_strdup_printf (_("This conversation uses about %d %% of %s’s %s-token context."),
                              e->percent, name, context);
    }
  else if (refuse)
    {
      g_autofree char *used = dup_grouped (e->prompt_tokens + e->reply_reserve);

      /* Translators: a model (Llama 3.3 70B), its context in tokens, then what the conversation
       * needs */
      text = g_strdup_printf (_("Too long to send: %s’s context holds %s tokens, and this conversation "
                                "needs about %s. Start a new conversation, or pick a model with a "
                                "longer context."),
                              name, context, used);
    }

  gtk_label_set_text (self->precheck_label, text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
  if (warn)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  if (refuse)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  gtk_widget_set_visible (self->refuse_box, refuse);

  /* The composer is described by the line, so a screen reader reads it with the message. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
show_send_button (ParlanceConversationView *self,
                  gboolean                  refuse)
{
  const char *tooltip = refuse ? _("Too long for this model’s context") : _("Send (Enter)");

  gtk_widget_set_tooltip_text (self->send_button, tooltip);
  if (refuse)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->send_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
show_cost (ParlanceConversationView   *self,
           const ParlanceSendEstimate *e)
{
  g_autofree char *cost = parlance_cost_pico_format_approx (e->prompt_cost_pico);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (cost != NULL && e->verdict != PARLANCE_CONTEXT_REFUSE)
    {
      g_autofree char *reply = parlance_cost_pico_format_approx (e->reply_cost_pico);
      g_autofree char *reply_tokens = dup_grouped (e->reply_tokens);

      /* Translators: the estimated cost of sending, such as "≈ $0.0031 to send" */
      text = g_strdup_printf (_("≈ %s to send"), cost);
      /* Translators: the cost of sending, then of the reply, then the reply's length in tokens */
      tooltip = reply != NULL
        ? g_strdup_printf (_("About %s to send this conversation, and up to %s more for a reply of "
                             "%s tokens"), cost, reply, reply_tokens)
        : g_strdup_printf (_("About %s to send this conversation, and the reply’s tokens on top"), cost);
    }
  gtk_label_set_text (self->cost_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cost_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->cost_label), text != NULL);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->cost_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
}

/**
 * _parlance_conversation_view_precheck:
 *
 * Estimates what sending the draft would send now, and shows it.
 *
 * Returns: %FALSE when it is too long for the model's context
 */
gboolean
_parlance_conversation_view_precheck (ParlanceConversationView *self)
{
  ParlanceSendEstimate e = { PARLANCE_CONTEXT_UNKNOWN, 0, 0, -1, -1, -1, 0, -1 };
  gboolean refused;

  g_clear_handle_id (&self->precheck_id, g_source_remove);
  if (self->session != NULL)
    estimate (self, &e);

  show_context (self, &e);
  show_cost (self, &e);
  /* The cost alone keeps to the right, above the send button; beside the line, it leaves the
   * line the width. */
  gtk_widget_set_hexpand (GTK_WIDGET (self->cost_label),
                          !gtk_widget_get_visible (GTK_WIDGET (self->precheck_label)));
  gtk_widget_set_visible (self->precheck_bar,
                          gtk_widget_get_visible (GTK_WIDGET (self->precheck_label)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->cost_label)));

  refused = e.verdict == PARLANCE_CONTEXT_REFUSE;
  if (refused != self->refused)
    {
      self->refused = refused;
      show_send_button (self, refused);
      _parlance_conversation_view_sync_actions (self);
    }
  return !refused;
}

static gboolean
precheck_cb (gpointer user_data)
{
  ParlanceConversationView *self = user_data;

  self->precheck_id = 0;
  _parlance_conversation_view_precheck (self);
  return G_SOURCE_REMOVE;
}

/* A moment after a change, and at most that often while typing goes on. */
void
_parlance_conversation_view_queue_precheck (ParlanceConversationView *self)
{
  if (self->precheck_id == 0)
    self->precheck_id = g_timeout_add (PRECHECK_DELAY_MS, precheck_cb, self);
}

/* The messages, or the system prompt, changed: they are counted again (only the messages whose
 * text changed are read again, see parlance_chat_session_estimate_history_tokens ()). */
void
_parlance_conversation_view_history_changed (ParlanceConversationView *self)
{
  self->history_tokens = -1;
  _parlance_conversation_view_queue_precheck (self);
}

void
_parlance_conversation_view_conversation_changed (ParlanceConversationView *self)
{
  g_signal_group_set_target (self->conversation_signals,
                             self->session != NULL ? parlance_chat_session_get_conversation (self->session) : NULL);
  _parlance_conversation_view_history_changed (self);
}

void
_parlance_conversation_view_precheck_init (ParlanceConversationView *self)
{
  self->history_tokens = -1;
  /* A reply that ended adds its text; another conversation, another history. */
  g_signal_group_connect_swapped (self->session_signals, "notify::busy",
                                  G_CALLBACK (_parlance_conversation_view_history_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::conversation",
                                  G_CALLBACK (_parlance_conversation_view_conversation_changed), self);
  self->conversation_signals = g_signal_group_new (PARLANCE_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::system-prompt",
                                  G_CALLBACK (_parlance_conversation_view_history_changed), self);
  /* Max tokens: room kept for the reply. */
  g_signal_group_connect_swapped (self->conversation_signals, "notify::parameters",
                                  G_CALLBACK (_parlance_conversation_view_queue_precheck), self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (_parlance_conversation_view_queue_precheck), self,
                           G_CONNECT_SWAPPED);
}

void
_parlance_conversation_view_precheck_dispose (ParlanceConversationView *self)
{
  g_clear_handle_id (&self->precheck_id, g_source_remove);
  g_clear_object (&self->conversation_signals);
}
