/* test-key-leak.c — two providers' keys go to their own servers, and nowhere else.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both keys live in the private keyring of build-aux/test. The app chats with each provider,
 * checks keys in Preferences, and parlance-cli ($PARLANCE_CLI) does the same from the command
 * line; then every place a key could slip into is searched: the files below the test's HOME and
 * XDG folders, the settings, what the CLI printed, every log message of this process, and what
 * the (fake) providers received.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-key-store.h"
#include "parlance-preferences-window.h"
#include "parlance-provider-page.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

/* Recognizable, and outside the repository's secret-scanner patterns (no hex run after
 * "sk-or-v1-", nothing long after "AIza"). */
#define OPENROUTER_KEY      "sk-or-v1-leaktest-openrouter-7f3a-QxWvZk"
#define OPENROUTER_FRAGMENT "leaktest-openrouter"
#define GEMINI_KEY          "AIzaLeakGeminiZq9xWvPk"
#define GEMINI_FRAGMENT     "LeakGeminiZq9"

#define OPENROUTER_PREFIX   "/api/v1/"
#define GEMINI_PREFIX       "/v1beta/openai/"

#define SIMPLE_TEXT "Hello! Parlance streams this reply — with UTF-8: héllo 👋\n\nSecond paragraph."

static FakeProvider *fake;

/* Everything any thread logged while the test ran. */
static GMutex log_mutex;
static GString *log_text;

static GLogWriterOutput
record_log (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_text, fields[i].key);
      g_string_append_c (log_text, '=');
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_mutex);

  /* Debug messages are recorded (debug output is on for that) but not printed: the TAP
   * stream stays readable. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
queue_fixture (const char *method,
               const char *path,
               guint       status,
               const char *name)
{
  g_autoptr(FakeResponse) response = parlance_test_fixture_response (status, name);

  fake_provider_queue (fake, method, path, response);
}

/* The keyring */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
deleted (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
store_key (const char *provider_id,
           const char *provider_name,
           const char *key)
{
  Outcome outcome = { 0 };

  parlance_key_store_store_async (parlance_key_store_get_default (), provider_id, provider_name, key,
                                  NULL, stored, &outcome);
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
}

static void
delete_key (const char *provider_id)
{
  Outcome outcome = { 0 };

  parlance_key_store_delete_async (parlance_key_store_get_default (), provider_id, NULL, deleted, &outcome);
  parlance_test_wait_for (outcome.done, 10000);
  g_assert_no_error (outcome.error);
}

static void assert_text_clean (const char *what,
                               const char *text);

/* The app */

/* No widget shows a key, or holds one in its text (a password entry would). */
static void
assert_widgets_clean (GtkWidget *root)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  guint n_texts = 0;

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      const char *what = G_OBJECT_TYPE_NAME (w);

      if (GTK_IS_LABEL (w))
        {
          assert_text_clean (what, gtk_label_get_label (GTK_LABEL (w)));
          n_texts++;
        }
      if (GTK_IS_EDITABLE (w))
        assert_text_clean (what, gtk_editable_get_text (GTK_EDITABLE (w)));
      if (GTK_IS_TEXT_VIEW (w))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
          assert_text_clean (what, text);
        }
      if (ADW_IS_PREFERENCES_ROW (w))
        assert_text_clean (what, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)));
      if (ADW_IS_ACTION_ROW (w))
        assert_text_clean (what, adw_action_row_get_subtitle (ADW_ACTION_ROW (w)));
      assert_text_clean (what, gtk_widget_get_tooltip_text (w));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_assert_cmpuint (n_texts, >, 0);
}

typedef struct
{
  ParlanceApplication      *app;
  ParlanceWindow           *window;
  ParlanceConversationView *view;
  ParlanceChatSession      *session;
} Ui;

static void
send_and_wait (Ui         *ui,
               const char *text)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->view), GTK_TYPE_TEXT_VIEW, NULL));
  GListModel *messages = parlance_chat_session_get_messages (ui->session);
  g_autoptr(ParlanceMessage) reply = NULL;

  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (ui->view)), 10000);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->view), "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (ui->session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (ui->session), 20000);

  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpint (parlance_message_get_status (reply), ==, PARLANCE_MESSAGE_COMPLETE);
  g_assert_cmpstr (parlance_message_get_content (reply), ==, SIMPLE_TEXT);
}

