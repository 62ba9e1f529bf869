/* test-search-ui.c — the search in the sidebar under Xvfb, used as a person would: Ctrl+K, typing
 * through the X server, the arrows, Enter, a click; landing on the message found; the empty and
 * the no-results states, a narrow window, the dark style; app.search and app.open-message.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <time.h>

#include "parlance-test-search.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

/* Ctrl+K, "quokka", Down, Enter: the second result's message shows in its conversation, marked,
 * with the keyboard on it; Escape then closes the search. */
static void
test_search_keyboard (void)
{
  ParlanceTestSearch ui = { 0 };
  GtkWidget *first, *second;
  gint64 landed;

  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  parlance_test_search_start (&ui);
  parlance_test_search_take_keyboard (&ui);
  g_assert_false (searching (&ui));

  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (searching (&ui) && focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_settle (&ui);
  g_assert_cmpstr (pane_page (&ui), ==, "empty");
  parlance_test_search_screenshot (&ui, "search-empty");

  parlance_test_search_type (&ui, "quokka");
  parlance_test_wait_for (g_str_equal (pane_page (&ui), "results") && !parlance_search_pane_get_busy (ui.pane) &&
                          parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-results");
  /* Grouped: each conversation's results together, its title above the first. */
  {
    const char *seen[3];

    for (guint i = 0; i < 3; i++)
      {
        GtkWidget *row = parlance_search_pane_get_row (ui.pane, i);
        GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));

        seen[i] = header != NULL ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
        if (i == 0)
          g_assert_nonnull (seen[i]);
      }
    /* Zoo notes has two results, the trip one: two headings for three rows. */
    g_assert_cmpuint ((seen[0] != NULL) + (seen[1] != NULL) + (seen[2] != NULL), ==, 2);
  }
  first = parlance_search_pane_get_row (ui.pane, 0);
  second = parlance_search_pane_get_row (ui.pane, 1);
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (first)));

  /* Down chooses the next result; the keyboard stays in the entry, to type on. */
  parlance_test_search_press (&ui, GDK_KEY_Down, FALSE);
  parlance_test_wait_for (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (second)), 5000);
  g_assert_true (focus_in (&ui, entry (&ui)));

  parlance_test_search_press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for ((landed = parlance_message_list_get_highlighted (ui.messages)) != 0 &&
                          parlance_test_search_highlighted_in_sight (&ui, landed), 10000);
  parlance_test_search_settle (&ui);
  g_assert_true (landed == ui.seeds.trip_quokka || landed == ui.seeds.zoo_quokka[0] ||
                 landed == ui.seeds.zoo_quokka[1]);
  g_assert_cmpint (open_id (&ui), ==, landed == ui.seeds.trip_quokka ? ui.seeds.trip : ui.seeds.zoo);
  g_assert_true (focus_in (&ui, parlance_message_list_get_row (ui.messages, landed)));
  parlance_test_search_screenshot (&ui, "search-landed");

  /* Back to the search: what was typed is still there, selected; Escape closes it. */
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  g_assert_cmpstr (parlance_search_pane_get_text (ui.pane), ==, "quokka");
  parlance_test_search_press (&ui, GDK_KEY_Escape, FALSE);
  parlance_test_wait_for (!searching (&ui), 5000);
  parlance_test_wait_for (focus_in (&ui, GTK_WIDGET (ui.view)), 5000);

  parlance_test_search_stop (&ui);
}

/* The long conversation: the message found is pages above its end, and the view goes there. */
static void
test_search_lands_in_long_conversation (void)
{
  ParlanceTestSearch ui = { 0 };

  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  parlance_test_search_start (&ui);
  parlance_test_search_take_keyboard (&ui);
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_type (&ui, "rottnest");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  parlance_test_search_press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip &&
                          parlance_test_search_highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);
  parlance_test_search_settle (&ui);
  /* Not at the end: 89 messages follow it. */
  g_assert_false (parlance_conversation_view_get_following (ui.view));
  /* The word found is highlighted in the message's text. */
  {
    GtkWidget *row = parlance_message_list_get_row (ui.messages, ui.seeds.trip_quokka);
    GtkWidget *text = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text");
    PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (text));
    GSList *list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
    PangoAttribute *first = list != NULL ? list->data : NULL;

    g_assert_nonnull (first);
    g_assert_cmpint (strncmp (gtk_label_get_text (GTK_LABEL (text)) + first->start_index, "Rottnest ", 9), ==, 0);
    g_assert_cmpint (first->end_index - first->start_index, ==, strlen ("Rottnest"));
    g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  }
  parlance_test_search_screenshot (&ui, "search-landed-long");
  parlance_test_search_stop (&ui);
}

