/* parlance-markdown-parse.c — one piece of Markdown text into blocks, with md4c.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * md4c calls back for each block, span and run of text; this builds the tree of
 * ParlanceMarkdownBlocks from them, with an explicit stack (no recursion, whatever the nesting).
 * Flags: GitHub's dialect (tables, strikethrough, task lists; autolinks without <> are found
 * afterwards, by parlance-markdown-autolink.c, as md4c 0.4 can take quadratic time) without raw
 * HTML blocks: an HTML block would run on past blank lines until its end tag, and could not
 * settle; its text then reads as a paragraph (PARLANCE_MARKDOWN_HTML is never made). Inline raw
 * HTML is kept as text with PARLANCE_MARKDOWN_STYLE_HTML. Entities are decoded here (md4c hands
 * them over as written); an unknown one stays as written.
 *
 * Caps: a container (quote, list, item, table, row) at depth PARLANCE_MARKDOWN_MAX_DEPTH becomes
 * an elided paragraph holding the text of everything below it, each block on a line of its own,
 * styles kept. Cells past PARLANCE_MARKDOWN_MAX_COLUMNS go into the row's last kept cell,
 * after " | ", and the table, the row and that cell are elided.
 */

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "parlance-markdown-private.h"

/* Autolinks without <>: see parlance-markdown-autolink.c. */
#define PARSER_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_NOHTMLBLOCKS)

typedef enum
{
  ROLE_REAL,    /* a block of ours */
  ROLE_SKIP,    /* md4c's document, table head and body: nothing of ours */
  ROLE_FLAT,    /* below the depth cap: text goes to the sink */
  ROLE_EXTRA,   /* a cell past the column cap: text goes to the row's last cell */
} Role;

typedef struct
{
  ParlanceMarkdownBlock *block;   /* where text goes (NULL: the document) */
  guint                  depth;
  Role                   role;
} Frame;

typedef struct
{
  GPtrArray             *blocks;
  GArray                *stack;      /* of Frame */
  ParlanceMarkdownBlock *implicit;   /* the paragraph of a tight item's text */
  ParlanceMarkdownBlock *implicit_parent;
  guint                  style_counts[7];
  GPtrArray             *hrefs;      /* of char*: the links and images we are in */
  guint                  column;     /* the cell of the current row */
  GString               *scratch;
} Builder;

static Frame *
top_frame (Builder *builder)
{
  g_assert (builder->stack->len > 0);
  return &g_array_index (builder->stack, Frame, builder->stack->len - 1);
}

static void
push (Builder               *builder,
      ParlanceMarkdownBlock *block,
      guint                  depth,
      Role                   role)
{
  Frame frame = { block, depth, role };

  g_array_append_val (builder->stack, frame);
}

static gboolean
is_container (MD_BLOCKTYPE type)
{
  return type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
         type == MD_BLOCK_LI || type == MD_BLOCK_TABLE || type == MD_BLOCK_TR;
}

static ParlanceMarkdownStyle
current_style (Builder *builder)
{
  ParlanceMarkdownStyle style = 0;

  for (guint bit = 0; bit < G_N_ELEMENTS (builder->style_counts); bit++)
    if (builder->style_counts[bit] > 0)
      style |= 1 << bit;
  return style;
}

static const char *
current_href (Builder *builder)
{
  return builder->hrefs->len > 0 ? builder->hrefs->pdata[builder->hrefs->len - 1] : NULL;
}

static void
append_attribute (GString            *out,
                  const MD_ATTRIBUTE *attribute)
{
  for (guint i = 0; attribute->substr_offsets[i] < attribute->size; i++)
    {
      const char *piece = attribute->text + attribute->substr_offsets[i];
      gsize length = attribute->substr_offsets[i + 1] - attribute->substr_offsets[i];

      if (attribute->substr_types[i] == MD_TEXT_NULLCHAR)
        g_string_append (out, "\xef\xbf\xbd");
      else if (attribute->substr_types[i] != MD_TEXT_ENTITY ||
               !_parlance_markdown_decode_entity (piece, length, out))
        g_string_append_len (out, piece, length);
    }
}

