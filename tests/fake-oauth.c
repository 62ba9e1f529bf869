/* fake-oauth.c — OpenRouter's key endpoints in the fake provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST auth/keys checks what OpenRouter checks: a code it gave out (each once), and a verifier
 * whose S256 challenge is the one the code was made for — computed here on its own, not with
 * Parlance's code. GET key answers for the keys registered with their state, 401 for others.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fake-oauth.h"

typedef struct
{
  char *challenge;
  char *key;
} Code;

struct _FakeOauth
{
  GMutex      mutex;
  GHashTable *codes;       /* code → Code */
  GHashTable *key_infos;   /* key → body of GET key */
};

static void
code_free (gpointer data)
{
  Code *code = data;

  g_free (code->challenge);
  g_free (code->key);
  g_free (code);
}

FakeOauth *
fake_oauth_new (void)
{
  FakeOauth *self = g_new0 (FakeOauth, 1);

  g_mutex_init (&self->mutex);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, code_free);
  self->key_infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
fake_oauth_free (FakeOauth *self)
{
  g_hash_table_unref (self->codes);
  g_hash_table_unref (self->key_infos);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
fake_oauth_add_code (FakeOauth  *self,
                     const char *code,
                     const char *challenge,
                     const char *key)
{
  Code *entry = g_new0 (Code, 1);

  entry->challenge = g_strdup (challenge);
  entry->key = g_strdup (key);
  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->codes, g_strdup (code), entry);
  g_mutex_unlock (&self->mutex);
}

void
fake_oauth_set_key_info (FakeOauth  *self,
                         const char *key,
                         const char *body)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->key_infos, g_strdup (key), g_strdup (body));
  g_mutex_unlock (&self->mutex);
}

/* base64url (no padding) of SHA-256, written out by hand from RFC 7636 § 4.2. */
static char *
s256 (const char *verifier)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  GString *out = g_string_new (NULL);

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  for (gsize i = 0; i < len; i += 3)
    {
      guint32 bits = (guint32) digest[i] << 16 | (i + 1 < len ? (guint32) digest[i + 1] << 8 : 0) |
                     (i + 2 < len ? digest[i + 2] : 0);
      gsize n = MIN (len - i, 3) + 1;

      for (gsize j = 0; j < n; j++)
        g_string_append_c (out, alphabet[(bits >> (18 - 6 * j)) & 63]);
    }
  return g_string_free (out, FALSE);
}

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
exchange (FakeOauth         *self,
          SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request = NULL;
  const char *code, *verifier, *method;
  g_autofree char *challenge = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stolen_code = NULL;
  Code *entry = NULL;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    request = json_node_get_object (json_parser_get_root (parser));
  code = member_string (request, "code");
  verifier = member_string (request, "code_verifier");
  method = member_string (request, "code_challenge_method");
  if (code == NULL || verifier == NULL || g_strcmp0 (method, "S256") != 0)
    {
      answer (msg, 400, "{\"error\":{\"code\":400,\"message\":\"Invalid request: code, code_verifier and code_challenge_method S256 are required\"}}");
      return;
    }

  /* A code is good once, whatever comes of it. */
  g_mutex_lock (&self->mutex);
  g_hash_table_steal_extended (self->codes, code, (gpointer *) &stolen_code, (gpointer *) &entry);
  g_mutex_unlock (&self->mutex);
  if (entry == NULL)
    {
      answer (msg, 403, "{\"error\":{\"code\":403,\"message\":\"Invalid code\"}}");
      return;
    }

  challenge = s256 (verifier);
  if (g_strcmp0 (challenge, entry->challenge) != 0)
    answer (msg, 403, "{\"error\":{\"code\":403,\"message\":\"Invalid code verifier\"}}");
  else
    {
      json = g_strdup_printf ("{\"key\":\"%s\",\"user_id\":\"user_fake\"}", entry->key);
      answer (msg, 200, json);
    }
  code_free (entry);
}

static void
key_info (FakeOauth         *self,
          SoupServerMessage *msg)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  g_autofree char *body = NULL;

  g_mutex_lock (&self->mutex);
  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
    body = g_strdup (g_hash_table_lookup (self->key_infos, authorization + strlen ("Bearer ")));
  g_mutex_unlock (&self->mutex);
  if (body == NULL)
    answer (msg, 401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}");
  else
    answer (msg, 200, body);
}

/**
 * fake_oauth_handle:
 *
 * Answers POST …/auth/keys, and GET …/key once a key's state was set.
 *
 * Returns: whether it answered @msg
 */
gboolean
fake_oauth_handle (FakeOauth         *self,
                   SoupServerMessage *msg,
                   const char        *method,
                   const char        *path)
{
  gboolean has_key_infos;

  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/auth/keys"))
    {
      exchange (self, msg);
      return TRUE;
    }
  g_mutex_lock (&self->mutex);
  has_key_infos = g_hash_table_size (self->key_infos) > 0;
  g_mutex_unlock (&self->mutex);
  if (has_key_infos && g_str_equal (method, "GET") && g_str_has_suffix (path, "/key"))
    {
      key_info (self, msg);
      return TRUE;
    }
  return FALSE;
}
