/* parlance-provider-page.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key is typed into a password row, stored in the keyring on Apply and never shown again:
 * the page only ever says where the key comes from. When no keyring answers, the user may use
 * the key for this session only — there is no plain-text fallback.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-key-store-saved.h"
#include "parlance-provider-page-private.h"
#include "parlance-provider-registry.h"
#include "parlance-redact.h"


G_DEFINE_FINAL_TYPE (ParlanceProviderPage, parlance_provider_page, ADW_TYPE_PREFERENCES_PAGE)

static void refresh_status (ParlanceProviderPage *self);
static void sync_url (ParlanceProviderPage *self);
static char *dup_headers_text (ParlanceProvider *provider);

GtkWidget *
parlance_provider_page_new (ParlanceProvider *provider)
{
  ParlanceProviderPage *self;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER (provider), NULL);

  self = g_object_new (PARLANCE_TYPE_PROVIDER_PAGE, NULL);
  self->provider = g_object_ref (provider);
  self->client = parlance_chat_client_new (provider);
  parlance_chat_client_set_idle_timeout (self->client, 30);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), parlance_provider_get_name (provider));
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), parlance_provider_get_id (provider));
  gtk_widget_set_visible (GTK_WIDGET (self->get_key_row), parlance_provider_get_keys_url (provider) != NULL);
  sync_url (self);
  refresh_status (self);
  _parlance_provider_page_init_account (self);
  return GTK_WIDGET (self);
}

ParlanceProvider *
parlance_provider_page_get_provider (ParlanceProviderPage *self)
{
  g_return_val_if_fail (PARLANCE_IS_PROVIDER_PAGE (self), NULL);
  return self->provider;
}

static void
toast (ParlanceProviderPage *self,
       const char           *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

void
_parlance_provider_page_toast (ParlanceProviderPage *self,
                               const char           *text)
{
  toast (self, text);
}

static void
forget_unsaved_key (ParlanceProviderPage *self)
{
  if (self->unsaved_key != NULL)
    {
      memset (self->unsaved_key, 0, strlen (self->unsaved_key));
      g_clear_pointer (&self->unsaved_key, g_free);
    }
}

/* Status */

static void
saved_key_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ParlanceProviderPage *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = parlance_key_store_has_saved_key_finish (PARLANCE_KEY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Could not tell whether a key is saved: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_row), saved);
  if (saved && self->source == PARLANCE_KEY_SOURCE_ENVIRONMENT)
    {
      g_autofree char *subtitle = g_strdup_printf (_("Used when %s is not set."),
                                                   parlance_key_store_get_env_var (parlance_provider_get_id (self->provider)));
      adw_action_row_set_subtitle (self->saved_row, subtitle);
    }
  else if (saved)
    adw_action_row_set_subtitle (self->saved_row, _("Used again when Parlance restarts."));
}

static void
status_looked_up (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ParlanceProviderPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_NONE;
  g_autofree char *subtitle = NULL;
  const char *title;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, &source,
                                              &secret_headers, &error);
  parlance_key_store_free_key (key);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Their names only: the values stay hidden, as a key does. */
  {
    GString *names = g_string_new (NULL);

    for (guint i = 0; secret_headers != NULL && i + 1 < secret_headers->len; i += 2)
      g_string_append_printf (names, "%s%s: ••••••••", names->len ? ", " : "",
                              (char *) g_ptr_array_index (secret_headers, i));
    adw_action_row_set_subtitle (self->secret_headers_status_row, names->len ? names->str : _("None"));
    g_string_free (names, TRUE);
  }

  self->source = source;
  switch (source)
    {
    case PARLANCE_KEY_SOURCE_KEYRING:
      title = _("Key stored in the keyring");
      break;
    case PARLANCE_KEY_SOURCE_ENVIRONMENT:
      title = _("Key from the environment");
      subtitle = g_strdup_printf (_("Set by %s when Parlance started; it is not stored."),
                                  parlance_key_store_get_env_var (parlance_provider_get_id (self->provider)));
      break;
    case PARLANCE_KEY_SOURCE_SESSION:
      title = _("Key for this session only");
      subtitle = g_strdup (_("It is forgotten when Parlance quits."));
      break;
    case PARLANCE_KEY_SOURCE_NONE:
    default:
      title = parlance_provider_get_needs_key (self->provider) ? _("No key yet") : _("No key needed");
      if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_ORIGIN_CHANGED))
        {
          /* It can be removed, or saved again for the new address. */
          title = _("Key saved for another address");
          source = PARLANCE_KEY_SOURCE_KEYRING;
          self->source = source;
        }
      if (error != NULL)
        subtitle = g_strdup (error->message);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle ? subtitle : "");
  gtk_widget_set_sensitive (self->check_button, source != PARLANCE_KEY_SOURCE_NONE ||
                                                !parlance_provider_get_needs_key (self->provider));
  gtk_widget_set_visible (self->remove_button, source == PARLANCE_KEY_SOURCE_KEYRING ||
                                               source == PARLANCE_KEY_SOURCE_SESSION);
  /* Signing in is the way forward only while there is no key. */
  if (source == PARLANCE_KEY_SOURCE_NONE)
    gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->sign_in_button, "suggested-action");

  /* The environment's key is the one in use; a saved one may wait behind it. */
  if (source == PARLANCE_KEY_SOURCE_ENVIRONMENT || source == PARLANCE_KEY_SOURCE_SESSION)
    parlance_key_store_has_saved_key_async (parlance_key_store_get_default (),
                                            parlance_provider_get_id (self->provider),
                                            self->cancellable, saved_key_looked_up, self);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->saved_row), FALSE);
}

