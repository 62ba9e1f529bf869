/* parlance-test-session.c — a chat session saving to a store of its own, for the tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-key-store.h"
#include "parlance-test-session.h"
#include "parlance-test-utils.h"

char *
parlance_test_sse_body (const char * const *parts,
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

FakeResponse *
parlance_test_queue_sse (FakeProvider       *server,
                         const char * const *parts,
                         const char         *usage)
{
  g_autofree char *body = parlance_test_sse_body (parts, usage);
  FakeResponse *response = fake_response_new (200);

  fake_response_set_body_string (response, body);
  fake_response_set_content_type (response, "text/event-stream");
  fake_provider_queue (server, "POST", "/chat/completions", response);
  fake_response_unref (response);
  return response;   /* (transfer none): the queue holds it; the caller may still shape it */
}

void
parlance_test_queue_text (FakeProvider *server,
                          const char   *text)
{
  const char *parts[] = { text, NULL };

  parlance_test_queue_sse (server, parts, NULL);
}

ParlanceStore *
parlance_test_open_store (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("store-%u", ++counter);
  g_autofree char *path = g_build_filename (parlance_test_get_tmp_dir (), name, "parlance.db", NULL);
  g_autoptr(GError) error = NULL;
  ParlanceStore *store = parlance_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

ParlanceProvider *
parlance_test_new_openrouter (FakeProvider *server)
{
  ParlanceProvider *provider = parlance_provider_new_builtin ("openrouter");
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_provider_set_base_url (provider, fake_provider_get_base_url (server), &error));
  g_assert_no_error (error);
  return provider;
}

void
parlance_test_session_setup (ParlanceTestSession *f,
                             gconstpointer        data)
{
  f->server = fake_provider_new ();
  f->provider = parlance_test_new_openrouter (f->server);
  f->key_store = parlance_key_store_new ();
  parlance_key_store_set_session_key (f->key_store, "openrouter", PARLANCE_TEST_OPENROUTER_KEY, NULL);
  f->store = parlance_test_open_store ();
  f->session = parlance_chat_session_new (f->provider, "test/model");
  parlance_chat_session_set_key_store (f->session, f->key_store);
  parlance_chat_session_set_store (f->session, f->store);
}

gboolean
parlance_test_saving (ParlanceChatSession *session)
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

void
parlance_test_settle (ParlanceChatSession *session,
                      ParlanceStore       *store)
{
  gboolean done = FALSE;

  parlance_test_wait_for (!parlance_chat_session_get_busy (session) && !parlance_test_saving (session) &&
                          G_OBJECT (session)->ref_count == 1, PARLANCE_TEST_WAIT_MS);
  parlance_store_flush_async (store, NULL, flushed, &done);
  parlance_test_wait_for (done, PARLANCE_TEST_WAIT_MS);
}

void
parlance_test_session_teardown (ParlanceTestSession *f,
                                gconstpointer        data)
{
  parlance_test_settle (f->session, f->store);
  g_assert_finalize_object (f->session);
  /* The store's own work (a poll for other processes' changes) may hold it a moment longer. */
  parlance_test_wait_for (G_OBJECT (f->store)->ref_count == 1, PARLANCE_TEST_WAIT_MS);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->key_store);
  g_assert_finalize_object (f->provider);
  g_assert_finalize_object (f->server);
}

void
parlance_test_send (ParlanceChatSession *session,
                    const char          *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_chat_session_send (session, text, &error));
  g_assert_no_error (error);
}

void
parlance_test_send_and_wait (ParlanceTestSession *f,
                             const char          *text)
{
  parlance_test_send (f->session, text);
  parlance_test_wait_for (!parlance_chat_session_get_busy (f->session), PARLANCE_TEST_WAIT_MS);
}

gint64
parlance_test_conversation_id (ParlanceTestSession *f)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (f->session));
}

/* The shown branch as it is on disk. */
GPtrArray *
parlance_test_stored_branch (ParlanceStore *store,
                             gint64         id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = parlance_store_load_branch (store, id, &error);

  g_assert_no_error (error);
  return messages;
}

ParlanceConversation *
parlance_test_stored_conversation (ParlanceStore *store,
                                   gint64         id)
{
  g_autoptr(GError) error = NULL;
  ParlanceConversation *conversation = parlance_store_get_conversation (store, id, &error);

  g_assert_no_error (error);
  return conversation;
}

ParlanceMessage *
parlance_test_message_at (GPtrArray *messages,
                          guint      i)
{
  g_assert_cmpuint (i, <, messages->len);
  return g_ptr_array_index (messages, i);
}

/* The stored reply (the second message) has @text and @status. */
gboolean
parlance_test_stored_reply_is (ParlanceStore         *store,
                               gint64                 id,
                               const char            *text,
                               ParlanceMessageStatus  status)
{
  g_autoptr(GPtrArray) messages = NULL;

  if (id == 0)
    return FALSE;
  messages = parlance_test_stored_branch (store, id);
  return messages->len == 2 &&
         g_strcmp0 (parlance_message_get_content (parlance_test_message_at (messages, 1)), text) == 0 &&
         parlance_message_get_status (parlance_test_message_at (messages, 1)) == status;
}

JsonObject *
parlance_test_request_body (FakeProvider *server,
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
char *
parlance_test_request_history (FakeProvider *server,
                               guint         index)
{
  g_autoptr(JsonObject) body = parlance_test_request_body (server, index);
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
