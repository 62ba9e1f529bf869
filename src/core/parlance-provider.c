/* parlance-provider.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-provider.h"

struct _ParlanceProvider
{
  GObject               parent_instance;

  char                 *id;
  char                 *name;
  ParlanceProviderKind  kind;
  char                 *default_base_url;
  char                 *base_url;
  char                 *keys_url;
  char                 *default_model;
  char                 *base_url_env_var;
  GPtrArray            *headers;   /* name, value, name, value… */
  GPtrArray            *secret_values;  /* of the headers from the keyring, to redact */
  gboolean              needs_key;
  GError               *base_url_error;  /* an unusable PARLANCE_<ID>_BASE_URL */
  gboolean              base_url_from_env;
  char                 *last_check;
};

enum {
  PROP_0,
  PROP_LAST_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParlanceProvider, parlance_provider, G_TYPE_OBJECT)

typedef struct
{
  const char           *id;
  const char           *name;
  ParlanceProviderKind  kind;
  const char           *base_url;
  const char           *keys_url;
  gboolean              needs_key;
  const char           *default_model;
} Builtin;

static const Builtin builtins[] = {
  { "openrouter", "OpenRouter", PARLANCE_PROVIDER_KIND_OPENROUTER,
    "https://openrouter.ai/api/v1", "https://openrouter.ai/keys", TRUE,
    "meta-llama/llama-3.3-70b-instruct:free" },
  { "gemini", "Google Gemini", PARLANCE_PROVIDER_KIND_GEMINI,
    "https://generativelanguage.googleapis.com/v1beta/openai", "https://aistudio.google.com/apikey", TRUE,
    "gemini-2.0-flash" },
  { "openai", "OpenAI", PARLANCE_PROVIDER_KIND_OPENAI,
    "https://api.openai.com/v1", "https://platform.openai.com/api-keys", TRUE,
    "gpt-4o-mini" },
  { "ollama", "Ollama", PARLANCE_PROVIDER_KIND_OLLAMA,
    "http://localhost:11434/v1", NULL, FALSE, "llama3.2" },
};

static const char * const builtin_ids[] = { "openrouter", "gemini", "openai", "ollama", NULL };

/**
 * parlance_provider_get_builtin_ids:
 *
 * Returns: (transfer none): the ids of the built-in providers, %NULL-terminated
 */
const char * const *
parlance_provider_get_builtin_ids (void)
{
  return builtin_ids;
}

static char *
env_var_for (const char *id)
{
  g_autofree char *upper = g_ascii_strup (id, -1);

  for (char *p = upper; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';
  return g_strdup_printf ("PARLANCE_%s_BASE_URL", upper);
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

static ParlanceProvider *
provider_new (const char           *id,
              const char           *name,
              ParlanceProviderKind  kind,
              const char           *base_url,
              const char           *keys_url,
              gboolean              needs_key,
              const char           *default_model)
{
  ParlanceProvider *self = g_object_new (PARLANCE_TYPE_PROVIDER, NULL);
  const char *override;

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->kind = kind;
  self->default_base_url = strip_trailing_slashes (base_url);
  self->base_url = g_strdup (self->default_base_url);
  self->keys_url = g_strdup (keys_url);
  self->default_model = g_strdup (default_model);
  self->needs_key = needs_key;
  self->base_url_env_var = env_var_for (id);

  if (kind == PARLANCE_PROVIDER_KIND_OPENROUTER)
    {
      /* OpenRouter shows these in its app rankings and uses them to attribute requests. */
      parlance_provider_add_header (self, "HTTP-Referer", PACKAGE_WEBSITE);
      parlance_provider_add_header (self, "X-Title", PACKAGE_NAME);
    }

  /* The environment wins over everything: tests, scripts and local servers rely on it. */
  override = g_getenv (self->base_url_env_var);
  if (override != NULL && *override != '\0')
    {
      g_autoptr(GError) error = NULL;

      /* Never fall back to the real service: the user meant another server, and would send
       * their key and messages where they did not intend. Every request fails instead. */
      if (!parlance_provider_set_base_url (self, override, &error))
        self->base_url_error = g_error_new (error->domain, error->code, _("%s is not usable: %s"),
                                            self->base_url_env_var, error->message);
      self->base_url_from_env = TRUE;
    }

  return self;
}

/**
 * parlance_provider_new_builtin:
 * @id: "openrouter", "gemini", "openai" or "ollama"
 *
 * The base URL comes from `PARLANCE_<ID>_BASE_URL` when that is set.
 *
 * Returns: (transfer full) (nullable): the provider, or %NULL for an unknown id
 */
ParlanceProvider *
parlance_provider_new_builtin (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_str_equal (builtins[i].id, id))
      return provider_new (builtins[i].id, builtins[i].name, builtins[i].kind,
                           builtins[i].base_url, builtins[i].keys_url, builtins[i].needs_key,
                           builtins[i].default_model);

  return NULL;
}

/**
 * parlance_provider_new_custom:
 *
 * Returns: (transfer full): a provider for any OpenAI-compatible endpoint; a key is optional
 */
ParlanceProvider *
parlance_provider_new_custom (const char *id,
                              const char *name,
                              const char *base_url)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  return provider_new (id, name, PARLANCE_PROVIDER_KIND_CUSTOM, base_url, NULL, FALSE, NULL);
}

