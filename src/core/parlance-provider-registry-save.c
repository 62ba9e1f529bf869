/* parlance-provider-registry-save.c — writing providers.json.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The file is written atomically, off the main thread for the app, and never while the last load
 * found it broken and the user changed nothing since (so a hand-edited file is not replaced by
 * what could be read of it without the user asking). */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "parlance-paths.h"
#include "parlance-provider-registry-private.h"

/* One custom provider: {"id", "name", "base_url", "headers": [[name, value]…], "enabled"}. */
static void
add_custom (JsonBuilder      *builder,
            ParlanceProvider *provider,
            Entry            *entry)
{
  GPtrArray *headers = parlance_provider_get_headers (provider);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, parlance_provider_get_id (provider));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, parlance_provider_get_name (provider));
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, entry->base_url);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint j = 0; j + 1 < headers->len; j += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (headers, j));
      json_builder_add_string_value (builder, g_ptr_array_index (headers, j + 1));
      json_builder_end_array (builder);
    }
  /* Not moved to the keyring yet (it failed): kept where they were rather than lost. */
  for (guint j = 0; entry->pending_secrets != NULL && j + 1 < entry->pending_secrets->len; j += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (entry->pending_secrets, j));
      json_builder_add_string_value (builder, g_ptr_array_index (entry->pending_secrets, j + 1));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, entry->enabled);
  json_builder_end_object (builder);
}

/* "builtins": {id: {"enabled", "base_url"}…} */
static void
add_builtins (ParlanceProviderRegistry *self,
              JsonBuilder              *builder)
{
  const char * const *ids = parlance_provider_get_builtin_ids ();

  json_builder_set_member_name (builder, "builtins");
  json_builder_begin_object (builder);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      Entry *entry = g_hash_table_lookup (self->entries, ids[i]);

      json_builder_set_member_name (builder, ids[i]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, entry->enabled);
      json_builder_set_member_name (builder, "base_url");
      if (entry->base_url != NULL)
        json_builder_add_string_value (builder, entry->base_url);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static char *
to_json (ParlanceProviderRegistry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PARLANCE_PROVIDERS_FILE_VERSION);

  json_builder_set_member_name (builder, "providers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      const char *id = parlance_provider_get_id (provider);

      if (!_parlance_provider_registry_is_builtin_id (id))
        add_custom (builder, provider, g_hash_table_lookup (self->entries, id));
    }
  json_builder_end_array (builder);

  add_builtins (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
check_can_save (ParlanceProviderRegistry  *self,
                GError                   **error)
{
  if (self->load_error != NULL && !self->changed_since_load)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE,
                   _("The providers file “%s” is not overwritten while it has problems: fix it, "
                     "or change a provider to replace it with what Parlance could read."),
                   self->path);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *path;
  char *contents;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_free (data->contents);
  g_free (data);
}

static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!parlance_paths_ensure_dir (dir, error))
    return FALSE;
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (write_file (data->path, data->contents, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * parlance_provider_registry_save_async:
 *
 * Writes providers.json atomically in a thread. When the last load found the file broken, this
 * fails with %PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE and leaves the file as it is, unless a
 * change was made through this API since (adding, removing, enabling, setting an address): that
 * change is the user's confirmation that what could be read replaces the file.
 */
void
parlance_provider_registry_save_async (ParlanceProviderRegistry *self,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data;

  g_return_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_provider_registry_save_async);

  if (!check_can_save (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->path = g_strdup (self->path);
  data->contents = to_json (self);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
parlance_provider_registry_save_finish (ParlanceProviderRegistry  *self,
                                        GAsyncResult              *result,
                                        GError                   **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* The file now holds what the registry does. */
  g_clear_error (&self->load_error);
  return TRUE;
}

/**
 * parlance_provider_registry_save_sync:
 *
 * parlance_provider_registry_save_async() for the command line, which has nothing else to do.
 *
 * Returns: whether providers.json was written
 */
gboolean
parlance_provider_registry_save_sync (ParlanceProviderRegistry  *self,
                                      GError                   **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);

  if (!check_can_save (self, error))
    return FALSE;

  contents = to_json (self);
  if (!write_file (self->path, contents, error))
    return FALSE;

  g_clear_error (&self->load_error);
  return TRUE;
}
