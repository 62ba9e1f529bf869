/* parlance-search-provider.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_SEARCH_PROVIDER (parlance_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceSearchProvider, parlance_search_provider, PARLANCE, SEARCH_PROVIDER, GObject)

/* The suffix of the application's object path where org.gnome.Shell.SearchProvider2 lives
 * (the ObjectPath of data/…search-provider.ini.in). */
#define PARLANCE_SEARCH_PROVIDER_PATH_SUFFIX "/SearchProvider"

ParlanceSearchProvider *parlance_search_provider_new      (GApplication            *application);
gboolean                parlance_search_provider_export   (ParlanceSearchProvider  *self,
                                                           GDBusConnection         *connection,
                                                           const char              *object_path,
                                                           GError                 **error);
void                    parlance_search_provider_unexport (ParlanceSearchProvider  *self);

/* The result id for a match, "CONVERSATION:MESSAGE", and back; FALSE for anything else. */
char                   *parlance_search_provider_make_id  (gint64                   conversation_id,
                                                           gint64                   message_id);
gboolean                parlance_search_provider_parse_id (const char              *id,
                                                           gint64                  *conversation_id,
                                                           gint64                  *message_id);

G_END_DECLS
