/* test-cli-markdown.c — `parlance-cli chat` and `chats show` with Markdown: rendered on a
 * terminal and with --render, exactly as it came with --raw and into a pipe.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer itself has its golden outputs in test-cli-render.c; here the CLI is run against
 * the fake provider, and what it prints is compared with the renderer's output for the whole
 * reply at once.
 */

#include "config.h"

#include <string.h>

#include "parlance-cli-render-private.h"
#include "parlance-test-cli-store.h"

#define REPLY "# Title\n\nSome **bold** and *italic* text with a [link](https://example.com).\n\n" \
              "- one\n- two\n  - nested\n\n```python\nprint(\"a line of code far longer than forty columns, to be cut\")\n```\n\n" \
              "| a | b |\n|---|--:|\n| x | 1 |\n\n> quoted\n\nThe end."
/* Escape sequences of the model's in every kind of block. */
#define HOSTILE_REPLY "Text \033]0;pwned\007here \033[2Jcleared\n\n# Head \033[31mred\n\n" \
                      "[x](https://e.example/\033]52;c;cGFzdGU=\007)\n\n```\033[31m\ncode \033[2J\n```\n\n" \
                      "| a \033[5m |\n|---|\n| \033]0;t\007 |\n"

/* Only our SGR sequences, and no control characters but newline (and a terminal's CR LF). */
static void
assert_only_our_sequences (const char *text)
{
  g_autoptr(GRegex) sgr = g_regex_new ("\033\\[[0-9;]*m", 0, 0, NULL);
  g_autofree char *plain = g_regex_replace_literal (sgr, text, -1, 0, "", 0, NULL);

  for (const char *p = plain; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\r')
      g_error ("control character 0x%02x at %zu in:\n%s", (guchar) *p, (gsize) (p - plain), plain);
  g_assert_null (strstr (plain, "\302\233"));
  g_assert_null (strstr (plain, "\302\235"));
}

/* What a terminal shows: our SGR sequences (and the CLI's dimming of reasoning) taken out. */
static char *
dup_plain (const char *text)
{
  g_autoptr(GRegex) sgr = g_regex_new ("\033\\[[0-9;]*m", 0, 0, NULL);

  return g_regex_replace_literal (sgr, text, -1, 0, "", 0, NULL);
}

static FakeResponse *
queue_chunked (StoreFixture *f,
               const char   *text)
{
  FakeResponse *response = queue_text_reply (f, text, NULL);

  /* Random network reads: blocks settle in the middle of a read, or across several. */
  fake_response_set_random_chunks (response, 7, 23);
  return response;
}

static char *
render (const char *text,
        guint       width,
        gboolean    terminal)
{
  return _parlance_cli_render_text (text, strlen (text), width, terminal, 0);
}

static void
test_raw_exact (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(FakeResponse) first = queue_chunked (f, HOSTILE_REPLY);
  g_autoptr(FakeResponse) second = queue_chunked (f, REPLY);
  g_autoptr(FakeResponse) third = queue_chunked (f, REPLY);
  g_autoptr(Run) run = NULL;

  /* Into a pipe, by default and with --raw: the bytes as they came, escapes and all. */
  run = store_run (f, ARGS ("chat", "--raw", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, HOSTILE_REPLY);
  g_clear_pointer (&run, run_free);
  run = store_run (f, ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, REPLY);
  g_clear_pointer (&run, run_free);

  /* On a terminal, --raw is today's output: the text filtered, Markdown as it is. */
  run = run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chat", "--raw", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, REPLY "\n");
}

static void
test_render_pipe (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(FakeResponse) first = queue_chunked (f, REPLY);
  g_autoptr(FakeResponse) second = queue_chunked (f, REPLY);
  g_autoptr(FakeResponse) third = queue_chunked (f, HOSTILE_REPLY);
  g_autofree char *expected = render (REPLY, 40, FALSE);
  g_autofree char *expected_80 = render (REPLY, 80, FALSE);
  g_autoptr(Run) run = NULL;

  /* Streamed block by block in random reads: the same as the whole reply rendered at once,
   * at the width of $COLUMNS, long code lines kept whole in a pipe. */
  run = run_cli (f->cli.url, ARGS (f->env[0], "COLUMNS=40"), NULL, ARGS ("chat", "--render", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, expected);
  assert_contains (run->out->str, "\033[0;1mbold\033[0m");
  assert_contains (run->out->str, "(https://example.com)");
  assert_contains (run->out->str, "to be cut\")");
  g_clear_pointer (&run, run_free);

  /* No COLUMNS, no terminal: 80. */
  run = run_cli (f->cli.url, ARGS (f->env[0], "COLUMNS="), NULL, ARGS ("chat", "--render", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, expected_80);
  g_clear_pointer (&run, run_free);

  /* The model's escapes never get through, rendered either. */
  run = run_cli (f->cli.url, ARGS (f->env[0]), NULL, ARGS ("chat", "--render", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  assert_only_our_sequences (run->out->str);
  g_assert_null (strstr (run->out->str, "pwned"));
  g_assert_null (strstr (run->out->str, "cGFzdGU="));
  assert_contains (run->out->str, "cleared");
}

static void
test_terminal_default (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(FakeResponse) first = queue_chunked (f, REPLY);
  g_autoptr(FakeResponse) second = queue_chunked (f, HOSTILE_REPLY);
  g_autofree char *expected = render (REPLY, 40, TRUE);
  g_autoptr(Run) run = NULL;

  /* Rendered on a terminal without asking; long code lines cut with an ellipsis. */
  run = run_cli_terminal (f->cli.url, ARGS (f->env[0], "COLUMNS=40"), ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, expected);
  assert_contains (run->out->str, "…");
  g_clear_pointer (&run, run_free);

  run = run_cli_terminal (f->cli.url, ARGS (f->env[0], "COLUMNS=40"), ARGS ("chat", "hi"));
  g_assert_cmpint (run->status, ==, 0);
  assert_only_our_sequences (run->out->str);
  g_assert_null (strstr (run->out->str, "pwned"));
}

/* Reasoning comes first, on standard error, dim under a label; the answer is rendered. */
static void
test_reasoning (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "chat-reasoning.200.sse", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeResponse) response = fake_response_new_from_file (200, path, &error);
  g_autoptr(Run) run = NULL;
  g_autofree char *id = NULL;
  const char *label;

  g_assert_no_error (error);
  fake_response_set_random_chunks (response, 3, 17);
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);
  run = run_cli_terminal (f->cli.url, (const char * const *) f->env, ARGS ("chat", "What is 2+2?"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out->str, ==, "2 + 2 = \033[0;1m4\033[0m.\n");
  assert_only_our_sequences (run->err->str);
  assert_contains (run->err->str, "\033[0;1;2mReasoning\033[0m\n\033[2mThe user");
  {
    g_autofree char *plain = dup_plain (run->err->str);

    assert_contains (plain, "Reasoning\nThe user asks for 2+2.");
  }
  id = g_strdup_printf ("%" G_GINT64_FORMAT, saved_id (run));
  g_clear_pointer (&run, run_free);

  /* chats show: the reasoning stored with the message, dim under the label, then the answer. */
  run = run_cli (f->cli.url, ARGS (f->env[0], "COLUMNS=60"), NULL, ARGS ("chats", "show", id, "--render"));
  g_assert_cmpint (run->status, ==, 0);
  label = strstr (run->out->str, "Reasoning");
  g_assert_nonnull (label);
  assert_contains (label, "\033[0;2mThe user asks for 2+2.");
  assert_contains (label, "2 + 2 = \033[0;1m4\033[0m.\n");
  g_clear_pointer (&run, run_free);

  /* Without --render, into a pipe: the text as stored, no reasoning (as before). */
  run = run_cli (f->cli.url, ARGS (f->env[0]), NULL, ARGS ("chats", "show", id));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "\n2 + 2 = **4**.\n");
  g_assert_null (strstr (run->out->str, "Reasoning"));
  g_assert_null (strchr (run->out->str, '\033'));
}

static void
test_chats_show (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(FakeResponse) response = queue_chunked (f, REPLY);
  g_autofree char *expected = render (REPLY, 50, FALSE);
  g_autofree char *expected_terminal = render (REPLY, 50, TRUE);
  g_autofree char *id = NULL;
  g_autoptr(Run) run = NULL;

  run = store_run (f, ARGS ("chat", "Show me **Markdown**"));
  g_assert_cmpint (run->status, ==, 0);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, saved_id (run));
  g_clear_pointer (&run, run_free);

  run = run_cli (f->cli.url, ARGS (f->env[0], "COLUMNS=50"), NULL, ARGS ("chats", "show", id, "--render"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, expected);
  /* The user's message is Markdown too. */
  assert_contains (run->out->str, "Show me \033[0;1mMarkdown\033[0m\n");
  g_clear_pointer (&run, run_free);

  run = run_cli_terminal (f->cli.url, ARGS (f->env[0], "COLUMNS=50"), ARGS ("chats", "show", id));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, expected_terminal);
  g_clear_pointer (&run, run_free);

  run = run_cli_terminal (f->cli.url, ARGS (f->env[0], "COLUMNS=50"), ARGS ("chats", "show", id, "--raw"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, REPLY "\n");
  g_clear_pointer (&run, run_free);

  run = run_cli (f->cli.url, ARGS (f->env[0]), NULL, ARGS ("chats", "show", id, "--raw", "--render"));
  g_assert_cmpint (run->status, ==, 2);
}

/* A reply of one event per word of @text that stalls (the connection stays open) after
 * @events of them. */
static void
queue_stalled (StoreFixture *f,
               const char   *text,
               guint         events)
{
  g_autofree char *sse = sse_for_text (text, NULL);
  g_autoptr(FakeResponse) response = fake_response_new (200);
  const char *stall = sse;

  for (guint i = 0; i < events; i++)
    stall = strstr (stall + 1, "data:");
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, sse);
  fake_response_set_stall_after (response, stall - sse);
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);
}

/* A block is printed as soon as it settles, not at the end: the stream stalls after the
 * third paragraph began, and the first is already out (the test stops the CLI when output
 * comes, which would never happen if nothing came before the end). */
static void
test_block_by_block (StoreFixture  *f,
                     gconstpointer  data)
{
  const char *text = "First paragraph, settled.\n\nSecond paragraph.\n\nThird, still open when the stream stalls";
  g_autofree char *expected = render ("First paragraph, settled.\n\nSecond paragraph.\n\nThird,", 80, FALSE);
  g_autoptr(Run) run = NULL;

  /* The events: "First", " paragraph,", " settled.\n\nSecond", " paragraph.\n\nThird,", " still"…
   * The first paragraph is settled once the third began. */
  queue_stalled (f, text, 4);
  run = run_cli_full (f->cli.url, ARGS (f->env[0], "COLUMNS=80"), NULL, TRUE, ARGS ("chat", "--render", "hi"));
  g_assert_true (run->interrupted);
  g_assert_cmpint (run->status, ==, 130);
  /* Stopped: the rest, open as it was, is printed too. */
  g_assert_cmpstr (run->out->str, ==, expected);
  assert_contains (run->err->str, "Stopped");
}

/* A block is printed as soon as it can't change, even before the document settles it (which
 * waits for the next block's first line to end): the stream stalls in the first line of the
 * next block, and the block before is out already. */
static void
test_block_when_final (StoreFixture  *f,
                       gconstpointer  data)
{
  static const struct { const char *text; guint events; const char *shown; } cases[] = {
    /* A blank line ends a paragraph: events "First", " paragraph.\n\nThe", then a stall. */
    { "First paragraph.\n\nThe next one, still coming", 2, "First paragraph.\n\nThe" },
    /* A heading ends with its line; a list goes on after a paragraph without a blank line. */
    { "# Title\nSome items:\n- one\n- two", 2, "# Title\nSome" },
    /* Events "Some", " items:\n-", " one\n-": the paragraph is out once "- one" ended. */
    { "Some items:\n- one\n- two", 3, "Some items:\n- one\n-" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *expected = render (cases[c].shown, 80, FALSE);
      g_autoptr(Run) run = NULL;

      queue_stalled (f, cases[c].text, cases[c].events);
      run = run_cli_full (f->cli.url, ARGS (f->env[0], "COLUMNS=80"), NULL, TRUE, ARGS ("chat", "--render", "hi"));
      g_assert_true (run->interrupted);
      g_assert_cmpint (run->status, ==, 130);
      g_assert_cmpstr (run->out->str, ==, expected);
    }
}

static void
test_help (StoreFixture  *f,
           gconstpointer  data)
{
  g_autoptr(Run) run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--help"));

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--raw");
  assert_contains (run->out->str, "--render");
  assert_contains (run->out->str, "less -R");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("chats", "show", "--help"));
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out->str, "--raw");
  assert_contains (run->out->str, "--render");
  g_clear_pointer (&run, run_free);

  run = run_cli (NULL, NULL, NULL, ARGS ("chat", "--raw", "--render", "hi"));
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err->str, "--raw");
}

int
main (int    argc,
      char **argv)
{
  int status;

  parlance_test_cli_init (&argc, &argv);

  add_store_test ("/parlance/cli/markdown/raw-exact", test_raw_exact);
  add_store_test ("/parlance/cli/markdown/render-pipe", test_render_pipe);
  add_store_test ("/parlance/cli/markdown/terminal-default", test_terminal_default);
  add_store_test ("/parlance/cli/markdown/reasoning", test_reasoning);
  add_store_test ("/parlance/cli/markdown/block-when-final", test_block_when_final);
  add_store_test ("/parlance/cli/markdown/chats-show", test_chats_show);
  add_store_test ("/parlance/cli/markdown/block-by-block", test_block_by_block);
  add_store_test ("/parlance/cli/markdown/help", test_help);

  status = g_test_run ();

  parlance_test_cli_clear ();
  return status;
}
