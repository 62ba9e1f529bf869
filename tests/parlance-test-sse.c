/* parlance-test-sse.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-sse-parser.h"
#include "parlance-test-sse.h"

/* A run appends what it sees to a digest string; runs are compared by their digests, which
 * costs no allocation per event when a body is parsed thousands of times. Only a run that
 * differs is parsed again into a list of events, to say how it differs. */

typedef struct
{
  GString   *digest;
  GPtrArray *events;   /* nullable */
} Collector;

static void
sse_event_free (gpointer data)
{
  ParlanceTestSseEvent *event = data;

  g_free (event->event);
  g_free (event->data);
  g_free (event->id);
  g_free (event);
}

static void
digest_append (GString    *digest,
               char        tag,
               const char *bytes,
               gsize       len)
{
  guint64 n = len;

  g_string_append_c (digest, tag);
  g_string_append_len (digest, (const char *) &n, sizeof n);
  g_string_append_len (digest, bytes, len);
}

static void
collect_event (const ParlanceSseEvent *event,
               gpointer                user_data)
{
  Collector *collector = user_data;

  g_assert_nonnull (event->event);
  g_assert_cmpstr (event->event, !=, "");
  g_assert_nonnull (event->data);
  g_assert_cmpint (event->data[event->data_len], ==, '\0');
  g_assert_true (event->id == NULL || event->id[0] != '\0');

  digest_append (collector->digest, 'E', event->event, strlen (event->event));
  digest_append (collector->digest, 'D', event->data, event->data_len);
  if (event->id != NULL)
    digest_append (collector->digest, 'I', event->id, strlen (event->id));

  if (collector->events != NULL)
    {
      ParlanceTestSseEvent *copy = g_new0 (ParlanceTestSseEvent, 1);

      copy->event = g_strdup (event->event);
      copy->data = g_memdup2 (event->data, event->data_len + 1);
      copy->data_len = event->data_len;
      copy->id = g_strdup (event->id);
      g_ptr_array_add (collector->events, copy);
    }
}

static void
digest_end (GString      *digest,
            const GError *error,
            guint64       n_comments,
            gint64        retry_ms,
            const char   *last_event_id)
{
  if (error != NULL)
    g_string_append_printf (digest, "X%d", error->code);
  g_string_append_printf (digest, "C%" G_GUINT64_FORMAT "R%" G_GINT64_FORMAT,
                          n_comments, retry_ms);
  if (last_event_id != NULL)
    digest_append (digest, 'L', last_event_id, strlen (last_event_id));
}

/* Feeds @data in the pieces that @cuts (ascending) or @chunk_size (when not 0) give, then ends
 * the stream. */
static void
run (ParlanceSseParser  *parser,
     const char         *data,
     gsize               len,
     const gsize        *cuts,
     guint               n_cuts,
     gsize               chunk_size,
     Collector          *collector,
     GError            **error)
{
  gsize start = 0;
  guint i = 0;
  g_autoptr(GError) local_error = NULL;

  for (;;)
    {
      gsize end;

      if (chunk_size > 0)
        end = MIN (start + chunk_size, len);
      else if (i < n_cuts)
        end = cuts[i++];
      else
        end = len;

      g_assert_cmpuint (end, >=, start);
      g_assert_cmpuint (end, <=, len);
      if (!parlance_sse_parser_feed (parser, data + start, end - start,
                                     collect_event, collector, &local_error))
        break;

      start = end;
      if (start == len && (chunk_size > 0 || i >= n_cuts))
        break;
    }

  if (local_error == NULL)
    parlance_sse_parser_finish (parser, collect_event, collector, &local_error);

  if (local_error != NULL)
    {
      g_autoptr(GError) again = NULL;

      /* Errors are sticky. */
      g_assert_false (parlance_sse_parser_feed (parser, "\n\n", 2, collect_event, collector, &again));
      g_assert_error (again, local_error->domain, local_error->code);
    }

  digest_end (collector->digest, local_error,
              parlance_sse_parser_get_n_comments (parser),
              parlance_sse_parser_get_retry_ms (parser),
              parlance_sse_parser_get_last_event_id (parser));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
}

static ParlanceTestSseResult *
result_new (void)
{
  ParlanceTestSseResult *result = g_new0 (ParlanceTestSseResult, 1);

  result->events = g_ptr_array_new_with_free_func (sse_event_free);
  result->digest = g_string_new (NULL);
  result->retry_ms = -1;

  return result;
}

