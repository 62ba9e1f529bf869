/* parlance-markdown.c — the incremental Markdown document: text appended as a reply streams.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "parlance-markdown-private.h"

/**
 * ParlanceMarkdown:
 *
 * A Markdown document fed as it streams (see parlance-markdown.h for the contract).
 *
 * How it stays cheap: appended bytes are made valid UTF-8 (an invalid byte or NUL becomes
 * U+FFFD; an incomplete character at the end waits for the next append) and the complete lines
 * are fed, once each, to a line scanner (parlance-markdown-scan.c) that finds the boundaries
 * before which nothing can change any more. The text up to a boundary is a *piece*: md4c
 * parses it once, alone, and its blocks settle. What follows the last boundary is the open
 * tail: it is parsed again only when someone looks at the blocks after a change (at most once a
 * frame for a view), never on the append itself; when it is longer than 64 KB (a piece that
 * cannot be cut: one huge paragraph line, a list item), only once it has grown by an eighth. A top-level fenced code block is a piece of
 * its own; while it is open, its lines are added to a buffer as they complete, so a 5 MB code
 * block streams in linear time; md4c parses it once, when it closes.
 *
 * Split-equivalence: the boundaries depend only on the text, so the pieces, hence the settled
 * blocks, are the same whatever the appends were; finish () parses the rest as the last piece.
 * The price, a deviation from CommonMark: a link reference definition (`[x]: /url`) applies only
 * within its piece (what comes before a blank line followed by a new top-level block, or a
 * fence): otherwise a definition arriving late would change text that has settled. A piece past
 * PARLANCE_MARKDOWN_MAX_CHUNK bytes may be cut before the next item of a top-level list, which
 * then reads as a list of its own starting at that item's number.
 */

/* An open piece longer than this is not parsed again on every look: see ensure_tail (). */
#define TAIL_LAG_MIN (64 * 1024)

struct _ParlanceMarkdown
{
  GObject                  parent_instance;

  GString                 *text;          /* valid UTF-8, no NUL */
  char                     pending[4];    /* an incomplete character at the end */
  guint                    n_pending;

  GPtrArray               *settled;
  gsize                    settled_end;   /* where the open piece starts */
  gsize                    scan_pos;      /* the first line not fed to the scanner */
  gsize                    search_pos;    /* where to look on for its end */
  ParlanceMarkdownScanner  scanner;

  GString                 *fence_code;    /* the open top-level fence's complete lines */
  char                    *fence_language;
  guint                    fence_lines;

  GPtrArray               *tail;
  gboolean                 tail_dirty;
  gsize                    tail_start;    /* what the tail was parsed from, to where */
  gsize                    tail_end;
  guint64                  serial;
  guint                    n_final;       /* the most get_n_final () found */
};

G_DEFINE_FINAL_TYPE (ParlanceMarkdown, parlance_markdown, G_TYPE_OBJECT)

static void
parlance_markdown_finalize (GObject *object)
{
  ParlanceMarkdown *self = PARLANCE_MARKDOWN (object);

  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->settled);
  g_ptr_array_unref (self->tail);
  g_string_free (self->fence_code, TRUE);
  g_free (self->fence_language);

  G_OBJECT_CLASS (parlance_markdown_parent_class)->finalize (object);
}

static void
parlance_markdown_class_init (ParlanceMarkdownClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_markdown_finalize;
}

static void
parlance_markdown_init (ParlanceMarkdown *self)
{
  self->text = g_string_new (NULL);
  self->settled = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_markdown_block_unref);
  self->tail = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_markdown_block_unref);
  self->fence_code = g_string_new (NULL);
  _parlance_markdown_scanner_init (&self->scanner);
}

/**
 * parlance_markdown_new:
 *
 * Returns: (transfer full): an empty document
 */
ParlanceMarkdown *
parlance_markdown_new (void)
{
  return g_object_new (PARLANCE_TYPE_MARKDOWN, NULL);
}

/**
 * parlance_markdown_new_from_text:
 * @text: Markdown text
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * The whole document at once, finished: for stored text.
 *
 * Returns: (transfer full): the document
 */
