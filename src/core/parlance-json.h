/* parlance-json.h — reading JSON whose shape is not guaranteed, from sources not trusted.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib recurses once per level: deeper documents are refused before it sees them. */
#define PARLANCE_JSON_MAX_DEPTH 64

gboolean    parlance_json_check_depth (const char  *data,
                                       gsize        len,
                                       guint        max_depth,
                                       GError     **error);
gboolean    parlance_json_parser_load (JsonParser  *parser,
                                       const char  *data,
                                       gsize        len,
                                       GError     **error);

const char *parlance_json_get_string (JsonObject *object,
                                      const char *name);
JsonObject *parlance_json_get_object (JsonObject *object,
                                      const char *name);
JsonArray  *parlance_json_get_array  (JsonObject *object,
                                      const char *name);
gint64      parlance_json_get_int    (JsonObject *object,
                                      const char *name,
                                      gint64      unknown);

G_END_DECLS
