/* test-model-picker.c — choosing a model under Xvfb, against the fake provider.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fake-provider.h"
#include "parlance-conversation-view.h"
#include "parlance-model.h"
#include "parlance-model-details.h"
#include "parlance-model-entry.h"
#include "parlance-model-picker.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

static FakeProvider *fake;

static GListModel *
shown (GtkWidget *picker)
{
  GtkListView *list = GTK_LIST_VIEW (parlance_test_ui_find (picker, GTK_TYPE_LIST_VIEW, "models-list"));

  return G_LIST_MODEL (gtk_list_view_get_model (list));
}

/* The model at @position, or NULL for a heading. */
static ParlanceModel *
model_at (GtkWidget *picker,
          guint      position)
{
  g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (shown (picker), position);

  return entry != NULL ? parlance_model_entry_get_model (entry) : NULL;
}

static const char *
heading_at (GtkWidget *picker,
            guint      position)
{
  g_autoptr(ParlanceModelEntry) entry = g_list_model_get_item (shown (picker), position);

  return entry != NULL ? parlance_model_entry_get_heading (entry) : NULL;
}

/* Models shown, headings not counted. */
static guint
n_shown (GtkWidget *picker)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (shown (picker)); i++)
    n += model_at (picker, i) != NULL;
  return n;
}

static ParlanceModel *
selected_model (GtkWidget *picker)
{
  return model_at (picker, gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown (picker))));
}

static gboolean
first_is (GtkWidget  *picker,
          const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (shown (picker)); i++)
    if (model_at (picker, i) != NULL)
      return g_strcmp0 (parlance_model_get_id (model_at (picker, i)), id) == 0;
  return FALSE;
}

static const char *
details_id (GtkWidget *picker)
{
  ParlanceModelDetails *details = PARLANCE_MODEL_DETAILS (parlance_test_ui_find (picker, PARLANCE_TYPE_MODEL_DETAILS, NULL));
  ParlanceModel *model = parlance_model_details_get_model (details);

  return model != NULL ? parlance_model_get_id (model) : NULL;
}

