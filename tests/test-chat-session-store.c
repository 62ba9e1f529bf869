/* test-chat-session-store.c — a chat session saves to the store, opens from it, and sends each
 * conversation's settings and history.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test has a database of its own in a folder of its own, and a fake provider standing for
 * OpenRouter (a session key, never the keyring). What is on disk is read back with the store's
 * synchronous calls, as another process would see it.
 */

#include "config.h"

#include "fake-provider.h"
#include "parlance-chat-session.h"
#include "parlance-chat-session-private.h"   /* _parlance_chat_session_sanitize_title () */
#include "parlance-key-store.h"
#include "parlance-store.h"
#include "parlance-test-utils.h"

#define OPENROUTER_KEY "sk-or-v1-session-store-test-Zx4"
#define WAIT_MS 20000

typedef struct
{
  FakeProvider        *server;
  ParlanceProvider    *provider;
  ParlanceKeyStore    *key_store;
  ParlanceStore       *store;
  ParlanceChatSession *session;
} Fixture;

/* An OpenRouter stream: @parts as content deltas, then "stop" and @usage (a JSON object or
 * NULL). */
static char *
sse_body (const char * const *parts,
          const char         *usage)
{
  GString *body = g_string_new (": OPENROUTER PROCESSING\n\n");
  const char *head = "data: {\"id\":\"gen-store-test-0001\",\"provider\":\"Fixture\","
                     "\"model\":\"test/answered-model\",\"object\":\"chat.completion.chunk\","
                     "\"created\":1764000000,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                     "\"content\":";

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *escaped = g_strescape (parts[i], NULL);

      g_string_append_printf (body, "%s\"%s\"},\"finish_reason\":null}]}\n\n", head, escaped);
    }
  g_string_append_printf (body, "%s\"\"},\"finish_reason\":\"stop\"}]}\n\n", head);
  if (usage != NULL)
    g_string_append_printf (body, "%s\"\"},\"finish_reason\":null}],\"usage\":%s}\n\n", head, usage);
  g_string_append (body, "data: [DONE]\n\n");
  return g_string_free (body, FALSE);
}

static FakeResponse *
queue_sse (FakeProvider       *server,
           const char * const *parts,
           const char         *usage)
{
  g_autofree char *body = sse_body (parts, usage);
  FakeResponse *response = fake_response_new (200);

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  fake_provider_queue (server, "POST", "/chat/completions", response);
  return response;   /* the queue holds it; the caller may still shape it */
}

static void
queue_text (FakeProvider *server,
            const char   *text)
{
  const char *parts[] = { text, NULL };

  queue_sse (server, parts, NULL);
}

static ParlanceStore *
open_store (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("store-%u", ++counter);
  g_autofree char *path = g_build_filename (parlance_test_get_tmp_dir (), name, "parlance.db", NULL);
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static ParlanceProvider *
new_openrouter (FakeProvider *server)
{
  ParlanceProvider *provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (server), &error));
  g_assert_no_error (error);
  return provider;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = fake_provider_new ();
  f->provider = new_openrouter (f->server);
  f->key_store = parlance_key_store_new ();
  parlance_key_store_set_session_key (f->key_store, "openrouter", OPENROUTER_KEY, NULL);
  f->store = open_store ();
  f->session = parlance_chat_session_new (f->provider, "test/model");
  parlance_chat_session_set_key_store (f->session, f->key_store);
  parlance_chat_session_set_store (f->session, f->store);
}

static gboolean
saving (ParlanceChatSession *session)
{
  gboolean value;

  g_object_get (session, "saving", &value, NULL);
  return value;
}

static void
flushed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_flush_finish (PARLANCE_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Until everything asked of the session and the store is on disk, and nothing (a title being
 * asked for) holds the session any more. */
static void
settle (ParlanceChatSession *session,
        ParlanceStore       *store)
{
  gboolean done = FALSE;

  parlance_test_wait_for (!parlance_chat_session_get_busy (session) && !saving (session) &&
                          G_OBJECT (session)->ref_count == 1, WAIT_MS);
  parlance_store_flush_async (store, NULL, flushed, &done);
  parlance_test_wait_for (done, WAIT_MS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  settle (f->session, f->store);
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->key_store);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->server);
}

static void
send (ParlanceChatSession *session,
      const char          *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_send (session, text, &error));
  g_assert_no_error (error);
}

static void
send_and_wait (Fixture    *f,
               const char *text)
{
  send (f->session, text);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
}

