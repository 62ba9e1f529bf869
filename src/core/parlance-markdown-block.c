/* parlance-markdown-block.c — one block of a Markdown document: immutable once built.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-markdown-private.h"

G_DEFINE_BOXED_TYPE (ParlanceMarkdownBlock, parlance_markdown_block,
                     parlance_markdown_block_ref, parlance_markdown_block_unref)

ParlanceMarkdownBlock *
_parlance_markdown_block_new (ParlanceMarkdownKind kind)
{
  ParlanceMarkdownBlock *block = g_new0 (ParlanceMarkdownBlock, 1);

  g_atomic_ref_count_init (&block->ref_count);
  block->kind = kind;
  if (kind == PARLANCE_MARKDOWN_PARAGRAPH || kind == PARLANCE_MARKDOWN_HEADING ||
      kind == PARLANCE_MARKDOWN_TABLE_CELL)
    block->spans = g_array_new (FALSE, FALSE, sizeof (ParlanceMarkdownSpan));
  if (block->spans != NULL || kind == PARLANCE_MARKDOWN_CODE || kind == PARLANCE_MARKDOWN_HTML)
    block->text = g_string_new (NULL);
  return block;
}

/**
 * parlance_markdown_block_ref:
 * @block: a block
 *
 * Returns: (transfer full): @block
 */
ParlanceMarkdownBlock *
parlance_markdown_block_ref (ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, NULL);

  g_atomic_ref_count_inc (&block->ref_count);
  return block;
}

/**
 * parlance_markdown_block_unref:
 * @block: (transfer full): a block
 */
void
parlance_markdown_block_unref (ParlanceMarkdownBlock *block)
{
  g_return_if_fail (block != NULL);

  if (!g_atomic_ref_count_dec (&block->ref_count))
    return;
  if (block->text != NULL)
    g_string_free (block->text, TRUE);
  g_clear_pointer (&block->spans, g_array_unref);
  g_clear_pointer (&block->hrefs, g_ptr_array_unref);
  g_clear_pointer (&block->children, g_ptr_array_unref);
  g_free (block->language);
  g_free (block);
}

void
_parlance_markdown_block_add_text (ParlanceMarkdownBlock *block,
                                   const char            *text,
                                   gsize                  length,
                                   ParlanceMarkdownStyle  style,
                                   const char            *href)
{
  ParlanceMarkdownSpan span = { 0, };

  g_assert (block->spans != NULL);
  if (length == 0)
    return;

  if (block->spans->len > 0)
    {
      ParlanceMarkdownSpan *last = &g_array_index (block->spans, ParlanceMarkdownSpan,
                                                   block->spans->len - 1);
      if (last->style == style && g_strcmp0 (last->href, href) == 0)
        {
          g_string_append_len (block->text, text, length);
          last->end = block->text->len;
          return;
        }
    }

  span.start = block->text->len;
  g_string_append_len (block->text, text, length);
  span.end = block->text->len;
  span.style = style;
  if (href != NULL)
    {
      char *copy = g_strdup (href);

      if (block->hrefs == NULL)
        block->hrefs = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (block->hrefs, copy);
      span.href = copy;
    }
  g_array_append_val (block->spans, span);
}

void
_parlance_markdown_block_add_verbatim (ParlanceMarkdownBlock *block,
                                       const char            *text,
                                       gsize                  length)
{
  g_assert (block->text != NULL);
  g_string_append_len (block->text, text, length);
}

void
_parlance_markdown_block_add_child (ParlanceMarkdownBlock *block,
                                    ParlanceMarkdownBlock *child)
{
  if (block->children == NULL)
    block->children = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_markdown_block_unref);
  g_ptr_array_add (block->children, child);
}

