/* test-store-requests.c — the store's requests rows and learned rate limits.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-api-error.h"
#include "parlance-limit-error.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

typedef struct
{
  char          *path;
  ParlanceStore *store;
  sqlite3       *raw;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->path = parlance_test_store_path ();
  f->store = parlance_test_store_open (f->path);
  f->raw = parlance_test_store_raw (f->path);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  sqlite3_close (f->raw);
  parlance_test_store_close (g_steal_pointer (&f->store));
  g_free (f->path);
}

static char *
row (Fixture *f,
     gint64   id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT at || '|' || provider_id || '|' || ifnull (model, '-') || '|' ||"
    " ifnull (requested_model, '-') || '|' || ifnull (budget_group, '-') || '|' ||"
    " ifnull (status, '-') || '|' || ifnull (error_kind, '-') || '|' || ifnull (tokens_in, '-')"
    " || '|' || ifnull (tokens_out, '-') || '|' || ifnull (tokens_reasoning, '-') || '|' ||"
    " ifnull (tokens_cached, '-') || '|' || ifnull (cost_pico, '-') || '|' ||"
    " ifnull (generation_id, '-') || '|' || ifnull (message_id, '-')"
    " FROM requests WHERE id = %" G_GINT64_FORMAT, id);

  return parlance_test_store_raw_text (f->raw, sql);
}

/* Written when sent (who, which model, which budget), completed when it ends. */
static void
test_add_and_end (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (1000, "openrouter", "a/b:free", "free");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  id = parlance_store_add_request (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (r->id, ==, id);
  before = row (f, id);
  g_assert_cmpstr (before, ==, "1000|openrouter|a/b:free|a/b:free|free|-|-|-|-|-|-|-|-|-");

  g_assert_true (json_parser_load_from_data (parser,
    "{\"prompt_tokens\":120,\"completion_tokens\":45,\"cost\":0.0000369,"
    "\"prompt_tokens_details\":{\"cached_tokens\":64},"
    "\"completion_tokens_details\":{\"reasoning_tokens\":7}}", -1, NULL));
  _parlance_chat_reply_set_usage (reply, json_node_get_object (json_parser_get_root (parser)));
  _parlance_chat_reply_set_origin (reply, "gen-1", "x/answered:free", NULL);
  parlance_request_record_set_end (r, reply, NULL);
  g_assert_true (parlance_store_end_request (f->store, r, &error));
  g_assert_no_error (error);
  after = row (f, id);
  g_assert_cmpstr (after, ==,
                   "1000|openrouter|x/answered:free|a/b:free|free|200|-|120|45|7|64|36900000|gen-1|-");
}

/* A failed request counts too, with its status and kind. */
static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (5, "gemini", "gemini-2.0-flash", "gemini-2.0-flash");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) failure = g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED, "slow down");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop");
  g_autofree char *text = NULL;
  gint64 n = -1;

  g_assert_cmpint (parlance_store_add_request (f->store, r, NULL), >, 0);
  _parlance_chat_reply_set_http_status (reply, 429);
  parlance_request_record_set_end (r, reply, failure);
  g_assert_true (parlance_store_end_request (f->store, r, NULL));
  text = row (f, r->id);
  g_assert_cmpstr (text, ==, "5|gemini|gemini-2.0-flash|gemini-2.0-flash|gemini-2.0-flash|429|rate_limited|-|-|-|-|-|-|-");
  g_assert_true (parlance_store_count_requests (f->store, "gemini", NULL, 0, 10, &n, NULL, NULL, NULL));
  g_assert_cmpint (n, ==, 1);

  g_assert_cmpstr (parlance_request_error_kind (cancelled), ==, "cancelled");
  g_assert_null (parlance_request_error_kind (NULL));
}

static const char *
kind_after (guint       status,
            const char *body,
            GQuark      domain,
            int         code)
{
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(GError) error = g_error_new_literal (domain, code, "failed");
  g_autoptr(ParlanceLimitError) limit = NULL;
  static char kind[64];

  if (status > 0)
    {
      limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", status, NULL, body,
                                                  strlen (body), NULL);
      _parlance_chat_reply_set_http_status (reply, status);
      _parlance_chat_reply_set_limit_error (reply, limit);
    }
  g_strlcpy (kind, parlance_request_error_kind_for_reply (reply, error), sizeof kind);
  return kind;
}

/* A refusal is kept as its limit kind, which says what to do; other failures by what went
 * wrong. The names are the column's interface: the README lists them. */
