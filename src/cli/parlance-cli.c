/* parlance-cli.c — parlance-cli: talk to language models from a terminal.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "parlance-paths.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  run;
  const char  *summary;
} Command;

static int cmd_paths (int argc, char **argv);

static const Command commands[] = {
  { "paths", cmd_paths, N_("Print where Parlance keeps its data, cache and settings") },
};

static int
cmd_paths (int    argc,
           char **argv)
{
  g_autofree char *data = parlance_paths_dup_data_dir ();
  g_autofree char *cache = parlance_paths_dup_cache_dir ();
  g_autofree char *config = parlance_paths_dup_config_dir ();

  if (argc > 1)
    {
      g_printerr (_("parlance-cli paths takes no arguments\n"));
      return 2;
    }

  g_print ("data\t%s\n", data);
  g_print ("cache\t%s\n", cache);
  g_print ("config\t%s\n", config);
  return 0;
}

static char *
usage_text (void)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("Usage:\n  %s [--version] [--help] COMMAND [ARGS…]\n\n"), g_get_prgname ());
  g_string_append (s, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (s, _("\nExit status:\n"
                        "  0  success\n"
                        "  2  wrong usage\n"));
  return g_string_free (s, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *usage = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("parlance-cli");

  usage = usage_text ();

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return 2;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      g_print ("%s", usage);
      return 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("parlance-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("Unknown command “%s”.\n\n%s"), argv[1], usage);
  return 2;
}