static void
check_in_preferences (ParlanceApplication *app)
{
  GtkWindow *prefs;
  GtkWidget *page, *check;
  guint n;

  g_action_group_activate_action (G_ACTION_GROUP (app), "add-key", g_variant_new_string ("openrouter"));
  parlance_test_wait_for ((prefs = parlance_test_ui_find_window (PARLANCE_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);

  /* OpenRouter: Check asks GET /key with the stored key. */
  page = parlance_test_ui_show_provider_page (prefs, "openrouter");
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key stored in the keyring")) != NULL, 10000);
  queue_fixture ("GET", "/key", 200, "key-free.200.json");
  check = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Check");
  g_assert_nonnull (check);
  n = fake_provider_get_n_requests (fake);
  gtk_widget_activate (check);
  parlance_test_wait_for (fake_provider_get_n_requests (fake) > n, 10000);
  parlance_test_wait_for (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Label"))), "sk-or-v1-abc...xyz") == 0,
                          10000);

  /* Gemini: Check lists the models with the Gemini key. */
  page = parlance_test_ui_show_provider_page (prefs, "gemini");
  parlance_test_wait_for (ADW_ACTION_ROW (parlance_test_ui_find_row_titled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Key stored in the keyring")) != NULL, 10000);
  queue_fixture ("GET", "/models", 200, "models-small.200.json");
  check = parlance_test_ui_find (page, GTK_TYPE_BUTTON, "_Check");
  g_assert_nonnull (check);
  n = fake_provider_get_n_requests (fake);
  gtk_widget_activate (check);
  parlance_test_wait_for (fake_provider_get_n_requests (fake) > n, 10000);
  parlance_test_wait_for (gtk_widget_get_sensitive (check), 10000);
  assert_widgets_clean (GTK_WIDGET (prefs));
  parlance_test_ui_show_provider_page (prefs, "openrouter");
  assert_widgets_clean (GTK_WIDGET (prefs));

  gtk_window_destroy (prefs);
}

static void
run_app (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  Ui ui = { 0 };

  g_settings_set_string (settings, "default-provider", "openrouter");
  g_settings_set_string (settings, "default-model", "");

  ui.app = parlance_test_ui_start_app ();
  ui.window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui.app)));
  ui.view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui.window),
                                                               PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui.session = parlance_window_get_session (ui.window);

  /* OpenRouter, with the key from the keyring. */
  queue_fixture ("POST", "/chat/completions", 200, "chat-simple.200.sse");
  send_and_wait (&ui, "Hello OpenRouter, from the leak test.");

  check_in_preferences (ui.app);

  /* Gemini, through the settings, with a model as Gemini lists it. */
  g_settings_set_string (settings, "default-provider", "gemini");
  g_settings_set_string (settings, "default-model", "models/gemini-2.0-flash");
  parlance_test_wait_for (g_strcmp0 (parlance_provider_get_id (parlance_chat_session_get_provider (ui.session)),
                                     "gemini") == 0, 5000);
  queue_fixture ("POST", "/chat/completions", 200, "chat-simple.200.sse");
  send_and_wait (&ui, "Hello Gemini, from the leak test.");
  assert_widgets_clean (GTK_WIDGET (ui.window));

  parlance_test_ui_stop_app (ui.app);
  g_settings_set_string (settings, "default-provider", "openrouter");
  g_settings_set_string (settings, "default-model", "");
}

/* The CLI */

typedef struct
{
  char *out;
  char *err;
  int   status;
} CliRun;

static void
run_cli (CliRun             *run,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PARLANCE_CLI");

  g_assert_nonnull (cli);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Keys from the keyring only; the base URLs are this process's, pointing at the fake. */
  g_subprocess_launcher_unsetenv (launcher, "OPENROUTER_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "GEMINI_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "PARLANCE_MODEL");

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* parlance-cli talks to the fake server's thread and the keyring daemon, never to us. */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* The search */

static void
assert_text_clean (const char *what,
                   const char *text)
{
  static const char *secrets[] = { OPENROUTER_KEY, OPENROUTER_FRAGMENT, GEMINI_KEY, GEMINI_FRAGMENT };

  if (text == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("%s contains a key (“%s”)", what, secrets[i]);
}

static void
assert_settings_clean (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), >, 0);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, TRUE);
      g_autofree char *what = g_strdup_printf ("the setting “%s”", keys[i]);

      assert_text_clean (what, printed);
    }
}

/* Each key reached only its own provider, and only as a bearer token. */
static void
assert_requests_clean (void)
{
  guint n_openrouter = 0, n_gemini = 0;

  for (guint i = 0; i < fake_provider_get_n_requests (fake); i++)
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, i);
      g_autofree char *what = g_strdup_printf ("request %u (%s %s)", i, request->method, request->path);
      const char *authorization = soup_message_headers_get_one (request->headers, "Authorization");
      SoupMessageHeadersIter iter;
      const char *name, *value;

      g_test_message ("%s", what);
      if (g_str_has_prefix (request->path, OPENROUTER_PREFIX))
        {
          g_assert_cmpstr (authorization, ==, "Bearer " OPENROUTER_KEY);
          n_openrouter++;
        }
      else if (g_str_has_prefix (request->path, GEMINI_PREFIX))
        {
          g_assert_cmpstr (authorization, ==, "Bearer " GEMINI_KEY);
          n_gemini++;
        }
      else
        {
          g_error ("%s went to neither provider", what);
        }

      /* No other header, the URL or the body carries a key. */
      soup_message_headers_iter_init (&iter, request->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "Authorization") != 0)
          assert_text_clean (what, value);
      assert_text_clean (what, request->path);
      assert_text_clean (what, request->query);
      if (request->body != NULL)
        {
          gsize len = 0;
          const char *data = g_bytes_get_data (request->body, &len);
          g_autofree char *body = g_strndup (data, len);

          assert_text_clean (what, body);
        }
    }

  /* app chat + Preferences check + CLI chat + CLI key check (GET /key); and app chat +
   * Preferences check + CLI chat. */
  g_assert_cmpuint (n_openrouter, >=, 4);
  g_assert_cmpuint (n_gemini, >=, 3);
}

