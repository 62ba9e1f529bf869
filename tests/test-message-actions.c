/* test-message-actions.c — the buttons under each message, the versions and the footer, in the
 * window under Xvfb.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's session saves to the test's own store and talks to a fake OpenRouter. The
 * actions are driven as a person would: buttons focused and pressed with keys. Screenshots of
 * a conversation with versions and footers are saved in light and dark (PARLANCE_SHOTS_DIR:
 * copied there too).
 */

#include "config.h"

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-message-actions.h"
#include "parlance-message-editor.h"
#include "parlance-message-footer.h"
#include "parlance-message-row.h"
#include "parlance-model-picker.h"
#include "parlance-test-session.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define WAIT_MS 10000
#define USAGE "{\"prompt_tokens\":1204,\"completion_tokens\":312,\"total_tokens\":1516," \
              "\"cost\":0.0012}"

static FakeProvider *fake;

typedef struct
{
  ParlanceApplication *app;
  ParlanceWindow      *window;
  ParlanceChatSession *session;
} Ui;

static void
ui_start (Ui *ui)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 720);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  ui->app = parlance_test_ui_start_app ();
  ui->window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui->app)));
  ui->session = parlance_window_get_session (ui->window);
  parlance_test_wait_for (gtk_widget_get_mapped (parlance_test_ui_find (GTK_WIDGET (ui->window),
                                                                        PARLANCE_TYPE_CONVERSATION_VIEW, NULL)), WAIT_MS);
}

static void
ui_stop (Ui *ui)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  parlance_test_ui_stop_app (ui->app);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static ParlanceMessage *
message_at (Ui    *ui,
            guint  i)
{
  g_autoptr(ParlanceMessage) message = g_list_model_get_item (parlance_chat_session_get_messages (ui->session), i);

  return message;   /* the list holds it */
}

static const char *
text_at (Ui    *ui,
         guint  i)
{
  ParlanceMessage *message = message_at (ui, i);

  return message != NULL ? parlance_message_get_content (message) : NULL;
}

/* The message's row, once it is drawn. */
static GtkWidget *
row_of (Ui              *ui,
        ParlanceMessage *message)
{
  GtkWidget *row = NULL;

  parlance_test_wait_for ((row = parlance_test_ui_find_message_row (GTK_WIDGET (ui->window), message, TRUE)) != NULL, WAIT_MS);
  return row;
}

/* The first @type under @root whose tooltip is @tooltip (any, for NULL). */
static GtkWidget *
find_tipped (GtkWidget  *root,
             GType       type,
             const char *tooltip)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tipped (child, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
in_row (Ui         *ui,
        guint       i,
        GType       type,
        const char *tooltip)
{
  GtkWidget *found = find_tipped (row_of (ui, message_at (ui, i)), type, tooltip);

  g_assert_nonnull (found);
  return found;
}

static void
send (Ui         *ui,
      const char *text,
      const char *reply)
{
  const char *parts[] = { reply, NULL };

  /* In pieces, with pauses: a reply that takes some time, as the footer measures it. */
  fake_response_set_chunking (parlance_test_queue_sse (fake, parts, USAGE), 48, 120);
  g_assert_true (parlance_chat_session_send (ui->session, text, NULL));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), WAIT_MS);
}

/* Focuses @button and presses Enter on it (a button is clicked when the press it shows ends, a
 * moment later: wait for what it does). */
static void
press (Ui        *ui,
       GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui->window), GDK_KEY_Return, 0));
}

static void
regenerate (Ui         *ui,
            guint       i,
            const char *reply)
{
  const char *parts[] = { reply, NULL };

  parlance_test_queue_sse (fake, parts, USAGE);
  press (ui, in_row (ui, i, GTK_TYPE_BUTTON, "Regenerate"));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), WAIT_MS);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), WAIT_MS);
  parlance_test_wait_for (g_strcmp0 (text_at (ui, i), reply) == 0, WAIT_MS);
}

