/* test-sse-parser.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-sse-parser.h"
#include "parlance-test-sse.h"
#include "parlance-test-utils.h"

#define BOM "\xEF\xBB\xBF"

static ParlanceTestSseResult *
parse_len (const char *data,
           gsize       len,
           gsize       max_line_length)
{
  g_autoptr(ParlanceTestSseResult) whole = parlance_test_sse_parse (data, len, NULL, 0,
                                                                    max_line_length);
  g_autoptr(ParlanceTestSseResult) bytes = parlance_test_sse_parse_chunked (data, len, 1,
                                                                            max_line_length);

  /* Every small stream of these tests is also fed one byte at a time, and read by the
   * reference parser, which knows no limits. */
  parlance_test_sse_assert_same (whole, bytes, "one byte at a time");
  if (whole->error == NULL)
    {
      g_autoptr(ParlanceTestSseResult) reference = parlance_test_sse_parse_reference (data, len);

      parlance_test_sse_assert_same (reference, whole, "whole");
    }

  return g_steal_pointer (&whole);
}

static ParlanceTestSseResult *
parse (const char *data)
{
  return parse_len (data, strlen (data), 0);
}

static void
assert_event (const ParlanceTestSseResult *result,
              guint                        index,
              const char                  *event,
              const char                  *data,
              const char                  *id)
{
  const ParlanceTestSseEvent *got;

  g_assert_cmpuint (index, <, result->events->len);
  got = g_ptr_array_index (result->events, index);
  g_assert_cmpstr (got->event, ==, event);
  g_assert_cmpmem (got->data, got->data_len, data, strlen (data));
  g_assert_cmpstr (got->id, ==, id);
}

static void
test_basic (void)
{
  g_autoptr(ParlanceTestSseResult) result = parse ("data: hello\n\ndata: world\n\n");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 2);
  assert_event (result, 0, "message", "hello", NULL);
  assert_event (result, 1, "message", "world", NULL);
  g_assert_cmpuint (result->n_comments, ==, 0);
  g_assert_cmpint (result->retry_ms, ==, -1);
  g_assert_null (result->last_event_id);
}

static void
test_comments (void)
{
  g_autoptr(ParlanceTestSseResult) result =
    parse (": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: a\n: inside\n\n:\n\n");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 1);
  assert_event (result, 0, "message", "a", NULL);
  g_assert_cmpuint (result->n_comments, ==, 4);
}

static void
test_multi_line_data (void)
{
  g_autoptr(ParlanceTestSseResult) result =
    parse ("data: a\ndata:\ndata: b\n\ndata\n\ndata:\n\ndata: {\"x\":\ndata: 1}\n\n");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 4);
  assert_event (result, 0, "message", "a\n\nb", NULL);
  /* A data line without a value still makes an event, with empty data. */
  assert_event (result, 1, "message", "", NULL);
  assert_event (result, 2, "message", "", NULL);
  assert_event (result, 3, "message", "{\"x\":\n1}", NULL);
}

static void
test_empty_event_not_dispatched (void)
{
  g_autoptr(ParlanceTestSseResult) result =
    parse ("event: ignored\n\n\n\nid: 3\n\ndata: x\n\n");

  /* The blank line without data resets the event type: the next event is a "message". */
  g_assert_cmpuint (result->events->len, ==, 1);
  assert_event (result, 0, "message", "x", "3");
}

static void
test_fields (void)
{
  g_autoptr(ParlanceTestSseResult) result =
    parse ("event: add\nid: 42\nretry: 1500\nfoo: bar\nData: no\ndata: x\n\n"
           "data: y\n\n"
           "event:\ndata: z\n\n");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 3);
  assert_event (result, 0, "add", "x", "42");
  /* The event type is per event, the ID stays. */
  assert_event (result, 1, "message", "y", "42");
  assert_event (result, 2, "message", "z", "42");
  g_assert_cmpint (result->retry_ms, ==, 1500);
  g_assert_cmpstr (result->last_event_id, ==, "42");
}

