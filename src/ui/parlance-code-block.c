/* parlance-code-block.c — a fenced code block: highlighted, scrolled sideways, with a Copy button.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code is untrusted and may be huge: the buffer holds at most PARLANCE_CODE_BLOCK_MAX_LINES
 * lines and _MAX_BYTES bytes, each line cut at _MAX_LINE_CHARS characters (GtkTextView lays out a
 * line whole), with a note under it; Copy copies the whole code. While a block streams, only what
 * is new is appended, so the highlighting goes on where it stopped.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "parlance-code-block.h"
#include "parlance-code-languages.h"
#include "parlance-display-text.h"
#include "parlance-paragraph-box.h"
#include "parlance-search-results.h"
#include "parlance-window.h"

struct _ParlanceCodeBlock
{
  GtkWidget  parent_instance;

  GString   *code;          /* the whole code */
  char      *language;      /* as the fence wrote it */
  gsize      fed;           /* bytes of code looked at for the buffer */
  guint      total_lines;
  guint      shown_lines;
  gsize      shown_bytes;
  guint      line_chars;    /* in the buffer's last line */
  gboolean   line_cut;      /* the buffer's last line was cut */
  gboolean   full;          /* the buffer holds all it may */
  gboolean   cut;
  guint      resize_tick_id;
  int        last_upper;    /* the last height the box was told of */
  guint      stable_frames;

  /* Template widgets */
  GtkWidget *header;
  GtkLabel  *language_label;
  GtkWidget *copy_button;
  GtkWidget *scroller;
  GtkSourceView *view;
  GtkWidget *cut_box;
  GtkLabel  *cut_label;
};

G_DEFINE_FINAL_TYPE (ParlanceCodeBlock, parlance_code_block, GTK_TYPE_WIDGET)

/* Blocks built ahead, when nothing else runs: building one from its template (a source view,
 * its header, the Copy button) takes some milliseconds, which a streaming reply would otherwise
 * add to the frame its fence opens in. Begun with the first block a process asks for. */
#define SPARE_BLOCKS 2
static GPtrArray *spares;
static guint refill_id;

static gboolean
refill_spares (gpointer user_data)
{
  g_ptr_array_add (spares, g_object_ref_sink (g_object_new (PARLANCE_TYPE_CODE_BLOCK, NULL)));
  if (spares->len < SPARE_BLOCKS)
    return G_SOURCE_CONTINUE;
  refill_id = 0;
  return G_SOURCE_REMOVE;
}

GtkWidget *
parlance_code_block_new (void)
{
  GtkWidget *block;

  if (spares == NULL)
    spares = g_ptr_array_new ();
  if (spares->len > 0)
    {
      block = g_ptr_array_steal_index (spares, spares->len - 1);
      /* Handed out as a new widget is: the pool's reference becomes the floating one. */
      g_object_force_floating (G_OBJECT (block));
    }
  else
    block = g_object_new (PARLANCE_TYPE_CODE_BLOCK, NULL);
  if (refill_id == 0)
    refill_id = g_idle_add_full (G_PRIORITY_LOW, refill_spares, NULL, NULL);
  return block;
}

/* For tests: how many blocks are built ahead. */
guint
_parlance_code_block_get_n_spares (void)
{
  return spares != NULL ? spares->len : 0;
}

static void
update_scheme (ParlanceCodeBlock *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
reset (ParlanceCodeBlock *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));

  g_string_truncate (self->code, 0);
  gtk_text_buffer_set_text (buffer, "", 0);
  self->fed = 0;
  self->total_lines = 1;
  self->shown_lines = 1;
  self->shown_bytes = 0;
  self->line_chars = 0;
  self->line_cut = FALSE;
  self->full = FALSE;
  self->cut = FALSE;
}

/* Appends to the buffer what it may show of the code not looked at yet. */
static void
feed (ParlanceCodeBlock *self)
{
  const char *p = self->code->str + self->fed;
  const char *end = self->code->str + self->code->len;
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter iter;

  for (const char *n = memchr (p, '\n', end - p); n != NULL; n = memchr (n + 1, '\n', end - n - 1))
    self->total_lines++;

  for (; p < end && !self->full; p++)
    {
      guchar c = (guchar) *p;
      gboolean lead = (c & 0xc0) != 0x80;

      if (lead && (self->shown_bytes >= PARLANCE_CODE_BLOCK_MAX_BYTES ||
                   (c == '\n' && self->shown_lines >= PARLANCE_CODE_BLOCK_MAX_LINES)))
        {
          self->full = TRUE;
          break;
        }
      if (c == '\n')
        {
          self->shown_lines++;
          self->line_chars = 0;
          self->line_cut = FALSE;
        }
      else if (self->line_cut)
        continue;
      else if (lead && ++self->line_chars > PARLANCE_CODE_BLOCK_MAX_LINE_CHARS)
        {
          g_string_append (out, "…");
          self->line_cut = TRUE;
          self->cut = TRUE;
          continue;
        }
      g_string_append_c (out, (char) c);
      self->shown_bytes++;
    }
  self->fed = self->code->len;
  if (self->full)
    self->cut = TRUE;

  if (out->len > 0)
    {
      /* Controls as pictures, no bidirectional overrides; Copy still gives the code itself. */
      g_autofree char *shown = parlance_display_text (out->str, (gssize) out->len);

      gtk_text_buffer_get_end_iter (buffer, &iter);
      gtk_text_buffer_insert (buffer, &iter, shown, -1);
    }
}