static const char *
version_text (Ui    *ui,
              guint  i)
{
  GtkWidget *row = row_of (ui, message_at (ui, i));
  GtkWidget *actions = parlance_test_ui_find (row, PARLANCE_TYPE_MESSAGE_ACTIONS, NULL);
  GtkWidget *previous = find_tipped (actions, GTK_TYPE_BUTTON, "Previous Version");
  GtkWidget *label = gtk_widget_get_next_sibling (previous);

  if (!gtk_widget_get_visible (gtk_widget_get_parent (previous)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
save_shot (Ui         *ui,
           const char *name)
{
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("PARLANCE_SHOTS_DIR");

  parlance_test_ui_wait_drawn (GTK_WIDGET (ui->window));
  path = parlance_test_ui_screenshot (GTK_WIDGET (ui->window), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  if (dir != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *to_path = g_build_filename (dir, base, NULL);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);

      g_mkdir_with_parents (dir, 0755);
      g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    }
}

/* Regenerated twice, the reply shows "3/3"; the previous and next buttons switch by keyboard
 * and are disabled at the ends; the footer says who answered, what it used and cost. */
static void
test_versions_by_keyboard (void)
{
  Ui ui = { 0 };
  g_autofree char *footer = NULL;
  GtkWidget *previous, *next;

  ui_start (&ui);
  send (&ui, "Name a colour.", "Teal, a **blue-green**.");
  g_assert_null (version_text (&ui, 1));
  regenerate (&ui, 1, "Crimson.");
  regenerate (&ui, 1, "Ochre, like the earth.");
  g_assert_cmpstr (version_text (&ui, 1), ==, "3/3");

  previous = in_row (&ui, 1, GTK_TYPE_BUTTON, "Previous Version");
  next = in_row (&ui, 1, GTK_TYPE_BUTTON, "Next Version");
  g_assert_false (gtk_widget_is_sensitive (next));
  press (&ui, previous);
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Crimson.") == 0, WAIT_MS);
  g_assert_cmpstr (version_text (&ui, 1), ==, "2/3");
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Previous Version"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Teal, a **blue-green**.") == 0, WAIT_MS);
  g_assert_cmpstr (version_text (&ui, 1), ==, "1/3");
  g_assert_false (gtk_widget_is_sensitive (in_row (&ui, 1, GTK_TYPE_BUTTON, "Previous Version")));
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Next Version"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Crimson.") == 0, WAIT_MS);

  footer = parlance_message_footer_dup_text (message_at (&ui, 1), NULL);
  g_assert_nonnull (strstr (footer, "test/answered-model"));
  g_assert_nonnull (strstr (footer, "OpenRouter"));
  g_assert_nonnull (strstr (footer, "1204 tokens in"));
  g_assert_nonnull (strstr (footer, "312 out"));
  g_assert_nonnull (strstr (footer, "$0.0012"));
  g_assert_nonnull (strstr (footer, "to first token"));
  g_assert_true (gtk_widget_get_visible (in_row (&ui, 1, PARLANCE_TYPE_MESSAGE_FOOTER, NULL)));
  /* A question has none, nor Regenerate; a reply has no Edit. */
  g_assert_false (gtk_widget_get_visible (in_row (&ui, 0, PARLANCE_TYPE_MESSAGE_FOOTER, NULL)));
  g_assert_false (gtk_widget_get_visible (in_row (&ui, 0, GTK_TYPE_BUTTON, "Regenerate")));
  g_assert_false (gtk_widget_get_visible (in_row (&ui, 1, GTK_TYPE_BUTTON, "Edit")));

  send (&ui, "And one for the sea?", "Ultramarine.");
  save_shot (&ui, "message-actions");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (&ui, "message-actions-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  ui_stop (&ui);
}

/* The first label under @root that shows @text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* From @from, Tab (or Shift+Tab) until the focus leaves @within (the widgets it stopped at in
 * @within, each once however many presses it takes there); returns where the focus went. */
static GtkWidget *
tab_through (Ui        *ui,
             GtkWidget *within,
             gboolean   back,
             GPtrArray *stops)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (ui->window));
  guint presses = 0;

  do
    {
      if (focus != NULL && (focus == within || gtk_widget_is_ancestor (focus, within)) &&
          (stops->len == 0 || g_ptr_array_index (stops, stops->len - 1) != focus))
        g_ptr_array_add (stops, focus);
      g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui->window), GDK_KEY_Tab, back ? GDK_SHIFT_MASK : 0));
      focus = gtk_window_get_focus (GTK_WINDOW (ui->window));
      g_assert_cmpuint (++presses, <, 30);
    }
  while (focus != NULL && (focus == within || gtk_widget_is_ancestor (focus, within)));
  for (guint i = 0; i < stops->len; i++)
    g_test_message ("stop %u: %s %s", i, G_OBJECT_TYPE_NAME (stops->pdata[i]),
                    gtk_widget_get_tooltip_text (stops->pdata[i]) ? gtk_widget_get_tooltip_text (stops->pdata[i]) : "");
  return focus;
}

