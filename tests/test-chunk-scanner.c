/* test-chunk-scanner.c — the fast path reads chunks exactly as json-glib does, or declines.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "chunk-agreement.h"
#include "parlance-chunk-scanner.h"
#include "parlance-sse-parser.h"
#include "parlance-test-utils.h"

static void
assert_agree (const char *data,
              gsize       len,
              gboolean   *fast)
{
  g_autofree char *why = NULL;

  if (!chunk_agreement_check (data, len, fast, &why))
    g_error ("disagreement on “%.*s”: %s", (int) MIN (len, 300), data, why);
}

static void
assert_agree_after (const char *previous,
                    const char *data,
                    gsize       len,
                    gboolean   *templated)
{
  g_autofree char *why = NULL;
  gboolean fast;

  if (!chunk_agreement_check_after (previous, strlen (previous), data, len, &fast, templated, &why))
    g_error ("disagreement on “%.*s” after “%s”: %s", (int) MIN (len, 300), data, previous, why);
}

static void
collect (const ParlanceSseEvent *event,
         gpointer                user_data)
{
  if (event->data_len != 6 || memcmp (event->data, "[DONE]", 6) != 0)
    g_ptr_array_add (user_data, g_strndup (event->data, event->data_len));
}

static GPtrArray *
fixture_chunks (void)
{
  g_autofree char *dir_path = parlance_test_build_path ("fixtures", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *chunks = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(ParlanceSseParser) parser = parlance_sse_parser_new ();
      g_autoptr(GBytes) bytes = NULL;

      if (!g_str_has_suffix (name, ".sse"))
        continue;
      bytes = parlance_test_load_fixture (name);
      parlance_sse_parser_feed (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                collect, chunks, NULL);
      parlance_sse_parser_finish (parser, collect, chunks, NULL);
    }
  g_assert_cmpuint (chunks->len, >, 20);
  return chunks;
}

static void
test_fixtures_agree (void)
{
  g_autoptr(GPtrArray) chunks = fixture_chunks ();
  guint n_fast = 0;

  for (guint i = 0; i < chunks->len; i++)
    {
      const char *chunk = chunks->pdata[i];
      gboolean fast;

      assert_agree (chunk, strlen (chunk), &fast);
      n_fast += fast;
    }

  /* The point of it: most chunks take the fast path. */
  g_test_message ("%u of %u fixture chunks took the fast path", n_fast, chunks->len);
  g_assert_cmpuint (n_fast * 2, >, chunks->len);
}

/* A stream read chunk after chunk: most are read by their text alone, and all agree. */
static void
test_stream_templated (void)
{
  g_autoptr(GPtrArray) chunks = fixture_chunks ();
  guint n_templated = 0;

  for (guint i = 1; i < chunks->len; i++)
    {
      const char *chunk = chunks->pdata[i];
      gboolean templated;

      assert_agree_after (chunks->pdata[i - 1], chunk, strlen (chunk), &templated);
      n_templated += templated;
    }
  g_test_message ("%u of %u fixture chunks were read by their text alone", n_templated, chunks->len - 1);
  g_assert_cmpuint (n_templated * 4, >, chunks->len);
}

static void
test_template_text_only (void)
{
  const char *first = "{\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}";
  const char *second = "{\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\\"x\\\"\"},\"finish_reason\":null}]}";
  /* The same bytes around a text that runs into them: not a string that ends where they begin. */
  const char *sneaky = "{\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\\"},\"finish_reason\":null}]}";
  const char *usage = "{\"id\":\"h\",\"choices\":[],\"usage\":{\"total_tokens\":3}}";
  ParlanceChunkTemplate template_ = { 0 };
  ParlanceChunkScan scan;

  g_assert_true (parlance_chunk_scan_templated (first, strlen (first), &template_, &scan));
  g_assert_false (scan.same_origin);
  g_assert_cmpstr (scan.id, ==, "g");
  g_assert_cmpstr (scan.content, ==, "Hel");
  parlance_chunk_scan_clear (&scan);

  g_assert_true (parlance_chunk_scan_templated (second, strlen (second), &template_, &scan));
  g_assert_true (scan.same_origin);
  g_assert_null (scan.id);
  g_assert_cmpstr (scan.content, ==, "lo \"x\"");
  parlance_chunk_scan_clear (&scan);

  g_assert_false (parlance_chunk_scan_templated (sneaky, strlen (sneaky), &template_, &scan));

  /* After a chunk json-glib had to read, nothing stands "as before": the next is read whole. */
  g_assert_true (parlance_chunk_scan_templated (first, strlen (first), &template_, &scan));
  parlance_chunk_scan_clear (&scan);
  g_assert_false (parlance_chunk_scan_templated (usage, strlen (usage), &template_, &scan));
  g_assert_true (parlance_chunk_scan_templated (second, strlen (second), &template_, &scan));
  g_assert_false (scan.same_origin);
  g_assert_cmpstr (scan.id, ==, "g");
  parlance_chunk_scan_clear (&scan);
  parlance_chunk_template_clear (&template_);
}

