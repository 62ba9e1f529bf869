/* parlance-provider-registry-load.c — reading providers.json into the registry.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* providers.json is a file the user may have edited by hand: every entry is checked, what is
 * valid is used, and what is not is described in one error for the user. Secret headers that an
 * older version wrote there are kept aside (Entry.pending_secrets) and moved to the keyring
 * afterwards (parlance-provider-registry-migrate.c). */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-json.h"
#include "parlance-key-store.h"
#include "parlance-provider-registry-private.h"

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL && json_object_has_member (object, name)
         ? json_object_get_member (object, name) : NULL;
}

static gboolean
node_is_type (JsonNode *node,
              GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* One problem, kept for the load error. */
static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static GPtrArray *
read_headers (JsonNode   *node,
              GPtrArray  *secrets,
              GError    **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&pairs);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto wrong_shape;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair_node = json_array_get_element (array, i);
      JsonArray *pair;
      const char *name, *value;

      if (!JSON_NODE_HOLDS_ARRAY (pair_node))
        goto wrong_shape;
      pair = json_node_get_array (pair_node);
      if (json_array_get_length (pair) != 2 ||
          !node_is_type (json_array_get_element (pair, 0), G_TYPE_STRING) ||
          !node_is_type (json_array_get_element (pair, 1), G_TYPE_STRING))
        goto wrong_shape;

      name = json_array_get_string_element (pair, 0);
      value = json_array_get_string_element (pair, 1);
      if (parlance_is_secret_header (name) && _parlance_provider_registry_is_token (name) &&
          strpbrk (value, "\r\n") == NULL && g_utf8_validate (value, -1, NULL))
        {
          /* Written by an older version: it moves to the keyring after loading. */
          g_ptr_array_add (secrets, g_strdup (name));
          g_ptr_array_add (secrets, g_strdup (value));
          continue;
        }
      if (!_parlance_provider_registry_check_header (name, value, error))
        return NULL;
      g_ptr_array_add (pairs, g_strdup (name));
      g_ptr_array_add (pairs, g_strdup (value));
    }
  return g_steal_pointer (&pairs);

wrong_shape:
  g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER,
               _("“headers” must be a list of [name, value] pairs"));
  return NULL;
}

static void
read_custom (ParlanceProviderRegistry *self,
             JsonNode                 *node,
             guint                     index,
             GPtrArray                *problems)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *id = parlance_json_get_string (object, "id");
  const char *name = parlance_json_get_string (object, "name");
  const char *base_url = parlance_json_get_string (object, "base_url");
  JsonNode *enabled = member (object, "enabled");
  g_autofree char *derived = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  ParlanceProvider *provider;

  /* Translators: names an entry of providers.json in an error: “provider 2 (“LM Studio”)” */
  label = name != NULL && g_utf8_validate (name, -1, NULL)
          ? g_strdup_printf (_("provider %u (“%s”)"), index + 1, name)
          : g_strdup_printf (_("provider %u"), index + 1);

  if (object == NULL)
    {
      add_problem (problems, _("%s is not an object"), label);
      return;
    }
  if (id == NULL || name == NULL || base_url == NULL)
    {
      add_problem (problems, _("%s needs an “id”, a “name” and a “base_url”, all text"), label);
      return;
    }
  if (!_parlance_provider_registry_check_name (name, &derived, &error))
    {
      add_problem (problems, "%s: %s", label, error->message);
      return;
    }
  g_clear_pointer (&derived, g_free);
  derived = parlance_provider_registry_derive_id (id);
  if (derived == NULL || !g_str_equal (derived, id))
    {
      add_problem (problems, _("%s: “%s” is not a valid id (lowercase letters, digits and -)"),
                   label, g_utf8_validate (id, -1, NULL) ? id : "?");
      return;
    }
  if (enabled != NULL && !node_is_type (enabled, G_TYPE_BOOLEAN))
    {
      add_problem (problems, _("%s: “enabled” must be true or false"), label);
      return;
    }
  if (!_parlance_provider_registry_check_unique (self, id, name, &error) ||
      !parlance_validate_base_url (base_url, &error) ||
      (headers = read_headers (member (object, "headers"), secrets, &error)) == NULL)
    {
      add_problem (problems, "%s: %s", label, error->message);
      return;
    }

  provider = _parlance_provider_registry_insert_custom (self, id, name, base_url, headers,
                                                        enabled != NULL ? json_node_get_boolean (enabled) : TRUE);
  if (secrets->len > 0)
    ((Entry *) g_hash_table_lookup (self->entries, parlance_provider_get_id (provider)))->pending_secrets =
      g_steal_pointer (&secrets);
}

