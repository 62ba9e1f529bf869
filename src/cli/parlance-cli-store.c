/* parlance-cli-store.c — what the commands that read and write conversations share: opening the
 * database with errors a person can act on, conversation ids, times, and exact JSON.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-cli-private.h"
#include "parlance-terminal-filter.h"

/* Opening the database */

/* The store's sentence says what happened and what to do; this adds what the CLI offers. */
static const char *
store_error_hint (const GError *error,
                  gboolean      for_chat)
{
  if (error->domain != PARLANCE_STORE_ERROR)
    return NULL;

  switch ((ParlanceStoreError) error->code)
    {
    case PARLANCE_STORE_ERROR_CORRUPT:
      return _("Run “parlance-cli doctor” for details.");
    case PARLANCE_STORE_ERROR_NEWER:
    case PARLANCE_STORE_ERROR_BUSY:
    case PARLANCE_STORE_ERROR_READ_ONLY:
    case PARLANCE_STORE_ERROR_FULL:
      return for_chat ? _("To chat without saving meanwhile, use --ephemeral.") : NULL;
    case PARLANCE_STORE_ERROR_NOT_FOUND:
    case PARLANCE_STORE_ERROR_FAILED:
    default:
      return NULL;
    }
}

/**
 * _parlance_cli_report_store_error:
 * @for_chat: whether to suggest `--ephemeral`
 *
 * Says on standard error what went wrong with the database and what to do.
 *
 * Returns: the exit status: PARLANCE_CLI_EXIT_NO_CONVERSATION for an unknown id,
 *   PARLANCE_CLI_EXIT_STORE otherwise
 */
ParlanceCliExit
_parlance_cli_report_store_error (const GError *error,
                                  gboolean      for_chat)
{
  const char *hint = store_error_hint (error, for_chat);

  g_assert (error != NULL);

  g_printerr ("%s\n", error->message);
  if (hint != NULL)
    g_printerr ("%s\n", hint);

  if (g_error_matches (error, PARLANCE_STORE_ERROR, PARLANCE_STORE_ERROR_NOT_FOUND))
    return PARLANCE_CLI_EXIT_NO_CONVERSATION;
  return PARLANCE_CLI_EXIT_STORE;
}

/**
 * _parlance_cli_open_store:
 * @create: make the database when there is none yet; otherwise %NULL with
 *   PARLANCE_CLI_EXIT_OK, for the commands that only read
 * @exit_status: (out): why there is no store
 *
 * Returns: (transfer full) (nullable): the default store, or %NULL after saying why
 */
ParlanceStore *
_parlance_cli_open_store (gboolean  create,
                          int      *exit_status)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  g_autoptr(GError) error = NULL;
  ParlanceStore *store;

  *exit_status = PARLANCE_CLI_EXIT_OK;

  /* Reading must not leave an empty database behind. */
  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  store = parlance_store_open (path, &error);
  if (store == NULL)
    *exit_status = _parlance_cli_report_store_error (error, create);
  return store;
}

/**
 * _parlance_cli_parse_id:
 *
 * Returns: whether @text is a conversation id (a positive decimal number)
 */
gboolean
_parlance_cli_parse_id (const char *text,
                        gint64     *id)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

void
_parlance_cli_print_bad_id (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *safe = parlance_terminal_sanitize (valid);

  g_printerr (_("“%s” is not a conversation id: give the number “parlance-cli chats” shows.\n"), safe);
}

void
_parlance_cli_print_no_conversation (gint64 id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_printerr (_("There is no conversation %s. Run “parlance-cli chats” to see them.\n"), text);
}

/* Times */

/**
 * _parlance_cli_format_time:
 * @usec: microseconds since the Unix epoch, UTC; negative for unknown
 * @iso: ISO 8601 in UTC ("2026-12-01T18:35:41Z"); otherwise local time to the minute
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when it is unknown
 */
