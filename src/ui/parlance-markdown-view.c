/* parlance-markdown-view.c — a Markdown document shown as widgets, growing as a reply streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The top-level blocks' widgets are the children of a ParlanceParagraphBox, which draws only
 * those in sight and remembers their sizes, so a long reply costs per frame what its tail
 * does. Each frame (a tick callback, while the document changed) the view compares the
 * document's blocks with those it built, by pointer: settled blocks keep their widgets; a tail
 * block that changed updates its widgets in place when it can (a paragraph's text, a code
 * block's new lines, a list's new item) or is built again. A top-level paragraph is shown as
 * several labels of a few kilobytes (see parlance-markdown-view-private.h). Building has a
 * budget per frame: what does not fit is built in the next frames.
 */

#include "config.h"

#include "parlance-code-block.h"
#include "parlance-markdown-view.h"
#include "parlance-markdown-view-private.h"
#include "parlance-paragraph-box.h"

#define FRAME_BUDGET_US 4000

typedef struct
{
  ParlanceMarkdownBlock *block;
  GPtrArray             *widgets;   /* children of the box, in order */
} Entry;

struct _ParlanceMarkdownView
{
  GtkWidget             parent_instance;

  ParlanceMarkdown     *document;
  GArray               *entries;    /* of Entry, one per top-level block */
  guint64               serial;     /* of the document, when all was built */
  gboolean              built;      /* the last sync built all there was */
  guint                 tick_id;
  char                **highlight;
  gboolean              elided;

  ParlanceParagraphBox *box;
};

G_DEFINE_FINAL_TYPE (ParlanceMarkdownView, parlance_markdown_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_ELIDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
parlance_markdown_view_new (void)
{
  return g_object_new (PARLANCE_TYPE_MARKDOWN_VIEW, NULL);
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->block, parlance_markdown_block_unref);
  g_clear_pointer (&entry->widgets, g_ptr_array_unref);
}

static void
set_elided (ParlanceMarkdownView *self,
            gboolean              elided)
{
  if (self->elided == elided)
    return;
  self->elided = elided;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELIDED]);
}

static void
clear_widgets (ParlanceMarkdownView *self)
{
  parlance_paragraph_box_clear (self->box);
  g_array_set_size (self->entries, 0);
  self->serial = 0;
  self->built = FALSE;
  set_elided (self, FALSE);
}

/* The top-level paragraph's text in labels of a few kilobytes each. */
static void
sync_paragraph (ParlanceMarkdownView        *self,
                Entry                       *entry,
                const ParlanceMarkdownBlock *block,
                GtkWidget                   *before,
                gboolean                    *elided)
{
  g_auto(GStrv) chunks = _parlance_markdown_inline_markup (block, PARLANCE_MARKDOWN_LABEL_CHUNK_BYTES,
                                                           PARLANCE_MARKDOWN_TOP_MAX_BYTES, elided);
  guint n = g_strv_length (chunks);
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);
  guint level = parlance_markdown_block_get_level (block);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label;

      if (i < entry->widgets->len)
        label = g_ptr_array_index (entry->widgets, i);
      else
        {
          label = _parlance_markdown_text_label_new (kind, level);
          parlance_paragraph_box_insert_before (self->box, label, before);
          g_ptr_array_add (entry->widgets, label);
        }
      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), chunks[i]) == 0)
        continue;
      _parlance_markdown_text_label_set (label, chunks[i]);
      if (self->highlight != NULL)
        _parlance_markdown_highlight (label, (const char * const *) self->highlight);
      parlance_paragraph_box_child_changed (self->box, label);
    }
  while (entry->widgets->len > n)
    {
      parlance_paragraph_box_remove (self->box, g_ptr_array_index (entry->widgets, entry->widgets->len - 1));
      g_ptr_array_set_size (entry->widgets, entry->widgets->len - 1);
    }
}

static gboolean
is_text (const ParlanceMarkdownBlock *block)
{
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);

  return kind == PARLANCE_MARKDOWN_PARAGRAPH || kind == PARLANCE_MARKDOWN_HEADING ||
         kind == PARLANCE_MARKDOWN_HTML;
}

