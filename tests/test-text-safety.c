/* test-text-safety.c — the terminal filter and the key redaction applied to text from servers.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "parlance-redact.h"
#include "parlance-terminal-filter.h"
#include "parlance-test-utils.h"

/* Filters @input cut into pieces of @piece bytes (0: whole). */
static char *
filter_in_pieces (const char *input,
                  gsize       length,
                  gsize       piece)
{
  g_autoptr(ParlanceTerminalFilter) filter = parlance_terminal_filter_new ();
  GString *out = g_string_new (NULL);

  if (piece == 0)
    piece = MAX (length, 1);
  for (gsize i = 0; i < length; i += piece)
    parlance_terminal_filter_feed (filter, input + i, MIN (piece, length - i), out);
  parlance_terminal_filter_finish (filter, out);

  return g_string_free (out, FALSE);
}

/* The same output whatever the cut, and no byte a terminal would act on. */
static void
assert_filters_to (const char *input,
                   gsize       length,
                   const char *expected)
{
  for (gsize piece = 0; piece <= length; piece++)
    {
      g_autofree char *out = filter_in_pieces (input, length, piece);

      g_assert_cmpstr (out, ==, expected);
      g_assert_true (g_utf8_validate (out, -1, NULL));
      for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert_true (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)));
        }
    }
}

#define ASSERT_FILTERS_TO(input, expected) \
  assert_filters_to ((input), sizeof (input) - 1, (expected))

static void
test_terminal_plain_text_passes (void)
{
  ASSERT_FILTERS_TO ("Hello, world!\n\tIndented — ünïcödé 😀 [1;2]", "Hello, world!\n\tIndented — ünïcödé 😀 [1;2]");
  ASSERT_FILTERS_TO ("", "");
}

static void
test_terminal_osc_title_and_clipboard (void)
{
  ASSERT_FILTERS_TO ("a\033]0;pwned\007b", "ab");
  ASSERT_FILTERS_TO ("a\033]52;c;cm0gLXJmIH4=\007b", "ab");
  ASSERT_FILTERS_TO ("a\033]8;;http://evil\033\\link\033]8;;\033\\b", "alinkb");
  /* A stray ESC ] stops hiding at the end of the line. */
  ASSERT_FILTERS_TO ("a\033]no end\nnext line", "a\nnext line");
}

static void
test_terminal_csi_and_esc (void)
{
  ASSERT_FILTERS_TO ("\033[2J\033[Hclear\033[1;31mred\033[0m", "clearred");
  ASSERT_FILTERS_TO ("\033[?1049h\033(Bx\033cy\033\033[2Jz", "xyz");
  ASSERT_FILTERS_TO ("\033Pq#0;2;0;0;0\033\\after", "after");
  /* An ESC before a character that starts no sequence: the character stays. */
  ASSERT_FILTERS_TO ("a\033\n", "a\n");
}

static void
test_terminal_c1_as_utf8 (void)
{
  /* U+009B (CSI), U+009D (OSC) … U+009C (ST), U+0085 (NEL) as UTF-8 */
  ASSERT_FILTERS_TO ("a\302\2332Jb\302\2350;pwned\302\234c\302\205d", "abc\357\277\275d");
}

static void
test_terminal_controls_made_visible (void)
{
  ASSERT_FILTERS_TO ("bell\007 cr\r bs\b del\177 nul", "bell␇ cr␍ bs␈ del␡ nul");
  ASSERT_FILTERS_TO ("x\000y", "x␀y");
  /* Windows line ends pass as newlines; a carriage return elsewhere, even last, is shown. */
  ASSERT_FILTERS_TO ("a\r\nb\r\n", "a\nb\n");
  ASSERT_FILTERS_TO ("a\r\rb\r", "a␍␍b␍");
  ASSERT_FILTERS_TO ("a\r\033[2Jb", "a␍b");
}

static void
test_terminal_invalid_utf8 (void)
{
  /* A lone continuation byte, a raw C1 byte, a cut character, an overlong form, and a character
   * cut at the very end. */
  ASSERT_FILTERS_TO ("a\200b\233[2Jc\303d\340\200\200e\360\237\230", "a\357\277\275b\357\277\275[2Jc\357\277\275d\357\277\275e\357\277\275");
}

