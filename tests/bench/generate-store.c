/* generate-store.c — the benchmark database: 2,000 conversations, 200,000 messages.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four conversations of 5,000 messages; the other 1,996 share the remaining 180,000, drawn
 * log-normally (median 40, from 2 to 1,500 messages) as real histories are: many short chats,
 * a few long ones. Each is a chain of questions and Markdown answers (synthetic-chats.c), an
 * answer in a hundred failed and one in a hundred stopped; dates spread over the last year, the
 * latest conversations today. A few are pinned, some archived.
 *
 * The schema is the store's own: ParlanceStore creates (or migrates) the database, then this
 * file writes the rows through SQLite directly, with prepared statements, in one transaction.
 * Adding 200,000 messages through parlance_store_add_message () would be one transaction each,
 * minutes instead of seconds; the fast path writes exactly the columns the store's add and
 * update write (depth is the branch length at the message, 1 for a root; tip_id is the last
 * message), and `PRAGMA foreign_key_check` plus the store's own integrity check run at the end.
 * A change of the messages table must be followed here: the statement names every column it
 * fills, so a renamed column fails loudly rather than leaving a wrong database.
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "generate-store.h"
#include "synthetic-chats.h"

#define N_CONVERSATIONS  2000
#define N_MESSAGES       200000
#define N_LONG           4
#define LONG_MESSAGES    5000
#define SEED             20261201

static const char *models[] = {
  "meta-llama/llama-3.3-70b-instruct:free", "anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini",
  "google/gemini-2.5-flash", "deepseek/deepseek-chat-v3.1:free", "qwen/qwen3-coder:free",
};

static gboolean
check (sqlite3  *db,
       int       rc,
       GError  **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite: %s", sqlite3_errmsg (db));
  return FALSE;
}

/* How many messages each conversation has: N_LONG of LONG_MESSAGES, the rest log-normal, even
 * (a question and its answer), summing to N_MESSAGES exactly. */
static guint *
draw_sizes (GRand *rand)
{
  guint *sizes = g_new0 (guint, N_CONVERSATIONS);
  gint64 left = N_MESSAGES - N_LONG * LONG_MESSAGES, sum = 0;

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      double u1 = g_rand_double_range (rand, 1e-9, 1.0), u2 = g_rand_double (rand);
      double normal = sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);

      if (i % (N_CONVERSATIONS / N_LONG) == 7)
        {
          sizes[i] = LONG_MESSAGES;
          continue;
        }
      sizes[i] = CLAMP ((guint) (40 * exp (1.2 * normal)) & ~1u, 2, 1500);
      sum += sizes[i];
    }
  /* Nudge random short chats by one exchange until the total is exact. */
  while (sum != left)
    {
      guint i = g_rand_int_range (rand, 0, N_CONVERSATIONS);

      if (sizes[i] == LONG_MESSAGES)
        continue;
      if (sum < left && sizes[i] < 1500)
        sizes[i] += 2, sum += 2;
      else if (sum > left && sizes[i] > 2)
        sizes[i] -= 2, sum -= 2;
    }
  return sizes;
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *conversation;
  sqlite3_stmt *message;
  sqlite3_stmt *tip;
  GRand        *rand;
  gint64        now;
  GenerateStoreStats *stats;
} Generator;

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* One message row; returns its id, or 0 on error. */
static gint64
add_message (Generator   *g,
             gint64       conversation,
             gint64       parent,
             gint64       depth,
             gboolean     assistant,
             char        *content,      /* taken */
             const char  *model,
             gint64       created,
             GError     **error)
{
  sqlite3_stmt *s = g->message;
  int status = g_rand_int_range (g->rand, 0, 100);
  const char *state = !assistant || status > 1 ? "complete" : status == 0 ? "error" : "interrupted";
  gint64 len = strlen (content);
  int rc;

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  sqlite3_bind_int64 (s, 1, conversation);
  if (parent != 0)
    sqlite3_bind_int64 (s, 2, parent);
  sqlite3_bind_int64 (s, 3, depth);
  sqlite3_bind_text (s, 4, assistant ? "assistant" : "user", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, content, len, g_free);
  sqlite3_bind_text (s, 6, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 7, created);
  if (assistant)
    {
      sqlite3_bind_text (s, 8, "openrouter", -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 9, model, -1, SQLITE_STATIC);
      bind_text_or_null (s, 10, g_str_equal (state, "error") ? "Connection lost after 1,240 characters"
                               : g_str_equal (state, "interrupted") ? "Stopped" : NULL);
      bind_text_or_null (s, 11, g_str_equal (state, "complete") ? "stop" : NULL);
      sqlite3_bind_int64 (s, 12, depth * 300 + g_rand_int_range (g->rand, 10, 400));
      sqlite3_bind_int64 (s, 13, len / 4);
      sqlite3_bind_int64 (s, 14, g_rand_int_range (g->rand, 0, 4) == 0 ? len / 8 : 0);
      sqlite3_bind_int64 (s, 15, g_str_has_prefix (model, "deepseek") ? len / 10 : 0);
      /* Free models cost nothing; the others a few micro-dollars a token. */
      sqlite3_bind_int64 (s, 16, strstr (model, ":free") ? 0 : (len / 4) * 3000000 + depth * 300000);
      sqlite3_bind_int64 (s, 17, g_rand_int_range (g->rand, 150000, 2500000));
      sqlite3_bind_int64 (s, 18, g_rand_int_range (g->rand, 2000000, 60000000));
      {
        g_autofree char *generation = g_strdup_printf ("gen-%" G_GINT64_FORMAT "-bench%06u", created / G_USEC_PER_SEC,
                                                       g_rand_int_range (g->rand, 0, 1000000));

        sqlite3_bind_text (s, 19, generation, -1, SQLITE_TRANSIENT);
      }
    }
  g->stats->text_bytes += len;
  rc = sqlite3_step (s);
  if (!check (g->db, rc, error))
    return 0;
  return sqlite3_last_insert_rowid (g->db);
}

