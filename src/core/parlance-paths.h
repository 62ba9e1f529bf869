/* parlance-paths.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *parlance_paths_dup_data_dir   (void);
char     *parlance_paths_dup_cache_dir  (void);
char     *parlance_paths_dup_config_dir (void);
gboolean  parlance_paths_ensure_dir     (const char  *dir,
                                         GError     **error);

G_END_DECLS
