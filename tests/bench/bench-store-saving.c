/* bench-store-saving.c — what saving adds to a 50,000-token streamed reply.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-store-saving FAKE-PROVIDER [RUNS] [PACED-SECONDS] [PACED-PIECES]
 *
 * The fake provider runs as a process of its own (its CPU is not ours) and serves the same
 * 50,000-delta reply to every request, twice over: as fast as loopback allows (the whole reply
 * in a few tens of milliseconds, so the store writes it about once), and paced over
 * PACED-SECONDS (default 20) in PACED-PIECES network writes (default 10,000: five tokens each,
 * where a real model sends one to a few), so that the store writes the growing text in its
 * one-second batches as it would for a real model, and the stream pays for its wake-ups. A
 * ParlanceChatSession streams it, without a store and with one following the reply
 * (parlance_store_follow_message () through the session), alternately, RUNS times each; a run
 * with the store ends when the last write is on disk. For each: the process's CPU time (user +
 * system, every thread: the store writes on threads of its own), the bytes it wrote
 * (/proc/self/io write_bytes and wchar) and, with the store, what the database and its WAL
 * grew by. Prints medians and the share of the stream's own CPU that saving adds (target
 * < 5 %). Never fails on figures.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "parlance-chat-session.h"
#include "parlance-store.h"

#define N_DELTAS 50000
#define DEFAULT_RUNS 5
#define DEFAULT_PACED_SECONDS 20
#define DEFAULT_PACED_PIECES 10000

static const char *words[] = {
  "the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", ".", " Parlance",
  " streams", " tokens", ",", " one", " by", " one", " —", " héllo", " 👋", "\\n\\n",
};

typedef struct
{
  double cpu_ms;
  double wall_ms;
  double write_bytes;
  double wchar;
  double file_growth;
} Figures;

static char *
write_stream (const char *dir,
              gsize      *text_len)
{
  g_autofree char *path = g_build_filename (dir, "bench.200.sse", NULL);
  GString *sse = g_string_new (": OPENROUTER PROCESSING\n\n");
  const char *head = "data: {\"id\":\"gen-1764000000-ParlanceBench00001\",\"provider\":\"Fixture\","
                     "\"model\":\"meta-llama/llama-3.3-70b-instruct:free\",\"object\":\"chat.completion.chunk\","
                     "\"created\":1764000000,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                     "\"content\":\"";
  g_autoptr(GError) error = NULL;

  *text_len = 0;
  for (guint i = 0; i < N_DELTAS; i++)
    {
      const char *piece = words[i % G_N_ELEMENTS (words)];

      if (i > 0 && i % 1000 == 0)
        g_string_append (sse, ": OPENROUTER PROCESSING\n\n");
      g_string_append_printf (sse, "%s%s\"},\"finish_reason\":null}]}\n\n", head, piece);
      *text_len += strcmp (piece, "\\n\\n") == 0 ? 2 : strlen (piece);
    }
  g_string_append_printf (sse, "%s\"},\"finish_reason\":\"stop\"}]}\n\n", head);
  g_string_append_printf (sse, "%s\"},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":12,"
                          "\"completion_tokens\":%d,\"total_tokens\":%d,\"cost\":0.0123}}\n\n",
                          head, N_DELTAS, N_DELTAS + 12);
  g_string_append (sse, "data: [DONE]\n\n");
  g_file_set_contents (path, sse->str, sse->len, &error);
  g_assert_no_error (error);
  g_string_free (sse, TRUE);
  return g_steal_pointer (&path);
}

/* A fake-provider script that serves @sse in @pieces pieces over @seconds, to every request. */
static char *
write_paced_script (const char *dir,
                    const char *sse,
                    guint       seconds,
                    guint       pieces)
{
  g_autofree char *path = g_build_filename (dir, "paced.json", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (sse, &st), ==, 0);
  script = g_strdup_printf ("{\"responses\": [{\"method\": \"POST\", \"path\": \"/chat/completions\", "
                            "\"status\": 200, \"file\": \"bench.200.sse\", \"chunk_size\": %" G_GINT64_FORMAT ", "
                            "\"delay_ms\": %u, \"repeat\": true}]}",
                            (gint64) st.st_size / pieces + 1, MAX (seconds * 1000 / pieces, 1));
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
start_server (const char *fake,
              const char *option,
              const char *file,
              GPid       *pid)
{
  const char *argv[] = { fake, option, file, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  char *line = NULL;
  int out;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, pid,
                            NULL, &out, NULL, &error);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "http://"));
  return g_strstrip (line);
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* A field of /proc/self/io ("write_bytes", "wchar"); -1 where the kernel keeps none. */
static double
proc_io (const char *field)
{
  g_autofree char *contents = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ": ", NULL);
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/io", &contents, NULL, NULL))
    return -1;
  text = g_strconcat ("\n", contents, NULL);
  at = strstr (text, key);
  return at ? g_ascii_strtod (at + strlen (key), NULL) : -1;
}

