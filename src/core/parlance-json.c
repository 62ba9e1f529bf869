/* parlance-json.c — reading JSON whose shape is not guaranteed, from sources not trusted.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's parser recurses once per nesting level, so `[[[[…` a hundred thousand deep
 * overflows the stack: every document from the network or from a file we did not write goes
 * through parlance_json_parser_load(), which refuses such documents first.
 *
 * Providers add, drop and retype fields freely: each accessor takes a NULL object, a missing
 * member or a member of another type, and answers "not there" rather than warning.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "parlance-json.h"

static gboolean
read_hex4 (const char *p,
           const char *end,
           guint      *value)
{
  *value = 0;
  if (end - p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      *value = (*value << 4) | (guint) g_ascii_xdigit_value (p[i]);
    }
  return TRUE;
}

/* From inside a string to its closing quote (or @end); memchr finds quotes and backslashes fast
 * in long text. json-glib's scanner reads a "\u" escape of fewer than four hex digits, or a
 * surrogate not followed by its pair, by swallowing the characters after it, a quote included:
 * where it would see a string go on, a scan that stops at the quote would count brackets it
 * never sees, and miss the ones it parses. Such escapes are no JSON: *@bad is set for them. */
static const char *
skip_string (const char *p,
             const char *end,
             gboolean   *bad)
{
  const char *quote = NULL;

  while (p < end)
    {
      const char *backslash;
      guint cp, low;

      if (quote == NULL || quote < p)
        {
          quote = memchr (p, '"', (size_t) (end - p));
          if (quote == NULL)
            quote = end;
        }
      backslash = memchr (p, '\\', (size_t) (quote - p));
      if (backslash == NULL)
        return quote;
      if (backslash + 1 >= end)
        return end;
      if (backslash[1] != 'u')
        {
          p = backslash + 2;
          continue;
        }
      if (!read_hex4 (backslash + 2, end, &cp))
        {
          *bad = TRUE;
          return backslash;
        }
      p = backslash + 6;
      if (cp >= 0xD800 && cp <= 0xDFFF)
        {
          if (cp >= 0xDC00 || end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
              !read_hex4 (p + 2, end, &low) || low < 0xDC00 || low > 0xDFFF)
            {
              *bad = TRUE;
              return p;
            }
          p += 6;
        }
    }
  return end;
}

/**
 * parlance_json_check_depth:
 * @data: (array length=len): a JSON document
 * @max_depth: how many arrays and objects may be open at once
 *
 * A fast scan, without parsing, that counts how deeply `[` and `{` nest outside strings.
 * json-glib also reads C comments and single-quoted strings, which could hide brackets from a
 * scan like this one; no JSON has them, so they are refused here too.
 *
 * Returns: %FALSE with %JSON_PARSER_ERROR_INVALID_DATA when @data nests deeper than
 *   @max_depth, or %JSON_PARSER_ERROR_PARSE when it uses those extensions (or is no JSON at all,
 *   like a web page); %TRUE otherwise (it may still not be valid JSON)
 */
gboolean
parlance_json_check_depth (const char  *data,
                           gsize        len,
                           guint        max_depth,
                           GError     **error)
{
  const char *p = data;
  const char *end = data + len;
  guint depth = 0;
  gboolean bad = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  while (p < end)
    {
      switch (*p)
        {
        case '"':
          p = skip_string (p + 1, end, &bad);
          if (bad)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("an incomplete \\u escape at byte %lu"), (unsigned long) (p - data));
              return FALSE;
            }
          if (p == end)
            return TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("nested more than %u levels deep"), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '\'':
        case '/':
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                       _("“%c” outside a string at byte %lu"), *p, (unsigned long) (p - data));
          return FALSE;
        default:
          break;
        }
      p++;
    }

  return TRUE;
}

/* json-glib's own words quote the token it stopped at ("unexpected string constant "…""), and
 * that token can be a key or a secret header a server sent back: only where it stopped and
 * what kind of fault are kept. */
static void
set_parse_error (GError       **error,
                 const GError  *json_error)
{
  int line = 0, column = 0;
  const char *what;

  switch (json_error->domain == JSON_PARSER_ERROR ? json_error->code : -1)
    {
    case JSON_PARSER_ERROR_MISSING_COMMA:
      what = _("a comma is missing");
      break;
    case JSON_PARSER_ERROR_MISSING_COLON:
      what = _("a colon is missing");
      break;
    case JSON_PARSER_ERROR_TRAILING_COMMA:
      what = _("a comma too many");
      break;
    case JSON_PARSER_ERROR_INVALID_BAREWORD:
      what = _("a bare word where a value belongs");
      break;
    case JSON_PARSER_ERROR_EMPTY_MEMBER_NAME:
      what = _("a member without a name");
      break;
    default:
      what = _("not valid JSON");
      break;
    }
  if (sscanf (json_error->message, "<data>:%d:%d:", &line, &column) == 2 && line > 0)
    /* Translators: where a document from the network stopped being JSON, and why */
    g_set_error (error, JSON_PARSER_ERROR, json_error->code, _("line %d, column %d: %s"),
                 line, column, what);
  else
    g_set_error_literal (error, JSON_PARSER_ERROR, json_error->code, what);
}

/**
 * parlance_json_parser_load:
 * @data: (array length=len) (nullable): a document from the network or a file we did not write
 *
 * json_parser_load_from_data() behind the depth guard (%PARLANCE_JSON_MAX_DEPTH); an empty
 * document is an error, not the %NULL root json-glib makes of it. The error says where and
 * what kind of fault, never a piece of @data (it may be a key sent back).
 *
 * Returns: %TRUE when @parser holds a root
 */
gboolean
parlance_json_parser_load (JsonParser  *parser,
                           const char  *data,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(GError) json_error = NULL;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);

  if (!parlance_json_check_depth (data, len, PARLANCE_JSON_MAX_DEPTH, error))
    return FALSE;
  /* json-glib takes a signed length, and refuses NULL data outright. */
  if (len == 0 || len > G_MAXSSIZE)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           len == 0 ? _("empty") : _("too large"));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &json_error))
    {
      set_parse_error (error, json_error);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("empty"));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/**
 * parlance_json_get_string:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is a string
 */
const char *
parlance_json_get_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * parlance_json_get_object:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is an object
 */
JsonObject *
parlance_json_get_object (JsonObject *object,
                          const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * parlance_json_get_array:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the member @name when it is an array
 */
JsonArray *
parlance_json_get_array (JsonObject *object,
                         const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * parlance_json_get_int:
 * @object: (nullable): an object
 * @unknown: what to answer when there is no such whole number
 *
 * Returns: the member @name when it is a whole number, written as an integer or as a
 *   non-negative double with nothing after the point ("4096.0"), else @unknown
 */
gint64
parlance_json_get_int (JsonObject *object,
                       const char *name,
                       gint64      unknown)
{
  JsonNode *node = member (object, name);
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return unknown;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      d = json_node_get_double (node);
      if (d >= 0 && d < 1e15 && d == (double) (gint64) d)
        return (gint64) d;
    }
  return unknown;
}
