/* parlance-chunk-scanner-template.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Successive chunks of a stream differ only in their text: parlance_chunk_scan_templated ()
 * compares a chunk with the last one around the text and, when the bytes before and after it are
 * the same, reads just the text. The rest was validated with the last chunk, byte for byte.
 */

#include "config.h"

#include <string.h>

#include "parlance-chunk-scanner-private.h"

/* Forgets the last chunk; keeps the text buffer. */
static void
forget (ParlanceChunkTemplate *template_)
{
  g_clear_pointer (&template_->prefix, g_free);
  g_clear_pointer (&template_->suffix, g_free);
  template_->prefix_len = template_->suffix_len = 0;
}

static void
learn (ParlanceChunkTemplate   *template_,
       const char              *data,
       gsize                    len,
       const ParlanceChunkScan *scan)
{
  gsize start, end;

  forget (template_);
  /* The text that changes must be the only text: the other one absent or empty. */
  if (scan->content_end > 0 && (scan->reasoning == NULL || *scan->reasoning == '\0'))
    {
      start = scan->content_start;
      end = scan->content_end;
      template_->is_reasoning = FALSE;
    }
  else if (scan->reasoning_end > 0 && (scan->content == NULL || *scan->content == '\0'))
    {
      start = scan->reasoning_start;
      end = scan->reasoning_end;
      template_->is_reasoning = TRUE;
    }
  else
    return;

  template_->prefix = g_memdup2 (data, start);
  template_->prefix_len = start;
  template_->suffix = g_memdup2 (data + end, len - end);
  template_->suffix_len = len - end;
}

/**
 * parlance_chunk_scan_templated:
 * @template_: what the last chunk of this stream looked like; updated
 * @scan: (out caller-allocates): filled when this returns %TRUE
 *
 * As parlance_chunk_scan (), but a chunk that is the last one with another text is read by its
 * text alone: then @scan has only content or reasoning, and same_origin set. That text belongs
 * to @template_ and lasts until its next use.
 *
 * Returns: %TRUE when @data is a plain streamed chunk, read into @scan
 */
gboolean
parlance_chunk_scan_templated (const char            *data,
                               gsize                  len,
                               ParlanceChunkTemplate *template_,
                               ParlanceChunkScan     *scan)
{
  if (template_->prefix != NULL &&
      len > template_->prefix_len + template_->suffix_len &&
      data[template_->prefix_len] == '"' &&
      memcmp (data, template_->prefix, template_->prefix_len) == 0 &&
      memcmp (data + len - template_->suffix_len, template_->suffix, template_->suffix_len) == 0)
    {
      /* Past the opening quote; the text goes into the template's own buffer, no allocation. */
      Cursor c = { data + template_->prefix_len + 1, data + len - template_->suffix_len, data };

      if (template_->text == NULL)
        template_->text = g_string_new (NULL);
      g_string_truncate (template_->text, 0);
      if (_parlance_chunk_valid_utf8 (c.p, (gsize) (c.end - c.p)) &&
          _parlance_chunk_scan_string_body (&c, template_->text) && c.p == c.end)
        {
          memset (scan, 0, sizeof *scan);
          scan->same_origin = TRUE;
          scan->borrowed = template_->text->str;
          if (template_->is_reasoning)
            scan->reasoning = scan->borrowed;
          else
            scan->content = scan->borrowed;
          return TRUE;
        }
    }

  if (!parlance_chunk_scan (data, len, scan))
    {
      /* json-glib reads this one: what "as before" means is its business now. */
      forget (template_);
      return FALSE;
    }
  learn (template_, data, len, scan);
  return TRUE;
}

/**
 * parlance_chunk_template_clear:
 *
 * Frees what @template_ holds; it can be used again.
 */
void
parlance_chunk_template_clear (ParlanceChunkTemplate *template_)
{
  forget (template_);
  if (template_->text != NULL)
    {
      g_string_free (template_->text, TRUE);
      template_->text = NULL;
    }
}