static void
remove_widgets (ParlanceMarkdownView *self,
                Entry                *entry)
{
  for (guint i = 0; i < entry->widgets->len; i++)
    parlance_paragraph_box_remove (self->box, g_ptr_array_index (entry->widgets, i));
  g_ptr_array_set_size (entry->widgets, 0);
}

/* Makes @entry show @block; @before is the first widget of the next entry, or NULL. */
static void
sync_entry (ParlanceMarkdownView        *self,
            Entry                       *entry,
            const ParlanceMarkdownBlock *block,
            GtkWidget                   *before,
            gboolean                    *elided)
{
  const ParlanceMarkdownBlock *old = entry->block;

  if (old != NULL && parlance_markdown_block_equal (old, block))
    ;
  else if (is_text (block))
    {
      if (old != NULL && (parlance_markdown_block_get_kind (old) != parlance_markdown_block_get_kind (block) ||
                          parlance_markdown_block_get_level (old) != parlance_markdown_block_get_level (block)))
        remove_widgets (self, entry);
      sync_paragraph (self, entry, block, before, elided);
    }
  else if (entry->widgets->len == 1 &&
           _parlance_markdown_update (g_ptr_array_index (entry->widgets, 0), block, 0, elided))
    {
      GtkWidget *widget = g_ptr_array_index (entry->widgets, 0);

      if (self->highlight != NULL)
        _parlance_markdown_highlight (widget, (const char * const *) self->highlight);
      parlance_paragraph_box_child_changed (self->box, widget);
    }
  else
    {
      GtkWidget *widget = _parlance_markdown_build (block, 0, elided);

      remove_widgets (self, entry);
      parlance_paragraph_box_insert_before (self->box, widget, before);
      g_ptr_array_add (entry->widgets, widget);
      if (self->highlight != NULL)
        _parlance_markdown_highlight (widget, (const char * const *) self->highlight);
    }

  if (entry->block != block)
    {
      g_clear_pointer (&entry->block, parlance_markdown_block_unref);
      entry->block = parlance_markdown_block_ref ((ParlanceMarkdownBlock *) block);
    }
}

/* Builds what changed. Returns FALSE when @deadline came first and there is more to build. */
static gboolean
sync_blocks (ParlanceMarkdownView *self,
      gint64                deadline)
{
  guint n = self->document != NULL ? parlance_markdown_get_n_blocks (self->document) : 0;
  gboolean elided = self->elided;
  guint i;

  if (self->document == NULL)
    {
      if (self->entries->len > 0)
        clear_widgets (self);
      return TRUE;
    }
  if (self->built && self->serial == parlance_markdown_get_serial (self->document))
    return TRUE;

  self->built = FALSE;
  for (i = 0; i < n; i++)
    {
      const ParlanceMarkdownBlock *block = parlance_markdown_get_block (self->document, i);
      Entry *entry;
      GtkWidget *before = NULL;

      if (i < self->entries->len && g_array_index (self->entries, Entry, i).block == block)
        continue;
      if (g_get_monotonic_time () > deadline)
        break;
      if (i == self->entries->len)
        {
          Entry fresh = { NULL, g_ptr_array_new () };

          g_array_append_val (self->entries, fresh);
        }
      entry = &g_array_index (self->entries, Entry, i);
      for (guint j = i + 1; j < self->entries->len && before == NULL; j++)
        if (g_array_index (self->entries, Entry, j).widgets->len > 0)
          before = g_ptr_array_index (g_array_index (self->entries, Entry, j).widgets, 0);
      sync_entry (self, entry, block, before, &elided);
    }
  set_elided (self, elided);
  if (i < n)
    return FALSE;

  while (self->entries->len > n)
    {
      remove_widgets (self, &g_array_index (self->entries, Entry, self->entries->len - 1));
      g_array_set_size (self->entries, self->entries->len - 1);
    }
  self->serial = parlance_markdown_get_serial (self->document);
  self->built = TRUE;
  return TRUE;
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       user_data)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (widget);

  if (!sync_blocks (self, g_get_monotonic_time () + FRAME_BUDGET_US))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * parlance_markdown_view_queue_update:
 *
 * Looks at the document again at the next frame (an unmapped view catches up when mapped).
 */