ParlanceMarkdownBlock *
_parlance_markdown_block_copy_open (const ParlanceMarkdownBlock *block,
                                    gboolean                     open)
{
  ParlanceMarkdownBlock *copy = _parlance_markdown_block_new (block->kind);

  if (block->text != NULL)
    g_string_append_len (copy->text, block->text->str, block->text->len);
  if (block->spans != NULL)
    for (guint i = 0; i < block->spans->len; i++)
      {
        ParlanceMarkdownSpan span = g_array_index (block->spans, ParlanceMarkdownSpan, i);

        if (span.href != NULL)
          {
            span.href = g_strdup (span.href);
            if (copy->hrefs == NULL)
              copy->hrefs = g_ptr_array_new_with_free_func (g_free);
            g_ptr_array_add (copy->hrefs, (char *) span.href);
          }
        g_array_append_val (copy->spans, span);
      }
  if (block->children != NULL)
    for (guint i = 0; i < block->children->len; i++)
      _parlance_markdown_block_add_child (copy, parlance_markdown_block_ref (block->children->pdata[i]));
  copy->language = g_strdup (block->language);
  copy->level = block->level;
  copy->start = block->start;
  copy->n_columns = block->n_columns;
  copy->task = block->task;
  copy->align = block->align;
  copy->fenced = block->fenced;
  copy->ordered = block->ordered;
  copy->tight = block->tight;
  copy->elided = block->elided;
  copy->open = open;
  return copy;
}

/**
 * parlance_markdown_block_get_kind:
 * @block: a block
 *
 * Returns: what the block is
 */
ParlanceMarkdownKind
parlance_markdown_block_get_kind (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, PARLANCE_MARKDOWN_PARAGRAPH);
  return block->kind;
}

/**
 * parlance_markdown_block_get_text:
 * @block: a block
 * @length: (out) (optional): its length in bytes
 *
 * The inline text of a paragraph, heading or table cell, the code of a code block, the text of
 * an HTML block; "" for other blocks. Plain UTF-8 (not markup), NUL-terminated.
 *
 * Returns: (transfer none): the text
 */
const char *
parlance_markdown_block_get_text (const ParlanceMarkdownBlock *block,
                                  gsize                       *length)
{
  g_return_val_if_fail (block != NULL, "");

  if (block->text == NULL)
    {
      if (length != NULL)
        *length = 0;
      return "";
    }
  if (length != NULL)
    *length = block->text->len;
  return block->text->str;
}

/**
 * parlance_markdown_block_get_spans:
 * @block: a block
 * @n_spans: (out): the number of spans
 *
 * Returns: (transfer none) (array length=n_spans) (nullable): the styled runs of the inline text
 */
const ParlanceMarkdownSpan *
parlance_markdown_block_get_spans (const ParlanceMarkdownBlock *block,
                                   guint                       *n_spans)
{
  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (n_spans != NULL, NULL);

  if (block->spans == NULL || block->spans->len == 0)
    {
      *n_spans = 0;
      return NULL;
    }
  *n_spans = block->spans->len;
  return &g_array_index (block->spans, ParlanceMarkdownSpan, 0);
}

/**
 * parlance_markdown_block_get_n_children:
 * @block: a block
 *
 * Returns: the number of child blocks
 */
guint
parlance_markdown_block_get_n_children (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);
  return block->children != NULL ? block->children->len : 0;
}

/**
 * parlance_markdown_block_get_child:
 * @block: a block
 * @i: index of the child
 *
 * Returns: (transfer none): the child
 */
const ParlanceMarkdownBlock *
parlance_markdown_block_get_child (const ParlanceMarkdownBlock *block,
                                   guint                        i)
{
  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (block->children != NULL && i < block->children->len, NULL);
  return block->children->pdata[i];
}

/**
 * parlance_markdown_block_get_level:
 * @block: a heading
 *
 * Returns: its level, 1–6 (0 for other blocks)
 */
guint
parlance_markdown_block_get_level (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);
  return block->level;
}

/**
 * parlance_markdown_block_get_language:
 * @block: a code block
 *
 * Returns: (nullable): the first word of the fence's info string (untrusted), or %NULL
 */
const char *
parlance_markdown_block_get_language (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, NULL);
  return block->language;
}

/**
 * parlance_markdown_block_get_fenced:
 * @block: a code block
 *
 * Returns: whether it is fenced (else indented)
 */
gboolean
parlance_markdown_block_get_fenced (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);
  return block->fenced;
}

