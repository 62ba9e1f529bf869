/* parlance-provider-page-private.h — what parlance-provider-page.c and its key details share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-openrouter-auth.h"
#include "parlance-openrouter-key.h"
#include "parlance-provider-page.h"

G_BEGIN_DECLS

struct _ParlanceProviderPage
{
  AdwPreferencesPage  parent_instance;

  ParlanceProvider   *provider;
  ParlanceChatClient *client;
  GCancellable       *cancellable;
  ParlanceKeySource   source;
  char               *unsaved_key;     /* kept only to offer "use for this session" */
  ParlanceOpenrouterAuth *auth;        /* OpenRouter's sign-in, once started */
  GCancellable       *sign_in_cancellable;  /* while a sign-in waits or finishes */
  GCancellable       *state_cancellable;    /* the key's state being fetched */
  gboolean            state_checking;       /* …for Check, which waits for it */

  /* Template widgets */
  AdwPreferencesGroup *key_group;
  AdwPasswordEntryRow *key_row;
  AdwActionRow        *status_row;
  AdwActionRow        *saved_row;
  GtkWidget           *check_button;
  GtkWidget           *remove_button;
  AdwActionRow        *no_keyring_row;
  AdwActionRow        *get_key_row;
  AdwActionRow        *sign_in_row;
  GtkWidget           *sign_in_spinner;
  GtkWidget           *sign_in_button;
  GtkWidget           *sign_in_cancel_button;
  GtkWidget           *copy_link_button;
  AdwPreferencesGroup *details_group;
  AdwActionRow        *state_error_row;
  AdwActionRow        *label_row;
  AdwActionRow        *limit_row;
  AdwActionRow        *reset_row;
  AdwActionRow        *today_row;
  AdwActionRow        *usage_row;
  AdwActionRow        *tier_row;
  AdwActionRow        *rate_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *headers_row;
  AdwEntryRow         *secret_headers_row;
  AdwActionRow        *secret_headers_status_row;
  AdwActionRow        *remove_provider_row;
  GtkWidget           *remove_provider_button;
  AdwActionRow        *url_env_row;
};

/* parlance-provider-page.c */
void _parlance_provider_page_toast          (ParlanceProviderPage            *self,
                                             const char                      *text);

/* parlance-provider-page-details.c */
void _parlance_provider_page_show_key_state (ParlanceProviderPage            *self,
                                             const ParlanceOpenrouterKeyInfo *info,
                                             GDateTime                       *now);
void _parlance_provider_page_show_key_error (ParlanceProviderPage            *self,
                                             const char                      *message);
void _parlance_provider_page_scroll_to_details (ParlanceProviderPage         *self);

/* parlance-provider-page-account.c: OpenRouter's sign-in and the key's state */
void _parlance_provider_page_class_init_account (GtkWidgetClass              *widget_class);
void _parlance_provider_page_init_account   (ParlanceProviderPage            *self);
void _parlance_provider_page_dispose_account (ParlanceProviderPage           *self);
void _parlance_provider_page_refresh_key_state (ParlanceProviderPage         *self,
                                                gboolean                      checking,
                                                gboolean                      reveal);

G_END_DECLS
