/* test-precheck-ui.c — before sending, in the window: the composer warns from 80 % of the model's
 * context, refuses to send over 100 % (and says why and what to do), and tells what sending a paid
 * model costs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "parlance-conversation-view.h"
#include "parlance-model-catalog.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

/* Generous: under sanitizers every allocation of a UI program unwinds its whole stack. */
#define WAIT_MS 30000

/* Small Model: 100 tokens of context, $1 a million prompt tokens, $2 a million reply tokens. */
#define CATALOGUE \
  "{\"data\":[{\"id\":\"small/model\",\"name\":\"Small Model\",\"context_length\":100," \
  "\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}]}"

static char *
write_catalogue (ParlanceTestSidebar *ui)
{
  g_autoptr(ParlanceModelCatalog) catalog = parlance_model_catalog_new (parlance_chat_session_get_provider (ui->session));
  g_autofree char *cache = parlance_model_catalog_dup_cache_path (catalog);
  g_autofree char *dir = g_path_get_dirname (cache);
  g_autofree char *contents = g_strdup_printf ("parlance-models %" G_GINT64_FORMAT "\n%s",
                                               g_get_real_time () / G_USEC_PER_SEC, CATALOGUE);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (cache, contents, -1, NULL));
  return g_steal_pointer (&cache);
}

static GtkWidget *
view_of (ParlanceTestSidebar *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
}

static GtkLabel *
label_with (GtkWidget  *root,
            const char *start)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), start))
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = label_with (child, start);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shown (GtkLabel *label)
{
  return label != NULL && gtk_widget_is_drawable (GTK_WIDGET (label));
}

static void
type_text (GtkWidget *view,
           gsize      n)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL));
  g_autoptr(GString) text = g_string_new (NULL);

  /* Words, as people type (a long unbroken word is slow to wrap): n bytes, n / 4 tokens. */
  while (text->len < n)
    g_string_append (text, "word ");
  g_string_truncate (text, n);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text->str, -1);
}

/* One screenshot a state, light or dark (the style switch redraws everything: slow under
 * sanitizers); build-aux/test keeps them in _build/tests/screenshots/. */
static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

static void
shoot (ParlanceTestSidebar *ui,
       const char          *name,
       gboolean             dark)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* The window's first crossfade (to the conversation, once the key is known) can take longer
   * than the screenshot's own wait on a loaded machine under sanitizers. */
  parlance_test_wait_for (!transition_running (GTK_WIDGET (ui->window)), WAIT_MS);

  if (dark)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (ui->window), name));
  if (dark)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
can_send (GtkWidget *view)
{
  GtkWidget *send = parlance_test_ui_find (view, GTK_TYPE_BUTTON, "send-button");

  return send != NULL && gtk_widget_is_sensitive (send);
}

/* 200 characters: quiet but for the cost; 320: the warning; 400: refused, and Enter sends
 * nothing; back under the limit, sending works again. */