static void
read_builtin (ParlanceProviderRegistry *self,
              const char               *id,
              JsonNode                 *node,
              GPtrArray                *problems)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  ParlanceProvider *provider = _parlance_provider_registry_find_by_id (self, id, NULL);
  Entry *entry = g_hash_table_lookup (self->entries, id);
  JsonNode *enabled = member (object, "enabled");
  JsonNode *base_url = member (object, "base_url");
  g_autoptr(GError) error = NULL;

  if (object == NULL)
    {
      add_problem (problems, _("the settings of %s are not an object"), id);
      return;
    }
  if (enabled != NULL && !node_is_type (enabled, G_TYPE_BOOLEAN))
    add_problem (problems, _("%s: “enabled” must be true or false"), id);
  else if (enabled != NULL)
    entry->enabled = json_node_get_boolean (enabled);

  if (base_url == NULL || JSON_NODE_HOLDS_NULL (base_url))
    return;
  if (!node_is_type (base_url, G_TYPE_STRING))
    add_problem (problems, _("%s: “base_url” must be text or null"), id);
  else if (!parlance_validate_base_url (json_node_get_string (base_url), &error))
    add_problem (problems, "%s: %s", id, error->message);
  else
    {
      entry->base_url = g_strdup (json_node_get_string (base_url));
      _parlance_provider_registry_apply_base_url (provider, entry->base_url);
    }
}

/* The root object of @contents, or NULL with the reason in @problems: not JSON, too deep, not an
 * object, or a format version this code does not read. */