static void
refresh_status (ParlanceProviderPage *self)
{
  parlance_key_store_lookup_for_async (parlance_key_store_get_default (), self->provider,
                                       self->cancellable, status_looked_up, self);
}

static void
key_changed (ParlanceProviderPage *self,
             const char           *provider_id)
{
  if (g_strcmp0 (provider_id, parlance_provider_get_id (self->provider)) == 0)
    refresh_status (self);
}

/* Storing */

static void
key_stored (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ParlanceProviderPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_store_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), TRUE);
      if (g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_NO_SERVICE) ||
          g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_LOCKED) ||
          g_error_matches (error, PARLANCE_KEY_STORE_ERROR, PARLANCE_KEY_STORE_ERROR_TIMED_OUT))
        {
          adw_action_row_set_subtitle (self->no_keyring_row, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->no_keyring_row), TRUE);
        }
      else
        {
          forget_unsaved_key (self);
          toast (self, error->message);
        }
      return;
    }

  forget_unsaved_key (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->no_keyring_row), FALSE);
  /* The details were the old key's: Check (or opening the page again) shows the new one's. */
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
  /* With a key in the environment, the page shows that one stays in use. */
  toast (self, _("Key saved in the keyring"));
  refresh_status (self);
}

/* Empties a secret row without leaving its ✓ behind. Focus leaves it first: the row goes
 * insensitive while the keyring works, and GTK wants the focused text to see its focus-out. */
static void
clear_secret_row (ParlanceProviderPage *self,
                  AdwEntryRow          *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row))))
    gtk_widget_grab_focus (GTK_WIDGET (self->status_row));
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
key_row_applied (ParlanceProviderPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autofree char *key = g_strstrip (g_strdup (text));

  /* Clear the field at once: the key is never displayed again. */
  clear_secret_row (self, ADW_ENTRY_ROW (self->key_row));
  if (*key == '\0')
    return;

  forget_unsaved_key (self);
  self->unsaved_key = g_strdup (key);
  memset (key, 0, strlen (key));
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), FALSE);
  parlance_key_store_store_for_async (parlance_key_store_get_default (), self->provider,
                                      self->unsaved_key, self->cancellable, key_stored, self);
}

static void
use_for_session_clicked (ParlanceProviderPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->unsaved_key == NULL)
    return;
  if (!parlance_key_store_set_session_key (parlance_key_store_get_default (),
                                           parlance_provider_get_id (self->provider),
                                           self->unsaved_key, &error))
    {
      forget_unsaved_key (self);
      toast (self, error->message);
      return;
    }
  forget_unsaved_key (self);
  gtk_widget_set_visible (GTK_WIDGET (self->no_keyring_row), FALSE);
  toast (self, _("The key will be used until Parlance quits"));
}

/* Removing */

static void
key_deleted (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ParlanceProviderPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
  toast (self, _("Key removed"));
  refresh_status (self);
}

static void
remove_clicked (ParlanceProviderPage *self)
{
  const char *id = parlance_provider_get_id (self->provider);

  if (self->source == PARLANCE_KEY_SOURCE_SESSION)
    {
      parlance_key_store_forget_session_key (parlance_key_store_get_default (), id);
      toast (self, _("Key removed"));
      return;
    }
  parlance_key_store_delete_async (parlance_key_store_get_default (), id, self->cancellable, key_deleted, self);
}

