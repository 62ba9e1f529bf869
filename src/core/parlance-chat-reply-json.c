/* parlance-chat-reply-json.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reply written out as JSON, for `parlance-cli chat --json`.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-reply-private.h"

static const char *
status_to_string (ParlanceReplyStatus status)
{
  switch (status)
    {
    case PARLANCE_REPLY_STATUS_WAITING:
      return "waiting";
    case PARLANCE_REPLY_STATUS_STREAMING:
      return "streaming";
    case PARLANCE_REPLY_STATUS_COMPLETE:
      return "complete";
    case PARLANCE_REPLY_STATUS_CANCELLED:
      return "cancelled";
    case PARLANCE_REPLY_STATUS_FAILED:
      return "failed";
    default:
      return "unknown";
    }
}

/* JSON numbers as a person would write them: json-glib writes a double with 17 digits
 * ("0.00021000000000000001"); this is the shortest form that reads back as the same double,
 * without an exponent where a plain decimal fits ("0.00001", not "1e-05"). */
static char *
format_shortest (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  int precision;

  for (precision = 1; precision <= 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  precision = MIN (precision, 17);
  if (strchr (buf, 'e') != NULL && fabs (value) >= 1e-12 && fabs (value) < 1e15)
    {
      int exponent = (int) floor (log10 (fabs (value)));

      g_snprintf (format, sizeof format, "%%.%df", MAX (0, precision - 1 - exponent));
      g_ascii_formatd (buf, sizeof buf, format, value);
    }
  return g_strdup (buf);
}

/* json-glib escapes the control characters, so the placeholder, quotes included, can only be
 * the one we wrote: no string from a server becomes it. */
#define COST_PLACEHOLDER "\001parlance-cost\001"
#define COST_PLACEHOLDER_JSON "\"\\u0001parlance-cost\\u0001\""

static char *
replace_cost_placeholder (char   *json,
                          double  cost)
{
  g_autofree char *number = format_shortest (cost);
  const char *found = strstr (json, COST_PLACEHOLDER_JSON);
  char *result;

  if (found == NULL)
    return json;
  result = g_strdup_printf ("%.*s%s%s", (int) (found - json), json, number,
                            found + strlen (COST_PLACEHOLDER_JSON));
  g_free (json);
  return result;
}

static void
add_tool_calls (ParlanceChatReply *self,
                JsonBuilder       *builder)
{
  if (self->tool_calls->len == 0)
    return;
  json_builder_set_member_name (builder, "tool_calls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tool_calls->len; i++)
    {
      ParlanceToolCall *call = g_ptr_array_index (self->tool_calls, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, call->id ? call->id : "");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, call->type ? call->type : "function");
      json_builder_set_member_name (builder, "function");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, call->name ? call->name : "");
      json_builder_set_member_name (builder, "arguments");
      json_builder_add_string_value (builder, call->arguments->str);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_usage (ParlanceChatReply *self,
           JsonBuilder       *builder)
{
  if (!self->has_usage)
    return;
  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt_tokens");
  json_builder_add_int_value (builder, self->prompt_tokens);
  json_builder_set_member_name (builder, "completion_tokens");
  json_builder_add_int_value (builder, self->completion_tokens);
  json_builder_set_member_name (builder, "total_tokens");
  json_builder_add_int_value (builder, self->total_tokens);
  if (self->reasoning_tokens >= 0)
    {
      json_builder_set_member_name (builder, "reasoning_tokens");
      json_builder_add_int_value (builder, self->reasoning_tokens);
    }
  if (self->has_cost)
    {
      /* A placeholder, replaced by the number as written below. */
      json_builder_set_member_name (builder, "cost");
      json_builder_add_string_value (builder, COST_PLACEHOLDER);
    }
  json_builder_end_object (builder);
}

static void
add_error (ParlanceChatReply *self,
           JsonBuilder       *builder)
{
  if (self->error == NULL)
    return;
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, self->error->domain == PARLANCE_API_ERROR
                                          ? parlance_api_error_to_string (self->error->code)
                                          : "failed");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, self->error->message);
  if (self->server_message)
    {
      json_builder_set_member_name (builder, "server_message");
      json_builder_add_string_value (builder, self->server_message);
    }
  if (self->http_status)
    {
      json_builder_set_member_name (builder, "http_status");
      json_builder_add_int_value (builder, self->http_status);
    }
  if (self->limit_error != NULL)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     parlance_limit_kind_to_string (parlance_limit_error_get_kind (self->limit_error)));
    }
  if (parlance_chat_reply_get_retry_after (self) >= 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, parlance_chat_reply_get_retry_after (self));
    }
  json_builder_end_object (builder);
}

/**
 * parlance_chat_reply_to_json:
 *
 * Returns: (transfer full): the reply as a JSON object, for `parlance-cli chat --json`
 */
char *
parlance_chat_reply_to_json (ParlanceChatReply *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  g_return_val_if_fail (PARLANCE_IS_CHAT_REPLY (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_to_string (self->status));
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, self->content->str);
  if (self->reasoning->len > 0)
    {
      json_builder_set_member_name (builder, "reasoning");
      json_builder_add_string_value (builder, self->reasoning->str);
    }
  json_builder_set_member_name (builder, "finish_reason");
  if (self->finish_reason)
    json_builder_add_string_value (builder, self->finish_reason);
  else
    json_builder_add_null_value (builder);
  if (self->model)
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, self->model);
    }
  if (self->provider_name)
    {
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, self->provider_name);
    }
  if (self->generation_id)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, self->generation_id);
    }
  add_tool_calls (self, builder);
  add_usage (self, builder);
  add_error (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  if (self->has_cost)
    json = replace_cost_placeholder (json, self->cost);
  return json;
}
