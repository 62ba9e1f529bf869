/* parlance-sidebar.c — the saved conversations, grouped by time, and the archived ones.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows, their groups and headings are in parlance-sidebar-rows.c, the context menu in
 * parlance-sidebar-menu.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-sidebar-private.h"
#include "parlance-sidebar-row.h"


enum
{
  PROP_0,
  PROP_SHOW_ARCHIVED,
  N_PROPS
};

enum
{
  ACTIVATED,
  BROWSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParlanceSidebar, parlance_sidebar, GTK_TYPE_WIDGET)

GtkWidget *
parlance_sidebar_new (void)
{
  return g_object_new (PARLANCE_TYPE_SIDEBAR, NULL);
}

static void
sync_page (ParlanceSidebar *self)
{
  ParlanceConversationList *list = self->show_archived ? self->archived : self->list;
  const char *page;

  if (self->unavailable)
    page = "unavailable";
  else if (list == NULL || !parlance_conversation_list_get_loaded (list))
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    page = self->show_archived ? "archived-empty" : "empty";
  else
    page = self->show_archived ? "archived" : "list";
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Selects the open conversation in @selection without opening it again. */
static void
select_in (ParlanceSidebar          *self,
           GtkSingleSelection       *selection,
           ParlanceConversationList *list,
           GtkListView              *view)
{
  guint position = self->selected_id != 0 ? parlance_conversation_list_find (list, self->selected_id)
                                          : G_MAXUINT;

  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (selection) == position)
    return;
  self->syncing = TRUE;
  gtk_single_selection_set_selected (selection, position);
  self->syncing = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", position);
}

static void
sync_selection (ParlanceSidebar *self)
{
  if (self->list != NULL)
    select_in (self, self->selection, self->list, self->list_view);
  if (self->archived != NULL)
    select_in (self, self->archived_selection, self->archived, self->archived_view);
}

/* The menu of a conversation that is gone (deleted, archived) or moved in the list closes: it
 * would point at a row that shows another. */
static void
check_menu (ParlanceSidebar *self)
{
  ParlanceConversationList *list = self->show_archived ? self->archived : self->list;
  guint position;
  gint64 id = _parlance_sidebar_menu_get_id (self->menu, &position);

  if (id != 0 && (list == NULL || parlance_conversation_list_find (list, id) != position))
    _parlance_sidebar_popdown (&self->menu);
}

static void
list_changed (ParlanceSidebar *self)
{
  check_menu (self);
  _parlance_sidebar_update_headers (self);
  sync_page (self);
  /* The open conversation may have just been created, or come back from the archive. */
  sync_selection (self);
}

static void
selected_changed (GtkSingleSelection *selection,
                  GParamSpec         *pspec,
                  ParlanceSidebar    *self)
{
  ParlanceConversation *conversation = gtk_single_selection_get_selected_item (selection);
  gint64 id;

  if (self->syncing || conversation == NULL)
    return;
  id = parlance_conversation_get_id (conversation);
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  sync_selection (self);
  /* The arrow keys browse the list; a click chooses. */
  g_signal_emit (self, signals[self->key_pressed_id != 0 ? BROWSED : ACTIVATED], 0, id);
}

/* Enter, or a double click: the row's conversation, even when it is selected already. */
static void
view_activated (GtkListView     *view,
                guint            position,
                ParlanceSidebar *self)
{
  g_autoptr(ParlanceConversation) conversation = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (view)), position);

  if (conversation == NULL)
    return;
  self->selected_id = parlance_conversation_get_id (conversation);
  sync_selection (self);
  g_signal_emit (self, signals[ACTIVATED], 0, self->selected_id);
}

static void
key_handled (gpointer data)
{
  PARLANCE_SIDEBAR (data)->key_pressed_id = 0;
}

/* Before the list view moves its focus and selection with the key: what it selects is browsed. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             ParlanceSidebar       *self)
{
  if (self->key_pressed_id == 0)
    self->key_pressed_id = g_idle_add_once (key_handled, self);
  return FALSE;
}

static GtkSingleSelection *
new_selection (ParlanceSidebar          *self,
               ParlanceConversationList *list)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (selection, "notify::selected", G_CALLBACK (selected_changed), self, 0);
  /* After the list view has made its rows. */
  g_signal_connect_object (selection, "items-changed", G_CALLBACK (list_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (list, "notify::loaded", G_CALLBACK (list_changed), self, G_CONNECT_SWAPPED);
  return selection;
}

static void
first_rows_drawn (GdkFrameClock   *clock,
                  ParlanceSidebar *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_rows_drawn, self);
  if (self->list != NULL)
    parlance_conversation_list_read_rest (self->list);
}

