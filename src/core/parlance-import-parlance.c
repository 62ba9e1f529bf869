/* parlance-import-parlance.c — one conversation of Parlance's own JSON (parlance-export.h).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every member the export writes is read back, so export → import gives the same
 * conversation. The file's ids only link messages to their parents and the tip. We wrote the
 * format, but not necessarily this file: wrong members make the entry invalid, with a reason.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

#define PICO_PER_DOLLAR G_GINT64_CONSTANT (1000000000000)

static const char *known_roles[] = { "user", "assistant", "system", "tool", NULL };

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
read_bool (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* "0.0000123" → 12300000, exactly; a JSON number is rounded once. -1: unknown or unreadable. */
static gint64
read_cost (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "cost");
  const char *text, *p;
  gint64 whole = 0, fraction = 0;
  int digits = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return parlance_cost_pico_from_double (json_node_get_double (node));
  text = json_node_get_string (node);
  for (p = text; g_ascii_isdigit (*p); p++)
    {
      if (whole > G_MAXINT64 / 10 / PICO_PER_DOLLAR)
        return -1;
      whole = whole * 10 + (*p - '0');
    }
  if (p == text)
    return -1;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, digits++)
      if (digits < 12)
        fraction = fraction * 10 + (*p - '0');
  if (*p != '\0')
    return -1;
  for (; digits < 12; digits++)
    fraction *= 10;
  return whole * PICO_PER_DOLLAR + fraction;
}

static gint64
read_number (JsonObject *object,
             const char *name)
{
  gint64 value = parlance_json_get_int (object, name, -1);

  return value >= 0 ? value : -1;
}

/* A member that is JSON (tool_calls, parameters) kept as its text. */
static char *
read_json (JsonObject *object,
           const char *name,
           JsonNodeType type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != type)
    return NULL;
  return json_to_string (node, FALSE);
}

/* A name (a model, a provider) of at most MAX_NAME bytes, valid UTF-8; NULL otherwise. */
#define MAX_NAME 512
/* What the export writes of a fallback's failed attempts: parlance-fallback.c keeps a few. */
#define MAX_ATTEMPTS 32
#define MAX_ATTEMPT_TEXT 4096

static char *
read_name (JsonObject *object,
           const char *name)
{
  const char *value = parlance_json_get_string (object, name);

  if (value == NULL || *value == '\0' || strlen (value) > MAX_NAME)
    return NULL;
  return g_utf8_make_valid (value, -1);
}

static void
copy_attempt_text (JsonBuilder *builder,
                   JsonObject  *attempt,
                   const char  *name,
                   gsize        max)
{
  const char *value = parlance_json_get_string (attempt, name);
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  valid = g_utf8_make_valid (value, MIN (strlen (value), max));
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, valid);
}

/* The models that failed before another answered: `[{"model", "error", "reason",
 * "server_message", "status"}]`, rebuilt from the members Parlance knows, each checked and bounded, so
 * what is stored is what Parlance itself would write. NULL when there is none to keep. */
