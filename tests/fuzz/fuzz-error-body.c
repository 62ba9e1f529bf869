/* fuzz-error-body.c — libFuzzer: an HTTP error answer turned into words.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the status, a Retry-After line, an X-RateLimit-Reset line, then the
 * body. Whatever they hold, the result is an error of the status's class (or MALFORMED, for a
 * body nested too deep), in valid UTF-8, with a wait no longer than a week, classified (the
 * limit's words are the error's).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-http-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const guint statuses[] = { 400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503, 524, 529 };

/* The next line of @data, as a header value (NUL-free, valid for libsoup), or NULL. */
static char *
next_line (const uint8_t **data,
           size_t         *size)
{
  const uint8_t *newline = memchr (*data, '\n', *size);
  size_t len = newline ? (size_t) (newline - *data) : *size;
  char *line = g_strndup ((const char *) *data, len);

  *data += newline ? len + 1 : len;
  *size -= newline ? len + 1 : len;
  if (strlen (line) != len || len == 0 || strchr (line, '\r') != NULL)
    g_clear_pointer (&line, g_free);
  return line;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(ParlanceHttpError) http = NULL;
  g_autofree char *retry_after = NULL;
  g_autofree char *reset = NULL;
  guint status;

  if (size < 1)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  data++;
  size--;
  retry_after = next_line (&data, &size);
  reset = next_line (&data, &size);
  if (retry_after != NULL)
    soup_message_headers_append (headers, "Retry-After", retry_after);
  if (reset != NULL)
    soup_message_headers_append (headers, "X-RateLimit-Reset", reset);

  http = _parlance_http_error_new (status % 2 ? "openrouter" : "gemini", "Fuzz", status, "Reason",
                                   headers, (const char *) data, size,
                                   status == 404 && size % 2 ? "http://127.0.0.1:1/v1/models" : NULL);
  if (http->error == NULL || http->error->domain != PARLANCE_API_ERROR ||
      (http->error->code != (int) parlance_api_error_from_status (status) &&
       http->error->code != PARLANCE_API_ERROR_MALFORMED) ||
      http->limit == NULL ||
      parlance_limit_error_get_retry_after (http->limit) > PARLANCE_MAX_WAIT_SECONDS ||
      parlance_limit_error_get_kind (http->limit) > PARLANCE_LIMIT_KIND_CONTEXT_LENGTH ||
      g_strcmp0 (parlance_limit_error_get_message (http->limit), http->error->message) != 0 ||
      !g_utf8_validate (http->error->message, -1, NULL))
    abort ();
  return 0;
}