static void
test_retry (void)
{
  static const struct {
    const char *stream;
    gint64      retry_ms;
  } cases[] = {
    { "retry: 0\n", 0 },
    { "retry:250\n", 250 },
    { "retry: 1x\n", -1 },
    { "retry: -1\n", -1 },
    { "retry: 1.5\n", -1 },
    { "retry: \n", -1 },
    { "retry\n", -1 },
    { "retry:  100\n", -1 },
    { "retry: 100 \n", -1 },
    { "retry: 10\nretry: x\n", 10 },
    { "retry: 99999999999999999999999999\n", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ParlanceTestSseResult) result = parse (cases[i].stream);

      g_test_message ("%s", cases[i].stream);
      g_assert_cmpint (result->retry_ms, ==, cases[i].retry_ms);
    }
}

static void
test_id (void)
{
  static const char with_nul[] = "id: 1\n\nid: a\0b\ndata: x\n\n";
  g_autoptr(ParlanceTestSseResult) nul = parse_len (with_nul, sizeof with_nul - 1, 0);
  g_autoptr(ParlanceTestSseResult) committed = parse ("id: 1\n\nid: 2\ndata: x\n");
  g_autoptr(ParlanceTestSseResult) cleared = parse ("id: 1\ndata: x\n\nid\ndata: y\n\n");

  /* An ID with a NUL is ignored. */
  g_assert_cmpuint (nul->events->len, ==, 1);
  assert_event (nul, 0, "message", "x", "1");
  g_assert_cmpstr (nul->last_event_id, ==, "1");

  /* A blank line commits the ID even without data; an unfinished event does not. */
  g_assert_cmpuint (committed->events->len, ==, 0);
  g_assert_cmpstr (committed->last_event_id, ==, "1");

  /* An empty ID clears it. */
  g_assert_cmpuint (cleared->events->len, ==, 2);
  assert_event (cleared, 0, "message", "x", "1");
  assert_event (cleared, 1, "message", "y", NULL);
  g_assert_null (cleared->last_event_id);
}

static void
test_event_with_nul (void)
{
  static const char stream[] = "event: a\0b\ndata: x\n\nevent: e\nevent:\0\ndata: y\n\n";
  g_autoptr(ParlanceTestSseResult) result = parse_len (stream, sizeof stream - 1, 0);

  /* Ignored, as an ID with a NUL is: the type is a C string. */
  g_assert_cmpuint (result->events->len, ==, 2);
  assert_event (result, 0, "message", "x", NULL);
  assert_event (result, 1, "e", "y", NULL);
}

static void
test_space_after_colon (void)
{
  g_autoptr(ParlanceTestSseResult) result =
    parse ("data:x\n\ndata: x\n\ndata:  x\n\ndata:\tx\n\ndata: x \n\n"
           "event:  spaced\ndata: :y:\n\ndata : no\n\n data: no\n\n");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 6);
  assert_event (result, 0, "message", "x", NULL);
  assert_event (result, 1, "message", "x", NULL);
  /* Only one space goes. */
  assert_event (result, 2, "message", " x", NULL);
  assert_event (result, 3, "message", "\tx", NULL);
  assert_event (result, 4, "message", "x ", NULL);
  assert_event (result, 5, " spaced", ":y:", NULL);
}

static void
test_bom (void)
{
  g_autoptr(ParlanceTestSseResult) result = parse (BOM "data: x\n\n");
  g_autoptr(ParlanceTestSseResult) comment = parse (BOM ": hi\n\ndata: y\n\n");
  g_autoptr(ParlanceTestSseResult) twice = parse (BOM BOM "data: x\n\ndata: y\n\n");
  g_autoptr(ParlanceTestSseResult) partial = parse ("\xEF\xBB" "data: x\n\ndata: y\n\n");
  g_autoptr(ParlanceTestSseResult) only = parse (BOM);
  g_autoptr(ParlanceTestSseResult) cut_short = parse ("\xEF\xBB");

  g_assert_cmpuint (result->events->len, ==, 1);
  assert_event (result, 0, "message", "x", NULL);

  g_assert_cmpuint (comment->events->len, ==, 1);
  g_assert_cmpuint (comment->n_comments, ==, 1);

  /* Only one byte-order mark is skipped; the second one is part of a field name. */
  g_assert_cmpuint (twice->events->len, ==, 1);
  assert_event (twice, 0, "message", "y", NULL);

  /* The start of a byte-order mark is not one. */
  g_assert_cmpuint (partial->events->len, ==, 1);
  assert_event (partial, 0, "message", "y", NULL);

  g_assert_cmpuint (only->events->len, ==, 0);
  g_assert_no_error (only->error);
  g_assert_cmpuint (cut_short->events->len, ==, 0);
  g_assert_no_error (cut_short->error);
}