static void
test_terminal_split_sequences (void)
{
  g_autoptr(ParlanceTerminalFilter) filter = parlance_terminal_filter_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  /* Two deltas as a stream would bring them. */
  parlance_terminal_filter_feed (filter, "Hi \033]0;pw", 9, out);
  g_assert_cmpstr (out->str, ==, "Hi ");
  parlance_terminal_filter_feed (filter, "ned\007 there \302", 12, out);
  g_assert_cmpstr (out->str, ==, "Hi  there ");
  parlance_terminal_filter_feed (filter, "\2330J\360\237", 5, out);
  parlance_terminal_filter_feed (filter, "\230\200!", 3, out);
  parlance_terminal_filter_finish (filter, out);
  g_assert_cmpstr (out->str, ==, "Hi  there 😀!");
}

static void
test_terminal_endless_sequence_ends (void)
{
  g_autoptr(GString) input = g_string_new ("\033]0;");
  g_autofree char *out = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (input, 'x');
  out = filter_in_pieces (input->str, input->len, 0);
  /* Past the limit the text shows again (and nothing of the sequence reaches the terminal). */
  g_assert_cmpuint (strlen (out), >, 5000);
  g_assert_null (strchr (out, '\033'));
}

static void
test_terminal_sanitize (void)
{
  g_autofree char *safe = parlance_terminal_sanitize ("Provider said: \033]52;c;aGk=\007no\033[2J");

  g_assert_cmpstr (safe, ==, "Provider said: no");
  g_assert_null (parlance_terminal_sanitize (NULL));
}

static void
test_terminal_escape_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *json = "{\"a\":\"x\302\233" "2Jy\177z\302\200\302\237\302\240é👋\"}";
  g_autofree char *escaped = parlance_terminal_escape_json (json);

  g_assert_cmpstr (escaped, ==, "{\"a\":\"x\\u009b2Jy\\u007fz\\u0080\\u009f\302\240é👋\"}");
  /* The same value. */
  g_assert_true (json_parser_load_from_data (parser, escaped, -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "a"),
                   ==, "x\302\233" "2Jy\177z\302\200\302\237\302\240é👋");
  g_assert_null (parlance_terminal_escape_json (NULL));
}

static void
assert_redacts (const char *text,
                const char *key,
                const char *expected)
{
  g_autofree char *redacted = parlance_redact_secrets (text, key);

  g_assert_cmpstr (redacted, ==, expected);
}

static void
test_redact_more_secrets (void)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *redacted = NULL;

  g_ptr_array_add (values, (gpointer) "abc123xyz");
  g_ptr_array_add (values, (gpointer) "a-much-longer-header-secret");
  redacted = parlance_redact_secrets_with ("Bad abc123xyz, a-much-longer-header-secret!, "
                                           "my-key-value, xabc123xyz", "my-key-value", values);
  g_assert_cmpstr (redacted, ==, "Bad [key], [key]!, [key], xabc123xyz");
  g_assert_null (parlance_redact_secrets_with (NULL, NULL, values));
}

static void
test_redact_exact_key (void)
{
  assert_redacts ("Invalid key: my-own-long-secret-value!", "my-own-long-secret-value",
                  "Invalid key: [key]!");
  assert_redacts ("keyprefixmy-own-long-secret-valuesuffix", "my-own-long-secret-value",
                  "keyprefix[key]suffix");
  assert_redacts ("nothing here", "my-own-long-secret-value", "nothing here");
  assert_redacts ("no key given", NULL, "no key given");
  g_assert_null (parlance_redact_secrets (NULL, "x"));
}

static void
test_redact_short_key_only_as_a_word (void)
{
  /* #10 item 17: a key "x" made "https://e[key]ample.com" */
  assert_redacts ("See https://example.com for x.", "x", "See https://example.com for [key].");
  assert_redacts ("Key abc refused; abcdef is fine", "abc", "Key [key] refused; abcdef is fine");
}

/* A made-up key of @len characters after @prefix, built here so that the source holds nothing a
 * secret scanner would take for a real key. */
static char *
fake_key (const char *prefix,
          const char *alphabet,
          gsize       len)
{
  GString *key = g_string_new (prefix);

  for (gsize i = 0; i < len; i++)
    g_string_append_c (key, alphabet[(i * 7 + 3) % strlen (alphabet)]);
  return g_string_free (key, FALSE);
}