static ParlanceMarkdownBlock *
new_block (MD_BLOCKTYPE type,
           void        *detail)
{
  ParlanceMarkdownBlock *block;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      return _parlance_markdown_block_new (PARLANCE_MARKDOWN_QUOTE);
    case MD_BLOCK_UL:
      block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_LIST);
      block->tight = ((MD_BLOCK_UL_DETAIL *) detail)->is_tight != 0;
      return block;
    case MD_BLOCK_OL:
      block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_LIST);
      block->ordered = TRUE;
      block->start = ((MD_BLOCK_OL_DETAIL *) detail)->start;
      block->tight = ((MD_BLOCK_OL_DETAIL *) detail)->is_tight != 0;
      return block;
    case MD_BLOCK_LI:
      {
        MD_BLOCK_LI_DETAIL *li = detail;

        block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_LIST_ITEM);
        if (li->is_task)
          block->task = li->task_mark == ' ' ? PARLANCE_MARKDOWN_TASK_OPEN : PARLANCE_MARKDOWN_TASK_DONE;
        return block;
      }
    case MD_BLOCK_HR:
      return _parlance_markdown_block_new (PARLANCE_MARKDOWN_RULE);
    case MD_BLOCK_H:
      block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_HEADING);
      block->level = ((MD_BLOCK_H_DETAIL *) detail)->level;
      return block;
    case MD_BLOCK_CODE:
      {
        MD_BLOCK_CODE_DETAIL *code = detail;

        block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_CODE);
        block->fenced = code->fence_char != 0;
        if (code->lang.size > 0)
          {
            GString *language = g_string_new (NULL);

            append_attribute (language, &code->lang);
            block->language = g_string_free (language, FALSE);
          }
        return block;
      }
    case MD_BLOCK_HTML:
      return _parlance_markdown_block_new (PARLANCE_MARKDOWN_HTML);
    case MD_BLOCK_TABLE:
      {
        MD_BLOCK_TABLE_DETAIL *table = detail;

        block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_TABLE);
        block->n_columns = MIN (table->col_count, PARLANCE_MARKDOWN_MAX_COLUMNS);
        block->elided = table->col_count > PARLANCE_MARKDOWN_MAX_COLUMNS;
        return block;
      }
    case MD_BLOCK_TR:
      return _parlance_markdown_block_new (PARLANCE_MARKDOWN_TABLE_ROW);
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_TABLE_CELL);
      block->align = (ParlanceMarkdownAlign) ((MD_BLOCK_TD_DETAIL *) detail)->align;
      return block;
    case MD_BLOCK_P:
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    default:
      return _parlance_markdown_block_new (PARLANCE_MARKDOWN_PARAGRAPH);
    }
}

static void
attach (Builder               *builder,
        ParlanceMarkdownBlock *parent,
        ParlanceMarkdownBlock *block)
{
  if (parent == NULL)
    g_ptr_array_add (builder->blocks, block);
  else
    _parlance_markdown_block_add_child (parent, block);
}

/* Below the depth cap every block starts a line of the sink's text. */
static void
enter_flat (Builder      *builder,
            Frame        *parent,
            MD_BLOCKTYPE  type)
{
  ParlanceMarkdownBlock *sink = parent->block;
  gsize length = sink->text->len;

  if (length > 0 && sink->text->str[length - 1] != '\n' && type != MD_BLOCK_THEAD &&
      type != MD_BLOCK_TBODY)
    _parlance_markdown_block_add_text (sink, type == MD_BLOCK_TH || type == MD_BLOCK_TD ? " | " : "\n",
                                       type == MD_BLOCK_TH || type == MD_BLOCK_TD ? 3 : 1, 0, NULL);
  push (builder, sink, parent->depth, ROLE_FLAT);
}

static void
enter_cell (Builder      *builder,
            Frame        *parent,
            MD_BLOCKTYPE  type,
            void         *detail)
{
  ParlanceMarkdownBlock *row = parent->block;
  ParlanceMarkdownBlock *cell;

  if (builder->column++ < PARLANCE_MARKDOWN_MAX_COLUMNS)
    {
      cell = new_block (type, detail);
      attach (builder, row, cell);
      push (builder, cell, parent->depth + 1, ROLE_REAL);
      return;
    }
  cell = row->children->pdata[row->children->len - 1];
  row->elided = TRUE;
  cell->elided = TRUE;
  _parlance_markdown_block_add_text (cell, " | ", 3, 0, NULL);
  push (builder, cell, parent->depth + 1, ROLE_EXTRA);
}

