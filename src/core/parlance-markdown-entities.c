/* parlance-markdown-entities.c — HTML5's named character references, for md4c's entities.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table is generated data in parlance-markdown-entities.inc (Python's html.entities.html5, the
 * WHATWG list; only the names ending in ';', the only ones md4c reports), sorted by name for a
 * binary search.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parlance-markdown-private.h"

typedef struct
{
  const char *name;
  const char *utf8;
} Entity;

static const Entity entities[] = {
#include "parlance-markdown-entities.inc"
};

static int
compare_entity (const void *key,
                const void *member)
{
  return strcmp (key, ((const Entity *) member)->name);
}

static void
append_code_point (GString *out,
                   gunichar c)
{
  /* CommonMark: NUL, surrogates and what lies past Unicode become U+FFFD. */
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    c = 0xFFFD;
  g_string_append_unichar (out, c);
}

gboolean
_parlance_markdown_decode_entity (const char *name,
                                  gsize       length,
                                  GString    *out)
{
  char key[64];
  const Entity *found;

  if (length < 3 || length > sizeof key || name[0] != '&' || name[length - 1] != ';')
    return FALSE;
  if (name[1] == '#')
    {
      gboolean hex = length > 3 && (name[2] == 'x' || name[2] == 'X');
      gsize digits = hex ? 3 : 2;
      guint64 value = 0;

      if (digits >= length - 1 || length - 1 - digits > (hex ? 6 : 7))
        return FALSE;
      for (gsize i = digits; i < length - 1; i++)
        {
          int d = hex ? g_ascii_xdigit_value (name[i]) : g_ascii_digit_value (name[i]);

          if (d < 0)
            return FALSE;
          value = value * (hex ? 16 : 10) + (guint64) d;
        }
      append_code_point (out, value > 0x10FFFF ? 0xFFFD : (gunichar) value);
      return TRUE;
    }
  memcpy (key, name + 1, length - 2);
  key[length - 2] = '\0';
  found = bsearch (key, entities, G_N_ELEMENTS (entities), sizeof (Entity), compare_entity);
  if (found == NULL)
    return FALSE;
  g_string_append (out, found->utf8);
  return TRUE;
}
