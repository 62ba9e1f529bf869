/* parlance-openrouter-auth-private.h — what the files of the sign-in share (private to the core).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "parlance-openrouter-auth.h"

G_BEGIN_DECLS

#define PARLANCE_OPENROUTER_AUTH_MAX_CODE_LENGTH 1024

void  _parlance_openrouter_auth_wipe          (char              *text);
void  _parlance_openrouter_auth_wipe_and_free (char              *text);
char *_parlance_openrouter_auth_dup_random    (gsize              n_bytes,
                                               GError           **error);
char *_parlance_openrouter_auth_dup_code      (const char        *query);
void  _parlance_openrouter_auth_answer_page   (SoupServerMessage *msg,
                                               guint              status,
                                               const char        *title,
                                               const char        *text);

G_END_DECLS