/* Removes the keyring's key while another one (environment, session) is in use. */
static void
remove_saved_clicked (ParlanceProviderPage *self)
{
  parlance_key_store_delete_async (parlance_key_store_get_default (),
                                   parlance_provider_get_id (self->provider),
                                   self->cancellable, key_deleted, self);
}

/* Address */

static void
sync_url (ParlanceProviderPage *self)
{
  const char *env_var = parlance_provider_get_base_url_env_var (self->provider);
  const char *env_value = g_getenv (env_var);
  gboolean from_env = env_value != NULL && *env_value != '\0';

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), parlance_provider_get_base_url (self->provider));
  if (parlance_provider_get_kind (self->provider) == PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      g_autofree char *headers = dup_headers_text (self->provider);

      gtk_widget_set_visible (GTK_WIDGET (self->headers_row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->headers_row), headers);
      gtk_widget_set_visible (GTK_WIDGET (self->secret_headers_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->secret_headers_status_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_provider_row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_provider_button), "s",
                                        parlance_provider_get_id (self->provider));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_provider_button), "prefs.remove-provider");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !from_env);
  gtk_widget_set_visible (GTK_WIDGET (self->url_env_row), from_env);
  if (from_env)
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s is set, and wins over this setting."), env_var);
      adw_action_row_set_subtitle (self->url_env_row, subtitle);
    }
}

static void
url_saved (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ParlanceProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_provider_registry_save_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  /* Saved: the row shows the value, no news needed. */
}

static char *
dup_headers_text (ParlanceProvider *provider)
{
  GPtrArray *pairs = parlance_provider_get_headers (provider);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    g_string_append_printf (text, "%s%s=%s", text->len ? ", " : "",
                            (char *) pairs->pdata[i], (char *) pairs->pdata[i + 1]);
  return g_string_free (text, FALSE);
}

static void
headers_row_applied (ParlanceProviderPage *self)
{
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->headers_row)), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  headers = g_strv_builder_end (builder);

  if (!parlance_provider_registry_set_headers (registry, parlance_provider_get_id (self->provider),
                                               (const char * const *) headers, &error))
    toast (self, error->message);
  else
    parlance_provider_registry_save_async (registry, self->cancellable, url_saved, g_object_ref (self));

  text = dup_headers_text (self->provider);
  gtk_editable_set_text (GTK_EDITABLE (self->headers_row), text);
}

static void
secret_headers_stored (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ParlanceProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_key_store_store_headers_finish (PARLANCE_KEY_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  toast (self, _("Secret headers saved in the keyring"));
  refresh_status (self);
}

/* "Name=Value; Name: Value": every header given here is secret, whatever its name. They replace
 * the saved ones (an empty field removes them), and the field empties at once. */
static void
secret_headers_row_applied (ParlanceProviderPage *self)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->secret_headers_row)), ";", -1);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) parlance_key_store_free_key);

  clear_secret_row (self, ADW_ENTRY_ROW (self->secret_headers_row));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *sep = strpbrk (parts[i], "=:");
      g_autofree char *name = NULL;

      if (*g_strstrip (parts[i]) == '\0')
        continue;
      if (sep == NULL || sep == parts[i])
        {
          toast (self, _("Write each secret header as Name=Value, separated by semicolons."));
          for (guint j = 0; parts[j] != NULL; j++)
            memset (parts[j], 0, strlen (parts[j]));
          return;
        }
      name = g_strstrip (g_strndup (parts[i], sep - parts[i]));
      g_ptr_array_add (pairs, g_steal_pointer (&name));
      g_ptr_array_add (pairs, g_strdup (sep + 1));
    }
  for (guint i = 0; parts[i] != NULL; i++)
    memset (parts[i], 0, strlen (parts[i]));

  parlance_key_store_store_headers_async (parlance_key_store_get_default (), self->provider, pairs,
                                          self->cancellable, secret_headers_stored, g_object_ref (self));
}

static void
url_row_applied (ParlanceProviderPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  ParlanceProviderRegistry *registry = parlance_provider_registry_get_default ();
  g_autoptr(GError) error = NULL;

  /* Empty goes back to the provider's own address. */
  if (!parlance_provider_registry_set_base_url (registry, parlance_provider_get_id (self->provider),
                                                *text != '\0' ? text : NULL, &error))
    {
      toast (self, error->message);
      sync_url (self);
      return;
    }
  sync_url (self);
  parlance_provider_registry_save_async (registry, self->cancellable, url_saved, g_object_ref (self));
}