static void
test_key_leak_nowhere (void)
{
  CliRun runs[3] = { { 0 } };
  g_autoptr(FakeRequest) request = NULL;

  if (!parlance_test_require_keyring ())
    return;

  store_key ("openrouter", "OpenRouter", OPENROUTER_KEY);
  store_key ("gemini", "Google Gemini", GEMINI_KEY);

  run_app ();

  queue_fixture ("POST", "/chat/completions", 200, "chat-simple.200.sse");
  run_cli (&runs[0], ARGS ("chat", "-p", "openrouter", "Hello from the CLI"));
  g_assert_cmpint (runs[0].status, ==, 0);
  g_assert_cmpstr (runs[0].out, ==, SIMPLE_TEXT);

  queue_fixture ("POST", "/chat/completions", 200, "chat-simple.200.sse");
  run_cli (&runs[1], ARGS ("chat", "-p", "gemini", "-m", "models/gemini-2.0-flash", "Hello from the CLI"));
  g_assert_cmpint (runs[1].status, ==, 0);
  g_assert_cmpstr (runs[1].out, ==, SIMPLE_TEXT);
  request = fake_provider_dup_request (fake, fake_provider_get_n_requests (fake) - 1);
  g_assert_true (g_str_has_prefix (request->path, GEMINI_PREFIX));

  queue_fixture ("GET", "/key", 200, "key-free.200.json");
  queue_fixture ("GET", "/models", 200, "models-small.200.json");
  run_cli (&runs[2], ARGS ("key", "check", "openrouter"));
  g_assert_cmpint (runs[2].status, ==, 0);
  g_assert_nonnull (strstr (runs[2].out, "sk-or-v1-abc...xyz"));
  g_assert_nonnull (strstr (runs[2].out, "keyring"));

  /* Leave the keyring as the other keyring tests expect it. */
  delete_key ("openrouter");
  delete_key ("gemini");

  /* Now look everywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *out = g_strdup_printf ("the output of CLI run %u", i);
      g_autofree char *err = g_strdup_printf ("the errors of CLI run %u", i);

      assert_text_clean (out, runs[i].out);
      assert_text_clean (err, runs[i].err);
      cli_run_clear (&runs[i]);
    }

  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), OPENROUTER_KEY);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), OPENROUTER_FRAGMENT);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), GEMINI_KEY);
  parlance_test_assert_no_file_contains (parlance_test_get_tmp_dir (), GEMINI_FRAGMENT);

  assert_settings_clean ();

  g_mutex_lock (&log_mutex);
  g_assert_cmpuint (log_text->len, >, 0);
  assert_text_clean ("the log", log_text->str);
  g_mutex_unlock (&log_mutex);

  assert_requests_clean ();
}

/* The search itself finds what it looks for. */
static void
test_key_leak_search_works (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      /* A process of its own, with folders of its own: search the parent's. */
      parlance_test_assert_no_file_contains (g_getenv ("PARLANCE_TEST_PLANTED_DIR"), GEMINI_KEY);
      return;
    }

  path = g_build_filename (parlance_test_get_tmp_dir (), "cache", "planted", NULL);
  g_file_set_contents (path, "x " GEMINI_KEY " y", -1, &error);
  g_assert_no_error (error);
  g_setenv ("PARLANCE_TEST_PLANTED_DIR", parlance_test_get_tmp_dir (), TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("PARLANCE_TEST_PLANTED_DIR");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*planted contains a secret*");

  g_debug ("planted %s", OPENROUTER_FRAGMENT);
  g_mutex_lock (&log_mutex);
  g_assert_nonnull (strstr (log_text->str, OPENROUTER_FRAGMENT));
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_mutex);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gemini_url = NULL;
  int status;

  parlance_test_init (&argc, &argv);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_log_set_debug_enabled (TRUE);
  gtk_init ();

  fake = fake_provider_new ();
  gemini_url = g_strdup_printf ("http://127.0.0.1:%u/v1beta/openai", fake_provider_get_port (fake));
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("PARLANCE_GEMINI_BASE_URL", gemini_url, TRUE);

  g_test_add_func ("/parlance/key-leak/search-works", test_key_leak_search_works);
  g_test_add_func ("/parlance/key-leak/nowhere", test_key_leak_nowhere);

  status = g_test_run ();
  g_object_unref (fake);
  g_string_free (log_text, TRUE);
  return status;
}
