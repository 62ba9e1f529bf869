/* bench-import.c — importing a ChatGPT export of 200,000 messages: speed and peak memory.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-import [FOLDER]
 *
 * Writes conversations.json in the shape of ChatGPT's export (2,000 conversations of 100
 * messages, each with a hidden system root and one regenerated answer in twelve turns as a
 * second branch; the text from synthetic-chats.c, the same each run) into FOLDER or a temporary one,
 * then imports it into a new database in a child process (itself with --import), twice: the
 * first time everything is new, the second nothing is. Prints messages per second (of wall
 * time, and of the child's CPU time, which a shared machine disturbs less) and the child's peak
 * resident memory against the file's size and its largest conversation. Never fails on figures.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

#include "parlance-import-private.h"
#include "synthetic-chats.h"

#define N_CONVERSATIONS 2000
#define N_TURNS         48      /* a question and an answer each, and 4 regenerated: 100 */
#define SEED            20261201

static void
add_node (JsonBuilder *b,
          const char  *id,
          const char  *parent,
          GPtrArray   *children,
          const char  *role,
          const char  *text,
          double       time,
          gboolean     hidden)
{
  json_builder_set_member_name (b, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "parent");
  if (parent != NULL)
    json_builder_add_string_value (b, parent);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "children");
  json_builder_begin_array (b);
  for (guint i = 0; children != NULL && i < children->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (children, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "message");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "author");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  json_builder_set_member_name (b, "name");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "create_time");
  json_builder_add_double_value (b, time);
  json_builder_set_member_name (b, "update_time");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "content");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "content_type");
  json_builder_add_string_value (b, "text");
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, text);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "finished_successfully");
  json_builder_set_member_name (b, "end_turn");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "weight");
  json_builder_add_double_value (b, 1.0);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  if (hidden)
    {
      json_builder_set_member_name (b, "is_visually_hidden_from_conversation");
      json_builder_add_boolean_value (b, TRUE);
    }
  else if (g_str_equal (role, "assistant"))
    {
      json_builder_set_member_name (b, "model_slug");
      json_builder_add_string_value (b, "gpt-4o");
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "recipient");
  json_builder_add_string_value (b, "all");
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static GPtrArray *
one_child (const char *id)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (children, g_strdup (id));
  return children;
}

/* One conversation: system root, then question/answer turns; one answer in twelve has a
 * regenerated sibling that ends its own branch. Returns its messages (the root not counted). */
static guint
write_conversation (JsonBuilder *b,
                    GRand       *rand,
                    guint        index)
{
  double time = 1.6e9 + index * 3600.0;
  g_autofree char *root = g_strdup_printf ("%u-root", index);
  g_autofree char *last = NULL;
  g_autofree char *first_q = g_strdup_printf ("%u-q0", index);
  g_autoptr(GPtrArray) root_children = one_child (first_q);
  guint n = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, "Synthetic conversation");
  json_builder_set_member_name (b, "create_time");
  json_builder_add_double_value (b, time);
  json_builder_set_member_name (b, "update_time");
  json_builder_add_double_value (b, time + N_TURNS * 60);
  json_builder_set_member_name (b, "mapping");
  json_builder_begin_object (b);
  add_node (b, root, NULL, root_children, "system", "", time, TRUE);
  for (guint t = 0; t < N_TURNS; t++)
    {
      g_autofree char *q = g_strdup_printf ("%u-q%u", index, t);
      g_autofree char *a = g_strdup_printf ("%u-a%u", index, t);
      g_autofree char *r = g_strdup_printf ("%u-r%u", index, t);
      g_autofree char *next = g_strdup_printf ("%u-q%u", index, t + 1);
      g_autofree char *question = synthetic_question (rand);
      g_autofree char *answer = synthetic_answer (rand);
      g_autofree char *parent = t == 0 ? g_strdup (root) : g_strdup_printf ("%u-a%u", index, t - 1);
      g_autoptr(GPtrArray) q_children = one_child (a);
      g_autoptr(GPtrArray) a_children = t + 1 < N_TURNS ? one_child (next) : NULL;
      gboolean regenerated = t % 12 == 5 && t + 1 < N_TURNS;

      if (regenerated)
        g_ptr_array_add (q_children, g_strdup (r));
      add_node (b, q, parent, q_children, "user", question, time + t * 60, FALSE);
      add_node (b, a, q, a_children, "assistant", answer, time + t * 60 + 5, FALSE);
      n += 2;
      if (regenerated)
        {
          /* The other branch: the answer before it, replaced. */
          add_node (b, r, q, NULL, "assistant", "An earlier answer, regenerated.",
                    time + t * 60 + 3, FALSE);
          n++;
        }
      g_free (last);
      last = g_strdup (a);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "moderation_results");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "current_node");
  json_builder_add_string_value (b, last);
  json_builder_set_member_name (b, "conversation_id");
  {
    g_autofree char *id = g_strdup_printf ("conv-%u", index);

    json_builder_add_string_value (b, id);
  }
  json_builder_set_member_name (b, "default_model_slug");
  json_builder_add_string_value (b, "gpt-4o");
  json_builder_end_object (b);
  return n;
}

