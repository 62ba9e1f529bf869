/* parlance-provider-registry.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * providers.json holds names, addresses, extra headers and enabled flags, and never a key: keys
 * live in the keyring (ParlanceKeyStore) only, which is why a header that carries a credential
 * (Authorization, api-key, x-api-key…; parlance_is_secret_header()) is refused here: it is saved
 * in the keyring as a secret header instead. A file written before this rule may hold some: they
 * are moved to the keyring after loading, and the file is written again without them.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-paths.h"
#include "parlance-provider-registry.h"
#include "parlance-json.h"
#include "parlance-key-store.h"

#define FORMAT_VERSION 1

typedef struct
{
  gboolean   enabled;
  char      *base_url;        /* as stored: the custom provider's, or a built-in's override (nullable) */
  GPtrArray *pending_secrets; /* secret headers read from the file, not yet in the keyring */
} Entry;

struct _ParlanceProviderRegistry
{
  GObject     parent_instance;

  char       *path;
  GListStore *providers;
  GHashTable *entries;       /* id → Entry */
  GError     *load_error;
  gboolean    changed_since_load;
};

G_DEFINE_FINAL_TYPE (ParlanceProviderRegistry, parlance_provider_registry, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (parlance-provider-registry-error-quark, parlance_provider_registry_error)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->base_url);
  g_clear_pointer (&entry->pending_secrets, g_ptr_array_unref);
  g_free (entry);
}

static gboolean
is_builtin_id (const char *id)
{
  return g_strv_contains (parlance_provider_get_builtin_ids (), id);
}

static gboolean
env_overrides (ParlanceProvider *provider)
{
  const char *value = g_getenv (parlance_provider_get_base_url_env_var (provider));

  return value != NULL && *value != '\0';
}

/* The environment wins: with PARLANCE_<ID>_BASE_URL set, the stored address is kept (and saved)
 * but not used. */
static void
apply_base_url (ParlanceProvider *provider,
                const char       *base_url)
{
  if (env_overrides (provider))
    return;
  if (!parlance_provider_set_base_url (provider, base_url, NULL))
    parlance_provider_set_base_url (provider, NULL, NULL);
}

static void
emit_changed (ParlanceProviderRegistry *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static ParlanceProvider *
find_by_id (ParlanceProviderRegistry *self,
            const char               *id,
            guint                    *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (g_str_equal (parlance_provider_get_id (provider), id))
        {
          if (position != NULL)
            *position = i;
          return provider;   /* the store keeps a reference */
        }
    }
  return NULL;
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static ParlanceProvider *
find_by_name (ParlanceProviderRegistry *self,
              const char               *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (names_equal (parlance_provider_get_name (provider), name))
        return provider;
    }
  return NULL;
}

/**
 * parlance_provider_registry_derive_id:
 * @name: a provider's name, such as "LM Studio"
 *
 * Lowercase ASCII letters and digits are kept, every other run of characters becomes one "-",
 * and the ends are trimmed: "Groq (fast)" gives "groq-fast".
 *
 * Returns: (transfer full) (nullable): the id, or %NULL when @name has no letter or digit
 */
char *
parlance_provider_registry_derive_id (const char *name)
{
  GString *s;

  g_return_val_if_fail (name != NULL, NULL);

  s = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  if (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);

  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static gboolean
is_token (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Checks one extra header, @name and @value already trimmed. */
static gboolean
check_header (const char  *name,
              const char  *value,
              GError     **error)
{
  if (!is_token (name))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER,
                   _("“%s” is not a valid header name: use letters, digits and - only, "
                     "as in X-Api-Version=2."), name);
      return FALSE;
    }
  if (g_ascii_strcasecmp (name, "Authorization") == 0 ||
      g_ascii_strcasecmp (name, "Proxy-Authorization") == 0)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_SECRET_HEADER,
                   _("An “%s” header can’t be added: API keys are kept only in the keyring. "
                     "Save the key with “parlance-cli key set PROVIDER” or in Preferences instead."),
                   name);
      return FALSE;
    }
  if (parlance_is_secret_header (name))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_SECRET_HEADER,
                   _("The “%s” header carries a credential, so it is kept in the keyring, never in "
                     "the providers file or on a command line: add it with “--secret-header %s”, "
                     "or as a secret header in Preferences."),
                   name, name);
      return FALSE;
    }
  if (strpbrk (value, "\r\n") != NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER,
                   _("The value of the header “%s” must be a single line of text."), name);
      return FALSE;
    }
  return TRUE;
}

