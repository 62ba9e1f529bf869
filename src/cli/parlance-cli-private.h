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
#include "parlance-rate-budget.h"
#include "parlance-store.h"

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
  PARLANCE_CLI_EXIT_STORE        = 11,
  PARLANCE_CLI_EXIT_NO_CONVERSATION = 12,
  PARLANCE_CLI_EXIT_CANCELLED    = 130,
} ParlanceCliExit;

/* Commands */
int               _parlance_cli_budget              (int                   argc,
                                                     char                **argv);
/* A budget over @store with the user's figures from Preferences (parlance-cli-budget.c) */
ParlanceRateBudget *_parlance_cli_new_budget        (ParlanceStore        *store);
int               _parlance_cli_chat                (int                   argc,
                                                     char                **argv);
int               _parlance_cli_chats               (int                   argc,
                                                     char                **argv);
int               _parlance_cli_chats_export        (int                   argc,
                                                     char                **argv);
int               _parlance_cli_chats_import        (int                   argc,
                                                     char                **argv);
/* `chats --search` (parlance-cli-chats-search.c) */
int               _parlance_cli_chats_search        (const char           *query,
                                                     gboolean              json,
                                                     guint                 limit);
int               _parlance_cli_doctor              (int                   argc,
                                                     char                **argv);
int               _parlance_cli_key                 (int                   argc,
                                                     char                **argv);
int               _parlance_cli_models              (int                   argc,
                                                     char                **argv);
GPtrArray        *_parlance_cli_read_secrets        (const char * const   *names,
                                                     int                  *status);
int               _parlance_cli_providers           (int                   argc,
                                                     char                **argv);
int               _parlance_cli_usage               (int                   argc,
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

/* The conversation database (parlance-cli-store.c) */
ParlanceStore    *_parlance_cli_open_store          (gboolean              create,
                                                     int                  *exit_status);
ParlanceCliExit   _parlance_cli_report_store_error  (const GError         *error,
                                                     gboolean              for_chat);
gboolean          _parlance_cli_parse_id            (const char           *text,
                                                     gint64               *id);
void              _parlance_cli_print_bad_id        (const char           *text);
void              _parlance_cli_print_no_conversation (gint64             id);
char             *_parlance_cli_format_time         (gint64                usec,
                                                     gboolean              iso);
const char       *_parlance_cli_role_name           (ParlanceMessage      *message);
const char       *_parlance_cli_status_name         (ParlanceMessage      *message);

/* `chat`: saving the exchange (parlance-cli-chat-save.c) */
typedef struct _CliChatLog CliChatLog;

CliChatLog       *_parlance_cli_chat_log_open       (ParlanceStore        *store,
                                                     gint64                continue_id,
                                                     int                  *exit_status);
void              _parlance_cli_chat_log_free       (CliChatLog           *log);
ParlanceConversation *_parlance_cli_chat_log_get_conversation (CliChatLog *log);
gint64            _parlance_cli_chat_log_get_id     (CliChatLog           *log);
ParlanceStore    *_parlance_cli_chat_log_get_store  (CliChatLog           *log);
void              _parlance_cli_chat_log_fill_request (CliChatLog         *log,
                                                     ParlanceChatRequest  *request,
                                                     ParlanceProvider     *provider,
                                                     const char           *system);
gboolean          _parlance_cli_chat_log_begin      (CliChatLog           *log,
                                                     const char           *prompt,
                                                     const char           *provider_id,
                                                     const char           *model,
                                                     const char           *system,
                                                     gboolean              quiet,
                                                     GError              **error);
void              _parlance_cli_chat_log_next_attempt (CliChatLog         *log,
                                                       ParlanceChatReply  *reply,
                                                       const char         *model,
                                                       const char         *requested_model,
                                                       const char         *attempts_json);
void              _parlance_cli_chat_log_follow     (CliChatLog           *log,
                                                     ParlanceChatReply    *reply);
void              _parlance_cli_chat_log_end_async  (CliChatLog           *log,
                                                     const GError         *error,
                                                     const char           *key,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          _parlance_cli_chat_log_end_finish (GAsyncResult         *result,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliChatLog, _parlance_cli_chat_log_free)

/* Exact JSON, pretty-printed as json-glib does it */
typedef struct
{
  GString  *out;
  guint     depth;
  gboolean  need_comma;
} CliJson;

void              _parlance_cli_json_init           (CliJson              *json);
char             *_parlance_cli_json_end            (CliJson              *json);
void              _parlance_cli_json_begin_object   (CliJson              *json,
                                                     const char           *name);
void              _parlance_cli_json_end_object     (CliJson              *json);
void              _parlance_cli_json_begin_array    (CliJson              *json,
                                                     const char           *name);
void              _parlance_cli_json_end_array      (CliJson              *json);
void              _parlance_cli_json_string         (CliJson              *json,
                                                     const char           *name,
                                                     const char           *value);
void              _parlance_cli_json_number         (CliJson              *json,
                                                     const char           *name,
                                                     const char           *token);
void              _parlance_cli_json_int            (CliJson              *json,
                                                     const char           *name,
                                                     gint64                value);
void              _parlance_cli_json_bool           (CliJson              *json,
                                                     const char           *name,
                                                     gboolean              value);
void              _parlance_cli_json_cost           (CliJson              *json,
                                                     const char           *name,
                                                     gint64                cost_pico);
void              _parlance_cli_json_time           (CliJson              *json,
                                                     const char           *name,
                                                     gint64                usec);
void              _parlance_cli_json_conversation_fields (CliJson         *json,
                                                     ParlanceConversation *conversation);

G_END_DECLS
