/* parlance-cli-chats-show.c — what `parlance-cli chats show` prints: the conversation's branch as
 * JSON, or as text with a heading per message (Markdown rendered on a terminal or with --render).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>
#include "parlance-cli-chats-private.h"
#include "parlance-cli-private.h"
#include "parlance-cli-render-private.h"
#include "parlance-terminal-filter.h"

void
_parlance_cli_chats_print_show_json (ParlanceConversation *conversation,
                                     GPtrArray            *messages)
{
  g_autofree char *text = NULL;
  CliJson json;

  _parlance_cli_json_init (&json);
  _parlance_cli_json_begin_object (&json, NULL);
  _parlance_cli_json_conversation_fields (&json, conversation);
  _parlance_cli_json_begin_array (&json, "messages");
  for (guint i = 0; i < messages->len; i++)
    {
      ParlanceMessage *message = g_ptr_array_index (messages, i);
      const char *reasoning = parlance_message_get_reasoning (message);
      gint64 tokens_in, tokens_out;

      parlance_message_get_tokens (message, &tokens_in, &tokens_out, NULL, NULL);
      _parlance_cli_json_begin_object (&json, NULL);
      _parlance_cli_json_int (&json, "id", parlance_message_get_id (message));
      /* A root has no parent: null, not 0. */
      _parlance_cli_json_int (&json, "parent_id", parlance_message_get_parent_id (message) > 0
                                                  ? parlance_message_get_parent_id (message) : -1);
      _parlance_cli_json_string (&json, "role", _parlance_cli_role_name (message));
      _parlance_cli_json_string (&json, "content", parlance_message_get_content (message));
      _parlance_cli_json_string (&json, "reasoning", reasoning != NULL && *reasoning != '\0' ? reasoning : NULL);
      _parlance_cli_json_string (&json, "status", _parlance_cli_status_name (message));
      _parlance_cli_json_string (&json, "error",
                                 parlance_message_get_status (message) == PARLANCE_MESSAGE_ERROR
                                 ? parlance_message_get_status_text (message) : NULL);
      _parlance_cli_json_string (&json, "provider", parlance_message_get_provider_id (message));
      _parlance_cli_json_string (&json, "model", parlance_message_get_model (message));
      _parlance_cli_json_int (&json, "tokens_in", tokens_in);
      _parlance_cli_json_int (&json, "tokens_out", tokens_out);
      _parlance_cli_json_cost (&json, "cost", parlance_message_get_cost_pico (message));
      _parlance_cli_json_time (&json, "created", parlance_message_get_created (message));
      /* Which of the message's versions the branch shows (1-based), and how many there are. */
      _parlance_cli_json_int (&json, "version", parlance_message_get_sibling_index (message) + 1);
      _parlance_cli_json_int (&json, "versions", MAX (parlance_message_get_n_siblings (message), 1));
      _parlance_cli_json_end_object (&json);
    }
  _parlance_cli_json_end_array (&json);
  _parlance_cli_json_end_object (&json);
  text = _parlance_cli_json_end (&json);
  g_print ("%s", text);
}

