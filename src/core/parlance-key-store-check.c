/* parlance-key-store-check.c — what a key and a provider id must look like.
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

/* Checked before anything reaches libsecret: a raw newline in a key corrupts gnome-keyring's
 * files, and an attribute that isn't UTF-8 makes libsecret warn and never call back. */

gboolean
_parlance_key_is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;

  return TRUE;
}

/**
 * parlance_key_store_check_key:
 * @key: a key as the user gave it
 * @clean: (out) (transfer full) (optional): @key without surrounding white space; free it with
 *   parlance_key_store_free_key()
 * @error: return location for a %PARLANCE_KEY_STORE_ERROR_INVALID error
 *
 * A key is one line of text: surrounding white space is dropped, and a key with a line break or
 * another control character inside is refused (a raw newline corrupts gnome-keyring's files).
 * The error never repeats the key.
 *
 * Returns: whether @key can be saved and sent
 */
gboolean
parlance_key_store_check_key (const char  *key,
                              char       **clean,
                              GError     **error)
{
  g_autofree char *copy = NULL;

  if (clean != NULL)
    *clean = NULL;

  if (_parlance_key_is_blank (key))
    {
      g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                           _("The key is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                           _("The key contains characters that can’t be saved."));
      return FALSE;
    }

  copy = g_strstrip (g_strdup (key));
  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        _parlance_key_wipe_free (g_steal_pointer (&copy));
        g_set_error_literal (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_INVALID,
                             _("The key contains a line break or another control character. "
                               "A key is one line of text: copy it again from the provider."));
        return FALSE;
      }

  if (clean != NULL)
    *clean = g_steal_pointer (&copy);
  else
    _parlance_key_wipe_free (g_steal_pointer (&copy));
  return TRUE;
}

/* libsecret drops attributes that aren't UTF-8 with a warning and never calls back. */
gboolean
_parlance_key_store_check_provider_id (GTask      *task,
                   const char *provider_id)
{
  if (_parlance_key_is_blank (provider_id))
    {
      _parlance_key_op_return_invalid (task, _("No provider was given for the key."));
      return FALSE;
    }

  if (!g_utf8_validate (provider_id, -1, NULL))
    {
      _parlance_key_op_return_invalid (task, _("The provider’s id isn’t valid text."));
      return FALSE;
    }

  return TRUE;
}
