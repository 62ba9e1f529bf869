/* test-fake-provider.c — the fake server itself must be right before other tests lean on it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-limits.h"
#include "fake-provider.h"
#include "parlance-test-utils.h"

/* An async reader that keeps every piece it gets, to see how a body arrives. */
typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *data;
  guint         n_reads;
  GError       *error;
  gboolean      done;
  GCancellable *cancellable;
  guint8        buffer[65536];
} Reader;

static void reader_read (Reader *reader);

static void
reader_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reader *reader = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &reader->error);

  if (n <= 0)
    {
      reader->done = TRUE;
      return;
    }

  reader->n_reads++;
  g_byte_array_append (reader->data, reader->buffer, (guint) n);
  reader_read (reader);
}

static void
reader_read (Reader *reader)
{
  g_input_stream_read_async (reader->stream, reader->buffer, sizeof reader->buffer,
                             G_PRIORITY_DEFAULT, reader->cancellable, reader_read_cb, reader);
}

static void
reader_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reader *reader = user_data;

  reader->stream = soup_session_send_finish (SOUP_SESSION (object), result, &reader->error);
  if (reader->stream == NULL)
    {
      reader->done = TRUE;
      return;
    }
  reader_read (reader);
}

static Reader *
reader_start (SoupSession  *session,
              const char   *method,
              const char   *url,
              const char   *body)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->msg = soup_message_new (method, url);
  reader->data = g_byte_array_new ();
  reader->cancellable = g_cancellable_new ();
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (reader->msg, "application/json", bytes);
    }
  soup_session_send_async (session, reader->msg, G_PRIORITY_DEFAULT, reader->cancellable,
                           reader_sent_cb, reader);
  return reader;
}

static void
reader_free (Reader *reader)
{
  g_clear_object (&reader->msg);
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_byte_array_unref (reader->data);
  g_clear_error (&reader->error);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

static char *
url_for (FakeProvider *provider,
         const char   *path)
{
  return g_strconcat (fake_provider_get_base_url (provider), path, NULL);
}

static void
assert_bytes_equal (GByteArray *got,
                    GBytes     *expected)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (expected, &len);

  g_assert_cmpmem (got->data, got->len, data, len);
}

static void
test_replay_whole (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autofree char *path = parlance_test_build_path ("fixtures", "chat-simple.200.sse", NULL);
  g_autoptr(FakeResponse) response = NULL;
  g_autoptr(Reader) reader = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");
  g_autoptr(GError) error = NULL;

  response = fake_response_new_from_file (200, path, &error);
  g_assert_no_error (error);
  fake_provider_queue (provider, "POST", "/chat/completions", response);

  g_assert_true (g_str_has_prefix (fake_provider_get_base_url (provider), "http://127.0.0.1:"));
  reader = reader_start (session, "POST", url, "{\"model\":\"x\"}");
  parlance_test_wait_for (reader->done, 5000);

  g_assert_no_error (reader->error);
  g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (reader->msg), NULL),
                   ==, "text/event-stream");
  assert_bytes_equal (reader->data, fixture);
}

static void
test_chunked_with_delay (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(Reader) reader = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body (response, fixture);
  fake_response_set_chunking (response, 64, 5);
  fake_provider_queue (provider, "POST", "/chat/completions", response);

  reader = reader_start (session, "POST", url, "{}");

  /* The first piece arrives while the server is still streaming the rest. */
  parlance_test_wait_for (reader->data->len > 0, 5000);
  g_assert_cmpuint (reader->data->len, <, g_bytes_get_size (fixture));
  g_assert_cmpuint (fake_provider_get_n_open_streams (provider), ==, 1);

  parlance_test_wait_for (reader->done, 10000);
  g_assert_no_error (reader->error);
  g_assert_cmpuint (reader->n_reads, >, 1);
  assert_bytes_equal (reader->data, fixture);
  parlance_test_wait_for (fake_provider_get_n_open_streams (provider) == 0, 5000);
}

static void
test_random_chunks (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autofree char *url = url_for (provider, "/chat/completions");

  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(FakeResponse) response = fake_response_new (200);
      g_autoptr(Reader) reader = NULL;

      fake_response_set_body (response, fixture);
      fake_response_set_random_chunks (response, seed, 1 + seed * 7);
      fake_provider_queue (provider, "POST", "/chat/completions", response);

      reader = reader_start (session, "POST", url, "{}");
      parlance_test_wait_for (reader->done, 10000);
      g_assert_no_error (reader->error);
      assert_bytes_equal (reader->data, fixture);
    }
}

static void
test_fault_status_headers (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("error-rate-limited.429.json");
  g_autoptr(FakeResponse) response = fake_response_new (429);
  g_autoptr(Reader) reader = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");
  SoupMessageHeaders *headers;

  fake_response_set_body (response, fixture);
  fake_response_add_header (response, "Retry-After", "37");
  fake_response_add_header (response, "X-RateLimit-Remaining", "0");
  fake_provider_queue (provider, "POST", "/chat/completions", response);

  reader = reader_start (session, "POST", url, "{}");
  parlance_test_wait_for (reader->done, 5000);

  g_assert_no_error (reader->error);
  g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 429);
  headers = soup_message_get_response_headers (reader->msg);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "37");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-RateLimit-Remaining"), ==, "0");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  assert_bytes_equal (reader->data, fixture);
}