static ParlanceTestSseResult *
parse (const char  *data,
       gsize        len,
       const gsize *cuts,
       guint        n_cuts,
       gsize        chunk_size,
       gsize        max_line_length)
{
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  ParlanceTestSseResult *result = result_new ();
  Collector collector = { result->digest, result->events };

  if (max_line_length > 0)
    parlance_sse_parser_set_max_line_length (parser, max_line_length);

  run (parser, data, len, cuts, n_cuts, chunk_size, &collector, &result->error);

  result->n_comments = parlance_sse_parser_get_n_comments (parser);
  result->retry_ms = parlance_sse_parser_get_retry_ms (parser);
  result->last_event_id = g_strdup (parlance_sse_parser_get_last_event_id (parser));

  g_assert_finalize_object (g_steal_pointer (&parser));

  return result;
}

/**
 * parlance_test_sse_parse:
 * @cuts: (array length=n_cuts): ascending positions at which to cut @data into pieces
 * @max_line_length: the parser's limit, or 0 for the default
 *
 * Returns: (transfer full): what a new parser makes of @data fed in pieces, then finished
 */
ParlanceTestSseResult *
parlance_test_sse_parse (const char  *data,
                         gsize        len,
                         const gsize *cuts,
                         guint        n_cuts,
                         gsize        max_line_length)
{
  return parse (data, len, cuts, n_cuts, 0, max_line_length);
}

/**
 * parlance_test_sse_parse_chunked:
 * @chunk_size: the size of every piece but maybe the last, at least 1
 *
 * Returns: (transfer full): what a new parser makes of @data fed in pieces of @chunk_size
 */
ParlanceTestSseResult *
parlance_test_sse_parse_chunked (const char *data,
                                 gsize       len,
                                 gsize       chunk_size,
                                 gsize       max_line_length)
{
  g_assert_cmpuint (chunk_size, >, 0);

  return parse (data, len, NULL, 0, chunk_size, max_line_length);
}

void
parlance_test_sse_result_free (ParlanceTestSseResult *result)
{
  g_ptr_array_unref (result->events);
  g_clear_error (&result->error);
  g_free (result->last_event_id);
  g_string_free (result->digest, TRUE);
  g_free (result);
}

/**
 * parlance_test_sse_parse_reference:
 *
 * A second reading of the standard, as plain as can be: the whole body at once, no limits, no
 * buffers kept between calls. The parser must agree with it whenever it reports no error. Like
 * the parser, it ignores an `event` field with a NUL in its value.
 *
 * Returns: (transfer full): the events of @data
 */
ParlanceTestSseResult *
parlance_test_sse_parse_reference (const char *data,
                                   gsize       len)
{
  ParlanceTestSseResult *result = result_new ();
  Collector collector = { result->digest, result->events };
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GString) type = g_string_new (NULL);
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GString) last_id = g_string_new (NULL);
  gsize i = 0;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  while (i < len)
    {
      const char *line = data + i;
      gsize n = 0;
      const char *colon;
      const char *value;
      gsize value_len;
      g_autofree char *name = NULL;

      while (i + n < len && line[n] != '\r' && line[n] != '\n')
        n++;
      i += n;
      if (i < len)
        i += (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') ? 2 : 1;

      if (n == 0)
        {
          ParlanceSseEvent event;

          g_string_assign (last_id, id->str);
          if (buffer->len > 0)
            {
              g_string_truncate (buffer, buffer->len - 1);
              event.event = type->len > 0 ? type->str : "message";
              event.data = buffer->str;
              event.data_len = buffer->len;
              event.id = last_id->len > 0 ? last_id->str : NULL;
              collect_event (&event, &collector);
            }
          g_string_truncate (buffer, 0);
          g_string_truncate (type, 0);
          continue;
        }

      if (line[0] == ':')
        {
          result->n_comments++;
          continue;
        }

      colon = memchr (line, ':', n);
      name = g_strndup (line, colon != NULL ? (gsize) (colon - line) : n);
      value = colon != NULL ? colon + 1 : line + n;
      value_len = line + n - value;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }

      /* A name with a NUL in it is cut short by g_strndup() and so matches no field. */
      if (strlen (name) != (colon != NULL ? (gsize) (colon - line) : n))
        continue;

      if (g_str_equal (name, "data"))
        {
          g_string_append_len (buffer, value, value_len);
          g_string_append_c (buffer, '\n');
        }
      else if (g_str_equal (name, "event"))
        {
          if (memchr (value, '\0', value_len) == NULL)
            {
              g_string_truncate (type, 0);
              g_string_append_len (type, value, value_len);
            }
        }
      else if (g_str_equal (name, "id"))
        {
          if (memchr (value, '\0', value_len) == NULL)
            {
              g_string_truncate (id, 0);
              g_string_append_len (id, value, value_len);
            }
        }
      else if (g_str_equal (name, "retry"))
        {
          g_autofree char *digits = g_strndup (value, value_len);

          if (value_len > 0 && strspn (digits, "0123456789") == value_len)
            result->retry_ms = (gint64) MIN (g_ascii_strtoull (digits, NULL, 10),
                                             (guint64) G_MAXINT64);
        }
    }

  result->last_event_id = last_id->len > 0 ? g_strdup (last_id->str) : NULL;
  digest_end (result->digest, NULL, result->n_comments, result->retry_ms, result->last_event_id);

  return result;
}

