/* parlance-markdown-blocks.c — the widgets of Markdown blocks: text, lists, quotes, tables.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each widget remembers the block it shows. A block of the open tail is replaced on every
 * append by an equal or longer one: _parlance_markdown_update () keeps the widgets of the
 * children that did not change (a list or a table that grows by an item or a row), so a long
 * streaming list costs per frame what its last item does.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "parlance-code-block.h"
#include "parlance-markdown-view-private.h"
#include "parlance-search-results.h"
#include "parlance-window.h"

static GQuark block_quark;

const ParlanceMarkdownBlock *
_parlance_markdown_widget_get_block (GtkWidget *widget)
{
  return block_quark != 0 ? g_object_get_qdata (G_OBJECT (widget), block_quark) : NULL;
}

void
_parlance_markdown_widget_set_block (GtkWidget                   *widget,
                                     const ParlanceMarkdownBlock *block)
{
  if (block_quark == 0)
    block_quark = g_quark_from_static_string ("parlance-markdown-block");
  g_object_set_qdata_full (G_OBJECT (widget), block_quark,
                           parlance_markdown_block_ref ((ParlanceMarkdownBlock *) block),
                           (GDestroyNotify) parlance_markdown_block_unref);
}

static void
launched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) label = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
  window = gtk_widget_get_ancestor (label, PARLANCE_TYPE_WINDOW);
  if (window != NULL)
    parlance_window_add_toast (PARLANCE_WINDOW (window),
                               adw_toast_new (_("Could not open the link: no app opens web addresses")));
}

/* GtkLabel would open any address (file:, javascript:…); only web and mail addresses open. */
static gboolean
activate_link (GtkLabel   *label,
               const char *uri,
               gpointer    user_data)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (label), PARLANCE_TYPE_WINDOW);

  if (_parlance_markdown_link_allowed (uri))
    {
      g_autoptr(GdkAppLaunchContext) context =
        gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (label)));

      g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                               launched, g_object_ref (label));
    }
  else if (window != NULL)
    parlance_window_add_toast (PARLANCE_WINDOW (window),
                               adw_toast_new (_("Only web and email links open")));
  return TRUE;
}

GtkWidget *
_parlance_markdown_text_label_new (ParlanceMarkdownKind kind,
                                   guint                level)
{
  static const char * const heading_classes[] = { "title-1", "title-2", "title-4", "heading", "heading", "heading" };
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", kind == PARLANCE_MARKDOWN_HEADING ? GTK_ACCESSIBLE_ROLE_HEADING
                                                                                       : GTK_ACCESSIBLE_ROLE_LABEL,
                                   NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* No Tab stop until it has links (_parlance_markdown_text_label_set ()). */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (label, "message-text");
  if (kind == PARLANCE_MARKDOWN_HEADING)
    {
      gtk_widget_add_css_class (label, heading_classes[CLAMP (level, 1, 6) - 1]);
      gtk_widget_add_css_class (label, "md-heading");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, CLAMP (level, 1, 6), -1);
    }
  else if (kind == PARLANCE_MARKDOWN_HTML)
    gtk_widget_add_css_class (label, "md-html");
  g_signal_connect (label, "activate-link", G_CALLBACK (activate_link), NULL);
  return label;
}

void
_parlance_markdown_text_label_set (GtkWidget  *label,
                                   const char *markup)
{
  gboolean links;

  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), markup) == 0)
    return;
  gtk_label_set_markup (GTK_LABEL (label), markup);
  /* Tab stops at labels with links, not at every paragraph. A selectable label that is not
   * focusable still claims Tab in GTK 4.8 (its focus () returns TRUE without taking the focus),
   * which kept the keyboard from ever getting past it: one without links is left out whole. The
   * mouse still selects its text. */
  links = strstr (markup, "<a href=") != NULL;
  gtk_widget_set_focusable (label, links);
  gtk_widget_set_can_focus (label, links);
}