static void
test_model_picker_search_and_pick (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ParlanceChatSession *session = parlance_window_get_session (window);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *shot = NULL;
  g_auto(GStrv) recents = NULL;
  g_auto(GStrv) favourites = NULL;
  GtkWidget *picker, *search, *free_toggle;
  guint n_all;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-model", NULL));
  parlance_test_wait_for ((picker = GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER))) != NULL, 5000);
  search = parlance_test_ui_find (picker, GTK_TYPE_SEARCH_ENTRY, NULL);

  /* The catalogue comes from GET /models (no cache yet). */
  parlance_test_wait_for (n_shown (picker) > 0, 30000);
  n_all = n_shown (picker);
  g_assert_cmpuint (n_all, ==, 7);
  /* By name (the default order), with no headings while nothing is a favourite or recent. */
  g_assert_cmpuint (g_list_model_get_n_items (shown (picker)), ==, 7);
  g_assert_true (first_is (picker, "anthropic/claude-3.5-sonnet"));
  g_assert_cmpstr (parlance_model_get_id (model_at (picker, 6)), ==, "openai/gpt-4o-mini");
  /* The best match is selected, and the pane shows its details. */
  g_assert_cmpstr (parlance_model_get_id (selected_model (picker)), ==, "anthropic/claude-3.5-sonnet");
  g_assert_cmpstr (details_id (picker), ==, "anthropic/claude-3.5-sonnet");
  /* Typing goes to the search: the focus is in the search entry (on its text, inside it). */
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (picker)));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (picker)) == search ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (picker)), search));

  /* Filters: free only. */
  free_toggle = parlance_test_ui_find (picker, GTK_TYPE_TOGGLE_BUTTON, "_Free");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (free_toggle), TRUE);
  parlance_test_wait_for (n_shown (picker) == 2, 5000);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (free_toggle), FALSE);
  parlance_test_wait_for (n_shown (picker) == n_all, 5000);

  /* Minimum context and maximum price. */
  {
    GtkDropDown *context = GTK_DROP_DOWN (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "min-context"));
    GtkDropDown *price = GTK_DROP_DOWN (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "max-price"));

    g_assert_nonnull (context);
    g_assert_nonnull (price);
    gtk_drop_down_set_selected (context, 2);   /* 128K or more */
    parlance_test_wait_for (n_shown (picker) == 5, 5000);
    g_assert_cmpint (g_settings_get_int64 (settings, "model-min-context"), ==, 128000);
    gtk_drop_down_set_selected (context, 0);
    gtk_drop_down_set_selected (price, 1);     /* up to $0.50 */
    parlance_test_wait_for (n_shown (picker) == 3, 5000);
    gtk_drop_down_set_selected (price, 0);
    parlance_test_wait_for (n_shown (picker) == n_all, 5000);
  }

  /* Star the selected (first) model from the keyboard: it is a favourite, kept in the settings. */
  g_assert_true (gtk_widget_activate_action (picker, "picker.toggle-favourite", NULL));
  favourites = g_settings_get_strv (settings, "favourite-models");
  g_assert_cmpuint (g_strv_length (favourites), ==, 1);
  /* It heads the list, in a section of its own. */
  g_assert_cmpstr (heading_at (picker, 0), ==, "Favourites");
  g_assert_cmpstr (parlance_model_get_id (model_at (picker, 1)), ==, "anthropic/claude-3.5-sonnet");
  g_assert_cmpstr (heading_at (picker, 2), ==, "All Models");
  g_assert_cmpuint (n_shown (picker), ==, n_all);

  /* Down skips the heading between the sections, Up comes back. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_cmpstr (parlance_model_get_id (selected_model (picker)), ==, "anthropic/claude-3.5-sonnet");
  g_assert_true (parlance_test_ui_press_key (search, GDK_KEY_Down));
  g_assert_nonnull (selected_model (picker));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown (picker))), ==, 3);
  g_assert_cmpstr (details_id (picker), ==, parlance_model_get_id (selected_model (picker)));
  g_assert_true (parlance_test_ui_press_key (search, GDK_KEY_Up));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown (picker))), ==, 1);
  shot = parlance_test_ui_screenshot (picker, "model-picker");

  /* Refresh on demand (Ctrl+R): the list is fetched again and stays where it was. */
  g_assert_true (parlance_test_ui_press_key (search, GDK_KEY_Down));
  {
    guint n_requests = fake_provider_get_n_requests (fake);
    g_autofree char *selected_id = g_strdup (parlance_model_get_id (selected_model (picker)));
    GtkWidget *spinner = parlance_test_ui_find (picker, GTK_TYPE_SPINNER, NULL);

    g_assert_true (gtk_widget_activate_action (picker, "picker.refresh", NULL));
    g_assert_true (gtk_widget_get_visible (spinner));
    parlance_test_wait_for (fake_provider_get_n_requests (fake) > n_requests && !gtk_widget_get_visible (spinner), 10000);
    g_assert_cmpstr (parlance_model_get_id (selected_model (picker)), ==, selected_id);
    g_assert_cmpuint (n_shown (picker), ==, n_all);
  }

  /* Type, and Enter picks the first result. */
  gtk_editable_set_text (GTK_EDITABLE (search), "gpt4o mini");
  parlance_test_wait_for (first_is (picker, "openai/gpt-4o-mini") && n_shown (picker) == 1, 5000);
  g_assert_cmpstr (details_id (picker), ==, "openai/gpt-4o-mini");
  g_free (shot);
  shot = parlance_test_ui_screenshot (picker, "model-picker-search");

  /* Narrow: the details fold away behind the header's button. */
  {
    AdwFlap *flap = ADW_FLAP (parlance_test_ui_find (picker, ADW_TYPE_FLAP, NULL));

    gtk_window_set_default_size (GTK_WINDOW (picker), 560, 600);
    parlance_test_wait_for (adw_flap_get_folded (flap), 5000);
    g_assert_false (adw_flap_get_reveal_flap (flap));
    parlance_test_wait_for (adw_flap_get_reveal_progress (flap) == 0.0, 5000);
    g_free (shot);
    shot = parlance_test_ui_screenshot (picker, "model-picker-narrow");
    gtk_window_set_default_size (GTK_WINDOW (picker), 1000, 640);
  }
  g_signal_emit_by_name (search, "activate");
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) == NULL, 5000);

  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "openai/gpt-4o-mini");
  recents = g_settings_get_strv (settings, "recent-models");
  g_assert_cmpstr (recents[0], ==, "openrouter:openai/gpt-4o-mini");

  /* Browse another provider (Ollama, here at the fake server) and pick from it: the
   * conversation moves to that provider. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-model", NULL));
  parlance_test_wait_for ((picker = GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER))) != NULL, 5000);
  parlance_test_wait_for (n_shown (picker) > 0, 30000);
  /* The model just picked is in the Recent section, after the favourite. */
  g_assert_cmpstr (heading_at (picker, 0), ==, "Favourites");
  g_assert_cmpstr (heading_at (picker, 2), ==, "Recent");
  g_assert_cmpstr (parlance_model_get_id (model_at (picker, 3)), ==, "openai/gpt-4o-mini");
  g_assert_cmpstr (heading_at (picker, 4), ==, "All Models");
  g_assert_cmpuint (n_shown (picker), ==, n_all);
  {
    GtkDropDown *providers = GTK_DROP_DOWN (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, NULL));
    guint n_requests = fake_provider_get_n_requests (fake);

    gtk_drop_down_set_selected (providers, 3);   /* openrouter, gemini, openai, ollama */
    parlance_test_wait_for (fake_provider_get_n_requests (fake) > n_requests && n_shown (picker) == 7, 10000);
    {
      g_autoptr(FakeRequest) request = fake_provider_dup_request (fake, fake_provider_get_n_requests (fake) - 1);
      /* Ollama takes no key: none is sent, and OpenRouter's never. */
      g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
    }
  }
  search = parlance_test_ui_find (picker, GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "mistral");
  parlance_test_wait_for (first_is (picker, "mistralai/mistral-7b-instruct:free"), 5000);
  g_signal_emit_by_name (search, "activate");
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) == NULL, 5000);
  g_assert_cmpstr (parlance_provider_get_id (parlance_chat_session_get_provider (session)), ==, "ollama");
  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "mistralai/mistral-7b-instruct:free");

  g_settings_reset (settings, "favourite-models");
  g_settings_reset (settings, "recent-models");
  parlance_test_ui_stop_app (app);
}

