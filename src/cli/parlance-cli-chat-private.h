/* parlance-cli-chat-private.h — what the files of `parlance-cli chat` share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "parlance-cli-private.h"
#include "parlance-cli-render-private.h"
#include "parlance-fallback.h"
#include "parlance-terminal-filter.h"

G_BEGIN_DECLS

#define DEFAULT_OPENROUTER_MODEL "meta-llama/llama-3.3-70b-instruct:free"

typedef struct
{
  GMainLoop           *loop;
  GCancellable        *cancellable;
  ParlanceProvider    *provider;
  ParlanceChatClient  *client;
  ParlanceChatRequest *request;
  ParlanceChatReply   *reply;
  ParlanceKeyStore    *key_store;
  CliChatLog          *log;            /* NULL with --ephemeral */
  char                *model;
  char                *system;
  char                *prompt;
  char                *key;          /* kept to keep it out of what is printed; wiped */
  GPtrArray           *secret_headers; /* from the keyring, bound to the provider's address */
  ParlanceKeySource    key_source;
  gboolean             json;
  gboolean             stdout_is_tty;
  gboolean             stderr_is_tty;
  gboolean             reasoning_open; /* reasoning printed, not yet ended by a newline */
  gboolean             reasoning_labelled; /* rendering: "Reasoning" printed above it */
  int                  write_errno;    /* standard output failed */
  int                  exit_status;
  GString             *pending;        /* reply text not written yet */
  ParlanceTerminalFilter *content_filter;   /* when standard output is a terminal */
  ParlanceTerminalFilter *reasoning_filter; /* when standard error is a terminal */
  CliRender           *render;         /* Markdown rendered (a terminal, or --render); else NULL */
  guint                flush_id;
  /* Fallbacks (parlance-cli-chat-fallback.c): -m first, then --fallback in order. */
  ParlanceFallbackChain *chain;
  ParlanceModelCatalog *catalog;       /* with --free-only: the prices */
  char                *requested_model; /* -m, the model asked first */
  char               **fallback_models;
  gboolean             free_only;
  gboolean             model_named;    /* -m was given */
  gboolean             begun;          /* the user's message is saved */
  /* Waiting out a rate limit (parlance-cli-chat-wait.c). */
  gboolean             no_wait;        /* --no-wait: a wait is a failure */
  guint                retries;        /* automatic retries of the model asked */
  guint                wait_id;
  gulong               wait_cancel_id;
  gint64               wait_until;     /* monotonic */
  char                *wait_by;        /* who limits: the provider, or its upstream */
  gint64               estimated_prompt_tokens; /* parlance-cli-chat-precheck.c; -1 before */
} Chat;

typedef struct
{
  char     *provider_id;
  char     *model;
  char     *system;
  char     *continue_id;
  char    **args;
  char     *fallback;
  gboolean  free_only;
  gboolean  no_wait;
  gboolean  json;
  gboolean  help;
  gboolean  new;
  gboolean  latest;
  gboolean  ephemeral;
  gboolean  raw;
  gboolean  render;
} ChatOptions;

void _parlance_cli_chat_options_clear (ChatOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChatOptions, _parlance_cli_chat_options_clear)

/* The steps before the main loop (parlance-cli-chat-options.c): each returns
 * PARLANCE_CLI_CHAT_GO_ON, or the exit status when there is nothing more to do. */
#define PARLANCE_CLI_CHAT_GO_ON (-1)

int  _parlance_cli_chat_parse_options     (int          argc,
                                           char       **argv,
                                           ChatOptions *o);
int  _parlance_cli_chat_take_prompt       (Chat        *chat,
                                           ChatOptions *o,
                                           gboolean    *from_stdin);
int  _parlance_cli_chat_open_conversation (Chat        *chat,
                                           ChatOptions *o);
int  _parlance_cli_chat_choose_model      (Chat        *chat,
                                           ChatOptions *o);

/* parlance-cli-chat-fallback.c */
int      _parlance_cli_chat_take_fallback    (Chat        *chat,
                                              ChatOptions *o);
void     _parlance_cli_chat_prepare_chain_async (Chat               *chat,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean _parlance_cli_chat_prepare_chain_finish (GAsyncResult     *result,
                                                  GError          **error);
char    *_parlance_cli_chat_dup_json_extras  (Chat        *chat);

/* parlance-cli-chat-generation.c */
typedef void (*CliChatGenerationDone) (Chat         *chat,
                                       const GError *error);
gboolean _parlance_cli_chat_fetch_generation (Chat                  *chat,
                                              const GError          *error,
                                              CliChatGenerationDone  done);

void     _parlance_cli_chat_start_attempt    (Chat             *chat);
void     _parlance_cli_chat_finish_attempt   (Chat             *chat,
                                              ParlanceProvider *provider,
                                              const GError     *error);
gboolean _parlance_cli_chat_try_again        (Chat             *chat,
                                              const GError     *error);
gboolean _parlance_cli_chat_wait_before_send (Chat             *chat);
void     _parlance_cli_chat_wait_clear       (Chat             *chat);
/* parlance-cli-chat-precheck.c */
int      _parlance_cli_chat_precheck         (Chat        *chat);

G_END_DECLS
