/* parlance-paths.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "parlance-paths.h"

/* Inside a Flatpak the XDG variables already point into ~/.var/app/<id>/, so one layout serves
 * the app, the CLI and the tests (which point XDG_*_HOME at temporary folders). */

/**
 * parlance_paths_dup_data_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/parlance`, where the conversation database lives
 */
char *
parlance_paths_dup_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "parlance", NULL);
}

/**
 * parlance_paths_dup_cache_dir:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/parlance`, for model catalogues
 */
char *
parlance_paths_dup_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "parlance", NULL);
}

/**
 * parlance_paths_dup_config_dir:
 *
 * Returns: (transfer full): `$XDG_CONFIG_HOME/parlance`, for provider definitions (never keys)
 */
char *
parlance_paths_dup_config_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "parlance", NULL);
}

/**
 * parlance_paths_ensure_dir:
 * @dir: a folder
 * @error: return location for a #GError
 *
 * Creates @dir and its parents, readable by the user only: it holds conversations.
 *
 * Returns: %TRUE if the folder exists afterwards
 */
gboolean
parlance_paths_ensure_dir (const char  *dir,
                           GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
