/* fuzz-import-reader.c — libFuzzer: the streaming reader of an export, on any bytes.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader finds where each entry of a top-level array (or of an object's `conversations`)
 * ends without parsing it, then parses it alone: whatever the bytes, it ends with TRUE or with
 * an import error, the entries it handed over are JSON, and a file read whole agrees with
 * json-glib reading it whole (same number of entries) when json-glib can read it.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  guint entries;      /* in the whole document */
  guint next_index;   /* in the list being read: an object's lists ("conversations" repeated,
                       * "messages") each count from 0 */
  guint members;
  gboolean began;
  gboolean is_object;
} Counts;

static gboolean
on_begin (gboolean is_object, gpointer data, GError **error)
{
  Counts *counts = data;

  if (counts->began)
    abort ();
  counts->began = TRUE;
  counts->is_object = is_object;
  return TRUE;
}

static gboolean
on_member (const char *name, JsonNode *value, gpointer data, GError **error)
{
  ((Counts *) data)->members++;
  if (name == NULL || value == NULL)
    abort ();
  return TRUE;
}

static gboolean
on_entry (JsonNode *entry, guint index, guint64 line, gpointer data, GError **error)
{
  Counts *counts = data;

  if (index == 0)
    counts->next_index = 0;
  if (entry == NULL || index != counts->next_index || line == 0)
    abort ();
  counts->next_index++;
  counts->entries++;
  return TRUE;
}

static const ImportReaderFuncs funcs = { on_begin, on_member, on_entry, NULL };

/* How many entries json-glib finds in the whole document, or -1 when it can't read it. */
static int
whole_count (const uint8_t *data,
             size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *conversations;

  if (!parlance_json_parser_load (parser, (const char *) data, size, NULL))
    return -1;
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_ARRAY (root))
    return (int) json_array_get_length (json_node_get_array (root));
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return -1;
  conversations = json_object_get_member (json_node_get_object (root), "conversations");
  if (conversations == NULL || !JSON_NODE_HOLDS_ARRAY (conversations))
    return -1;
  return (int) json_array_get_length (json_node_get_array (conversations));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(GError) error = NULL;
  Counts counts = { 0, };
  int expected;

  if (_parlance_import_read_stream (stream, &funcs, &counts, NULL, &error))
    {
      expected = whole_count (data, size);
      /* An object may repeat "conversations": json-glib keeps the last, the reader reads all. */
      if (expected >= 0 && !counts.is_object && (guint) expected != counts.entries)
        abort ();
    }
  else if (error == NULL || error->domain != PARLANCE_IMPORT_ERROR)
    abort ();
  return 0;
}