/* In the conversation, Tab goes from a reply's row through its links, its code block (Copy, then
 * the code, which the caret can read), a link in its table, its footer, the version switcher and
 * its actions,
 * then on out of the messages; Shift+Tab comes back in at its last action and goes the same way
 * back to the row, then out. */
static void
test_tab_through_reply (void)
{
  Ui ui = { 0 };
  const char *reply = "See [the docs](https://docs.example/).\n\n"
                      "```c\nint x = 1;\n```\n\n"
                      "| Name | Where |\n|---|---|\n| a | [cell](https://c.example/) |\n";
  g_autoptr(GPtrArray) forward = g_ptr_array_new ();
  g_autoptr(GPtrArray) backward = g_ptr_array_new ();
  GtkWidget *row, *list_row, *out, *expected[11];

  ui_start (&ui);
  send (&ui, "Show me.", "A first answer.");
  regenerate (&ui, 1, reply);
  g_assert_cmpstr (version_text (&ui, 1), ==, "2/2");
  row = row_of (&ui, message_at (&ui, 1));
  parlance_test_wait_for (find_label (row, "cell") != NULL, WAIT_MS);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  list_row = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX_ROW);
  expected[0] = list_row;
  expected[1] = find_label (row, "See the docs.");
  expected[2] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Copy Code");
  expected[3] = in_row (&ui, 1, GTK_TYPE_TEXT_VIEW, NULL);
  expected[4] = find_label (row, "cell");
  /* The footer's text is selectable, so the keyboard can copy it too. */
  expected[5] = find_tipped (in_row (&ui, 1, PARLANCE_TYPE_MESSAGE_FOOTER, NULL), GTK_TYPE_LABEL, NULL);
  expected[6] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Previous Version");
  expected[7] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Copy");
  expected[8] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Regenerate");
  expected[9] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Regenerate With…");
  expected[10] = in_row (&ui, 1, GTK_TYPE_BUTTON, "Delete");

  g_assert_true (gtk_widget_grab_focus (list_row));
  out = tab_through (&ui, list_row, FALSE, forward);
  g_assert_nonnull (out);
  g_assert_cmpuint (forward->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (forward->pdata[i] == expected[i]);

  /* Shift+Tab from there: into the reply at its last action, back through it to its row. */
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Tab, GDK_SHIFT_MASK));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (ui.window)) == expected[10]);
  tab_through (&ui, list_row, TRUE, backward);
  g_assert_cmpuint (backward->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (backward->pdata[i] == expected[G_N_ELEMENTS (expected) - 1 - i]);
  ui_stop (&ui);
}

/* Copy puts the Markdown source on the clipboard; Edit opens the editor in the row, where
 * Ctrl+Enter sends the new version and Escape cancels; Delete hides the message at once and
 * deletes it when its toast goes. */
