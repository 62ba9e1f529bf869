/* parlance-model-results.h — models found, in sections: favourites, recent, then all.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-model-entry.h"

G_BEGIN_DECLS

/* No such position. */
#define PARLANCE_MODEL_RESULTS_NONE G_MAXUINT

#define PARLANCE_TYPE_MODEL_RESULTS (parlance_model_results_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceModelResults, parlance_model_results, PARLANCE, MODEL_RESULTS, GObject)

ParlanceModelResults *parlance_model_results_new         (void);
void                  parlance_model_results_set         (ParlanceModelResults *self,
                                                          GPtrArray            *models,
                                                          const char * const   *favourites,
                                                          const char * const   *recents);
void                  parlance_model_results_set_keep    (ParlanceModelResults *self,
                                                          guint                 keep);
guint                 parlance_model_results_get_n_lines (ParlanceModelResults *self);
guint                 parlance_model_results_get_n_models (ParlanceModelResults *self);
ParlanceModel        *parlance_model_results_get_model   (ParlanceModelResults *self,
                                                          guint                 position);
guint                 parlance_model_results_find_model  (ParlanceModelResults *self,
                                                          guint                 from,
                                                          int                   direction);

G_END_DECLS
