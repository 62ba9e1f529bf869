/* parlance-test-ui.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "parlance-message-row.h"
#include "parlance-provider-page.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"

/**
 * parlance_test_ui_start_app:
 *
 * Registers (once per test program) and activates the real application, as `parlance` does,
 * without taking over the process: the test keeps iterating the main context itself.
 * GApplication stays exported on the bus until the process ends, so all tests share one.
 *
 * Returns: (transfer none): the application, with its window mapped
 */
ParlanceApplication *
parlance_test_ui_start_app (void)
{
  static ParlanceApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = parlance_application_new ();
      /* Tests run in parallel on one session bus: each owns its instance. */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      /* Keep it alive between tests, when it has no window. */
      g_application_hold (G_APPLICATION (app));
      /* GNOME's window buttons, Close alone: Xvfb's default adds Minimize and Maximize, 74 px
       * the header does not have on the desktop Parlance is for (it fits 360 px there). */
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
      /* PARLANCE_TEST_DARK=1: screenshots in the dark style. */
      if (g_strcmp0 (g_getenv ("PARLANCE_TEST_DARK"), "1") == 0)
        adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    }

  g_application_activate (G_APPLICATION (app));

  parlance_test_wait_for (gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL &&
                          gtk_widget_get_mapped (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)))),
                          10000);
  return app;
}

/* Closes every window, so that the next test starts as a fresh launch would: without reopening
 * the conversation the last test left open. */
void
parlance_test_ui_stop_app (ParlanceApplication *app)
{
  parlance_test_ui_close_windows ();
  g_settings_reset (parlance_application_get_settings (app), "last-conversation");
}

/**
 * parlance_test_ui_close_windows:
 *
 * Closes every window and lets what they started finish, as quitting would; the settings stay,
 * so the next window starts as the app would after a restart.
 */
void
parlance_test_ui_close_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* What the windows queued runs while they are still there: GTK 4.8 defers a tooltip query
   * (after a tooltip changes) to an idle that asks X which surface is under the pointer, and
   * on a window already destroyed it gets a dead one (Gdk-CRITICAL in
   * gdk_surface_get_device_position, seen in sidebar/context-menu-pointer under ASan). Bounded:
   * a mapped window can have an animation that always has more to do. */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
widget_matches (GtkWidget  *widget,
                GType       type,
                const char *text)
{
  if (!g_type_is_a (G_OBJECT_TYPE (widget), type))
    return FALSE;
  /* "The text view" is one to type in: replies show code in read-only ones (GtkSourceView). */
  if (type == GTK_TYPE_TEXT_VIEW && text == NULL)
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (widget));
  if (text == NULL)
    return TRUE;
  if (gtk_widget_has_css_class (widget, text) || g_strcmp0 (gtk_widget_get_name (widget), text) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  return FALSE;
}

/**
 * parlance_test_ui_find:
 * @text: (nullable): a CSS class, widget name, button or label text to match too
 *
 * Returns: (transfer none) (nullable): the first descendant of @root, depth first, that matches
 */
GtkWidget *
parlance_test_ui_find (GtkWidget  *root,
                       GType       type,
                       const char *text)
{
  if (widget_matches (root, type, text))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = parlance_test_ui_find (child, type, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * parlance_test_ui_find_window:
 *
 * Returns: (transfer none) (nullable): a toplevel window of @type
 */
GtkWindow *
parlance_test_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return window;
    }

  return NULL;
}

/**
 * parlance_test_ui_press_key:
 *
 * Delivers a key press to @widget's key controllers, as GTK would for a real key.
 *
 * Returns: whether a controller handled it
 */
gboolean
parlance_test_ui_press_key (GtkWidget *widget,
                            guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
      if (handled)
        return TRUE;
    }
  return FALSE;
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) == gdk_keyval_to_lower (keyval) &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
  return FALSE;
}

/* What one controller does with the key: a key controller's handler, or a shortcut's action. */
static gboolean
controller_handles_key (GtkEventController *controller,
                        GtkWidget          *widget,
                        guint               keyval,
                        GdkModifierType     modifiers)
{
  gboolean handled = FALSE;

  if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
    {
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
      return handled;
    }
  if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);

      if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                        widget, gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
widget_handles_key (GtkWidget          *widget,
                    GtkPropagationPhase phase,
                    guint               keyval,
                    GdkModifierType     modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (gtk_event_controller_get_propagation_phase (controller) == phase &&
          controller_handles_key (controller, widget, keyval, modifiers))
        return TRUE;
    }
  return FALSE;
}

/**
 * parlance_test_ui_send_key:
 * @window: the window that has the keyboard
 * @modifiers: e.g. %GDK_CONTROL_MASK, or 0
 *
 * Delivers a key press to @window's focus widget as GTK does (GTK 4.8 can't make a key event):
 * the capture phase from the window down, then the target and the bubble phase back up, through
 * key controllers and shortcut controllers (class key bindings, application accelerators).
 *
 * Returns: whether something handled it
 */
