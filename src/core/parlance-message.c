/* parlance-message.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is not a property: notifying a growing string on every token would make every
 * listener re-read it all. Listeners take the `content-appended` delta instead.
 */

#include "config.h"

#include "parlance-message-private.h"

G_DEFINE_FINAL_TYPE (ParlanceMessage, parlance_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_MODEL,
  PROP_CAN_RETRY,
  PROP_RETRY_AT,
  PROP_SIBLINGS,
  N_PROPS
};

enum {
  CONTENT_APPENDED,
  REASONING_APPENDED,
  CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

ParlanceMessage *
parlance_message_new (ParlanceRole  role,
                      const char   *content)
{
  ParlanceMessage *self = g_object_new (PARLANCE_TYPE_MESSAGE, "role", role, NULL);

  if (content != NULL)
    g_string_append (self->content, content);
  return self;
}

ParlanceRole
parlance_message_get_role (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), PARLANCE_ROLE_USER);
  return self->role;
}

/* Returns: the role as the chat API names it */
const char *
parlance_message_get_role_name (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);

  switch (self->role)
    {
    case PARLANCE_ROLE_ASSISTANT:
      return "assistant";
    case PARLANCE_ROLE_SYSTEM:
      return "system";
    case PARLANCE_ROLE_TOOL:
      return "tool";
    case PARLANCE_ROLE_USER:
    default:
      return "user";
    }
}

const char *
parlance_message_get_content (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->content->str;
}

gsize
parlance_message_get_content_length (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->content->len;
}

/* Appends @text to @buffer and says what was added with @signal_id. */
static void
append (ParlanceMessage *self,
        GString         *buffer,
        guint            signal_id,
        const char      *text)
{
  gsize start = buffer->len;

  if (*text == '\0')
    return;
  g_string_append (buffer, text);
  g_signal_emit (self, signal_id, 0, buffer->str + start);
}

void
parlance_message_append_content (ParlanceMessage *self,
                                 const char      *text)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  g_return_if_fail (text != NULL);

  append (self, self->content, signals[CONTENT_APPENDED], text);
}

const char *
parlance_message_get_reasoning (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->reasoning->str;
}

void
parlance_message_append_reasoning (ParlanceMessage *self,
                                   const char      *text)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  g_return_if_fail (text != NULL);

  append (self, self->reasoning, signals[REASONING_APPENDED], text);
}

/* Empties the text and reasoning, for a retry. */
void
parlance_message_clear (ParlanceMessage *self)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  g_string_truncate (self->content, 0);
  g_string_truncate (self->reasoning, 0);
  g_signal_emit (self, signals[CLEARED], 0);
}

ParlanceMessageStatus
parlance_message_get_status (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), PARLANCE_MESSAGE_COMPLETE);
  return self->status;
}

/* Returns: (nullable): why the message stopped or failed, in words for the user */
const char *
parlance_message_get_status_text (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->status_text;
}

void
parlance_message_set_status (ParlanceMessage       *self,
                             ParlanceMessageStatus  status,
                             const char            *status_text)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (status != PARLANCE_MESSAGE_ERROR)
    parlance_message_set_retry_at (self, 0);
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (self->status_text, status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_strdup (status_text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
parlance_message_get_model (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), NULL);
  return self->model;
}

void
parlance_message_set_model (ParlanceMessage *self,
                            const char      *model)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
parlance_message_get_can_retry (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), FALSE);
  return self->can_retry;
}

void
parlance_message_set_can_retry (ParlanceMessage *self,
                                gboolean         can_retry)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  can_retry = !!can_retry;
  if (self->can_retry == can_retry)
    return;
  self->can_retry = can_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETRY]);
}

/**
 * parlance_message_get_retry_at:
 *
 * Returns: when the provider said to try again (monotonic time, in microseconds), or 0
 */
gint64
parlance_message_get_retry_at (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->retry_at;
}

/**
 * parlance_message_set_retry_at:
 * @retry_at: a g_get_monotonic_time() at which the failed request may be tried again, or 0
 *
 * Set before the error status, or after the waiting status for a reply that waits to be sent
 * again by itself; setting any status but the error clears it.
 */
void
parlance_message_set_retry_at (ParlanceMessage *self,
                               gint64           retry_at)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  g_return_if_fail (retry_at >= 0);

  if (self->retry_at == retry_at)
    return;
  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

/* Returns: the message's row id in the store, 0 when it is not saved */
gint64
parlance_message_get_id (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->id;
}

void
parlance_message_set_id (ParlanceMessage *self,
                         gint64           id)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  g_return_if_fail (id >= 0);
  self->id = id;
}

/* Returns: the id of the message this one answers or follows, 0 for a root */
gint64
parlance_message_get_parent_id (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->parent_id;
}

