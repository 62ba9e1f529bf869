/* parlance-code-languages.h — the languages code blocks are highlighted in, found and kept ready.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* The language a fence's info word names ("py", "bash", "c++", "toml"…; untrusted), or NULL. */
GtkSourceLanguage *parlance_code_languages_find    (const char        *fence);
/* Keeps @language's definition parsed for the rest of the process. */
void               parlance_code_languages_keep    (GtkSourceLanguage *language);
typedef void (*ParlanceCodeLanguageParsed) (GObject           *owner,
                                            GtkSourceLanguage *language);
/* Calls @parsed with @language once its definition is parsed: at once when it is kept, else
 * from a timeout a moment later that parses it (never in the frame a code block is built in),
 * unless @owner is gone by then. */
void               parlance_code_languages_when_parsed (GtkSourceLanguage          *language,
                                                        GObject                    *owner,
                                                        ParlanceCodeLanguageParsed  parsed);
/* Once a process, a while after the first window is shown and one step per idle: reads the
 * languages' and style schemes' files and parses the commonest languages, so that the first code
 * block of a reply does not stall the window doing it. */
void               parlance_code_languages_warm_up (void);
/* For benchmarks and tests: whether the warm-up is done. */
gboolean           parlance_code_languages_get_warm (void);
/* For tests: whether the language of @id is kept parsed. */
gboolean           _parlance_code_languages_is_kept (const char        *id);

G_END_DECLS
