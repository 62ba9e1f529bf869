/* test-store-fields.c — ParlanceConversation, the message's stored fields, exact costs.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "parlance-conversation.h"
#include "parlance-message.h"
#include "parlance-test-utils.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_conversation_properties_notify (void)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  guint title = 0, pinned = 0, parameters = 0;

  g_signal_connect (conversation, "notify::title", G_CALLBACK (count_notify), &title);
  g_signal_connect (conversation, "notify::pinned", G_CALLBACK (count_notify), &pinned);
  g_signal_connect (conversation, "notify::parameters", G_CALLBACK (count_notify), &parameters);

  parlance_conversation_set_title (conversation, "Hello");
  parlance_conversation_set_title (conversation, "Hello");
  g_assert_cmpuint (title, ==, 1);
  parlance_conversation_set_pinned (conversation, 5);
  parlance_conversation_set_pinned (conversation, TRUE);
  g_assert_true (parlance_conversation_get_pinned (conversation));
  g_assert_cmpuint (pinned, ==, 1);

  parlance_conversation_set_temperature (conversation, TRUE, 0.5);
  parlance_conversation_set_temperature (conversation, TRUE, 0.5);
  g_assert_cmpuint (parameters, ==, 1);
  parlance_conversation_set_temperature (conversation, FALSE, 0);
  parlance_conversation_set_temperature (conversation, FALSE, 0);
  g_assert_cmpuint (parameters, ==, 2);
  parlance_conversation_set_reasoning_effort (conversation, "high");
  parlance_conversation_set_reasoning_effort (conversation, "high");
  parlance_conversation_set_reasoning_effort (conversation, NULL);
  g_assert_cmpuint (parameters, ==, 4);
}

static void
test_conversation_parameters (void)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(ParlanceConversation) copy = NULL;
  g_autofree char *json = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *deep = NULL;
  double value = 0;
  gint64 tokens = 0;

  g_assert_false (parlance_conversation_get_temperature (conversation, &value));
  g_assert_false (parlance_conversation_get_top_p (conversation, NULL));
  g_assert_false (parlance_conversation_get_max_tokens (conversation, &tokens));
  g_assert_null (parlance_conversation_get_reasoning_effort (conversation));
  json = parlance_conversation_dup_parameters_json (conversation);
  g_assert_cmpstr (json, ==, "{}");
  g_clear_pointer (&json, g_free);

  /* Unknown keys survive; integers read as numbers. */
  g_assert_true (parlance_conversation_set_parameters_json (conversation,
    "{\"temperature\":1,\"top_p\":0.25,\"max_tokens\":4096,\"reasoning_effort\":\"low\","
    "\"fallbacks\":[\"a\",\"b\"],\"routing\":{\"sort\":\"price\"}}"));
  g_assert_true (parlance_conversation_get_temperature (conversation, &value));
  g_assert_cmpfloat (value, ==, 1.0);
  g_assert_true (parlance_conversation_get_top_p (conversation, &value));
  g_assert_cmpfloat (value, ==, 0.25);
  g_assert_true (parlance_conversation_get_max_tokens (conversation, &tokens));
  g_assert_cmpint (tokens, ==, 4096);
  g_assert_cmpstr (parlance_conversation_get_reasoning_effort (conversation), ==, "low");

  parlance_conversation_set_temperature (conversation, TRUE, 0.7);
  parlance_conversation_set_max_tokens (conversation, FALSE, 0);
  json = parlance_conversation_dup_parameters_json (conversation);
  g_assert_nonnull (strstr (json, "\"fallbacks\":[\"a\",\"b\"]"));
  g_assert_nonnull (strstr (json, "\"routing\":{\"sort\":\"price\"}"));
  g_assert_null (strstr (json, "max_tokens"));

  /* The copy is deep: changing it leaves the original alone. */
  copy = parlance_conversation_copy (conversation);
  copied = parlance_conversation_dup_parameters_json (copy);
  g_assert_cmpstr (copied, ==, json);
  parlance_conversation_set_top_p (copy, FALSE, 0);
  g_assert_true (parlance_conversation_get_top_p (conversation, NULL));
  g_assert_true (parlance_conversation_get_temperature (copy, &value));
  g_assert_cmpfloat (value, ==, 0.7);

  /* Not an object, or too deep: refused, nothing changes. */
  g_assert_false (parlance_conversation_set_parameters_json (conversation, "[1]"));
  g_assert_false (parlance_conversation_set_parameters_json (conversation, "{\"a\":"));
  g_assert_false (parlance_conversation_set_parameters_json (conversation, "\"temperature\""));
  deep = g_strnfill (100000, '[');
  g_assert_false (parlance_conversation_set_parameters_json (conversation, deep));
  g_clear_pointer (&copied, g_free);
  copied = parlance_conversation_dup_parameters_json (conversation);
  g_assert_cmpstr (copied, ==, json);

  /* A wrong type reads as unset. */
  g_assert_true (parlance_conversation_set_parameters_json (conversation,
    "{\"temperature\":\"hot\",\"max_tokens\":-5,\"reasoning_effort\":3}"));
  g_assert_false (parlance_conversation_get_temperature (conversation, NULL));
  g_assert_false (parlance_conversation_get_max_tokens (conversation, NULL));
  g_assert_null (parlance_conversation_get_reasoning_effort (conversation));
  g_assert_true (parlance_conversation_set_parameters_json (conversation, NULL));
  g_clear_pointer (&json, g_free);
  json = parlance_conversation_dup_parameters_json (conversation);
  g_assert_cmpstr (json, ==, "{}");
}

