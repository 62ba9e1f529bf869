/* parlance-conversation.h — one saved conversation's own fields (not its messages).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "parlance-routing.h"

G_BEGIN_DECLS

#define PARLANCE_TYPE_CONVERSATION (parlance_conversation_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceConversation, parlance_conversation, PARLANCE, CONVERSATION, GObject)

/* Every field is a property that notifies, so rows bound to a conversation follow renames, pins
 * and new messages. Times are microseconds since the Unix epoch, UTC (g_get_real_time ()).
 * An id of 0 means "not saved yet" (a new chat before its first message). */
ParlanceConversation *parlance_conversation_new                (void);
ParlanceConversation *parlance_conversation_copy               (ParlanceConversation *self);

gint64       parlance_conversation_get_id              (ParlanceConversation *self);
void         parlance_conversation_set_id              (ParlanceConversation *self,
                                                        gint64                id);
const char  *parlance_conversation_get_title           (ParlanceConversation *self);
void         parlance_conversation_set_title           (ParlanceConversation *self,
                                                        const char           *title);
gint64       parlance_conversation_get_created         (ParlanceConversation *self);
void         parlance_conversation_set_created         (ParlanceConversation *self,
                                                        gint64                created);
gint64       parlance_conversation_get_updated         (ParlanceConversation *self);
void         parlance_conversation_set_updated         (ParlanceConversation *self,
                                                        gint64                updated);
const char  *parlance_conversation_get_provider_id     (ParlanceConversation *self);
void         parlance_conversation_set_provider_id     (ParlanceConversation *self,
                                                        const char           *provider_id);
const char  *parlance_conversation_get_model           (ParlanceConversation *self);
void         parlance_conversation_set_model           (ParlanceConversation *self,
                                                        const char           *model);
gboolean     parlance_conversation_get_pinned          (ParlanceConversation *self);
void         parlance_conversation_set_pinned          (ParlanceConversation *self,
                                                        gboolean              pinned);
gboolean     parlance_conversation_get_archived        (ParlanceConversation *self);
void         parlance_conversation_set_archived        (ParlanceConversation *self,
                                                        gboolean              archived);
/* The message at the tip of the shown branch; 0 when there is none. */
gint64       parlance_conversation_get_tip_id          (ParlanceConversation *self);
void         parlance_conversation_set_tip_id          (ParlanceConversation *self,
                                                        gint64                tip_id);
/* Filled by the store's list and get calls; messages on the shown branch. */
guint        parlance_conversation_get_message_count   (ParlanceConversation *self);
void         parlance_conversation_set_message_count   (ParlanceConversation *self,
                                                        guint                 count);

/* Per-conversation settings. NULL or "unset" means: use the provider's default, send nothing. */
const char  *parlance_conversation_get_system_prompt   (ParlanceConversation *self);
void         parlance_conversation_set_system_prompt   (ParlanceConversation *self,
                                                        const char           *system_prompt);
gboolean     parlance_conversation_get_temperature     (ParlanceConversation *self,
                                                        double               *temperature);
void         parlance_conversation_set_temperature     (ParlanceConversation *self,
                                                        gboolean              is_set,
                                                        double                temperature);
gboolean     parlance_conversation_get_top_p           (ParlanceConversation *self,
                                                        double               *top_p);
void         parlance_conversation_set_top_p           (ParlanceConversation *self,
                                                        gboolean              is_set,
                                                        double                top_p);
gboolean     parlance_conversation_get_max_tokens      (ParlanceConversation *self,
                                                        gint64               *max_tokens);
void         parlance_conversation_set_max_tokens      (ParlanceConversation *self,
                                                        gboolean              is_set,
                                                        gint64                max_tokens);
/* "minimal", "low", "medium", "high", or NULL for unset. */
const char  *parlance_conversation_get_reasoning_effort (ParlanceConversation *self);
void         parlance_conversation_set_reasoning_effort (ParlanceConversation *self,
                                                         const char           *effort);
/* The parameters column: a JSON object holding the settings above and any key later issues add
 * (fallback chain, routing); unknown keys survive a load and save. Set returns FALSE and changes
 * nothing when the text is not a JSON object (bounded by parlance-json). */
char        *parlance_conversation_dup_parameters_json (ParlanceConversation *self);
gboolean     parlance_conversation_set_parameters_json (ParlanceConversation *self,
                                                        const char           *json);

/* The fallback chain and OpenRouter routing (issue #14), under "routing" in the parameters;
 * NULL: none of its own, the defaults in Preferences apply (parlance-conversation-routing.c). */
ParlanceRouting *parlance_conversation_dup_routing     (ParlanceConversation *self);
void         parlance_conversation_set_routing         (ParlanceConversation  *self,
                                                        const ParlanceRouting *routing);

/* The first user message shortened to a title at once: first line, white space collapsed, at
 * most 60 characters, cut at a word with "…". Never empty: "New Conversation" (translated). */
char        *parlance_conversation_title_from_text     (const char           *text);

G_END_DECLS