static void watch_height (ParlanceCodeBlock *self);

/* GtkTextView measures only the lines it has laid out, and lays out those in its allocation:
 * asking at least the height of the lines in the font makes it lay them all out at once. */
static void
reserve_height (ParlanceCodeBlock *self)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  PangoContext *context = gtk_widget_get_pango_context (view);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int line = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));

  int height = (int) self->shown_lines * line + gtk_text_view_get_top_margin (GTK_TEXT_VIEW (view)) +
               gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (view));
  int header = 0;

  pango_font_metrics_unref (metrics);
  gtk_widget_set_size_request (view, -1, height);
  /* The paragraph box guesses a child's height from its size request until it measures it. */
  gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, -1, NULL, &header, NULL, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, height + header);
}

static void
update_cut_note (ParlanceCodeBlock *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->cut_box, self->cut);
  if (!self->cut)
    return;
  if (self->full)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing the first %'u of %'u line.",
                                         "Showing the first %'u of %'u lines.", self->total_lines),
                            self->shown_lines, self->total_lines);
  else
    text = g_strdup (_("Lines too long to show are cut."));
  gtk_label_set_text (self->cut_label, text);
}

static void
language_parsed (GObject           *owner,
                 GtkSourceLanguage *language)
{
  ParlanceCodeBlock *self = PARLANCE_CODE_BLOCK (owner);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));

  /* Unless the block was given other code since. */
  if (parlance_code_languages_find (self->language) == language)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), language);
}

static void
set_language (ParlanceCodeBlock *self,
              const char        *language)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  GtkSourceLanguage *found = parlance_code_languages_find (language);
  g_autofree char *shown = NULL;

  g_free (self->language);
  self->language = g_strdup (language);
  /* Plain until the definition is parsed, which for a language not seen yet is done after the
   * frame (8 ms for C, and more for some). */
  gtk_source_buffer_set_language (buffer, NULL);
  if (found != NULL)
    parlance_code_languages_when_parsed (found, G_OBJECT (self), language_parsed);
  /* The header says what the fence wrote ("bash", not the "sh" it is highlighted as). */
  if (language != NULL && *language != '\0')
    shown = g_utf8_substring (language, 0, MIN (g_utf8_strlen (language, -1), 32));
  else
    shown = g_strdup (_("Code"));
  {
    g_autofree char *safe = parlance_display_text (shown, -1);

    gtk_label_set_text (self->language_label, safe);
  }
}

void
parlance_code_block_set_code (ParlanceCodeBlock *self,
                              const char        *language,
                              const char        *code,
                              gsize              length)
{
  g_return_if_fail (PARLANCE_IS_CODE_BLOCK (self));
  g_return_if_fail (code != NULL || length == 0);

  if (g_strcmp0 (language, self->language) != 0)
    set_language (self, language);

  if (length == self->code->len && memcmp (code, self->code->str, length) == 0)
    return;
  /* A block still streaming grows at its end; anything else starts again. */
  if (length < self->code->len || memcmp (code, self->code->str, self->code->len) != 0)
    reset (self);
  g_string_append_len (self->code, code + self->code->len, length - self->code->len);
  feed (self);
  update_cut_note (self);
  reserve_height (self);
  watch_height (self);
}

const char *
parlance_code_block_get_code (ParlanceCodeBlock *self)
{
  g_return_val_if_fail (PARLANCE_IS_CODE_BLOCK (self), NULL);
  return self->code->str;
}

gboolean
parlance_code_block_get_cut (ParlanceCodeBlock *self)
{
  g_return_val_if_fail (PARLANCE_IS_CODE_BLOCK (self), FALSE);
  return self->cut;
}

/**
 * parlance_code_block_set_highlight:
 * @terms: (nullable): from parlance_search_terms ()
 */
void
parlance_code_block_set_highlight (ParlanceCodeBlock  *self,
                                   const char * const *terms)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  PangoAttrList *attrs;
  GSList *list;

  g_return_if_fail (PARLANCE_IS_CODE_BLOCK (self));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "search-match", &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  attrs = parlance_search_highlight (text, terms);
  if (attrs == NULL)
    return;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->start_index >= strlen (text) || attr->end_index <= attr->start_index)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_pointer_to_offset (text, text + attr->start_index));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) g_utf8_pointer_to_offset (text, text + MIN (attr->end_index, strlen (text))));
      gtk_text_buffer_apply_tag_by_name (buffer, "search-match", &start, &end);
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  pango_attr_list_unref (attrs);
}

