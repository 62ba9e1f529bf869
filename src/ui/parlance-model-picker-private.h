/* parlance-model-picker-private.h — what the picker's files share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-model-catalog.h"
#include "parlance-model-details.h"
#include "parlance-model-picker.h"
#include "parlance-model-results.h"

G_BEGIN_DECLS

struct _ParlanceModelPicker
{
  AdwWindow             parent_instance;

  ParlanceChatSession  *session;
  ParlanceModelCatalog *catalog;
  GSettings            *settings;
  GCancellable         *cancellable;
  ParlanceModelResults *results;
  GtkSingleSelection   *selection;
  gboolean              refreshing;
  gboolean              choose_only;     /* ::model-chosen, the session unchanged */

  /* Template widgets */
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *free_toggle;
  GtkToggleButton      *tools_toggle;
  GtkToggleButton      *images_toggle;
  GtkToggleButton      *reasoning_toggle;
  GtkDropDown          *sort_dropdown;
  GtkDropDown          *provider_dropdown;
  GtkDropDown          *context_dropdown;
  GtkDropDown          *price_dropdown;
  GtkStack             *stack;
  GtkListView          *list_view;
  ParlanceModelDetails *details;
  GtkLabel             *status_label;
  GtkWidget            *refresh_spinner;
  GtkFlowBox           *filter_box;
  AdwStatusPage        *failed_page;
};

void _parlance_model_picker_fill            (ParlanceModelPicker *self,
                                             gboolean             keep_place);
void _parlance_model_picker_repopulate      (ParlanceModelPicker *self);
void _parlance_model_picker_select_position (ParlanceModelPicker *self,
                                             guint                position);
void _parlance_model_picker_set_refreshing  (ParlanceModelPicker *self,
                                             gboolean             refreshing);
void _parlance_model_picker_refresh         (ParlanceModelPicker *self);
void _parlance_model_picker_show_provider   (ParlanceModelPicker *self,
                                             ParlanceProvider    *provider);

G_END_DECLS
