/* parlance-model-results.c — models found, in sections: favourites, recent, then all.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of ParlanceModelEntry. New results are written into the entries already there,
 * and only a change in their number is reported as items-changed (entries are made only when
 * asked for, so thousands of results cost no objects): a list view showing this
 * model keeps its rows and rebinds them (GTK 4.8 builds a new row for every item it is told is
 * new, which cost 20–50 ms a keystroke).
 *
 * When there are fewer results than before, up to parlance_model_results_set_keep() entries
 * stay, blank (neither model nor heading), so that the rows a list view has for them are reused
 * when the results grow again; a blank row takes no room.
 *
 * Favourites come first in the order of @models, then recent choices in the order they were
 * made, then the rest in the order of @models. Headings ("Favourites", "Recent", "All Models")
 * are there only when there are favourites or recent models among the results.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-model-results.h"

struct _ParlanceModelResults
{
  GObject    parent_instance;

  GPtrArray *models;     /* keeps the models of the lines alive */
  GArray    *lines;      /* of Line: what each position shows; blank past the end */
  GPtrArray *entries;    /* of ParlanceModelEntry or NULL: made when first asked for */
  guint      n_models;
  guint      keep;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParlanceModelResults, parlance_model_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  ParlanceModel *model;
  const char    *heading;
  gboolean       is_favourite;
  gboolean       is_recent;
} Line;

ParlanceModelResults *
parlance_model_results_new (void)
{
  return g_object_new (PARLANCE_TYPE_MODEL_RESULTS, NULL);
}

/* Whether @key is "provider:id" of @model, without building the key for every model. */
static gboolean
key_is (const char    *key,
        ParlanceModel *model)
{
  const char *provider = parlance_model_get_provider_id (model);
  gsize len = provider ? strlen (provider) : 0;

  return strncmp (key, provider ? provider : "", len) == 0 && key[len] == ':' &&
         g_str_equal (key + len + 1, parlance_model_get_id (model));
}

static int
find_key (const char * const *keys,
          ParlanceModel      *model)
{
  for (int i = 0; keys != NULL && keys[i] != NULL; i++)
    if (key_is (keys[i], model))
      return i;
  return -1;
}

static void
add_line (GArray        *lines,
          ParlanceModel *model,
          const char    *heading,
          gboolean       is_favourite,
          gboolean       is_recent)
{
  Line line = { model, heading, is_favourite, is_recent };

  g_array_append_val (lines, line);
}

static const Line *
line_at (ParlanceModelResults *self,
         guint                 position)
{
  static const Line blank = { NULL, NULL, FALSE, FALSE };

  return position < self->lines->len ? &g_array_index (self->lines, Line, position) : &blank;
}

static void
update_entry (ParlanceModelResults *self,
              guint                 position)
{
  const Line *line = line_at (self, position);

  parlance_model_entry_update (g_ptr_array_index (self->entries, position),
                               line->model, line->heading, line->is_favourite, line->is_recent);
}

/**
 * parlance_model_results_set:
 * @models: (element-type ParlanceModel): the models found, in the order to show them
 * @favourites: (nullable): keys ("provider:id") of favourite models
 * @recents: (nullable): keys of recently chosen models, the latest first
 */