const char *
parlance_provider_get_id (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->id;
}

const char *
parlance_provider_get_name (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->name;
}

ParlanceProviderKind
parlance_provider_get_kind (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), PARLANCE_PROVIDER_KIND_CUSTOM);
  return self->kind;
}

const char *
parlance_provider_get_base_url (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->base_url;
}

const char *
parlance_provider_get_default_base_url (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->default_base_url;
}

/* The environment variable that overrides this provider's base URL. */
const char *
parlance_provider_get_base_url_env_var (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->base_url_env_var;
}

/**
 * parlance_provider_check_base_url:
 *
 * Returns: %FALSE, with @error saying why, when requests must not be sent (the base URL is
 *   insecure, invalid, or the environment asked for one that is)
 */
gboolean
parlance_provider_check_base_url (ParlanceProvider  *self,
                                  GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), FALSE);

  if (self->base_url_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->base_url_error));
      return FALSE;
    }
  return parlance_validate_base_url (self->base_url, error);
}

/**
 * parlance_provider_set_base_url:
 * @base_url: (nullable): a URL, or %NULL for the provider's default
 *
 * Returns: %FALSE, with @error set and nothing changed, when the URL is unusable or insecure
 */
gboolean
parlance_provider_set_base_url (ParlanceProvider  *self,
                                const char        *base_url,
                                GError           **error)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), FALSE);

  if (base_url == NULL || *base_url == '\0')
    {
      g_free (self->base_url);
      self->base_url = g_strdup (self->default_base_url);
      return TRUE;
    }

  if (!parlance_validate_base_url (base_url, error))
    return FALSE;

  g_free (self->base_url);
  self->base_url = strip_trailing_slashes (base_url);
  g_clear_error (&self->base_url_error);
  return TRUE;
}

gboolean
parlance_provider_get_needs_key (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), FALSE);
  return self->needs_key;
}

/* Returns: (nullable): where a user gets a key for this provider */
const char *
parlance_provider_get_keys_url (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->keys_url;
}

/* Returns: (nullable): what the last connection check said, in words, this run */
const char *
parlance_provider_get_last_check (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->last_check;
}

void
parlance_provider_set_last_check (ParlanceProvider *self,
                                  const char       *last_check)
{
  g_return_if_fail (PARLANCE_IS_PROVIDER (self));

  if (g_strcmp0 (self->last_check, last_check) == 0)
    return;
  g_free (self->last_check);
  self->last_check = g_strdup (last_check);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CHECK]);
}

/* Returns: (nullable): a model to start with when the user has chosen none */
const char *
parlance_provider_get_default_model (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->default_model;
}