char *
_parlance_cli_format_time (gint64   usec,
                           gboolean iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (usec < 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  if (iso)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Roles and statuses, as the JSON and the text say them */

const char *
_parlance_cli_role_name (ParlanceMessage *message)
{
  switch (parlance_message_get_role (message))
    {
    case PARLANCE_ROLE_ASSISTANT:
      return "assistant";
    case PARLANCE_ROLE_SYSTEM:
      return "system";
    case PARLANCE_ROLE_TOOL:
      return "tool";
    case PARLANCE_ROLE_USER:
    default:
      return "user";
    }
}

/* A reply waiting for its first token is being written just as much as one streaming. */
const char *
_parlance_cli_status_name (ParlanceMessage *message)
{
  switch (parlance_message_get_status (message))
    {
    case PARLANCE_MESSAGE_WAITING:
    case PARLANCE_MESSAGE_STREAMING:
      return "streaming";
    case PARLANCE_MESSAGE_INTERRUPTED:
      return "interrupted";
    case PARLANCE_MESSAGE_ERROR:
      return "error";
    case PARLANCE_MESSAGE_COMPLETE:
    default:
      return "complete";
    }
}

/* JSON, written by hand: json-glib writes doubles with noise (0.0000123 as
 * 1.2300000000000001e-05), and costs must read back exactly. Every string is escaped here,
 * control characters, DEL and C1 included, so the text is safe on a terminal as well. */

void
_parlance_cli_json_init (CliJson *json)
{
  json->out = g_string_new (NULL);
  json->depth = 0;
  json->need_comma = FALSE;
}

char *
_parlance_cli_json_end (CliJson *json)
{
  g_assert (json->depth == 0);
  g_string_append_c (json->out, '\n');
  return g_string_free (g_steal_pointer (&json->out), FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}

static void
begin_value (CliJson    *json,
             const char *name)
{
  if (json->need_comma)
    g_string_append_c (json->out, ',');
  if (json->depth > 0)
    {
      g_string_append_c (json->out, '\n');
      for (guint i = 0; i < json->depth; i++)
        g_string_append (json->out, "  ");
    }
  if (name != NULL)
    {
      append_escaped (json->out, name);
      g_string_append (json->out, " : ");
    }
  json->need_comma = TRUE;
}

static void
begin_container (CliJson    *json,
                 const char *name,
                 char        bracket)
{
  begin_value (json, name);
  g_string_append_c (json->out, bracket);
  json->depth++;
  json->need_comma = FALSE;
}

static void
end_container (CliJson *json,
               char     bracket)
{
  g_assert (json->depth > 0);
  json->depth--;
  /* Something inside: the bracket goes on a line of its own. */
  if (json->need_comma)
    {
      g_string_append_c (json->out, '\n');
      for (guint i = 0; i < json->depth; i++)
        g_string_append (json->out, "  ");
    }
  g_string_append_c (json->out, bracket);
  json->need_comma = TRUE;
}

void
_parlance_cli_json_begin_object (CliJson    *json,
                                 const char *name)
{
  begin_container (json, name, '{');
}

void
_parlance_cli_json_end_object (CliJson *json)
{
  end_container (json, '}');
}

void
_parlance_cli_json_begin_array (CliJson    *json,
                                const char *name)
{
  begin_container (json, name, '[');
}

void
_parlance_cli_json_end_array (CliJson *json)
{
  end_container (json, ']');
}

/* @value: NULL writes null */
void
_parlance_cli_json_string (CliJson    *json,
                           const char *name,
                           const char *value)
{
  begin_value (json, name);
  if (value == NULL)
    g_string_append (json->out, "null");
  else
    append_escaped (json->out, value);
}

/* @token: a JSON number as it is to be written, or NULL for null */
void
_parlance_cli_json_number (CliJson    *json,
                           const char *name,
                           const char *token)
{
  begin_value (json, name);
  g_string_append (json->out, token != NULL ? token : "null");
}

/* A negative @value (unknown) writes null. */
void
_parlance_cli_json_int (CliJson    *json,
                        const char *name,
                        gint64      value)
{
  begin_value (json, name);
  if (value < 0)
    g_string_append (json->out, "null");
  else
    g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
_parlance_cli_json_bool (CliJson    *json,
                         const char *name,
                         gboolean    value)
{
  begin_value (json, name);
  g_string_append (json->out, value ? "true" : "false");
}

/* The cost as an exact decimal number (0.0000123), or null when unknown. */
void
_parlance_cli_json_cost (CliJson    *json,
                         const char *name,
                         gint64      cost_pico)
{
  g_autofree char *token = cost_pico >= 0 ? parlance_cost_pico_to_string (cost_pico) : NULL;

  _parlance_cli_json_number (json, name, token);
}

/* @usec: a time (microseconds since the epoch, UTC) written as ISO 8601, or null when unknown */
void
_parlance_cli_json_time (CliJson    *json,
                         const char *name,
                         gint64      usec)
{
  g_autofree char *text = _parlance_cli_format_time (usec, TRUE);

  _parlance_cli_json_string (json, name, text);
}

/**
 * _parlance_cli_json_conversation_fields:
 *
 * The fields of a conversation as `chats --json` and `chats show --json` write them, in an
 * object already begun.
 */
void
_parlance_cli_json_conversation_fields (CliJson              *json,
                                        ParlanceConversation *conversation)
{
  _parlance_cli_json_int (json, "id", parlance_conversation_get_id (conversation));
  _parlance_cli_json_string (json, "title", parlance_conversation_get_title (conversation));
  _parlance_cli_json_string (json, "provider", parlance_conversation_get_provider_id (conversation));
  _parlance_cli_json_string (json, "model", parlance_conversation_get_model (conversation));
  _parlance_cli_json_time (json, "created", parlance_conversation_get_created (conversation));
  _parlance_cli_json_time (json, "updated", parlance_conversation_get_updated (conversation));
  _parlance_cli_json_bool (json, "pinned", parlance_conversation_get_pinned (conversation));
  _parlance_cli_json_bool (json, "archived", parlance_conversation_get_archived (conversation));
  _parlance_cli_json_int (json, "message_count", parlance_conversation_get_message_count (conversation));
}
