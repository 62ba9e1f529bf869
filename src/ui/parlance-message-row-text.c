/* parlance-message-row-text.c — a user's message as plain text: what they typed, line breaks
 * kept, one label per paragraph; while it changes only the last paragraph's label is updated.
 * Labels are bounded (a paragraph of megabytes is shown cut) and highlight what a search found.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-display-text.h"
#include "parlance-message-row-private.h"
#include "parlance-search-results.h"

static GtkWidget *
paragraph_new (void)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_LABEL, NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* No Tab stop per paragraph (as in the Markdown view): a selectable label that is only not
   * focusable still claims Tab in GTK 4.8, so it may not take the focus at all. The mouse still
   * selects its text; screen readers read it from the accessible tree. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (label, "message-text");
  return label;
}

/* What one label lays out. Pango shapes a wrapped label's text again for each line it breaks,
 * so a label costs the square of its length, and most of all of its longest word (its minimum
 * width puts one character a line): a 2 MB word took minutes and overflowed Pango's sizes into
 * an empty bubble. Longer paragraphs are split at line breaks; a longer line, or word, is shown
 * cut, with the whole text a button away. */
#define LABEL_MAX_BYTES 4096
#define LABEL_MAX_WORD  256   /* characters without a space */

/* The end of the whole characters in the first @max bytes of @text (@len bytes long). */
static const char *
cut_at (const char *text,
        gsize       len,
        gsize       max)
{
  const char *p = text + MIN (len, max);

  if (len <= max)
    return p;
  while (p > text && ((guchar) *p & 0xc0) == 0x80)
    p--;
  return p;
}

/* @text as a label shows it: at most LABEL_MAX_BYTES, no word longer than LABEL_MAX_WORD
 * characters; "…" where it is cut, and *@cut set. */
static char *
dup_shown (const char *text,
           gsize       len,
           gboolean   *cut)
{
  const char *end = cut_at (text, len, LABEL_MAX_BYTES);
  GString *out = g_string_sized_new (end - text + 8);
  guint word = 0;

  *cut = end < text + len;
  for (const char *p = text; p < end;)
    {
      const char *next = g_utf8_find_next_char (p, end);

      if (next == NULL)
        next = end;
      if (g_ascii_isspace (*p))
        word = 0;
      else if (++word > LABEL_MAX_WORD)
        {
          /* The rest of the word goes. */
          if (word == LABEL_MAX_WORD + 1)
            g_string_append (out, "…");
          *cut = TRUE;
          p = next;
          continue;
        }
      g_string_append_len (out, p, next - p);
      p = next;
    }
  if (end < text + len && word <= LABEL_MAX_WORD)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* Where the paragraph at @p (@len bytes to the end) ends, and how many line breaks end it:
 * a blank line, or, past LABEL_MAX_BYTES, a line break; NULL when it goes on to the end. */
static const char *
paragraph_end (const char *p,
               gsize       len,
               gsize      *n_breaks)
{
  const char *blank = g_strstr_len (p, (gssize) MIN (len, LABEL_MAX_BYTES + 2), "\n\n");
  const char *line;

  *n_breaks = 2;
  if (blank != NULL || len <= LABEL_MAX_BYTES)
    return blank;
  *n_breaks = 1;
  line = g_strrstr_len (p, LABEL_MAX_BYTES, "\n");
  if (line == NULL || line == p)
    line = memchr (p + LABEL_MAX_BYTES, '\n', len - LABEL_MAX_BYTES);
  return line;
}

static void
highlight_label (ParlanceMessageRow *self,
                 GtkWidget          *label)
{
  PangoAttrList *attrs = parlance_search_highlight (gtk_label_get_text (GTK_LABEL (label)),
                                                    (const char * const *) self->highlight);

  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  g_clear_pointer (&attrs, pango_attr_list_unref);
}

/**
 * parlance_message_row_set_highlight:
 * @terms: (nullable): from parlance_search_terms ()
 */
void
parlance_message_row_set_highlight (ParlanceMessageRow *self,
                                    const char * const *terms)
{
  g_return_if_fail (PARLANCE_IS_MESSAGE_ROW (self));

  if (self->highlight == NULL && terms == NULL)
    return;
  g_strfreev (self->highlight);
  self->highlight = g_strdupv ((char **) terms);
  for (guint i = 0; i < parlance_paragraph_box_get_n_children (self->content_box); i++)
    {
      GtkWidget *child = parlance_paragraph_box_get_child (self->content_box, i);

      if (GTK_IS_LABEL (child))
        highlight_label (self, child);
    }
  parlance_markdown_view_set_highlight (self->content_view, terms);
  parlance_markdown_view_set_highlight (self->reasoning_view, terms);
}

static void
set_label_text (ParlanceMessageRow *self,
                GtkWidget          *label,
                const char         *text,
                gsize               len)
{
  gboolean cut;
  g_autofree char *copy = dup_shown (text, len, &cut);

  if (cut && !self->cut)
    {
      self->cut = TRUE;
      _parlance_message_row_update_long_box (self);
    }
  {
    /* Controls as pictures, no bidirectional overrides: the text reads as it is. */
    g_autofree char *shown = parlance_display_text (copy, -1);

    if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), shown) == 0)
      return;
    gtk_label_set_text (GTK_LABEL (label), shown);
  }
  if (self->highlight != NULL)
    highlight_label (self, label);
  parlance_paragraph_box_child_changed (self->content_box, label);
}

/* Shows the content of a user's message that is not on screen yet: settles the paragraphs that ended.
 * Returns FALSE when @deadline came first and there is more to show. */
gboolean
_parlance_message_row_sync_text (ParlanceMessageRow *self,
                                 gint64              deadline)
{
  const char *content = parlance_message_get_content (self->message);
  gsize len = parlance_message_get_content_length (self->message);
  gsize start = self->settled;
  const char *rest, *brk;
  gsize n_breaks;

  if (_parlance_message_row_is_markdown (self))
    return TRUE;
  if (self->last_paragraph == NULL)
    {
      self->last_paragraph = paragraph_new ();
      parlance_paragraph_box_append (self->content_box, self->last_paragraph);
    }

  while ((brk = paragraph_end (content + self->settled, len - self->settled, &n_breaks)) != NULL)
    {
      rest = content + self->settled;
      set_label_text (self, self->last_paragraph, rest, (gsize) (brk - rest));
      self->settled = (gsize) (brk - content) + n_breaks;
      while (self->settled < len && content[self->settled] == '\n')
        self->settled++;
      self->last_paragraph = paragraph_new ();
      parlance_paragraph_box_append (self->content_box, self->last_paragraph);
      /* Past the budget after settling what was shown: a paragraph longer than the budget
       * would otherwise be shown again each frame, and the next ones never. */
      if (deadline != G_MAXINT64 &&
          (g_get_monotonic_time () > deadline || self->settled - start > FRAME_BUDGET_BYTES))
        return FALSE;
    }

  set_label_text (self, self->last_paragraph, content + self->settled, len - self->settled);
  gtk_widget_set_visible (GTK_WIDGET (self->content_box), len > 0);
  return TRUE;
}