static gboolean
add_conversation (Generator  *g,
                  guint       index,
                  guint       n_messages,
                  GError    **error)
{
  const char *model = models[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (models))];
  /* Older conversations first, the last ones within today. */
  gint64 created = g->now - (gint64) (N_CONVERSATIONS - index) * 365 * 24 * 3600 / N_CONVERSATIONS * G_USEC_PER_SEC
                   - (gint64) n_messages * 120 * G_USEC_PER_SEC;
  gint64 conversation, parent = 0;
  g_autofree char *question = synthetic_question (g->rand);
  g_autofree char *title = parlance_conversation_title_from_text (question);

  created = MIN (created, g->now - (gint64) n_messages * 120 * G_USEC_PER_SEC);
  sqlite3_reset (g->conversation);
  sqlite3_bind_text (g->conversation, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (g->conversation, 2, created);
  sqlite3_bind_text (g->conversation, 3, "openrouter", -1, SQLITE_STATIC);
  sqlite3_bind_text (g->conversation, 4, model, -1, SQLITE_STATIC);
  sqlite3_bind_int (g->conversation, 5, index % 200 == 3);    /* 10 pinned */
  sqlite3_bind_int (g->conversation, 6, index % 40 == 5);     /* 50 archived */
  if (!check (g->db, sqlite3_step (g->conversation), error))
    return FALSE;
  conversation = sqlite3_last_insert_rowid (g->db);

  for (guint i = 0; i < n_messages; i++)
    {
      gboolean assistant = i % 2 == 1;
      char *text = assistant ? synthetic_answer (g->rand)
                   : i == 0 ? g_strdup (question) : synthetic_question (g->rand);

      created += (gint64) g_rand_int_range (g->rand, 5, 230) * G_USEC_PER_SEC;
      parent = add_message (g, conversation, parent, i + 1, assistant, text, model, created, error);
      if (parent == 0)
        return FALSE;
    }

  sqlite3_reset (g->tip);
  sqlite3_bind_int64 (g->tip, 1, parent);
  sqlite3_bind_int64 (g->tip, 2, created);
  sqlite3_bind_int64 (g->tip, 3, conversation);
  if (!check (g->db, sqlite3_step (g->tip), error))
    return FALSE;

  g->stats->n_conversations++;
  g->stats->n_messages += n_messages;
  g->stats->longest = MAX (g->stats->longest, (gint64) n_messages);
  return TRUE;
}

