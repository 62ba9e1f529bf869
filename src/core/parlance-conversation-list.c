/* parlance-conversation-list.c — the saved conversations as a GListModel, kept in step with the store.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reload keeps the objects of the conversations that are still there (their fields are updated
 * in place) and reports the smallest change, so a list view keeps its selection and its scroll
 * position: GtkSingleSelection follows an item that moved, by identity.
 *
 * The first load reads only the top of the list (what fills a window, pinned first, in one short
 * query); the whole list is read when the view says its first rows are drawn
 * (parlance_conversation_list_read_rest ()), or a moment later, and merged in the same way, so
 * the first rows keep their objects. tests/bench/sidebar-startup.py: reading all 2,000 before
 * the first rows added about 50 ms to the start.
 */

#include "config.h"

#include "parlance-conversation-list.h"

struct _ParlanceConversationList
{
  GObject                 parent_instance;

  ParlanceStore          *store;
  ParlanceStoreListFlags  flags;
  GPtrArray              *items;     /* ParlanceConversation, pinned first, then newest first */
  GHashTable             *hidden;    /* id → ParlanceConversation hidden until deleted or shown */
  GCancellable           *cancellable;
  GPtrArray              *rest;      /* of the first load, appended a batch at a time */
  guint                   rest_id;
  guint                   whole_id;  /* reads the whole list after its first page */
  gboolean                first_page;  /* what is listed is only the first page */
  gboolean                loaded;
  gboolean                reload_again;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_FLAGS,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
list_get_item_type (GListModel *model)
{
  return PARLANCE_TYPE_CONVERSATION;
}

static guint
list_get_n_items (GListModel *model)
{
  return PARLANCE_CONVERSATION_LIST (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (ParlanceConversationList, parlance_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Pinned first, then the most recently updated, then the newest id. */
static int
compare_conversations (gconstpointer a,
                       gconstpointer b)
{
  ParlanceConversation *x = *(ParlanceConversation **) a;
  ParlanceConversation *y = *(ParlanceConversation **) b;
  gboolean px = parlance_conversation_get_pinned (x);
  gboolean py = parlance_conversation_get_pinned (y);
  gint64 ux = parlance_conversation_get_updated (x);
  gint64 uy = parlance_conversation_get_updated (y);
  gint64 ix = parlance_conversation_get_id (x);
  gint64 iy = parlance_conversation_get_id (y);

  if (px != py)
    return px ? -1 : 1;
  if (ux != uy)
    return ux > uy ? -1 : 1;
  return ix > iy ? -1 : (ix < iy ? 1 : 0);
}

/* The store's fresh copy into the object the rows are bound to (setters notify only changes). */
static void
update_from (ParlanceConversation *dst,
             ParlanceConversation *src)
{
  g_autofree char *parameters = parlance_conversation_dup_parameters_json (src);
  double d;
  gint64 n;
  gboolean is_set;

  g_object_freeze_notify (G_OBJECT (dst));
  parlance_conversation_set_title (dst, parlance_conversation_get_title (src));
  parlance_conversation_set_created (dst, parlance_conversation_get_created (src));
  parlance_conversation_set_updated (dst, parlance_conversation_get_updated (src));
  parlance_conversation_set_provider_id (dst, parlance_conversation_get_provider_id (src));
  parlance_conversation_set_model (dst, parlance_conversation_get_model (src));
  parlance_conversation_set_pinned (dst, parlance_conversation_get_pinned (src));
  parlance_conversation_set_archived (dst, parlance_conversation_get_archived (src));
  parlance_conversation_set_tip_id (dst, parlance_conversation_get_tip_id (src));
  parlance_conversation_set_message_count (dst, parlance_conversation_get_message_count (src));
  if (parameters != NULL)
    parlance_conversation_set_parameters_json (dst, parameters);
  parlance_conversation_set_system_prompt (dst, parlance_conversation_get_system_prompt (src));
  is_set = parlance_conversation_get_temperature (src, &d);
  parlance_conversation_set_temperature (dst, is_set, d);
  is_set = parlance_conversation_get_top_p (src, &d);
  parlance_conversation_set_top_p (dst, is_set, d);
  is_set = parlance_conversation_get_max_tokens (src, &n);
  parlance_conversation_set_max_tokens (dst, is_set, n);
  parlance_conversation_set_reasoning_effort (dst, parlance_conversation_get_reasoning_effort (src));
  g_object_thaw_notify (G_OBJECT (dst));
}

/* Replaces the items, reporting only the range between the common start and end. */
static void
replace_items (ParlanceConversationList *self,
               GPtrArray                *items)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
  guint prefix = 0, suffix = 0;

  while (prefix < old->len && prefix < items->len &&
         old->pdata[prefix] == items->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < items->len - prefix &&
         old->pdata[old->len - 1 - suffix] == items->pdata[items->len - 1 - suffix])
    suffix++;

  self->items = g_ptr_array_ref (items);
  if (old->len != items->len || prefix != old->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix, items->len - prefix - suffix);
}

/* The first load shows what fills a window at once, and the rest a batch per idle moment: a list
 * view makes a widget for each of up to 200 items as they come, and building them all before the
 * first frame doubled the time to a listed sidebar (tests/bench/sidebar-startup.py). 24 rows of
 * about 50 px fill a maximized 1080p window; each more costs about 1.5 ms before that frame. */
#define FIRST_BATCH 24
#define NEXT_BATCH  40
/* When no view says its first rows are drawn. */
#define REST_DELAY_MS 250

static gboolean
append_rest (gpointer user_data)
{
  ParlanceConversationList *self = user_data;
  guint position = self->items->len;
  guint n = MIN (NEXT_BATCH, self->rest->len);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (self->rest, i)));
  g_ptr_array_remove_range (self->rest, 0, n);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
  if (self->rest->len > 0)
    return G_SOURCE_CONTINUE;
  self->rest_id = 0;
  g_clear_pointer (&self->rest, g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static void
drop_rest (ParlanceConversationList *self)
{
  g_clear_handle_id (&self->rest_id, g_source_remove);
  g_clear_pointer (&self->rest, g_ptr_array_unref);
}

static void
merge (ParlanceConversationList *self,
       GPtrArray                *fresh)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      ParlanceConversation *c = g_ptr_array_index (self->items, i);
      gint64 *id = g_new (gint64, 1);

      *id = parlance_conversation_get_id (c);
      g_hash_table_insert (by_id, id, c);
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      ParlanceConversation *c = g_ptr_array_index (fresh, i);
      gint64 id = parlance_conversation_get_id (c);
      ParlanceConversation *existing;

      if (g_hash_table_contains (self->hidden, &id))
        continue;
      existing = g_hash_table_lookup (by_id, &id);
      if (existing != NULL)
        {
          update_from (existing, c);
          c = existing;
        }
      g_ptr_array_add (items, g_object_ref (c));
    }
  g_ptr_array_sort (items, compare_conversations);

  /* A reload has every conversation: what was left to append is in it. After the first page,
   * the rest of the whole list is appended a batch at a time behind what is shown. */
  drop_rest (self);
  if (self->first_page && items->len > MAX (FIRST_BATCH, self->items->len))
    {
      guint shown = MAX (FIRST_BATCH, self->items->len);

      self->rest = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = shown; i < items->len; i++)
        g_ptr_array_add (self->rest, g_object_ref (g_ptr_array_index (items, i)));
      g_ptr_array_set_size (items, shown);
      self->rest_id = g_idle_add (append_rest, self);
    }
  self->first_page = FALSE;

