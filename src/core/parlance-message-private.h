/* parlance-message-private.h — what the parlance-message*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-message.h"

G_BEGIN_DECLS

struct _ParlanceMessage
{
  GObject                parent_instance;

  ParlanceRole           role;
  GString               *content;
  GString               *reasoning;
  ParlanceMessageStatus  status;
  char                  *status_text;
  char                  *model;
  gboolean               can_retry;
  gint64                 retry_at;

  /* What the store keeps beside the text; -1 is unknown. */
  gint64                 id;
  gint64                 parent_id;
  guint                  lane;
  gint64                 created;
  char                  *provider_id;
  char                  *finish_reason;
  gint64                 tokens_in;
  gint64                 tokens_out;
  gint64                 tokens_reasoning;
  gint64                 tokens_cached;
  gint64                 cost_pico;
  gint64                 first_token_time;
  gint64                 duration;
  char                  *tool_calls;
  char                  *tool_call_id;
  char                  *generation_id;
  char                  *requested_model;
  char                  *provider_name;
  char                  *attempts;
  guint                  sibling_index;
  guint                  n_siblings;
};

G_END_DECLS