static gint64
conversation_id (Fixture *f)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (f->session));
}

/* The shown branch as it is on disk. */
static GPtrArray *
stored_branch (ParlanceStore *store,
               gint64         id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = parlance_store_load_branch (store, id, &error);

  g_assert_no_error (error);
  return messages;
}

static ParlanceConversation *
stored_conversation (ParlanceStore *store,
                     gint64         id)
{
  g_autoptr(GError) error = NULL;
  ParlanceConversation *conversation = parlance_store_get_conversation (store, id, &error);

  g_assert_no_error (error);
  return conversation;
}

static ParlanceMessage *
message_at (GPtrArray *messages,
            guint      i)
{
  g_assert_cmpuint (i, <, messages->len);
  return g_ptr_array_index (messages, i);
}

/* The stored reply (the second message) has @text and @status. */
static gboolean
stored_reply_is (ParlanceStore         *store,
                 gint64                 id,
                 const char            *text,
                 ParlanceMessageStatus  status)
{
  g_autoptr(GPtrArray) messages = NULL;

  if (id == 0)
    return FALSE;
  messages = stored_branch (store, id);
  return messages->len == 2 &&
         g_strcmp0 (parlance_message_get_content (message_at (messages, 1)), text) == 0 &&
         parlance_message_get_status (message_at (messages, 1)) == status;
}

