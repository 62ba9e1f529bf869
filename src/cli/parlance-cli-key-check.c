/* parlance-cli-key-check.c — `parlance-cli key check PROVIDER`: fetching and printing the key's details.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "parlance-chat-client.h"
#include "parlance-cli-private.h"
#include "parlance-json.h"
#include "parlance-terminal-filter.h"

static gboolean
number_member (JsonObject *object,
               const char *name,
               double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_null_member (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

static void
print_field (const char *label,
             const char *value)
{
  /* Labels are padded by characters, not bytes, for translations. */
  glong width = g_utf8_strlen (label, -1);
  /* Values may come from the server: on a terminal, without control characters. */
  g_autofree char *safe = isatty (STDOUT_FILENO) ? parlance_terminal_sanitize (value) : NULL;

  g_print ("%s%*s %s\n", label, (int) MAX (0, 14 - width), "", safe != NULL ? safe : value);
}

static void
print_source (KeyCommand *cmd)
{
  switch (cmd->key_source)
    {
    case PARLANCE_KEY_SOURCE_ENVIRONMENT:
      {
        /* Translators: where the key came from; %s is a variable such as OPENROUTER_API_KEY */
        g_autofree char *text = g_strdup_printf (_("environment (%s)"), _parlance_cli_key_env_var_of (cmd));
        print_field (_("Key from:"), text);
      }
      break;
    case PARLANCE_KEY_SOURCE_KEYRING:
      print_field (_("Key from:"), _("keyring"));
      break;
    case PARLANCE_KEY_SOURCE_SESSION:
      print_field (_("Key from:"), _("this session"));
      break;
    case PARLANCE_KEY_SOURCE_NONE:
    default:
      print_field (_("Key from:"), _("none (this provider needs no key)"));
      break;
    }
}

/* As a plain decimal, never "1e-05": up to 8 places, without trailing zeros. */
static char *
format_credits (double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (!isfinite (value) || fabs (value) >= 1e15)
    g_snprintf (number, sizeof number, "%g", value);
  else
    {
      g_ascii_formatd (number, sizeof number, "%.8f", value);
      end = number + strlen (number) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
      if (g_str_equal (number, "-0"))
        g_strlcpy (number, "0", sizeof number);
    }

  /* Translators: an amount of OpenRouter credits, which are US dollars; %s is a number such as 0.00001 */
  return g_strdup_printf (_("$%s"), number);
}

/* OpenRouter's GET /key: {"data": {"label", "limit", "usage", "limit_remaining", "is_free_tier",
 * "rate_limit": {"requests", "interval"}}}, every field optional. */
static void
print_openrouter_key (KeyCommand *cmd,
                      JsonNode   *root)
{
  JsonObject *data = JSON_NODE_HOLDS_OBJECT (root)
                     ? parlance_json_get_object (json_node_get_object (root), "data") : NULL;
  JsonObject *rate_limit = parlance_json_get_object (data, "rate_limit");
  JsonNode *free_tier = data != NULL ? json_object_get_member (data, "is_free_tier") : NULL;
  const char *label = parlance_json_get_string (data, "label");
  double value;

  g_print (_("%s accepted the key.\n"), parlance_provider_get_name (cmd->provider));
  print_source (cmd);

  if (label != NULL)
    {
      g_autofree char *safe = _parlance_cli_redact (label, cmd->key);
      print_field (_("Label:"), safe);
    }

  if (number_member (data, "usage", &value))
    {
      g_autofree char *text = format_credits (value);
      print_field (_("Usage:"), text);
    }

  if (number_member (data, "limit", &value))
    {
      g_autofree char *text = format_credits (value);
      print_field (_("Limit:"), text);
    }
  else if (is_null_member (data, "limit"))
    print_field (_("Limit:"), _("none"));

  if (number_member (data, "limit_remaining", &value))
    {
      g_autofree char *text = format_credits (value);
      print_field (_("Remaining:"), text);
    }
  else if (is_null_member (data, "limit_remaining"))
    print_field (_("Remaining:"), _("unlimited"));

  if (free_tier != NULL && JSON_NODE_HOLDS_VALUE (free_tier) &&
      json_node_get_value_type (free_tier) == G_TYPE_BOOLEAN)
    print_field (_("Free tier:"),
                 json_node_get_boolean (free_tier)
                 ? _("yes (no credits bought yet)")
                 : _("no (credits bought)"));

  if (rate_limit != NULL)
    {
      const char *interval = parlance_json_get_string (rate_limit, "interval");
      g_autofree char *text = NULL;

      if (number_member (rate_limit, "requests", &value) && interval != NULL)
        /* Translators: a rate limit, such as “20 requests per 10s” */
        text = g_strdup_printf (_("%.0f requests per %s"), value, interval);
      else if (number_member (rate_limit, "requests", &value))
        text = g_strdup_printf (_("%.0f requests"), value);
      if (text != NULL)
        print_field (_("Rate limit:"), text);
    }
}

