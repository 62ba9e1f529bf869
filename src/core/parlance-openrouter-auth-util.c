/* parlance-openrouter-auth-util.c — the pieces of the sign-in that hold no state: random
 * secrets, the S256 challenge, reading the callback's query, the browser's page.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/random.h>

#include "parlance-openrouter-auth-private.h"

void
_parlance_openrouter_auth_wipe (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
}

void
_parlance_openrouter_auth_wipe_and_free (char *text)
{
  _parlance_openrouter_auth_wipe (text);
  g_free (text);
}

static char *
base64url (const guint8 *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *end = text + strlen (text);

  for (char *p = text; p < end; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
  while (end > text && end[-1] == '=')
    *--end = '\0';
  return text;
}

/* Random bytes from the kernel's CSPRNG (GLib's g_random is not one). */
char *
_parlance_openrouter_auth_dup_random (gsize     n_bytes,
                 GError  **error)
{
  guint8 buffer[64];
  gsize done = 0;
  char *text;

  g_assert (n_bytes <= sizeof buffer);
  while (done < n_bytes)
    {
      ssize_t n = getrandom (buffer + done, n_bytes - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, PARLANCE_OPENROUTER_AUTH_ERROR, PARLANCE_OPENROUTER_AUTH_ERROR_LISTEN,
                       _("Parlance could not get random numbers to sign in with (%s)."), g_strerror (saved));
          return NULL;
        }
      done += (gsize) n;
    }
  text = base64url (buffer, n_bytes);
  memset (buffer, 0, sizeof buffer);
  return text;
}

/**
 * parlance_openrouter_auth_dup_challenge:
 * @verifier: a PKCE code verifier
 *
 * Returns: (transfer full): its S256 challenge, base64url(SHA-256(@verifier)) without padding
 */
char *
parlance_openrouter_auth_dup_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  return base64url (digest, len);
}

/* The listener */

/* The one `code` of the query, if it is a plausible code; NULL for none, two, or garbage. */
char *
_parlance_openrouter_auth_dup_code (const char *query)
{
  g_auto(GStrv) params = NULL;
  char *code = NULL;

  if (query == NULL || strlen (query) > 4 * PARLANCE_OPENROUTER_AUTH_MAX_CODE_LENGTH)
    return NULL;
  params = g_strsplit (query, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      char *eq = strchr (params[i], '=');
      g_autofree char *name = g_uri_unescape_segment (params[i], eq, NULL);

      if (g_strcmp0 (name, "code") != 0)
        continue;
      if (code != NULL || eq == NULL)
        {
          g_clear_pointer (&code, g_free);
          return NULL;
        }
      code = g_uri_unescape_string (eq + 1, NULL);
      if (code == NULL)
        return NULL;
    }
  if (code == NULL || *code == '\0' || strlen (code) > PARLANCE_OPENROUTER_AUTH_MAX_CODE_LENGTH)
    {
      g_free (code);
      return NULL;
    }
  for (const char *p = code; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~')
      {
        g_free (code);
        return NULL;
      }
  return code;
}

void
_parlance_openrouter_auth_answer_page (SoupServerMessage *msg,
             guint              status,
             const char        *title,
             const char        *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *title_html = g_markup_escape_text (title, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);
  char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>"
                                "<body style=\"font-family: sans-serif; margin: 4em auto; max-width: 32em\">"
                                "<h1>%s</h1><p>%s</p></body></html>\n",
                                title_html, title_html, text_html);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, page, strlen (page));
}
