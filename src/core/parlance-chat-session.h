/* parlance-chat-session.h — one conversation: its messages, and sending, stopping, retrying.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-message.h"
#include "parlance-model-catalog.h"
#include "parlance-routing.h"
#include "parlance-provider.h"
#include "parlance-rate-budget.h"
#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CHAT_SESSION (parlance_chat_session_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceChatSession, parlance_chat_session, PARLANCE, CHAT_SESSION, GObject)

ParlanceChatSession *parlance_chat_session_new          (ParlanceProvider    *provider,
                                                         const char          *model);
GListModel          *parlance_chat_session_get_messages (ParlanceChatSession *self);
ParlanceProvider    *parlance_chat_session_get_provider (ParlanceChatSession *self);
void                 parlance_chat_session_set_provider (ParlanceChatSession *self,
                                                         ParlanceProvider    *provider);
const char          *parlance_chat_session_get_model    (ParlanceChatSession *self);
void                 parlance_chat_session_set_model    (ParlanceChatSession *self,
                                                         const char          *model);
ParlanceChatClient  *parlance_chat_session_get_client   (ParlanceChatSession *self);
void                 parlance_chat_session_set_key_store (ParlanceChatSession *self,
                                                          ParlanceKeyStore    *key_store);
gboolean             parlance_chat_session_get_busy     (ParlanceChatSession *self);
gboolean             parlance_chat_session_send         (ParlanceChatSession *self,
                                                         const char          *text,
                                                         GError             **error);
void                 parlance_chat_session_stop         (ParlanceChatSession *self);
gboolean             parlance_chat_session_retry        (ParlanceChatSession *self,
                                                         GError             **error);
/* Before sending (issue #14): see parlance-send-estimate.h. */
gint64               parlance_chat_session_estimate_history_tokens (ParlanceChatSession *self);

/* Saving (issue #11). With a store the session writes the user message first, then the reply
 * (followed by parlance_store_follow_message ()); without one it keeps everything in memory
 * (`parlance-cli chat --ephemeral`, tests). The conversation is never NULL: a new chat's has
 * id 0 until its first message is saved, and is created then with the title taken from that
 * message. Its settings (system prompt, temperature, top-p, max tokens, reasoning effort) shape
 * every request; what is unset is not sent. */
void                  parlance_chat_session_set_store        (ParlanceChatSession  *self,
                                                              ParlanceStore        *store);
ParlanceStore        *parlance_chat_session_get_store        (ParlanceChatSession  *self);
ParlanceConversation *parlance_chat_session_get_conversation (ParlanceChatSession  *self);
/* Stops any reply, empties the messages and starts a new unsaved conversation from @draft (its
 * settings, provider and model: the defaults from Preferences); NULL for a blank one. */
void                  parlance_chat_session_new_conversation (ParlanceChatSession  *self,
                                                              ParlanceConversation *draft);
/* Stops any reply and loads a saved conversation's shown branch off the main thread. The
 * caller then sets the provider the conversation names (the session has no registry). */
void                  parlance_chat_session_open_async       (ParlanceChatSession  *self,
                                                              gint64                conversation_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean              parlance_chat_session_open_finish      (ParlanceChatSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* The saved conversation shown went away (deleted by another program): the messages stay,
 * unsaved, and the next send saves them all in a new conversation. Emits
 * ::conversation-detached. (A fix after issue #11.) */
void                  parlance_chat_session_detach_conversation (ParlanceChatSession *self);

/* Message actions (issue #13), on a message of the shown branch (the session's messages).
 * Each returns FALSE with G_IO_ERROR_BUSY while a reply streams, G_IO_ERROR_INVALID_ARGUMENT
 * for a message of the wrong role or not shown. Earlier versions are kept: a regenerated reply
 * and an edited question are new siblings in the store's message tree (in memory without a
 * store), shown at once; the messages below the changed one are replaced by the new branch.
 *
 * Regenerate: a new reply to the same question, from @model (NULL: the session's model; the
 * session's model does not change). */
gboolean              parlance_chat_session_regenerate       (ParlanceChatSession  *self,
                                                              ParlanceMessage      *reply,
                                                              const char           *model,
                                                              GError              **error);
/* Edit & Resend: a user message's new text as a sibling of it, then a new reply. */
gboolean              parlance_chat_session_edit_and_resend  (ParlanceChatSession  *self,
                                                              ParlanceMessage      *message,
                                                              const char           *text,
                                                              GError              **error);
/* Continue: an interrupted, failed or length-cut reply (finish reason "length") goes on where
 * it stopped; the new text is appended to the same message. */
gboolean              parlance_chat_session_continue         (ParlanceChatSession  *self,
                                                              ParlanceMessage      *reply,
                                                              GError              **error);
gboolean              parlance_chat_session_can_continue     (ParlanceChatSession  *self,
                                                              ParlanceMessage      *reply);
/* Delete: one message (parlance_store_delete_message ()); the rest of the branch stays. */
gboolean              parlance_chat_session_delete_message   (ParlanceChatSession  *self,
                                                              ParlanceMessage      *message,
                                                              GError              **error);
/* Shows another version of @message: @delta -1 the previous sibling, +1 the next. The branch
 * below follows (the version's newest leaf) and the choice is saved as the conversation's tip.
 * Loads off the main thread. */
void                  parlance_chat_session_switch_version_async  (ParlanceChatSession *self,
                                                                   ParlanceMessage     *message,
                                                                   int                  delta,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
gboolean              parlance_chat_session_switch_version_finish (ParlanceChatSession *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

/* Fallbacks and routing (issue #14). What follows a failure is parlance_retry_plan_decide ()'s.
 * A reply that fails with a rate limit (429), 502, 503,
 * "No endpoints found" or a spent daily quota is asked of the next model of the conversation's
 * fallback chain (parlance_conversation_dup_routing (), else the default set here), each a new
 * request bound to the session's provider; the message keeps the model and upstream provider
 * that answered and the attempts that failed (parlance_message_get_attempts ()). OpenRouter alone
 * is sent the routing's `provider` object and, when asked, the chain as its `models` list. */
void                  parlance_chat_session_set_model_catalog   (ParlanceChatSession   *self,
                                                                 ParlanceModelCatalog  *catalog);
void                  parlance_chat_session_set_default_routing (ParlanceChatSession   *self,
                                                                 const ParlanceRouting *routing);
void                  parlance_chat_session_set_wait_on_limits  (ParlanceChatSession   *self,
                                                                 gboolean               wait);
void                  parlance_chat_session_set_rate_budget     (ParlanceChatSession   *self,
                                                                 ParlanceRateBudget    *budget);

/* Properties besides "model", "provider" and "busy":
 *   "store"            (ParlanceStore, read-write, nullable)
 *   "conversation"     (ParlanceConversation, read-only, never NULL; notifies when a new or an
 *                       opened conversation replaces it)
 *   "generate-titles"  (gboolean, default FALSE: after the first reply of a new conversation,
 *                       ask its own provider and model for a 3–6 word title; bind to GSettings)
 *   "saving"           (gboolean, read-only: writes asked of the store are still on their way) */

G_END_DECLS
