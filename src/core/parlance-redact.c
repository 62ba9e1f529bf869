/* parlance-redact.c — keeping API keys out of the text that is shown.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A provider may quote the key it refused, or someone else's; a proxy may echo the request's
 * headers. Whatever it says is shown to the user (the app's error text, the CLI's "Provider said"),
 * so whatever looks like a key is replaced by "[key]" first.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-redact.h"

/* A key at least this long is replaced wherever it appears; a shorter one only as a whole token,
 * so that a key "x" does not turn "example" into "e[key]ample". */
#define MIN_KEY_ANYWHERE   16
/* Runs this long of letters and digits mixed look like a bearer token whatever their prefix. */
#define MIN_OPAQUE_TOKEN   32
#define MIN_PREFIXED_TOKEN 20

/* Prefixes of the keys providers hand out: OpenAI and OpenRouter (sk-, sk-or-v1-), Anthropic
 * (sk-ant-), Groq (gsk_), xAI (xai-), Hugging Face (hf_), Google (AIza). */
static const char * const key_prefixes[] = { "sk-", "sk_", "gsk_", "xai-", "hf_", "AIza" };

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* A run of letters and digits, both, with no separator: how random tokens look, and how model ids
 * ("deepseek-r1-distill-llama-70b") and words do not. */
static gboolean
is_opaque_run (const char *run,
               gsize       len)
{
  gboolean has_digit = FALSE, has_alpha = FALSE;

  if (len < MIN_OPAQUE_TOKEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      has_digit |= g_ascii_isdigit (run[i]);
      has_alpha |= g_ascii_isalpha (run[i]);
    }
  return has_digit && has_alpha;
}

static gboolean
looks_like_key (const char *token,
                gsize       len)
{
  gsize run = 0;

  for (guint i = 0; i < G_N_ELEMENTS (key_prefixes); i++)
    if (len >= MIN_PREFIXED_TOKEN && strncmp (token, key_prefixes[i], strlen (key_prefixes[i])) == 0)
      return TRUE;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && g_ascii_isalnum (token[i]))
        {
          run++;
          continue;
        }
      if (is_opaque_run (token + i - run, run))
        return TRUE;
      run = 0;
    }
  return FALSE;
}

static gboolean
is_whole_token (const char *text,
                const char *start,
                gsize       len)
{
  return (start == text || !is_token_char (start[-1])) && !is_token_char (start[len]);
}

static char *
redact_key (const char *text,
            const char *key)
{
  GString *s = g_string_new (NULL);
  gsize key_len = strlen (key);
  gboolean anywhere = key_len >= MIN_KEY_ANYWHERE;
  const char *p = text, *found;

  while ((found = strstr (p, key)) != NULL)
    {
      if (anywhere || is_whole_token (text, found, key_len))
        {
          g_string_append_len (s, p, found - p);
          /* Translators: put where an API key would have been shown */
          g_string_append (s, _("[key]"));
          p = found + key_len;
        }
      else
        {
          g_string_append_len (s, p, found - p + 1);
          p = found + 1;
        }
    }
  g_string_append (s, p);

  return g_string_free (s, FALSE);
}

/**
 * parlance_redact_secrets:
 * @text: (nullable): text to be shown, such as a provider's error message
 * @key: (nullable): the key that was sent, replaced wherever it appears (when it is at least 16
 *   bytes long; a shorter one only where it stands as a whole word)
 *
 * Replaces @key and every token that looks like an API key (`sk-…`, `sk-or-v1-…`, `AIza…`, and
 * long mixes of letters and digits such as bearer tokens) with “[key]”.
 *
 * Returns: (transfer full) (nullable): the text to show
 */
char *
parlance_redact_secrets (const char *text,
                         const char *key)
{
  g_autofree char *without_key = NULL;
  GString *s;
  const char *p;

  if (text == NULL)
    return NULL;

  without_key = key != NULL && *key != '\0' ? redact_key (text, key) : g_strdup (text);

  s = g_string_new (NULL);
  for (p = without_key; *p != '\0';)
    {
      gsize len = 0;

      if (!is_token_char (*p))
        {
          g_string_append_c (s, *p++);
          continue;
        }
      while (is_token_char (p[len]))
        len++;
      if (looks_like_key (p, len))
        g_string_append (s, _("[key]"));
      else
        g_string_append_len (s, p, len);
      p += len;
    }

  return g_string_free (s, FALSE);
}

/**
 * parlance_redact_secrets_with:
 * @text: (nullable): text to be shown
 * @key: (nullable): the key that was sent
 * @more_secrets: (nullable) (element-type utf8): other secrets that were sent, such as the
 *   values of secret headers, each taken out by the same rules as @key
 *
 * Returns: (transfer full) (nullable): the text to show
 */
char *
parlance_redact_secrets_with (const char *text,
                              const char *key,
                              GPtrArray  *more_secrets)
{
  char *redacted = parlance_redact_secrets (text, key);

  for (guint i = 0; redacted != NULL && more_secrets != NULL && i < more_secrets->len; i++)
    {
      char *again = parlance_redact_secrets (redacted, g_ptr_array_index (more_secrets, i));

      g_free (redacted);
      redacted = again;
    }
  return redacted;
}
