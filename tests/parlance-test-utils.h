/* parlance-test-utils.h — what every Parlance test sets up the same way.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fake-provider.h"
#include "parlance-chat-client.h"
#include "parlance-store.h"

G_BEGIN_DECLS

/* A chat client talking to a fake provider standing in for OpenRouter: the fixture of the tests
 * that drive ParlanceChatClient directly (g_test_add with these two as set-up and tear-down). */
typedef struct
{
  FakeProvider       *fake;
  ParlanceProvider   *provider;
  ParlanceChatClient *client;
} ParlanceTestClient;

/* data: (nullable): the id of the built-in provider to point at the fake, NULL for OpenRouter */
void         parlance_test_client_setup    (ParlanceTestClient *f,
                                            gconstpointer       data);
void         parlance_test_client_teardown (ParlanceTestClient *f,
                                            gconstpointer       data);

void         parlance_test_init           (int          *argc,
                                           char       ***argv);
const char  *parlance_test_get_tmp_dir    (void);
char        *parlance_test_build_path     (const char   *first,
                                           ...) G_GNUC_NULL_TERMINATED;
gboolean     parlance_test_wait_until     (gboolean    (*condition) (gpointer data),
                                           gpointer      data,
                                           guint         timeout_ms);
GBytes      *parlance_test_load_fixture   (const char   *name);
FakeResponse *parlance_test_fixture_response (guint         status,
                                              const char   *name);
gboolean     parlance_test_require_keyring (void);
/* Drops the caller's reference to @object and waits (running the main loop) until it is
 * finalized: every task that held it has let go. */
void         parlance_test_unref_and_wait (gpointer object);
void         parlance_test_assert_no_file_contains (const char *dir,
                                                    const char *needle);
void         parlance_test_record_requests (ParlanceStore *store,
                                            const char    *provider_id,
                                            const char    *model,
                                            gint64         first,
                                            guint          n);
/* A 429 "free-models-per-min", with Retry-After @retry_after (seconds), or none when NULL. */
void         parlance_test_queue_per_minute (FakeProvider *server,
                                             const char   *retry_after);

guint        _parlance_test_wake_up_start (void);

/* Iterate the default main context until EXPR holds; fail the test after TIMEOUT_MS.
 * A ticking source wakes the blocking iteration up so that the deadline is checked. */
#define parlance_test_wait_for(expr, timeout_ms) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    guint _tick = _parlance_test_wake_up_start (); \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > _deadline) \
          g_error ("%s:%d: timed out after %d ms waiting for: %s", \
                   __FILE__, __LINE__, (int) (timeout_ms), #expr); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (_tick); \
  } G_STMT_END

G_END_DECLS
