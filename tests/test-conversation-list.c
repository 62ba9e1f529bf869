/* test-conversation-list.c — the sidebar's model: the store's conversations, kept in step.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "parlance-conversation-list.h"
#include "parlance-test-store.h"
#include "parlance-test-utils.h"

typedef struct
{
  guint position, removed, added, count;
} Change;

static void
items_changed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static gint64
id_at (GListModel *list,
       guint       position)
{
  g_autoptr(ParlanceConversation) c = g_list_model_get_item (list, position);

  return c != NULL ? parlance_conversation_get_id (c) : 0;
}

static void
save (ParlanceStore        *store,
      ParlanceConversation *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlance_store_save_conversation (store, c, &error));
  g_assert_no_error (error);
}

/* Loads off the main thread, newest first with the pinned on top, and after a change keeps the
 * objects (a list view's selection follows them) and reports only what moved. */
static void
test_conversation_list_reload (void)
{
  g_autofree char *path = parlance_test_store_path ();
  ParlanceStore *store = parlance_test_store_open (path);
  gint64 now = g_get_real_time ();
  g_autoptr(ParlanceConversation) a = parlance_test_store_conversation_at (store, "A", now - 3 * G_TIME_SPAN_HOUR);
  g_autoptr(ParlanceConversation) b = parlance_test_store_conversation_at (store, "B", now - 2 * G_TIME_SPAN_HOUR);
  g_autoptr(ParlanceConversation) c = parlance_test_store_conversation_at (store, "C", now - 1 * G_TIME_SPAN_HOUR);
  ParlanceConversationList *list = parlance_conversation_list_new (store, PARLANCE_STORE_LIST_DEFAULT);
  Change change = { 0 };
  ParlanceConversation *first_b;

  parlance_conversation_list_reload (list);

  parlance_test_wait_for (parlance_conversation_list_get_loaded (list), 10000);
  parlance_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (list)) == 3 &&
                          id_at (G_LIST_MODEL (list), 0) == parlance_conversation_get_id (c), 10000);
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 1), ==, parlance_conversation_get_id (b));
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 2), ==, parlance_conversation_get_id (a));
  first_b = parlance_conversation_list_lookup (list, parlance_conversation_get_id (b));

  /* A pin moves A on top: one change over the first three, B is the same object, renamed. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed), &change);
  parlance_conversation_set_pinned (a, TRUE);
  save (store, a);
  parlance_conversation_set_title (b, "B renamed");
  save (store, b);
  parlance_test_wait_for (id_at (G_LIST_MODEL (list), 0) == parlance_conversation_get_id (a), 10000);
  g_assert_true (parlance_conversation_list_lookup (list, parlance_conversation_get_id (b)) == first_b);
  parlance_test_wait_for (g_strcmp0 (parlance_conversation_get_title (first_b), "B renamed") == 0, 10000);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, change.added);
  g_assert_cmpuint (change.removed, <=, 3);

  /* Hidden (a deletion that can be undone): out at once, and out of later reloads. */
  parlance_conversation_list_hide (list, parlance_conversation_get_id (c));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  parlance_conversation_list_reload (list);
  parlance_test_wait_for (change.count >= 2, 10000);
  {
    guint count = change.count;

    parlance_conversation_set_title (a, "A again");
    save (store, a);
    parlance_test_wait_for (g_strcmp0 (parlance_conversation_get_title (parlance_conversation_list_lookup (list, parlance_conversation_get_id (a))), "A again") == 0, 10000);
    g_assert_cmpuint (count, <=, change.count);
  }
  g_assert_cmpuint (parlance_conversation_list_find (list, parlance_conversation_get_id (c)), ==, G_MAXUINT);
  /* Undo puts it back in its place. */
  parlance_conversation_list_unhide (list, parlance_conversation_get_id (c));
  g_assert_cmpuint (parlance_conversation_list_find (list, parlance_conversation_get_id (c)), ==, 1);

  /* A reload still running holds the list until it ends. */
  {
    gpointer weak = list;

    g_object_add_weak_pointer (G_OBJECT (list), &weak);
    g_object_unref (list);
    parlance_test_wait_for (weak == NULL, 10000);
    /* …and its task, the store, until it is freed after the callback. */
    parlance_test_wait_for (G_OBJECT (store)->ref_count == 1, 10000);
  }
  parlance_test_store_close (store);
}

/* A long list: the first load shows a windowful at once and appends the rest in batches, and a
 * conversation hidden before its batch came stays out. The first page is read alone: the one
 * conversation it has not read can be looked up once the whole list has been read. */
