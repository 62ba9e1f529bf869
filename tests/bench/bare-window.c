/* bare-window.c — the yardstick for Parlance's start-up: an empty libadwaita window.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with the same flags as parlance; prints "first-frame" when its first frame is painted,
 * like parlance does with PARLANCE_BENCH_FIRST_FRAME set.
 */

#include <adwaita.h>

static void
first_frame_painted (GdkFrameClock *clock,
                     gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, user_data);
  g_print ("first-frame\n");
}

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_painted), NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.parlance.BareWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
