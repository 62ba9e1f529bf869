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
#include "parlance-json.h"

#define SAME(field, slow) \
  G_STMT_START { \
    if (g_strcmp0 (scan.field, slow) != 0) \
      { \
        *why = g_strdup_printf ("%s: fast “%s”, json-glib “%s”", #field, \
                                scan.field ? scan.field : "(null)", slow ? slow : "(null)"); \
        goto out; \
      } \
  } G_STMT_END

/* Whether json-glib reads @data as @scan says. */
static gboolean
compare_with_json_glib (const char        *data,
                        gsize              len,
                        ParlanceChunkScan *scan_,
                        char             **why)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  ParlanceChunkScan scan = *scan_;
  JsonObject *root, *choice = NULL, *delta = NULL;
  JsonNode *choices;
  const char *reasoning;

  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *why = g_strdup ("the fast path took a chunk json-glib rejects");
      return FALSE;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "usage") || json_object_has_member (root, "error"))
    {
      *why = g_strdup ("the fast path took a chunk with usage or an error");
      return FALSE;
    }
  choices = json_object_get_member (root, "choices");
  if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices) && json_array_get_length (json_node_get_array (choices)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (choices), 0);
      if (JSON_NODE_HOLDS_OBJECT (first))
        choice = json_node_get_object (first);
    }
  delta = parlance_json_get_object (choice, "delta");
  if (delta == NULL && parlance_json_get_object (choice, "message") != NULL)
    {
      *why = g_strdup ("the fast path took a whole message");
      return FALSE;
    }

  SAME (id, parlance_json_get_string (root, "id"));
  SAME (model, parlance_json_get_string (root, "model"));
  SAME (provider, parlance_json_get_string (root, "provider"));
  SAME (content, parlance_json_get_string (delta, "content"));
  reasoning = parlance_json_get_string (delta, "reasoning");
  if (reasoning == NULL)
    reasoning = parlance_json_get_string (delta, "reasoning_content");
  SAME (reasoning, reasoning);
  SAME (finish_reason, parlance_json_get_string (choice, "finish_reason"));
  return TRUE;

out:
  return FALSE;
}

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
  ParlanceChunkScan scan;
  gboolean ok;

  *why = NULL;
  *fast = parlance_chunk_scan (data, len, &scan);
  if (!*fast)
    return TRUE;
  ok = compare_with_json_glib (data, len, &scan, why);
  parlance_chunk_scan_clear (&scan);
  return ok;
}

/**
 * chunk_agreement_check_after:
 * @previous: the chunk before @data in the stream
 * @templated: (out): whether @data was read by its text alone, as @previous but for it
 *
 * As chunk_agreement_check (), for the scanner that compares a chunk with the one before.
 */
gboolean
chunk_agreement_check_after (const char  *previous,
                             gsize        previous_len,
                             const char  *data,
                             gsize        len,
                             gboolean    *fast,
                             gboolean    *templated,
                             char       **why)
{
  ParlanceChunkTemplate template_ = { 0 };
  ParlanceChunkScan base, scan;
  gboolean ok = TRUE;

  *why = NULL;
  *fast = *templated = FALSE;
  if (!parlance_chunk_scan_templated (previous, previous_len, &template_, &base))
    {
      parlance_chunk_template_clear (&template_);
      return TRUE;
    }

  *fast = parlance_chunk_scan_templated (data, len, &template_, &scan);
  if (*fast)
    {
      *templated = scan.same_origin;
      if (scan.same_origin)
        {
          /* Everything but the text stands as in @previous. */
          scan.id = g_strdup (base.id);
          scan.model = g_strdup (base.model);
          scan.provider = g_strdup (base.provider);
          scan.finish_reason = g_strdup (base.finish_reason);
          if (scan.content == NULL)
            scan.content = g_strdup (base.content);
          if (scan.reasoning == NULL)
            scan.reasoning = g_strdup (base.reasoning);
        }
      ok = compare_with_json_glib (data, len, &scan, why);
      parlance_chunk_scan_clear (&scan);
    }
  parlance_chunk_scan_clear (&base);
  parlance_chunk_template_clear (&template_);
  return ok;
}