/* "Assistant · model · 2026-12-01 18:35 · $0.000669 · stopped" */
static void
print_message_heading (ParlanceMessage *message)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *created = _parlance_cli_format_time (parlance_message_get_created (message), FALSE);
  g_autofree char *cost = parlance_cost_pico_to_string (parlance_message_get_cost_pico (message));
  const char *model = parlance_message_get_model (message);

  switch (parlance_message_get_role (message))
    {
    case PARLANCE_ROLE_USER:
      g_string_append (line, _("You"));
      break;
    case PARLANCE_ROLE_SYSTEM:
      g_string_append (line, _("System"));
      break;
    case PARLANCE_ROLE_TOOL:
      g_string_append (line, _("Tool"));
      break;
    case PARLANCE_ROLE_ASSISTANT:
    default:
      g_string_append (line, _("Assistant"));
    }
  if (model != NULL && parlance_message_get_role (message) == PARLANCE_ROLE_ASSISTANT)
    {
      g_autofree char *cell = _parlance_cli_chats_dup_cell (model, MAX_MODEL_WIDTH * 2);

      g_string_append_printf (line, " · %s", cell);
    }
  if (created != NULL)
    g_string_append_printf (line, " · %s", created);
  if (cost != NULL)
    g_string_append_printf (line, " · $%s", cost);
  if (parlance_message_get_n_siblings (message) > 1)
    {
      g_string_append (line, " · ");
      /* Translators: of a message with siblings (regenerated or edited): "version 2 of 3" */
      g_string_append_printf (line, _("version %u of %u"), parlance_message_get_sibling_index (message) + 1,
                              parlance_message_get_n_siblings (message));
    }

  switch (parlance_message_get_status (message))
    {
    case PARLANCE_MESSAGE_WAITING:
    case PARLANCE_MESSAGE_STREAMING:
      g_string_append_printf (line, " · %s", _("still streaming"));
      break;
    case PARLANCE_MESSAGE_INTERRUPTED:
      g_string_append_printf (line, " · %s", _("interrupted"));
      break;
    case PARLANCE_MESSAGE_ERROR:
      g_string_append_printf (line, " · %s", _("failed"));
      break;
    case PARLANCE_MESSAGE_COMPLETE:
    default:
      break;
    }
  g_print ("%s\n", line->str);
}

/* A message's Markdown for a terminal (or --render), its reasoning first, dim. */
static void
print_rendered (ParlanceMessage *message,
                guint            width)
{
  const char *content = parlance_message_get_content (message);
  const char *reasoning = parlance_message_get_reasoning (message);
  gboolean cut = isatty (STDOUT_FILENO);

  if (reasoning != NULL && *reasoning != '\0')
    {
      g_autofree char *label = _parlance_cli_render_styled (_("Reasoning"), CLI_STYLE_BOLD | CLI_STYLE_DIM);
      g_autofree char *text = _parlance_cli_render_text (reasoning, strlen (reasoning), width, cut, CLI_STYLE_DIM);

      g_print ("%s\n%s\n", label, text);
    }
  if (content != NULL && *content != '\0')
    {
      g_autofree char *text = _parlance_cli_render_text (content, strlen (content), width, cut, 0);

      g_print ("%s", text);
    }
}

void
_parlance_cli_chats_print_show_text (ParlanceConversation *conversation,
                                     GPtrArray            *messages,
                                     gboolean              render)
{
  guint width = _parlance_cli_render_get_width (STDOUT_FILENO);
  g_autofree char *title = _parlance_cli_chats_dup_cell (parlance_conversation_get_title (conversation), 200);
  g_autofree char *updated = _parlance_cli_format_time (parlance_conversation_get_updated (conversation), FALSE);
  const char *system = parlance_conversation_get_system_prompt (conversation);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, parlance_conversation_get_id (conversation));

  g_print ("%s\n", title);
  /* Translators: "Conversation 42, 3 messages, updated 2026-12-01 18:35" */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Conversation %s, %u message, updated %s\n",
                        "Conversation %s, %u messages, updated %s\n", messages->len),
           id, messages->len, updated != NULL ? updated : "-");
  if (system != NULL && *system != '\0')
    {
      g_print ("%s\n", _("System prompt:"));
      _parlance_cli_chats_print_text (system);
      g_print ("\n");
    }

  for (guint i = 0; i < messages->len; i++)
    {
      ParlanceMessage *message = g_ptr_array_index (messages, i);
      const char *content = parlance_message_get_content (message);

      g_print ("\n");
      print_message_heading (message);
      if (render)
        {
          print_rendered (message, width);
        }
      else
        {
          _parlance_cli_chats_print_text (content != NULL ? content : "");
          if (content != NULL && *content != '\0' && !g_str_has_suffix (content, "\n"))
            g_print ("\n");
        }
      if (parlance_message_get_status (message) == PARLANCE_MESSAGE_ERROR &&
          parlance_message_get_status_text (message) != NULL)
        {
          g_autofree char *error = _parlance_cli_chats_dup_cell (parlance_message_get_status_text (message), 500);

          g_print (_("Error: %s\n"), error);
        }
    }
}