ParlanceMarkdown *
parlance_markdown_new_from_text (const char *text,
                                 gssize      length)
{
  ParlanceMarkdown *self = parlance_markdown_new ();

  parlance_markdown_append (self, text, length);
  parlance_markdown_finish (self);
  return self;
}

/* Valid UTF-8 into the text; an incomplete character at the end is kept for later, unless
 * @final. Each byte that cannot start or continue a character becomes U+FFFD on its own, the
 * same whatever the pieces. */
static void
append_valid (ParlanceMarkdown *self,
              const char       *bytes,
              gsize             length,
              gboolean          final)
{
  g_autofree char *joined = NULL;
  const char *p = bytes;
  gsize left = length;

  if (self->n_pending > 0)
    {
      joined = g_malloc (self->n_pending + length);
      memcpy (joined, self->pending, self->n_pending);
      if (length > 0)
        memcpy (joined + self->n_pending, bytes, length);
      p = joined;
      left = self->n_pending + length;
      self->n_pending = 0;
    }

  while (left > 0)
    {
      const char *end;
      gsize valid;

      g_utf8_validate_len (p, left, &end);
      valid = end - p;
      g_string_append_len (self->text, p, valid);
      p += valid;
      left -= valid;
      if (left == 0)
        break;
      if (!final && left < 4 && *p != '\0' &&
          g_utf8_get_char_validated (p, left) == (gunichar) -2)
        {
          memcpy (self->pending, p, left);
          self->n_pending = left;
          break;
        }
      g_string_append (self->text, "\xef\xbf\xbd");
      p++;
      left--;
    }
}

static void
settle (ParlanceMarkdown *self,
        gsize             end)
{
  if (end <= self->settled_end)
    return;
  _parlance_markdown_parse (self->text->str + self->settled_end, end - self->settled_end,
                            self->settled);
  self->settled_end = end;
}

static void
add_fence_line (ParlanceMarkdown *self,
                const char       *line,
                gsize             length)
{
  if (self->fence_lines++ > 0)
    g_string_append_c (self->fence_code, '\n');
  _parlance_markdown_scanner_append_code (&self->scanner, self->fence_code, line, length);
}

/* One complete line, [start, start + length), its ending up to @next. */
static void
feed_line (ParlanceMarkdown *self,
           gsize             start,
           gsize             length,
           gsize             next)
{
  const char *line = self->text->str + start;

  switch (_parlance_markdown_scanner_feed (&self->scanner, line, length))
    {
    case PARLANCE_MARKDOWN_LINE_MORE:
      break;
    case PARLANCE_MARKDOWN_LINE_BOUNDARY:
      settle (self, start);
      break;
    case PARLANCE_MARKDOWN_LINE_FENCE_OPEN:
      settle (self, start);
      g_string_truncate (self->fence_code, 0);
      self->fence_lines = 0;
      g_free (self->fence_language);
      self->fence_language = _parlance_markdown_parse_fence_language (line, length);
      break;
    case PARLANCE_MARKDOWN_LINE_FENCE_CODE:
      add_fence_line (self, line, length);
      break;
    case PARLANCE_MARKDOWN_LINE_FENCE_CLOSE:
      settle (self, next);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Feeds every complete line; at the end (@final) the last one is complete too. */
static void
scan_lines (ParlanceMarkdown *self,
            gboolean          final)
{
  const char *str = self->text->str;
  gsize len = self->text->len;
  gsize i = MAX (self->search_pos, self->scan_pos);

  for (; i < len; i++)
    {
      gsize next;

      if (str[i] == '\n')
        next = i + 1;
      else if (str[i] != '\r')
        continue;
      else if (i + 1 < len)
        next = str[i + 1] == '\n' ? i + 2 : i + 1;
      else if (final)
        next = i + 1;
      else
        break;   /* a "\r" that may be followed by a "\n" */
      feed_line (self, self->scan_pos, i - self->scan_pos, next);
      self->scan_pos = next;
      i = next - 1;
    }
  self->search_pos = i;
  if (final && self->scan_pos < len)
    {
      feed_line (self, self->scan_pos, len - self->scan_pos, len);
      self->scan_pos = self->search_pos = len;
    }
}

/**
 * parlance_markdown_append:
 * @self: a document
 * @text: Markdown text (any bytes)
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * Appends text; it may end in the middle of anything, even of a UTF-8 character. The text up to
 * the last complete line is scanned (once) for where blocks settle; the open tail is parsed
 * when the blocks are next asked for.
 */
void
parlance_markdown_append (ParlanceMarkdown *self,
                          const char       *text,
                          gssize            length)
{
  gsize before;

  g_return_if_fail (PARLANCE_IS_MARKDOWN (self));
  g_return_if_fail (text != NULL || length == 0);

  if (length < 0)
    length = strlen (text);
  if (length == 0)
    return;
  before = self->text->len;
  append_valid (self, text, length, FALSE);
  if (self->text->len == before)
    return;
  scan_lines (self, FALSE);
  self->tail_dirty = TRUE;
  self->serial++;
}

static void
reset_tail_state (ParlanceMarkdown *self)
{
  _parlance_markdown_scanner_init (&self->scanner);
  g_string_truncate (self->fence_code, 0);
  g_clear_pointer (&self->fence_language, g_free);
  self->fence_lines = 0;
  g_ptr_array_set_size (self->tail, 0);
  self->tail_dirty = FALSE;
}

/**
 * parlance_markdown_finish:
 * @self: a document
 *
 * No more text: an incomplete character at the end becomes U+FFFD, and every block settles.
 * Text appended afterwards starts a new tail (a reply that is continued), as if after a
 * boundary.
 */
void
parlance_markdown_finish (ParlanceMarkdown *self)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN (self));

  append_valid (self, NULL, 0, TRUE);
  scan_lines (self, TRUE);
  settle (self, self->text->len);
  reset_tail_state (self);
  self->serial++;
}

