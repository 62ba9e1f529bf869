/* bench-conversation-stream.c — a 50,000-token reply streamed into the conversation view.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake provider sends the whole reply as fast as loopback allows; the real app shows it.
 * A probe on the main loop, due every millisecond at high priority, records how late it runs:
 * the longest delay is the longest stall a user would feel (target: under 16 ms). Prints figures;
 * never fails on them.
 *
 * PARLANCE_BENCH_MARKDOWN=1 (the "conversation-stream-markdown" benchmark): a 50,000-token
 * Markdown reply (headings, lists, bold, inline code and a fenced code block every 300 tokens or
 * so) paced at PARLANCE_BENCH_RATE tokens a second (default 1,000), as a fast model sends it;
 * besides the stalls, the CPU time a token costs near the start of the reply and near its end
 * (target: flat), for the main thread and for the whole process (which also runs the fake
 * provider), and the time from a key typed into the composer to the frame that shows it, a key
 * every 100 ms while the reply streams.
 */

#define _GNU_SOURCE  /* RUSAGE_THREAD */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "fake-provider.h"
#include "parlance-code-languages.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

#define N_TOKENS 50000

static gint64 last_probe;
static GArray *gaps;
/* The same gaps in the main thread's CPU time: on a loaded machine the wall-clock gaps include
 * the time the thread waited for a core; these are what the app itself spent. */
static gint64 last_probe_cpu;
static GArray *cpu_gaps;
static gint64 worst_cpu_at;
static double worst_cpu;
static GArray *cpu_stalls;  /* when (µs) each CPU gap over 16 ms ended */
static gint64 worst_at;
static double worst;
static gint64 last_paint;
static double worst_frame;
static guint n_frames;

/* Each phase ends when the last handler of its signal has run (ours, connected after): GTK's
 * own handlers were connected before ours, so a handler at the start would time nothing. */
static gint64 phase_mark;
static double phase_max[3];

static void
phase_start (GdkFrameClock *clock,
             gpointer       user_data)
{
  phase_mark = g_get_monotonic_time ();
}

static void
phase_end (GdkFrameClock *clock,
           gpointer       user_data)
{
  int i = GPOINTER_TO_INT (user_data);
  gint64 now = g_get_monotonic_time ();
  double ms = (now - phase_mark) / 1000.0;

  if (phase_mark != 0 && ms > phase_max[i])
    phase_max[i] = ms;
  phase_mark = now;
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_paint != 0 && (now - last_paint) / 1000.0 > worst_frame)
    worst_frame = (now - last_paint) / 1000.0;
  last_paint = now;
  n_frames++;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
probe (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu_now = thread_cpu_us ();

  if (last_probe_cpu != 0)
    {
      double cpu_ms = (cpu_now - last_probe_cpu) / 1000.0;
      g_array_append_val (cpu_gaps, cpu_ms);
      if (cpu_ms > 16.0)
        g_array_append_val (cpu_stalls, now);
      if (cpu_ms > worst_cpu)
        {
          worst_cpu = cpu_ms;
          worst_cpu_at = now;
        }
    }
  last_probe_cpu = cpu_now;

  if (last_probe != 0)
    {
      double gap_ms = (now - last_probe) / 1000.0;
      g_array_append_val (gaps, gap_ms);
      if (gap_ms > worst)
        {
          worst = gap_ms;
          worst_at = now;
        }
    }
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static GBytes *
make_stream (void)
{
  GString *s = g_string_new (NULL);
  static const char *words[] = { "Parlance", " streams", " a", " long", " reply,", " token", " by", " token." };

  for (guint i = 0; i < N_TOKENS; i++)
    {
      const char *word = (i % 120 == 119) ? "\\n\\n" : words[i % G_N_ELEMENTS (words)];

      if (i % 1000 == 0)
        g_string_append (s, ": OPENROUTER PROCESSING\n\n");
      g_string_append_printf (s,
        "data: {\"id\":\"gen-bench\",\"provider\":\"Bench\",\"model\":\"bench/model\","
        "\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"choices\":[{\"index\":0,"
        "\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":null}]}\n\n", word);
    }
  g_string_append (s, "data: {\"id\":\"gen-bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                      "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":50000,\"total_tokens\":50005}}\n\n"
                      "data: [DONE]\n\n");
  return g_string_free_to_bytes (s);
}