void
parlance_model_results_set (ParlanceModelResults *self,
                            GPtrArray            *models,
                            const char * const   *favourites,
                            const char * const   *recents)
{
  g_autoptr(GArray) lines = g_array_sized_new (FALSE, FALSE, sizeof (Line), models->len + 3);
  g_autofree ParlanceModel **recent_found = NULL;
  g_autofree guint8 *section = g_new0 (guint8, models->len);   /* 1 favourite, 2 recent */
  guint n_recent_keys = recents ? g_strv_length ((char **) recents) : 0;
  guint n_favourites = 0, n_recent = 0;
  guint old_n, new_n;

  g_return_if_fail (PARLANCE_IS_MODEL_RESULTS (self));
  g_return_if_fail (models != NULL);

  recent_found = g_new0 (ParlanceModel *, n_recent_keys + 1);
  if ((favourites && favourites[0]) || n_recent_keys > 0)
    for (guint i = 0; i < models->len; i++)
      {
        ParlanceModel *model = g_ptr_array_index (models, i);
        int recent;

        if (find_key (favourites, model) >= 0)
          {
            section[i] = 1;
            n_favourites++;
          }
        else if ((recent = find_key (recents, model)) >= 0 && recent_found[recent] == NULL)
          {
            section[i] = 2;
            recent_found[recent] = model;
            n_recent++;
          }
      }

  if (n_favourites > 0)
    {
      add_line (lines, NULL, _("Favourites"), FALSE, FALSE);
      for (guint i = 0; i < models->len; i++)
        if (section[i] == 1)
          add_line (lines, g_ptr_array_index (models, i), NULL, TRUE, FALSE);
    }
  if (n_recent > 0)
    {
      add_line (lines, NULL, _("Recent"), FALSE, FALSE);
      for (guint i = 0; i < n_recent_keys; i++)
        if (recent_found[i] != NULL)
          add_line (lines, recent_found[i], NULL, FALSE, TRUE);
    }
  if (n_favourites + n_recent > 0 && n_favourites + n_recent < models->len)
    add_line (lines, NULL, _("All Models"), FALSE, FALSE);
  for (guint i = 0; i < models->len; i++)
    if (section[i] == 0)
      add_line (lines, g_ptr_array_index (models, i), NULL, FALSE, FALSE);

  /* Fewer entries: drop the spare ones first, so that their rows aren't updated for nothing. */
  old_n = self->entries->len;
  new_n = MAX (lines->len, MIN (old_n, self->keep));
  g_ptr_array_ref (models);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = models;
  g_array_unref (self->lines);
  self->lines = g_steal_pointer (&lines);
  self->n_models = models->len;
  if (new_n < old_n)
    {
      g_ptr_array_remove_range (self->entries, new_n, old_n - new_n);
      g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
    }
  for (guint i = 0; i < MIN (old_n, new_n); i++)
    if (g_ptr_array_index (self->entries, i) != NULL)
      update_entry (self, i);
  if (new_n > old_n)
    {
      g_ptr_array_set_size (self->entries, new_n);
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
}

/**
 * parlance_model_results_set_keep:
 * @keep: how many entries to keep, blank, when the results shrink
 *
 * A list view that keeps rows for the first @keep items (GTK 4.8 keeps about 200) then never
 * builds nor destroys rows while the user types.
 */
void
parlance_model_results_set_keep (ParlanceModelResults *self,
                                 guint                 keep)
{
  g_return_if_fail (PARLANCE_IS_MODEL_RESULTS (self));
  self->keep = keep;
}

/**
 * parlance_model_results_get_n_lines:
 *
 * Returns: how many entries show something (models and headings); the rest are blank
 */
guint
parlance_model_results_get_n_lines (ParlanceModelResults *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_RESULTS (self), 0);
  return self->lines->len;
}

/**
 * parlance_model_results_get_n_models:
 *
 * Returns: how many models there are, headings not counted
 */
guint
parlance_model_results_get_n_models (ParlanceModelResults *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_RESULTS (self), 0);
  return self->n_models;
}

/**
 * parlance_model_results_get_model:
 *
 * Returns: (transfer none) (nullable): the model at @position, or %NULL for a heading or a
 *   position past the end
 */
ParlanceModel *
parlance_model_results_get_model (ParlanceModelResults *self,
                                  guint                 position)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_RESULTS (self), NULL);

  return line_at (self, position)->model;
}

/**
 * parlance_model_results_find_model:
 * @from: where to start looking
 * @direction: 1 to look forwards, -1 backwards
 *
 * Returns: the first position from @from on (or back) that holds a model, not a heading; or
 *   %PARLANCE_MODEL_RESULTS_NONE
 */
guint
parlance_model_results_find_model (ParlanceModelResults *self,
                                   guint                 from,
                                   int                   direction)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_RESULTS (self), PARLANCE_MODEL_RESULTS_NONE);
  g_return_val_if_fail (direction == 1 || direction == -1, PARLANCE_MODEL_RESULTS_NONE);

  for (gint64 i = from; i >= 0 && i < (gint64) self->lines->len; i += direction)
    if (parlance_model_results_get_model (self, (guint) i) != NULL)
      return (guint) i;
  return PARLANCE_MODEL_RESULTS_NONE;
}

/* GListModel */

static GType
get_item_type (GListModel *model)
{
  return PARLANCE_TYPE_MODEL_ENTRY;
}

static guint
get_n_items (GListModel *model)
{
  return PARLANCE_MODEL_RESULTS (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  ParlanceModelResults *self = PARLANCE_MODEL_RESULTS (model);

  if (position >= self->entries->len)
    return NULL;
  if (g_ptr_array_index (self->entries, position) == NULL)
    {
      g_ptr_array_index (self->entries, position) = parlance_model_entry_new ();
      update_entry (self, position);
    }
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_entry (gpointer entry)
{
  if (entry != NULL)
    g_object_unref (entry);
}

static void
parlance_model_results_finalize (GObject *object)
{
  ParlanceModelResults *self = PARLANCE_MODEL_RESULTS (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);

  G_OBJECT_CLASS (parlance_model_results_parent_class)->finalize (object);
}

static void
parlance_model_results_class_init (ParlanceModelResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_model_results_finalize;
}

static void
parlance_model_results_init (ParlanceModelResults *self)
{
  self->entries = g_ptr_array_new_with_free_func (clear_entry);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
}