static char *
read_attempts (JsonObject *object)
{
  JsonArray *array = parlance_json_get_array (object, "attempts");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint kept = 0;

  if (array == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (array) && kept < MAX_ATTEMPTS; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *attempt = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *model = attempt != NULL ? read_name (attempt, "model") : NULL;
      gint64 status = attempt != NULL ? parlance_json_get_int (attempt, "status", -1) : -1;

      if (model == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
      copy_attempt_text (builder, attempt, "error", MAX_ATTEMPT_TEXT);
      copy_attempt_text (builder, attempt, "reason", 64);
      copy_attempt_text (builder, attempt, "server_message", MAX_ATTEMPT_TEXT);
      if (status >= 100 && status <= 599)
        {
          json_builder_set_member_name (builder, "status");
          json_builder_add_int_value (builder, status);
        }
      json_builder_end_object (builder);
      kept++;
    }
  json_builder_end_array (builder);
  if (kept == 0)
    return NULL;
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
read_attachments (ImportMessage  *m,
                  JsonObject     *object,
                  gint64          id,
                  GError        **error)
{
  JsonArray *array = parlance_json_get_array (object, "attachments");

  if (array == NULL)
    return TRUE;
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) _parlance_import_attachment_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *a = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *data = a != NULL ? parlance_json_get_string (a, "data") : NULL;
      const char *sha = a != NULL ? parlance_json_get_string (a, "sha256") : NULL;
      ImportAttachment *attachment;
      guchar *bytes;
      gsize len = 0;

      if (data == NULL)
        return invalid (error, _("attachment %u of message %" G_GINT64_FORMAT " has no data"),
                        i + 1, id);
      bytes = g_base64_decode (data, &len);
      attachment = g_new0 (ImportAttachment, 1);
      attachment->name = _parlance_import_dup_string (a, "name");
      attachment->mime_type = _parlance_import_dup_string (a, "mime_type");
      attachment->data = g_bytes_new_take (bytes, len);
      g_ptr_array_add (m->attachments, attachment);
      if (sha != NULL)
        {
          g_autofree char *real = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, attachment->data);

          if (g_ascii_strcasecmp (real, sha) != 0)
            return invalid (error, _("attachment %u of message %" G_GINT64_FORMAT " is damaged: "
                                     "its data does not match its sha256"), i + 1, id);
        }
    }
  return TRUE;
}

static void
read_fields (ImportMessage *m,
             JsonObject    *object)
{
  JsonObject *tokens = parlance_json_get_object (object, "tokens");
  static const char *token_names[] = { "in", "out", "reasoning", "cached" };
  const char *status = parlance_json_get_string (object, "status");
  const char *source = parlance_json_get_string (object, "source");
  const char *source_id = parlance_json_get_string (object, "source_id");

  m->lane = MAX (parlance_json_get_int (object, "lane", 0), 0);
  m->content = _parlance_import_dup_string (object, "content");
  m->reasoning = _parlance_import_dup_string (object, "reasoning");
  /* A reply still streaming when it was exported has no writer here. */
  if (g_strcmp0 (status, "streaming") == 0)
    m->status = g_strdup ("interrupted");
  else if (g_strcmp0 (status, "interrupted") == 0 || g_strcmp0 (status, "error") == 0)
    m->status = g_strdup (status);
  else
    m->status = g_strdup ("complete");
  m->error = _parlance_import_dup_string (object, "error");
  m->provider_id = _parlance_import_dup_string (object, "provider_id");
  m->model = _parlance_import_dup_string (object, "model");
  m->requested_model = read_name (object, "requested_model");
  m->provider_name = read_name (object, "provider_name");
  m->attempts = read_attempts (object);
  m->finish_reason = _parlance_import_dup_string (object, "finish_reason");
  for (guint i = 0; tokens != NULL && i < 4; i++)
    m->tokens[i] = read_number (tokens, token_names[i]);
  m->cost_pico = read_cost (object);
  m->first_token_us = read_number (object, "first_token_us");
  m->duration_us = read_number (object, "duration_us");
  m->tool_calls = read_json (object, "tool_calls", JSON_NODE_ARRAY);
  m->tool_call_id = _parlance_import_dup_string (object, "tool_call_id");
  m->generation_id = _parlance_import_dup_string (object, "generation_id");
  if (source != NULL && source_id != NULL)
    {
      m->source = g_utf8_make_valid (source, -1);
      m->source_id = g_utf8_make_valid (source_id, -1);
    }
}

