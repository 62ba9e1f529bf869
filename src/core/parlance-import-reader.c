/* parlance-import-reader.c — a top-level JSON array read one entry at a time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 200 MB export is never held whole: the bytes are scanned (strings, escapes and brackets
 * only) to find where each entry of the array ends, and only that entry is handed to json-glib.
 * Parlance's own files are an object whose `conversations` member is the array (OpenAI's
 * `{"messages": […]}` is read the same way); its other
 * members are small and read whole. Every entry is bounded in size and the file in nesting, and
 * anything that is not JSON (truncated, garbage after the end) is an error naming the line.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "parlance-import-private.h"
#include "parlance-json.h"

#define READ_CHUNK (64 * 1024)

static gsize max_entry_size = IMPORT_MAX_ENTRY_SIZE;

typedef struct
{
  GInputStream            *stream;
  GCancellable            *cancellable;
  const ImportReaderFuncs *funcs;
  gpointer                 data;
  guint8                  *buffer;
  gsize                    pos;
  gsize                    len;
  gboolean                 eof;
  int                      pushed;   /* a byte given back, or -1 */
  guint64                  line;
  guint64                  read;
  GError                  *error;    /* an I/O error */
} Reader;

void
_parlance_import_set_max_entry_size (gsize size)
{
  max_entry_size = size > 0 ? size : IMPORT_MAX_ENTRY_SIZE;
}

static gboolean
refill (Reader *r)
{
  gssize n;

  if (r->eof || r->error != NULL)
    return FALSE;
  n = g_input_stream_read (r->stream, r->buffer, READ_CHUNK, r->cancellable, &r->error);
  if (n <= 0)
    {
      r->eof = TRUE;
      return FALSE;
    }
  r->pos = 0;
  r->len = (gsize) n;
  r->read += (guint64) n;
  if (r->funcs->progress != NULL)
    r->funcs->progress (r->read, r->data);
  return TRUE;
}

/* The next byte, or -1 at the end (or on an I/O error, kept in r->error). */
static inline int
next_byte (Reader *r)
{
  int c;

  if (r->pushed >= 0)
    {
      c = r->pushed;
      r->pushed = -1;
      return c;
    }
  if (r->pos >= r->len && !refill (r))
    return -1;
  c = r->buffer[r->pos++];
  if (c == '\n')
    r->line++;
  return c;
}

static inline void
push_back (Reader *r,
           int     c)
{
  g_assert (r->pushed < 0);
  r->pushed = c;
}

static int
next_non_space (Reader *r)
{
  int c;

  do
    c = next_byte (r);
  while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
  return c;
}

static gboolean
fail_at_end (Reader  *r,
             GError **error)
{
  if (r->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_NOT_JSON,
               _("The file ends early, at line %" G_GUINT64_FORMAT ": it may be truncated"),
               r->line);
  return FALSE;
}

static gboolean
fail_unexpected (Reader     *r,
                 int         c,
                 const char *expected,
                 GError    **error)
{
  if (c < 0)
    return fail_at_end (r, error);
  g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_NOT_JSON,
               /* Translators: %s is what JSON should have had there, e.g. "“,” or “]”" */
               _("This is not JSON: line %" G_GUINT64_FORMAT " has something unexpected where "
                 "%s should be"), r->line, expected);
  return FALSE;
}

static gboolean
fail_too_deep (Reader  *r,
               GError **error)
{
  g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_TOO_LARGE,
               _("Line %" G_GUINT64_FORMAT " is nested more than %u levels deep"),
               r->line, (guint) PARLANCE_JSON_MAX_DEPTH);
  return FALSE;
}

/* A number or a literal: up to the next delimiter, which is given back. */
static gboolean
capture_scalar (Reader   *r,
                int       c,
                GString  *out,
                GError  **error)
{
  while (c >= 0 && strchr (" \t\r\n,]}:", c) == NULL)
    {
      if (out->len >= 64)
        return fail_unexpected (r, c, _("a value"), error);
      g_string_append_c (out, (char) c);
      c = next_byte (r);
    }
  if (c < 0)
    return fail_at_end (r, error);
  push_back (r, c);
  return TRUE;
}