/* Tab from the entry reaches the results: the arrows move in them, Enter opens one, typing goes
 * back to the entry, Escape closes the search. */
static void
test_search_tab_into_results (void)
{
  ParlanceTestSearch ui = { 0 };
  GtkWidget *list;
  gint64 landed;

  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  parlance_test_search_start (&ui);
  parlance_test_search_take_keyboard (&ui);
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_type (&ui, "quokka");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  list = gtk_widget_get_ancestor (parlance_search_pane_get_row (ui.pane, 0), GTK_TYPE_LIST_BOX);

  parlance_test_search_press (&ui, GDK_KEY_Tab, FALSE);
  parlance_test_wait_for (focus_in (&ui, list), 5000);
  parlance_test_search_press (&ui, GDK_KEY_Down, FALSE);
  parlance_test_search_press (&ui, GDK_KEY_Down, FALSE);
  parlance_test_wait_for (focus_in (&ui, parlance_search_pane_get_row (ui.pane, 2)), 5000);
  parlance_test_search_press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for ((landed = parlance_message_list_get_highlighted (ui.messages)) != 0 &&
                          parlance_test_search_highlighted_in_sight (&ui, landed), 10000);

  /* Back in the results, a letter typed goes on in the entry. */
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_press (&ui, GDK_KEY_Tab, FALSE);
  parlance_test_wait_for (focus_in (&ui, list), 5000);
  parlance_test_search_press (&ui, GDK_KEY_s, FALSE);
  parlance_test_wait_for (g_strcmp0 (parlance_search_pane_get_text (ui.pane), "quokkas") == 0 &&
                          !parlance_search_pane_get_busy (ui.pane), 5000);
  /* (The keyboard is in the entry again.) */
  parlance_test_search_press (&ui, GDK_KEY_Tab, FALSE);
  parlance_test_wait_for (focus_in (&ui, list), 5000);
  parlance_test_search_press (&ui, GDK_KEY_Escape, FALSE);
  parlance_test_wait_for (!searching (&ui), 5000);
  parlance_test_search_stop (&ui);
}

/* A click on a result opens it. */
static void
test_search_click (void)
{
  ParlanceTestSearch ui = { 0 };
  GtkWidget *row;

  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("the pointer moves through the X server (XTest)");
      return;
    }
  parlance_test_search_start (&ui);
  parlance_test_search_take_keyboard (&ui);
  parlance_test_search_click (parlance_test_ui_find (GTK_WIDGET (window (&ui)), GTK_TYPE_TOGGLE_BUTTON, "search-button"));
  parlance_test_wait_for (searching (&ui) && focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_type (&ui, "enclosure");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  parlance_test_search_settle (&ui);
  row = parlance_search_pane_get_row (ui.pane, 0);
  parlance_test_search_click (row);
  parlance_test_wait_for (open_id (&ui) == ui.seeds.zoo && parlance_test_search_highlighted_in_sight (&ui, ui.seeds.zoo_quokka[1]), 10000);
  /* The results stay, to pick another. */
  g_assert_true (searching (&ui));
  parlance_test_search_stop (&ui);
}

/* Message text is never live markup, in the snippet or in the title. */
static void
test_search_escaped (void)
{
  ParlanceTestSearch ui = { 0 };
  GtkWidget *row, *label, *header;

  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "platypus"));
  parlance_test_wait_for (searching (&ui) && !parlance_search_pane_get_busy (ui.pane) &&
                          parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  row = parlance_search_pane_get_row (ui.pane, 0);
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));
  g_test_message ("snippet: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "<b>bold</b> &"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "<span foreground=\"red\">"));
  g_assert_null (strchr (gtk_label_get_text (GTK_LABEL (label)), '\x1b'));
  /* The matched word is highlighted: the one attribute is ours. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "weight=\"bold\""));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, "Markup <i>test</i>");
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-escaped");
  parlance_test_search_stop (&ui);
}

/* A word only in a conversation's title: the result is the conversation, which opens at its end,
 * ready to write in. */
