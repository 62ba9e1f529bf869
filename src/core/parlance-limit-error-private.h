/* parlance-limit-error-private.h — reading and classifying a refusal, shared by the limit
 * error's two files.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "parlance-limit-error.h"

G_BEGIN_DECLS

/* What a refusal says, gathered before it is classified. */
typedef struct
{
  guint        status;
  const char  *text;          /* message and metadata.raw, lower-cased on demand */
  const char  *error_type;
  const char  *code;          /* the error's code as a string, or NULL */
  const char  *gemini_status; /* "RESOURCE_EXHAUSTED"… */
  const char  *quota_ids;
  gboolean     has_upstream;
} Signals;

gint64            _parlance_limit_parse_int      (const char         *text);
gint64            _parlance_limit_clamp_seconds  (double              seconds);
const char       *_parlance_limit_find_header    (SoupMessageHeaders *headers,
                                                  JsonObject         *metadata_headers,
                                                  const char         *name);
gint64            _parlance_limit_body_wait      (JsonObject         *error);
gint64            _parlance_limit_gemini_details (JsonObject         *error,
                                                  GString            *quota_ids);
gboolean          _parlance_limit_contains       (const char         *haystack,
                                                  const char         *needle);
ParlanceLimitKind _parlance_limit_classify       (const Signals      *s);

G_END_DECLS
