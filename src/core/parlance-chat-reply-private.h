/* parlance-chat-reply-private.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reply's fields, shared by the files that make it up (filling in, JSON).
 */

#pragma once

#include "parlance-chat-reply.h"

G_BEGIN_DECLS

struct _ParlanceChatReply
{
  GObject              parent_instance;

  ParlanceReplyStatus  status;
  GString             *content;
  GString             *reasoning;
  JsonArray           *reasoning_details;
  GPtrArray           *tool_calls;          /* sorted by index */
  GHashTable          *tool_call_by_index;  /* index → ParlanceToolCall, so a piece finds its call at once */
  ParlanceToolCall    *last_tool_call;
  guint                next_tool_index;     /* for calls that come without one */
  gsize                tool_arguments_length;
  char                *finish_reason;
  char                *generation_id;
  char                *model;
  char                *provider_name;

  gboolean             has_usage;
  gint64               prompt_tokens;
  gint64               completion_tokens;
  gint64               reasoning_tokens;
  gint64               cached_tokens;
  gint64               total_tokens;
  gboolean             has_cost;
  double               cost;
  gint64               cost_pico;           /* -1 when unknown */

  /* While a read is handled, deltas are gathered and said once (see _parlance_chat_reply_begin_batch ()). */
  gboolean             batching;
  gssize               content_pending;     /* where unsaid content starts, or -1 */
  gssize               reasoning_pending;

  GError              *error;
  char                *server_message;
  guint                http_status;
  ParlanceLimitError  *limit_error;         /* why it failed, classified; NULL for a transport error */
  GStrv                moderation_reasons;
};

G_END_DECLS
