/* parlance-model-catalog.c — the models of one provider, cached on disk.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is `$XDG_CACHE_HOME/parlance/models/<provider-id>.json`: a first line
 * "parlance-models <fetched-at>" (seconds since the epoch), then the provider's answer as JSON.
 * Reading and writing it, and parsing answers, happen in a worker thread on copied inputs.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-model-catalog.h"
#include "parlance-model-catalog-private.h"
#include "parlance-model-list.h"
#include "parlance-paths.h"

#define CACHE_MAGIC "parlance-models "

struct _ParlanceModelCatalog
{
  GObject             parent_instance;

  ParlanceProvider   *provider;
  ParlanceChatClient *client;
  GPtrArray          *items;
  gint64              fetched_at;
  gsize               max_size;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParlanceModelCatalog, parlance_model_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parsing */

/**
 * parlance_model_catalog_parse:
 * @json: a `GET /models` answer
 * @len: its length in bytes
 * @provider_id: the provider it came from
 *
 * Every field of a model is optional; entries without an id are left out. `"data": null`
 * (Ollama without models) gives an empty list. The answer is read one model at a time (see
 * parlance_model_list_parse()), never whole into a tree.
 *
 * Returns: (transfer full) (element-type ParlanceModel): the models, or %NULL with
 *   %PARLANCE_API_ERROR_MALFORMED when @json is not such an answer
 */
GPtrArray *
parlance_model_catalog_parse (const char  *json,
                              gsize        len,
                              const char  *provider_id,
                              GError     **error)
{
  g_return_val_if_fail (json != NULL || len == 0, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  return parlance_model_list_parse (json, len, provider_id, error);
}

/* Items */

static void
replace_items (ParlanceModelCatalog *self,
               GPtrArray            *models,
               gint64                fetched_at)
{
  guint removed = self->items->len;

  g_ptr_array_unref (self->items);
  self->items = g_ptr_array_ref (models);
  if (self->fetched_at != fetched_at)
    {
      self->fetched_at = fetched_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHED_AT]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, models->len);
}

/* Worker threads */

