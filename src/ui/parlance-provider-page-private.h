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

  /* Template widgets */
  AdwPreferencesGroup *key_group;
  AdwPasswordEntryRow *key_row;
  AdwActionRow        *status_row;
  AdwActionRow        *saved_row;
  GtkWidget           *check_button;
  GtkWidget           *remove_button;
  AdwActionRow        *no_keyring_row;
  AdwActionRow        *get_key_row;
  AdwPreferencesGroup *details_group;
  AdwActionRow        *label_row;
  AdwActionRow        *usage_row;
  AdwActionRow        *limit_row;
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

void _parlance_provider_page_show_key_info (ParlanceProviderPage *self,
                                            JsonNode             *root);

G_END_DECLS
