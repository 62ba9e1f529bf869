/* parlance-cli-chat-fallback.c — `parlance-cli chat --fallback MODEL[,MODEL…]` and --free-only:
 * the models asked in turn, and what --json says of them.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model of -m is asked first, then the fallbacks in order, each in a new request, when a
 * model fails before saying anything with a rate limit, 502, 503, "No endpoints found" or a spent
 * daily quota (parlance-retry-plan.c decides; parlance-cli-chat-wait.c). On the command line the
 * free-only guard applies only with --free-only: then a model the provider's catalogue prices
 * above zero is never asked, -m
 * included, and one it does not list only when named with -m or --fallback (not one taken from
 * $PARLANCE_MODEL, a conversation or the default).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-cli-chat-private.h"

/* --fallback: comma-separated models, blanks around them ignored. */
int
_parlance_cli_chat_take_fallback (Chat        *chat,
                                  ChatOptions *o)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  chat->free_only = o->free_only;
  chat->model_named = o->model != NULL;
  if (o->fallback == NULL)
    return PARLANCE_CLI_CHAT_GO_ON;

  parts = g_strsplit (o->fallback, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *model = g_strstrip (parts[i]);

      if (*model == '\0')
        continue;
      if (++n > PARLANCE_ROUTING_MAX_ENTRIES)
        {
          g_printerr (_("--fallback takes at most %d models.\n"), PARLANCE_ROUTING_MAX_ENTRIES);
          return PARLANCE_CLI_EXIT_USAGE;
        }
      g_strv_builder_add (builder, model);
    }
  if (n == 0)
    {
      g_printerr (_("--fallback needs at least one model: --fallback MODEL[,MODEL…]\n"));
      return PARLANCE_CLI_EXIT_USAGE;
    }
  chat->fallback_models = g_strv_builder_end (builder);
  return PARLANCE_CLI_CHAT_GO_ON;
}

static void
fill_chain (Chat *chat)
{
  chat->chain = parlance_fallback_chain_new ();
  parlance_fallback_chain_set_free_only (chat->chain, chat->free_only);
  parlance_fallback_chain_set_catalog (chat->chain, chat->free_only ? chat->catalog : NULL);
  /* Guarded only when asked: the model a user chose is theirs to pay for. */
  parlance_fallback_chain_add (chat->chain, chat->model, chat->model_named, chat->free_only);
  for (guint i = 0; chat->fallback_models != NULL && chat->fallback_models[i] != NULL; i++)
    parlance_fallback_chain_add (chat->chain, chat->fallback_models[i], TRUE, chat->free_only);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chat *chat = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Without prices every model is unlisted: only those named are asked. Said, not fatal. */
  if (!parlance_model_catalog_refresh_finish (PARLANCE_MODEL_CATALOG (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr (_("The list of models could not be read (%s): only the models named are asked.\n"),
                error->message);
  fill_chain (chat);
  g_task_return_boolean (task, TRUE);
}

static void
cached_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chat *chat = g_task_get_task_data (task);
  ParlanceModelCatalog *catalog = PARLANCE_MODEL_CATALOG (object);
  gboolean loaded = parlance_model_catalog_load_cached_finish (catalog, result, NULL);

  /* Without --free-only the saved list only gives the context to check (none: no check). */
  if (!chat->free_only)
    {
      fill_chain (chat);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* A day-old list knows which models are paid well enough; an older one is read again. */
  if (loaded && !parlance_model_catalog_get_is_stale (catalog, 24 * 3600))
    {
      fill_chain (chat);
      g_task_return_boolean (task, TRUE);
      return;
    }
  parlance_model_catalog_refresh_async (catalog, chat->key, chat->cancellable, refreshed_cb,
                                        g_steal_pointer (&task));
}

/**
 * _parlance_cli_chat_prepare_chain_async:
 *
 * Makes chat->chain, reading the provider's saved catalogue first (its context lengths are
 * checked before sending) and, with --free-only, asking for it again when it is over a day old
 * (after the key is known: a provider may list its models only to a key).
 */
void
_parlance_cli_chat_prepare_chain_async (Chat                *chat,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, chat->cancellable, callback, user_data);

  g_task_set_source_tag (task, _parlance_cli_chat_prepare_chain_async);
  g_task_set_task_data (task, chat, NULL);
  chat->requested_model = g_strdup (chat->model);
  chat->catalog = parlance_model_catalog_new (chat->provider);
  parlance_model_catalog_load_cached_async (chat->catalog, chat->cancellable, cached_cb,
                                            g_steal_pointer (&task));
}

gboolean
_parlance_cli_chat_prepare_chain_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

#define COST_PLACEHOLDER_JSON "\"\\u0001parlance-exact-cost\\u0001\""

/**
 * _parlance_cli_chat_dup_json_extras:
 *
 * Returns: (transfer full): the members --json adds, as JSON text without its braces, each
 *   line ending in a comma: "model" when the reply did not name it, "requested_model",
 *   "attempts" and the exact "cost" when known
 */
char *
_parlance_cli_chat_dup_json_extras (Chat *chat)
{
  g_autoptr(JsonObject) extras = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cost_text = NULL;
  GString *out;
  const char *current = chat->chain != NULL ? parlance_fallback_chain_get_current (chat->chain) : NULL;
  double cost;
  gsize len;

  if (chat->reply != NULL && parlance_chat_reply_get_model (chat->reply) == NULL)
    json_object_set_string_member (extras, "model", current != NULL ? current : chat->model);
  json_object_set_string_member (extras, "requested_model",
                                 chat->requested_model != NULL ? chat->requested_model : chat->model);
  json_object_set_array_member (extras, "attempts",
                                chat->chain != NULL ? parlance_fallback_chain_dup_attempts (chat->chain)
                                                    : json_array_new ());
  /* Exact: the digits of the pico-dollars, never a double's "3.69e-05". */
  if (chat->reply != NULL && parlance_chat_reply_get_cost (chat->reply, &cost))
    cost_text = parlance_cost_pico_to_string (parlance_cost_pico_from_double (cost));
  if (cost_text != NULL)
    json_object_set_string_member (extras, "cost", "\001parlance-exact-cost\001");
  if (chat->estimated_prompt_tokens >= 0)
    json_object_set_int_member (extras, "estimated_prompt_tokens", chat->estimated_prompt_tokens);

  node = json_node_init_object (json_node_alloc (), extras);
  text = json_to_string (node, TRUE);
  /* "{\n  …\n}": the members, their last line given a comma. */
  len = strlen (text);
  g_assert (len >= 2 && text[0] == '{' && text[len - 1] == '}');
  out = g_string_new_len (text + 2, len - 4);
  g_string_append (out, ",");
  if (cost_text != NULL)
    {
      char *found = strstr (out->str, COST_PLACEHOLDER_JSON);

      g_assert (found != NULL);
      g_string_erase (out, found - out->str, strlen (COST_PLACEHOLDER_JSON));
      g_string_insert (out, found - out->str, cost_text);
    }
  return g_string_free (out, FALSE);
}
