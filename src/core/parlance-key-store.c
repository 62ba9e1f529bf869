/* parlance-key-store.c — the key store object: its settings, its signal and session keys.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "parlance-key-store.h"
#include "parlance-key-store-private.h"

/* The only place in Parlance that reads or writes an API key.
 *
 * Keys come from, in this order: the provider's environment variable (never stored), a key the
 * user gave for this session only (kept in memory, wiped when dropped), and the Secret Service.
 * There is no plaintext fallback: without a keyring the caller gets NO_SERVICE and may offer a
 * session key instead.
 *
 * Where things live, in parlance-key-store-*.c:
 *   (this file)  the object, its settings, its signal and session keys
 *   -op.c        the machinery of a keyring operation: deadline, cancellation, errors
 *   -check.c     what a key and a provider id must look like
 *   -keys.c      saving, reading and removing keys (the public store/lookup/delete API)
 *   -bound.c     lookups bound to a provider's address, and moving items to a new one
 *   -headers.c   saving secret headers
 *
 * Keys never appear in logs or error messages; only provider ids do. */

#define DEFAULT_TIMEOUT_MS 15000

/* "origin" is the scheme, host and port of the address the key was saved for (see
 * parlance_origin_for_url()). Keys saved before Parlance recorded it have none: the first lookup
 * bound to a provider binds them to its address of the moment (a migration). */
const SecretSchema _parlance_key_schema = {
  "io.github.parlance.Parlance.ApiKey",
  SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Extra headers that carry credentials (api-key, x-api-key…), one item each, bound like keys. */
const SecretSchema _parlance_header_schema = {
  "io.github.parlance.Parlance.SecretHeader",
  SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "header", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

G_DEFINE_FINAL_TYPE (ParlanceKeyStore, parlance_key_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (parlance-key-store-error-quark, parlance_key_store_error)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  KEY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static void
parlance_key_store_finalize (GObject *object)
{
  ParlanceKeyStore *self = (ParlanceKeyStore *)object;

  g_clear_pointer (&self->session_keys, g_hash_table_unref);

  G_OBJECT_CLASS (parlance_key_store_parent_class)->finalize (object);
}

static void
parlance_key_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ParlanceKeyStore *self = PARLANCE_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_key_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ParlanceKeyStore *self = PARLANCE_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      parlance_key_store_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_key_store_class_init (ParlanceKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_key_store_finalize;
  object_class->get_property = parlance_key_store_get_property;
  object_class->set_property = parlance_key_store_set_property;

  /**
   * ParlanceKeyStore:timeout:
   *
   * How long a keyring operation may take, in milliseconds, before it fails with
   * %PARLANCE_KEY_STORE_ERROR_TIMED_OUT; 0 waits for ever.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ParlanceKeyStore::key-changed:
   * @provider_id: whose key was stored, deleted, or set for the session
   *
   * Lets windows follow a key added in Preferences or removed from the command line of this
   * process. (Changes made by other processes are not seen.)
   */
  signals[KEY_CHANGED] =
    g_signal_new ("key-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlance_key_store_init (ParlanceKeyStore *self)
{
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _parlance_key_wipe_free);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * parlance_key_store_get_default:
 *
 * The key store the whole process shares, so that session keys are seen everywhere.
 * Use it from the main thread only.
 *
 * Returns: (transfer none): the process-wide key store
 */
ParlanceKeyStore *
parlance_key_store_get_default (void)
{
  static ParlanceKeyStore *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, parlance_key_store_new ());

  return instance;
}

/**
 * parlance_key_store_new:
 *
 * A key store with session keys of its own; the app uses parlance_key_store_get_default().
 *
 * Returns: (transfer full): a new key store
 */
ParlanceKeyStore *
parlance_key_store_new (void)
{
  return g_object_new (PARLANCE_TYPE_KEY_STORE, NULL);
}

/**
 * parlance_key_store_get_env_var:
 * @provider_id: a provider id
 *
 * Returns: (nullable): the environment variable that overrides the key of @provider_id, such as
 *   `OPENROUTER_API_KEY`, or %NULL when the provider has none
 */
const char *
parlance_key_store_get_env_var (const char *provider_id)
{
  if (g_strcmp0 (provider_id, "openrouter") == 0)
    return "OPENROUTER_API_KEY";
  if (g_strcmp0 (provider_id, "gemini") == 0)
    return "GEMINI_API_KEY";
  if (g_strcmp0 (provider_id, "openai") == 0)
    return "OPENAI_API_KEY";

  return NULL;
}

/**
 * parlance_key_store_get_timeout:
 * @self: a #ParlanceKeyStore
 *
 * Returns: the deadline of keyring operations in milliseconds, 0 for none
 */
guint
parlance_key_store_get_timeout (ParlanceKeyStore *self)
{
  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), 0);

  return self->timeout_ms;
}

/**
 * parlance_key_store_set_timeout:
 * @self: a #ParlanceKeyStore
 * @timeout_ms: milliseconds, or 0 to wait for ever
 *
 * Sets how long later keyring operations may take (15 seconds by default).
 */
void
parlance_key_store_set_timeout (ParlanceKeyStore *self,
                                guint             timeout_ms)
{
  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * parlance_key_store_free_key:
 * @key: (nullable) (transfer full): a key from parlance_key_store_lookup_finish()
 *
 * Overwrites @key with zeros, then frees it.
 */
void
parlance_key_store_free_key (char *key)
{
  _parlance_key_wipe_free (key);
}

/**
 * parlance_key_store_set_session_key:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 * @key: (nullable): the key, or %NULL or empty to forget it
 * @error: return location for a %PARLANCE_KEY_STORE_ERROR_INVALID error
 *
 * Keeps @key in memory for the rest of this run, for when it can't or shouldn't be saved.
 * It replaces the keyring's key in lookups (not the environment's), and is wiped when replaced,
 * forgotten or when the store goes away. It is checked as parlance_key_store_check_key() does.
 *
 * Returns: %FALSE, and nothing changed, for a key that can't be used
 */
gboolean
parlance_key_store_set_session_key (ParlanceKeyStore  *self,
                                    const char        *provider_id,
                                    const char        *key,
                                    GError           **error)
{
  char *clean = NULL;

  g_return_val_if_fail (PARLANCE_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && provider_id[0] != '\0', FALSE);

  if (_parlance_key_is_blank (key))
    {
      parlance_key_store_forget_session_key (self, provider_id);
      return TRUE;
    }
  if (!parlance_key_store_check_key (key, &clean, error))
    return FALSE;

  g_hash_table_replace (self->session_keys, g_strdup (provider_id), clean);
  g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
  return TRUE;
}

/**
 * parlance_key_store_forget_session_key:
 * @self: a #ParlanceKeyStore
 * @provider_id: the provider id
 *
 * Wipes and drops the session key of @provider_id, if there is one.
 */
void
parlance_key_store_forget_session_key (ParlanceKeyStore *self,
                                       const char       *provider_id)
{
  g_return_if_fail (PARLANCE_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);

  if (g_hash_table_remove (self->session_keys, provider_id))
    g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
}
void
_parlance_key_store_emit_key_changed (ParlanceKeyStore *self,
                                      const char       *provider_id)
{
  g_signal_emit (self, signals[KEY_CHANGED], 0, provider_id);
}

gboolean
_parlance_key_store_has_session_key (ParlanceKeyStore *self,
                                     const char       *provider_id)
{
  return g_hash_table_contains (self->session_keys, provider_id);
}