static void
test_search_title_only (void)
{
  ParlanceTestSearch ui = { 0 };
  GtkWidget *label;

  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "australia"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (parlance_search_pane_get_row (ui.pane, 0)));
  g_test_message ("title result: %s", gtk_label_get_label (GTK_LABEL (label)));
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-title-only");
  g_signal_emit_by_name (entry (&ui), "activate");
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip, 10000);
  parlance_test_wait_for (focus_in (&ui, parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_TEXT_VIEW, NULL)), 5000);
  g_assert_cmpint (parlance_message_list_get_highlighted (ui.messages), ==, 0);
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  parlance_test_search_stop (&ui);
}

/* Words that match nothing say so; clearing the entry shows the empty state again. */
static void
test_search_no_results (void)
{
  ParlanceTestSearch ui = { 0 };

  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "quokka xylophone"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && g_str_equal (pane_page (&ui), "no-results"), 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-no-results");
  /* Operators and quotes typed are words or nothing, never an error. */
  {
    struct { const char *text; const char *page; } typed[] = {
      { "\"quok*", "results" },
      { "(quokka) -", "results" },
      { "NEAR(quokka", "no-results" },
      { "quokka OR zebra", "no-results" },
      { "* - \" ( ) :", "no-results" },
      { "\"", "no-results" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        g_test_message ("typed: %s", typed[i].text);
        gtk_editable_set_text (GTK_EDITABLE (entry (&ui)), typed[i].text);
        parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && g_str_equal (pane_page (&ui), typed[i].page), 10000);
      }
  }
  gtk_editable_set_text (GTK_EDITABLE (entry (&ui)), "");
  parlance_test_wait_for (g_str_equal (pane_page (&ui), "empty"), 10000);
  parlance_test_search_stop (&ui);
}

/* A new query supersedes the one under way: only the last text's results ever show. */
static void
test_search_supersedes (void)
{
  ParlanceTestSearch ui = { 0 };

  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "the"));
  g_assert_true (parlance_search_pane_get_busy (ui.pane));
  parlance_search_pane_set_text (ui.pane, "wombats");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane), 10000);
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 1);
  /* Nothing older arrives later. */
  for (guint i = 0; i < 20; i++)
    parlance_test_ui_wait_drawn (GTK_WIDGET (window (&ui)));
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 1);
  parlance_test_search_stop (&ui);
}

/* Enter pressed before the results of what was typed: the first of them opens when they come
 * (not a result of the text before). */
static void
test_search_enter_early (void)
{
  ParlanceTestSearch ui = { 0 };

  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "koalas"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  parlance_search_pane_set_text (ui.pane, "rottnest");
  g_assert_true (parlance_search_pane_get_busy (ui.pane));
  g_signal_emit_by_name (entry (&ui), "activate");
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip && parlance_test_search_highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);
  parlance_test_search_stop (&ui);
}

/* No database: the search says it can't, and why, instead of finding nothing. */
static void
test_search_unavailable (void)
{
  g_autofree char *path = parlance_store_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  ParlanceTestSidebar sidebar = { 0 };
  ParlanceSearchPane *pane;
  GtkWidget *page;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "this is not a database\n", -1, NULL));
  sidebar.app = parlance_test_ui_start_app ();
  sidebar.window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (sidebar.app)));
  pane = PARLANCE_SEARCH_PANE (parlance_test_ui_find (GTK_WIDGET (sidebar.window), PARLANCE_TYPE_SEARCH_PANE, NULL));
  parlance_test_wait_for (gtk_revealer_get_reveal_child (GTK_REVEALER (parlance_test_ui_find (GTK_WIDGET (sidebar.window), GTK_TYPE_REVEALER, "store-banner"))), 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sidebar.window), "win.search", "s", "quokka"));
  page = gtk_stack_get_visible_child (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (pane), GTK_TYPE_STACK, NULL)));
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Search Is Not Available");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), !=, "");
  gtk_editable_set_text (GTK_EDITABLE (parlance_test_ui_find (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY, NULL)), "");
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (parlance_test_ui_find (GTK_WIDGET (pane), GTK_TYPE_STACK, NULL))) == page);
  g_free (parlance_test_ui_screenshot (GTK_WIDGET (sidebar.window), "search-unavailable"));
  parlance_test_sidebar_stop (&sidebar);
}

