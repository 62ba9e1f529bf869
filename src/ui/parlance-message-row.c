/* parlance-message-row.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reply and its reasoning are Markdown: the text that arrived is appended to a ParlanceMarkdown
 * once a frame, and a ParlanceMarkdownView shows it (rebuilding only the open tail). The reasoning
 * is open while it is all there is, and closes once the answer starts. A user's message is plain
 * text (parlance-message-row-text.c), updated at most once per frame.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-display-text.h"
#include "parlance-message-row-private.h"

G_DEFINE_FINAL_TYPE (ParlanceMessageRow, parlance_message_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
parlance_message_row_new (void)
{
  return g_object_new (PARLANCE_TYPE_MESSAGE_ROW, NULL);
}

gboolean
_parlance_message_row_is_markdown (ParlanceMessageRow *self)
{
  return self->message != NULL && parlance_message_get_role (self->message) != PARLANCE_ROLE_USER;
}

void
_parlance_message_row_update_long_box (ParlanceMessageRow *self)
{
  gtk_widget_set_visible (self->long_box, self->cut ||
                                          parlance_markdown_view_get_elided (self->content_view) ||
                                          parlance_markdown_view_get_elided (self->reasoning_view));
}

static void
clear_paragraphs (ParlanceMessageRow *self)
{
  parlance_paragraph_box_clear (self->content_box);
  self->settled = 0;
  self->last_paragraph = NULL;
  self->cut = FALSE;
  parlance_markdown_clear (self->content_doc);
  parlance_markdown_clear (self->reasoning_doc);
  self->content_fed = 0;
  self->reasoning_fed = 0;
  self->docs_open = FALSE;
  self->docs_finished = FALSE;
  parlance_markdown_view_queue_update (self->content_view);
  parlance_markdown_view_queue_update (self->reasoning_view);
  _parlance_message_row_update_long_box (self);
}

static gboolean
is_live (ParlanceMessageRow *self)
{
  ParlanceMessageStatus status = parlance_message_get_status (self->message);

  return status == PARLANCE_MESSAGE_WAITING || status == PARLANCE_MESSAGE_STREAMING;
}

/* Appends what arrived to the documents (once a frame: each append parses the open tail). */
static void
feed_documents (ParlanceMessageRow *self)
{
  const char *content = parlance_message_get_content (self->message);
  gsize len = parlance_message_get_content_length (self->message);
  const char *reasoning = parlance_message_get_reasoning (self->message);
  gsize reasoning_len = strlen (reasoning);

  /* A reply continued after it ended (Continue): what settled at the end may go on (a word
   * cut in half), so the documents start again from the whole text. */
  if (self->docs_finished && (self->content_fed < len || self->reasoning_fed < reasoning_len))
    {
      parlance_markdown_clear (self->content_doc);
      parlance_markdown_clear (self->reasoning_doc);
      self->content_fed = self->reasoning_fed = 0;
      self->docs_finished = FALSE;
    }
  if (_parlance_message_row_is_markdown (self) && self->content_fed < len)
    {
      parlance_markdown_append (self->content_doc, content + self->content_fed, (gssize) (len - self->content_fed));
      self->content_fed = len;
      self->docs_open = TRUE;
      parlance_markdown_view_queue_update (self->content_view);
    }
  if (self->reasoning_fed < reasoning_len)
    {
      parlance_markdown_append (self->reasoning_doc, reasoning + self->reasoning_fed,
                                (gssize) (reasoning_len - self->reasoning_fed));
      self->reasoning_fed = reasoning_len;
      self->docs_open = TRUE;
      parlance_markdown_view_queue_update (self->reasoning_view);
    }
  /* A reply that ended settles whole: an unclosed fence is a code block. */
  if (self->docs_open && !is_live (self))
    {
      parlance_markdown_finish (self->content_doc);
      parlance_markdown_finish (self->reasoning_doc);
      self->docs_open = FALSE;
      self->docs_finished = TRUE;
      parlance_markdown_view_queue_update (self->content_view);
      parlance_markdown_view_queue_update (self->reasoning_view);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->content_view), _parlance_message_row_is_markdown (self) && len > 0);
}