static int
enter_block (MD_BLOCKTYPE  type,
             void         *detail,
             void         *user_data)
{
  Builder *builder = user_data;
  Frame parent;
  ParlanceMarkdownBlock *block;

  builder->implicit = NULL;
  if (type == MD_BLOCK_DOC)
    {
      push (builder, NULL, 0, ROLE_SKIP);
      return 0;
    }
  parent = *top_frame (builder);
  if (parent.role == ROLE_FLAT)
    {
      enter_flat (builder, &parent, type);
      return 0;
    }
  if (type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
    {
      push (builder, parent.block, parent.depth, ROLE_SKIP);
      return 0;
    }
  if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
    {
      enter_cell (builder, &parent, type, detail);
      return 0;
    }
  if (is_container (type) && parent.depth + 1 >= PARLANCE_MARKDOWN_MAX_DEPTH)
    {
      block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_PARAGRAPH);
      block->elided = TRUE;
      attach (builder, parent.block, block);
      push (builder, block, parent.depth + 1, ROLE_FLAT);
      return 0;
    }
  block = new_block (type, detail);
  if (type == MD_BLOCK_TR)
    builder->column = 0;
  attach (builder, parent.block, block);
  push (builder, block, parent.depth + 1, ROLE_REAL);
  return 0;
}

static int
leave_block (MD_BLOCKTYPE  type,
             void         *detail,
             void         *user_data)
{
  Builder *builder = user_data;
  Frame frame = *top_frame (builder);

  builder->implicit = NULL;
  g_array_set_size (builder->stack, builder->stack->len - 1);
  if (frame.role == ROLE_REAL && frame.block->kind == PARLANCE_MARKDOWN_CODE)
    {
      GString *text = frame.block->text;

      if (text->len > 0 && text->str[text->len - 1] == '\n')
        g_string_truncate (text, text->len - 1);
    }
  return 0;
}

static void
span_href (Builder      *builder,
           MD_SPANTYPE   type,
           void         *detail,
           gboolean      enter)
{
  const MD_ATTRIBUTE *attribute;

  if (type != MD_SPAN_A && type != MD_SPAN_IMG)
    return;
  if (!enter)
    {
      g_ptr_array_set_size (builder->hrefs, builder->hrefs->len - 1);
      return;
    }
  attribute = type == MD_SPAN_A ? &((MD_SPAN_A_DETAIL *) detail)->href
                                : &((MD_SPAN_IMG_DETAIL *) detail)->src;
  g_string_truncate (builder->scratch, 0);
  append_attribute (builder->scratch, attribute);
  g_ptr_array_add (builder->hrefs, g_strdup (builder->scratch->str));
}

static int
span_bit (MD_SPANTYPE type)
{
  switch (type)
    {
    case MD_SPAN_STRONG: return 0;
    case MD_SPAN_EM: return 1;
    case MD_SPAN_DEL: return 2;
    case MD_SPAN_CODE: return 3;
    case MD_SPAN_A: return 4;
    case MD_SPAN_IMG: return 5;
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    case MD_SPAN_U:
    default: return -1;
    }
}

static int
enter_span (MD_SPANTYPE  type,
            void        *detail,
            void        *user_data)
{
  Builder *builder = user_data;
  int bit = span_bit (type);

  if (bit >= 0)
    builder->style_counts[bit]++;
  span_href (builder, type, detail, TRUE);
  return 0;
}

static int
leave_span (MD_SPANTYPE  type,
            void        *detail,
            void        *user_data)
{
  Builder *builder = user_data;
  int bit = span_bit (type);

  /* md4c 0.4.8 may leave a span it never entered ("![]([^)*]()"): ignore that. */
  if (bit < 0 || builder->style_counts[bit] == 0)
    return 0;
  builder->style_counts[bit]--;
  span_href (builder, type, detail, FALSE);
  return 0;
}

static ParlanceMarkdownBlock *
text_target (Builder *builder,
             gboolean *verbatim)
{
  Frame *frame = top_frame (builder);
  ParlanceMarkdownBlock *block = frame->block;

  *verbatim = FALSE;
  if (block != NULL && frame->role != ROLE_SKIP && block->text != NULL)
    {
      *verbatim = block->spans == NULL;
      return block;
    }
  /* Text right in a container: a tight list item's paragraph. */
  if (builder->implicit == NULL || builder->implicit_parent != block)
    {
      builder->implicit = _parlance_markdown_block_new (PARLANCE_MARKDOWN_PARAGRAPH);
      builder->implicit_parent = block;
      attach (builder, block, builder->implicit);
    }
  return builder->implicit;
}