typedef struct
{
  char      *path;
  char      *provider_id;
  gsize      max_size;
  GBytes    *answer;       /* refresh: the answer to parse and save */
  GPtrArray *models;       /* result */
  gint64     fetched_at;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->provider_id);
  g_clear_pointer (&job->answer, g_bytes_unref);
  g_clear_pointer (&job->models, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (ParlanceModelCatalog *self)
{
  Job *job = g_new0 (Job, 1);

  job->path = parlance_model_catalog_dup_cache_path (self);
  job->provider_id = g_strdup (parlance_provider_get_id (self->provider));
  job->max_size = self->max_size;
  return job;
}

static GError *
too_large_error (gsize max_size)
{
  g_autofree char *size = g_format_size (max_size);

  return g_error_new (PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                      _("The list of models could not be read: it is larger than %s."), size);
}

/* The cache holds what a server sent: it is checked for size before it is read, and read as
 * any answer is. */
static void
load_cached_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *newline, *end = NULL;
  gint64 fetched_at;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info == NULL)
    {
      /* G_IO_ERROR_NOT_FOUND, as the documentation promises. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((guint64) g_file_info_get_size (info) > (guint64) job->max_size + 64)
    {
      g_task_return_error (task, too_large_error (job->max_size));
      return;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  newline = memchr (contents, '\n', len);
  fetched_at = g_str_has_prefix (contents, CACHE_MAGIC) ?
               g_ascii_strtoll (contents + strlen (CACHE_MAGIC), (char **) &end, 10) : 0;
  if (newline == NULL || end != newline || fetched_at <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The saved list of models in “%s” is damaged."), job->path);
      return;
    }

  job->models = parlance_model_list_parse (newline + 1, len - (gsize) (newline + 1 - contents),
                                           job->provider_id, &error);
  if (job->models == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->fetched_at = fetched_at;
  g_task_return_boolean (task, TRUE);
}

/* The answer as it came, after a line of our own: written from the buffer it was read into. */
static gboolean
save_cache (Job      *job,
            GError  **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *dir = g_path_get_dirname (job->path);
  g_autofree char *head = g_strdup_printf (CACHE_MAGIC "%" G_GINT64_FORMAT "\n", job->fetched_at);
  gsize len = 0;
  const char *data = g_bytes_get_data (job->answer, &len);

  if (!parlance_paths_ensure_dir (dir, error))
    return FALSE;
  /* Written beside and renamed over the old one when closed. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                        NULL, error);
  return out != NULL &&
         g_output_stream_write_all (G_OUTPUT_STREAM (out), head, strlen (head), NULL, NULL, error) &&
         g_output_stream_write_all (G_OUTPUT_STREAM (out), data, len, NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->answer, &len);

  job->models = parlance_model_list_parse (data, len, job->provider_id, &error);
  if (job->models == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A cache that can't be written costs the next start some time, nothing else. */
  job->fetched_at = g_get_real_time () / G_USEC_PER_SEC;
  if (!save_cache (job, &error))
    g_debug ("Could not save the list of models: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

/* Loading the cache */

static void
load_cached_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceModelCatalog *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* A refresh that finished first is newer than the cache. */
  if (job->fetched_at > self->fetched_at)
    replace_items (self, job->models, job->fetched_at);
  g_task_return_boolean (task, TRUE);
}

/**
 * parlance_model_catalog_load_cached_async:
 *
 * Reads the models saved by the last successful refresh, off the main thread, so that a list
 * can be shown at once. Fails with %G_IO_ERROR_NOT_FOUND when there is no cache yet.
 */
void
parlance_model_catalog_load_cached_async (ParlanceModelCatalog *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (PARLANCE_IS_MODEL_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_model_catalog_load_cached_async);

  /* The worker holds no reference to @self: a thread may drop it after the callback ran. */
  worker = g_task_new (NULL, cancellable, load_cached_done, g_steal_pointer (&task));
  g_task_set_task_data (worker, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (worker, load_cached_thread);
}

gboolean
parlance_model_catalog_load_cached_finish (ParlanceModelCatalog  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Refreshing */

static void
refresh_parsed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceModelCatalog *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  replace_items (self, job->models, job->fetched_at);
  g_task_return_boolean (task, TRUE);
}

static void
refresh_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ParlanceModelCatalog *self = g_task_get_source_object (task);
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  GCancellable *cancellable;
  Job *job;

  answer = parlance_chat_client_get_bytes_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  /* A client sending secret headers keeps them only for its request, not for the catalogue's
   * lifetime (a request still under way holds its own reference). */
  if (self->client == PARLANCE_CHAT_CLIENT (object) &&
      parlance_provider_get_secret_values (parlance_chat_client_get_provider (self->client))->len > 0)
    g_clear_object (&self->client);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  job = job_new (self);
  job->answer = g_steal_pointer (&answer);
  cancellable = g_task_get_cancellable (task);
  worker = g_task_new (NULL, cancellable, refresh_parsed, g_steal_pointer (&task));
  g_task_set_task_data (worker, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (worker, refresh_thread);
}

/* Sends GET /models to @bound (a snapshot of the provider, with the secret headers looked up
 * for it), never to the live provider: the key goes only where it was looked up for. The
 * client, and its connections, are kept while the address and headers stay the same, unless
 * it carries secret headers (see refresh_fetched()). */
void
parlance_model_catalog_fetch_from (ParlanceModelCatalog *self,
                                   ParlanceProvider     *bound,
                                   const char           *api_key,
                                   GPtrArray            *secret_headers,
                                   GTask                *task)
{
  g_autoptr(ParlanceProvider) sending = parlance_provider_dup_with_headers (bound, secret_headers);

  if (self->client == NULL ||
      !parlance_provider_same_endpoint (parlance_chat_client_get_provider (self->client), sending))
    {
      g_clear_object (&self->client);
      self->client = parlance_chat_client_new (sending);
    }
  parlance_chat_client_get_bytes_async (self->client, "models", api_key, self->max_size,
                                        g_task_get_cancellable (task), refresh_fetched, task);
}

/**
 * parlance_model_catalog_refresh_async:
 * @api_key: (nullable): the provider's key
 *
 * Fetches `GET {base}/models`, of at most parlance_model_catalog_get_max_size() bytes, read as
 * it arrives into one buffer, from the provider's address at the time of this call. On success
 * the items are replaced and the cache rewritten (off the main thread). On failure the items
 * stay as they were — the cached ones, if any — and the error (a %PARLANCE_API_ERROR) is
 * returned by parlance_model_catalog_refresh_finish().
 *
 * To look the key up too, use parlance_model_catalog_refresh_with_key_async(), which binds the
 * key to the address it was looked up for.
 */
void
parlance_model_catalog_refresh_async (ParlanceModelCatalog *self,
                                      const char           *api_key,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(ParlanceProvider) bound = NULL;
  GTask *task;

  g_return_if_fail (PARLANCE_IS_MODEL_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlance_model_catalog_refresh_async);
  bound = parlance_provider_dup_snapshot (self->provider);
  parlance_model_catalog_fetch_from (self, bound, api_key, NULL, task);
}

/**
 * parlance_model_catalog_refresh_finish:
 *
 * Returns: %TRUE when the models were fetched; on failure the previous items are kept
 */
gboolean
parlance_model_catalog_refresh_finish (ParlanceModelCatalog  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Accessors */

ParlanceModelCatalog *
parlance_model_catalog_new (ParlanceProvider *provider)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);

  return g_object_new (PARLANCE_TYPE_MODEL_CATALOG, "provider", provider, NULL);
}

ParlanceProvider *
parlance_model_catalog_get_provider (ParlanceModelCatalog *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), NULL);
  return self->provider;
}