static gboolean
read_message (ImportConversation  *c,
              JsonNode            *node,
              guint                index,
              GHashTable          *seen,
              GError             **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *parent = object != NULL ? json_object_get_member (object, "parent") : NULL;
  const char *role = object != NULL ? parlance_json_get_string (object, "role") : NULL;
  gint64 id = object != NULL ? parlance_json_get_int (object, "id", -1) : -1;
  ImportMessage *m;

  if (id < 0)
    return invalid (error, _("message %u has no id"), index + 1);
  if (role == NULL || !g_strv_contains (known_roles, role))
    return invalid (error, _("message %" G_GINT64_FORMAT " has no role Parlance knows"), id);
  m = _parlance_import_message_new (c);
  m->key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (g_hash_table_contains (seen, m->key))
    return invalid (error, _("message %" G_GINT64_FORMAT " is there twice"), id);
  if (parent != NULL && !JSON_NODE_HOLDS_NULL (parent))
    {
      gint64 parent_id = parlance_json_get_int (object, "parent", -1);

      m->parent_key = g_strdup_printf ("%" G_GINT64_FORMAT, parent_id);
      if (!g_hash_table_contains (seen, m->parent_key))
        return invalid (error, _("message %" G_GINT64_FORMAT " comes before its parent"), id);
    }
  g_hash_table_add (seen, m->key);
  m->role = g_strdup (role);
  m->created = _parlance_import_parse_time (parlance_json_get_string (object, "created"));
  if (m->created < 0)
    m->created = c->created;
  read_fields (m, object);
  return read_attachments (m, object, id, error);
}

static gboolean
read_conversation (ImportConversation  *c,
                   JsonObject          *object,
                   GError             **error)
{
  const char *source = parlance_json_get_string (object, "source");
  const char *source_id = parlance_json_get_string (object, "source_id");
  JsonNode *tip = json_object_get_member (object, "tip");

  c->title = _parlance_import_dup_string (object, "title");
  c->created = _parlance_import_parse_time (parlance_json_get_string (object, "created"));
  if (c->created < 0)
    return invalid (error, _("the conversation has no creation time"));
  c->updated = _parlance_import_parse_time (parlance_json_get_string (object, "updated"));
  if (c->updated < 0)
    c->updated = c->created;
  c->provider_id = _parlance_import_dup_string (object, "provider_id");
  c->model = _parlance_import_dup_string (object, "model");
  c->system_prompt = _parlance_import_dup_string (object, "system_prompt");
  c->parameters = read_json (object, "parameters", JSON_NODE_OBJECT);
  c->pinned = read_bool (object, "pinned");
  c->archived = read_bool (object, "archived");
  if (tip != NULL && JSON_NODE_HOLDS_VALUE (tip))
    c->tip_key = g_strdup_printf ("%" G_GINT64_FORMAT, parlance_json_get_int (object, "tip", -1));
  if (source != NULL && source_id != NULL)
    {
      c->source = g_utf8_make_valid (source, -1);
      c->source_id = g_utf8_make_valid (source_id, -1);
    }
  return TRUE;
}

/**
 * _parlance_import_parlance_entry:
 *
 * Returns: (transfer full): the conversation @entry holds, or %NULL with @error set
 */
ImportConversation *
_parlance_import_parlance_entry (JsonNode              *entry,
                                 ParlanceImportSummary *summary,
                                 GError               **error)
{
  g_autoptr(ImportConversation) c = _parlance_import_conversation_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
  JsonNode *messages = object != NULL ? json_object_get_member (object, "messages") : NULL;

  if (object == NULL)
    {
      invalid (error, _("it is not a conversation"));
      return NULL;
    }
  if (messages != NULL && !JSON_NODE_HOLDS_ARRAY (messages) && !JSON_NODE_HOLDS_NULL (messages))
    {
      invalid (error, _("its “messages” is not a list"));
      return NULL;
    }
  if (!read_conversation (c, object, error))
    return NULL;
  for (guint i = 0; messages != NULL && JSON_NODE_HOLDS_ARRAY (messages) &&
                    i < json_array_get_length (json_node_get_array (messages)); i++)
    if (!read_message (c, json_array_get_element (json_node_get_array (messages), i), i, seen,
                       error))
      return NULL;
  if (c->tip_key != NULL && !g_hash_table_contains (seen, c->tip_key))
    {
      invalid (error, _("its tip is not one of its messages"));
      return NULL;
    }
  return g_steal_pointer (&c);
}
