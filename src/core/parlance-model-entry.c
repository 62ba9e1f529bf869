/* parlance-model-entry.c — one line of a list of models: a section heading, a model, or blank.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry keeps its place in the list while what it shows changes: typing in the model picker
 * gives the same entries new contents (the "changed" signal) instead of replacing them, so a list
 * view rebinds the rows it has rather than building new ones.
 */

#include "config.h"

#include "parlance-model-entry.h"

struct _ParlanceModelEntry
{
  GObject        parent_instance;

  ParlanceModel *model;
  char          *heading;
  gboolean       is_favourite;
  gboolean       is_recent;
};

G_DEFINE_FINAL_TYPE (ParlanceModelEntry, parlance_model_entry, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

ParlanceModelEntry *
parlance_model_entry_new (void)
{
  return g_object_new (PARLANCE_TYPE_MODEL_ENTRY, NULL);
}

/**
 * parlance_model_entry_get_model:
 *
 * Returns: (transfer none) (nullable): the model, or %NULL for a heading or a blank entry
 */
ParlanceModel *
parlance_model_entry_get_model (ParlanceModelEntry *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ENTRY (self), NULL);
  return self->model;
}

/**
 * parlance_model_entry_get_heading:
 *
 * Returns: (transfer none) (nullable): the title of the section this entry begins, or %NULL for
 *   a model or a blank entry
 */
const char *
parlance_model_entry_get_heading (ParlanceModelEntry *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ENTRY (self), NULL);
  return self->heading;
}

gboolean
parlance_model_entry_get_is_favourite (ParlanceModelEntry *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ENTRY (self), FALSE);
  return self->is_favourite;
}

gboolean
parlance_model_entry_get_is_recent (ParlanceModelEntry *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ENTRY (self), FALSE);
  return self->is_recent;
}

/**
 * parlance_model_entry_update:
 * @model: (nullable): the model to show, or %NULL for a heading
 * @heading: (nullable): the heading to show, when @model is %NULL
 *
 * Emits "changed" when anything differs.
 *
 * Returns: whether anything changed
 */
gboolean
parlance_model_entry_update (ParlanceModelEntry *self,
                             ParlanceModel      *model,
                             const char         *heading,
                             gboolean            is_favourite,
                             gboolean            is_recent)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ENTRY (self), FALSE);
  g_return_val_if_fail (model == NULL || PARLANCE_IS_MODEL (model), FALSE);

  if (model != NULL)
    heading = NULL;
  if (self->model == model && g_strcmp0 (self->heading, heading) == 0 &&
      self->is_favourite == !!is_favourite && self->is_recent == !!is_recent)
    return FALSE;

  g_set_object (&self->model, model);
  if (g_strcmp0 (self->heading, heading) != 0)
    {
      g_free (self->heading);
      self->heading = g_strdup (heading);
    }
  self->is_favourite = !!is_favourite;
  self->is_recent = !!is_recent;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
parlance_model_entry_finalize (GObject *object)
{
  ParlanceModelEntry *self = PARLANCE_MODEL_ENTRY (object);

  g_clear_object (&self->model);
  g_clear_pointer (&self->heading, g_free);

  G_OBJECT_CLASS (parlance_model_entry_parent_class)->finalize (object);
}

static void
parlance_model_entry_class_init (ParlanceModelEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlance_model_entry_finalize;

  /**
   * ParlanceModelEntry::changed:
   *
   * What the entry shows has changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlance_model_entry_init (ParlanceModelEntry *self)
{
}