void
parlance_provider_add_header (ParlanceProvider *self,
                              const char       *name,
                              const char       *value)
{
  g_return_if_fail (PARLANCE_IS_PROVIDER (self));
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/* Drops the extra headers, for a provider whose headers are being replaced. */
void
parlance_provider_clear_headers (ParlanceProvider *self)
{
  g_return_if_fail (PARLANCE_IS_PROVIDER (self));
  g_ptr_array_set_size (self->headers, 0);
}

/**
 * parlance_provider_get_headers:
 *
 * Returns: (transfer none): extra request headers as name, value, name, value…
 */
GPtrArray *
parlance_provider_get_headers (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->headers;
}

/**
 * parlance_provider_dup_snapshot:
 *
 * A request binds itself to a copy: its address, headers and key can't be changed under it by a
 * later edit of the provider (an address moved in Preferences while the key is being read).
 *
 * Returns: (transfer full): a provider with the same id, name, kind, address and headers, which
 *   nothing else changes
 */
ParlanceProvider *
parlance_provider_dup_snapshot (ParlanceProvider *self)
{
  ParlanceProvider *copy;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);

  copy = g_object_new (PARLANCE_TYPE_PROVIDER, NULL);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->default_base_url = g_strdup (self->default_base_url);
  copy->base_url = g_strdup (self->base_url);
  copy->keys_url = g_strdup (self->keys_url);
  copy->default_model = g_strdup (self->default_model);
  copy->base_url_env_var = g_strdup (self->base_url_env_var);
  copy->needs_key = self->needs_key;
  copy->base_url_from_env = self->base_url_from_env;
  if (self->base_url_error != NULL)
    copy->base_url_error = g_error_copy (self->base_url_error);
  for (guint i = 0; i < self->headers->len; i++)
    g_ptr_array_add (copy->headers, g_strdup (g_ptr_array_index (self->headers, i)));
  for (guint i = 0; i < self->secret_values->len; i++)
    g_ptr_array_add (copy->secret_values, g_strdup (g_ptr_array_index (self->secret_values, i)));
  return copy;
}

/**
 * parlance_provider_dup_with_headers:
 * @headers: (nullable): secret headers as name, value, name, value…
 *
 * Returns: (transfer full): a snapshot of @self that also sends @headers
 */
ParlanceProvider *
parlance_provider_dup_with_headers (ParlanceProvider *self,
                                    GPtrArray        *headers)
{
  ParlanceProvider *copy = parlance_provider_dup_snapshot (self);

  for (guint i = 0; headers != NULL && i + 1 < headers->len; i += 2)
    {
      parlance_provider_add_header (copy, g_ptr_array_index (headers, i), g_ptr_array_index (headers, i + 1));
      g_ptr_array_add (copy->secret_values, g_strdup (g_ptr_array_index (headers, i + 1)));
    }
  return copy;
}

/**
 * parlance_provider_get_secret_values:
 *
 * The values of the headers added by parlance_provider_dup_with_headers(): secrets, to be taken
 * out of any text shown, as a key is.
 *
 * Returns: (transfer none) (element-type utf8): the values, possibly none
 */
GPtrArray *
parlance_provider_get_secret_values (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return self->secret_values;
}

/**
 * parlance_provider_same_endpoint:
 *
 * Returns: whether @self and @other send to the same address with the same headers
 */
gboolean
parlance_provider_same_endpoint (ParlanceProvider *self,
                                 ParlanceProvider *other)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (other), FALSE);

  if (g_strcmp0 (self->id, other->id) != 0 || g_strcmp0 (self->base_url, other->base_url) != 0 ||
      (self->base_url_error != NULL) != (other->base_url_error != NULL) ||
      self->headers->len != other->headers->len)
    return FALSE;
  for (guint i = 0; i < self->headers->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->headers, i), g_ptr_array_index (other->headers, i)) != 0)
      return FALSE;
  return TRUE;
}

/**
 * parlance_provider_get_base_url_from_env:
 *
 * Returns: whether the address comes from `PARLANCE_<ID>_BASE_URL`, the user's explicit choice
 *   for this run
 */
gboolean
parlance_provider_get_base_url_from_env (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), FALSE);
  return self->base_url_from_env;
}

/**
 * parlance_origin_for_url:
 * @url: an address, such as "https://openrouter.ai/api/v1"
 *
 * Keys are bound to the origin they were saved for: scheme, host and port, the port always
 * written out ("https://openrouter.ai:443").
 *
 * Returns: (transfer full) (nullable): the origin in lower case, or %NULL for an unusable address
 */
