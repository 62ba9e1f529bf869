/* test-search-provider.c — GNOME Shell's search over D-Bus: the application in this process,
 * on a private session bus, asked by `gdbus call` as the Shell would ask it.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "parlance-application.h"
#include "parlance-chat-session.h"
#include "parlance-message-list.h"
#include "parlance-search-pane.h"
#include "parlance-search-provider.h"
#include "parlance-store.h"
#include "parlance-test-search-provider.h"
#include "parlance-test-ui.h"
#include "parlance-test-utils.h"
#include "parlance-window.h"

static ParlanceTestSearchStore ids;
static ParlanceApplication *app;

/* What the provider asked of the application's actions. */
static GVariant *opened;     /* (xxs) of app.open-message-terms */
static GVariant *searched;   /* s of app.search */
static guint     n_activations;

static void
record (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       user_data)
{
  GVariant **slot = user_data;

  g_clear_pointer (slot, g_variant_unref);
  *slot = g_variant_ref (parameter);
  n_activations++;
}

/* The application's own action when it has one (the UI's), else one of ours with its type:
 * either way the test sees what it was given. */
static void
watch_action (const char         *name,
              const GVariantType *type,
              GVariant          **slot)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), name);

  if (action == NULL)
    {
      action = G_ACTION (g_simple_action_new (name, type));
      g_action_map_add_action (G_ACTION_MAP (app), action);
      g_object_unref (action);
    }
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action), type));
  g_signal_connect (action, "activate", G_CALLBACK (record), slot);
}

static ParlanceWindow *
the_window (void)
{
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (app)); w != NULL; w = w->next)
    if (PARLANCE_IS_WINDOW (w->data) && gtk_widget_get_mapped (w->data))
      return w->data;
  return NULL;
}

static gint64
open_conversation (void)
{
  ParlanceConversation *conversation;

  if (the_window () == NULL)
    return 0;
  conversation = parlance_chat_session_get_conversation (parlance_window_get_session (the_window ()));
  return conversation != NULL ? parlance_conversation_get_id (conversation) : 0;
}

static gint64
highlighted_message (void)
{
  GtkWidget *list;

  if (the_window () == NULL)
    return 0;
  list = parlance_test_ui_find (GTK_WIDGET (the_window ()), PARLANCE_TYPE_MESSAGE_LIST, NULL);
  return list != NULL ? parlance_message_list_get_highlighted (PARLANCE_MESSAGE_LIST (list)) : 0;
}

static const char *
search_text (void)
{
  GtkWidget *pane;

  if (the_window () == NULL)
    return NULL;
  pane = parlance_test_ui_find (GTK_WIDGET (the_window ()), PARLANCE_TYPE_SEARCH_PANE, NULL);
  return pane != NULL && gtk_widget_get_mapped (pane) ? parlance_search_pane_get_text (PARLANCE_SEARCH_PANE (pane)) : NULL;
}

static gboolean
strv_has (GStrv       strv,
          const char *id)
{
  return g_strv_contains ((const char * const *) strv, id);
}