  /* The ids were only needed to find the old objects. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_free (key);
  }

  replace_items (self, items);
}

static gboolean
read_whole (gpointer user_data)
{
  ParlanceConversationList *self = user_data;

  self->whole_id = 0;
  parlance_conversation_list_reload (self);
  return G_SOURCE_REMOVE;
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(ParlanceConversationList) self = g_weak_ref_get (weak);
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  fresh = parlance_store_list_conversations_finish (PARLANCE_STORE (object), result, &error);
  /* The list went (its window closed), or a newer reload replaced this one. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  /* A list that can't be read keeps what it showed. */
  if (fresh == NULL)
    g_message ("Could not list the conversations: %s", error->message);
  else
    merge (self, fresh);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      /* A full first page: the rest once it is drawn. An idle callback can run before GTK's
       * next frame (which waits for its time), so the view says when; without one, soon. */
      if (fresh != NULL && fresh->len >= FIRST_BATCH)
        {
          self->first_page = TRUE;
          if (!self->reload_again)
            self->whole_id = g_timeout_add_full (G_PRIORITY_LOW, REST_DELAY_MS, read_whole, self, NULL);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      parlance_conversation_list_reload (self);
    }
}

/**
 * parlance_conversation_list_reload:
 * @self: a #ParlanceConversationList
 *
 * Reads the list again off the main thread. A reload asked for while one runs follows it, so
 * the last change is never missed. Called on the store's ::conversations-changed.
 */