static void
sync_reasoning (ParlanceMessageRow *self)
{
  const char *reasoning = parlance_message_get_reasoning (self->message);
  gboolean answered = parlance_message_get_content_length (self->message) > 0;

  feed_documents (self);
  gtk_widget_set_visible (GTK_WIDGET (self->reasoning_expander), *reasoning != '\0');
  /* Live while it is all there is; out of the way once the answer starts. */
  if (*reasoning != '\0' && !answered && is_live (self) && !self->reasoning_opened)
    {
      self->reasoning_opened = TRUE;
      gtk_expander_set_expanded (self->reasoning_expander, TRUE);
    }
  else if (answered && self->reasoning_opened)
    {
      self->reasoning_opened = FALSE;
      gtk_expander_set_expanded (self->reasoning_expander, FALSE);
    }
  self->reasoning_dirty = FALSE;
}

static void sync_status (ParlanceMessageRow *self);

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       user_data)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (widget);

  if (self->message == NULL)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (self->reasoning_dirty || _parlance_message_row_is_markdown (self))
    sync_reasoning (self);
  if (!_parlance_message_row_sync_text (self, g_get_monotonic_time () + FRAME_BUDGET_US))
    return G_SOURCE_CONTINUE;  /* more next frame */

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_sync (ParlanceMessageRow *self)
{
  /* Tick callbacks only run while mapped; an unmapped row catches up in map(). */
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
}

static void
parlance_message_row_map (GtkWidget *widget)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (widget);

  GTK_WIDGET_CLASS (parlance_message_row_parent_class)->map (widget);

  if (self->message != NULL)
    {
      queue_sync (self);
      sync_status (self);
    }
}

static void
parlance_message_row_unmap (GtkWidget *widget)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (widget);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  GTK_WIDGET_CLASS (parlance_message_row_parent_class)->unmap (widget);
}

static void
content_appended (ParlanceMessageRow *self,
                  const char         *delta)
{
  queue_sync (self);
}

static void
reasoning_appended (ParlanceMessageRow *self,
                    const char         *delta)
{
  self->reasoning_dirty = TRUE;
  queue_sync (self);
}

static void
message_cleared (ParlanceMessageRow *self)
{
  clear_paragraphs (self);
  _parlance_message_row_sync_text (self, G_MAXINT64);
  sync_reasoning (self);
}

static gboolean
countdown_tick (gpointer user_data)
{
  ParlanceMessageRow *self = user_data;

  self->countdown_id = 0;
  sync_status (self);
  return G_SOURCE_REMOVE;
}

/* A reply waiting to be sent again by itself: waiting, with a time to count down to. */
static gboolean
is_waiting_to_resend (ParlanceMessageRow *self)
{
  return parlance_message_get_status (self->message) == PARLANCE_MESSAGE_WAITING &&
         parlance_message_get_retry_at (self->message) > 0;
}

/* "Rate limited: try again in 37 seconds." counted down, once a second while it shows; for a
 * reply waiting to be sent again, "Rate limited by OpenRouter — sending in 37 s". Returns
 * the text, or NULL when the provider gave no time. */
static char *
dup_wait_text (ParlanceMessageRow *self)
{
  gint64 retry_at = parlance_message_get_retry_at (self->message);
  gboolean resend = is_waiting_to_resend (self);
  gint64 left, seconds;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (retry_at <= 0 || (!resend && parlance_message_get_status (self->message) != PARLANCE_MESSAGE_ERROR))
    return NULL;

  left = retry_at - g_get_monotonic_time ();
  if (left <= 0)
    return g_strdup (resend ? _("Sending again…") : _("Rate limited: you can try again now."));

  /* Wake up when the number changes, while anyone can see it. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->countdown_id = g_timeout_add ((guint) ((left - 1) % G_USEC_PER_SEC / 1000) + 1, countdown_tick, self);
  seconds = (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  if (resend)
    {
      const char *why = parlance_message_get_status_text (self->message);

      /* Translators: a reply that waits out a rate limit, then is sent by itself; %s says why,
       * such as "Rate limited by OpenRouter", %d is seconds */
      return g_strdup_printf (_("%s — sending in %d s"), why != NULL ? why : _("Rate limited"),
                              (int) seconds);
    }
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rate limited: try again in %d second.",
                                         "Rate limited: try again in %d seconds.", (gulong) seconds),
                            (int) seconds);
  seconds = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rate limited: try again in %d minute.",
                                       "Rate limited: try again in %d minutes.", (gulong) seconds),
                          (int) seconds);
}

