/* parlance-window-usage.c — the window's Usage action and the conversation's cost in its header.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost under the model's name is what the conversation cost: every message of every branch
 * (each version of a reply was paid for), read from the store off the main thread. It is read
 * again when another conversation shows and when a reply ends — once its last writes are on
 * disk, so the reply's own cost is in the sum — and when the store wrote a request's end later,
 * such as the exact cost OpenRouter's /generation told after a cut stream. Nothing shows while no
 * message had a known price, or all were free.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-usage-window.h"
#include "parlance-window-private.h"

#define USAGE_WINDOW_KEY "parlance-usage-window"

static void
usage_window_destroyed (GtkWidget      *usage,
                        ParlanceWindow *self)
{
  g_object_set_data (G_OBJECT (self), USAGE_WINDOW_KEY, NULL);
}

static void
show_usage_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ParlanceWindow *self = PARLANCE_WINDOW (widget);
  GtkWidget *usage = g_object_get_data (G_OBJECT (self), USAGE_WINDOW_KEY);

  /* One Usage window per window: asking again brings it forward, read afresh. */
  if (usage != NULL)
    parlance_usage_window_reload (PARLANCE_USAGE_WINDOW (usage));
  else
    {
      usage = parlance_usage_window_new (GTK_WINDOW (self), self->store);
      g_object_set_data (G_OBJECT (self), USAGE_WINDOW_KEY, usage);
      g_signal_connect_object (usage, "destroy", G_CALLBACK (usage_window_destroyed), self, 0);
    }
  gtk_window_present (GTK_WINDOW (usage));
}

static void
show_cost (ParlanceWindow *self,
           gint64          cost_pico)
{
  g_autofree char *text = cost_pico > 0 ? parlance_cost_pico_format (cost_pico) : NULL;
  g_autofree char *description = NULL;

  gtk_label_set_text (self->cost_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_label), text != NULL);
  /* The button reads as the model's name; its description carries the cost. */
  if (text != NULL)
    /* Translators: the model button's description for a screen reader; %s is an amount */
    description = g_strdup_printf (_("Choose a model. This conversation cost %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : _("Choose a model"),
                                  -1);
}

typedef struct
{
  ParlanceWindow *window;        /* valid until the cancellable is cancelled (in dispose) */
  GCancellable   *cancellable;
  gint64          conversation_id;
} CostRead;

static void
cost_read_free (CostRead *read)
{
  g_clear_object (&read->cancellable);
  g_free (read);
}

static void
cost_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CostRead *read = user_data;
  g_autoptr(GError) error = NULL;
  gint64 cost = -1;
  gboolean ok = parlance_store_get_conversation_cost_finish (PARLANCE_STORE (object), result,
                                                             &cost, &error);

  if (!g_cancellable_is_cancelled (read->cancellable))
    {
      /* A cost that can't be read is left out; the store's banner says why it fails. */
      if (!ok)
        g_debug ("Could not read the conversation’s cost: %s", error->message);
      if (_parlance_window_open_id (read->window) == read->conversation_id)
        show_cost (read->window, ok ? cost : -1);
    }
  cost_read_free (read);
}

/* A failed write is the store's banner's business: the sum is read all the same. */
static void
read_cost (ParlanceStore *store,
           gpointer       user_data)
{
  CostRead *read = user_data;

  parlance_store_get_conversation_cost_async (store, read->conversation_id, read->cancellable,
                                              cost_read, read);
}

/**
 * _parlance_window_refresh_cost:
 *
 * Reads the shown conversation's cost again (after the writes asked for so far), and shows it
 * under the model's name.
 */
void
_parlance_window_refresh_cost (ParlanceWindow *self)
{
  gint64 id = _parlance_window_open_id (self);
  CostRead *read;

  g_cancellable_cancel (self->cost_cancellable);
  g_clear_object (&self->cost_cancellable);
  if (self->store == NULL || id == 0)
    {
      show_cost (self, -1);
      return;
    }
  self->cost_cancellable = g_cancellable_new ();
  read = g_new0 (CostRead, 1);
  read->window = self;
  read->cancellable = g_object_ref (self->cost_cancellable);
  read->conversation_id = id;
  parlance_store_flush_then (self->store, read->cancellable, read_cost, read,
                             (GDestroyNotify) cost_read_free);
}

/* A reply ended (and its session handed its last writes to the store): its cost counts now. */
static void
session_changed (ParlanceWindow *self)
{
  gboolean saving = FALSE;

  if (self->session == NULL || parlance_chat_session_get_busy (self->session))
    return;
  g_object_get (self->session, "saving", &saving, NULL);
  if (!saving)
    _parlance_window_refresh_cost (self);
}

/**
 * parlance_window_key_info_fetched:
 * @provider_id: the OpenRouter provider the key is for
 * @info: what GET /api/v1/key said (Preferences fetched it)
 *
 * The key's tier teaches the budgets the daily limit of free models; the header's indicator
 * shows the key's credits without asking again.
 */
void
parlance_window_key_info_fetched (ParlanceWindow                  *self,
                                  const char                      *provider_id,
                                  const ParlanceOpenrouterKeyInfo *info)
{
  g_return_if_fail (PARLANCE_IS_WINDOW (self));

  parlance_budget_indicator_set_key_info (self->budget_indicator, provider_id, info);
}

void
_parlance_window_usage_init (ParlanceWindow *self)
{
  g_signal_group_connect_swapped (self->session_signals, "notify::busy",
                                  G_CALLBACK (session_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::saving",
                                  G_CALLBACK (session_changed), self);
}

/* A request's end was written (a late cost among them): the shown conversation's cost again. */
static void
usage_changed (ParlanceWindow *self)
{
  if (_parlance_window_open_id (self) != 0)
    _parlance_window_refresh_cost (self);
}

void
_parlance_window_usage_store_opened (ParlanceWindow *self)
{
  g_signal_connect_object (self->store, "usage-changed", G_CALLBACK (usage_changed), self,
                           G_CONNECT_SWAPPED);
}

void
_parlance_window_usage_dispose (ParlanceWindow *self)
{
  GtkWidget *usage = g_object_get_data (G_OBJECT (self), USAGE_WINDOW_KEY);

  g_cancellable_cancel (self->cost_cancellable);
  g_clear_object (&self->cost_cancellable);
  if (usage != NULL)
    gtk_window_destroy (GTK_WINDOW (usage));
}

void
_parlance_window_usage_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-usage", NULL, show_usage_activated);
}