void
parlance_conversation_list_reload (ParlanceConversationList *self)
{
  GWeakRef *weak;

  g_return_if_fail (PARLANCE_IS_CONVERSATION_LIST (self));

  if (self->cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }

  g_clear_handle_id (&self->whole_id, g_source_remove);
  self->cancellable = g_cancellable_new ();
  /* Not a reference: closing the window drops the list at once, and cancels what it read. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  if (self->loaded)
    parlance_store_list_conversations_async (self->store, self->flags, 0, self->cancellable,
                                             listed, weak);
  else
    parlance_store_list_conversations_async (self->store,
                                             self->flags | PARLANCE_STORE_LIST_PINNED_FIRST,
                                             FIRST_BATCH, self->cancellable, listed, weak);
}

/**
 * parlance_conversation_list_read_rest:
 * @self: a #ParlanceConversationList
 *
 * Reads the whole list now when only its first page is listed (a view calls this once it has
 * drawn the first rows); does nothing otherwise.
 */
void
parlance_conversation_list_read_rest (ParlanceConversationList *self)
{
  g_return_if_fail (PARLANCE_IS_CONVERSATION_LIST (self));

  if (self->whole_id != 0)
    parlance_conversation_list_reload (self);
}

/**
 * parlance_conversation_list_find:
 *
 * Returns: the position of the conversation @id, or %G_MAXUINT
 */
guint
parlance_conversation_list_find (ParlanceConversationList *self,
                                 gint64                    id)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->items->len; i++)
    if (parlance_conversation_get_id (g_ptr_array_index (self->items, i)) == id)
      return i;
  return G_MAXUINT;
}

/**
 * parlance_conversation_list_lookup:
 *
 * Returns: (transfer none) (nullable): the listed (or hidden) conversation @id
 */
ParlanceConversation *
parlance_conversation_list_lookup (ParlanceConversationList *self,
                                   gint64                    id)
{
  guint position;

  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_LIST (self), NULL);

  position = parlance_conversation_list_find (self, id);
  if (position != G_MAXUINT)
    return g_ptr_array_index (self->items, position);
  for (guint i = 0; self->rest != NULL && i < self->rest->len; i++)
    if (parlance_conversation_get_id (g_ptr_array_index (self->rest, i)) == id)
      return g_ptr_array_index (self->rest, i);
  return g_hash_table_lookup (self->hidden, &id);
}

/**
 * parlance_conversation_list_hide:
 *
 * Takes the conversation @id out of the list at once, and keeps it out of later reloads until
 * parlance_conversation_list_unhide (): a deletion that can still be undone.
 */
