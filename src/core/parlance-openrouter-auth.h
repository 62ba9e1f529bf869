/* parlance-openrouter-auth.h — "Sign in with OpenRouter": OAuth PKCE to a key in the keyring.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-key-store.h"
#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_OPENROUTER_AUTH_URL "https://openrouter.ai/auth"
/* How long the browser has to come back, by default. */
#define PARLANCE_OPENROUTER_AUTH_DEFAULT_TIMEOUT_MS (5 * 60 * 1000)

#define PARLANCE_OPENROUTER_AUTH_ERROR (parlance_openrouter_auth_error_quark ())

/**
 * ParlanceOpenrouterAuthError:
 * @PARLANCE_OPENROUTER_AUTH_ERROR_LISTEN: no port on the loopback could be opened
 * @PARLANCE_OPENROUTER_AUTH_ERROR_TIMED_OUT: the browser did not come back in time
 * @PARLANCE_OPENROUTER_AUTH_ERROR_DECLINED: the browser came back without a code
 * @PARLANCE_OPENROUTER_AUTH_ERROR_REFUSED: OpenRouter did not exchange the code for a key
 * @PARLANCE_OPENROUTER_AUTH_ERROR_MALFORMED: OpenRouter's answer held no usable key
 * @PARLANCE_OPENROUTER_AUTH_ERROR_BUSY: a sign-in is already under way
 */
typedef enum
{
  PARLANCE_OPENROUTER_AUTH_ERROR_LISTEN,
  PARLANCE_OPENROUTER_AUTH_ERROR_TIMED_OUT,
  PARLANCE_OPENROUTER_AUTH_ERROR_DECLINED,
  PARLANCE_OPENROUTER_AUTH_ERROR_REFUSED,
  PARLANCE_OPENROUTER_AUTH_ERROR_MALFORMED,
  PARLANCE_OPENROUTER_AUTH_ERROR_BUSY,
} ParlanceOpenrouterAuthError;

#define PARLANCE_TYPE_OPENROUTER_AUTH (parlance_openrouter_auth_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceOpenrouterAuth, parlance_openrouter_auth, PARLANCE, OPENROUTER_AUTH, GObject)

GQuark                  parlance_openrouter_auth_error_quark   (void);
ParlanceOpenrouterAuth *parlance_openrouter_auth_new           (ParlanceProvider       *provider,
                                                                ParlanceKeyStore       *key_store);
guint                   parlance_openrouter_auth_get_timeout   (ParlanceOpenrouterAuth *self);
void                    parlance_openrouter_auth_set_timeout   (ParlanceOpenrouterAuth *self,
                                                                guint                   timeout_ms);
const char             *parlance_openrouter_auth_get_auth_uri  (ParlanceOpenrouterAuth *self);
void                    parlance_openrouter_auth_sign_in_async (ParlanceOpenrouterAuth *self,
                                                                GCancellable           *cancellable,
                                                                GAsyncReadyCallback     callback,
                                                                gpointer                user_data);
gboolean                parlance_openrouter_auth_sign_in_finish (ParlanceOpenrouterAuth *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

char                   *parlance_openrouter_auth_dup_challenge (const char             *verifier);

G_END_DECLS
