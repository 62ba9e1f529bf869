/* parlance-message.h — one message of a conversation, growing in place while it streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_ROLE_USER,
  PARLANCE_ROLE_ASSISTANT,
  PARLANCE_ROLE_SYSTEM,
} ParlanceRole;

typedef enum
{
  PARLANCE_MESSAGE_COMPLETE,
  PARLANCE_MESSAGE_WAITING,      /* sent; nothing has come back yet */
  PARLANCE_MESSAGE_STREAMING,
  PARLANCE_MESSAGE_INTERRUPTED,  /* stopped by the user; keeps what arrived */
  PARLANCE_MESSAGE_ERROR,        /* failed; keeps what arrived, status text says why */
} ParlanceMessageStatus;

#define PARLANCE_TYPE_MESSAGE (parlance_message_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceMessage, parlance_message, PARLANCE, MESSAGE, GObject)

ParlanceMessage       *parlance_message_new              (ParlanceRole           role,
                                                          const char            *content);
ParlanceRole           parlance_message_get_role         (ParlanceMessage       *self);
const char            *parlance_message_get_role_name    (ParlanceMessage       *self);
const char            *parlance_message_get_content      (ParlanceMessage       *self);
gsize                  parlance_message_get_content_length (ParlanceMessage     *self);
void                   parlance_message_append_content   (ParlanceMessage       *self,
                                                          const char            *text);
const char            *parlance_message_get_reasoning    (ParlanceMessage       *self);
void                   parlance_message_append_reasoning (ParlanceMessage       *self,
                                                          const char            *text);
void                   parlance_message_clear            (ParlanceMessage       *self);
ParlanceMessageStatus  parlance_message_get_status       (ParlanceMessage       *self);
const char            *parlance_message_get_status_text  (ParlanceMessage       *self);
void                   parlance_message_set_status       (ParlanceMessage       *self,
                                                          ParlanceMessageStatus  status,
                                                          const char            *status_text);
const char            *parlance_message_get_model        (ParlanceMessage       *self);
void                   parlance_message_set_model        (ParlanceMessage       *self,
                                                          const char            *model);
gboolean               parlance_message_get_can_retry    (ParlanceMessage       *self);
void                   parlance_message_set_can_retry    (ParlanceMessage       *self,
                                                          gboolean               can_retry);
gint64                 parlance_message_get_retry_at     (ParlanceMessage       *self);
void                   parlance_message_set_retry_at     (ParlanceMessage       *self,
                                                          gint64                 retry_at);

G_END_DECLS