/**
 * parlance_markdown_clear:
 * @self: a document
 *
 * Forgets all text and blocks.
 */
void
parlance_markdown_clear (ParlanceMarkdown *self)
{
  g_return_if_fail (PARLANCE_IS_MARKDOWN (self));

  g_string_truncate (self->text, 0);
  self->n_pending = 0;
  g_ptr_array_set_size (self->settled, 0);
  self->n_final = 0;
  self->settled_end = self->scan_pos = self->search_pos = 0;
  reset_tail_state (self);
  self->serial++;
}

/**
 * parlance_markdown_get_text:
 * @self: a document
 * @length: (out) (optional): its length in bytes
 *
 * The text appended so far, as valid UTF-8 (an incomplete character at the end is left out
 * until it completes).
 *
 * Returns: (transfer none): the text
 */
const char *
parlance_markdown_get_text (ParlanceMarkdown *self,
                            gsize            *length)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), NULL);

  if (length != NULL)
    *length = self->text->len;
  return self->text->str;
}

/* The open code block: its complete lines and what there is of the next one (unless that could
 * still become the closing fence). */
static ParlanceMarkdownBlock *
open_fence_block (ParlanceMarkdown *self)
{
  ParlanceMarkdownBlock *block = _parlance_markdown_block_new (PARLANCE_MARKDOWN_CODE);
  const char *partial = self->text->str + self->scan_pos;
  gsize length = self->text->len - self->scan_pos;

  block->fenced = TRUE;
  block->language = g_strdup (self->fence_language);
  g_string_append_len (block->text, self->fence_code->str, self->fence_code->len);
  if (length > 0 && partial[length - 1] == '\r')
    length--;
  if (length > 0 && !_parlance_markdown_scanner_maybe_close (&self->scanner, partial, length))
    {
      if (self->fence_lines > 0)
        g_string_append_c (block->text, '\n');
      _parlance_markdown_scanner_append_code (&self->scanner, block->text, partial, length);
    }
  return block;
}

