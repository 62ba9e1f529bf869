/* chunk-agreement.h — does the chunk scanner's fast path read a chunk as json-glib does?
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean chunk_agreement_check (const char  *data,
                                gsize        len,
                                gboolean    *fast,
                                char       **why);

gboolean chunk_agreement_check_after (const char  *previous,
                                      gsize        previous_len,
                                      const char  *data,
                                      gsize        len,
                                      gboolean    *fast,
                                      gboolean    *templated,
                                      char       **why);

G_END_DECLS
