/* fuzz-sse-parser.c — libFuzzer target for ParlanceSseParser.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Besides not crashing, the parser must give the same events, error and final state however the
 * stream is cut into pieces. The first bytes of an input choose the cuts and the limit:
 *
 *   byte 0     maximum line length: 1 + byte (1…255), or the default for 255
 *   bytes 1-2  first cut, little-endian, modulo the body's length + 1
 *   bytes 3-4  second cut, likewise
 *   byte 5     size of the pieces of the chunked run: 1 + byte % 32
 *   the rest   the stream
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parlance-sse-parser.h"

#define HEADER_LEN 6

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  GString *log;
  gsize    max_line_length;
} Run;

static void
log_string (GString    *log,
            char        tag,
            const char *bytes,
            gsize       len)
{
  guint64 n = len;

  g_string_append_c (log, tag);
  g_string_append_len (log, (const char *) &n, sizeof n);
  g_string_append_len (log, bytes, len);
}

static void
record_event (const ParlanceSseEvent *event,
              gpointer                user_data)
{
  Run *run = user_data;

  if (event->event == NULL || event->event[0] == '\0' ||
      event->data == NULL || event->data[event->data_len] != '\0' ||
      event->data_len > run->max_line_length ||
      (event->id != NULL && event->id[0] == '\0'))
    {
      fprintf (stderr, "fuzz-sse-parser: malformed event\n");
      abort ();
    }

  log_string (run->log, 'E', event->event, strlen (event->event));
  log_string (run->log, 'D', event->data, event->data_len);
  if (event->id != NULL)
    log_string (run->log, 'I', event->id, strlen (event->id));
}

/* Feeds @body in the pieces given by @cuts (ascending) or by @chunk (when not 0), then ends the
 * stream, and logs all that the parser reported. Returns whether it reported an error. */
static gboolean
parse (ParlanceSseParser *parser,
       Run               *run,
       const char        *body,
       gsize              len,
       const gsize       *cuts,
       guint              n_cuts,
       gsize              chunk)
{
  GError *error = NULL;
  gsize start = 0;
  guint i = 0;
  const char *last_event_id;
  gboolean failed = FALSE;

  g_string_truncate (run->log, 0);
  for (;;)
    {
      gsize end;

      if (chunk > 0)
        end = MIN (start + chunk, len);
      else if (i < n_cuts)
        end = cuts[i++];
      else
        end = len;

      if (!parlance_sse_parser_feed (parser, body + start, end - start, record_event, run, &error))
        break;
      start = end;
      if (start == len && (chunk > 0 || i >= n_cuts))
        break;
    }

  if (error == NULL)
    parlance_sse_parser_finish (parser, record_event, run, &error);

  if (error != NULL)
    {
      GError *again = NULL;

      /* Errors are sticky. */
      if (parlance_sse_parser_feed (parser, "\n\n", 2, record_event, run, &again) ||
          !g_error_matches (again, error->domain, error->code))
        {
          fprintf (stderr, "fuzz-sse-parser: the error did not stick\n");
          abort ();
        }
      g_string_append_printf (run->log, "X%d", error->code);
      g_error_free (again);
      g_error_free (error);
      failed = TRUE;
    }

  g_string_append_printf (run->log, "C%" G_GUINT64_FORMAT "R%" G_GINT64_FORMAT,
                          parlance_sse_parser_get_n_comments (parser),
                          parlance_sse_parser_get_retry_ms (parser));
  last_event_id = parlance_sse_parser_get_last_event_id (parser);
  if (last_event_id != NULL)
    log_string (run->log, 'L', last_event_id, strlen (last_event_id));

  return failed;
}

static void
check_same (const GString *expected,
            const GString *got,
            const char    *how)
{
  if (!g_string_equal (expected, got))
    {
      fprintf (stderr, "fuzz-sse-parser: the stream parsed %s differs from the stream parsed whole\n",
               how);
      abort ();
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ParlanceSseParser *parser;
  GString *whole;
  Run run;
  const char *body;
  gsize len;
  gsize cuts[2];
  gsize chunk;
  gboolean failed;

  if (size < HEADER_LEN)
    return 0;

  body = (const char *) data + HEADER_LEN;
  len = size - HEADER_LEN;
  run.max_line_length = data[0] == 255 ? PARLANCE_SSE_DEFAULT_MAX_LINE : 1 + data[0];
  cuts[0] = (data[1] | (data[2] << 8)) % (len + 1);
  cuts[1] = (data[3] | (data[4] << 8)) % (len + 1);
  if (cuts[0] > cuts[1])
    {
      gsize tmp = cuts[0];

      cuts[0] = cuts[1];
      cuts[1] = tmp;
    }
  chunk = 1 + data[5] % 32;

  parser = parlance_sse_parser_new ();
  parlance_sse_parser_set_max_line_length (parser, run.max_line_length);
  whole = g_string_new (NULL);
  run.log = whole;
  failed = parse (parser, &run, body, len, NULL, 0, 0);

  /* With the default limit, inputs of the fuzzer's size never reach it. */
  if (failed && data[0] == 255 && len < PARLANCE_SSE_DEFAULT_MAX_LINE)
    {
      fprintf (stderr, "fuzz-sse-parser: error below the default limit\n");
      abort ();
    }

  /* The same parser, reset, for the other runs: reset() must make it as new. */
  run.log = g_string_new (NULL);

  parlance_sse_parser_reset (parser);
  parse (parser, &run, body, len, cuts, 2, 0);
  check_same (whole, run.log, "cut in three");

  parlance_sse_parser_reset (parser);
  parse (parser, &run, body, len, cuts + 1, 1, 0);
  check_same (whole, run.log, "cut in two");

  parlance_sse_parser_reset (parser);
  parse (parser, &run, body, len, NULL, 0, chunk);
  check_same (whole, run.log, "in chunks");

  parlance_sse_parser_reset (parser);
  parse (parser, &run, body, len, NULL, 0, 1);
  check_same (whole, run.log, "one byte at a time");

  g_string_free (run.log, TRUE);
  g_string_free (whole, TRUE);
  g_object_unref (parser);

  return 0;
}