static void
test_bom_split (void)
{
  static const char stream[] = BOM ": c\ndata: x\n\n";
  g_autoptr(ParlanceTestSseResult) result =
    parlance_test_sse_assert_split_invariant (stream, strlen (stream), 1);

  g_assert_cmpuint (result->events->len, ==, 1);
  assert_event (result, 0, "message", "x", NULL);
  g_assert_cmpuint (result->n_comments, ==, 1);
}

static char *
replace_newlines (const char *stream,
                  const char *newline)
{
  g_auto(GStrv) lines = g_strsplit (stream, "\n", -1);

  return g_strjoinv (newline, lines);
}

static void
test_line_endings (void)
{
  static const char stream[] =
    ": keep-alive\n\nevent: a\nid: 1\ndata: one\ndata: two\n\ndata: {}\n\nretry: 9\n\n";
  static const char *newlines[] = { "\n", "\r\n", "\r" };
  g_autoptr(ParlanceTestSseResult) expected = parse (stream);

  g_assert_cmpuint (expected->events->len, ==, 2);
  assert_event (expected, 0, "a", "one\ntwo", "1");
  assert_event (expected, 1, "message", "{}", "1");
  g_assert_cmpuint (expected->n_comments, ==, 1);
  g_assert_cmpint (expected->retry_ms, ==, 9);

  for (guint i = 0; i < G_N_ELEMENTS (newlines); i++)
    {
      g_autofree char *variant = replace_newlines (stream, newlines[i]);
      g_autoptr(ParlanceTestSseResult) result = NULL;

      result = parlance_test_sse_assert_split_invariant (variant, strlen (variant), 3);
      parlance_test_sse_assert_same (expected, result, newlines[i]);
    }
}

static void
test_line_endings_mixed (void)
{
  g_autoptr(ParlanceTestSseResult) cr_crlf = parse ("data: a\r\r\ndata: b\r\n\r");
  g_autoptr(ParlanceTestSseResult) lf_crlf = parse ("data: a\n\r\ndata: b\n\n");
  g_autoptr(ParlanceTestSseResult) lf_cr = parse ("data: a\n\rdata: b\r\n");
  g_autoptr(ParlanceTestSseResult) crs = parse ("data: a\r\rdata: b\r\r");

  g_assert_cmpuint (cr_crlf->events->len, ==, 2);
  assert_event (cr_crlf, 0, "message", "a", NULL);
  assert_event (cr_crlf, 1, "message", "b", NULL);
  g_assert_cmpuint (lf_crlf->events->len, ==, 2);
  g_assert_cmpuint (lf_cr->events->len, ==, 1);
  assert_event (lf_cr, 0, "message", "a", NULL);
  g_assert_cmpuint (crs->events->len, ==, 2);
}

static void
count_event (const ParlanceSseEvent *event,
             gpointer                user_data)
{
  GString *seen = user_data;

  g_string_append_len (seen, event->data, event->data_len);
  g_string_append_c (seen, '|');
}

