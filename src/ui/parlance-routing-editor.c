/* parlance-routing-editor.c — a fallback chain and OpenRouter routing, edited.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used twice: in a conversation's settings (its own chain) and in Preferences (the defaults).
 * The chain is a list of rows, each with Move Up, Move Down and Remove; models are added with the
 * model picker in choose-only mode, from the session's provider only (a chain never leaves its
 * provider). Provider lists are typed comma-separated; a price that is not a number is shown in
 * error and not kept.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-model-picker.h"
#include "parlance-routing-editor.h"

struct _ParlanceRoutingEditor
{
  GtkBox               parent_instance;

  ParlanceRouting     *routing;
  ParlanceChatSession *session;
  gboolean             loading;

  /* Template widgets */
  GtkListBox          *chain_list;
  GtkSwitch           *free_only_switch;
  GtkSwitch           *server_models_switch;
  AdwComboRow         *sort_row;
  GtkSwitch           *allow_fallbacks_switch;
  AdwEntryRow         *order_row;
  AdwEntryRow         *ignore_row;
  GtkSwitch           *deny_switch;
  AdwEntryRow         *max_prompt_row;
  AdwEntryRow         *max_completion_row;
};

G_DEFINE_FINAL_TYPE (ParlanceRoutingEditor, parlance_routing_editor, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_chain (ParlanceRoutingEditor *self);

static void
emit_changed (ParlanceRoutingEditor *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Chain rows */

static void
move_model (ParlanceRoutingEditor *self,
            guint                  from,
            int                    delta)
{
  char **models = self->routing->fallback_models;
  guint n = g_strv_length (models);
  int to = (int) from + delta;
  char *moving;

  if (from >= n || to < 0 || to >= (int) n)
    return;
  moving = models[from];
  models[from] = models[to];
  models[to] = moving;
  rebuild_chain (self);
  emit_changed (self);
}

static void
remove_model (ParlanceRoutingEditor *self,
              guint                  index)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; self->routing->fallback_models[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, self->routing->fallback_models[i]);
  g_strfreev (self->routing->fallback_models);
  self->routing->fallback_models = g_strv_builder_end (builder);
  rebuild_chain (self);
  emit_changed (self);
}

static void
row_button_clicked (GtkButton             *button,
                    ParlanceRoutingEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  int what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "what"));

  if (what == 0)
    remove_model (self, index);
  else
    move_model (self, index, what);
}

static GtkWidget *
row_button (ParlanceRoutingEditor *self,
            const char            *icon,
            const char            *label,
            guint                  index,
            int                    what,
            gboolean               sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "what", GINT_TO_POINTER (what));
  g_signal_connect (button, "clicked", G_CALLBACK (row_button_clicked), self);
  return button;
}

static void
rebuild_chain (ParlanceRoutingEditor *self)
{
  char **models = self->routing->fallback_models;
  guint n = g_strv_length (models);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chain_list))) != NULL)
    gtk_list_box_remove (self->chain_list, child);

  if (n == 0)
    {
      AdwActionRow *empty = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No fallback models"));
      gtk_widget_add_css_class (GTK_WIDGET (empty), "dim-label");
      gtk_list_box_append (self->chain_list, GTK_WIDGET (empty));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      /* A model id is text, never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), models[i]);
      adw_action_row_add_suffix (row, row_button (self, "go-up-symbolic", _("Move Up"), i, -1, i > 0));
      adw_action_row_add_suffix (row, row_button (self, "go-down-symbolic", _("Move Down"), i, +1, i + 1 < n));
      adw_action_row_add_suffix (row, row_button (self, "user-trash-symbolic", _("Remove"), i, 0, TRUE));
      gtk_list_box_append (self->chain_list, GTK_WIDGET (row));
    }
}

/**
 * parlance_routing_editor_add_model:
 * @model: a model of the session's provider; one already in the chain is not added again
 */
void
parlance_routing_editor_add_model (ParlanceRoutingEditor *self,
                                   const char            *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (PARLANCE_IS_ROUTING_EDITOR (self));
  g_return_if_fail (model != NULL);

  if (*model == '\0' ||
      g_strv_contains ((const char * const *) self->routing->fallback_models, model) ||
      g_strv_length (self->routing->fallback_models) >= PARLANCE_ROUTING_MAX_ENTRIES)
    return;
  g_strv_builder_addv (builder, (const char **) self->routing->fallback_models);
  g_strv_builder_add (builder, model);
  g_strfreev (self->routing->fallback_models);
  self->routing->fallback_models = g_strv_builder_end (builder);
  rebuild_chain (self);
  emit_changed (self);
}

static void
model_chosen (ParlanceModelPicker   *picker,
              ParlanceProvider      *provider,
              const char            *model,
              ParlanceRoutingEditor *self)
{
  /* The chain stays on its provider: a turn is bound to one. */
  if (self->session == NULL ||
      g_strcmp0 (parlance_provider_get_id (provider),
                 parlance_provider_get_id (parlance_chat_session_get_provider (self->session))) != 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  parlance_routing_editor_add_model (self, model);
}

static void
add_clicked (ParlanceRoutingEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  ParlanceModelPicker *picker;

  if (self->session == NULL)
    return;
  picker = parlance_model_picker_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  parlance_model_picker_set_choose_only (picker, TRUE);
  g_signal_connect_object (picker, "model-chosen", G_CALLBACK (model_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (picker));
}

/* The other settings */

static char *
join_list (char **list)
{
  return g_strjoinv (", ", list);
}

static char **
split_list (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL && n < PARLANCE_ROUTING_MAX_ENTRIES; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part != '\0' && strlen (part) <= PARLANCE_ROUTING_MAX_ENTRY_LEN)
        {
          g_strv_builder_add (builder, part);
          n++;
        }
    }
  return g_strv_builder_end (builder);
}

static void
show_price (AdwEntryRow *row,
            double       price)
{
  g_autofree char *text = NULL;

  if (price >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", price));
    }
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Empty: unset (-1). Not a number of zero or more: *ok is FALSE. */
static double
read_price (AdwEntryRow *row,
            gboolean    *ok)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  char *end = NULL;
  double value;

  *ok = TRUE;
  if (*text == '\0')
    return -1;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < 0)
    {
      *ok = FALSE;
      return -1;
    }
  return value;
}