/* Start-up: the whole list is read once the first page is drawn, not while GTK waits to draw it
 * (tests/bench/sidebar-startup.py). */
static void
list_loaded (ParlanceSidebar *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_rows_drawn), self, 0);
}

/**
 * parlance_sidebar_set_store:
 * @store: (nullable): the open store, or %NULL when it could not be opened
 */
void
parlance_sidebar_set_store (ParlanceSidebar *self,
                            ParlanceStore   *store)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR (self));
  g_return_if_fail (!store || PARLANCE_IS_STORE (store));

  gtk_list_view_set_model (self->list_view, NULL);
  gtk_list_view_set_model (self->archived_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->archived_selection);
  g_clear_object (&self->list);
  g_clear_object (&self->archived);
  self->unavailable = store == NULL;

  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->list = parlance_conversation_list_new (store, PARLANCE_STORE_LIST_DEFAULT);
      self->selection = new_selection (self, self->list);
      g_signal_connect_object (self->list, "notify::loaded", G_CALLBACK (list_loaded), self, G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }
  sync_page (self);
}

/* The archived conversations are read when first needed, not while the window starts. */
static void
ensure_archived (ParlanceSidebar *self)
{
  if (self->archived != NULL || self->store == NULL)
    return;
  self->archived = parlance_conversation_list_new (self->store, PARLANCE_STORE_LIST_ARCHIVED);
  self->archived_selection = new_selection (self, self->archived);
  gtk_list_view_set_model (self->archived_view, GTK_SELECTION_MODEL (self->archived_selection));
}

/**
 * parlance_sidebar_get_list:
 *
 * Returns: (transfer none) (nullable): the conversations in use
 */
ParlanceConversationList *
parlance_sidebar_get_list (ParlanceSidebar *self)
{
  g_return_val_if_fail (PARLANCE_IS_SIDEBAR (self), NULL);
  return self->list;
}

/**
 * parlance_sidebar_get_archived_list:
 *
 * Returns: (transfer none) (nullable): the archived conversations
 */
ParlanceConversationList *
parlance_sidebar_get_archived_list (ParlanceSidebar *self)
{
  g_return_val_if_fail (PARLANCE_IS_SIDEBAR (self), NULL);

  ensure_archived (self);
  return self->archived;
}

void
parlance_sidebar_select (ParlanceSidebar *self,
                         gint64           id)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR (self));

  self->selected_id = id;
  sync_selection (self);
}

gint64
parlance_sidebar_get_selected_id (ParlanceSidebar *self)
{
  g_return_val_if_fail (PARLANCE_IS_SIDEBAR (self), 0);
  return self->selected_id;
}

gboolean
parlance_sidebar_get_show_archived (ParlanceSidebar *self)
{
  g_return_val_if_fail (PARLANCE_IS_SIDEBAR (self), FALSE);
  return self->show_archived;
}

void
parlance_sidebar_set_show_archived (ParlanceSidebar *self,
                                    gboolean         show_archived)
{
  g_return_if_fail (PARLANCE_IS_SIDEBAR (self));

  show_archived = !!show_archived;
  if (self->show_archived == show_archived)
    return;
  self->show_archived = show_archived;
  _parlance_sidebar_popdown (&self->menu);
  if (show_archived)
    ensure_archived (self);
  sync_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARCHIVED]);
  /* The keyboard goes along to the list that shows (the back button that had it hides). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

/* Right click: the row is selected (and opened), then its menu shows where the pointer is. */
static void
secondary_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   ParlanceSidebar *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  ParlanceSidebarRow *row = _parlance_sidebar_row_of (picked);
  GtkListItem *item;
  graphene_point_t point;

  if (row == NULL || parlance_sidebar_row_get_conversation (row) == NULL)
    return;
  item = g_object_get_data (G_OBJECT (row), "list-item");
  gtk_selection_model_select_item (gtk_list_view_get_model (GTK_LIST_VIEW (view)),
                                   gtk_list_item_get_position (item), TRUE);
  if (!gtk_widget_compute_point (view, GTK_WIDGET (row), &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  _parlance_sidebar_popup_at (GTK_WIDGET (self), &self->menu, row, gtk_list_item_get_position (item),
                              point.x, point.y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/**
 * parlance_sidebar_popup_menu:
 *
 * The Menu key or Shift+F10: the menu of the row with the keyboard focus, else of the selected one.
 *
 * Returns: whether a menu opened
 */
gboolean
parlance_sidebar_popup_menu (ParlanceSidebar *self)
{
  GtkListView *view = self->show_archived ? self->archived_view : self->list_view;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  ParlanceSidebarRow *row = NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (view)))
    row = _parlance_sidebar_row_of (focus);
  if (row == NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
         child != NULL && row == NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *r = gtk_widget_get_first_child (child);

        if (PARLANCE_IS_SIDEBAR_ROW (r) && parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (r)) != NULL &&
            parlance_conversation_get_id (parlance_sidebar_row_get_conversation (PARLANCE_SIDEBAR_ROW (r))) == self->selected_id)
          row = PARLANCE_SIDEBAR_ROW (r);
      }
  if (row == NULL || parlance_sidebar_row_get_conversation (row) == NULL)
    return FALSE;
  _parlance_sidebar_popup_at (GTK_WIDGET (self), &self->menu, row,
                              gtk_list_item_get_position (g_object_get_data (G_OBJECT (row), "list-item")),
                              -1, -1);
  return TRUE;
}