/* "Name=Value" or "Name: Value" → name, value, name, value… */
static GPtrArray *
parse_headers (const char * const  *headers,
               GError             **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *sep = strpbrk (headers[i], "=:");
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (sep == NULL)
        {
          g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_HEADER,
                       _("“%s” is not a header: write it as Name=Value or “Name: Value”."),
                       g_utf8_validate (headers[i], -1, NULL) ? headers[i] : "?");
          return NULL;
        }
      name = g_strstrip (g_strndup (headers[i], sep - headers[i]));
      value = g_strstrip (g_strdup (sep + 1));
      if (!check_header (name, value, error))
        return NULL;
      g_ptr_array_add (pairs, g_steal_pointer (&name));
      g_ptr_array_add (pairs, g_steal_pointer (&value));
    }

  return g_steal_pointer (&pairs);
}

static gboolean
check_name (const char  *name,
            char       **id_out,
            GError     **error)
{
  g_autofree char *id = NULL;

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME,
                   _("A provider’s name must be text."));
      return FALSE;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME,
                     _("A provider’s name must be on one line, without tabs."));
        return FALSE;
      }

  id = parlance_provider_registry_derive_id (name);
  if (id == NULL)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_INVALID_NAME,
                   _("A provider’s name needs at least one letter or digit (A–Z, 0–9)."));
      return FALSE;
    }

  *id_out = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
check_unique (ParlanceProviderRegistry  *self,
              const char                *id,
              const char                *name,
              GError                   **error)
{
  ParlanceProvider *other;

  if (is_builtin_id (id) || (other = find_by_id (self, id, NULL)) != NULL)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE,
                   _("A provider with the id “%s” already exists: choose another name."), id);
      return FALSE;
    }
  if ((other = find_by_name (self, name)) != NULL)
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_DUPLICATE,
                   _("A provider named “%s” already exists (id “%s”): choose another name."),
                   parlance_provider_get_name (other), parlance_provider_get_id (other));
      return FALSE;
    }
  return TRUE;
}

static ParlanceProvider *
insert_custom (ParlanceProviderRegistry *self,
               const char               *id,
               const char               *name,
               const char               *base_url,
               GPtrArray                *headers,
               gboolean                  enabled)
{
  g_autoptr(ParlanceProvider) provider = parlance_provider_new_custom (id, name, base_url);
  Entry *entry = g_new0 (Entry, 1);

  for (guint i = 0; headers != NULL && i + 1 < headers->len; i += 2)
    parlance_provider_add_header (provider, g_ptr_array_index (headers, i),
                                  g_ptr_array_index (headers, i + 1));

  entry->enabled = enabled;
  entry->base_url = g_strdup (base_url);
  g_hash_table_insert (self->entries, g_strdup (id), entry);
  g_list_store_append (self->providers, provider);

  return provider;
}

/* Back to the built-ins alone, with their defaults. */
static void
reset (ParlanceProviderRegistry *self)
{
  guint n_builtins = g_strv_length ((char **) parlance_provider_get_builtin_ids ());
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = n_builtins; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      g_hash_table_remove (self->entries, parlance_provider_get_id (provider));
    }
  if (n > n_builtins)
    g_list_store_splice (self->providers, n_builtins, n - n_builtins, NULL, 0);

  for (guint i = 0; i < n_builtins; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      Entry *entry = g_hash_table_lookup (self->entries, parlance_provider_get_id (provider));

      entry->enabled = TRUE;
      g_clear_pointer (&entry->base_url, g_free);
      apply_base_url (provider, NULL);
    }
}

