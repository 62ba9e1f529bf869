/* parlance-code-languages.c — the languages code blocks are highlighted in, found and kept ready.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkSourceView reads the header of every .lang file the first time a language is asked for
 * (170 files: 5 to 30 ms), its style schemes the first time a scheme is (2 to 20 ms), and a
 * language's whole definition (XML and regular expressions: 5 to 50 ms) for its first buffer,
 * freeing it with its last. Done while a reply streams, each is a frame the window misses: they
 * are done ahead, when nothing else is, and a language once parsed stays parsed. A language not
 * parsed yet is parsed a moment later, on its own, and the blocks that asked for it are told then.
 */

#include "config.h"

#include <string.h>

#include "parlance-code-languages.h"

/* The names models write after a fence, for languages GtkSourceView knows by another id. */
static const struct { const char *alias, *id; } aliases[] = {
  { "py", "python3" }, { "python", "python3" }, { "py3", "python3" }, { "python2", "python" },
  { "javascript", "js" }, { "node", "js" }, { "mjs", "js" }, { "cjs", "js" },
  { "ts", "typescript" }, { "tsx", "typescript-jsx" },
  { "bash", "sh" }, { "shell", "sh" }, { "zsh", "sh" }, { "console", "sh" }, { "shellscript", "sh" },
  { "c++", "cpp" }, { "cxx", "cpp" }, { "hpp", "cpp" }, { "cc", "cpp" }, { "h", "chdr" },
  { "rs", "rust" }, { "rb", "ruby" }, { "cs", "c-sharp" }, { "csharp", "c-sharp" }, { "c#", "c-sharp" },
  { "yml", "yaml" }, { "md", "markdown" }, { "dockerfile", "docker" }, { "make", "makefile" },
  { "golang", "go" }, { "kt", "kotlin" }, { "hs", "haskell" }, { "pl", "perl" },
  { "tex", "latex" }, { "objective-c", "objc" }, { "ps1", "powershell" }, { "jsonc", "json" },
  { "patch", "diff" }, { "html5", "html" }, { "svg", "xml" }, { "ml", "ocaml" }, { "tf", "terraform" },
};

/* What models write code in most, parsed ahead (each costs a few hundred KB while kept). */
static const char *commonest[] = { "python3", "sh", "js" };

#define MAX_KEPT 24

/* Languages seen, by id: one hidden buffer each keeps the definition parsed. */
static GHashTable *kept;
static guint warm_step;   /* 0: not begun */
static gboolean warm;

GtkSourceLanguage *
parlance_code_languages_find (const char *fence)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *lower = NULL;
  g_autofree char *filename = NULL;
  GtkSourceLanguage *found;

  if (fence == NULL || *fence == '\0' || strlen (fence) > 32)
    return NULL;
  lower = g_ascii_strdown (fence, -1);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (lower, aliases[i].alias))
      return gtk_source_language_manager_get_language (manager, aliases[i].id);
  if ((found = gtk_source_language_manager_get_language (manager, lower)) != NULL)
    return found;
  /* As the extension of a file name: "cpp", "lua", "toml"… */
  if (strpbrk (lower, "/\\*?[") != NULL)
    return NULL;
  filename = g_strconcat ("code.", lower, NULL);
  return gtk_source_language_manager_guess_language (manager, filename, NULL);
}

void
parlance_code_languages_keep (GtkSourceLanguage *language)
{
  const char *id;

  g_return_if_fail (GTK_SOURCE_IS_LANGUAGE (language));

  id = gtk_source_language_get_id (language);
  if (kept == NULL)
    kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  /* Fences are untrusted: a reply naming every language must not keep every definition. */
  if (!g_hash_table_contains (kept, id) && g_hash_table_size (kept) < MAX_KEPT)
    g_hash_table_insert (kept, g_strdup (id), gtk_source_buffer_new_with_language (language));
}

/* Blocks waiting for their language, in the order they asked. */
typedef struct
{
  char                      *id;
  GWeakRef                   owner;
  ParlanceCodeLanguageParsed parsed;
} Waiter;

