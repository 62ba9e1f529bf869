/* parlance-chat-client.h — streams chat completions from one provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "parlance-chat-reply.h"
#include "parlance-chat-request.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_CHAT_CLIENT_DEFAULT_IDLE_TIMEOUT 120
/* The most text, and the most reasoning, one reply may hold. */
#define PARLANCE_CHAT_CLIENT_DEFAULT_MAX_REPLY_SIZE ((gsize) 32 * 1000 * 1000)

#define PARLANCE_TYPE_CHAT_CLIENT (parlance_chat_client_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceChatClient, parlance_chat_client, PARLANCE, CHAT_CLIENT, GObject)

ParlanceChatClient *parlance_chat_client_new              (ParlanceProvider     *provider);
ParlanceProvider   *parlance_chat_client_get_provider     (ParlanceChatClient   *self);
void                parlance_chat_client_set_idle_timeout (ParlanceChatClient   *self,
                                                           guint                 seconds);
guint               parlance_chat_client_get_idle_timeout (ParlanceChatClient   *self);
void                parlance_chat_client_set_max_reply_size (ParlanceChatClient *self,
                                                             gsize               bytes);
gsize               parlance_chat_client_get_max_reply_size (ParlanceChatClient *self);

void                parlance_chat_client_stream_async     (ParlanceChatClient   *self,
                                                           ParlanceChatRequest  *request,
                                                           const char           *api_key,
                                                           ParlanceChatReply    *reply,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            parlance_chat_client_stream_finish    (ParlanceChatClient   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                parlance_chat_client_get_json_async   (ParlanceChatClient   *self,
                                                           const char           *path,
                                                           const char           *api_key,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonNode           *parlance_chat_client_get_json_finish  (ParlanceChatClient   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                parlance_chat_client_get_bytes_async  (ParlanceChatClient   *self,
                                                           const char           *path,
                                                           const char           *api_key,
                                                           gsize                 max_size,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                parlance_chat_client_post_bytes_async (ParlanceChatClient  *self,
                                                           const char          *path,
                                                           const char          *api_key,
                                                           GBytes              *body,
                                                           gsize                max_size,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GBytes             *parlance_chat_client_get_bytes_finish (ParlanceChatClient   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