static void
test_initial_result_set (void)
{
  g_autofree char *lake = parlance_test_search_id (ids.trip, ids.trip_lake);
  g_autofree char *cafe = parlance_test_search_id (ids.cafe, ids.cafe_match);
  g_auto(GStrv) zur = parlance_test_search_results ("GetInitialResultSet", "['zur']", NULL);
  g_auto(GStrv) lake_swans = parlance_test_search_results ("GetInitialResultSet", "['swa', 'lake']", NULL);
  g_auto(GStrv) none = parlance_test_search_results ("GetInitialResultSet", "['xylophone']", NULL);

  /* A prefix, without its diacritics, finds both conversations: one result each, although
   * the trip has two messages and a title that match. */
  g_assert_cmpuint (g_strv_length (zur), ==, 2);
  g_assert_true (strv_has (zur, cafe));
  for (guint i = 0; zur[i] != NULL; i++)
    {
      gint64 conversation_id = 0;

      g_assert_true (parlance_search_provider_parse_id (zur[i], &conversation_id, NULL));
      g_assert_true (conversation_id == ids.trip || conversation_id == ids.cafe);
    }

  g_assert_cmpstrv (lake_swans, ((const char *[]) { lake, NULL }));
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_subsearch_result_set (void)
{
  g_autofree char *lake = parlance_test_search_id (ids.trip, ids.trip_lake);
  g_auto(GStrv) zur = parlance_test_search_results ("GetInitialResultSet", "['zur']", NULL);
  g_autofree char *previous = g_variant_print (g_variant_new_strv ((const char * const *) zur, -1), FALSE);
  g_auto(GStrv) narrower = parlance_test_search_results ("GetSubsearchResultSet", previous,
                                                         "['zur', 'lak']", NULL);

  g_assert_cmpstrv (narrower, ((const char *[]) { lake, NULL }));
}

static GVariant *
lookup_meta (GVariant   *metas,
             const char *id)
{
  for (gsize i = 0; i < g_variant_n_children (metas); i++)
    {
      g_autoptr(GVariant) meta = g_variant_get_child_value (metas, i);
      const char *meta_id = NULL;

      if (g_variant_lookup (meta, "id", "&s", &meta_id) && g_str_equal (meta_id, id))
        return g_steal_pointer (&meta);
    }
  return NULL;
}

static void
test_result_metas (void)
{
  g_autofree char *lake = parlance_test_search_id (ids.trip, ids.trip_lake);
  g_auto(GStrv) found = parlance_test_search_results ("GetInitialResultSet", "['swans']", NULL);
  g_autoptr(GVariant) reply = NULL, metas = NULL, meta = NULL, icon_data = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *asked = g_strdup_printf ("['%s', '999999:1', 'not an id']", lake);
  const char *name, *description;

  g_assert_cmpstrv (found, ((const char *[]) { lake, NULL }));
  reply = parlance_test_search_call ("GetResultMetas", &error, asked, NULL);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  g_assert_true (g_variant_is_of_type (metas, G_VARIANT_TYPE ("aa{sv}")));
  /* Ids it never handed out have no metas. */
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);

  meta = lookup_meta (metas, lake);
  g_assert_nonnull (meta);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "Trip to Zürich");
  /* The snippet as one line of plain text: no match marks, no line break; the Shell escapes
   * it, so the message's own "<b>" stays text. */
  g_assert_true (g_variant_lookup (meta, "description", "&s", &description));
  g_assert_nonnull (strstr (description, "swans"));
  g_assert_null (strchr (description, PARLANCE_SEARCH_MARK_START[0]));
  g_assert_null (strchr (description, PARLANCE_SEARCH_MARK_END[0]));
  g_assert_null (strchr (description, '\n'));
  icon_data = g_variant_lookup_value (meta, "icon", NULL);
  g_assert_nonnull (icon_data);
  icon = g_icon_deserialize (icon_data);
  g_assert_true (G_IS_THEMED_ICON (icon));
  g_assert_cmpstr (g_themed_icon_get_names (G_THEMED_ICON (icon))[0], ==, APPLICATION_ID);
}

static void
test_activate_result (void)
{
  g_autofree char *lake = parlance_test_search_id (ids.trip, ids.trip_lake);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversation_id = 0, message_id = 0;
  const char *terms = NULL;

  g_clear_pointer (&opened, g_variant_unref);
  reply = parlance_test_search_call ("ActivateResult", &error, lake, "['swans', 'Zür']", "0", NULL);
  g_assert_no_error (error);

  /* The provider answers once it asked for the conversation: it is asked by now, with the
   * terms (app.open-message, without them, stays as documented). */
  parlance_test_wait_for (opened != NULL, 10000);
  g_variant_get (opened, "(xx&s)", &conversation_id, &message_id, &terms);
  g_assert_cmpint (conversation_id, ==, ids.trip);
  g_assert_cmpint (message_id, ==, ids.trip_lake);
  g_assert_cmpstr (terms, ==, "swans Zür");

  /* The application had no window (as when the bus starts it): one shows the conversation,
   * at the message, the words found highlighted in it. */
  parlance_test_wait_for (open_conversation () == ids.trip && highlighted_message () == ids.trip_lake, 10000);
  {
    GtkWidget *list = parlance_test_ui_find (GTK_WIDGET (the_window ()), PARLANCE_TYPE_MESSAGE_LIST, NULL);
    GtkWidget *row = parlance_message_list_get_row (PARLANCE_MESSAGE_LIST (list), ids.trip_lake);
    GtkWidget *text = parlance_test_ui_find (row, GTK_TYPE_LABEL, "message-text");
    PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (text));
    GSList *marks = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
    const char *shown = gtk_label_get_text (GTK_LABEL (text));
    gboolean swans = FALSE, zurich = FALSE;

    for (GSList *l = marks; l != NULL; l = l->next)
      {
        PangoAttribute *mark = l->data;

        swans |= strncmp (shown + mark->start_index, "swans", 5) == 0;
        zurich |= strncmp (shown + mark->start_index, "Zürich", strlen ("Zürich")) == 0;
      }
    g_slist_free_full (marks, (GDestroyNotify) pango_attribute_destroy);
    g_assert_true (swans);
    g_assert_true (zurich);
  }
}

