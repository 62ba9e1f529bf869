/* parlance-sse-parser.h — incremental Server-Sent Events parser (no I/O).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PARLANCE_SSE_ERROR (parlance_sse_error_quark ())

typedef enum
{
  PARLANCE_SSE_ERROR_LINE_TOO_LONG,
} ParlanceSseError;

/* One dispatched event. Strings are borrowed: valid only during the callback. */
typedef struct
{
  const char *event;     /* the `event:` field, or "message" when none was given */
  const char *data;      /* `data:` lines joined with "\n" (no trailing newline); NUL-terminated */
  gsize       data_len;
  const char *id;        /* the last event ID seen so far (nullable) */
} ParlanceSseEvent;

typedef void (*ParlanceSseEventFunc) (const ParlanceSseEvent *event,
                                      gpointer                user_data);

#define PARLANCE_TYPE_SSE_PARSER (parlance_sse_parser_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceSseParser, parlance_sse_parser, PARLANCE, SSE_PARSER, GObject)

#define PARLANCE_SSE_DEFAULT_MAX_LINE (16 * 1024 * 1024)

GQuark             parlance_sse_error_quark               (void);
ParlanceSseParser *parlance_sse_parser_new                (void);
void               parlance_sse_parser_set_max_line_length (ParlanceSseParser    *self,
                                                           gsize                 max_line_length);
gboolean           parlance_sse_parser_feed               (ParlanceSseParser    *self,
                                                           const char           *data,
                                                           gsize                 len,
                                                           ParlanceSseEventFunc  func,
                                                           gpointer              user_data,
                                                           GError              **error);
gboolean           parlance_sse_parser_finish             (ParlanceSseParser    *self,
                                                           ParlanceSseEventFunc  func,
                                                           gpointer              user_data,
                                                           GError              **error);
void               parlance_sse_parser_reset              (ParlanceSseParser    *self);
guint64            parlance_sse_parser_get_n_comments     (ParlanceSseParser    *self);
gint64             parlance_sse_parser_get_retry_ms       (ParlanceSseParser    *self);
const char        *parlance_sse_parser_get_last_event_id  (ParlanceSseParser    *self);

G_END_DECLS
