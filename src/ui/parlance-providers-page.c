/* parlance-providers-page.c
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per provider with its state at a glance (where its key comes from, its address), a
 * switch to enable it, and for custom providers a Remove button with Undo. Below, a form adds a
 * custom provider: the address is validated as it is typed, the connection is checked before saving,
 * and a failed check still lets the user save ("Add Anyway").
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-chat-client.h"
#include "parlance-key-store.h"
#include "parlance-providers-page.h"

struct _ParlanceProvidersPage
{
  AdwPreferencesPage        parent_instance;

  ParlanceProviderRegistry *registry;
  GCancellable             *cancellable;
  ParlanceChatClient       *check_client;
  gboolean                  checked_ok;
  gboolean                  add_anyway;

  /* Template widgets */
  GtkListBox               *providers_list;
  AdwActionRow             *load_error_row;
  AdwEntryRow              *name_row;
  AdwEntryRow              *url_row;
  AdwActionRow             *url_error_row;
  AdwEntryRow              *headers_row;
  AdwActionRow             *result_row;
  GtkButton                *check_button;
  GtkButton                *add_button;
};

G_DEFINE_FINAL_TYPE (ParlanceProvidersPage, parlance_providers_page, ADW_TYPE_PREFERENCES_PAGE)

/* A removal stays undoable while its toast shows; the provider's key (and secret headers) leave
 * the keyring only when it is final: the toast went away without Undo. */
typedef struct
{
  char                     *id;
  char                     *name;
  char                     *base_url;
  GStrv                     headers;
  ParlanceProviderRegistry *registry;
  gboolean                  done;      /* undone, or the key deletion started */
} Removed;

static void
final_key_deleted (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *id = user_data;
  g_autoptr(GError) error = NULL;

  /* Nobody is left to tell: the page may be gone. The key is bound to the old address, so a
   * provider added again elsewhere under the same name never receives it (see the key store). */
  if (!parlance_key_store_delete_finish (PARLANCE_KEY_STORE (object), result, &error))
    g_debug ("The key of the removed provider “%s” stays in the keyring: %s", id, error->message);
}

static void
commit_removal (Removed *removed)
{
  if (removed->done)
    return;
  removed->done = TRUE;

  /* Added again meanwhile (by hand, under the same name): the key is its own again. */
  if (parlance_provider_registry_lookup (removed->registry, removed->id) != NULL)
    return;
  parlance_key_store_delete_all_async (parlance_key_store_get_default (), removed->id, NULL,
                                       final_key_deleted, g_strdup (removed->id));
}

static gboolean
commit_removal_idle (gpointer data)
{
  commit_removal (g_object_get_data (G_OBJECT (data), "removed"));
  return G_SOURCE_REMOVE;
}

/* After the main loop turns, so that an Undo click (which dismisses the toast too) counts. */
static void
toast_dismissed (AdwToast *toast_widget)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, commit_removal_idle, g_object_ref (toast_widget), g_object_unref);
}

static void
removed_free (gpointer data)
{
  Removed *removed = data;

  commit_removal (removed);
  g_clear_object (&removed->registry);
  g_free (removed->id);
  g_free (removed->name);
  g_free (removed->base_url);
  g_strfreev (removed->headers);
  g_free (removed);
}