/**
 * parlance_model_catalog_set_max_size:
 * @bytes: the largest list of models read, from the provider or the cache; 0 restores the
 *   default, %PARLANCE_MODEL_CATALOG_DEFAULT_MAX_SIZE (32 MB)
 */
void
parlance_model_catalog_set_max_size (ParlanceModelCatalog *self,
                                     gsize                 bytes)
{
  g_return_if_fail (PARLANCE_IS_MODEL_CATALOG (self));
  self->max_size = bytes > 0 ? bytes : PARLANCE_MODEL_CATALOG_DEFAULT_MAX_SIZE;
}

gsize
parlance_model_catalog_get_max_size (ParlanceModelCatalog *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), 0);
  return self->max_size;
}

/**
 * parlance_model_catalog_dup_cache_path:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/parlance/models/<provider-id>.json`
 */
char *
parlance_model_catalog_dup_cache_path (ParlanceModelCatalog *self)
{
  g_autofree char *cache_dir = parlance_paths_dup_cache_dir ();
  g_autofree char *file = NULL;

  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), NULL);

  file = g_strconcat (parlance_provider_get_id (self->provider), ".json", NULL);
  return g_build_filename (cache_dir, "models", file, NULL);
}

/**
 * parlance_model_catalog_get_fetched_at:
 *
 * Returns: when the items were fetched, in seconds since the epoch; 0 when there are none yet
 */
gint64
parlance_model_catalog_get_fetched_at (ParlanceModelCatalog *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), 0);
  return self->fetched_at;
}

/**
 * parlance_model_catalog_get_is_stale:
 *
 * Returns: whether the items were never fetched, or more than @max_age_seconds ago
 */
gboolean
parlance_model_catalog_get_is_stale (ParlanceModelCatalog *self,
                                     gint64                max_age_seconds)
{
  gint64 now;

  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), TRUE);

  now = g_get_real_time () / G_USEC_PER_SEC;
  return self->fetched_at <= 0 || now - self->fetched_at > max_age_seconds ||
         now < self->fetched_at - 60;   /* the clock went back */
}

/**
 * parlance_model_catalog_lookup:
 *
 * Returns: (transfer none) (nullable): the model with @id
 */
ParlanceModel *
parlance_model_catalog_lookup (ParlanceModelCatalog *self,
                               const char           *id)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    if (g_str_equal (parlance_model_get_id (g_ptr_array_index (self->items, i)), id))
      return g_ptr_array_index (self->items, i);
  return NULL;
}

/**
 * parlance_model_catalog_dup_filtered:
 * @filter: (nullable): what to keep
 *
 * Returns: (transfer full) (element-type ParlanceModel): the items that pass @filter, sorted
 */
GPtrArray *
parlance_model_catalog_dup_filtered (ParlanceModelCatalog      *self,
                                     const ParlanceModelFilter *filter,
                                     ParlanceModelSort          sort)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_CATALOG (self), NULL);
  return parlance_model_filter_and_sort (self->items, filter, sort);
}

/* GListModel */

static GType
get_item_type (GListModel *model)
{
  return PARLANCE_TYPE_MODEL;
}

static guint
get_n_items (GListModel *model)
{
  return PARLANCE_MODEL_CATALOG (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  ParlanceModelCatalog *self = PARLANCE_MODEL_CATALOG (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* GObject */

static void
parlance_model_catalog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ParlanceModelCatalog *self = PARLANCE_MODEL_CATALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_FETCHED_AT:
      g_value_set_int64 (value, self->fetched_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_model_catalog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ParlanceModelCatalog *self = PARLANCE_MODEL_CATALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_model_catalog_dispose (GObject *object)
{
  ParlanceModelCatalog *self = PARLANCE_MODEL_CATALOG (object);

  g_clear_object (&self->client);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (parlance_model_catalog_parent_class)->dispose (object);
}

static void
parlance_model_catalog_finalize (GObject *object)
{
  ParlanceModelCatalog *self = PARLANCE_MODEL_CATALOG (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (parlance_model_catalog_parent_class)->finalize (object);
}

static void
parlance_model_catalog_class_init (ParlanceModelCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = parlance_model_catalog_get_property;
  object_class->set_property = parlance_model_catalog_set_property;
  object_class->dispose = parlance_model_catalog_dispose;
  object_class->finalize = parlance_model_catalog_finalize;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, PARLANCE_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED_AT] =
    g_param_spec_int64 ("fetched-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlance_model_catalog_init (ParlanceModelCatalog *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_size = PARLANCE_MODEL_CATALOG_DEFAULT_MAX_SIZE;
}