static void
test_error_kinds (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (9, "openrouter", "a/b:free", "free");
  g_autoptr(ParlanceChatReply) reply = parlance_chat_reply_new ();
  g_autoptr(ParlanceLimitError) limit = NULL;
  g_autoptr(GError) failure = g_error_new_literal (PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED, "slow");
  const char *per_day = "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day. "
                        "Add 10 credits to unlock 1000 free model requests per day\"}}";
  g_autofree char *text = NULL;

  g_assert_cmpstr (kind_after (429, "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: "
                                    "free-models-per-min.\"}}", PARLANCE_API_ERROR,
                               PARLANCE_API_ERROR_RATE_LIMITED), ==, "per-minute");
  g_assert_cmpstr (kind_after (429, per_day, PARLANCE_API_ERROR, PARLANCE_API_ERROR_RATE_LIMITED), ==, "daily");
  g_assert_cmpstr (kind_after (429, "{\"error\":{\"code\":429,\"message\":\"Provider returned error\","
                                    "\"metadata\":{\"raw\":\"x is temporarily rate-limited upstream\","
                                    "\"provider_name\":\"Chutes\"}}}", PARLANCE_API_ERROR,
                               PARLANCE_API_ERROR_RATE_LIMITED), ==, "upstream");
  g_assert_cmpstr (kind_after (402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}",
                               PARLANCE_API_ERROR, PARLANCE_API_ERROR_PAYMENT_REQUIRED), ==, "credits");
  g_assert_cmpstr (kind_after (503, "{\"error\":{\"code\":503,\"message\":\"busy\"}}",
                               PARLANCE_API_ERROR, PARLANCE_API_ERROR_SERVER), ==, "overloaded");
  g_assert_cmpstr (kind_after (400, "{\"error\":{\"code\":400,\"message\":\"too long\","
                                    "\"metadata\":{\"error_type\":\"context_length_exceeded\"}}}",
                               PARLANCE_API_ERROR, PARLANCE_API_ERROR_BAD_REQUEST), ==, "context-length");
  /* A refusal of no limit kind says what it was. */
  g_assert_cmpstr (kind_after (401, "{\"error\":{\"code\":401,\"message\":\"No auth\"}}",
                               PARLANCE_API_ERROR, PARLANCE_API_ERROR_UNAUTHORIZED), ==, "unauthorized");
  /* No answer, or stopped: what happened. */
  g_assert_cmpstr (kind_after (0, NULL, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NETWORK), ==, "network");
  g_assert_cmpstr (kind_after (0, NULL, PARLANCE_API_ERROR, PARLANCE_API_ERROR_TIMEOUT), ==, "timeout");
  g_assert_cmpstr (kind_after (0, NULL, G_IO_ERROR, G_IO_ERROR_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (kind_after (0, NULL, PARLANCE_API_ERROR, PARLANCE_API_ERROR_STREAM), ==, "stream");
  g_assert_cmpstr (kind_after (429, per_day, G_IO_ERROR, G_IO_ERROR_CANCELLED), ==, "cancelled");
  g_assert_null (parlance_request_error_kind_for_reply (reply, NULL));

  /* And that is what the row holds. */
  g_assert_cmpint (parlance_store_add_request (f->store, r, NULL), >, 0);
  limit = parlance_limit_error_new_from_http ("openrouter", "OpenRouter", 429, NULL, per_day,
                                              strlen (per_day), NULL);
  _parlance_chat_reply_set_http_status (reply, 429);
  _parlance_chat_reply_set_limit_error (reply, limit);
  parlance_request_record_set_end (r, reply, failure);
  g_assert_true (parlance_store_end_request (f->store, r, NULL));
  text = row (f, r->id);
  g_assert_cmpstr (text, ==, "9|openrouter|a/b:free|a/b:free|free|429|daily|-|-|-|-|-|-|-");
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *pending = user_data;

  g_assert_true (parlance_store_write_finish (PARLANCE_STORE (object), result, NULL));
  (*pending)--;
}

/* Through the writer thread: an end asked for before its add completed goes into its row. */
static void
test_async_end_before_add (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (77, "openai", "gpt-4o", "openai");
  g_autofree char *text = NULL;
  guint pending = 2;

  parlance_store_add_request_async (f->store, r, NULL, written, &pending);
  r->status = 500;
  r->error_kind = g_strdup ("server");
  g_assert_cmpint (r->id, ==, 0);
  parlance_store_end_request_async (f->store, r, NULL, written, &pending);
  parlance_test_wait_for (pending == 0, 10000);

  g_assert_cmpint (r->id, >, 0);
  text = row (f, r->id);
  g_assert_cmpstr (text, ==, "77|openai|gpt-4o|gpt-4o|openai|500|server|-|-|-|-|-|-|-");
  g_assert_cmpint (parlance_test_store_raw_int (f->raw, "SELECT count (*) FROM requests"), ==, 1);
}

/* Usage outlives chats: a message deleted leaves its requests, without it. */
static void
test_message_deleted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ParlanceConversation) conversation = parlance_test_store_conversation (f->store, "Chat");
  gint64 cid = parlance_conversation_get_id (conversation);
  g_autoptr(ParlanceMessage) user = parlance_test_store_message (f->store, cid, 0, PARLANCE_ROLE_USER, "hi");
  g_autoptr(ParlanceMessage) reply = parlance_test_store_message (f->store, cid, parlance_message_get_id (user),
                                                                  PARLANCE_ROLE_ASSISTANT, "hello");
  g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (1, "openrouter", "m", "openrouter");
  g_autoptr(ParlanceRequestRecord) gone = parlance_request_record_new (2, "openrouter", "m", "openrouter");
  g_autofree char *sql = NULL;

  g_assert_cmpint (parlance_store_add_request (f->store, r, NULL), >, 0);
  r->message_id = parlance_message_get_id (reply);
  g_assert_true (parlance_store_end_request (f->store, r, NULL));
  sql = g_strdup_printf ("SELECT message_id FROM requests WHERE id = %" G_GINT64_FORMAT, r->id);
  g_assert_cmpint (parlance_test_store_raw_int (f->raw, sql), ==, parlance_message_get_id (reply));

  g_assert_true (parlance_store_delete_conversation (f->store, cid, NULL));
  g_assert_cmpint (parlance_test_store_raw_int (f->raw, "SELECT count (*) FROM requests"), ==, 1);
  g_assert_cmpint (parlance_test_store_raw_int (f->raw, "SELECT count (*) FROM requests"
                                                " WHERE message_id IS NULL"), ==, 1);

  /* An end naming a message deleted meanwhile is written without it, not refused. */
  g_assert_cmpint (parlance_store_add_request (f->store, gone, NULL), >, 0);
  gone->message_id = parlance_message_get_id (reply);
  g_assert_true (parlance_store_end_request (f->store, gone, NULL));
  g_assert_cmpint (parlance_test_store_raw_int (f->raw, "SELECT count (*) FROM requests"
                                                " WHERE message_id IS NULL"), ==, 2);
}