static int
on_text (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Builder *builder = user_data;
  ParlanceMarkdownStyle style = current_style (builder);
  gboolean verbatim;
  ParlanceMarkdownBlock *target = text_target (builder, &verbatim);
  const char *piece = text;
  gsize length = size;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      piece = "\xef\xbf\xbd";
      length = 3;
      break;
    case MD_TEXT_BR:
      piece = "\n";
      length = 1;
      break;
    case MD_TEXT_SOFTBR:
      piece = " ";
      length = 1;
      break;
    case MD_TEXT_ENTITY:
      g_string_truncate (builder->scratch, 0);
      if (_parlance_markdown_decode_entity (text, size, builder->scratch))
        {
          piece = builder->scratch->str;
          length = builder->scratch->len;
        }
      break;
    case MD_TEXT_HTML:
      style |= PARLANCE_MARKDOWN_STYLE_HTML;
      break;
    case MD_TEXT_CODE:
      /* Inside a code span md4c says so with the span; a flattened code block says it here. */
      if (!verbatim)
        style |= PARLANCE_MARKDOWN_STYLE_CODE;
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_LATEXMATH:
    default:
      break;
    }
  if (verbatim)
    _parlance_markdown_block_add_verbatim (target, piece, length);
  else
    _parlance_markdown_block_add_text (target, piece, length, style, current_href (builder));
  return 0;
}

static void
autolink_tree (ParlanceMarkdownBlock *block)
{
  _parlance_markdown_autolink (block);
  if (block->children != NULL)
    for (guint i = 0; i < block->children->len; i++)
      autolink_tree (block->children->pdata[i]);
}

void
_parlance_markdown_parse (const char *text,
                          gsize       length,
                          GPtrArray  *blocks)
{
  MD_PARSER parser = {
    .flags = PARSER_FLAGS,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = enter_span,
    .leave_span = leave_span,
    .text = on_text,
  };
  Builder builder = { 0, };
  guint first = blocks->len;

  g_return_if_fail (length <= G_MAXUINT32);

  builder.blocks = blocks;
  builder.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  builder.hrefs = g_ptr_array_new_with_free_func (g_free);
  builder.scratch = g_string_new (NULL);
  md_parse (text, (MD_SIZE) length, &parser, &builder);
  for (guint i = first; i < blocks->len; i++)
    autolink_tree (blocks->pdata[i]);
  g_array_unref (builder.stack);
  g_ptr_array_unref (builder.hrefs);
  g_string_free (builder.scratch, TRUE);
}

static int
fence_enter (MD_BLOCKTYPE  type,
             void         *detail,
             void         *user_data)
{
  GString **language = user_data;

  if (type == MD_BLOCK_CODE && *language == NULL && ((MD_BLOCK_CODE_DETAIL *) detail)->lang.size > 0)
    {
      *language = g_string_new (NULL);
      append_attribute (*language, &((MD_BLOCK_CODE_DETAIL *) detail)->lang);
    }
  return 0;
}

static int
fence_other_block (MD_BLOCKTYPE  type,
                   void         *detail,
                   void         *user_data)
{
  return 0;
}

static int
fence_span (MD_SPANTYPE  type,
            void        *detail,
            void        *user_data)
{
  return 0;
}

static int
fence_text (MD_TEXTTYPE    type,
            const MD_CHAR *text,
            MD_SIZE        size,
            void          *user_data)
{
  return 0;
}

char *
_parlance_markdown_parse_fence_language (const char *line,
                                         gsize       length)
{
  MD_PARSER parser = {
    .flags = PARSER_FLAGS,
    .enter_block = fence_enter,
    .leave_block = fence_other_block,
    .enter_span = fence_span,
    .leave_span = fence_span,
    .text = fence_text,
  };
  GString *language = NULL;

  md_parse (line, (MD_SIZE) MIN (length, G_MAXUINT32), &parser, &language);
  return language != NULL ? g_string_free (language, FALSE) : NULL;
}