/* The main thread's processor time, in microseconds: what the window's work costs, however
 * loaded the machine is. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  ParlanceSearchPane *pane;
  gint64              when;    /* the first paint with results */
  guint               rows;    /* rows there were then */
} FirstPaint;

static void
painted (GdkFrameClock *clock,
         FirstPaint    *first)
{
  if (first->when != 0 || parlance_search_pane_get_row (first->pane, 0) == NULL)
    return;
  first->when = cpu_now ();
  while (parlance_search_pane_get_row (first->pane, first->rows) != NULL)
    first->rows++;
}

/* The most results a search gives (50, of 240 in 40 conversations) are shown, and painted, within a
 * frame or so of their arrival. */
static void
test_search_many_results (void)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  GdkFrameClock *clock;
  ParlanceTestSearch ui = { 0 };
  FirstPaint first = { 0 };
  gint64 arrived = 0, all = 0;
  gulong id;

  for (guint c = 0; c < 40; c++)
    {
      g_autofree char *title = g_strdup_printf ("Wallabies, part %u", c + 1);
      gint64 conversation = parlance_test_search_add_conversation (store, title), parent = 0;

      for (guint m = 0; m < 6; m++)
        {
          g_autofree char *text = g_strdup_printf ("The wallaby number %u hopped past the %s campsite at dawn, "
                                                   "looking for the grass near the creek.", m, m % 2 ? "northern" : "southern");
          parlance_test_search_add_message (store, conversation, &parent, m % 2 ? PARLANCE_ROLE_ASSISTANT : PARLANCE_ROLE_USER, text);
        }
    }
  g_clear_object (&store);
  parlance_test_search_start (&ui);
  parlance_test_wait_for (g_list_model_get_n_items (ui.sidebar.list) >= 44, 10000);
  /* The search shows first, as after Ctrl+K, then the word is typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", ""));
  parlance_test_ui_wait_drawn (GTK_WIDGET (window (&ui)));
  first.pane = ui.pane;
  parlance_search_pane_set_text (ui.pane, "hopped");
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window (&ui)));
  /* The results are there (the rows come a few a frame from then on). */
  parlance_test_wait_for (parlance_search_pane_get_n_results (ui.pane) == 50, 10000);
  arrived = cpu_now ();
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted), &first);
  parlance_test_wait_for (first.when != 0, 10000);
  g_signal_handler_disconnect (clock, id);
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane), 10000);
  all = cpu_now ();
  g_test_message ("50 results: the first frame with them (%u rows) took %.1f ms of processor time "
                  "(the rows made in %.1f ms), all rows %.1f ms", first.rows, (first.when - arrived) / 1000.0,
                  _parlance_search_pane_get_show_time (ui.pane) / 1000.0, (all - arrived) / 1000.0);
  /* Not all at once (200 wrapped snippets took three frames' time): the first frame has a few. */
  g_assert_cmpuint (first.rows, >=, 5);
  g_assert_cmpuint (first.rows, <=, 20);
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 50);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-many");
  parlance_test_search_stop (&ui);
}

/* 360 pixels wide: Ctrl+K from the conversation shows the search in place of it; Enter shows the
 * conversation, and its back button the results again. */
static void
test_search_narrow (void)
{
  ParlanceTestSearch ui = { 0 };

  if (!parlance_test_search_have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  parlance_test_search_start (&ui);
  gtk_window_set_default_size (window (&ui), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (ui.leaflet), 30000);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "content");
  parlance_test_search_take_keyboard (&ui);
  parlance_test_search_press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar") &&
                          focus_in (&ui, entry (&ui)), 5000);
  parlance_test_search_type (&ui, "quokka");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-narrow-results");
  parlance_test_search_press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "content") &&
                          parlance_message_list_get_highlighted (ui.messages) != 0 &&
                          parlance_test_search_highlighted_in_sight (&ui, parlance_message_list_get_highlighted (ui.messages)), 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-narrow-landed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.show-conversations", NULL));
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar"), 5000);
  g_assert_true (searching (&ui));
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 3);

  gtk_window_set_default_size (window (&ui), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (ui.leaflet), 30000);
  parlance_test_search_stop (&ui);
}