static void
test_conversation_title_from_text (void)
{
  static const struct { const char *text; const char *title; } cases[] = {
    { "Hello there", "Hello there" },
    { "  \n\n  Why is   the\tsky blue?\nsecond line", "Why is the sky blue?" },
    { "exactly sixty characters long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "exactly sixty characters long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
    { "Please explain to me in great detail how the borrow checker in Rust works",
      "Please explain to me in great detail how the borrow checker…" },
    { "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
      "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé…" },
    { "a\x1b[31m red", "a [31m red" },
  };
  g_autofree char *empty = parlance_conversation_title_from_text ("  \n\t ");
  g_autofree char *null = parlance_conversation_title_from_text (NULL);
  g_autofree char *invalid = parlance_conversation_title_from_text ("ab\xff\xfe cd");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = parlance_conversation_title_from_text (cases[i].text);

      g_assert_cmpstr (title, ==, cases[i].title);
      g_assert_cmpint (g_utf8_strlen (title, -1), <=, 60);
    }
  g_assert_cmpstr (empty, ==, "New Conversation");
  g_assert_cmpstr (null, ==, "New Conversation");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ab"));
}

/* Titles from anywhere (parlance-cli chats rename, a model, an older store) hold no controls. */
static void
test_conversation_title_clean (void)
{
  static const struct { const char *title; const char *clean; } cases[] = {
    { "Plain title", "Plain title" },
    { "red \x1b[31mALERT\x1b[0m!", "red ALERT!" },
    { "Evil \x1b]52;c;cm0gLXJmIH4=\x07title\nsecond", "Evil title second" },
    { "st \x1b]0;x\x1b\\end \xc2\x9b" "2Jok \x1b" "c!", "st end ok !" },
    { "two\nlines\r\nhere\t!", "two lines here !" },
    { "\n\nleading and trailing\n", "leading and trailing" },
    { "bell\x07 del\x7f c1\xc2\x9b\xc2\x85" "end", "bell del c1 end" },
    { "bidi \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9", "bidi evil iso" },
    { "line\xe2\x80\xa8sep", "line sep" },
    { "bad \xff utf8", "bad \xef\xbf\xbd utf8" },
    { "Ünïcödé — ok 🙂", "Ünïcödé — ok 🙂" },
  };
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      parlance_conversation_set_title (conversation, cases[i].title);
      g_assert_cmpstr (parlance_conversation_get_title (conversation), ==, cases[i].clean);
    }
  /* Through the property too. */
  g_object_set (conversation, "title", "a\x1b]0;x\x07" "b", NULL);
  g_assert_cmpstr (parlance_conversation_get_title (conversation), ==, "ab");
  parlance_conversation_set_title (conversation, NULL);
  g_assert_null (parlance_conversation_get_title (conversation));
}

