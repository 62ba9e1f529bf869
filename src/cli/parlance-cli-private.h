/* parlance-cli-private.h — what the commands of parlance-cli share.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-provider.h"
#include "parlance-provider-registry.h"

G_BEGIN_DECLS

/* Exit statuses: a public interface, documented in --help and in README.md. */
typedef enum
{
  PARLANCE_CLI_EXIT_OK           = 0,
  PARLANCE_CLI_EXIT_FAILURE      = 1,
  PARLANCE_CLI_EXIT_USAGE        = 2,
  PARLANCE_CLI_EXIT_NO_KEY       = 3,
  PARLANCE_CLI_EXIT_UNAUTHORIZED = 4,
  PARLANCE_CLI_EXIT_PAYMENT      = 5,
  PARLANCE_CLI_EXIT_RATE_LIMITED = 6,
  PARLANCE_CLI_EXIT_NOT_FOUND    = 7,
  PARLANCE_CLI_EXIT_SERVER       = 8,
  PARLANCE_CLI_EXIT_NETWORK      = 9,
  PARLANCE_CLI_EXIT_MALFORMED    = 10,
  PARLANCE_CLI_EXIT_CANCELLED    = 130,
} ParlanceCliExit;

/* Commands */
int               _parlance_cli_chat                (int                   argc,
                                                     char                **argv);
int               _parlance_cli_key                 (int                   argc,
                                                     char                **argv);
int               _parlance_cli_models              (int                   argc,
                                                     char                **argv);
GPtrArray        *_parlance_cli_read_secrets        (const char * const   *names,
                                                     int                  *status);
int               _parlance_cli_providers           (int                   argc,
                                                     char                **argv);

/* `key`: the state of one command, shared by parlance-cli-key.c and parlance-cli-key-check.c */
typedef struct
{
  GMainLoop          *loop;
  GCancellable       *cancellable;
  ParlanceProvider   *provider;
  ParlanceKeyStore   *key_store;
  ParlanceChatClient *client;
  char               *key;
  ParlanceKeySource   key_source;
  GPtrArray          *secret_headers; /* from the keyring, bound to the provider's address */
  int                 exit_status;
} KeyCommand;

void              _parlance_cli_key_command_quit    (KeyCommand           *cmd,
                                                     int                   exit_status);
const char       *_parlance_cli_key_env_var_of      (KeyCommand           *cmd);
void              _parlance_cli_key_start_check     (KeyCommand           *cmd);

/* Help text shared by `--help` and `COMMAND --help` (transfer full) */
char             *_parlance_cli_dup_environment_help (void);
char             *_parlance_cli_dup_exit_status_help (void);
char             *_parlance_cli_dup_help             (GOptionContext *context);

/* Providers: built-in or added with `providers add`. A broken providers.json is a warning on
 * standard error, and what could be read is used. */
ParlanceProviderRegistry *_parlance_cli_load_registry (void);
ParlanceProvider *_parlance_cli_provider_new        (const char           *id);
gboolean          _parlance_cli_key_is_optional     (ParlanceProvider     *provider);

/* Errors */
ParlanceCliExit   _parlance_cli_exit_for_error      (const GError         *error);
void              _parlance_cli_print_error         (ParlanceProvider     *provider,
                                                     const GError         *error,
                                                     const char           *server_message,
                                                     const char           *key,
                                                     ParlanceKeySource     key_source);
void              _parlance_cli_print_no_key        (ParlanceProvider     *provider);
ParlanceCliExit   _parlance_cli_report_lookup_error (ParlanceProvider     *provider,
                                                     const GError         *error);
char             *_parlance_cli_redact              (const char           *text,
                                                     const char           *secret);

/* Ctrl+C: the first cancels @cancellable, a second one leaves at once. */
guint             _parlance_cli_watch_interrupt     (GCancellable         *cancellable,
                                                     GSourceFunc           before_cancel,
                                                     gpointer              user_data);

/* Standard input, read on the main loop. With @one_line, reading stops after the first newline
 * (for a terminal); otherwise at the end of the input. The buffer is wiped when freed. */
void              _parlance_cli_read_stdin_async    (gboolean              one_line,
                                                     gsize                 max_size,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char             *_parlance_cli_read_stdin_finish   (GAsyncResult         *result,
                                                     gsize                *length,
                                                     GError              **error);

/* Writes all of @data to @fd; FALSE with errno set when it can't. */
gboolean          _parlance_cli_write_all           (int                   fd,
                                                     const char           *data,
                                                     gsize                 length);

G_END_DECLS
