/* parlance-model-list.c — a `GET /models` answer, read one model at a time.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of models can be tens of megabytes, and json-glib's tree of a document takes about ten
 * times its size. So the answer is walked here, without a tree: the top-level object's members
 * are stepped over, and each element of its "data" array alone goes to json-glib and becomes a
 * ParlanceModel before the next is read. Memory stays near the answer's own size plus the models.
 * The whole answer has passed the depth guard first, so no element can nest deeply either.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-json.h"
#include "parlance-model.h"
#include "parlance-model-list.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
} Cursor;

static void
skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean
skip_string (Cursor *c)
{
  g_assert (c->p < c->end && *c->p == '"');

  for (c->p++; c->p < c->end; c->p++)
    {
      if (*c->p == '\\')
        c->p++;
      else if (*c->p == '"')
        {
          c->p++;
          return TRUE;
        }
    }
  return FALSE;
}

/* Steps over one value; its syntax is left to json-glib when it matters. */
static gboolean
skip_value (Cursor *c)
{
  guint depth = 0;

  if (c->p >= c->end)
    return FALSE;
  if (*c->p == '"')
    return skip_string (c);
  if (*c->p != '[' && *c->p != '{')
    {
      const char *from = c->p;

      /* json-glib's scanner reads "- 8" as -8 and "$ 3" as hexadecimal 3: a sign or a "$" may
       * stand apart from its number. */
      while (c->p < c->end && (*c->p == '-' || *c->p == '$'))
        {
          c->p++;
          skip_space (c);
        }
      while (c->p < c->end && strchr (",]} \t\r\n", *c->p) == NULL)
        c->p++;
      return c->p > from;
    }

  while (c->p < c->end)
    {
      switch (*c->p)
        {
        case '"':
          if (!skip_string (c))
            return FALSE;
          continue;
        case '[':
        case '{':
          depth++;
          break;
        case ']':
        case '}':
          if (--depth == 0)
            {
              c->p++;
              return TRUE;
            }
          break;
        default:
          break;
        }
      c->p++;
    }
  return FALSE;
}

static gboolean
expect (Cursor *c,
        char    what)
{
  skip_space (c);
  if (c->p < c->end && *c->p == what)
    {
      c->p++;
      return TRUE;
    }
  return FALSE;
}

static void
set_not_json (GError     **error,
              const Cursor *c,
              const char   *why)
{
  g_autofree char *detail = NULL;

  if (why != NULL)
    detail = g_strdup (why);
  else if (c->p >= c->end)
    detail = g_strdup (_("it ends too early"));
  else
    detail = g_strdup_printf (_("unexpected character at byte %" G_GSIZE_FORMAT), (gsize) (c->p - c->start));
  g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
               _("The list of models could not be read: it is not JSON (%s)."), detail);
}

static void
set_no_data (GError **error)
{
  g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
               _("The list of models could not be read: it has no “data” list of models."));
}