static gboolean
popup_menu_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  return parlance_sidebar_popup_menu (PARLANCE_SIDEBAR (user_data));
}

/* Escape leaves the Archived view. */
static gboolean
leave_archived_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  ParlanceSidebar *self = PARLANCE_SIDEBAR (widget);

  if (!self->show_archived)
    return FALSE;
  parlance_sidebar_set_show_archived (self, FALSE);
  return TRUE;
}

static void
add_list_controllers (ParlanceSidebar *self,
                      GtkListView     *view,
                      gboolean         archived)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutAction *menu = gtk_callback_action_new (popup_menu_cb, self, NULL);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (secondary_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                          menu));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("conversation.delete")));
  /* The open conversation: 0. */
  {
    GListModel *list = G_LIST_MODEL (shortcuts);
    g_autoptr(GtkShortcut) delete = g_list_model_get_item (list, 1);

    gtk_shortcut_set_arguments (delete, g_variant_new_int64 (0));
  }
  gtk_widget_add_controller (GTK_WIDGET (view), shortcuts);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (view), keys);
  }
  g_signal_connect_object (view, "activate", G_CALLBACK (view_activated), self, 0);
  {
    g_autoptr(GtkListItemFactory) factory = _parlance_sidebar_row_factory (self, archived);

    gtk_list_view_set_factory (view, factory);
  }
}

static void
parlance_sidebar_dispose (GObject *object)
{
  ParlanceSidebar *self = PARLANCE_SIDEBAR (object);

  _parlance_sidebar_popdown (&self->menu);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_SIDEBAR);
  /* The template's top box is not a bound child. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->archived_selection);
  g_clear_object (&self->list);
  g_clear_object (&self->archived);
  g_clear_object (&self->store);
  g_clear_pointer (&self->clock, _parlance_sidebar_clock_free);
  g_clear_handle_id (&self->key_pressed_id, g_source_remove);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (parlance_sidebar_parent_class)->dispose (object);
}

static void
parlance_sidebar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ParlanceSidebar *self = PARLANCE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_sidebar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ParlanceSidebar *self = PARLANCE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_ARCHIVED:
      parlance_sidebar_set_show_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A sidebar's width: the empty state's long description would otherwise ask for more, and the
 * leaflet gives a pane its natural width. */
#define NATURAL_WIDTH 260

static void
parlance_sidebar_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, NATURAL_WIDTH));
}

static void
parlance_sidebar_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  ParlanceSidebar *self = PARLANCE_SIDEBAR (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
parlance_sidebar_class_init (ParlanceSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_sidebar_dispose;
  object_class->get_property = parlance_sidebar_get_property;
  object_class->set_property = parlance_sidebar_set_property;

  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user chose a conversation (click, keyboard): the window opens it. */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The keyboard moved the selection to a conversation: it may show, the focus stays. */
  signals[BROWSED] = g_signal_new ("browsed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceSidebar, archived_view);
  widget_class->measure = parlance_sidebar_measure;
  widget_class->size_allocate = parlance_sidebar_size_allocate;
}

static void
parlance_sidebar_init (ParlanceSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_list_controllers (self, self->list_view, FALSE);
  add_list_controllers (self, self->archived_view, TRUE);
  {
    GtkEventController *escape = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_callback_action_new (leave_archived_cb, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), escape);
  }
  self->clock = _parlance_sidebar_clock_new (_parlance_sidebar_day_changed, self);
}
