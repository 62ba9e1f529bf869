/* parlance-provider-page-account.c — OpenRouter's page: "Sign in with OpenRouter" and the key's
 * state.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signing in opens OpenRouter in the browser and waits ("Continue in your browser…", with
 * Cancel) until the browser comes back; the key goes to the keyring in the core
 * (ParlanceOpenrouterAuth) and never passes through here. The key's state (credits, reset,
 * usage, tier) is fetched each time the page is shown, and by Check.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-provider-page-private.h"
#include "parlance-redact.h"
#include "parlance-window.h"

enum {
  OPEN_URI,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_openrouter (ParlanceProviderPage *self)
{
  return parlance_provider_get_kind (self->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER;
}

/* The key's state */

typedef struct
{
  ParlanceProviderPage *self;   /* not a reference: dispose cancels the fetch */
  gboolean              checking;
  gboolean              reveal;
} StateFetch;

static void
key_state_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree StateFetch *fetch = user_data;
  ParlanceProviderPage *self = fetch->self;
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  GApplication *app;

  info = parlance_openrouter_key_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    return;

  self->state_checking = FALSE;
  if (fetch->checking)
    gtk_widget_set_sensitive (self->check_button, TRUE);
  if (info == NULL)
    {
      g_autofree char *shown = parlance_redact_secrets (error->message, NULL);

      /* No key: nothing to say about it, the status row says it already. */
      if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NO_KEY) && !fetch->checking)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
          return;
        }
      _parlance_provider_page_show_key_error (self, shown);
      if (fetch->checking)
        {
          parlance_provider_set_last_check (self->provider, shown);
          _parlance_provider_page_toast (self, shown);
        }
      return;
    }

  now = g_date_time_new_now_local ();
  _parlance_provider_page_show_key_state (self, info, now);
  /* The key's tier is the daily limit of free models: the budgets learn it. */
  app = g_application_get_default ();
  for (GList *w = GTK_IS_APPLICATION (app) ? gtk_application_get_windows (GTK_APPLICATION (app)) : NULL;
       w != NULL; w = w->next)
    if (PARLANCE_IS_WINDOW (w->data))
      parlance_window_key_info_fetched (w->data, parlance_provider_get_id (self->provider), info);
  if (fetch->checking)
    {
      parlance_provider_set_last_check (self->provider, _("Checked: the key works"));
      _parlance_provider_page_toast (self, _("The key works"));
    }
  if (fetch->reveal)
    _parlance_provider_page_scroll_to_details (self);
}

/**
 * _parlance_provider_page_refresh_key_state:
 * @checking: a Check asked: the result is also said in a toast and kept as the last check
 * @reveal: scroll the state into view once shown (after Check, after signing in)
 *
 * Asks OpenRouter for the key's state; a fetch under way is replaced (a Check's stays one).
 */
void
_parlance_provider_page_refresh_key_state (ParlanceProviderPage *self,
                                           gboolean              checking,
                                           gboolean              reveal)
{
  StateFetch *fetch;

  if (!is_openrouter (self))
    return;

  g_cancellable_cancel (self->state_cancellable);
  g_clear_object (&self->state_cancellable);
  self->state_cancellable = g_cancellable_new ();
  checking = checking || self->state_checking;
  self->state_checking = checking;
  if (checking)
    gtk_widget_set_sensitive (self->check_button, FALSE);

  fetch = g_new0 (StateFetch, 1);
  fetch->self = self;
  fetch->checking = checking;
  fetch->reveal = reveal;
  parlance_openrouter_key_fetch_async (parlance_key_store_get_default (), self->provider,
                                       self->state_cancellable, key_state_fetched, fetch);
}

static void
page_mapped (ParlanceProviderPage *self)
{
  _parlance_provider_page_refresh_key_state (self, FALSE, FALSE);
}

/* Signing in */