static JsonObject *
request_body (FakeProvider *server,
              guint         index)
{
  g_autoptr(FakeRequest) request = fake_provider_dup_request (server, index);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (request->body, &len);

  g_assert_true (json_parser_load_from_data (parser, data, len, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* "role: content" of each message the request sent, one a line. */
static char *
request_history (FakeProvider *server,
                 guint         index)
{
  g_autoptr(JsonObject) body = request_body (server, index);
  JsonArray *messages = json_object_get_array_member (body, "messages");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_string_append_printf (text, "%s: %s\n", json_object_get_string_member (message, "role"),
                              json_object_get_string_member (message, "content"));
    }
  return g_string_free (text, FALSE);
}

/* The user's message is on disk while the reply is still being written, and the reply's text
 * reaches the disk in batches before it ends; stopped, it keeps that text as interrupted. */
static void
test_user_first_and_batches (Fixture       *f,
                             gconstpointer  data)
{
  const char *parts[] = { "The first half of a reply, ", "and the rest.", NULL };
  g_autofree char *body = sse_body (parts, NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(GPtrArray) messages = NULL;
  gsize stall_at = strstr (body, "and the rest") - body;
  ParlanceMessage *user, *reply;

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  /* The rest never comes: the stream stays open after the first part. */
  fake_response_set_stall_after (response, stall_at);
  fake_provider_queue (f->server, "POST", "/chat/completions", response);

  send (f->session, "Tell me a story");
  parlance_test_wait_for (stored_reply_is (f->store, conversation_id (f), "The first half of a reply, ",
                                           PARLANCE_MESSAGE_STREAMING), WAIT_MS);
  g_assert_true (parlance_chat_session_get_busy (f->session));

  messages = stored_branch (f->store, conversation_id (f));
  user = message_at (messages, 0);
  reply = message_at (messages, 1);
  g_assert_cmpint (parlance_message_get_role (user), ==, PARLANCE_ROLE_USER);
  g_assert_cmpstr (parlance_message_get_content (user), ==, "Tell me a story");
  g_assert_cmpint (parlance_message_get_status (user), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpint (parlance_message_get_parent_id (user), ==, 0);
  g_assert_cmpint (parlance_message_get_role (reply), ==, PARLANCE_ROLE_ASSISTANT);
  g_assert_cmpint (parlance_message_get_parent_id (reply), ==, parlance_message_get_id (user));
  g_assert_cmpint (parlance_message_get_id (reply), >, parlance_message_get_id (user));
  g_assert_cmpstr (parlance_message_get_provider_id (reply), ==, "openrouter");

  parlance_chat_session_stop (f->session);
  parlance_test_wait_for (stored_reply_is (f->store, conversation_id (f), "The first half of a reply, ",
                                           PARLANCE_MESSAGE_INTERRUPTED), WAIT_MS);
}

/* The end of the reply is written with who answered, why it ended, its usage and its exact
 * cost. */
static void
test_reply_usage_and_cost (Fixture       *f,
                           gconstpointer  data)
{
  const char *parts[] = { "Four", " is", " the answer.", NULL };
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  ParlanceMessage *reply;
  gint64 in, out, reasoning, cached;

  response = fake_response_ref (queue_sse (f->server, parts,
                                           "{\"prompt_tokens\":120,\"completion_tokens\":45,"
                                           "\"total_tokens\":165,\"cost\":0.000123456789,"
                                           "\"prompt_tokens_details\":{\"cached_tokens\":64},"
                                           "\"completion_tokens_details\":{\"reasoning_tokens\":7}}"));
  /* In pieces, with pauses: a first token that comes after the request. */
  fake_response_set_chunking (response, 200, 20);

  send_and_wait (f, "What is 2 + 2?");
  settle (f->session, f->store);

  messages = stored_branch (f->store, conversation_id (f));
  g_assert_cmpuint (messages->len, ==, 2);
  reply = message_at (messages, 1);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Four is the answer.");
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_model (reply), ==, "test/answered-model");
  g_assert_cmpstr (parlance_message_get_provider_id (reply), ==, "openrouter");
  g_assert_cmpstr (parlance_message_get_finish_reason (reply), ==, "stop");
  g_assert_cmpstr (parlance_message_get_generation_id (reply), ==, "gen-store-test-0001");
  parlance_message_get_tokens (reply, &in, &out, &reasoning, &cached);
  g_assert_cmpint (in, ==, 120);
  g_assert_cmpint (out, ==, 45);
  g_assert_cmpint (reasoning, ==, 7);
  g_assert_cmpint (cached, ==, 64);
  g_assert_cmpint (parlance_message_get_cost_pico (reply), ==, G_GINT64_CONSTANT (123456789));
  g_assert_cmpint (parlance_message_get_first_token_time (reply), >, 0);
  g_assert_cmpint (parlance_message_get_duration (reply), >=,
                   parlance_message_get_first_token_time (reply));
  g_assert_null (parlance_message_get_status_text (reply));
}

/* A reply cut off by the network keeps its text, saved as an error with the reason. */
static void
test_failed_reply_kept (Fixture       *f,
                        gconstpointer  data)
{
  const char *parts[] = { "Half a thought", " that never ends", NULL };
  g_autofree char *body = sse_body (parts, NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(GPtrArray) messages = NULL;
  ParlanceMessage *reply;

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_close_after (response, strstr (body, " that never") - body);
  fake_provider_queue (f->server, "POST", "/chat/completions", response);

  send_and_wait (f, "Think");
  settle (f->session, f->store);

  messages = stored_branch (f->store, conversation_id (f));
  reply = message_at (messages, 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_ERROR);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, "Half a thought");
  g_assert_nonnull (parlance_message_get_status_text (reply));
  g_assert_cmpstr (parlance_message_get_status_text (reply), !=, "");
}

/* Retry asks again for the same message: it is updated where it is, not added twice. */
static void
test_retry_updates (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (502);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Upstream went away\",\"code\":502}}");
  fake_response_set_content_type (failure, "application/json");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);
  queue_text (f->server, "Second time lucky.");

  send_and_wait (f, "Try");
  settle (f->session, f->store);
  before = stored_branch (f->store, conversation_id (f));
  g_assert_cmpint (parlance_message_get_status (message_at (before, 1)), ==, PARLANCE_MESSAGE_ERROR);

  g_assert_true (parlance_chat_session_retry (f->session, &error));
  g_assert_no_error (error);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), WAIT_MS);
  settle (f->session, f->store);

  after = stored_branch (f->store, conversation_id (f));
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (parlance_message_get_id (message_at (after, 1)), ==,
                   parlance_message_get_id (message_at (before, 1)));
  g_assert_cmpint (parlance_message_get_status (message_at (after, 1)), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (message_at (after, 1)), ==, "Second time lucky.");
  g_assert_null (parlance_message_get_status_text (message_at (after, 1)));
  /* The retried request did not carry the failed reply. */
  g_assert_cmpstr (request_history (f->server, 1), ==, "user: Try\n");
}

