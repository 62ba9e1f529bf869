/* parlance-export-markdown.c — one conversation as Markdown, to read.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the conversation's export JSON: the shown branch (tip to root), a heading per
 * turn with who spoke, the model and the time, reasoning folded in a <details>, and a line
 * where other versions of a message exist. Message text is Markdown already and goes as it is,
 * made safe (parlance-export-markdown-text.c); tool calls go in code blocks.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-export-private.h"
#include "parlance-json.h"

/* One line: headings and summaries can't hold a newline, nor markup. */
static char *
dup_line (const char *text)
{
  return _parlance_export_markdown_dup_inline (text);
}

static char *
dup_local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
}

static const char *
speaker (JsonObject *message)
{
  const char *role = parlance_json_get_string (message, "role");

  if (g_strcmp0 (role, "assistant") == 0)
    return _("Assistant");
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  if (g_strcmp0 (role, "tool") == 0)
    return _("Tool");
  return _("You");
}

static void
append_heading (GString    *out,
                JsonObject *message)
{
  const char *model = parlance_json_get_string (message, "model");
  g_autofree char *time = dup_local_time (parlance_json_get_string (message, "created"));
  g_autofree char *model_line = dup_line (model);

  g_string_append_printf (out, "## %s", speaker (message));
  if (model != NULL && g_strcmp0 (parlance_json_get_string (message, "role"), "assistant") == 0)
    g_string_append_printf (out, " · %s", model_line);
  if (time != NULL)
    g_string_append_printf (out, " · %s", time);
  g_string_append (out, "\n\n");
}

static void
append_status (GString    *out,
               JsonObject *message)
{
  const char *status = parlance_json_get_string (message, "status");
  g_autofree char *error = dup_line (parlance_json_get_string (message, "error"));

  /* The stored error says it best when there is one (a reply cut off says so). */
  if (g_strcmp0 (status, "interrupted") == 0)
    g_string_append_printf (out, "*%s*\n\n",
                            *error != '\0' ? error : _("This reply was stopped before it ended."));
  else if (g_strcmp0 (status, "error") == 0)
    g_string_append_printf (out, "*%s%s%s*\n\n", _("This reply failed."),
                            *error != '\0' ? " " : "", error);
  else if (g_strcmp0 (status, "streaming") == 0)
    g_string_append_printf (out, "*%s*\n\n", _("This reply was still being written."));
}

static void
append_attachments (GString    *out,
                    JsonObject *message)
{
  JsonArray *attachments = parlance_json_get_array (message, "attachments");

  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      g_autofree char *name = NULL;
      g_autofree char *size = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      name = dup_line (parlance_json_get_string (json_node_get_object (node), "name"));
      size = g_format_size (MAX (parlance_json_get_int (json_node_get_object (node), "size", 0), 0));
      g_string_append_c (out, '*');
      /* Translators: an attached file in an exported conversation: its name and size. */
      g_string_append_printf (out, _("Attachment: %s (%s)"), name, size);
      g_string_append (out, "*\n\n");
    }
}

/* A turn that only called tools would otherwise be an empty heading: say what it called. */
static void
append_tool_calls (GString    *out,
                   JsonObject *message)
{
  JsonArray *calls = parlance_json_get_array (message, "tool_calls");

  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonNode *node = json_array_get_element (calls, i);
      JsonObject *function = NULL;
      g_autofree char *name = NULL;
      const char *arguments;

      if (JSON_NODE_HOLDS_OBJECT (node))
        function = parlance_json_get_object (json_node_get_object (node), "function");
      if (function == NULL)
        continue;
      name = dup_line (parlance_json_get_string (function, "name"));
      arguments = parlance_json_get_string (function, "arguments");
      g_string_append_c (out, '*');
      /* Translators: in an exported conversation, a tool the assistant called (its name). */
      g_string_append_printf (out, _("Called the tool %s"), *name != '\0' ? name : "?");
      g_string_append (out, "*\n\n");
      if (arguments != NULL && *arguments != '\0')
        _parlance_export_markdown_append_fenced (out, arguments, "json");
    }
}

/* A reply another model of the fallback chain gave: "Answered by X after Y, Z failed." (from
 * the attempts kept with it, at most 8 named, as the message footer does). */
static void
append_fallback (GString    *out,
                 JsonObject *message)
{
  JsonArray *attempts = parlance_json_get_array (message, "attempts");
  const char *model = parlance_json_get_string (message, "model");
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *answered = NULL;

  if (attempts == NULL || model == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (attempts) && failed->len < 8; i++)
    {
      JsonNode *node = json_array_get_element (attempts, i);
      const char *name = JSON_NODE_HOLDS_OBJECT (node)
                         ? parlance_json_get_string (json_node_get_object (node), "model") : NULL;

      if (name != NULL)
        g_ptr_array_add (failed, dup_line (name));
    }
  if (failed->len == 0)
    return;
  g_ptr_array_add (failed, NULL);
  joined = g_strjoinv (", ", (char **) failed->pdata);
  answered = dup_line (model);
  g_string_append_c (out, '*');
  /* Translators: under a reply in an exported conversation: the model that answered, then the
   * models that failed before it, such as "Answered by b/model after a/model failed." */
  g_string_append_printf (out, _("Answered by %s after %s failed."), answered, joined);
  g_string_append (out, "*\n\n");
}

