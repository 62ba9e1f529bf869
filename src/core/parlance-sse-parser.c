/* parlance-sse-parser.c — incremental Server-Sent Events parser (no I/O).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-sse-parser.h"

/**
 * ParlanceSseParser:
 *
 * Turns a `text/event-stream` body into events, following the parsing rules of the WHATWG HTML
 * standard (“Server-sent events”, “Interpreting an event stream”), whatever the pieces the body
 * arrives in: an event, a line ending or the byte-order mark may be cut anywhere.
 *
 * The parser works on bytes and passes them on unchanged; it does not validate UTF-8. The one
 * departure from the standard: an `event` field whose value holds a NUL byte is ignored, as an
 * `id` field with one is, since the event type is handed on as a C string.
 *
 * Memory is bounded: a line longer than the maximum line length, or an event whose `data` grows
 * beyond the same limit, is an error (%PARLANCE_SSE_ERROR_LINE_TOO_LONG). After an error the parser
 * refuses further input until parlance_sse_parser_reset().
 *
 * No byte is scanned twice for a line ending: an incomplete line is kept and only the bytes of
 * the next feed are searched, so feeding a body one byte at a time still costs time linear in its
 * size. Complete lines are read in place; the buffers are reused from one event to the next.
 */

struct _ParlanceSseParser
{
  GObject  parent_instance;

  GString *line;            /* the incomplete last line, when it had to be copied */
  GString *data;            /* `data:` values, each followed by "\n" */
  GString *event_type;
  GString *id_buffer;       /* the ID of the event being built… */
  GString *last_event_id;   /* …and the one committed by the last blank line */
  GError  *error;           /* sticky until reset */

  gsize    max_line_length;
  gint64   retry_ms;
  guint64  n_comments;

  guint8   bom_matched;     /* bytes of the byte-order mark seen at the start of the stream */
  guint    bom_done : 1;    /* past the point where a byte-order mark may be */
  guint    skip_lf : 1;     /* the last line ended with CR: a LF right after it belongs to it */
  guint    busy : 1;        /* inside feed() or finish(), maybe in the callback */
};

G_DEFINE_FINAL_TYPE (ParlanceSseParser, parlance_sse_parser, G_TYPE_OBJECT)

G_DEFINE_QUARK (parlance-sse-error-quark, parlance_sse_error)

static const char bom[] = "\xEF\xBB\xBF";

static void
parlance_sse_parser_finalize (GObject *object)
{
  ParlanceSseParser *self = (ParlanceSseParser *) object;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_string_free (self->id_buffer, TRUE);
  g_string_free (self->last_event_id, TRUE);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (parlance_sse_parser_parent_class)->finalize (object);
}

static void
parlance_sse_parser_class_init (ParlanceSseParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_sse_parser_finalize;
}

static void
parlance_sse_parser_init (ParlanceSseParser *self)
{
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->event_type = g_string_new (NULL);
  self->id_buffer = g_string_new (NULL);
  self->last_event_id = g_string_new (NULL);
  self->max_line_length = PARLANCE_SSE_DEFAULT_MAX_LINE;
  self->retry_ms = -1;
}

/**
 * parlance_sse_parser_new:
 *
 * Returns: (transfer full): a parser at the start of a stream
 */
ParlanceSseParser *
parlance_sse_parser_new (void)
{
  return g_object_new (PARLANCE_TYPE_SSE_PARSER, NULL);
}

/**
 * parlance_sse_parser_set_max_line_length:
 * @self: a #ParlanceSseParser
 * @max_line_length: the longest line accepted, in bytes, without its line ending
 *
 * Bounds the memory one line and one event's `data` may take; the default is
 * %PARLANCE_SSE_DEFAULT_MAX_LINE. The limit also applies to the joined `data` of one event.
 */
void
parlance_sse_parser_set_max_line_length (ParlanceSseParser *self,
                                         gsize              max_line_length)
{
  g_return_if_fail (PARLANCE_IS_SSE_PARSER (self));
  g_return_if_fail (max_line_length > 0);

  self->max_line_length = max_line_length;
}

/* Makes @owned the parser's error, which every later call reports, and hands a copy on. */
static gboolean
fail (ParlanceSseParser  *self,
      GError             *owned,
      GError            **error)
{
  g_assert (self->error == NULL);

  self->error = owned;
  if (error != NULL)
    *error = g_error_copy (owned);
  return FALSE;
}