/**
 * parlance_markdown_block_get_ordered:
 * @block: a list
 *
 * Returns: whether the list is numbered
 */
gboolean
parlance_markdown_block_get_ordered (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);
  return block->ordered;
}

/**
 * parlance_markdown_block_get_start:
 * @block: an ordered list
 *
 * Returns: the number of its first item
 */
guint
parlance_markdown_block_get_start (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);
  return block->start;
}

/**
 * parlance_markdown_block_get_tight:
 * @block: a list
 *
 * Returns: whether its items are not separated by blank lines
 */
gboolean
parlance_markdown_block_get_tight (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);
  return block->tight;
}

/**
 * parlance_markdown_block_get_task:
 * @block: a list item
 *
 * Returns: its check box, if it is a task
 */
ParlanceMarkdownTask
parlance_markdown_block_get_task (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, PARLANCE_MARKDOWN_TASK_NONE);
  return block->task;
}

/**
 * parlance_markdown_block_get_n_columns:
 * @block: a table
 *
 * Returns: its number of columns, at most %PARLANCE_MARKDOWN_MAX_COLUMNS
 */
guint
parlance_markdown_block_get_n_columns (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);
  return block->n_columns;
}

/**
 * parlance_markdown_block_get_align:
 * @block: a table cell
 *
 * Returns: the alignment of its column
 */
ParlanceMarkdownAlign
parlance_markdown_block_get_align (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, PARLANCE_MARKDOWN_ALIGN_DEFAULT);
  return block->align;
}

/**
 * parlance_markdown_block_get_elided:
 * @block: a block
 *
 * Returns: whether structure was capped away here (columns past the limit, nesting flattened);
 *   the text is still all there
 */
gboolean
parlance_markdown_block_get_elided (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);
  return block->elided;
}

/**
 * parlance_markdown_block_get_open:
 * @block: a block
 *
 * Returns: whether this is the unfinished last block of the open tail
 */
gboolean
parlance_markdown_block_get_open (const ParlanceMarkdownBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);
  return block->open;
}

