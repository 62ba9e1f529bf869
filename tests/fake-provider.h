/* fake-provider.h — an OpenAI-compatible server on 127.0.0.1 for tests and manual runs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It runs its SoupServer in a thread of its own, so a test's main loop (and its timing) belongs to
 * the code under test. Responses are queued per request path and served in order; a response
 * marked `repeat` answers every later request too.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FakeResponse FakeResponse;

FakeResponse *fake_response_new              (guint          status);
FakeResponse *fake_response_new_from_file    (guint          status,
                                              const char    *path,
                                              GError       **error);
FakeResponse *fake_response_ref              (FakeResponse  *self);
void          fake_response_unref            (FakeResponse  *self);
void          fake_response_set_body         (FakeResponse  *self,
                                              GBytes        *body);
void          fake_response_set_body_string  (FakeResponse  *self,
                                              const char    *body);
void          fake_response_set_body_repeated (FakeResponse *self,
                                               const char   *head,
                                               const char   *unit,
                                               guint64       count,
                                               const char   *tail);
void          fake_response_set_content_type (FakeResponse  *self,
                                              const char    *content_type);
void          fake_response_add_header       (FakeResponse  *self,
                                              const char    *name,
                                              const char    *value);
void          fake_response_set_chunking     (FakeResponse  *self,
                                              gsize          chunk_size,
                                              guint          delay_ms);
void          fake_response_set_random_chunks (FakeResponse *self,
                                               guint32       seed,
                                               gsize         max_chunk_size);
void          fake_response_set_one_write_each (FakeResponse *self,
                                                gboolean      one_write_each);
void          fake_response_set_close_after  (FakeResponse  *self,
                                              gsize          n_bytes);
void          fake_response_set_stall_after  (FakeResponse  *self,
                                              gsize          n_bytes);
void          fake_response_set_repeat       (FakeResponse  *self,
                                              gboolean       repeat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeResponse, fake_response_unref)

typedef struct
{
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
} FakeRequest;

void fake_request_free (FakeRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeRequest, fake_request_free)

#define FAKE_TYPE_PROVIDER (fake_provider_get_type ())

G_DECLARE_FINAL_TYPE (FakeProvider, fake_provider, FAKE, PROVIDER, GObject)

FakeProvider *fake_provider_new             (void);
FakeProvider *fake_provider_new_with_port   (guint          port,
                                             GError       **error);
guint         fake_provider_get_port        (FakeProvider  *self);
const char   *fake_provider_get_base_url    (FakeProvider  *self);
void          fake_provider_queue           (FakeProvider  *self,
                                             const char    *method,
                                             const char    *path,
                                             FakeResponse  *response);
gboolean      fake_provider_load_script     (FakeProvider  *self,
                                             const char    *script_path,
                                             GError       **error);
guint         fake_provider_get_n_requests  (FakeProvider  *self);
guint         fake_provider_count_requests  (FakeProvider  *self,
                                             const char    *method,
                                             const char    *path);
FakeRequest  *fake_provider_dup_request     (FakeProvider  *self,
                                             guint          index);
guint         fake_provider_get_n_open_streams (FakeProvider *self);
void          fake_provider_add_auth_code   (FakeProvider  *self,
                                             const char    *code,
                                             const char    *challenge,
                                             const char    *key);
void          fake_provider_set_key_info    (FakeProvider  *self,
                                             const char    *key,
                                             const char    *body);

/* A model that always fails (issue #14's fallbacks): 429 "free-models-per-min", 429
 * "free-models-per-day", 503, or 404 "No endpoints found for MODEL." */
typedef enum
{
  FAKE_MODEL_FAULT_NONE,
  FAKE_MODEL_FAULT_RATE_LIMITED,
  FAKE_MODEL_FAULT_DAILY_QUOTA,
  FAKE_MODEL_FAULT_UNAVAILABLE,
  FAKE_MODEL_FAULT_NO_ENDPOINTS,
} FakeModelFault;

void          fake_provider_set_model_fault (FakeProvider   *self,
                                             const char     *model,
                                             FakeModelFault  fault);

G_END_DECLS