static void
opened (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_open_finish (PARLANCE_CHAT_SESSION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* Another session on the same store opens the conversation: the same messages, at once, and
 * it goes on from there with the history and under the right parent. */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ParlanceChatSession) other = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  GListModel *messages;
  gint64 id;
  guint changes = 0;
  gboolean done = FALSE;

  queue_text (f->server, "Paris.");
  queue_text (f->server, "About two million.");
  queue_text (f->server, "Draft reply.");
  queue_text (f->server, "Since 508.");
  send_and_wait (f, "Capital of France?");
  send_and_wait (f, "How many people live there?");
  settle (f->session, f->store);
  id = conversation_id (f);

  other = parlance_chat_session_new (f->provider, "another/model");
  parlance_chat_session_set_key_store (other, f->key_store);
  parlance_chat_session_set_store (other, f->store);
  send (other, "Unrelated draft");   /* replaced by the conversation opened */
  parlance_test_wait_for (!parlance_chat_session_get_busy (other), WAIT_MS);
  messages = parlance_chat_session_get_messages (other);
  g_signal_connect (messages, "items-changed", G_CALLBACK (count_changes), &changes);

  parlance_chat_session_open_async (other, id, NULL, opened, &done);
  parlance_test_wait_for (done, WAIT_MS);
  g_signal_handlers_disconnect_by_func (messages, count_changes, &changes);

  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (other)), ==, id);
  g_assert_cmpstr (parlance_chat_session_get_model (other), ==, "test/model");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(ParlanceMessage) a = g_list_model_get_item (G_LIST_MODEL (parlance_chat_session_get_messages (f->session)), i);
      g_autoptr(ParlanceMessage) b = g_list_model_get_item (messages, i);

      g_assert_cmpint (parlance_message_get_id (a), ==, parlance_message_get_id (b));
      g_assert_cmpint (parlance_message_get_parent_id (a), ==, parlance_message_get_parent_id (b));
      g_assert_cmpint (parlance_message_get_role (a), ==, parlance_message_get_role (b));
      g_assert_cmpstr (parlance_message_get_content (a), ==, parlance_message_get_content (b));
      g_assert_cmpint (parlance_message_get_status (a), ==, parlance_message_get_status (b));
    }

  /* Going on from the opened conversation: its history is sent, the new messages hang under
   * its tip. */
  send (other, "Since when?");
  parlance_test_wait_for (!parlance_chat_session_get_busy (other), WAIT_MS);
  settle (other, f->store);
  g_assert_cmpstr (request_history (f->server, 3), ==,
                   "user: Capital of France?\n"
                   "assistant: Paris.\n"
                   "user: How many people live there?\n"
                   "assistant: About two million.\n"
                   "user: Since when?\n");
  stored = stored_branch (f->store, id);
  g_assert_cmpuint (stored->len, ==, 6);
  g_assert_cmpstr (parlance_message_get_content (message_at (stored, 5)), ==, "Since 508.");
  g_assert_cmpint (parlance_message_get_parent_id (message_at (stored, 4)), ==,
                   parlance_message_get_id (message_at (stored, 3)));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* Nothing unset is sent; what is set is, the system prompt first. */
static void
test_settings_unset (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) body = NULL;
  static const char *never[] = { "temperature", "top_p", "max_tokens", "reasoning",
                                 "reasoning_effort" };

  queue_text (f->server, "Fine.");
  send_and_wait (f, "Hello");
  body = request_body (f->server, 0);
  for (guint i = 0; i < G_N_ELEMENTS (never); i++)
    g_assert_false (json_object_has_member (body, never[i]));
  g_assert_cmpstr (request_history (f->server, 0), ==, "user: Hello\n");
}

static void
set_all (ParlanceConversation *conversation,
         const char           *effort)
{
  parlance_conversation_set_system_prompt (conversation, "Answer like a pirate.");
  parlance_conversation_set_temperature (conversation, TRUE, 0.25);
  parlance_conversation_set_top_p (conversation, TRUE, 0.5);
  parlance_conversation_set_max_tokens (conversation, TRUE, 256);
  parlance_conversation_set_reasoning_effort (conversation, effort);
}

static void
test_settings_openrouter (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *reasoning;

  set_all (parlance_chat_session_get_conversation (f->session), "high");
  queue_text (f->server, "Arr.");
  send_and_wait (f, "Hello");

  body = request_body (f->server, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "top_p"), 0.5, 1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 256);
  reasoning = json_object_get_object_member (body, "reasoning");
  g_assert_nonnull (reasoning);
  g_assert_cmpstr (json_object_get_string_member (reasoning, "effort"), ==, "high");
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
  g_assert_cmpstr (request_history (f->server, 0), ==,
                   "system: Answer like a pirate.\nuser: Hello\n");
}