static void
test_close_mid_body (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (fixture, 0, 700);
  g_autoptr(Reader) reader = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body (response, fixture);
  fake_response_set_chunking (response, 100, 1);
  fake_response_set_close_after (response, 700);
  fake_provider_queue (provider, "POST", "/chat/completions", response);

  reader = reader_start (session, "POST", url, "{}");
  parlance_test_wait_for (reader->done, 5000);

  /* Exactly what was sent arrives, then the body ends. libsoup 3.2 reports a chunked body cut by
   * the peer's FIN as a plain end of stream, so a client must notice the missing end of the
   * protocol itself (no `[DONE]`, no finish reason). */
  g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 200);
  assert_bytes_equal (reader->data, head);
  g_assert_false (g_error_matches (reader->error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  parlance_test_wait_for (fake_provider_get_n_open_streams (provider) == 0, 5000);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_stall (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autoptr(FakeResponse) response = fake_response_new (200);
  g_autoptr(Reader) reader = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");
  gboolean waited = FALSE;

  fake_response_set_content_type (response, "text/event-stream");
  fake_response_set_body (response, fixture);
  fake_response_set_stall_after (response, 50);
  fake_provider_queue (provider, "POST", "/chat/completions", response);

  reader = reader_start (session, "POST", url, "{}");
  parlance_test_wait_for (reader->data->len == 50, 5000);

  /* Nothing more comes, and the response does not end. */
  g_timeout_add (300, set_flag, &waited);
  parlance_test_wait_for (waited, 5000);
  g_assert_false (reader->done);
  g_assert_cmpuint (reader->data->len, ==, 50);
  g_assert_cmpuint (fake_provider_get_n_open_streams (provider), ==, 1);

  /* The client gives up; the server notices. */
  g_cancellable_cancel (reader->cancellable);
  parlance_test_wait_for (reader->done, 5000);
  g_assert_error (reader->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&reader->stream);
  parlance_test_wait_for (fake_provider_get_n_open_streams (provider) == 0, 5000);
}

static void
test_unqueued_is_404_and_requests_recorded (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(Reader) reader = NULL;
  g_autoptr(FakeRequest) request = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions?x=1");
  gsize len = 0;
  const char *body;

  reader = reader_start (session, "POST", url, "{\"model\":\"m\"}");
  parlance_test_wait_for (reader->done, 5000);
  g_assert_no_error (reader->error);
  g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 404);
  g_byte_array_append (reader->data, (const guint8 *) "", 1);
  g_assert_nonnull (strstr ((char *) reader->data->data, "nothing queued"));

  g_assert_cmpuint (fake_provider_get_n_requests (provider), ==, 1);
  request = fake_provider_dup_request (provider, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/api/v1/chat/completions");
  g_assert_cmpstr (request->query, ==, "x=1");
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==, "application/json");
  body = g_bytes_get_data (request->body, &len);
  g_assert_cmpmem (body, len, "{\"model\":\"m\"}", 13);
  g_assert_null (fake_provider_dup_request (provider, 1));
}

static void
test_queue_order_and_repeat (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(FakeResponse) first = fake_response_new (500);
  g_autoptr(FakeResponse) always = fake_response_new (200);
  g_autofree char *url = url_for (provider, "/models");
  guint expected[] = { 500, 200, 200, 200 };

  fake_response_set_body_string (first, "{\"error\":{\"code\":500,\"message\":\"boom\"}}");
  fake_response_set_body_string (always, "{\"data\":[]}");
  fake_response_set_repeat (always, TRUE);
  fake_provider_queue (provider, "GET", "/models", first);
  fake_provider_queue (provider, "GET", "/models", always);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(Reader) reader = reader_start (session, "GET", url, NULL);

      parlance_test_wait_for (reader->done, 5000);
      g_assert_cmpuint (soup_message_get_status (reader->msg), ==, expected[i]);
    }

  /* A route for GET does not answer POST. */
  {
    g_autoptr(Reader) reader = reader_start (session, "POST", url, "{}");
    parlance_test_wait_for (reader->done, 5000);
    g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 404);
  }
}

