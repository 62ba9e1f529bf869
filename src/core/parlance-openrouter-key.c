/* parlance-openrouter-key.c — what OpenRouter says of a key (GET /api/v1/key).
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answer is read as hostile: bounded in size (PARLANCE_OPENROUTER_KEY_MAX_SIZE) and depth
 * (parlance_json_parser_load()), every member optional, a wrong type the same as a missing
 * member. The fetch looks the key up for a snapshot of the provider taken when it starts, so
 * an address changed meanwhile gets neither the key nor the answer.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-json.h"
#include "parlance-message.h"
#include "parlance-openrouter-key.h"

#define MAX_LABEL    256
#define MAX_INTERVAL 32

G_DEFINE_BOXED_TYPE (ParlanceOpenrouterKeyInfo, parlance_openrouter_key_info,
                     parlance_openrouter_key_info_copy, parlance_openrouter_key_info_free)

/* A JSON number as a double; FALSE for anything else (strings, booleans, null, NaN). */
static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}

/* Dollars as pico-dollars; -1 when not a usable amount. */
static gint64
get_credits (JsonObject *object,
             const char *name)
{
  double value;

  if (!get_number (object, name, &value))
    return -1;
  return parlance_cost_pico_from_double (value);
}

static gboolean
is_null_member (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

/* A short, valid string, or NULL: nothing else is shown. */
static char *
dup_short_string (JsonObject *object,
                  const char *name,
                  gsize       max_len)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  if (strlen (value) > max_len || !g_utf8_validate (value, -1, NULL))
    return NULL;
  return g_strdup (value);
}

static ParlanceOpenrouterLimitReset
get_limit_reset (JsonObject *data)
{
  JsonNode *node = json_object_get_member (data, "limit_reset");
  const char *value;

  if (node == NULL)
    return PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN;
  if (JSON_NODE_HOLDS_NULL (node))
    return PARLANCE_OPENROUTER_LIMIT_RESET_NEVER;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN;
  value = json_node_get_string (node);
  if (g_str_equal (value, "daily"))
    return PARLANCE_OPENROUTER_LIMIT_RESET_DAILY;
  if (g_str_equal (value, "weekly"))
    return PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY;
  if (g_str_equal (value, "monthly"))
    return PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY;
  return PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN;
}

/**
 * parlance_openrouter_key_info_new_from_json:
 * @root: the answer to `GET /api/v1/key`: `{"data": {…}}`
 * @error: %PARLANCE_API_ERROR_MALFORMED when @root has no `data` object
 *
 * Reads what the answer says; members it lacks, or holds with the wrong type, read as not said.
 *
 * Returns: (transfer full) (nullable): the key's state
 */
ParlanceOpenrouterKeyInfo *
parlance_openrouter_key_info_new_from_json (JsonNode  *root,
                                            GError   **error)
{
  ParlanceOpenrouterKeyInfo *info;
  JsonObject *data = NULL;
  JsonObject *rate;
  JsonNode *node;
  double remaining;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    data = parlance_json_get_object (json_node_get_object (root), "data");
  if (data == NULL)
    {
      g_set_error_literal (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                           _("OpenRouter’s answer about the key could not be read."));
      return NULL;
    }

  info = g_new0 (ParlanceOpenrouterKeyInfo, 1);
  info->label = dup_short_string (data, "label", MAX_LABEL);
  info->unlimited = is_null_member (data, "limit");
  info->limit_pico = get_credits (data, "limit");
  /* Spending past the limit can leave it below zero: nothing is left. */
  if (get_number (data, "limit_remaining", &remaining) && remaining < 0)
    info->limit_remaining_pico = 0;
  else
    info->limit_remaining_pico = get_credits (data, "limit_remaining");
  info->limit_reset = get_limit_reset (data);
  info->usage_pico = get_credits (data, "usage");
  info->usage_daily_pico = get_credits (data, "usage_daily");
  info->usage_weekly_pico = get_credits (data, "usage_weekly");
  info->usage_monthly_pico = get_credits (data, "usage_monthly");

  node = json_object_get_member (data, "is_free_tier");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      info->free_tier_known = TRUE;
      info->is_free_tier = json_node_get_boolean (node);
    }

  info->rate_limit_requests = -1;
  rate = parlance_json_get_object (data, "rate_limit");
  if (rate != NULL)
    {
      double requests;

      info->rate_limit_interval = dup_short_string (rate, "interval", MAX_INTERVAL);
      if (info->rate_limit_interval != NULL && get_number (rate, "requests", &requests) &&
          requests >= 0 && requests <= G_MAXINT32 && requests == floor (requests))
        info->rate_limit_requests = (gint64) requests;
      else
        g_clear_pointer (&info->rate_limit_interval, g_free);
    }

  return info;
}