static gboolean
print_models (KeyCommand *cmd,
              JsonNode   *root)
{
  JsonArray *models = NULL;
  guint n;

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *data = json_object_get_member (json_node_get_object (root), "data");

      if (data != NULL && JSON_NODE_HOLDS_ARRAY (data))
        models = json_node_get_array (data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (root))
    {
      models = json_node_get_array (root);
    }

  if (models == NULL)
    {
      g_printerr (_("%s answered, but not with a list of models.\n"),
                  parlance_provider_get_name (cmd->provider));
      return FALSE;
    }

  n = json_array_get_length (models);
  if (cmd->key != NULL)
    g_print (_("%s accepted the key.\n"), parlance_provider_get_name (cmd->provider));
  else
    g_print (_("%s answered.\n"), parlance_provider_get_name (cmd->provider));
  print_source (cmd);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u available",
                                                          "%u available", n), n);
    print_field (_("Models:"), text);
  }
  return TRUE;
}

static void
get_json_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (root == NULL)
    {
      _parlance_cli_print_error (parlance_chat_client_get_provider (PARLANCE_CHAT_CLIENT (object)), error,
                                 NULL, cmd->key, cmd->key_source);
      _parlance_cli_key_command_quit (cmd, _parlance_cli_exit_for_error (error));
      return;
    }

  if (parlance_provider_get_kind (cmd->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    print_openrouter_key (cmd, root);
  else if (!print_models (cmd, root))
    {
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_MALFORMED);
      return;
    }

  _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_OK);
}

static void
check_with_key (KeyCommand *cmd)
{
  /* The check sends what a chat would: the key and the secret headers. */
  g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (cmd->provider,
                                                                          cmd->secret_headers);
  const char *path = parlance_provider_get_kind (cmd->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER
                     ? "key" : "models";

  cmd->client = parlance_chat_client_new (bound);
  parlance_chat_client_get_json_async (cmd->client, path, cmd->key, cmd->cancellable,
                                       get_json_cb, cmd);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(GError) error = NULL;

  cmd->key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result,
                                                   &cmd->key_source, &cmd->secret_headers, &error);
  if (error != NULL && _parlance_cli_key_is_optional (cmd->provider) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
    {
      if (!g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE))
        g_printerr (_("Going on without a key: %s\n"), error->message);
    }
  else if (error != NULL)
    {
      _parlance_cli_key_command_quit (cmd, _parlance_cli_report_lookup_error (cmd->provider, error));
      return;
    }
  if (cmd->key == NULL && !_parlance_cli_key_is_optional (cmd->provider))
    {
      _parlance_cli_print_no_key (cmd->provider);
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_NO_KEY);
      return;
    }

  check_with_key (cmd);
}

void
_parlance_cli_key_start_check (KeyCommand *cmd)
{
  if (!parlance_provider_get_needs_key (cmd->provider) &&
      !_parlance_cli_key_is_optional (cmd->provider))
    {
      check_with_key (cmd);
      return;
    }

  cmd->key_store = parlance_key_store_new ();
  parlance_key_store_lookup_for_async (cmd->key_store, cmd->provider, cmd->cancellable,
                                       lookup_cb, cmd);
}