static gboolean
fail_line_too_long (ParlanceSseParser  *self,
                    GError            **error)
{
  g_autofree char *size = g_format_size_full (self->max_line_length, G_FORMAT_SIZE_IEC_UNITS);

  return fail (self,
               g_error_new (PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG,
                            _("The server sent a line longer than %s"), size),
               error);
}

static gboolean
fail_event_too_large (ParlanceSseParser  *self,
                      GError            **error)
{
  g_autofree char *size = g_format_size_full (self->max_line_length, G_FORMAT_SIZE_IEC_UNITS);

  return fail (self,
               g_error_new (PARLANCE_SSE_ERROR, PARLANCE_SSE_ERROR_LINE_TOO_LONG,
                            _("The server sent an event with more than %s of data"), size),
               error);
}

static void
set_string (GString    *string,
            const char *value,
            gsize       len)
{
  g_string_truncate (string, 0);
  g_string_append_len (string, value, len);
}

static void
dispatch (ParlanceSseParser    *self,
          ParlanceSseEventFunc  func,
          gpointer              user_data)
{
  ParlanceSseEvent event;

  /* Committed by every blank line, even one that dispatches nothing. */
  set_string (self->last_event_id, self->id_buffer->str, self->id_buffer->len);

  if (self->data->len == 0)
    {
      g_string_truncate (self->event_type, 0);
      return;
    }

  /* Drop the "\n" after the last value: this also puts the NUL terminator there. */
  g_string_truncate (self->data, self->data->len - 1);

  event.event = self->event_type->len > 0 ? self->event_type->str : "message";
  event.data = self->data->str;
  event.data_len = self->data->len;
  event.id = self->last_event_id->len > 0 ? self->last_event_id->str : NULL;

  if (func != NULL)
    func (&event, user_data);

  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
}

static gboolean
field_is (const char *name,
          gsize       name_len,
          const char *expected,
          gsize       expected_len)
{
  return name_len == expected_len && memcmp (name, expected, expected_len) == 0;
}

static void
set_retry (ParlanceSseParser *self,
           const char        *value,
           gsize              len)
{
  gint64 retry = 0;

  if (len == 0)
    return;

  for (gsize i = 0; i < len; i++)
    {
      int digit;

      if (value[i] < '0' || value[i] > '9')
        return;

      digit = value[i] - '0';
      if (retry > (G_MAXINT64 - digit) / 10)
        retry = G_MAXINT64;
      else
        retry = retry * 10 + digit;
    }

  self->retry_ms = retry;
}

/* One complete line, without its line ending. */
static gboolean
process_line (ParlanceSseParser     *self,
              const char            *line,
              gsize                  len,
              ParlanceSseEventFunc   func,
              gpointer               user_data,
              GError               **error)
{
  const char *colon;
  const char *value;
  gsize name_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch (self, func, user_data);
      return TRUE;
    }

  if (line[0] == ':')
    {
      self->n_comments++;
      return TRUE;
    }

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      name_len = colon - line;
      value = colon + 1;
      value_len = len - name_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      name_len = len;
      value = "";
      value_len = 0;
    }

  if (field_is (line, name_len, "data", 4))
    {
      /* self->data holds a "\n" after each value, so this is the length the values would have
       * joined together, this one included. */
      if (self->data->len > self->max_line_length ||
          value_len > self->max_line_length - self->data->len)
        return fail_event_too_large (self, error);

      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (line, name_len, "event", 5))
    {
      /* The standard takes any value, but a NUL would cut the type short in C: it is ignored,
       * like an ID with a NUL. */
      if (memchr (value, '\0', value_len) == NULL)
        set_string (self->event_type, value, value_len);
    }
  else if (field_is (line, name_len, "id", 2))
    {
      if (memchr (value, '\0', value_len) == NULL)
        set_string (self->id_buffer, value, value_len);
    }
  else if (field_is (line, name_len, "retry", 5))
    {
      set_retry (self, value, value_len);
    }

  return TRUE;
}

/* Keeps the start of a line whose end has not arrived yet. */
static gboolean
append_partial (ParlanceSseParser  *self,
                const char         *bytes,
                gsize               len,
                GError            **error)
{
  if (len > self->max_line_length - self->line->len)
    return fail_line_too_long (self, error);

  g_string_append_len (self->line, bytes, len);
  return TRUE;
}

