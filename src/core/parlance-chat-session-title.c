/* parlance-chat-session-title.c — a short title asked from the model after the first reply.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Optional (#ParlanceChatSession:generate-titles, off by default: on a free tier every request
 * counts). The request goes to the provider snapshot the first reply was bound to, with the key
 * looked up for that snapshot, never to whatever provider the session shows by then. The answer
 * is hostile text like any other: one line, no quotes or Markdown marks, no control characters,
 * at most 60 characters. Any failure leaves the title taken from the first message, quietly.
 */

#include "config.h"

#include "parlance-api-error.h"
#include "parlance-chat-session-private.h"

/* The title is short; an answer longer than this is not one (a reasoning model thinks first). */
#define TITLE_MAX_ANSWER      ((gsize) 64 * 1024)
#define TITLE_EXCERPT_CHARS   1500
#define TITLE_TIMEOUT_SECONDS 60

typedef struct
{
  ParlanceChatSession  *session;
  ParlanceConversation *conversation;
  ParlanceProvider     *provider;      /* the snapshot the first reply went to */
  ParlanceChatRequest  *request;
  ParlanceChatReply    *reply;
  GCancellable         *cancellable;
  char                 *first_title;   /* the title to replace; another one was chosen by hand */
  ParlanceRequestRecord *record;       /* its row in the store's requests, once sent */
} TitleJob;

static void
title_job_free (TitleJob *job)
{
  g_clear_object (&job->session);
  g_clear_object (&job->conversation);
  g_clear_object (&job->provider);
  g_clear_object (&job->request);
  g_clear_object (&job->reply);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->record, parlance_request_record_unref);
  g_free (job->first_title);
  g_free (job);
}

static gboolean
is_wrapping (gunichar c)
{
  return c == '"' || c == '\'' || c == '`' || c == '*' || c == '_' || c == '#' ||
         c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||   /* “ ” ‘ ’ */
         c == 0x00AB || c == 0x00BB || c == 0x201E;                    /* « » „ */
}

/* Drops marks around the title and a full stop after it. */
static void
strip_wrapping (GString *title)
{
  while (title->len > 0)
    {
      const char *last = g_utf8_find_prev_char (title->str, title->str + title->len);
      gunichar c = g_utf8_get_char (last);

      if (!is_wrapping (c) && c != '.' && c != ' ')
        break;
      g_string_truncate (title, last - title->str);
    }
  while (title->len > 0 && (is_wrapping (g_utf8_get_char (title->str)) || title->str[0] == ' '))
    g_string_erase (title, 0, g_utf8_next_char (title->str) - title->str);
}

/*
 * _parlance_chat_session_sanitize_title:
 * @text: (nullable): what the model answered
 *
 * Its first line with words, without control or formatting characters (bidirectional
 * overrides included), quotes, Markdown marks or a "Title:" label, white space collapsed, cut
 * to 60 characters at a word.
 *
 * Returns: (transfer full) (nullable): the title, or %NULL when nothing usable is left
 */
char *
_parlance_chat_session_sanitize_title (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && line->len == 0; )
    {
      for (; *p != '\0' && *p != '\n' && *p != '\r'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          GUnicodeType type = g_unichar_type (c);

          if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
              type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
            g_string_append_c (line, ' ');
          else
            g_string_append_unichar (line, c);
        }
      if (*p != '\0')
        p++;
      g_strstrip (line->str);
      g_string_set_size (line, strlen (line->str));
      strip_wrapping (line);
      if (g_ascii_strncasecmp (line->str, "title:", 6) == 0)
        {
          g_string_erase (line, 0, 6);
          strip_wrapping (line);
        }
    }

  if (line->len == 0)
    return NULL;
  return parlance_conversation_title_from_text (line->str);
}

typedef struct
{
  char *first_title;
  char *title;
} LateTitle;

static void
late_title_free (LateTitle *late)
{
  g_free (late->first_title);
  g_free (late->title);
  g_free (late);
}

static void
late_title_saved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!parlance_store_write_finish (PARLANCE_STORE (object), result, &error))
    g_debug ("The title was not saved: %s", error->message);
}

static void
late_conversation_loaded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  LateTitle *late = user_data;
  g_autoptr(ParlanceConversation) fresh = NULL;

  fresh = parlance_store_get_conversation_finish (PARLANCE_STORE (object), result, NULL);
  if (fresh != NULL &&
      g_strcmp0 (parlance_conversation_get_title (fresh), late->first_title) == 0)
    {
      parlance_conversation_set_title (fresh, late->title);
      parlance_store_save_conversation_async (PARLANCE_STORE (object), fresh, NULL,
                                              late_title_saved, NULL);
    }
  late_title_free (late);
}

static void
save_title (TitleJob   *job,
            const char *title)
{
  ParlanceChatSession *self = job->session;
  LateTitle *late;

  if (job->conversation == self->conversation || self->store == NULL ||
      parlance_conversation_get_id (job->conversation) == 0)
    {
      /* Renamed by hand (or titled already) meanwhile: that title stays. */
      if (g_strcmp0 (parlance_conversation_get_title (job->conversation), job->first_title) != 0)
        return;
      parlance_conversation_set_title (job->conversation, title);
      _parlance_chat_session_save_conversation (self, job->conversation);
      return;
    }

  /* The session shows another conversation by now: this one's object here may be older than
   * what was saved since (a pin, a rename), so the title goes on the conversation as saved. */
  late = g_new0 (LateTitle, 1);
  late->first_title = g_strdup (job->first_title);
  late->title = g_strdup (title);
  parlance_store_get_conversation_async (self->store, parlance_conversation_get_id (job->conversation),
                                         NULL, late_conversation_loaded, late);
}

