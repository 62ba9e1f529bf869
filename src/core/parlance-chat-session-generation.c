/* parlance-chat-session-generation.c — a cut reply's exact cost and tokens, asked afterwards.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An OpenRouter stream that ends without its last chunk (the connection lost, stopped after
 * some text, a server error in the middle) leaves its message and its request row without
 * usage or cost. OpenRouter still knows them: a little later, GET /generation is asked
 * (parlance-openrouter-generation-later.c) with the key looked up again, then, for the provider
 * the turn was bound to (its snapshot: an address changed since gets nothing), and the message and
 * its request row get the exact figures. A message asked again meanwhile (another generation)
 * is left as it is.
 */

#include "config.h"

#include "parlance-api-error.h"
#include "parlance-chat-session-private.h"
#include "parlance-openrouter-generation.h"

/* OpenRouter writes a generation down within a second or two; a few questions, 20 s at most. */
#define FIRST_DELAY_MS 1000
#define MAX_WAIT_MS    20000

typedef struct
{
  GWeakRef               session;    /* a session gone meanwhile takes nothing */
  GCancellable          *cancellable; /* the session's: its dispose stops the job */
  ParlanceProvider      *provider;   /* the turn's snapshot */
  ParlanceMessage       *message;
  ParlanceChatReply     *reply;
  GError                *error;      /* how the stream ended, for the request row */
  ParlanceRequestRecord *record;     /* (nullable) */
  char                  *generation_id;
} Job;

static void
job_free (Job *job)
{
  g_weak_ref_clear (&job->session);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->provider);
  g_clear_object (&job->message);
  g_clear_object (&job->reply);
  g_clear_error (&job->error);
  g_clear_pointer (&job->record, parlance_request_record_unref);
  g_free (job->generation_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
generation_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(ParlanceOpenrouterGeneration) generation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceChatSession) self = NULL;

  generation = parlance_openrouter_generation_fetch_later_finish (result, &error);
  if (generation == NULL)
    {
      g_debug ("The cut reply's cost is not known: %s", error->message);
      return;
    }
  if ((self = g_weak_ref_get (&job->session)) == NULL)
    return;
  /* Asked again meanwhile: that is another generation. */
  if (g_strcmp0 (parlance_message_get_generation_id (job->message), job->generation_id) != 0 ||
      !parlance_openrouter_generation_apply (generation, job->reply))
    return;

  _parlance_chat_session_record_reply (job->message, job->reply);
  if (self->store != NULL && parlance_message_get_id (job->message) > 0)
    parlance_store_update_message_async (self->store, job->message, NULL, NULL, NULL);
  if (self->store != NULL && job->record != NULL)
    {
      parlance_request_record_set_end (job->record, job->reply, job->error);
      if (job->record->message_id <= 0)
        job->record->message_id = parlance_message_get_id (job->message);
      parlance_store_end_request_async (self->store, job->record, NULL, NULL, NULL);
    }
}

static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GPtrArray) secret_headers = NULL;
  g_autoptr(ParlanceProvider) bound = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL,
                                              &secret_headers, &error);
  if (error != NULL || key == NULL || g_cancellable_is_cancelled (job->cancellable))
    {
      parlance_key_store_free_key (key);
      return;
    }
  /* The key and secret headers go to the address the turn was bound to, nowhere else. */
  bound = parlance_provider_dup_with_headers (job->provider, secret_headers);
  parlance_openrouter_generation_fetch_later_async (bound, key, job->generation_id, 0, MAX_WAIT_MS,
                                                    job->cancellable,
                                                    generation_fetched, job);
  g_steal_pointer (&job);
  parlance_key_store_free_key (key);
}

/* The first wait is over: the key is looked up now, not kept meanwhile. */
static gboolean
first_delay_over (gpointer user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(ParlanceChatSession) self = g_weak_ref_get (&job->session);

  if (self == NULL || self->key_store == NULL || g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;
  parlance_key_store_lookup_for_async (self->key_store, job->provider, job->cancellable,
                                       key_looked_up, job);
  g_steal_pointer (&job);
  return G_SOURCE_REMOVE;
}

/*
 * _parlance_chat_session_fetch_generation:
 * @provider: the snapshot the turn was bound to
 * @reply: the reply that ended, with @error
 * @record: (nullable): its request row
 *
 * When @reply is an OpenRouter stream cut before its usage, asks for its figures a little
 * later and gives them to @message and @record.
 */
void
_parlance_chat_session_fetch_generation (ParlanceChatSession   *self,
                                         ParlanceProvider      *provider,
                                         ParlanceMessage       *message,
                                         ParlanceChatReply     *reply,
                                         const GError          *error,
                                         ParlanceRequestRecord *record)
{
  Job *job;

  if (error == NULL || reply == NULL || self->key_store == NULL ||
      !parlance_openrouter_generation_is_wanted (provider, reply))
    return;
  if (self->generation_cancellable == NULL)
    self->generation_cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  g_weak_ref_init (&job->session, self);
  job->cancellable = g_object_ref (self->generation_cancellable);
  job->provider = g_object_ref (provider);
  job->message = g_object_ref (message);
  job->reply = g_object_ref (reply);
  job->error = error != NULL ? g_error_copy (error) : NULL;
  job->record = record != NULL ? parlance_request_record_ref (record) : NULL;
  job->generation_id = g_strdup (parlance_chat_reply_get_generation_id (reply));
  g_timeout_add (_parlance_openrouter_generation_get_no_delays () ? 0 : FIRST_DELAY_MS,
                 first_delay_over, job);
}

/* The session goes away: what is still asked is stopped. */
void
_parlance_chat_session_generation_dispose (ParlanceChatSession *self)
{
  if (self->generation_cancellable != NULL)
    g_cancellable_cancel (self->generation_cancellable);
  g_clear_object (&self->generation_cancellable);
}