/* Returns the index of the first @c in @data[@from, @len), or @len. */
static inline gsize
find_byte (const char *data,
           gsize       from,
           gsize       len,
           char        c)
{
  const char *found = memchr (data + from, c, len - from);

  return found != NULL ? (gsize) (found - data) : len;
}

/* Matches the byte-order mark at the start of the stream. Bytes that turn out not to be one are
 * handed back as the start of the first line. Returns how many bytes of @data it used. */
static gsize
skip_bom (ParlanceSseParser  *self,
          const char         *data,
          gsize               len,
          gboolean           *ok,
          GError            **error)
{
  gsize used = 0;

  *ok = TRUE;

  while (!self->bom_done && used < len)
    {
      if (data[used] != bom[self->bom_matched])
        {
          self->bom_done = TRUE;
          *ok = append_partial (self, bom, self->bom_matched, error);
          self->bom_matched = 0;
          return used;
        }

      used++;
      if (++self->bom_matched == 3)
        {
          self->bom_done = TRUE;
          self->bom_matched = 0;
        }
    }

  return used;
}

static gboolean
check_usable (ParlanceSseParser  *self,
              GError            **error)
{
  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
feed_internal (ParlanceSseParser     *self,
               const char            *data,
               gsize                  len,
               ParlanceSseEventFunc   func,
               gpointer               user_data,
               GError               **error)
{
  gsize pos;
  gsize next_lf;
  gsize next_cr;
  gboolean ok;

  pos = skip_bom (self, data, len, &ok, error);
  if (!ok)
    return FALSE;

  /* Where the next LF and CR are: searched again only once the scan has gone past them, so no
   * byte is looked at twice even when one kind of line ending never comes. */
  next_lf = find_byte (data, pos, len, '\n');
  next_cr = find_byte (data, pos, len, '\r');

  while (pos < len)
    {
      gsize end;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (data[pos] == '\n')
            {
              pos++;
              continue;
            }
        }

      if (next_lf < pos)
        next_lf = find_byte (data, pos, len, '\n');
      if (next_cr < pos)
        next_cr = find_byte (data, pos, len, '\r');

      end = MIN (next_lf, next_cr);
      if (end == len)
        return append_partial (self, data + pos, len - pos, error);

      if (self->line->len == 0)
        {
          /* The common case: the whole line is in @data, no copy. */
          if (end - pos > self->max_line_length)
            return fail_line_too_long (self, error);
          if (!process_line (self, data + pos, end - pos, func, user_data, error))
            return FALSE;
        }
      else
        {
          if (!append_partial (self, data + pos, end - pos, error))
            return FALSE;
          if (!process_line (self, self->line->str, self->line->len, func, user_data, error))
            return FALSE;
          g_string_truncate (self->line, 0);
        }

      self->skip_lf = data[end] == '\r';
      pos = end + 1;
    }

  return TRUE;
}

/**
 * parlance_sse_parser_feed:
 * @self: a #ParlanceSseParser
 * @data: (array length=len) (nullable): the next bytes of the stream
 * @len: the number of bytes in @data
 * @func: (scope call) (nullable): called for each event completed by these bytes
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Parses the next piece of the stream, which may end anywhere, and calls @func for every event
 * it completes, in order. The event's strings are only valid during the call. @func must not feed,
 * finish or reset @self; it may drop the last reference to it.
 *
 * On error, the events before the offending line have been dispatched, and every later call
 * fails the same way until parlance_sse_parser_reset().
 *
 * Returns: %FALSE on error (%PARLANCE_SSE_ERROR_LINE_TOO_LONG: a line, or the data of one event,
 *   exceeds the maximum line length)
 */
