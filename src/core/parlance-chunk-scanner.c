/* parlance-chunk-scanner.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nearly every chunk of a stream is `{"id":…,"model":…,"choices":[{"index":0,"delta":
 * {"content":"…"},"finish_reason":null}]}`. Building a json-glib tree for each costs some
 * 90,000 instructions, most of the CPU time of a stream. This scanner validates the chunk as
 * strict JSON in one pass and picks out those few strings. It says no (and the caller uses
 * json-glib) for anything else: usage, errors, tool calls, reasoning details, duplicate keys,
 * more than one choice, escapes it does not want to judge. tests/test-chunk-scanner.c and the
 * fuzz target check that whenever it says yes, json-glib reads the same chunk the same way.
 *
 * parlance-chunk-scanner-template.c reads successive chunks of a stream by their text alone.
 */

#include "config.h"

#include <string.h>

#include "parlance-chunk-scanner-private.h"

#define MAX_DEPTH 32

typedef enum
{
  FIELD_NONE,
  FIELD_ID,
  FIELD_MODEL,
  FIELD_PROVIDER,
  FIELD_CONTENT,
  FIELD_REASONING,
  FIELD_FINISH_REASON,
} Field;

static void
skip_ws (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean
expect (Cursor *c,
        char    ch)
{
  skip_ws (c);
  if (c->p < c->end && *c->p == ch)
    {
      c->p++;
      return TRUE;
    }
  return FALSE;
}

static int
hex_value (char ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Cursor   *c,
           gunichar *out)
{
  gunichar value = 0;

  if (c->end - c->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (c->p[i]);
      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  c->p += 4;
  *out = value;
  return TRUE;
}

/* The rest of a string after its opening quote, up to and past its closing one, unescaped into
 * @value when given. Says no to escapes of NUL and of lone surrogates, where JSON parsers
 * differ. */
gboolean
_parlance_chunk_scan_string_body (Cursor  *c,
                                  GString *value)
{
  while (c->p < c->end)
    {
      const char *run = c->p;

      while (c->p < c->end && *c->p != '"' && *c->p != '\\' && (guchar) *c->p >= 0x20)
        c->p++;
      if (value != NULL && c->p > run)
        g_string_append_len (value, run, c->p - run);
      if (c->p >= c->end)
        return FALSE;

      if (*c->p == '"')
        {
          c->p++;
          return TRUE;
        }
      if ((guchar) *c->p < 0x20)
        return FALSE;

      /* An escape. */
      c->p++;
      if (c->p >= c->end)
        return FALSE;
      switch (*c->p++)
        {
        case '"': if (value) g_string_append_c (value, '"'); break;
        case '\\': if (value) g_string_append_c (value, '\\'); break;
        case '/': if (value) g_string_append_c (value, '/'); break;
        case 'b': if (value) g_string_append_c (value, '\b'); break;
        case 'f': if (value) g_string_append_c (value, '\f'); break;
        case 'n': if (value) g_string_append_c (value, '\n'); break;
        case 'r': if (value) g_string_append_c (value, '\r'); break;
        case 't': if (value) g_string_append_c (value, '\t'); break;
        case 'u':
          {
            gunichar ch, low;

            if (!read_hex4 (c, &ch) || ch == 0 || (ch >= 0xDC00 && ch <= 0xDFFF))
              return FALSE;
            if (ch >= 0xD800 && ch <= 0xDBFF)
              {
                if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u')
                  return FALSE;
                c->p += 2;
                if (!read_hex4 (c, &low) || low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
              }
            if (value)
              g_string_append_unichar (value, ch);
          }
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

/* A string; when @out is given, its unescaped value. */
static gboolean
scan_string (Cursor  *c,
             char   **out)
{
  GString *value = NULL;
  const char *run;

  skip_ws (c);
  if (c->p >= c->end || *c->p != '"')
    return FALSE;
  c->p++;

  /* Most strings have no escape: one copy, no GString. */
  run = c->p;
  while (c->p < c->end && *c->p != '"' && *c->p != '\\' && (guchar) *c->p >= 0x20)
    c->p++;
  if (c->p < c->end && *c->p == '"')
    {
      if (out != NULL)
        *out = g_strndup (run, (gsize) (c->p - run));
      c->p++;
      return TRUE;
    }

  if (out != NULL)
    value = g_string_new_len (run, c->p - run);
  if (!_parlance_chunk_scan_string_body (c, value))
    {
      if (value != NULL)
        g_string_free (value, TRUE);
      return FALSE;
    }
  if (out != NULL)
    *out = g_string_free (value, FALSE);
  return TRUE;
}

typedef struct
{
  const char *str;   /* into the chunk: keys with escapes are left to the slow path */
  gsize       len;
} Key;

static gboolean
scan_key (Cursor *c,
          Key    *key)
{
  skip_ws (c);
  if (c->p >= c->end || *c->p != '"')
    return FALSE;
  key->str = ++c->p;
  while (c->p < c->end && *c->p != '"')
    {
      if (*c->p == '\\' || (guchar) *c->p < 0x20)
        return FALSE;
      c->p++;
    }
  if (c->p >= c->end)
    return FALSE;
  key->len = (gsize) (c->p - key->str);
  c->p++;
  return expect (c, ':');
}

static gboolean
scan_number (Cursor *c)
{
  const char *start;

  skip_ws (c);
  start = c->p;
  if (c->p < c->end && *c->p == '-')
    c->p++;
  if (c->p >= c->end)
    return FALSE;
  if (*c->p == '0')
    c->p++;
  else if (*c->p >= '1' && *c->p <= '9')
    while (c->p < c->end && g_ascii_isdigit (*c->p))
      c->p++;
  else
    return FALSE;
  if (c->p < c->end && *c->p == '.')
    {
      c->p++;
      if (c->p >= c->end || !g_ascii_isdigit (*c->p))
        return FALSE;
      while (c->p < c->end && g_ascii_isdigit (*c->p))
        c->p++;
    }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E'))
    {
      c->p++;
      if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
        c->p++;
      if (c->p >= c->end || !g_ascii_isdigit (*c->p))
        return FALSE;
      while (c->p < c->end && g_ascii_isdigit (*c->p))
        c->p++;
    }
  return c->p > start;
}

static gboolean
scan_literal (Cursor     *c,
              const char *word)
{
  gsize len = strlen (word);

  skip_ws (c);
  if ((gsize) (c->end - c->p) < len || memcmp (c->p, word, len) != 0)
    return FALSE;
  c->p += len;
  return TRUE;
}

static gboolean scan_value (Cursor *c, int depth);

/* Any value, validated and thrown away. */
static gboolean
scan_value (Cursor *c,
            int     depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;

  skip_ws (c);
  if (c->p >= c->end)
    return FALSE;

  switch (*c->p)
    {
    case '"':
      return scan_string (c, NULL);
    case '{':
      c->p++;
      if (expect (c, '}'))
        return TRUE;
      do
        {
          if (!scan_string (c, NULL) || !expect (c, ':') || !scan_value (c, depth + 1))
            return FALSE;
        }
      while (expect (c, ','));
      return expect (c, '}');
    case '[':
      c->p++;
      if (expect (c, ']'))
        return TRUE;
      do
        {
          if (!scan_value (c, depth + 1))
            return FALSE;
        }
      while (expect (c, ','));
      return expect (c, ']');
    case 't':
      return scan_literal (c, "true");
    case 'f':
      return scan_literal (c, "false");
    case 'n':
      return scan_literal (c, "null");
    default:
      return scan_number (c);
    }
}

static gboolean
store (char **slot,
       char  *value)
{
  /* A key seen twice: parsers disagree on which wins. */
  if (*slot != NULL)
    {
      g_free (value);
      return FALSE;
    }
  *slot = value;
  return TRUE;
}

/* A string or null member that we keep; returns FALSE for any other type. */
static gboolean
scan_kept (Cursor  *c,
           char   **slot,
           gboolean *seen_null)
{
  char *value = NULL;

  skip_ws (c);
  if (c->p < c->end && *c->p == 'n')
    {
      if (*slot != NULL || *seen_null)
        return FALSE;
      *seen_null = TRUE;
      return scan_literal (c, "null");
    }
  if (!scan_string (c, &value))
    return FALSE;
  if (*seen_null)
    {
      g_free (value);
      return FALSE;
    }
  return store (slot, value);
}

/* Members whose value must be absent, null, or an empty array for the fast path to apply. */
static gboolean
scan_empty_or_null (Cursor *c)
{
  skip_ws (c);
  if (c->p < c->end && *c->p == 'n')
    return scan_literal (c, "null");
  return expect (c, '[') && expect (c, ']');
}

#define key_is(key, name) \
  ((key)->len == sizeof (name) - 1 && memcmp ((key)->str, name, sizeof (name) - 1) == 0)

static gboolean
scan_delta (Cursor            *c,
            ParlanceChunkScan *scan)
{
  gboolean content_null = FALSE, reasoning_null = FALSE, reasoning_content_seen = FALSE;
  gboolean seen_role = FALSE;

  if (!expect (c, '{'))
    return FALSE;
  if (expect (c, '}'))
    return TRUE;
  do
    {
      Key key_storage, *key = &key_storage;
      gboolean ok;

      if (!scan_key (c, key))
        return FALSE;

      if (key_is (key, "content"))
        {
          skip_ws (c);
          scan->content_start = (gsize) (c->p - c->start);
          ok = scan_kept (c, &scan->content, &content_null);
          scan->content_end = scan->content != NULL ? (gsize) (c->p - c->start) : 0;
        }
      else if (key_is (key, "reasoning"))
        {
          skip_ws (c);
          scan->reasoning_start = (gsize) (c->p - c->start);
          ok = !reasoning_content_seen && scan_kept (c, &scan->reasoning, &reasoning_null);
          scan->reasoning_end = scan->reasoning != NULL ? (gsize) (c->p - c->start) : 0;
        }
      else if (key_is (key, "reasoning_details") || key_is (key, "tool_calls"))
        ok = scan_empty_or_null (c);
      else if (key_is (key, "role") && !seen_role)
        ok = seen_role = scan_string (c, NULL);
      else if (key_is (key, "refusal"))
        ok = scan_literal (c, "null");
      else
        return FALSE;   /* reasoning_content, audio, anything new: the slow path knows */

      if (!ok)
        return FALSE;
    }
  while (expect (c, ','));
  return expect (c, '}');
}

static gboolean
scan_choice (Cursor            *c,
             ParlanceChunkScan *scan)
{
  gboolean seen_delta = FALSE, seen_index = FALSE, finish_null = FALSE;
  gboolean seen_native = FALSE, seen_logprobs = FALSE;

  if (!expect (c, '{'))
    return FALSE;
  if (expect (c, '}'))
    return TRUE;
  do
    {
      Key key_storage, *key = &key_storage;
      gboolean ok;

      if (!scan_key (c, key))
        return FALSE;

      if (key_is (key, "delta") && !seen_delta)
        ok = seen_delta = scan_delta (c, scan);
      else if (key_is (key, "index") && !seen_index)
        ok = seen_index = scan_number (c);
      else if (key_is (key, "finish_reason"))
        ok = scan_kept (c, &scan->finish_reason, &finish_null);
      else if (key_is (key, "native_finish_reason") && !seen_native)
        ok = seen_native = scan_value (c, 2);
      else if (key_is (key, "logprobs") && !seen_logprobs)
        ok = seen_logprobs = scan_value (c, 2);
      else
        return FALSE;   /* "message", "text"…: not a streamed delta */

      if (!ok)
        return FALSE;
    }
  while (expect (c, ','));
  return expect (c, '}');
}

/* As g_utf8_validate () with a length (NUL bytes are invalid), but plain ASCII, most of every
 * chunk, is checked eight bytes at a time. */
gboolean
_parlance_chunk_valid_utf8 (const char *data,
                            gsize       len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, sizeof word);
      /* A byte with its high bit set, or a zero byte. */
      if ((word & 0x8080808080808080ULL) != 0 ||
          ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0)
        break;
    }
  while (i < len && (guchar) data[i] - 1u < 0x7fu)
    i++;
  return i == len || g_utf8_validate (data + i, (gssize) (len - i), NULL);
}

/**
 * parlance_chunk_scan:
 * @data: the `data:` of one event
 * @scan: (out caller-allocates): zeroed; filled when this returns %TRUE
 *
 * Returns: %TRUE when @data is a plain streamed chunk, read entirely into @scan;
 *   %FALSE when the caller must parse it with json-glib (@scan is then cleared)
 */
gboolean
parlance_chunk_scan (const char        *data,
                     gsize              len,
                     ParlanceChunkScan *scan)
{
  Cursor c = { data, data + len, data };
  gboolean seen_choices = FALSE;
  gboolean id_null = FALSE, model_null = FALSE, provider_null = FALSE;
  Key others[16];
  guint n_others = 0;
  gboolean ok = FALSE;

  memset (scan, 0, sizeof *scan);

  if (!_parlance_chunk_valid_utf8 (data, len))
    return FALSE;

  if (!expect (&c, '{'))
    goto out;
  if (!expect (&c, '}'))
    {
      do
        {
          Key key_storage, *key = &key_storage;
          gboolean member_ok;

          if (!scan_key (&c, key))
            goto out;

          if (key_is (key, "id"))
            member_ok = scan_kept (&c, &scan->id, &id_null);
          else if (key_is (key, "model"))
            member_ok = scan_kept (&c, &scan->model, &model_null);
          else if (key_is (key, "provider"))
            member_ok = scan_kept (&c, &scan->provider, &provider_null);
          else if (key_is (key, "choices") && !seen_choices)
            {
              seen_choices = TRUE;
              /* One choice or none: several, and the slow path picks the first. */
              member_ok = expect (&c, '[') &&
                          (expect (&c, ']') || (scan_choice (&c, scan) && expect (&c, ']')));
            }
          else if (key_is (key, "usage") || key_is (key, "error") || key_is (key, "choices"))
            goto out;
          else
            {
              /* object, created, system_fingerprint…: validated, ignored; once each. */
              if (n_others == G_N_ELEMENTS (others))
                goto out;
              for (guint i = 0; i < n_others; i++)
                if (others[i].len == key->len && memcmp (others[i].str, key->str, key->len) == 0)
                  goto out;
              others[n_others++] = *key;
              member_ok = scan_value (&c, 1);
            }

          if (!member_ok)
            goto out;
        }
      while (expect (&c, ','));
      if (!expect (&c, '}'))
        goto out;
    }

  skip_ws (&c);
  ok = c.p == c.end;

out:
  if (!ok)
    parlance_chunk_scan_clear (scan);
  return ok;
}

void
parlance_chunk_scan_clear (ParlanceChunkScan *scan)
{
  g_clear_pointer (&scan->id, g_free);
  g_clear_pointer (&scan->model, g_free);
  g_clear_pointer (&scan->provider, g_free);
  if (scan->borrowed != NULL)
    {
      if (scan->content == scan->borrowed)
        scan->content = NULL;
      if (scan->reasoning == scan->borrowed)
        scan->reasoning = NULL;
      scan->borrowed = NULL;
    }
  g_clear_pointer (&scan->content, g_free);
  g_clear_pointer (&scan->reasoning, g_free);
  g_clear_pointer (&scan->finish_reason, g_free);
}
