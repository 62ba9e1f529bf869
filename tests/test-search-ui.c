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

#include "parlance-conversation-view.h"
#include "parlance-message-list.h"
#include "parlance-search-pane.h"
#include "parlance-test-sidebar.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif

/* What the tests search in. */
typedef struct
{
  gint64 trip;          /* "Trip to Australia": 120 messages, a quokka in message 31 */
  gint64 trip_quokka;
  gint64 zoo;           /* "Zoo notes": quokkas twice */
  gint64 zoo_quokka[2];
  gint64 recipes;       /* nothing about quokkas */
  gint64 hostile;       /* markup in a message */
} Seeds;

static const char *fillers[] = {
  "We could take the train along the coast and stop for a night in a small town.",
  "The weather in spring is mild; pack a light jacket for the evenings.",
  "Sydney to Melbourne is about nine hours by car, with a few good places to stop.",
  "Book the ferry early in the summer holidays, it fills up.",
};

static gint64
add_message (ParlanceStore *store,
             gint64         conversation,
             gint64        *parent,
             ParlanceRole   role,
             const char    *text)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (role, text);
  g_autoptr(GError) error = NULL;

  parlance_message_set_parent_id (message, *parent);
  g_assert_true (parlance_store_add_message (store, conversation, message, &error));
  g_assert_no_error (error);
  *parent = parlance_message_get_id (message);
  return *parent;
}

static gint64
add_conversation (ParlanceStore *store,
                  const char    *title)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(GError) error = NULL;

  parlance_conversation_set_title (conversation, title);
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  g_assert_no_error (error);
  return parlance_conversation_get_id (conversation);
}

/* Writes the conversations into the database the window opens, before it opens it. */
static void
seed (Seeds *seeds)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  gint64 parent = 0;

  seeds->recipes = add_conversation (store, "Recipes");
  add_message (store, seeds->recipes, &parent, PARLANCE_ROLE_USER, "How long do I bake a lemon cake?");
  add_message (store, seeds->recipes, &parent, PARLANCE_ROLE_ASSISTANT, "About 40 minutes at 180 °C.");

  seeds->trip = add_conversation (store, "Trip to Australia");
  parent = 0;
  for (guint i = 0; i < 120; i++)
    {
      ParlanceRole role = i % 2 == 0 ? PARLANCE_ROLE_USER : PARLANCE_ROLE_ASSISTANT;
      g_autofree char *text = NULL;

      if (i == 30)
        {
          seeds->trip_quokka = add_message (store, seeds->trip, &parent, role,
                                            "On Rottnest Island you will meet the quokka, a small marsupial that seems to smile.");
          continue;
        }
      text = g_strdup_printf ("%u. %s", i + 1, fillers[i % G_N_ELEMENTS (fillers)]);
      add_message (store, seeds->trip, &parent, role, text);
    }

  seeds->zoo = add_conversation (store, "Zoo notes");
  parent = 0;
  add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_USER, "Which animals did we see?");
  seeds->zoo_quokka[0] = add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_ASSISTANT,
                                      "Koalas, wombats and two quokkas near the entrance.");
  seeds->zoo_quokka[1] = add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_USER,
                                      "The quokka enclosure was my favourite.");

  seeds->hostile = add_conversation (store, "Markup <i>test</i>");
  parent = 0;
  add_message (store, seeds->hostile, &parent, PARLANCE_ROLE_USER,
               "Show <b>bold</b> & <span foreground=\"red\">platypus</span> \x1b[31m as text");
}

typedef struct
{
  ParlanceTestSidebar  sidebar;
  Seeds                seeds;
  ParlanceSearchPane  *pane;
  GtkStack            *sidebar_stack;
  AdwLeaflet          *leaflet;
  ParlanceConversationView *view;
  ParlanceMessageList *messages;
} Ui;

