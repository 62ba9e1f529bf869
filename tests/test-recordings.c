/* test-recordings.c — replays real recorded provider responses (PARLANCE_RECORDINGS_DIR).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file `NAME.STATUS.EXT` of the folder is a response body recorded from a live service.
 * Each one is served by the fake provider, whole and cut at repeatable random positions, and must
 * reach a client byte for byte. Later checks (parser, client, catalogue) read the same files.
 */

#include "config.h"

#include <stdlib.h>

#include "fake-provider.h"
#include "parlance-model-catalog.h"
#include "parlance-test-sse.h"
#include "parlance-test-utils.h"

typedef struct
{
  char  *path;
  char  *name;
  guint  status;
} Recording;

static void
recording_free (gpointer data)
{
  Recording *recording = data;

  g_free (recording->path);
  g_free (recording->name);
  g_free (recording);
}

/* "stream_error.200.sse" → 200; "x.request.json" → 200 (a request, served as a body all the same). */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static guint
status_from_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, ".", -1);
  guint n = g_strv_length (parts);
  guint64 status = 0;

  if (n >= 3 && g_ascii_string_to_unsigned (parts[n - 2], 10, 100, 599, &status, NULL))
    return (guint) status;
  return 200;
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} Fetch;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &fetch->error);
  fetch->done = TRUE;
}

static void
replay_and_compare (FakeProvider *provider,
                    SoupSession  *session,
                    Recording    *recording,
                    FakeResponse *response,
                    GBytes       *expected)
{
  g_autofree char *url = g_strconcat (fake_provider_get_base_url (provider), "/replay", NULL);
  Fetch fetch = { 0 };

  fake_provider_queue (provider, "GET", "/replay", response);
  fetch.msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, fetch.msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &fetch);
  parlance_test_wait_for (fetch.done, 30000);

  g_assert_no_error (fetch.error);
  g_assert_cmpuint (soup_message_get_status (fetch.msg), ==, recording->status);
  g_assert_true (g_bytes_equal (fetch.body, expected));

  g_bytes_unref (fetch.body);
  g_object_unref (fetch.msg);
}

static void
test_replay (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  expected = g_bytes_new_take (contents, len);

  /* Whole. */
  {
    g_autoptr(FakeResponse) response = fake_response_new_from_file (recording->status, recording->path, &error);
    g_assert_no_error (error);
    replay_and_compare (provider, session, recording, response, expected);
  }

  /* Cut at random positions, in small and large pieces. */
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(FakeResponse) response = fake_response_new_from_file (recording->status, recording->path, &error);

      g_assert_no_error (error);
      fake_response_set_random_chunks (response, seed, seed == 1 ? 16 : 4096);
      replay_and_compare (provider, session, recording, response, expected);
    }
}

/* The SSE parser reads every event stream the same, whatever the pieces it arrives in, and as
 * the reference parser does. */
static void
test_sse (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceTestSseResult) result = NULL;
  g_autoptr(ParlanceTestSseResult) reference = NULL;
  g_autofree char *contents = NULL;
  const ParlanceTestSseEvent *last;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);

  result = parlance_test_sse_assert_split_invariant (contents, len, 0);
  reference = parlance_test_sse_parse_reference (contents, len);
  parlance_test_sse_assert_same (reference, result, "whole");

  g_assert_no_error (result->error);
  g_assert_cmpuint (result->events->len, >=, 1);
  last = g_ptr_array_index (result->events, result->events->len - 1);
  g_assert_cmpstr (last->data, ==, "[DONE]");
}

/* The model catalogue reads OpenRouter's real answers whole: every model, and the free ones. */
static void
test_models (gconstpointer data)
{
  Recording *recording = (Recording *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *contents = NULL;
  guint n_free_ids = 0, n_free = 0;
  gsize len = 0;

  g_file_get_contents (recording->path, &contents, &len, &error);
  g_assert_no_error (error);
  models = parlance_model_catalog_parse (contents, len, "openrouter", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < models->len; i++)
    {
      ParlanceModel *model = g_ptr_array_index (models, i);

      n_free_ids += g_str_has_suffix (parlance_model_get_id (model), ":free");
      n_free += parlance_model_get_is_free (model);
      g_assert_nonnull (parlance_model_get_name (model));
      g_assert_true (parlance_model_get_context_length (model) > 0);
    }

  if (g_str_equal (recording->name, "models-2025-04-23.200.json"))
    {
      g_assert_cmpuint (models->len, ==, 302);
      g_assert_cmpuint (n_free_ids, ==, 60);
      /* One more costs nothing without saying so in its id: google/gemini-flash-1.5-8b-exp. */
      g_assert_cmpuint (n_free, ==, 61);
    }
  else if (g_str_equal (recording->name, "models-structured_outputs-2025-04-23.200.json"))
    {
      g_assert_cmpuint (models->len, ==, 81);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *dir_path;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) recordings = g_ptr_array_new_with_free_func (recording_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  parlance_test_init (&argc, &argv);

  dir_path = g_getenv ("PARLANCE_RECORDINGS_DIR");
  if (dir_path == NULL || *dir_path == '\0')
    {
      g_print ("1..0 # SKIP PARLANCE_RECORDINGS_DIR is not set\n");
      return EXIT_SUCCESS;
    }

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      Recording *recording = g_new0 (Recording, 1);
      g_autofree char *test_path = NULL;

      recording->name = g_strdup (names->pdata[i]);
      recording->path = g_build_filename (dir_path, recording->name, NULL);
      recording->status = status_from_name (recording->name);
      g_ptr_array_add (recordings, recording);

      test_path = g_strdup_printf ("/parlance/recordings/replay/%s", recording->name);
      g_test_add_data_func (test_path, recording, test_replay);

      if (g_str_has_prefix (recording->name, "models") && g_str_has_suffix (recording->name, ".200.json"))
        {
          g_autofree char *models_path = g_strdup_printf ("/parlance/recordings/models/%s",
                                                          recording->name);

          g_test_add_data_func (models_path, recording, test_models);
        }

      if (g_str_has_suffix (recording->name, ".sse"))
        {
          g_autofree char *sse_path = g_strdup_printf ("/parlance/recordings/sse/%s",
                                                       recording->name);

          g_test_add_data_func (sse_path, recording, test_sse);
        }
    }

  return g_test_run ();
}