/* The keys the README and the shortcuts window promise: Escape (even from the search field, which
 * takes Escape for itself) and Ctrl+W close the picker, and the composer has the keyboard again. */
static void
test_model_picker_keys_close (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  struct { guint keyval; GdkModifierType modifiers; } keys[] = {
    { GDK_KEY_Escape, 0 },
    { GDK_KEY_w, GDK_CONTROL_MASK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWindow *picker;
      GtkWidget *search;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-model", NULL));
      parlance_test_wait_for ((picker = parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER)) != NULL, 5000);
      parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (picker)), 5000);
      search = parlance_test_ui_find (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY, NULL);
      /* The keyboard is in the search field. */
      g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (picker), search));

      g_assert_true (parlance_test_ui_send_key (picker, keys[i].keyval, keys[i].modifiers));
      parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) == NULL, 5000);
    }

  parlance_test_ui_stop_app (app);
}

/* After a pick, the keyboard is in the composer; the header, the composer and the replies name
 * the model as the catalogue does, with its id on hover. */
static void
test_model_picker_names (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ParlanceChatSession *session = parlance_window_get_session (window);
  GtkWidget *view = parlance_test_ui_find (GTK_WIDGET (window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL);
  GtkWidget *text_view = parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL);
  GtkWidget *placeholder = parlance_test_ui_find (view, GTK_TYPE_LABEL, "composer-placeholder");
  GtkWidget *title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (parlance_test_ui_find (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, "conversation-header")));
  GtkWidget *title_label = parlance_test_ui_find (title, GTK_TYPE_LABEL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GBytes) sse = parlance_test_load_fixture ("chat-simple.200.sse");
  GtkWidget *picker, *search, *author;
  g_autofree char *shot = NULL;

  parlance_test_wait_for (gtk_widget_get_mapped (text_view), 10000);
  /* Clicked: the header's button has the keyboard. */
  gtk_widget_grab_focus (title);
  gtk_widget_activate (title);
  parlance_test_wait_for ((picker = GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER))) != NULL, 5000);
  parlance_test_wait_for (n_shown (picker) > 0, 30000);
  search = parlance_test_ui_find (picker, GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "gpt4o mini");
  parlance_test_wait_for (first_is (picker, "openai/gpt-4o-mini") && n_shown (picker) == 1, 5000);
  g_signal_emit_by_name (search, "activate");
  parlance_test_wait_for (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER) == NULL, 5000);

  g_assert_cmpstr (parlance_chat_session_get_model (session), ==, "openai/gpt-4o-mini");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == text_view);
  parlance_test_wait_for (g_strcmp0 (gtk_label_get_text (GTK_LABEL (title_label)), "OpenAI: GPT-4o-mini") == 0, 5000);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (title), "openai/gpt-4o-mini"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "Message OpenAI: GPT-4o-mini…");

  /* A reply from the model: named, with the id on hover. */
  {
    g_autoptr(GString) body = g_string_new_len (g_bytes_get_data (sse, NULL), g_bytes_get_size (sse));
    g_autoptr(FakeResponse) reply = fake_response_new (200);

    g_string_replace (body, "meta-llama/llama-3.3-70b-instruct:free", "openai/gpt-4o-mini", 0);
    fake_response_set_content_type (reply, "text/event-stream");
    fake_response_set_body_string (reply, body->str);
    fake_provider_queue (fake, "POST", "/chat/completions", reply);
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), "Hello!", -1);
  g_assert_true (gtk_widget_activate_action (view, "conversation.send", NULL));
  parlance_test_wait_for (parlance_chat_session_get_busy (session), 5000);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 10000);
  parlance_test_wait_for ((author = parlance_test_ui_find (view, GTK_TYPE_LABEL, "OpenAI: GPT-4o-mini")) != NULL, 5000);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (author), ==, "openai/gpt-4o-mini");
  shot = parlance_test_ui_screenshot (GTK_WIDGET (window), "conversation-named");

  g_settings_reset (settings, "recent-models");
  parlance_test_ui_stop_app (app);
}

