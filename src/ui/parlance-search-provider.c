/* parlance-search-provider.c — GNOME Shell's search (org.gnome.Shell.SearchProvider2), exported
 * by the application on its own D-Bus connection: the Activities overview finds conversations.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-conversation-private.h"
#include "parlance-search-provider.h"
#include "parlance-store.h"

/* The Shell shows a handful; more is work nobody sees. */
#define MAX_RESULTS       20
/* Matches asked of the store: several can be in one conversation, which is one result; each
 * costs a snippet (200 took 5 times as long as 40 on the 200,000-message store). */
#define SEARCH_LIMIT      40
/* What the Shell sends is bounded before it becomes a query. */
#define MAX_QUERY_BYTES   1024
#define MAX_DESCRIPTION   200
/* Metas are kept for the ids handed out; dropped all at once past this many. */
#define MAX_CACHED_METAS  1000

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  char *name;
  char *description;
} Meta;

struct _ParlanceSearchProvider
{
  GObject          parent_instance;

  GApplication    *application;      /* weak: it owns us */
  GDBusConnection *connection;
  guint            registration_id;

  ParlanceStore   *store;            /* opened at the first search */
  gboolean         opening;
  GQueue           waiting;          /* SearchRequest for the store to open */
  GCancellable    *cancellable;      /* the newest search's: a newer one cancels it */
  GCancellable    *open_cancellable;

  GHashTable      *metas;            /* result id → Meta */
  GIcon           *icon;
};

G_DEFINE_FINAL_TYPE (ParlanceSearchProvider, parlance_search_provider, G_TYPE_OBJECT)

typedef struct
{
  ParlanceSearchProvider *self;
  GDBusMethodInvocation  *invocation;
  GCancellable           *cancellable;
  char                   *query;
} SearchRequest;

static void
meta_free (Meta *meta)
{
  g_free (meta->name);
  g_free (meta->description);
  g_free (meta);
}

/**
 * parlance_search_provider_make_id:
 *
 * Returns: (transfer full): the Shell's id for a match
 */
char *
parlance_search_provider_make_id (gint64 conversation_id,
                                  gint64 message_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, conversation_id, message_id);
}

/**
 * parlance_search_provider_parse_id:
 *
 * Reads back what parlance_search_provider_make_id () made: a conversation id above 0 and a
 * message id of 0 or more. Anything else is FALSE (the Shell could hand us any string).
 */
gboolean
parlance_search_provider_parse_id (const char *id,
                                   gint64     *conversation_id,
                                   gint64     *message_id)
{
  g_auto(GStrv) parts = NULL;
  guint64 conversation, message;

  g_return_val_if_fail (id != NULL, FALSE);

  parts = g_strsplit (id, ":", 3);
  if (g_strv_length (parts) != 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &conversation, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &message, NULL))
    return FALSE;

  if (conversation_id != NULL)
    *conversation_id = (gint64) conversation;
  if (message_id != NULL)
    *message_id = (gint64) message;
  return TRUE;
}

/* The terms as one query, bounded (at a character boundary). */
static char *
join_terms (GVariant *terms)
{
  g_autofree const char **strv = g_variant_get_strv (terms, NULL);
  g_autofree char *joined = g_strjoinv (" ", (char **) strv);
  const char *end;

  if (strlen (joined) > MAX_QUERY_BYTES)
    {
      end = g_utf8_find_prev_char (joined, joined + MAX_QUERY_BYTES + 1);
      joined[end != NULL ? end - joined : 0] = '\0';
    }
  return g_steal_pointer (&joined);
}

/* Plain text for one line of the Shell: the match marks and control characters out, every run
 * of white space one space, at most MAX_DESCRIPTION characters. The Shell escapes it itself. */
static char *
one_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *line = g_string_new (NULL);
  gboolean space = FALSE;
  guint chars = 0;

  for (const char *p = valid; *p != '\0' && chars < MAX_DESCRIPTION; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == (gunichar) PARLANCE_SEARCH_MARK_START[0] || c == (gunichar) PARLANCE_SEARCH_MARK_END[0])
        continue;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT || g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
          g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR)
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (line, ' ');
          chars++;
          space = FALSE;
        }
      g_string_append_unichar (line, c);
      chars++;
    }
  return g_string_free (line, FALSE);
}