static void
ui_start (Ui *ui)
{
  seed (&ui->seeds);
  parlance_test_sidebar_start (&ui->sidebar);
  ui->pane = PARLANCE_SEARCH_PANE (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), PARLANCE_TYPE_SEARCH_PANE, NULL));
  ui->sidebar_stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ui->pane), GTK_TYPE_STACK));
  ui->leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), ADW_TYPE_LEAFLET, NULL));
  ui->view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui->messages = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui->view), PARLANCE_TYPE_MESSAGE_LIST, NULL));
  g_assert_nonnull (ui->pane);
  g_assert_true (GTK_IS_STACK (ui->sidebar_stack));
  parlance_test_wait_for (g_list_model_get_n_items (ui->sidebar.list) == 4, 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui->sidebar.window));
}

static void
ui_stop (Ui *ui)
{
  parlance_test_sidebar_stop (&ui->sidebar);
}

static GtkWindow *
window (Ui *ui)
{
  return GTK_WINDOW (ui->sidebar.window);
}

static gint64
open_id (Ui *ui)
{
  return parlance_conversation_get_id (parlance_chat_session_get_conversation (ui->sidebar.session));
}

static gboolean
focus_in (Ui        *ui,
          GtkWidget *ancestor)
{
  GtkWidget *focus = gtk_window_get_focus (window (ui));

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static GtkWidget *
entry (Ui *ui)
{
  return parlance_test_ui_find (GTK_WIDGET (ui->pane), GTK_TYPE_SEARCH_ENTRY, NULL);
}

static gboolean
searching (Ui *ui)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (ui->sidebar_stack), "search") == 0;
}

static const char *
pane_page (Ui *ui)
{
  GtkStack *stack = GTK_STACK (parlance_test_ui_find (GTK_WIDGET (ui->pane), GTK_TYPE_STACK, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

/* Whether the highlighted message's row is on screen, whole or filling it. */
static gboolean
highlighted_in_sight (Ui     *ui,
                      gint64  message_id)
{
  GtkWidget *row = parlance_message_list_get_row (ui->messages, message_id);
  GtkWidget *scroller = parlance_test_ui_find (GTK_WIDGET (ui->messages), GTK_TYPE_SCROLLED_WINDOW, NULL);
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_has_css_class (row, "search-hit") ||
      !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;
  return bounds.origin.y >= -1 && bounds.origin.y < gtk_widget_get_height (scroller) - 24;
}

/* Input through the X server */

#ifdef HAVE_XTEST
static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static void
x_key (KeySym   keysym,
       gboolean control,
       gboolean shift)
{
  Display *d = xdisplay ();
  KeyCode code = XKeysymToKeycode (d, keysym);

  g_assert_cmpint (code, !=, 0);
  if (control)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, XK_Control_L), True, CurrentTime);
  if (shift)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, XK_Shift_L), True, CurrentTime);
  XTestFakeKeyEvent (d, code, True, CurrentTime);
  XTestFakeKeyEvent (d, code, False, CurrentTime);
  if (shift)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, XK_Shift_L), False, CurrentTime);
  if (control)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, XK_Control_L), False, CurrentTime);
  XFlush (d);
}

/* Moves the pointer to the middle of @widget (the keys go to the window under it: Xvfb runs
 * no window manager). */
static void
x_point_at (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *d = xdisplay ();
  graphene_point_t point;
  double dx, dy;
  int x, y;
  Window child;

  gtk_native_get_surface_transform (native, &dx, &dy);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0), &point));
  XTranslateCoordinates (d, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (d), (int) (point.x + dx), (int) (point.y + dy), &x, &y, &child);
  XTestFakeMotionEvent (d, -1, x, y, CurrentTime);
  XFlush (d);
}

static void
x_click (GtkWidget *widget)
{
  Display *d = xdisplay ();

  x_point_at (widget);
  XTestFakeButtonEvent (d, 1, True, CurrentTime);
  XTestFakeButtonEvent (d, 1, False, CurrentTime);
  XFlush (d);
}
#endif

static gboolean
have_xtest (void)
{
#ifdef HAVE_XTEST
  return GDK_IS_X11_DISPLAY (gdk_display_get_default ());
#else
  return FALSE;
#endif
}