static void
test_crlf_split_across_feeds (void)
{
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* Were the LF taken for a second line ending, "a" would be dispatched alone. */
  g_assert_true (parlance_sse_parser_feed (parser, "data: a\r", 8, count_event, seen, &error));
  g_assert_true (parlance_sse_parser_feed (parser, "\n", 1, count_event, seen, &error));
  g_assert_true (parlance_sse_parser_feed (parser, "data: b\r", 8, count_event, seen, &error));
  g_assert_cmpstr (seen->str, ==, "");
  g_assert_true (parlance_sse_parser_feed (parser, "\n\r", 2, count_event, seen, &error));
  g_assert_cmpstr (seen->str, ==, "a\nb|");
  /* A LF after CR LF is a line ending of its own. */
  g_assert_true (parlance_sse_parser_feed (parser, "data: c\r\n", 9, count_event, seen, &error));
  g_assert_true (parlance_sse_parser_feed (parser, "\n", 1, count_event, seen, &error));
  g_assert_cmpstr (seen->str, ==, "a\nb|c|");
  g_assert_true (parlance_sse_parser_finish (parser, count_event, seen, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&parser));
}

static gsize
count_comment_lines (const char *data,
                     gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    if (data[i] == ':' && (i == 0 || data[i - 1] == '\n'))
      n++;

  return n;
}

static void
test_fixture (gconstpointer user_data)
{
  const char *name = user_data;
  g_autoptr(GBytes) bytes = parlance_test_load_fixture (name);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(ParlanceTestSseResult) result = NULL;
  g_autoptr(ParlanceTestSseResult) reference = parlance_test_sse_parse_reference (data, len);

  /* About 5000 cuts in three, whatever the size of the fixture. */
  result = parlance_test_sse_assert_split_invariant (data, len, MAX (1, len / 100));

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, >=, 1);
  g_assert_cmpuint (result->n_comments, ==, count_comment_lines (data, len));
  parlance_test_sse_assert_same (reference, result, "whole");
}

static void
test_fixtures_present (gconstpointer user_data)
{
  const GPtrArray *names = user_data;

  g_assert_cmpuint (names->len, >, 0);
}