/* Checking */

static void
show_model_count (ParlanceProviderPage *self,
                  JsonNode             *root)
{
  JsonNode *data = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "data") : NULL;
  guint n = data && JSON_NODE_HOLDS_ARRAY (data) ? json_array_get_length (json_node_get_array (data)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected: %u model available",
                                                        "Connected: %u models available", n), n);

  parlance_provider_set_last_check (self->provider, text);
  toast (self, text);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ParlanceProviderPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (self->check_button, TRUE);
  if (root == NULL)
    {
      g_autofree char *shown = parlance_redact_secrets (error->message, NULL);

      parlance_provider_set_last_check (self->provider, shown);
      toast (self, shown);
      return;
    }

  show_model_count (self, root);
}

/* A check's lookup carries its own snapshot: a second click replaces nothing under it. */
typedef struct
{
  ParlanceProviderPage *self;      /* not a reference: dispose cancels the lookup */
  ParlanceProvider     *snapshot;  /* what the key was looked up for */
} CheckLookup;

static void
check_lookup_free (CheckLookup *lookup)
{
  g_object_unref (lookup->snapshot);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckLookup, check_lookup_free)

static void
check_key_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CheckLookup) lookup = user_data;
  ParlanceProviderPage *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secret_headers = NULL;
  g_autoptr(ParlanceProvider) bound = NULL;
  char *key;

  key = parlance_key_store_lookup_for_finish (PARLANCE_KEY_STORE (object), result, NULL,
                                              &secret_headers, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      gtk_widget_set_sensitive (self->check_button, TRUE);
      toast (self, error->message);
      return;
    }

  /* The check goes where the key was looked up for, with the secret headers bound there. */
  bound = parlance_provider_dup_with_headers (lookup->snapshot, secret_headers);
  g_clear_object (&self->client);
  self->client = parlance_chat_client_new (bound);

  /* Other services than OpenRouter prove the key by listing their models. */
  parlance_chat_client_get_json_async (self->client, "models", key, self->cancellable, check_done, self);
  parlance_key_store_free_key (key);
}

static void
check_clicked (ParlanceProviderPage *self)
{
  CheckLookup *lookup;

  /* OpenRouter describes the key itself: its state shows under the key. */
  if (parlance_provider_get_kind (self->provider) == PARLANCE_PROVIDER_KIND_OPENROUTER)
    {
      _parlance_provider_page_refresh_key_state (self, TRUE, TRUE);
      return;
    }

  lookup = g_new0 (CheckLookup, 1);
  gtk_widget_set_sensitive (self->check_button, FALSE);
  lookup->self = self;
  lookup->snapshot = parlance_provider_dup_snapshot (self->provider);
  parlance_key_store_lookup_for_async (parlance_key_store_get_default (), lookup->snapshot,
                                       self->cancellable, check_key_looked_up, lookup);
}

static void
get_key_activated (ParlanceProviderPage *self)
{
  const char *url = parlance_provider_get_keys_url (self->provider);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (url != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
parlance_provider_page_dispose (GObject *object)
{
  ParlanceProviderPage *self = PARLANCE_PROVIDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _parlance_provider_page_dispose_account (self);
  forget_unsaved_key (self);
  g_clear_object (&self->client);
  g_clear_object (&self->provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PROVIDER_PAGE);

  G_OBJECT_CLASS (parlance_provider_page_parent_class)->dispose (object);
}

static void
parlance_provider_page_class_init (ParlanceProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_provider_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, key_group);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, saved_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, remove_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, no_keyring_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, get_key_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, url_env_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, headers_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, secret_headers_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, secret_headers_status_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, remove_provider_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProviderPage, remove_provider_button);
  gtk_widget_class_bind_template_callback (widget_class, headers_row_applied);
  gtk_widget_class_bind_template_callback (widget_class, secret_headers_row_applied);
  gtk_widget_class_bind_template_callback (widget_class, url_row_applied);
  gtk_widget_class_bind_template_callback (widget_class, key_row_applied);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, remove_saved_clicked);
  gtk_widget_class_bind_template_callback (widget_class, use_for_session_clicked);
  gtk_widget_class_bind_template_callback (widget_class, get_key_activated);
  _parlance_provider_page_class_init_account (widget_class);
}

static void
parlance_provider_page_init (ParlanceProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (parlance_key_store_get_default (), "key-changed",
                           G_CALLBACK (key_changed), self, G_CONNECT_SWAPPED);
}
