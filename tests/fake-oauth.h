/* fake-oauth.h — OpenRouter's key endpoints in the fake provider: the PKCE exchange
 * (POST auth/keys) and the key's state (GET key) for the keys it gave out.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FakeOauth FakeOauth;

FakeOauth *fake_oauth_new          (void);
void       fake_oauth_free         (FakeOauth         *self);
void       fake_oauth_add_code     (FakeOauth         *self,
                                    const char        *code,
                                    const char        *challenge,
                                    const char        *key);
void       fake_oauth_set_key_info (FakeOauth         *self,
                                    const char        *key,
                                    const char        *body);
gboolean   fake_oauth_handle       (FakeOauth         *self,
                                    SoupServerMessage *msg,
                                    const char        *method,
                                    const char        *path);

G_END_DECLS