static void
load_widgets (ParlanceRoutingEditor *self)
{
  ParlanceRouting *r = self->routing;
  g_autofree char *order = join_list (r->order);
  g_autofree char *ignore = join_list (r->ignore);

  self->loading = TRUE;
  rebuild_chain (self);
  gtk_switch_set_active (self->free_only_switch, r->free_only);
  gtk_switch_set_active (self->server_models_switch, r->server_models);
  adw_combo_row_set_selected (self->sort_row, r->sort);
  gtk_switch_set_active (self->allow_fallbacks_switch, r->allow_fallbacks);
  gtk_editable_set_text (GTK_EDITABLE (self->order_row), order);
  gtk_editable_set_text (GTK_EDITABLE (self->ignore_row), ignore);
  gtk_switch_set_active (self->deny_switch, r->deny_data_collection);
  show_price (self->max_prompt_row, r->max_price_prompt);
  show_price (self->max_completion_row, r->max_price_completion);
  self->loading = FALSE;
}

static void
read_price_row (AdwEntryRow *row,
                double      *price)
{
  gboolean ok;
  double value = read_price (row, &ok);

  if (ok)
    {
      *price = value;
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
widgets_changed (ParlanceRoutingEditor *self)
{
  ParlanceRouting *r = self->routing;
  guint sort = adw_combo_row_get_selected (self->sort_row);

  if (self->loading)
    return;
  r->free_only = gtk_switch_get_active (self->free_only_switch);
  r->server_models = gtk_switch_get_active (self->server_models_switch);
  r->sort = sort <= PARLANCE_ROUTING_SORT_LATENCY ? (ParlanceRoutingSort) sort : PARLANCE_ROUTING_SORT_DEFAULT;
  r->allow_fallbacks = gtk_switch_get_active (self->allow_fallbacks_switch);
  g_strfreev (r->order);
  r->order = split_list (gtk_editable_get_text (GTK_EDITABLE (self->order_row)));
  g_strfreev (r->ignore);
  r->ignore = split_list (gtk_editable_get_text (GTK_EDITABLE (self->ignore_row)));
  r->deny_data_collection = gtk_switch_get_active (self->deny_switch);
  read_price_row (self->max_prompt_row, &r->max_price_prompt);
  read_price_row (self->max_completion_row, &r->max_price_completion);
  emit_changed (self);
}

void
parlance_routing_editor_set_routing (ParlanceRoutingEditor *self,
                                     const ParlanceRouting *routing)
{
  g_return_if_fail (PARLANCE_IS_ROUTING_EDITOR (self));
  g_return_if_fail (routing != NULL);

  parlance_routing_free (self->routing);
  self->routing = parlance_routing_copy (routing);
  load_widgets (self);
}

/* Returns: (transfer full): what the editor shows */
ParlanceRouting *
parlance_routing_editor_dup_routing (ParlanceRoutingEditor *self)
{
  g_return_val_if_fail (PARLANCE_IS_ROUTING_EDITOR (self), NULL);
  return parlance_routing_copy (self->routing);
}

void
parlance_routing_editor_set_session (ParlanceRoutingEditor *self,
                                     ParlanceChatSession   *session)
{
  g_return_if_fail (PARLANCE_IS_ROUTING_EDITOR (self));
  g_return_if_fail (session == NULL || PARLANCE_IS_CHAT_SESSION (session));

  g_set_object (&self->session, session);
}

static void
parlance_routing_editor_dispose (GObject *object)
{
  ParlanceRoutingEditor *self = PARLANCE_ROUTING_EDITOR (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_ROUTING_EDITOR);

  G_OBJECT_CLASS (parlance_routing_editor_parent_class)->dispose (object);
}

static void
parlance_routing_editor_finalize (GObject *object)
{
  ParlanceRoutingEditor *self = PARLANCE_ROUTING_EDITOR (object);

  g_clear_pointer (&self->routing, parlance_routing_free);

  G_OBJECT_CLASS (parlance_routing_editor_parent_class)->finalize (object);
}

static void
parlance_routing_editor_class_init (ParlanceRoutingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_routing_editor_dispose;
  object_class->finalize = parlance_routing_editor_finalize;

  /**
   * ParlanceRoutingEditor::changed:
   *
   * The user changed something: read it with parlance_routing_editor_dup_routing ().
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-routing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, chain_list);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, free_only_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, server_models_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, sort_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, allow_fallbacks_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, order_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, ignore_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, deny_switch);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, max_prompt_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceRoutingEditor, max_completion_row);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked);
}

static void
parlance_routing_editor_init (ParlanceRoutingEditor *self)
{
  self->routing = parlance_routing_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  load_widgets (self);

  g_signal_connect_swapped (self->free_only_switch, "notify::active", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->server_models_switch, "notify::active", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->sort_row, "notify::selected", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->allow_fallbacks_switch, "notify::active", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->order_row, "changed", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->ignore_row, "changed", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->deny_switch, "notify::active", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->max_prompt_row, "changed", G_CALLBACK (widgets_changed), self);
  g_signal_connect_swapped (self->max_completion_row, "changed", G_CALLBACK (widgets_changed), self);
}