static GtkWidget *
text_new (const ParlanceMarkdownBlock *block,
          gsize                        max_bytes,
          gboolean                    *elided)
{
  GtkWidget *label = _parlance_markdown_text_label_new (parlance_markdown_block_get_kind (block),
                                                        parlance_markdown_block_get_level (block));
  g_auto(GStrv) chunks = _parlance_markdown_inline_markup (block, 0, max_bytes, elided);

  _parlance_markdown_text_label_set (label, chunks[0]);
  return label;
}

static GtkWidget *
vbox_new (const char *css_class,
          int         spacing)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, spacing);

  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
  return box;
}

/* Makes the children of @box show the children of @block, keeping the widgets of those that
 * are the same. */
static void
sync_children (GtkWidget                   *box,
               const ParlanceMarkdownBlock *block,
               guint                        depth,
               gboolean                    *elided)
{
  guint n = parlance_markdown_block_get_n_children (block);
  GtkWidget *child = gtk_widget_get_first_child (box);

  for (guint i = 0; i < n; i++)
    {
      const ParlanceMarkdownBlock *c = parlance_markdown_block_get_child (block, i);
      GtkWidget *next = child != NULL ? gtk_widget_get_next_sibling (child) : NULL;

      if (child == NULL)
        gtk_box_append (GTK_BOX (box), _parlance_markdown_build (c, depth, elided));
      else if (!_parlance_markdown_update (child, c, depth, elided))
        {
          GtkWidget *fresh = _parlance_markdown_build (c, depth, elided);

          gtk_box_insert_child_after (GTK_BOX (box), fresh, child);
          gtk_box_remove (GTK_BOX (box), child);
        }
      child = next;
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (GTK_BOX (box), child);
      child = next;
    }
}

static char *
marker_text (const ParlanceMarkdownBlock *list,
             const ParlanceMarkdownBlock *item,
             guint                        index,
             guint                        depth)
{
  static const char * const bullets[] = { "•", "◦", "▪" };

  switch (parlance_markdown_block_get_task (item))
    {
    case PARLANCE_MARKDOWN_TASK_OPEN:
      return g_strdup ("☐");
    case PARLANCE_MARKDOWN_TASK_DONE:
      return g_strdup ("☑");
    case PARLANCE_MARKDOWN_TASK_NONE:
    default:
      break;
    }
  if (parlance_markdown_block_get_ordered (list))
    return g_strdup_printf ("%u.", parlance_markdown_block_get_start (list) + index);
  return g_strdup (bullets[depth % G_N_ELEMENTS (bullets)]);
}

static void
sync_item (GtkWidget                   *row,
           const ParlanceMarkdownBlock *list,
           const ParlanceMarkdownBlock *item,
           guint                        index,
           guint                        depth,
           gboolean                    *elided)
{
  GtkWidget *marker = gtk_widget_get_first_child (row);
  GtkWidget *content = gtk_widget_get_next_sibling (marker);
  g_autofree char *text = marker_text (list, item, index, depth);
  ParlanceMarkdownTask task = parlance_markdown_block_get_task (item);

  gtk_label_set_text (GTK_LABEL (marker), text);
  if (task == PARLANCE_MARKDOWN_TASK_DONE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Done"), -1);
  else if (task == PARLANCE_MARKDOWN_TASK_OPEN)
    gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not done"), -1);
  if (parlance_markdown_block_get_kind (item) == PARLANCE_MARKDOWN_LIST_ITEM)
    sync_children (content, item, depth + 1, elided);
  else
    {
      /* Past the depth cap the document puts what was deeper straight under the list: it is
       * the item's content, so no text is lost. */
      GtkWidget *old;

      while ((old = gtk_widget_get_first_child (content)) != NULL)
        gtk_box_remove (GTK_BOX (content), old);
      gtk_box_append (GTK_BOX (content), _parlance_markdown_build (item, depth + 1, elided));
    }
  _parlance_markdown_widget_set_block (row, item);
}

static GtkWidget *
item_new (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *marker = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "md-item");
  gtk_widget_add_css_class (marker, "md-marker");
  gtk_label_set_xalign (GTK_LABEL (marker), 1);
  gtk_label_set_width_chars (GTK_LABEL (marker), 2);
  gtk_widget_set_valign (marker, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (row), marker);
  gtk_box_append (GTK_BOX (row), vbox_new ("md-item-content", 6));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (row), TRUE);
  return row;
}