static void
toast (ParlanceProvidersPage *self,
       AdwToast              *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(ParlanceProvidersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlance_provider_registry_save_finish (PARLANCE_PROVIDER_REGISTRY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, adw_toast_new (error->message));
}

static void
save (ParlanceProvidersPage *self)
{
  parlance_provider_registry_save_async (self->registry, self->cancellable, saved, g_object_ref (self));
}

/* Rows */

typedef struct
{
  GWeakRef  row;
  gboolean  needs_key;
} StateLookup;

/* At a glance: where the key comes from, and the last check's result or the address. */
static void
update_subtitle (AdwActionRow     *row,
                 ParlanceProvider *provider)
{
  const char *state = g_object_get_data (G_OBJECT (row), "key-state");
  const char *check = parlance_provider_get_last_check (provider);
  g_autofree char *subtitle = NULL;

  /* Translators: a provider's key state, then its last check or its address */
  subtitle = g_strdup_printf (_("%s · %s"), state ? state : "…",
                              check ? check : parlance_provider_get_base_url (provider));
  adw_action_row_set_subtitle (row, subtitle);
}

static void
last_check_changed (ParlanceProvider *provider,
                    GParamSpec       *pspec,
                    AdwActionRow     *row)
{
  update_subtitle (row, provider);
}

static void
state_looked_up (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StateLookup *lookup = user_data;
  g_autoptr(AdwActionRow) row = g_weak_ref_get (&lookup->row);
  g_autoptr(GError) error = NULL;
  ParlanceKeySource source = PARLANCE_KEY_SOURCE_NONE;
  g_autofree char *subtitle = NULL;
  const char *state;
  char *key;

  key = parlance_key_store_lookup_finish (PARLANCE_KEY_STORE (object), result, &source, &error);
  parlance_key_store_free_key (key);

  switch (source)
    {
    case PARLANCE_KEY_SOURCE_KEYRING:
      state = _("Key stored");
      break;
    case PARLANCE_KEY_SOURCE_ENVIRONMENT:
      state = _("Key from the environment");
      break;
    case PARLANCE_KEY_SOURCE_SESSION:
      state = _("Key for this session");
      break;
    case PARLANCE_KEY_SOURCE_NONE:
    default:
      if (error != NULL)
        state = _("Keyring unavailable");
      else
        state = lookup->needs_key ? _("No key") : _("No key needed");
      break;
    }

  if (row != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "key-state", g_strdup (state), g_free);
      update_subtitle (row, g_object_get_data (G_OBJECT (row), "provider"));
    }

  g_weak_ref_clear (&lookup->row);
  g_free (lookup);
}

static void
enabled_changed (GtkSwitch  *toggle,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  ParlanceProvidersPage *self = PARLANCE_PROVIDERS_PAGE (user_data);
  const char *id = g_object_get_data (G_OBJECT (toggle), "provider-id");
  g_autoptr(GError) error = NULL;

  if (parlance_provider_registry_get_enabled (self->registry, id) == gtk_switch_get_active (toggle))
    return;
  if (!parlance_provider_registry_set_enabled (self->registry, id, gtk_switch_get_active (toggle), &error))
    {
      toast (self, adw_toast_new (error->message));
      return;
    }
  save (self);
}

static void
undo_clicked (AdwToast *toast_widget,
              gpointer  user_data)
{
  ParlanceProvidersPage *self = PARLANCE_PROVIDERS_PAGE (user_data);
  Removed *removed = g_object_get_data (G_OBJECT (toast_widget), "removed");
  g_autoptr(GError) error = NULL;

  removed->done = TRUE;
  if (parlance_provider_registry_add_custom (self->registry, removed->name, removed->base_url,
                                             (const char * const *) removed->headers, &error) == NULL)
    {
      toast (self, adw_toast_new (error->message));
      return;
    }
  save (self);
}

/**
 * parlance_providers_page_remove_provider:
 * @id: a custom provider's id
 *
 * Removes the provider, with an Undo toast that brings it back as it was.
 */
void
parlance_providers_page_remove_provider (ParlanceProvidersPage *self,
                                         const char            *id)
{
  ParlanceProvider *provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GStrvBuilder) headers = g_strv_builder_new ();
  GPtrArray *pairs;
  Removed *removed;
  AdwToast *undo;

  g_return_if_fail (PARLANCE_IS_PROVIDERS_PAGE (self));
  g_return_if_fail (id != NULL);

  provider = parlance_provider_registry_lookup (self->registry, id);
  if (provider == NULL)
    return;

  removed = g_new0 (Removed, 1);
  removed->id = g_strdup (id);
  removed->registry = g_object_ref (self->registry);
  removed->name = g_strdup (parlance_provider_get_name (provider));
  removed->base_url = g_strdup (parlance_provider_get_base_url (provider));
  pairs = parlance_provider_get_headers (provider);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      g_autofree char *pair = g_strdup_printf ("%s=%s", (char *) pairs->pdata[i], (char *) pairs->pdata[i + 1]);
      g_strv_builder_add (headers, pair);
    }
  removed->headers = g_strv_builder_end (headers);

  if (!parlance_provider_registry_remove (self->registry, id, &error))
    {
      removed_free (removed);
      toast (self, adw_toast_new (error->message));
      return;
    }
  save (self);

  title = g_strdup_printf (_("Removed %s"), removed->name);
  undo = adw_toast_new (title);
  adw_toast_set_button_label (undo, _("_Undo"));
  g_object_set_data_full (G_OBJECT (undo), "removed", removed, removed_free);
  g_signal_connect_object (undo, "button-clicked", G_CALLBACK (undo_clicked), self, 0);
  /* Not tied to the page: a removal becomes final even after Preferences closed. */
  g_signal_connect (undo, "dismissed", G_CALLBACK (toast_dismissed), NULL);
  toast (self, undo);
}

