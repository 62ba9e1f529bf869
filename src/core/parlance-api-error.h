/* parlance-api-error.h — what can go wrong when talking to a provider, in plain words.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PARLANCE_API_ERROR (parlance_api_error_quark ())

/**
 * ParlanceApiError:
 * @PARLANCE_API_ERROR_UNAUTHORIZED: 401, the key is missing, wrong or revoked
 * @PARLANCE_API_ERROR_PAYMENT_REQUIRED: 402, out of credits
 * @PARLANCE_API_ERROR_FORBIDDEN: 403, refused or moderated (see the reply's reasons)
 * @PARLANCE_API_ERROR_NOT_FOUND: 404, unknown model or no endpoint serves it
 * @PARLANCE_API_ERROR_RATE_LIMITED: 429, see the reply's retry-after and rate-limit fields
 * @PARLANCE_API_ERROR_BAD_REQUEST: 400 and other 4xx, the request was not accepted
 * @PARLANCE_API_ERROR_SERVER: 5xx, 408, 524, 529: the provider or the model's host failed
 * @PARLANCE_API_ERROR_STREAM: an `error` object inside a 200 stream
 * @PARLANCE_API_ERROR_MALFORMED: the answer could not be understood
 * @PARLANCE_API_ERROR_NETWORK: no connection, or the connection was lost
 * @PARLANCE_API_ERROR_TIMEOUT: nothing arrived for too long
 * @PARLANCE_API_ERROR_CANCELLED: stopped by the user
 * @PARLANCE_API_ERROR_INSECURE_URL: plain http:// to a host outside this computer or network
 * @PARLANCE_API_ERROR_INVALID_URL: not a usable base URL
 * @PARLANCE_API_ERROR_NO_KEY: the provider needs a key and none is set
 */
typedef enum
{
  PARLANCE_API_ERROR_UNAUTHORIZED,
  PARLANCE_API_ERROR_PAYMENT_REQUIRED,
  PARLANCE_API_ERROR_FORBIDDEN,
  PARLANCE_API_ERROR_NOT_FOUND,
  PARLANCE_API_ERROR_RATE_LIMITED,
  PARLANCE_API_ERROR_BAD_REQUEST,
  PARLANCE_API_ERROR_SERVER,
  PARLANCE_API_ERROR_STREAM,
  PARLANCE_API_ERROR_MALFORMED,
  PARLANCE_API_ERROR_NETWORK,
  PARLANCE_API_ERROR_TIMEOUT,
  PARLANCE_API_ERROR_CANCELLED,
  PARLANCE_API_ERROR_INSECURE_URL,
  PARLANCE_API_ERROR_INVALID_URL,
  PARLANCE_API_ERROR_NO_KEY,
} ParlanceApiError;

GQuark      parlance_api_error_quark          (void);
ParlanceApiError parlance_api_error_from_status (guint status);
const char *parlance_api_error_to_string      (ParlanceApiError code);

G_END_DECLS