/* The elements of the "data" array, the cursor on its "[". */
static gboolean
read_models (Cursor      *c,
             JsonParser  *parser,
             const char  *provider_id,
             GPtrArray   *models,
             GError     **error)
{
  g_assert (*c->p == '[');
  c->p++;
  if (expect (c, ']'))
    return TRUE;

  do
    {
      const char *from;
      g_autoptr(GError) local_error = NULL;

      skip_space (c);
      from = c->p;
      if (!skip_value (c))
        {
          set_not_json (error, c, NULL);
          return FALSE;
        }
      /* Entries that are not objects are left out, as entries without an id are. */
      if (*from != '{')
        continue;
      if (!parlance_json_parser_load (parser, from, (gsize) (c->p - from), &local_error))
        {
          set_not_json (error, c, local_error->message);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          ParlanceModel *model = parlance_model_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                                               provider_id);
          if (model != NULL)
            g_ptr_array_add (models, model);
        }
    }
  while (expect (c, ','));

  if (!expect (c, ']'))
    {
      set_not_json (error, c, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Whether a member's name (quotes included) is "data", escapes read as json-glib reads them. */
static gboolean
is_data_key (JsonParser *parser,
             const char *key,
             gsize       len)
{
  JsonNode *root;

  if (memchr (key, '\\', len) == NULL)
    return len == 6 && memcmp (key, "\"data\"", 6) == 0;
  if (!parlance_json_parser_load (parser, key, len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  /* json-glib keeps names as C strings: "data\u0000…" is "data" to it. */
  return JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING &&
         g_str_equal (json_node_get_string (root), "data");
}

/* A document that is not an object: json-glib says what is wrong with it, or it has no data. */
static void
explain_not_object (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!parlance_json_parser_load (parser, data, len, &local_error))
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                   _("The list of models could not be read: it is not JSON (%s)."), local_error->message);
      return;
    }
  set_no_data (error);
}

/**
 * parlance_model_list_parse:
 * @data: (array length=len): a `GET /models` answer
 * @provider_id: the provider it came from
 *
 * Every field of a model is optional; entries without an id are left out. `"data": null`
 * (Ollama without models) gives an empty list. Only the members of the top-level object are
 * stepped over without a full check of their syntax.
 *
 * Returns: (transfer full) (element-type ParlanceModel): the models, or %NULL with
 *   %PARLANCE_API_ERROR_MALFORMED when @data is not such an answer
 */
GPtrArray *
parlance_model_list_parse (const char  *data,
                           gsize        len,
                           const char  *provider_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) depth_error = NULL;
  Cursor c = { data, data, data + len };
  gboolean have_data = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  parser = json_parser_new_immutable ();
  skip_space (&c);
  if (c.p < c.end && *c.p == '<')
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                   _("The list of models could not be read: the server sent a web page instead. "
                     "Check the provider’s address."));
      return NULL;
    }
  if (!parlance_json_check_depth (data, len, PARLANCE_JSON_MAX_DEPTH, &depth_error))
    {
      set_not_json (error, &c, depth_error->message);
      return NULL;
    }
  if (c.p == c.end)
    {
      set_not_json (error, &c, _("empty"));
      return NULL;
    }
  if (*c.p != '{')
    {
      explain_not_object (data, len, error);
      return NULL;
    }

  c.p++;
  models = g_ptr_array_new_with_free_func (g_object_unref);
  if (!expect (&c, '}'))
    {
      do
        {
          const char *key;
          gboolean is_data;

          skip_space (&c);
          key = c.p;
          if (c.p >= c.end || *c.p != '"' || !skip_string (&c))
            {
              set_not_json (error, &c, NULL);
              return NULL;
            }
          is_data = is_data_key (parser, key, (gsize) (c.p - key));
          if (!expect (&c, ':'))
            {
              set_not_json (error, &c, NULL);
              return NULL;
            }
          skip_space (&c);
          if (is_data && c.p < c.end && *c.p == '[')
            {
              /* The last "data" wins, as in json-glib. */
              g_ptr_array_set_size (models, 0);
              if (!read_models (&c, parser, provider_id, models, error))
                return NULL;
              have_data = TRUE;
              continue;
            }
          if (is_data)
            {
              g_ptr_array_set_size (models, 0);
              have_data = c.end - c.p >= 4 && memcmp (c.p, "null", 4) == 0;
            }
          if (!skip_value (&c))
            {
              set_not_json (error, &c, NULL);
              return NULL;
            }
        }
      while (expect (&c, ','));

      if (!expect (&c, '}'))
        {
          set_not_json (error, &c, NULL);
          return NULL;
        }
    }

  /* json-glib reads a document made of several objects or arrays as its first one: so do we,
   * whatever the later ones hold (they must still be well formed). */
  skip_space (&c);
  while (c.p < c.end && (*c.p == '{' || *c.p == '['))
    {
      if (!skip_value (&c))
        {
          set_not_json (error, &c, NULL);
          return NULL;
        }
      skip_space (&c);
    }
  if (c.p != c.end)
    {
      set_not_json (error, &c, NULL);
      return NULL;
    }
  if (!have_data)
    {
      set_no_data (error);
      return NULL;
    }
  return g_steal_pointer (&models);
}
