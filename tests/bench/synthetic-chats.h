/* synthetic-chats.h — made-up questions and Markdown answers for the store benchmarks.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *synthetic_question (GRand *rand);
char *synthetic_answer   (GRand *rand);

G_END_DECLS
