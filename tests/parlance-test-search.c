/* parlance-test-search.c — what the search UI's tests share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-test-search.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif


static const char *fillers[] = {
  "We could take the train along the coast and stop for a night in a small town.",
  "The weather in spring is mild; pack a light jacket for the evenings.",
  "Sydney to Melbourne is about nine hours by car, with a few good places to stop.",
  "Book the ferry early in the summer holidays, it fills up.",
};

gint64
parlance_test_search_add_message (ParlanceStore *store,
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

gint64
parlance_test_search_add_conversation (ParlanceStore *store,
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
parlance_test_search_seed (ParlanceTestSearchSeeds *seeds)
{
  g_autoptr(ParlanceStore) store = parlance_test_sidebar_open_store ();
  gint64 parent = 0;

  seeds->recipes = parlance_test_search_add_conversation (store, "Recipes");
  parlance_test_search_add_message (store, seeds->recipes, &parent, PARLANCE_ROLE_USER, "How long do I bake a lemon cake?");
  parlance_test_search_add_message (store, seeds->recipes, &parent, PARLANCE_ROLE_ASSISTANT, "About 40 minutes at 180 °C.");

  seeds->trip = parlance_test_search_add_conversation (store, "Trip to Australia");
  parent = 0;
  for (guint i = 0; i < 120; i++)
    {
      ParlanceRole role = i % 2 == 0 ? PARLANCE_ROLE_USER : PARLANCE_ROLE_ASSISTANT;
      g_autofree char *text = NULL;

      if (i == 30)
        {
          seeds->trip_quokka = parlance_test_search_add_message (store, seeds->trip, &parent, role,
                                            "On Rottnest Island you will meet the quokka, a small marsupial that seems to smile.");
          continue;
        }
      text = g_strdup_printf ("%u. %s", i + 1, fillers[i % G_N_ELEMENTS (fillers)]);
      parlance_test_search_add_message (store, seeds->trip, &parent, role, text);
    }

  seeds->zoo = parlance_test_search_add_conversation (store, "Zoo notes");
  parent = 0;
  parlance_test_search_add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_USER, "Which animals did we see?");
  seeds->zoo_quokka[0] = parlance_test_search_add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_ASSISTANT,
                                      "Koalas, wombats and two quokkas near the entrance.");
  seeds->zoo_quokka[1] = parlance_test_search_add_message (store, seeds->zoo, &parent, PARLANCE_ROLE_USER,
                                      "The quokka enclosure was my favourite.");

  seeds->hostile = parlance_test_search_add_conversation (store, "Markup <i>test</i>");
  parent = 0;
  parlance_test_search_add_message (store, seeds->hostile, &parent, PARLANCE_ROLE_USER,
               "Show <b>bold</b> & <span foreground=\"red\">platypus</span> \x1b[31m as text");
}

void
parlance_test_search_start (ParlanceTestSearch *ui)
{
  parlance_test_search_seed (&ui->seeds);
  parlance_test_sidebar_start (&ui->sidebar);
  ui->pane = PARLANCE_SEARCH_PANE (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), PARLANCE_TYPE_SEARCH_PANE, NULL));
  ui->sidebar_stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ui->pane), GTK_TYPE_STACK));
  ui->leaflet = ADW_LEAFLET (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), ADW_TYPE_LEAFLET, NULL));
  ui->view = PARLANCE_CONVERSATION_VIEW (parlance_test_ui_find (GTK_WIDGET (ui->sidebar.window), PARLANCE_TYPE_CONVERSATION_VIEW, NULL));
  ui->messages = PARLANCE_MESSAGE_LIST (parlance_test_ui_find (GTK_WIDGET (ui->view), PARLANCE_TYPE_MESSAGE_LIST, NULL));
  g_assert_nonnull (ui->pane);
  g_assert_true (GTK_IS_STACK (ui->sidebar_stack));
  parlance_test_wait_for (g_list_model_get_n_items (ui->sidebar.list) >= 4, 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (ui->sidebar.window));
}

void
parlance_test_search_stop (ParlanceTestSearch *ui)
{
  parlance_test_sidebar_stop (&ui->sidebar);
}

/* Whether the highlighted message's row is on screen, whole or filling it. */
gboolean
parlance_test_search_highlighted_in_sight (ParlanceTestSearch *ui,
                                           gint64              message_id)
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

#endif

/* A click in the middle of @widget. */
void
parlance_test_search_click (GtkWidget *widget)
{
#ifdef HAVE_XTEST
  Display *d = xdisplay ();

  x_point_at (widget);
  XTestFakeButtonEvent (d, 1, True, CurrentTime);
  XTestFakeButtonEvent (d, 1, False, CurrentTime);
  XFlush (d);
#endif
}

gboolean
parlance_test_search_have_xtest (void)
{
#ifdef HAVE_XTEST
  return GDK_IS_X11_DISPLAY (gdk_display_get_default ());
#else
  return FALSE;
#endif
}

/* A key as the keyboard sends it, once the window has it. */
void
parlance_test_search_press (ParlanceTestSearch *ui,
                            guint               keyval,
                            gboolean            control)
{
#ifdef HAVE_XTEST
  parlance_test_wait_for (gtk_window_is_active (window (ui)), 5000);
  x_key (keyval, control, FALSE);
#endif
}

/* Types @text key by key, each key landing before the next one. */
void
parlance_test_search_type (ParlanceTestSearch *ui,
                           const char         *text)
{
  GtkEditable *editable = GTK_EDITABLE (entry (ui));

  for (const char *p = text; *p != '\0'; p++)
    {
      g_autofree char *before = g_strdup (gtk_editable_get_text (editable));

      parlance_test_search_press (ui, gdk_unicode_to_keyval ((guchar) *p), FALSE);
      parlance_test_wait_for (strlen (gtk_editable_get_text (editable)) == strlen (before) + 1, 5000);
    }
}

/* Whatever the window had to do with the last input is done and painted. */
void
parlance_test_search_settle (ParlanceTestSearch *ui)
{
  parlance_test_wait_for (!parlance_search_pane_get_busy (ui->pane), 10000);
  parlance_test_ui_wait_drawn (GTK_WIDGET (window (ui)));
}

void
parlance_test_search_screenshot (ParlanceTestSearch *ui,
                                 const char         *name)
{
  g_autofree char *shot = parlance_test_ui_screenshot (GTK_WIDGET (window (ui)), name);
}

/* The window has the keyboard: Xvfb runs no window manager to give it. */
void
parlance_test_search_take_keyboard (ParlanceTestSearch *ui)
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