static void
test_line_too_long (void)
{
  g_autoptr(ParlanceTestSseResult) fits = parse_len ("data: 0123456789\n\n", 18, 16);
  g_autoptr(ParlanceTestSseResult) too_long =
    parse_len ("data: a\n\ndata: 01234567890\n\ndata: b\n\n", 37, 16);
  g_autoptr(ParlanceTestSseResult) comment = parse_len (": 0123456789abcdef\n", 19, 16);
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_no_error (fits->error);
  g_assert_cmpuint (fits->events->len, ==, 1);

  /* The events before the long line are dispatched, none after. */
  g_assert_error (too_long->error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (too_long->events->len, ==, 1);
  assert_event (too_long, 0, "message", "a", NULL);

  g_assert_error (comment->error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (comment->n_comments, ==, 0);

  /* The error comes as soon as the line is too long, before its end arrives. */
  parlance_sse_parser_set_max_line_length (parser, 16);
  g_assert_true (parlance_sse_parser_feed (parser, "data: 0123456789", 16, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (parlance_sse_parser_feed (parser, "x", 1, NULL, NULL, &error));
  g_assert_error (error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "16"));
  g_clear_error (&error);

  /* It stays until reset. */
  g_assert_false (parlance_sse_parser_feed (parser, "\n\n", 2, NULL, NULL, &error));
  g_assert_error (error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);
  g_assert_false (parlance_sse_parser_finish (parser, NULL, NULL, &error));
  g_assert_error (error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);
  g_assert_false (parlance_sse_parser_feed (parser, "x", 1, NULL, NULL, NULL));
  g_assert_false (parlance_sse_parser_feed (parser, NULL, 0, NULL, NULL, NULL));
}

static void
test_data_bound (void)
{
  g_autoptr(ParlanceTestSseResult) fits =
    parse_len ("data: 0123456789\ndata: 01234\n\n", 30, 16);
  g_autoptr(ParlanceTestSseResult) too_large =
    parse_len ("data: 0123456789\ndata: 012345\n\n", 31, 16);
  g_autoptr(GString) empties = g_string_new (NULL);
  g_autoptr(ParlanceTestSseResult) empty_fits = NULL;
  g_autoptr(ParlanceTestSseResult) empty_too_large = NULL;

  g_assert_no_error (fits->error);
  g_assert_cmpuint (fits->events->len, ==, 1);
  assert_event (fits, 0, "message", "0123456789\n01234", NULL);

  g_assert_error (too_large->error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (too_large->events->len, ==, 0);

  /* 17 empty data lines join into 16 newlines: that fits; 18 do not. */
  for (guint i = 0; i < 17; i++)
    g_string_append (empties, "data\n");
  g_string_append (empties, "\n");
  empty_fits = parse_len (empties->str, empties->len, 16);
  g_assert_no_error (empty_fits->error);
  g_assert_cmpuint (empty_fits->events->len, ==, 1);

  g_string_prepend (empties, "data\n");
  empty_too_large = parse_len (empties->str, empties->len, 16);
  g_assert_error (empty_too_large->error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (empty_too_large->events->len, ==, 0);
}

static void
test_long_line_byte_by_byte (void)
{
  /* 2 MiB fed one byte at a time: quadratic scanning would not finish before the timeout. */
  const gsize n = 2 * 1024 * 1024;
  g_autoptr(GString) stream = g_string_new ("data: ");
  g_autoptr(ParlanceTestSseResult) result = NULL;
  const ParlanceTestSseEvent *event;

  for (gsize i = 0; i < n; i++)
    g_string_append_c (stream, 'a' + i % 26);
  g_string_append (stream, "\r\n\r\n");

  result = parlance_test_sse_parse_chunked (stream->str, stream->len, 1, 0);
  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, ==, 1);
  event = g_ptr_array_index (result->events, 0);
  g_assert_cmpuint (event->data_len, ==, n);
  g_assert_cmpmem (event->data, n, stream->str + 6, n);
}

static const char *const tokens[] = {
  "data", "event", "id", "retry", "data:", "event: ", "id: ", "retry: ", ":", " ", "\r", "\n",
  "\r\n", "\n\n", BOM, "\xEF", "\xEF\xBB", "0", "42", "x", "[DONE]",
};

static void
random_stream (GRand   *rand,
               GString *stream,
               guint    n_pieces)
{
  g_string_truncate (stream, 0);
  for (guint i = 0; i < n_pieces; i++)
    {
      if (g_rand_boolean (rand))
        g_string_append (stream, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
      else
        g_string_append_c (stream, (char) g_rand_int_range (rand, 0, 256));
    }
}

static void
test_garbage (void)
{
  static const gsize max_line_lengths[] = { 1, 8, 64, 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(GString) stream = g_string_new (NULL);
  guint n_errors = 0;

  for (guint round = 0; round < 400; round++)
    {
      gsize max = max_line_lengths[round % G_N_ELEMENTS (max_line_lengths)];
      g_autoptr(ParlanceTestSseResult) whole = NULL;
      g_autoptr(ParlanceTestSseResult) bytes = NULL;
      g_autoptr(ParlanceTestSseResult) chunks = NULL;

      random_stream (rand, stream, g_rand_int_range (rand, 0, 400));
      whole = parlance_test_sse_parse (stream->str, stream->len, NULL, 0, max);
      bytes = parlance_test_sse_parse_chunked (stream->str, stream->len, 1, max);
      chunks = parlance_test_sse_parse_chunked (stream->str, stream->len,
                                                g_rand_int_range (rand, 2, 64), max);
      parlance_test_sse_assert_same (whole, bytes, "one byte at a time");
      parlance_test_sse_assert_same (whole, chunks, "in random pieces");
      if (whole->error == NULL)
        {
          g_autoptr(ParlanceTestSseResult) reference =
            parlance_test_sse_parse_reference (stream->str, stream->len);

          parlance_test_sse_assert_same (reference, whole, "whole");
        }
      else
        {
          n_errors++;
        }

      for (guint i = 0; i < 8; i++)
        {
          gsize cuts[3];
          g_autoptr(ParlanceTestSseResult) cut = NULL;

          for (guint j = 0; j < G_N_ELEMENTS (cuts); j++)
            cuts[j] = g_rand_int_range (rand, 0, stream->len + 1);
          if (cuts[0] > cuts[1])
            {
              gsize tmp = cuts[0];
              cuts[0] = cuts[1];
              cuts[1] = tmp;
            }
          cuts[2] = MAX (cuts[2], cuts[1]);

          cut = parlance_test_sse_parse (stream->str, stream->len, cuts, G_N_ELEMENTS (cuts), max);
          parlance_test_sse_assert_same (whole, cut, "cut at random positions");
        }
    }

  /* The small limits were reached, but not always. */
  g_assert_cmpuint (n_errors, >, 0);
  g_assert_cmpuint (n_errors, <, 300);

  /* Some short ones at every cut, with the default limit. */
  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(ParlanceTestSseResult) result = NULL;

      random_stream (rand, stream, g_rand_int_range (rand, 0, 60));
      result = parlance_test_sse_assert_split_invariant (stream->str, stream->len, 5);
    }
}

static void
test_finish (void)
{
  g_autoptr(ParlanceTestSseResult) unfinished = parse ("data: x\n");
  g_autoptr(ParlanceTestSseResult) last_kept = parse ("data: x\n\ndata: y");
  g_autoptr(ParlanceTestSseResult) retry = parse ("retry: 30");
  g_autoptr(ParlanceTestSseResult) comment = parse (": tail");
  g_autoptr(ParlanceTestSseResult) cr = parse ("data: x\r");
  g_autoptr(ParlanceTestSseResult) partial_bom = parse_len ("\xEF\xBB", 2, 1);

  g_assert_cmpuint (unfinished->events->len, ==, 0);
  g_assert_no_error (unfinished->error);

  g_assert_cmpuint (last_kept->events->len, ==, 1);
  assert_event (last_kept, 0, "message", "x", NULL);

  /* The last line is processed even without its line ending. */
  g_assert_cmpint (retry->retry_ms, ==, 30);
  g_assert_cmpuint (comment->n_comments, ==, 1);
  g_assert_cmpuint (cr->events->len, ==, 0);

  /* The start of a byte-order mark that ended the stream is a line, too long here. */
  g_assert_error (partial_bom->error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
}

static void
test_finish_then_new_stream (void)
{
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  static const char first[] = "id: 5\nretry: 7\n: c\ndata: a\n\nid: 6\nevent: e\ndata: lost\n";
  static const char second[] = BOM "data: b\n\n";

  g_assert_true (parlance_sse_parser_feed (parser, first, strlen (first), count_event, seen, &error));
  g_assert_true (parlance_sse_parser_finish (parser, count_event, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "a|");
  g_assert_cmpstr (parlance_sse_parser_get_last_event_id (parser), ==, "5");

  /* A new stream: its byte-order mark is skipped, the unfinished event and its ID are gone. */
  g_assert_true (parlance_sse_parser_feed (parser, second, strlen (second), count_event, seen, &error));
  g_assert_true (parlance_sse_parser_finish (parser, count_event, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "a|b|");
  g_assert_cmpstr (parlance_sse_parser_get_last_event_id (parser), ==, "5");
  g_assert_cmpint (parlance_sse_parser_get_retry_ms (parser), ==, 7);
  g_assert_cmpuint (parlance_sse_parser_get_n_comments (parser), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&parser));
}

static void
test_reset (void)
{
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  static const char before[] = "id: 1\nretry: 5\n: c\nevent: e\ndata: partial\n\xEF";

  g_assert_true (parlance_sse_parser_feed (parser, before, strlen (before), count_event, seen, &error));
  g_assert_cmpuint (parlance_sse_parser_get_n_comments (parser), ==, 1);
  parlance_sse_parser_reset (parser);
  g_assert_cmpuint (parlance_sse_parser_get_n_comments (parser), ==, 0);
  g_assert_cmpint (parlance_sse_parser_get_retry_ms (parser), ==, -1);
  g_assert_null (parlance_sse_parser_get_last_event_id (parser));

  g_assert_true (parlance_sse_parser_feed (parser, BOM "data: fresh\n\n", 16, count_event, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "fresh|");
  g_assert_null (parlance_sse_parser_get_last_event_id (parser));

  /* Reset clears the error but keeps the limit. */
  parlance_sse_parser_set_max_line_length (parser, 4);
  g_assert_false (parlance_sse_parser_feed (parser, "data: x\n", 8, count_event, seen, &error));
  g_assert_error (error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);
  parlance_sse_parser_reset (parser);
  g_assert_true (parlance_sse_parser_feed (parser, "data\n\n", 6, count_event, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "fresh||");
  g_assert_false (parlance_sse_parser_feed (parser, "data: x\n", 8, count_event, seen, &error));
  g_assert_error (error, PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG);
  g_assert_finalize_object (g_steal_pointer (&parser));
}

static void
drop_parser (const ParlanceSseEvent *event,
             gpointer                user_data)
{
  ParlanceSseParser **parser = user_data;

  g_clear_object (parser);
}

static void
test_callback_drops_parser (void)
{
  ParlanceSseParser *parser = parlance_sse_parser_new ();
  ParlanceSseParser *feeding = parser;
  g_autoptr(GError) error = NULL;

  g_object_add_weak_pointer (G_OBJECT (parser), (gpointer *) &feeding);
  g_assert_true (parlance_sse_parser_feed (feeding, "data: a\n\ndata: b\n\n", 18,
                                           drop_parser, &parser, &error));
  g_assert_no_error (error);
  g_assert_null (parser);
  g_assert_null (feeding);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *fixtures_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/sse-parser/basic", test_basic);
  g_test_add_func ("/parlance/sse-parser/comments", test_comments);
  g_test_add_func ("/parlance/sse-parser/multi-line-data", test_multi_line_data);
  g_test_add_func ("/parlance/sse-parser/empty-event-not-dispatched",
                   test_empty_event_not_dispatched);
  g_test_add_func ("/parlance/sse-parser/fields", test_fields);
  g_test_add_func ("/parlance/sse-parser/retry", test_retry);
  g_test_add_func ("/parlance/sse-parser/id", test_id);
  g_test_add_func ("/parlance/sse-parser/event-with-nul", test_event_with_nul);
  g_test_add_func ("/parlance/sse-parser/space-after-colon", test_space_after_colon);
  g_test_add_func ("/parlance/sse-parser/bom", test_bom);
  g_test_add_func ("/parlance/sse-parser/bom-split", test_bom_split);
  g_test_add_func ("/parlance/sse-parser/line-endings", test_line_endings);
  g_test_add_func ("/parlance/sse-parser/line-endings-mixed", test_line_endings_mixed);
  g_test_add_func ("/parlance/sse-parser/crlf-split-across-feeds", test_crlf_split_across_feeds);
  g_test_add_func ("/parlance/sse-parser/line-too-long", test_line_too_long);
  g_test_add_func ("/parlance/sse-parser/data-bound", test_data_bound);
  g_test_add_func ("/parlance/sse-parser/long-line-byte-by-byte", test_long_line_byte_by_byte);
  g_test_add_func ("/parlance/sse-parser/garbage", test_garbage);
  g_test_add_func ("/parlance/sse-parser/finish", test_finish);
  g_test_add_func ("/parlance/sse-parser/finish-then-new-stream", test_finish_then_new_stream);
  g_test_add_func ("/parlance/sse-parser/reset", test_reset);
  g_test_add_func ("/parlance/sse-parser/callback-drops-parser", test_callback_drops_parser);

  /* Every .sse file of tests/fixtures, whole and cut at every position. */
  fixtures_dir = parlance_test_build_path ("fixtures", NULL);
  dir = g_dir_open (fixtures_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".sse"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  g_test_add_data_func ("/parlance/sse-parser/fixtures-present", names, test_fixtures_present);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/parlance/sse-parser/fixture/%s",
                                               (char *) names->pdata[i]);

      g_test_add_data_func (path, names->pdata[i], test_fixture);
    }

  return g_test_run ();
}