static void
title_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TitleJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean ok = parlance_chat_client_stream_finish (PARLANCE_CHAT_CLIENT (object), result, &error);

  /* A title costs a request of the budget like any other. */
  _parlance_chat_session_record_end (job->session, job->record, job->reply, error, NULL);
  if (ok && !g_cancellable_is_cancelled (job->cancellable) &&
      (title = _parlance_chat_session_sanitize_title (parlance_chat_reply_get_content (job->reply))) != NULL)
    save_title (job, title);
  else if (error != NULL)
    g_debug ("No title from the model: %s", error->message);
  title_job_free (job);
}

static void
title_send (TitleJob   *job,
            const char *key,
            GPtrArray  *secret_headers)
{
  g_autoptr(ParlanceProvider) bound = NULL;
  g_autoptr(ParlanceChatClient) client = NULL;

  /* Secret headers go to this snapshot's address only, like the key. */
  bound = secret_headers ? parlance_provider_dup_with_headers (job->provider, secret_headers)
                         : g_object_ref (job->provider);
  client = parlance_chat_client_new (bound);
  parlance_chat_client_set_max_reply_size (client, TITLE_MAX_ANSWER);
  parlance_chat_client_set_idle_timeout (client, TITLE_TIMEOUT_SECONDS);
  job->reply = parlance_chat_reply_new ();
  job->record = _parlance_chat_session_record_sent (job->session, job->provider,
                                                    parlance_chat_request_get_model (job->request));
  parlance_chat_client_stream_async (client, job->request, key, job->reply, job->cancellable,
                                     title_done, job);
}

static void
title_key_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TitleJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL,
                                              &secret_headers, &error);
  if (g_cancellable_is_cancelled (job->cancellable) ||
      (error != NULL && parlance_provider_get_needs_key (job->provider)) ||
      (key == NULL && parlance_provider_get_needs_key (job->provider)))
    {
      parlance_key_store_free_key (key);
      title_job_free (job);
      return;
    }
  title_send (job, key, secret_headers);
  parlance_key_store_free_key (key);
}

/* The start of @text, for the request: enough to name the subject, not a whole reply again. */
static char *
excerpt (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= TITLE_EXCERPT_CHARS)
    return g_steal_pointer (&valid);
  start = g_utf8_substring (valid, 0, TITLE_EXCERPT_CHARS);
  return g_strconcat (start, "…", NULL);
}

static ParlanceChatRequest *
title_request (const char *model,
               const char *question,
               const char *answer)
{
  ParlanceChatRequest *request = parlance_chat_request_new (model);
  g_autofree char *question_part = excerpt (question);
  g_autofree char *answer_part = excerpt (answer);
  g_autofree char *prompt = NULL;

  /* One user message: some models (Gemma on Google's endpoint) take no system message. The
   * instruction is for the model, not for people: it stays in English and asks for the
   * conversation's own language. */
  prompt = g_strdup_printf ("Write a title of 3 to 6 words for this conversation, in the language "
                            "of the conversation. Answer with the title only: no quotes, no "
                            "Markdown, no full stop.\n\n"
                            "User: %s\n\nAssistant: %s", question_part, answer_part);
  parlance_chat_request_add_message (request, "user", prompt);
  return request;
}

/* The first reply of a conversation whose title is still the one taken from its first message. */
gboolean
_parlance_chat_session_wants_title (ParlanceChatSession  *self,
                                    ParlanceConversation *conversation,
                                    ParlanceMessage      *reply)
{
  g_autoptr(ParlanceMessage) question = NULL;
  g_autoptr(ParlanceMessage) answer = NULL;
  g_autofree char *first_title = NULL;

  if (!self->generate_titles || conversation != self->conversation ||
      g_list_model_get_n_items (G_LIST_MODEL (self->messages)) < 2)
    return FALSE;
  question = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);
  answer = g_list_model_get_item (G_LIST_MODEL (self->messages), 1);
  if (answer != reply || parlance_message_get_role (question) != PARLANCE_ROLE_USER)
    return FALSE;
  first_title = parlance_conversation_title_from_text (parlance_message_get_content (question));
  return g_strcmp0 (parlance_conversation_get_title (conversation), first_title) == 0;
}

/*
 * _parlance_chat_session_generate_title:
 * @provider: the snapshot the first reply was bound to
 *
 * Asks @model at @provider for a title of @conversation, and saves it when the title is still
 * the one taken from the first message.
 */
void
_parlance_chat_session_generate_title (ParlanceChatSession  *self,
                                       ParlanceConversation *conversation,
                                       ParlanceProvider     *provider,
                                       const char           *model,
                                       const char           *question,
                                       const char           *answer)
{
  TitleJob *job = g_new0 (TitleJob, 1);

  if (self->title_cancellable == NULL)
    self->title_cancellable = g_cancellable_new ();

  job->session = g_object_ref (self);
  job->conversation = g_object_ref (conversation);
  job->provider = g_object_ref (provider);
  job->cancellable = g_object_ref (self->title_cancellable);
  job->first_title = g_strdup (parlance_conversation_get_title (conversation));
  job->request = title_request (model, question, answer);

  /* As for a turn: a built-in that takes no key never touches the keyring. */
  if (!parlance_provider_get_needs_key (provider) &&
      parlance_provider_get_kind (provider) != PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      title_send (job, NULL, NULL);
      return;
    }
  parlance_key_store_lookup_for_async (self->key_store, provider, job->cancellable,
                                       title_key_looked_up, job);
}