static gboolean
within (GtkWidget *widget,
        GtkWidget *window)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, window, &bounds))
    return FALSE;
  return bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window) &&
         bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window);
}

/* At 400 px every filter can still be reached; the provider is said once (the title is
 * "Models"); the price column is explained; the details count tokens as the list does. */
static void
test_model_picker_narrow_and_words (void)
{
  ParlanceApplication *app = parlance_test_ui_start_app ();
  ParlanceWindow *window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GtkWidget *picker, *caption, *details;
  g_autofree char *shot = NULL;
  const char *filters[] = { "_Free", "_Tools", "_Images", "_Reasoning" };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-model", NULL));
  parlance_test_wait_for ((picker = GTK_WIDGET (parlance_test_ui_find_window (PARLANCE_TYPE_MODEL_PICKER))) != NULL, 5000);
  parlance_test_wait_for (n_shown (picker) > 0, 30000);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==, "Models");

  /* Tab goes from filter to filter (not to the flow box's wrappers) as far as the order. */
  {
    GtkWidget *sort = parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "sort");
    gboolean reached = FALSE;

    gtk_widget_grab_focus (parlance_test_ui_find (picker, GTK_TYPE_SEARCH_ENTRY, NULL));
    for (guint i = 0; i < 20 && !reached; i++)
      {
        GtkWidget *focus;

        g_assert_true (gtk_widget_child_focus (picker, GTK_DIR_TAB_FORWARD));
        focus = gtk_window_get_focus (GTK_WINDOW (picker));
        g_test_message ("Tab %u: %s", i, G_OBJECT_TYPE_NAME (focus));
        g_assert_false (GTK_IS_FLOW_BOX_CHILD (focus));
        reached = focus == sort || gtk_widget_is_ancestor (focus, sort);
      }
    g_assert_true (reached);
  }
  caption = parlance_test_ui_find (picker, GTK_TYPE_LABEL, "columns-caption");
  g_assert_nonnull (caption);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (caption)), "in / out per 1M tokens"));

  /* Claude 3.5 Sonnet, first by name: 200K in the list, 200K in the details. */
  g_assert_true (first_is (picker, "anthropic/claude-3.5-sonnet"));
  details = parlance_test_ui_find (picker, PARLANCE_TYPE_MODEL_DETAILS, NULL);
  g_assert_nonnull (parlance_test_ui_find (details, GTK_TYPE_LABEL, "200K tokens"));
  g_assert_null (parlance_test_ui_find (details, GTK_TYPE_LABEL, "200000 tokens"));
  /* Rows without "· OpenRouter" on each, the caption above them: light and dark. */
  shot = parlance_test_ui_screenshot (picker, "model-picker-rows");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (shot);
  shot = parlance_test_ui_screenshot (picker, "model-picker-rows-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_clear_pointer (&shot, g_free);

  {
    int minimum;
    gtk_widget_measure (picker, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_test_message ("picker minimum width: %d", minimum);
  }
  /* Opened at that size (a mapped window keeps the size it has under Xvfb). */
  gtk_widget_hide (picker);
  gtk_widget_unrealize (picker);
  gtk_window_set_default_size (GTK_WINDOW (picker), 400, 600);
  gtk_window_present (GTK_WINDOW (picker));
  parlance_test_ui_wait_drawn (picker);
  parlance_test_wait_for (gtk_widget_get_width (picker) > 0 && gtk_widget_get_width (picker) <= 420, 5000);
  g_test_message ("picker width: %d", gtk_widget_get_width (picker));
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    g_assert_true (within (parlance_test_ui_find (picker, GTK_TYPE_TOGGLE_BUTTON, filters[i]), picker));
  g_assert_true (within (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "min-context"), picker));
  g_assert_true (within (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "max-price"), picker));
  g_assert_true (within (parlance_test_ui_find (picker, GTK_TYPE_DROP_DOWN, "sort"), picker));
  shot = parlance_test_ui_screenshot (picker, "model-picker-400");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (shot);
  shot = parlance_test_ui_screenshot (picker, "model-picker-400-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  parlance_test_ui_stop_app (app);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FakeResponse) models = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  parlance_test_init (&argc, &argv);
  gtk_init ();

  fake = fake_provider_new ();
  models = parlance_test_fixture_response (200, "models-openrouter-sample.200.json");
  fake_response_set_repeat (models, TRUE);
  fake_provider_queue (fake, "GET", "/models", models);
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("PARLANCE_OLLAMA_BASE_URL", fake_provider_get_base_url (fake), TRUE);
  g_setenv ("OPENROUTER_API_KEY", "picker-test-key", TRUE);

  g_test_add_func ("/parlance/model-picker/search-and-pick", test_model_picker_search_and_pick);
  g_test_add_func ("/parlance/model-picker/keys-close", test_model_picker_keys_close);
  g_test_add_func ("/parlance/model-picker/names", test_model_picker_names);
  g_test_add_func ("/parlance/model-picker/narrow-and-words", test_model_picker_narrow_and_words);

  status = g_test_run ();
  g_object_unref (fake);
  return status;
}