/* Loading */

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
      if (parlance_is_secret_header (name) && is_token (name) && strpbrk (value, "\r\n") == NULL &&
          g_utf8_validate (value, -1, NULL))
        {
          /* Written by an older version: it moves to the keyring after loading. */
          g_ptr_array_add (secrets, g_strdup (name));
          g_ptr_array_add (secrets, g_strdup (value));
          continue;
        }
      if (!check_header (name, value, error))
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
  if (!check_name (name, &derived, &error))
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
  if (!check_unique (self, id, name, &error) ||
      !parlance_validate_base_url (base_url, &error) ||
      (headers = read_headers (member (object, "headers"), secrets, &error)) == NULL)
    {
      add_problem (problems, "%s: %s", label, error->message);
      return;
    }

  provider = insert_custom (self, id, name, base_url, headers,
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
  ParlanceProvider *provider = find_by_id (self, id, NULL);
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
      apply_base_url (provider, entry->base_url);
    }
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
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *what = NULL;
  JsonObject *root = NULL;
  JsonNode *version, *providers, *builtins;

  reset (self);

  if (!parlance_json_check_depth (contents, length, PARLANCE_JSON_MAX_DEPTH, &parse_error) ||
      !json_parser_load_from_data (parser, contents, (gssize) length, &parse_error))
    add_problem (problems, _("it is not valid JSON (%s)"), parse_error->message);
  else if (json_parser_get_root (parser) == NULL)
    add_problem (problems, _("it is empty"));
  else if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    add_problem (problems, _("it is not a JSON object"));
  else
    root = json_node_get_object (json_parser_get_root (parser));

  if (root != NULL)
    {
      version = member (root, "version");
      if (!node_is_type (version, G_TYPE_INT64))
        {
          add_problem (problems, _("it has no format “version”"));
          root = NULL;
        }
      else if (json_node_get_int (version) != FORMAT_VERSION)
        {
          add_problem (problems, _("its format version %" G_GINT64_FORMAT " is not one this version "
                                   "of Parlance reads (%d)"),
                       json_node_get_int (version), FORMAT_VERSION);
          root = NULL;
        }
    }

  if (root != NULL)
    {
      providers = member (root, "providers");
      if (providers != NULL && JSON_NODE_HOLDS_ARRAY (providers))
        {
          JsonArray *array = json_node_get_array (providers);

          for (guint i = 0; i < json_array_get_length (array); i++)
            read_custom (self, json_array_get_element (array, i), i, problems);
        }
      else if (providers != NULL && !JSON_NODE_HOLDS_NULL (providers))
        add_problem (problems, _("“providers” is not a list"));

      builtins = member (root, "builtins");
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

  emit_changed (self);

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
          reset (self);
          emit_changed (self);
          return TRUE;
        }
      local_error = g_error_new (PARLANCE_PROVIDER_REGISTRY_ERROR,
                                 PARLANCE_PROVIDER_REGISTRY_ERROR_BROKEN_FILE,
                                 _("The providers file “%s” could not be read: %s"),
                                 self->path, read_error->message);
      reset (self);
      emit_changed (self);
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

/* Saving */

static char *
to_json (ParlanceProviderRegistry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *ids = parlance_provider_get_builtin_ids ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);

  json_builder_set_member_name (builder, "providers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ParlanceProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      const char *id = parlance_provider_get_id (provider);
      Entry *entry = g_hash_table_lookup (self->entries, id);
      GPtrArray *headers = parlance_provider_get_headers (provider);

      if (is_builtin_id (id))
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
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
  json_builder_end_array (builder);

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

/* Changes */

/* Returns: (transfer none): the provider's list model; it does not change identity */
GListModel *
parlance_provider_registry_get_providers (ParlanceProviderRegistry *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->providers);
}

