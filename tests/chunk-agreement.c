/* chunk-agreement.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "chunk-agreement.h"
#include "parlance-chunk-scanner.h"

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

#define SAME(field, slow) \
  G_STMT_START { \
    if (g_strcmp0 (scan.field, slow) != 0) \
      { \
        *why = g_strdup_printf ("%s: fast “%s”, json-glib “%s”", #field, \
                                scan.field ? scan.field : "(null)", slow ? slow : "(null)"); \
        goto out; \
      } \
  } G_STMT_END

/**
 * chunk_agreement_check:
 * @fast: (out): whether the fast path took the chunk
 * @why: (out): what differs, when this returns %FALSE
 *
 * Returns: %FALSE when the fast path took a chunk that json-glib reads otherwise, or rejects
 */
gboolean
chunk_agreement_check (const char  *data,
                       gsize        len,
                       gboolean    *fast,
                       char       **why)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  ParlanceChunkScan scan;
  JsonObject *root, *choice = NULL, *delta = NULL;
  JsonNode *choices;
  const char *reasoning;
  gboolean ok = FALSE;

  *why = NULL;
  *fast = parlance_chunk_scan (data, len, &scan);
  if (!*fast)
    return TRUE;

  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *why = g_strdup ("the fast path took a chunk json-glib rejects");
      goto out;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "usage") || json_object_has_member (root, "error"))
    {
      *why = g_strdup ("the fast path took a chunk with usage or an error");
      goto out;
    }
  choices = json_object_get_member (root, "choices");
  if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices) && json_array_get_length (json_node_get_array (choices)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (choices), 0);
      if (JSON_NODE_HOLDS_OBJECT (first))
        choice = json_node_get_object (first);
    }
  delta = object_member (choice, "delta");
  if (delta == NULL && object_member (choice, "message") != NULL)
    {
      *why = g_strdup ("the fast path took a whole message");
      goto out;
    }

  SAME (id, string_member (root, "id"));
  SAME (model, string_member (root, "model"));
  SAME (provider, string_member (root, "provider"));
  SAME (content, string_member (delta, "content"));
  reasoning = string_member (delta, "reasoning");
  if (reasoning == NULL)
    reasoning = string_member (delta, "reasoning_content");
  SAME (reasoning, reasoning);
  SAME (finish_reason, string_member (choice, "finish_reason"));
  ok = TRUE;

out:
  parlance_chunk_scan_clear (&scan);
  return ok;
}