static GQueue waiters = G_QUEUE_INIT;
#define PARSE_DELAY_MS 50
static guint parse_id;

static void
waiter_free (Waiter *waiter)
{
  g_free (waiter->id);
  g_weak_ref_clear (&waiter->owner);
  g_free (waiter);
}

/* One language at a time: the first asked for, then every block that waits for it. */
static gboolean
parse_next (gpointer user_data)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *id = g_strdup (((Waiter *) g_queue_peek_head (&waiters))->id);
  GtkSourceLanguage *language = gtk_source_language_manager_get_language (manager, id);
  GQueue done = G_QUEUE_INIT;

  /* Past MAX_KEPT it is not kept: each block then parses it for itself, still then. */
  parlance_code_languages_keep (language);
  for (GList *l = waiters.head, *next; l != NULL; l = next)
    {
      next = l->next;
      if (g_str_equal (((Waiter *) l->data)->id, id))
        {
          g_queue_unlink (&waiters, l);
          g_queue_push_tail_link (&done, l);
        }
    }
  /* Told only once off the queue: a block told may ask again. */
  for (Waiter *waiter; (waiter = g_queue_pop_head (&done)) != NULL; waiter_free (waiter))
    {
      g_autoptr(GObject) owner = g_weak_ref_get (&waiter->owner);

      if (owner != NULL)
        waiter->parsed (owner, language);
    }
  if (!g_queue_is_empty (&waiters))
    return G_SOURCE_CONTINUE;
  parse_id = 0;
  return G_SOURCE_REMOVE;
}

void
parlance_code_languages_when_parsed (GtkSourceLanguage          *language,
                                     GObject                    *owner,
                                     ParlanceCodeLanguageParsed  parsed)
{
  Waiter *waiter;

  g_return_if_fail (GTK_SOURCE_IS_LANGUAGE (language));
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (parsed != NULL);

  if (kept != NULL && g_hash_table_contains (kept, gtk_source_language_get_id (language)))
    {
      parsed (owner, language);
      return;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->id = g_strdup (gtk_source_language_get_id (language));
  g_weak_ref_init (&waiter->owner, owner);
  waiter->parsed = parsed;
  g_queue_push_tail (&waiters, waiter);
  if (parse_id == 0)
    /* Not an idle: while a fast reply streams, frames can keep the main loop from ever being
     * idle, and the code stayed plain until the reply ended. Between two frames, a little
     * later. */
    parse_id = g_timeout_add_full (G_PRIORITY_DEFAULT, PARSE_DELAY_MS, parse_next, NULL, NULL);
}

/* One step per call, so that no step waits for another in the same frame. */
static gboolean
warm_up_step (gpointer user_data)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  guint step = warm_step++;

  if (step == 1)
    gtk_source_language_manager_get_language_ids (languages);
  else if (step == 2)
    gtk_source_style_scheme_manager_get_scheme (schemes, "Adwaita");
  else if (step - 3 < G_N_ELEMENTS (commonest))
    {
      GtkSourceLanguage *language = gtk_source_language_manager_get_language (languages, commonest[step - 3]);

      if (language != NULL)
        parlance_code_languages_keep (language);
    }
  else
    {
      warm = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
warm_up_begin (gpointer user_data)
{
  g_idle_add_full (G_PRIORITY_LOW, warm_up_step, NULL, NULL);
  return G_SOURCE_REMOVE;
}

void
parlance_code_languages_warm_up (void)
{
  if (warm_step > 0)
    return;
  warm_step = 1;
  /* After the window's first frames, which have work enough of their own. */
  g_timeout_add_full (G_PRIORITY_LOW, 500, warm_up_begin, NULL, NULL);
}

gboolean
parlance_code_languages_get_warm (void)
{
  return warm;
}

gboolean
_parlance_code_languages_is_kept (const char *id)
{
  return kept != NULL && g_hash_table_contains (kept, id);
}