/* Counts, times and groups of a provider, over a range. */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  const struct { gint64 at; const char *group; gint64 in; gint64 out; } rows[] = {
    { 10, "free", 100, 5 }, { 20, "free", -1, -1 }, { 30, "openrouter", 7, 3 }, { 40, "free", 1, 1 },
  };
  g_autoptr(GArray) times = NULL;
  g_auto(GStrv) groups = NULL;
  gint64 n, in, total;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ParlanceRequestRecord) r = parlance_request_record_new (rows[i].at, "openrouter", "m", rows[i].group);

      r->tokens_in = rows[i].in;
      r->tokens_out = rows[i].out;
      g_assert_cmpint (parlance_store_add_request (f->store, r, NULL), >, 0);
    }
  g_assert_true (parlance_store_count_requests (f->store, "openrouter", "free", 10, 40, &n, &in, &total, NULL));
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (in, ==, 100);
  g_assert_cmpint (total, ==, 105);
  g_assert_true (parlance_store_count_requests (f->store, "openrouter", NULL, 0, 100, &n, &in, &total, NULL));
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpint (total, ==, 117);
  times = parlance_store_list_request_times (f->store, "openrouter", "free", 11, 100, NULL);
  g_assert_cmpuint (times->len, ==, 2);
  g_assert_cmpint (g_array_index (times, gint64, 0), ==, 20);
  g_assert_cmpint (g_array_index (times, gint64, 1), ==, 40);
  groups = parlance_store_list_budget_groups (f->store, "openrouter", NULL);
  g_assert_cmpstrv (groups, ((const char * const[]) { "free", "openrouter", NULL }));
}

/* A learned limit replaces the one learned before; nothing learned is no error. */
static void
test_rate_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 limit, remaining, reset, learned;

  g_assert_false (parlance_store_load_rate_limit (f->store, "openrouter", "free", "day", &limit,
                                                  &remaining, &reset, &learned, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limit, ==, -1);
  g_assert_true (parlance_store_save_rate_limit (f->store, "openrouter", "free", "day", 50, 3, 99, 9, NULL));
  g_assert_true (parlance_store_save_rate_limit (f->store, "openrouter", "free", "day", 1000, -1, -1, 10, NULL));
  g_assert_true (parlance_store_load_rate_limit (f->store, "openrouter", "free", "day", &limit,
                                                 &remaining, &reset, &learned, &error));
  g_assert_cmpint (limit, ==, 1000);
  g_assert_cmpint (remaining, ==, -1);
  g_assert_cmpint (reset, ==, -1);
  g_assert_cmpint (learned, ==, 10);
  g_assert_false (parlance_store_load_rate_limit (f->store, "openrouter", "free", "minute", &limit,
                                                  &remaining, &reset, &learned, NULL));
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/store-requests/" path, Fixture, NULL, setup, func, teardown)
  ADD ("add-and-end", test_add_and_end);
  ADD ("failed", test_failed);
  ADD ("error-kinds", test_error_kinds);
  ADD ("async-end-before-add", test_async_end_before_add);
  ADD ("message-deleted", test_message_deleted);
  ADD ("counts", test_counts);
  ADD ("rate-limits", test_rate_limits);
#undef ADD

  return g_test_run ();
}
