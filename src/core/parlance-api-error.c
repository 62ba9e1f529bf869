/* parlance-api-error.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "parlance-api-error.h"


GQuark
parlance_api_error_quark (void)
{
  return g_quark_from_static_string ("parlance-api-error-quark");
}

/**
 * parlance_api_error_from_status:
 * @status: an HTTP status of 400 or more
 *
 * Returns: the error class of a failed HTTP answer
 */
ParlanceApiError
parlance_api_error_from_status (guint status)
{
  switch (status)
    {
    case 401:
      return PARLANCE_API_ERROR_UNAUTHORIZED;
    case 402:
      return PARLANCE_API_ERROR_PAYMENT_REQUIRED;
    case 403:
      return PARLANCE_API_ERROR_FORBIDDEN;
    case 404:
      return PARLANCE_API_ERROR_NOT_FOUND;
    case 429:
      return PARLANCE_API_ERROR_RATE_LIMITED;
    case 408: /* the provider timed out waiting for the model */
    case 524: /* Cloudflare: the origin timed out */
    case 529: /* overloaded */
      return PARLANCE_API_ERROR_SERVER;
    default:
      return status >= 500 ? PARLANCE_API_ERROR_SERVER : PARLANCE_API_ERROR_BAD_REQUEST;
    }
}

/**
 * parlance_api_error_to_string:
 *
 * Returns: a stable, untranslated name for scripts (`parlance-cli chat --json`)
 */
const char *
parlance_api_error_to_string (ParlanceApiError code)
{
  static const char * const names[] = {
    "unauthorized", "payment-required", "forbidden", "not-found", "rate-limited",
    "bad-request", "server", "stream", "malformed", "network", "timeout", "cancelled",
    "insecure-url", "invalid-url", "no-key",
  };

  if ((guint) code < G_N_ELEMENTS (names))
    return names[code];
  return "unknown";
}