/* A Markdown document, token by token, with a code block every 300 tokens or so. */
static const char *md_tokens[] = {
  "## Section", "\\n\\n", "The", " **streaming**", " pipeline", " reads", " `chunks`", " as", " they",
  " come,", " and", " the", " view", " shows", " *each*", " block", " once", " it", " settles.", "\\n\\n",
  "- one", " item", "\\n", "- another", " item", " with", " [a link](https://example.org)", "\\n\\n",
};
static const char *md_code[] = {
  "```c\\n", "static", " int\\n", "count", " (const", " char", " *text)\\n", "{\\n", "  int", " n", " =", " 0;\\n",
  "  while", " (*text++)\\n", "    n++;\\n", "  return", " n;\\n", "}\\n", "```\\n\\n",
};

static GBytes *
make_markdown_stream (gsize *text_len)
{
  GString *s = g_string_new (NULL);
  gsize len = 0;
  guint i = 0, in_code = 0, t = 0;

  while (i < N_TOKENS)
    {
      const char *token;

      if (in_code > 0)
        {
          token = md_code[G_N_ELEMENTS (md_code) - in_code];
          in_code--;
        }
      else if (i % 300 == 299)
        {
          in_code = G_N_ELEMENTS (md_code) - 1;
          token = md_code[0];
        }
      else
        token = md_tokens[t++ % G_N_ELEMENTS (md_tokens)];
      if (i % 1000 == 0)
        g_string_append (s, ": OPENROUTER PROCESSING\n\n");
      g_string_append_printf (s,
        "data: {\"id\":\"gen-bench\",\"provider\":\"Bench\",\"model\":\"bench/model\","
        "\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"choices\":[{\"index\":0,"
        "\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":null}]}\n\n", token);
      /* The text: "\\n" in the JSON is one byte. */
      for (const char *c = token; *c != '\0'; c++)
        if (!(c[0] == '\\' && c[1] == 'n'))
          len++;
      i++;
    }
  g_string_append (s, "data: {\"id\":\"gen-bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                      "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":50000,\"total_tokens\":50005}}\n\n"
                      "data: [DONE]\n\n");
  *text_len = len;
  return g_string_free_to_bytes (s);
}