static void
sync_list (GtkWidget                   *box,
           const ParlanceMarkdownBlock *block,
           guint                        depth,
           gboolean                    *elided)
{
  guint n = parlance_markdown_block_get_n_children (block);
  GtkWidget *row = gtk_widget_get_first_child (box);

  gtk_box_set_spacing (GTK_BOX (box), parlance_markdown_block_get_tight (block) ? 2 : 8);
  for (guint i = 0; i < n; i++)
    {
      const ParlanceMarkdownBlock *item = parlance_markdown_block_get_child (block, i);
      const ParlanceMarkdownBlock *old;

      if (row == NULL)
        {
          row = item_new ();
          gtk_box_append (GTK_BOX (box), row);
        }
      old = _parlance_markdown_widget_get_block (row);

      if (old != NULL && old != item && parlance_markdown_block_equal (old, item))
        _parlance_markdown_widget_set_block (row, item);
      else if (old != item)
        sync_item (row, block, item, i, depth, elided);
      row = gtk_widget_get_next_sibling (row);
    }
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      gtk_box_remove (GTK_BOX (box), row);
      row = next;
    }
}

/* What is left out of a table, said under it: the table's own note, not the message's strip
 * (the message itself is not too long to show). */
static void
sync_table_note (GtkWidget                   *box,
                 const ParlanceMarkdownBlock *block,
                 guint                        rows_shown,
                 guint                        columns_shown)
{
  GtkWidget *note = gtk_widget_get_last_child (box);
  guint n_rows = parlance_markdown_block_get_n_children (block);
  guint n_columns = parlance_markdown_block_get_n_columns (block);
  g_autoptr(GString) text = g_string_new (NULL);

  if (rows_shown < n_rows)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Showing %'u of %'u row.",
                                               "Showing %'u of %'u rows.", n_rows),
                            rows_shown, n_rows);
  if (columns_shown < n_columns || parlance_markdown_block_get_elided (block))
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("Some columns are not shown."));
    }
  gtk_widget_set_visible (note, text->len > 0);
  if (text->len == 0)
    return;
  g_string_append (text, " ");
  g_string_append (text, _("Copy the message to see the whole table."));
  gtk_label_set_text (GTK_LABEL (note), text->str);
}

/* A table wider than the reply is a Tab stop, so the arrows can scroll it; one that fits is
 * not (its links are stops of their own). GtkScrolledWindow claims Tab when it may take the
 * focus but is not focusable and nothing in it takes the focus (GTK 4.8): then it may not. */
static void
sync_table_focus (GtkWidget *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *grid = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))));
  gboolean wide = gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 0.5;
  gboolean links = FALSE;

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL && !links; cell = gtk_widget_get_next_sibling (cell))
    links = gtk_widget_get_focusable (cell);
  gtk_widget_set_focusable (scroller, wide);
  gtk_widget_set_can_focus (scroller, wide || links);
}