static void
append_message (GString    *out,
                JsonObject *message,
                guint       n_versions)
{
  const char *reasoning = parlance_json_get_string (message, "reasoning");
  const char *content = parlance_json_get_string (message, "content");

  append_heading (out, message);
  if (reasoning != NULL && *reasoning != '\0')
    {
      g_string_append_printf (out, "<details>\n<summary>%s</summary>\n\n", _("Reasoning"));
      _parlance_export_markdown_append_text (out, reasoning);
      g_string_append (out, "\n\n</details>\n\n");
    }
  if (content != NULL && *content != '\0')
    {
      _parlance_export_markdown_append_text (out, content);
      g_string_append (out, "\n\n");
    }
  append_tool_calls (out, message);
  append_status (out, message);
  append_fallback (out, message);
  append_attachments (out, message);
  if (n_versions > 1)
    {
      g_string_append_c (out, '*');
      g_string_append_printf (out,
                              /* Translators: in an exported conversation, under a message. */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "There is %u other version of this message, not shown.",
                                           "There are %u other versions of this message, not shown.",
                                           n_versions - 1),
                              n_versions - 1);
      g_string_append (out, "*\n\n");
    }
}

static gint64 *
dup_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gint64
get_parent (JsonObject *message)
{
  return MAX (parlance_json_get_int (message, "parent", 0), 0);
}

/* Returns: (transfer container): the shown branch, root first; @versions gets, for each
 * parent id (0 for the roots), how many messages answer it. */
static GPtrArray *
shown_branch (JsonArray  *messages,
              gint64      tip,
              GHashTable *versions)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *branch = g_ptr_array_new ();
  JsonObject *message;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      gint64 parent = get_parent (m);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (versions, &parent));

      g_hash_table_insert (by_id, dup_id (parlance_json_get_int (m, "id", 0)), m);
      g_hash_table_insert (versions, dup_id (parent), GUINT_TO_POINTER (count + 1));
    }
  /* Parents are older than their children: a loop in a hand-edited database can't hang us. */
  for (message = g_hash_table_lookup (by_id, &tip);
       message != NULL && branch->len <= json_array_get_length (messages);)
    {
      gint64 id = parlance_json_get_int (message, "id", 0);
      gint64 parent = get_parent (message);

      g_ptr_array_insert (branch, 0, message);
      message = parent > 0 && parent < id ? g_hash_table_lookup (by_id, &parent) : NULL;
    }
  return branch;
}

/**
 * _parlance_export_markdown:
 * @conversation: a conversation as the JSON export writes it
 *
 * Appends it as Markdown: its title as a heading, then the shown branch.
 */
void
_parlance_export_markdown (JsonObject *conversation,
                           GString    *out)
{
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) branch = NULL;
  JsonArray *messages = parlance_json_get_array (conversation, "messages");
  g_autofree char *title = dup_line (parlance_json_get_string (conversation, "title"));
  g_autofree char *created = dup_local_time (parlance_json_get_string (conversation, "created"));
  const char *model = parlance_json_get_string (conversation, "model");
  const char *system_prompt = parlance_json_get_string (conversation, "system_prompt");

  g_string_append_printf (out, "# %s\n\n", *title != '\0' ? title : _("Conversation"));
  if (created != NULL)
    {
      g_autofree char *model_line = dup_line (model);

      g_string_append_c (out, '*');
      /* Translators: under an exported conversation's title: when it began. */
      g_string_append_printf (out, _("Started %s"), created);
      if (model != NULL)
        g_string_append_printf (out, " · %s", model_line);
      g_string_append (out, "*\n\n");
    }
  if (system_prompt != NULL && *system_prompt != '\0')
    {
      g_string_append_printf (out, "<details>\n<summary>%s</summary>\n\n", _("System prompt"));
      _parlance_export_markdown_append_text (out, system_prompt);
      g_string_append (out, "\n\n</details>\n\n");
    }
  if (messages == NULL)
    return;
  branch = shown_branch (messages, parlance_json_get_int (conversation, "tip", 0), versions);
  for (guint i = 0; i < branch->len; i++)
    {
      JsonObject *message = g_ptr_array_index (branch, i);
      gint64 parent = get_parent (message);

      append_message (out, message,
                      GPOINTER_TO_UINT (g_hash_table_lookup (versions, &parent)));
    }
}