static double
cpu_ms (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* CPU per token in two windows of the reply: [5 %, 15 %) and [85 %, 95 %) of its text. */
typedef struct
{
  ParlanceChatSession *session;
  gsize                text_len;
  double               mark[4][2];  /* thread, process CPU when the text crossed 5, 15, 85, 95 % */
  guint                next;
  gint64               started;
  gint64               typed_at;
  GArray              *typing;      /* key to frame, ms */
  GtkWidget           *text_view;
  guint                n_keys;
} Sampler;

static const double window_edges[4] = { 0.05, 0.15, 0.85, 0.95 };

static gsize
reply_length (ParlanceChatSession *session)
{
  GListModel *messages = parlance_chat_session_get_messages (session);
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(ParlanceMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  return last != NULL && parlance_message_get_role (last) == PARLANCE_ROLE_ASSISTANT
         ? parlance_message_get_content_length (last) : 0;
}

static gboolean
sample (gpointer user_data)
{
  Sampler *sampler = user_data;
  gsize len = reply_length (sampler->session);

  while (sampler->next < 4 && len >= window_edges[sampler->next] * sampler->text_len)
    {
      sampler->mark[sampler->next][0] = cpu_ms (RUSAGE_THREAD);
      sampler->mark[sampler->next][1] = cpu_ms (RUSAGE_SELF);
      sampler->next++;
    }
  return G_SOURCE_CONTINUE;
}

/* A key every 100 ms (as the text view's key binding inserts it); timed to its frame. */
static gboolean
type_key (gpointer user_data)
{
  Sampler *sampler = user_data;

  if (sampler->typed_at != 0)
    return G_SOURCE_CONTINUE;  /* the last one is not shown yet */
  sampler->typed_at = g_get_monotonic_time ();
  g_signal_emit_by_name (sampler->text_view, "insert-at-cursor", sampler->n_keys++ % 7 == 6 ? " " : "a");
  return G_SOURCE_CONTINUE;
}

static void
typed_painted (GdkFrameClock *clock,
               Sampler       *sampler)
{
  if (sampler->typed_at != 0)
    {
      double ms = (g_get_monotonic_time () - sampler->typed_at) / 1000.0;
      g_array_append_val (sampler->typing, ms);
      sampler->typed_at = 0;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FakeProvider) fake = NULL;
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(GBytes) stream = NULL;
  ParlanceApplication *app;
  ParlanceWindow *window;
  ParlanceChatSession *session;
  GtkTextView *text_view;
  GtkWidget *view;
  gint64 start, end, shown;
  double max_gap, p99, p50;
  guint n_over;
  guint probe_id, sample_id = 0, type_id = 0;
  gboolean markdown = g_strcmp0 (g_getenv ("PARLANCE_BENCH_MARKDOWN"), "1") == 0;
  guint rate = 0;
  gsize text_len = 0;
  Sampler sampler = { 0 };

  parlance_test_init (&argc, &argv);
  gtk_init ();
  g_setenv ("OPENROUTER_API_KEY", "bench-key", TRUE);

  stream = markdown ? make_markdown_stream (&text_len) : make_stream ();
  fake = fake_provider_new ();
  response = fake_response_new (200);
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body (response, stream);
  if (markdown)
    {
      /* A piece every 10 ms, of as many bytes as rate / 100 tokens take on average. */
      rate = g_getenv ("PARLANCE_BENCH_RATE") ? (guint) atoi (g_getenv ("PARLANCE_BENCH_RATE")) : 1000;
      fake_response_set_chunking (response,
                                  MAX (1, g_bytes_get_size (stream) * MAX (rate, 1) / 100 / N_TOKENS), 10);
    }
  fake_provider_queue (fake, "POST", "/chat/completions", response);
  g_setenv ("PARLANCE_OPENROUTER_BASE_URL", fake_provider_get_base_url (fake), TRUE);

  app = parlance_test_ui_start_app ();
  window = PARLANCE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  session = parlance_window_get_session (window);
  view = parlance_test_ui_find (GTK_WIDGET (window), g_type_from_name ("ParlanceConversationView"), NULL);
  parlance_test_wait_for (gtk_widget_get_mapped (view), 10000);
  text_view = GTK_TEXT_VIEW (parlance_test_ui_find (view, GTK_TYPE_TEXT_VIEW, NULL));
  /* As when a person types a first message: the app has had its idle second after starting. */
  parlance_test_wait_for (parlance_code_languages_get_warm (), 10000);

  gaps = g_array_new (FALSE, FALSE, sizeof (double));
  cpu_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  cpu_stalls = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe, NULL, NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "Write a very long answer.", -1);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

    g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
    /* update (tick callbacks), layout, paint: how long each took at worst. */
    g_signal_connect_after (clock, "before-paint", G_CALLBACK (phase_start), NULL);
    g_signal_connect_after (clock, "update", G_CALLBACK (phase_end), GINT_TO_POINTER (0));
    g_signal_connect_after (clock, "layout", G_CALLBACK (phase_end), GINT_TO_POINTER (1));
    g_signal_connect_after (clock, "paint", G_CALLBACK (phase_end), GINT_TO_POINTER (2));
  }
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (view, "conversation.send", NULL);
  if (markdown)
    {
      sampler.session = session;
      sampler.text_len = text_len;
      sampler.text_view = GTK_WIDGET (text_view);
      sampler.typing = g_array_new (FALSE, FALSE, sizeof (double));
      sample_id = g_timeout_add (5, sample, &sampler);
      g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                        G_CALLBACK (typed_painted), &sampler);
      gtk_widget_grab_focus (GTK_WIDGET (text_view));
    }
  parlance_test_wait_for (parlance_chat_session_get_busy (session), 10000);
  if (markdown)
    type_id = g_timeout_add (100, type_key, &sampler);
  parlance_test_wait_for (!parlance_chat_session_get_busy (session), 600000);
  end = g_get_monotonic_time ();
  if (type_id != 0)
    g_source_remove (type_id);

  /* The view may still be catching up with a reply that came faster than it shows text: keep
   * measuring until it has painted nothing new for half a second. */
  {
    guint frames_before;
    do
      {
        gboolean waited = FALSE;
        frames_before = n_frames;
        g_timeout_add_once (500, (GSourceOnceFunc) (void (*) (void)) set_true, &waited);
        parlance_test_wait_for (waited, 5000);
      }
    while (n_frames != frames_before && g_get_monotonic_time () - end < 120 * G_USEC_PER_SEC);
  }
  shown = g_get_monotonic_time () - 500 * 1000;
  g_source_remove (probe_id);
  if (sample_id != 0)
    {
      sample (&sampler);
      g_source_remove (sample_id);
    }

  g_array_sort (gaps, compare_doubles);
  max_gap = g_array_index (gaps, double, gaps->len - 1);
  p99 = g_array_index (gaps, double, (guint) (gaps->len * 0.99));
  p50 = g_array_index (gaps, double, gaps->len / 2);
  n_over = 0;
  for (guint i = 0; i < gaps->len; i++)
    if (g_array_index (gaps, double, i) > 16.0)
      n_over++;

  {
    GListModel *messages = parlance_chat_session_get_messages (session);
    g_autoptr(ParlanceMessage) reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

    g_print ("Reply: %s, %" G_GSIZE_FORMAT " bytes of text\n",
             parlance_message_get_status (reply) == PARLANCE_MESSAGE_COMPLETE ? "complete" : "NOT complete",
             parlance_message_get_content_length (reply));
  }
  g_print ("Conversation view, %d-token reply streamed from loopback (renderer: %s)\n",
           N_TOKENS, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  g_print ("  stream wall time      %8.0f ms (%u bytes)\n", (end - start) / 1000.0,
           (guint) g_bytes_get_size (stream));
  g_print ("  all text shown after  %8.0f ms\n", (shown - start) / 1000.0);
  g_print ("  main-loop probe gaps  median %.2f ms, p99 %.2f ms, max %.2f ms\n", p50, p99, max_gap);
  /* The clock perf's "-k CLOCK_MONOTONIC" samples carry, to find that stall's samples. */
  g_print ("  longest stall ended  %.0f ms after sending (monotonic %.6f s)\n", (worst_at - start) / 1000.0,
           worst_at / 1e6);
  g_print ("  frames painted        %u, longest time between two frames %.1f ms\n", n_frames, worst_frame);
  g_print ("  worst frame phases    update %.1f ms, layout %.1f ms, paint %.1f ms\n",
           phase_max[0], phase_max[1], phase_max[2]);
  g_print ("  gaps over 16 ms       %u of %u   (target: longest stall < 16 ms: %s)\n",
           n_over, gaps->len, max_gap < 16.0 ? "met" : "MISSED");
  {
    guint cpu_over = 0;

    g_array_sort (cpu_gaps, compare_doubles);
    for (guint i = 0; i < cpu_gaps->len; i++)
      if (g_array_index (cpu_gaps, double, i) > 16.0)
        cpu_over++;
    g_print ("  the same in main-thread CPU time  p99 %.2f ms, max %.2f ms (%.0f ms after sending), "
             "%u over 16 ms\n",
             g_array_index (cpu_gaps, double, (guint) (cpu_gaps->len * 0.99)),
             g_array_index (cpu_gaps, double, cpu_gaps->len - 1), (worst_cpu_at - start) / 1000.0, cpu_over);
    if (cpu_stalls->len > 0)
      {
        g_print ("  CPU gaps over 16 ms ended at (ms after sending)");
        for (guint i = 0; i < MIN (cpu_stalls->len, 12); i++)
          g_print (" %.0f", (g_array_index (cpu_stalls, gint64, i) - start) / 1000.0);
        g_print ("\n");
      }
  }
  if (markdown)
    {
      double tokens = (window_edges[1] - window_edges[0]) * N_TOKENS;

      g_print ("  Markdown reply        %" G_GSIZE_FORMAT " bytes of text, paced at %u tokens/s "
               "(%.0f tokens/s achieved)\n", text_len, rate, N_TOKENS / ((end - start) / 1e6));
      if (sampler.next == 4)
        {
          g_print ("  CPU per token, main thread  %.1f us at 5-15 %%, %.1f us at 85-95 %% (target: flat)\n",
                   (sampler.mark[1][0] - sampler.mark[0][0]) * 1000 / tokens,
                   (sampler.mark[3][0] - sampler.mark[2][0]) * 1000 / tokens);
          g_print ("  CPU per token, process      %.1f us at 5-15 %%, %.1f us at 85-95 %%\n",
                   (sampler.mark[1][1] - sampler.mark[0][1]) * 1000 / tokens,
                   (sampler.mark[3][1] - sampler.mark[2][1]) * 1000 / tokens);
        }
      if (sampler.typing->len > 0)
        {
          g_array_sort (sampler.typing, compare_doubles);
          g_print ("  typing while it streams  key to frame median %.1f ms, p99 %.1f, longest %.1f (%u keys)\n",
                   g_array_index (sampler.typing, double, sampler.typing->len / 2),
                   g_array_index (sampler.typing, double, (guint) (sampler.typing->len * 0.99)),
                   g_array_index (sampler.typing, double, sampler.typing->len - 1), sampler.typing->len);
        }
      g_array_unref (sampler.typing);
    }

  parlance_test_ui_stop_app (app);
  g_array_unref (gaps);
  g_array_unref (cpu_gaps);
  g_array_unref (cpu_stalls);
  return EXIT_SUCCESS;
}
