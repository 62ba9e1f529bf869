/* fake-provider-main.c — the fake provider as a program, to point the app or the CLI at by hand.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <stdlib.h>

#include "fake-hostile.h"
#include "fake-limits.h"
#include "fake-provider.h"

static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *replay = NULL;
  g_autofree char *hostile = NULL;
  int port = 0;
  int random_chunks = 0;
  int seed = 1;
  gboolean list_hostile = FALSE;
  g_autofree char *limits = NULL;
  gboolean list_limits = FALSE;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on, on 127.0.0.1 (default: a free one)", "N" },
    { "script", 's', 0, G_OPTION_ARG_FILENAME, &script, "JSON script of responses to serve (see fake-provider.c)", "FILE" },
    { "replay", 'r', 0, G_OPTION_ARG_FILENAME, &replay, "Answer every POST /chat/completions with this recorded body", "FILE" },
    { "random-chunks", 0, 0, G_OPTION_ARG_INT, &random_chunks, "With --replay: send the body in chunks of 1 to N bytes (random, see --seed), one write each", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of --random-chunks (default: 1)", "N" },
    { "hostile", 0, 0, G_OPTION_ARG_STRING, &hostile, "Answer every request of a hostile fault with it (see --list-hostile)", "NAME[=SIZE]" },
    { "list-hostile", 0, 0, G_OPTION_ARG_NONE, &list_hostile, "List the hostile faults", NULL },
    { "limits", 0, 0, G_OPTION_ARG_STRING, &limits, "Answer every request of a limits fault with it (see --list-limits)", "NAME" },
    { "list-limits", 0, 0, G_OPTION_ARG_NONE, &list_limits, "List the limits faults (rate limits, quotas, credits, usage)", NULL },
    { NULL }
  };

  context = g_option_context_new ("— an OpenAI-compatible server for testing Parlance");
  g_option_context_set_description (context,
    "Listens on 127.0.0.1 only and prints its base URL, for example:\n"
    "  fake-provider --replay streaming_reasoning.200.sse &\n"
    "  PARLANCE_OPENROUTER_BASE_URL=http://127.0.0.1:PORT/api/v1 parlance-cli chat hello\n"
    "Requests that match no queued response get a 404 with a JSON error.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fake-provider: %s\n", error->message);
      return 2;
    }
  if (list_hostile)
    {
      guint n_faults;
      const FakeHostileFault *faults = fake_hostile_list (&n_faults);

      for (guint i = 0; i < n_faults; i++)
        g_print ("%-20s %s %s: %s\n", faults[i].name, faults[i].method, faults[i].path,
                 faults[i].description);
      return EXIT_SUCCESS;
    }
  if (list_limits)
    {
      guint n_faults;
      const FakeLimitsFault *faults = fake_limits_list (&n_faults);

      for (guint i = 0; i < n_faults; i++)
        g_print ("%-22s %s %s: %s\n", faults[i].name, faults[i].method, faults[i].path,
                 faults[i].description);
      return EXIT_SUCCESS;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("fake-provider: --port must be between 0 and 65535\n");
      return 2;
    }

  provider = fake_provider_new_with_port ((guint) port, &error);
  if (provider == NULL)
    {
      g_printerr ("fake-provider: could not listen on port %d: %s\n", port, error->message);
      return 1;
    }

  if (script != NULL && !fake_provider_load_script (provider, script, &error))
    {
      g_printerr ("fake-provider: %s\n", error->message);
      return 2;
    }

  if (replay != NULL)
    {
      g_autoptr(FakeResponse) response = fake_response_new_from_file (200, replay, &error);

      if (response == NULL)
        {
          g_printerr ("fake-provider: %s\n", error->message);
          return 2;
        }
      if (random_chunks > 0)
        {
          fake_response_set_random_chunks (response, (guint32) seed, (gsize) random_chunks);
          fake_response_set_one_write_each (response, TRUE);
        }
      fake_response_set_repeat (response, TRUE);
      fake_provider_queue (provider, "POST", "/chat/completions", response);
    }

  if (hostile != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (hostile, "=", 2);
      const FakeHostileFault *fault = fake_hostile_lookup (parts[0]);
      g_autoptr(FakeResponse) response = NULL;

      if (fault == NULL)
        {
          g_printerr ("fake-provider: no hostile fault “%s” (see --list-hostile)\n", parts[0]);
          return 2;
        }
      response = fake_hostile_response_new (parts[0], parts[1] ? g_ascii_strtoull (parts[1], NULL, 10) : 0);
      fake_response_set_repeat (response, TRUE);
      fake_provider_queue (provider, fault->method, fault->path, response);
    }

  if (limits != NULL)
    {
      const FakeLimitsFault *fault = fake_limits_lookup (limits);
      g_autoptr(FakeResponse) response = NULL;

      if (fault == NULL)
        {
          g_printerr ("fake-provider: no limits fault “%s” (see --list-limits)\n", limits);
          return 2;
        }
      response = fake_limits_response_new (limits, g_get_real_time () / 1000);
      fake_response_set_repeat (response, TRUE);
      fake_provider_queue (provider, fault->method, fault->path, response);
    }

  g_print ("%s\n", fake_provider_get_base_url (provider));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
