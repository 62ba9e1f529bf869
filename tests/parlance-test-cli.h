/* parlance-test-cli.h — running the built parlance-cli against the fake provider, for the
 * tests of its commands (test-cli-*.c).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fake-provider.h"
#include "parlance-test-utils.h"

G_BEGIN_DECLS

#define WAIT_MS 30000

#define SIMPLE_TEXT "Hello! Parlance streams this reply — with UTF-8: héllo 👋\n\nSecond paragraph."
#define DEFAULT_MODEL "meta-llama/llama-3.3-70b-instruct:free"
/* A session bus that isn't there: no keyring to be found. */
#define NO_BUS "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/parlance-test-bus"
#define NO_KEY_MESSAGE "No API key for OpenRouter. Set one with: parlance-cli key set openrouter " \
                       "(or set OPENROUTER_API_KEY)"

extern const char *cli_path;      /* $PARLANCE_CLI */
extern char       *env_key;       /* given through OPENROUTER_API_KEY */
extern char       *keyring_key;   /* saved with `key set` */

typedef struct
{
  GSubprocess  *process;
  GString      *out;
  GString      *err;
  gboolean      out_done;
  gboolean      err_done;
  gboolean      exited;
  gboolean      interrupt_on_output;
  gboolean      interrupted;
  int           status;
  guint8        out_buffer[4096];
  guint8        err_buffer[4096];
  GArray       *out_marks;      /* RunMark: how much of standard output had come, when */
} Run;

/* Standard output as it arrived: @length bytes in all at @time (monotonic). */
typedef struct
{
  gint64 time;
  gsize  length;
} RunMark;

typedef struct
{
  FakeProvider *fake;
  const char   *url;
} Fixture;

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("%s:%d: “%s” not found in:\n%s", __FILE__, __LINE__, (needle), (haystack)); \
  } G_STMT_END

void          run_free          (Run                *run);
Run          *run_cli_full      (const char         *base_url,
                                 const char * const *env,
                                 const char         *input,
                                 gboolean            interrupt_on_output,
                                 const char * const *args);
Run          *run_cli_start     (const char         *base_url,
                                 const char * const *env,
                                 const char * const *args);
void          run_cli_wait      (Run                *run);
gsize         run_out_length_at (Run                *run,
                                 gint64              time);
Run          *run_cli_terminal  (const char         *base_url,
                                 const char * const *env,
                                 const char * const *args);
Run          *run_cli           (const char         *base_url,
                                 const char * const *env,
                                 const char         *input,
                                 const char * const *args);
void          fixture_setup     (Fixture            *f,
                                 gconstpointer       data);
void          fixture_teardown  (Fixture            *f,
                                 gconstpointer       data);
FakeResponse *queue_fixture     (Fixture            *f,
                                 const char         *method,
                                 const char         *path,
                                 guint               status,
                                 const char         *name);
JsonObject   *request_body      (Fixture            *f,
                                 guint               index,
                                 JsonParser         *parser);
const char   *message_content   (JsonObject         *body,
                                 guint               index,
                                 const char         *role);
char         *dup_authorization (Fixture            *f,
                                 guint               index);
char         *make_key          (const char         *tag);
void          parlance_test_cli_init (int           *argc,
                                      char        ***argv);
void          parlance_test_cli_clear (void);

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

extern int parlance_test_cli_interrupt_signal;

G_END_DECLS