static void
test_message_fields (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_TOOL, "result");
  gint64 in, out, reasoning, cached;

  g_assert_cmpstr (parlance_message_get_role_name (message), ==, "tool");
  g_assert_cmpint (parlance_message_get_id (message), ==, 0);
  g_assert_cmpint (parlance_message_get_cost_pico (message), ==, -1);
  g_assert_cmpint (parlance_message_get_duration (message), ==, -1);
  g_assert_cmpint (parlance_message_get_first_token_time (message), ==, -1);
  parlance_message_get_tokens (message, &in, &out, &reasoning, &cached);
  g_assert_cmpint (in, ==, -1);
  g_assert_cmpint (cached, ==, -1);

  parlance_message_set_tokens (message, 10, 20, 5, -7);
  parlance_message_get_tokens (message, &in, &out, &reasoning, &cached);
  g_assert_cmpint (in, ==, 10);
  g_assert_cmpint (out, ==, 20);
  g_assert_cmpint (reasoning, ==, 5);
  g_assert_cmpint (cached, ==, -1);
  parlance_message_set_tool_call_id (message, "call_1");
  g_assert_cmpstr (parlance_message_get_tool_call_id (message), ==, "call_1");
  parlance_message_set_generation_id (message, "gen-1");
  g_assert_cmpstr (parlance_message_get_generation_id (message), ==, "gen-1");
}

static void
record (ParlanceMessage *message,
        const char      *text,
        GString         *log)
{
  g_string_append_printf (log, "[%s]", text);
}

static void
record_cleared (ParlanceMessage *message,
                GString         *log)
{
  g_string_append (log, "<cleared>");
}

static void
test_message_set_texts (void)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (PARLANCE_ROLE_ASSISTANT, "old");
  g_autoptr(GString) log = g_string_new (NULL);

  parlance_message_append_reasoning (message, "think");
  g_signal_connect (message, "content-appended", G_CALLBACK (record), log);
  g_signal_connect (message, "reasoning-appended", G_CALLBACK (record), log);
  g_signal_connect (message, "cleared", G_CALLBACK (record_cleared), log);

  parlance_message_set_content (message, "new");
  g_assert_cmpstr (log->str, ==, "<cleared>[new][think]");
  g_assert_cmpstr (parlance_message_get_reasoning (message), ==, "think");

  g_string_truncate (log, 0);
  parlance_message_set_reasoning (message, "thinking");
  g_assert_cmpstr (log->str, ==, "[ing]");
  g_string_truncate (log, 0);
  parlance_message_set_reasoning (message, "other");
  g_assert_cmpstr (log->str, ==, "<cleared>[new][other]");
  g_assert_cmpstr (parlance_message_get_content (message), ==, "new");
  g_assert_cmpstr (parlance_message_get_reasoning (message), ==, "other");
}

static void
test_cost_exact (void)
{
  static const struct { gint64 pico; const char *text; } cases[] = {
    { 0, "0" },
    { 1, "0.000000000001" },
    { 12300000, "0.0000123" },
    { 1500000000000, "1.5" },
    { 2000000000000, "2" },
    { 123456789012345, "123.456789012345" },
    { G_MAXINT64, "9223372.036854775807" },
  };
  gint64 sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = parlance_cost_pico_to_string (cases[i].pico);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (parlance_cost_pico_to_string (-1));

  g_assert_cmpint (parlance_cost_pico_from_double (0.0000123), ==, 12300000);
  g_assert_cmpint (parlance_cost_pico_from_double (0.1), ==, 100000000000);
  g_assert_cmpint (parlance_cost_pico_from_double (0), ==, 0);
  g_assert_cmpint (parlance_cost_pico_from_double (-0.5), ==, -1);
  g_assert_cmpint (parlance_cost_pico_from_double (NAN), ==, -1);
  g_assert_cmpint (parlance_cost_pico_from_double (INFINITY), ==, -1);
  g_assert_cmpint (parlance_cost_pico_from_double (1e10), ==, -1);

  /* Ten thousand replies at 0.0000123 sum to 0.123 exactly; as doubles they would not. */
  for (guint i = 0; i < 10000; i++)
    sum += parlance_cost_pico_from_double (0.0000123);
  {
    g_autofree char *text = parlance_cost_pico_to_string (sum);

    g_assert_cmpstr (text, ==, "0.123");
  }
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/store-fields/conversation-notify", test_conversation_properties_notify);
  g_test_add_func ("/parlance/store-fields/conversation-parameters", test_conversation_parameters);
  g_test_add_func ("/parlance/store-fields/title-from-text", test_conversation_title_from_text);
  g_test_add_func ("/parlance/store-fields/title-clean", test_conversation_title_clean);
  g_test_add_func ("/parlance/store-fields/message-fields", test_message_fields);
  g_test_add_func ("/parlance/store-fields/message-set-texts", test_message_set_texts);
  g_test_add_func ("/parlance/store-fields/cost-exact", test_cost_exact);

  return g_test_run ();
}