/**
 * parlance_provider_registry_lookup:
 * @id_or_name: an id, or a name in any case
 *
 * Returns: (transfer none) (nullable): the provider
 */
ParlanceProvider *
parlance_provider_registry_lookup (ParlanceProviderRegistry *self,
                                   const char               *id_or_name)
{
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  if (!g_utf8_validate (id_or_name, -1, NULL))
    return NULL;
  provider = find_by_id (self, id_or_name, NULL);
  if (provider == NULL)
    provider = find_by_name (self, id_or_name);
  return provider;
}

static Entry *
lookup_entry (ParlanceProviderRegistry  *self,
              const char                *id,
              GError                   **error)
{
  Entry *entry = g_hash_table_lookup (self->entries, id);

  if (entry == NULL)
    g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_NOT_FOUND,
                 _("There is no provider “%s”."), g_utf8_validate (id, -1, NULL) ? id : "?");
  return entry;
}

gboolean
parlance_provider_registry_get_enabled (ParlanceProviderRegistry *self,
                                        const char               *id)
{
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, id);
  return entry != NULL && entry->enabled;
}

gboolean
parlance_provider_registry_set_enabled (ParlanceProviderRegistry  *self,
                                        const char                *id,
                                        gboolean                   enabled,
                                        GError                   **error)
{
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if ((entry = lookup_entry (self, id, error)) == NULL)
    return FALSE;

  self->changed_since_load = TRUE;
  if (entry->enabled != !!enabled)
    {
      entry->enabled = !!enabled;
      emit_changed (self);
    }
  return TRUE;
}

/**
 * parlance_provider_registry_add_custom:
 * @name: what the user calls it; the id is derived from it
 * @base_url: an https:// address (http:// for this computer or the local network)
 * @headers: (nullable) (array zero-terminated=1): extra headers as "Name=Value" or "Name: Value"
 *
 * Returns: (transfer none) (nullable): the new provider, enabled, or %NULL with @error set
 */
ParlanceProvider *
parlance_provider_registry_add_custom (ParlanceProviderRegistry  *self,
                                       const char                *name,
                                       const char                *base_url,
                                       const char * const        *headers,
                                       GError                   **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  clean_name = g_strstrip (g_strdup (name));
  if (!check_name (clean_name, &id, error) ||
      !check_unique (self, id, clean_name, error) ||
      !parlance_validate_base_url (base_url, error) ||
      (pairs = parse_headers (headers, error)) == NULL)
    return NULL;

  provider = insert_custom (self, id, clean_name, base_url, pairs, TRUE);
  self->changed_since_load = TRUE;
  emit_changed (self);
  return provider;
}

gboolean
parlance_provider_registry_remove (ParlanceProviderRegistry  *self,
                                   const char                *id,
                                   GError                   **error)
{
  guint position;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN,
                   _("“%s” is built in and can’t be removed; it can be disabled instead."), id);
      return FALSE;
    }
  if (lookup_entry (self, id, error) == NULL || find_by_id (self, id, &position) == NULL)
    return FALSE;

  g_hash_table_remove (self->entries, id);
  g_list_store_remove (self->providers, position);
  self->changed_since_load = TRUE;
  emit_changed (self);
  return TRUE;
}

/**
 * parlance_provider_registry_set_base_url:
 * @base_url: (nullable): the address; %NULL gives a built-in its default back
 *
 * When `PARLANCE_<ID>_BASE_URL` is set, the address is stored but the environment's is used.
 *
 * Returns: %FALSE with @error set, and nothing changed, for an unusable address
 */