static void
remove_clicked (GtkButton *button,
                gpointer   user_data)
{
  parlance_providers_page_remove_provider (PARLANCE_PROVIDERS_PAGE (user_data),
                                           g_object_get_data (G_OBJECT (button), "provider-id"));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  ParlanceProvidersPage *self = PARLANCE_PROVIDERS_PAGE (user_data);
  ParlanceProvider *provider = PARLANCE_PROVIDER (item);
  const char *id = parlance_provider_get_id (provider);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  StateLookup *lookup = g_new0 (StateLookup, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), parlance_provider_get_name (provider));
  g_object_set_data_full (G_OBJECT (row), "provider", g_object_ref (provider), g_object_unref);
  update_subtitle (ADW_ACTION_ROW (row), provider);
  g_signal_connect_object (provider, "notify::last-check", G_CALLBACK (last_check_changed), row, 0);

  if (parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_CUSTOM)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *tip = g_strdup_printf (_("Remove %s"), parlance_provider_get_name (provider));

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      g_object_set_data_full (G_OBJECT (remove), "provider-id", g_strdup (id), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Offer this provider in the window"));
  gtk_switch_set_active (GTK_SWITCH (toggle), parlance_provider_registry_get_enabled (self->registry, id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  parlance_provider_get_name (provider), -1);
  g_object_set_data_full (G_OBJECT (toggle), "provider-id", g_strdup (id), g_free);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (enabled_changed), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  /* The row opens the provider's own page: key, address, headers. */
  {
    GtkWidget *next = gtk_image_new_from_icon_name ("go-next-symbolic");

    gtk_accessible_update_state (GTK_ACCESSIBLE (next), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), next);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", id);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "prefs.show-provider");
  }

  g_weak_ref_init (&lookup->row, row);
  lookup->needs_key = parlance_provider_get_needs_key (provider);
  parlance_key_store_lookup_async (parlance_key_store_get_default (), id, self->cancellable,
                                   state_looked_up, lookup);
  return row;
}

static void
sync_load_error (ParlanceProvidersPage *self)
{
  const GError *error = parlance_provider_registry_get_load_error (self->registry);

  gtk_widget_set_visible (GTK_WIDGET (self->load_error_row), error != NULL);
  if (error != NULL)
    adw_action_row_set_subtitle (self->load_error_row, error->message);
}

/* Adding */

static void
set_result (ParlanceProvidersPage *self,
            const char            *title,
            const char            *subtitle,
            gboolean               error)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), title);
  adw_action_row_set_subtitle (self->result_row, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_row), TRUE);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_row), "error");
}

static GStrv
parse_headers (ParlanceProvidersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->headers_row));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* The address is validated as it is typed: the row turns red and the reason shows right below. */
static gboolean
validate_url (ParlanceProvidersPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(GError) error = NULL;
  gboolean valid = *url == '\0' || parlance_validate_base_url (url, &error);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->url_row), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_row), !valid);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_error_row), valid ? "" : error->message);
  return valid && *url != '\0';
}

static void
form_changed (ParlanceProvidersPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean url_ok = validate_url (self);

  self->checked_ok = FALSE;
  self->add_anyway = FALSE;
  gtk_button_set_label (self->add_button, _("_Add"));
  gtk_widget_set_visible (GTK_WIDGET (self->result_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), *name != '\0' && url_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), url_ok);
}

static void add_provider (ParlanceProvidersPage *self);

