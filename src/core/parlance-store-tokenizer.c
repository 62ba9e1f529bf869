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
 * With it comes parlance_rank(), the rank the search orders by (see rank_function).
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

/* parlance_rank (table): bm25 without its idf. bm25() counts, once a query, every row that
 * holds each phrase, walking the whole list of a word found in most messages: tens of
 * milliseconds. Every result holds every word (they are ANDed), so the idf only weighs the
 * words against each other; this keeps bm25's term frequency and length normalisation, which
 * need the row alone. Lower is better, as with bm25. */
static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_args,
               sqlite3_value          **args)
{
  const double k1 = 1.2, b = 0.75;
  int counts[32] = { 0 };
  int n_phrases = MIN (api->xPhraseCount (fts), (int) G_N_ELEMENTS (counts));
  int n_inst = 0, size = 0;
  sqlite3_int64 rows = 0, total = 0;
  double average, score = 0;

  if (api->xInstCount (fts, &n_inst) != SQLITE_OK ||
      api->xColumnSize (fts, -1, &size) != SQLITE_OK ||
      api->xRowCount (fts, &rows) != SQLITE_OK ||
      api->xColumnTotalSize (fts, -1, &total) != SQLITE_OK)
    {
      sqlite3_result_error (context, "parlance_rank: the index could not be read", -1);
      return;
    }
  for (int i = 0; i < n_inst; i++)
    {
      int phrase = 0, column = 0, offset = 0;

      if (api->xInst (fts, i, &phrase, &column, &offset) == SQLITE_OK && phrase >= 0 &&
          phrase < n_phrases)
        counts[phrase]++;
    }
  average = rows > 0 && total > 0 ? (double) total / rows : 1;
  for (int p = 0; p < n_phrases; p++)
    score += counts[p] * (k1 + 1) / (counts[p] + k1 * (1 - b + b * size / average));
  sqlite3_result_double (context, -score);
}

/* An SQLite without FTS5 opens; the index then says what is missing when it is used. */
static int
register_tokenizer (sqlite3                      *db,
                    char                        **message,
                    const sqlite3_api_routines   *routines)
{
  static fts5_tokenizer methods = { cjk_create, cjk_delete, cjk_tokenize };
  fts5_api *api = find_fts5 (db);
  int rc;

  if (api == NULL)
    return SQLITE_OK;
  rc = api->xCreateTokenizer (api, "parlance", api, &methods, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction (api, "parlance_rank", NULL, rank_function, NULL);
  return rc;
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

/* The tokenizer outside SQLite, for snippets: the same tokens the index holds. */
struct _StoreTokenizer
{
  fts5_tokenizer  methods;
  Fts5Tokenizer  *tokenizer;
};

/**
 * _parlance_store_tokenizer_new:
 * @db: a connection (the tokenizer is registered on it)
 *
 * Returns: (transfer full) (nullable): the "parlance" tokenizer as the index uses it
 */
StoreTokenizer *
_parlance_store_tokenizer_new (sqlite3 *db)
{
  static const char *args[] = { "remove_diacritics", "2" };
  fts5_api *api = find_fts5 (db);
  StoreTokenizer *self;
  void *data = NULL;

  if (api == NULL)
    return NULL;
  self = g_new0 (StoreTokenizer, 1);
  if (api->xFindTokenizer (api, "parlance", &data, &self->methods) != SQLITE_OK ||
      self->methods.xCreate (data, args, G_N_ELEMENTS (args), &self->tokenizer) != SQLITE_OK)
    {
      g_free (self);
      return NULL;
    }
  return self;
}

void
_parlance_store_tokenizer_free (StoreTokenizer *self)
{
  if (self == NULL)
    return;
  self->methods.xDelete (self->tokenizer);
  g_free (self);
}

static int
add_token (void       *data,
           int         tflags,
           const char *token,
           int         n_token,
           int         start,
           int         end)
{
  GArray *tokens = data;
  StoreToken t = { g_strndup (token, n_token), start, end };

  g_array_append_val (tokens, t);
  return SQLITE_OK;
}

static void
clear_token (gpointer data)
{
  g_free (((StoreToken *) data)->token);
}

/**
 * _parlance_store_tokenize:
 * @query: tokenize as a query rather than as a document
 *
 * Returns: (transfer full) (element-type StoreToken): the tokens of @text, folded as indexed
 */
GArray *
_parlance_store_tokenize (StoreTokenizer *self,
                          const char     *text,
                          gboolean        query)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (StoreToken));

  g_array_set_clear_func (tokens, clear_token);
  self->methods.xTokenize (self->tokenizer, tokens,
                           query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT, text,
                           (int) strlen (text), add_token);
  return tokens;
}
