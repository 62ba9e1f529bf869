/* parlance-window.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-window.h"

struct _ParlanceWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *first_run_page;
};

G_DEFINE_FINAL_TYPE (ParlanceWindow, parlance_window, ADW_TYPE_APPLICATION_WINDOW)

ParlanceWindow *
parlance_window_new (ParlanceApplication *application)
{
  g_return_val_if_fail (PARLANCE_IS_APPLICATION (application), NULL);

  return g_object_new (PARLANCE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * parlance_window_add_toast:
 * @self: a #ParlanceWindow
 * @toast: (transfer full): the toast to show
 *
 * The one place where the window tells the user what happened.
 */
void
parlance_window_add_toast (ParlanceWindow *self,
                           AdwToast       *toast)
{
  g_return_if_fail (PARLANCE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
save_window_state (ParlanceWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* The default size is the unmaximized size: keep the one to return to. */
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
parlance_window_close_request (GtkWindow *window)
{
  save_window_state (PARLANCE_WINDOW (window));

  return GTK_WINDOW_CLASS (parlance_window_parent_class)->close_request (window);
}

static void
parlance_window_constructed (GObject *object)
{
  ParlanceWindow *self = PARLANCE_WINDOW (object);
  G_OBJECT_CLASS (parlance_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->first_run_page, APPLICATION_ID "-symbolic");
}

static void
parlance_window_dispose (GObject *object)
{
  ParlanceWindow *self = PARLANCE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (parlance_window_parent_class)->dispose (object);
}

static void
parlance_window_class_init (ParlanceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = parlance_window_constructed;
  object_class->dispose = parlance_window_dispose;
  window_class->close_request = parlance_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceWindow, first_run_page);
}

static void
parlance_window_init (ParlanceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
