/* parlance-sidebar-clock.c — tells the sidebar when the day changes, so "Today" follows the clock.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timer fires just after the next local midnight. GLib's timers count the monotonic clock,
 * which stops while the system sleeps, so logind's PrepareForSleep (false: waking up) also
 * tells the day may have changed; without a system bus (a sandbox, the tests) only the timer.
 */

#include "config.h"

#include "parlance-sidebar-private.h"

struct _ParlanceSidebarClock
{
  ParlanceSidebarClockFunc changed;
  gpointer         data;
  guint            timeout_id;
  GCancellable    *cancellable;
  GDBusConnection *system_bus;
  guint            sleep_id;
};

/**
 * parlance_sidebar_until_next_day:
 * @now: the time to count from, in the time zone that says when the day ends
 *
 * Returns: the microseconds from @now to the next midnight in @now's time zone (a day can be
 *   23 or 25 hours long when the clocks change)
 */
GTimeSpan
parlance_sidebar_until_next_day (GDateTime *now)
{
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  g_return_val_if_fail (now != NULL, G_TIME_SPAN_DAY);

  today = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                           g_date_time_get_month (now), g_date_time_get_day_of_month (now), 0, 0, 0);
  tomorrow = g_date_time_add_days (today, 1);
  return g_date_time_difference (tomorrow, now);
}

static gboolean midnight (gpointer user_data);

static void
arm (ParlanceSidebarClock *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan until = parlance_sidebar_until_next_day (now);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* A second late rather than early: the new day must have begun when the rows look. */
  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) (until / G_USEC_PER_SEC) + 1,
                                                 midnight, self, NULL);
}

static gboolean
midnight (gpointer user_data)
{
  ParlanceSidebarClock *self = user_data;

  self->timeout_id = 0;
  self->changed (self->data);
  arm (self);
  return G_SOURCE_REMOVE;
}

static void
prepare_for_sleep (GDBusConnection *connection,
                   const char      *sender,
                   const char      *path,
                   const char      *interface,
                   const char      *signal,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  ParlanceSidebarClock *self = user_data;
  gboolean sleeping = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &sleeping);
  if (sleeping)
    return;
  self->changed (self->data);
  arm (self);
}

static void
got_system_bus (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ParlanceSidebarClock *self = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);

  /* Cancelled (self is gone), or no system bus: the timer alone. */
  if (bus == NULL)
    return;
  self->system_bus = g_steal_pointer (&bus);
  self->sleep_id = g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                                       "org.freedesktop.login1.Manager",
                                                       "PrepareForSleep", "/org/freedesktop/login1",
                                                       NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                       prepare_for_sleep, self, NULL);
}

/* Calls @changed (@data) after each local midnight and after the system wakes up. */
ParlanceSidebarClock *
_parlance_sidebar_clock_new (ParlanceSidebarClockFunc changed,
                             gpointer                 data)
{
  ParlanceSidebarClock *self = g_new0 (ParlanceSidebarClock, 1);

  self->changed = changed;
  self->data = data;
  self->cancellable = g_cancellable_new ();
  arm (self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, got_system_bus, self);
  return self;
}

void
_parlance_sidebar_clock_free (ParlanceSidebarClock *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->sleep_id != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_id);
  g_clear_object (&self->system_bus);
  g_free (self);
}