/* A key as the keyboard sends it, once the window has it. */
static void
press (Ui      *ui,
       guint    keyval,
       gboolean control)
{
#ifdef HAVE_XTEST
  parlance_test_wait_for (gtk_window_is_active (window (ui)), 5000);
  x_key (keyval, control, FALSE);
#endif
}

/* Types @text key by key, each key landing before the next one. */
static void
type (Ui         *ui,
      const char *text)
{
  GtkEditable *editable = GTK_EDITABLE (entry (ui));

  for (const char *p = text; *p != '\0'; p++)
    {
      g_autofree char *before = g_strdup (gtk_editable_get_text (editable));

      press (ui, gdk_unicode_to_keyval ((guchar) *p), FALSE);
      parlance_test_wait_for (strlen (gtk_editable_get_text (editable)) == strlen (before) + 1, 5000);
    }
}

/* Whatever the window had to do with the last input is done and painted. */
static void
settle (Ui *ui)
{
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui->pane), 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window (ui)));
}

static void
screenshot (Ui         *ui,
            const char *name)
{
  g_autofree char *shot = parlance_test_ui_screenshot (GTK_WIDGET (window (ui)), name);
}

/* The window has the keyboard: Xvfb runs no window manager to give it. */
static void
take_keyboard (Ui *ui)
{
#ifdef HAVE_XTEST
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window (ui)));

  x_point_at (GTK_WIDGET (ui->view));
  gtk_window_present (window (ui));
  XSetInputFocus (xdisplay (), gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay ());
  parlance_test_wait_for (gtk_window_is_active (window (ui)), 5000);
#endif
}

/* Ctrl+K, "quokka", Down, Enter: the second result's message shows in its conversation, marked,
 * with the keyboard on it; Escape then closes the search. */