static void
remember_meta (ParlanceSearchProvider     *self,
               const char                 *id,
               const ParlanceSearchResult *result)
{
  Meta *meta = g_new0 (Meta, 1);
  /* Cleaned as the sidebar cleans it: escape sequences whole, bidi overrides out. */
  g_autofree char *title = _parlance_conversation_clean_title (result->title);

  meta->name = one_line (title);
  if (meta->name[0] == '\0')
    {
      g_free (meta->name);
      meta->name = g_strdup (_("New Conversation"));
    }
  meta->description = one_line (result->snippet);
  if (g_hash_table_size (self->metas) >= MAX_CACHED_METAS)
    g_hash_table_remove_all (self->metas);
  g_hash_table_replace (self->metas, g_strdup (id), meta);
}

static void
search_request_finish (SearchRequest *request,
                       GVariant      *reply)
{
  ParlanceSearchProvider *self = request->self;

  if (reply != NULL)
    g_dbus_method_invocation_return_value (request->invocation, reply);
  if (self->application != NULL)
    g_application_release (self->application);

  g_clear_object (&request->invocation);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->query, g_free);
  g_clear_object (&request->self);
  g_free (request);
}

static GVariant *
no_results (void)
{
  return g_variant_new ("(as)", NULL);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SearchRequest *request = user_data;
  ParlanceSearchProvider *self = request->self;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder ids;

  results = parlance_store_search_finish (PARLANCE_STORE (object), result, &error);
  if (results == NULL)
    {
      /* A newer search replaced this one: the Shell no longer waits for its answer. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        search_request_finish (request, no_results ());
      else
        {
          g_dbus_method_invocation_return_error_literal (request->invocation, G_DBUS_ERROR,
                                                         G_DBUS_ERROR_FAILED, error->message);
          search_request_finish (request, NULL);
        }
      return;
    }

  /* One result per conversation: its best match (they come best first). */
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_variant_builder_init (&ids, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < results->len && g_hash_table_size (seen) < MAX_RESULTS; i++)
    {
      ParlanceSearchResult *match = g_ptr_array_index (results, i);
      g_autofree char *id = NULL;

      if (g_hash_table_contains (seen, &match->conversation_id))
        continue;
      g_hash_table_add (seen, g_memdup2 (&match->conversation_id, sizeof (gint64)));

      id = parlance_search_provider_make_id (match->conversation_id, match->message_id);
      remember_meta (self, id, match);
      g_variant_builder_add (&ids, "s", id);
    }
  search_request_finish (request, g_variant_new ("(as)", &ids));
}

static void
run_search (SearchRequest *request)
{
  if (g_cancellable_is_cancelled (request->cancellable))
    {
      search_request_finish (request, no_results ());
      return;
    }
  parlance_store_search_async (request->self->store, request->query, SEARCH_LIMIT,
                               request->cancellable, search_done, request);
}

static void
store_opened (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ParlanceSearchProvider) self = user_data;
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SearchRequest *request;

  self->opening = FALSE;
  store = parlance_store_open_finish (result, &error);
  if (store != NULL)
    g_set_object (&self->store, store);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Search provider: %s", error->message);

  while ((request = g_queue_pop_head (&self->waiting)) != NULL)
    {
      if (self->store != NULL)
        run_search (request);
      else
        {
          /* The app's window says what is wrong with the database; the Shell can't. */
          g_dbus_method_invocation_return_error_literal (request->invocation, G_DBUS_ERROR,
                                                         G_DBUS_ERROR_FAILED,
                                                         error != NULL ? error->message : "");
          search_request_finish (request, NULL);
        }
    }
}

/* Replies to @invocation when the search is done, off the main thread; the application stays
 * up (a D-Bus activated service) until then. */
static void
start_search (ParlanceSearchProvider *self,
              GDBusMethodInvocation  *invocation,
              GVariant               *terms)
{
  SearchRequest *request;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  request = g_new0 (SearchRequest, 1);
  request->self = g_object_ref (self);
  request->invocation = g_object_ref (invocation);
  request->cancellable = g_object_ref (self->cancellable);
  request->query = join_terms (terms);
  if (self->application != NULL)
    g_application_hold (self->application);

  if (self->store != NULL)
    {
      run_search (request);
      return;
    }

  g_queue_push_tail (&self->waiting, request);
  if (!self->opening)
    {
      self->opening = TRUE;
      parlance_store_open_async (NULL, self->open_cancellable, store_opened, g_object_ref (self));
    }
}

