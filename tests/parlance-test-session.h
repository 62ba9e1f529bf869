/* parlance-test-session.h — a chat session saving to a store of its own, against a fake
 * OpenRouter: what test-chat-session-store.c and test-chat-session-requests.c share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fake-provider.h"
#include "parlance-chat-session.h"
#include "parlance-store.h"

G_BEGIN_DECLS

#define PARLANCE_TEST_OPENROUTER_KEY "sk-or-v1-session-store-test-Zx4"
#define PARLANCE_TEST_WAIT_MS 20000

/* The fixture: a fake server standing for OpenRouter (a session key, never the keyring), a
 * database of the test's own in a folder of its own, and a session saving to it. */
typedef struct
{
  FakeProvider        *server;
  ParlanceProvider    *provider;
  ParlanceKeyStore    *key_store;
  ParlanceStore       *store;
  ParlanceChatSession *session;
} ParlanceTestSession;

void                  parlance_test_session_setup       (ParlanceTestSession   *f,
                                                         gconstpointer          data);
void                  parlance_test_session_teardown    (ParlanceTestSession   *f,
                                                         gconstpointer          data);

/* An OpenRouter stream: @parts as content deltas, then "stop" and @usage (a JSON object or
 * NULL). queue_sse returns the response queued (the queue holds it), to shape it further. */
char                 *parlance_test_sse_body            (const char * const    *parts,
                                                         const char            *usage);
FakeResponse         *parlance_test_queue_sse           (FakeProvider          *server,
                                                         const char * const    *parts,
                                                         const char            *usage);
void                  parlance_test_queue_text          (FakeProvider          *server,
                                                         const char            *text);
ParlanceStore        *parlance_test_open_store          (void);
ParlanceProvider     *parlance_test_new_openrouter      (FakeProvider          *server);

gboolean              parlance_test_saving              (ParlanceChatSession   *session);
/* Until everything asked of the session and the store is on disk, and nothing (a title being
 * asked for) holds the session any more. */
void                  parlance_test_settle              (ParlanceChatSession   *session,
                                                         ParlanceStore         *store);
void                  parlance_test_send                (ParlanceChatSession   *session,
                                                         const char            *text);
void                  parlance_test_send_and_wait       (ParlanceTestSession   *f,
                                                         const char            *text);
gint64                parlance_test_conversation_id     (ParlanceTestSession   *f);

/* What is on disk, read back as another process would. */
GPtrArray            *parlance_test_stored_branch       (ParlanceStore         *store,
                                                         gint64                 id);
ParlanceConversation *parlance_test_stored_conversation (ParlanceStore         *store,
                                                         gint64                 id);
ParlanceMessage      *parlance_test_message_at          (GPtrArray             *messages,
                                                         guint                  i);
gboolean              parlance_test_stored_reply_is     (ParlanceStore         *store,
                                                         gint64                 id,
                                                         const char            *text,
                                                         ParlanceMessageStatus  status);

/* What the fake server received: request @index's body, and its messages as "role: content"
 * lines. */
JsonObject           *parlance_test_request_body        (FakeProvider          *server,
                                                         guint                  index);
char                 *parlance_test_request_history     (FakeProvider          *server,
                                                         guint                  index);

#define parlance_test_assert_history(server, index, expected) \
  G_STMT_START { \
    g_autofree char *_history = parlance_test_request_history ((server), (index)); \
    g_assert_cmpstr (_history, ==, (expected)); \
  } G_STMT_END

G_END_DECLS