static void
test_search_keyboard (void)
{
  Ui ui = { 0 };
  GtkWidget *first, *second;
  gint64 landed;

  if (!have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  ui_start (&ui);
  take_keyboard (&ui);
  g_assert_false (searching (&ui));

  press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (searching (&ui) && focus_in (&ui, entry (&ui)), 5000);
  settle (&ui);
  g_assert_cmpstr (pane_page (&ui), ==, "empty");
  screenshot (&ui, "search-empty");

  type (&ui, "quokka");
  parlance_test_wait_for (g_str_equal (pane_page (&ui), "results") && !parlance_search_pane_get_busy (ui.pane) &&
                          parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  settle (&ui);
  screenshot (&ui, "search-results");
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
  press (&ui, GDK_KEY_Down, FALSE);
  parlance_test_wait_for (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (second)), 5000);
  g_assert_true (focus_in (&ui, entry (&ui)));

  press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for ((landed = parlance_message_list_get_highlighted (ui.messages)) != 0 &&
                          highlighted_in_sight (&ui, landed), 10000);
  settle (&ui);
  g_assert_true (landed == ui.seeds.trip_quokka || landed == ui.seeds.zoo_quokka[0] ||
                 landed == ui.seeds.zoo_quokka[1]);
  g_assert_cmpint (open_id (&ui), ==, landed == ui.seeds.trip_quokka ? ui.seeds.trip : ui.seeds.zoo);
  g_assert_true (focus_in (&ui, parlance_message_list_get_row (ui.messages, landed)));
  screenshot (&ui, "search-landed");

  /* Back to the search: what was typed is still there, selected; Escape closes it. */
  press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  g_assert_cmpstr (parlance_search_pane_get_text (ui.pane), ==, "quokka");
  press (&ui, GDK_KEY_Escape, FALSE);
  parlance_test_wait_for (!searching (&ui), 5000);
  parlance_test_wait_for (focus_in (&ui, GTK_WIDGET (ui.view)), 5000);

  ui_stop (&ui);
}

/* The long conversation: the message found is pages above its end, and the view goes there. */
static void
test_search_lands_in_long_conversation (void)
{
  Ui ui = { 0 };

  if (!have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  ui_start (&ui);
  take_keyboard (&ui);
  press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (focus_in (&ui, entry (&ui)), 5000);
  type (&ui, "rottnest");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip &&
                          highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);
  settle (&ui);
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
  screenshot (&ui, "search-landed-long");
  ui_stop (&ui);
}

/* A click on a result opens it. */
static void
test_search_click (void)
{
  Ui ui = { 0 };
  GtkWidget *row;

  if (!have_xtest ())
    {
      g_test_skip ("the pointer moves through the X server (XTest)");
      return;
    }
  ui_start (&ui);
  take_keyboard (&ui);
#ifdef HAVE_XTEST
  x_click (parlance_test_ui_find (GTK_WIDGET (window (&ui)), GTK_TYPE_TOGGLE_BUTTON, "search-button"));
#endif
  parlance_test_wait_for (searching (&ui) && focus_in (&ui, entry (&ui)), 5000);
  type (&ui, "enclosure");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  settle (&ui);
  row = parlance_search_pane_get_row (ui.pane, 0);
#ifdef HAVE_XTEST
  x_click (row);
#endif
  parlance_test_wait_for (open_id (&ui) == ui.seeds.zoo && highlighted_in_sight (&ui, ui.seeds.zoo_quokka[1]), 10000);
  /* The results stay, to pick another. */
  g_assert_true (searching (&ui));
  ui_stop (&ui);
}

/* Message text is never live markup, in the snippet or in the title. */
static void
test_search_escaped (void)
{
  Ui ui = { 0 };
  GtkWidget *row, *label, *header;

  ui_start (&ui);
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
  settle (&ui);
  screenshot (&ui, "search-escaped");
  ui_stop (&ui);
}

/* A word only in a conversation's title: the result is the conversation, which opens at its end,
 * ready to write in. */
static void
test_search_title_only (void)
{
  Ui ui = { 0 };
  GtkWidget *label;

  ui_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "australia"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (parlance_search_pane_get_row (ui.pane, 0)));
  g_test_message ("title result: %s", gtk_label_get_label (GTK_LABEL (label)));
  settle (&ui);
  screenshot (&ui, "search-title-only");
  g_signal_emit_by_name (entry (&ui), "activate");
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip, 10000);
  parlance_test_wait_for (focus_in (&ui, parlance_test_ui_find (GTK_WIDGET (ui.view), GTK_TYPE_TEXT_VIEW, NULL)), 5000);
  g_assert_cmpint (parlance_message_list_get_highlighted (ui.messages), ==, 0);
  g_assert_true (parlance_conversation_view_get_following (ui.view));
  ui_stop (&ui);
}

/* Words that match nothing say so; clearing the entry shows the empty state again. */
static void
test_search_no_results (void)
{
  Ui ui = { 0 };

  ui_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "quokka xylophone"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && g_str_equal (pane_page (&ui), "no-results"), 10000);
  settle (&ui);
  screenshot (&ui, "search-no-results");
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
  ui_stop (&ui);
}

/* A new query supersedes the one under way: only the last text's results ever show. */
static void
test_search_supersedes (void)
{
  Ui ui = { 0 };

  ui_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "the"));
  g_assert_true (parlance_search_pane_get_busy (ui.pane));
  parlance_search_pane_set_text (ui.pane, "wombats");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane), 10000);
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 1);
  /* Nothing older arrives later. */
  for (guint i = 0; i < 20; i++)
    parlance_test_ui_wait_drawn (GTK_WIDGET (window (&ui)));
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 1);
  ui_stop (&ui);
}

/* Enter pressed before the results of what was typed: the first of them opens when they come
 * (not a result of the text before). */
static void
test_search_enter_early (void)
{
  Ui ui = { 0 };

  ui_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "koalas"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 1, 10000);
  parlance_search_pane_set_text (ui.pane, "rottnest");
  g_assert_true (parlance_search_pane_get_busy (ui.pane));
  g_signal_emit_by_name (entry (&ui), "activate");
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip && highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);
  ui_stop (&ui);
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