static void
ensure_tail (ParlanceMarkdown *self)
{
  gsize length = self->text->len - self->settled_end;

  if (!self->tail_dirty)
    return;
  /* A long open piece (a single huge paragraph or list item, which cannot be cut) is parsed
   * again only once it has grown by an eighth: the cost of looking stays linear in the text,
   * and the view lags by at most that much until the piece settles. */
  if (!self->scanner.in_fence && self->tail->len > 0 && self->tail_start == self->settled_end &&
      length > TAIL_LAG_MIN && length - (self->tail_end - self->tail_start) < length / 8)
    return;
  self->tail_dirty = FALSE;
  self->tail_start = self->settled_end;
  self->tail_end = self->text->len;
  g_ptr_array_set_size (self->tail, 0);
  if (self->scanner.in_fence)
    g_ptr_array_add (self->tail, open_fence_block (self));
  else if (self->text->len > self->settled_end)
    _parlance_markdown_parse (self->text->str + self->settled_end,
                              self->text->len - self->settled_end, self->tail);
  if (self->tail->len > 0)
    {
      ParlanceMarkdownBlock *last = self->tail->pdata[self->tail->len - 1];

      last->open = TRUE;
    }
}

/**
 * parlance_markdown_get_n_blocks:
 * @self: a document
 *
 * Parses the open tail again if the text changed since it was last parsed (but for an open
 * code block, which is one block whatever its code).
 *
 * Returns: the number of top-level blocks, settled and open
 */
guint
parlance_markdown_get_n_blocks (ParlanceMarkdown *self)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), 0);

  /* An open fence is one block: no need to copy its code just to count it. */
  if (self->tail_dirty && self->scanner.in_fence)
    return self->settled->len + 1;
  ensure_tail (self);
  return self->settled->len + self->tail->len;
}

/**
 * parlance_markdown_get_n_settled:
 * @self: a document
 *
 * Returns: the number of blocks that can no longer change (the first ones); it only grows
 */
guint
parlance_markdown_get_n_settled (ParlanceMarkdown *self)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), 0);

  return self->settled->len;
}

/* Whether a link reference definition ("[x]: /url") of the same piece, arriving later or
 * growing, could still change @block's links: any "[" left in its text (it may become a link)
 * and, once the piece has a "]:" (a definition, whole or in part), any link (its address may
 * change, or it may have been one only for a moment). */
static gboolean
may_change_links (const ParlanceMarkdownBlock *block,
                  gboolean                     definitions)
{
  gsize length = 0;
  const char *text = parlance_markdown_block_get_text (block, &length);
  guint n_spans = 0;
  const ParlanceMarkdownSpan *spans = parlance_markdown_block_get_spans (block, &n_spans);

  if (parlance_markdown_block_get_kind (block) == PARLANCE_MARKDOWN_CODE)
    return FALSE;
  if (memchr (text, '[', length) != NULL)
    return TRUE;
  for (guint i = 0; definitions && i < n_spans; i++)
    if (spans[i].style & (PARLANCE_MARKDOWN_STYLE_LINK | PARLANCE_MARKDOWN_STYLE_IMAGE))
      return TRUE;
  for (guint i = 0; i < parlance_markdown_block_get_n_children (block); i++)
    if (may_change_links (parlance_markdown_block_get_child (block, i), definitions))
      return TRUE;
  return FALSE;
}

/* A blank line ends it for good (containers and indented code go on past one). */
static gboolean
ends_at_blank (const ParlanceMarkdownBlock *block)
{
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);

  return kind == PARLANCE_MARKDOWN_PARAGRAPH || kind == PARLANCE_MARKDOWN_HEADING ||
         kind == PARLANCE_MARKDOWN_TABLE || kind == PARLANCE_MARKDOWN_RULE;
}

/* Its last line ends it: nothing after can join it. */
static gboolean
ends_at_line_end (const ParlanceMarkdownBlock *block)
{
  ParlanceMarkdownKind kind = parlance_markdown_block_get_kind (block);

  return kind == PARLANCE_MARKDOWN_HEADING || kind == PARLANCE_MARKDOWN_RULE;
}

/* Whether the last line of [start, end), which ends with a line ending, is blank. */
static gboolean
last_line_blank (const char *text,
                 gsize       start,
                 gsize       end)
{
  gsize i = end;

  if (i == start)
    return FALSE;
  i -= (i - start >= 2 && text[i - 1] == '\n' && text[i - 2] == '\r') ? 2 : 1;
  for (; i > start && text[i - 1] != '\n' && text[i - 1] != '\r'; i--)
    if (text[i - 1] != ' ' && text[i - 1] != '\t')
      return FALSE;
  return TRUE;
}