/**
 * parlance_openrouter_key_info_new_from_data:
 * @data: the body of the answer to `GET /api/v1/key`
 * @len: its length
 * @error: %PARLANCE_API_ERROR_MALFORMED when it is too big, too deep, not JSON, or lacks `data`
 *
 * Returns: (transfer full) (nullable): the key's state
 */
ParlanceOpenrouterKeyInfo *
parlance_openrouter_key_info_new_from_data (const char  *data,
                                            gsize        len,
                                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > PARLANCE_OPENROUTER_KEY_MAX_SIZE)
    {
      g_set_error_literal (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                           _("OpenRouter’s answer about the key is too long to be read."));
      return NULL;
    }
  if (!parlance_json_parser_load (parser, data != NULL ? data : "", len, &local_error))
    {
      g_set_error (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_MALFORMED,
                   _("OpenRouter’s answer about the key could not be read (%s)."), local_error->message);
      return NULL;
    }
  return parlance_openrouter_key_info_new_from_json (json_parser_get_root (parser), error);
}

/**
 * parlance_openrouter_key_info_copy:
 *
 * Returns: (transfer full): a copy of @info
 */
ParlanceOpenrouterKeyInfo *
parlance_openrouter_key_info_copy (const ParlanceOpenrouterKeyInfo *info)
{
  ParlanceOpenrouterKeyInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->label = g_strdup (info->label);
  copy->rate_limit_interval = g_strdup (info->rate_limit_interval);
  return copy;
}

void
parlance_openrouter_key_info_free (ParlanceOpenrouterKeyInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->label);
  g_free (info->rate_limit_interval);
  g_free (info);
}

/**
 * parlance_openrouter_key_info_dup_next_reset:
 * @info: the key's state
 * @now: the time to count from (the injectable clock), in any time zone
 *
 * OpenRouter resets limits and counts days at midnight UTC; weeks start on Monday.
 *
 * Returns: (transfer full) (nullable): when the credit limit starts again after @now, in UTC;
 *   %NULL when it never does or that was not said
 */
GDateTime *
parlance_openrouter_key_info_dup_next_reset (const ParlanceOpenrouterKeyInfo *info,
                                             GDateTime                       *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  utc = g_date_time_to_utc (now);
  midnight = g_date_time_new_utc (g_date_time_get_year (utc), g_date_time_get_month (utc),
                                  g_date_time_get_day_of_month (utc), 0, 0, 0);
  switch (info->limit_reset)
    {
    case PARLANCE_OPENROUTER_LIMIT_RESET_DAILY:
      return g_date_time_add_days (midnight, 1);
    case PARLANCE_OPENROUTER_LIMIT_RESET_WEEKLY:
      /* Monday is 1, Sunday 7: from Monday, 7 days on; from Sunday, 1. */
      return g_date_time_add_days (midnight, 8 - g_date_time_get_day_of_week (utc));
    case PARLANCE_OPENROUTER_LIMIT_RESET_MONTHLY:
      return g_date_time_new_utc (g_date_time_get_month (utc) == 12 ? g_date_time_get_year (utc) + 1
                                                                     : g_date_time_get_year (utc),
                                  g_date_time_get_month (utc) % 12 + 1, 1, 0, 0, 0);
    case PARLANCE_OPENROUTER_LIMIT_RESET_NEVER:
    case PARLANCE_OPENROUTER_LIMIT_RESET_UNKNOWN:
    default:
      return NULL;
    }
}

/* Fetching */