static void
sync_status (ParlanceMessageRow *self)
{
  g_autofree char *wait_text = dup_wait_text (self);
  ParlanceMessageStatus status = parlance_message_get_status (self->message);
  const char *text = parlance_message_get_status_text (self->message);
  gboolean resend = is_waiting_to_resend (self);
  gboolean waiting = status == PARLANCE_MESSAGE_WAITING && !resend;

  /* A reply that ended settles. */
  if (self->docs_open && !is_live (self))
    queue_sync (self);
  gtk_widget_set_visible (self->status_box, status != PARLANCE_MESSAGE_COMPLETE &&
                                            status != PARLANCE_MESSAGE_STREAMING);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), waiting);
  gtk_spinner_set_spinning (self->status_spinner, waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !waiting);
  gtk_widget_set_visible (self->retry_button, parlance_message_get_can_retry (self->message));
  gtk_widget_set_visible (self->send_with_button, resend);
  gtk_widget_set_visible (self->cancel_wait_button, resend);

  if (waiting)
    gtk_label_set_text (self->status_label, _("Waiting for the reply…"));
  else if (wait_text != NULL)
    gtk_label_set_text (self->status_label, wait_text);
  else
    gtk_label_set_text (self->status_label, text ? text : "");

  gtk_image_set_from_icon_name (self->status_icon,
                                resend ? "alarm-symbolic" :
                                status == PARLANCE_MESSAGE_ERROR ? "dialog-warning-symbolic"
                                                                 : "media-playback-stop-symbolic");
  if (status == PARLANCE_MESSAGE_ERROR)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
    }
}

static void
sync_author (ParlanceMessageRow *self)
{
  gboolean user = parlance_message_get_role (self->message) == PARLANCE_ROLE_USER;
  const char *id = parlance_message_get_model (self->message);
  ParlanceModel *model = id != NULL && self->catalog != NULL ? parlance_model_catalog_lookup (self->catalog, id) : NULL;
  const char *name = model != NULL && *parlance_model_get_name (model) != '\0' ? parlance_model_get_name (model) : id;
  g_autofree char *accessible = NULL;

  /* The side of the window says whose message it is; screen readers are told in words. */
  gtk_widget_set_visible (GTK_WIDGET (self->author_label), !user);
  if (user)
    accessible = g_strdup (_("Your message"));
  else if (name != NULL)
    /* Translators: what a screen reader says of a reply; %s is a model, such as Llama 3.3 70B */
    accessible = g_strdup_printf (_("Reply from %s"), name);
  else
    accessible = g_strdup (_("Reply"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  /* The model's name; its id, which the provider knows it by, on hover. */
  {
    g_autofree char *shown = parlance_display_text (name != NULL ? name : _("Assistant"), -1);

    gtk_label_set_text (self->author_label, shown);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_label), name != id ? id : NULL);
  if (user)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "user");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "assistant");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "assistant");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "user");
    }
  gtk_widget_set_halign (self->bubble, user ? GTK_ALIGN_END : GTK_ALIGN_FILL);
  parlance_paragraph_box_set_shrink_to_fit (self->content_box, user);
}

/**
 * parlance_message_row_set_catalog:
 * @catalog: (nullable): where the names of models are found
 */
void
parlance_message_row_set_catalog (ParlanceMessageRow   *self,
                                  ParlanceModelCatalog *catalog)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_ROW (self));

  if (!g_set_object (&self->catalog, catalog))
    return;
  parlance_message_footer_set_catalog (self->footer, catalog);
  if (self->message != NULL)
    sync_author (self);
}