static void
set_waiting (ParlanceProviderPage *self,
             gboolean              waiting)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && (focus == self->sign_in_button || focus == self->sign_in_cancel_button ||
                                         focus == self->copy_link_button);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_in_row),
                                 waiting ? _("Continue in your browser…") : _("Sign in with OpenRouter"));
  adw_action_row_set_subtitle (self->sign_in_row,
                               waiting ? _("Sign in on OpenRouter’s page and allow Parlance. The key comes back here by itself.")
                                       : _("Get a key from your OpenRouter account in the browser, without copying it."));
  gtk_widget_set_visible (self->sign_in_spinner, waiting);
  gtk_spinner_set_spinning (GTK_SPINNER (self->sign_in_spinner), waiting);
  gtk_widget_set_visible (self->copy_link_button, waiting);
  gtk_widget_set_visible (self->sign_in_cancel_button, waiting);
  gtk_widget_set_visible (self->sign_in_button, !waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !waiting);
  /* The keyboard stays on the row: on Cancel while waiting, on Sign In after. */
  if (had_focus)
    gtk_widget_grab_focus (waiting ? self->sign_in_cancel_button : self->sign_in_button);
}

static void
signed_in (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  parlance_openrouter_auth_sign_in_finish (PARLANCE_OPENROUTER_AUTH (object), result, &error);
  g_clear_object (&self->sign_in_cancellable);
  if (self->provider == NULL)   /* disposed meanwhile */
    return;
  set_waiting (self, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_autofree char *shown = parlance_redact_secrets (error->message, NULL);

      _parlance_provider_page_toast (self, shown);
      return;
    }

  _parlance_provider_page_toast (self, _("Signed in: the new key is in the keyring"));
  _parlance_provider_page_refresh_key_state (self, FALSE, TRUE);
}

static void
uri_shown (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) || self->sign_in_cancellable == NULL ||
      self->provider == NULL)
    return;
  /* Waiting goes on: the address can still be copied into a browser. */
  adw_action_row_set_subtitle (self->sign_in_row,
                               _("No browser opened. Copy the link, open it in a browser and sign in there."));
}

/* The browser opens OpenRouter's page; a handler of ::open-uri (a test) may open it instead. */
static void
open_uri (ParlanceProviderPage *self,
          const char           *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean handled = FALSE;

  g_signal_emit (self, signals[OPEN_URI], 0, uri, &handled);
  if (!handled && GTK_IS_WINDOW (root))
    gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, NULL, uri_shown, g_object_ref (self));
}

static void
sign_in_clicked (ParlanceProviderPage *self)
{
  const char *uri;

  if (self->sign_in_cancellable != NULL)
    return;
  if (self->auth == NULL)
    self->auth = parlance_openrouter_auth_new (self->provider, parlance_key_store_get_default ());

  self->sign_in_cancellable = g_cancellable_new ();
  set_waiting (self, TRUE);
  parlance_openrouter_auth_sign_in_async (self->auth, self->sign_in_cancellable, signed_in, g_object_ref (self));
  /* Without an address, the sign-in failed at once and says why. */
  uri = parlance_openrouter_auth_get_auth_uri (self->auth);
  if (uri != NULL && self->sign_in_cancellable != NULL)
    open_uri (self, uri);
}

static void
sign_in_cancel_clicked (ParlanceProviderPage *self)
{
  g_cancellable_cancel (self->sign_in_cancellable);
}

static void
copy_link_clicked (ParlanceProviderPage *self)
{
  const char *uri = self->auth ? parlance_openrouter_auth_get_auth_uri (self->auth) : NULL;

  if (uri == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), uri);
  _parlance_provider_page_toast (self, _("Link copied"));
}

void
_parlance_provider_page_init_account (ParlanceProviderPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row), is_openrouter (self));
  g_signal_connect (self, "map", G_CALLBACK (page_mapped), NULL);
}

void
_parlance_provider_page_dispose_account (ParlanceProviderPage *self)
{
  g_cancellable_cancel (self->sign_in_cancellable);
  g_cancellable_cancel (self->state_cancellable);
  g_clear_object (&self->state_cancellable);
  g_clear_object (&self->auth);
}

void
_parlance_provider_page_class_init_account (GtkWidgetClass *widget_class)
{
  /**
   * ParlanceProviderPage::open-uri:
   * @self: the page
   * @uri: OpenRouter's sign-in page, with the callback and the challenge
   *
   * Emitted to open @uri in the browser. A handler that opened it returns %TRUE; otherwise
   * the default browser opens it.
   *
   * Returns: whether @uri was opened
   */
  signals[OPEN_URI] = g_signal_new ("open-uri", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0,
                                    g_signal_accumulator_true_handled, NULL, NULL,
                                    G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, sign_in_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, copy_link_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, state_error_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, reset_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, today_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, label_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, usage_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, limit_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, tier_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, rate_row);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, copy_link_clicked);
}