char *
parlance_origin_for_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_str_equal (scheme, "https") ? 443 : g_str_equal (scheme, "http") ? 80 : 0;
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%d", scheme, host, port);
  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

/**
 * parlance_provider_dup_origin:
 *
 * Returns: (transfer full) (nullable): the origin of the provider's address, see
 *   parlance_origin_for_url()
 */
char *
parlance_provider_dup_origin (ParlanceProvider *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);
  return parlance_origin_for_url (self->base_url);
}

/**
 * parlance_provider_dup_endpoint_url:
 * @path: such as "chat/completions" or "models"
 *
 * Returns: (transfer full): the base URL joined with @path
 */
char *
parlance_provider_dup_endpoint_url (ParlanceProvider *self,
                                    const char       *path)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (self), NULL);

  while (*path == '/')
    path++;
  return g_strconcat (self->base_url, "/", path, NULL);
}

static gboolean
host_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *lower = g_ascii_strdown (host, -1);
  gsize len = strlen (lower);

  /* GUri keeps the brackets off IPv6 literals. */
  address = g_inet_address_new_from_string (lower);
  if (address != NULL)
    {
      if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address) ||
          g_inet_address_get_is_site_local (address))
        return TRUE;
      /* IPv6 unique local addresses, fc00::/7. */
      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
        {
          const guint8 *bytes = g_inet_address_to_bytes (address);
          return (bytes[0] & 0xfe) == 0xfc;
        }
      return FALSE;
    }

  if (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';

  return g_str_equal (lower, "localhost") ||
         g_str_has_suffix (lower, ".localhost") ||
         g_str_has_suffix (lower, ".local") ||
         g_str_has_suffix (lower, ".lan") ||
         g_str_has_suffix (lower, ".home.arpa") ||
         g_str_has_suffix (lower, ".internal") ||
         strchr (lower, '.') == NULL;   /* a machine on this network, such as "gpubox" */
}

/**
 * parlance_validate_base_url:
 * @url: a base URL, such as "https://openrouter.ai/api/v1"
 *
 * Accepts https:// anywhere and http:// only for this computer and the local network, where
 * model servers like Ollama listen: a key sent over plain HTTP to the internet can be read on
 * the way.
 *
 * Returns: whether @url can be used; @error says why not, in words for the user
 */
gboolean
parlance_validate_base_url (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
                   _("“%s” is not a valid address. It should look like https://example.com/v1."), url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
                   _("“%s” has no host name. It should look like https://example.com/v1."), url);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_local (host))
        return TRUE;
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INSECURE_URL,
                   _("Plain http:// is only allowed for this computer or your local network, "
                     "because keys and messages would travel unencrypted. Use https://%s instead."),
                   host);
      return FALSE;
    }

  g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_INVALID_URL,
               _("“%s” must start with https:// (or http:// for a server on your own network)."), url);
  return FALSE;
}

static void
parlance_provider_finalize (GObject *object)
{
  ParlanceProvider *self = PARLANCE_PROVIDER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->default_base_url);
  g_free (self->base_url);
  g_free (self->keys_url);
  g_free (self->default_model);
  g_free (self->base_url_env_var);
  g_ptr_array_unref (self->headers);
  g_ptr_array_unref (self->secret_values);
  g_clear_error (&self->base_url_error);
  g_free (self->last_check);

  G_OBJECT_CLASS (parlance_provider_parent_class)->finalize (object);
}

static void
parlance_provider_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ParlanceProvider *self = PARLANCE_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_LAST_CHECK:
      g_value_set_string (value, self->last_check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_provider_class_init (ParlanceProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_provider_finalize;
  object_class->get_property = parlance_provider_get_property;

  properties[PROP_LAST_CHECK] =
    g_param_spec_string ("last-check", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Header values may be secrets from the keyring: overwritten before they are freed, as keys are. */
static void
wipe_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
parlance_provider_init (ParlanceProvider *self)
{
  self->headers = g_ptr_array_new_with_free_func (wipe_free);
  self->secret_values = g_ptr_array_new_with_free_func (wipe_free);
}