static void
sync_table (GtkWidget                   *box,
            const ParlanceMarkdownBlock *block,
            gboolean                    *elided)
{
  GtkWidget *scroller = gtk_widget_get_first_child (box);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkGrid *grid = GTK_GRID (gtk_viewport_get_child (GTK_VIEWPORT (viewport)));
  guint n_rows = MIN (parlance_markdown_block_get_n_children (block), PARLANCE_MARKDOWN_TABLE_MAX_ROWS);
  guint n_columns = MIN (parlance_markdown_block_get_n_columns (block), PARLANCE_MARKDOWN_TABLE_MAX_COLUMNS);
  const ParlanceMarkdownBlock *old = _parlance_markdown_widget_get_block (box);
  guint old_rows = old != NULL ? MIN (parlance_markdown_block_get_n_children (old), PARLANCE_MARKDOWN_TABLE_MAX_ROWS) : 0;

  for (guint r = 0; r < n_rows; r++)
    {
      const ParlanceMarkdownBlock *row = parlance_markdown_block_get_child (block, r);

      if (r < old_rows && parlance_markdown_block_equal (row, parlance_markdown_block_get_child (old, r)))
        continue;
      for (guint c = 0; c < n_columns; c++)
        {
          GtkWidget *label = gtk_grid_get_child_at (grid, (int) c, (int) r);
          const ParlanceMarkdownBlock *cell = c < parlance_markdown_block_get_n_children (row)
                                              ? parlance_markdown_block_get_child (row, c) : NULL;
          g_auto(GStrv) chunks = NULL;
          float xalign = 0;
          glong n_chars;

          if (label == NULL)
            {
              label = _parlance_markdown_text_label_new (PARLANCE_MARKDOWN_TABLE_CELL, 0);
              gtk_widget_add_css_class (label, "md-cell");
              gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
              gtk_widget_set_valign (label, GTK_ALIGN_START);
              if (r == 0)
                gtk_widget_add_css_class (label, "md-header-cell");
              gtk_grid_attach (grid, label, (int) c, (int) r, 1, 1);
            }
          if (cell == NULL)
            {
              _parlance_markdown_text_label_set (label, "");
              continue;
            }
          chunks = _parlance_markdown_inline_markup (cell, 0, PARLANCE_MARKDOWN_CELL_MAX_BYTES, elided);
          _parlance_markdown_text_label_set (label, chunks[0]);
          /* The scrolled window asks the table's height for no width in particular, which a
           * wrapping label answers for its narrowest width: a character a line. A short cell
           * stays on one line (with room for bold letters); a long one wraps at 24 to 40. */
          n_chars = g_utf8_strlen (gtk_label_get_text (GTK_LABEL (label)), -1);
          gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (n_chars + n_chars / 4 + 1, 24));
          switch (parlance_markdown_block_get_align (cell))
            {
            case PARLANCE_MARKDOWN_ALIGN_CENTER: xalign = 0.5f; break;
            case PARLANCE_MARKDOWN_ALIGN_RIGHT: xalign = 1; break;
            case PARLANCE_MARKDOWN_ALIGN_LEFT:
            case PARLANCE_MARKDOWN_ALIGN_DEFAULT:
            default: break;
            }
          gtk_label_set_xalign (GTK_LABEL (label), xalign);
        }
    }
  for (guint r = n_rows; r < old_rows; r++)
    gtk_grid_remove_row (grid, (int) n_rows);
  sync_table_note (box, block, n_rows, n_columns);
  sync_table_focus (gtk_widget_get_first_child (box));
}

static GtkWidget *
table_new (void)
{
  GtkWidget *box = vbox_new ("md-table-box", 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *note = gtk_label_new (NULL);

  gtk_widget_add_css_class (grid, "md-table");
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scroller), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table"), -1);
  sync_table_focus (scroller);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)), "changed",
                           G_CALLBACK (sync_table_focus), scroller, G_CONNECT_SWAPPED);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_set_visible (note, FALSE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), note);
  return box;
}

GtkWidget *
_parlance_markdown_build (const ParlanceMarkdownBlock *block,
                          guint                        depth,
                          gboolean                    *elided)
{
  GtkWidget *widget = NULL;
  gsize len = 0;
  const char *text;

  switch (parlance_markdown_block_get_kind (block))
    {
    case PARLANCE_MARKDOWN_PARAGRAPH:
    case PARLANCE_MARKDOWN_HEADING:
    case PARLANCE_MARKDOWN_TABLE_CELL:
    case PARLANCE_MARKDOWN_HTML:
      widget = text_new (block, PARLANCE_MARKDOWN_NESTED_MAX_BYTES, elided);
      break;
    case PARLANCE_MARKDOWN_CODE:
      widget = parlance_code_block_new ();
      text = parlance_markdown_block_get_text (block, &len);
      parlance_code_block_set_code (PARLANCE_CODE_BLOCK (widget), parlance_markdown_block_get_language (block), text, len);
      if (parlance_code_block_get_cut (PARLANCE_CODE_BLOCK (widget)))
        *elided = TRUE;
      break;
    case PARLANCE_MARKDOWN_QUOTE:
      widget = vbox_new ("md-quote", 6);
      sync_children (widget, block, depth + 1, elided);
      break;
    case PARLANCE_MARKDOWN_LIST:
    case PARLANCE_MARKDOWN_LIST_ITEM:
      widget = vbox_new ("md-list", 2);
      sync_list (widget, block, depth, elided);
      break;
    case PARLANCE_MARKDOWN_TABLE:
    case PARLANCE_MARKDOWN_TABLE_ROW:
      widget = table_new ();
      sync_table (widget, block, elided);
      break;
    case PARLANCE_MARKDOWN_RULE:
    default:
      widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (widget, "md-rule");
      break;
    }
  _parlance_markdown_widget_set_block (widget, block);
  return widget;
}