/* Other OpenAI-compatible servers spell reasoning effort `reasoning_effort`. */
static void
test_settings_openai_style (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new ();
  g_autoptr(ParlanceProvider) ollama = parlance_provider_new_builtin ("ollama");
  g_autoptr(ParlanceChatSession) session = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_provider_set_base_url (ollama, fake_provider_get_base_url (server), &error));
  g_assert_no_error (error);
  session = parlance_chat_session_new (ollama, "llama3.2");
  set_all (parlance_chat_session_get_conversation (session), "low");
  parlance_conversation_set_temperature (parlance_chat_session_get_conversation (session), FALSE, 0);
  queue_text (server, "Hi.");
  send (session, "Hello");
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), WAIT_MS);

  body = request_body (server, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "low");
  g_assert_false (json_object_has_member (body, "reasoning"));
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_true (json_object_has_member (body, "top_p"));
  /* Without a store nothing is saved, and nothing waits to be. */
  g_assert_cmpint (parlance_conversation_get_id (parlance_chat_session_get_conversation (session)), ==, 0);
  g_assert_false (saving (session));
}

/* The next request carries the shown branch; a reply that failed before saying anything is
 * left out. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (500);

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Oops\",\"code\":500}}");
  fake_response_set_content_type (failure, "application/json");
  queue_text (f->server, "One.");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);
  queue_text (f->server, "Three.");

  send_and_wait (f, "First");
  send_and_wait (f, "Second");
  send_and_wait (f, "Third");
  g_assert_cmpstr (request_history (f->server, 2), ==,
                   "user: First\nassistant: One.\nuser: Second\nuser: Third\n");
}

/* The title is the first message, shortened, at once; changing the model saves it. */
static void
test_title_and_model_saved (Fixture       *f,
                            gconstpointer  data)
{
  const char *text = "  How do I   keep a sourdough starter alive while I am away for two weeks?\nDetails follow.";
  g_autofree char *expected = parlance_conversation_title_from_text (text);
  g_autoptr(ParlanceConversation) stored = NULL;
  g_autoptr(ParlanceConversation) changed = NULL;

  queue_text (f->server, "Feed it.");
  send_and_wait (f, text);
  settle (f->session, f->store);

  stored = stored_conversation (f->store, conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, expected);
  g_assert_cmpstr (parlance_conversation_get_model (stored), ==, "test/model");
  g_assert_cmpstr (parlance_conversation_get_provider_id (stored), ==, "openrouter");
  g_assert_cmpint (parlance_conversation_get_tip_id (stored), !=, 0);

  parlance_chat_session_set_model (f->session, "other/model");
  settle (f->session, f->store);
  changed = stored_conversation (f->store, conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_model (changed), ==, "other/model");
  g_assert_cmpint (parlance_conversation_get_tip_id (changed), ==, parlance_conversation_get_tip_id (stored));
}

/* With generate-titles on, the model names the conversation after its first reply: the request
 * goes to the provider the reply went to, with its key, even after the session moved to
 * another; the answer is cleaned. */
static void
test_title_generated (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeProvider) elsewhere = fake_provider_new ();
  g_autoptr(ParlanceProvider) custom = parlance_provider_new_custom ("local", "Local",
                                                                     fake_provider_get_base_url (elsewhere));
  g_autoptr(ParlanceConversation) stored = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *expected_key = g_strconcat ("Bearer ", OPENROUTER_KEY, NULL);

  g_object_set (f->session, "generate-titles", TRUE, NULL);
  queue_text (f->server, "Borrowing lets you use a value without owning it.");
  queue_text (f->server, "**\"Rust\u202e Borrow\tChecker\"**\nSecond line");

  send_and_wait (f, "Explain the borrow checker");
  /* Moved elsewhere before the title's key was even looked up. */
  parlance_chat_session_set_provider (f->session, custom);
  settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 2);
  g_assert_cmpuint (fake_provider_get_n_requests (elsewhere), ==, 0);
  request = fake_provider_dup_request (f->server, 1);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, expected_key);
  prompt = request_history (f->server, 1);
  g_assert_nonnull (strstr (prompt, "Explain the borrow checker"));

  stored = stored_conversation (f->store, conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Rust Borrow Checker");
  g_assert_cmpstr (parlance_conversation_get_title (parlance_chat_session_get_conversation (f->session)),
                   ==, "Rust Borrow Checker");
}

/* Off (the default): no second request, the first message's title stays. */
static void
test_title_not_generated (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ParlanceConversation) stored = NULL;
  gboolean generate = TRUE;

  g_object_get (f->session, "generate-titles", &generate, NULL);
  g_assert_false (generate);
  queue_text (f->server, "Sure.");
  queue_text (f->server, "A Title Nobody Asked For");
  send_and_wait (f, "Say something");
  settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 1);
  stored = stored_conversation (f->store, conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Say something");
}