void
parlance_conversation_list_hide (ParlanceConversationList *self,
                                 gint64                    id)
{
  guint position;
  gint64 *key;

  g_return_if_fail (PARLANCE_IS_CONVERSATION_LIST (self));

  position = parlance_conversation_list_find (self, id);
  key = g_new (gint64, 1);
  *key = id;
  if (position == G_MAXUINT)
    {
      ParlanceConversation *waiting = NULL;

      /* Not shown yet, still to be appended. */
      for (guint i = 0; self->rest != NULL && i < self->rest->len && waiting == NULL; i++)
        if (parlance_conversation_get_id (g_ptr_array_index (self->rest, i)) == id)
          {
            waiting = g_object_ref (g_ptr_array_index (self->rest, i));
            g_ptr_array_remove_index (self->rest, i);
          }
      g_hash_table_insert (self->hidden, key, waiting);
      return;
    }
  g_hash_table_insert (self->hidden, key, g_object_ref (g_ptr_array_index (self->items, position)));
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * parlance_conversation_list_unhide:
 *
 * Puts a hidden conversation back where it belongs (Undo).
 */
void
parlance_conversation_list_unhide (ParlanceConversationList *self,
                                   gint64                    id)
{
  ParlanceConversation *conversation = NULL;
  gpointer key = NULL;
  guint position;

  g_return_if_fail (PARLANCE_IS_CONVERSATION_LIST (self));

  if (!g_hash_table_steal_extended (self->hidden, &id, &key, (gpointer *) &conversation))
    return;
  g_free (key);
  if (conversation == NULL)
    {
      parlance_conversation_list_reload (self);
      return;
    }
  for (position = 0; position < self->items->len; position++)
    if (compare_conversations (&conversation, &self->items->pdata[position]) < 0)
      break;
  g_ptr_array_insert (self->items, position, conversation);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

ParlanceStore *
parlance_conversation_list_get_store (ParlanceConversationList *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_LIST (self), NULL);
  return self->store;
}

gboolean
parlance_conversation_list_get_loaded (ParlanceConversationList *self)
{
  g_return_val_if_fail (PARLANCE_IS_CONVERSATION_LIST (self), FALSE);
  return self->loaded;
}

/**
 * parlance_conversation_list_new:
 * @store: the store to list
 * @flags: %PARLANCE_STORE_LIST_DEFAULT for the conversations in use, or the archived ones
 *
 * Starts loading at once, and reloads whenever the store says the conversations changed.
 *
 * Returns: (transfer full): a #GListModel of #ParlanceConversation
 */
ParlanceConversationList *
parlance_conversation_list_new (ParlanceStore          *store,
                                ParlanceStoreListFlags  flags)
{
  g_return_val_if_fail (PARLANCE_IS_STORE (store), NULL);

  return g_object_new (PARLANCE_TYPE_CONVERSATION_LIST,
                       "store", store,
                       "flags", (guint) flags,
                       NULL);
}

static void
parlance_conversation_list_constructed (GObject *object)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (object);

  G_OBJECT_CLASS (parlance_conversation_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "conversations-changed",
                           G_CALLBACK (parlance_conversation_list_reload), self, G_CONNECT_SWAPPED);
  parlance_conversation_list_reload (self);
}

static void
parlance_conversation_list_dispose (GObject *object)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_rest (self);
  g_clear_handle_id (&self->whole_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (parlance_conversation_list_parent_class)->dispose (object);
}

static void
parlance_conversation_list_finalize (GObject *object)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);

  G_OBJECT_CLASS (parlance_conversation_list_parent_class)->finalize (object);
}

static void
parlance_conversation_list_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FLAGS:
      g_value_set_uint (value, self->flags);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_list_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ParlanceConversationList *self = PARLANCE_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FLAGS:
      self->flags = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_conversation_list_class_init (ParlanceConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = parlance_conversation_list_constructed;
  object_class->dispose = parlance_conversation_list_dispose;
  object_class->finalize = parlance_conversation_list_finalize;
  object_class->get_property = parlance_conversation_list_get_property;
  object_class->set_property = parlance_conversation_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PARLANCE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_uint ("flags", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
parlance_conversation_list_init (ParlanceConversationList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, unref_nullable);
}