static GVariant *
result_metas (ParlanceSearchProvider *self,
              GVariant               *identifiers)
{
  g_autoptr(GVariant) serialized_icon = g_icon_serialize (self->icon);
  GVariantBuilder metas;
  GVariantIter iter;
  const char *id;

  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, identifiers);
  while (g_variant_iter_next (&iter, "&s", &id))
    {
      Meta *meta = g_hash_table_lookup (self->metas, id);

      /* Only ids we handed out have metas; the Shell leaves the others out. */
      if (meta == NULL)
        continue;
      g_variant_builder_open (&metas, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&metas, "{sv}", "id", g_variant_new_string (id));
      g_variant_builder_add (&metas, "{sv}", "name", g_variant_new_string (meta->name));
      if (meta->description[0] != '\0')
        g_variant_builder_add (&metas, "{sv}", "description", g_variant_new_string (meta->description));
      g_variant_builder_add (&metas, "{sv}", "icon", serialized_icon);
      g_variant_builder_close (&metas);
    }
  return g_variant_new ("(aa{sv})", &metas);
}

/* The application's action when it has it (the window's search and conversations), or else
 * just the application brought up. */
static void
activate_action (ParlanceSearchProvider *self,
                 const char             *name,
                 GVariant               *parameter)
{
  g_autoptr(GVariant) owned = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  if (self->application == NULL)
    return;
  if (g_action_group_has_action (G_ACTION_GROUP (self->application), name))
    g_action_group_activate_action (G_ACTION_GROUP (self->application), name, owned);
  else
    g_application_activate (self->application);
}

/* The result opens with @terms highlighted in it (app.open-message-terms); an application
 * with only the documented app.open-message opens it all the same. */
static void
activate_result (ParlanceSearchProvider *self,
                 GDBusMethodInvocation  *invocation,
                 const char             *id,
                 GVariant               *terms)
{
  gint64 conversation_id, message_id;
  g_autofree char *query = join_terms (terms);

  if (!parlance_search_provider_parse_id (id, &conversation_id, &message_id))
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "Not a Parlance search result: “%s”", id);
      return;
    }
  if (self->application != NULL &&
      g_action_group_has_action (G_ACTION_GROUP (self->application), "open-message-terms"))
    activate_action (self, "open-message-terms", g_variant_new ("(xxs)", conversation_id, message_id, query));
  else
    activate_action (self, "open-message", g_variant_new ("(xx)", conversation_id, message_id));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  ParlanceSearchProvider *self = user_data;

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);
      start_search (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      /* A prefix index answers a longer query as fast as filtering the previous results. */
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 1);
      start_search (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autoptr(GVariant) ids = g_variant_get_child_value (parameters, 0);
      g_dbus_method_invocation_return_value (invocation, result_metas (self, ids));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *id;
      g_autoptr(GVariant) terms = NULL;

      g_variant_get (parameters, "(&s@asu)", &id, &terms, NULL);
      activate_result (self, invocation, id, terms);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);
      g_autofree char *query = join_terms (terms);

      activate_action (self, "search", g_variant_new_string (query));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_assert_not_reached ();
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };

/**
 * parlance_search_provider_export:
 * @object_path: where the Shell finds it: the application's object path
 *   + PARLANCE_SEARCH_PROVIDER_PATH_SUFFIX
 *
 * Returns: whether it was exported
 */
gboolean
parlance_search_provider_export (ParlanceSearchProvider  *self,
                                 GDBusConnection         *connection,
                                 const char              *object_path,
                                 GError                 **error)
{
  static GDBusNodeInfo *info;

  g_return_val_if_fail (PARLANCE_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, g_dbus_node_info_new_for_xml (introspection_xml, NULL));

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             info->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;
  g_set_object (&self->connection, connection);
  return TRUE;
}

void
parlance_search_provider_unexport (ParlanceSearchProvider *self)
{
  g_return_if_fail (PARLANCE_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

ParlanceSearchProvider *
parlance_search_provider_new (GApplication *application)
{
  ParlanceSearchProvider *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (PARLANCE_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  return self;
}

static void
parlance_search_provider_dispose (GObject *object)
{
  ParlanceSearchProvider *self = PARLANCE_SEARCH_PROVIDER (object);

  parlance_search_provider_unexport (self);
  g_cancellable_cancel (self->open_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;

  G_OBJECT_CLASS (parlance_search_provider_parent_class)->dispose (object);
}

static void
parlance_search_provider_finalize (GObject *object)
{
  ParlanceSearchProvider *self = PARLANCE_SEARCH_PROVIDER (object);

  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->icon);
  g_clear_pointer (&self->metas, g_hash_table_unref);

  G_OBJECT_CLASS (parlance_search_provider_parent_class)->finalize (object);
}

static void
parlance_search_provider_class_init (ParlanceSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlance_search_provider_dispose;
  object_class->finalize = parlance_search_provider_finalize;
}

static void
parlance_search_provider_init (ParlanceSearchProvider *self)
{
  g_queue_init (&self->waiting);
  self->open_cancellable = g_cancellable_new ();
  self->metas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) meta_free);
  self->icon = g_themed_icon_new (APPLICATION_ID);
}