/**
 * parlance_test_sse_assert_same:
 * @how: how @result was obtained, for the failure message
 *
 * Fails the test unless both runs dispatched the same events and ended in the same state.
 */
void
parlance_test_sse_assert_same (const ParlanceTestSseResult *expected,
                               const ParlanceTestSseResult *result,
                               const char                  *how)
{
  if (g_string_equal (expected->digest, result->digest))
    return;

  g_test_message ("The stream parsed %s differs from what was expected", how);

  for (guint i = 0; i < MIN (expected->events->len, result->events->len); i++)
    {
      const ParlanceTestSseEvent *a = g_ptr_array_index (expected->events, i);
      const ParlanceTestSseEvent *b = g_ptr_array_index (result->events, i);

      g_test_message ("event %u", i);
      g_assert_cmpstr (a->event, ==, b->event);
      g_assert_cmpmem (a->data, a->data_len, b->data, b->data_len);
      g_assert_cmpstr (a->id, ==, b->id);
    }
  g_assert_cmpuint (expected->events->len, ==, result->events->len);
  g_assert_cmpint (expected->error != NULL, ==, result->error != NULL);
  if (expected->error != NULL)
    g_assert_error (result->error, expected->error->domain, expected->error->code);
  g_assert_cmpuint (expected->n_comments, ==, result->n_comments);
  g_assert_cmpint (expected->retry_ms, ==, result->retry_ms);
  g_assert_cmpstr (expected->last_event_id, ==, result->last_event_id);
  g_assert_not_reached ();
}

typedef struct
{
  const char        *data;
  gsize              len;
  ParlanceSseParser *parser;
  GString           *digest;
  const GString     *expected;
} SplitCheck;

static void
check_run (SplitCheck  *check,
           const gsize *cuts,
           guint        n_cuts,
           gsize        chunk_size)
{
  Collector collector = { check->digest, NULL };
  g_autoptr(ParlanceTestSseResult) result = NULL;
  g_autoptr(ParlanceTestSseResult) whole = NULL;
  g_autoptr(GString) how = NULL;

  /* The same parser serves every run: reset() must make it as new. */
  parlance_sse_parser_reset (check->parser);
  g_string_truncate (check->digest, 0);
  run (check->parser, check->data, check->len, cuts, n_cuts, chunk_size, &collector, NULL);
  if (g_string_equal (check->digest, check->expected))
    return;

  how = g_string_new (NULL);
  if (chunk_size > 0)
    g_string_printf (how, "in pieces of %" G_GSIZE_FORMAT " bytes", chunk_size);
  else
    {
      g_string_append (how, "cut at");
      for (guint i = 0; i < n_cuts; i++)
        g_string_append_printf (how, " %" G_GSIZE_FORMAT, cuts[i]);
    }

  whole = parse (check->data, check->len, NULL, 0, 0, 0);
  result = parse (check->data, check->len, cuts, n_cuts, chunk_size, 0);
  parlance_test_sse_assert_same (whole, result, how->str);
  g_error ("A reused parser parsed the stream %s differently from a new one", how->str);
}

/**
 * parlance_test_sse_assert_split_invariant:
 * @three_piece_step: if not 0, also cut @data in three at every multiple of this step
 *
 * Parses @data whole, one byte at a time and cut in two at every position, and fails the test
 * unless every run gives the same result.
 *
 * Returns: (transfer full): the result of the whole run
 */
ParlanceTestSseResult *
parlance_test_sse_assert_split_invariant (const char *data,
                                          gsize       len,
                                          guint       three_piece_step)
{
  g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
  g_autoptr(GString) digest = g_string_new (NULL);
  ParlanceTestSseResult *whole = parse (data, len, NULL, 0, 0, 0);
  SplitCheck check = { data, len, parser, digest, whole->digest };

  check_run (&check, NULL, 0, 1);
  check_run (&check, NULL, 0, 7);

  for (gsize i = 0; i <= len; i++)
    check_run (&check, &i, 1, 0);

  if (three_piece_step > 0)
    {
      for (gsize i = 0; i <= len; i += three_piece_step)
        for (gsize j = i; j <= len; j += three_piece_step)
          {
            gsize cuts[2] = { i, j };

            check_run (&check, cuts, 2, 0);
          }
    }

  g_assert_finalize_object (g_steal_pointer (&parser));

  return whole;
}
