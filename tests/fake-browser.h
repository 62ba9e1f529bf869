/* fake-browser.h — the user's browser in a sign-in, driven by the test.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test takes the address Parlance would open, reads it as OpenRouter's page would
 * (fake_browser_read_auth_uri()), and "comes back" by visiting the callback with a code
 * (fake_browser_visit()), on the test's main context, without blocking it.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char *page;            /* the address without its query: https://openrouter.ai/auth */
  char *callback_url;
  char *code_challenge;
  char *code_challenge_method;
  guint n_params;
} FakeBrowserAuth;

gboolean fake_browser_read_auth_uri (const char       *uri,
                                     FakeBrowserAuth  *auth,
                                     GError          **error);
void     fake_browser_auth_clear    (FakeBrowserAuth  *auth);

typedef struct
{
  gboolean     done;
  guint        status;     /* 0 when the connection failed */
  char        *body;
  GError      *error;
  SoupSession *session;
} FakeVisit;

FakeVisit *fake_browser_visit       (const char       *url);
void       fake_visit_free          (FakeVisit        *visit);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FakeBrowserAuth, fake_browser_auth_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeVisit, fake_visit_free)

G_END_DECLS