static void
test_copy_edit_delete (void)
{
  Ui ui = { 0 };
  g_autofree char *copied = NULL;
  GtkWidget *editor, *text_view;
  GtkTextBuffer *buffer;

  ui_start (&ui);
  send (&ui, "Capital of France?", "**Paris**.");
  send (&ui, "And of Italy?", "Rome.");

  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Copy"));
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (ui.window));
    GdkContentProvider *content;
    g_auto(GValue) value = G_VALUE_INIT;

    parlance_test_wait_for ((content = gdk_clipboard_get_content (clipboard)) != NULL, WAIT_MS);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    copied = g_value_dup_string (&value);
  }
  g_assert_cmpstr (copied, ==, "**Paris**.");

  /* Escape cancels; the text is there again. */
  press (&ui, in_row (&ui, 2, GTK_TYPE_BUTTON, "Edit"));
  editor = in_row (&ui, 2, PARLANCE_TYPE_MESSAGE_EDITOR, NULL);
  parlance_test_wait_for (parlance_message_editor_get_editing (PARLANCE_MESSAGE_EDITOR (editor)), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_prev_sibling (editor)));
  /* The actions under the message are hidden while it is edited. */
  g_assert_false (gtk_widget_is_visible (in_row (&ui, 2, GTK_TYPE_BUTTON, "Edit")));
  g_assert_false (gtk_widget_is_visible (in_row (&ui, 2, GTK_TYPE_BUTTON, "Copy")));
  g_assert_false (gtk_widget_is_visible (in_row (&ui, 2, GTK_TYPE_BUTTON, "Delete")));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Escape, 0));
  g_assert_false (parlance_message_editor_get_editing (PARLANCE_MESSAGE_EDITOR (editor)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_prev_sibling (editor)));
  g_assert_true (gtk_widget_is_visible (in_row (&ui, 2, GTK_TYPE_BUTTON, "Edit")));

  press (&ui, in_row (&ui, 2, GTK_TYPE_BUTTON, "Edit"));
  parlance_test_wait_for (parlance_message_editor_get_editing (PARLANCE_MESSAGE_EDITOR (editor)), WAIT_MS);
  text_view = gtk_window_get_focus (GTK_WINDOW (ui.window));
  g_assert_true (GTK_IS_TEXT_VIEW (text_view));
  g_assert_true (gtk_widget_is_ancestor (text_view, editor));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  gtk_text_buffer_set_text (buffer, "And of Spain?", -1);
  save_shot (&ui, "message-edit");
  {
    const char *parts[] = { "Madrid.", NULL };

    fake_response_set_chunking (parlance_test_queue_sse (fake, parts, USAGE), 48, 120);
  }
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Return, GDK_CONTROL_MASK));
  /* While the reply streams, only Copy works. */
  parlance_test_wait_for (parlance_chat_session_get_busy (ui.session), WAIT_MS);
  g_assert_false (gtk_widget_is_sensitive (in_row (&ui, 0, GTK_TYPE_BUTTON, "Delete")));
  g_assert_false (gtk_widget_is_sensitive (in_row (&ui, 1, GTK_TYPE_BUTTON, "Regenerate")));
  g_assert_true (gtk_widget_is_sensitive (in_row (&ui, 1, GTK_TYPE_BUTTON, "Copy")));
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session) &&
                          g_strcmp0 (text_at (&ui, 3), "Madrid.") == 0, WAIT_MS);
  g_assert_cmpstr (text_at (&ui, 2), ==, "And of Spain?");
  g_assert_cmpstr (version_text (&ui, 2), ==, "2/2");

  /* Delete: hidden at once, gone once the toast goes (here: before the next send). */
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Delete"));
  parlance_test_wait_for (parlance_test_ui_find_message_row (GTK_WIDGET (ui.window), message_at (&ui, 1), TRUE) == NULL, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)), ==, 4);
  parlance_message_actions_finish_deletes (ui.session);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)), ==, 3);
  g_assert_cmpstr (text_at (&ui, 1), ==, "And of Spain?");

  /* Regenerate With…: the picker chooses for this reply only. */
  {
    const char *parts[] = { "Madrid, on the Manzanares.", NULL };
    GtkWindow *picker = NULL;
    g_autoptr(JsonObject) body = NULL;

    parlance_test_queue_sse (fake, parts, USAGE);
    press (&ui, in_row (&ui, 2, GTK_TYPE_BUTTON, "Regenerate With…"));
    parlance_test_wait_for ((picker = parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER)) != NULL, WAIT_MS);
    g_signal_emit_by_name (picker, "model-chosen", parlance_chat_session_get_provider (ui.session),
                           "other/model");
    parlance_test_wait_for (!parlance_chat_session_get_busy (ui.session) &&
                            g_strcmp0 (text_at (&ui, 2), "Madrid, on the Manzanares.") == 0, WAIT_MS);
    for (guint i = fake_provider_get_n_requests (fake); i > 0 && body == NULL; i--)
      {
        g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, i - 1);

        if (g_str_has_suffix (request->path, "/chat/completions"))
          body = parlance_test_request_body (fake, i - 1);
      }
    g_assert_nonnull (body);
    g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "other/model");
    g_assert_cmpstr (parlance_chat_session_get_model (ui.session), !=, "other/model");
    g_assert_cmpstr (version_text (&ui, 2), ==, "2/2");
    gtk_window_destroy (picker);
  }
  ui_stop (&ui);
}

/* Deleting a version of a reply ("2/3"): the version beside it shows at once, with the branch
 * below it, while the toast offers Undo; Undo shows the deleted one again; without Undo it
 * goes, and the count follows. */