/* Appends one whole JSON value starting with @c to @out, bounded by @max bytes and by the
 * nesting left to it. Its syntax inside is checked later, by json-glib. The buffer is scanned
 * in place and copied a chunk at a time: this loop sees every byte of a 200 MB export. */
static gboolean
capture_value (Reader   *r,
               int       c,
               GString  *out,
               gsize     max,
               guint     depth_left,
               GError  **error)
{
  guint depth = 0;
  gboolean in_string = c == '"', escape = FALSE;

  g_assert (r->pushed < 0);
  if (c != '{' && c != '[' && c != '"')
    return capture_scalar (r, c, out, error);
  if (c != '"')
    depth = 1;
  if (depth > depth_left)
    return fail_too_deep (r, error);
  g_string_append_c (out, (char) c);
  for (;;)
    {
      const guint8 *start, *p, *end, *quote;
      gboolean done = FALSE;

      if (r->pos >= r->len && !refill (r))
        return fail_at_end (r, error);
      start = p = r->buffer + r->pos;
      end = r->buffer + r->len;
      quote = NULL;
      while (p < end && !done)
        {
          guint8 b;

          if (in_string && !escape)
            {
              /* Through the text to its closing quote, by memchr; the quote found is kept
               * while the backslashes before it are skipped. A raw line break is no JSON. */
              const guint8 *backslash;

              if (quote == NULL || quote < p)
                {
                  quote = memchr (p, '"', end - p);
                  if (quote == NULL)
                    quote = end;
                }
              backslash = memchr (p, '\\', quote - p);
              if (backslash != NULL)
                {
                  p = backslash + 1;
                  escape = TRUE;
                }
              else if (quote < end)
                {
                  p = quote + 1;
                  in_string = FALSE;
                  done = depth == 0;
                }
              else
                p = end;
              continue;
            }
          b = *p++;
          if (b == '\n')
            r->line++;
          if (in_string)
            {
              escape = FALSE;
              continue;
            }
          switch (b)
            {
            case '"':
              in_string = TRUE;
              break;
            case '{':
            case '[':
              if (++depth > depth_left)
                return fail_too_deep (r, error);
              break;
            case '}':
            case ']':
              done = --depth == 0;
              break;
            default:
              break;
            }
        }
      g_string_append_len (out, (const char *) start, p - start);
      r->pos = p - r->buffer;
      if (G_UNLIKELY (out->len > max))
        {
          g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_TOO_LARGE,
                       _("The entry at line %" G_GUINT64_FORMAT " is larger than %" G_GSIZE_FORMAT
                         " MB"), r->line, max / (1024 * 1024));
          return FALSE;
        }
      if (done)
        return TRUE;
    }
}

/* Parses @text (which started at @line) whole; json-glib's line is made the file's. */
static JsonNode *
parse_value (GString  *text,
             guint64   line,
             GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  int rel_line = 1;

  /* Behind the depth guard: json-glib may read a bad escape differently from our scan. */
  if (parlance_json_parser_load (parser, text->str, text->len, &local_error))
    return json_node_ref (json_parser_get_root (parser));
  if (local_error != NULL)
    sscanf (local_error->message, "%*[^:]:%d:", &rel_line);
  g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_NOT_JSON,
               _("This is not JSON: there is an error at line %" G_GUINT64_FORMAT),
               line + (guint64) MAX (rel_line, 1) - 1);
  return NULL;
}

static gboolean
check_cancelled (Reader  *r,
                 GError **error)
{
  return !g_cancellable_set_error_if_cancelled (r->cancellable, error);
}

/* Split reading of an entry that is an object (when funcs->mapping_node is set): its members
 * are parsed one at a time, and those of its `mapping` (ChatGPT's tree) are handed over one by
 * one instead of being kept: a parsed tree of 200,000 nodes is some 16 times the size of its
 * text, where the reader of the nodes keeps only what it needs. */
typedef struct
{
  guint64 line;      /* where the entry began */
  gsize   used;      /* bytes of the entry so far */
} EntryBudget;