static void
test_warn_and_refuse (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *cache = NULL;
  GtkWidget *view;
  GtkLabel *label;
  GtkWidget *send;
  GtkTextView *text_view;
  guint n_requests;
  guint n_messages;

  parlance_test_sidebar_start (&ui);
  cache = write_catalogue (&ui);
  parlance_chat_session_set_model (ui.session, "unlisted/model");
  parlance_chat_session_set_model (ui.session, "small/model");
  view = view_of (&ui);
  send = parlance_test_ui_find (view, GTK_TYPE_BUTTON, "send-button");
  g_assert_nonnull (send);
  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL));

  /* 56 tokens of 100: no warning; $0.000056 to send. */
  type_text (view, 200);
  parlance_test_wait_for (shown (label_with (view, "≈ $0.000056 to send")), WAIT_MS);
  g_assert_null (label_with (view, "This conversation"));
  g_assert_true (can_send (view));

  /* 86 tokens: the warning, in the warning style, and the composer described by it. */
  type_text (view, 320);
  parlance_test_wait_for (shown (label = label_with (view, "This conversation uses about 86 %")), WAIT_MS);
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "This conversation uses about 86 % of Small Model’s 100-token context.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "warning"));
  g_assert_true (can_send (view));
  shoot (&ui, "precheck-warning", FALSE);

  /* 111 tokens, and Enter at once, before the estimate caught up with the keys: nothing sent. */
  n_requests = fake_provider_count_requests (parlance_test_sidebar_fake, "POST", "/chat/completions");
  n_messages = g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session));
  type_text (view, 420);
  g_assert_true (can_send (view));
  gtk_widget_grab_focus (GTK_WIDGET (text_view));
  g_assert_true (parlance_test_ui_send_key (GTK_WINDOW (ui.window), GDK_KEY_Return, 0));
  g_assert_cmpuint (fake_provider_count_requests (parlance_test_sidebar_fake, "POST", "/chat/completions"), ==, n_requests);
  g_assert_cmpint (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (text_view)), ==, 420);
  g_assert_cmpuint (g_list_model_get_n_items (parlance_chat_session_get_messages (ui.session)), ==, n_messages);

  /* Refused, with why and what to do; the send button says why. */
  type_text (view, 400);
  parlance_test_wait_for (shown (label = label_with (view, "Too long to send")) &&
                          strstr (gtk_label_get_text (label), "about 106.") != NULL, WAIT_MS);
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "Too long to send: Small Model’s context holds 100 tokens, and this conversation "
                   "needs about 106. Start a new conversation, or pick a model with a longer context.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_false (can_send (view));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send), ==, "Too long for this model’s context");
  g_assert_true (gtk_widget_is_drawable (parlance_test_ui_find (view, GTK_TYPE_BUTTON, "_New Conversation")));
  g_assert_true (gtk_widget_is_drawable (parlance_test_ui_find (view, GTK_TYPE_BUTTON, "_Choose Model…")));
  g_assert_null (label_with (view, "≈"));
  shoot (&ui, "precheck-refused-dark", TRUE);

  /* At 360 px the line wraps and the buttons stay in reach. */
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 360, 640);
  parlance_test_wait_for (gtk_widget_get_width (GTK_WIDGET (ui.window)) <= 360, 20000);
  shoot (&ui, "precheck-refused-360", FALSE);
  type_text (view, 320);
  parlance_test_wait_for (shown (label_with (view, "This conversation uses about 86 %")), WAIT_MS);
  shoot (&ui, "precheck-warning-360-dark", TRUE);
  gtk_window_set_default_size (GTK_WINDOW (ui.window), 960, 720);

  /* Short again: it may be sent. */
  type_text (view, 20);
  parlance_test_wait_for (can_send (view) && label_with (view, "This conversation") == NULL, WAIT_MS);

  /* A system prompt set meanwhile counts, without a key typed: 83 + 8 + 3 tokens. */
  {
    g_autofree char *system = g_strnfill (320, 's');

    parlance_conversation_set_system_prompt (parlance_chat_session_get_conversation (ui.session), system);
    parlance_test_wait_for (shown (label_with (view, "This conversation uses about 94 %")), WAIT_MS);
    parlance_conversation_set_system_prompt (parlance_chat_session_get_conversation (ui.session), NULL);
    parlance_test_wait_for (label_with (view, "This conversation") == NULL, WAIT_MS);
  }

  g_remove (cache);
  parlance_test_sidebar_stop (&ui);
}

/* A model the catalogue does not know: no line, whatever the length. */
static void
test_unknown_model (void)
{
  ParlanceTestSidebar ui = { 0 };
  g_autofree char *cache = NULL;
  GtkWidget *view;

  parlance_test_sidebar_start (&ui);
  cache = write_catalogue (&ui);
  /* A new window may start with small/model (remembered), its catalogue read before it was
   * written: another model first reads it again. */
  parlance_chat_session_set_model (ui.session, "unlisted/model");
  parlance_chat_session_set_model (ui.session, "small/model");
  view = view_of (&ui);
  type_text (view, 1000);
  parlance_test_wait_for (shown (label_with (view, "Too long to send")), WAIT_MS);
  g_assert_false (can_send (view));

  /* Another model, one the catalogue does not list: the refusal goes, nothing replaces it. */
  parlance_chat_session_set_model (ui.session, "unlisted/model");
  parlance_test_wait_for (can_send (view) && label_with (view, "Too long") == NULL, WAIT_MS);
  g_assert_null (label_with (view, "This conversation"));
  g_assert_null (label_with (view, "Too long"));
  g_assert_null (label_with (view, "≈"));
  g_assert_true (can_send (view));

  g_remove (cache);
  parlance_test_sidebar_stop (&ui);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/precheck-ui/warn-and-refuse", test_warn_and_refuse);
  g_test_add_func ("/parlance/precheck-ui/unknown-model", test_unknown_model);

  return g_test_run ();
}
