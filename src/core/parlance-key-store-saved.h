/* parlance-key-store-saved.h — whether the keyring holds a provider's key, whatever else wins.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-key-store.h"

G_BEGIN_DECLS

void     parlance_key_store_has_saved_key_async  (ParlanceKeyStore    *self,
                                                  const char          *provider_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean parlance_key_store_has_saved_key_finish (ParlanceKeyStore    *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