ParlanceMessage *
parlance_message_row_get_message (ParlanceMessageRow *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

void
parlance_message_row_set_message (ParlanceMessageRow *self,
                                  ParlanceMessage    *message)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_ROW (self));
  g_return_if_fail (!message || PARLANCE_IS_MESSAGE (message));

  if (self->message == message)
    return;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_set_object (&self->message, message);
  g_signal_group_set_target (self->signals, message);
  clear_paragraphs (self);
  parlance_message_editor_set_message (self->editor, message);
  parlance_message_footer_set_message (self->footer, message);
  parlance_message_actions_set_message (self->actions, message);
  self->reasoning_opened = FALSE;
  gtk_expander_set_expanded (self->reasoning_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->content_box), message != NULL && !_parlance_message_row_is_markdown (self));

  if (message != NULL)
    {
      sync_author (self);
      /* GtkListView unbinds and binds rows as it likes: a long reply is rebuilt over a few
       * frames rather than in one that freezes the window. */
      if (!_parlance_message_row_sync_text (self, g_get_monotonic_time () + FRAME_BUDGET_US))
        queue_sync (self);
      sync_reasoning (self);
      sync_status (self);
      /* A view builds what fits in a frame when given its document: the row shows its text in
       * the frame it is bound in, at its height, rather than a frame later. */
      parlance_markdown_view_set_document (self->content_view, NULL);
      parlance_markdown_view_set_document (self->content_view, self->content_doc);
      parlance_markdown_view_set_document (self->reasoning_view, NULL);
      parlance_markdown_view_set_document (self->reasoning_view, self->reasoning_doc);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
parlance_message_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_message_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      parlance_message_row_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_message_row_dispose (GObject *object)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (object);

  parlance_message_row_set_message (self, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->highlight, g_strfreev);
  g_clear_object (&self->content_doc);
  g_clear_object (&self->reasoning_doc);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_MESSAGE_ROW);
  /* GTK 4.8 only clears the bound children; the template's root box goes here. */
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (parlance_message_row_parent_class)->dispose (object);
}

/* The whole text of a message too long to show whole, to paste where it can be read. */
static void
copy_all_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (widget);

  if (self->message == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), parlance_message_get_content (self->message));
}

/* "Send with another model": the model picker; the reply chosen for stops waiting and is
 * regenerated with it (parlance-message-actions.c). */
static void
send_with_another_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  ParlanceMessageRow *self = PARLANCE_MESSAGE_ROW (widget);

  parlance_message_actions_send_with_another_model (self->actions);
}

static void
parlance_message_row_class_init (ParlanceMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_message_row_dispose;
  object_class->get_property = parlance_message_row_get_property;
  object_class->set_property = parlance_message_row_set_property;
  widget_class->map = parlance_message_row_map;
  widget_class->unmap = parlance_message_row_unmap;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, PARLANCE_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-message-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, reasoning_expander);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, reasoning_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, content_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, content_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, send_with_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, cancel_wait_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, long_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, editor);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, footer);
  gtk_widget_class_bind_template_child (widget_class, ParlanceMessageRow, actions);

  gtk_widget_class_install_action (widget_class, "message.copy-all", NULL, copy_all_activated);
  gtk_widget_class_install_action (widget_class, "message.send-with-another", NULL, send_with_another_activated);
}

static void
parlance_message_row_init (ParlanceMessageRow *self)
{
  g_type_ensure (PARLANCE_TYPE_PARAGRAPH_BOX);
  g_type_ensure (PARLANCE_TYPE_MESSAGE_EDITOR);
  g_type_ensure (PARLANCE_TYPE_MESSAGE_FOOTER);
  g_type_ensure (PARLANCE_TYPE_MESSAGE_ACTIONS);
  g_type_ensure (PARLANCE_TYPE_MARKDOWN_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->content_doc = parlance_markdown_new ();
  self->reasoning_doc = parlance_markdown_new ();
  parlance_markdown_view_set_document (self->content_view, self->content_doc);
  parlance_markdown_view_set_document (self->reasoning_view, self->reasoning_doc);
  parlance_markdown_view_set_secondary (self->reasoning_view, TRUE);
  g_signal_connect_object (self->content_view, "notify::elided", G_CALLBACK (_parlance_message_row_update_long_box), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reasoning_view, "notify::elided", G_CALLBACK (_parlance_message_row_update_long_box), self, G_CONNECT_SWAPPED);

  self->signals = g_signal_group_new (PARLANCE_TYPE_MESSAGE);
  g_signal_group_connect_swapped (self->signals, "content-appended", G_CALLBACK (content_appended), self);
  g_signal_group_connect_swapped (self->signals, "reasoning-appended", G_CALLBACK (reasoning_appended), self);
  g_signal_group_connect_swapped (self->signals, "cleared", G_CALLBACK (message_cleared), self);
  g_signal_group_connect_swapped (self->signals, "notify::status", G_CALLBACK (sync_status), self);
  g_signal_group_connect_swapped (self->signals, "notify::status-text", G_CALLBACK (sync_status), self);
  g_signal_group_connect_swapped (self->signals, "notify::can-retry", G_CALLBACK (sync_status), self);
  g_signal_group_connect_swapped (self->signals, "notify::retry-at", G_CALLBACK (sync_status), self);
  g_signal_group_connect_swapped (self->signals, "notify::model", G_CALLBACK (sync_author), self);
}