/* One value starting with @c, parsed, counted against the entry's bound. */
static JsonNode *
read_piece (Reader       *r,
            int           c,
            guint         depth_left,
            EntryBudget  *budget,
            GError      **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 line = r->line;

  if (c < 0)
    {
      fail_at_end (r, error);
      return NULL;
    }
  if (!capture_value (r, c, text, max_entry_size, depth_left, error))
    return NULL;
  budget->used += text->len;
  if (budget->used > max_entry_size)
    {
      g_set_error (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_TOO_LARGE,
                   _("The entry at line %" G_GUINT64_FORMAT " is larger than %" G_GSIZE_FORMAT
                     " MB"), budget->line, max_entry_size / (1024 * 1024));
      return NULL;
    }
  return parse_value (text, line, error);
}

/* The members of an object whose '{' was just read, at nesting @depth: each given to
 * @member, or for `mapping` (when @mapping_ok), each of its own members to funcs->mapping_node. */
static gboolean
read_object_split (Reader       *r,
                   guint         depth,
                   gboolean      mapping_ok,
                   JsonObject   *into,
                   EntryBudget  *budget,
                   GError      **error)
{
  int c = next_non_space (r);

  if (c == '}')
    return TRUE;
  for (;;)
    {
      g_autoptr(JsonNode) key = NULL;
      g_autoptr(JsonNode) value = NULL;
      const char *name;

      if (c != '"')
        return fail_unexpected (r, c, _("a name in quotes"), error);
      if ((key = read_piece (r, c, 0, budget, error)) == NULL)
        return FALSE;
      name = json_node_get_string (key);
      if ((c = next_non_space (r)) != ':')
        return fail_unexpected (r, c, _("“:”"), error);
      c = next_non_space (r);
      if (mapping_ok && c == '{' && g_strcmp0 (name, "mapping") == 0)
        {
          /* Said to be there, its nodes gone to the reader of them. */
          if (depth + 1 > PARLANCE_JSON_MAX_DEPTH)
            return fail_too_deep (r, error);
          if (!read_object_split (r, depth + 1, FALSE, NULL, budget, error))
            return FALSE;
          json_object_set_object_member (into, "mapping", json_object_new ());
        }
      else
        {
          if ((value = read_piece (r, c, PARLANCE_JSON_MAX_DEPTH - depth, budget, error)) == NULL)
            return FALSE;
          if (into != NULL)
            json_object_set_member (into, name, g_steal_pointer (&value));
          else if (!r->funcs->mapping_node (name, value, r->data, error))
            return FALSE;
        }
      c = next_non_space (r);
      if (c == '}')
        return TRUE;
      if (c != ',')
        return fail_unexpected (r, c, _("“,” or “}”"), error);
      c = next_non_space (r);
    }
}

/* The entries of an array whose '[' was just read, at nesting @depth. */
static gboolean
read_entries (Reader  *r,
              guint    depth,
              GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int c = next_non_space (r);
  guint index = 0;

  if (c == ']')
    return TRUE;
  for (;;)
    {
      g_autoptr(JsonNode) entry = NULL;
      guint64 line = r->line;

      if (c < 0)
        return fail_at_end (r, error);
      g_string_truncate (text, 0);
      if (c == '{' && r->funcs->mapping_node != NULL)
        {
          g_autoptr(JsonObject) object = json_object_new ();
          EntryBudget budget = { line, 1 };

          if (depth + 1 > PARLANCE_JSON_MAX_DEPTH)
            return fail_too_deep (r, error);
          if (!read_object_split (r, depth + 1, TRUE, object, &budget, error))
            return FALSE;
          entry = json_node_init_object (json_node_alloc (), object);
        }
      else if (!capture_value (r, c, text, max_entry_size, PARLANCE_JSON_MAX_DEPTH - depth, error) ||
               (entry = parse_value (text, line, error)) == NULL)
        return FALSE;
      if (!check_cancelled (r, error) ||
          !r->funcs->entry (entry, index++, line, r->data, error))
        return FALSE;
      /* Give a large entry's memory back before the next one. */
      if (text->allocated_len > 4 * READ_CHUNK)
        {
          g_string_free (text, TRUE);
          text = g_string_new (NULL);
        }
      c = next_non_space (r);
      if (c == ']')
        return TRUE;
      if (c != ',')
        return fail_unexpected (r, c, _("“,” or “]”"), error);
      c = next_non_space (r);
    }
}

