/* test-code-languages.c — the languages of code blocks: found by the fence's word, kept, warmed.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "parlance-code-block.h"
#include "parlance-code-languages.h"
#include "parlance-test-utils.h"

static const char *
found_id (const char *fence)
{
  GtkSourceLanguage *language = parlance_code_languages_find (fence);

  return language != NULL ? gtk_source_language_get_id (language) : NULL;
}

/* What models write after a fence: aliases, any case, ids, file extensions; nothing for junk. */
static void
test_code_languages_find (void)
{
  g_assert_cmpstr (found_id ("py"), ==, "python3");
  g_assert_cmpstr (found_id ("Python"), ==, "python3");
  g_assert_cmpstr (found_id ("BASH"), ==, "sh");
  g_assert_cmpstr (found_id ("c++"), ==, "cpp");
  g_assert_cmpstr (found_id ("rust"), ==, "rust");
  g_assert_cmpstr (found_id ("toml"), ==, "toml");  /* as a file's extension */
  g_assert_null (found_id (NULL));
  g_assert_null (found_id (""));
  g_assert_null (found_id ("no-such-language"));
  g_assert_null (found_id ("*"));
  g_assert_null (found_id ("pythonpythonpythonpythonpythonpyt"));  /* 33 characters */
}

/* A language a code block used stays parsed once the block is gone. */
static void
test_code_languages_kept (void)
{
  GtkWidget *block = g_object_ref_sink (parlance_code_block_new ());

  g_assert_false (_parlance_code_languages_is_kept ("rust"));
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (block), "rs", "fn main() {}\n", 13);
  g_object_unref (block);
  parlance_test_wait_for (_parlance_code_languages_is_kept ("rust"), 60000);
}

static GtkSourceBuffer *
block_buffer (GtkWidget *block)
{
  GtkWidget *view = _parlance_code_block_get_view (PARLANCE_CODE_BLOCK (block));

  return GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
}

static gboolean
keep_busy (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* A language not parsed yet is not parsed where the block is built (a frame, while a reply
 * streams): the code shows plain, and is highlighted a moment later. Blocks waiting for the same
 * language all get it; one gone meanwhile, or given other code, is left alone. */
static void
test_code_languages_parsed_later (void)
{
  GtkWidget *first = g_object_ref_sink (parlance_code_block_new ());
  GtkWidget *second = g_object_ref_sink (parlance_code_block_new ());
  GtkWidget *gone = g_object_ref_sink (parlance_code_block_new ());
  GtkWidget *changed = g_object_ref_sink (parlance_code_block_new ());
  guint busy_id;

  g_assert_false (_parlance_code_languages_is_kept ("go"));
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (first), "go", "package main\n", 13);
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (second), "golang", "func f() {}\n", 12);
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (gone), "go", "var x int\n", 10);
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (changed), "go", "var y int\n", 10);
  g_assert_null (gtk_source_buffer_get_language (block_buffer (first)));
  g_assert_false (_parlance_code_languages_is_kept ("go"));
  g_object_unref (gone);
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (changed), NULL, "plain\n", 6);

  /* Frames that never stop (a fast reply drawn on a slow machine) leave the main loop no idle
   * time: the language still comes. */
  busy_id = g_idle_add_full (GDK_PRIORITY_REDRAW, keep_busy, NULL, NULL);
  parlance_test_wait_for (gtk_source_buffer_get_language (block_buffer (first)) != NULL, 60000);
  g_source_remove (busy_id);
  g_assert_true (_parlance_code_languages_is_kept ("go"));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (block_buffer (first))), ==, "go");
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (block_buffer (second))), ==, "go");
  g_assert_null (gtk_source_buffer_get_language (block_buffer (changed)));

  /* Once parsed, a new block has it at once. */
  parlance_code_block_set_code (PARLANCE_CODE_BLOCK (changed), "go", "var z int\n", 10);
  g_assert_nonnull (gtk_source_buffer_get_language (block_buffer (changed)));
  g_object_unref (first);
  g_object_unref (second);
  g_object_unref (changed);
}

/* The warm-up, once begun, parses the commonest languages by itself, a step per idle. */
static void
test_code_languages_warm_up (void)
{
  g_assert_false (parlance_code_languages_get_warm ());
  parlance_code_languages_warm_up ();
  parlance_code_languages_warm_up ();  /* once a process */
  parlance_test_wait_for (parlance_code_languages_get_warm (), 60000);
  g_assert_true (_parlance_code_languages_is_kept ("python3"));
  g_assert_true (_parlance_code_languages_is_kept ("sh"));
  g_assert_true (_parlance_code_languages_is_kept ("js"));
}

/* Blocks are built ahead, when nothing else runs, for the next ones a reply asks for; one handed
 * out is a new widget: floating, empty, and gone with its last reference. */
static void
test_code_languages_spare_blocks (void)
{
  GtkWidget *block = parlance_code_block_new ();
  GtkWidget *next;

  g_assert_true (g_object_is_floating (block));
  g_object_ref_sink (block);
  parlance_test_wait_for (_parlance_code_block_get_n_spares () == 2, 60000);
  next = parlance_code_block_new ();
  g_assert_cmpuint (_parlance_code_block_get_n_spares (), ==, 1);
  g_assert_true (g_object_is_floating (next));
  g_assert_cmpstr (parlance_code_block_get_code (PARLANCE_CODE_BLOCK (next)), ==, "");
  g_object_ref_sink (next);
  g_object_add_weak_pointer (G_OBJECT (next), (gpointer *) &next);
  g_object_unref (next);
  g_assert_null (next);
  g_object_unref (block);
  parlance_test_wait_for (_parlance_code_block_get_n_spares () == 2, 60000);
}

/* Fences are untrusted: a reply naming every language keeps at most 24 definitions parsed. */
static void
test_code_languages_kept_bounded (void)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  const char * const *ids = gtk_source_language_manager_get_language_ids (manager);
  guint n_kept = 0;

  g_assert_cmpuint (g_strv_length ((char **) ids), >, 40);
  for (guint i = 0; ids[i] != NULL && i < 40; i++)
    parlance_code_languages_keep (gtk_source_language_manager_get_language (manager, ids[i]));
  for (guint i = 0; ids[i] != NULL; i++)
    n_kept += _parlance_code_languages_is_kept (ids[i]);
  g_assert_cmpuint (n_kept, ==, 24);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/parlance/code-languages/find", test_code_languages_find);
  g_test_add_func ("/parlance/code-languages/kept", test_code_languages_kept);
  g_test_add_func ("/parlance/code-languages/parsed-later", test_code_languages_parsed_later);
  g_test_add_func ("/parlance/code-languages/warm-up", test_code_languages_warm_up);
  g_test_add_func ("/parlance/code-languages/spare-blocks", test_code_languages_spare_blocks);
  g_test_add_func ("/parlance/code-languages/kept-bounded", test_code_languages_kept_bounded);
  return g_test_run ();
}