static void
test_plain_chunk (void)
{
  const char *chunk =
    "{\"id\":\"gen-1\",\"provider\":\"P\",\"model\":\"m\",\"object\":\"chat.completion.chunk\","
    "\"created\":1764000000,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
    "\"content\":\"caf\\u00e9 \\ud83d\\udc4b \\\"q\\\" \\n\",\"reasoning\":null,\"reasoning_details\":[]},"
    "\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}";
  ParlanceChunkScan scan;

  g_assert_true (parlance_chunk_scan (chunk, strlen (chunk), &scan));
  g_assert_cmpstr (scan.id, ==, "gen-1");
  g_assert_cmpstr (scan.provider, ==, "P");
  g_assert_cmpstr (scan.model, ==, "m");
  g_assert_cmpstr (scan.content, ==, "café 👋 \"q\" \n");
  g_assert_null (scan.reasoning);
  g_assert_null (scan.finish_reason);
  parlance_chunk_scan_clear (&scan);
}

static void
test_declines (void)
{
  const char *declined[] = {
    "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":{\"total_tokens\":3}}",
    "{\"error\":{\"code\":400,\"message\":\"no\"}}",
    "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}",
    "{\"choices\":[{\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\"}]}}]}",
    "{\"choices\":[{\"message\":{\"content\":\"whole\"}}]}",
    "{\"choices\":[{\"delta\":{}},{\"delta\":{}}]}",
    "{\"id\":\"a\",\"id\":\"b\"}",
    "{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
    "{\"choices\":[{\"delta\":{\"content\":\"\\u0000\"}}]}",
    "{\"choices\":[{\"delta\":{\"content\":\"\\ud800\"}}]}",
    "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} trailing",
    "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],}",
    "[{\"error\":{}}]",
    "{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}",
    "{\"choices\":[{\"delta\":{\"content\":\"raw\ttab\"}}]}",
    "{\"x\":01}",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (declined); i++)
    {
      ParlanceChunkScan scan;

      if (parlance_chunk_scan (declined[i], strlen (declined[i]), &scan))
        g_error ("the fast path took “%s”", declined[i]);
    }
}

/* Mutations of real chunks: flipped, dropped, duplicated and inserted bytes. */
static void
test_mutations_agree (void)
{
  g_autoptr(GPtrArray) chunks = fixture_chunks ();
  static const char alphabet[] = "{}[]\":,\\u0123456789abcdefnulltrue -+.eE\n\t\xc3\xa9";
  GRand *rand = g_rand_new_with_seed (20261125);
  guint iterations = g_test_thorough () ? 2000000 : 200000;
  guint n_fast = 0, n_templated = 0;

  for (guint i = 0; i < iterations; i++)
    {
      const char *source = chunks->pdata[g_rand_int_range (rand, 0, (gint32) chunks->len)];
      g_autoptr(GString) s = g_string_new (source);
      guint n_edits = (guint) g_rand_int_range (rand, 1, 4);
      gboolean fast, templated;

      for (guint e = 0; e < n_edits && s->len > 0; e++)
        {
          gsize pos = (gsize) g_rand_int_range (rand, 0, (gint32) s->len);
          char ch = alphabet[g_rand_int_range (rand, 0, (gint32) sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: s->str[pos] = ch; break;
            case 1: g_string_erase (s, (gssize) pos, 1); break;
            case 2: g_string_insert_c (s, (gssize) pos, ch); break;
            default: g_string_insert_len (s, (gssize) pos, s->str + pos, (gssize) MIN (s->len - pos, 8)); break;
            }
        }

      assert_agree (s->str, s->len, &fast);
      n_fast += fast;
      /* And read after the chunk it was made from: the bytes around the text may be the same. */
      assert_agree_after (source, s->str, s->len, &templated);
      n_templated += templated;
    }

  g_test_message ("%u of %u mutated chunks still took the fast path, %u by their text alone; all agreed",
                  n_fast, iterations, n_templated);
  g_assert_cmpuint (n_templated, >, 0);
  g_assert_cmpuint (n_fast, >, 0);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/chunk-scanner/plain-chunk", test_plain_chunk);
  g_test_add_func ("/parlance/chunk-scanner/declines", test_declines);
  g_test_add_func ("/parlance/chunk-scanner/fixtures-agree", test_fixtures_agree);
  g_test_add_func ("/parlance/chunk-scanner/mutations-agree", test_mutations_agree);
  g_test_add_func ("/parlance/chunk-scanner/stream-templated", test_stream_templated);
  g_test_add_func ("/parlance/chunk-scanner/template-text-only", test_template_text_only);

  return g_test_run ();
}