static gboolean
read_members (Reader  *r,
              GError **error)
{
  int c = next_non_space (r);

  if (c == '}')
    return TRUE;
  for (;;)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(JsonNode) key = NULL;
      g_autoptr(JsonNode) value = NULL;
      guint64 line = r->line;

      if (c != '"')
        return fail_unexpected (r, c, _("a name in quotes"), error);
      if (!capture_value (r, c, text, IMPORT_MAX_MEMBER_SIZE, 0, error) ||
          (key = parse_value (text, line, error)) == NULL)
        return FALSE;
      if ((c = next_non_space (r)) != ':')
        return fail_unexpected (r, c, _("“:”"), error);
      c = next_non_space (r);
      if (c == '[' && (g_strcmp0 (json_node_get_string (key), "conversations") == 0 ||
                       g_strcmp0 (json_node_get_string (key), "messages") == 0))
        {
          if ((r->funcs->list != NULL &&
               !r->funcs->list (json_node_get_string (key), r->data, error)) ||
              !read_entries (r, 2, error))
            return FALSE;
        }
      else
        {
          g_string_truncate (text, 0);
          line = r->line;
          if (c < 0)
            return fail_at_end (r, error);
          if (!capture_value (r, c, text, IMPORT_MAX_MEMBER_SIZE, PARLANCE_JSON_MAX_DEPTH - 1,
                              error) ||
              (value = parse_value (text, line, error)) == NULL ||
              !r->funcs->member (json_node_get_string (key), value, r->data, error))
            return FALSE;
        }
      c = next_non_space (r);
      if (c == '}')
        return TRUE;
      if (c != ',')
        return fail_unexpected (r, c, _("“,” or “}”"), error);
      c = next_non_space (r);
    }
}

/**
 * _parlance_import_read_stream:
 *
 * Reads @stream, a JSON array or an object, calling @funcs for each entry (and member). Stops at
 * the first error, which names the line.
 */
gboolean
_parlance_import_read_stream (GInputStream             *stream,
                              const ImportReaderFuncs  *funcs,
                              gpointer                  data,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);
  Reader r = { stream, cancellable, funcs, data, buffer, 0, 0, FALSE, -1, 1, 0, NULL };
  gboolean ok;
  int c;

  c = next_non_space (&r);
  /* A byte-order mark, as some editors write it. */
  if (c == 0xEF && next_byte (&r) == 0xBB && next_byte (&r) == 0xBF)
    c = next_non_space (&r);
  if (c != '[' && c != '{')
    {
      if (r.error != NULL)
        return fail_at_end (&r, error);
      if (c < 0)
        g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_NOT_JSON,
                             _("The file is empty"));
      else if (c == '"' || c == '-' || g_ascii_isdigit (c) || c == 't' || c == 'f' || c == 'n')
        g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_UNKNOWN_FORMAT,
                             _("The file holds a single value, not conversations: Parlance reads "
                               "a list of conversations or of messages, or an object holding "
                               "one"));
      else
        g_set_error_literal (error, PARLANCE_IMPORT_ERROR, PARLANCE_IMPORT_ERROR_NOT_JSON,
                             _("This is not JSON: it does not start with “[” or “{”"));
      return FALSE;
    }
  if (!funcs->begin (c == '{', data, error))
    return FALSE;
  ok = c == '{' ? read_members (&r, error) : read_entries (&r, 1, error);
  if (!ok)
    return FALSE;
  c = next_non_space (&r);
  if (r.error != NULL)
    return fail_at_end (&r, error);
  if (c >= 0)
    return fail_unexpected (&r, c, _("the end of the file"), error);
  return TRUE;
}