static void
test_script (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) fixture = parlance_test_load_fixture ("chat-simple.200.sse");
  g_autofree char *fixture_path = parlance_test_build_path ("fixtures", "chat-simple.200.sse", NULL);
  g_autofree char *script_path = g_build_filename (parlance_test_get_tmp_dir (), "script.json", NULL);
  g_autofree char *script = NULL;
  g_autofree char *url = url_for (provider, "/chat/completions");
  g_autoptr(GError) error = NULL;

  script = g_strdup_printf (
    "{\"responses\": ["
    "  {\"path\": \"/chat/completions\", \"status\": 401,"
    "   \"json\": {\"error\": {\"code\": 401, \"message\": \"No auth credentials found\"}}},"
    "  {\"path\": \"/chat/completions\", \"file\": \"%s\", \"chunk_size\": 33, \"delay_ms\": 1,"
    "   \"headers\": {\"X-Test\": \"yes\", \"X-Number\": 5}}"
    "]}", fixture_path);
  g_assert_true (g_file_set_contents (script_path, script, -1, NULL));
  g_assert_true (fake_provider_load_script (provider, script_path, &error));
  g_assert_no_error (error);

  {
    g_autoptr(Reader) reader = reader_start (session, "POST", url, "{}");
    parlance_test_wait_for (reader->done, 5000);
    g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 401);
    g_byte_array_append (reader->data, (const guint8 *) "", 1);
    g_assert_cmpstr ((char *) reader->data->data, ==,
                     "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}");
  }
  {
    g_autoptr(Reader) reader = reader_start (session, "POST", url, "{}");
    SoupMessageHeaders *headers;

    parlance_test_wait_for (reader->done, 5000);
    g_assert_no_error (reader->error);
    headers = soup_message_get_response_headers (reader->msg);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Test"), ==, "yes");
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Number"), ==, "5");
    g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/event-stream");
    assert_bytes_equal (reader->data, fixture);
  }
}

/* `{"limits": NAME}` queues a limits fault on its own method and path; every fault has a response. */
static void
test_script_limits (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *script_path = g_build_filename (parlance_test_get_tmp_dir (), "limits.json", NULL);
  g_autofree char *url = url_for (provider, "/chat/completions");
  g_autofree char *generation_url = url_for (provider, "/generation?id=gen-1");
  g_autoptr(GError) error = NULL;
  const FakeLimitsFault *faults;
  guint n_faults;

  faults = fake_limits_list (&n_faults);
  for (guint i = 0; i < n_faults; i++)
    {
      g_autoptr(FakeResponse) response = fake_limits_response_new (faults[i].name, 0);
      g_assert_nonnull (response);
      g_assert_true (fake_limits_lookup (faults[i].name) == &faults[i]);
    }
  g_assert_null (fake_limits_response_new ("nope", 0));

  g_assert_true (g_file_set_contents (script_path, "{\"responses\": [{\"limits\": \"per-minute\"},"
                                                   " {\"limits\": \"generation\"}]}", -1, NULL));
  g_assert_true (fake_provider_load_script (provider, script_path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(Reader) reader = reader_start (session, "POST", url, "{}");
    SoupMessageHeaders *headers;

    parlance_test_wait_for (reader->done, 5000);
    g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 429);
    headers = soup_message_get_response_headers (reader->msg);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-RateLimit-Limit"), ==, "20");
  }
  {
    g_autoptr(Reader) reader = reader_start (session, "GET", generation_url, NULL);

    parlance_test_wait_for (reader->done, 5000);
    g_assert_cmpuint (soup_message_get_status (reader->msg), ==, 200);
  }

  g_assert_true (g_file_set_contents (script_path, "{\"responses\": [{\"limits\": \"nope\"}]}", -1, NULL));
  g_assert_false (fake_provider_load_script (provider, script_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_script_errors (void)
{
  g_autoptr(FakeProvider) provider = fake_provider_new ();
  g_autofree char *bad = g_build_filename (parlance_test_get_tmp_dir (), "bad.json", NULL);
  g_autofree char *missing = g_build_filename (parlance_test_get_tmp_dir (), "missing.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (bad, "{\"responses\": 3}", -1, NULL));
  g_assert_false (fake_provider_load_script (provider, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, "{\"responses\": [{\"file\": \"nope.sse\"}]}", -1, NULL));
  g_assert_false (fake_provider_load_script (provider, bad, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (fake_provider_load_script (provider, missing, &error));
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/fake-provider/replay-whole", test_replay_whole);
  g_test_add_func ("/parlance/fake-provider/chunked-with-delay", test_chunked_with_delay);
  g_test_add_func ("/parlance/fake-provider/random-chunks", test_random_chunks);
  g_test_add_func ("/parlance/fake-provider/fault-status-headers", test_fault_status_headers);
  g_test_add_func ("/parlance/fake-provider/close-mid-body", test_close_mid_body);
  g_test_add_func ("/parlance/fake-provider/stall", test_stall);
  g_test_add_func ("/parlance/fake-provider/unqueued-404-and-recorded",
                   test_unqueued_is_404_and_requests_recorded);
  g_test_add_func ("/parlance/fake-provider/queue-order-and-repeat", test_queue_order_and_repeat);
  g_test_add_func ("/parlance/fake-provider/script", test_script);
  g_test_add_func ("/parlance/fake-provider/script-limits", test_script_limits);
  g_test_add_func ("/parlance/fake-provider/script-errors", test_script_errors);

  return g_test_run ();
}
