/* fake-hostile.h — the fake provider's hostile group: answers meant to break a client.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fake-provider.h"

G_BEGIN_DECLS

/* How deep the deep answers nest: enough to overflow a recursive parser's stack. */
#define FAKE_HOSTILE_DEPTH 100000

typedef struct
{
  const char *name;
  const char *method;
  const char *path;
  const char *description;
} FakeHostileFault;

const FakeHostileFault *fake_hostile_list         (guint       *n_faults);
const FakeHostileFault *fake_hostile_lookup       (const char  *name);
FakeResponse           *fake_hostile_response_new (const char  *name,
                                                   guint64      size);

G_END_DECLS