/**
 * parlance_markdown_get_n_final:
 * @self: a document
 *
 * The first blocks whose content can no longer change, whatever text comes: the settled ones,
 * then those of the open tail that are already closed although their piece has not settled (a
 * piece settles only once the next top-level block's first line is complete, so that a streaming
 * view would show each block one block late). A tail block is final when a later block started
 * on a complete line, or a blank line ended it (a paragraph, heading, table or rule), or its own
 * line did (a heading or rule); and a reference definition arriving later in the piece could
 * not change its links (no "[" left in its text; no link at all once the piece has a "]:"). Blocks of the tail are
 * replaced on the next change, but those counted here by equal ones (parlance_markdown_block_equal ()).
 *
 * Returns: at least parlance_markdown_get_n_settled (), at most parlance_markdown_get_n_blocks ();
 *   it only grows (until clear)
 */
guint
parlance_markdown_get_n_final (ParlanceMarkdown *self)
{
  const char *text;
  gsize complete;
  guint n_tail, closed, i;
  gboolean partial, blank, definitions;

  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), 0);

  self->n_final = MAX (self->n_final, self->settled->len);
  if (self->scanner.in_fence)
    return self->n_final;
  ensure_tail (self);
  n_tail = self->tail->len;
  if (n_tail == 0)
    return self->n_final;
  text = self->text->str;
  complete = self->tail_end;
  while (complete > self->tail_start && text[complete - 1] != '\n' && text[complete - 1] != '\r')
    complete--;
  partial = complete < self->tail_end;
  blank = last_line_blank (text, self->tail_start, complete);
  if (!partial)
    {
      /* Every block but the last was closed by the one after it, which began on a whole line. */
      const ParlanceMarkdownBlock *last = self->tail->pdata[n_tail - 1];

      closed = n_tail - 1;
      if ((blank && ends_at_blank (last)) || ends_at_line_end (last))
        closed = n_tail;
    }
  else
    {
      /* The line still coming may begin a block of its own and, as it grows, turn out to
       * belong to the block before (a "```" that gets a "`" in its info string): that one is
       * closed only if a blank line or its own line ended it. */
      const ParlanceMarkdownBlock *before = n_tail >= 2 ? self->tail->pdata[n_tail - 2] : NULL;

      closed = n_tail >= 2 ? n_tail - 2 : 0;
      if (before != NULL && ((blank && ends_at_blank (before)) || ends_at_line_end (before)))
        closed = n_tail - 1;
    }
  definitions = g_strstr_len (text + self->tail_start, (gssize) (self->tail_end - self->tail_start), "]:") != NULL;
  for (i = 0; i < closed && !may_change_links (self->tail->pdata[i], definitions); i++)
    ;
  /* The line still coming hides what the whole line showed; what was final stays so. */
  self->n_final = MAX (self->n_final, self->settled->len + i);
  return self->n_final;
}

/**
 * parlance_markdown_get_block:
 * @self: a document
 * @i: index of a top-level block
 *
 * A settled block stays valid and the same until the document is cleared or finalized; a
 * block of the open tail until the next change (take a reference to keep it).
 *
 * Returns: (transfer none): the block
 */
const ParlanceMarkdownBlock *
parlance_markdown_get_block (ParlanceMarkdown *self,
                             guint             i)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), NULL);

  if (i < self->settled->len)
    return self->settled->pdata[i];
  ensure_tail (self);
  g_return_val_if_fail (i - self->settled->len < self->tail->len, NULL);
  return self->tail->pdata[i - self->settled->len];
}

/**
 * parlance_markdown_get_serial:
 * @self: a document
 *
 * Returns: a number that changes whenever the tail or the settled blocks change
 */
guint64
parlance_markdown_get_serial (ParlanceMarkdown *self)
{
  g_return_val_if_fail (PARLANCE_IS_MARKDOWN (self), 0);

  return self->serial;
}
