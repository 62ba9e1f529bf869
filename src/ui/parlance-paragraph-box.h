/* parlance-paragraph-box.h
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PARLANCE_TYPE_PARAGRAPH_BOX (parlance_paragraph_box_get_type ())

G_DECLARE_FINAL_TYPE (ParlanceParagraphBox, parlance_paragraph_box, PARLANCE, PARAGRAPH_BOX, GtkWidget)

GtkWidget *parlance_paragraph_box_new    (void);
void       parlance_paragraph_box_append (ParlanceParagraphBox *self,
                                          GtkWidget            *child);
void       parlance_paragraph_box_insert_before (ParlanceParagraphBox *self,
                                                 GtkWidget            *child,
                                                 GtkWidget            *before);
void       parlance_paragraph_box_remove (ParlanceParagraphBox *self,
                                          GtkWidget            *child);
void       parlance_paragraph_box_clear  (ParlanceParagraphBox *self);
guint      parlance_paragraph_box_get_n_children (ParlanceParagraphBox *self);
GtkWidget *parlance_paragraph_box_get_child (ParlanceParagraphBox *self,
                                             guint                 index);
void       parlance_paragraph_box_set_shrink_to_fit (ParlanceParagraphBox *self,
                                                     gboolean              shrink_to_fit);
void       parlance_paragraph_box_child_changed (ParlanceParagraphBox *self,
                                                 GtkWidget            *child);

/* For tests: at most @measures real measures per frame instead of the time budget (-1). */
void       _parlance_paragraph_box_set_measure_limit (ParlanceParagraphBox *self,
                                                      int                   measures);

/* For tests: how many heights were guessed, and how many measured, since the box was made. */
guint      _parlance_paragraph_box_get_n_guesses (ParlanceParagraphBox *self);
guint      _parlance_paragraph_box_get_n_measured (ParlanceParagraphBox *self);

/* For tests: whether the last snapshot left children out, and the range it drew (box coordinates). */
void       _parlance_paragraph_box_find_in_sight (ParlanceParagraphBox  *self,
                                                  double                 top,
                                                  double                 bottom,
                                                  GtkWidget            **crossing,
                                                  GtkWidget            **starting);

gboolean   _parlance_paragraph_box_get_drawn_range (ParlanceParagraphBox *self,
                                                    double               *top,
                                                    double               *bottom);

G_END_DECLS