static JsonObject *
parse_root (JsonParser *parser,
            const char *contents,
            gsize       length,
            GPtrArray  *problems)
{
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonNode *version;

  if (!parlance_json_check_depth (contents, length, PARLANCE_JSON_MAX_DEPTH, &parse_error) ||
      !json_parser_load_from_data (parser, contents, (gssize) length, &parse_error))
    {
      add_problem (problems, _("it is not valid JSON (%s)"), parse_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      add_problem (problems, _("it is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      add_problem (problems, _("it is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  version = member (root, "version");
  if (!node_is_type (version, G_TYPE_INT64))
    {
      add_problem (problems, _("it has no format “version”"));
      return NULL;
    }
  if (json_node_get_int (version) != PARLANCE_PROVIDERS_FILE_VERSION)
    {
      add_problem (problems, _("its format version %" G_GINT64_FORMAT " is not one this version "
                               "of Parlance reads (%d)"),
                   json_node_get_int (version), PARLANCE_PROVIDERS_FILE_VERSION);
      return NULL;
    }
  return root;
}

/* The custom providers, then the built-ins' settings. */
static void
read_root (ParlanceProviderRegistry *self,
           JsonObject               *root,
           GPtrArray                *problems)
{
  JsonNode *providers = member (root, "providers");
  JsonNode *builtins = member (root, "builtins");

  if (providers != NULL && JSON_NODE_HOLDS_ARRAY (providers))
    {
      JsonArray *array = json_node_get_array (providers);

      for (guint i = 0; i < json_array_get_length (array); i++)
        read_custom (self, json_array_get_element (array, i), i, problems);
    }
  else if (providers != NULL && !JSON_NODE_HOLDS_NULL (providers))
    add_problem (problems, _("“providers” is not a list"));

  if (builtins != NULL && JSON_NODE_HOLDS_OBJECT (builtins))
    {
      const char * const *ids = parlance_provider_get_builtin_ids ();

      /* Ids unknown to this version are left alone: a newer one may know them. */
      for (guint i = 0; ids[i] != NULL; i++)
        {
          JsonNode *node = member (json_node_get_object (builtins), ids[i]);

          if (node != NULL)
            read_builtin (self, ids[i], node, problems);
        }
    }
  else if (builtins != NULL && !JSON_NODE_HOLDS_NULL (builtins))
    add_problem (problems, _("“builtins” is not an object"));
}

/* Fills the registry from @contents, keeping every valid entry; FALSE with an error that names
 * @path and says what is wrong when anything had to be left out. */
static gboolean
apply_contents (ParlanceProviderRegistry  *self,
                const char                *contents,
                gsize                      length,
                GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *what = NULL;
  JsonObject *root;

  _parlance_provider_registry_reset (self);

  root = parse_root (parser, contents, length, problems);
  if (root != NULL)
    read_root (self, root, problems);

  _parlance_provider_registry_emit_changed (self);

  if (problems->len == 0)
    return TRUE;

  g_ptr_array_add (problems, NULL);
  what = g_strjoinv ("\n  • ", (char **) problems->pdata);
  g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE,
               _("The providers file “%s” could not be read completely:\n  • %s\n"
                 "The providers that could be read are used; fix the file, or change a provider "
                 "to replace it."),
               self->path, what);
  return FALSE;
}

/* Loading ends the same way, sync or async: the result is kept for get_load_error(). */
static gboolean
finish_load (ParlanceProviderRegistry  *self,
             const char                *contents,
             gsize                      length,
             GError                    *read_error,
             GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_clear_error (&self->load_error);
  self->changed_since_load = FALSE;

  if (read_error != NULL)
    {
      if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          /* No file yet: the defaults. */
          _parlance_provider_registry_reset (self);
          _parlance_provider_registry_emit_changed (self);
          return TRUE;
        }
      local_error = g_error_new (PARLANCE_PROVIDER_REGISTRY_ERROR,
                                 PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE,
                                 _("The providers file “%s” could not be read: %s"),
                                 self->path, read_error->message);
      _parlance_provider_registry_reset (self);
      _parlance_provider_registry_emit_changed (self);
      ok = FALSE;
    }
  else
    {
      ok = apply_contents (self, contents, length, &local_error);
    }

  if (!ok)
    {
      self->load_error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/**
 * parlance_provider_registry_load_sync:
 *
 * Reads providers.json, replacing the custom providers and the built-ins' settings. A missing file
 * means the defaults. A broken one is not fatal: what could be read is used, and @error (and
 * parlance_provider_registry_get_load_error()) says what is wrong in words for the user.
 *
 * Returns: %FALSE when the file could not be read completely
 */
gboolean
parlance_provider_registry_load_sync (ParlanceProviderRegistry  *self,
                                      GError                   **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);

  file = g_file_new_for_path (self->path);
  g_file_load_contents (file, NULL, &contents, &length, NULL, &read_error);
  return finish_load (self, contents, length, read_error, error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceProviderRegistry *self = g_task_get_source_object (task);
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &read_error);
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&read_error));
      return;
    }

  if (finish_load (self, contents, length, read_error, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));

  if (parlance_provider_registry_has_pending_secrets (self))
    parlance_provider_registry_migrate_secrets_async (self, parlance_key_store_get_default (), NULL,
                                                      NULL, NULL);
}

void
parlance_provider_registry_load_async (ParlanceProviderRegistry *self,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GFile) file = NULL;
  GTask *task;

  g_return_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_provider_registry_load_async);

  file = g_file_new_for_path (self->path);
  g_file_load_contents_async (file, cancellable, load_cb, task);
}

/**
 * parlance_provider_registry_load_finish:
 *
 * Returns: %FALSE when the file could not be read completely; the registry still holds what could
 */
gboolean
parlance_provider_registry_load_finish (ParlanceProviderRegistry  *self,
                                        GAsyncResult              *result,
                                        GError                   **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_provider_registry_get_load_error:
 *
 * Returns: (transfer none) (nullable): why the last load could not read providers.json
 *   completely, until a save replaces it
 */
const GError *
parlance_provider_registry_get_load_error (ParlanceProviderRegistry *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  return self->load_error;
}
