/* parlance-test-cli-store.c — parlance-cli against a conversation database of the test's own.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "parlance-test-cli-store.h"

void
store_fixture_setup (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *template = g_build_filename (parlance_test_get_tmp_dir (), "data-XXXXXX", NULL);

  fixture_setup (&f->cli, data);
  f->data_home = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (f->data_home);
  f->db_path = g_build_filename (f->data_home, "parlance", "parlance.db", NULL);
  f->env[0] = g_strconcat ("XDG_DATA_HOME=", f->data_home, NULL);
  f->env[1] = NULL;
}

void
store_fixture_teardown (StoreFixture  *f,
                        gconstpointer  data)
{
  fixture_teardown (&f->cli, data);
  g_free (f->data_home);
  g_free (f->db_path);
  g_free (f->env[0]);
}

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

char *
sse_for_text (const char *text,
              const char *cost)
{
  GString *sse = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *word = NULL;
      g_autofree char *quoted = NULL;

      while (*end == ' ')
        end++;
      while (*end != '\0' && *end != ' ')
        end++;
      word = g_strndup (p, end - p);
      quoted = json_string (word);
      g_string_append_printf (sse, "data: {\"id\":\"gen-test\",\"model\":\"test/answering-model\","
                                   "\"choices\":[{\"index\":0,\"delta\":{\"content\":%s}}]}\n\n", quoted);
      p = end;
    }
  g_string_append_printf (sse, "data: {\"id\":\"gen-test\",\"choices\":[{\"index\":0,\"delta\":{},"
                               "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,"
                               "\"completion_tokens\":7,\"total_tokens\":18%s%s}}\n\n"
                               "data: [DONE]\n\n",
                          cost != NULL ? ",\"cost\":" : "", cost != NULL ? cost : "");
  return g_string_free (sse, FALSE);
}

FakeResponse *
queue_text_reply (StoreFixture *f,
                  const char   *text,
                  const char   *cost)
{
  g_autofree char *sse = sse_for_text (text, cost);
  FakeResponse *response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_string (response, sse);
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);
  return response;
}

FakeResponse *
queue_slow_reply (StoreFixture *f,
                  const char   *unit,
                  guint         count,
                  guint         delay_ms)
{
  g_autofree char *quoted = json_string (unit);
  g_autofree char *event = g_strdup_printf ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%s}}]}\n\n",
                                            quoted);
  FakeResponse *response = fake_response_new (200);

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body_repeated (response, "", event, count,
                                   "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                                   "data: [DONE]\n\n");
  fake_response_set_chunking (response, strlen (event), delay_ms);
  fake_provider_queue (f->cli.fake, "POST", "/chat/completions", response);
  return response;
}

Run *
store_run (StoreFixture       *f,
           const char * const *args)
{
  return run_cli (f->cli.url, (const char * const *) f->env, NULL, args);
}

Run *
store_run_start (StoreFixture       *f,
                 const char * const *args)
{
  return run_cli_start (f->cli.url, (const char * const *) f->env, args);
}

gint64
saved_id (Run *run)
{
  g_autoptr(GRegex) regex = g_regex_new ("^Saved as conversation ([0-9]+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *digits = NULL;

  if (!g_regex_match (regex, run->err->str, 0, &match))
    g_error ("No “Saved as conversation N” in:\n%s", run->err->str);
  digits = g_match_info_fetch (match, 1);
  return g_ascii_strtoll (digits, NULL, 10);
}

JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

JsonObject *
show_conversation (StoreFixture *f,
                   gint64        id,
                   JsonParser   *parser)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(Run) run = store_run (f, ARGS ("chats", "show", text, "--json"));

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err->str, ==, "");
  return parse_object (parser, run->out->str);
}

JsonObject *
run_doctor (StoreFixture *f,
            JsonParser   *parser,
            int          *status)
{
  g_autoptr(Run) run = store_run (f, ARGS ("doctor", "--json"));

  *status = run->status;
  return parse_object (parser, run->out->str);
}

char *
dup_member_names (JsonObject *object)
{
  g_autoptr(GList) names = g_list_sort (json_object_get_members (object), (GCompareFunc) g_strcmp0);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, l->data);
    }
  return g_strdup (joined->str);
}
