/* parlance-test-cli-store.h — parlance-cli against a conversation database of the test's own.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-store.h"
#include "parlance-test-cli.h"

G_BEGIN_DECLS

/* A fake provider and an XDG_DATA_HOME of its own for every test. */
typedef struct
{
  Fixture  cli;
  char    *data_home;
  char    *db_path;      /* $XDG_DATA_HOME/parlance/parlance.db */
  char    *env[2];       /* { "XDG_DATA_HOME=…", NULL } for run_cli() */
} StoreFixture;

void          store_fixture_setup    (StoreFixture       *f,
                                      gconstpointer       data);
void          store_fixture_teardown (StoreFixture       *f,
                                      gconstpointer       data);

#define add_store_test(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

/* A streamed reply: one delta per word of @text (words keep their spaces), then usage with
 * @cost written as is (NULL: no cost). */
char         *sse_for_text           (const char         *text,
                                      const char         *cost);
FakeResponse *queue_text_reply       (StoreFixture       *f,
                                      const char         *text,
                                      const char         *cost);
/* @count deltas of @unit, one every @delay_ms: a reply that takes its time. */
FakeResponse *queue_slow_reply       (StoreFixture       *f,
                                      const char         *unit,
                                      guint               count,
                                      guint               delay_ms);

/* parlance-cli with the fixture's data folder, against its fake provider. */
Run          *store_run              (StoreFixture       *f,
                                      const char * const *args);
Run          *store_run_start        (StoreFixture       *f,
                                      const char * const *args);
/* The id in "Saved as conversation 42" on standard error; fails when there is none. */
gint64        saved_id               (Run                *run);

/* Parses standard output as one JSON document; the root object (borrowed from @parser). */
JsonObject   *parse_object           (JsonParser         *parser,
                                      const char         *text);
/* `chats show ID --json`, run as another process. */
JsonObject   *show_conversation      (StoreFixture       *f,
                                      gint64              id,
                                      JsonParser         *parser);
/* `doctor --json`: the report, and the exit status. */
JsonObject   *run_doctor             (StoreFixture       *f,
                                      JsonParser         *parser,
                                      int                *status);
/* The members of @object, sorted and joined by commas: "content,cost,created,…". */
char         *dup_member_names       (JsonObject         *object);

G_END_DECLS
