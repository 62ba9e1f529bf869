/* parlance-key-store-private.h — what the parlance-key-store*.c files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "parlance-key-store.h"

G_BEGIN_DECLS

struct _ParlanceKeyStore
{
  GObject     parent_instance;

  GHashTable *session_keys;   /* provider id → key; values are wiped when dropped */
  guint       timeout_ms;
};

extern const SecretSchema _parlance_key_schema;
extern const SecretSchema _parlance_header_schema;

typedef enum
{
  KEY_OP_STORE,
  KEY_OP_LOOKUP,
  KEY_OP_DELETE,
  KEY_OP_LOOKUP_BOUND,    /* the key and secret headers for a provider's address */
  KEY_OP_CONFIRM,         /* binds a provider's items to its new address */
  KEY_OP_STORE_HEADERS,
} KeyOpKind;

/* One keyring item to read, and maybe to save again bound to op->origin. */
typedef struct
{
  SecretRetrievable *item;
  gboolean           is_header;
  gboolean           rebind;
  SecretValue       *value;
} ItemJob;

typedef struct
{
  KeyOpKind        kind;
  char            *provider_id;
  char            *label;        /* store only */
  char            *key;          /* store only; wiped as soon as libsecret has its own copy */
  GDBusConnection *bus;          /* held so that libsecret finds the same connection */
  GCancellable    *cancellable;  /* ours: cancelled on timeout or when the caller cancels */
  GSource         *timeout_source;
  GSource         *cancelled_source;
  gboolean         completed;
  gboolean         removed;       /* delete only: a key was there and is gone */
  gboolean         with_headers;  /* delete: the secret headers go too */
  gboolean         headers_pass;
  char            *origin;        /* store, bound lookup, confirm: the address's origin */
  gboolean         check_origin;  /* bound lookup: refuse items saved for another origin */
  char            *legacy_origin; /* bound lookup: where an item without origin was saved, if known */
  char            *provider_name;
  GList           *key_items;     /* bound lookup, confirm: what the search found */
  GList           *header_items;
  GQueue           jobs;          /* of ItemJob */
  char            *found_key;
  GPtrArray       *found_headers; /* name, value…; values wiped */
  GPtrArray       *new_headers;   /* store headers: name, value…; values wiped */
  guint            next_header;
} KeyOp;

typedef struct
{
  char              *key;
  ParlanceKeySource  source;
  GPtrArray         *headers;
} LookupResult;

/* What parlance-key-store-items.c does with a provider's items. */
typedef enum
{
  KEY_ITEMS_UNLOCK,   /* find them all, unlocking the locked ones */
  KEY_ITEMS_ANY,      /* is there one? */
  KEY_ITEMS_CLEAR,    /* remove the unlocked ones */
} KeyItemsOp;


void     _parlance_key_wipe_free                (gpointer               data);
void     _parlance_key_lookup_result_free       (gpointer               data);
void     _parlance_key_item_job_free            (gpointer               data);
GPtrArray *_parlance_key_secret_pairs_new       (void);
GTask   *_parlance_key_op_new                   (ParlanceKeyStore      *self,
                                                 KeyOpKind              kind,
                                                 const char            *provider_id,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data,
                                                 gpointer               source_tag);
GTask   *_parlance_key_bound_op_new             (ParlanceKeyStore      *self,
                                                 KeyOpKind              kind,
                                                 ParlanceProvider      *provider,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data,
                                                 gpointer               source_tag);
gboolean _parlance_key_bound_op_check           (GTask                 *task);
void     _parlance_key_op_start                 (GTask                 *task);
void     _parlance_key_op_complete              (GTask                 *task);
gboolean _parlance_key_op_return_if_cancelled   (GTask                 *task);
void     _parlance_key_op_return_invalid        (GTask                 *task,
                                                 const char            *message);
void     _parlance_key_op_return_error_code     (GTask                 *task,
                                                 ParlanceKeyStoreError  code);
void     _parlance_key_op_return_error          (GTask                 *task,
                                                 const GError          *error);
gboolean _parlance_key_store_check_provider_id  (GTask                 *task,
                                                 const char            *provider_id);
void     _parlance_key_store_emit_key_changed   (ParlanceKeyStore      *self,
                                                 const char            *provider_id);
gboolean _parlance_key_store_has_session_key    (ParlanceKeyStore      *self,
                                                 const char            *provider_id);
gboolean _parlance_key_is_blank                 (const char            *str);
void     _parlance_key_store_key_now            (GTask                 *task);
void     _parlance_key_on_password_looked_up    (GObject               *object,
                                                 GAsyncResult          *result,
                                                 gpointer               user_data);
void     _parlance_key_on_password_cleared      (GObject               *object,
                                                 GAsyncResult          *result,
                                                 gpointer               user_data);
void     _parlance_key_on_keys_searched         (GObject               *object,
                                                 GAsyncResult          *result,
                                                 gpointer               user_data);
void     _parlance_key_items_async              (KeyItemsOp             op,
                                                 const SecretSchema    *schema,
                                                 const char            *provider_id,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean _parlance_key_items_finish             (GAsyncResult          *result,
                                                 GError               **error);
GList   *_parlance_key_items_list_finish        (GAsyncResult          *result,
                                                 GError               **error);
void     _parlance_key_items_free               (GList                 *items);
void     _parlance_key_on_headers_cleared       (GObject               *object,
                                                 GAsyncResult          *result,
                                                 gpointer               user_data);

G_END_DECLS
