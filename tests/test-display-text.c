/* test-display-text.c — untrusted text made safe to show in a widget.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-display-text.h"

static void
check (const char *text,
       gssize      length,
       const char *expected)
{
  g_autofree char *shown = parlance_display_text (text, length);

  g_assert_cmpstr (shown, ==, expected);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
}

static void
test_display_text_unchanged (void)
{
  check ("plain text, line\nbreaks\tand tabs", -1, "plain text, line\nbreaks\tand tabs");
  check ("héllo 👋 עברית العربية 中文", -1, "héllo 👋 עברית العربية 中文");
  check ("", -1, "");
  check (NULL, -1, "");
}

static void
test_display_text_bidi (void)
{
  /* A link that would read "exe.png" on screen. */
  check ("https://evil.example/\xe2\x80\xaegnp.exe", -1, "https://evil.example/gnp.exe");
  check ("\xe2\x80\xaa" "a" "\xe2\x80\xab" "b" "\xe2\x80\xac" "c" "\xe2\x80\xad" "d", -1, "abcd");
  check ("\xe2\x81\xa6" "x" "\xe2\x81\xa7" "y" "\xe2\x81\xa8" "z" "\xe2\x81\xa9", -1, "xyz");
  /* Marks that only hint a direction stay. */
  check ("a\xe2\x80\x8f" "b", -1, "a\xe2\x80\x8f" "b");
}

static void
test_display_text_controls (void)
{
  check ("\x1b[31mred\x1b[0m", -1, "\xe2\x90\x9b[31mred\xe2\x90\x9b[0m");
  check ("bell\a", -1, "bell\xe2\x90\x87");
  check ("del\x7f", -1, "del\xe2\x90\xa1");
  check ("a\0b", 3, "a\xef\xbf\xbd" "b");
  check ("c1\xc2\x9b" "x", -1, "c1\xef\xbf\xbd" "x");
  check ("bad\xff\xfe utf8\xe2\x82", -1, "bad\xef\xbf\xbd\xef\xbf\xbd utf8\xef\xbf\xbd\xef\xbf\xbd");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parlance/display-text/unchanged", test_display_text_unchanged);
  g_test_add_func ("/parlance/display-text/bidi", test_display_text_bidi);
  g_test_add_func ("/parlance/display-text/controls", test_display_text_controls);
  return g_test_run ();
}