/* The dark style: the highlight and the marked message stay readable. */
static void
test_search_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme before = adw_style_manager_get_color_scheme (style);
  ParlanceTestSearch ui = { 0 };

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  parlance_test_search_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "quokka"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.open-message", "(xx)",
                                             ui.seeds.zoo, ui.seeds.zoo_quokka[0]));
  parlance_test_wait_for (open_id (&ui) == ui.seeds.zoo && parlance_test_search_highlighted_in_sight (&ui, ui.seeds.zoo_quokka[0]), 10000);
  parlance_test_search_settle (&ui);
  parlance_test_search_screenshot (&ui, "search-dark");
  parlance_test_search_stop (&ui);
  adw_style_manager_set_color_scheme (style, before);
}

/* app.search and app.open-message, as GNOME Shell's search provider uses them: with no window,
 * one opens, and the database opening meanwhile delays nothing asked for. */
static void
test_search_app_actions (void)
{
  ParlanceTestSearch ui = { 0 };
  ParlanceWindow *second;

  parlance_test_search_start (&ui);
  parlance_test_ui_close_windows ();

  g_action_group_activate_action (G_ACTION_GROUP (ui.sidebar.app), "open-message",
                                  g_variant_new ("(xx)", ui.seeds.trip, ui.seeds.trip_quokka));
  parlance_test_wait_for ((second = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ui.sidebar.app)))) != NULL, 5000);
  ui.sidebar.window = second;
  ui.sidebar.session = parlance_window_get_session (second);
  ui.view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (second), PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui.messages = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui.view), PARLANCE_TYPE_MESSAGE_LIST, NULL));
  ui.pane = PARLANCE_SEARCH_PANE (parlance_test_ui_find (GTK_WIDGET (second), PARLANCE_TYPE_SEARCH_PANE, NULL));
  ui.sidebar_stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ui.pane), GTK_TYPE_STACK));
  parlance_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (second)), 5000);
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip && parlance_test_search_highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);

  g_action_group_activate_action (G_ACTION_GROUP (ui.sidebar.app), "search", g_variant_new_string ("koalas"));
  parlance_test_wait_for (searching (&ui) && !parlance_search_pane_get_busy (ui.pane) &&
                          parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  g_assert_cmpstr (parlance_search_pane_get_text (ui.pane), ==, "koalas");
  g_assert_true (focus_in (&ui, entry (&ui)));

  /* The window's own, by the names other parts use. */
  g_action_group_activate_action (G_ACTION_GROUP (second), "open-message",
                                  g_variant_new ("(xx)", ui.seeds.recipes, (gint64) 0));
  parlance_test_wait_for (open_id (&ui) == ui.seeds.recipes, 10000);
  g_assert_cmpint (parlance_message_list_get_highlighted (ui.messages), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (second), "search", g_variant_new_string (""));
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  g_assert_cmpstr (parlance_search_pane_get_text (ui.pane), ==, "koalas");
  parlance_test_search_stop (&ui);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/search-ui/keyboard", test_search_keyboard);
  g_test_add_func ("/parlance/search-ui/long-conversation", test_search_lands_in_long_conversation);
  g_test_add_func ("/parlance/search-ui/tab-into-results", test_search_tab_into_results);
  g_test_add_func ("/parlance/search-ui/click", test_search_click);
  g_test_add_func ("/parlance/search-ui/escaped", test_search_escaped);
  g_test_add_func ("/parlance/search-ui/title-only", test_search_title_only);
  g_test_add_func ("/parlance/search-ui/no-results", test_search_no_results);
  g_test_add_func ("/parlance/search-ui/supersedes", test_search_supersedes);
  g_test_add_func ("/parlance/search-ui/enter-early", test_search_enter_early);
  g_test_add_func ("/parlance/search-ui/unavailable", test_search_unavailable);
  g_test_add_func ("/parlance/search-ui/many-results", test_search_many_results);
  g_test_add_func ("/parlance/search-ui/narrow", test_search_narrow);
  g_test_add_func ("/parlance/search-ui/dark", test_search_dark);
  g_test_add_func ("/parlance/search-ui/app-actions", test_search_app_actions);

  return g_test_run ();
}