static void
test_conversation_list_batches (void)
{
  g_autofree char *path = parlance_test_store_path ();
  ParlanceStore *store = parlance_test_store_open (path);
  ParlanceConversationList *list;
  gint64 oldest = 0;
  gpointer weak;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *title = g_strdup_printf ("Conversation %u", i);
      g_autoptr(ParlanceConversation) c =
        parlance_test_store_conversation_at (store, title, g_get_real_time () - (gint64) i * G_TIME_SPAN_MINUTE);

      oldest = parlance_conversation_get_id (c);
    }

  list = parlance_conversation_list_new (store, PARLANCE_STORE_LIST_DEFAULT);
  parlance_test_wait_for (parlance_conversation_list_get_loaded (list), 10000);
  /* Loaded: the first batch is there before the rest. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 150);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 20);
  parlance_test_wait_for (parlance_conversation_list_lookup (list, oldest) != NULL, 10000);
  g_assert_cmpuint (parlance_conversation_list_find (list, oldest), ==, G_MAXUINT);
  parlance_conversation_list_hide (list, oldest);

  parlance_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (list)) == 149, 10000);
  g_assert_cmpuint (parlance_conversation_list_find (list, oldest), ==, G_MAXUINT);
  /* Newest first, all through the batches. */
  for (guint i = 1; i < 149; i++)
    {
      g_autoptr(ParlanceConversation) a = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(ParlanceConversation) b = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (parlance_conversation_get_updated (a), >=, parlance_conversation_get_updated (b));
    }
  parlance_conversation_list_unhide (list, oldest);
  g_assert_cmpuint (parlance_conversation_list_find (list, oldest), ==, 149);

  weak = list;
  g_object_add_weak_pointer (G_OBJECT (list), &weak);
  g_object_unref (list);
  parlance_test_wait_for (weak == NULL, 10000);
  parlance_test_wait_for (G_OBJECT (store)->ref_count == 1, 10000);
  parlance_test_store_close (store);
}

static void
first_page_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    guint      *lowest)
{
  *lowest = MIN (*lowest, position);
}

/* Start-up: the first page (pinned first, then the newest) is there when the list says it is
 * loaded, and the whole list only adds after it: the first rows keep their objects and their
 * places, so a selection or a scroll position made meanwhile does not jump. */
static void
test_conversation_list_first_page (void)
{
  g_autofree char *path = parlance_test_store_path ();
  ParlanceStore *store = parlance_test_store_open (path);
  ParlanceConversationList *list;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time ();
  gint64 pinned_id = 0;
  guint lowest = G_MAXUINT;
  gpointer weak;

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *title = g_strdup_printf ("Conversation %u", i);
      g_autoptr(ParlanceConversation) c =
        parlance_test_store_conversation_at (store, title, now - (gint64) i * G_TIME_SPAN_MINUTE);

      /* The oldest of all, pinned: the top of the list, past any page of the newest. */
      if (i == 119)
        {
          parlance_conversation_set_pinned (c, TRUE);
          save (store, c);
          pinned_id = parlance_conversation_get_id (c);
        }
    }

  list = parlance_conversation_list_new (store, PARLANCE_STORE_LIST_DEFAULT);
  parlance_test_wait_for (parlance_conversation_list_get_loaded (list), 10000);
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, pinned_id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 120);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (first, g_list_model_get_item (G_LIST_MODEL (list), i));
  g_assert_cmpstr (parlance_conversation_get_title (first->pdata[1]), ==, "Conversation 0");

  g_signal_connect (list, "items-changed", G_CALLBACK (first_page_changed), &lowest);
  /* What the sidebar does once it has drawn the first rows. */
  parlance_conversation_list_read_rest (list);
  parlance_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (list)) == 120, 10000);
  g_assert_cmpuint (lowest, >=, first->len);
  for (guint i = 0; i < first->len; i++)
    {
      g_autoptr(ParlanceConversation) c = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (c == first->pdata[i]);
    }
  g_assert_cmpstr (parlance_conversation_get_title (g_ptr_array_index (first, 1)), ==, "Conversation 0");
  {
    g_autoptr(ParlanceConversation) last = g_list_model_get_item (G_LIST_MODEL (list), 119);

    g_assert_cmpstr (parlance_conversation_get_title (last), ==, "Conversation 118");
  }

  g_signal_handlers_disconnect_by_func (list, first_page_changed, &lowest);
  weak = list;
  g_object_add_weak_pointer (G_OBJECT (list), &weak);
  g_object_unref (list);
  parlance_test_wait_for (weak == NULL, 10000);
  g_clear_pointer (&first, g_ptr_array_unref);
  parlance_test_wait_for (G_OBJECT (store)->ref_count == 1, 10000);
  parlance_test_store_close (store);
}

int
main (int    argc,
      char **argv)
{
  parlance_test_init (&argc, &argv);

  g_test_add_func ("/parlance/conversation-list/reload", test_conversation_list_reload);
  g_test_add_func ("/parlance/conversation-list/batches", test_conversation_list_batches);
  g_test_add_func ("/parlance/conversation-list/first-page", test_conversation_list_first_page);

  return g_test_run ();
}
