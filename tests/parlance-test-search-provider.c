/* parlance-test-search-provider.c — GNOME Shell's search, asked with `gdbus call` on a private bus.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-store.h"
#include "parlance-test-search-provider.h"
#include "parlance-test-utils.h"

static gint64
add_conversation (ParlanceStore *store,
                  const char    *title)
{
  g_autoptr(ParlanceConversation) conversation = parlance_conversation_new ();
  g_autoptr(GError) error = NULL;

  parlance_conversation_set_title (conversation, title);
  g_assert_true (parlance_store_create_conversation (store, conversation, &error));
  g_assert_no_error (error);
  return parlance_conversation_get_id (conversation);
}

static gint64
add_message (ParlanceStore *store,
             gint64         conversation_id,
             ParlanceRole   role,
             const char    *text)
{
  g_autoptr(ParlanceMessage) message = parlance_message_new (role, text);
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_add_message (store, conversation_id, message, &error));
  g_assert_no_error (error);
  return parlance_message_get_id (message);
}

/**
 * parlance_test_search_make_store:
 *
 * Writes three conversations into the default database ($XDG_DATA_HOME, private to the test).
 */
void
parlance_test_search_make_store (ParlanceTestSearchStore *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParlanceStore) store = parlance_store_open (NULL, &error);

  g_assert_no_error (error);

  ids->trip = add_conversation (store, "Trip to Zürich");
  add_message (store, ids->trip, PARLANCE_ROLE_USER, "Where should we walk in Zürich?");
  ids->trip_lake = add_message (store, ids->trip, PARLANCE_ROLE_ASSISTANT,
                                "We walked along the lake in Zürich\nand <b>fed</b> the swans.");

  ids->bread = add_conversation (store, "Bread");
  add_message (store, ids->bread, PARLANCE_ROLE_USER, "How long does sourdough rise?");
  add_message (store, ids->bread, PARLANCE_ROLE_ASSISTANT, "Overnight, in a cool kitchen.");

  ids->cafe = add_conversation (store, "Coffee");
  ids->cafe_match = add_message (store, ids->cafe, PARLANCE_ROLE_USER,
                                 "Which café in Zurich roasts its own beans?");
}

/* A file data/meson.build made, by its suffix after the app id (".search-provider.ini"). */
char *
parlance_test_search_built_data_file (const char *suffix)
{
  g_autofree char *name = g_strconcat (APPLICATION_ID, suffix, NULL);

  return g_test_build_filename (G_TEST_BUILT, "..", "data", name, NULL);
}

/* Where the installed search-provider.ini tells the Shell to ask. */
static void
provider_address (char **bus_name,
                  char **object_path)
{
  g_autofree char *path = parlance_test_search_built_data_file (".search-provider.ini");
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  *bus_name = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  g_assert_no_error (error);
  *object_path = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", NULL), ==, 2);
}

static void
communicated (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GStrv out = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &out[0], &out[1], &error);
  g_assert_no_error (error);
  out[2] = (char *) 1;
}

/**
 * parlance_test_search_call:
 * @...: the method's arguments as `gdbus call` reads them (GVariant text), then NULL
 *
 * Runs `gdbus call` on the session bus (the test's private one) while the main context turns,
 * so that an application in this process can answer.
 *
 * Returns: (transfer full) (nullable): the reply, or NULL with @error holding what gdbus said
 */
GVariant *
parlance_test_search_call (const char  *method,
                           GError     **error,
                           ...)
{
  g_autofree char *bus_name = NULL, *object_path = NULL, *full_method = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) gdbus = NULL;
  g_autoptr(GError) local_error = NULL;
  char *out[3] = { NULL, NULL, NULL };
  g_autofree char *std_out = NULL, *std_err = NULL;
  GVariant *reply;
  const char *arg;
  va_list args;

  provider_address (&bus_name, &object_path);
  full_method = g_strconcat ("org.gnome.Shell.SearchProvider2.", method, NULL);
  g_ptr_array_add (argv, (char *) "gdbus");
  g_ptr_array_add (argv, (char *) "call");
  g_ptr_array_add (argv, (char *) "--session");
  g_ptr_array_add (argv, (char *) "--timeout=30");
  g_ptr_array_add (argv, (char *) "--dest");
  g_ptr_array_add (argv, bus_name);
  g_ptr_array_add (argv, (char *) "--object-path");
  g_ptr_array_add (argv, object_path);
  g_ptr_array_add (argv, (char *) "--method");
  g_ptr_array_add (argv, full_method);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  gdbus = g_subprocess_newv ((const char * const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &local_error);
  g_assert_no_error (local_error);
  g_subprocess_communicate_utf8_async (gdbus, NULL, NULL, communicated, out);
  parlance_test_wait_for (out[2] != NULL, 40000);
  std_out = out[0];
  std_err = out[1];

  if (!g_subprocess_get_successful (gdbus))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", std_err);
      return NULL;
    }
  g_assert_cmpstr (std_err, ==, "");
  reply = g_variant_parse (NULL, std_out, NULL, NULL, &local_error);
  g_assert_no_error (local_error);
  return reply;
}

/* The ids a GetInitialResultSet or GetSubsearchResultSet answered, which must be a success. */
GStrv
parlance_test_search_results (const char *method,
                              ...)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[3] = { NULL, NULL, NULL };
  GStrv ids;
  va_list ap;

  va_start (ap, method);
  for (guint i = 0; i < 2 && (args[i] = va_arg (ap, const char *)) != NULL; i++)
    ;
  va_end (ap);

  reply = parlance_test_search_call (method, &error, args[0], args[1], NULL);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(as)")));
  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

char *
parlance_test_search_id (gint64 conversation_id,
                         gint64 message_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, conversation_id, message_id);
}
