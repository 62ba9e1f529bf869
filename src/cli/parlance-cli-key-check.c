/* parlance-cli-key-check.c — `parlance-cli key check PROVIDER`: fetching and printing the key's details.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "parlance-chat-client.h"
#include "parlance-cli-private.h"
#include "parlance-message.h"
#include "parlance-openrouter-key.h"
#include "parlance-terminal-filter.h"

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

/* Exact, as a plain decimal, never "1e-05" (parlance_cost_pico_to_string ()). */
static char *
format_credits (gint64 pico)
{
  g_autofree char *number = parlance_cost_pico_to_string (pico);

  /* Translators: an amount of OpenRouter credits, which are US dollars; %s is a number such as 0.00001 */
  return g_strdup_printf (_("$%s"), number);
}

static void
print_credits (const char *label,
               gint64      pico)
{
  g_autofree char *text = NULL;

  if (pico < 0)
    return;
  text = format_credits (pico);
  print_field (label, text);
}

/* When the credit limit starts again: "monthly (next: 2027-01-01 01:00)", in local time. */
static void
print_reset (const ParlanceOpenrouterKeyInfo *info)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = parlance_openrouter_key_info_dup_next_reset (info, now);
  g_autoptr(GDateTime) local = next != NULL ? g_date_time_to_local (next) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
  g_autofree char *text = NULL;
  const char *period;

  switch (info->limit_reset)
    {
    case PARLANCE_OPENROUTER_LIMIT_RESET_NEVER:
      print_field (_("Resets:"), _("never"));
      return;
    case PARLANCE_OPENROUTER_LIMIT_RESET_DAILY:
      period = _("daily");
      break;
    case PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY:
      period = _("weekly");
      break;
    case PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY:
      period = _("monthly");
      break;
    case PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN:
    default:
      return;
    }
  /* Translators: when a key's credit limit starts again, such as “monthly (next: 2027-01-01 01:00)” */
  text = g_strdup_printf (_("%s (next: %s)"), period, when);
  print_field (_("Resets:"), text);
}

/* What OpenRouter's GET /key said, read (bounded, every member checked) by
 * parlance-openrouter-key.c. */
static void
print_openrouter_key (KeyCommand                      *cmd,
                      const ParlanceOpenrouterKeyInfo *info)
{
  g_print (_("%s accepted the key.\n"), parlance_provider_get_name (cmd->provider));
  print_source (cmd);

  if (info->label != NULL)
    {
      g_autofree char *safe = _parlance_cli_redact (info->label, cmd->key);
      print_field (_("Label:"), safe);
    }
  print_credits (_("Usage:"), info->usage_pico);
  print_credits (_("Used today:"), info->usage_daily_pico);
  if (info->unlimited)
    print_field (_("Limit:"), _("none"));
  else
    print_credits (_("Limit:"), info->limit_pico);
  if (info->limit_remaining_pico >= 0)
    print_credits (_("Remaining:"), info->limit_remaining_pico);
  else if (info->unlimited)
    print_field (_("Remaining:"), _("unlimited"));
  if (!info->unlimited)
    print_reset (info);
  if (info->free_tier_known)
    print_field (_("Free tier:"),
                 info->is_free_tier
                 ? _("yes (no credits bought yet)")
                 : _("no (credits bought)"));
  if (info->rate_limit_requests >= 0 && info->rate_limit_interval != NULL)
    {
      /* Translators: a rate limit, such as “20 requests per 10s” */
      g_autofree char *text = g_strdup_printf (_("%.0f requests per %s"),
                                               (double) info->rate_limit_requests,
                                               info->rate_limit_interval);
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

  if (!print_models (cmd, root))
    {
      _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_MALFORMED);
      return;
    }

  _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_OK);
}

static void
key_info_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KeyCommand *cmd = user_data;
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = parlance_openrouter_key_fetch_finish (result, &error);
  if (info == NULL)
    {
      g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (cmd->provider,
                                                                              cmd->secret_headers);

      _parlance_cli_print_error (bound, error, NULL, cmd->key, cmd->key_source);
      _parlance_cli_key_command_quit (cmd, _parlance_cli_exit_for_error (error));
      return;
    }
  print_openrouter_key (cmd, info);
  _parlance_cli_key_command_quit (cmd, PARLANCE_CLI_EXIT_OK);
}

static void
check_with_key (KeyCommand *cmd)
{
  /* The check sends what a chat would: the key and the secret headers. */
  g_autoptr(ParlanceProvider) bound = parlance_provider_dup_with_headers (cmd->provider,
                                                                          cmd->secret_headers);

  if (parlance_provider_get_kind (cmd->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    {
      parlance_openrouter_key_fetch_with_key_async (bound, cmd->key, cmd->cancellable,
                                                    key_info_cb, cmd);
      return;
    }
  cmd->client = parlance_chat_client_new (bound);
  parlance_chat_client_get_json_async (cmd->client, "models", cmd->key, cmd->cancellable,
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
