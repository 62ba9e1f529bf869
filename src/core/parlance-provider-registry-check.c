/* parlance-provider-registry-check.c — what a provider's name, id and extra headers must be.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checked wherever they come from: the command line, Preferences or providers.json. A header that
 * carries a credential is refused here: it belongs in the keyring (parlance-key-store-headers.c). */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-provider-registry-private.h"

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

gboolean
_parlance_provider_registry_is_token (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Checks one extra header, @name and @value already trimmed. */
gboolean
_parlance_provider_registry_check_header (const char  *name,
                                          const char  *value,
                                          GError     **error)
{
  if (!_parlance_provider_registry_is_token (name))
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
GPtrArray *
_parlance_provider_registry_parse_headers (const char * const  *headers,
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
      if (!_parlance_provider_registry_check_header (name, value, error))
        return NULL;
      g_ptr_array_add (pairs, g_steal_pointer (&name));
      g_ptr_array_add (pairs, g_steal_pointer (&value));
    }

  return g_steal_pointer (&pairs);
}

gboolean
_parlance_provider_registry_check_name (const char  *name,
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