/* Writes the export, one conversation at a time; returns the number of messages. */
static guint
write_export (const char *path,
              gsize      *largest)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  FILE *out = fopen (path, "w");
  guint n = 0;

  g_assert (out != NULL);
  fputs ("[", out);
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      gsize len;

      n += write_conversation (b, rand, i);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, &len);
      *largest = MAX (*largest, len);
      if (i > 0)
        fputs (",\n", out);
      fwrite (text, 1, len, out);
    }
  fputs ("]\n", out);
  fclose (out);
  return n;
}

/* In the child: one import, its figures on standard output. */
static int
import_child (const char *file_path,
              const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open (db_path, &error);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(ParlanceImportSummary) summary = NULL;
  gint64 start, rows_end;
  struct rusage usage;

  if (store == NULL)
    g_error ("%s", error->message);
  /* The rows and the indexing of their text (which parlance_import_file() runs right after
   * the rows' commit) are timed apart. */
  _parlance_import_skip_indexing = TRUE;
  start = g_get_monotonic_time ();
  summary = parlance_import_file (store, file, PARLANCE_IMPORT_FORMAT_AUTO, NULL, NULL, NULL,
                                  &error);
  if (summary == NULL)
    g_error ("%s", error->message);
  rows_end = g_get_monotonic_time ();
  g_assert (getrusage (RUSAGE_SELF, &usage) == 0);
  if (!_parlance_store_index_pending (store, NULL, &error))
    g_error ("%s", error->message);
  g_print ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
           " %" G_GINT64_FORMAT "\n", summary->imported_conversations, summary->imported_messages,
           rows_end - start, g_get_monotonic_time () - rows_end,
           (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
           usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  return 0;
}

static void
run_import (const char *self,
            const char *file_path,
            const char *db_path,
            guint       n_messages,
            const char *label)
{
  const char *argv[] = { self, "--import", file_path, db_path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversations = 0, messages = 0, usec = 1, index_usec = 1, rows_cpu_usec = 1;
  struct rusage usage;
  double cpu, rows_cpu;
  int status;
  pid_t pid;
  int fds[2];
  char buffer[256] = { 0 };
  gssize n;

  g_assert (pipe (fds) == 0);
  pid = fork ();
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      close (fds[0]);
      execv (self, (char **) argv);
      _exit (127);
    }
  close (fds[1]);
  n = read (fds[0], buffer, sizeof buffer - 1);
  close (fds[0]);
  g_assert (wait4 (pid, &status, 0, &usage) == pid);
  if (n <= 0 || sscanf (buffer, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                        " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &conversations, &messages,
                        &usec, &index_usec, &rows_cpu_usec) != 5)
    g_error ("the import failed (status %d)", status);
  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  index_usec = MAX (index_usec, 1);
  rows_cpu = MAX (rows_cpu_usec / 1e6, 1e-6);
  g_print ("%s: %" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " messages new\n"
           "  rows (one transaction): %.2f s, %.0f messages/s read (CPU %.2f s: %.0f messages "
           "per CPU second)\n"
           "  then indexing (2,000 a transaction): %.2f s, %.0f messages/s indexed (CPU %.2f s)\n"
           "  CPU time %.2f s in all (%.0f messages per CPU second); peak memory %.1f MB\n",
           label, conversations, messages, usec / 1e6, n_messages / (usec / 1e6), rows_cpu,
           n_messages / rows_cpu, index_usec / 1e6, messages / (index_usec / 1e6),
           cpu - rows_cpu, cpu, n_messages / cpu, usage.ru_maxrss / 1024.0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *self = NULL;
  gsize largest = 0;
  gint64 start;
  guint n_messages;
  GStatBuf st;

  if (argc == 4 && g_str_equal (argv[1], "--import"))
    return import_child (argv[2], argv[3]);

  self = g_file_read_link ("/proc/self/exe", NULL);
  dir = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("parlance-bench-import-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0700);
  file_path = g_build_filename (dir, "conversations.json", NULL);
  db_path = g_build_filename (dir, "import.db", NULL);

  start = g_get_monotonic_time ();
  n_messages = write_export (file_path, &largest);
  g_stat (file_path, &st);
  g_print ("export: %d conversations, %u messages, %.1f MB (largest conversation %.0f kB), "
           "written in %.1f s\n", N_CONVERSATIONS, n_messages, st.st_size / 1e6, largest / 1e3,
           (g_get_monotonic_time () - start) / 1e6);

  g_unlink (db_path);
  run_import (self, file_path, db_path, n_messages, "first import");
  run_import (self, file_path, db_path, n_messages, "second import");
  if (g_stat (db_path, &st) == 0)
    g_print ("database: %.1f MB\n", st.st_size / 1e6);
  g_print ("schema version: %d\n", PARLANCE_STORE_SCHEMA_VERSION);
  {
    g_autofree char *load = NULL;

    /* The machine may be shared: wall-clock figures mean little under load. */
    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      g_print ("load average: %s", load);
  }

  if (argc <= 1)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (file_path);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