/* 360 pixels wide: Ctrl+K from the conversation shows the search in place of it; Enter shows the
 * conversation, and its back button the results again. */
static void
test_search_narrow (void)
{
  Ui ui = { 0 };

  if (!have_xtest ())
    {
      g_test_skip ("keys are typed through the X server (XTest)");
      return;
    }
  ui_start (&ui);
  gtk_window_set_default_size (window (&ui), 360, 640);
  parlance_test_wait_for (adw_leaflet_get_folded (ui.leaflet), 30000);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "content");
  take_keyboard (&ui);
  press (&ui, GDK_KEY_k, TRUE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar") &&
                          focus_in (&ui, entry (&ui)), 5000);
  type (&ui, "quokka");
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  settle (&ui);
  screenshot (&ui, "search-narrow-results");
  press (&ui, GDK_KEY_Return, FALSE);
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "content") &&
                          parlance_message_list_get_highlighted (ui.messages) != 0 &&
                          highlighted_in_sight (&ui, parlance_message_list_get_highlighted (ui.messages)), 10000);
  settle (&ui);
  screenshot (&ui, "search-narrow-landed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.show-conversations", NULL));
  parlance_test_wait_for (g_str_equal (adw_leaflet_get_visible_child_name (ui.leaflet), "sidebar"), 5000);
  g_assert_true (searching (&ui));
  g_assert_cmpuint (parlance_search_pane_get_n_results (ui.pane), ==, 3);

  gtk_window_set_default_size (window (&ui), 960, 720);
  parlance_test_wait_for (!adw_leaflet_get_folded (ui.leaflet), 30000);
  ui_stop (&ui);
}

/* The dark style: the highlight and the marked message stay readable. */
static void
test_search_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme before = adw_style_manager_get_color_scheme (style);
  Ui ui = { 0 };

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_start (&ui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.search", "s", "quokka"));
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui.pane) && parlance_search_pane_get_n_results (ui.pane) == 3, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window (&ui)), "win.open-message", "(xx)",
                                             ui.seeds.zoo, ui.seeds.zoo_quokka[0]));
  parlance_test_wait_for (open_id (&ui) == ui.seeds.zoo && highlighted_in_sight (&ui, ui.seeds.zoo_quokka[0]), 10000);
  settle (&ui);
  screenshot (&ui, "search-dark");
  ui_stop (&ui);
  adw_style_manager_set_color_scheme (style, before);
}

/* app.search and app.open-message, as GNOME Shell's search provider uses them: with no window,
 * one opens, and the database opening meanwhile delays nothing asked for. */
static void
test_search_app_actions (void)
{
  Ui ui = { 0 };
  ParlanceWindow *second;

  ui_start (&ui);
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
  parlance_test_wait_for (open_id (&ui) == ui.seeds.trip && highlighted_in_sight (&ui, ui.seeds.trip_quokka), 10000);

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
  ui_stop (&ui);
}

int
main (int   argc,
      char *argv[])
{
  parlance_test_sidebar_init (&argc, &argv);

  g_test_add_func ("/parlance/search-ui/keyboard", test_search_keyboard);
  g_test_add_func ("/parlance/search-ui/long-conversation", test_search_lands_in_long_conversation);
  g_test_add_func ("/parlance/search-ui/click", test_search_click);
  g_test_add_func ("/parlance/search-ui/escaped", test_search_escaped);
  g_test_add_func ("/parlance/search-ui/title-only", test_search_title_only);
  g_test_add_func ("/parlance/search-ui/no-results", test_search_no_results);
  g_test_add_func ("/parlance/search-ui/supersedes", test_search_supersedes);
  g_test_add_func ("/parlance/search-ui/enter-early", test_search_enter_early);
  g_test_add_func ("/parlance/search-ui/unavailable", test_search_unavailable);
  g_test_add_func ("/parlance/search-ui/narrow", test_search_narrow);
  g_test_add_func ("/parlance/search-ui/dark", test_search_dark);
  g_test_add_func ("/parlance/search-ui/app-actions", test_search_app_actions);

  return g_test_run ();
}
