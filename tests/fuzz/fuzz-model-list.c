/* fuzz-model-list.c — libFuzzer: a `GET /models` answer (or the cache after its first line).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes give models or a MALFORMED error, never a crash; what the walk without a tree
 * accepts, json-glib must find to be an object with a "data" member too.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parlance-api-error.h"
#include "parlance-json.h"
#include "parlance-model-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;

  models = parlance_model_list_parse ((const char *) data, size, "fuzz", &error);
  if (models == NULL)
    {
      if (!g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED))
        abort ();
      return 0;
    }

  /* Accepted: the answer passes the depth guard, and its top level is an object. */
  if (!parlance_json_check_depth ((const char *) data, size, PARLANCE_JSON_MAX_DEPTH, NULL))
    abort ();
  for (guint i = 0; i < models->len; i++)
    if (g_ptr_array_index (models, i) == NULL)
      abort ();
  return 0;
}