static double
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (double) st.st_size : 0;
}

static double
database_size (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  return file_size (db) + file_size (wal);
}

static gboolean
saving (ParlanceChatSession *session)
{
  gboolean value;

  g_object_get (session, "saving", &value, NULL);
  return value;
}

static void
flushed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_assert_true (parlance_store_flush_finish (PARLANCE_STORE (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
reply_done (gpointer data)
{
  return !parlance_chat_session_get_busy (data) && !saving (data);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static Figures
run_once (ParlanceProvider *provider,
          ParlanceStore    *store,
          gsize             text_len)
{
  g_autoptr(ParlanceChatSession) session = parlance_chat_session_new (provider, "bench/model");
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceMessage) reply = NULL;
  Figures figures = { 0 };
  const char *db = store ? parlance_store_get_path (store) : NULL;
  double cpu = cpu_ms (), write_bytes = proc_io ("write_bytes"), wchar = proc_io ("wchar");
  double size = db ? database_size (db) : 0;
  gint64 start = g_get_monotonic_time ();

  if (store != NULL)
    parlance_chat_session_set_store (session, store);
  g_assert_true (parlance_chat_session_send (session, "Write me something long.", &error));
  g_assert_no_error (error);
  iterate_until (reply_done, session);
  if (store != NULL)
    {
      gboolean done = FALSE;

      parlance_store_flush_async (store, NULL, flushed, &done);
      iterate_until (flag_set, &done);
    }

  figures.wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  figures.cpu_ms = cpu_ms () - cpu;
  figures.write_bytes = proc_io ("write_bytes") - write_bytes;
  figures.wchar = proc_io ("wchar") - wchar;
  figures.file_growth = db ? database_size (db) - size : 0;

  reply = g_list_model_get_item (parlance_chat_session_get_messages (session), 1);
  if (parlance_message_get_status (reply) != PARLANCE_MESSAGE_COMPLETE ||
      parlance_message_get_content_length (reply) != text_len)
    g_error ("The reply came back wrong: status %d, %zu bytes of %zu",
             parlance_message_get_status (reply), parlance_message_get_content_length (reply), text_len);
  return figures;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (Figures *runs,
           guint    n,
           gsize    offset)
{
  g_autofree double *values = g_new (double, n);

  for (guint i = 0; i < n; i++)
    values[i] = *(double *) ((char *) &runs[i] + offset);
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

#define MEDIAN(runs, n, field) median_of (runs, n, G_STRUCT_OFFSET (Figures, field))

typedef struct
{
  Figures plain;
  Figures saved;
} Pair;

static void
print_scenario (const char *title,
                Figures    *plain,
                Figures    *saved,
                guint       runs)
{
  double plain_cpu = MEDIAN (plain, runs, cpu_ms), saved_cpu = MEDIAN (saved, runs, cpu_ms);

  g_print ("%s, median of %u runs\n", title, runs);
  g_print ("  %-14s %9s %9s %14s %14s %14s\n", "", "wall", "CPU", "write_bytes", "wchar", "db+wal grew");
  g_print ("  %-14s %6.0f ms %6.0f ms %11.0f KB %11.0f KB %14s\n", "without store",
           MEDIAN (plain, runs, wall_ms), plain_cpu, MEDIAN (plain, runs, write_bytes) / 1024,
           MEDIAN (plain, runs, wchar) / 1024, "-");
  g_print ("  %-14s %6.0f ms %6.0f ms %11.0f KB %11.0f KB %11.0f KB\n", "with store",
           MEDIAN (saved, runs, wall_ms), saved_cpu, MEDIAN (saved, runs, write_bytes) / 1024,
           MEDIAN (saved, runs, wchar) / 1024, MEDIAN (saved, runs, file_growth) / 1024);
  g_print ("  saving adds %.1f ms CPU: %.1f %% of the stream's own (target < 5 %%: %s)\n",
           saved_cpu - plain_cpu, 100.0 * (saved_cpu - plain_cpu) / plain_cpu,
           (saved_cpu - plain_cpu) < 0.05 * plain_cpu ? "met" : "MISSED");
}

static void
run_scenario (const char    *title,
              ParlanceProvider *provider,
              ParlanceStore *store,
              gsize          text_len,
              guint          runs)
{
  g_autofree Figures *plain = g_new0 (Figures, runs);
  g_autofree Figures *saved = g_new0 (Figures, runs);

  run_once (provider, NULL, text_len);       /* warm up: connections, caches */
  run_once (provider, store, text_len);
  for (guint i = 0; i < runs; i++)           /* alternate, so that a busy moment hits both */
    {
      plain[i] = run_once (provider, NULL, text_len);
      saved[i] = run_once (provider, store, text_len);
    }
  print_scenario (title, plain, saved, runs);
}

static ParlanceProvider *
new_provider (const char *base_url)
{
  /* Ollama takes no key: nothing of the keyring is in the figures. */
  ParlanceProvider *provider = parlance_provider_new_builtin ("ollama");
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_provider_set_base_url (provider, base_url, &error));
  g_assert_no_error (error);
  return provider;
}

static void
remove_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceProvider) fast = NULL;
  g_autoptr(ParlanceProvider) paced = NULL;
  g_autoptr(ParlanceStore) store = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *sse = NULL;
  g_autofree char *script = NULL;
  g_autofree char *fast_url = NULL;
  g_autofree char *paced_url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *title = NULL;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : DEFAULT_RUNS;
  guint seconds = argc > 3 ? (guint) atoi (argv[3]) : DEFAULT_PACED_SECONDS;
  guint pieces = argc > 4 ? (guint) atoi (argv[4]) : DEFAULT_PACED_PIECES;
  gsize text_len;
  GPid fast_pid, paced_pid;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FAKE-PROVIDER [RUNS] [PACED-SECONDS] [PACED-PIECES]\n", argv[0]);
      return 2;
    }
  runs = MAX (runs, 1);
  seconds = MAX (seconds, 1);
  pieces = CLAMP (pieces, 1, seconds * 1000);

  tmp = g_dir_make_tmp ("parlance-bench-saving-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  sse = write_stream (tmp, &text_len);
  script = write_paced_script (tmp, sse, seconds, pieces);
  fast_url = start_server (argv[1], "--replay", sse, &fast_pid);
  paced_url = start_server (argv[1], "--script", script, &paced_pid);
  fast = new_provider (fast_url);
  paced = new_provider (paced_url);
  db = g_build_filename (tmp, "parlance.db", NULL);
  store = parlance_store_open (db, &error);
  g_assert_no_error (error);

  g_print ("A %d-delta reply (%zu bytes of text) streamed through ParlanceChatSession\n",
           N_DELTAS, text_len);
  run_scenario ("As fast as loopback allows", fast, store, text_len, runs);
  title = g_strdup_printf ("Paced over %u s (%u pieces)", seconds, pieces);
  run_scenario (title, paced, store, text_len, runs);

  kill (fast_pid, SIGTERM);
  kill (paced_pid, SIGTERM);
  g_spawn_close_pid (fast_pid);
  g_spawn_close_pid (paced_pid);
  g_clear_object (&store);
  remove_files (tmp);
  return EXIT_SUCCESS;
}