/* A title that fails to come leaves the first message's, quietly. */
static void
test_title_failure_quiet (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FakeResponse) failure = fake_response_new (429);
  g_autoptr(ParlanceConversation) stored = NULL;

  fake_response_set_body_string (failure, "{\"error\":{\"message\":\"Rate limited\",\"code\":429}}");
  fake_response_set_content_type (failure, "application/json");
  g_object_set (f->session, "generate-titles", TRUE, NULL);
  queue_text (f->server, "Sure.");
  fake_provider_queue (f->server, "POST", "/chat/completions", failure);

  send_and_wait (f, "Say something");
  settle (f->session, f->store);

  g_assert_cmpuint (fake_provider_get_n_requests (f->server), ==, 2);
  stored = stored_conversation (f->store, conversation_id (f));
  g_assert_cmpstr (parlance_conversation_get_title (stored), ==, "Say something");
}

/* A new conversation starts empty and unsaved, from the draft's settings. */
static void
test_new_conversation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ParlanceConversation) draft = parlance_conversation_new ();
  g_autoptr(GPtrArray) first = NULL;
  ParlanceConversation *conversation;
  gint64 first_id;

  queue_text (f->server, "One.");
  queue_text (f->server, "Two.");
  send_and_wait (f, "First chat");
  settle (f->session, f->store);
  first_id = conversation_id (f);

  parlance_conversation_set_model (draft, "draft/model");
  parlance_conversation_set_system_prompt (draft, "Be brief.");
  parlance_chat_session_new_conversation (f->session, draft);
  conversation = parlance_chat_session_get_conversation (f->session);
  g_assert_true (conversation != draft);
  g_assert_cmpint (parlance_conversation_get_id (conversation), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (f->session)), ==, 0);
  g_assert_cmpstr (parlance_chat_session_get_model (f->session), ==, "draft/model");

  send_and_wait (f, "Second chat");
  settle (f->session, f->store);
  g_assert_cmpint (conversation_id (f), !=, first_id);
  g_assert_cmpstr (request_history (f->server, 1), ==, "system: Be brief.\nuser: Second chat\n");
  first = stored_branch (f->store, first_id);
  g_assert_cmpuint (first->len, ==, 2);
}

static void
test_sanitize_title (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Rust Borrow Checker", "Rust Borrow Checker" },
    { "\"Quoted Title\"", "Quoted Title" },
    { "“Curly Quotes”.", "Curly Quotes" },
    { "Title: **Bold Title**", "Bold Title" },
    { "# Heading Title", "Heading Title" },
    { "\n\n  First Real Line  \nSecond", "First Real Line" },
    { "Bidi\u202eTrick\u200b Here", "Bidi Trick Here" },
    { "Tab\tand\x1b[31mescape", "Tab and [31mescape" },
    { "A very long title that goes on and on well past sixty characters for sure", NULL },
    { "", NULL },
    { "\"\"", NULL },
    { "   \n  ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = _parlance_chat_session_sanitize_title (cases[i].in);

      if (i == 8)
        {
          g_assert_nonnull (title);
          g_assert_cmpuint (g_utf8_strlen (title, -1), <=, 60);
          g_assert_true (g_str_has_suffix (title, "…"));
          continue;
        }
      g_assert_cmpstr (title, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/parlance/chat-session-store/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("user-first-and-batches", test_user_first_and_batches);
  ADD ("reply-usage-and-cost", test_reply_usage_and_cost);
  ADD ("failed-reply-kept", test_failed_reply_kept);
  ADD ("retry-updates", test_retry_updates);
  ADD ("reopen", test_reopen);
  ADD ("settings-unset", test_settings_unset);
  ADD ("settings-openrouter", test_settings_openrouter);
  g_test_add_func ("/parlance/chat-session-store/settings-openai-style", test_settings_openai_style);
  ADD ("history", test_history);
  ADD ("title-and-model-saved", test_title_and_model_saved);
  ADD ("title-generated", test_title_generated);
  ADD ("title-not-generated", test_title_not_generated);
  ADD ("title-failure-quiet", test_title_failure_quiet);
  ADD ("new-conversation", test_new_conversation);
  g_test_add_func ("/parlance/chat-session-store/sanitize-title", test_sanitize_title);
#undef ADD

  return g_test_run ();
}
