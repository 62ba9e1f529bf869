/* parlance-origin-dialog.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A provider's saved key is bound to the address it was saved for. When the provider's address
 * moved to another server, the key is not sent until the user says so here; confirming binds the
 * key (and secret headers) to the new address and asks for the reply again.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-key-store.h"
#include "parlance-origin-dialog.h"
#include "parlance-window.h"

typedef struct
{
  ParlanceChatSession *session;
  GtkWindow           *parent;
} Confirmation;

static void
confirmation_free (Confirmation *confirmation)
{
  g_clear_object (&confirmation->session);
  g_clear_object (&confirmation->parent);
  g_free (confirmation);
}

/**
 * parlance_origin_dup_display:
 * @url: an address
 *
 * Returns: (transfer full): "https://host" with the port only when it is not the scheme's own,
 *   as people write an address
 */
char *
parlance_origin_dup_display (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  port = g_uri_get_port (uri);
  if (port < 0 || (port == 443 && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0) ||
      (port == 80 && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0))
    return g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri), port);
}

static void
confirmed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Confirmation *confirmation = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_confirm_origin_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      if (PARLANCE_IS_WINDOW (confirmation->parent))
        parlance_window_add_toast (PARLANCE_WINDOW (confirmation->parent), adw_toast_new (error->message));
    }
  else
    {
      parlance_chat_session_retry (confirmation->session, NULL);
    }
  confirmation_free (confirmation);
}

static void
responded (AdwMessageDialog *dialog,
           const char       *response,
           gpointer          user_data)
{
  ParlanceChatSession *session = g_object_get_data (G_OBJECT (dialog), "session");
  ParlanceProvider *provider = g_object_get_data (G_OBJECT (dialog), "provider");
  Confirmation *confirmation;

  if (!g_str_equal (response, "confirm"))
    return;

  confirmation = g_new0 (Confirmation, 1);
  confirmation->session = g_object_ref (session);
  confirmation->parent = GTK_WINDOW (g_object_ref (gtk_window_get_transient_for (GTK_WINDOW (dialog))));
  parlance_key_store_confirm_origin_async (parlance_key_store_get_default (), provider, NULL,
                                           confirmed, confirmation);
}

/**
 * parlance_origin_dialog_present:
 * @parent: the window of the conversation
 * @session: its session, whose last reply is asked for again once confirmed
 * @provider: a snapshot of the provider at its new address
 *
 * Returns: (transfer none): the dialog, shown
 */
GtkWindow *
parlance_origin_dialog_present (GtkWindow           *parent,
                                ParlanceChatSession *session,
                                ParlanceProvider    *provider)
{
  g_autofree char *where = parlance_origin_dup_display (parlance_provider_get_base_url (provider));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PARLANCE_IS_CHAT_SESSION (session), NULL);
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);

  /* Translators: %s are a provider's name, such as “OpenRouter”, and an address */
  heading = g_strdup_printf (_("Send your %s key to %s?"), parlance_provider_get_name (provider), where);
  dialog = adw_message_dialog_new (parent, heading,
                                   _("The key was saved for another address. Anyone who runs the "
                                     "server at the new address could use your key: confirm only "
                                     "if you trust it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("C_onfirm"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "session", g_object_ref (session), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "provider", g_object_ref (provider), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (responded), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