static void
test_redact_what_looks_like_a_key (void)
{
  g_autofree char *openrouter = fake_key ("sk-or-v1-", "0123456789abcdef", 64);
  g_autofree char *project = fake_key ("sk-proj-", "AbCdEfGhIjKlMnOpQrSt", 20);
  g_autofree char *google = fake_key ("AIza", "SyA1234567890abcdefghijklmnopqrstu", 35);
  g_autofree char *text1 = g_strdup_printf ("Bad key %s.", openrouter);
  g_autofree char *text2 = g_strdup_printf ("Key %s was revoked", project);
  g_autofree char *text3 = g_strdup_printf ("key=%s&x=1", google);

  assert_redacts (text1, NULL, "Bad key [key].");
  assert_redacts (text2, NULL, "Key [key] was revoked");
  assert_redacts (text3, NULL, "key=[key]&x=1");
  assert_redacts ("Authorization: Bearer 4f9c2a7e8b1d3f5a6c0e9b2d4f6a8c1e3b5d7f9a", NULL,
                  "Authorization: Bearer [key]");
  /* Words, model ids, URLs and short numbers stay. */
  assert_redacts ("No endpoints found for deepseek/deepseek-r1-distill-llama-70b:free at "
                  "https://openrouter.ai/api/v1 (request 1234, sk-short).", NULL,
                  "No endpoints found for deepseek/deepseek-r1-distill-llama-70b:free at "
                  "https://openrouter.ai/api/v1 (request 1234, sk-short).");
}

/* Nothing reorders the text on a terminal: overrides, embeddings, isolates and marks go. */
static void
test_terminal_bidi_neutralised (void)
{
  ASSERT_FILTERS_TO ("RLO \342\200\256RLO\342\200\254 end", "RLO RLO end");
  ASSERT_FILTERS_TO ("a\342\200\252b\342\200\253c\342\200\255d", "abcd");
  ASSERT_FILTERS_TO ("\342\201\246x\342\201\247y\342\201\250z\342\201\251", "xyz");
  ASSERT_FILTERS_TO ("l\342\200\216r\342\200\217m\330\234", "lrm");
  /* Letters of right-to-left scripts stay. */
  ASSERT_FILTERS_TO ("שלום مرحبا", "שלום مرحبا");
  {
    g_autofree char *safe = parlance_terminal_sanitize ("file\342\200\256txt.exe");

    g_assert_cmpstr (safe, ==, "filetxt.exe");
  }
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/terminal-filter/plain-text-passes", test_terminal_plain_text_passes);
  g_test_add_func ("/parlance/terminal-filter/osc-title-and-clipboard", test_terminal_osc_title_and_clipboard);
  g_test_add_func ("/parlance/terminal-filter/csi-and-esc", test_terminal_csi_and_esc);
  g_test_add_func ("/parlance/terminal-filter/c1-as-utf8", test_terminal_c1_as_utf8);
  g_test_add_func ("/parlance/terminal-filter/controls-made-visible", test_terminal_controls_made_visible);
  g_test_add_func ("/parlance/terminal-filter/invalid-utf8", test_terminal_invalid_utf8);
  g_test_add_func ("/parlance/terminal-filter/split-sequences", test_terminal_split_sequences);
  g_test_add_func ("/parlance/terminal-filter/endless-sequence-ends", test_terminal_endless_sequence_ends);
  g_test_add_func ("/parlance/terminal-filter/sanitize", test_terminal_sanitize);
  g_test_add_func ("/parlance/terminal-filter/escape-json", test_terminal_escape_json);
  g_test_add_func ("/parlance/terminal-filter/bidi-neutralised", test_terminal_bidi_neutralised);
  g_test_add_func ("/parlance/redact/exact-key", test_redact_exact_key);
  g_test_add_func ("/parlance/redact/more-secrets", test_redact_more_secrets);
  g_test_add_func ("/parlance/redact/short-key-only-as-a-word", test_redact_short_key_only_as_a_word);
  g_test_add_func ("/parlance/redact/what-looks-like-a-key", test_redact_what_looks_like_a_key);

  return g_test_run ();
}