static void
test_delete_version (void)
{
  Ui ui = { 0 };
  GtkWidget *undo = NULL;

  ui_start (&ui);
  send (&ui, "Name a colour.", "Teal.");
  send (&ui, "Why?", "It is calm.");
  regenerate (&ui, 1, "Ochre.");
  regenerate (&ui, 1, "Crimson.");
  g_assert_cmpstr (version_text (&ui, 1), ==, "3/3");
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Previous Version"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Ochre.") == 0, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)), ==, 2);

  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Delete"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Teal.") == 0, WAIT_MS);
  parlance_test_wait_for (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)) == 4, WAIT_MS);
  g_assert_cmpstr (text_at (&ui, 3), ==, "It is calm.");
  g_assert_true (gtk_widget_get_visible (row_of (&ui, message_at (&ui, 1))));
  g_assert_true (gtk_widget_get_visible (row_of (&ui, message_at (&ui, 3))));

  /* Undo: the deleted version again. */
  parlance_test_wait_for ((undo = parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_BUTTON, "_Undo")) != NULL,
                          WAIT_MS);
  gtk_widget_activate (undo);
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Ochre.") == 0, WAIT_MS);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_BUTTON, "_Undo") == NULL, WAIT_MS);
  g_assert_true (gtk_widget_get_visible (row_of (&ui, message_at (&ui, 1))));
  parlance_test_wait_for (g_strcmp0 (version_text (&ui, 1), "2/3") == 0, WAIT_MS);

  /* Deleted for good once the toast goes: two versions are left. */
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Delete"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Teal.") == 0, WAIT_MS);
  parlance_message_actions_finish_deletes (ui.session);
  parlance_test_wait_for (g_strcmp0 (version_text (&ui, 1), "1/2") == 0, WAIT_MS);
  parlance_test_wait_for (parlance_test_ui_find (GTK_WIDGET (ui.window), GTK_TYPE_BUTTON, "_Undo") == NULL, WAIT_MS);
  g_assert_cmpstr (text_at (&ui, 1), ==, "Teal.");
  g_assert_cmpstr (text_at (&ui, 3), ==, "It is calm.");
  press (&ui, in_row (&ui, 1, GTK_TYPE_BUTTON, "Next Version"));
  parlance_test_wait_for (g_strcmp0 (text_at (&ui, 1), "Crimson.") == 0, WAIT_MS);
  g_assert_cmpstr (version_text (&ui, 1), ==, "2/2");
  ui_stop (&ui);
}

/* A user's message of several paragraphs: Tab goes from its row to its actions, not from
 * paragraph to paragraph (their text stays selectable with the mouse). */
static void
test_tab_through_user_message (void)
{
  Ui ui = { 0 };
  g_autoptr(GPtrArray) forward = g_ptr_array_new ();
  GtkWidget *row, *list_row, *paragraph, *expected[4];

  ui_start (&ui);
  send (&ui, "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.", "Noted.");
  row = row_of (&ui, message_at (&ui, 0));
  parlance_test_wait_for ((paragraph = find_label (row, "Second paragraph.")) != NULL, WAIT_MS);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (paragraph)));
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui.window));
  list_row = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX_ROW);
  expected[0] = list_row;
  expected[1] = in_row (&ui, 0, GTK_TYPE_BUTTON, "Copy");
  expected[2] = in_row (&ui, 0, GTK_TYPE_BUTTON, "Edit");
  expected[3] = in_row (&ui, 0, GTK_TYPE_BUTTON, "Delete");

  g_assert_true (gtk_widget_grab_focus (list_row));
  g_assert_nonnull (tab_through (&ui, list_row, FALSE, forward));
  g_assert_cmpuint (forward->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (forward->pdata[i] == expected[i]);
  ui_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", "sk-or-v1-test-key-for-message-actions", TRUE);

  g_test_add_func ("/parlance/message-actions/versions-by-keyboard", test_versions_by_keyboard);
  g_test_add_func ("/parlance/message-actions/copy-edit-delete", test_copy_edit_delete);
  g_test_add_func ("/parlance/message-actions/tab-through-reply", test_tab_through_reply);
  g_test_add_func ("/parlance/message-actions/tab-through-user-message", test_tab_through_user_message);
  g_test_add_func ("/parlance/message-actions/delete-version", test_delete_version);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