gboolean
parlance_provider_registry_set_base_url (ParlanceProviderRegistry  *self,
                                         const char                *id,
                                         const char                *base_url,
                                         GError                   **error)
{
  ParlanceProvider *provider;
  Entry *entry;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if ((entry = lookup_entry (self, id, error)) == NULL)
    return FALSE;
  provider = find_by_id (self, id, NULL);

  if (base_url != NULL && *base_url == '\0')
    base_url = NULL;
  if (base_url == NULL && !is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
                   _("%s needs an address, such as https://example.com/v1."),
                   parlance_provider_get_name (provider));
      return FALSE;
    }
  if (base_url != NULL && !parlance_validate_base_url (base_url, error))
    return FALSE;

  g_free (entry->base_url);
  entry->base_url = g_strdup (base_url);
  apply_base_url (provider, base_url);
  self->changed_since_load = TRUE;
  emit_changed (self);
  return TRUE;
}

/**
 * parlance_provider_registry_set_headers:
 * @headers: (nullable) (array zero-terminated=1): extra headers as "Name=Value" or "Name: Value"
 *
 * Replaces a custom provider's extra headers (built-ins keep theirs).
 *
 * Returns: %FALSE with @error set, and nothing changed, for a built-in or a bad header
 */
gboolean
parlance_provider_registry_set_headers (ParlanceProviderRegistry  *self,
                                        const char                *id,
                                        const char * const        *headers,
                                        GError                   **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  ParlanceProvider *provider;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (lookup_entry (self, id, error) == NULL)
    return FALSE;
  if (is_builtin_id (id))
    {
      g_set_error (error, PARLANCE_PROVIDER_REGISTRY_ERROR, PARLANCE_PROVIDER_REGISTRY_ERROR_BUILTIN,
                   _("“%s” is built in; its headers can’t be changed."), id);
      return FALSE;
    }
  if ((pairs = parse_headers (headers, error)) == NULL)
    return FALSE;

  provider = find_by_id (self, id, NULL);
  parlance_provider_clear_headers (provider);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    parlance_provider_add_header (provider, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
  self->changed_since_load = TRUE;
  emit_changed (self);
  return TRUE;
}

/* Secret headers from an older file */

typedef struct
{
  ParlanceKeyStore *key_store;
  GQueue            ids;        /* of char*: providers whose secrets still have to move */
  char             *current;
  gboolean          moved;
} Migration;

static void
migration_free (gpointer data)
{
  Migration *migration = data;

  g_clear_object (&migration->key_store);
  g_queue_clear_full (&migration->ids, g_free);
  g_free (migration->current);
  g_free (migration);
}

static void migrate_next (GTask *task);

static void
migration_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (parlance_provider_registry_save_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
headers_moved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ParlanceProviderRegistry *self = g_task_get_source_object (task);
  Migration *migration = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Entry *entry;

  if (!parlance_key_store_store_headers_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      /* They stay in the file, and are tried again at the next start. */
      g_debug ("The secret headers of “%s” stay in the providers file for now: %s",
               migration->current, error->message);
    }
  else if ((entry = g_hash_table_lookup (self->entries, migration->current)) != NULL)
    {
      g_clear_pointer (&entry->pending_secrets, g_ptr_array_unref);
      migration->moved = TRUE;
    }
  migrate_next (task);
}

static void
migrate_next (GTask *task)
{
  ParlanceProviderRegistry *self = g_task_get_source_object (task);
  Migration *migration = g_task_get_task_data (task);
  ParlanceProvider *provider;
  Entry *entry;

  g_clear_pointer (&migration->current, g_free);
  while ((migration->current = g_queue_pop_head (&migration->ids)) != NULL)
    {
      entry = g_hash_table_lookup (self->entries, migration->current);
      provider = find_by_id (self, migration->current, NULL);
      if (entry != NULL && entry->pending_secrets != NULL && provider != NULL)
        {
          parlance_key_store_store_headers_async (migration->key_store, provider, entry->pending_secrets,
                                                  g_task_get_cancellable (task), headers_moved, task);
          return;
        }
      g_clear_pointer (&migration->current, g_free);
    }

  if (!migration->moved)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The file is written again without them. */
  self->changed_since_load = TRUE;
  parlance_provider_registry_save_async (self, g_task_get_cancellable (task), migration_saved, task);
}

/**
 * parlance_provider_registry_migrate_secrets_async:
 * @key_store: where the secret headers go
 *
 * Moves the secret headers (api-key, x-api-key…) that an older providers.json held into the
 * keyring, bound to their provider's address, then writes the file again without them. Headers
 * the keyring could not take stay in the file until the next try. A load through
 * parlance_provider_registry_load_async() does this itself.
 */
void
parlance_provider_registry_migrate_secrets_async (ParlanceProviderRegistry *self,
                                                  ParlanceKeyStore         *key_store,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data)
{
  GTask *task;
  Migration *migration;
  GHashTableIter iter;
  gpointer id, value;

  g_return_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self));
  g_return_if_fail (PARLANCE_IS_KEY_STORE (key_store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_provider_registry_migrate_secrets_async);
  migration = g_new0 (Migration, 1);
  migration->key_store = g_object_ref (key_store);
  g_queue_init (&migration->ids);
  g_task_set_task_data (task, migration, migration_free);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (((Entry *) value)->pending_secrets != NULL)
      g_queue_push_tail (&migration->ids, g_strdup (id));

  migrate_next (task);
}

