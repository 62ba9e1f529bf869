/* parlance-json.h — reading members of JSON objects whose shape is not guaranteed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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