static gboolean
prepare (Generator  *g,
         GError    **error)
{
  return check (g->db, sqlite3_prepare_v2 (g->db,
                  "INSERT INTO conversations (title, created, updated, provider_id, model, pinned, archived)"
                  " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)", -1, &g->conversation, NULL), error) &&
         check (g->db, sqlite3_prepare_v2 (g->db,
                  "INSERT INTO messages (conversation_id, parent_id, depth, lane, role, content, status,"
                  " created, provider_id, model, error, finish_reason, tokens_in, tokens_out,"
                  " tokens_cached, tokens_reasoning, cost_pico, first_token_us, duration_us,"
                  " generation_id)"
                  " VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                  " ?16, ?17, ?18, ?19)", -1, &g->message, NULL), error) &&
         check (g->db, sqlite3_prepare_v2 (g->db,
                  "UPDATE conversations SET tip_id = ?1, updated = ?2 WHERE id = ?3",
                  -1, &g->tip, NULL), error);
}

static gboolean
fill (Generator  *g,
      GError    **error)
{
  g_autofree guint *sizes = draw_sizes (g->rand);
  sqlite3_stmt *fk = NULL;
  gboolean ok;

  if (!prepare (g, error) ||
      !check (g->db, sqlite3_exec (g->db, "BEGIN IMMEDIATE", NULL, NULL, NULL), error))
    return FALSE;
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    if (!add_conversation (g, i, sizes[i], error))
      {
        sqlite3_exec (g->db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  if (!check (g->db, sqlite3_exec (g->db, "COMMIT", NULL, NULL, NULL), error))
    return FALSE;

  /* Every parent and conversation a row names exists. */
  ok = check (g->db, sqlite3_prepare_v2 (g->db, "PRAGMA foreign_key_check", -1, &fk, NULL), error);
  if (ok && sqlite3_step (fk) == SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "A row of %s names a missing %s",
                   sqlite3_column_text (fk, 0), sqlite3_column_text (fk, 2));
      ok = FALSE;
    }
  sqlite3_finalize (fk);
  return ok && check (g->db, sqlite3_exec (g->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), error);
}

/**
 * generate_store:
 * @path: the database to make; it must not hold conversations yet
 * @stats: (out) (optional): what was made
 *
 * Returns: %FALSE with @error set when the store or SQLite refused
 */
gboolean
generate_store (const char          *path,
                GenerateStoreStats  *stats,
                GError             **error)
{
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(ParlanceStoreReport) report = NULL;
  GenerateStoreStats local = { 0 };
  Generator g = { 0 };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  /* The store makes the folder, the file and the schema, as the app would. */
  store = parlance_store_open (path, error);
  if (store == NULL)
    return FALSE;
  g_clear_object (&store);

  if (sqlite3_open_v2 (path, &g.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite could not open %s", path);
      sqlite3_close (g.db);
      return FALSE;
    }
  sqlite3_exec (g.db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  g.rand = g_rand_new_with_seed (SEED);
  g.now = g_get_real_time ();
  g.stats = stats ? stats : &local;
  memset (g.stats, 0, sizeof *g.stats);

  ok = fill (&g, error);

  sqlite3_finalize (g.conversation);
  sqlite3_finalize (g.message);
  sqlite3_finalize (g.tip);
  sqlite3_close (g.db);
  g_rand_free (g.rand);
  if (!ok)
    return FALSE;

  /* What the store itself says of the result. */
  store = parlance_store_open (path, error);
  if (store == NULL || (report = parlance_store_check (store, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (report->integrity, "ok") != 0 || report->n_messages != N_MESSAGES ||
      report->n_conversations != N_CONVERSATIONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The store reads %" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT
                   " messages, integrity “%s”", report->n_conversations, report->n_messages,
                   report->integrity);
      return FALSE;
    }
  g.stats->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return TRUE;
}

/**
 * generate_store_find_longest:
 *
 * Returns: the id of the conversation with the most messages on its shown branch, or 0
 */
gint64
generate_store_find_longest (ParlanceStore  *store,
                             GError        **error)
{
  g_autoptr(GPtrArray) list = parlance_store_list_conversations (store, PARLANCE_STORE_LIST_DEFAULT, 0, error);
  gint64 id = 0;
  guint most = 0;

  if (list == NULL)
    return 0;
  for (guint i = 0; i < list->len; i++)
    {
      ParlanceConversation *conversation = g_ptr_array_index (list, i);

      if (parlance_conversation_get_message_count (conversation) > most)
        {
          most = parlance_conversation_get_message_count (conversation);
          id = parlance_conversation_get_id (conversation);
        }
    }
  return id;
}
