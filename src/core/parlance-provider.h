/* parlance-provider.h — one OpenAI-compatible endpoint.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PARLANCE_PROVIDER_KIND_OPENROUTER,
  PARLANCE_PROVIDER_KIND_GEMINI,
  PARLANCE_PROVIDER_KIND_OPENAI,
  PARLANCE_PROVIDER_KIND_OLLAMA,
  PARLANCE_PROVIDER_KIND_CUSTOM,
} ParlanceProviderKind;

#define PARLANCE_TYPE_PROVIDER (parlance_provider_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceProvider, parlance_provider, PARLANCE, PROVIDER, GObject)

ParlanceProvider     *parlance_provider_new_builtin      (const char            *id);
ParlanceProvider     *parlance_provider_new_custom       (const char            *id,
                                                          const char            *name,
                                                          const char            *base_url);
const char * const   *parlance_provider_get_builtin_ids  (void);
const char           *parlance_provider_get_id           (ParlanceProvider      *self);
const char           *parlance_provider_get_name         (ParlanceProvider      *self);
ParlanceProviderKind  parlance_provider_get_kind         (ParlanceProvider      *self);
const char           *parlance_provider_get_base_url     (ParlanceProvider      *self);
const char           *parlance_provider_get_default_base_url (ParlanceProvider  *self);
gboolean              parlance_provider_check_base_url   (ParlanceProvider      *self,
                                                          GError               **error);
gboolean              parlance_provider_set_base_url     (ParlanceProvider      *self,
                                                          const char            *base_url,
                                                          GError               **error);
gboolean              parlance_provider_get_needs_key    (ParlanceProvider      *self);
const char           *parlance_provider_get_keys_url     (ParlanceProvider      *self);
const char           *parlance_provider_get_default_model (ParlanceProvider     *self);
const char           *parlance_provider_get_last_check   (ParlanceProvider      *self);
void                  parlance_provider_set_last_check   (ParlanceProvider      *self,
                                                          const char            *last_check);
void                  parlance_provider_add_header       (ParlanceProvider      *self,
                                                          const char            *name,
                                                          const char            *value);
GPtrArray            *parlance_provider_get_headers      (ParlanceProvider      *self);
void                  parlance_provider_clear_headers    (ParlanceProvider      *self);
char                 *parlance_provider_dup_endpoint_url (ParlanceProvider      *self,
                                                          const char            *path);
const char           *parlance_provider_get_base_url_env_var (ParlanceProvider  *self);
gboolean              parlance_provider_get_base_url_from_env (ParlanceProvider *self);
ParlanceProvider     *parlance_provider_dup_snapshot     (ParlanceProvider      *self);
ParlanceProvider     *parlance_provider_dup_with_headers (ParlanceProvider      *self,
                                                          GPtrArray             *headers);
GPtrArray            *parlance_provider_get_secret_values (ParlanceProvider   *self);
gboolean              parlance_provider_same_endpoint    (ParlanceProvider      *self,
                                                          ParlanceProvider      *other);
char                 *parlance_provider_dup_origin       (ParlanceProvider      *self);
char                 *parlance_origin_for_url            (const char            *url);

gboolean              parlance_validate_base_url         (const char            *url,
                                                          GError               **error);

G_END_DECLS
