/* parlance-test-sse.h — runs ParlanceSseParser over a body cut into pieces, for the tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *event;
  char  *data;
  gsize  data_len;
  char  *id;           /* nullable */
} ParlanceTestSseEvent;

typedef struct
{
  GPtrArray *events;          /* (element-type ParlanceTestSseEvent) */
  GError    *error;           /* the first error of feed() or finish(), if any */
  guint64    n_comments;
  gint64     retry_ms;
  char      *last_event_id;   /* nullable */
  GString   *digest;          /* all of the above in one string, to compare runs quickly */
} ParlanceTestSseResult;

ParlanceTestSseResult *parlance_test_sse_parse                (const char                  *data,
                                                               gsize                        len,
                                                               const gsize                 *cuts,
                                                               guint                        n_cuts,
                                                               gsize                        max_line_length);
ParlanceTestSseResult *parlance_test_sse_parse_chunked        (const char                  *data,
                                                               gsize                        len,
                                                               gsize                        chunk_size,
                                                               gsize                        max_line_length);
ParlanceTestSseResult *parlance_test_sse_parse_reference      (const char                  *data,
                                                               gsize                        len);
void                   parlance_test_sse_result_free          (ParlanceTestSseResult       *result);
void                   parlance_test_sse_assert_same          (const ParlanceTestSseResult *expected,
                                                               const ParlanceTestSseResult *result,
                                                               const char                  *how);
ParlanceTestSseResult *parlance_test_sse_assert_split_invariant (const char                *data,
                                                                 gsize                      len,
                                                                 guint                      three_piece_step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParlanceTestSseResult, parlance_test_sse_result_free)

G_END_DECLS