void
parlance_markdown_view_queue_update (ParlanceMarkdownView *self)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self));

  self->built = self->built && self->document != NULL &&
                self->serial == parlance_markdown_get_serial (self->document);
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
}

void
parlance_markdown_view_set_document (ParlanceMarkdownView *self,
                                     ParlanceMarkdown     *document)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (document == NULL || PARLANCE_IS_MARKDOWN (document));

  if (self->document == document)
    return;
  g_set_object (&self->document, document);
  clear_widgets (self);
  /* What fits in a frame's budget shows at once; the rest over the next frames. */
  if (!sync_blocks (self, g_get_monotonic_time () + FRAME_BUDGET_US))
    parlance_markdown_view_queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

ParlanceMarkdown *
parlance_markdown_view_get_document (ParlanceMarkdownView *self)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self), NULL);
  return self->document;
}

/**
 * parlance_markdown_view_set_highlight:
 * @terms: (nullable): from parlance_search_terms ()
 */
void
parlance_markdown_view_set_highlight (ParlanceMarkdownView *self,
                                      const char * const   *terms)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self));

  if (self->highlight == NULL && terms == NULL)
    return;
  g_strfreev (self->highlight);
  self->highlight = g_strdupv ((char **) terms);
  _parlance_markdown_highlight (GTK_WIDGET (self->box), terms);
}

void
parlance_markdown_view_set_secondary (ParlanceMarkdownView *self,
                                      gboolean              secondary)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self));

  if (secondary)
    gtk_widget_add_css_class (GTK_WIDGET (self), "secondary");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "secondary");
}

/**
 * parlance_markdown_view_get_elided:
 *
 * Whether something is shown cut (a paragraph, a code block or a table too big to lay out).
 */
gboolean
parlance_markdown_view_get_elided (ParlanceMarkdownView *self)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN_VIEW (self), FALSE);
  return self->elided;
}

static void
parlance_markdown_view_map (GtkWidget *widget)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (widget);

  GTK_WIDGET_CLASS (parlance_markdown_view_parent_class)->map (widget);
  if (self->document != NULL && !(self->built && self->serial == parlance_markdown_get_serial (self->document)))
    parlance_markdown_view_queue_update (self);
}

static void
parlance_markdown_view_unmap (GtkWidget *widget)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  GTK_WIDGET_CLASS (parlance_markdown_view_parent_class)->unmap (widget);
}

static void
parlance_markdown_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_ELIDED:
      g_value_set_boolean (value, self->elided);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_markdown_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      parlance_markdown_view_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlance_markdown_view_dispose (GObject *object)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_object (&self->document);
  if (self->box != NULL)
    {
      g_array_set_size (self->entries, 0);
      gtk_widget_unparent (GTK_WIDGET (self->box));
      self->box = NULL;
    }
  G_OBJECT_CLASS (parlance_markdown_view_parent_class)->dispose (object);
}

static void
parlance_markdown_view_finalize (GObject *object)
{
  ParlanceMarkdownView *self = PARLANCE_MARKDOWN_VIEW (object);

  g_array_unref (self->entries);
  g_strfreev (self->highlight);
  G_OBJECT_CLASS (parlance_markdown_view_parent_class)->finalize (object);
}

static void
parlance_markdown_view_class_init (ParlanceMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_markdown_view_dispose;
  object_class->finalize = parlance_markdown_view_finalize;
  object_class->get_property = parlance_markdown_view_get_property;
  object_class->set_property = parlance_markdown_view_set_property;
  widget_class->map = parlance_markdown_view_map;
  widget_class->unmap = parlance_markdown_view_unmap;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PARLANCE_TYPE_MARKDOWN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELIDED] =
    g_param_spec_boolean ("elided", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdown");
}

static void
parlance_markdown_view_init (ParlanceMarkdownView *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->box = PARLANCE_PARAGRAPH_BOX (parlance_paragraph_box_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->box), GTK_WIDGET (self));
}

gboolean
_parlance_markdown_view_get_built (ParlanceMarkdownView *self)
{
  return self->document == NULL ||
         (self->built && self->serial == parlance_markdown_get_serial (self->document));
}

GtkWidget *
_parlance_markdown_view_get_box (ParlanceMarkdownView *self)
{
  return GTK_WIDGET (self->box);
}