gboolean
parlance_sse_parser_feed (ParlanceSseParser     *self,
                          const char            *data,
                          gsize                  len,
                          ParlanceSseEventFunc   func,
                          gpointer               user_data,
                          GError               **error)
{
  gboolean ret;

  g_return_val_if_fail (PARLANCE_IS_SSE_PARSER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (!self->busy, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_usable (self, error))
    return FALSE;
  if (len == 0)
    return TRUE;

  g_object_ref (self);
  self->busy = TRUE;
  ret = feed_internal (self, data, len, func, user_data, error);
  self->busy = FALSE;
  g_object_unref (self);

  return ret;
}

/**
 * parlance_sse_parser_finish:
 * @self: a #ParlanceSseParser
 * @func: (scope call) (nullable): called for each event completed at the end of the stream
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Ends the stream. A last line without a line ending is processed as a line (a comment is
 * counted, `retry` is taken), then, as the standard says, the event still being built is
 * discarded: an event only counts once a blank line ends it. So "data: x\n" followed by the end
 * of the stream dispatches nothing: @func is never called today, it keeps finish() symmetrical
 * with feed().
 *
 * The parser is then ready for a new stream (a reconnection): the last event ID, the retry
 * interval and the comment count are kept, and a byte-order mark is skipped again.
 *
 * Returns: %FALSE if the parser had failed, or the last line overflows the event's data
 */
gboolean
parlance_sse_parser_finish (ParlanceSseParser     *self,
                            ParlanceSseEventFunc   func,
                            gpointer               user_data,
                            GError               **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (PARLANCE_IS_SSE_PARSER (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_usable (self, error))
    return FALSE;

  g_object_ref (self);
  self->busy = TRUE;

  /* The start of a byte-order mark that the stream ended in the middle of is a line. */
  if (!self->bom_done && self->bom_matched > 0)
    ok = append_partial (self, bom, self->bom_matched, error);

  if (ok && self->line->len > 0)
    ok = process_line (self, self->line->str, self->line->len, func, user_data, error);

  if (ok)
    {
      g_string_truncate (self->line, 0);
      g_string_truncate (self->data, 0);
      g_string_truncate (self->event_type, 0);
      set_string (self->id_buffer, self->last_event_id->str, self->last_event_id->len);
      self->bom_matched = 0;
      self->bom_done = FALSE;
      self->skip_lf = FALSE;
    }

  self->busy = FALSE;
  g_object_unref (self);

  return ok;
}

/**
 * parlance_sse_parser_reset:
 * @self: a #ParlanceSseParser
 *
 * Forgets everything, the error included, but the maximum line length: @self is as new.
 */
void
parlance_sse_parser_reset (ParlanceSseParser *self)
{
  g_return_if_fail (PARLANCE_IS_SSE_PARSER (self));
  g_return_if_fail (!self->busy);

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
  g_string_truncate (self->id_buffer, 0);
  g_string_truncate (self->last_event_id, 0);
  g_clear_error (&self->error);
  self->retry_ms = -1;
  self->n_comments = 0;
  self->bom_matched = 0;
  self->bom_done = FALSE;
  self->skip_lf = FALSE;
}

/**
 * parlance_sse_parser_get_n_comments:
 * @self: a #ParlanceSseParser
 *
 * Comments are the lines starting with a colon, such as OpenRouter's `: OPENROUTER PROCESSING`
 * keep-alives. They are never dispatched.
 *
 * Returns: the number of comment lines seen since the parser was created or reset
 */
guint64
parlance_sse_parser_get_n_comments (ParlanceSseParser *self)
{
  g_return_val_if_fail (PARLANCE_IS_SSE_PARSER (self), 0);

  return self->n_comments;
}

/**
 * parlance_sse_parser_get_retry_ms:
 * @self: a #ParlanceSseParser
 *
 * Returns: the reconnection time the server asked for with `retry`, in milliseconds, or -1 if it
 *   did not
 */
gint64
parlance_sse_parser_get_retry_ms (ParlanceSseParser *self)
{
  g_return_val_if_fail (PARLANCE_IS_SSE_PARSER (self), -1);

  return self->retry_ms;
}

/**
 * parlance_sse_parser_get_last_event_id:
 * @self: a #ParlanceSseParser
 *
 * The ID to send as `Last-Event-ID` when reconnecting: the last `id` field that a blank line
 * committed. An `id` field of an event that was never ended does not count.
 *
 * Returns: (nullable): the last event ID, or %NULL if there is none (or the server cleared it with
 *   an empty `id`)
 */
const char *
parlance_sse_parser_get_last_event_id (ParlanceSseParser *self)
{
  g_return_val_if_fail (PARLANCE_IS_SSE_PARSER (self), NULL);

  return self->last_event_id->len > 0 ? self->last_event_id->str : NULL;
}
