/* parlance-model-list.h — a `GET /models` answer, read one model at a time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *parlance_model_list_parse (const char  *data,
                                      gsize        len,
                                      const char  *provider_id,
                                      GError     **error);

G_END_DECLS