/* After a check: the buttons follow the form again (it may have been edited meanwhile). */
static void
form_sensitivity_restore (ParlanceProvidersPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean url_ok = validate_url (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), url_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), *name != '\0' && url_ok);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ParlanceProvidersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean then_add = GPOINTER_TO_INT (g_object_get_data (object, "then-add"));

  root = parlance_chat_client_get_json_finish (PARLANCE_CHAT_CLIENT (object), result, &error);
  if (g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    return;

  form_sensitivity_restore (self);

  if (root == NULL)
    {
      set_result (self, _("The server did not answer as expected"), error->message, TRUE);
      /* The server may be off right now: saving is still the user's call. */
      self->add_anyway = TRUE;
      gtk_button_set_label (self->add_button, _("_Add Anyway"));
      return;
    }

  {
    JsonNode *data = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "data") : NULL;
    guint n = data && JSON_NODE_HOLDS_ARRAY (data) ? json_array_get_length (json_node_get_array (data)) : 0;
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u model available",
                                                          "%u models available", n), n);

    self->checked_ok = TRUE;
    set_result (self, _("Connected"), text, FALSE);
  }

  if (then_add)
    add_provider (self);
}

static void
check_connection (ParlanceProvidersPage *self,
                  gboolean               then_add)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autoptr(ParlanceProvider) provider = NULL;
  g_auto(GStrv) headers = parse_headers (self);
  g_autoptr(GError) error = NULL;

  if (!parlance_validate_base_url (url, &error))
    {
      set_result (self, _("This address can’t be used"), error->message, TRUE);
      return;
    }

  provider = parlance_provider_new_custom ("check", gtk_editable_get_text (GTK_EDITABLE (self->name_row)), url);
  for (guint i = 0; headers[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit_set (headers[i], "=:", 2);
      if (pair[0] != NULL && pair[1] != NULL)
        parlance_provider_add_header (provider, g_strstrip (pair[0]), g_strstrip (pair[1]));
    }

  g_clear_object (&self->check_client);
  self->check_client = parlance_chat_client_new (provider);
  parlance_chat_client_set_idle_timeout (self->check_client, 15);
  g_object_set_data (G_OBJECT (self->check_client), "then-add", GINT_TO_POINTER (then_add));
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  set_result (self, _("Checking…"), url, FALSE);
  parlance_chat_client_get_json_async (self->check_client, "models", NULL, self->cancellable,
                                       check_done, g_object_ref (self));
}

static void
add_provider (ParlanceProvidersPage *self)
{
  g_auto(GStrv) headers = parse_headers (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  ParlanceProvider *provider;

  provider = parlance_provider_registry_add_custom (self->registry,
                                                    gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                                    gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                                    (const char * const *) headers, &error);
  if (provider == NULL)
    {
      set_result (self, _("The provider was not added"), error->message, TRUE);
      return;
    }
  save (self);

  title = g_strdup_printf (_("Added %s"), parlance_provider_get_name (provider));
  toast (self, adw_toast_new (title));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->headers_row), "");
}

static void
check_clicked (ParlanceProvidersPage *self)
{
  check_connection (self, FALSE);
}

static void
add_clicked (ParlanceProvidersPage *self)
{
  if (self->checked_ok || self->add_anyway)
    add_provider (self);
  else
    check_connection (self, TRUE);
}

GtkWidget *
parlance_providers_page_new (ParlanceProviderRegistry *registry)
{
  ParlanceProvidersPage *self;

  g_return_val_if_fail (PARLANCE_IS_PROVIDER_REGISTRY (registry), NULL);

  self = g_object_new (PARLANCE_TYPE_PROVIDERS_PAGE, NULL);
  self->registry = g_object_ref (registry);
  gtk_list_box_bind_model (self->providers_list, parlance_provider_registry_get_providers (registry),
                           create_row, self, NULL);
  g_signal_connect_object (registry, "changed", G_CALLBACK (sync_load_error), self, G_CONNECT_SWAPPED);
  sync_load_error (self);
  form_changed (self);
  return GTK_WIDGET (self);
}

static void
parlance_providers_page_dispose (GObject *object)
{
  ParlanceProvidersPage *self = PARLANCE_PROVIDERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_client);
  if (self->providers_list != NULL)
    gtk_list_box_bind_model (self->providers_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->registry);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_PROVIDERS_PAGE);

  G_OBJECT_CLASS (parlance_providers_page_parent_class)->dispose (object);
}

static void
parlance_providers_page_class_init (ParlanceProvidersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_providers_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/parlance-providers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, providers_list);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, load_error_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, url_error_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, headers_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceProvidersPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked);
}

static void
parlance_providers_page_init (ParlanceProvidersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
