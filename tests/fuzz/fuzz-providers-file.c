/* fuzz-providers-file.c — libFuzzer: providers.json as anyone may have edited it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes go through the registry's own loading (a file in a private folder, so that the
 * registry is used exactly as the app uses it): a broken file is an error that says why, the
 * built-ins always stay, and nothing crashes.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "parlance-provider-registry.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *path;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ParlanceProviderRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("parlance-fuzz-XXXXXX", NULL);

      if (dir == NULL)
        abort ();
      path = g_build_filename (dir, "providers.json", NULL);
      /* The registry's paths lead into this folder, never to the real configuration. */
      g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
      g_setenv ("XDG_DATA_HOME", dir, TRUE);
      g_setenv ("XDG_CACHE_HOME", dir, TRUE);
      /* Loading never reaches the keyring (moving old secret headers there is load_async's);
       * should that change, it finds none rather than the user's. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parlance-fuzz-bus", TRUE);
    }
  /* Without fsync: thousands of runs a second. */
  if (!g_file_set_contents_full (path, (const char *) data, (gssize) size, G_FILE_SET_CONTENTS_NONE,
                                 0600, NULL))
    abort ();

  registry = parlance_provider_registry_new (path);
  if (!parlance_provider_registry_load_sync (registry, &error) &&
      !g_error_matches (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE))
    abort ();
  if (parlance_provider_registry_lookup (registry, "openrouter") == NULL)
    abort ();
  return 0;
}
