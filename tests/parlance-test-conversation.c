/* parlance-test-conversation.c — long replies and long conversations for the scrolling tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-message.h"
#include "parlance-test-conversation.h"

static const char *words[] = {
  "scrolling", "the", "conversation", "view", "keeps", "its", "end", "in", "sight", "while",
  "a", "reply", "streams", "and", "every", "message", "stays", "within", "reach", "of",
  "wheel", "keyboard", "scrollbar", "GTK", "measures", "rows", "height", "width", "paragraph",
};

static void
append_sentence (GString *s,
                 GRand   *rand,
                 guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i == 0)
        {
          g_string_append_c (s, g_ascii_toupper (word[0]));
          g_string_append (s, word + 1);
        }
      else
        {
          g_string_append_c (s, ' ');
          g_string_append (s, word);
        }
    }
  g_string_append (s, ". ");
}

/**
 * parlance_test_long_markdown:
 * @size: about how many bytes
 *
 * Returns: (transfer full): a Markdown reply as a model writes one: headings, paragraphs, lists
 *   and code, about @size bytes long, the same for the same @seed
 */
char *
parlance_test_long_markdown (guint seed,
                             gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *s = g_string_new (NULL);
  guint section = 0;

  while (s->len < size)
    {
      g_string_append_printf (s, "## Section %u\n\n", ++section);
      for (guint p = g_rand_int_range (rand, 2, 5); p > 0; p--)
        {
          for (guint n = g_rand_int_range (rand, 2, 7); n > 0; n--)
            append_sentence (s, rand, g_rand_int_range (rand, 5, 18));
          g_string_append (s, "\n\n");
        }
      for (guint i = g_rand_int_range (rand, 0, 4); i > 0; i--)
        {
          g_string_append (s, "- ");
          append_sentence (s, rand, g_rand_int_range (rand, 3, 10));
          g_string_append_c (s, '\n');
        }
      g_string_append (s, "\n```c\nstatic int\nexample (int x)\n{\n  return x * 2;\n}\n```\n\n");
    }
  g_string_append (s, "The end of the reply.");
  return g_string_free (s, FALSE);
}

static void
append_json_string (GString    *s,
                    const char *text,
                    gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '"' || c == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, c);
        }
      else
        g_string_append_c (s, c);
    }
}

/**
 * parlance_test_streamed_reply:
 * @text: ASCII text
 * @piece: bytes of text per SSE event
 * @chunk_size: bytes the fake provider sends at a time
 * @delay_ms: between two sends
 *
 * Returns: (transfer full): an OpenRouter stream that says @text
 */
FakeResponse *
parlance_test_streamed_reply (const char *text,
                              gsize       piece,
                              gsize       chunk_size,
                              guint       delay_ms)
{
  FakeResponse *response = fake_response_new (200);
  GString *s = g_string_new (NULL);
  gsize len = strlen (text);
  g_autoptr(GBytes) body = NULL;

  for (gsize at = 0; at < len; at += piece)
    {
      g_string_append (s, "data: {\"id\":\"gen-scroll\",\"provider\":\"Fake\",\"model\":\"fake/long-writer\","
                          "\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"choices\":"
                          "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"");
      append_json_string (s, text + at, MIN (piece, len - at));
      g_string_append (s, "\"},\"finish_reason\":null}]}\n\n");
    }
  g_string_append (s, "data: {\"id\":\"gen-scroll\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                      "data: [DONE]\n\n");
  body = g_string_free_to_bytes (s);
  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body (response, body);
  fake_response_set_chunking (response, chunk_size, delay_ms);
  return response;
}

/**
 * parlance_test_make_conversation:
 *
 * Returns: (transfer full) (element-type ParlanceMessage): questions and replies of realistic,
 *   varied lengths, each starting with its number ("Message 1: …")
 */
GPtrArray *
parlance_test_make_conversation (guint n_messages,
                                 guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_messages; i++)
    {
      gboolean user = i % 2 == 0;
      GString *s = g_string_new (NULL);
      ParlanceMessage *message;

      g_string_append_printf (s, "Message %u: ", i + 1);
      for (guint p = user ? 1 : g_rand_int_range (rand, 1, 5); p > 0; p--)
        {
          for (guint n = g_rand_int_range (rand, 1, user ? 3 : 6); n > 0; n--)
            append_sentence (s, rand, g_rand_int_range (rand, 4, 16));
          if (p > 1)
            g_string_append (s, "\n\n");
        }
      message = parlance_message_new (user ? PARLANCE_ROLE_USER : PARLANCE_ROLE_ASSISTANT, s->str);
      if (!user)
        parlance_message_set_model (message, "fake/long-writer");
      g_ptr_array_add (items, message);
      g_string_free (s, TRUE);
    }
  return items;
}

/**
 * parlance_test_fill_conversation:
 *
 * Replaces what @messages holds by @n_messages messages in one change, as opening a saved
 * conversation does.
 */
void
parlance_test_fill_conversation (GListStore *messages,
                                 guint       n_messages)
{
  g_autoptr(GPtrArray) items = parlance_test_make_conversation (n_messages, 11);

  g_list_store_splice (messages, 0, g_list_model_get_n_items (G_LIST_MODEL (messages)),
                       items->pdata, items->len);
}
