/* fake-browser.c — the user's browser in a sign-in, driven by the test.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-browser.h"

/**
 * fake_browser_read_auth_uri:
 *
 * Reads the address of OpenRouter's sign-in page as the page would: its query's parameters.
 */
gboolean
fake_browser_read_auth_uri (const char       *uri,
                            FakeBrowserAuth  *auth,
                            GError          **error)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, error);
  g_autoptr(GHashTable) params = NULL;

  memset (auth, 0, sizeof *auth);
  if (parsed == NULL)
    return FALSE;
  auth->page = g_uri_to_string_partial (parsed, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  if (g_uri_get_query (parsed) == NULL)
    return TRUE;
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, error);
  if (params == NULL)
    return FALSE;
  auth->n_params = g_hash_table_size (params);
  auth->callback_url = g_strdup (g_hash_table_lookup (params, "callback_url"));
  auth->code_challenge = g_strdup (g_hash_table_lookup (params, "code_challenge"));
  auth->code_challenge_method = g_strdup (g_hash_table_lookup (params, "code_challenge_method"));
  return TRUE;
}

void
fake_browser_auth_clear (FakeBrowserAuth *auth)
{
  g_clear_pointer (&auth->page, g_free);
  g_clear_pointer (&auth->callback_url, g_free);
  g_clear_pointer (&auth->code_challenge, g_free);
  g_clear_pointer (&auth->code_challenge_method, g_free);
}

static void
visited (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FakeVisit *visit = user_data;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &visit->error);
  if (body != NULL)
    {
      visit->status = soup_message_get_status (msg);
      visit->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  visit->done = TRUE;
}

/**
 * fake_browser_visit:
 * @url: where the browser goes
 *
 * A GET of @url on the thread-default main context; wait for `visit->done`.
 *
 * Returns: (transfer full): the visit, filled in when done
 */
FakeVisit *
fake_browser_visit (const char *url)
{
  FakeVisit *visit = g_new0 (FakeVisit, 1);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

  g_assert_nonnull (msg);
  visit->session = soup_session_new ();
  soup_session_send_and_read_async (visit->session, msg, G_PRIORITY_DEFAULT, NULL, visited, visit);
  return visit;
}

void
fake_visit_free (FakeVisit *visit)
{
  g_assert_true (visit->done);
  g_clear_object (&visit->session);
  g_clear_error (&visit->error);
  g_free (visit->body);
  g_free (visit);
}
