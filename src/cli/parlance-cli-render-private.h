/* parlance-cli-render-private.h — Markdown for the terminal: the renderer's files and its users.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ParlanceMarkdown document turned into lines for a terminal of a given width: our own SGR
 * codes for bold, italic, dim…, and the model's text only through the terminal filter, so that
 * no escape sequence of its own reaches the terminal. Rendered line by line ("lines" below are
 * GPtrArrays of strings without their newline).
 */

#pragma once

#include <glib.h>

#include "parlance-markdown.h"

G_BEGIN_DECLS

#define CLI_RENDER_MIN_WIDTH 20
#define CLI_RENDER_MAX_WIDTH 1000

/* Our styles: each is one SGR parameter. */
typedef enum
{
  CLI_STYLE_BOLD      = 1 << 0,
  CLI_STYLE_DIM       = 1 << 1,
  CLI_STYLE_ITALIC    = 1 << 2,
  CLI_STYLE_UNDERLINE = 1 << 3,
  CLI_STYLE_STRIKE    = 1 << 4,
  CLI_STYLE_CODE      = 1 << 5,
} CliStyle;

typedef struct
{
  guint    width;       /* columns */
  gboolean cut_code;    /* cut code lines longer than the width (a terminal), else keep them */
  guint    base_style;  /* CliStyle of everything (dim for reasoning) */
  guint    list_depth;  /* lists around the block */
  guint    depth;       /* quotes and lists around the block */
} CliRenderOptions;

/* parlance-cli-render.c */
typedef struct _CliRender CliRender;

CliRender *_parlance_cli_render_new          (guint                        width,
                                              gboolean                     cut_code,
                                              guint                        base_style);
void       _parlance_cli_render_free         (CliRender                   *render);
void       _parlance_cli_render_append       (CliRender                   *render,
                                              const char                  *text,
                                              gsize                        length,
                                              GString                     *out);
void       _parlance_cli_render_finish       (CliRender                   *render,
                                              GString                     *out);
char      *_parlance_cli_render_text         (const char                  *text,
                                              gsize                        length,
                                              guint                        width,
                                              gboolean                     cut_code,
                                              guint                        base_style);
void       _parlance_cli_render_block        (const ParlanceMarkdownBlock *block,
                                              const CliRenderOptions      *options,
                                              GPtrArray                   *lines);
guint      _parlance_cli_render_get_width    (int                          fd);
void       _parlance_cli_render_append_style (GString                     *out,
                                              guint                        style);
char      *_parlance_cli_render_styled       (const char                  *safe_text,
                                              guint                        style);

/* parlance-cli-render-inline.c */
guint      _parlance_cli_render_char_width   (gunichar                     c);
guint      _parlance_cli_render_line_width   (const char                  *line);
void       _parlance_cli_render_append_safe  (GString                     *out,
                                              const char                  *text,
                                              gsize                        length);
void       _parlance_cli_render_inline       (const ParlanceMarkdownBlock *block,
                                              guint                        style,
                                              guint                        width,
                                              GPtrArray                   *lines);
void       _parlance_cli_render_plain        (const char                  *text,
                                              gsize                        length,
                                              guint                        style,
                                              guint                        width,
                                              GPtrArray                   *lines);

/* parlance-cli-render-table.c */
void       _parlance_cli_render_table        (const ParlanceMarkdownBlock *block,
                                              const CliRenderOptions      *options,
                                              GPtrArray                   *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRender, _parlance_cli_render_free)

G_END_DECLS
