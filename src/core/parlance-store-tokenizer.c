/* parlance-store-tokenizer.c — the FTS5 tokenizer of the search index: unicode61, and CJK
 * text one character a token.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * unicode61 keeps a run of Chinese, Japanese or Korean characters without spaces as one token,
 * so a word inside such a run ("タワー" in "東京タワーに行きました") could not be found. The
 * "parlance" tokenizer wraps unicode61 (its arguments go to unicode61 unchanged) and splits each
 * token holding CJK characters: every CJK character becomes a token of its own, the rest is
 * tokenized by unicode61 again. A CJK word typed as a query is then a phrase of characters, which
 * FTS5 matches in order.
 *
 * The tokenizer is registered on every connection the process opens (sqlite3_auto_extension), so
 * the triggers that keep the index in step work on any of them, the tests' raw ones included.
 * Other programs (the sqlite3 shell) can read the database but not write messages or titles.
 */

#include "config.h"

#include <string.h>

#include "parlance-store-private.h"

typedef struct
{
  fts5_tokenizer  inner_methods;   /* unicode61's */
  Fts5Tokenizer  *inner;
  Fts5Tokenizer  *pieces;          /* a second one: unicode61 is not reentrant (its buffer) */
} CjkTokenizer;

typedef int (*TokenFunc) (void       *ctx,
                          int         tflags,
                          const char *token,
                          int         n_token,
                          int         start,
                          int         end);

typedef struct
{
  CjkTokenizer *tokenizer;
  void         *ctx;             /* FTS5's */
  TokenFunc     token;           /* FTS5's */
  int           flags;
  const char   *text;
  int           offset;          /* of a re-tokenized piece in @text */
} TokenizeCall;

gboolean
_parlance_store_is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF)      /* Hiragana, Katakana */
      || (c >= 0x3005 && c <= 0x3007)      /* 々 〆 〇 */
      || (c >= 0x3100 && c <= 0x318F)      /* Bopomofo, Hangul compatibility jamo */
      || (c >= 0x31F0 && c <= 0x31FF)      /* Katakana extensions */
      || (c >= 0x3400 && c <= 0x4DBF)      /* CJK extension A */
      || (c >= 0x4E00 && c <= 0x9FFF)      /* CJK unified ideographs */
      || (c >= 0x1100 && c <= 0x11FF)      /* Hangul jamo */
      || (c >= 0xAC00 && c <= 0xD7AF)      /* Hangul syllables */
      || (c >= 0xF900 && c <= 0xFAFF)      /* CJK compatibility ideographs */
      || (c >= 0xFF66 && c <= 0xFF9F)      /* half-width Katakana */
      || (c >= 0x20000 && c <= 0x3FFFF);   /* CJK extensions B and later */
}

/* Every CJK character is three or four bytes long, its first byte 0xE1 or more. */
static gboolean
has_cjk (const char *text,
         int         len)
{
  const char *end = text + len;
  gboolean maybe = FALSE;

  for (const char *p = text; p < end; p++)
    if ((guchar) *p >= 0xE1)
      {
        maybe = TRUE;
        break;
      }
  if (!maybe)
    return FALSE;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (_parlance_store_is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A piece re-tokenized by unicode61: its offsets are moved back to the whole text's. */
static int
piece_token (void       *data,
             int         tflags,
             const char *token,
             int         n_token,
             int         start,
             int         end)
{
  TokenizeCall *call = data;

  return call->token (call->ctx, tflags, token, n_token, start + call->offset,
                      end + call->offset);
}

static int
tokenize_piece (TokenizeCall *call,
                int           start,
                int           end)
{
  TokenizeCall piece = *call;

  if (start >= end)
    return SQLITE_OK;
  piece.offset = start;
  return call->tokenizer->inner_methods.xTokenize (call->tokenizer->pieces, &piece, call->flags,
                                                   call->text + start, end - start, piece_token);
}

/* A token of unicode61: passed on, or cut at its CJK characters. The characters are taken from
 * the text as they are: unicode61's folding leaves CJK characters alone. */
static int
inner_token (void       *data,
             int         tflags,
             const char *token,
             int         n_token,
             int         start,
             int         end)
{
  TokenizeCall *call = data;
  const char *text = call->text;
  int run = start;
  int rc;

  if (!has_cjk (token, n_token) || !g_utf8_validate (text + start, end - start, NULL))
    return call->token (call->ctx, tflags, token, n_token, start, end);

  for (int i = start; i < end;)
    {
      int next = g_utf8_next_char (text + i) - text;

      if (!_parlance_store_is_cjk (g_utf8_get_char (text + i)))
        {
          i = next;
          continue;
        }
      if ((rc = tokenize_piece (call, run, i)) != SQLITE_OK ||
          (rc = call->token (call->ctx, 0, text + i, next - i, i, next)) != SQLITE_OK)
        return rc;
      i = run = next;
    }
  return tokenize_piece (call, run, end);
}

static int
cjk_tokenize (Fts5Tokenizer *tokenizer,
              void          *ctx,
              int            flags,
              const char    *text,
              int            len,
              TokenFunc      token)
{
  CjkTokenizer *self = (CjkTokenizer *) tokenizer;
  TokenizeCall call = { self, ctx, token, flags, text, 0 };

  return self->inner_methods.xTokenize (self->inner, &call, flags, text, len, inner_token);
}

static void
cjk_delete (Fts5Tokenizer *tokenizer)
{
  CjkTokenizer *self = (CjkTokenizer *) tokenizer;

  if (self->inner != NULL)
    self->inner_methods.xDelete (self->inner);
  if (self->pieces != NULL)
    self->inner_methods.xDelete (self->pieces);
  sqlite3_free (self);
}

static int
cjk_create (void           *data,
            const char    **argv,
            int             argc,
            Fts5Tokenizer **out)
{
  fts5_api *api = data;
  CjkTokenizer *self;
  void *inner_data = NULL;
  int rc;

  self = sqlite3_malloc (sizeof *self);
  if (self == NULL)
    return SQLITE_NOMEM;
  memset (self, 0, sizeof *self);
  rc = api->xFindTokenizer (api, "unicode61", &inner_data, &self->inner_methods);
  if (rc == SQLITE_OK)
    rc = self->inner_methods.xCreate (inner_data, argv, argc, &self->inner);
  if (rc == SQLITE_OK)
    rc = self->inner_methods.xCreate (inner_data, argv, argc, &self->pieces);
  if (rc != SQLITE_OK)
    {
      cjk_delete ((Fts5Tokenizer *) self);
      return rc;
    }
  *out = (Fts5Tokenizer *) self;
  return SQLITE_OK;
}

static fts5_api *
find_fts5 (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

/* An SQLite without FTS5 opens; the index then says what is missing when it is used. */
static int
register_tokenizer (sqlite3                      *db,
                    char                        **message,
                    const sqlite3_api_routines   *routines)
{
  static fts5_tokenizer methods = { cjk_create, cjk_delete, cjk_tokenize };
  fts5_api *api = find_fts5 (db);

  if (api == NULL)
    return SQLITE_OK;
  return api->xCreateTokenizer (api, "parlance", api, &methods, NULL);
}

/**
 * _parlance_store_tokenizer_init:
 *
 * Makes every SQLite connection the process opens from now on know the "parlance" tokenizer.
 */
void
_parlance_store_tokenizer_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_auto_extension ((void (*) (void)) register_tokenizer);
      g_once_init_leave (&done, 1);
    }
}