void
parlance_message_set_parent_id (ParlanceMessage *self,
                                gint64           parent_id)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  g_return_if_fail (parent_id >= 0);
  self->parent_id = parent_id;
}

/* Returns: which of several models answering one prompt wrote it; 0 otherwise */
guint
parlance_message_get_lane (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->lane;
}

void
parlance_message_set_lane (ParlanceMessage *self,
                           guint            lane)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  self->lane = lane;
}

/* Returns: when it was written (g_get_real_time ()), 0 when not saved */
gint64
parlance_message_get_created (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->created;
}

void
parlance_message_set_created (ParlanceMessage *self,
                              gint64           created)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));
  self->created = created;
}

guint
parlance_message_get_sibling_index (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 0);
  return self->sibling_index;
}

guint
parlance_message_get_n_siblings (ParlanceMessage *self)
{
  g_return_val_if_fail (PARLANCE_IS_MESSAGE (self), 1);
  return self->n_siblings;
}

/* Notifies "siblings" (the count) when the index or the count changed. */
void
parlance_message_set_siblings (ParlanceMessage *self,
                               guint            index,
                               guint            count)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  count = MAX (count, 1);
  index = MIN (index, count - 1);
  if (self->sibling_index == index && self->n_siblings == count)
    return;
  self->sibling_index = index;
  self->n_siblings = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIBLINGS]);
}

/* After `cleared`, listeners have nothing: they are given both texts again as they are now. */
static void
replace_texts (ParlanceMessage *self,
               const char      *content,
               const char      *reasoning)
{
  g_autofree char *kept_reasoning = g_strdup (reasoning);

  g_string_assign (self->content, content);
  g_string_truncate (self->reasoning, 0);
  g_signal_emit (self, signals[CLEARED], 0);
  if (self->content->len > 0)
    g_signal_emit (self, signals[CONTENT_APPENDED], 0, self->content->str);
  append (self, self->reasoning, signals[REASONING_APPENDED], kept_reasoning);
}

/* Replaces the text at once: listeners see `cleared`, then the whole text appended. */
void
parlance_message_set_content (ParlanceMessage *self,
                              const char      *content)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  replace_texts (self, content != NULL ? content : "", self->reasoning->str);
}

/* Replaces the reasoning: what only grows is appended, anything else goes through `cleared`. */
void
parlance_message_set_reasoning (ParlanceMessage *self,
                                const char      *reasoning)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE (self));

  if (reasoning == NULL)
    reasoning = "";
  if (g_str_has_prefix (reasoning, self->reasoning->str))
    append (self, self->reasoning, signals[REASONING_APPENDED], reasoning + self->reasoning->len);
  else
    replace_texts (self, self->content->str, reasoning);
}

static void
parlance_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ParlanceMessage *self = PARLANCE_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_CAN_RETRY:
      g_value_set_boolean (value, self->can_retry);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    case PROP_SIBLINGS:
      g_value_set_uint (value, self->n_siblings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_message_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ParlanceMessage *self = PARLANCE_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_int (value);
      break;
    case PROP_MODEL:
      parlance_message_set_model (self, g_value_get_string (value));
      break;
    case PROP_CAN_RETRY:
      parlance_message_set_can_retry (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_message_finalize (GObject *object)
{
  ParlanceMessage *self = PARLANCE_MESSAGE (object);

  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_free (self->status_text);
  g_free (self->model);
  g_free (self->provider_id);
  g_free (self->finish_reason);
  g_free (self->tool_calls);
  g_free (self->tool_call_id);
  g_free (self->generation_id);
  g_free (self->requested_model);
  g_free (self->provider_name);
  g_free (self->attempts);

  G_OBJECT_CLASS (parlance_message_parent_class)->finalize (object);
}

static void
parlance_message_class_init (ParlanceMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_message_finalize;
  object_class->get_property = parlance_message_get_property;
  object_class->set_property = parlance_message_set_property;

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, PARLANCE_ROLE_USER, PARLANCE_ROLE_TOOL, PARLANCE_ROLE_USER,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, PARLANCE_MESSAGE_COMPLETE, PARLANCE_MESSAGE_ERROR,
                      PARLANCE_MESSAGE_COMPLETE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RETRY] =
    g_param_spec_boolean ("can-retry", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The number of versions; notifies when the count or the message's place changes. */
  properties[PROP_SIBLINGS] =
    g_param_spec_uint ("siblings", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONTENT_APPENDED] =
    g_signal_new ("content-appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[REASONING_APPENDED] =
    g_signal_new ("reasoning-appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLEARED] =
    g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_message_init (ParlanceMessage *self)
{
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->tokens_in = -1;
  self->tokens_out = -1;
  self->tokens_reasoning = -1;
  self->tokens_cached = -1;
  self->cost_pico = -1;
  self->first_token_time = -1;
  self->duration = -1;
  self->n_siblings = 1;
}