static void
test_launch_search (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&searched, g_variant_unref);
  reply = parlance_test_search_call ("LaunchSearch", &error, "['lake', 'Zür']", "0", NULL);
  g_assert_no_error (error);
  parlance_test_wait_for (searched != NULL, 10000);
  g_assert_cmpstr (g_variant_get_string (searched, NULL), ==, "lake Zür");
  parlance_test_wait_for (g_strcmp0 (search_text (), "lake Zür") == 0, 10000);
}

/* Whatever the Shell passes on from the person typing is a query, never an error. */
static void
test_any_terms (void)
{
  static const char *terms[] = {
    "['\"']", "['\"zur']", "['-']", "['*']", "['OR']", "['NEAR(']", "['(', ')']", "['AND', 'NOT']",
    "['zur*', '-lake']", "['^']", "['{']", "[':']", "['\\u00a0']", "['\\u200b']", "['日本語']",
    "['\\'']", "['']", "@as []",
  };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("terms %s", terms[i]);
      reply = parlance_test_search_call ("GetInitialResultSet", &error, terms[i], NULL);
      g_assert_no_error (error);
      g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(as)")));
    }
}

/* An id it did not make opens nothing and says so. */
static void
test_activate_unknown (void)
{
  static const char *bad[] = { "not an id", "", "1", "1:2:3", "0:1", "-1:0", "1:-2", "x:1", "1:",
                               "99999999999999999999:1" };
  guint before = n_activations;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_variant_print (g_variant_new_string (bad[i]), FALSE);

      reply = parlance_test_search_call ("ActivateResult", &error, quoted, "@as []", "0", NULL);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "InvalidArgs"));
      g_assert_null (reply);
    }
  g_assert_cmpuint (n_activations, ==, before);
}

/* A title written raw by another program (an old import): the result's name is cleaned as the
 * sidebar cleans it, escape sequences whole and bidi overrides out. */
static void
test_result_metas_title_cleaned (void)
{
  g_autoptr(ParlanceStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL, metas = NULL, meta = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) found = NULL;
  sqlite3 *db = NULL;
  const char *name;

  store = parlance_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (parlance_store_get_path (store), &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE conversations SET title = 'Bread ' || char(27) || '[31mRED' || char(27) || '[0m' "
                         "|| char(7) || ' ' || char(8238) || 'RLO' || char(27) || '[2J' WHERE id = %" G_GINT64_FORMAT,
                         ids.bread);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  found = parlance_test_search_results ("GetInitialResultSet", "['sourdough']", NULL);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  {
    g_autofree char *asked = g_strdup_printf ("['%s']", found[0]);

    reply = parlance_test_search_call ("GetResultMetas", &error, asked, NULL);
  }
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  meta = lookup_meta (metas, found[0]);
  g_assert_nonnull (meta);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "Bread RED RLO");
}

int
main (int    argc,
      char **argv)
{
  GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  int status;

  parlance_test_init (&argc, &argv);
  display = g_strdup (g_getenv ("DISPLAY"));
  /* The private bus has no accessibility bus, which GTK would warn about in a window. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  /* A bus of our own: the application owns its real name there, as it would on a desktop. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* (which unsets DISPLAY, against X11's D-Bus autolaunch) */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_init ();

  parlance_test_search_make_store (&ids);

  app = parlance_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_hold (G_APPLICATION (app));
  watch_action ("open-message-terms", G_VARIANT_TYPE ("(xxs)"), &opened);
  watch_action ("search", G_VARIANT_TYPE_STRING, &searched);

  g_test_add_func ("/parlance/search-provider/initial-result-set", test_initial_result_set);
  g_test_add_func ("/parlance/search-provider/subsearch-result-set", test_subsearch_result_set);
  g_test_add_func ("/parlance/search-provider/result-metas", test_result_metas);
  g_test_add_func ("/parlance/search-provider/activate-result", test_activate_result);
  g_test_add_func ("/parlance/search-provider/launch-search", test_launch_search);
  g_test_add_func ("/parlance/search-provider/any-terms", test_any_terms);
  g_test_add_func ("/parlance/search-provider/activate-unknown", test_activate_unknown);
  g_test_add_func ("/parlance/search-provider/result-metas-title-cleaned", test_result_metas_title_cleaned);

  status = g_test_run ();

  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (app)); w != NULL; w = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (w->data);
  g_application_release (G_APPLICATION (app));
  /* The bus stays up: the application's connection closing would end this process as it would
   * end the app. GTestDBus's watcher stops the daemon when we exit. */
  return status;
}