gboolean
parlance_test_ui_send_key (GtkWindow       *window,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  GtkWidget *target = gtk_window_get_focus (window);

  for (GtkWidget *w = target ? target : GTK_WIDGET (window); w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_insert (path, 0, w);

  for (guint i = 0; i < path->len; i++)
    if (widget_handles_key (path->pdata[i], GTK_PHASE_CAPTURE, keyval, modifiers))
      return TRUE;
  for (guint i = path->len; i > 0; i--)
    if ((i == path->len && widget_handles_key (path->pdata[i - 1], GTK_PHASE_TARGET, keyval, modifiers)) ||
        widget_handles_key (path->pdata[i - 1], GTK_PHASE_BUBBLE, keyval, modifiers))
      return TRUE;
  return FALSE;
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
any_transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (any_transition_running (child))
      return TRUE;
  return FALSE;
}

/* Waits until @widget's surface has painted a frame with the current state, after any stack
 * transition (a screenshot half-way through a crossfade shows nothing). */
void
parlance_test_ui_wait_drawn (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  parlance_test_wait_for (gtk_widget_get_mapped (widget), 10000);
  /* A popover or a page is mapped a frame before it has a size on a busy machine. */
  parlance_test_wait_for (gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0, 10000);
  parlance_test_wait_for (!any_transition_running (widget), 10000);
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (widget);
  parlance_test_wait_for (painted, 10000);
  g_signal_handler_disconnect (clock, id);
}

/**
 * parlance_test_ui_screenshot:
 * @name: file name without extension
 *
 * Renders @widget as it is on screen into `$G_TEST_BUILDDIR/screenshots/NAME.png`.
 *
 * Returns: (transfer full): the path of the PNG
 */
char *
parlance_test_ui_screenshot (GtkWidget  *widget,
                             const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;
  GskRenderer *renderer;
  int width, height;

  parlance_test_ui_wait_drawn (widget);

  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

/**
 * parlance_test_ui_find_row_titled:
 * @type: ADW_TYPE_ACTION_ROW, ADW_TYPE_PREFERENCES_ROW…
 *
 * Returns: (transfer none) (nullable): the first row of @type under @root, depth first, whose
 *   title is @title
 */
GtkWidget *
parlance_test_ui_find_row_titled (GtkWidget  *root,
                                  GType       type,
                                  const char *title)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = parlance_test_ui_find_row_titled (c, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * parlance_test_ui_find_provider_page:
 *
 * Returns: (transfer none) (nullable): the page under @root of the provider with id @id
 */
GtkWidget *
parlance_test_ui_find_provider_page (GtkWidget  *root,
                                     const char *id)
{
  if (PARLANCE_IS_PROVIDER_PAGE (root) &&
      g_strcmp0 (parlance_provider_get_id (parlance_provider_page_get_provider (PARLANCE_PROVIDER_PAGE (root))), id) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = parlance_test_ui_find_provider_page (c, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * parlance_test_ui_show_provider_page:
 *
 * Opens the page of the provider @id in Preferences (a subpage of Providers, as its row does)
 * and waits for it to be mapped.
 *
 * Returns: (transfer none): the page
 */
GtkWidget *
parlance_test_ui_show_provider_page (GtkWindow  *prefs,
                                     const char *id)
{
  GtkWidget *page = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.show-provider", "s", id));
  parlance_test_wait_for ((page = parlance_test_ui_find_provider_page (GTK_WIDGET (prefs), id)) != NULL &&
                          gtk_widget_get_mapped (page), 5000);
  return page;
}

/**
 * parlance_test_ui_find_message_row:
 * @mapped: only a row on screen (a list recycles rows it does not show)
 *
 * Returns: (transfer none) (nullable): the first ParlanceMessageRow under @root that shows
 *   @message
 */
GtkWidget *
parlance_test_ui_find_message_row (GtkWidget       *root,
                                   ParlanceMessage *message,
                                   gboolean         mapped)
{
  if (PARLANCE_IS_MESSAGE_ROW (root))
    return parlance_message_row_get_message (PARLANCE_MESSAGE_ROW (root)) == message &&
           (!mapped || gtk_widget_get_mapped (root)) ? root : NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = parlance_test_ui_find_message_row (c, message, mapped);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * parlance_test_ui_find_text:
 * @text: (nullable): the text shown (not its markup); %NULL for any
 *
 * Returns: (transfer none) (nullable): the first label of a message's text ("message-text")
 *   under @root that shows @text
 */
GtkWidget *
parlance_test_ui_find_text (GtkWidget  *root,
                            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "message-text") &&
      (text == NULL || g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text)))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = parlance_test_ui_find_text (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}