static void
copy_clicked (ParlanceCodeBlock *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), PARLANCE_TYPE_WINDOW);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code->str);
  if (window != NULL)
    parlance_window_add_toast (PARLANCE_WINDOW (window), adw_toast_new (_("Copied")));
}

/* A ParlanceParagraphBox remembers its children's heights, and GtkTextView learns its height
 * over a few idles after its text changed (it validates lines in the background). So for a few
 * frames after a change, the block compares the height it would ask for with the one it has, and
 * tells the box when they differ. */
#define STABLE_FRAMES 8

static void
tell_box (ParlanceCodeBlock *self)
{
  GtkWidget *box = gtk_widget_get_ancestor (GTK_WIDGET (self), PARLANCE_TYPE_PARAGRAPH_BOX);

  if (box != NULL)
    parlance_paragraph_box_child_changed (PARLANCE_PARAGRAPH_BOX (box), GTK_WIDGET (self));
}

/* The height the code asks for (it never wraps: the same at any width). */
int
_parlance_code_block_get_wanted_height (ParlanceCodeBlock *self)
{
  int min = 0, nat = 0;

  gtk_widget_measure (GTK_WIDGET (self->view), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

/* Whether the code has the height it asks for. */
gboolean
_parlance_code_block_get_fits (ParlanceCodeBlock *self)
{
  return _parlance_code_block_get_wanted_height (self) == gtk_widget_get_height (self->scroller);
}

static gboolean
resize_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  ParlanceCodeBlock *self = PARLANCE_CODE_BLOCK (widget);
  int nat = _parlance_code_block_get_wanted_height (self);

  if (nat != gtk_widget_get_height (self->scroller) && nat != self->last_upper)
    {
      self->last_upper = nat;
      self->stable_frames = 0;
      tell_box (self);
      return G_SOURCE_CONTINUE;
    }
  if (++self->stable_frames < STABLE_FRAMES)
    return G_SOURCE_CONTINUE;
  self->resize_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
watch_height (ParlanceCodeBlock *self)
{
  self->stable_frames = 0;
  self->last_upper = -1;
  if (self->resize_tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->resize_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), resize_tick, NULL, NULL);
}

static void
parlance_code_block_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (parlance_code_block_parent_class)->map (widget);
  watch_height (PARLANCE_CODE_BLOCK (widget));
}

static void
parlance_code_block_unmap (GtkWidget *widget)
{
  ParlanceCodeBlock *self = PARLANCE_CODE_BLOCK (widget);

  if (self->resize_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->resize_tick_id);
      self->resize_tick_id = 0;
    }
  GTK_WIDGET_CLASS (parlance_code_block_parent_class)->unmap (widget);
}

GtkWidget *
_parlance_code_block_get_view (ParlanceCodeBlock *self)
{
  return GTK_WIDGET (self->view);
}

const char *
_parlance_code_block_get_scheme (ParlanceCodeBlock *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);

  return scheme != NULL ? gtk_source_style_scheme_get_id (scheme) : NULL;
}

static void
parlance_code_block_dispose (GObject *object)
{
  ParlanceCodeBlock *self = PARLANCE_CODE_BLOCK (object);

  if (self->resize_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->resize_tick_id);
      self->resize_tick_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_CODE_BLOCK);
  G_OBJECT_CLASS (parlance_code_block_parent_class)->dispose (object);
}

static void
parlance_code_block_finalize (GObject *object)
{
  ParlanceCodeBlock *self = PARLANCE_CODE_BLOCK (object);

  g_string_free (self->code, TRUE);
  g_free (self->language);
  G_OBJECT_CLASS (parlance_code_block_parent_class)->finalize (object);
}

static void
parlance_code_block_class_init (ParlanceCodeBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_code_block_dispose;
  object_class->finalize = parlance_code_block_finalize;
  widget_class->map = parlance_code_block_map;
  widget_class->unmap = parlance_code_block_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-code-block.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeblock");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, header);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, language_label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, copy_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, view);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, cut_box);
  gtk_widget_class_bind_template_child (widget_class, ParlanceCodeBlock, cut_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked);
}

static void
parlance_code_block_init (ParlanceCodeBlock *self)
{
  GtkTextBuffer *buffer;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->code = g_string_new (NULL);
  self->total_lines = 1;
  self->shown_lines = 1;
  self->last_upper = -1;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);
  gtk_text_buffer_create_tag (buffer, "search-match", "background", "#f6d32d", "foreground", "#000000", NULL);
  gtk_label_set_text (self->language_label, _("Code"));
  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
}