gboolean
parlance_provider_registry_migrate_secrets_finish (ParlanceProviderRegistry  *self,
                                                   GAsyncResult              *result,
                                                   GError                   **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * parlance_provider_registry_has_pending_secrets:
 *
 * Returns: whether the loaded file held secret headers that are not in the keyring yet
 */
gboolean
parlance_provider_registry_has_pending_secrets (ParlanceProviderRegistry *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (self), FALSE);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Entry *) value)->pending_secrets != NULL)
      return TRUE;
  return FALSE;
}

/* Object */

/**
 * parlance_provider_registry_new:
 * @path: (nullable): the file, or %NULL for `$XDG_CONFIG_HOME/parlance/providers.json`
 *
 * Returns: (transfer full): a registry of the built-ins; load it for the rest
 */
ParlanceProviderRegistry *
parlance_provider_registry_new (const char *path)
{
  ParlanceProviderRegistry *self = g_object_new (PARLANCE_TYPE_PROVIDER_REGISTRY, NULL);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    {
      g_autofree char *dir = parlance_paths_dup_config_dir ();
      self->path = g_build_filename (dir, "providers.json", NULL);
    }
  return self;
}

/**
 * parlance_provider_registry_get_default:
 *
 * Returns: (transfer none): the process's registry on the default path, not loaded until someone
 *   loads it
 */
ParlanceProviderRegistry *
parlance_provider_registry_get_default (void)
{
  static ParlanceProviderRegistry *instance;

  if (instance == NULL)
    instance = parlance_provider_registry_new (NULL);
  return instance;
}

static void
parlance_provider_registry_finalize (GObject *object)
{
  ParlanceProviderRegistry *self = PARLANCE_PROVIDER_REGISTRY (object);

  g_free (self->path);
  g_clear_object (&self->providers);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (parlance_provider_registry_parent_class)->finalize (object);
}

static void
parlance_provider_registry_class_init (ParlanceProviderRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_provider_registry_finalize;

  /**
   * ParlanceProviderRegistry::changed:
   *
   * Anything changed: a provider added or removed, enabled or disabled, an address, or a load.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_provider_registry_init (ParlanceProviderRegistry *self)
{
  const char * const *ids = parlance_provider_get_builtin_ids ();

  self->providers = g_list_store_new (PARLANCE_TYPE_PROVIDER);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(ParlanceProvider) provider = parlance_provider_new_builtin (ids[i]);
      Entry *entry = g_new0 (Entry, 1);

      entry->enabled = TRUE;
      g_hash_table_insert (self->entries, g_strdup (ids[i]), entry);
      g_list_store_append (self->providers, provider);
    }
}