gboolean
_parlance_markdown_update (GtkWidget                   *widget,
                           const ParlanceMarkdownBlock *block,
                           guint                        depth,
                           gboolean                    *elided)
{
  const ParlanceMarkdownBlock *old = _parlance_markdown_widget_get_block (widget);
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);
  g_auto(GStrv) chunks = NULL;
  gsize len = 0;
  const char *text;

  if (old == block)
    return TRUE;
  if (old == NULL || parlance_markdown_block_get_kind (old) != kind)
    return FALSE;
  if (parlance_markdown_block_equal (old, block))
    {
      _parlance_markdown_widget_set_block (widget, block);
      return TRUE;
    }

  switch (kind)
    {
    case PARLANCE_MARKDOWN_PARAGRAPH:
    case PARLANCE_MARKDOWN_HTML:
    case PARLANCE_MARKDOWN_TABLE_CELL:
      chunks = _parlance_markdown_inline_markup (block, 0, PARLANCE_MARKDOWN_NESTED_MAX_BYTES, elided);
      _parlance_markdown_text_label_set (widget, chunks[0]);
      break;
    case PARLANCE_MARKDOWN_HEADING:
      if (parlance_markdown_block_get_level (old) != parlance_markdown_block_get_level (block))
        return FALSE;
      chunks = _parlance_markdown_inline_markup (block, 0, PARLANCE_MARKDOWN_NESTED_MAX_BYTES, elided);
      _parlance_markdown_text_label_set (widget, chunks[0]);
      break;
    case PARLANCE_MARKDOWN_CODE:
      text = parlance_markdown_block_get_text (block, &len);
      parlance_code_block_set_code (PARLANCE_CODE_BLOCK (widget), parlance_markdown_block_get_language (block), text, len);
      if (parlance_code_block_get_cut (PARLANCE_CODE_BLOCK (widget)))
        *elided = TRUE;
      break;
    case PARLANCE_MARKDOWN_QUOTE:
      sync_children (widget, block, depth + 1, elided);
      break;
    case PARLANCE_MARKDOWN_LIST:
    case PARLANCE_MARKDOWN_LIST_ITEM:
      if (parlance_markdown_block_get_ordered (old) != parlance_markdown_block_get_ordered (block) ||
          parlance_markdown_block_get_start (old) != parlance_markdown_block_get_start (block))
        return FALSE;
      sync_list (widget, block, depth, elided);
      break;
    case PARLANCE_MARKDOWN_TABLE:
    case PARLANCE_MARKDOWN_TABLE_ROW:
      sync_table (widget, block, elided);
      break;
    case PARLANCE_MARKDOWN_RULE:
    default:
      break;
    }
  _parlance_markdown_widget_set_block (widget, block);
  return TRUE;
}

/**
 * _parlance_markdown_highlight:
 * @terms: (nullable): from parlance_search_terms ()
 *
 * Highlights the words in every label and code block under @widget.
 */
void
_parlance_markdown_highlight (GtkWidget          *widget,
                              const char * const *terms)
{
  if (PARLANCE_IS_CODE_BLOCK (widget))
    {
      parlance_code_block_set_highlight (PARLANCE_CODE_BLOCK (widget), terms);
      return;
    }
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "message-text"))
    {
      PangoAttrList *attrs = parlance_search_highlight (gtk_label_get_text (GTK_LABEL (widget)), terms);

      gtk_label_set_attributes (GTK_LABEL (widget), attrs);
      g_clear_pointer (&attrs, pango_attr_list_unref);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    _parlance_markdown_highlight (child, terms);
}
