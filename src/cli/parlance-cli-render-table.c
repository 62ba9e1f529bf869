/* parlance-cli-render-table.c — Markdown tables for the terminal, aligned in columns.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns take the width of their widest cell; when the table is wider than the terminal, the
 * widest columns give up room first (their cells wrap), down to MIN_COLUMN_WIDTH. Columns that
 * still don't fit are left out, and a note under the table says how many.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlance-cli-render-private.h"

#define MIN_COLUMN_WIDTH 3
#define SEPARATOR_WIDTH  3        /* " │ " */
#define UNWRAPPED        (1u << 30)

static guint
cell_width (const ParlanceMarkdownBlock *cell)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint width = 0;

  _parlance_cli_render_inline (cell, 0, UNWRAPPED, lines);
  for (guint i = 0; i < lines->len; i++)
    width = MAX (width, _parlance_cli_render_line_width (g_ptr_array_index (lines, i)));
  return width;
}

/* The widest columns shrink to a common cap, as high as the room allows. */
static void
fit_widths (guint *widths,
            guint  n,
            guint  room)
{
  guint64 total = 0;
  guint lo = MIN_COLUMN_WIDTH, hi = MIN_COLUMN_WIDTH;

  for (guint c = 0; c < n; c++)
    {
      widths[c] = MAX (widths[c], 1);
      total += widths[c];
      hi = MAX (hi, widths[c]);
    }
  if (total <= room)
    return;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;
      guint64 sum = 0;

      for (guint c = 0; c < n; c++)
        sum += MIN (widths[c], mid);
      if (sum <= room)
        lo = mid;
      else
        hi = mid - 1;
    }
  for (guint c = 0; c < n; c++)
    widths[c] = MIN (widths[c], lo);
}

static void
append_aligned (GString              *line,
                const char           *text,
                guint                 width,
                ParlanceMarkdownAlign align)
{
  guint w = _parlance_cli_render_line_width (text);
  guint pad = width > w ? width - w : 0;
  guint before = align == PARLANCE_MARKDOWN_ALIGN_RIGHT ? pad
               : align == PARLANCE_MARKDOWN_ALIGN_CENTER ? pad / 2 : 0;

  for (guint i = 0; i < before; i++)
    g_string_append_c (line, ' ');
  g_string_append (line, text);
  for (guint i = before; i < pad; i++)
    g_string_append_c (line, ' ');
}

static void
render_row (const ParlanceMarkdownBlock *row,
            const guint                 *widths,
            guint                        n_shown,
            guint                        style,
            const char                  *separator,
            GPtrArray                   *lines)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n_cells = parlance_markdown_block_get_n_children (row);
  guint height = 1;

  for (guint c = 0; c < n_shown; c++)
    {
      GPtrArray *cell = g_ptr_array_new_with_free_func (g_free);

      if (c < n_cells)
        _parlance_cli_render_inline (parlance_markdown_block_get_child (row, c), style, widths[c], cell);
      g_ptr_array_add (cells, cell);
      height = MAX (height, cell->len);
    }

  for (guint k = 0; k < height; k++)
    {
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < n_shown; c++)
        {
          GPtrArray *cell = g_ptr_array_index (cells, c);
          ParlanceMarkdownAlign align = c < n_cells
            ? parlance_markdown_block_get_align (parlance_markdown_block_get_child (row, c))
            : PARLANCE_MARKDOWN_ALIGN_DEFAULT;

          if (c > 0)
            g_string_append (line, separator);
          append_aligned (line, k < cell->len ? g_ptr_array_index (cell, k) : "", widths[c], align);
        }
      g_ptr_array_add (lines, g_strchomp (g_string_free (line, FALSE)));
    }
}

void
_parlance_cli_render_table (const ParlanceMarkdownBlock *block,
                            const CliRenderOptions      *o,
                            GPtrArray                   *lines)
{
  guint n_rows = parlance_markdown_block_get_n_children (block);
  guint n_columns = parlance_markdown_block_get_n_columns (block);
  g_autofree guint *widths = NULL;
  g_autofree char *separator = _parlance_cli_render_styled (" │ ", o->base_style | CLI_STYLE_DIM);
  guint n_shown;
  guint narrowest = 0;

  for (guint r = 0; r < n_rows; r++)
    n_columns = MAX (n_columns, parlance_markdown_block_get_n_children (parlance_markdown_block_get_child (block, r)));
  if (n_rows == 0 || n_columns == 0)
    return;

  widths = g_new0 (guint, n_columns);
  for (guint r = 0; r < n_rows; r++)
    {
      const ParlanceMarkdownBlock *row = parlance_markdown_block_get_child (block, r);
      guint n_cells = parlance_markdown_block_get_n_children (row);

      for (guint c = 0; c < n_cells; c++)
        widths[c] = MAX (widths[c], cell_width (parlance_markdown_block_get_child (row, c)));
    }

  /* As many columns as fit at their narrowest. */
  for (n_shown = 0; n_shown < n_columns; n_shown++)
    {
      narrowest += MAX (MIN (widths[n_shown], MIN_COLUMN_WIDTH), 1) + (n_shown > 0 ? SEPARATOR_WIDTH : 0);
      if (narrowest > o->width && n_shown > 0)
        break;
    }
  fit_widths (widths, n_shown, o->width > (n_shown - 1) * SEPARATOR_WIDTH
                               ? o->width - (n_shown - 1) * SEPARATOR_WIDTH : n_shown);

  for (guint r = 0; r < n_rows; r++)
    {
      render_row (parlance_markdown_block_get_child (block, r), widths, n_shown,
                  o->base_style | (r == 0 ? CLI_STYLE_BOLD : 0), separator, lines);
      if (r == 0)
        {
          g_autoptr(GString) rule = g_string_new (NULL);

          for (guint c = 0; c < n_shown; c++)
            {
              if (c > 0)
                g_string_append (rule, "─┼─");
              for (guint i = 0; i < widths[c]; i++)
                g_string_append (rule, "─");
            }
          g_ptr_array_add (lines, _parlance_cli_render_styled (rule->str, o->base_style | CLI_STYLE_DIM));
        }
    }

  if (n_shown < n_columns || parlance_markdown_block_get_elided (block))
    {
      g_autofree char *note = NULL;

      if (parlance_markdown_block_get_elided (block))
        /* Translators: under a table too wide to be kept whole */
        note = g_strdup (_("(more columns not shown: --raw prints the table whole)"));
      else
        note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "(%u more column not shown: --raw prints the table whole)",
                                             "(%u more columns not shown: --raw prints the table whole)",
                                             n_columns - n_shown),
                                n_columns - n_shown);
      _parlance_cli_render_plain (note, strlen (note), o->base_style | CLI_STYLE_DIM, o->width, lines);
    }
}