static gboolean
spans_equal (const ParlanceMarkdownBlock *a,
             const ParlanceMarkdownBlock *b)
{
  guint na = a->spans != NULL ? a->spans->len : 0;
  guint nb = b->spans != NULL ? b->spans->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      const ParlanceMarkdownSpan *sa = &g_array_index (a->spans, ParlanceMarkdownSpan, i);
      const ParlanceMarkdownSpan *sb = &g_array_index (b->spans, ParlanceMarkdownSpan, i);

      if (sa->start != sb->start || sa->end != sb->end || sa->style != sb->style ||
          g_strcmp0 (sa->href, sb->href) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * parlance_markdown_block_equal:
 * @a: a block
 * @b: another block
 *
 * Compares kind, text, spans (styles and hrefs), attributes and children, recursively; not
 * whether they are open.
 *
 * Returns: whether they are the same
 */
gboolean
parlance_markdown_block_equal (const ParlanceMarkdownBlock *a,
                               const ParlanceMarkdownBlock *b)
{
  guint n;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->kind != b->kind || a->level != b->level || a->start != b->start ||
      a->n_columns != b->n_columns || a->task != b->task || a->align != b->align ||
      a->fenced != b->fenced || a->ordered != b->ordered || a->tight != b->tight ||
      a->elided != b->elided || g_strcmp0 (a->language, b->language) != 0)
    return FALSE;
  if ((a->text == NULL) != (b->text == NULL))
    return FALSE;
  if (a->text != NULL &&
      (a->text->len != b->text->len || memcmp (a->text->str, b->text->str, a->text->len) != 0))
    return FALSE;
  if (!spans_equal (a, b))
    return FALSE;
  n = parlance_markdown_block_get_n_children (a);
  if (n != parlance_markdown_block_get_n_children (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!parlance_markdown_block_equal (a->children->pdata[i], b->children->pdata[i]))
      return FALSE;
  return TRUE;
}

static const char *kind_names[] = {
  "PARAGRAPH", "HEADING", "CODE", "QUOTE", "LIST", "LIST_ITEM", "TABLE", "TABLE_ROW",
  "TABLE_CELL", "RULE", "HTML",
};

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  g_autofree char *copy = g_strndup (text, length);
  g_autofree char *escaped = NULL;
  char high[129];

  /* Keep UTF-8 readable: escape only ASCII controls, quotes and backslashes. */
  for (guint i = 0; i < 128; i++)
    high[i] = (char) (0x80 + i);
  high[128] = '\0';
  escaped = g_strescape (copy, high);

  g_string_append_c (out, '"');
  g_string_append (out, escaped);
  g_string_append_c (out, '"');
}

static void
dump_span (GString                    *out,
           const ParlanceMarkdownBlock *block,
           const ParlanceMarkdownSpan  *span,
           guint                        depth)
{
  static const char *style_names[] = { "strong", "emph", "strike", "code", "link", "image", "html" };

  g_string_append_printf (out, "%*s", (int) (depth * 2 + 2), "");
  g_string_append_printf (out, "span %u-%u", span->start, span->end);
  for (guint bit = 0; bit < G_N_ELEMENTS (style_names); bit++)
    if (span->style & (1 << bit))
      g_string_append_printf (out, " %s", style_names[bit]);
  if (span->href != NULL)
    {
      g_string_append (out, " href=");
      append_escaped (out, span->href, strlen (span->href));
    }
  g_string_append_c (out, ' ');
  append_escaped (out, block->text->str + span->start, span->end - span->start);
  g_string_append_c (out, '\n');
}

static void
dump_block (GString                     *out,
            const ParlanceMarkdownBlock *block,
            guint                        depth)
{
  g_string_append_printf (out, "%*s%s", (int) (depth * 2), "", kind_names[block->kind]);
  if (block->kind == PARLANCE_MARKDOWN_HEADING)
    g_string_append_printf (out, " level=%u", block->level);
  if (block->kind == PARLANCE_MARKDOWN_LIST)
    g_string_append_printf (out, "%s%s start=%u", block->ordered ? " ordered" : " bullet",
                            block->tight ? " tight" : " loose", block->start);
  if (block->task != PARLANCE_MARKDOWN_TASK_NONE)
    g_string_append (out, block->task == PARLANCE_MARKDOWN_TASK_DONE ? " [x]" : " [ ]");
  if (block->kind == PARLANCE_MARKDOWN_TABLE)
    g_string_append_printf (out, " columns=%u", block->n_columns);
  if (block->align != PARLANCE_MARKDOWN_ALIGN_DEFAULT)
    g_string_append_printf (out, " align=%s",
                            block->align == PARLANCE_MARKDOWN_ALIGN_LEFT ? "left" :
                            block->align == PARLANCE_MARKDOWN_ALIGN_CENTER ? "center" : "right");
  if (block->kind == PARLANCE_MARKDOWN_CODE)
    g_string_append (out, block->fenced ? " fenced" : " indented");
  if (block->language != NULL)
    {
      g_string_append (out, " language=");
      append_escaped (out, block->language, strlen (block->language));
    }
  if (block->elided)
    g_string_append (out, " elided");
  if (block->open)
    g_string_append (out, " open");
  if (block->text != NULL && block->spans == NULL)
    {
      g_string_append_c (out, ' ');
      append_escaped (out, block->text->str, block->text->len);
    }
  g_string_append_c (out, '\n');
  if (block->spans != NULL)
    for (guint i = 0; i < block->spans->len; i++)
      dump_span (out, block, &g_array_index (block->spans, ParlanceMarkdownSpan, i), depth);
  if (block->children != NULL)
    for (guint i = 0; i < block->children->len; i++)
      dump_block (out, block->children->pdata[i], depth + 1);
}

/**
 * parlance_markdown_block_dump:
 * @block: a block
 *
 * A readable dump of the tree, one line per block or span (texts escaped as C strings), for
 * tests and debugging.
 *
 * Returns: (transfer full): the dump
 */
char *
parlance_markdown_block_dump (const ParlanceMarkdownBlock *block)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (block != NULL, NULL);

  dump_block (out, block, 0);
  return g_string_free (out, FALSE);
}