typedef struct
{
  ParlanceProvider   *snapshot;
  ParlanceChatClient *client;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->client);
  g_clear_object (&fetch->snapshot);
  g_free (fetch);
}

static void
key_fetched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  ParlanceOpenrouterKeyInfo *info;
  gconstpointer data;
  gsize len = 0;

  bytes = parlance_chat_client_get_bytes_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  info = parlance_openrouter_key_info_new_from_data (data, len, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) parlance_openrouter_key_info_free);
}

static void
fetch_with (GTask            *task,
            ParlanceProvider *bound,
            const char       *key)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch->client = parlance_chat_client_new (bound);
  parlance_chat_client_set_idle_timeout (fetch->client, 30);
  parlance_chat_client_get_bytes_async (fetch->client, "key", key, PARLANCE_OPENROUTER_KEY_MAX_SIZE,
                                        g_task_get_cancellable (task), key_fetched,
                                        g_object_ref (task));
}

static void
key_looked_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(ParlanceProvider) bound = NULL;
  GError *error = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL, &headers, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (key == NULL)
    {
      g_task_return_new_error (task, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NO_KEY,
                               _("%s has no key yet."), parlance_provider_get_name (fetch->snapshot));
      return;
    }

  /* The key goes where it was looked up for, with the secret headers bound there. */
  bound = parlance_provider_dup_with_headers (fetch->snapshot, headers);
  fetch_with (task, bound, key);
  parlance_key_store_free_key (key);
}

/* Both fetches' task: the provider's snapshot, taken now, is where the key will go. */
static GTask *
fetch_task_new (ParlanceProvider    *provider,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, parlance_openrouter_key_fetch_async);
  fetch->snapshot = parlance_provider_dup_snapshot (provider);
  g_task_set_task_data (task, fetch, fetch_free);
  return task;
}

/**
 * parlance_openrouter_key_fetch_async:
 * @key_store: (nullable): where the key is, %NULL for the default store
 * @provider: OpenRouter; a snapshot is taken now, and the key looked up for it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key's state, or an error
 * @user_data: data for @callback
 *
 * Asks OpenRouter (`GET key` under @provider's address) what it knows of the key: credits,
 * limit and reset, usage, tier.
 */
void
parlance_openrouter_key_fetch_async (ParlanceKeyStore    *key_store,
                                     ParlanceProvider    *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (key_store == NULL || PARLANCE_IS_KEY_STORE (key_store));
  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  if (key_store == NULL)
    key_store = parlance_key_store_get_default ();

  task = fetch_task_new (provider, cancellable, callback, user_data);
  fetch = g_task_get_task_data (task);
  parlance_key_store_lookup_for_async (key_store, fetch->snapshot, cancellable, key_looked_up, task);
}

/**
 * parlance_openrouter_key_fetch_with_key_async:
 * @provider: OpenRouter, with the secret headers the key was looked up with
 *   (parlance_provider_dup_with_headers ()); a snapshot is taken now
 * @api_key: (nullable): @provider's key, looked up by the caller for @provider: it goes to
 *   @provider's address as it is now, and nowhere else
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key's state, or an error
 * @user_data: data for @callback
 *
 * parlance_openrouter_key_fetch_async () for a caller that looked the key up itself (the
 * command line, which says where the key came from). Finish it with
 * parlance_openrouter_key_fetch_finish ().
 */
void
parlance_openrouter_key_fetch_with_key_async (ParlanceProvider    *provider,
                                              const char          *api_key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (PARLANCE_IS_PROVIDER (provider));

  task = fetch_task_new (provider, cancellable, callback, user_data);
  fetch = g_task_get_task_data (task);
  fetch_with (task, fetch->snapshot, api_key);
}

/**
 * parlance_openrouter_key_fetch_finish:
 * @result: the #GAsyncResult
 * @error: a %PARLANCE_API_ERROR (%PARLANCE_API_ERROR_NO_KEY without a key), a
 *   %PARLANCE_KEY_STORE_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the key's state
 */
ParlanceOpenrouterKeyInfo *
parlance_openrouter_key_fetch_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == parlance_openrouter_key_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
