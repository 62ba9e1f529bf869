/* parlance-key-store.h — API keys in the system keyring, and nowhere else.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-provider.h"

G_BEGIN_DECLS

#define PARLANCE_KEY_STORE_ERROR (parlance_key_store_error_quark ())

typedef enum
{
  PARLANCE_KEY_STORE_ERROR_NO_SERVICE,   /* no Secret Service answers on the session bus */
  PARLANCE_KEY_STORE_ERROR_LOCKED,       /* the keyring is locked and was not unlocked */
  PARLANCE_KEY_STORE_ERROR_TIMED_OUT,    /* the keyring did not answer in time */
  PARLANCE_KEY_STORE_ERROR_INVALID,      /* an empty key or provider id */
  PARLANCE_KEY_STORE_ERROR_FAILED,
  PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED, /* the key is bound to another address: confirm first */
} ParlanceKeyStoreError;

typedef enum
{
  PARLANCE_KEY_SOURCE_NONE,
  PARLANCE_KEY_SOURCE_KEYRING,
  PARLANCE_KEY_SOURCE_ENVIRONMENT,
  PARLANCE_KEY_SOURCE_SESSION,           /* kept in memory for this run only */
} ParlanceKeySource;

#define PARLANCE_TYPE_KEY_STORE (parlance_key_store_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceKeyStore, parlance_key_store, PARLANCE, KEY_STORE, GObject)

GQuark            parlance_key_store_error_quark    (void);
ParlanceKeyStore *parlance_key_store_get_default    (void);
ParlanceKeyStore *parlance_key_store_new            (void);
const char       *parlance_key_store_get_env_var    (const char           *provider_id);

void              parlance_key_store_store_async    (ParlanceKeyStore     *self,
                                                     const char           *provider_id,
                                                     const char           *provider_name,
                                                     const char           *key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          parlance_key_store_store_finish   (ParlanceKeyStore     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void              parlance_key_store_lookup_async   (ParlanceKeyStore     *self,
                                                     const char           *provider_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char             *parlance_key_store_lookup_finish  (ParlanceKeyStore     *self,
                                                     GAsyncResult         *result,
                                                     ParlanceKeySource    *source,
                                                     GError              **error);
void              parlance_key_store_delete_async   (ParlanceKeyStore     *self,
                                                     const char           *provider_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          parlance_key_store_delete_finish  (ParlanceKeyStore     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean          parlance_key_store_delete_finish_full (ParlanceKeyStore *self,
                                                         GAsyncResult     *result,
                                                         gboolean         *removed,
                                                         GError          **error);
gboolean          parlance_key_store_set_session_key (ParlanceKeyStore    *self,
                                                      const char          *provider_id,
                                                      const char          *key,
                                                      GError             **error);
gboolean          parlance_key_store_check_key      (const char           *key,
                                                     char                **clean,
                                                     GError              **error);
void              parlance_key_store_forget_session_key (ParlanceKeyStore *self,
                                                         const char       *provider_id);
guint             parlance_key_store_get_timeout    (ParlanceKeyStore     *self);
void              parlance_key_store_set_timeout    (ParlanceKeyStore     *self,
                                                     guint                 timeout_ms);

void              parlance_key_store_lookup_for_async (ParlanceKeyStore   *self,
                                                       ParlanceProvider   *provider,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
char             *parlance_key_store_lookup_for_finish (ParlanceKeyStore  *self,
                                                        GAsyncResult      *result,
                                                        ParlanceKeySource *source,
                                                        GPtrArray        **headers,
                                                        GError           **error);
void              parlance_key_store_store_for_async (ParlanceKeyStore    *self,
                                                      ParlanceProvider    *provider,
                                                      const char          *key,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void              parlance_key_store_confirm_origin_async (ParlanceKeyStore    *self,
                                                           ParlanceProvider    *provider,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          parlance_key_store_confirm_origin_finish (ParlanceKeyStore  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);
void              parlance_key_store_store_headers_async (ParlanceKeyStore    *self,
                                                          ParlanceProvider    *provider,
                                                          GPtrArray           *headers,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean          parlance_key_store_store_headers_finish (ParlanceKeyStore  *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);
void              parlance_key_store_delete_all_async (ParlanceKeyStore    *self,
                                                       const char          *provider_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          parlance_is_secret_header         (const char           *name);

/* Keys from parlance_key_store_lookup_finish() are plain memory: free them with this, which
 * overwrites them with zeros first. */
void              parlance_key_store_free_key       (char                 *key);

G_END_DECLS
