/* parlance-redact.h — keeping API keys out of the text that is shown.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *parlance_redact_secrets (const char *text,
                               const char *key);
char *parlance_redact_secrets_with (const char *text,
                                    const char *key,
                                    GPtrArray  *more_secrets);

G_END_DECLS
